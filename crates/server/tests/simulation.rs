//! A seeded simulation of sync: five devices and the real server router (on an in-memory
//! SQLite database) exchange pushes and pulls over a network that drops, duplicates,
//! delays and reorders messages, while the devices edit the same items, go offline, and
//! run clocks up to two days wrong. When every message is finally delivered, every
//! replica holds the same state and no operation is lost.
//!
//! `SAMSKAB_SIM_CASES` sets the number of cases (default 1,000); a failing case prints
//! its seed, and `SAMSKAB_SIM_SEED` replays just that one.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op, Record, Stamp, merge};
use samskab_server::{AppState, SqliteStore, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const DEVICES: usize = 5;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Simulated wall-clock time (ms since the epoch) and each device's clock error.
static NOW: AtomicU64 = AtomicU64::new(0);
static SKEW: [AtomicI64; DEVICES] = [const { AtomicI64::new(0) }; DEVICES];

fn physical(device: usize) -> uhlc::NTP64 {
    let ms = NOW.load(Ordering::Relaxed) as i64 + SKEW[device].load(Ordering::Relaxed);
    samskab_domain::clock::ntp64_from_unix_millis(ms as f64)
}
// `Clock` takes a plain `fn`, so one per device.
const PHYSICAL: [fn() -> uhlc::NTP64; DEVICES] = [
    || physical(0),
    || physical(1),
    || physical(2),
    || physical(3),
    || physical(4),
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A device as the protocol sees it: merged records, the ops it knows, its outbox and
/// its pull checkpoint (what the app keeps in IndexedDB).
struct Replica {
    clock: Clock,
    records: BTreeMap<String, Record>,
    known: BTreeSet<Stamp>,
    outbox: BTreeMap<Stamp, Op>,
    checkpoint: i64,
    online: bool,
}

impl Replica {
    fn apply(&mut self, op: &Op) {
        if self.known.insert(op.stamp) {
            self.records
                .entry(op.record_key())
                .or_insert_with(|| Record::for_op(op))
                .apply(op);
        }
    }

    fn edit(&mut self, edit: Edit) -> Op {
        let op = edit.stamped(self.clock.now());
        self.apply(&op);
        self.outbox.insert(op.stamp, op.clone());
        op
    }

    fn pulled(&mut self, ops: &[Op], next: i64) {
        for op in ops {
            // A stamp from a clock far ahead is applied; the clock just does not follow it.
            let _ = self.clock.observe(&op.stamp);
            self.apply(op);
        }
        self.checkpoint = self.checkpoint.max(next);
    }
}

enum Message {
    Push {
        device: usize,
        ops: Vec<Op>,
    },
    PushReply {
        device: usize,
        acked: Vec<Stamp>,
    },
    Pull {
        device: usize,
        since: i64,
    },
    PullReply {
        device: usize,
        ops: Vec<Op>,
        next: i64,
    },
}

struct Net {
    router: axum::Router,
    token: String,
}

impl Net {
    async fn call(&self, method: &str, uri: &str, body: Option<String>) -> Value {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.map_or_else(Body::empty, Body::from))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    }

    /// The server handles a request; returns its reply message.
    async fn serve(&self, message: Message) -> Message {
        match message {
            Message::Push { device, ops } => {
                self.call(
                    "POST",
                    "/api/v1/push",
                    Some(json!({ "ops": ops }).to_string()),
                )
                .await;
                Message::PushReply {
                    device,
                    acked: ops.iter().map(|op| op.stamp).collect(),
                }
            }
            Message::Pull { device, since } => {
                let page = self
                    .call("GET", &format!("/api/v1/pull?since={since}&limit=7"), None)
                    .await;
                let ops = page["ops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| serde_json::from_value(o["op"].clone()).unwrap())
                    .collect();
                Message::PullReply {
                    device,
                    ops,
                    next: page["next"].as_i64().unwrap(),
                }
            }
            reply => reply,
        }
    }

    async fn all_ops(&self) -> Vec<Op> {
        let (mut all, mut since) = (Vec::new(), 0);
        loop {
            let page = self
                .call(
                    "GET",
                    &format!("/api/v1/pull?since={since}&limit=1000"),
                    None,
                )
                .await;
            all.extend(
                page["ops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| serde_json::from_value::<Op>(o["op"].clone()).unwrap()),
            );
            since = page["next"].as_i64().unwrap();
            if page["more"] == false {
                return all;
            }
        }
    }
}

fn deliver(replicas: &mut [Replica], message: Message) {
    match message {
        Message::PushReply { device, acked } => {
            for stamp in acked {
                replicas[device].outbox.remove(&stamp);
            }
        }
        Message::PullReply { device, ops, next } => replicas[device].pulled(&ops, next),
        _ => unreachable!("requests go to the server"),
    }
}

fn random_edit(rng: &mut Rng, device: usize, step: usize) -> Edit {
    // A small set of items, so devices edit the same ones.
    let item = format!("p{}:t{}", rng.below(3), rng.below(4));
    match rng.below(10) {
        0..=3 => Edit::set(EntityKind::TaskTick, &item, "done", rng.chance(50)),
        4..=6 => Edit::set(
            EntityKind::TaskTick,
            &item,
            "by",
            format!("device {device}"),
        ),
        7..=8 => Edit::set(
            EntityKind::AdviceTick,
            &item,
            "note",
            format!("note {step} from {device}"),
        ),
        _ => Edit::delete(EntityKind::AdviceTick, &item),
    }
}

async fn run_case(router: axum::Router, seed: u64) {
    let mut rng = Rng(seed);
    // The server checks stamps against its real clock, so the simulation starts near it.
    let real_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    NOW.store(real_now - rng.below(DAY_MS as u64), Ordering::Relaxed);
    for skew in &SKEW {
        skew.store(
            rng.below(4 * DAY_MS as u64) as i64 - 2 * DAY_MS,
            Ordering::Relaxed,
        );
    }
    // Each case is a programme of its own on the one server.
    let request = Request::post("/api/v1/programmes")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "programme": format!("prog-{seed}"), "device": "d0" }).to_string(),
        ))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let reply: Value = serde_json::from_slice(&bytes).unwrap();
    let token = reply["token"].as_str().unwrap().to_owned();
    let net = Net { router, token };
    let mut replicas: Vec<Replica> = (0..DEVICES)
        .map(|i| Replica {
            clock: Clock::new(DeviceId::new(i as u128 + 1).unwrap(), PHYSICAL[i]),
            records: BTreeMap::new(),
            known: BTreeSet::new(),
            outbox: BTreeMap::new(),
            checkpoint: 0,
            online: true,
        })
        .collect();
    let mut created: Vec<Op> = Vec::new();
    let mut in_flight: Vec<Message> = Vec::new();

    for step in 0..150 {
        NOW.fetch_add(rng.below(60_000), Ordering::Relaxed);
        let device = rng.below(DEVICES as u64) as usize;
        match rng.below(100) {
            0..=49 => created.push(replicas[device].edit(random_edit(&mut rng, device, step))),
            50..=59 => replicas[device].online = !replicas[device].online,
            60..=79 if replicas[device].online => {
                let ops: Vec<Op> = replicas[device].outbox.values().take(5).cloned().collect();
                if !ops.is_empty() {
                    in_flight.push(Message::Push { device, ops });
                }
            }
            80..=89 if replicas[device].online => {
                let since = replicas[device].checkpoint;
                in_flight.push(Message::Pull { device, since });
            }
            _ => {}
        }
        // The network: deliver, drop or duplicate one message, in any order.
        if !in_flight.is_empty() && rng.chance(60) {
            let i = rng.below(in_flight.len() as u64) as usize;
            let message = in_flight.swap_remove(i);
            if rng.chance(10) {
                continue; // dropped
            }
            let duplicate = rng.chance(10);
            match message {
                Message::Push { device, ops } => {
                    if duplicate {
                        in_flight.push(Message::Push {
                            device,
                            ops: ops.clone(),
                        });
                    }
                    let reply = net.serve(Message::Push { device, ops }).await;
                    in_flight.push(reply);
                }
                Message::Pull { device, since } => {
                    let reply = net.serve(Message::Pull { device, since }).await;
                    in_flight.push(reply);
                }
                reply => deliver(&mut replicas, reply),
            }
        }
    }

    // The network heals: the rest is delivered, then everyone syncs until quiet.
    for message in in_flight.drain(..) {
        let reply = net.serve(message).await;
        if matches!(reply, Message::PushReply { .. } | Message::PullReply { .. }) {
            deliver(&mut replicas, reply);
        }
    }
    for _ in 0..2 {
        for device in 0..DEVICES {
            replicas[device].online = true;
            while !replicas[device].outbox.is_empty() {
                let ops: Vec<Op> = replicas[device].outbox.values().take(5).cloned().collect();
                let reply = net.serve(Message::Push { device, ops }).await;
                deliver(&mut replicas, reply);
            }
        }
        for device in 0..DEVICES {
            loop {
                let since = replicas[device].checkpoint;
                let reply = net.serve(Message::Pull { device, since }).await;
                let Message::PullReply { ops, .. } = &reply else {
                    unreachable!()
                };
                let done = ops.is_empty();
                deliver(&mut replicas, reply);
                if done {
                    break;
                }
            }
        }
    }

    let on_server = net.all_ops().await;
    let server_stamps: BTreeSet<Stamp> = on_server.iter().map(|op| op.stamp).collect();
    assert_eq!(
        server_stamps.len(),
        on_server.len(),
        "seed {seed}: an op stored twice"
    );
    for op in &created {
        assert!(
            server_stamps.contains(&op.stamp),
            "seed {seed}: {op:?} was lost"
        );
    }
    let truth = merge(&on_server);
    for (device, replica) in replicas.iter().enumerate() {
        assert_eq!(
            replica.records, truth,
            "seed {seed}: device {device} differs"
        );
    }
}

#[tokio::test]
async fn replicas_converge_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(AppState {
        dist: dir.path().to_owned(),
        store: SqliteStore::in_memory().await.unwrap(),
    });
    if let Some(seed) = std::env::var("SAMSKAB_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return run_case(router, seed).await;
    }
    let cases: u64 = std::env::var("SAMSKAB_SIM_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1_000);
    for seed in 0..cases {
        run_case(router.clone(), seed).await;
    }
}
