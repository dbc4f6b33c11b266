//! The op-log in IndexedDB: operations, merged records and the outbox, written together.
//!
//! `schema` opens the database and upgrades it; `write` is the one transaction path of
//! every change (a local edit, a restored backup, a pulled page); `snapshot` reads the
//! records back, at start from one string when it is current; `outbox` is what sync
//! ships and keeps; `rewrite` takes back, re-makes, lets go of and erases; `marker`
//! tells a deleted database from a first start.

mod error;
pub mod marker;
mod outbox;
mod rewrite;
mod schema;
mod snapshot;
mod write;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use samskab_domain::{DeviceId, EntityKind, Op, Record};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;

pub use error::StorageError;
pub use outbox::{Outbox, SyncAccess};
pub use rewrite::{Rewrite, Rewritten};
pub use schema::{DB_NAME, SCHEMA_VERSION};
pub use snapshot::{Loaded, snapshot_json};
pub use write::Written;

const OPS: &str = "ops";
const RECORDS: &str = "records_json";
/// Where v1 and v2 kept records.
const RECORDS_V1: &str = "records";
const META: &str = "meta";
const OUTBOX: &str = "outbox";
const BY_KIND: &str = "by_kind";
/// On `ops`: the entity id, so an entity's operations (and, by a range, those keyed under
/// it) are found without reading them all.
const BY_ENTITY: &str = "by_entity";
const UPGRADE_SCRATCH: &str = "upgrade_scratch";
const DEVICE_KEY: &str = "device";
/// In `meta`: how many writes the records have had, as a decimal string.
const GENERATION_KEY: &str = "generation";
/// In `meta`: every record as one JSON array (a string), and the generation it reflects
/// under a key of its own, so a stale snapshot is never read. (Keys of their own since
/// tabs check the generation they saw: a tab of an older version, still open, writes
/// `snapshot`, which may lack another tab's change, and is never read.)
const SNAPSHOT_KEY: &str = "snapshot_seen";
const SNAPSHOT_GENERATION_KEY: &str = "snapshot_seen_generation";
/// In `meta`: the server this device shares the programme through (JSON of
/// [`SyncAccess`]), and the last server sequence pulled, written with the pulled records.
const SYNC_ACCESS_KEY: &str = "sync_access";
const CHECKPOINT_KEY: &str = "sync_checkpoint";
/// In `meta`: the clock's correction by the server's time (`Clock::offset`), kept across
/// restarts so a device with a wrong clock stamps right even before its next sync.
const CLOCK_OFFSET_KEY: &str = "clock_offset";

type Result<T> = std::result::Result<T, StorageError>;

/// A record as stored since v3.
#[derive(Serialize, Deserialize)]
struct Stored {
    key: String,
    kind: EntityKind,
    json: String,
}

impl Stored {
    fn of(record: &Record) -> Stored {
        Stored {
            key: record.key.clone(),
            kind: record.kind,
            json: serde_json::to_string(record).expect("a record always serialises"),
        }
    }

    fn record(&self) -> Result<Record> {
        serde_json::from_str(&self.json)
            .map_err(|e| StorageError::Corrupt(format!("record {}: {e}", self.key)))
    }
}

/// A performance mark, for the scale benchmark to read (cheap, and harmless without one).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Every value in a store.
async fn all<T: serde::de::DeserializeOwned>(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> indexed_db_futures::Result<Vec<T>> {
    store.get_all().serde()?.await?.collect()
}

/// Commits a transaction; when it aborts (a full disk does so in Chromium, with no
/// failed request to say why), the transaction's own error names the cause.
async fn commit(tx: indexed_db_futures::transaction::Transaction<'_>) -> Result<()> {
    let sys = tx.as_sys().clone();
    tx.commit().await.map_err(|error| match sys.error() {
        Some(cause)
            if cause.name() == "QuotaExceededError"
                || cause.message().contains("FILE_ERROR_NO_SPACE") =>
        {
            StorageError::QuotaExceeded
        }
        Some(cause) => {
            leptos::logging::warn!(
                "a write was rolled back: {}: {}",
                cause.name(),
                cause.message()
            );
            StorageError::Failed(format!("{}: {}", cause.name(), cause.message()))
        }
        None => error.into(),
    })
}

/// A generation counter kept in `meta` under `key` (0 if there is none).
async fn counter(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
) -> Result<u64> {
    let stored: Option<String> = meta.get(key).primitive()?.await?;
    Ok(stored.and_then(|g| g.parse().ok()).unwrap_or(0))
}

/// An open connection to the programme's database.
pub struct Db {
    db: Database,
    /// Lets go when another tab opens a newer version (see `on_superseded`).
    on_versionchange: Option<Closure<dyn FnMut(web_sys::IdbVersionChangeEvent)>>,
}

impl Db {
    /// A read-write transaction over the op-log, records, outbox and meta: every write
    /// that changes what the device holds.
    fn read_write_all(&self) -> Result<indexed_db_futures::transaction::Transaction<'_>> {
        Ok(self
            .db
            .transaction([OPS, RECORDS, OUTBOX, META])
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// A read-write transaction over one store.
    fn read_write(&self, store: &str) -> Result<indexed_db_futures::transaction::Transaction<'_>> {
        Ok(self
            .db
            .transaction(store)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }

    /// The clock's correction, once the server's time has been learnt.
    pub async fn clock_offset(&self) -> Result<Option<i64>> {
        let tx = self.db.transaction(META).build()?;
        let stored: Option<String> = tx
            .object_store(META)?
            .get(CLOCK_OFFSET_KEY)
            .primitive()?
            .await?;
        Ok(stored.and_then(|s| s.parse().ok()))
    }

    pub async fn set_clock_offset(&self, offset: i64) -> Result<()> {
        let tx = self.read_write(META)?;
        drop(
            tx.object_store(META)?
                .put(offset.to_string())
                .with_key(CLOCK_OFFSET_KEY)
                .primitive()?,
        );
        commit(tx).await?;
        Ok(())
    }

    /// Every operation, oldest first.
    pub async fn ops(&self) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OPS).build()?;
        Ok(all(&tx.object_store(OPS)?).await?)
    }

    /// This device's id, made and stored on first use.
    pub async fn device_id(&self) -> Result<DeviceId> {
        let tx = self.read_write(META)?;
        let meta = tx.object_store(META)?;
        let stored: Option<String> = meta.get(DEVICE_KEY).primitive()?.await?;
        if let Some(id) = stored {
            return id
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("device id {id:?}")));
        }
        let id = DeviceId::random();
        meta.put(id.to_string())
            .with_key(DEVICE_KEY)
            .primitive()?
            .await?;
        commit(tx).await?;
        Ok(id)
    }
}
