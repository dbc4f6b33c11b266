//! Erasing a person (GDPR art. 17). "Slet helt" erases a volunteer: an `Erase` operation
//! that, wherever it arrives (the server, every device, a restore), removes every
//! operation that carries something of them — their own fields (name, phone, e-mail,
//! photo, skills, availability), their onboarding steps with who assessed them and the
//! notes, and the notes of their visits — and keeps no value they had. What carries no
//! personal data and keeps the numbers honest stays: their visits and each occurrence's
//! status, hours and number of residents, shown under "slettet frivillig".

use std::collections::BTreeMap;

use crate::clock::Stamp;
use crate::op::{Change, EntityKind, NOTE_FIELD, Op, Record, parent_of, record_key};

/// Whether `op` carries something of the erased `volunteer` and must go. `their_visit`
/// tells whether a visit series is (or was) one of theirs.
pub fn carries(op: &Op, volunteer: &str, their_visit: impl Fn(&str) -> bool) -> bool {
    let parent = || parent_of(&op.entity).map(|(parent, _)| parent);
    match op.kind {
        EntityKind::Volunteer => op.entity == volunteer && op.change != Change::Erase,
        EntityKind::OnboardingStep => parent() == Some(volunteer),
        EntityKind::VisitOccurrence => {
            matches!(&op.change, Change::Set { field, .. } if field == NOTE_FIELD)
                && parent().is_some_and(their_visit)
        }
        _ => false,
    }
}

/// Whether `op` carries something of a volunteer the merged `records` hold as erased,
/// or gives them a visit: such an operation (from an old backup, a device that had not
/// heard yet) is never stored again.
pub fn carries_erased(op: &Op, records: &BTreeMap<String, Record>) -> bool {
    let erased = |volunteer: &str| {
        records
            .get(&record_key(EntityKind::Volunteer, volunteer))
            .is_some_and(|r| r.erased)
    };
    let volunteer_of = |series: &str| {
        records
            .get(&record_key(EntityKind::Visit, series))
            .and_then(|visit| visit.str("volunteer"))
    };
    let parent = parent_of(&op.entity).map(|(parent, _)| parent);
    let volunteer = match (op.kind, &op.change) {
        (EntityKind::Visit, Change::Set { field, value, .. }) if field == "volunteer" => {
            return value.as_str().is_some_and(erased);
        }
        (EntityKind::Volunteer, _) => Some(op.entity.as_str()),
        (EntityKind::OnboardingStep, _) => parent,
        (EntityKind::VisitOccurrence, _) => parent.and_then(volunteer_of),
        _ => None,
    };
    volunteer.is_some_and(|volunteer| {
        erased(volunteer)
            && carries(op, volunteer, |series| {
                volunteer_of(series) == Some(volunteer)
            })
    })
}

/// Whose a visit is once `ops` are applied over `records`: the newest value wins.
fn volunteer_after(ops: &[Op], records: &BTreeMap<String, Record>, series: &str) -> Option<String> {
    let mut best = records
        .get(&record_key(EntityKind::Visit, series))
        .and_then(|r| r.fields.get("volunteer"))
        .map(|f| (f.stamp, f.value.as_str()));
    for op in ops
        .iter()
        .filter(|op| op.kind == EntityKind::Visit && op.entity == series)
    {
        if let Change::Set { field, value, .. } = &op.change
            && field == "volunteer"
            && best.is_none_or(|(stamp, _)| op.stamp > stamp)
        {
            best = Some((op.stamp, value.as_str()));
        }
    }
    best.and_then(|(_, volunteer)| volunteer.map(str::to_owned))
}

/// Of a page pulled from the server, the operations that carry something of a volunteer
/// erased here (or by an erasure in the page), judged by whose each visit is once the page
/// is applied. The server removes the same ones (or already has), so a device that heard
/// of an erasure before an older page arrived still ends up with what the server keeps.
/// A visit given to a volunteer before their erasure is kept, as on the server.
pub fn held_back(ops: &[Op], records: &BTreeMap<String, Record>) -> Vec<Stamp> {
    let erased_here: Vec<&str> = ops
        .iter()
        .filter(|op| op.kind == EntityKind::Volunteer && op.change == Change::Erase)
        .map(|op| op.entity.as_str())
        .collect();
    if erased_here.is_empty() && !records.values().any(|r| r.erased) {
        return Vec::new();
    }
    let erased = |volunteer: &str| {
        erased_here.contains(&volunteer)
            || records
                .get(&record_key(EntityKind::Volunteer, volunteer))
                .is_some_and(|r| r.erased)
    };
    ops.iter()
        .filter(|op| {
            let parent = parent_of(&op.entity).map(|(parent, _)| parent);
            let volunteer = match op.kind {
                EntityKind::Volunteer => Some(op.entity.clone()),
                EntityKind::OnboardingStep => parent.map(str::to_owned),
                EntityKind::VisitOccurrence => {
                    parent.and_then(|series| volunteer_after(ops, records, series))
                }
                _ => None,
            };
            volunteer.is_some_and(|v| {
                erased(&v)
                    && carries(op, &v, |series| {
                        volunteer_after(ops, records, series).as_deref() == Some(v.as_str())
                    })
            })
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
        ];
        for edit in gone {
            assert!(carries(&op(edit.clone()), "anna", theirs), "{edit:?}");
        }
        let kept = [
            Edit {
                kind: EntityKind::Volunteer,
                entity: "anna".into(),
                change: Change::Erase,
            },
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
