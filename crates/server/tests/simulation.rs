//! A seeded fault-injection simulation of sync. Eight devices in mixed roles — the
//! coordinator, two care-service leaders, the volunteer centre, a company, two volunteers
//! and a leader who gets revoked — run on the domain's model of a device (`Replica`,
//! which the app's IndexedDB store is checked against) and talk to the real router over
//! a real SQLite file. They tick, write notes, create volunteers, move them between care
//! services and erase them, plan and move visits, with clocks −365 to +30 days wrong and
//! reset to 1 January 2000 mid-run, in push batches of 1 to 500. The network drops
//! requests and replies, sends requests twice, and delivers late requests nobody waits
//! for any more; the server is restarted on the same file, cutting a push mid-way.
//!
//! After healing: every device holds exactly what its role may see of the server's
//! merged state, nothing missing and nothing extra; no acknowledged operation is lost;
//! nothing of an erased volunteer is anywhere, the database files included; and every
//! edit made after seeing a value beats it.
//!
//! `SAMSKAB_SIM_CASES` sets the number of cases (default 1,000); a failing case prints
//! its seed, `SAMSKAB_SIM_SEED` replays just that one, and `SAMSKAB_SIM_DEBUG=1` prints
//! each edit and refusal on the way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use samskab_domain::api::PullReply;
use samskab_domain::clock::ntp64_from_unix_millis;
use samskab_domain::replica::Replica;
use samskab_domain::scope::{Access, Role, ScopeIndex, Sight};
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op, Record, Stamp, merge};
use samskab_server::{AppState, SqliteStore, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const DEVICES: usize = 8;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// 1 January 2000, Unix milliseconds.
const Y2K_MS: i64 = 946_684_800_000;
const TASKS: [&str; 3] = [
    "p1.municipality.take_initiative",
    "p1.municipality.political_backing",
    "p1.municipality.open_dialogue",
];
const ADVICE: [&str; 2] = ["advice.01.know_when", "advice.02.introduction"];
const CARE_SERVICES: [&str; 3] = ["A", "B", "C"];

/// Simulated time (ms since the epoch) and each device's clock error.
static NOW: AtomicU64 = AtomicU64::new(0);
static SKEW: [AtomicI64; DEVICES] = [const { AtomicI64::new(0) }; DEVICES];

fn physical(device: usize) -> uhlc::NTP64 {
    let ms = NOW.load(Ordering::Relaxed) as i64 + SKEW[device].load(Ordering::Relaxed);
    ntp64_from_unix_millis(ms as f64)
}
// `Clock` takes a plain `fn`, so one per device.
const PHYSICAL: [fn() -> uhlc::NTP64; DEVICES] = [
    || physical(0),
    || physical(1),
    || physical(2),
    || physical(3),
    || physical(4),
    || physical(5),
    || physical(6),
    || physical(7),
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len() as u64) as usize])
    }
}

/// What a device has asked and waits for.
#[derive(Clone, Debug)]
enum Asked {
    Push(Vec<Op>),
    /// From a checkpoint, resuming what a reply left unsent of it.
    Pull(i64, Option<String>),
}

struct Device {
    access: Access,
    token: String,
    clock: Clock,
    replica: Replica,
    online: bool,
    /// Its access was revoked and it let go of the programme.
    forgotten: bool,
    asked: Option<Asked>,
    /// (an edit's stamp, the greatest stamp the device held when it made it).
    seen: Vec<(Stamp, Option<Stamp>)>,
    /// Re-made operations: old stamp → new.
    remade: BTreeMap<Stamp, Stamp>,
    /// Operations the server refused for good, taken back.
    taken_back: usize,
    /// Operations the server acknowledged but did not keep (about an erased person).
    dropped: BTreeSet<Stamp>,
    /// Where the last reply stopped sending what came into sight: (its `next`, token).
    resume: Option<(i64, String)>,
    /// Replies that sent one operation's backfill in part.
    resumed: usize,
}

impl Device {
    /// The next pull, as the app's sync engine asks it.
    fn pull(&self) -> Asked {
        let since = self.replica.checkpoint;
        let resume = self.resume.as_ref().filter(|(s, _)| *s == since);
        Asked::Pull(since, resume.map(|(_, token)| token.clone()))
    }

    fn latest(&self) -> Option<Stamp> {
        self.replica.ops.keys().next_back().copied()
    }

    /// Makes edits as the app does: checked against this device's role first, never
    /// anything of an erased person.
    fn edit(&mut self, edits: Vec<Edit>) -> bool {
        let seen = self.latest();
        let ops: Vec<Op> = edits
            .into_iter()
            .map(|e| e.seeing(&self.replica.records).stamped(self.clock.now()))
            .collect();
        let index = ScopeIndex::from_records(self.replica.records.values());
        if self.access.role != Role::Coordinator && index.check_push(&self.access, &ops).is_err() {
            return false;
        }
        if ops
            .iter()
            .any(|op| samskab_domain::erasure::carries_erased(op, &self.replica.records))
        {
            return false;
        }
        if std::env::var("SAMSKAB_SIM_DEBUG").is_ok() {
            eprintln!("edit {:?}: {ops:?}", self.access.subject);
        }
        for op in &ops {
            assert!(
                seen.is_none_or(|s| op.stamp > s),
                "a new stamp is after all held"
            );
            self.seen.push((op.stamp, seen));
        }
        self.replica.commit(&ops);
        true
    }

    /// Re-makes the operation the server refused for its time and every other unsent
    /// one as far ahead, judged right after the server's reply set the clock.
    fn remake_far_ahead(&mut self, refused: Stamp) {
        let mut far = self.replica.far_ahead(&self.clock);
        if self.replica.outbox.contains(&refused) && !far.contains(&refused) {
            far.push(refused);
            far.sort();
        }
        if far.is_empty() {
            return;
        }
        let remade = self.replica.remake(&far, &self.clock);
        for (old, new) in far.iter().zip(&remade) {
            self.remade.insert(*old, new.stamp);
        }
    }
}

/// A reply as the client sees it.
struct Reply {
    status: StatusCode,
    body: Value,
    server_time: Option<u64>,
}

struct Server {
    router: axum::Router,
    store: SqliteStore,
}

/// The server on the case's file; `max_backfill` small enough that what comes into
/// sight is sent over several replies.
async fn open(dir: &Path, max_backfill: usize) -> Server {
    let store = SqliteStore::open(&dir.join("samskab.sqlite"))
        .await
        .unwrap();
    let mut state = AppState::new(dir.to_owned(), store.clone());
    state.options.max_backfill = max_backfill;
    let router = app(state);
    Server { router, store }
}

async fn call(
    router: &axum::Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let server_time = response
        .headers()
        .get("x-samskab-time")
        .and_then(|t| t.to_str().ok()?.parse().ok());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        server_time,
    }
}

fn request_of(asked: &Asked) -> (&'static str, String, Option<Value>) {
    match asked {
        Asked::Push(ops) => ("POST", "/api/v1/push".into(), Some(json!({ "ops": ops }))),
        Asked::Pull(since, resume) => {
            let resume = resume
                .as_ref()
                .map_or(String::new(), |r| format!("&resume={r}"));
            let uri = format!("/api/v1/pull?since={since}&limit=7{resume}");
            ("GET", uri, None)
        }
    }
}

/// The device acts on its reply as the app's sync engine does.
fn receive(device: &mut Device, asked: Asked, reply: Reply, acked: &mut BTreeSet<Stamp>) {
    if let Some(time) = reply.server_time {
        device.clock.trust(time);
    }
    if reply.status == StatusCode::UNAUTHORIZED {
        assert_eq!(reply.body["reason"], "revoked", "{}", reply.body);
        device.replica.forget();
        device.forgotten = true;
        return;
    }
    match asked {
        Asked::Push(batch) => {
            if reply.status.is_success() {
                let stamps: Vec<Stamp> = batch.iter().map(|op| op.stamp).collect();
                acked.extend(&stamps);
                device.replica.shipped(&stamps);
                // Not kept (they carry an erased person): taken back here too.
                let erased: Vec<Stamp> =
                    serde_json::from_value(reply.body["erased"].clone()).unwrap_or_default();
                device.replica.take_back(&erased);
                device.dropped.extend(erased);
                return;
            }
            let index = reply.body["operation"].as_u64().unwrap_or_else(|| {
                panic!(
                    "a refusal without an operation: {} {}",
                    reply.status, reply.body
                )
            }) as usize;
            let op = &batch[index];
            if std::env::var("SAMSKAB_SIM_DEBUG").is_ok() {
                eprintln!(
                    "refused {op:?}: {}\n  batch {:?}",
                    reply.body,
                    batch
                        .iter()
                        .map(|o| (o.kind, o.entity.clone(), o.change.clone()))
                        .collect::<Vec<_>>()
                );
            }
            match reply.body["reason"].as_str() {
                Some("clock") => device.remake_far_ahead(op.stamp),
                Some("scope" | "device" | "invalid") => {
                    device.taken_back += 1;
                    device.replica.take_back(&[op.stamp]);
                }
                other => panic!("unexpected refusal {other:?}: {}", reply.body),
            }
        }
        Asked::Pull(..) => {
            assert!(reply.status.is_success(), "{} {}", reply.status, reply.body);
            let page: PullReply = serde_json::from_value(reply.body).unwrap();
            let ops: Vec<Op> = page.ops.into_iter().map(|p| p.op).collect();
            // As the app: stamps made from now on come after everything merged.
            for op in &ops {
                device.clock.observe(&op.stamp);
            }
            device.replica.pulled(&ops, &page.gone, page.next);
            device.resumed += usize::from(page.resume.is_some());
            device.resume = page.resume.map(|token| (page.next, token));
        }
    }
}

/// Ids for what devices create: unique per case.
struct Ids(u64);

impl Ids {
    fn next(&mut self, prefix: &str) -> String {
        self.0 += 1;
        format!("{prefix}{}", self.0)
    }
}

fn phone(seed: u64, n: u64) -> String {
    format!("+4599{:03}{:03}", seed % 1000, n % 1000)
}

fn volunteer_edits(
    id: &str,
    name: &str,
    phone: &str,
    care_services: &[&str],
    company: Option<&str>,
) -> Vec<Edit> {
    let set = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, id, f, v);
    vec![
        set("care_services", care_services.to_vec().into()),
        set("name", name.into()),
        set("phone", phone.into()),
        set("company", company.map_or(Value::Null, Value::from)),
    ]
}

fn visit_edits(id: &str, volunteer: &str, care_service: &str) -> Vec<Edit> {
    vec![
        Edit::set(EntityKind::Visit, id, "care_service", care_service),
        Edit::set(EntityKind::Visit, id, "volunteer", volunteer),
        Edit::set(EntityKind::Visit, id, "start", "10:00"),
    ]
}

/// What the device's role would do now, from what it holds.
fn random_edit(rng: &mut Rng, device: &Device, ids: &mut Ids, seed: u64, step: usize) -> Vec<Edit> {
    let records = &device.replica.records;
    let live = |kind: EntityKind| -> Vec<&Record> {
        records
            .values()
            .filter(|r| r.kind == kind && r.is_live())
            .collect()
    };
    let volunteers = live(EntityKind::Volunteer);
    let visits = live(EntityKind::Visit);
    let subject = device.access.subject.clone().unwrap_or_default();
    let partner = match device.access.role {
        Role::Coordinator => (*rng.pick(&["A", "B", "C", "VC", "K"]).unwrap()).to_owned(),
        _ => subject.clone(),
    };
    let tick = |rng: &mut Rng| {
        let task = rng.pick(&TASKS).unwrap();
        let id = format!("{partner}:{task}");
        match rng.below(3) {
            0 => vec![Edit::set(EntityKind::TaskTick, &id, "done", rng.chance(50))],
            1 => vec![Edit::set(
                EntityKind::TaskTick,
                &id,
                "note",
                format!("note {step}"),
            )],
            _ => {
                let advice = format!("{partner}:{}", rng.pick(&ADVICE).unwrap());
                vec![Edit::set(
                    EntityKind::AdviceTick,
                    &advice,
                    "note",
                    format!("råd {step}"),
                )]
            }
        }
    };
    let new_volunteer = |rng: &mut Rng, ids: &mut Ids, care_service: &str| {
        let id = ids.next("v");
        let n = ids.0;
        volunteer_edits(
            &id,
            &format!("Frivillig{n} Efternavn{n}"),
            &phone(seed, n),
            &[care_service],
            rng.chance(30).then_some("K"),
        )
    };
    match device.access.role {
        Role::Coordinator => match rng.below(10) {
            0..=2 => tick(rng),
            3 => {
                let care_service = *rng.pick(&CARE_SERVICES).unwrap();
                new_volunteer(rng, ids, care_service)
            }
            4 => match rng.pick(&volunteers) {
                Some(v) => {
                    let mut to: Vec<&str> = CARE_SERVICES
                        .iter()
                        .copied()
                        .filter(|_| rng.chance(50))
                        .collect();
                    if to.is_empty() {
                        to.push("A");
                    }
                    vec![Edit::set(
                        EntityKind::Volunteer,
                        &v.entity,
                        "care_services",
                        to,
                    )]
                }
                None => Vec::new(),
            },
            5 if rng.chance(40) => rng
                .pick(&volunteers)
                .map(|v| vec![Edit::erase(EntityKind::Volunteer, &v.entity)])
                .unwrap_or_default(),
            6 => match rng.pick(&volunteers) {
                Some(v) => {
                    visit_edits(&ids.next("s"), &v.entity, rng.pick(&CARE_SERVICES).unwrap())
                }
                None => Vec::new(),
            },
            7 => match (rng.pick(&visits), rng.pick(&volunteers)) {
                (Some(s), Some(v)) if rng.chance(50) => {
                    vec![Edit::set(
                        EntityKind::Visit,
                        &s.entity,
                        "volunteer",
                        v.entity.as_str(),
                    )]
                }
                (Some(s), _) => vec![Edit::set(
                    EntityKind::Visit,
                    &s.entity,
                    "care_service",
                    *rng.pick(&CARE_SERVICES).unwrap(),
                )],
                _ => Vec::new(),
            },
            _ => occurrence(rng, &visits, step),
        },
        Role::CareService => {
            let ours: Vec<&&Record> = volunteers
                .iter()
                .filter(|v| {
                    v.get("care_services")
                        .and_then(Value::as_array)
                        .is_some_and(|a| a.iter().any(|c| c == subject.as_str()))
                })
                .collect();
            match rng.below(8) {
                0..=1 => tick(rng),
                2 => new_volunteer(rng, ids, &subject),
                3 => match rng.pick(&ours) {
                    // Lets go of one of its volunteers.
                    Some(v) => {
                        let left: Vec<Value> = v
                            .get("care_services")
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|c| c != subject.as_str())
                            .collect();
                        vec![Edit::set(
                            EntityKind::Volunteer,
                            &v.entity,
                            "care_services",
                            left,
                        )]
                    }
                    None => Vec::new(),
                },
                4 => match rng.pick(&ours) {
                    Some(v) => vec![Edit::set(
                        EntityKind::Volunteer,
                        &v.entity,
                        "skills",
                        format!("skills {step}"),
                    )],
                    None => Vec::new(),
                },
                5 => match rng.pick(&ours) {
                    Some(v) => visit_edits(&ids.next("s"), &v.entity, &subject),
                    None => Vec::new(),
                },
                6 => match rng.pick(&ours) {
                    Some(v) => vec![Edit::set(
                        EntityKind::OnboardingStep,
                        &format!("{}:screened", v.entity),
                        "note",
                        format!("screening {step}"),
                    )],
                    None => Vec::new(),
                },
                _ => occurrence(rng, &visits, step),
            }
        }
        Role::VolunteerCentre => match rng.below(4) {
            0 => tick(rng),
            1 => {
                let care_service = *rng.pick(&CARE_SERVICES).unwrap();
                new_volunteer(rng, ids, care_service)
            }
            2 if rng.chance(30) => rng
                .pick(&volunteers)
                .map(|v| vec![Edit::erase(EntityKind::Volunteer, &v.entity)])
                .unwrap_or_default(),
            _ => match rng.pick(&volunteers) {
                Some(v) => vec![Edit::set(
                    EntityKind::OnboardingStep,
                    &format!("{}:interview_held", v.entity),
                    "done",
                    true,
                )],
                None => Vec::new(),
            },
        },
        Role::Company => tick(rng),
        Role::Volunteer => match rng.below(2) {
            0 => vec![Edit::set(
                EntityKind::Volunteer,
                &subject,
                "phone",
                format!("+4588{seed:04}{step:03}"),
            )],
            _ => {
                let mine: Vec<&Record> = visits
                    .iter()
                    .copied()
                    .filter(|s| s.str("volunteer") == Some(subject.as_str()))
                    .collect();
                occurrence(rng, &mine, step)
            }
        },
    }
}

fn occurrence(rng: &mut Rng, visits: &[&Record], step: usize) -> Vec<Edit> {
    let Some(visit) = rng.pick(visits) else {
        return Vec::new();
    };
    let id = format!("{}:2026-12-0{}", visit.entity, 1 + rng.below(3));
    match rng.below(2) {
        0 => vec![Edit::set(
            EntityKind::VisitOccurrence,
            &id,
            "minutes",
            30 + step as u64,
        )],
        _ => vec![Edit::set(
            EntityKind::VisitOccurrence,
            &id,
            "note",
            format!("besøg {step}"),
        )],
    }
}

/// What a device with `access` may hold of the server's operations, merged.
fn expected(index: &ScopeIndex, access: &Access, ops: &[Op]) -> BTreeMap<String, Record> {
    let seen: Vec<Op> = ops
        .iter()
        .filter_map(|op| match index.sees(access, op) {
            Sight::Whole => Some(op.clone()),
            Sight::Redacted(copy) => Some(copy),
            Sight::Hidden => None,
        })
        .collect();
    merge(&seen)
}

fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("samskab.sqlite") {
            bytes.extend(std::fs::read(&path).unwrap_or_default());
        }
    }
    bytes
}

/// Counts what a run did, for the report.
#[derive(Default)]
struct Totals {
    cases: u64,
    ops: usize,
    remade: usize,
    taken_back: usize,
    erased: usize,
    restarts: usize,
    resumed: usize,
}

async fn run_case(seed: u64, totals: &mut Totals) {
    let mut rng = Rng(seed);
    let scratch = if Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm").unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    std::fs::write(scratch.path().join("index.html"), "<title>Samskab</title>").unwrap();
    let max_backfill = [1, 2, 5, 40, samskab_server::sync::MAX_BACKFILL][(seed % 5) as usize];
    let mut server = open(scratch.path(), max_backfill).await;
    // The server judges stamps by its real clock, so simulated time starts at it.
    let real_now = samskab_server::sync::now_millis();
    NOW.store(real_now, Ordering::Relaxed);
    for skew in &SKEW {
        skew.store(0, Ordering::Relaxed);
    }
    let names = [
        "coordinator",
        "leader-A",
        "leader-B",
        "centre",
        "company",
        "anna",
        "bo",
        "leader-C",
    ];
    let ids: Vec<DeviceId> = (0..DEVICES)
        .map(|i| DeviceId::new(0x1000 + i as u128).unwrap())
        .collect();

    // The coordinator's tablet sets the programme up and invites everyone.
    let created = call(
        &server.router,
        "POST",
        "/api/v1/programmes",
        None,
        Some(json!({"programme": "prog", "device": ids[0].to_string()})),
    )
    .await;
    let coordinator_token = created.body["token"].as_str().unwrap().to_owned();
    let setup_clock = Clock::new(ids[0], PHYSICAL[0]);
    let mut setup: Vec<Edit> = Vec::new();
    for (id, kind) in [
        ("A", "care_service"),
        ("B", "care_service"),
        ("C", "care_service"),
        ("VC", "volunteer_centre"),
        ("K", "company"),
    ] {
        setup.push(Edit::set(EntityKind::Partner, id, "kind", kind));
        setup.push(Edit::set(
            EntityKind::Partner,
            id,
            "name",
            format!("Partner {id}"),
        ));
    }
    setup.extend(volunteer_edits(
        "anna",
        "Anna Hansen",
        &phone(seed, 998),
        &["A"],
        Some("K"),
    ));
    setup.extend(volunteer_edits(
        "bo",
        "Bo Berg",
        &phone(seed, 999),
        &["A", "B"],
        None,
    ));
    setup.extend(visit_edits("s-anna", "anna", "A"));
    setup.extend(visit_edits("s-bo", "bo", "B"));
    let setup_ops: Vec<Op> = setup
        .into_iter()
        .map(|e| e.stamped(setup_clock.now()))
        .collect();
    let pushed = call(
        &server.router,
        "POST",
        "/api/v1/push",
        Some(&coordinator_token),
        Some(json!({"ops": setup_ops})),
    )
    .await;
    assert!(pushed.status.is_success(), "{}", pushed.body);
    let roles = [
        None,
        Some((Role::CareService, "A")),
        Some((Role::CareService, "B")),
        Some((Role::VolunteerCentre, "VC")),
        Some((Role::Company, "K")),
        Some((Role::Volunteer, "anna")),
        Some((Role::Volunteer, "bo")),
        Some((Role::CareService, "C")),
    ];
    let mut devices = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let (access, token) = match role {
            None => (Access::coordinator(), coordinator_token.clone()),
            Some((role, subject)) => {
                let invite = call(
                    &server.router,
                    "POST",
                    "/api/v1/invites",
                    Some(&coordinator_token),
                    Some(json!({"role": role.key(), "subject": subject})),
                )
                .await;
                assert!(invite.status.is_success(), "{}", invite.body);
                let code = invite.body["code"].as_str().unwrap();
                let joined = call(
                    &server.router,
                    "POST",
                    "/api/v1/join",
                    None,
                    Some(json!({"code": code, "device": ids[i].to_string()})),
                )
                .await;
                assert!(joined.status.is_success(), "{} {}", names[i], joined.body);
                (
                    Access::new(*role, Some((*subject).to_owned())).unwrap(),
                    joined.body["token"].as_str().unwrap().to_owned(),
                )
            }
        };
        let mut replica = Replica::default();
        if i == 0 {
            replica.commit(&setup_ops);
            replica.shipped(&setup_ops.iter().map(|op| op.stamp).collect::<Vec<_>>());
        }
        devices.push(Device {
            access,
            token,
            clock: Clock::new(ids[i], PHYSICAL[i]),
            replica,
            online: true,
            forgotten: false,
            asked: None,
            resume: None,
            resumed: 0,
            seen: Vec::new(),
            remade: BTreeMap::new(),
            taken_back: 0,
            dropped: BTreeSet::new(),
        });
    }
    devices[0].clock.observe(&setup_ops.last().unwrap().stamp);
    // Clocks: −365 to +30 days off, learnt from the server only when they first talk.
    for skew in SKEW.iter().skip(1) {
        let days = rng.below(396) as i64 - 365;
        let ms = if rng.chance(20) {
            days * DAY_MS
        } else {
            rng.below(2 * 3_600_000) as i64 - 3_600_000
        };
        skew.store(ms, Ordering::Relaxed);
    }
    let mut id_source = Ids(seed * 1000);
    let mut acked: BTreeSet<Stamp> = BTreeSet::new();
    // Requests a device gave up on that reach the server later; nobody reads the reply.
    let mut late: Vec<(usize, Asked)> = Vec::new();
    let revoke_at = 40 + rng.below(150) as usize;

    for step in 0..200 {
        NOW.fetch_add(rng.below(120_000), Ordering::Relaxed);
        let d = rng.below(DEVICES as u64) as usize;
        if step == revoke_at {
            let revoked = call(
                &server.router,
                "DELETE",
                &format!("/api/v1/devices/{}", ids[7]),
                Some(&coordinator_token),
                None,
            )
            .await;
            assert_eq!(revoked.status, StatusCode::NO_CONTENT);
        }
        if devices[d].forgotten {
            continue;
        }
        match rng.below(100) {
            0..=39 => {
                let edits = random_edit(&mut rng, &devices[d], &mut id_source, seed, step);
                if !edits.is_empty() {
                    devices[d].edit(edits);
                }
            }
            40..=44 => devices[d].online = !devices[d].online,
            45 => {
                // The device's clock is reset to 1 January 2000.
                let now = NOW.load(Ordering::Relaxed) as i64;
                SKEW[d].store(Y2K_MS - now, Ordering::Relaxed);
            }
            46 if rng.chance(30) => {
                // The server restarts, cutting a push mid-way.
                if let Some(Asked::Push(ops)) = devices[d].asked.take() {
                    let (method, uri, body) = request_of(&Asked::Push(ops));
                    let router = server.router.clone();
                    let token = devices[d].token.clone();
                    let _ = tokio::time::timeout(std::time::Duration::ZERO, async move {
                        call(&router, method, &uri, Some(&token), body).await
                    })
                    .await;
                }
                server.store.close().await;
                server = open(scratch.path(), max_backfill).await;
                totals.restarts += 1;
            }
            47..=79 if devices[d].online && devices[d].asked.is_none() => {
                let asked = if !devices[d].replica.outbox.is_empty() && rng.chance(60) {
                    let size = [1, 2, 3, 5, 50, 500][rng.below(6) as usize];
                    Asked::Push(devices[d].replica.outbox_batch(size))
                } else {
                    devices[d].pull()
                };
                devices[d].asked = Some(asked);
            }
            _ => {}
        }
        // The network: one device's request goes through, or is lost, or is sent twice,
        // or arrives only later (the device gave up on it); or a late one arrives.
        if rng.chance(10) && !late.is_empty() {
            let (who, asked) = late.swap_remove(rng.below(late.len() as u64) as usize);
            let (method, uri, body) = request_of(&asked);
            call(
                &server.router,
                method,
                &uri,
                Some(&devices[who].token),
                body,
            )
            .await;
        }
        let waiting: Vec<usize> = (0..DEVICES)
            .filter(|&i| devices[i].asked.is_some())
            .collect();
        let Some(&who) = rng.pick(&waiting) else {
            continue;
        };
        if !rng.chance(60) {
            continue;
        }
        let asked = devices[who].asked.take().unwrap();
        let fate = rng.below(100);
        if fate < 10 {
            continue; // the request is lost; the device tries again later
        }
        if fate < 18 {
            late.push((who, asked));
            continue;
        }
        let (method, uri, body) = request_of(&asked);
        if fate < 25 {
            call(
                &server.router,
                method,
                &uri,
                Some(&devices[who].token),
                body.clone(),
            )
            .await;
        }
        let reply = call(
            &server.router,
            method,
            &uri,
            Some(&devices[who].token),
            body,
        )
        .await;
        if fate < 35 {
            continue; // the reply is lost
        }
        receive(&mut devices[who], asked, reply, &mut acked);
    }

    // The network heals and everyone syncs until quiet (late requests arrive first).
    for (who, asked) in late.drain(..) {
        let (method, uri, body) = request_of(&asked);
        call(
            &server.router,
            method,
            &uri,
            Some(&devices[who].token),
            body,
        )
        .await;
    }
    for _ in 0..3 {
        for (d, device) in devices.iter_mut().enumerate() {
            device.asked = None;
            device.online = true;
            let mut rounds = 0;
            while !device.forgotten && !device.replica.outbox.is_empty() {
                rounds += 1;
                assert!(
                    rounds < 1000,
                    "seed {seed}: device {d} never empties its outbox"
                );
                let asked = Asked::Push(device.replica.outbox_batch(500));
                let (method, uri, body) = request_of(&asked);
                let reply = call(&server.router, method, &uri, Some(&device.token), body).await;
                receive(device, asked, reply, &mut acked);
            }
            while !device.forgotten {
                let asked = device.pull();
                let (method, uri, body) = request_of(&asked);
                let reply = call(&server.router, method, &uri, Some(&device.token), body).await;
                let more = reply.body["more"] == true;
                receive(device, asked, reply, &mut acked);
                if !more {
                    break;
                }
            }
        }
    }

    // The server's whole state, as the coordinator pulls it.
    let mut on_server: Vec<(i64, Op)> = Vec::new();
    let mut since = 0;
    loop {
        let reply = call(
            &server.router,
            "GET",
            &format!("/api/v1/pull?since={since}&limit=1000"),
            Some(&coordinator_token),
            None,
        )
        .await;
        let page: PullReply = serde_json::from_value(reply.body).unwrap();
        on_server.extend(page.ops.into_iter().map(|p| (p.seq, p.op)));
        since = page.next;
        if !page.more {
            break;
        }
    }
    let ops: Vec<Op> = on_server.iter().map(|(_, op)| op.clone()).collect();
    let stamps: BTreeSet<Stamp> = ops.iter().map(|op| op.stamp).collect();
    assert_eq!(stamps.len(), ops.len(), "seed {seed}: an op stored twice");
    let mut index = ScopeIndex::default();
    for (seq, op) in &on_server {
        index.add(*seq, op);
    }
    let truth = merge(&ops);
    let erased: Vec<&Record> = truth.values().filter(|r| r.erased).collect();
    // What the server's erasures removed, as they name it.
    let removed: BTreeSet<Stamp> = ops.iter().flat_map(|op| op.removed()).copied().collect();
    for v in &erased {
        let keeps = ops.iter().any(|op| {
            let step = op.kind == EntityKind::OnboardingStep
                && op.entity.starts_with(&format!("{}:", v.entity));
            let own = op.kind == EntityKind::Volunteer && op.entity == v.entity;
            step || (own && !op.is_erasure())
        });
        assert!(
            !keeps,
            "seed {seed}: the server keeps something of erased {}",
            v.entity
        );
    }

    // No acknowledged op is lost (but for what an erasure removed, and what was about an
    // erased person when it arrived).
    let dropped: BTreeSet<Stamp> = devices
        .iter()
        .flat_map(|d| d.dropped.iter().copied())
        .collect();
    for stamp in &acked {
        assert!(
            stamps.contains(stamp) || removed.contains(stamp) || dropped.contains(stamp),
            "seed {seed}: acknowledged {stamp} was lost"
        );
    }
    // Every device holds exactly what its role may see.
    for (d, device) in devices.iter().enumerate() {
        assert!(
            device.replica.consistent(),
            "seed {seed}: device {d}'s records are not its ops"
        );
        assert!(
            device.replica.outbox.is_empty(),
            "seed {seed}: device {d} has unsent ops"
        );
        let may_see = if device.forgotten || !index.subject_exists(&device.access) {
            BTreeMap::new()
        } else {
            expected(&index, &device.access, &ops)
        };
        if device.replica.records != may_see {
            let ours: BTreeSet<&String> = device.replica.records.keys().collect();
            let theirs: BTreeSet<&String> = may_see.keys().collect();
            let differing: Vec<&&String> = ours
                .union(&theirs)
                .filter(|k| device.replica.records.get(**k) != may_see.get(**k))
                .take(3)
                .collect();
            for key in &differing {
                eprintln!(
                    "{key}:\n  device: {:?}\n  server: {:?}",
                    device.replica.records.get(**key),
                    may_see.get(**key)
                );
                let entity = key.split_once('/').map_or("", |(_, e)| e);
                for op in device.replica.ops.values().filter(|op| op.entity == entity) {
                    eprintln!("  device op {} {:?}", op.stamp, op.change);
                }
                for op in ops.iter().filter(|op| op.entity == entity) {
                    eprintln!("  server op {} {:?}", op.stamp, op.change);
                }
                eprintln!("  remade {:?}", device.remade);
            }
            panic!(
                "seed {seed}: device {d} ({}) differs from what it may see",
                names[d]
            );
        }
        // Nothing an erasure removed on any device.
        let kept: Vec<&Stamp> = device
            .replica
            .ops
            .keys()
            .filter(|s| removed.contains(s))
            .collect();
        assert!(
            kept.is_empty(),
            "seed {seed}: device {d} keeps what an erasure removed: {kept:?}"
        );
        // Every edit made after seeing a value beats it.
        let resolve = |s: Stamp| device.remade.get(&s).copied().unwrap_or(s);
        for (edit, seen) in &device.seen {
            let edit = resolve(*edit);
            // Only where both still exist: a value taken back or erased has nothing to beat.
            if let Some(seen) = seen
                && stamps.contains(&edit)
                && stamps.contains(&resolve(*seen))
            {
                assert!(
                    edit > resolve(*seen),
                    "seed {seed}: device {d}'s edit {edit} does not beat {seen}"
                );
            }
        }
        totals.remade += device.remade.len();
        totals.taken_back += device.taken_back;
        totals.resumed += device.resumed;
    }
    // And not in the server's files.
    if !erased.is_empty() {
        server.store.close().await;
        let bytes = database_bytes(scratch.path());
        for v in &erased {
            let n: u64 = v.entity.trim_start_matches('v').parse().unwrap_or(0);
            let number = match v.entity.as_str() {
                "anna" => phone(seed, 998),
                "bo" => phone(seed, 999),
                _ => phone(seed, n),
            };
            assert!(
                !bytes.windows(number.len()).any(|w| w == number.as_bytes()),
                "seed {seed}: the database files still hold erased {}'s phone",
                v.entity
            );
        }
    }
    totals.cases += 1;
    totals.ops += ops.len();
    totals.erased += erased.len();
}

#[tokio::test]
async fn replicas_converge_and_nothing_is_lost() {
    let mut totals = Totals::default();
    if let Some(seed) = std::env::var("SAMSKAB_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        run_case(seed, &mut totals).await;
        return;
    }
    let cases: u64 = std::env::var("SAMSKAB_SIM_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1_000);
    for seed in 0..cases {
        run_case(seed, &mut totals).await;
    }
    println!(
        "simulation: {} cases, {} operations on the server, {} re-made for a clock far ahead, {} taken back, {} volunteers erased, {} server restarts, {} pulls resumed within one change's backfill",
        totals.cases,
        totals.ops,
        totals.remade,
        totals.taken_back,
        totals.erased,
        totals.restarts,
        totals.resumed
    );
}
