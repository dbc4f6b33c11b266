//! Changing what is already stored, for sync: taking back operations the server refused,
//! re-making those a clock far ahead stamped, letting go of what left this device's
//! sight, and erasing a person. Each is one transaction over the op-log, the records and
//! the outbox; the records it touches are rebuilt from the operations that are left, so
//! a record always equals the merge of the stored operations.

use std::collections::{BTreeMap, BTreeSet};

use indexed_db_futures::KeyRange;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use samskab_domain::api::Gone;
use samskab_domain::op::record_key;
use samskab_domain::replica::under;
use samskab_domain::{Change, Clock, EntityKind, Op, Record, Stamp, erasure};

use super::{
    BY_ENTITY, GENERATION_KEY, META, OPS, OUTBOX, RECORDS, Result, Stored, commit, counter,
};

/// What one rewrite changes.
#[derive(Clone, Debug, Default)]
pub struct Rewrite {
    /// Operations to take back: out of the op-log and the outbox.
    pub take_back: Vec<Stamp>,
    /// Operations of this device to re-make with new stamps (a clock far ahead made
    /// them): taken back, then made again, after everything else held, for the outbox.
    pub remake: Vec<Stamp>,
    /// Whole operations replacing redacted copies with the same stamp.
    pub replace: Vec<Op>,
    /// Entities to let go of, with everything keyed under them.
    pub gone: Vec<Gone>,
    /// Volunteers erased on a device that shares no programme: every operation that
    /// carries something of them goes.
    pub erased: Vec<String>,
    /// Volunteers erased on a device that shares: their own fields and onboarding steps
    /// go at once; the notes of their visits when the server names them.
    pub erased_own: Vec<String>,
}

/// What a rewrite did to the records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rewritten {
    /// Records rebuilt from the operations left.
    pub records: Vec<Record>,
    /// Keys of records with no operation left.
    pub removed: Vec<String>,
    /// The operations made again, with their new stamps.
    pub remade: Vec<Op>,
    /// The generation the rewrite made.
    pub generation: u64,
}

/// The operations of an entity id and of the ids keyed under it, through `by_entity`.
async fn entity_ops(ops: &ObjectStore<'_>, entity: &str) -> Result<Vec<Op>> {
    let index = ops.index(super::BY_ENTITY)?;
    let mut found: Vec<Op> = index
        .get_all()
        .with_query(entity.to_owned())
        .serde()?
        .await?
        .collect::<std::result::Result<_, _>>()?;
    let (from, to) = samskab_domain::op::children_range(entity);
    let children = KeyRange::Bound(from, false, to, true);
    found.extend(
        index
            .get_all()
            .with_query::<String, _>(children)
            .serde()?
            .await?
            .collect::<std::result::Result<Vec<Op>, _>>()?,
    );
    Ok(found)
}

/// Deletes an operation from the op-log and the outbox (requests queued in order).
fn delete_op(ops: &ObjectStore<'_>, outbox: &ObjectStore<'_>, stamp: &Stamp) -> Result<()> {
    let key = stamp.to_string();
    drop(ops.delete(key.clone()).primitive()?);
    drop(outbox.delete(key).primitive()?);
    Ok(())
}

/// Rebuilds records from the operations now stored; returns them and the keys left
/// with no operation (deleted from the store).
pub(super) async fn rebuild(
    ops: &ObjectStore<'_>,
    records: &ObjectStore<'_>,
    keys: &BTreeSet<(EntityKind, String)>,
) -> Result<(Vec<Record>, Vec<String>)> {
    let mut by_entity: BTreeMap<&str, Vec<Op>> = BTreeMap::new();
    for (_, entity) in keys {
        if !by_entity.contains_key(entity.as_str()) {
            let found = ops
                .index(BY_ENTITY)?
                .get_all()
                .with_query(entity.clone())
                .serde()?
                .await?
                .collect::<std::result::Result<Vec<Op>, _>>()?;
            by_entity.insert(entity, found);
        }
    }
    let (mut rebuilt, mut removed) = (Vec::new(), Vec::new());
    for (kind, entity) in keys {
        let key = record_key(*kind, entity);
        let mut record = Record::new(*kind, entity);
        let mut any = false;
        for op in by_entity[entity.as_str()]
            .iter()
            .filter(|op| op.kind == *kind)
        {
            record.apply(op);
            any = true;
        }
        if any {
            drop(records.put(Stored::of(&record)).serde()?);
            rebuilt.push(record);
        } else {
            drop(records.delete(key.clone()).primitive()?);
            removed.push(key);
        }
    }
    Ok((rebuilt, removed))
}

/// Removes, in a transaction under way, every operation that carries something of an
/// erased volunteer; returns the entities whose records must be rebuilt.
pub(super) async fn purge_erased(
    ops: &ObjectStore<'_>,
    records: &ObjectStore<'_>,
    outbox: &ObjectStore<'_>,
    volunteer: &str,
    own_only: bool,
) -> Result<BTreeSet<(EntityKind, String)>> {
    let visits: Vec<String> = records
        .index(super::BY_KIND)?
        .get_all()
        .with_query(EntityKind::Visit.key())
        .serde()?
        .await?
        .map(|stored: std::result::Result<Stored, _>| stored?.record())
        .filter_map(|record| match record {
            Ok(r) if r.held_by.contains(volunteer) => Some(Ok(r.entity)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_>>()?;
    let theirs = |series: &str| visits.iter().any(|v| v == series);
    let mut touched = BTreeSet::new();
    for entity in std::iter::once(volunteer).chain(visits.iter().map(String::as_str)) {
        for op in entity_ops(ops, entity).await? {
            let own = matches!(op.kind, EntityKind::Volunteer | EntityKind::OnboardingStep);
            if (own || !own_only) && erasure::carries(&op, volunteer, theirs) {
                delete_op(ops, outbox, &op.stamp)?;
                touched.insert((op.kind, op.entity));
            }
        }
    }
    Ok(touched)
}

/// Removes, in a transaction under way, what left this device's sight: each entity and
/// everything keyed under it. Returns the keys of the records removed.
pub(super) async fn let_go(
    ops: &ObjectStore<'_>,
    records: &ObjectStore<'_>,
    outbox: &ObjectStore<'_>,
    gone: &[Gone],
) -> Result<Vec<String>> {
    let mut removed = BTreeSet::new();
    for gone in gone {
        for op in entity_ops(ops, &gone.entity).await? {
            if under(&op, gone) {
                delete_op(ops, outbox, &op.stamp)?;
                removed.insert(op.record_key());
            }
        }
    }
    for key in &removed {
        drop(records.delete(key.clone()).primitive()?);
    }
    Ok(removed.into_iter().collect())
}

impl super::Db {
    /// Carries out a rewrite in one transaction. `clock` stamps what is re-made: it is
    /// restarted after the greatest stamp left, so the new stamps follow everything the
    /// device holds.
    pub async fn rewrite(&self, rewrite: &Rewrite, clock: &Clock) -> Result<Rewritten> {
        let tx = self.read_write_all()?;
        let (ops, records, outbox, meta) = (
            tx.object_store(OPS)?,
            tx.object_store(RECORDS)?,
            tx.object_store(OUTBOX)?,
            tx.object_store(META)?,
        );
        let next_generation = counter(&meta, GENERATION_KEY).await? + 1;
        let mut touched: BTreeSet<(EntityKind, String)> = BTreeSet::new();
        let mut remaking = Vec::new();
        for (stamp, remake) in rewrite
            .take_back
            .iter()
            .map(|s| (s, false))
            .chain(rewrite.remake.iter().map(|s| (s, true)))
        {
            let stored: Option<Op> = ops.get(stamp.to_string()).serde()?.await?;
            if let Some(op) = stored {
                touched.insert((op.kind, op.entity.clone()));
                if remake {
                    remaking.push(op);
                }
            }
            delete_op(&ops, &outbox, stamp)?;
        }
        for op in &rewrite.replace {
            drop(ops.put(op).serde()?);
            touched.insert((op.kind, op.entity.clone()));
        }
        let removed = let_go(&ops, &records, &outbox, &rewrite.gone).await?;
        touched.retain(|(kind, entity)| !removed.contains(&record_key(*kind, entity)));
        let mut removed = removed;
        for volunteer in &rewrite.erased {
            touched.extend(purge_erased(&ops, &records, &outbox, volunteer, false).await?);
        }
        for volunteer in &rewrite.erased_own {
            touched.extend(purge_erased(&ops, &records, &outbox, volunteer, true).await?);
        }
        let mut remade = Vec::new();
        if !remaking.is_empty() {
            // The greatest stamp left: every key, minus what was taken back (keys sort
            // like stamps).
            let away: BTreeSet<String> = rewrite
                .take_back
                .iter()
                .chain(&rewrite.remake)
                .map(Stamp::to_string)
                .collect();
            let keys: Vec<String> = ops
                .get_all_keys::<String>()
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?;
            let latest = keys
                .iter()
                .rev()
                .find(|k| !away.contains(*k))
                .and_then(|k| k.parse::<Stamp>().ok());
            clock.restart_after(latest);
            let to_js = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
            for old in remaking {
                let stamp = clock.now();
                let mut op = old.clone();
                op.stamp = stamp;
                // What its author saw was before it; a far-ahead base would claim more.
                if let Change::Set { base, .. } = &mut op.change {
                    *base = base.filter(|b| *b < stamp && !away.contains(&b.to_string()));
                }
                let js = serde::Serialize::serialize(&op, &to_js)
                    .map_err(|e| super::StorageError::Failed(e.to_string()))?;
                drop(ops.add(js.clone()).primitive()?);
                drop(outbox.add(js).primitive()?);
                remade.push(op);
            }
        }
        let (rebuilt, mut left) = rebuild(&ops, &records, &touched).await?;
        removed.append(&mut left);
        // What was taken out must not linger in the snapshot either.
        drop(meta.delete(super::SNAPSHOT_KEY).primitive()?);
        drop(
            meta.put(next_generation.to_string())
                .with_key(GENERATION_KEY)
                .primitive()?,
        );
        commit(tx).await?;
        Ok(Rewritten {
            records: rebuilt,
            removed,
            remade,
            generation: next_generation,
        })
    }

    /// Puts every operation held into the outbox (but for redacted copies, the server's
    /// to send): for a programme put on a server afresh.
    pub(super) async fn requeue_all(&self) -> Result<()> {
        let tx = self
            .db
            .transaction([OPS, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let (ops, outbox) = (tx.object_store(OPS)?, tx.object_store(OUTBOX)?);
        let all: Vec<Op> = ops
            .get_all()
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        for op in all.iter().filter(|op| !op.redacted) {
            drop(outbox.put(op).serde()?);
        }
        commit(tx).await?;
        Ok(())
    }

    /// This device's own operations in the outbox that a clock far ahead stamped.
    pub async fn far_ahead(&self, clock: &Clock) -> Result<Vec<Stamp>> {
        let outbox = self.outbox_ops().await?;
        Ok(outbox
            .iter()
            .filter(|op| clock.too_far_ahead(&op.stamp))
            .map(|op| op.stamp)
            .collect())
    }

    /// Lets go of everything of the programme (access revoked): operations, records,
    /// outbox, snapshot, checkpoint and device id (a new one is made, so the device can
    /// join again). The access stays, so the device can say why.
    pub async fn forget_programme(&self) -> Result<()> {
        let tx = self.read_write_all()?;
        for store in [OPS, RECORDS, OUTBOX] {
            drop(tx.object_store(store)?.clear()?);
        }
        let meta = tx.object_store(META)?;
        // A fresh device id, so the device can be invited and join again.
        for key in [
            super::DEVICE_KEY,
            super::SNAPSHOT_KEY,
            super::SNAPSHOT_GENERATION_KEY,
            super::CHECKPOINT_KEY,
        ] {
            drop(meta.delete(key).primitive()?);
        }
        let next_generation = counter(&meta, GENERATION_KEY).await? + 1;
        drop(
            meta.put(next_generation.to_string())
                .with_key(GENERATION_KEY)
                .primitive()?,
        );
        commit(tx).await?;
        Ok(())
    }
}
