//! What a hostile client or a bad day cannot break, against a real SQLite file: clocks
//! judged by the server's time, devices that let go of what leaves their sight, erasure
//! down to the bytes of the database files, device ids that cannot be taken over,
//! pushes split anywhere, a push cancelled after its commit, and the server's settings
//! and headers.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::fixture::*;
use crate::common::{COORDINATOR, Server, device};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use samskab_domain::clock::{ntp64_from_unix_millis, system_clock};
use samskab_domain::{Change, Clock, Edit, EntityKind, Op};
use samskab_server::store::{Batch, Pushed, Store, StoreError};
use samskab_server::{AppState, Creation, Options, SqliteStore, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const PHONE: &str = "+4598765432";

fn clock(name: &str) -> Clock {
    Clock::new(device(name), system_clock)
}

fn stamp(clock: &Clock, edits: Vec<Edit>) -> Vec<Op> {
    edits.into_iter().map(|e| e.stamped(clock.now())).collect()
}

fn gone(page: &Value) -> Vec<(String, String)> {
    page["gone"].as_array().map_or_else(Vec::new, |g| {
        g.iter()
            .map(|g| {
                (
                    g["kind"].as_str().unwrap().to_owned(),
                    g["entity"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    })
}

#[tokio::test]
async fn every_reply_carries_the_servers_time_and_a_fast_stamp_is_refused_by_it() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    for (method, path, token) in [
        (
            "GET",
            "/api/v1/pull?since=0",
            Some(coordinator.token.as_str()),
        ),
        ("GET", "/api/v1/pull?since=0", None),
        ("GET", "/healthz", None),
        ("GET", "/no-such-file.js", None),
    ] {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = server
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let time: u64 = response.headers()["x-samskab-time"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let now = samskab_server::sync::now_millis();
        assert!(now.abs_diff(time) < 10_000, "{path}: {time}");
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
        ] {
            assert!(response.headers().contains_key(name), "{path}: {name}");
        }
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(
            !scripts.contains("unsafe-inline") && !scripts.contains("http"),
            "{scripts}"
        );
    }
    // Four days fast: refused for its time, naming the operation; nothing is stored.
    let fast = Clock::new(COORDINATOR, || {
        let now = samskab_server::sync::now_millis() as f64;
        ntp64_from_unix_millis(now + 4.0 * 24.0 * 3600.0 * 1000.0)
    });
    let mut batch = coordinator.ops(vec![Edit::set(EntityKind::Partner, "A", "name", "ok")]);
    batch.extend(stamp(&fast, partner("Z", "company")));
    let (status, reply) = server.push(&coordinator.token, &batch).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{reply}");
    assert_eq!(
        (reply["operation"].as_u64(), reply["reason"].as_str()),
        (Some(1), Some("clock"))
    );
    let (all, _) = pull_all(&server, &coordinator.token, 0).await;
    assert!(all.iter().all(|op| op.entity != "Z"));
}

#[tokio::test]
async fn devices_that_lose_sight_are_told_and_the_server_stops_sending() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let a = join_as(&server, &coordinator.token, "care_service", "A").await;
    let b = join_as(&server, &coordinator.token, "care_service", "B").await;
    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;
    let (_, a_since) = pull_all(&server, &a, 0).await;
    let (_, anna_since) = pull_all(&server, &anna, 0).await;

    // Bo moves from A to B; his visit moves with him.
    let moved = coordinator.ops(vec![
        Edit::set(EntityKind::Volunteer, "bo", "care_services", vec!["B"]),
        Edit::set(EntityKind::Visit, "s-bo", "care_service", "B"),
    ]);
    assert_eq!(
        server.push(&coordinator.token, &moved).await.0,
        StatusCode::OK
    );
    let (_, page) = server.pull(&a, a_since, 1000).await;
    let told = gone(&page);
    assert!(told.contains(&("volunteer".into(), "bo".into())), "{page}");
    assert!(told.contains(&("visit".into(), "s-bo".into())), "{page}");
    let (_, page) = server.pull(&anna, anna_since, 1000).await;
    assert!(
        gone(&page).contains(&("volunteer".into(), "bo".into())),
        "{page}"
    );
    // A fresh pull of A sends none of Bo, B gets him whole.
    let (a_all, _) = pull_all(&server, &a, 0).await;
    assert!(
        a_all
            .iter()
            .all(|op| op.entity != "bo" && !op.entity.starts_with("s-bo"))
    );
    let (b_all, _) = pull_all(&server, &b, 0).await;
    assert_eq!(
        values(&b_all, EntityKind::Volunteer, "bo", "phone"),
        [&json!("12345678")]
    );

    // A's edit of Bo, made before it heard, is refused for good (it is taken back).
    let a_clock = clock("care_service-A");
    let late = stamp(
        &a_clock,
        vec![Edit::set(EntityKind::Volunteer, "bo", "skills", "x")],
    );
    let (status, reply) = server.push(&a, &late).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::FORBIDDEN, Some("scope"))
    );

    // Carl is deleted: B lets go of him.
    let (_, b_since) = pull_all(&server, &b, 0).await;
    let deleted = coordinator.ops(vec![Edit::delete(EntityKind::Volunteer, "carl")]);
    server.push(&coordinator.token, &deleted).await;
    let (_, page) = server.pull(&b, b_since, 1000).await;
    assert!(
        gone(&page).contains(&("volunteer".into(), "carl".into())),
        "{page}"
    );
    let (b_all, _) = pull_all(&server, &b, 0).await;
    assert!(b_all.iter().all(|op| op.entity != "carl"));

    // Anna's volunteer record is erased: her phone is revoked, and says so.
    let erased = coordinator.ops(vec![Edit::erase(EntityKind::Volunteer, "anna")]);
    server.push(&coordinator.token, &erased).await;
    let (status, reply) = server.pull(&anna, 0, 10).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("revoked"))
    );
    // And a device the coordinator revokes is told the same.
    let (status, _) = server
        .call(
            "DELETE",
            &format!("/api/v1/devices/{}", device("care_service-B")),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, reply) = server.pull(&b, 0, 10).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("revoked"))
    );
    // A token the server never had is only unknown: the device keeps its data.
    let (status, reply) = server.pull("never-issued", 0, 10).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::UNAUTHORIZED, None)
    );
}

/// Every database file's bytes (the database, its WAL and shared memory).
fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("samskab.sqlite") {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn erasing_a_volunteer_leaves_no_byte_of_them_on_the_server() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let a = join_as(&server, &coordinator.token, "care_service", "A").await;
    let a_clock = clock("care_service-A");
    let dora = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, "dora", f, v);
    let mut ops = coordinator.ops(vec![
        dora("name", "Dora Mortensen".into()),
        dora("phone", PHONE.into()),
        dora("email", "dora@example.dk".into()),
        dora("care_services", json!(["A", "B"])),
    ]);
    ops.extend(coordinator.ops(visit("s-dora", "dora", "A")));
    ops.extend(coordinator.ops(vec![
        Edit::set(
            EntityKind::OnboardingStep,
            "dora:interview_held",
            "note",
            "Dora fortalte om sin datter",
        ),
        Edit::set(
            EntityKind::VisitOccurrence,
            "s-dora:2026-12-01",
            "minutes",
            90,
        ),
        Edit::set(
            EntityKind::VisitOccurrence,
            "s-dora:2026-12-01",
            "residents",
            4,
        ),
        Edit::set(
            EntityKind::VisitOccurrence,
            "s-dora:2026-12-01",
            "note",
            "Doras bemærkning",
        ),
    ]));
    assert_eq!(
        server.push(&coordinator.token, &ops).await.0,
        StatusCode::OK
    );
    assert!(
        contains(&database_bytes(server.dir.path()), PHONE),
        "the test can see it"
    );

    // A care service may not erase or delete a person, nor take them off another's list;
    // it may take them off its own.
    for edit in [
        Edit::erase(EntityKind::Volunteer, "dora"),
        Edit::delete(EntityKind::Volunteer, "dora"),
        Edit::set(EntityKind::Volunteer, "dora", "care_services", vec!["A"]),
    ] {
        let (status, reply) = server.push(&a, &stamp(&a_clock, vec![edit])).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{reply}");
    }
    let off = stamp(&a_clock, vec![dora("care_services", json!(["B"]))]);
    assert_eq!(server.push(&a, &off).await.0, StatusCode::OK);

    // A visit that was hers, with her note, went to Anna before the erasure.
    let mut earlier = coordinator.ops(visit("s-earlier", "dora", "A"));
    earlier.extend(coordinator.ops(vec![
        Edit::set(
            EntityKind::VisitOccurrence,
            "s-earlier:2026-11-03",
            "note",
            "Dora var syg",
        ),
        Edit::set(EntityKind::Visit, "s-earlier", "volunteer", "anna"),
    ]));
    assert_eq!(
        server.push(&coordinator.token, &earlier).await.0,
        StatusCode::OK
    );

    // Her phone's invite carries her name in its label.
    let (status, _) = server
        .call(
            "POST",
            "/api/v1/invites",
            Some(&coordinator.token),
            Some(
                json!({"role": "volunteer", "subject": "dora", "label": "Doras telefon"})
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The coordinator erases her.
    let erase = coordinator.ops(vec![Edit::erase(EntityKind::Volunteer, "dora")]);
    let (status, reply) = server.push(&coordinator.token, &erase).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (all, _) = pull_all(&server, &coordinator.token, 0).await;
    let text = serde_json::to_string(&all).unwrap();
    for secret in [
        PHONE,
        "Dora Mortensen",
        "dora@example.dk",
        "datter",
        "Doras bemærkning",
        "Doras telefon",
        "Dora var syg",
    ] {
        assert!(!text.contains(secret), "a pull still has {secret}");
        assert!(
            !contains(&database_bytes(server.dir.path()), secret),
            "the database files still hold {secret}"
        );
    }
    // The numbers stay, under an erased volunteer.
    assert_eq!(
        values(
            &all,
            EntityKind::VisitOccurrence,
            "s-dora:2026-12-01",
            "minutes"
        ),
        [&json!(90)]
    );
    assert!(all.iter().any(|op| op.entity == "dora" && op.is_erasure()));

    // An edit made offline before hearing of it is acknowledged, and not kept.
    let late = coordinator.ops(vec![dora("phone", PHONE.into())]);
    let (status, reply) = server.push(&coordinator.token, &late).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(
        reply["erased"],
        json!([late[0].stamp]),
        "taken back: {reply}"
    );
    assert!(!contains(&database_bytes(server.dir.path()), PHONE));
    // Nor after a restart on the same file.
    let server = server.restart().await;
    assert!(!contains(&database_bytes(server.dir.path()), PHONE));
}

#[tokio::test]
async fn the_coordinator_can_take_the_whole_programme_off_the_server() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let a = join_as(&server, &coordinator.token, "care_service", "A").await;
    let dora = coordinator.ops(vec![Edit::set(
        EntityKind::Volunteer,
        "dora",
        "phone",
        PHONE,
    )]);
    server.push(&coordinator.token, &dora).await;
    let (status, _) = server
        .call("DELETE", "/api/v1/programme", Some(&a), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the coordinator");
    let (status, _) = server
        .call(
            "DELETE",
            "/api/v1/programme",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for token in [&coordinator.token, &a] {
        let (status, reply) = server.pull(token, 0, 10).await;
        assert_eq!(
            (status, reply["reason"].as_str()),
            (StatusCode::UNAUTHORIZED, None)
        );
    }
    let bytes = database_bytes(server.dir.path());
    assert!(!contains(&bytes, PHONE) && !contains(&bytes, "Anna Hansen"));
    // It can be put on the server again, afresh.
    server.programme("prog-1").await;
}

#[tokio::test]
async fn a_device_is_who_it_says_it_is() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    // Joining under a device id the programme has (the coordinator's) is refused, and
    // the invite is not used up.
    let (_, created) = server
        .call(
            "POST",
            "/api/v1/invites",
            Some(&coordinator.token),
            Some(json!({"role": "care_service", "subject": "A"}).to_string()),
        )
        .await;
    let code = created["code"].as_str().unwrap();
    let join = |device: String| {
        let body = json!({"code": code, "device": device}).to_string();
        server.call("POST", "/api/v1/join", None, Some(body))
    };
    let (status, reply) = join(COORDINATOR.to_string()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{reply}");
    let (status, reply) = join("tablet-1".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not a device id: {reply}");
    let (status, joined) = join(device("care_service-A").to_string()).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    let leader = joined["token"].as_str().unwrap().to_owned();

    // New ops stamped with another device's id are refused, each of them named, so a
    // device that restored them settles them in one go ...
    let mut forged = stamp(
        &Clock::new(COORDINATOR, system_clock),
        vec![Edit::set(EntityKind::Partner, "A", "name", "Overtaget")],
    );
    forged.extend(stamp(
        &Clock::new(device("care_service-A"), system_clock),
        vec![Edit::set(EntityKind::Partner, "A", "name", "Egen")],
    ));
    forged.extend(stamp(
        &Clock::new(device("other"), system_clock),
        vec![Edit::set(EntityKind::Partner, "A", "name", "Også")],
    ));
    let (status, reply) = server.push(&leader, &forged).await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::FORBIDDEN, Some("device"))
    );
    assert_eq!(
        (reply["operation"].as_u64(), &reply["others"]),
        (Some(0), &json!([2])),
        "{reply}"
    );
    // ... but one the server has may be sent again by anyone (a restored backup).
    let (known, _) = pull_all(&server, &coordinator.token, 0).await;
    let tick: Vec<Op> = known
        .into_iter()
        .filter(|op| op.kind == EntityKind::TaskTick)
        .collect();
    let (status, reply) = server.push(&leader, &tick).await;
    assert_eq!(
        (status, reply["duplicates"].as_u64()),
        (StatusCode::OK, Some(1)),
        "{reply}"
    );

    // The coordinator may forward a lost tablet's unsent ops, and the server says who did.
    let lost = Clock::new(device("lost-tablet"), system_clock);
    let forwarded = stamp(
        &lost,
        vec![Edit::set(EntityKind::Partner, "A", "name", "Fra backup")],
    );
    let (status, reply) = server.push(&coordinator.token, &forwarded).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let store = SqliteStore::open(&server.dir.path().join("samskab.sqlite"))
        .await
        .unwrap();
    let by = forwarded_by(&store, &forwarded[0]).await;
    assert_eq!(by, Some(COORDINATOR.to_string()));
}

async fn forwarded_by(store: &SqliteStore, op: &Op) -> Option<String> {
    store.forwarded_by(&op.stamp.to_string()).await.unwrap()
}

#[tokio::test]
async fn a_colleagues_first_name_is_marked_as_a_redacted_copy() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;
    let (ops, _) = pull_all(&server, &anna, 0).await;
    let names: Vec<(&Value, bool)> = ops
        .iter()
        .filter(|op| op.kind == EntityKind::Volunteer)
        .filter_map(|op| match &op.change {
            Change::Set { field, value, .. } if field == "name" => Some((value, op.redacted)),
            _ => None,
        })
        .collect();
    assert!(names.contains(&(&json!("Bo"), true)), "{names:?}");
    assert!(names.contains(&(&json!("Anna Hansen"), false)), "{names:?}");
    // And a redacted copy is never taken back.
    let redacted: Vec<Op> = ops.into_iter().filter(|op| op.redacted).collect();
    let (status, _) = server.push(&coordinator.token, &redacted).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_new_volunteer_split_over_pushes_of_any_size_arrives_whole() {
    for size in [1, 2, 3, 500] {
        let server = Server::new().await;
        let coordinator = programme(&server).await;
        let a = join_as(&server, &coordinator.token, "care_service", "A").await;
        let a_clock = clock("care_service-A");
        let eva = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, "eva", f, v);
        let mut edits = vec![
            eva("name", "Eva Holm".into()),
            eva("phone", "22334455".into()),
            eva("care_services", json!(["A"])),
        ];
        // Cleared before she is booked (the server holds a leader to that too).
        for step in ["criminal_record_assessed", "confidentiality_signed"] {
            let id = format!("eva:{step}");
            edits.push(Edit::set(EntityKind::OnboardingStep, &id, "done", true));
        }
        edits.extend(visit("s-eva", "eva", "A"));
        edits.push(Edit::set(
            EntityKind::OnboardingStep,
            "eva:application_received",
            "done",
            true,
        ));
        let ops = stamp(&a_clock, edits);
        for batch in ops.chunks(size) {
            let (status, reply) = server.push(&a, batch).await;
            assert_eq!(
                status,
                StatusCode::OK,
                "batch size {size}: {batch:?} {reply}"
            );
        }
        let (all, _) = pull_all(&server, &coordinator.token, 0).await;
        let got = all
            .iter()
            .filter(|op| ops.iter().any(|o| o.stamp == op.stamp))
            .count();
        assert_eq!(got, ops.len(), "batch size {size}");
        // Another device of the same care service sees her whole.
        let a2 = join_named(
            &server,
            &coordinator.token,
            "care_service",
            "A",
            "tablet-A2",
        )
        .await;
        let (seen, _) = pull_all(&server, &a2, 0).await;
        assert_eq!(
            values(&seen, EntityKind::Volunteer, "eva", "phone"),
            [&json!("22334455")]
        );
        // Another care service cannot take over a volunteer someone is still creating.
        let b = join_as(&server, &coordinator.token, "care_service", "B").await;
        let half = stamp(
            &a_clock,
            vec![Edit::set(EntityKind::Volunteer, "fie", "name", "Fie")],
        );
        server.push(&a, &half).await;
        let take = stamp(
            &clock("care_service-B"),
            vec![Edit::set(
                EntityKind::Volunteer,
                "fie",
                "care_services",
                vec!["B"],
            )],
        );
        assert_eq!(server.push(&b, &take).await.0, StatusCode::FORBIDDEN);
    }
}

/// A store whose pushes take a while after their commit: a client can go away then.
#[derive(Clone)]
struct SlowAfterCommit(SqliteStore);

impl Store for SlowAfterCommit {
    async fn create_programme(&self, p: &str, d: &str, t: &str) -> Result<(), StoreError> {
        self.0.create_programme(p, d, t).await
    }
    async fn create_invite(
        &self,
        invite: samskab_server::store::NewInvite<'_>,
    ) -> Result<i64, StoreError> {
        self.0.create_invite(invite).await
    }
    async fn invites(&self, p: &str) -> Result<Vec<samskab_server::store::InviteInfo>, StoreError> {
        self.0.invites(p).await
    }
    async fn revoke_invite(&self, p: &str, id: i64) -> Result<bool, StoreError> {
        self.0.revoke_invite(p, id).await
    }
    async fn join(
        &self,
        joining: samskab_server::store::Joining<'_>,
    ) -> Result<Option<samskab_server::store::Device>, StoreError> {
        self.0.join(joining).await
    }
    async fn devices(&self, p: &str) -> Result<Vec<samskab_server::store::DeviceInfo>, StoreError> {
        self.0.devices(p).await
    }
    async fn revoke_device(&self, p: &str, d: &str) -> Result<bool, StoreError> {
        self.0.revoke_device(p, d).await
    }
    async fn device(&self, t: &str) -> Result<Option<samskab_server::store::Device>, StoreError> {
        self.0.device(t).await
    }
    async fn push(&self, batch: Batch<'_>) -> Result<Pushed, StoreError> {
        let pushed = self.0.push(batch).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(pushed)
    }
    async fn stored_stamps(
        &self,
        p: &str,
        stamps: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        self.0.stored_stamps(p, stamps).await
    }
    async fn delete_programme(&self, p: &str) -> Result<bool, StoreError> {
        self.0.delete_programme(p).await
    }
    async fn entity_ops(
        &self,
        p: &str,
        e: &str,
        seqs: std::ops::RangeInclusive<i64>,
        limit: u32,
    ) -> Result<Vec<(i64, Op)>, StoreError> {
        self.0.entity_ops(p, e, seqs, limit).await
    }
    async fn pull(
        &self,
        p: &str,
        since: i64,
        limit: u32,
    ) -> Result<samskab_server::store::Page, StoreError> {
        self.0.pull(p, since, limit).await
    }
}

#[tokio::test]
async fn a_push_cancelled_after_its_commit_still_reaches_the_scope_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("samskab.sqlite"))
        .await
        .unwrap();
    let router = app(AppState::new(dir.path().to_owned(), SlowAfterCommit(store)));
    let server = Server { dir, router };
    let coordinator = programme(&server).await;
    let a = join_as(&server, &coordinator.token, "care_service", "A").await;
    // The coordinator adds Gry to A; the client goes away after the commit.
    let gry = coordinator.ops(volunteer("gry", "Gry Lund", &["A"], None));
    let request = Request::post("/api/v1/push")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", coordinator.token),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "ops": gry }).to_string()))
        .unwrap();
    let cancelled = tokio::time::timeout(
        Duration::from_millis(100),
        server.router.clone().oneshot(request),
    )
    .await;
    assert!(cancelled.is_err(), "the request was dropped mid-push");
    // A sees her: the index took the committed push in.
    let (seen, _) = pull_all(&server, &a, 0).await;
    assert_eq!(
        values(&seen, EntityKind::Volunteer, "gry", "phone"),
        [&json!("12345678")]
    );
}

async fn server_with(options: Options) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("samskab.sqlite"))
        .await
        .unwrap();
    let mut state = AppState::new(dir.path().to_owned(), store);
    state.options = options;
    Server {
        router: app(state),
        dir,
    }
}

#[tokio::test]
async fn putting_a_programme_on_the_server_is_the_operators_to_allow_and_rate_limited() {
    let new = |id: &str| json!({"programme": id, "device": COORDINATOR.to_string()}).to_string();
    let keyed = server_with(Options {
        creation: Creation::configured(Some("operator-key"), false),
        ..Options::default()
    })
    .await;
    let (status, reply) = keyed
        .call("POST", "/api/v1/programmes", None, Some(new("p1")))
        .await;
    assert_eq!(
        (status, reply["reason"].as_str()),
        (StatusCode::FORBIDDEN, Some("admin_key"))
    );
    let (status, _) = keyed
        .call("POST", "/api/v1/programmes", Some("wrong"), Some(new("p1")))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, reply) = keyed
        .call(
            "POST",
            "/api/v1/programmes",
            Some("operator-key"),
            Some(new("p1")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");

    let closed = server_with(Options {
        creation: Creation::configured(None, false),
        ..Options::default()
    })
    .await;
    let (status, _) = closed
        .call("POST", "/api/v1/programmes", None, Some(new("p1")))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(Creation::configured(None, true), Creation::Open);

    let open = server_with(Options::default()).await;
    let mut statuses = Vec::new();
    for i in 0..=samskab_server::CREATE_ATTEMPTS {
        let (status, _) = open
            .call(
                "POST",
                "/api/v1/programmes",
                None,
                Some(new(&format!("p{i}"))),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn the_join_limit_keys_on_a_trusted_proxy_header_only_when_configured() {
    let attempt = |server: &Server, from: &'static str| {
        let request = Request::post("/api/v1/join")
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", from)
            .body(Body::from(
                json!({"code": "WRONG-00000", "device": device("guess").to_string()}).to_string(),
            ))
            .unwrap();
        let router = server.router.clone();
        async move { router.oneshot(request).await.unwrap().status() }
    };
    let proxied = server_with(Options {
        client_ip_header: Some("x-forwarded-for".parse().unwrap()),
        ..Options::default()
    })
    .await;
    for _ in 0..samskab_server::JOIN_ATTEMPTS {
        assert_eq!(
            attempt(&proxied, "10.0.0.9, 192.0.2.1").await,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        attempt(&proxied, "10.0.0.9, 192.0.2.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(&proxied, "192.0.2.2").await,
        StatusCode::FORBIDDEN,
        "another client"
    );
    // Without the setting the header is not believed: one client is one client.
    let direct = server_with(Options::default()).await;
    for i in 0..samskab_server::JOIN_ATTEMPTS {
        let from = ["192.0.2.3", "192.0.2.4"][i as usize % 2];
        assert_eq!(attempt(&direct, from).await, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        attempt(&direct, "192.0.2.5").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn what_comes_into_sight_is_sent_in_bounded_pages_even_when_one_change_brings_it_all() {
    const MAX: usize = 4;
    const LIMIT: usize = 5;
    let server = server_with(Options {
        max_backfill: MAX,
        ..Options::default()
    })
    .await;
    let coordinator = programme(&server).await;
    let b = join_as(&server, &coordinator.token, "care_service", "B").await;
    // Volunteers at A with a history, and a visit with notes on many days: B sees none.
    let mut history = Vec::new();
    for v in ["x1", "x2", "x3"] {
        history.extend(volunteer(v, "X", &["A"], None));
        history.extend(
            (0..9).map(|i| Edit::set(EntityKind::Volunteer, v, "skills", format!("skills {i}"))),
        );
    }
    history.extend(visit("vx", "x1", "A"));
    for day in 10..20 {
        let id = format!("vx:2026-11-{day}");
        history.push(Edit::set(EntityKind::VisitOccurrence, &id, "series", "vx"));
        history.push(Edit::set(
            EntityKind::VisitOccurrence,
            &id,
            "note",
            format!("day {day}"),
        ));
    }
    assert_eq!(
        server
            .push(&coordinator.token, &coordinator.ops(history))
            .await
            .0,
        StatusCode::OK
    );
    let (before, since) = pull_all(&server, &b, 0).await;
    // One change brings a visit with all its notes, then the volunteers come too.
    let mut moved = vec![Edit::set(EntityKind::Visit, "vx", "care_service", "B")];
    moved.extend(
        ["x1", "x2", "x3"]
            .map(|v| Edit::set(EntityKind::Volunteer, v, "care_services", vec!["A", "B"])),
    );
    let moved = coordinator.ops(moved);
    assert_eq!(
        server.push(&coordinator.token, &moved).await.0,
        StatusCode::OK
    );

    // No reply holds more than a page and `MAX` older operations; the visit's own come
    // over several replies that each say where to go on.
    let (mut got, mut next, mut resume, mut resumed) = (Vec::<Op>::new(), since, None, 0);
    loop {
        let query = resume
            .as_ref()
            .map_or(String::new(), |r| format!("&resume={r}"));
        let (status, page) = server
            .call(
                "GET",
                &format!("/api/v1/pull?since={next}&limit={LIMIT}{query}"),
                Some(&b),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let ops = page["ops"].as_array().unwrap();
        assert!(ops.len() <= LIMIT + MAX, "{} in one reply", ops.len());
        for pulled in ops {
            got.push(serde_json::from_value(pulled["op"].clone()).unwrap());
        }
        next = page["next"].as_i64().unwrap();
        resume = page["resume"].as_str().map(str::to_owned);
        resumed += usize::from(resume.is_some());
        if page["more"] == false {
            break;
        }
    }
    assert!(resumed >= 3, "the visit's history came in one reply");
    // B now holds exactly what a tablet of B that joins now gets.
    let fresh = join_named(
        &server,
        &coordinator.token,
        "care_service",
        "B",
        "new-tablet",
    )
    .await;
    let (expected, _) = pull_all(&server, &fresh, 0).await;
    let stamps = |ops: &[Op]| ops.iter().map(|op| op.stamp).collect::<BTreeSet<_>>();
    let mut held = stamps(&before);
    held.extend(stamps(&got));
    assert_eq!(held, stamps(&expected));
    assert!(
        values(&got, EntityKind::VisitOccurrence, "vx:2026-11-19", "note")
            .contains(&&json!("day 19"))
    );
    assert!(values(&got, EntityKind::Volunteer, "x3", "skills").contains(&&json!("skills 8")));

    // A token naming an operation that is no longer first (an erasure removed it) starts
    // the backfill over, as no token does.
    let url = |resume: &str| format!("/api/v1/pull?since={since}&limit={LIMIT}{resume}");
    let (_, fresh_start) = server.call("GET", &url(""), Some(&b), None).await;
    let (status, stale) = server
        .call(
            "GET",
            &url(&format!("&resume={since}.{}.0.eDE", since + 99)),
            Some(&b),
            None,
        )
        .await;
    assert_eq!((status, &stale), (StatusCode::OK, &fresh_start));
    // A malformed token, or one that cannot belong to this checkpoint, is refused.
    for bad in [
        format!("{}.{}.0.eDE", since + 1, since + 2),
        format!("{since}.{since}.0.eDE"),
        format!("{since}.{}.{}.eDE", since + 1, since + 1),
        format!("{since}.{}.-1.eDE", since + 1),
        format!("{since}.{}.0.%%%", since + 1),
        "garbage".into(),
    ] {
        let (status, reply) = server
            .call(
                "GET",
                &format!("/api/v1/pull?since={since}&resume={bad}"),
                Some(&b),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {reply}");
    }
}
