//! Erasing a person (GDPR art. 17). "Slet helt" erases a volunteer: an `Erase` operation.
//! The server removes every operation that carries something of them — their own fields
//! (name, phone, e-mail, photo, skills, availability), their onboarding steps with who
//! assessed them and the notes, and the notes of their visits and who cancelled them
//! (often the volunteer themselves, by full name) — names what it removed in
//! the erasure it stores, and every device removes exactly that (a device that shares no
//! programme decides alone). No value they had is kept. What carries no
//! personal data and keeps the numbers honest stays: their visits and each occurrence's
//! status, hours and number of residents, shown under "slettet frivillig".

use std::collections::{BTreeMap, BTreeSet};

use crate::clock::Stamp;
use crate::op::{Change, EntityKind, Op, Record, parent_of, record_key};
use crate::schema;

/// Whether `op` carries something of the erased `volunteer` and must go. `their_visit`
/// tells whether a visit series is (or was) one of theirs.
pub fn carries(op: &Op, volunteer: &str, their_visit: impl Fn(&str) -> bool) -> bool {
    let parent = || parent_of(&op.entity).map(|(parent, _)| parent);
    match op.kind {
        EntityKind::Volunteer => op.entity == volunteer && !op.is_erasure(),
        EntityKind::OnboardingStep => parent() == Some(volunteer),
        EntityKind::VisitOccurrence => {
            matches!(&op.change, Change::Set { field, .. }
                if field == schema::NOTE || field == schema::visit_occurrence::BY)
                && parent().is_some_and(their_visit)
        }
        _ => false,
    }
}

/// Whether `op` carries something of a volunteer the merged `records` hold as erased
/// (a note on a visit that was ever theirs counts), or gives them a visit: such an operation (from an old backup, a device that had not
/// heard yet) is never stored again.
pub fn carries_erased(op: &Op, records: &BTreeMap<String, Record>) -> bool {
    let erased = |volunteer: &str| {
        records
            .get(&record_key(EntityKind::Volunteer, volunteer))
            .is_some_and(|r| r.erased)
    };
    let held_by = |series: &str| {
        records
            .get(&record_key(EntityKind::Visit, series))
            .map(|visit| visit.held_by.iter().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let parent = parent_of(&op.entity).map(|(parent, _)| parent);
    let volunteers = match (op.kind, &op.change) {
        (EntityKind::Visit, Change::Set { field, value, .. }) if field == "volunteer" => {
            return value.as_str().is_some_and(erased);
        }
        (EntityKind::Volunteer, _) => vec![op.entity.as_str()],
        (EntityKind::OnboardingStep, _) => parent.into_iter().collect(),
        (EntityKind::VisitOccurrence, _) => parent.map(held_by).unwrap_or_default(),
        _ => Vec::new(),
    };
    volunteers.into_iter().any(|volunteer| {
        erased(volunteer) && carries(op, volunteer, |series| held_by(series).contains(&volunteer))
    })
}

/// Of a page pulled from the server (or a backup), the operations an erasure removed:
/// those it names (`Change::Erase { removed }`), whether this device already holds the
/// erasure (`Record::erased_ops`) or it comes in the same page. A page older than the
/// erasure, or a backup made before it, brings none of them back.
pub fn held_back(ops: &[Op], records: &BTreeMap<String, Record>) -> Vec<Stamp> {
    let in_page: BTreeSet<Stamp> = ops.iter().flat_map(|op| op.removed()).copied().collect();
    let erased: Vec<&Record> = records.values().filter(|r| r.erased).collect();
    if in_page.is_empty() && erased.is_empty() {
        return Vec::new();
    }
    ops.iter()
        .filter(|op| {
            in_page.contains(&op.stamp) || erased.iter().any(|r| r.erased_ops.contains(&op.stamp))
        })
        .map(|op| op.stamp)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{DeviceId, Stamp};
    use crate::op::Edit;

    fn op(edit: Edit) -> Op {
        edit.stamped(Stamp::new(1, DeviceId::new(1).unwrap()))
    }

    #[test]
    fn an_erasure_takes_the_person_and_their_notes_and_keeps_the_numbers() {
        let theirs = |series: &str| series == "s-anna";
        let gone = [
            Edit::set(EntityKind::Volunteer, "anna", "phone", "12345678"),
            Edit::delete(EntityKind::Volunteer, "anna"),
            Edit::set(
                EntityKind::OnboardingStep,
                "anna:interview_held",
                "by",
                "Lis",
            ),
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "note",
                "x",
            ),
            // Who cancelled: on the volunteer's own phone, their full name.
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "by",
                "Anna Jensen",
            ),
        ];
        for edit in gone {
            assert!(carries(&op(edit.clone()), "anna", theirs), "{edit:?}");
        }
        let kept = [
            Edit::erase(EntityKind::Volunteer, "anna"),
            Edit::set(EntityKind::Volunteer, "bo", "phone", "12345678"),
            Edit::set(
                EntityKind::VisitOccurrence,
                "s-anna:2026-12-01",
                "minutes",
                60,
            ),
            Edit::set(EntityKind::VisitOccurrence, "s-bo:2026-12-01", "note", "x"),
            Edit::set(EntityKind::Visit, "s-anna", "volunteer", "anna"),
            Edit::set(
                EntityKind::OnboardingStep,
                "bo:interview_held",
                "by",
                "anna",
            ),
        ];
        for edit in kept {
            assert!(!carries(&op(edit.clone()), "anna", theirs), "{edit:?}");
        }
    }
}
