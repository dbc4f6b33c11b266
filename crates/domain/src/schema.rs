//! The entity schema: every kind's fields, each named once.
//!
//! The field check ([`crate::op::Op::check`]), the readers ([`crate::entities`]), the
//! forms that write edits and the scope rules ([`crate::scope`]) all name a field
//! through these constants, so a field added here is known to every one of them and a
//! misspelt field does not compile. A field name is stored in every operation on every
//! device: renaming one is a migration, not a refactor. ARCHITECTURE.md says how to add
//! a field or a kind.

use crate::op::EntityKind;

/// Declares one module per kind: a constant per field and `FIELDS`, the list of them.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident { $($(#[$field_doc:meta])* $field:ident = $name:expr),+ $(,)? })+) => {
        $(
            $(#[$doc])*
            pub mod $kind {
                $($(#[$field_doc])* pub const $field: &str = $name;)+
                /// Every field of this kind; an operation on any other is refused.
                pub const FIELDS: &[&str] = &[$($field),+];
            }
        )+
    };
}

/// A note: free text whose concurrent versions are kept until one has seen the others
/// (see [`crate::op`]). Every kind with a note names it so.
pub const NOTE: &str = "note";

kinds! {
    /// The programme: one municipality's collaboration.
    programme {
        MUNICIPALITY = "municipality",
        COORDINATOR = "coordinator",
        /// The day the programme starts: the coordinator's calendar counts from it.
        START = "start",
    }
    /// A partner: the municipality, a care service, the volunteer centre or a company.
    partner {
        /// A [`crate::model::PartnerKind`] key; the scope index keeps it for invites.
        KIND = "kind",
        NAME = "name",
        CARE_KIND = "care_kind",
        LEADER = "leader",
        CONTACT_PERSON = "contact_person",
        CONTACT = "contact",
        /// Where the partner is: shown as text (it needs no network) beside a map link.
        ADDRESS = "address",
        PHONE = "phone",
        EMAIL = "email",
    }
    /// A phase task ticked for one partner, keyed `{partner}:{task}`.
    task_tick {
        PARTNER = "partner",
        TASK = "task",
        DONE = "done",
        BY = "by",
        AT = "at",
        NOTE = super::NOTE,
    }
    /// A piece of good advice ticked for one care service, keyed `{partner}:{advice}`.
    advice_tick {
        PARTNER = "partner",
        ADVICE = "advice",
        DONE = "done",
        NOTE = super::NOTE,
        DATE = "date",
        /// Who ticked it, by name.
        BY = "by",
    }
    /// A volunteer: the person and their place in the programme.
    volunteer {
        NAME = "name",
        PHONE = "phone",
        EMAIL = "email",
        /// The care services the volunteer visits: decides who sees them.
        CARE_SERVICES = "care_services",
        /// The company the volunteer comes from, if any: decides who sees them.
        COMPANY = "company",
        SKILLS = "skills",
        AVAILABILITY = "availability",
        STATUS = "status",
        PHOTO = "photo",
        TRIAL_MONTHS = "trial_months",
        STATUS_MEETING = "status_meeting",
    }
    /// An onboarding step of one volunteer, keyed `{volunteer}:{step}`.
    onboarding_step {
        VOLUNTEER = "volunteer",
        STEP = "step",
        DONE = "done",
        BY = "by",
        ON = "on",
        NOTE = super::NOTE,
        /// The trial period's review: the trial was ended before its time.
        ENDED_EARLY = "ended_early",
    }
    /// A visit series: who visits which care service when.
    visit {
        /// Decides who sees the series and its occurrences.
        VOLUNTEER = "volunteer",
        /// Decides who sees the series and its occurrences.
        CARE_SERVICE = "care_service",
        FIRST = "first",
        START = "start",
        END = "end",
        RECURRENCE = "recurrence",
        UNTIL = "until",
        ACTIVITY = "activity",
        /// Who allowed booking a volunteer not yet cleared (criminal record, confidentiality):
        /// the coordinator only, recorded with the visit.
        ALLOWED_UNCLEARED = "allowed_uncleared",
    }
    /// What happened to one occurrence of a series, keyed `{series}:{date}`.
    visit_occurrence {
        SERIES = "series",
        DATE = "date",
        STATUS = "status",
        MOVED_DATE = "moved_date",
        MOVED_START = "moved_start",
        MOVED_END = "moved_end",
        MINUTES = "minutes",
        RESIDENTS = "residents",
        /// A held visit's note, or why it was cancelled.
        NOTE = super::NOTE,
        /// Who cancelled it, by name.
        BY = "by",
        /// When it was cancelled.
        AT = "at",
    }
    /// A meeting of the coordinator's year, keyed by its [`crate::calendar::Meeting`] key.
    /// Its date when moved from the default, its note, whether it is done.
    calendar_item {
        DATE = "date",
        DONE = "done",
        NOTE = super::NOTE,
    }
    /// A partner's answers to the six follow-up questions on one day, keyed
    /// `{partner}:{date}`.
    follow_up {
        PARTNER = "partner",
        DATE = "date",
        LESSON = "lesson",
        CONTINUATION = "continuation",
        INFLUENCE = "influence",
        PHASES = "phases",
        OUTSIDE_HELP = "outside_help",
        ELSEWHERE = "elsewhere",
        /// Who answered, by name.
        BY = "by",
    }
    /// An evaluation talk at a care service on one day, keyed `{care service}:{date}`:
    /// counts of who took part, never residents' names.
    evaluation_talk {
        CARE_SERVICE = "care_service",
        DATE = "date",
        RESIDENTS = "residents",
        VOLUNTEERS = "volunteers",
        STAFF = "staff",
        NOTE = super::NOTE,
        /// Who recorded it, by name.
        BY = "by",
    }
}

/// The values of [`visit_occurrence::STATUS`].
pub mod occurrence_status {
    pub const CANCELLED: &str = "cancelled";
    pub const MOVED: &str = "moved";
    pub const HELD: &str = "held";
}

/// The fields an entity of `kind` may have.
pub fn fields(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Programme => programme::FIELDS,
        EntityKind::Partner => partner::FIELDS,
        EntityKind::TaskTick => task_tick::FIELDS,
        EntityKind::AdviceTick => advice_tick::FIELDS,
        EntityKind::Volunteer => volunteer::FIELDS,
        EntityKind::OnboardingStep => onboarding_step::FIELDS,
        EntityKind::Visit => visit::FIELDS,
        EntityKind::VisitOccurrence => visit_occurrence::FIELDS,
        EntityKind::CalendarItem => calendar_item::FIELDS,
        EntityKind::FollowUp => follow_up::FIELDS,
        EntityKind::EvaluationTalk => evaluation_talk::FIELDS,
    }
}

/// What a form holds a field's value to, so that a value from outside (another
/// device's push) is held to it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Text of at most this many characters, on one line.
    Line(usize),
    /// Text of at most this many characters.
    Text(usize),
    /// A whole number from 0 to this.
    AtMost(u64),
    /// A day, `YYYY-MM-DD`.
    Date,
}

/// The bound on a field, for the fields people type (or count) into.
pub fn bound(kind: EntityKind, field: &str) -> Option<Bound> {
    use crate::validate::{ADDRESS_MAX, NAME_MAX, NOTE_MAX};
    let names: &[&str] = match kind {
        EntityKind::Programme => &[programme::MUNICIPALITY, programme::COORDINATOR],
        EntityKind::Partner => &[
            partner::NAME,
            partner::LEADER,
            partner::CONTACT_PERSON,
            partner::CONTACT,
        ],
        EntityKind::TaskTick => &[task_tick::BY],
        EntityKind::AdviceTick => &[advice_tick::BY],
        EntityKind::Volunteer => &[volunteer::NAME],
        EntityKind::OnboardingStep => &[onboarding_step::BY],
        EntityKind::Visit => &[visit::ALLOWED_UNCLEARED],
        EntityKind::VisitOccurrence => &[visit_occurrence::BY],
        EntityKind::CalendarItem => &[],
        EntityKind::FollowUp => &[follow_up::BY],
        EntityKind::EvaluationTalk => &[evaluation_talk::BY],
    };
    let texts: &[&str] = match kind {
        EntityKind::Volunteer => &[volunteer::SKILLS, volunteer::AVAILABILITY],
        EntityKind::Visit => &[visit::ACTIVITY],
        EntityKind::FollowUp => &[
            follow_up::LESSON,
            follow_up::CONTINUATION,
            follow_up::INFLUENCE,
            follow_up::PHASES,
            follow_up::OUTSIDE_HELP,
            follow_up::ELSEWHERE,
        ],
        _ => &[NOTE],
    };
    match (kind, field) {
        _ if names.contains(&field) => Some(Bound::Line(NAME_MAX)),
        _ if texts.contains(&field) => Some(Bound::Text(NOTE_MAX)),
        (EntityKind::Partner, partner::ADDRESS) => Some(Bound::Text(ADDRESS_MAX)),
        (EntityKind::Programme, programme::START)
        | (EntityKind::CalendarItem, calendar_item::DATE) => Some(Bound::Date),
        (EntityKind::VisitOccurrence, visit_occurrence::MINUTES) => {
            Some(Bound::AtMost(crate::visits::MAX_MINUTES.into()))
        }
        (EntityKind::VisitOccurrence, visit_occurrence::RESIDENTS) => {
            Some(Bound::AtMost(crate::visits::MAX_RESIDENTS.into()))
        }
        (
            EntityKind::EvaluationTalk,
            evaluation_talk::RESIDENTS | evaluation_talk::VOLUNTEERS | evaluation_talk::STAFF,
        ) => Some(Bound::AtMost(crate::evaluation::MAX_PEOPLE.into())),
        _ => None,
    }
}

/// For a kind kept under a parent and keyed `"{parent}:{item}"` (see
/// [`crate::op::child_id`]): the fields that name the parent and the item. Items that
/// several devices may change independently are entities of their own, keyed this way
/// so that their edits merge.
pub fn child_fields(kind: EntityKind) -> Option<(&'static str, &'static str)> {
    match kind {
        EntityKind::TaskTick => Some((task_tick::PARTNER, task_tick::TASK)),
        EntityKind::AdviceTick => Some((advice_tick::PARTNER, advice_tick::ADVICE)),
        EntityKind::OnboardingStep => Some((onboarding_step::VOLUNTEER, onboarding_step::STEP)),
        EntityKind::VisitOccurrence => Some((visit_occurrence::SERIES, visit_occurrence::DATE)),
        EntityKind::FollowUp => Some((follow_up::PARTNER, follow_up::DATE)),
        EntityKind::EvaluationTalk => Some((evaluation_talk::CARE_SERVICE, evaluation_talk::DATE)),
        EntityKind::Programme
        | EntityKind::Partner
        | EntityKind::Volunteer
        | EntityKind::Visit
        | EntityKind::CalendarItem => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_names_each_field_once() {
        for kind in EntityKind::ALL {
            let mut names = fields(kind).to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), fields(kind).len(), "{kind:?} repeats a field");
        }
    }

    #[test]
    fn a_child_kind_has_its_parent_and_item_fields() {
        for kind in EntityKind::ALL {
            if let Some((parent, item)) = child_fields(kind) {
                assert!(fields(kind).contains(&parent) && fields(kind).contains(&item));
            }
        }
    }
}
