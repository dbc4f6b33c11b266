//! The read model: typed views of the live records, built in full or updated for
//! the frequent changes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde_json::Value;

use crate::model::{CareKind, PartnerKind};
use crate::onboarding::{Onboarding, Status, Step, StepDone};
use crate::op::{EntityKind, Record};
use crate::schedule::{Exception, Recurrence, TimeSlot, VisitSeries};
use crate::schema::{
    advice_tick, occurrence_status, onboarding_step, partner, programme, task_tick, visit,
    visit_occurrence, volunteer,
};
use crate::validate::{parse_date, parse_instant};
use crate::visits::{Cancellation, Held};
use crate::volunteers::Volunteer;

/// The programme: one municipality's IT-volunteer collaboration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub id: String,
    pub municipality: String,
    pub coordinator: String,
    /// The day the programme starts, once the coordinator has said.
    pub start: Option<NaiveDate>,
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
    pub address: String,
    /// Digits, as [`crate::contact::Phone`] keeps them.
    pub phone: String,
    pub email: String,
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
    /// Who ticked it (empty on a tick an older app made).
    pub by: String,
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
    /// Visit series, with their cancelled, moved and held occurrences as exceptions.
    pub visits: Vec<VisitSeries>,
    /// Held visits, keyed by (series id, original date).
    pub held: BTreeMap<(String, NaiveDate), Held>,
    /// Who cancelled which occurrence and why, keyed by (series id, original date).
    pub cancelled: BTreeMap<(String, NaiveDate), Cancellation>,
    /// The coordinator's meetings as stored (moved, noted, done); see [`crate::calendar`].
    pub calendar: crate::calendar::Stored,
    /// The partners' follow-up rounds, keyed (partner id, date).
    pub follow_ups: crate::evaluation::Rounds,
    /// The care services' evaluation talks, keyed (care service id, date).
    pub talks: crate::evaluation::Talks,
}

/// A text field's value, empty when it has none.
pub(crate) fn text(record: &Record, field: &str) -> String {
    record.str(field).unwrap_or_default().to_owned()
}

/// A stored `HH:MM` time.
fn time(record: &Record, field: &str) -> Option<NaiveTime> {
    record.str(field).and_then(crate::schedule::parse_hh_mm)
}

fn task_tick(record: &Record) -> TaskTick {
    TaskTick {
        partner: text(record, task_tick::PARTNER),
        task: text(record, task_tick::TASK),
        done: record.bool(task_tick::DONE).unwrap_or(false),
        by: text(record, task_tick::BY),
        at: record
            .str(task_tick::AT)
            .and_then(|at| parse_instant(at).ok()),
        note: text(record, task_tick::NOTE),
    }
}

fn advice_tick(record: &Record) -> AdviceTick {
    AdviceTick {
        partner: text(record, advice_tick::PARTNER),
        advice: text(record, advice_tick::ADVICE),
        done: record.bool(advice_tick::DONE).unwrap_or(false),
        by: text(record, advice_tick::BY),
        note: text(record, advice_tick::NOTE),
        date: record
            .str(advice_tick::DATE)
            .and_then(|d| parse_date(d).ok()),
    }
}

/// An onboarding step record: whose, which, and who did it when if it is done.
fn onboarding_step(record: &Record) -> Option<(String, Step, Option<StepDone>)> {
    let step = record.str(onboarding_step::STEP).and_then(Step::from_key)?;
    let on = record
        .str(onboarding_step::ON)
        .and_then(|d| parse_date(d).ok());
    let done = on
        .filter(|_| record.bool(onboarding_step::DONE) == Some(true))
        .map(|on| StepDone {
            by: text(record, onboarding_step::BY),
            on,
            // Never the criminal record's: a note an older version let someone write
            // there is not shown.
            note: if step.takes_note() {
                text(record, onboarding_step::NOTE)
            } else {
                String::new()
            },
            ended_early: record.bool(onboarding_step::ENDED_EARLY) == Some(true),
        });
    Some((text(record, onboarding_step::VOLUNTEER), step, done))
}

/// What a single-visit record says happened.
enum OccurrenceStatus {
    /// With where it had been moved to before, if it had been.
    Cancelled(Cancellation, Option<(NaiveDate, TimeSlot)>),
    Moved(NaiveDate, TimeSlot),
    /// With where it had been moved to before, if it had been.
    Held(Held, Option<(NaiveDate, TimeSlot)>),
    /// Not (yet) one this version knows, or incomplete.
    Unknown,
}

/// Where an occurrence record says it was moved to.
fn moved_to(record: &Record) -> Option<(NaiveDate, TimeSlot)> {
    let date = record
        .str(visit_occurrence::MOVED_DATE)
        .and_then(|d| parse_date(d).ok())?;
    let slot = time(record, visit_occurrence::MOVED_START)
        .zip(time(record, visit_occurrence::MOVED_END))
        .and_then(|(s, e)| TimeSlot::new(s, e).ok())?;
    Some((date, slot))
}

fn occurrence(record: &Record) -> Option<(String, NaiveDate, OccurrenceStatus)> {
    let date = record
        .str(visit_occurrence::DATE)
        .and_then(|d| parse_date(d).ok())?;
    let status = match record.str(visit_occurrence::STATUS) {
        Some(occurrence_status::CANCELLED) => OccurrenceStatus::Cancelled(
            Cancellation {
                by: text(record, visit_occurrence::BY),
                at: record
                    .str(visit_occurrence::AT)
                    .and_then(|at| parse_instant(at).ok()),
                reason: text(record, visit_occurrence::NOTE),
            },
            // A move before the cancellation leaves its fields: it was to be then.
            moved_to(record),
        ),
        Some(occurrence_status::MOVED) => match moved_to(record) {
            Some((date_to, slot)) => OccurrenceStatus::Moved(date_to, slot),
            None => OccurrenceStatus::Unknown,
        },
        Some(occurrence_status::HELD) => OccurrenceStatus::Held(
            Held {
                minutes: record
                    .get(visit_occurrence::MINUTES)
                    .and_then(Value::as_u64)
                    // Held to the form's bounds: an older device's value never counts more.
                    .map_or(0, |m| m.min(u64::from(crate::visits::MAX_MINUTES)) as u32),
                residents: record
                    .get(visit_occurrence::RESIDENTS)
                    .and_then(Value::as_u64)
                    .map_or(0, |r| r.min(u64::from(crate::visits::MAX_RESIDENTS)) as u32),
                note: text(record, visit_occurrence::NOTE),
            },
            // A move before it was held leaves its fields: it took place there.
            moved_to(record),
        ),
        _ => OccurrenceStatus::Unknown,
    };
    Some((text(record, visit_occurrence::SERIES), date, status))
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
                    municipality: text(record, programme::MUNICIPALITY),
                    coordinator: text(record, programme::COORDINATOR),
                    start: record
                        .str(programme::START)
                        .and_then(|d| parse_date(d).ok()),
                }),
                EntityKind::Partner => {
                    // A partner whose kind is unknown (a newer app's) is left out, not guessed.
                    let Some(kind) = record.str(partner::KIND).and_then(PartnerKind::from_key)
                    else {
                        continue;
                    };
                    state.partners.push(Partner {
                        id: record.entity.clone(),
                        kind,
                        name: text(record, partner::NAME),
                        care_kind: record.str(partner::CARE_KIND).and_then(CareKind::from_key),
                        leader: text(record, partner::LEADER),
                        contact_person: text(record, partner::CONTACT_PERSON),
                        contact: text(record, partner::CONTACT),
                        address: text(record, partner::ADDRESS),
                        phone: text(record, partner::PHONE),
                        email: text(record, partner::EMAIL),
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
                        .get(volunteer::TRIAL_MONTHS)
                        .and_then(Value::as_u64)
                        .and_then(|m| u32::try_from(m).ok());
                    onboarding.last_status_meeting = record
                        .str(volunteer::STATUS_MEETING)
                        .and_then(|d| parse_date(d).ok());
                    state.volunteers.push(Volunteer {
                        id: record.entity.clone(),
                        name: text(record, volunteer::NAME),
                        phone: text(record, volunteer::PHONE),
                        email: text(record, volunteer::EMAIL),
                        care_services: record
                            .get(volunteer::CARE_SERVICES)
                            .and_then(Value::as_array)
                            .map(|ids| {
                                ids.iter()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default(),
                        company: record.str(volunteer::COMPANY).map(str::to_owned),
                        skills: text(record, volunteer::SKILLS),
                        availability: text(record, volunteer::AVAILABILITY),
                        status: record
                            .str(volunteer::STATUS)
                            .and_then(Status::from_key)
                            .unwrap_or_default(),
                        photo: text(record, volunteer::PHOTO),
                    });
                }
                EntityKind::Visit => {
                    let slot = time(record, visit::START)
                        .zip(time(record, visit::END))
                        .and_then(|(s, e)| TimeSlot::new(s, e).ok());
                    let first = record.str(visit::FIRST).and_then(|d| parse_date(d).ok());
                    let recurrence = record.str(visit::RECURRENCE).and_then(Recurrence::from_key);
                    if let (Some(slot), Some(first), Some(recurrence)) = (slot, first, recurrence) {
                        state.visits.push(VisitSeries {
                            id: record.entity.clone(),
                            volunteer: text(record, visit::VOLUNTEER),
                            care_service: text(record, visit::CARE_SERVICE),
                            first,
                            slot,
                            recurrence,
                            until: record.str(visit::UNTIL).and_then(|d| parse_date(d).ok()),
                            activity: text(record, visit::ACTIVITY),
                            allowed_uncleared: text(record, visit::ALLOWED_UNCLEARED),
                            exceptions: BTreeMap::new(),
                        });
                    }
                }
                EntityKind::VisitOccurrence => occurrences.push(record),
                EntityKind::CalendarItem => {
                    if let Some((meeting, item)) = crate::calendar::read(record) {
                        state.calendar.insert(meeting, item);
                    }
                }
                EntityKind::FollowUp => {
                    if let Some((key, round)) = crate::evaluation::read_follow_up(record) {
                        state.follow_ups.insert(key, round);
                    }
                }
                EntityKind::EvaluationTalk => {
                    if let Some((key, talk)) = crate::evaluation::read_talk(record) {
                        state.talks.insert(key, talk);
                    }
                }
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
        state
            .follow_ups
            .retain(|(partner, _), _| partner_ids.contains(&partner.as_str()));
        state
            .talks
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
                    let key = (series, date);
                    self.held.remove(&key);
                    self.cancelled.remove(&key);
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
            OccurrenceStatus::Cancelled(cancellation, moved) => {
                visit
                    .exceptions
                    .insert(date, Exception::Cancelled { moved });
                self.cancelled
                    .insert((visit.id.clone(), date), cancellation);
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
            OccurrenceStatus::Held(held, moved) => {
                visit.exceptions.insert(date, Exception::Held { moved });
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

    /// Whether a volunteer may be booked (see [`Onboarding::is_cleared`]), without a copy
    /// of their onboarding.
    pub fn is_cleared(&self, volunteer: &str) -> bool {
        self.onboarding
            .get(volunteer)
            .is_some_and(Onboarding::is_cleared)
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
