//! The op-log in IndexedDB: operations, merged records and the outbox, written together.
//!
//! Schema (see ARCHITECTURE.md):
//! - v1: `ops` (key path `stamp`), `records` (key path `key`), `meta` (out-of-line keys).
//! - v2: adds `outbox` (key path `stamp`) filled with every operation v1 held, since none
//!   of them has been shipped, and the `by_kind` index on `records`.

mod error;

use std::collections::BTreeMap;

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use samskab_domain::{DeviceId, EntityKind, Op, Record};

pub use error::StorageError;

/// The database the app uses; tests use their own names.
pub const DB_NAME: &str = "samskab";
pub const SCHEMA_VERSION: u32 = 2;

const OPS: &str = "ops";
const RECORDS: &str = "records";
const META: &str = "meta";
const OUTBOX: &str = "outbox";
const BY_KIND: &str = "by_kind";
const DEVICE_KEY: &str = "device";

type Result<T> = std::result::Result<T, StorageError>;

/// An open connection to the programme's database.
pub struct Db {
    db: Database,
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
                    db.create_object_store(RECORDS)
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
                    tx.object_store(RECORDS)?
                        .create_index(BY_KIND, "kind".into())
                        .build()?;
                    // Copy v1's operations into the outbox within the upgrade transaction.
                    let ops: Vec<Op> = tx
                        .object_store(OPS)?
                        .get_all()
                        .serde()?
                        .await?
                        .collect::<std::result::Result<_, _>>()?;
                    for op in &ops {
                        outbox.add(op).serde()?.await?;
                    }
                }
                Ok(())
            })
            .await?;
        Ok(Db { db })
    }

    pub fn close(self) {
        self.db.close();
    }

    /// Writes operations, their merged records and their outbox entries in one
    /// transaction: all of it is stored, or none of it. Returns the changed records.
    pub async fn commit(&self, ops: &[Op]) -> Result<Vec<Record>> {
        self.write(ops, false).await
    }

    /// Merges operations made elsewhere (a restored backup; later, sync) in one
    /// transaction. Operations the device already holds are skipped, so merging the same
    /// ones again changes nothing; the new ones also go to the outbox, so a server gets
    /// them even if the device they came from never synced. Returns the changed records.
    pub async fn merge(&self, ops: &[Op]) -> Result<Vec<Record>> {
        self.write(ops, true).await
    }

    async fn write(&self, ops: &[Op], skip_known: bool) -> Result<Vec<Record>> {
        let tx = self
            .db
            .transaction([OPS, RECORDS, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let (op_store, record_store, outbox) = (
            tx.object_store(OPS)?,
            tx.object_store(RECORDS)?,
            tx.object_store(OUTBOX)?,
        );
        let mut touched: BTreeMap<String, Record> = BTreeMap::new();
        for op in ops {
            if skip_known {
                let stamp = op.stamp.to_string();
                let known: Option<Op> = op_store.get(stamp.as_str()).serde()?.await?;
                if known.is_some() {
                    continue;
                }
            }
            // `add`, not `put`: an operation is immutable, and a second one with the same
            // stamp is a bug that must abort the whole transaction.
            op_store.add(op).serde()?.await?;
            outbox.add(op).serde()?.await?;
            let key = op.record_key();
            if !touched.contains_key(&key) {
                let stored: Option<Record> = record_store.get(key.as_str()).serde()?.await?;
                touched.insert(key.clone(), stored.unwrap_or_else(|| Record::for_op(op)));
            }
            if let Some(record) = touched.get_mut(&key) {
                record.apply(op);
            }
        }
        for record in touched.values() {
            record_store.put(record).serde()?.await?;
        }
        tx.commit().await?;
        Ok(touched.into_values().collect())
    }

    /// Every record, live or tombstoned.
    pub async fn records(&self) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let records = tx.object_store(RECORDS)?.get_all().serde()?.await?;
        Ok(records.collect::<std::result::Result<_, _>>()?)
    }

    /// The records of one kind, through the `by_kind` index.
    pub async fn records_of(&self, kind: EntityKind) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let store = tx.object_store(RECORDS)?;
        let index = store.index(BY_KIND)?;
        let records = index.get_all().with_query(kind.key()).serde()?.await?;
        Ok(records.collect::<std::result::Result<_, _>>()?)
    }

    /// Operations not yet shipped to a server, oldest first.
    pub async fn outbox(&self) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let ops = tx.object_store(OUTBOX)?.get_all().serde()?.await?;
        Ok(ops.collect::<std::result::Result<_, _>>()?)
    }

    /// Every operation, oldest first.
    pub async fn ops(&self) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OPS).build()?;
        let ops = tx.object_store(OPS)?.get_all().serde()?.await?;
        Ok(ops.collect::<std::result::Result<_, _>>()?)
    }

    /// This device's id, made and stored on first use.
    pub async fn device_id(&self) -> Result<DeviceId> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
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
        tx.commit().await?;
        Ok(id)
    }
}
