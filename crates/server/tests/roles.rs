//! Invites, roles and scopes against a real SQLite file: who may join, see and change
//! what, and that everything else is refused with nothing stored.

mod common;

use axum::http::StatusCode;
use common::Server;
use samskab_domain::clock::system_clock;
use samskab_domain::scope::{Access, Role};
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op};
use samskab_server::SqliteStore;
use samskab_server::store::{Joining, NewInvite, Store};
use serde_json::{Value, json};

/// The coordinator's device, making the programme's operations.
struct Coordinator {
    token: String,
    clock: Clock,
}

impl Coordinator {
    fn ops(&self, edits: Vec<Edit>) -> Vec<Op> {
        edits
            .into_iter()
            .map(|e| e.stamped(self.clock.now()))
            .collect()
    }
}

fn partner(id: &str, kind: &str) -> Vec<Edit> {
    vec![
        Edit::set(EntityKind::Partner, id, "kind", kind),
        Edit::set(EntityKind::Partner, id, "name", format!("Partner {id}")),
    ]
}

fn volunteer(id: &str, name: &str, care_services: &[&str], company: Option<&str>) -> Vec<Edit> {
    let set = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, id, f, v);
    vec![
        set("name", name.into()),
        set("phone", "12345678".into()),
        set("care_services", care_services.to_vec().into()),
        set("company", company.map_or(Value::Null, Value::from)),
    ]
}

fn visit(id: &str, volunteer: &str, care_service: &str) -> Vec<Edit> {
    vec![
        Edit::set(EntityKind::Visit, id, "volunteer", volunteer),
        Edit::set(EntityKind::Visit, id, "care_service", care_service),
        Edit::set(EntityKind::Visit, id, "start", "10:00"),
    ]
}

fn note(series: &str, text: &str) -> Vec<Edit> {
    let id = format!("{series}:2026-12-01");
    vec![
        Edit::set(EntityKind::VisitOccurrence, &id, "series", series),
        Edit::set(EntityKind::VisitOccurrence, &id, "note", text),
    ]
}

/// Care services A and B, company K, the volunteer centre VC; Anna (A, from K) and Bo
/// (A) and Carl (B) with a visit each.
async fn programme(server: &Server) -> Coordinator {
    let token = server.programme("prog-1").await;
    let coordinator = Coordinator {
        token,
        clock: Clock::new(DeviceId::new(1).unwrap(), system_clock),
    };
    let edits = [
        partner("A", "care_service"),
        partner("B", "care_service"),
        partner("K", "company"),
        partner("VC", "volunteer_centre"),
        volunteer("anna", "Anna Hansen", &["A"], Some("K")),
        volunteer("bo", "Bo Berg", &["A"], None),
        volunteer("carl", "Carl Dam", &["B"], None),
        visit("s-anna", "anna", "A"),
        visit("s-bo", "bo", "A"),
        visit("s-carl", "carl", "B"),
        note("s-bo", "Bo's note"),
        vec![Edit::set(EntityKind::TaskTick, "B:p1.task", "partner", "B")],
    ]
    .concat();
    let (status, reply) = server
        .push(&coordinator.token, &coordinator.ops(edits))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    coordinator
}

async fn invite(server: &Server, token: &str, body: Value) -> (StatusCode, Value) {
    server
        .call(
            "POST",
            "/api/v1/invites",
            Some(token),
            Some(body.to_string()),
        )
        .await
}

/// Makes an invite and joins with it; returns the new device's token.
async fn join_as(server: &Server, coordinator: &str, role: &str, subject: &str) -> String {
    let (status, created) = invite(
        server,
        coordinator,
        json!({"role": role, "subject": subject}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let code = created["code"].as_str().unwrap().to_lowercase();
    let body = json!({"code": code, "device": format!("{role}-{subject}")}).to_string();
    let (status, joined) = server.call("POST", "/api/v1/join", None, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(
        (joined["role"].as_str(), joined["subject"].as_str()),
        (Some(role), Some(subject))
    );
    assert_eq!(joined["programme"], "prog-1");
    joined["token"].as_str().unwrap().to_owned()
}

/// Everything a token pulls, following pages; each operation once, as a client keeps it.
async fn pull_all(server: &Server, token: &str, since: i64) -> (Vec<Op>, i64) {
    let (mut since, mut ops) = (since, Vec::<Op>::new());
    for _ in 0..100 {
        let (status, page) = server
            .call(
                "GET",
                &format!("/api/v1/pull?since={since}&limit=3"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for pulled in page["ops"].as_array().unwrap() {
            let op: Op = serde_json::from_value(pulled["op"].clone()).unwrap();
            if !ops.iter().any(|o| o.stamp == op.stamp) {
                ops.push(op);
            }
        }
        since = page["next"].as_i64().unwrap();
        if page["more"] == false {
            return (ops, since);
        }
    }
    panic!("the pull never ended");
}

fn values<'a>(ops: &'a [Op], kind: EntityKind, entity: &str, field: &str) -> Vec<&'a Value> {
    ops.iter()
        .filter(|op| op.kind == kind && op.entity == entity)
        .filter_map(|op| match &op.change {
            samskab_domain::Change::Set {
                field: f, value, ..
            } if f == field => Some(value),
            _ => None,
        })
        .collect()
}

fn entities(ops: &[Op], kind: EntityKind) -> Vec<&str> {
    let mut ids: Vec<&str> = ops
        .iter()
        .filter(|op| op.kind == kind)
        .map(|op| op.entity.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[tokio::test]
async fn each_role_pulls_only_its_scope() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let (all, _) = pull_all(&server, &coordinator.token, 0).await;
    assert_eq!(
        entities(&all, EntityKind::Volunteer),
        ["anna", "bo", "carl"]
    );

    let leader = join_as(&server, &coordinator.token, "care_service", "A").await;
    let (ops, _) = pull_all(&server, &leader, 0).await;
    assert_eq!(entities(&ops, EntityKind::Volunteer), ["anna", "bo"]);
    assert_eq!(entities(&ops, EntityKind::Visit), ["s-anna", "s-bo"]);
    assert_eq!(entities(&ops, EntityKind::Partner), ["A", "B", "K", "VC"]);
    assert_eq!(
        entities(&ops, EntityKind::TaskTick),
        ["B:p1.task"],
        "progress is shared"
    );

    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;
    let (ops, _) = pull_all(&server, &anna, 0).await;
    assert_eq!(
        values(&ops, EntityKind::Volunteer, "anna", "phone"),
        [&json!("12345678")]
    );
    assert_eq!(
        values(&ops, EntityKind::Volunteer, "bo", "name"),
        [&json!("Bo")],
        "first name only"
    );
    assert!(
        values(&ops, EntityKind::Volunteer, "bo", "phone").is_empty(),
        "no colleague's contact data"
    );
    assert!(!entities(&ops, EntityKind::Volunteer).contains(&"carl"));
    assert_eq!(
        entities(&ops, EntityKind::Visit),
        ["s-anna", "s-bo"],
        "the care service's schedule"
    );
    assert!(values(&ops, EntityKind::VisitOccurrence, "s-bo:2026-12-01", "note").is_empty());
    assert!(entities(&ops, EntityKind::TaskTick).is_empty());

    let company = join_as(&server, &coordinator.token, "company", "K").await;
    let (ops, _) = pull_all(&server, &company, 0).await;
    assert_eq!(entities(&ops, EntityKind::Volunteer), ["anna"]);
    assert_eq!(entities(&ops, EntityKind::Visit), ["s-anna"]);

    let centre = join_as(&server, &coordinator.token, "volunteer_centre", "VC").await;
    let (ops, _) = pull_all(&server, &centre, 0).await;
    assert_eq!(
        entities(&ops, EntityKind::Volunteer),
        ["anna", "bo", "carl"]
    );
    assert!(entities(&ops, EntityKind::Visit).is_empty());
}

#[tokio::test]
async fn a_push_outside_the_scope_is_refused_and_stores_nothing() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let leader = join_as(&server, &coordinator.token, "care_service", "A").await;
    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;
    let device = |n| Clock::new(DeviceId::new(n).unwrap(), system_clock);
    let (leader_clock, anna_clock) = (device(2), device(3));
    let stamp = |clock: &Clock, edits: Vec<Edit>| -> Vec<Op> {
        edits.into_iter().map(|e| e.stamped(clock.now())).collect()
    };
    let (before, _) = pull_all(&server, &coordinator.token, 0).await;

    let refused: Vec<(&str, &String, Vec<Op>)> = vec![
        (
            "another care service's volunteer",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::Volunteer,
                    "carl",
                    "phone",
                    "11111111",
                )],
            ),
        ),
        (
            "taking a volunteer over",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::Volunteer,
                    "carl",
                    "care_services",
                    vec!["A", "B"],
                )],
            ),
        ),
        (
            "another partner's task",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(EntityKind::TaskTick, "B:p1.task", "done", false)],
            ),
        ),
        (
            "the programme",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::Programme,
                    "prog-1",
                    "municipality",
                    "X",
                )],
            ),
        ),
        (
            "a colleague's visit",
            &anna,
            stamp(&anna_clock, note("s-bo", "not mine")),
        ),
        (
            "their own name",
            &anna,
            stamp(
                &anna_clock,
                vec![Edit::set(
                    EntityKind::Volunteer,
                    "anna",
                    "name",
                    "Someone Else",
                )],
            ),
        ),
    ];
    for (what, token, ops) in refused {
        // A good operation first: the whole batch is refused, not just the bad one.
        let own = if token == &anna { "anna" } else { "bo" };
        let mut batch = stamp(
            &leader_clock,
            vec![Edit::set(EntityKind::Volunteer, own, "skills", "Tablets")],
        );
        batch.extend(ops);
        let (status, reply) = server.push(token, &batch).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {reply}");
        assert_eq!(reply["operation"], 1, "{what}: {reply}");
    }
    let (after, _) = pull_all(&server, &coordinator.token, 0).await;
    assert_eq!(after.len(), before.len(), "nothing was stored");

    // What is theirs goes through, and the coordinator gets it.
    let mine = stamp(&leader_clock, volunteer("dora", "Dora Dahl", &["A"], None));
    let (status, reply) = server.push(&leader, &mine).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let held = stamp(&anna_clock, note("s-anna", "We made video calls"));
    let (status, reply) = server.push(&anna, &held).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let (after, _) = pull_all(&server, &coordinator.token, 0).await;
    assert_eq!(after.len(), before.len() + mine.len() + held.len());
}

#[tokio::test]
async fn a_volunteer_moved_into_sight_is_sent_whole() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let leader_b = join_as(&server, &coordinator.token, "care_service", "B").await;
    let (ops, checkpoint) = pull_all(&server, &leader_b, 0).await;
    assert!(!entities(&ops, EntityKind::Volunteer).contains(&"bo"));

    let moved = coordinator.ops(vec![Edit::set(
        EntityKind::Volunteer,
        "bo",
        "care_services",
        vec!["A", "B"],
    )]);
    server.push(&coordinator.token, &moved).await;
    // Bo's name and phone were pushed long before B's last pull: they come now too.
    let (ops, _) = pull_all(&server, &leader_b, checkpoint).await;
    assert_eq!(
        values(&ops, EntityKind::Volunteer, "bo", "name"),
        [&json!("Bo Berg")]
    );
    assert_eq!(
        values(&ops, EntityKind::Volunteer, "bo", "phone"),
        [&json!("12345678")]
    );
}

#[tokio::test]
async fn invites_are_checked_used_once_and_revocable() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let bad = [
        (json!({"role": "volunteer"}), "subject"),
        (json!({"role": "coordinator", "subject": "A"}), "subject"),
        (
            json!({"role": "care_service", "subject": "K"}),
            "no care_service",
        ),
        (
            json!({"role": "volunteer", "subject": "nobody"}),
            "no volunteer",
        ),
        (
            json!({"role": "volunteer", "subject": "anna", "days": 0}),
            "days",
        ),
        (
            json!({"role": "volunteer", "subject": "anna", "link": "javascript:alert(1)//"}),
            "link",
        ),
        (json!({"role": "king", "subject": "anna"}), "role"),
    ];
    for (body, message) in bad {
        let (status, reply) = invite(&server, &coordinator.token, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {reply}");
        assert!(
            reply["error"].as_str().unwrap().contains(message),
            "{body}: {reply}"
        );
    }

    let link = "https://samskab.example/deltag?kode=";
    let (status, created) = invite(
        &server,
        &coordinator.token,
        json!({"role": "volunteer", "subject": "anna", "label": "Annas telefon", "link": link}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let code = created["code"].as_str().unwrap();
    assert_eq!(code.len(), 11, "ABCDE-FGHJK: {code}");
    assert!(created["qr_svg"].as_str().unwrap().contains("<svg"));
    let join = |code: &str, device: &str| {
        let body = json!({"code": code, "device": device}).to_string();
        server.call("POST", "/api/v1/join", None, Some(body))
    };
    let (status, _) = join(code, "annas-phone").await;
    assert_eq!(status, StatusCode::OK);
    let (status, reply) = join(code, "someone-else").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "used once: {reply}");

    let (_, created) = invite(
        &server,
        &coordinator.token,
        json!({"role": "volunteer", "subject": "bo"}),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    let (status, _) = server
        .call(
            "DELETE",
            &format!("/api/v1/invites/{id}"),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = join(created["code"].as_str().unwrap(), "bos-phone").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "revoked");

    let (status, list) = server
        .call("GET", "/api/v1/invites", Some(&coordinator.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let invites = list["invites"].as_array().unwrap();
    assert_eq!(invites.len(), 2);
    assert_eq!(invites[0]["revoked"], true);
    assert_eq!(invites[1]["used_by"], "annas-phone");
    assert!(!list.to_string().contains(code), "codes are never listed");
}

#[tokio::test]
async fn an_expired_invite_lets_nobody_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("samskab.sqlite"))
        .await
        .unwrap();
    store
        .create_programme("prog-1", "tablet", "token-hash")
        .await
        .unwrap();
    let access = Access::new(Role::CareService, Some("A".into())).unwrap();
    store
        .create_invite(NewInvite {
            programme: "prog-1",
            code_hash: "code-hash",
            access: &access,
            label: "",
            expires_at: 1_000,
        })
        .await
        .unwrap();
    let joining = |now| Joining {
        code_hash: "code-hash",
        device: "d",
        token_hash: "t",
        now,
    };
    assert_eq!(store.join(joining(1_000)).await.unwrap(), None);
    let device = store.join(joining(999)).await.unwrap().unwrap();
    assert_eq!(device.access, access);
}

#[tokio::test]
async fn devices_are_listed_and_revoked_by_the_coordinator_only() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let leader = join_as(&server, &coordinator.token, "care_service", "A").await;
    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;

    let (status, list) = server
        .call("GET", "/api/v1/devices", Some(&coordinator.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let devices: Vec<(&str, &str)> = list["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["device"].as_str().unwrap(), d["role"].as_str().unwrap()))
        .collect();
    assert_eq!(devices.len(), 3);
    assert!(devices.contains(&("volunteer-anna", "volunteer")));

    let (status, me) = server.call("GET", "/api/v1/me", Some(&anna), None).await;
    assert_eq!(
        (status, me["subject"].as_str()),
        (StatusCode::OK, Some("anna"))
    );
    let (status, _) = server
        .call(
            "DELETE",
            "/api/v1/devices/volunteer-anna",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for path in ["/api/v1/me", "/api/v1/pull?since=0"] {
        let (status, _) = server.call("GET", path, Some(&anna), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "revoked: {path}");
    }
    let (status, reply) = server
        .call(
            "DELETE",
            "/api/v1/devices/tablet-1",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not their own: {reply}");

    // Every coordinator endpoint refuses another role ...
    let calls = [
        ("GET", "/api/v1/devices", None),
        ("DELETE", "/api/v1/devices/tablet-1", None),
        ("GET", "/api/v1/invites", None),
        ("DELETE", "/api/v1/invites/1", None),
        (
            "POST",
            "/api/v1/invites",
            Some(json!({"role": "volunteer", "subject": "bo"}).to_string()),
        ),
    ];
    for (method, path, body) in &calls {
        let (status, reply) = server.call(method, path, Some(&leader), body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {reply}");
    }
    // ... and another programme's coordinator reaches nothing of this one.
    let other = server.programme("prog-2").await;
    for path in ["/api/v1/devices/care_service-A", "/api/v1/invites/1"] {
        let (status, _) = server.call("DELETE", path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, list) = server
        .call("GET", "/api/v1/devices", Some(&other), None)
        .await;
    assert_eq!(list["devices"].as_array().unwrap().len(), 1);
    let (_, list) = server
        .call("GET", "/api/v1/invites", Some(&other), None)
        .await;
    assert!(list["invites"].as_array().unwrap().is_empty());
    let (status, _) = server.call("GET", "/api/v1/me", Some(&leader), None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the leader's device was never touched"
    );
}

#[tokio::test]
async fn invite_code_attempts_are_rate_limited() {
    let server = Server::new().await;
    programme(&server).await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let body = json!({"code": format!("WRONG-{i:05}"), "device": "guess"}).to_string();
        let (status, reply) = server.call("POST", "/api/v1/join", None, Some(body)).await;
        assert!(reply["error"].is_string());
        statuses.push(status);
    }
    assert_eq!(statuses[..10], [StatusCode::FORBIDDEN; 10]);
    assert_eq!(statuses[10..], [StatusCode::TOO_MANY_REQUESTS; 2]);
}
