//! Operations and the deterministic merge rule.
//!
//! Every user change is an [`Op`]. The state of an entity is what [`Record::apply`] makes
//! of its operations: per field the value with the greatest [`Stamp`] wins (last writer
//! wins, ordered by HLC time then device id), and a delete is a tombstone that hides the
//! entity for good. Each field and the tombstone are join-semilattices, so any order of
//! the same operations, with duplicates, gives the same record.
//!
//! A note is free text that two people may edit at once, so a losing note is not
//! discarded: a note operation carries `base`, the greatest stamp among the versions its
//! author saw. A version is settled once some version's base reaches its stamp; the
//! versions not yet settled, other than the winner, are the conflicting versions the
//! app shows. "Not settled" depends only on the set of versions, so it merges in any
//! order too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Stamp;
use crate::onboarding::Step;
use crate::schedule::{MOVE_MARGIN_DAYS, copenhagen_date};
use crate::schema::{self, Bound};
use crate::validate::{Name, Note, parse_date};

/// The kinds of entity the op-log knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Programme,
    Partner,
    TaskTick,
    AdviceTick,
    Volunteer,
    OnboardingStep,
    Visit,
    VisitOccurrence,
    /// A meeting or deadline of the coordinator's year (see [`crate::calendar`]).
    CalendarItem,
    /// A partner's answers to the follow-up questions on one day (see [`crate::evaluation`]).
    FollowUp,
    /// An evaluation talk at a care service (see [`crate::evaluation`]).
    EvaluationTalk,
}

impl EntityKind {
    pub const ALL: [EntityKind; 11] = [
        EntityKind::Programme,
        EntityKind::Partner,
        EntityKind::TaskTick,
        EntityKind::AdviceTick,
        EntityKind::Volunteer,
        EntityKind::OnboardingStep,
        EntityKind::Visit,
        EntityKind::VisitOccurrence,
        EntityKind::CalendarItem,
        EntityKind::FollowUp,
        EntityKind::EvaluationTalk,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EntityKind::Programme => "programme",
            EntityKind::Partner => "partner",
            EntityKind::TaskTick => "task_tick",
            EntityKind::AdviceTick => "advice_tick",
            EntityKind::Volunteer => "volunteer",
            EntityKind::OnboardingStep => "onboarding_step",
            EntityKind::Visit => "visit",
            EntityKind::VisitOccurrence => "visit_occurrence",
            EntityKind::CalendarItem => "calendar_item",
            EntityKind::FollowUp => "follow_up",
            EntityKind::EvaluationTalk => "evaluation_talk",
        }
    }

    /// The fields an entity of this kind may have (named in [`crate::schema`]). Anything
    /// else in an operation that comes from outside (a backup, another device) is
    /// refused, not stored.
    pub fn fields(self) -> &'static [&'static str] {
        schema::fields(self)
    }
}

/// The id of an item kept under a parent: a tick, an onboarding step, an occurrence.
pub fn child_id(parent: &str, item: &str) -> String {
    format!("{parent}:{item}")
}

/// Every child id of `parent` as a half-open range, `"{parent}:"` up to `"{parent};"`
/// (`;` follows `:`), for an index to scan.
pub fn children_range(parent: &str) -> (String, String) {
    (child_id(parent, ""), format!("{parent};"))
}

/// The parent and item halves of a child id (items never contain `:`).
pub fn parent_of(entity: &str) -> Option<(&str, &str)> {
    entity.rsplit_once(':')
}

/// Whether an item id is one this kind may have: a task or advice of the model, an
/// onboarding step, a calendar date.
fn valid_item(kind: EntityKind, item: &str) -> bool {
    match kind {
        EntityKind::TaskTick => crate::model::task(item).is_some(),
        EntityKind::AdviceTick => crate::model::advice(item).is_some(),
        EntityKind::OnboardingStep => crate::onboarding::Step::from_key(item).is_some(),
        EntityKind::VisitOccurrence => crate::validate::parse_date(item).is_ok(),
        // Exactly as the forms write a day: another spelling of it would be a second
        // entity for the same day, shadowing the first.
        EntityKind::FollowUp | EntityKind::EvaluationTalk => crate::validate::parse_date(item)
            .is_ok_and(|day| crate::validate::date_key(day) == item),
        _ => true,
    }
}

/// The longest entity id we accept.
pub const ENTITY_ID_MAX: usize = 200;
/// The largest value we accept in one field, as JSON (a photo is the largest).
pub const VALUE_MAX_BYTES: usize = 64 * 1024;

/// Why an operation from outside is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpProblem {
    #[error("the entity id is empty or longer than {ENTITY_ID_MAX} characters")]
    EntityId,
    #[error("a {kind} has no field {field:?}")]
    UnknownField { kind: &'static str, field: String },
    #[error("the value of {field:?} is larger than {VALUE_MAX_BYTES} bytes")]
    TooLarge { field: String },
    #[error("the id {0:?} is not a valid parent:item pair for its kind")]
    ChildId(String),
    #[error("{field:?} disagrees with the entity id")]
    DisagreesWithId { field: String },
    #[error("its base is not older than the operation itself")]
    BaseNotOlder,
    #[error("only a volunteer can be erased")]
    EraseKind,
    #[error("the value of {field:?} is not one its form could send")]
    Value { field: String },
    #[error("a criminal record's step keeps no note, only that it was seen and assessed")]
    CriminalRecordNote,
    #[error("a visit months ahead cannot have been held")]
    HeldAhead,
}

impl Op {
    /// Checks what the types cannot: the id's length (and for a child, both halves of
    /// it), the field's name and agreement with the id, the value's size, and that a
    /// note's base is older than the note.
    pub fn check(&self) -> Result<(), OpProblem> {
        if self.entity.is_empty()
            || self.entity.chars().count() > ENTITY_ID_MAX
            || self.entity.chars().any(char::is_control)
        {
            return Err(OpProblem::EntityId);
        }
        if let Some((parent_field, item_field)) = schema::child_fields(self.kind) {
            let halves = parent_of(&self.entity)
                .filter(|(parent, item)| !parent.is_empty() && valid_item(self.kind, item));
            let Some((parent, item)) = halves else {
                return Err(OpProblem::ChildId(self.entity.clone()));
            };
            if let Change::Set { field, value, .. } = &self.change {
                let expected = match field.as_str() {
                    f if f == parent_field => Some(parent),
                    f if f == item_field => Some(item),
                    _ => None,
                };
                if expected.is_some_and(|e| value.as_str() != Some(e)) {
                    return Err(OpProblem::DisagreesWithId {
                        field: field.clone(),
                    });
                }
            }
        }
        if self.is_erasure() && self.kind != EntityKind::Volunteer {
            return Err(OpProblem::EraseKind);
        }
        if let Change::Set { field, value, base } = &self.change {
            if base.is_some_and(|base| base >= self.stamp) {
                return Err(OpProblem::BaseNotOlder);
            }
            if !self.kind.fields().contains(&field.as_str()) {
                return Err(OpProblem::UnknownField {
                    kind: self.kind.key(),
                    field: field.clone(),
                });
            }
            if serde_json::to_string(value).map_or(true, |json| json.len() > VALUE_MAX_BYTES) {
                return Err(OpProblem::TooLarge {
                    field: field.clone(),
                });
            }
        }
        Ok(())
    }

    /// [`Op::check`], and for a change made now (on this device or pushed by another):
    /// that each value is one its form could have made — a name of a name's length on
    /// one line, a note of a note's, hours and residents within their bounds, and no note
    /// on the criminal record's step. A backup is held to `check` alone, so that one
    /// value an older version let through does not refuse the whole backup.
    pub fn check_fresh(&self) -> Result<(), OpProblem> {
        self.check()?;
        // A meeting this version does not know is refused when made now; one a newer
        // version put in a backup is kept (and left out of the calendar).
        if self.kind == EntityKind::CalendarItem
            && crate::calendar::Meeting::from_key(&self.entity).is_none()
        {
            return Err(OpProblem::EntityId);
        }
        let Change::Set { field, value, .. } = &self.change else {
            return Ok(());
        };
        let criminal_record = self.kind == EntityKind::OnboardingStep
            && parent_of(&self.entity)
                .is_some_and(|(_, step)| step == Step::CriminalRecordAssessed.key());
        // Held only from its day on: not for a planned day months after the change (the
        // id has the planned day; a move may bring it up to the margin earlier).
        if self.kind == EntityKind::VisitOccurrence
            && field == schema::visit_occurrence::STATUS
            && value.as_str() == Some(schema::occurrence_status::HELD)
        {
            let planned = parent_of(&self.entity).and_then(|(_, d)| parse_date(d).ok());
            let latest = chrono::DateTime::from_timestamp_millis(self.stamp.unix_millis() as i64)
                .map(copenhagen_date)
                .and_then(|today| today.checked_add_days(chrono::Days::new(MOVE_MARGIN_DAYS)));
            if planned
                .zip(latest)
                .is_some_and(|(planned, latest)| planned > latest)
            {
                return Err(OpProblem::HeldAhead);
            }
        }
        let has_text = !matches!(value, Value::Null) && value.as_str() != Some("");
        if criminal_record && field == schema::NOTE && has_text {
            return Err(OpProblem::CriminalRecordNote);
        }
        let fits = match (schema::bound(self.kind, field), value) {
            (None, _) | (Some(_), Value::Null) => true,
            (Some(Bound::Line(max)), Value::String(text)) => {
                Name::parse_optional(text).is_ok() && text.chars().count() <= max
            }
            (Some(Bound::Text(max)), Value::String(text)) => {
                Note::parse(text).is_ok() && text.chars().count() <= max
            }
            (Some(Bound::AtMost(max)), Value::Number(n)) => n.as_u64().is_some_and(|n| n <= max),
            (Some(Bound::Date), Value::String(date)) => parse_date(date).is_ok(),
            (Some(_), _) => false,
        };
        if fits {
            Ok(())
        } else {
            Err(OpProblem::Value {
                field: field.clone(),
            })
        }
    }
}

/// What an operation does to its entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Set {
        field: String,
        value: Value,
        /// For a note: the greatest stamp among the versions the author saw.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Stamp>,
    },
    Delete,
    /// A person's right to erasure (GDPR art. 17): like a delete, but every value the
    /// entity had is dropped, and no later value is taken (see `erasure`). `removed` is
    /// what the server removed for it (the stamps of the operations that carried the
    /// person): it fills it in as it stores the erasure, and every device removes the
    /// same.
    Erase {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        removed: Vec<Stamp>,
    },
}

/// An entity reference plus a change, not yet stamped.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub kind: EntityKind,
    pub entity: String,
    pub change: Change,
}

impl Edit {
    pub fn set(kind: EntityKind, entity: &str, field: &str, value: impl Into<Value>) -> Edit {
        Edit {
            kind,
            entity: entity.to_owned(),
            change: Change::Set {
                field: field.to_owned(),
                value: value.into(),
                base: None,
            },
        }
    }

    /// Marks a note edit with what its author saw, so a concurrent edit elsewhere is
    /// kept as a conflicting version rather than lost (and this one settles the rest).
    pub fn seeing(mut self, records: &BTreeMap<String, Record>) -> Edit {
        if let Change::Set { field, base, .. } = &mut self.change
            && field == schema::NOTE
        {
            *base = records
                .get(&record_key(self.kind, &self.entity))
                .and_then(|r| r.seen(field));
        }
        self
    }

    /// Erases a person: see `erasure`.
    pub fn erase(kind: EntityKind, entity: &str) -> Edit {
        Edit {
            kind,
            entity: entity.to_owned(),
            change: Change::Erase {
                removed: Vec::new(),
            },
        }
    }

    pub fn delete(kind: EntityKind, entity: &str) -> Edit {
        Edit {
            kind,
            entity: entity.to_owned(),
            change: Change::Delete,
        }
    }

    pub fn stamped(self, stamp: Stamp) -> Op {
        Op {
            stamp,
            kind: self.kind,
            entity: self.entity,
            change: self.change,
            redacted: false,
        }
    }
}

/// One user change: immutable, identified by its unique stamp.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Op {
    pub stamp: Stamp,
    pub kind: EntityKind,
    pub entity: String,
    pub change: Change,
    /// A copy with less in it, as the server sends it to a device that may see only part
    /// (another volunteer's first name). Not the same as the whole op: a device that later
    /// may see the whole gets it, and a redacted copy is never pushed back.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

impl Op {
    /// Whether this operation erases a person.
    pub fn is_erasure(&self) -> bool {
        matches!(self.change, Change::Erase { .. })
    }

    /// What the server removed for an erasure.
    pub fn removed(&self) -> &[Stamp] {
        match &self.change {
            Change::Erase { removed } => removed,
            _ => &[],
        }
    }

    /// The key of the record this operation changes.
    pub fn record_key(&self) -> String {
        record_key(self.kind, &self.entity)
    }
}

pub fn record_key(kind: EntityKind, entity: &str) -> String {
    format!("{}/{}", kind.key(), entity)
}

/// A field's current value and the stamp of the operation that set it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: Value,
    pub stamp: Stamp,
}

/// The merged state of one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `"{kind}/{entity}"`, the key in the records store.
    pub key: String,
    pub kind: EntityKind,
    pub entity: String,
    pub fields: BTreeMap<String, FieldValue>,
    pub deleted: Option<Stamp>,
    /// Erased: no fields, and none are ever taken again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub erased: bool,
    /// For an erased person: the operations the erasure removed, so none comes back.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub erased_ops: std::collections::BTreeSet<Stamp>,
    /// For a visit: every volunteer it has had (grows only), so an erasure takes the notes
    /// written while it was theirs, wherever the visit went since.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub held_by: std::collections::BTreeSet<String>,
    /// Per note field, its versions not yet settled (see the module's documentation).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, Versions>,
}

/// A note's versions that no later edit has seen yet, the winner among them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versions {
    /// The greatest base of any version: every version up to it has been seen.
    pub settled: Option<Stamp>,
    /// The versions after `settled`, newest first.
    pub open: Vec<FieldValue>,
}

impl Versions {
    /// Adds one version; returns whether anything changed.
    fn add(&mut self, version: FieldValue, base: Option<Stamp>) -> bool {
        let mut changed = false;
        if base > self.settled {
            self.settled = base;
            let settled = self.settled;
            self.open.retain(|v| Some(v.stamp) > settled);
            changed = true;
        }
        if Some(version.stamp) > self.settled && !self.open.iter().any(|v| v.stamp == version.stamp)
        {
            let at = self.open.partition_point(|v| v.stamp > version.stamp);
            self.open.insert(at, version);
            changed = true;
        }
        changed
    }
}

impl Record {
    /// Whether `op` still decides what this record shows: the field's value (no later
    /// change replaced it), its delete, its erasure.
    pub fn shows(&self, op: &Op) -> bool {
        match &op.change {
            Change::Set { field, .. } => {
                !self.erased
                    && self.deleted.is_none()
                    && self.fields.get(field).is_some_and(|f| f.stamp == op.stamp)
            }
            Change::Delete => self.deleted == Some(op.stamp),
            Change::Erase { .. } => self.erased,
        }
    }

    pub fn new(kind: EntityKind, entity: &str) -> Record {
        Record {
            key: record_key(kind, entity),
            kind,
            entity: entity.to_owned(),
            fields: BTreeMap::new(),
            deleted: None,
            erased: false,
            erased_ops: std::collections::BTreeSet::new(),
            held_by: std::collections::BTreeSet::new(),
            versions: BTreeMap::new(),
        }
    }

    pub fn for_op(op: &Op) -> Record {
        Record::new(op.kind, &op.entity)
    }

    /// Applies one operation by the merge rule; returns whether the record changed.
    pub fn apply(&mut self, op: &Op) -> bool {
        debug_assert_eq!(op.record_key(), self.key);
        match &op.change {
            Change::Delete | Change::Erase { .. } => {
                let mut changed = false;
                if self.deleted.is_none_or(|at| op.stamp > at) {
                    self.deleted = Some(op.stamp);
                    changed = true;
                }
                if op.is_erasure() && !self.erased {
                    self.erased = true;
                    self.fields.clear();
                    self.versions.clear();
                    changed = true;
                }
                for stamp in op.removed() {
                    changed |= self.erased_ops.insert(*stamp);
                }
                changed
            }
            Change::Set { .. } if self.erased => false,
            Change::Set { field, value, base } => {
                let held = self.kind == EntityKind::Visit
                    && field == "volunteer"
                    && value
                        .as_str()
                        .is_some_and(|v| self.held_by.insert(v.to_owned()));
                let version = FieldValue {
                    value: value.clone(),
                    stamp: op.stamp,
                };
                let kept = field == schema::NOTE
                    && self
                        .versions
                        .entry(field.clone())
                        .or_insert(Versions {
                            settled: None,
                            open: Vec::new(),
                        })
                        .add(version.clone(), *base);
                match self.fields.get(field) {
                    Some(current) if current.stamp >= op.stamp => kept || held,
                    _ => {
                        self.fields.insert(field.clone(), version);
                        true
                    }
                }
            }
        }
    }

    /// The greatest stamp among a field's versions this device has: what an edit of it
    /// made now has seen.
    pub fn seen(&self, field: &str) -> Option<Stamp> {
        let winner = self.fields.get(field).map(|f| f.stamp);
        let open = self
            .versions
            .get(field)
            .and_then(|v| v.open.first())
            .map(|v| v.stamp);
        winner.max(open)
    }

    /// A note's conflicting versions: written elsewhere at the same time as the one
    /// shown and not yet seen by any later edit. Newest first; empty texts are left out.
    pub fn conflicts(&self, field: &str) -> Vec<&FieldValue> {
        let winner = self.fields.get(field).map(|f| f.stamp);
        self.versions.get(field).map_or_else(Vec::new, |v| {
            v.open
                .iter()
                .filter(|v| {
                    Some(v.stamp) != winner && v.value.as_str().is_some_and(|s| !s.is_empty())
                })
                .collect()
        })
    }

    pub fn is_live(&self) -> bool {
        self.deleted.is_none()
    }

    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field).map(|f| &f.value)
    }

    pub fn str(&self, field: &str) -> Option<&str> {
        self.get(field).and_then(Value::as_str)
    }

    pub fn bool(&self, field: &str) -> Option<bool> {
        self.get(field).and_then(Value::as_bool)
    }
}

/// Merges any sequence of operations into records, keyed by record key.
pub fn merge<'a>(ops: impl IntoIterator<Item = &'a Op>) -> BTreeMap<String, Record> {
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    for op in ops {
        records
            .entry(op.record_key())
            .or_insert_with(|| Record::for_op(op))
            .apply(op);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DeviceId;
    use proptest::prelude::*;

    fn stamp(time: u64, device: u128) -> Stamp {
        Stamp::new(time, DeviceId::new(device).unwrap())
    }

    fn set(time: u64, device: u128, field: &str, value: &str) -> Op {
        Edit::set(EntityKind::Partner, "a", field, value).stamped(stamp(time, device))
    }

    #[test]
    fn a_parents_children_and_nothing_else_lie_in_its_range() {
        let (from, to) = children_range("v1");
        let inside = |id: &str| from.as_str() <= id && id < to.as_str();
        assert!(inside(&child_id("v1", "screened")) && inside(&child_id("v1", "2026-12-01")));
        for other in ["v1", "v10:x", "v1-x", "v2:x", "v0:x"] {
            assert!(!inside(other), "{other}");
        }
        assert_eq!(
            parent_of(&child_id("v1", "screened")),
            Some(("v1", "screened"))
        );
    }

    #[test]
    fn a_record_shows_the_ops_no_later_change_replaced() {
        let (old, newer, other) = (
            set(1, 1, "name", "old"),
            set(2, 2, "name", "newer"),
            set(1, 1, "phone", "1"),
        );
        let record = &merge([&old, &newer, &other])["partner/a"];
        assert!(!record.shows(&old), "replaced by a newer name");
        assert!(record.shows(&newer) && record.shows(&other));
        let delete = Edit::delete(EntityKind::Partner, "a").stamped(stamp(3, 1));
        let deleted = &merge([&old, &newer, &delete])["partner/a"];
        assert!(deleted.shows(&delete) && !deleted.shows(&newer));
    }

    #[test]
    fn last_writer_wins_per_field_with_device_as_tie_break() {
        let ops = [
            set(2, 1, "name", "late"),
            set(1, 1, "name", "early"),
            set(2, 2, "name", "tie"),
            set(1, 1, "note", "x"),
        ];
        let record = &merge(&ops)["partner/a"];
        assert_eq!(record.str("name"), Some("tie"));
        assert_eq!(record.str("note"), Some("x"));
    }

    #[test]
    fn a_delete_is_a_tombstone_that_later_sets_do_not_revive() {
        let delete = Edit::delete(EntityKind::Partner, "a").stamped(stamp(2, 1));
        let record = &merge(&[set(1, 1, "name", "x"), delete, set(3, 1, "name", "y")])["partner/a"];
        assert!(!record.is_live());
    }

    #[test]
    fn applying_an_old_or_duplicate_op_reports_no_change() {
        let mut record = Record::new(EntityKind::Partner, "a");
        assert!(record.apply(&set(2, 1, "name", "x")));
        assert!(!record.apply(&set(2, 1, "name", "x")));
        assert!(!record.apply(&set(1, 1, "name", "older")));
    }

    fn note(time: u64, device: u128, text: &str, base: Option<Stamp>) -> Op {
        let mut op =
            Edit::set(EntityKind::TaskTick, "t", "note", text).stamped(stamp(time, device));
        if let Change::Set { base: b, .. } = &mut op.change {
            *b = base;
        }
        op
    }

    fn conflicts(record: &Record) -> Vec<&str> {
        record
            .conflicts("note")
            .iter()
            .filter_map(|v| v.value.as_str())
            .collect()
    }

    #[test]
    fn a_note_edited_one_after_the_other_has_no_conflict() {
        let first = note(1, 1, "a", None);
        let second = note(2, 2, "b", Some(first.stamp));
        let third = note(3, 1, "c", Some(second.stamp));
        let record = &merge(&[third, first, second])["task_tick/t"];
        assert_eq!(record.str("note"), Some("c"));
        assert!(conflicts(record).is_empty());
    }

    #[test]
    fn a_note_edited_on_two_devices_at_once_keeps_the_losing_text() {
        let first = note(1, 1, "start", None);
        let phone = note(5, 1, "from the phone", Some(first.stamp));
        let tablet = note(4, 2, "from the tablet", Some(first.stamp));
        let record = &merge(&[first, tablet.clone(), phone.clone()])["task_tick/t"];
        // The newest still wins, as for every field ...
        assert_eq!(record.str("note"), Some("from the phone"));
        // ... and the other text stays reachable.
        assert_eq!(conflicts(record), ["from the tablet"]);

        // An edit made seeing both settles the conflict.
        let mut records = merge(&[phone, tablet]);
        let resolved = Edit::set(EntityKind::TaskTick, "t", "note", "both")
            .seeing(&records)
            .stamped(stamp(6, 2));
        records.get_mut("task_tick/t").unwrap().apply(&resolved);
        assert!(conflicts(&records["task_tick/t"]).is_empty());
        assert_eq!(records["task_tick/t"].str("note"), Some("both"));
    }

    #[test]
    fn both_halves_of_a_child_id_must_be_valid_and_agree_with_the_fields() {
        let check = |kind, entity: &str, field: &str, value: &str| {
            Edit::set(kind, entity, field, value)
                .stamped(stamp(5, 1))
                .check()
        };
        let task = "p1.municipality.take_initiative";
        assert!(crate::model::task(task).is_some());
        let tick = format!("A:{task}");
        assert_eq!(check(EntityKind::TaskTick, &tick, "partner", "A"), Ok(()));
        assert_eq!(check(EntityKind::TaskTick, &tick, "task", task), Ok(()));
        for (kind, entity, field, value) in [
            (EntityKind::TaskTick, tick.as_str(), "partner", "B"),
            (EntityKind::TaskTick, tick.as_str(), "task", "p1.other"),
            (EntityKind::VisitOccurrence, "s:2026-12-01", "series", "t"),
            (
                EntityKind::VisitOccurrence,
                "s:2026-12-01",
                "date",
                "2026-12-02",
            ),
        ] {
            assert!(
                matches!(
                    check(kind, entity, field, value),
                    Err(OpProblem::DisagreesWithId { .. })
                ),
                "{entity} {field}={value}"
            );
        }
        for (kind, entity) in [
            (EntityKind::TaskTick, "A:no.such.task"),
            (EntityKind::TaskTick, task),
            (EntityKind::AdviceTick, "A:nope"),
            (EntityKind::OnboardingStep, "v:dancing"),
            (EntityKind::VisitOccurrence, "s:2026-13-01"),
            (EntityKind::VisitOccurrence, ":2026-12-01"),
        ] {
            assert!(
                matches!(check(kind, entity, "done", "x"), Err(OpProblem::ChildId(_))),
                "{entity}"
            );
        }
    }

    #[test]
    fn a_fresh_change_is_held_to_what_its_form_could_send() {
        let fresh = |kind, entity: &str, field: &str, value: Value| {
            Edit::set(kind, entity, field, value)
                .stamped(stamp(5, 1))
                .check_fresh()
        };
        let cancelled = "s-anna:2026-12-01";
        let record = "anna:criminal_record_assessed";
        let ok: [(EntityKind, &str, &str, Value); 9] = [
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "by",
                "Anna Jensen".into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "note",
                "x".repeat(1000).into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "minutes",
                720.into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "residents",
                200.into(),
            ),
            (EntityKind::VisitOccurrence, cancelled, "note", Value::Null),
            (EntityKind::OnboardingStep, record, "note", "".into()),
            (EntityKind::OnboardingStep, record, "by", "Lone".into()),
            (
                EntityKind::OnboardingStep,
                "anna:interview_held",
                "note",
                "God samtale".into(),
            ),
            (
                EntityKind::Partner,
                "p",
                "address",
                "Solvej 4\n8450 Hammel".into(),
            ),
        ];
        for (kind, entity, field, value) in ok {
            assert_eq!(
                fresh(kind, entity, field, value.clone()),
                Ok(()),
                "{field}={value}"
            );
        }
        let refused: [(EntityKind, &str, &str, Value); 12] = [
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "by",
                "x".repeat(81).into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "by",
                "Anna\nKoordinator".into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "by",
                "Anna \u{202E}enoL".into(),
            ),
            (EntityKind::VisitOccurrence, cancelled, "by", 7.into()),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "note",
                "x".repeat(1001).into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "minutes",
                4_000_000_000u64.into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "minutes",
                (-5).into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "minutes",
                "90".into(),
            ),
            (
                EntityKind::VisitOccurrence,
                cancelled,
                "residents",
                201.into(),
            ),
            (
                EntityKind::TaskTick,
                "A:p1.municipality.take_initiative",
                "by",
                "x".repeat(500).into(),
            ),
            (EntityKind::Volunteer, "anna", "name", "x".repeat(81).into()),
            (EntityKind::Partner, "p", "address", "x".repeat(201).into()),
        ];
        for (kind, entity, field, value) in refused {
            assert!(
                matches!(
                    fresh(kind, entity, field, value.clone()),
                    Err(OpProblem::Value { .. })
                ),
                "{field}={value}"
            );
        }
        // Held months ahead of when it was recorded: a count no one could have made.
        let in_2030 = Edit::set(
            EntityKind::VisitOccurrence,
            "s-anna:2030-01-01",
            "status",
            "held",
        )
        // 1 December 2026.
        .stamped(stamp(
            uhlc::NTP64::from(std::time::Duration::from_secs(1_796_083_200)).0,
            1,
        ));
        assert_eq!(in_2030.check_fresh(), Err(OpProblem::HeldAhead));
        let this_week = Edit::set(
            EntityKind::VisitOccurrence,
            "s-anna:2026-12-05",
            "status",
            "held",
        )
        .stamped(in_2030.stamp);
        assert_eq!(this_week.check_fresh(), Ok(()));
        // The criminal record's step records that it was seen and assessed, never what it said.
        assert_eq!(
            fresh(
                EntityKind::OnboardingStep,
                record,
                "note",
                "Dom for vold 2019".into()
            ),
            Err(OpProblem::CriminalRecordNote)
        );
    }

    #[test]
    fn a_note_cannot_claim_to_have_seen_itself_or_the_future() {
        let note = |base| {
            let mut op = note(5, 1, "x", Some(base));
            op.entity = "A:p1.municipality.take_initiative".into();
            op
        };
        assert_eq!(note(stamp(4, 9)).check(), Ok(()));
        for base in [stamp(5, 1), stamp(6, 1)] {
            assert_eq!(note(base).check(), Err(OpProblem::BaseNotOlder));
        }
    }

    #[test]
    fn an_erased_entity_keeps_no_value_and_takes_none_later() {
        let erase = Edit::erase(EntityKind::Volunteer, "a").stamped(stamp(2, 1));
        let set = |time, field: &str, value: &str| {
            Edit::set(EntityKind::Volunteer, "a", field, value).stamped(stamp(time, 1))
        };
        let ops = [
            set(1, "phone", "12345678"),
            erase.clone(),
            set(3, "name", "Anna"),
        ];
        let record = &merge(&ops)["volunteer/a"];
        assert!(record.erased && !record.is_live() && record.fields.is_empty());
        let mut reversed = ops.clone();
        reversed.reverse();
        assert_eq!(&merge(&reversed)["volunteer/a"], record);
        let partner = Edit::erase(EntityKind::Partner, "p").stamped(stamp(1, 1));
        assert_eq!(partner.check(), Err(OpProblem::EraseKind));
    }

    #[test]
    fn only_notes_keep_versions() {
        let a = set(1, 1, "name", "a");
        let b = set(2, 2, "name", "b");
        assert!(merge(&[a, b])["partner/a"].versions.is_empty());
    }

    fn arb_op() -> impl Strategy<Value = Op> {
        (
            0u64..20,
            1u128..4,
            0usize..3,
            0usize..3,
            prop::option::of(0u8..5),
            prop::option::of((0u64..20, 1u128..4)),
        )
            .prop_map(|(time, device, entity, field, value, base)| {
                let entity = ["a", "b", "c"][entity];
                let edit = match value {
                    // One in six operations is a delete.
                    Some(0) if field == 0 => Edit::delete(EntityKind::Partner, entity),
                    Some(0) if field == 1 => Edit::erase(EntityKind::Partner, entity),
                    Some(v) => Edit::set(
                        EntityKind::Partner,
                        entity,
                        ["name", "note", "done"][field],
                        v,
                    ),
                    None => Edit::set(EntityKind::TaskTick, entity, "done", true),
                };
                let mut op = edit.stamped(stamp(time, device));
                if let Change::Set { base: b, .. } = &mut op.change {
                    // What the author saw is always older than the edit.
                    *b = base.map(|(t, d)| stamp(t.min(time.saturating_sub(1)), d));
                }
                op
            })
    }

    /// Two different operations never share a stamp (stamps are unique per device).
    fn unique_stamps(ops: Vec<Op>) -> Vec<Op> {
        let mut seen = std::collections::HashSet::new();
        ops.into_iter().filter(|op| seen.insert(op.stamp)).collect()
    }

    proptest! {
        #[test]
        fn any_order_with_duplicates_gives_the_same_state(
            ops in prop::collection::vec(arb_op(), 0..40).prop_map(unique_stamps),
            seed in any::<u64>(),
            dup in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
        ) {
            let expected = merge(&ops);
            let mut shuffled = ops.clone();
            for index in &dup {
                if !ops.is_empty() {
                    shuffled.push(ops[index.index(ops.len())].clone());
                }
            }
            // A deterministic Fisher-Yates shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(merge(&shuffled), expected);
        }

        #[test]
        fn merging_in_two_halves_equals_merging_at_once(
            ops in prop::collection::vec(arb_op(), 0..40).prop_map(unique_stamps),
            split in any::<prop::sample::Index>(),
        ) {
            let at = if ops.is_empty() { 0 } else { split.index(ops.len()) };
            let mut records = merge(&ops[..at]);
            for op in &ops[at..] {
                records.entry(op.record_key()).or_insert_with(|| Record::for_op(op)).apply(op);
            }
            prop_assert_eq!(records, merge(&ops));
        }
    }
}
