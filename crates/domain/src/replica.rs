//! What a device keeps of a programme, as a model in memory: its op-log, the merged
//! records, the outbox and the pull checkpoint, and what local changes, restores and
//! sync do to them. The app keeps the same in IndexedDB (`src/storage`, checked against
//! this model by a browser test); the sync simulation runs its devices on this model
//! against the real server.
//!
//! Invariant: `records` is always exactly the merge of `ops`.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::Gone;
use crate::clock::{Clock, Stamp};
use crate::erasure::{carries, carries_erased, held_back};
use crate::op::{Change, EntityKind, Op, Record, record_key};

/// A device's stores.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Replica {
    pub ops: BTreeMap<Stamp, Op>,
    pub records: BTreeMap<String, Record>,
    /// Operations not yet acknowledged by the server.
    pub outbox: BTreeSet<Stamp>,
    /// The last server sequence pulled.
    pub checkpoint: i64,
}

/// The kind keyed under an entity of `kind` (`"{entity}:{item}"`) that goes with it.
pub fn child_kind(kind: EntityKind) -> Option<EntityKind> {
    match kind {
        EntityKind::Volunteer => Some(EntityKind::OnboardingStep),
        EntityKind::Visit => Some(EntityKind::VisitOccurrence),
        _ => None,
    }
}

/// Whether `op` belongs to what a device lets go of when `gone` leaves its sight: the
/// entity itself and what is keyed under it.
pub fn under(op: &Op, gone: &Gone) -> bool {
    (op.kind == gone.kind && op.entity == gone.entity)
        || (Some(op.kind) == child_kind(gone.kind)
            && op
                .entity
                .strip_prefix(gone.entity.as_str())
                .is_some_and(|rest| rest.starts_with(':')))
}

impl Replica {
    fn add(&mut self, op: &Op, outbox: bool) {
        self.ops.insert(op.stamp, op.clone());
        if outbox {
            self.outbox.insert(op.stamp);
        }
        self.records
            .entry(op.record_key())
            .or_insert_with(|| Record::for_op(op))
            .apply(op);
    }

    /// Changes made on this device (stamped), for the outbox. An erasure among them takes
    /// the person's own fields and onboarding steps at once; the rest of what it removes
    /// the server names (see `pulled`), or, on a device that shares no programme,
    /// `erase_alone` decides.
    pub fn commit(&mut self, ops: &[Op]) {
        for op in ops {
            self.add(op, true);
        }
        for op in ops.iter().filter(|op| op.is_erasure()) {
            self.erase(&op.entity, true);
        }
    }

    /// A restored backup: known operations and anything of an erased person are skipped;
    /// the rest goes to the outbox too, but for redacted copies (the server's to send).
    pub fn merge(&mut self, ops: &[Op]) {
        let held_back = held_back(ops, &self.records);
        let fresh: Vec<&Op> = ops
            .iter()
            .filter(|op| !self.ops.contains_key(&op.stamp))
            .filter(|op| !held_back.contains(&op.stamp) && !carries_erased(op, &self.records))
            .collect();
        for op in &fresh {
            self.add(op, !op.redacted);
        }
    }

    /// A pulled page: what left this device's sight let go of, new operations merged (a
    /// whole op replaces a redacted copy; nothing of a person already erased here),
    /// erasures carried out, the checkpoint kept.
    pub fn pulled(&mut self, ops: &[Op], gone: &[Gone], checkpoint: i64) {
        // First what left: an entity still seen in part comes again in this very page.
        self.let_go(gone);
        let mut rebuild = BTreeSet::new();
        let mut fresh = Vec::new();
        let held_back = held_back(ops, &self.records);
        for op in ops {
            match self.ops.get(&op.stamp) {
                None if held_back.contains(&op.stamp) => {}
                None => fresh.push(op),
                // The whole op for a redacted copy; the server's erasure, with what it
                // removed, for this device's own.
                Some(held)
                    if (held.redacted && !op.redacted)
                        || held.removed().len() < op.removed().len() =>
                {
                    self.ops.insert(op.stamp, op.clone());
                    rebuild.insert((op.kind, op.entity.clone()));
                }
                Some(_) => {}
            }
        }
        for op in &fresh {
            self.add(op, false);
        }
        // What the server's erasures removed goes here too.
        for stamp in ops.iter().flat_map(|op| op.removed()) {
            self.outbox.remove(stamp);
            if let Some(held) = self.ops.remove(stamp) {
                rebuild.insert((held.kind, held.entity));
            }
        }
        self.rebuild(&rebuild);
        self.checkpoint = checkpoint;
    }

    /// The server acknowledged these operations.
    pub fn shipped(&mut self, stamps: &[Stamp]) {
        for stamp in stamps {
            self.outbox.remove(stamp);
        }
    }

    /// Takes back operations the server refused for good.
    pub fn take_back(&mut self, stamps: &[Stamp]) {
        let mut rebuild = BTreeSet::new();
        for stamp in stamps {
            self.outbox.remove(stamp);
            if let Some(op) = self.ops.remove(stamp) {
                rebuild.insert((op.kind, op.entity));
            }
        }
        self.rebuild(&rebuild);
    }

    /// Re-makes operations a clock far ahead stamped: taken back, then made again with
    /// `clock`, restarted after the greatest stamp left, for the outbox. Returns them.
    pub fn remake(&mut self, stamps: &[Stamp], clock: &Clock) -> Vec<Op> {
        let away: BTreeSet<Stamp> = stamps.iter().copied().collect();
        let old: Vec<Op> = stamps
            .iter()
            .filter_map(|s| self.ops.get(s).cloned())
            .collect();
        self.take_back(stamps);
        clock.restart_after(self.ops.keys().next_back().copied());
        let remade: Vec<Op> = old
            .into_iter()
            .map(|mut op| {
                op.stamp = clock.now();
                if let Change::Set { base, .. } = &mut op.change {
                    *base = base.filter(|b| *b < op.stamp && !away.contains(b));
                }
                op
            })
            .collect();
        self.commit(&remade);
        remade
    }

    /// This device's unsent operations that lie too far ahead of the trusted time.
    pub fn far_ahead(&self, clock: &Clock) -> Vec<Stamp> {
        self.outbox
            .iter()
            .filter(|s| clock.too_far_ahead(s))
            .copied()
            .collect()
    }

    /// The oldest `n` unsent operations.
    pub fn outbox_batch(&self, n: usize) -> Vec<Op> {
        self.outbox
            .iter()
            .take(n)
            .filter_map(|s| self.ops.get(s).cloned())
            .collect()
    }

    /// Lets go of everything (the device's access was revoked).
    pub fn forget(&mut self) {
        *self = Replica::default();
    }

    /// Removes what left this device's sight; returns the record keys removed.
    fn let_go(&mut self, gone: &[Gone]) -> BTreeSet<String> {
        let mut removed = BTreeSet::new();
        for gone in gone {
            let stamps: Vec<Stamp> = self
                .ops
                .values()
                .filter(|op| under(op, gone))
                .map(|op| op.stamp)
                .collect();
            for stamp in stamps {
                if let Some(op) = self.ops.remove(&stamp) {
                    self.outbox.remove(&stamp);
                    removed.insert(op.record_key());
                }
            }
        }
        for key in &removed {
            self.records.remove(key);
        }
        removed
    }

    /// Erases a person on a device that shares no programme, which decides alone what
    /// carries them (with a server, the server decides: see `pulled`).
    pub fn erase_alone(&mut self, volunteer: &str) {
        self.erase(volunteer, false);
    }

    fn erase(&mut self, volunteer: &str, own_only: bool) {
        let visits: BTreeSet<String> = self
            .records
            .values()
            .filter(|r| r.kind == EntityKind::Visit && r.held_by.contains(volunteer))
            .map(|r| r.entity.clone())
            .collect();
        let gone: Vec<Stamp> = self
            .ops
            .values()
            .filter(|held| {
                let own = matches!(
                    held.kind,
                    EntityKind::Volunteer | EntityKind::OnboardingStep
                );
                (own || !own_only) && carries(held, volunteer, |s| visits.contains(s))
            })
            .map(|held| held.stamp)
            .collect();
        let mut rebuild = BTreeSet::new();
        for stamp in gone {
            if let Some(held) = self.ops.remove(&stamp) {
                self.outbox.remove(&stamp);
                rebuild.insert((held.kind, held.entity));
            }
        }
        self.rebuild(&rebuild);
    }

    /// Makes records again from the operations held.
    fn rebuild(&mut self, keys: &BTreeSet<(EntityKind, String)>) {
        for (kind, entity) in keys {
            let key = record_key(*kind, entity);
            let mut record = Record::new(*kind, entity);
            let mut any = false;
            for op in self
                .ops
                .values()
                .filter(|op| op.kind == *kind && &op.entity == entity)
            {
                record.apply(op);
                any = true;
            }
            if any {
                self.records.insert(key, record);
            } else {
                self.records.remove(&key);
            }
        }
    }

    /// Whether the records are exactly the merge of the operations (the invariant).
    pub fn consistent(&self) -> bool {
        crate::op::merge(self.ops.values()) == self.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DeviceId;
    use crate::op::Edit;

    fn clock() -> Clock {
        Clock::new(DeviceId::new(1).unwrap(), || {
            crate::clock::ntp64_from_unix_millis(1_700_000_000_000.0)
        })
    }

    fn ops(clock: &Clock, edits: Vec<Edit>) -> Vec<Op> {
        edits.into_iter().map(|e| e.stamped(clock.now())).collect()
    }

    #[test]
    fn taking_back_leaves_what_the_server_has() {
        let clock = clock();
        let mut replica = Replica::default();
        let first = ops(
            &clock,
            vec![Edit::set(EntityKind::Partner, "a", "name", "A")],
        );
        replica.pulled(&first, &[], 1);
        let refused = ops(
            &clock,
            vec![Edit::set(EntityKind::Partner, "a", "name", "B")],
        );
        replica.commit(&refused);
        replica.take_back(&[refused[0].stamp]);
        assert_eq!(replica.records["partner/a"].str("name"), Some("A"));
        assert!(replica.outbox.is_empty() && replica.consistent());
    }

    #[test]
    fn letting_go_takes_the_entity_and_what_hangs_off_it() {
        let clock = clock();
        let mut replica = Replica::default();
        replica.pulled(
            &ops(
                &clock,
                vec![
                    Edit::set(EntityKind::Volunteer, "v", "phone", "12345678"),
                    Edit::set(EntityKind::OnboardingStep, "v:screened", "done", true),
                    Edit::set(EntityKind::OnboardingStep, "vv:screened", "done", true),
                ],
            ),
            &[],
            3,
        );
        let gone = Gone {
            kind: EntityKind::Volunteer,
            entity: "v".into(),
        };
        replica.pulled(&[], &[gone], 4);
        let left: Vec<&str> = replica.records.keys().map(String::as_str).collect();
        assert_eq!(left, ["onboarding_step/vv:screened"]);
        assert!(replica.consistent());
    }

    #[test]
    fn an_erasure_purges_and_an_old_backup_does_not_bring_it_back() {
        let clock = clock();
        let mut replica = Replica::default();
        let before = ops(
            &clock,
            vec![
                Edit::set(EntityKind::Volunteer, "v", "phone", "12345678"),
                Edit::set(EntityKind::Visit, "s", "volunteer", "v"),
                Edit::set(EntityKind::VisitOccurrence, "s:2026-12-01", "note", "x"),
                Edit::set(EntityKind::VisitOccurrence, "s:2026-12-01", "minutes", 60),
            ],
        );
        replica.commit(&before);
        // Alone, the device decides what the erasure removes ...
        let mut alone = replica.clone();
        alone.erase_alone("v");
        // ... with a server, the server does, and names it in the erasure.
        let removed: Vec<Stamp> = before
            .iter()
            .filter(|op| carries(op, "v", |s| s == "s"))
            .map(|op| op.stamp)
            .collect();
        let mut erase = ops(&clock, vec![Edit::erase(EntityKind::Volunteer, "v")]);
        erase[0].change = Change::Erase { removed };
        alone.commit(&erase);
        replica.pulled(&erase, &[], 9);
        alone.outbox.clear();
        replica.outbox.clear();
        assert_eq!(alone.records, replica.records);
        let text = serde_json::to_string(&replica).unwrap_or_default();
        assert!(!text.contains("12345678") && replica.records["volunteer/v"].erased);
        assert_eq!(
            replica.records["visit_occurrence/s:2026-12-01"].get("minutes"),
            Some(&serde_json::json!(60))
        );
        assert!(
            replica.records["visit_occurrence/s:2026-12-01"]
                .get("note")
                .is_none()
        );
        replica.merge(&before);
        let text = serde_json::to_string(&replica.ops).unwrap_or_default();
        assert!(!text.contains("12345678") && replica.consistent());
    }

    #[test]
    fn a_whole_op_replaces_its_redacted_copy() {
        let clock = clock();
        let mut replica = Replica::default();
        let whole = ops(
            &clock,
            vec![Edit::set(EntityKind::Volunteer, "bo", "name", "Bo Berg")],
        );
        let mut copy = whole[0].clone();
        copy.change = Edit::set(EntityKind::Volunteer, "bo", "name", "Bo").change;
        copy.redacted = true;
        replica.pulled(&[copy], &[], 1);
        replica.pulled(&whole, &[], 2);
        assert_eq!(replica.records["volunteer/bo"].str("name"), Some("Bo Berg"));
        assert!(replica.consistent());
    }

    #[test]
    fn remade_ops_come_after_everything_left_and_keep_their_order() {
        let fast = Clock::new(DeviceId::new(1).unwrap(), || {
            crate::clock::ntp64_from_unix_millis(1_700_000_000_000.0 + 30.0 * 86_400_000.0)
        });
        let mut replica = Replica::default();
        let seen = ops(
            &clock(),
            vec![Edit::set(EntityKind::Partner, "a", "name", "seen")],
        );
        replica.pulled(&seen, &[], 1);
        fast.observe(&seen[0].stamp);
        let made = ops(
            &fast,
            vec![
                Edit::set(EntityKind::Partner, "a", "name", "first"),
                Edit::set(EntityKind::Partner, "a", "name", "second"),
            ],
        );
        replica.commit(&made);
        fast.trust(1_700_000_000_000);
        let far = replica.far_ahead(&fast);
        assert_eq!(far.len(), 2);
        let remade = replica.remake(&far, &fast);
        assert!(remade[0].stamp > seen[0].stamp && remade[1].stamp > remade[0].stamp);
        assert!(!fast.too_far_ahead(&remade[1].stamp));
        assert_eq!(replica.records["partner/a"].str("name"), Some("second"));
        assert!(replica.consistent() && replica.outbox.len() == 2);
    }
}
