//! The op-log in IndexedDB: operations, merged records and the outbox, written together.
//!
//! Schema (see ARCHITECTURE.md):
//! - v1: `ops` (key path `stamp`), `records` (key path `key`), `meta` (out-of-line keys).
//! - v2: adds `outbox` (key path `stamp`) filled with every operation v1 held, since none
//!   of them has been shipped, and the `by_kind` index on `records`.
//! - v3: records move to `records_json` (key path `key`, index `by_kind`), each stored as
//!   `{key, kind, json}`: the record as one JSON string reads back several times faster
//!   than a tree of JS objects (the scale benchmark's 44,000 records). The upgrade copies
//!   every record across and deletes the old store.
//! - v4: adds the `by_entity` index on `ops`, for what sync takes back, lets go of or
//!   erases (see `rewrite`).

mod error;
pub mod marker;
mod rewrite;

use std::collections::{BTreeMap, BTreeSet};

use futures::future::join_all;

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use samskab_domain::api::Gone;
use samskab_domain::{Change, DeviceId, EntityKind, Op, Record};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

pub use error::StorageError;
pub use rewrite::{Rewrite, Rewritten};

/// The database the app uses; tests use their own names.
pub const DB_NAME: &str = "samskab";
pub const SCHEMA_VERSION: u32 = 4;

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

/// How this device reaches the sync server: its token and what it may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncAccess {
    pub token: String,
    pub programme: String,
    pub access: samskab_domain::scope::Access,
}

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

/// The records as the JSON a snapshot holds: one string reads back several times faster
/// than every record one by one (the scale benchmark's 44,000 records).
pub fn snapshot_json<'a>(records: impl IntoIterator<Item = &'a Record>) -> String {
    let records: Vec<&Record> = records.into_iter().collect();
    serde_json::to_string(&records).expect("records always serialise")
}

/// Where loaded records came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The snapshot was current.
    Snapshot,
    /// Every record was read (no snapshot, or an older one).
    Records,
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

fn records_of(
    stored: impl Iterator<Item = std::result::Result<Stored, indexed_db_futures::error::Error>>,
) -> Result<Vec<Record>> {
    stored.map(|s| s?.record()).collect()
}

/// What a write did: the operations new to the device (merged into the records by the
/// rule), and the records it had to rebuild or remove (a whole op replacing a redacted
/// copy, what left the device's sight, an erasure); and the generation it made. Other
/// tabs of the device are told it (see `state::tabs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Written {
    pub new_ops: Vec<Op>,
    pub rebuilt: Vec<Record>,
    pub removed: Vec<String>,
    pub generation: u64,
}

/// Where a write's operations come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Write {
    /// Made on this device: new, and for the outbox.
    Local,
    /// From a backup: some may be known; the new ones go to the outbox too.
    Restored,
    /// From the server: some may be known; none go to the outbox.
    Pulled { checkpoint: i64 },
}

/// An open connection to the programme's database.
pub struct Db {
    db: Database,
    /// Lets go when another tab opens a newer version (see `on_superseded`).
    on_versionchange: Option<Closure<dyn FnMut(web_sys::IdbVersionChangeEvent)>>,
}

impl Db {
    /// Opens (creating or upgrading) the database. `on_blocked` runs if another tab
    /// holds an older version open; the open then waits until that tab lets go.
    pub async fn open(name: &str, on_blocked: impl FnOnce() + 'static) -> Result<Db> {
        Db::open_version(name, SCHEMA_VERSION, on_blocked).await
    }

    /// Opens at a given schema version (tests build version-1 databases this way).
    pub async fn open_version(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Db> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_: VersionChangeEvent| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed_fut(|event: VersionChangeEvent, db: Database| async move {
                let old = event.old_version() as u32;
                let new = event.new_version().map_or(0, |v| v as u32);
                if old < 1 && new >= 1 {
                    db.create_object_store(OPS)
                        .with_key_path("stamp".into())
                        .build()?;
                    db.create_object_store(RECORDS_V1)
                        .with_key_path("key".into())
                        .build()?;
                    db.create_object_store(META).build()?;
                }
                if old < 2 && new >= 2 {
                    let outbox = db
                        .create_object_store(OUTBOX)
                        .with_key_path("stamp".into())
                        .build()?;
                    let tx = outbox.transaction();
                    tx.object_store(RECORDS_V1)?
                        .create_index(BY_KIND, "kind".into())
                        .build()?;
                    // Copy v1's operations into the outbox within the upgrade transaction.
                    let ops: Vec<Op> = all(&tx.object_store(OPS)?).await?;
                    for op in &ops {
                        outbox.add(op).serde()?.await?;
                    }
                }
                if old < 3 && new >= 3 {
                    let records = db
                        .create_object_store(RECORDS)
                        .with_key_path("key".into())
                        .build()?;
                    records.create_index(BY_KIND, "kind".into()).build()?;
                    let old_records: Vec<Record> =
                        all(&records.transaction().object_store(RECORDS_V1)?).await?;
                    for record in &old_records {
                        records.add(Stored::of(record)).serde()?.await?;
                    }
                    db.delete_object_store(RECORDS_V1)?;
                }
                if old < 4 && new >= 4 {
                    // The upgrade's transaction is reached through a store made in it; a
                    // scratch store serves, and goes again at once.
                    let scratch = db.create_object_store(UPGRADE_SCRATCH).build()?;
                    scratch
                        .transaction()
                        .object_store(OPS)?
                        .create_index(BY_ENTITY, "entity".into())
                        .build()?;
                    db.delete_object_store(UPGRADE_SCRATCH)?;
                }
                Ok(())
            })
            .await?;
        Ok(Db {
            db,
            on_versionchange: None,
        })
    }

    pub fn close(self) {
        self.db.close();
    }

    /// When another tab opens a newer version of the database (an update), or deletes
    /// it, this connection lets go so that tab is not blocked: writes under way still
    /// finish, later ones fail. `superseded` is told which (`true`: deleted).
    pub fn on_superseded(&mut self, superseded: impl FnOnce(bool) + 'static) {
        let db = self.db.as_sys().clone();
        let mut superseded = Some(superseded);
        let listener = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
            move |event: web_sys::IdbVersionChangeEvent| {
                db.close();
                if let Some(superseded) = superseded.take() {
                    superseded(event.new_version().is_none());
                }
            },
        );
        self.db
            .as_sys()
            .set_onversionchange(Some(listener.as_ref().unchecked_ref()));
        self.on_versionchange = Some(listener);
    }

    /// Writes operations, their merged records and their outbox entries in one
    /// transaction: all of it is stored, or none of it.
    pub async fn commit(&self, ops: &[Op]) -> Result<Written> {
        self.write(ops, Write::Local, &[]).await
    }

    /// Merges operations made elsewhere (a restored backup) in one transaction.
    /// Operations the device already holds are skipped, so merging the same ones again
    /// changes nothing; the new ones also go to the outbox (but for redacted copies, which
    /// are the server's to send), so a server gets them even if the device they came from
    /// never synced.
    pub async fn merge(&self, ops: &[Op]) -> Result<Written> {
        self.write(ops, Write::Restored, &[]).await
    }

    /// Merges operations pulled from the server, lets go of what left this device's
    /// sight, and stores the pull's checkpoint, all in one transaction, so a page is
    /// never applied without its checkpoint or the other way round. They do not go to
    /// the outbox: the server has them.
    pub async fn pulled(&self, ops: &[Op], gone: &[Gone], checkpoint: i64) -> Result<Written> {
        self.write(ops, Write::Pulled { checkpoint }, gone).await
    }

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

    async fn write(&self, ops: &[Op], write: Write, gone: &[Gone]) -> Result<Written> {
        let skip_known = write != Write::Local;
        let tx = self.read_write_all()?;
        let (op_store, record_store, outbox, meta) = (
            tx.object_store(OPS)?,
            tx.object_store(RECORDS)?,
            tx.object_store(OUTBOX)?,
            tx.object_store(META)?,
        );
        // Every write makes any snapshot older than the records.
        let next_generation = counter(&meta, GENERATION_KEY).await? + 1;
        // First what left this device's sight: one still seen in part comes again in
        // this very page.
        let mut removed = rewrite::let_go(&op_store, &record_store, &outbox, gone).await?;
        let known: BTreeSet<String> = if skip_known {
            op_store
                .get_all_keys::<String>()
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?
        } else {
            BTreeSet::new()
        };
        let (new_ops, again): (Vec<&Op>, Vec<&Op>) = ops
            .iter()
            .partition(|op| !known.contains(&op.stamp.to_string()));
        // A whole operation replaces the redacted copy the device holds, and the server's
        // erasure (naming what it removed) this device's own.
        let mut replace = Vec::new();
        let may_replace = |op: &&Op| {
            let name = matches!(&op.change, Change::Set { field, .. } if field == "name");
            (!op.redacted && op.kind == EntityKind::Volunteer && name) || !op.removed().is_empty()
        };
        for op in again.into_iter().filter(may_replace) {
            let stored: Option<Op> = op_store.get(op.stamp.to_string()).serde()?.await?;
            if stored.is_some_and(|held| {
                (held.redacted && !op.redacted) || held.removed().len() < op.removed().len()
            }) {
                replace.push(op.clone());
            }
        }
        // Read every touched record with requests in flight together, not one by one.
        let keys: BTreeSet<String> = new_ops.iter().map(|op| op.record_key()).collect();
        let mut reads = Vec::with_capacity(keys.len());
        for key in &keys {
            reads.push(record_store.get::<Stored, _, _>(key.as_str()).serde()?);
        }
        let mut touched: BTreeMap<String, Record> = BTreeMap::new();
        for (key, stored) in keys.into_iter().zip(join_all(reads).await) {
            if let Some(stored) = stored? {
                touched.insert(key, stored.record()?);
            }
        }
        for op in &new_ops {
            touched
                .entry(op.record_key())
                .or_insert_with(|| Record::for_op(op))
                .apply(op);
        }
        // Writes are not awaited one by one: a failing one aborts the transaction, and
        // the commit below then fails, so all of it is stored or none of it. `add`, not
        // `put`, for operations: they are immutable, and a second one with the same stamp
        // is a bug that must abort the whole transaction.
        let to_js = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        for op in &new_ops {
            // Converted once for both stores (a restore writes hundreds of thousands).
            let js = op
                .serialize(&to_js)
                .map_err(|e| StorageError::Failed(e.to_string()))?;
            drop(op_store.add(js.clone()).primitive()?);
            if !matches!(write, Write::Pulled { .. }) && !op.redacted {
                drop(outbox.add(js).primitive()?);
            }
        }
        if let Write::Pulled { checkpoint } = write {
            drop(
                meta.put(checkpoint.to_string())
                    .with_key(CHECKPOINT_KEY)
                    .primitive()?,
            );
        }
        for record in touched.values() {
            drop(record_store.put(Stored::of(record)).serde()?);
        }
        // What changes stored records rather than adding to them: rebuilt from the ops.
        let mut rebuild: BTreeSet<(EntityKind, String)> = BTreeSet::new();
        for op in &replace {
            drop(op_store.put(op).serde()?);
            rebuild.insert((op.kind, op.entity.clone()));
        }
        // Let go of and sent again in part: the stored record replaces the one in memory.
        let resent: Vec<Record> = removed
            .iter()
            .filter_map(|key| touched.get(key).cloned())
            .collect();
        removed.retain(|key| !touched.contains_key(key));
        // What the server's erasures removed goes here too.
        for stamp in ops.iter().flat_map(|op| op.removed()) {
            let held: Option<Op> = op_store.get(stamp.to_string()).serde()?.await?;
            if let Some(held) = held {
                rebuild.insert((held.kind, held.entity));
            }
            drop(op_store.delete(stamp.to_string()).primitive()?);
            drop(outbox.delete(stamp.to_string()).primitive()?);
        }
        let (mut rebuilt, mut left) = rewrite::rebuild(&op_store, &record_store, &rebuild).await?;
        removed.append(&mut left);
        let known: BTreeSet<String> = rebuilt.iter().map(|r| r.key.clone()).collect();
        rebuilt.extend(resent.into_iter().filter(|r| !known.contains(&r.key)));
        // What was taken out must not linger in the snapshot either.
        if !rebuilt.is_empty() || !removed.is_empty() {
            drop(meta.delete(SNAPSHOT_KEY).primitive()?);
        }
        // A write that changes no record (a pull with nothing new) leaves the generation,
        // so the snapshot stays current and no tab rewrites it.
        let changed = !new_ops.is_empty() || !rebuilt.is_empty() || !removed.is_empty();
        let generation = if changed {
            next_generation
        } else {
            next_generation - 1
        };
        if changed {
            drop(
                meta.put(next_generation.to_string())
                    .with_key(GENERATION_KEY)
                    .primitive()?,
            );
        }
        commit(tx).await?;
        Ok(Written {
            new_ops: new_ops.into_iter().cloned().collect(),
            rebuilt,
            removed,
            generation,
        })
    }

    /// Every record, live or tombstoned: from the snapshot when it is current, else one
    /// by one; and the generation they are at least at.
    pub async fn load_records(&self) -> Result<(Vec<Record>, Loaded, u64)> {
        let tx = self.db.transaction(META).build()?;
        let meta = tx.object_store(META)?;
        let current = counter(&meta, GENERATION_KEY).await?;
        let snapshot: Option<String> =
            if counter(&meta, SNAPSHOT_GENERATION_KEY).await? == current && current > 0 {
                meta.get(SNAPSHOT_KEY).primitive()?.await?
            } else {
                None
            };
        drop(tx);
        mark("samskab:snapshot-fetched");
        // An unreadable snapshot is only a lost shortcut: the records are the truth.
        if let Some(records) = snapshot.and_then(|s| serde_json::from_str(&s).ok()) {
            return Ok((records, Loaded::Snapshot, current));
        }
        Ok((self.records().await?, Loaded::Records, current))
    }

    /// Stores records (made by [`snapshot_json`]) as the snapshot, if they are those of
    /// the stored generation: `generation` is the one the caller's records are known to
    /// be exactly at (every write up to it seen, none since). Another tab's write since
    /// makes it stale, and nothing is saved; returns whether it was.
    pub async fn save_snapshot(&self, records_json: String, generation: u64) -> Result<bool> {
        let tx = self.read_write(META)?;
        let meta = tx.object_store(META)?;
        if counter(&meta, GENERATION_KEY).await? != generation {
            return Ok(false);
        }
        meta.put(records_json)
            .with_key(SNAPSHOT_KEY)
            .primitive()?
            .await?;
        meta.put(generation.to_string())
            .with_key(SNAPSHOT_GENERATION_KEY)
            .primitive()?
            .await?;
        commit(tx).await?;
        Ok(true)
    }

    /// Every record, live or tombstoned.
    pub async fn records(&self) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let stored = tx.object_store(RECORDS)?.get_all().serde()?.await?;
        mark("samskab:records-fetched");
        let stored: Vec<Stored> = stored.collect::<std::result::Result<_, _>>()?;
        mark("samskab:records-unwrapped");
        stored.iter().map(Stored::record).collect()
    }

    /// The records with these keys as stored now (those with none are left out).
    pub async fn records_with_keys(&self, keys: &[String]) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let store = tx.object_store(RECORDS)?;
        let reads = keys
            .iter()
            .map(|key| store.get(key.as_str()).serde())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut records = Vec::new();
        for stored in join_all(reads).await {
            let stored: Option<Stored> = stored?;
            if let Some(stored) = stored {
                records.push(stored.record()?);
            }
        }
        Ok(records)
    }

    /// Every record and the generation they are at, read together.
    pub async fn records_at(&self) -> Result<(Vec<Record>, u64)> {
        let tx = self.db.transaction([RECORDS, META]).build()?;
        let generation = counter(&tx.object_store(META)?, GENERATION_KEY).await?;
        let stored: Vec<Stored> = all(&tx.object_store(RECORDS)?).await?;
        let records = stored.iter().map(Stored::record).collect::<Result<_>>()?;
        Ok((records, generation))
    }

    /// The records of one kind, through the `by_kind` index.
    pub async fn records_of(&self, kind: EntityKind) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let store = tx.object_store(RECORDS)?;
        let index = store.index(BY_KIND)?;
        records_of(index.get_all().with_query(kind.key()).serde()?.await?)
    }

    /// Operations not yet shipped to a server, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        Ok(all(&tx.object_store(OUTBOX)?).await?)
    }

    /// The oldest `limit` operations not yet shipped (stamps sort by time).
    pub async fn outbox_batch(&self, limit: u32) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        Ok(store
            .get_all()
            .with_limit(limit)
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?)
    }

    /// How many operations wait for a server.
    pub async fn outbox_len(&self) -> Result<u32> {
        let tx = self.db.transaction(OUTBOX).build()?;
        Ok(tx.object_store(OUTBOX)?.count().await?)
    }

    /// Takes operations the server has acknowledged (or refused for good) out of the
    /// outbox. They stay in the op-log.
    pub async fn shipped(&self, ops: &[Op]) -> Result<()> {
        let tx = self.read_write(OUTBOX)?;
        let outbox = tx.object_store(OUTBOX)?;
        for op in ops {
            drop(outbox.delete(op.stamp.to_string()).primitive()?);
        }
        commit(tx).await?;
        Ok(())
    }

    /// The last server sequence pulled (0 before the first pull).
    pub async fn checkpoint(&self) -> Result<i64> {
        let tx = self.db.transaction(META).build()?;
        let meta = tx.object_store(META)?;
        Ok(counter(&meta, CHECKPOINT_KEY).await? as i64)
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

    /// The server this device shares through, if any.
    pub async fn sync_access(&self) -> Result<Option<SyncAccess>> {
        let tx = self.db.transaction(META).build()?;
        let stored: Option<String> = tx
            .object_store(META)?
            .get(SYNC_ACCESS_KEY)
            .primitive()?
            .await?;
        stored
            .map(|json| {
                serde_json::from_str(&json)
                    .map_err(|e| StorageError::Corrupt(format!("sync access: {e}")))
            })
            .transpose()
    }

    /// Remembers (or, with `None`, forgets) the server and starts pulling from 0.
    pub async fn set_sync_access(&self, access: Option<&SyncAccess>) -> Result<()> {
        let tx = self.read_write(META)?;
        let meta = tx.object_store(META)?;
        match access {
            Some(access) => {
                let json = serde_json::to_string(access).expect("access always serialises");
                drop(meta.put(json).with_key(SYNC_ACCESS_KEY).primitive()?);
            }
            None => drop(meta.delete(SYNC_ACCESS_KEY).primitive()?),
        }
        drop(
            meta.put("0".to_owned())
                .with_key(CHECKPOINT_KEY)
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
