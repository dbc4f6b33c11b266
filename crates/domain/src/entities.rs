//! Typed views of the merged records, and the edits that change them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

use crate::model::{CareKind, PartnerKind};
use crate::onboarding::{Onboarding, Status, Step, StepDone};
use crate::op::{Edit, EntityKind, Record, child_id};
use crate::schedule::{Exception, Recurrence, TimeSlot, VisitSeries};
use crate::validate::{Field, Invalid, Name, Note, Problem, parse_date, parse_instant};
use crate::visits::Held;
use crate::volunteers::Volunteer;

/// The programme: one municipality's IT-volunteer collaboration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub id: String,
    pub municipality: String,
    pub coordinator: String,
}

/// One partner in the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    pub id: String,
    pub kind: PartnerKind,
    pub name: String,
    pub care_kind: Option<CareKind>,
    pub leader: String,
    pub contact_person: String,
    /// A company's contact person.
    pub contact: String,
}

/// A phase task ticked (or unticked) for one partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskTick {
    pub partner: String,
    pub task: String,
    pub done: bool,
    pub by: String,
    pub at: Option<DateTime<Utc>>,
    pub note: String,
}

/// One piece of good advice ticked (or unticked) for one care service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdviceTick {
    pub partner: String,
    pub advice: String,
    pub done: bool,
    pub note: String,
    pub date: Option<NaiveDate>,
}

/// Everything the screens show, derived from the live records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgrammeState {
    pub programme: Option<Programme>,
    /// Ordered by kind (municipality first), then name.
    pub partners: Vec<Partner>,
    /// Keyed by (partner id, task id).
    pub task_ticks: BTreeMap<(String, String), TaskTick>,
    /// Keyed by (partner id, advice id).
    pub advice_ticks: BTreeMap<(String, String), AdviceTick>,
    /// Ordered by name.
    pub volunteers: Vec<Volunteer>,
    /// Each volunteer's onboarding, keyed by volunteer id.
    pub onboarding: BTreeMap<String, Onboarding>,
    /// Visit series, with their cancelled and moved occurrences as exceptions.
    pub visits: Vec<VisitSeries>,
    /// Held visits, keyed by (series id, original date).
    pub held: BTreeMap<(String, NaiveDate), Held>,
}

fn text(record: &Record, field: &str) -> String {
    record.str(field).unwrap_or_default().to_owned()
}

/// A stored `HH:MM` time.
fn time(record: &Record, field: &str) -> Option<NaiveTime> {
    record.str(field).and_then(crate::schedule::parse_hh_mm)
}

fn task_tick(record: &Record) -> TaskTick {
    TaskTick {
        partner: text(record, "partner"),
        task: text(record, "task"),
        done: record.bool("done").unwrap_or(false),
        by: text(record, "by"),
        at: record.str("at").and_then(|at| parse_instant(at).ok()),
        note: text(record, "note"),
    }
}

fn advice_tick(record: &Record) -> AdviceTick {
    AdviceTick {
        partner: text(record, "partner"),
        advice: text(record, "advice"),
        done: record.bool("done").unwrap_or(false),
        note: text(record, "note"),
        date: record.str("date").and_then(|d| parse_date(d).ok()),
    }
}

/// An onboarding step record: whose, which, and who did it when if it is done.
fn onboarding_step(record: &Record) -> Option<(String, Step, Option<StepDone>)> {
    let step = record.str("step").and_then(Step::from_key)?;
    let on = record.str("on").and_then(|d| parse_date(d).ok());
    let done = on
        .filter(|_| record.bool("done") == Some(true))
        .map(|on| StepDone {
            by: text(record, "by"),
            on,
            note: text(record, "note"),
        });
    Some((text(record, "volunteer"), step, done))
}

/// What a single-visit record says happened.
enum OccurrenceStatus {
    Cancelled,
    Moved(NaiveDate, TimeSlot),
    Held(Held),
    /// Not (yet) one this version knows, or incomplete.
    Unknown,
}

fn occurrence(record: &Record) -> Option<(String, NaiveDate, OccurrenceStatus)> {
    let date = record.str("date").and_then(|d| parse_date(d).ok())?;
    let status = match record.str("status") {
        Some("cancelled") => OccurrenceStatus::Cancelled,
        Some("moved") => {
            let moved_date = record.str("moved_date").and_then(|d| parse_date(d).ok());
            let slot = time(record, "moved_start")
                .zip(time(record, "moved_end"))
                .and_then(|(s, e)| TimeSlot::new(s, e).ok());
            match (moved_date, slot) {
                (Some(date_to), Some(slot)) => OccurrenceStatus::Moved(date_to, slot),
                _ => OccurrenceStatus::Unknown,
            }
        }
        Some("held") => OccurrenceStatus::Held(Held {
            minutes: record
                .get("minutes")
                .and_then(Value::as_u64)
                .map_or(0, |m| m as u32),
            residents: record
                .get("residents")
                .and_then(Value::as_u64)
                .map_or(0, |r| r as u32),
            note: text(record, "note"),
        }),
        _ => OccurrenceStatus::Unknown,
    };
    Some((text(record, "series"), date, status))
}

impl ProgrammeState {
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> ProgrammeState {
        let mut state = ProgrammeState::default();
        let mut programmes = Vec::new();
        let mut occurrences = Vec::new();
        for record in records.into_iter().filter(|r| r.is_live()) {
            match record.kind {
                EntityKind::Programme => programmes.push(Programme {
                    id: record.entity.clone(),
                    municipality: text(record, "municipality"),
                    coordinator: text(record, "coordinator"),
                }),
                EntityKind::Partner => {
                    // A partner whose kind is unknown (a newer app's) is left out, not guessed.
                    let Some(kind) = record.str("kind").and_then(PartnerKind::from_key) else {
                        continue;
                    };
                    state.partners.push(Partner {
                        id: record.entity.clone(),
                        kind,
                        name: text(record, "name"),
                        care_kind: record.str("care_kind").and_then(CareKind::from_key),
                        leader: text(record, "leader"),
                        contact_person: text(record, "contact_person"),
                        contact: text(record, "contact"),
                    });
                }
                EntityKind::TaskTick => {
                    let tick = task_tick(record);
                    state
                        .task_ticks
                        .insert((tick.partner.clone(), tick.task.clone()), tick);
                }
                EntityKind::AdviceTick => {
                    let tick = advice_tick(record);
                    state
                        .advice_ticks
                        .insert((tick.partner.clone(), tick.advice.clone()), tick);
                }
                EntityKind::Volunteer => {
                    let onboarding = state.onboarding.entry(record.entity.clone()).or_default();
                    onboarding.trial_months = record
                        .get("trial_months")
                        .and_then(Value::as_u64)
                        .and_then(|m| u32::try_from(m).ok());
                    onboarding.last_status_meeting = record
                        .str("status_meeting")
                        .and_then(|d| parse_date(d).ok());
                    state.volunteers.push(Volunteer {
                        id: record.entity.clone(),
                        name: text(record, "name"),
                        phone: text(record, "phone"),
                        email: text(record, "email"),
                        care_services: record
                            .get("care_services")
                            .and_then(Value::as_array)
                            .map(|ids| {
                                ids.iter()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default(),
                        company: record.str("company").map(str::to_owned),
                        skills: text(record, "skills"),
                        availability: text(record, "availability"),
                        status: record
                            .str("status")
                            .and_then(Status::from_key)
                            .unwrap_or_default(),
                        photo: text(record, "photo"),
                    });
                }
                EntityKind::Visit => {
                    let slot = time(record, "start")
                        .zip(time(record, "end"))
                        .and_then(|(s, e)| TimeSlot::new(s, e).ok());
                    let first = record.str("first").and_then(|d| parse_date(d).ok());
                    let recurrence = record.str("recurrence").and_then(Recurrence::from_key);
                    if let (Some(slot), Some(first), Some(recurrence)) = (slot, first, recurrence) {
                        state.visits.push(VisitSeries {
                            id: record.entity.clone(),
                            volunteer: text(record, "volunteer"),
                            care_service: text(record, "care_service"),
                            first,
                            slot,
                            recurrence,
                            until: record.str("until").and_then(|d| parse_date(d).ok()),
                            activity: text(record, "activity"),
                            exceptions: BTreeMap::new(),
                        });
                    }
                }
                EntityKind::VisitOccurrence => occurrences.push(record),
                EntityKind::OnboardingStep => {
                    if let Some((volunteer, step, Some(done))) = onboarding_step(record) {
                        state
                            .onboarding
                            .entry(volunteer)
                            .or_default()
                            .done
                            .insert(step, done);
                    }
                }
            }
        }
        // Two devices may each have created a programme before syncing: the oldest wins.
        state.programme = programmes.into_iter().min_by(|a, b| a.id.cmp(&b.id));
        state
            .partners
            .sort_by_key(|p| (p.kind, p.name.to_lowercase()));
        // Sets and an index, not linear searches: this runs after every change.
        let partner_ids: BTreeSet<&str> = state.partners.iter().map(|p| p.id.as_str()).collect();
        state
            .task_ticks
            .retain(|(partner, _), _| partner_ids.contains(&partner.as_str()));
        state
            .advice_ticks
            .retain(|(partner, _), _| partner_ids.contains(&partner.as_str()));
        state.volunteers.sort_by_key(|v| v.name.to_lowercase());
        let series_at: BTreeMap<String, usize> = state
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.clone(), i))
            .collect();
        for record in occurrences {
            if let Some((series, date, status)) = occurrence(record)
                && let Some(&i) = series_at.get(&series)
            {
                state.set_occurrence(i, date, status);
            }
        }
        let volunteer_ids: BTreeSet<&str> =
            state.volunteers.iter().map(|v| v.id.as_str()).collect();
        state
            .onboarding
            .retain(|volunteer, _| volunteer_ids.contains(&volunteer.as_str()));
        state
    }

    /// Brings the state up to date after `changed` records changed in `all`, giving what
    /// [`ProgrammeState::from_records`] over `all` would, without rebuilding everything
    /// for the frequent changes: ticks, onboarding steps and single visits. Anything
    /// else (a partner, a volunteer, a visit plan) rebuilds the whole state.
    pub fn update(&mut self, all: &BTreeMap<String, Record>, changed: &[Record]) {
        let targeted = changed.iter().all(|r| {
            matches!(
                r.kind,
                EntityKind::TaskTick
                    | EntityKind::AdviceTick
                    | EntityKind::OnboardingStep
                    | EntityKind::VisitOccurrence
            )
        });
        if !targeted {
            *self = ProgrammeState::from_records(all.values());
            return;
        }
        for record in changed {
            let live = record.is_live();
            match record.kind {
                EntityKind::TaskTick => {
                    let tick = task_tick(record);
                    let key = (tick.partner.clone(), tick.task.clone());
                    if live && self.partner(&tick.partner).is_some() {
                        self.task_ticks.insert(key, tick);
                    } else {
                        self.task_ticks.remove(&key);
                    }
                }
                EntityKind::AdviceTick => {
                    let tick = advice_tick(record);
                    let key = (tick.partner.clone(), tick.advice.clone());
                    if live && self.partner(&tick.partner).is_some() {
                        self.advice_ticks.insert(key, tick);
                    } else {
                        self.advice_ticks.remove(&key);
                    }
                }
                EntityKind::OnboardingStep => {
                    let Some((volunteer, step, done)) = onboarding_step(record) else {
                        continue;
                    };
                    let Some(onboarding) = self.onboarding.get_mut(&volunteer) else {
                        continue;
                    };
                    match done.filter(|_| live) {
                        Some(done) => onboarding.done.insert(step, done),
                        None => onboarding.done.remove(&step),
                    };
                }
                EntityKind::VisitOccurrence => {
                    let Some((series, date, status)) = occurrence(record) else {
                        continue;
                    };
                    let Some(i) = self.visits.iter().position(|v| v.id == series) else {
                        continue;
                    };
                    self.visits[i].exceptions.remove(&date);
                    self.held.remove(&(series, date));
                    if live {
                        self.set_occurrence(i, date, status);
                    }
                }
                _ => unreachable!("only targeted kinds get here"),
            }
        }
    }

    /// Records what happened to one occurrence of `self.visits[series]`.
    fn set_occurrence(&mut self, series: usize, date: NaiveDate, status: OccurrenceStatus) {
        let visit = &mut self.visits[series];
        match status {
            OccurrenceStatus::Cancelled => {
                visit.exceptions.insert(date, Exception::Cancelled);
            }
            OccurrenceStatus::Moved(date_to, slot) => {
                visit.exceptions.insert(
                    date,
                    Exception::Moved {
                        date: date_to,
                        slot,
                    },
                );
            }
            OccurrenceStatus::Held(held) => {
                self.held.insert((visit.id.clone(), date), held);
            }
            OccurrenceStatus::Unknown => {}
        }
    }

    pub fn volunteer(&self, id: &str) -> Option<&Volunteer> {
        self.volunteers.iter().find(|v| v.id == id)
    }

    /// Where a volunteer is, without copying their onboarding.
    pub fn stage_of(&self, volunteer: &Volunteer) -> crate::onboarding::Stage {
        match self.onboarding.get(&volunteer.id) {
            Some(onboarding) => onboarding.stage(volunteer.status),
            None => Onboarding::default().stage(volunteer.status),
        }
    }

    /// A volunteer's onboarding (empty if none of it is done yet).
    pub fn onboarding_of(&self, volunteer: &str) -> Onboarding {
        self.onboarding.get(volunteer).cloned().unwrap_or_default()
    }

    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    pub fn partners_of(&self, kind: PartnerKind) -> impl Iterator<Item = &Partner> {
        self.partners.iter().filter(move |p| p.kind == kind)
    }

    pub fn task_tick(&self, partner: &str, task: &str) -> Option<&TaskTick> {
        self.task_ticks.get(&(partner.to_owned(), task.to_owned()))
    }

    pub fn advice_tick(&self, partner: &str, advice: &str) -> Option<&AdviceTick> {
        self.advice_ticks
            .get(&(partner.to_owned(), advice.to_owned()))
    }
}

/// The "create programme" form.
#[derive(Clone, Debug, Default)]
pub struct ProgrammeInput {
    pub municipality: String,
    pub coordinator: String,
}

impl ProgrammeInput {
    /// Validates the form; on success returns the edits that create the programme and
    /// the municipality as its first partner. `new_id` makes fresh entity ids.
    pub fn create(&self, mut new_id: impl FnMut() -> String) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let municipality = invalid.check(Field::Municipality, Name::parse(&self.municipality));
        let coordinator = invalid.check(Field::Coordinator, Name::parse(&self.coordinator));
        invalid.finish()?;
        let (Some(municipality), Some(coordinator)) = (municipality, coordinator) else {
            unreachable!("checked above")
        };
        let programme = new_id();
        let partner = new_id();
        Ok(vec![
            Edit::set(
                EntityKind::Programme,
                &programme,
                "municipality",
                municipality.as_str(),
            ),
            Edit::set(
                EntityKind::Programme,
                &programme,
                "coordinator",
                coordinator.as_str(),
            ),
            Edit::set(
                EntityKind::Partner,
                &partner,
                "kind",
                PartnerKind::Municipality.key(),
            ),
            Edit::set(EntityKind::Partner, &partner, "name", municipality.as_str()),
        ])
    }

    /// Validates an edit of an existing programme's names; only changed fields become edits.
    pub fn update(&self, current: &Programme) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let municipality = invalid.check(Field::Municipality, Name::parse(&self.municipality));
        let coordinator = invalid.check(Field::Coordinator, Name::parse(&self.coordinator));
        invalid.finish()?;
        let (Some(municipality), Some(coordinator)) = (municipality, coordinator) else {
            unreachable!("checked above")
        };
        Ok([
            ("municipality", municipality, &current.municipality),
            ("coordinator", coordinator, &current.coordinator),
        ]
        .into_iter()
        .filter(|(_, new, old)| new.as_str() != old.as_str())
        .map(|(field, new, _)| Edit::set(EntityKind::Programme, &current.id, field, new.as_str()))
        .collect())
    }
}

/// The add/edit partner form, as typed.
#[derive(Clone, Debug)]
pub struct PartnerInput {
    pub kind: PartnerKind,
    pub name: String,
    pub care_kind: Option<CareKind>,
    pub leader: String,
    pub contact_person: String,
    pub contact: String,
}

impl PartnerInput {
    pub fn from_partner(partner: &Partner) -> PartnerInput {
        PartnerInput {
            kind: partner.kind,
            name: partner.name.clone(),
            care_kind: partner.care_kind,
            leader: partner.leader.clone(),
            contact_person: partner.contact_person.clone(),
            contact: partner.contact.clone(),
        }
    }

    /// Validates the form against the programme's other partners. On success returns the
    /// edits that make the partner so: all fields for a new one (`current` is `None`,
    /// `id` the new id), only the changed fields for an existing one.
    pub fn edits(
        &self,
        id: &str,
        current: Option<&Partner>,
        state: &ProgrammeState,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let others = || state.partners.iter().filter(|p| p.id != id);
        if self.kind.is_single() && others().any(|p| p.kind == self.kind) {
            invalid.push(Field::Kind, Problem::OnlyOne);
        }
        if let Some(name) = invalid.check(Field::Name, Name::parse(&self.name))
            && others().any(|p| p.name.to_lowercase() == name.folded())
        {
            invalid.push(Field::Name, Problem::Duplicate);
        }
        let is_care = self.kind == PartnerKind::CareService;
        if is_care && self.care_kind.is_none() {
            invalid.push(Field::CareKind, Problem::Required);
        }
        let mut optional =
            |field, raw: &str| invalid.check(field, Name::parse_optional(raw)).flatten();
        let leader = optional(Field::Leader, &self.leader);
        let contact_person = optional(Field::ContactPerson, &self.contact_person);
        let contact = optional(Field::Contact, &self.contact);
        invalid.finish()?;
        let name_if = |keep: bool, n: Option<Name>| {
            n.filter(|_| keep).map(Name::into_inner).unwrap_or_default()
        };
        let wanted = Partner {
            id: id.to_owned(),
            kind: self.kind,
            name: self.name.trim().to_owned(),
            care_kind: self.care_kind.filter(|_| is_care),
            leader: name_if(is_care, leader),
            contact_person: name_if(is_care, contact_person),
            contact: name_if(self.kind == PartnerKind::Company, contact),
        };
        Ok(partner_edits(&wanted, current))
    }
}

fn partner_edits(wanted: &Partner, current: Option<&Partner>) -> Vec<Edit> {
    type Getter = fn(&Partner) -> Value;
    let fields: [(&str, Getter); 6] = [
        ("kind", |p| p.kind.key().into()),
        ("name", |p| p.name.as_str().into()),
        ("care_kind", |p| {
            p.care_kind
                .map(|k| Value::from(k.key()))
                .unwrap_or(Value::Null)
        }),
        ("leader", |p| p.leader.as_str().into()),
        ("contact_person", |p| p.contact_person.as_str().into()),
        ("contact", |p| p.contact.as_str().into()),
    ];
    let is_blank = |value: &Value| value.is_null() || value.as_str() == Some("");
    fields
        .iter()
        .filter(|(_, get)| match current {
            Some(current) => get(current) != get(wanted),
            None => !is_blank(&get(wanted)),
        })
        .map(|(field, get)| Edit::set(EntityKind::Partner, &wanted.id, field, get(wanted)))
        .collect()
}

/// Removing a partner: a tombstone for it and for each of its ticks.
pub fn remove_partner(state: &ProgrammeState, partner: &str) -> Vec<Edit> {
    let mut edits = vec![Edit::delete(EntityKind::Partner, partner)];
    edits.extend(
        state
            .task_ticks
            .keys()
            .filter(|(p, _)| p == partner)
            .map(|(p, t)| Edit::delete(EntityKind::TaskTick, &child_id(p, t))),
    );
    edits.extend(
        state
            .advice_ticks
            .keys()
            .filter(|(p, _)| p == partner)
            .map(|(p, a)| Edit::delete(EntityKind::AdviceTick, &child_id(p, a))),
    );
    edits
}

/// The "task done" form: who, when and an optional note.
#[derive(Clone, Debug, Default)]
pub struct TaskTickInput {
    pub by: String,
    /// RFC 3339, made from the form's local date and time.
    pub at: String,
    pub note: String,
}

impl TaskTickInput {
    pub fn tick(&self, partner: &str, task: &str) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let by = invalid.check(Field::By, Name::parse(&self.by));
        let at = invalid.check(Field::At, parse_instant(&self.at));
        let note = invalid.check(Field::Note, Note::parse(&self.note));
        invalid.finish()?;
        let (Some(by), Some(at), Some(note)) = (by, at, note) else {
            unreachable!("checked above")
        };
        let id = child_id(partner, task);
        let set = |field: &str, value: Value| Edit::set(EntityKind::TaskTick, &id, field, value);
        Ok(vec![
            set("partner", partner.into()),
            set("task", task.into()),
            set("done", true.into()),
            set("by", by.into_inner().into()),
            set("at", at.to_rfc3339().into()),
            set("note", note.into_inner().into()),
        ])
    }
}

/// Unticking keeps who/when/note of the last tick, so "done" can be restored by a new tick.
pub fn untick_task(partner: &str, task: &str) -> Vec<Edit> {
    vec![Edit::set(
        EntityKind::TaskTick,
        &child_id(partner, task),
        "done",
        false,
    )]
}

/// The advice form: a note and a date.
#[derive(Clone, Debug, Default)]
pub struct AdviceTickInput {
    pub done: bool,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

impl AdviceTickInput {
    pub fn edits(&self, partner: &str, advice: &str) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let note = invalid.check(Field::Note, Note::parse(&self.note));
        let date = invalid.check(Field::Date, parse_date(&self.date));
        invalid.finish()?;
        let (Some(note), Some(date)) = (note, date) else {
            unreachable!("checked above")
        };
        let id = child_id(partner, advice);
        let set = |field: &str, value: Value| Edit::set(EntityKind::AdviceTick, &id, field, value);
        Ok(vec![
            set("partner", partner.into()),
            set("advice", advice.into()),
            set("done", self.done.into()),
            set("note", note.into_inner().into()),
            set("date", date.to_string().into()),
        ])
    }
}
