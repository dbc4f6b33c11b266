//! Invites, roles and scopes against a real SQLite file: who may join, see and change
//! what, and that everything else is refused with nothing stored.

use crate::common::fixture::*;
use crate::common::{COORDINATOR, Server, device};
use axum::http::StatusCode;
use samskab_domain::clock::system_clock;
use samskab_domain::scope::{Access, Role};
use samskab_domain::{Clock, Edit, EntityKind, Op};
use samskab_server::SqliteStore;
use samskab_server::store::{Joining, NewInvite, Store};
use serde_json::json;

#[tokio::test]
async fn each_role_pulls_only_its_scope() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let (all, _) = pull_all(&server, &coordinator.token, 0).await;
    assert_eq!(
        entities(&all, EntityKind::Volunteer),
        ["anna", "bo", "carl"]
    );
    assert_eq!(entities(&all, EntityKind::CalendarItem), ["startup"]);

    let leader = join_as(&server, &coordinator.token, "care_service", "A").await;
    let (ops, _) = pull_all(&server, &leader, 0).await;
    assert_eq!(entities(&ops, EntityKind::Volunteer), ["anna", "bo"]);
    assert_eq!(entities(&ops, EntityKind::Visit), ["s-anna", "s-bo"]);
    assert_eq!(entities(&ops, EntityKind::Partner), ["A", "B", "K", "VC"]);
    assert_eq!(
        entities(&ops, EntityKind::TaskTick),
        ["B:p1.municipality.take_initiative"],
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

    // The coordinator's calendar is the coordinator's: no other role gets any of it.
    // A partner's evaluation is its own and the coordinator's.
    for (token, follow_ups, talks) in [
        (&leader, vec!["A:2026-11-01"], vec![]),
        (&anna, vec![], vec![]),
        (&company, vec!["K:2026-11-01"], vec![]),
        (&centre, vec![], vec![]),
    ] {
        let (ops, _) = pull_all(&server, token, 0).await;
        assert!(entities(&ops, EntityKind::CalendarItem).is_empty());
        assert_eq!(entities(&ops, EntityKind::FollowUp), follow_ups);
        assert_eq!(
            entities(&ops, EntityKind::EvaluationTalk),
            talks as Vec<&str>
        );
    }
    let b = join_as(&server, &coordinator.token, "care_service", "B").await;
    let (ops, _) = pull_all(&server, &b, 0).await;
    assert_eq!(entities(&ops, EntityKind::EvaluationTalk), ["B:2026-11-02"]);
    assert!(entities(&ops, EntityKind::FollowUp).is_empty());
}

#[tokio::test]
async fn a_push_outside_the_scope_is_refused_and_stores_nothing() {
    let server = Server::new().await;
    let coordinator = programme(&server).await;
    let leader = join_as(&server, &coordinator.token, "care_service", "A").await;
    let anna = join_as(&server, &coordinator.token, "volunteer", "anna").await;
    let clock = |name| Clock::new(device(name), system_clock);
    let (leader_clock, anna_clock) = (clock("care_service-A"), clock("volunteer-anna"));
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
                vec![Edit::set(
                    EntityKind::TaskTick,
                    "B:p1.municipality.take_initiative",
                    "done",
                    false,
                )],
            ),
        ),
        (
            "the coordinator's calendar",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::CalendarItem,
                    "status-1",
                    "done",
                    true,
                )],
            ),
        ),
        (
            "another partner's follow-up answers",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::FollowUp,
                    "K:2026-11-01",
                    "lesson",
                    "X",
                )],
            ),
        ),
        (
            "another care service's evaluation talk",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::EvaluationTalk,
                    "B:2026-11-02",
                    "note",
                    "X",
                )],
            ),
        ),
        (
            "a care service's follow-up, by a volunteer",
            &anna,
            stamp(
                &anna_clock,
                vec![Edit::set(
                    EntityKind::FollowUp,
                    "A:2026-11-03",
                    "lesson",
                    "X",
                )],
            ),
        ),
        (
            "the programme's start",
            &leader,
            stamp(
                &leader_clock,
                vec![Edit::set(
                    EntityKind::Programme,
                    "prog-1",
                    "start",
                    "2020-01-01",
                )],
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
            "booking a volunteer not yet cleared (no criminal record, no confidentiality)",
            &leader,
            stamp(&leader_clock, visit("s-bo-2", "bo", "A")),
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
        let (own, clock) = if token == &anna {
            ("anna", &anna_clock)
        } else {
            ("bo", &leader_clock)
        };
        let mut batch = stamp(
            clock,
            vec![Edit::set(EntityKind::Volunteer, own, "skills", "Tablets")],
        );
        batch.extend(ops);
        let (status, reply) = server.push(token, &batch).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {reply}");
        assert_eq!(reply["operation"], 1, "{what}: {reply}");
    }
    // Values no form could send are refused as invalid: a criminal record's content, a
    // "who" of a page's length or in another's name by a direction override, hours
    // beyond a day.
    let step = "bo:criminal_record_assessed";
    let invalid: Vec<(&str, &String, Edit)> = vec![
        (
            "a criminal record's content",
            &leader,
            Edit::set(
                EntityKind::OnboardingStep,
                step,
                "note",
                "Dom for vold 2019",
            ),
        ),
        (
            "a who of 5,000 characters",
            &anna,
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "by",
                "x".repeat(5000),
            ),
        ),
        (
            "a who that turns its text around",
            &anna,
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "by",
                "Anna \u{202E}enoL",
            ),
        ),
        (
            "4 billion minutes",
            &anna,
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "minutes",
                4_000_000_000u64,
            ),
        ),
    ];
    for (what, token, edit) in invalid {
        let clock = if token == &anna {
            &anna_clock
        } else {
            &leader_clock
        };
        let (status, reply) = server.push(token, &stamp(clock, vec![edit])).await;
        assert_eq!(
            (
                status,
                reply["reason"].as_str(),
                reply["operation"].as_u64()
            ),
            (StatusCode::BAD_REQUEST, Some("invalid"), Some(0)),
            "{what}: {reply}"
        );
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
    // A care service's own evaluation: its round and its talk, as its form writes them.
    let own_evaluation = stamp(
        &leader_clock,
        vec![
            Edit::set(EntityKind::FollowUp, "A:2026-12-01", "partner", "A"),
            Edit::set(EntityKind::FollowUp, "A:2026-12-01", "date", "2026-12-01"),
            Edit::set(
                EntityKind::FollowUp,
                "A:2026-12-01",
                "lesson",
                "Faste tider",
            ),
            Edit::set(EntityKind::FollowUp, "A:2026-12-01", "by", "Lone"),
            Edit::set(
                EntityKind::EvaluationTalk,
                "A:2026-12-01",
                "care_service",
                "A",
            ),
            Edit::set(
                EntityKind::EvaluationTalk,
                "A:2026-12-01",
                "date",
                "2026-12-01",
            ),
            Edit::set(EntityKind::EvaluationTalk, "A:2026-12-01", "residents", 3),
            Edit::set(
                EntityKind::EvaluationTalk,
                "A:2026-12-01",
                "note",
                "Flere opkald",
            ),
        ],
    );
    let (status, reply) = server.push(&leader, &own_evaluation).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
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
    let (status, _) = join(code, &device("annas-phone").to_string()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, reply) = join(code, &device("someone-else").to_string()).await;
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
    let (status, _) = join(
        created["code"].as_str().unwrap(),
        &device("bos-phone").to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "revoked");

    let (status, list) = server
        .call("GET", "/api/v1/invites", Some(&coordinator.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let invites = list["invites"].as_array().unwrap();
    assert_eq!(invites.len(), 2);
    assert_eq!(invites[0]["revoked"], true);
    assert_eq!(invites[1]["used_by"], device("annas-phone").to_string());
    // A used invite is not "revoked" after the fact: its device is revoked on its own.
    let used = invites[1]["id"].as_i64().unwrap();
    let (status, _) = server
        .call(
            "DELETE",
            &format!("/api/v1/invites/{used}"),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
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
    let anna_device = device("volunteer-anna").to_string();
    assert!(devices.contains(&(anna_device.as_str(), "volunteer")));

    let (status, me) = server.call("GET", "/api/v1/me", Some(&anna), None).await;
    assert_eq!(
        (status, me["subject"].as_str()),
        (StatusCode::OK, Some("anna"))
    );
    let (status, _) = server
        .call(
            "DELETE",
            &format!("/api/v1/devices/{}", device("volunteer-anna")),
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
            &format!("/api/v1/devices/{COORDINATOR}"),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not their own: {reply}");

    // Every coordinator endpoint refuses another role ...
    let calls = [
        ("GET", "/api/v1/devices", None),
        ("DELETE", &format!("/api/v1/devices/{COORDINATOR}"), None),
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
        let body = json!({"code": format!("WRONG-{i:05}"), "device": device("guess").to_string()})
            .to_string();
        let (status, reply) = server.call("POST", "/api/v1/join", None, Some(body)).await;
        assert!(reply["error"].is_string());
        statuses.push(status);
    }
    assert_eq!(statuses[..10], [StatusCode::FORBIDDEN; 10]);
    assert_eq!(statuses[10..], [StatusCode::TOO_MANY_REQUESTS; 2]);
}
