use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::clock::ntp64_from_unix_millis;
use samskab_domain::{Clock, Edit, Op, ProgrammeState, Record};

use crate::storage::{DB_NAME, Db, StorageError};

/// Where opening the database has got to.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadStatus {
    Loading,
    /// Another tab holds an older version open.
    Blocked,
    Ready,
    Failed(StorageError),
}

#[derive(Clone)]
struct Backend {
    db: Rc<Db>,
    clock: Rc<Clock>,
}

/// The programme's data: loaded from IndexedDB, changed only through [`ProgrammeStore::apply`].
#[derive(Clone, Copy)]
pub struct ProgrammeStore {
    pub status: RwSignal<LoadStatus>,
    records: RwSignal<BTreeMap<String, Record>>,
    /// The state every screen reads.
    pub state: Memo<ProgrammeState>,
    backend: StoredValue<Option<Backend>, LocalStorage>,
}

fn wall_clock() -> uhlc::NTP64 {
    ntp64_from_unix_millis(js_sys::Date::now())
}

impl ProgrammeStore {
    /// Stamps the edits, stores them durably (op-log, records and outbox in one
    /// transaction) and only then shows them. On error nothing was stored.
    pub async fn apply(&self, edits: Vec<Edit>) -> Result<(), StorageError> {
        let backend = self.backend()?;
        let ops: Vec<_> = edits
            .into_iter()
            .map(|edit| edit.stamped(backend.clock.now()))
            .collect();
        let changed = backend.db.commit(&ops).await?;
        // For the scale benchmark: when the change became durable.
        if let Some(performance) = window().performance() {
            let _ = performance.mark("samskab:durable");
        }
        self.show(changed);
        Ok(())
    }

    /// Merges operations made elsewhere (a restored backup) durably, then shows them.
    /// The merge rule keeps whatever is newer, so nothing newer on this device is lost.
    pub async fn merge(&self, ops: Vec<Op>) -> Result<(), StorageError> {
        let backend = self.backend()?;
        for op in &ops {
            // Stamps made from now on must come after everything merged; a stamp from
            // a clock too far ahead is stored but not followed.
            let _ = backend.clock.observe(&op.stamp);
        }
        let changed = backend.db.merge(&ops).await?;
        self.show(changed);
        Ok(())
    }

    /// Every operation this device holds, oldest first (for a backup).
    pub async fn all_ops(&self) -> Result<Vec<Op>, StorageError> {
        self.backend()?.db.ops().await
    }

    /// Reads the merged records without tracking (for a restore's preview).
    pub fn with_records<T>(&self, f: impl FnOnce(&BTreeMap<String, Record>) -> T) -> T {
        self.records.with_untracked(f)
    }

    fn backend(&self) -> Result<Backend, StorageError> {
        self.backend
            .get_value()
            .ok_or_else(|| StorageError::Unavailable("not open".into()))
    }

    fn show(&self, changed: Vec<Record>) {
        self.records.update(|records| {
            for record in changed {
                records.insert(record.key.clone(), record);
            }
        });
    }

    /// A fresh, globally unique entity id.
    pub fn new_id(&self) -> String {
        self.backend
            .with_value(|b| b.as_ref().map(|b| b.clock.now().to_string()))
            .unwrap_or_default()
    }
}

async fn load(on_blocked: impl FnOnce() + 'static) -> Result<(Backend, Vec<Record>), StorageError> {
    let db = Db::open(DB_NAME, on_blocked).await?;
    let device = db.device_id().await?;
    let clock = Clock::new(device, wall_clock);
    let records = db.records().await?;
    // Never stamp behind what is stored, even if this device's clock went backwards.
    for stamp in records
        .iter()
        .flat_map(|r| r.fields.values().map(|f| f.stamp).chain(r.deleted))
    {
        let _ = clock.observe(&stamp);
    }
    Ok((
        Backend {
            db: Rc::new(db),
            clock: Rc::new(clock),
        },
        records,
    ))
}

pub fn provide_programme() -> ProgrammeStore {
    let records = RwSignal::new(BTreeMap::new());
    let store = ProgrammeStore {
        status: RwSignal::new(LoadStatus::Loading),
        records,
        state: Memo::new(move |_| records.with(|r| ProgrammeState::from_records(r.values()))),
        backend: StoredValue::new_local(None),
    };
    spawn_local(async move {
        match load(move || store.status.set(LoadStatus::Blocked)).await {
            Ok((backend, loaded)) => {
                store.backend.set_value(Some(backend));
                store
                    .records
                    .set(loaded.into_iter().map(|r| (r.key.clone(), r)).collect());
                store.status.set(LoadStatus::Ready);
            }
            Err(error) => store.status.set(LoadStatus::Failed(error)),
        }
    });
    provide_context(store);
    store
}

#[track_caller]
pub fn use_programme() -> ProgrammeStore {
    expect_context()
}
