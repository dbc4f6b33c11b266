//! The op-log storage against a real IndexedDB in headless Chromium.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use std::rc::Rc;

use samskab::storage::{Db, Loaded, Outbox, StorageError, snapshot_json};
use samskab_domain::clock::ntp64_from_unix_millis;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op, ProgrammeState, Record, merge};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn wall() -> uhlc::NTP64 {
    ntp64_from_unix_millis(js_sys::Date::now())
}

fn clock() -> Clock {
    Clock::new(DeviceId::new(7).unwrap(), wall)
}

async fn fresh(name: &str) -> Rc<Db> {
    Database::delete_by_name(name).unwrap().await.unwrap();
    Rc::new(Db::open(name, || panic!("blocked")).await.unwrap())
}

/// What sync reaches of `db`.
fn outbox(db: &Rc<Db>) -> Outbox {
    Outbox::new(db.clone())
}

fn set(clock: &Clock, kind: EntityKind, entity: &str, field: &str, value: &str) -> Op {
    Edit::set(kind, entity, field, value).stamped(clock.now())
}

#[wasm_bindgen_test]
async fn write_read_and_reopen() {
    let clock = clock();
    let db = fresh("t-reopen").await;
    let ops = vec![
        set(&clock, EntityKind::Partner, "a", "name", "Solhaven"),
        set(&clock, EntityKind::Partner, "a", "kind", "care_service"),
        set(
            &clock,
            EntityKind::Partner,
            "b",
            "name",
            "Frivilligcenter Syd",
        ),
    ];
    let changed = db.commit(&ops).await.unwrap();
    assert_eq!(changed.new_ops, ops);
    let device = db.device_id().await.unwrap();
    db.close();

    let db = Db::open("t-reopen", || panic!("blocked")).await.unwrap();
    assert_eq!(
        db.device_id().await.unwrap(),
        device,
        "the device id is kept"
    );
    let records = db.records().await.unwrap();
    assert_eq!(records, merge(&ops).into_values().collect::<Vec<_>>());
    assert_eq!(db.ops().await.unwrap(), ops);
    let partners = db.records_of(EntityKind::Partner).await.unwrap();
    assert_eq!(partners.len(), 2);
    assert!(
        db.records_of(EntityKind::TaskTick)
            .await
            .unwrap()
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn a_failing_write_leaves_neither_op_nor_record() {
    let clock = clock();
    let db = fresh("t-atomic").await;
    let first = set(&clock, EntityKind::Partner, "a", "name", "Solhaven");
    db.commit(std::slice::from_ref(&first)).await.unwrap();

    // The second batch re-adds `first`: its `add` fails, so the whole batch must roll back.
    let second = set(&clock, EntityKind::Partner, "b", "name", "Skovbo");
    let rename = set(&clock, EntityKind::Partner, "a", "name", "Solhaven II");
    let error = db
        .commit(&[second.clone(), rename, first.clone()])
        .await
        .unwrap_err();
    assert!(matches!(error, StorageError::Failed(_)), "{error:?}");

    assert_eq!(db.ops().await.unwrap(), vec![first.clone()]);
    assert_eq!(outbox(&db).all().await.unwrap(), vec![first.clone()]);
    let records = db.records().await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].str("name"), Some("Solhaven"));
}

#[wasm_bindgen_test]
async fn the_outbox_holds_every_edit_in_order() {
    let clock = clock();
    let db = fresh("t-outbox").await;
    let mut all = Vec::new();
    for (i, name) in ["Solhaven", "Solhaven ", "Solhaven Bo", "Solhavn"]
        .into_iter()
        .enumerate()
    {
        let mut batch = vec![set(&clock, EntityKind::Partner, "a", "name", name)];
        if i % 2 == 0 {
            batch.push(
                Edit::set(
                    EntityKind::TaskTick,
                    "a:p1.care_service.map_needs",
                    "done",
                    i == 0,
                )
                .stamped(clock.now()),
            );
        }
        db.commit(&batch).await.unwrap();
        all.extend(batch);
    }
    db.commit(&[
        Edit::delete(EntityKind::TaskTick, "a:p1.care_service.map_needs").stamped(clock.now()),
    ])
    .await
    .unwrap();
    let outbox = outbox(&db).all().await.unwrap();
    assert_eq!(outbox.len(), all.len() + 1);
    assert_eq!(&outbox[..all.len()], &all[..]);
    assert!(outbox.windows(2).all(|w| w[0].stamp < w[1].stamp));
    let records = db.records().await.unwrap();
    let state = ProgrammeState::from_records(&records);
    assert!(state.task_ticks.is_empty(), "the tick was deleted");
    assert_eq!(
        records
            .iter()
            .find(|r| r.kind == EntityKind::Partner)
            .and_then(|r| r.str("name")),
        Some("Solhavn")
    );
}

#[wasm_bindgen_test]
async fn a_version_1_database_with_data_upgrades() {
    let clock = clock();
    let name = "t-upgrade";
    Database::delete_by_name(name).unwrap().await.unwrap();
    let ops = vec![
        set(
            &clock,
            EntityKind::Programme,
            "prog",
            "municipality",
            "Aarhus Kommune",
        ),
        set(&clock, EntityKind::Partner, "a", "name", "Solhaven"),
        set(&clock, EntityKind::Partner, "a", "kind", "care_service"),
    ];
    {
        // Write the data the way version 1 stored it: ops and records, no outbox.
        let v1 = Db::open_version(name, 1, || panic!("blocked"))
            .await
            .unwrap();
        v1.close();
        let raw = Database::open(name).with_version(1u32).await.unwrap();
        let names: Vec<String> = raw.object_store_names().collect();
        assert_eq!(names, ["meta", "ops", "records"]);
        let tx = raw
            .transaction(["ops", "records"])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        let (op_store, record_store) = (
            tx.object_store("ops").unwrap(),
            tx.object_store("records").unwrap(),
        );
        for op in &ops {
            op_store.add(op).serde().unwrap().await.unwrap();
        }
        for record in merge(&ops).values() {
            record_store.put(record).serde().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        raw.close();
    }

    let db = Rc::new(Db::open(name, || panic!("blocked")).await.unwrap());
    assert_eq!(
        outbox(&db).all().await.unwrap(),
        ops,
        "v1's unsent operations are in the outbox"
    );
    let partners: Vec<Record> = db.records_of(EntityKind::Partner).await.unwrap();
    assert_eq!(partners.len(), 1, "the new index covers the old records");
    assert_eq!(partners[0].str("name"), Some("Solhaven"));
    assert_eq!(
        db.records().await.unwrap(),
        merge(&ops).into_values().collect::<Vec<_>>(),
        "v3 moved every record into its JSON store"
    );
    // And the upgraded database keeps working.
    db.commit(&[set(&clock, EntityKind::Partner, "a", "leader", "Lone")])
        .await
        .unwrap();
    assert_eq!(outbox(&db).all().await.unwrap().len(), 4);
    // v4's index finds an entity's operations: letting go of one uses it.
    let gone = samskab_domain::api::Gone {
        kind: EntityKind::Partner,
        entity: "a".into(),
    };
    db.pulled(&[], &[gone], 5).await.unwrap();
    assert!(db.records_of(EntityKind::Partner).await.unwrap().is_empty());
    assert_eq!(
        db.ops().await.unwrap().len(),
        1,
        "only the programme's op is left"
    );
}

#[wasm_bindgen_test]
async fn a_blocked_upgrade_is_reported_and_then_proceeds() {
    let name = "t-blocked";
    Database::delete_by_name(name).unwrap().await.unwrap();
    let old = Db::open_version(name, 1, || panic!("blocked"))
        .await
        .unwrap();
    let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = blocked.clone();
    let opening = Db::open(name, move || flag.set(true));
    let release = async {
        // Give the open request time to meet the old connection, then let go of it.
        sleep_ms(200).await;
        old.close();
    };
    let (db, ()) = futures::join!(opening, release);
    assert!(blocked.get(), "the blocked callback ran");
    outbox(&Rc::new(db.unwrap())).all().await.unwrap();
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn merging_operations_from_elsewhere_is_idempotent_and_keeps_newer_values() {
    let here = clock();
    let there = Clock::new(DeviceId::new(8).unwrap(), wall);
    let db = fresh("t-merge").await;
    let older = set(&there, EntityKind::Partner, "a", "name", "Old name");
    // Within the same millisecond the device id breaks the tie; make "newer" later.
    here.observe(&older.stamp);
    let newer = set(&here, EntityKind::Partner, "a", "name", "New name");
    let other = set(&there, EntityKind::Partner, "b", "name", "Bravo IT");
    db.commit(std::slice::from_ref(&newer)).await.unwrap();
    let incoming = [older.clone(), other.clone()];
    db.merge(&incoming).await.unwrap();
    // The same backup restored twice: no error, nothing doubled.
    db.merge(&incoming).await.unwrap();
    let records = db.records().await.unwrap();
    let names: Vec<_> = records.iter().map(|r| r.str("name").unwrap()).collect();
    assert_eq!(names, ["New name", "Bravo IT"]);
    assert_eq!(db.ops().await.unwrap().len(), 3);
    assert_eq!(outbox(&db).all().await.unwrap().len(), 3);
}

#[wasm_bindgen_test]
async fn a_current_snapshot_is_read_and_an_older_one_ignored() {
    let clock = clock();
    let db = fresh("t-snapshot").await;
    let written = db
        .commit(&[
            set(&clock, EntityKind::Partner, "a", "name", "Solhaven"),
            set(&clock, EntityKind::Partner, "b", "name", "Bravo IT"),
        ])
        .await
        .unwrap();
    assert_eq!(written.generation, 1);
    let records = db.records().await.unwrap();
    assert_eq!(
        db.load_records().await.unwrap(),
        (records.clone(), Loaded::Records, 1),
        "no snapshot yet"
    );
    assert!(db.save_snapshot(snapshot_json(&records), 1).await.unwrap());
    assert_eq!(
        db.load_records().await.unwrap(),
        (records, Loaded::Snapshot, 1)
    );
    // A later write makes the snapshot older than the records: they are read instead.
    db.commit(&[set(&clock, EntityKind::Partner, "a", "leader", "Lone")])
        .await
        .unwrap();
    let (loaded, from, generation) = db.load_records().await.unwrap();
    assert_eq!((from, generation), (Loaded::Records, 2));
    assert_eq!(loaded, db.records().await.unwrap());
    assert_eq!(loaded[0].str("leader"), Some("Lone"));
}

#[wasm_bindgen_test]
async fn a_pull_with_nothing_new_keeps_the_snapshot_current() {
    let clock = clock();
    let db = fresh("t-quiet-pull").await;
    let mine = set(&clock, EntityKind::Partner, "a", "name", "Alfa IT");
    db.commit(std::slice::from_ref(&mine)).await.unwrap();
    let records = db.records().await.unwrap();
    assert!(db.save_snapshot(snapshot_json(&records), 1).await.unwrap());
    // Nothing new (and what the device has already): only the checkpoint moves.
    let quiet = db.pulled(&[mine], &[], 7).await.unwrap();
    assert_eq!(
        (quiet.generation, outbox(&db).checkpoint().await.unwrap()),
        (1, 7)
    );
    assert_eq!(db.load_records().await.unwrap().1, Loaded::Snapshot);
}

#[wasm_bindgen_test]
async fn a_tab_that_missed_another_tabs_write_saves_no_snapshot() {
    let clock = clock();
    // Two tabs: two connections to one database.
    let (one, other) = (
        fresh("t-two-tabs").await,
        Db::open("t-two-tabs", || {}).await.unwrap(),
    );
    one.commit(&[set(&clock, EntityKind::Partner, "a", "name", "Alfa IT")])
        .await
        .unwrap();
    let (seen_by_one, _, at) = one.load_records().await.unwrap();
    other
        .commit(&[set(&clock, EntityKind::Partner, "b", "name", "Bravo IT")])
        .await
        .unwrap();
    // The first tab's records lack Bravo: saved for the generation it saw, they are not.
    assert!(
        !one.save_snapshot(snapshot_json(&seen_by_one), at)
            .await
            .unwrap()
    );
    let (records, from, _) = other.load_records().await.unwrap();
    assert_eq!(from, Loaded::Records);
    let names: Vec<_> = records.iter().filter_map(|r| r.str("name")).collect();
    assert_eq!(names, ["Alfa IT", "Bravo IT"]);
    // Read afresh, the records are current, and a snapshot of them is saved and read.
    assert!(
        one.save_snapshot(snapshot_json(&records), at + 1)
            .await
            .unwrap()
    );
    assert_eq!(other.load_records().await.unwrap().1, Loaded::Snapshot);
}

#[wasm_bindgen_test]
async fn pulled_operations_keep_their_checkpoint_and_stay_out_of_the_outbox() {
    let here = clock();
    let there = Clock::new(DeviceId::new(8).unwrap(), wall);
    let db = fresh("t-pull").await;
    assert_eq!(outbox(&db).checkpoint().await.unwrap(), 0);
    let mine: Vec<Op> = (0..3)
        .map(|i| set(&here, EntityKind::Partner, &format!("m{i}"), "name", "Mine"))
        .collect();
    db.commit(&mine).await.unwrap();
    let theirs = set(&there, EntityKind::Partner, "t", "name", "Theirs");
    db.pulled(std::slice::from_ref(&theirs), &[], 42)
        .await
        .unwrap();
    // A page pulled again (a lost reply) changes nothing but the checkpoint.
    db.pulled(std::slice::from_ref(&theirs), &[], 43)
        .await
        .unwrap();
    assert_eq!(outbox(&db).checkpoint().await.unwrap(), 43);
    assert_eq!(db.ops().await.unwrap().len(), 4);
    assert_eq!(
        outbox(&db).all().await.unwrap(),
        mine,
        "only this device's own operations"
    );

    // Shipping takes the oldest first and removes exactly what was acknowledged.
    assert_eq!(outbox(&db).len().await.unwrap(), 3);
    let batch = outbox(&db).batch(2).await.unwrap();
    assert_eq!(batch, mine[..2]);
    outbox(&db).shipped(&batch).await.unwrap();
    assert_eq!(outbox(&db).all().await.unwrap(), mine[2..]);
    assert_eq!(
        db.ops().await.unwrap().len(),
        4,
        "shipped operations stay in the op-log"
    );

    // A failing page stores neither its operations nor its checkpoint.
    let fresh_op = set(&there, EntityKind::Partner, "y", "name", "Fine");
    let mut page = vec![fresh_op.clone(), fresh_op];
    page[1].entity = "z".into();
    assert!(
        db.pulled(&page, &[], 99).await.is_err(),
        "two operations with one stamp"
    );
    assert_eq!(outbox(&db).checkpoint().await.unwrap(), 43);

    // Remembering a server (or forgetting it) starts pulling from the beginning.
    let access = samskab::storage::SyncAccess {
        token: "t".into(),
        programme: "p".into(),
        access: samskab_domain::scope::Access::coordinator(),
    };
    outbox(&db).set_access(Some(&access)).await.unwrap();
    assert_eq!(outbox(&db).access().await.unwrap(), Some(access));
    assert_eq!(outbox(&db).checkpoint().await.unwrap(), 0);
}

/// Compares IndexedDB with the domain's model of a device (the sync simulation runs on
/// the model): records, op-log and outbox.
async fn same_as_model(db: &Rc<Db>, model: &samskab_domain::replica::Replica, what: &str) {
    let records = db.records().await.unwrap();
    let expected: Vec<Record> = model.records.values().cloned().collect();
    assert_eq!(records, expected, "records after {what}");
    let ops = db.ops().await.unwrap();
    let expected: Vec<Op> = model.ops.values().cloned().collect();
    assert_eq!(ops, expected, "op-log after {what}");
    let outbox: Vec<_> = outbox(db)
        .all()
        .await
        .unwrap()
        .iter()
        .map(|op| op.stamp)
        .collect();
    let expected: Vec<_> = model.outbox.iter().copied().collect();
    assert_eq!(outbox, expected, "outbox after {what}");
}

fn fixed() -> uhlc::NTP64 {
    ntp64_from_unix_millis(1_790_000_000_000.0)
}

fn fast() -> uhlc::NTP64 {
    ntp64_from_unix_millis(1_790_000_000_000.0 + 30.0 * 86_400_000.0)
}

#[wasm_bindgen_test]
async fn sync_takes_back_lets_go_erases_and_remakes_as_the_model_does() {
    use samskab_domain::api::Gone;
    use samskab_domain::replica::Replica;

    let db = fresh("t-model").await;
    let mut model = Replica::default();
    let there = Clock::new(DeviceId::new(8).unwrap(), fixed);
    // This device's clock runs 30 days fast, and two clocks stamp alike here and there.
    let (here, here_model) = (
        Clock::new(DeviceId::new(7).unwrap(), fast),
        Clock::new(DeviceId::new(7).unwrap(), fast),
    );
    let e = |kind, entity: &str, field: &str, value: serde_json::Value| {
        Edit::set(kind, entity, field, value)
    };
    let page = vec![
        e(EntityKind::Volunteer, "bo", "name", "Bo Berg".into()).stamped(there.now()),
        e(EntityKind::Volunteer, "bo", "phone", "12345678".into()).stamped(there.now()),
        e(
            EntityKind::OnboardingStep,
            "bo:screened",
            "note",
            "ok".into(),
        )
        .stamped(there.now()),
        e(EntityKind::Visit, "s", "volunteer", "bo".into()).stamped(there.now()),
        e(
            EntityKind::VisitOccurrence,
            "s:2026-12-01",
            "note",
            "Bo kom".into(),
        )
        .stamped(there.now()),
        e(
            EntityKind::VisitOccurrence,
            "s:2026-12-01",
            "minutes",
            60.into(),
        )
        .stamped(there.now()),
        e(EntityKind::Volunteer, "eva", "phone", "87654321".into()).stamped(there.now()),
    ];
    db.pulled(&page, &[], 7).await.unwrap();
    model.pulled(&page, &[], 7);
    same_as_model(&db, &model, "a page").await;

    // Local changes with a clock far ahead; one is refused and taken back.
    for op in &page {
        here.observe(&op.stamp);
        here_model.observe(&op.stamp);
    }
    let mine: Vec<Op> = vec![
        e(EntityKind::Partner, "a", "name", "Solhaven".into()),
        e(EntityKind::Partner, "a", "leader", "Lone".into()),
        e(EntityKind::Volunteer, "eva", "skills", "Tablets".into()),
    ]
    .into_iter()
    .map(|edit| edit.stamped(here.now()))
    .collect();
    for _ in &mine {
        here_model.now();
    }
    db.commit(&mine).await.unwrap();
    model.commit(&mine);
    db.rewrite(
        &samskab::storage::Rewrite {
            take_back: vec![mine[1].stamp],
            ..Default::default()
        },
        &here,
    )
    .await
    .unwrap();
    model.take_back(&[mine[1].stamp]);
    same_as_model(&db, &model, "a take-back").await;

    // The server says the time: the rest is re-made, after everything held.
    here.trust(1_790_000_000_000);
    here_model.trust(1_790_000_000_000);
    let far = db.far_ahead(&here).await.unwrap();
    assert_eq!(far, model.far_ahead(&here_model));
    assert_eq!(far.len(), 2);
    let rewritten = db
        .rewrite(
            &samskab::storage::Rewrite {
                remake: far.clone(),
                ..Default::default()
            },
            &here,
        )
        .await
        .unwrap();
    let remade = model.remake(&far, &here_model);
    assert_eq!(rewritten.remade, remade);
    assert!(remade.iter().all(|op| !here.too_far_ahead(&op.stamp)));
    same_as_model(&db, &model, "re-making").await;

    // Eva leaves this device's sight; Bo is erased.
    let gone = [Gone {
        kind: EntityKind::Volunteer,
        entity: "eva".into(),
    }];
    // The server names what the erasure removed; the device removes exactly that.
    let removed: Vec<_> = page
        .iter()
        .filter(|op| samskab_domain::erasure::carries(op, "bo", |s| s == "s"))
        .map(|op| op.stamp)
        .collect();
    let mut erase = vec![Edit::erase(EntityKind::Volunteer, "bo").stamped(there.now())];
    erase[0].change = samskab_domain::Change::Erase { removed };
    db.pulled(&erase, &gone, 9).await.unwrap();
    model.pulled(&erase, &gone, 9);
    same_as_model(&db, &model, "letting go and an erasure").await;
    let all = format!("{:?}", db.ops().await.unwrap());
    for secret in ["12345678", "87654321", "Bo Berg", "Bo kom"] {
        assert!(!all.contains(secret), "{secret} is still stored");
    }
    let occurrence = db
        .records()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.entity == "s:2026-12-01")
        .unwrap();
    assert_eq!(occurrence.get("minutes"), Some(&serde_json::json!(60)));

    // An old page (from before the erasure) and an old backup bring nothing back: the
    // store holds back what the server removes (`erasure::held_back`), then writes.
    let held_back = samskab_domain::erasure::held_back(&page, &model.records);
    let kept: Vec<Op> = page
        .iter()
        .filter(|op| !held_back.contains(&op.stamp))
        .cloned()
        .collect();
    db.pulled(&kept, &[], 10).await.unwrap();
    model.pulled(&page, &[], 10);
    same_as_model(&db, &model, "an old page").await;
    let stale: Vec<Op> = page
        .iter()
        .filter(|op| !samskab_domain::erasure::carries_erased(op, &model.records))
        .cloned()
        .collect();
    db.merge(&stale).await.unwrap();
    model.merge(&page);
    same_as_model(&db, &model, "an old backup").await;
    assert!(!format!("{:?}", db.ops().await.unwrap()).contains("12345678"));
}

#[wasm_bindgen_test]
async fn a_whole_op_replaces_its_redacted_copy_in_indexeddb() {
    let db = fresh("t-redacted").await;
    let there = clock();
    let whole = Edit::set(EntityKind::Volunteer, "bo", "name", "Bo Berg").stamped(there.now());
    let mut copy = whole.clone();
    copy.change = Edit::set(EntityKind::Volunteer, "bo", "name", "Bo").change;
    copy.redacted = true;
    db.pulled(std::slice::from_ref(&copy), &[], 1)
        .await
        .unwrap();
    // A redacted copy never goes back to a server, even from a backup.
    db.merge(std::slice::from_ref(&copy)).await.unwrap();
    assert!(outbox(&db).all().await.unwrap().is_empty());
    let written = db
        .pulled(std::slice::from_ref(&whole), &[], 2)
        .await
        .unwrap();
    assert_eq!(written.rebuilt[0].str("name"), Some("Bo Berg"));
    assert_eq!(db.records().await.unwrap()[0].str("name"), Some("Bo Berg"));
    assert_eq!(db.ops().await.unwrap(), [whole]);
}
