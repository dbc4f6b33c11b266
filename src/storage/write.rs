//! The one transaction path of every change to what the device holds.

use std::collections::{BTreeMap, BTreeSet};

use futures::future::join_all;
use indexed_db_futures::prelude::*;
use samskab_domain::api::Gone;
use samskab_domain::schema::volunteer;
use samskab_domain::{Change, EntityKind, Op, Record};
use serde::{Deserialize, Serialize};

use super::{
    CHECKPOINT_KEY, Db, GENERATION_KEY, META, OPS, OUTBOX, RECORDS, Result, SNAPSHOT_KEY,
    StorageError, Stored, commit, counter, rewrite,
};

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

impl Db {
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
            let name = matches!(&op.change, Change::Set { field, .. } if field == volunteer::NAME);
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
}
