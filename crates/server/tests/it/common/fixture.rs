//! The programme most role tests start from, and helpers to join and pull.

use axum::http::StatusCode;
use samskab_domain::clock::system_clock;
use samskab_domain::{Clock, Edit, EntityKind, Op};
use serde_json::{Value, json};

use super::{COORDINATOR, Server, device};

/// The coordinator's device, making the programme's operations.
pub struct Coordinator {
    pub token: String,
    pub clock: Clock,
}

impl Coordinator {
    pub fn ops(&self, edits: Vec<Edit>) -> Vec<Op> {
        edits
            .into_iter()
            .map(|e| e.stamped(self.clock.now()))
            .collect()
    }
}

pub fn partner(id: &str, kind: &str) -> Vec<Edit> {
    vec![
        Edit::set(EntityKind::Partner, id, "kind", kind),
        Edit::set(EntityKind::Partner, id, "name", format!("Partner {id}")),
    ]
}

pub fn volunteer(id: &str, name: &str, care_services: &[&str], company: Option<&str>) -> Vec<Edit> {
    let set = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, id, f, v);
    vec![
        set("name", name.into()),
        set("phone", "12345678".into()),
        set("care_services", care_services.to_vec().into()),
        set("company", company.map_or(Value::Null, Value::from)),
    ]
}

pub fn visit(id: &str, volunteer: &str, care_service: &str) -> Vec<Edit> {
    vec![
        Edit::set(EntityKind::Visit, id, "volunteer", volunteer),
        Edit::set(EntityKind::Visit, id, "care_service", care_service),
        Edit::set(EntityKind::Visit, id, "start", "10:00"),
    ]
}

pub fn note(series: &str, text: &str) -> Vec<Edit> {
    let id = format!("{series}:2026-12-01");
    vec![
        Edit::set(EntityKind::VisitOccurrence, &id, "series", series),
        Edit::set(EntityKind::VisitOccurrence, &id, "note", text),
    ]
}

/// Care services A and B, company K, the volunteer centre VC; Anna (A, from K) and Bo
/// (A) and Carl (B) with a visit each.
pub async fn programme(server: &Server) -> Coordinator {
    let token = server.programme("prog-1").await;
    let coordinator = Coordinator {
        token,
        clock: Clock::new(COORDINATOR, system_clock),
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
        vec![
            Edit::set(EntityKind::Programme, "prog-1", "start", "2026-09-01"),
            Edit::set(
                EntityKind::CalendarItem,
                "startup",
                "note",
                "Spilleregler aftalt",
            ),
            Edit::set(EntityKind::FollowUp, "A:2026-11-01", "lesson", "Start småt"),
            Edit::set(EntityKind::FollowUp, "K:2026-11-01", "lesson", "Flere hold"),
            Edit::set(
                EntityKind::EvaluationTalk,
                "B:2026-11-02",
                "note",
                "Beboerne vil have mere",
            ),
        ],
        vec![Edit::set(
            EntityKind::TaskTick,
            "B:p1.municipality.take_initiative",
            "partner",
            "B",
        )],
    ]
    .concat();
    let (status, reply) = server
        .push(&coordinator.token, &coordinator.ops(edits))
        .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    coordinator
}

pub async fn invite(server: &Server, token: &str, body: Value) -> (StatusCode, Value) {
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
pub async fn join_as(server: &Server, coordinator: &str, role: &str, subject: &str) -> String {
    join_named(
        server,
        coordinator,
        role,
        subject,
        &format!("{role}-{subject}"),
    )
    .await
}

/// Joins as a device named `name` (see `device`); returns its token.
pub async fn join_named(
    server: &Server,
    coordinator: &str,
    role: &str,
    subject: &str,
    name: &str,
) -> String {
    let (status, created) = invite(
        server,
        coordinator,
        json!({"role": role, "subject": subject}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let code = created["code"].as_str().unwrap().to_lowercase();
    let body = json!({"code": code, "device": device(name).to_string()}).to_string();
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
pub async fn pull_all(server: &Server, token: &str, since: i64) -> (Vec<Op>, i64) {
    let (mut since, mut ops, mut resume) = (since, Vec::<Op>::new(), String::new());
    for _ in 0..1000 {
        let (status, page) = server
            .call(
                "GET",
                &format!("/api/v1/pull?since={since}&limit=3{resume}"),
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
        resume = page["resume"]
            .as_str()
            .map_or(String::new(), |r| format!("&resume={r}"));
        if page["more"] == false {
            return (ops, since);
        }
    }
    panic!("the pull never ended");
}

pub fn values<'a>(ops: &'a [Op], kind: EntityKind, entity: &str, field: &str) -> Vec<&'a Value> {
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

pub fn entities(ops: &[Op], kind: EntityKind) -> Vec<&str> {
    let mut ids: Vec<&str> = ops
        .iter()
        .filter(|op| op.kind == kind)
        .map(|op| op.entity.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
