//! Opening the database, and its schema (see ARCHITECTURE.md), each version upgraded
//! from every older one:
//! - v1: `ops` (key path `stamp`), `records` (key path `key`), `meta` (out-of-line keys).
//! - v2: adds `outbox` (key path `stamp`) filled with every operation v1 held, since none
//!   of them has been shipped, and the `by_kind` index on `records`.
//! - v3: records move to `records_json` (key path `key`, index `by_kind`), each stored as
//!   `{key, kind, json}`: the record as one JSON string reads back several times faster
//!   than a tree of JS objects (the scale benchmark's 44,000 records). The upgrade copies
//!   every record across and deletes the old store.
//! - v4: adds the `by_entity` index on `ops`, for what sync takes back, lets go of or
//!   erases (see `rewrite`).

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use samskab_domain::{Op, Record};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::{
    BY_ENTITY, BY_KIND, Db, META, OPS, OUTBOX, RECORDS, RECORDS_V1, Result, Stored,
    UPGRADE_SCRATCH, all,
};

/// The database the app uses; tests use their own names.
pub const DB_NAME: &str = "samskab";
pub const SCHEMA_VERSION: u32 = 4;

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

    pub fn close(&self) {
        self.db.as_sys().close();
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
}
