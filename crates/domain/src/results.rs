//! Results at a glance: the numbers a coordinator is measured by, computed from the
//! state a device holds for a chosen period.
//!
//! - volunteers by stage (active, in onboarding, paused, left), in total and per care
//!   service ([`volunteers_by_stage`]);
//! - visits planned, held and cancelled, and held hours, per calendar month in
//!   Copenhagen, in total, per care service and per company ([`visits`]);
//! - residents reached: the residents counted on held visits ([`ResidentsReached`]);
//! - the 10 pieces of good advice across the care services ([`advice_coverage`]);
//! - every partner's progress per phase, with the open tasks ([`progress_matrix`]).
//!
//! Plain data, no I/O: the screens and the council report show these numbers as they
//! are, so each one is tested here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use crate::entities::ProgrammeState;
use crate::homes::open_tasks;
use crate::model::{ADVICE, PHASES, PartnerKind};
use crate::onboarding::Stage;
use crate::progress::{Progress, partner_phase};
use crate::schedule::copenhagen_date;
use crate::validate::{Problem, parse_date};
use crate::visits::{Held, occurrences_with_held};

/// The longest period a report covers, in calendar months. Ten years is far more than a
/// report needs; the bound keeps a mistyped year (2226 for 2026) from expanding every
/// series for centuries.
pub const MAX_PERIOD_MONTHS: u32 = 120;

/// A calendar month as (year, month 1-12), the key [`crate::schedule::hours_per_month`]
/// uses too.
pub type Month = (i32, u32);

/// Why a period is refused.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub enum PeriodError {
    #[error("the period ends on {to}, before it starts on {from}")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error(
        "the period spans {months} calendar months; at most {} are allowed",
        MAX_PERIOD_MONTHS
    )]
    TooLong { months: u32 },
}

impl From<PeriodError> for Problem {
    /// For a form's field.
    fn from(error: PeriodError) -> Problem {
        match error {
            PeriodError::EndsBeforeStart { .. } => Problem::PeriodEndsBeforeStart,
            PeriodError::TooLong { .. } => Problem::PeriodTooLong,
        }
    }
}

/// The days a report covers, both ends included, as Copenhagen dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    from: NaiveDate,
    to: NaiveDate,
}

fn month_of(date: NaiveDate) -> Month {
    (date.year(), date.month())
}

/// Months counted from year 0, so that a range of months is a range of numbers.
fn month_number((year, month): Month) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

/// What is wrong with a period's two fields, each its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PeriodProblems {
    pub from: Option<Problem>,
    pub to: Option<Problem>,
}

impl ReportPeriod {
    /// The period a results page opens on: the twelve calendar months up to and
    /// including `today`'s (this month's visits still planned included).
    pub fn last_twelve_months(today: NaiveDate) -> ReportPeriod {
        let this_month = today.with_day(1).unwrap_or(today);
        let from = this_month
            .checked_sub_months(chrono::Months::new(11))
            .unwrap_or(this_month);
        let to = this_month
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(today);
        ReportPeriod { from, to }
    }

    /// A period from a form's two date fields (`YYYY-MM-DD`): each field's own problem,
    /// or the end's where the two do not make a period.
    pub fn parse(from: &str, to: &str) -> Result<ReportPeriod, PeriodProblems> {
        match (parse_date(from), parse_date(to)) {
            (Ok(from), Ok(to)) => ReportPeriod::new(from, to).map_err(|error| PeriodProblems {
                from: None,
                to: Some(error.into()),
            }),
            (from, to) => Err(PeriodProblems {
                from: from.err(),
                to: to.err(),
            }),
        }
    }

    /// A period from `from` to `to`, both included; one day (`from == to`) is a period.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<ReportPeriod, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeStart { from, to });
        }
        let span = month_number(month_of(to)) - month_number(month_of(from)) + 1;
        let months = u32::try_from(span).unwrap_or(u32::MAX);
        if months > MAX_PERIOD_MONTHS {
            return Err(PeriodError::TooLong { months });
        }
        Ok(ReportPeriod { from, to })
    }

    pub fn from(self) -> NaiveDate {
        self.from
    }

    pub fn to(self) -> NaiveDate {
        self.to
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Every calendar month the period touches, in order (the first and last may be
    /// partial).
    pub fn months(self) -> Vec<Month> {
        let (first, last) = (month_of(self.from), month_of(self.to));
        let mut months = vec![first];
        let mut at = first;
        while at < last {
            at = if at.1 == 12 {
                (at.0 + 1, 1)
            } else {
                (at.0, at.1 + 1)
            };
            months.push(at);
        }
        months
    }
}

// ---------------------------------------------------------------------------------------
// Volunteers by stage

/// The four stages the results count volunteers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StageBucket {
    Active,
    Onboarding,
    Paused,
    Left,
}

impl StageBucket {
    pub const ALL: [StageBucket; 4] = [
        StageBucket::Active,
        StageBucket::Onboarding,
        StageBucket::Paused,
        StageBucket::Left,
    ];

    /// Where a volunteer's [`Stage`] is counted:
    /// - `Stage::Active` (status current, every onboarding step done, the trial period's
    ///   review included) is active;
    /// - `Stage::Onboarding(_)`, whichever step comes next, is in onboarding. That
    ///   includes a volunteer in the trial period (started, not yet reviewed), who may
    ///   already visit: the guide's trial is part of being taken on;
    /// - `Stage::Paused` and `Stage::Left` are paused and left, whatever onboarding was
    ///   done (the leader's status wins, as it does in [`Stage`]).
    pub fn of(stage: Stage) -> StageBucket {
        match stage {
            Stage::Active => StageBucket::Active,
            Stage::Onboarding(_) => StageBucket::Onboarding,
            Stage::Paused => StageBucket::Paused,
            Stage::Left => StageBucket::Left,
        }
    }
}

/// How many volunteers are in each stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageCounts {
    pub active: usize,
    pub onboarding: usize,
    pub paused: usize,
    pub left: usize,
}

impl StageCounts {
    pub fn get(&self, bucket: StageBucket) -> usize {
        match bucket {
            StageBucket::Active => self.active,
            StageBucket::Onboarding => self.onboarding,
            StageBucket::Paused => self.paused,
            StageBucket::Left => self.left,
        }
    }

    pub fn total(&self) -> usize {
        self.active + self.onboarding + self.paused + self.left
    }

    fn add(&mut self, bucket: StageBucket) {
        let count = match bucket {
            StageBucket::Active => &mut self.active,
            StageBucket::Onboarding => &mut self.onboarding,
            StageBucket::Paused => &mut self.paused,
            StageBucket::Left => &mut self.left,
        };
        *count += 1;
    }
}

/// Volunteers by stage, now (a volunteer's stage has no history, so no period applies).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolunteersByStage {
    /// Each volunteer once.
    pub total: StageCounts,
    /// Per care service id: a volunteer of several care services counts in each, so these
    /// add up to more than `total` when anyone visits two. Every care service of the
    /// programme has an entry, zeros included; a removed one keeps its id while a
    /// volunteer still names it.
    pub by_care_service: BTreeMap<String, StageCounts>,
}

/// The care services a report has a row for: every one of the programme's, or only the
/// one it is restricted to.
fn care_service_rows(state: &ProgrammeState, only: Option<&str>) -> Vec<String> {
    match only {
        Some(id) => vec![id.to_owned()],
        None => state
            .partners_of(PartnerKind::CareService)
            .map(|p| p.id.clone())
            .collect(),
    }
}

/// Volunteers by stage, optionally only those of one care service (`only`).
///
/// O(V·(c + log C)) for V volunteers, each in c care services, C care services.
pub fn volunteers_by_stage(state: &ProgrammeState, only: Option<&str>) -> VolunteersByStage {
    let mut result = VolunteersByStage {
        total: StageCounts::default(),
        by_care_service: care_service_rows(state, only)
            .into_iter()
            .map(|id| (id, StageCounts::default()))
            .collect(),
    };
    for volunteer in &state.volunteers {
        // A set: a care service named twice still counts the volunteer once there.
        let theirs: BTreeSet<&str> = volunteer
            .care_services
            .iter()
            .map(String::as_str)
            .filter(|c| only.is_none_or(|only| only == *c))
            .collect();
        if only.is_some() && theirs.is_empty() {
            continue;
        }
        let bucket = StageBucket::of(state.stage_of(volunteer));
        result.total.add(bucket);
        for care_service in theirs {
            result
                .by_care_service
                .entry(care_service.to_owned())
                .or_default()
                .add(bucket);
        }
    }
    result
}

// ---------------------------------------------------------------------------------------
// Visits, hours and residents

/// Visits counted over some stretch of time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VisitCounts {
    /// Occurrences in the period neither held nor cancelled (past ones not yet recorded
    /// included).
    pub planned: usize,
    pub held: usize,
    /// Cancelled visits that were to be in the period (where they had been moved to, if
    /// they had been).
    pub cancelled: usize,
    /// The time the held visits took, as recorded. Whole minutes, not hours: sums of
    /// whole numbers are exact in any order, so the care services' and the companies'
    /// rows add up to the total exactly.
    pub held_minutes: u64,
    /// Residents counted on the held visits: a sum of counts (someone who came to two
    /// visits counts twice), never anyone's name.
    pub residents: u64,
}

impl VisitCounts {
    pub fn held_hours(&self) -> f64 {
        self.held_minutes as f64 / 60.0
    }

    fn add(&mut self, tally: Tally) {
        match tally {
            Tally::Planned => self.planned += 1,
            Tally::Cancelled => self.cancelled += 1,
            Tally::Held(held) => {
                self.held += 1;
                self.held_minutes += u64::from(held.minutes);
                self.residents += u64::from(held.residents);
            }
        }
    }
}

/// What one occurrence adds.
#[derive(Clone, Copy)]
enum Tally<'a> {
    Planned,
    Held(&'a Held),
    Cancelled,
}

/// Visits over the whole period and per calendar month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitTable {
    pub total: VisitCounts,
    /// Every month of the period (see [`ReportPeriod::months`]), zeros included, by the
    /// visit's Copenhagen date.
    pub by_month: BTreeMap<Month, VisitCounts>,
}

impl VisitTable {
    fn with_months(months: &[Month]) -> VisitTable {
        VisitTable {
            total: VisitCounts::default(),
            by_month: months
                .iter()
                .map(|m| (*m, VisitCounts::default()))
                .collect(),
        }
    }

    fn add(&mut self, month: Month, tally: Tally) {
        self.total.add(tally);
        self.by_month.entry(month).or_default().add(tally);
    }
}

/// Visits planned, held and cancelled in a period, with held hours and residents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitResults {
    pub all: VisitTable,
    /// Per care service id (the series' care service). Every care service in the report
    /// has a row; a removed care service keeps its id while its visits count, so the
    /// rows always add up to `all`.
    pub by_care_service: BTreeMap<String, VisitTable>,
    /// Per company id: the visits of the company's employees (their company now).
    /// Every company of the programme has a row; with `without_company` the rows add up
    /// to `all`.
    pub by_company: BTreeMap<String, VisitTable>,
    /// Visits of volunteers with no company (or no longer in the programme).
    pub without_company: VisitTable,
}

/// Residents reached: the residents counted on held visits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResidentsReached {
    pub total: u64,
    /// Per care service id, with the same rows as [`VisitResults::by_care_service`].
    pub by_care_service: BTreeMap<String, u64>,
}

impl VisitResults {
    pub fn residents_reached(&self) -> ResidentsReached {
        ResidentsReached {
            total: self.all.total.residents,
            by_care_service: self
                .by_care_service
                .iter()
                .map(|(id, table)| (id.clone(), table.total.residents))
                .collect(),
        }
    }
}

/// Visits planned, held and cancelled in `period`, optionally only at one care service
/// (`only`).
///
/// A visit counts in the month of its Copenhagen date, where it was moved to if it was
/// (so one moved out of the period does not count, one moved in does). Held and planned
/// visits are read by [`crate::visits::occurrences_with_held`], as the "done" lists and
/// the hours read them: a visit recorded held counts where it took place, even when the
/// plan no longer has its date. A cancelled one is found by
/// [`crate::schedule::VisitSeries::cancelled`] (only while the plan still has its date:
/// a cancellation of a date dropped from the plan is no longer news).
///
/// One pass over the series: O(Σ R + E·log R + O·(log H + log M) + V·log V + (C + K)·M)
/// for R rule dates per series up to the period's end (plus, per cancelled occurrence,
/// the walk of its series' rule `cancelled` makes), E held visits near the period, O
/// occurrences in the period, H held visits, V volunteers, C care services, K companies
/// and M months. Nothing is looked up per volunteer over every visit.
pub fn visits(state: &ProgrammeState, period: ReportPeriod, only: Option<&str>) -> VisitResults {
    let months = period.months();
    let empty = VisitTable::with_months(&months);
    let mut result = VisitResults {
        all: empty.clone(),
        by_care_service: care_service_rows(state, only)
            .into_iter()
            .map(|id| (id, empty.clone()))
            .collect(),
        by_company: state
            .partners_of(PartnerKind::Company)
            .map(|p| (p.id.clone(), empty.clone()))
            .collect(),
        without_company: empty.clone(),
    };
    // An index, not a search per series: a large programme has thousands of volunteers.
    let company_of: BTreeMap<&str, &str> = state
        .volunteers
        .iter()
        .filter_map(|v| Some((v.id.as_str(), v.company.as_deref()?)))
        .collect();
    let VisitResults {
        all,
        by_care_service,
        by_company,
        without_company,
    } = &mut result;
    let (from, to) = (period.from(), period.to());
    for series in state
        .visits
        .iter()
        .filter(|s| only.is_none_or(|only| s.care_service == only))
    {
        let at_care_service = by_care_service
            .entry(series.care_service.clone())
            .or_insert_with(|| empty.clone());
        let of_company = match company_of.get(series.volunteer.as_str()) {
            Some(company) => by_company
                .entry((*company).to_owned())
                .or_insert_with(|| empty.clone()),
            None => &mut *without_company,
        };
        let mut count = |start, tally: Tally| {
            let month = month_of(copenhagen_date(start));
            for table in [&mut *all, &mut *at_care_service, &mut *of_company] {
                table.add(month, tally);
            }
        };
        for (occurrence, held) in occurrences_with_held(state, series, from, to) {
            count(occurrence.start, held.map_or(Tally::Planned, Tally::Held));
        }
        for occurrence in series.cancelled(from, to) {
            count(occurrence.start, Tally::Cancelled);
        }
    }
    result
}

// ---------------------------------------------------------------------------------------
// The 10 pieces of good advice

/// How many care services have ticked one piece of advice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdviceRow {
    /// The advice's id in the model.
    pub advice: &'static str,
    pub number: u8,
    /// Done: the care services that have it ticked; total: every care service.
    pub care_services: Progress,
}

/// How many of the 10 one care service has ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareServiceAdvice {
    pub care_service: String,
    /// Done of the 10.
    pub advice: Progress,
    /// The ids of the advice it has not ticked, in the model's order.
    pub missing: Vec<&'static str>,
}

/// The 10 pieces of good advice across the programme's care services.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdviceCoverage {
    /// Every piece of advice, in the model's order.
    pub per_advice: Vec<AdviceRow>,
    /// Every care service, in the programme's order (by name).
    pub per_care_service: Vec<CareServiceAdvice>,
    /// The advice the fewest care services have ticked (all of them on a tie), in the
    /// model's order; empty when there is no care service or every one has all 10.
    pub weakest: Vec<&'static str>,
}

/// The advice coverage. Only a tick that is done counts (an unticked one is kept with
/// `done: false`), and only a care service's: other partners have no advice to tick.
///
/// `only` restricts it to one care service (its own page).
///
/// O(C·A·log T) for C care services, A = 10 pieces of advice, T ticks.
pub fn advice_coverage(state: &ProgrammeState, only: Option<&str>) -> AdviceCoverage {
    let care_services: Vec<_> = state
        .partners_of(PartnerKind::CareService)
        .filter(|p| only.is_none_or(|only| p.id == only))
        .collect();
    let mut per_advice: Vec<AdviceRow> = ADVICE
        .iter()
        .map(|a| AdviceRow {
            advice: a.id,
            number: a.number,
            care_services: Progress {
                done: 0,
                total: care_services.len(),
            },
        })
        .collect();
    let per_care_service = care_services
        .iter()
        .map(|partner| {
            let mut missing = Vec::new();
            for (advice, row) in ADVICE.iter().zip(per_advice.iter_mut()) {
                if state
                    .advice_tick(&partner.id, advice.id)
                    .is_some_and(|t| t.done)
                {
                    row.care_services.done += 1;
                } else {
                    missing.push(advice.id);
                }
            }
            CareServiceAdvice {
                care_service: partner.id.clone(),
                advice: Progress {
                    done: ADVICE.len() - missing.len(),
                    total: ADVICE.len(),
                },
                missing,
            }
        })
        .collect();
    let fewest = per_advice.iter().map(|r| r.care_services.done).min();
    let weakest = match fewest {
        Some(fewest) if fewest < care_services.len() => per_advice
            .iter()
            .filter(|r| r.care_services.done == fewest)
            .map(|r| r.advice)
            .collect(),
        _ => Vec::new(),
    };
    AdviceCoverage {
        per_advice,
        per_care_service,
        weakest,
    }
}

// ---------------------------------------------------------------------------------------
// Partners × phases

/// One partner's tasks in one phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseCell {
    /// The phase's number, 1-5.
    pub phase: u8,
    pub progress: Progress,
    /// The ids of the tasks not done, in the model's order.
    pub open: Vec<&'static str>,
}

/// One partner's row of the matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerPhases {
    pub partner: String,
    pub kind: PartnerKind,
    /// One cell per phase, in order.
    pub phases: Vec<PhaseCell>,
}

/// Partners × phases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressMatrix {
    /// In the programme's order (municipality first, then by kind and name).
    pub partners: Vec<PartnerPhases>,
    /// Per phase, in order, every partner's tasks together.
    pub phases: Vec<Progress>,
}

/// The partners × phases progress matrix; `only` restricts it to one partner (a care
/// service's own page).
///
/// O(P·N·log T) for P partners, N tasks in the model and T ticks.
pub fn progress_matrix(state: &ProgrammeState, only: Option<&str>) -> ProgressMatrix {
    let partners: Vec<PartnerPhases> = state
        .partners
        .iter()
        .filter(|p| only.is_none_or(|only| p.id == only))
        .map(|partner| PartnerPhases {
            partner: partner.id.clone(),
            kind: partner.kind,
            phases: PHASES
                .iter()
                .map(|phase| PhaseCell {
                    phase: phase.number,
                    progress: partner_phase(state, partner, phase),
                    open: open_tasks(state, partner, phase)
                        .into_iter()
                        .map(|t| t.id)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let phases = (0..PHASES.len())
        .map(|i| partners.iter().map(|p| p.phases[i].progress).sum())
        .collect();
    ProgressMatrix { partners, phases }
}

// ---------------------------------------------------------------------------------------
// Everything at once

/// Everything the results page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Results {
    pub period: ReportPeriod,
    pub volunteers: VolunteersByStage,
    pub visits: VisitResults,
    pub residents: ResidentsReached,
    pub advice: AdviceCoverage,
    pub progress: ProgressMatrix,
}

/// The results for `period`. `only` restricts every part to one care service (a care
/// service's own page). See each part for its cost: the visits dominate.
pub fn results(state: &ProgrammeState, period: ReportPeriod, only: Option<&str>) -> Results {
    let visits = visits(state, period, only);
    Results {
        period,
        volunteers: volunteers_by_stage(state, only),
        residents: visits.residents_reached(),
        visits,
        advice: advice_coverage(state, only),
        progress: progress_matrix(state, only),
    }
}
