//! Who may see and change what when devices share a programme through a server.
//!
//! A device joins with an invite for one [`Access`]: a role and, for every role but the
//! coordinator, its subject (the care service, company or volunteer centre partner, or the
//! volunteer). [`ScopeIndex`] keeps the few fields that decide scope (which care services
//! and company a volunteer belongs to, whose and where a visit is), merged by the same
//! rule as everything else, so the server can decide per operation.
//!
//! - Coordinator: everything.
//! - Care-service leader or contact: the programme, the partners and everyone's task
//!   and advice ticks (progress is shared); their care service's volunteers, onboarding,
//!   visits and occurrences. Writes the same, ticks only for their care service.
//! - Volunteer centre: programme, partners, ticks; every volunteer and onboarding step
//!   (it recruits and screens). Writes volunteers, onboarding and its own ticks.
//! - Company: programme, partners, ticks; the volunteers from the company, their
//!   onboarding and visits (for the hours). Writes only its own ticks.
//! - Volunteer: the programme and partners (where to go, whom to report to); their own
//!   profile, onboarding, visits and occurrences; the visit schedule of their care
//!   services with the other volunteers' first names and nothing else about them.
//!   Writes their own contact details and records their own visits.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::DeviceId;
use crate::onboarding::Step;
use crate::op::{Change, EntityKind, Op, Record, child_id, parent_of};
use crate::schema::{
    occurrence_status, onboarding_step, partner, visit, visit_occurrence, volunteer,
};

/// What a device may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Coordinator,
    /// A care service's leader or contact person.
    CareService,
    VolunteerCentre,
    Company,
    Volunteer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Coordinator,
        Role::CareService,
        Role::VolunteerCentre,
        Role::Company,
        Role::Volunteer,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::CareService => "care_service",
            Role::VolunteerCentre => "volunteer_centre",
            Role::Company => "company",
            Role::Volunteer => "volunteer",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A role and whom it acts for: a partner id, a volunteer id, or nothing for the
/// coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl Access {
    pub fn coordinator() -> Access {
        Access {
            role: Role::Coordinator,
            subject: None,
        }
    }

    /// Every role but the coordinator acts for one subject.
    pub fn new(role: Role, subject: Option<String>) -> Option<Access> {
        (subject.is_some() != (role == Role::Coordinator)).then_some(Access { role, subject })
    }

    fn subject(&self) -> &str {
        self.subject.as_deref().unwrap_or_default()
    }

    /// Whether this access may tick a partner's tasks (`TaskTick`) or advice
    /// (`AdviceTick`): the coordinator any, a partner role its own (advice: a care
    /// service), a volunteer none. The screens lock the rest; pushes are checked anyway.
    pub fn may_tick(&self, kind: EntityKind, partner: &str) -> bool {
        match (self.role, kind) {
            (Role::Coordinator, _) => true,
            (Role::CareService, EntityKind::TaskTick | EntityKind::AdviceTick)
            | (Role::VolunteerCentre | Role::Company, EntityKind::TaskTick) => {
                self.subject() == partner
            }
            _ => false,
        }
    }
}

/// What a device gets of one operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Sight {
    Whole,
    /// A copy with less in it (another volunteer's first name only).
    Redacted(Op),
    Hidden,
}

/// The fields of a volunteer's own profile they may change themselves.
const OWN_PROFILE_FIELDS: [&str; 5] = [
    volunteer::PHONE,
    volunteer::EMAIL,
    volunteer::SKILLS,
    volunteer::AVAILABILITY,
    volunteer::PHOTO,
];
/// What another volunteer at the same care service sees of a volunteer.
const COLLEAGUE_FIELDS: [&str; 3] = [volunteer::NAME, volunteer::CARE_SERVICES, volunteer::STATUS];
/// What a volunteer sees of another volunteer's visit occurrence: the schedule only.
const SCHEDULE_FIELDS: [&str; 6] = [
    visit_occurrence::SERIES,
    visit_occurrence::DATE,
    visit_occurrence::STATUS,
    visit_occurrence::MOVED_DATE,
    visit_occurrence::MOVED_START,
    visit_occurrence::MOVED_END,
];
/// What a volunteer writes of an occurrence of their own visit, besides its status.
const VOLUNTEER_RECORDS: [&str; 7] = [
    visit_occurrence::SERIES,
    visit_occurrence::DATE,
    visit_occurrence::MINUTES,
    visit_occurrence::RESIDENTS,
    visit_occurrence::NOTE,
    visit_occurrence::BY,
    visit_occurrence::AT,
];
/// The fields that decide scope.
const SCOPE_FIELDS: [(EntityKind, &str); 4] = [
    (EntityKind::Volunteer, volunteer::CARE_SERVICES),
    (EntityKind::Volunteer, volunteer::COMPANY),
    (EntityKind::Visit, visit::VOLUNTEER),
    (EntityKind::Visit, visit::CARE_SERVICE),
];
/// Whether the index keeps this field: one that decides scope, a partner's kind (for
/// invites), whether an onboarding step is done (for the steps' order and bookings) and
/// who allowed a visit without clearing.
fn kept(kind: EntityKind, field: &str) -> bool {
    SCOPE_FIELDS.contains(&(kind, field))
        || (kind, field) == (EntityKind::Partner, partner::KIND)
        || (kind, field) == (EntityKind::OnboardingStep, onboarding_step::DONE)
        || (kind, field) == (EntityKind::Visit, visit::ALLOWED_UNCLEARED)
}

/// The onboarding steps that clear a volunteer for visits ([`Onboarding::is_cleared`]).
///
/// [`Onboarding::is_cleared`]: crate::onboarding::Onboarding::is_cleared
const CLEARING: [Step; 2] = [Step::CriminalRecordAssessed, Step::ConfidentialitySigned];

/// Whether the index holds records of this kind: volunteers, visits, partners and
/// onboarding steps.
fn indexed_entity(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Volunteer
            | EntityKind::Visit
            | EntityKind::Partner
            | EntityKind::OnboardingStep
    )
}

/// Whether the index takes this operation in: a kept field, or a delete, of an entity
/// it holds.
fn indexed(op: &Op) -> bool {
    indexed_entity(op.kind) && set_field(op).is_none_or(|f| kept(op.kind, f))
}

fn parent(entity: &str) -> &str {
    parent_of(entity).map_or("", |(parent, _)| parent)
}

fn set_field(op: &Op) -> Option<&str> {
    match &op.change {
        Change::Set { field, .. } => Some(field),
        Change::Delete | Change::Erase { .. } => None,
    }
}

/// Whether a volunteer or visit has no care service yet (the field that places what a
/// care service creates): it is being created, perhaps over several pushes.
fn unplaced(record: Option<&Record>) -> bool {
    record.is_none_or(|r| {
        let placing = match r.kind {
            EntityKind::Volunteer => volunteer::CARE_SERVICES,
            _ => visit::CARE_SERVICE,
        };
        r.get(placing).is_none()
    })
}

/// Why a push is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("operation {index} is outside what this device may change")]
pub struct OutOfScope {
    pub index: usize,
}

/// The scope-deciding fields of every volunteer and visit, and where each was first seen.
#[derive(Clone, Debug, Default)]
pub struct ScopeIndex {
    records: HashMap<(EntityKind, String), Record>,
    /// The server sequence of the first operation of each volunteer and visit.
    first_seq: HashMap<(EntityKind, String), i64>,
    /// The device that made a volunteer's or visit's first operation: until the entity
    /// has a field that places it, only that device may go on creating it (a new
    /// volunteer's fields can arrive in several pushes).
    creator: HashMap<(EntityKind, String), DeviceId>,
    /// Every operation an erasure removed: sent again (a retry, a backup), it is not kept.
    removed: std::collections::HashSet<crate::clock::Stamp>,
}

impl ScopeIndex {
    /// Takes in one stored operation and its server sequence.
    pub fn add(&mut self, seq: i64, op: &Op) {
        self.removed.extend(op.removed());
        let key = (op.kind, op.entity.clone());
        if matches!(op.kind, EntityKind::Volunteer | EntityKind::Visit) {
            self.first_seq.entry(key.clone()).or_insert(seq);
            self.creator.entry(key.clone()).or_insert(op.stamp.device());
        }
        if indexed(op) {
            self.records
                .entry(key)
                .or_insert_with(|| Record::for_op(op))
                .apply(op);
        }
    }

    /// The index of what a device holds: its merged records (for checking a change on
    /// the device before it is stored, as the server will check it).
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> ScopeIndex {
        let mut index = ScopeIndex::default();
        for record in records {
            index.set_record(record);
        }
        index
    }

    /// Takes in a record's current state (what a device's change or pull made of it).
    pub fn set_record(&mut self, record: &Record) {
        if !indexed_entity(record.kind) {
            return;
        }
        let key = (record.kind, record.entity.clone());
        if matches!(record.kind, EntityKind::Volunteer | EntityKind::Visit) {
            self.first_seq.insert(key.clone(), 0);
        }
        let mut copy = Record::new(record.kind, &record.entity);
        copy.deleted = record.deleted;
        copy.fields = record
            .fields
            .iter()
            .filter(|(field, _)| kept(record.kind, field))
            .map(|(field, value)| (field.clone(), value.clone()))
            .collect();
        self.records.insert(key, copy);
    }

    /// The index as it stands.
    fn view(&self) -> View<'_> {
        View {
            index: self,
            pushed: None,
        }
    }

    /// Whether an invite's subject is a live partner of the role's kind, or a live
    /// volunteer.
    pub fn subject_exists(&self, access: &Access) -> bool {
        let (kind, wanted) = match access.role {
            Role::Coordinator => return true,
            Role::Volunteer => (EntityKind::Volunteer, None),
            role => (EntityKind::Partner, Some(role.key())),
        };
        self.records
            .get(&(kind, access.subject().to_owned()))
            .is_some_and(|r| r.is_live() && wanted.is_none_or(|k| r.str(partner::KIND) == Some(k)))
    }

    /// Every visit series that was ever a volunteer's.
    pub fn visits_of(&self, volunteer: &str) -> Vec<String> {
        self.records
            .iter()
            .filter(|((kind, _), r)| *kind == EntityKind::Visit && r.held_by.contains(volunteer))
            .map(|((_, id), _)| id.clone())
            .collect()
    }

    /// Whether an operation carries something of a volunteer who is erased, or whom
    /// `erasing` (a push's erasures) erases, or gives them a visit, or is one an erasure
    /// removed: it is not kept (see `erasure`).
    pub fn carries_erased(&self, op: &Op, erasing: &BTreeSet<&str>) -> bool {
        if self.removed.contains(&op.stamp) {
            return true;
        }
        let erased = |volunteer: &str| {
            erasing.contains(volunteer)
                || self
                    .records
                    .get(&(EntityKind::Volunteer, volunteer.to_owned()))
                    .is_some_and(|r| r.erased)
        };
        let held_by = |series: &str| -> Vec<String> {
            self.records
                .get(&(EntityKind::Visit, series.to_owned()))
                .map(|r| r.held_by.iter().cloned().collect())
                .unwrap_or_default()
        };
        let volunteers: Vec<String> = match (op.kind, &op.change) {
            (EntityKind::Visit, Change::Set { field, value, .. }) if field == visit::VOLUNTEER => {
                return value.as_str().is_some_and(erased);
            }
            (EntityKind::Volunteer, _) => vec![op.entity.clone()],
            (EntityKind::OnboardingStep, _) => vec![parent(&op.entity).to_owned()],
            (EntityKind::VisitOccurrence, _) => held_by(parent(&op.entity)),
            _ => return false,
        };
        volunteers.iter().any(|volunteer| {
            erased(volunteer)
                && crate::erasure::carries(op, volunteer, |series| {
                    held_by(series).contains(volunteer)
                })
        })
    }

    fn knows(&self, kind: EntityKind, entity: &str) -> bool {
        self.first_seq.contains_key(&(kind, entity.to_owned()))
    }

    /// Whether a device with `access` sees an entity at all (whole or in part).
    pub fn visible(&self, access: &Access, kind: EntityKind, entity: &str) -> bool {
        let index = self.view();
        match kind {
            _ if access.role == Role::Coordinator => true,
            EntityKind::Programme | EntityKind::Partner => true,
            EntityKind::TaskTick | EntityKind::AdviceTick => access.role != Role::Volunteer,
            // A deleted volunteer leaves every limited device (their data with them).
            EntityKind::Volunteer => {
                index.live(EntityKind::Volunteer, entity)
                    && (index.owns_volunteer(access, entity) || index.colleague(access, entity))
            }
            EntityKind::OnboardingStep => {
                let volunteer = parent(entity);
                index.live(EntityKind::Volunteer, volunteer)
                    && index.owns_volunteer(access, volunteer)
            }
            EntityKind::Visit => {
                index.owns_visit(access, entity)
                    || index.my_care_service(access, index.visit(entity, visit::CARE_SERVICE))
            }
            EntityKind::VisitOccurrence => self.visible(access, EntityKind::Visit, parent(entity)),
            // The coordinator's own planning.
            EntityKind::CalendarItem => false,
            // A partner's own evaluation (its answers and talks may speak of its residents).
            EntityKind::FollowUp | EntityKind::EvaluationTalk => {
                access.role != Role::Volunteer && parent(entity) == access.subject()
            }
        }
    }

    /// What a device with `access` gets of `op`.
    pub fn sees(&self, access: &Access, op: &Op) -> Sight {
        // An erasure reaches every device, so each removes what it holds of the person
        // (a leader keeps the notes of their visits otherwise); it carries nothing but an
        // id.
        if access.role == Role::Coordinator || op.is_erasure() {
            return Sight::Whole;
        }
        if !self.visible(access, op.kind, &op.entity) {
            return Sight::Hidden;
        }
        let index = self.view();
        let whole = |yes: bool| if yes { Sight::Whole } else { Sight::Hidden };
        let field = set_field(op);
        match op.kind {
            // A colleague of a volunteer: their first name and where they visit.
            EntityKind::Volunteer if !index.owns_volunteer(access, &op.entity) => {
                match (&op.change, field) {
                    (Change::Set { value, base, .. }, Some(volunteer::NAME)) => {
                        let first = value
                            .as_str()
                            .and_then(|n| n.split_whitespace().next())
                            .unwrap_or_default();
                        let mut copy = op.clone();
                        copy.change = Change::Set {
                            field: volunteer::NAME.into(),
                            value: first.into(),
                            base: *base,
                        };
                        copy.redacted = true;
                        Sight::Redacted(copy)
                    }
                    (_, Some(f)) => whole(COLLEAGUE_FIELDS.contains(&f)),
                    (_, None) => Sight::Whole,
                }
            }
            // Every partner's progress is everyone's, but what a partner wrote on its
            // ticks is its own (a care service's notes may speak of its residents).
            EntityKind::TaskTick | EntityKind::AdviceTick
                if parent(&op.entity) != access.subject() =>
            {
                whole(field != Some(crate::schema::NOTE))
            }
            // Another volunteer's visit at a volunteer's care service: the schedule only.
            EntityKind::VisitOccurrence if !index.owns_visit(access, parent(&op.entity)) => {
                whole(field.is_none_or(|f| SCHEDULE_FIELDS.contains(&f)))
            }
            // An employer counts its employees' hours, but why one cancelled or what a
            // visit held is theirs and the care service's.
            EntityKind::VisitOccurrence if access.role == Role::Company => whole(
                field
                    .is_none_or(|f| SCHEDULE_FIELDS.contains(&f) || f == visit_occurrence::MINUTES),
            ),
            _ => Sight::Whole,
        }
    }

    /// The volunteers and visits whose sight `op` may have changed for some device: the
    /// entity itself; for a volunteer, their visits; and when a volunteer's own care
    /// services change, every volunteer and visit (their colleagues and schedule).
    fn affected(&self, access: &Access, op: &Op) -> Vec<(EntityKind, String)> {
        let mut entities = vec![(op.kind, op.entity.clone())];
        if op.kind == EntityKind::Volunteer {
            let me = access.role == Role::Volunteer && op.entity == access.subject();
            for ((kind, id), record) in &self.records {
                // Visits follow their volunteer for a company and a volunteer; for a care
                // service they follow their own care service.
                let follows = matches!(access.role, Role::Company | Role::Volunteer);
                let related = match kind {
                    EntityKind::Visit => {
                        me || (follows && record.str(visit::VOLUNTEER) == Some(&op.entity))
                    }
                    EntityKind::Volunteer => me && id != &op.entity,
                    _ => false,
                };
                if related {
                    entities.push((*kind, id.clone()));
                }
            }
        }
        entities
    }

    /// Whether `op` changes who sees its entity: a field that decides scope, or a delete
    /// or erasure of a volunteer or visit.
    fn moves_scope(op: &Op) -> bool {
        match set_field(op) {
            Some(field) => SCOPE_FIELDS.contains(&(op.kind, field)),
            None => matches!(op.kind, EntityKind::Volunteer | EntityKind::Visit),
        }
    }

    /// The entities whose older operations `op` (at a server sequence above `since`)
    /// may have brought into the device's sight: a volunteer or visit moved to the
    /// device's care service, company or volunteer, with what hangs off them. The server
    /// sends their operations up to `since` along with the page (see docs/sync.md).
    pub fn widened(&self, access: &Access, op: &Op, since: i64) -> Vec<String> {
        let older = self
            .first_seq
            .get(&(op.kind, op.entity.clone()))
            .is_some_and(|&first| first <= since);
        if access.role == Role::Coordinator
            || set_field(op).is_none()
            || !Self::moves_scope(op)
            || !older
            || self.sees(access, op) == Sight::Hidden
        {
            return Vec::new();
        }
        self.affected(access, op)
            .into_iter()
            .filter(|(kind, id)| self.visible(access, *kind, id))
            .map(|(_, id)| id)
            .collect()
    }

    /// The entities `op` (in a page the device pulls) may have taken out of its sight: a
    /// volunteer moved to another care service or deleted, a visit moved, a volunteer's
    /// own care services changed. The device lets go of each, with everything keyed under
    /// it (see docs/sync.md); naming one it never had changes nothing. One still seen in
    /// part is sent again with the page, as far as it is seen.
    pub fn narrowed(&self, access: &Access, op: &Op) -> Vec<(EntityKind, String)> {
        if access.role == Role::Coordinator || !Self::moves_scope(op) {
            return Vec::new();
        }
        // An erased volunteer is not let go of: the erasure itself reaches the device.
        let erased = |kind: EntityKind, id: &str| {
            kind == EntityKind::Volunteer
                && self
                    .records
                    .get(&(kind, id.to_owned()))
                    .is_some_and(|r| r.erased)
        };
        // Seen only in part now (another volunteer's visit at a volunteer's care service):
        // let go of, and sent again as far as it is seen.
        let partial = |kind: EntityKind, id: &str| {
            op.kind == EntityKind::Visit
                && kind == EntityKind::Visit
                && op.entity == id
                && access.role == Role::Volunteer
                && !self.view().owns_visit(access, id)
        };
        self.affected(access, op)
            .into_iter()
            .filter(|(kind, id)| {
                !erased(*kind, id) && (!self.visible(access, *kind, id) || partial(*kind, id))
            })
            .collect()
    }

    /// Checks that every operation of a push is one the device may make. An entity
    /// already known must be in scope before the push; a new one after it (a leader
    /// adding a volunteer to their care service sends the name before the care services),
    /// and so is one its creator is still creating over several pushes. Whether each
    /// operation is well formed (ids and fields agree) is `Op::check`'s part.
    pub fn check_push(&self, access: &Access, ops: &[Op]) -> Result<(), OutOfScope> {
        if access.role == Role::Coordinator {
            return Ok(());
        }
        // Each operation is judged against the index as the push has made it so far: an
        // overlay of the entries the push touches, not a copy of the whole index (a push
        // holds the programme's lock).
        let mut pushed: HashMap<(EntityKind, String), Record> = HashMap::new();
        let mut touched: BTreeSet<(EntityKind, String)> = BTreeSet::new();
        let creates = |kind: EntityKind| match kind {
            EntityKind::Volunteer => {
                matches!(access.role, Role::CareService | Role::VolunteerCentre)
            }
            EntityKind::Visit => access.role == Role::CareService,
            _ => false,
        };
        for (index, op) in ops.iter().enumerate() {
            // Booking a volunteer not yet cleared is the coordinator's call alone, even
            // on a visit its sender is still creating.
            if op.kind == EntityKind::Visit && set_field(op) == Some(visit::ALLOWED_UNCLEARED) {
                return Err(OutOfScope { index });
            }
            // Nor is anyone booked before they are cleared (the form says so; a device
            // that skips the form is refused here): a clearing step done earlier in the
            // push counts, and a series the coordinator allowed keeps its volunteer.
            let so_far = View {
                index: self,
                pushed: Some(&pushed),
            };
            if let (EntityKind::Visit, Change::Set { field, value, .. }) = (op.kind, &op.change)
                && field == visit::VOLUNTEER
            {
                let volunteer = value.as_str().unwrap_or_default();
                let stored = self.view();
                let allowed = stored.visit(&op.entity, visit::VOLUNTEER) == volunteer
                    && !stored
                        .visit(&op.entity, visit::ALLOWED_UNCLEARED)
                        .is_empty();
                if !(so_far.cleared(volunteer) || allowed) {
                    return Err(OutOfScope { index });
                }
            }
            // Nor is a step done before the steps it needs (the form says which).
            if let (EntityKind::OnboardingStep, Change::Set { field, value, .. }) =
                (op.kind, &op.change)
                && field == onboarding_step::DONE
                && value == &Value::Bool(true)
                && let Some((volunteer, step)) = parent_of(&op.entity)
                && let Some(step) = Step::from_key(step)
                && !step
                    .requires()
                    .iter()
                    .all(|s| so_far.step_done(volunteer, *s))
            {
                return Err(OutOfScope { index });
            }
            let key = (op.kind, op.entity.clone());
            let device = op.stamp.device();
            let current = |pushed: &HashMap<_, Record>, key: &(EntityKind, String)| {
                pushed.get(key).or(self.records.get(key)).cloned()
            };
            // A volunteer or visit nothing places yet, whose first operation this op's
            // device made (or new): its creator goes on with it until a push places it.
            let pending = |pushed: &HashMap<_, Record>, key: &(EntityKind, String)| {
                unplaced(current(pushed, key).as_ref())
                    && self.creator.get(key).is_none_or(|c| *c == device)
            };
            let old_services: BTreeSet<String> = View {
                index: self,
                pushed: Some(&pushed),
            }
            .care_services(&op.entity)
            .into_iter()
            .map(str::to_owned)
            .collect();
            // Known before this op (stored, or made earlier in this push): judged as it was;
            // new: as this op makes it.
            let known = self.knows(op.kind, &op.entity) || touched.contains(&key);
            let creating = !known || (pending(&pushed, &key) && creates(op.kind));
            let indexed_field = set_field(op).is_none_or(|f| kept(op.kind, f));
            let apply = |pushed: &mut HashMap<(EntityKind, String), Record>| {
                if indexed_field {
                    pushed
                        .entry(key.clone())
                        .or_insert_with(|| {
                            self.records
                                .get(&key)
                                .cloned()
                                .unwrap_or_else(|| Record::for_op(op))
                        })
                        .apply(op);
                }
            };
            if creating {
                apply(&mut pushed);
            }
            let parent_kind = match op.kind {
                EntityKind::OnboardingStep => Some(EntityKind::Volunteer),
                EntityKind::VisitOccurrence => Some(EntityKind::Visit),
                _ => None,
            };
            let is_set = set_field(op).is_some();
            let still_creating = is_set
                && ((creating && creates(op.kind) && pending(&pushed, &key))
                    || parent_kind.is_some_and(|kind| {
                        let parent_key = (kind, parent(&op.entity).to_owned());
                        let made_here = touched.contains(&parent_key)
                            || self.creator.get(&parent_key) == Some(&device);
                        creates(kind) && made_here && pending(&pushed, &parent_key)
                    }));
            let view = View {
                index: self,
                pushed: Some(&pushed),
            };
            if !(still_creating || view.may_write(&view, &old_services, access, op)) {
                return Err(OutOfScope { index });
            }
            if !creating {
                apply(&mut pushed);
            }
            touched.insert(key);
        }
        Ok(())
    }
}

/// The index as lookups see it: as it stands, or with a push's entries laid over it.
struct View<'a> {
    index: &'a ScopeIndex,
    pushed: Option<&'a HashMap<(EntityKind, String), Record>>,
}

impl View<'_> {
    fn field(&self, kind: EntityKind, entity: &str, field: &str) -> Option<&Value> {
        let key = (kind, entity.to_owned());
        self.pushed
            .and_then(|p| p.get(&key))
            .or_else(|| self.index.records.get(&key))?
            .get(field)
    }

    /// Whether an entity is not deleted (or not known to be).
    fn live(&self, kind: EntityKind, entity: &str) -> bool {
        let key = (kind, entity.to_owned());
        self.pushed
            .and_then(|p| p.get(&key))
            .or_else(|| self.index.records.get(&key))
            .is_none_or(Record::is_live)
    }

    /// For a volunteer: whether another volunteer visits one of their care services.
    fn colleague(&self, access: &Access, volunteer: &str) -> bool {
        access.role == Role::Volunteer
            && self
                .care_services(volunteer)
                .iter()
                .any(|c| self.my_care_service(access, c))
    }

    fn care_services(&self, volunteer: &str) -> Vec<&str> {
        self.field(EntityKind::Volunteer, volunteer, volunteer::CARE_SERVICES)
            .and_then(Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect())
    }

    fn step_done(&self, volunteer: &str, step: Step) -> bool {
        let id = child_id(volunteer, step.key());
        self.live(EntityKind::OnboardingStep, &id)
            && self.field(EntityKind::OnboardingStep, &id, onboarding_step::DONE)
                == Some(&Value::Bool(true))
    }

    /// Whether a volunteer's clearing steps are all done.
    fn cleared(&self, volunteer: &str) -> bool {
        CLEARING.iter().all(|step| self.step_done(volunteer, *step))
    }

    fn company(&self, volunteer: &str) -> Option<&str> {
        self.field(EntityKind::Volunteer, volunteer, volunteer::COMPANY)?
            .as_str()
    }

    fn visit(&self, series: &str, field: &str) -> &str {
        self.field(EntityKind::Visit, series, field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Whether a volunteer belongs to the access's care service, company or self.
    fn owns_volunteer(&self, access: &Access, volunteer: &str) -> bool {
        let subject = access.subject();
        match access.role {
            Role::Coordinator | Role::VolunteerCentre => true,
            Role::CareService => self.care_services(volunteer).contains(&subject),
            Role::Company => self.company(volunteer) == Some(subject),
            Role::Volunteer => volunteer == subject,
        }
    }

    /// Whether a visit series belongs to the access (for a volunteer: their own).
    fn owns_visit(&self, access: &Access, series: &str) -> bool {
        match access.role {
            Role::Coordinator => true,
            Role::CareService => self.visit(series, visit::CARE_SERVICE) == access.subject(),
            Role::VolunteerCentre => false,
            Role::Company | Role::Volunteer => {
                self.owns_volunteer(access, self.visit(series, visit::VOLUNTEER))
            }
        }
    }

    /// For a volunteer: whether a care service is one of theirs.
    fn my_care_service(&self, access: &Access, care_service: &str) -> bool {
        access.role == Role::Volunteer
            && self.care_services(access.subject()).contains(&care_service)
    }

    /// `owner` decides volunteers and visits themselves; `self` (the index after the
    /// push) decides the entities that hang off them.
    fn may_write(
        &self,
        owner: &View<'_>,
        old_services: &BTreeSet<String>,
        access: &Access,
        op: &Op,
    ) -> bool {
        let subject = access.subject();
        let role = access.role;
        let is_partner_role = matches!(
            role,
            Role::CareService | Role::VolunteerCentre | Role::Company
        );
        match op.kind {
            EntityKind::Programme | EntityKind::CalendarItem => false,
            EntityKind::FollowUp => is_partner_role && parent(&op.entity) == subject,
            EntityKind::EvaluationTalk => {
                role == Role::CareService && parent(&op.entity) == subject
            }
            // Its own details, but not what kind of partner it is (that decides what its
            // devices may do).
            EntityKind::Partner => {
                is_partner_role
                    && op.entity == subject
                    && set_field(op).is_some_and(|field| field != partner::KIND)
            }
            EntityKind::TaskTick | EntityKind::AdviceTick => {
                access.may_tick(op.kind, parent(&op.entity))
            }
            EntityKind::Volunteer => match (role, &op.change) {
                // Only the coordinator and the volunteer centre delete or erase a person;
                // a care service takes a volunteer off its own list, and no one else's.
                (Role::CareService, Change::Delete | Change::Erase { .. }) => false,
                (Role::CareService, Change::Set { field, value, .. })
                    if field == volunteer::CARE_SERVICES =>
                {
                    let new: BTreeSet<String> = value.as_array().map_or_else(BTreeSet::new, |a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    });
                    old_services
                        .symmetric_difference(&new)
                        .all(|c| c == subject)
                        && owner.owns_volunteer(access, &op.entity)
                }
                (Role::CareService | Role::VolunteerCentre, _) => {
                    owner.owns_volunteer(access, &op.entity)
                }
                (Role::Volunteer, _) => {
                    op.entity == subject
                        && set_field(op).is_some_and(|f| OWN_PROFILE_FIELDS.contains(&f))
                }
                _ => false,
            },
            EntityKind::OnboardingStep => {
                matches!(role, Role::CareService | Role::VolunteerCentre)
                    && self.owns_volunteer(access, parent(&op.entity))
            }
            EntityKind::Visit => role == Role::CareService && owner.owns_visit(access, &op.entity),
            EntityKind::VisitOccurrence => {
                let records_only = || match &op.change {
                    // A volunteer records a visit of theirs as held or cancels it; moving
                    // one is planning, the care service's.
                    Change::Set { field, value, .. } => {
                        if field == visit_occurrence::STATUS {
                            matches!(
                                value.as_str(),
                                Some(occurrence_status::HELD | occurrence_status::CANCELLED)
                            )
                        } else {
                            VOLUNTEER_RECORDS.contains(&field.as_str())
                        }
                    }
                    Change::Delete | Change::Erase { .. } => false,
                };
                match role {
                    Role::CareService => self.owns_visit(access, parent(&op.entity)),
                    Role::Volunteer => {
                        self.owns_visit(access, parent(&op.entity)) && records_only()
                    }
                    _ => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{DeviceId, Stamp};
    use crate::op::Edit;

    /// Stamps edits in order, feeding them to an index with consecutive sequences.
    #[derive(Default)]
    struct Log {
        index: ScopeIndex,
        time: u64,
        stored: Vec<Op>,
    }

    impl Log {
        fn op(&mut self, edit: Edit) -> Op {
            self.time += 1;
            edit.stamped(Stamp::new(self.time, DeviceId::new(1).unwrap()))
        }

        fn store(&mut self, edits: Vec<Edit>) -> Vec<Op> {
            let ops: Vec<Op> = edits.into_iter().map(|e| self.op(e)).collect();
            for op in &ops {
                self.index.add(self.time as i64, op);
            }
            self.stored.extend(ops.iter().cloned());
            ops
        }
    }

    fn volunteer(id: &str, name: &str, care_services: &[&str], company: Option<&str>) -> Vec<Edit> {
        let set = |f: &str, v: Value| Edit::set(EntityKind::Volunteer, id, f, v);
        vec![
            set("name", name.into()),
            set("phone", "12345678".into()),
            set("care_services", care_services.to_vec().into()),
            set("company", company.map_or(Value::Null, Value::from)),
        ]
    }

    fn visit(id: &str, volunteer: &str, care_service: &str) -> Vec<Edit> {
        vec![
            Edit::set(EntityKind::Visit, id, "volunteer", volunteer),
            Edit::set(EntityKind::Visit, id, "care_service", care_service),
        ]
    }

    fn occurrence(series: &str, field: &str, value: impl Into<Value>) -> Edit {
        Edit::set(
            EntityKind::VisitOccurrence,
            &format!("{series}:2026-12-01"),
            field,
            value,
        )
    }

    fn access(role: Role, subject: &str) -> Access {
        Access::new(role, Some(subject.to_owned())).unwrap()
    }

    /// Anna and Bo visit care service A, Carl visits B; Anna comes from company K.
    fn programme() -> Log {
        let mut log = Log::default();
        log.store(volunteer("anna", "Anna Hansen", &["A"], Some("K")));
        log.store(volunteer("bo", "Bo Berg", &["A"], None));
        log.store(volunteer("carl", "Carl Dam", &["B"], None));
        log.store(visit("s-anna", "anna", "A"));
        log.store(visit("s-bo", "bo", "A"));
        log.store(visit("s-carl", "carl", "B"));
        log
    }

    fn sees(log: &mut Log, access: &Access, edit: Edit) -> Sight {
        let op = log.op(edit);
        log.index.sees(access, &op)
    }

    #[test]
    fn an_index_of_the_records_decides_as_one_of_the_operations() {
        let mut log = Log::default();
        let mut ops = Vec::new();
        for edits in [
            volunteer("anna", "Anna Hansen", &["A"], Some("K")),
            volunteer("carl", "Carl Dam", &["B"], None),
            visit("s-anna", "anna", "A"),
            vec![Edit::set(EntityKind::Partner, "A", "kind", "care_service")],
        ] {
            ops.extend(log.store(edits));
        }
        let from_records = ScopeIndex::from_records(crate::op::merge(&ops).values());
        let leader = access(Role::CareService, "A");
        let batches = [
            vec![Edit::set(
                EntityKind::Volunteer,
                "anna",
                "phone",
                "11111111",
            )],
            vec![Edit::set(
                EntityKind::Volunteer,
                "carl",
                "phone",
                "11111111",
            )],
            volunteer("dora", "Dora", &["A"], None),
            vec![occurrence("s-anna", "note", "x")],
        ];
        for edits in batches {
            let batch: Vec<Op> = edits.into_iter().map(|e| log.op(e)).collect();
            assert_eq!(
                from_records.check_push(&leader, &batch),
                log.index.check_push(&leader, &batch)
            );
        }
        assert!(from_records.subject_exists(&leader));
    }

    #[test]
    fn an_invite_names_a_live_partner_of_its_kind_or_a_live_volunteer() {
        let mut log = programme();
        log.store(vec![Edit::set(
            EntityKind::Partner,
            "A",
            "kind",
            "care_service",
        )]);
        assert!(log.index.subject_exists(&access(Role::CareService, "A")));
        assert!(!log.index.subject_exists(&access(Role::Company, "A")));
        assert!(
            !log.index
                .subject_exists(&access(Role::CareService, "nobody"))
        );
        assert!(log.index.subject_exists(&access(Role::Volunteer, "bo")));
        log.store(vec![Edit::delete(EntityKind::Volunteer, "bo")]);
        assert!(!log.index.subject_exists(&access(Role::Volunteer, "bo")));
    }

    #[test]
    fn ticks_are_locked_to_the_partner_a_device_acts_for() {
        let mut log = programme();
        for (access, kind, partner) in [
            (Access::coordinator(), EntityKind::AdviceTick, "B"),
            (access(Role::CareService, "A"), EntityKind::TaskTick, "A"),
            (access(Role::CareService, "A"), EntityKind::AdviceTick, "A"),
            (access(Role::CareService, "A"), EntityKind::TaskTick, "B"),
            (access(Role::Company, "K"), EntityKind::TaskTick, "K"),
            (access(Role::Company, "K"), EntityKind::AdviceTick, "K"),
            (
                access(Role::Volunteer, "anna"),
                EntityKind::TaskTick,
                "anna",
            ),
        ] {
            // The screens' lock agrees with what a push may do.
            let tick = Edit::set(kind, &format!("{partner}:item"), "done", true);
            let op = log.op(tick);
            assert_eq!(
                access.may_tick(kind, partner),
                log.index.check_push(&access, &[op]).is_ok(),
                "{access:?} {kind:?} {partner}"
            );
        }
    }

    #[test]
    fn an_access_needs_a_subject_for_every_role_but_the_coordinator() {
        assert!(Access::new(Role::Coordinator, None).is_some());
        assert!(Access::new(Role::Coordinator, Some("x".into())).is_none());
        assert!(Access::new(Role::Volunteer, None).is_none());
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
    }

    #[test]
    fn a_care_service_sees_its_own_volunteers_and_visits_and_everyones_ticks() {
        let mut log = programme();
        let leader = access(Role::CareService, "A");
        let phone = |id: &str| Edit::set(EntityKind::Volunteer, id, "phone", "87654321");
        assert_eq!(sees(&mut log, &leader, phone("anna")), Sight::Whole);
        assert_eq!(sees(&mut log, &leader, phone("carl")), Sight::Hidden);
        let step = |v: &str| {
            Edit::set(
                EntityKind::OnboardingStep,
                &format!("{v}:interview_held"),
                "done",
                true,
            )
        };
        assert_eq!(sees(&mut log, &leader, step("bo")), Sight::Whole);
        assert_eq!(sees(&mut log, &leader, step("carl")), Sight::Hidden);
        assert_eq!(
            sees(&mut log, &leader, occurrence("s-bo", "note", "x")),
            Sight::Whole
        );
        assert_eq!(
            sees(&mut log, &leader, occurrence("s-carl", "note", "x")),
            Sight::Hidden
        );
        let tick = Edit::set(
            EntityKind::TaskTick,
            "B:p1.municipality.take_initiative",
            "done",
            true,
        );
        assert_eq!(sees(&mut log, &leader, tick), Sight::Whole);
        // Another care service's notes on its ticks are its own; its own are whole.
        for (partner, sight) in [("B", Sight::Hidden), ("A", Sight::Whole)] {
            let note = |kind, item: &str| {
                Edit::set(
                    kind,
                    &format!("{partner}:{item}"),
                    "note",
                    "Beboeren Jens …",
                )
            };
            let task = note(EntityKind::TaskTick, "p1.municipality.take_initiative");
            let advice = note(EntityKind::AdviceTick, "a1");
            assert_eq!(sees(&mut log, &leader, task), sight, "{partner}");
            assert_eq!(sees(&mut log, &leader, advice), sight, "{partner}");
        }
        let carl_gone = Edit::delete(EntityKind::Volunteer, "carl");
        assert_eq!(sees(&mut log, &leader, carl_gone), Sight::Hidden);
    }

    #[test]
    fn a_volunteer_sees_colleagues_first_names_and_schedule_only() {
        let mut log = programme();
        let anna = access(Role::Volunteer, "anna");
        let phone = |id: &str| Edit::set(EntityKind::Volunteer, id, "phone", "87654321");
        assert_eq!(sees(&mut log, &anna, phone("anna")), Sight::Whole);
        assert_eq!(sees(&mut log, &anna, phone("bo")), Sight::Hidden);
        assert_eq!(sees(&mut log, &anna, phone("carl")), Sight::Hidden);
        let name = Edit::set(EntityKind::Volunteer, "bo", "name", "Bo Berg Nielsen");
        match sees(&mut log, &anna, name) {
            Sight::Redacted(op) => {
                assert_eq!(
                    op.change,
                    Edit::set(EntityKind::Volunteer, "bo", "name", "Bo").change
                )
            }
            other => panic!("expected a first name, got {other:?}"),
        }
        let carl = Edit::set(EntityKind::Volunteer, "carl", "name", "Carl Dam");
        assert_eq!(sees(&mut log, &anna, carl), Sight::Hidden);
        assert_eq!(
            sees(&mut log, &anna, occurrence("s-anna", "note", "x")),
            Sight::Whole
        );
        assert_eq!(
            sees(&mut log, &anna, occurrence("s-bo", "note", "x")),
            Sight::Hidden
        );
        assert_eq!(
            sees(&mut log, &anna, occurrence("s-bo", "status", "cancelled")),
            Sight::Whole
        );
        assert_eq!(
            sees(&mut log, &anna, occurrence("s-carl", "status", "cancelled")),
            Sight::Hidden
        );
        // Who cancelled a colleague's visit, and why, is not the schedule.
        for field in ["by", "at"] {
            assert_eq!(
                sees(&mut log, &anna, occurrence("s-bo", field, "Lone")),
                Sight::Hidden,
                "{field}"
            );
            assert_eq!(
                sees(&mut log, &anna, occurrence("s-anna", field, "Lone")),
                Sight::Whole,
                "{field}"
            );
        }
        let visit = Edit::set(EntityKind::Visit, "s-bo", "start", "10:00");
        assert_eq!(sees(&mut log, &anna, visit), Sight::Whole);
        let step = Edit::set(
            EntityKind::OnboardingStep,
            "bo:interview_held",
            "done",
            true,
        );
        assert_eq!(sees(&mut log, &anna, step), Sight::Hidden);
        let tick = Edit::set(
            EntityKind::TaskTick,
            "A:p1.municipality.take_initiative",
            "done",
            true,
        );
        assert_eq!(sees(&mut log, &anna, tick), Sight::Hidden);
    }

    #[test]
    fn a_company_sees_its_own_volunteers_and_their_visits() {
        let mut log = programme();
        let company = access(Role::Company, "K");
        let phone = |id: &str| Edit::set(EntityKind::Volunteer, id, "phone", "87654321");
        assert_eq!(sees(&mut log, &company, phone("anna")), Sight::Whole);
        assert_eq!(sees(&mut log, &company, phone("bo")), Sight::Hidden);
        assert_eq!(
            sees(&mut log, &company, occurrence("s-anna", "minutes", 90)),
            Sight::Whole
        );
        // The employer counts hours, not why its employee cancelled or what was done.
        for field in ["note", "by", "residents"] {
            assert_eq!(
                sees(&mut log, &company, occurrence("s-anna", field, "Syg")),
                Sight::Hidden,
                "{field}"
            );
        }
        assert_eq!(
            sees(
                &mut log,
                &company,
                occurrence("s-anna", "status", "cancelled")
            ),
            Sight::Whole
        );
        assert_eq!(
            sees(&mut log, &company, occurrence("s-bo", "minutes", 90)),
            Sight::Hidden
        );
    }

    #[test]
    fn pushes_outside_the_scope_are_refused_and_name_the_operation() {
        let mut log = programme();
        let leader = access(Role::CareService, "A");
        let check = |log: &mut Log, access: &Access, edits: Vec<Edit>| {
            let ops: Vec<Op> = edits.into_iter().map(|e| log.op(e)).collect();
            log.index.check_push(access, &ops).map_err(|e| e.index)
        };
        // A new volunteer for their own care service, name first.
        assert_eq!(
            check(&mut log, &leader, volunteer("dora", "Dora", &["A"], None)),
            Ok(())
        );
        // Someone else's volunteer, even if moved over to their own care service.
        let take = vec![
            Edit::set(EntityKind::Volunteer, "bo", "phone", "11111111"),
            Edit::set(
                EntityKind::Volunteer,
                "carl",
                "care_services",
                vec!["A", "B"],
            ),
        ];
        assert_eq!(check(&mut log, &leader, take), Err(1));
        let tick = |partner: &str| {
            Edit::set(
                EntityKind::TaskTick,
                &format!("{partner}:p1.municipality.take_initiative"),
                "partner",
                partner,
            )
        };
        assert_eq!(check(&mut log, &leader, vec![tick("A")]), Ok(()));
        assert_eq!(check(&mut log, &leader, vec![tick("A"), tick("B")]), Err(1));
        let programme = Edit::set(EntityKind::Programme, "p", "municipality", "X");
        assert_eq!(check(&mut log, &leader, vec![programme]), Err(0));

        let anna = access(Role::Volunteer, "anna");
        let mine = |field: &str| Edit::set(EntityKind::Volunteer, "anna", field, "87654321");
        assert_eq!(check(&mut log, &anna, vec![mine("phone")]), Ok(()));
        assert_eq!(check(&mut log, &anna, vec![mine("name")]), Err(0));
        let bo = Edit::set(EntityKind::Volunteer, "bo", "phone", "11111111");
        assert_eq!(check(&mut log, &anna, vec![bo]), Err(0));
        let held = vec![
            occurrence("s-anna", "series", "s-anna"),
            occurrence("s-anna", "minutes", 60),
        ];
        assert_eq!(check(&mut log, &anna, held), Ok(()));
        assert_eq!(
            check(&mut log, &anna, vec![occurrence("s-bo", "minutes", 60)]),
            Err(0)
        );
        // Cancelling her own visit says who and why; a colleague's she cannot cancel.
        let cancelled = |series: &str| {
            vec![
                occurrence(series, "status", "cancelled"),
                occurrence(series, "by", "Anna"),
                occurrence(series, "at", "2026-11-22T09:00:00Z"),
                occurrence(series, "note", "Syg"),
            ]
        };
        assert_eq!(check(&mut log, &anna, cancelled("s-anna")), Ok(()));
        assert_eq!(check(&mut log, &anna, cancelled("s-bo")), Err(0));
        assert_eq!(check(&mut log, &anna, visit("s-new", "anna", "A")), Err(0));
    }

    #[test]
    fn no_one_is_booked_before_they_are_cleared_unless_the_coordinator_allowed_it() {
        let mut log = programme();
        let leader = access(Role::CareService, "A");
        let check = |log: &mut Log, edits: Vec<Edit>| {
            let ops: Vec<Op> = edits.into_iter().map(|e| log.op(e)).collect();
            log.index.check_push(&leader, &ops).map_err(|e| e.index)
        };
        let step = |volunteer: &str, step: Step, done: bool| {
            Edit::set(
                EntityKind::OnboardingStep,
                &child_id(volunteer, step.key()),
                "done",
                done,
            )
        };
        // Bo has neither step: a leader's device that skips the form is refused.
        assert_eq!(check(&mut log, visit("s-bo-2", "bo", "A")), Err(0));
        // One step is not enough; both, even earlier in the same push, are.
        let one = vec![step("bo", Step::CriminalRecordAssessed, true)];
        assert_eq!(
            check(&mut log, [one.clone(), visit("s-bo-2", "bo", "A")].concat()),
            Err(1)
        );
        let both = vec![
            step("bo", Step::CriminalRecordAssessed, true),
            step("bo", Step::ConfidentialitySigned, true),
        ];
        assert_eq!(
            check(
                &mut log,
                [both.clone(), visit("s-bo-2", "bo", "A")].concat()
            ),
            Ok(())
        );
        // Stored, they count; undone, they no longer do.
        log.store(both);
        assert_eq!(check(&mut log, visit("s-bo-2", "bo", "A")), Ok(()));
        log.store(vec![step("bo", Step::ConfidentialitySigned, false)]);
        assert_eq!(check(&mut log, visit("s-bo-2", "bo", "A")), Err(0));

        // The coordinator booked Bo anyway, by name: the leader may go on editing that
        // series (its form sends the volunteer again), but not put another uncleared
        // volunteer on it.
        log.store(vec![Edit::set(
            EntityKind::Visit,
            "s-bo",
            "allowed_uncleared",
            "Mette",
        )]);
        assert_eq!(check(&mut log, visit("s-bo", "bo", "A")), Ok(()));
        log.store(volunteer("dora", "Dora", &["A"], None));
        assert_eq!(check(&mut log, visit("s-bo", "dora", "A")), Err(0));
        // A step before the steps it needs is refused too (a trial reviewed that never
        // began); with them, earlier in the push, it is not.
        assert_eq!(
            check(&mut log, vec![step("bo", Step::TrialReviewed, true)]),
            Err(0)
        );
        let in_order = vec![
            step("bo", Step::ApplicationReceived, true),
            step("bo", Step::InterviewHeld, true),
            step("bo", Step::AgreementMade, true),
            step("bo", Step::ConfidentialitySigned, true),
            step("bo", Step::TrialStarted, true),
            step("bo", Step::TrialReviewed, true),
        ];
        assert_eq!(check(&mut log, in_order.clone()), Ok(()));
        let skipped = [&in_order[..1], &in_order[2..]].concat();
        assert_eq!(check(&mut log, skipped), Err(1));
        // Undoing is not held to the order.
        assert_eq!(
            check(&mut log, vec![step("bo", Step::ApplicationReceived, false)]),
            Ok(())
        );
        // An index built from a device's records decides the same.
        let records = crate::op::merge(&log.stored);
        let device = ScopeIndex::from_records(records.values());
        let ops: Vec<Op> = visit("s-bo-3", "bo", "A")
            .into_iter()
            .map(|e| log.op(e))
            .collect();
        assert_eq!(
            device.check_push(&leader, &ops).map_err(|e| e.index),
            Err(0)
        );
    }

    #[test]
    fn moving_a_known_volunteer_into_sight_sends_them_and_their_visits_again() {
        let mut log = programme();
        let since = log.time as i64;
        let b = access(Role::CareService, "B");
        let moved = log.store(vec![Edit::set(
            EntityKind::Volunteer,
            "bo",
            "care_services",
            vec!["A", "B"],
        )]);
        // Bo, not his visits at A.
        assert_eq!(log.index.widened(&b, &moved[0], since), ["bo"]);
        // A company given a volunteer gets them and their visits.
        let hired = log.store(vec![Edit::set(EntityKind::Volunteer, "bo", "company", "K")]);
        let mut widened = log
            .index
            .widened(&access(Role::Company, "K"), &hired[0], since);
        widened.sort();
        assert_eq!(widened, ["bo", "s-bo"]);
        // Not for a care service that still does not see them, nor for the coordinator.
        assert!(
            log.index
                .widened(&access(Role::CareService, "C"), &moved[0], since)
                .is_empty()
        );
        assert!(
            log.index
                .widened(&Access::coordinator(), &moved[0], since)
                .is_empty()
        );
        // A volunteer new since the last pull comes whole in the pages anyway.
        let new = log.store(volunteer("eva", "Eva", &["B"], None));
        assert!(log.index.widened(&b, &new[2], since).is_empty());
        // A volunteer given a new care service gets its schedule and colleagues.
        let anna = access(Role::Volunteer, "anna");
        let since = log.time as i64;
        let moved = log.store(vec![Edit::set(
            EntityKind::Volunteer,
            "anna",
            "care_services",
            vec!["B"],
        )]);
        let mut widened = log.index.widened(&anna, &moved[0], since);
        widened.sort();
        assert_eq!(widened, ["anna", "bo", "carl", "eva", "s-anna", "s-carl"]);
    }

    #[test]
    fn only_the_coordinator_and_the_volunteer_centre_erase_and_a_care_service_only_lets_go() {
        let mut log = programme();
        // Bo visits A and B.
        log.store(vec![Edit::set(
            EntityKind::Volunteer,
            "bo",
            "care_services",
            vec!["A", "B"],
        )]);
        let check = |log: &mut Log, access: &Access, edit: Edit| {
            let op = log.op(edit);
            log.index.check_push(access, &[op]).is_ok()
        };
        let a = access(Role::CareService, "A");
        let erase = || Edit::erase(EntityKind::Volunteer, "bo");
        let delete = || Edit::delete(EntityKind::Volunteer, "bo");
        let services =
            |list: &[&str]| Edit::set(EntityKind::Volunteer, "bo", "care_services", list.to_vec());
        assert!(!check(&mut log, &a, erase()));
        assert!(!check(&mut log, &a, delete()));
        assert!(!check(&mut log, &a, services(&["A"])), "takes B away");
        assert!(!check(&mut log, &a, services(&["A", "B", "C"])), "adds C");
        assert!(check(&mut log, &a, services(&["B"])), "lets go of Bo");
        let centre = access(Role::VolunteerCentre, "VC");
        assert!(check(&mut log, &centre, erase()));
        assert!(check(&mut log, &Access::coordinator(), erase()));
        assert!(!check(&mut log, &access(Role::Volunteer, "bo"), erase()));
    }

    #[test]
    fn a_new_volunteer_may_arrive_over_several_pushes_from_its_creator_only() {
        let mut log = programme();
        let leader = access(Role::CareService, "A");
        let dora = volunteer("dora", "Dora", &["A"], None);
        // One push at a time, name first: the name arrives before anything places her.
        for edit in dora {
            let op = log.op(edit);
            assert_eq!(
                log.index.check_push(&leader, std::slice::from_ref(&op)),
                Ok(())
            );
            log.index.add(log.time as i64, &op);
        }
        // Another device cannot take over an unplaced volunteer.
        let name = log.op(Edit::set(EntityKind::Volunteer, "eve", "name", "Eve"));
        log.index.add(log.time as i64, &name);
        let mut other = log.op(Edit::set(
            EntityKind::Volunteer,
            "eve",
            "care_services",
            vec!["A"],
        ));
        other.stamp = Stamp::new(other.stamp.time(), DeviceId::new(2).unwrap());
        assert_eq!(
            log.index.check_push(&leader, &[other]),
            Err(OutOfScope { index: 0 })
        );
    }

    #[test]
    fn devices_let_go_of_what_leaves_their_sight() {
        let mut log = programme();
        let a = access(Role::CareService, "A");
        let anna = access(Role::Volunteer, "anna");
        // Bo moves from A to B: A and his colleague Anna let go of him, A of his visit
        // only once it moves too.
        let moved = log.store(vec![Edit::set(
            EntityKind::Volunteer,
            "bo",
            "care_services",
            vec!["B"],
        )]);
        let gone = |log: &Log, access: &Access, op: &Op| {
            let mut gone = log.index.narrowed(access, op);
            gone.sort();
            gone
        };
        assert_eq!(
            gone(&log, &a, &moved[0]),
            [(EntityKind::Volunteer, "bo".to_owned())]
        );
        assert!(
            !log.index
                .visible(&a, EntityKind::OnboardingStep, "bo:interview_held")
        );
        assert!(log.index.visible(&a, EntityKind::Visit, "s-bo"));
        assert_eq!(
            gone(&log, &anna, &moved[0]),
            [(EntityKind::Volunteer, "bo".to_owned())]
        );
        assert!(gone(&log, &access(Role::CareService, "B"), &moved[0]).is_empty());
        assert!(gone(&log, &Access::coordinator(), &moved[0]).is_empty());
        let visit = log.store(vec![Edit::set(
            EntityKind::Visit,
            "s-bo",
            "care_service",
            "B",
        )]);
        assert_eq!(
            gone(&log, &a, &visit[0]),
            [(EntityKind::Visit, "s-bo".to_owned())]
        );
        // Bo's visit at A goes to Carl: Anna, at A too, keeps its schedule but not its
        // notes, so she lets go of it and gets it again as far as she sees it.
        let to_carl = log.store(vec![Edit::set(
            EntityKind::Visit,
            "s-anna",
            "volunteer",
            "carl",
        )]);
        assert_eq!(
            gone(&log, &anna, &to_carl[0]),
            [(EntityKind::Visit, "s-anna".to_owned())]
        );
        assert!(log.index.visible(&anna, EntityKind::Visit, "s-anna"));
        let note = log.op(occurrence("s-anna", "note", "x"));
        assert_eq!(log.index.sees(&anna, &note), Sight::Hidden);
        // Anna herself moves to B: her colleagues at A and their schedule go.
        let anna_moves = log.store(vec![Edit::set(
            EntityKind::Volunteer,
            "anna",
            "care_services",
            vec!["C"],
        )]);
        let left = gone(&log, &anna, &anna_moves[0]);
        assert!(left.contains(&(EntityKind::Volunteer, "bo".to_owned())));
        assert!(left.contains(&(EntityKind::Visit, "s-bo".to_owned())));
        assert!(!left.contains(&(EntityKind::Volunteer, "anna".to_owned())));
        // A deleted volunteer leaves every limited device, and their ops stay hidden.
        let deleted = log.store(vec![Edit::delete(EntityKind::Volunteer, "carl")]);
        let b = access(Role::CareService, "B");
        assert_eq!(
            gone(&log, &b, &deleted[0]),
            [(EntityKind::Volunteer, "carl".to_owned())]
        );
        assert_eq!(log.index.sees(&b, &deleted[0]), Sight::Hidden);
        let phone = log.op(Edit::set(EntityKind::Volunteer, "carl", "phone", "1"));
        assert_eq!(log.index.sees(&b, &phone), Sight::Hidden);
        assert_eq!(log.index.sees(&Access::coordinator(), &phone), Sight::Whole);
    }
}
