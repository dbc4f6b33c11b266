//! What each partner role's home shows, computed from the state its device holds: a care
//! service's phase and open tasks, the volunteer centre's pipeline, a company's employees
//! and their hours, the coordinator's first steps. (A care service's week is
//! `visits::visits_at`.)

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::entities::{Partner, ProgrammeState};
use crate::model::{PHASES, Phase, Task};
use crate::onboarding::{Stage, Step};
use crate::visits::{held_minutes_by_volunteer, minutes_as_hours};
use crate::volunteers::Volunteer;

/// The phase a partner works in now: the first with a task of theirs still open, the last
/// when every one is done.
pub fn current_phase(state: &ProgrammeState, partner: &Partner) -> &'static Phase {
    PHASES
        .iter()
        .find(|phase| !open_tasks(state, partner, phase).is_empty())
        .unwrap_or(&PHASES[PHASES.len() - 1])
}

/// A partner's tasks in a phase that are not ticked yet, in the model's order.
pub fn open_tasks(state: &ProgrammeState, partner: &Partner, phase: &Phase) -> Vec<&'static Task> {
    phase
        .tasks_for(partner.kind)
        .filter(|task| {
            !state
                .task_tick(&partner.id, task.id)
                .is_some_and(|t| t.done)
        })
        .collect()
}

/// A column of the volunteer centre's pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The application is in (or expected), the screening not yet done.
    Applied,
    /// Screened and referred: the care service's interview and onboarding go on.
    Referred,
    /// Done with onboarding and visiting.
    Active,
}

impl Column {
    pub const ALL: [Column; 3] = [Column::Applied, Column::Referred, Column::Active];

    fn of(stage: Stage) -> Option<Column> {
        match stage {
            Stage::Onboarding(Step::ApplicationReceived | Step::Screened) => Some(Column::Applied),
            Stage::Onboarding(_) => Some(Column::Referred),
            Stage::Active => Some(Column::Active),
            Stage::Paused | Stage::Left => None,
        }
    }
}

/// The volunteers in one column of the pipeline, by name; paused and left ones are in
/// none.
pub fn pipeline(state: &ProgrammeState, column: Column) -> Vec<&Volunteer> {
    let mut found: Vec<&Volunteer> = state
        .volunteers
        .iter()
        .filter(|v| Column::of(state.stage_of(v)) == Some(column))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// One of a company's employees who volunteer, with their held hours.
#[derive(Clone, Debug, PartialEq)]
pub struct Employee<'a> {
    pub volunteer: &'a Volunteer,
    pub stage: Stage,
    pub hours_this_month: f64,
    pub hours_this_year: f64,
}

/// A company's employees who volunteer (left ones too, for the year's hours), by name.
pub fn employees<'a>(
    state: &'a ProgrammeState,
    company: &str,
    today: NaiveDate,
) -> Vec<Employee<'a>> {
    use chrono::Datelike;
    let mut found: Vec<&Volunteer> = state
        .volunteers
        .iter()
        .filter(|v| v.company.as_deref() == Some(company))
        .collect();
    // Everyone's hours in one pass, looked up by a set: not a scan of every visit per
    // employee.
    let ids: BTreeSet<&str> = found.iter().map(|v| v.id.as_str()).collect();
    let minutes =
        held_minutes_by_volunteer(state, |v| ids.contains(v), today.year(), today.month());
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
        .into_iter()
        .map(|volunteer| {
            let (in_month, in_year) = minutes
                .get(volunteer.id.as_str())
                .copied()
                .unwrap_or_default();
            Employee {
                volunteer,
                stage: state.stage_of(volunteer),
                hours_this_month: minutes_as_hours(in_month),
                hours_this_year: minutes_as_hours(in_year),
            }
        })
        .collect()
}

/// A step of the coordinator's first run, after creating the programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstStep {
    /// A care service (and the other partners) added.
    AddPartners,
    /// The programme shared through the server.
    Share,
    /// Someone invited to join.
    Invite,
    /// The first visit planned.
    PlanVisit,
}

impl FirstStep {
    pub const ALL: [FirstStep; 4] = [
        FirstStep::AddPartners,
        FirstStep::Share,
        FirstStep::Invite,
        FirstStep::PlanVisit,
    ];
}

/// Which first steps are done: partners from a care service on, sharing and inviting as
/// this device knows them (`shared`, `invited`), a visit from the first one planned.
pub fn first_steps(state: &ProgrammeState, shared: bool, invited: bool) -> [(FirstStep, bool); 4] {
    use crate::model::PartnerKind;
    FirstStep::ALL.map(|step| {
        let done = match step {
            FirstStep::AddPartners => state.partners_of(PartnerKind::CareService).next().is_some(),
            FirstStep::Share => shared,
            FirstStep::Invite => invited,
            FirstStep::PlanVisit => !state.visits.is_empty(),
        };
        (step, done)
    })
}
