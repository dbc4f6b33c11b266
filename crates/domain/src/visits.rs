//! Planning visits and recording how they went, as edits on the op-log.
//!
//! A series is one `visit` entity (its rule); what happens to a single occurrence —
//! cancelled, moved, held — is a `visit_occurrence` entity keyed by series and original
//! date, so edits of different occurrences never overwrite each other.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::entities::ProgrammeState;
use crate::model::PartnerKind;
use crate::op::child_id;
use crate::op::{Edit, EntityKind};
use crate::schedule::{
    MOVE_MARGIN_DAYS, Occurrence, Recurrence, TimeSlot, VisitSeries, copenhagen_date,
    double_bookings, hh_mm,
};
use crate::schema::{occurrence_status, visit, visit_occurrence};
use crate::validate::{Field, Invalid, Name, Note, Problem, parse_date};

/// The longest a held visit can count, in minutes (the held form takes up to 12 hours).
pub const MAX_MINUTES: u32 = 12 * 60;
/// The most residents one visit can count (a sanity bound, not a rule of the model).
pub const MAX_RESIDENTS: u32 = 200;

/// What happened at a visit that was held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// Actual time spent, in whole minutes.
    pub minutes: u32,
    /// How many residents took part: a number, never names.
    pub residents: u32,
    pub note: String,
}

impl Held {
    pub fn hours(&self) -> f64 {
        f64::from(self.minutes) / 60.0
    }
}

/// Who cancelled a visit, when and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cancellation {
    pub by: String,
    pub at: Option<DateTime<Utc>>,
    /// Optional.
    pub reason: String,
}

/// The "plan a visit" form.
#[derive(Clone, Debug, Default)]
pub struct VisitInput {
    pub volunteer: String,
    pub care_service: String,
    /// `YYYY-MM-DD`.
    pub first: String,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
    pub recurrence: Option<Recurrence>,
    /// `YYYY-MM-DD` or empty.
    pub until: String,
    pub activity: String,
    /// Who allows booking a volunteer not yet cleared (the coordinator, by name); empty:
    /// such a booking is refused.
    pub allowed_uncleared_by: String,
}

/// A valid plan, and the visits it would double-book.
#[derive(Clone, Debug)]
pub struct PlannedVisit {
    pub edits: Vec<Edit>,
    pub series: VisitSeries,
    /// Existing occurrences (of other series) that overlap the new ones, same volunteer.
    pub clashes: Vec<Occurrence>,
}

impl VisitInput {
    /// Validates the form and finds double bookings with the volunteer's other visits
    /// between `from` and `to`.
    pub fn plan(
        &self,
        id: &str,
        state: &ProgrammeState,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<PlannedVisit, Invalid> {
        let mut invalid = Invalid::default();
        // Not booked before the criminal record was seen and assessed and the
        // confidentiality declaration signed, unless the coordinator says so by name.
        let allowed_by = if self.allowed_uncleared_by.trim().is_empty() {
            None
        } else {
            invalid.check(Field::By, Name::parse(&self.allowed_uncleared_by))
        };
        let uncleared = !state.is_cleared(&self.volunteer);
        if state.volunteer(&self.volunteer).is_none() {
            invalid.push(Field::Volunteer, Problem::Required);
        } else if uncleared && allowed_by.is_none() {
            invalid.push(Field::Volunteer, Problem::NotCleared);
        }
        if state
            .partner(&self.care_service)
            .is_none_or(|p| p.kind != PartnerKind::CareService)
        {
            invalid.push(Field::CareServices, Problem::Required);
        }
        let first = invalid.check(Field::Date, parse_date(&self.first));
        let slot = invalid.check(Field::End, TimeSlot::parse(&self.start, &self.end));
        let until = if self.until.trim().is_empty() {
            Some(None)
        } else {
            invalid
                .check(Field::Until, parse_date(&self.until))
                .map(Some)
        };
        if let (Some(first), Some(Some(until))) = (first, until)
            && until < first
        {
            invalid.push(Field::Until, Problem::EndBeforeStart);
        }
        if self.recurrence.is_none() {
            invalid.push(Field::Recurrence, Problem::Required);
        }
        let activity = invalid.check(Field::Note, Note::parse(&self.activity));
        invalid.finish()?;
        let (Some(first), Some(slot), Some(until), Some(recurrence), Some(activity)) =
            (first, slot, until, self.recurrence, activity)
        else {
            unreachable!("checked above")
        };
        let series = VisitSeries {
            id: id.to_owned(),
            volunteer: self.volunteer.clone(),
            care_service: self.care_service.clone(),
            first,
            slot,
            recurrence,
            until,
            activity: activity.as_str().to_owned(),
            allowed_uncleared: String::new(),
            exceptions: Default::default(),
        };
        let mine: Vec<Occurrence> = series.occurrences(from, to);
        let others: Vec<Occurrence> = state
            .visits
            .iter()
            .filter(|s| s.volunteer == series.volunteer && s.id != series.id)
            .flat_map(|s| s.occurrences(from, to))
            .collect();
        let all: Vec<Occurrence> = mine.iter().cloned().chain(others.iter().cloned()).collect();
        let mut clashes: Vec<Occurrence> = double_bookings(&all)
            .into_iter()
            .flat_map(|(a, b)| [a, b])
            .filter(|&i| i >= mine.len())
            .map(|i| all[i].clone())
            .collect();
        clashes.sort_by_key(|o| o.start);
        clashes.dedup();
        let time = |t: NaiveTime| hh_mm(&t);
        let set = |field: &str, value: Value| Edit::set(EntityKind::Visit, id, field, value);
        let mut edits = vec![
            set(visit::VOLUNTEER, self.volunteer.as_str().into()),
            set(visit::CARE_SERVICE, self.care_service.as_str().into()),
            set(visit::FIRST, first.to_string().into()),
            set(visit::START, time(slot.start()).into()),
            set(visit::END, time(slot.end()).into()),
            set(visit::RECURRENCE, recurrence.key().into()),
            set(
                visit::UNTIL,
                until.map_or(Value::Null, |u| u.to_string().into()),
            ),
            set(visit::ACTIVITY, activity.into_inner().into()),
        ];
        if let Some(by) = allowed_by.filter(|_| uncleared) {
            edits.push(set(visit::ALLOWED_UNCLEARED, by.into_inner().into()));
        }
        Ok(PlannedVisit {
            edits,
            series,
            clashes,
        })
    }
}

fn occurrence_edit(series: &str, original: NaiveDate, field: &str, value: Value) -> Edit {
    Edit::set(
        EntityKind::VisitOccurrence,
        &child_id(series, &original.to_string()),
        field,
        value,
    )
}

fn occurrence_keys(series: &str, original: NaiveDate) -> [Edit; 2] {
    [
        occurrence_edit(series, original, visit_occurrence::SERIES, series.into()),
        occurrence_edit(
            series,
            original,
            visit_occurrence::DATE,
            original.to_string().into(),
        ),
    ]
}

/// The "cancel this visit" form: who cancels (asked once per device, then suggested)
/// and, if they like, why.
#[derive(Clone, Debug, Default)]
pub struct CancelInput {
    pub by: String,
    pub reason: String,
}

impl CancelInput {
    pub fn edits(
        &self,
        series: &str,
        original: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let by = invalid.check(Field::By, Name::parse(&self.by));
        let reason = invalid.check(Field::Note, Note::parse(&self.reason));
        invalid.finish()?;
        let (Some(by), Some(reason)) = (by, reason) else {
            unreachable!("checked above")
        };
        let mut edits = cancel(series, original);
        let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        edits.extend([
            occurrence_edit(
                series,
                original,
                visit_occurrence::BY,
                by.into_inner().into(),
            ),
            occurrence_edit(series, original, visit_occurrence::AT, at.into()),
            occurrence_edit(
                series,
                original,
                visit_occurrence::NOTE,
                reason.into_inner().into(),
            ),
        ]);
        Ok(edits)
    }
}

/// Cancels one occurrence (the status alone; [`CancelInput`] says who and why).
pub fn cancel(series: &str, original: NaiveDate) -> Vec<Edit> {
    let mut edits = occurrence_keys(series, original).to_vec();
    edits.push(occurrence_edit(
        series,
        original,
        visit_occurrence::STATUS,
        occurrence_status::CANCELLED.into(),
    ));
    edits
}

/// Moves one occurrence to another date and time.
pub fn move_to(series: &str, original: NaiveDate, date: NaiveDate, slot: TimeSlot) -> Vec<Edit> {
    let mut edits = occurrence_keys(series, original).to_vec();
    edits.extend([
        occurrence_edit(
            series,
            original,
            visit_occurrence::STATUS,
            occurrence_status::MOVED.into(),
        ),
        occurrence_edit(
            series,
            original,
            visit_occurrence::MOVED_DATE,
            date.to_string().into(),
        ),
        occurrence_edit(
            series,
            original,
            visit_occurrence::MOVED_START,
            hh_mm(&slot.start()).into(),
        ),
        occurrence_edit(
            series,
            original,
            visit_occurrence::MOVED_END,
            hh_mm(&slot.end()).into(),
        ),
    ]);
    edits
}

/// The "move this visit" form, as typed.
#[derive(Clone, Debug, Default)]
pub struct MoveInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
}

impl MoveInput {
    pub fn edits(&self, series: &str, original: NaiveDate) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let date = invalid.check(Field::Date, parse_date(&self.date));
        let slot = invalid.check(Field::End, TimeSlot::parse(&self.start, &self.end));
        // Every reader finds a moved visit within the margin of its planned day; a visit
        // to be further away is a new one to plan.
        let date = date.and_then(|date| {
            let far = (date - original).num_days().unsigned_abs() > MOVE_MARGIN_DAYS;
            invalid.check(
                Field::Date,
                if far {
                    Err(Problem::MovedTooFar)
                } else {
                    Ok(date)
                },
            )
        });
        invalid.finish()?;
        let (Some(date), Some(slot)) = (date, slot) else {
            unreachable!("checked above")
        };
        Ok(move_to(series, original, date, slot))
    }
}

/// The "visit held" form.
#[derive(Clone, Debug, Default)]
pub struct HeldInput {
    pub hours: String,
    pub residents: String,
    pub note: String,
}

impl HeldInput {
    pub fn edits(&self, series: &str, original: NaiveDate) -> Result<Vec<Edit>, Invalid> {
        let mut invalid = Invalid::default();
        let hours = self
            .hours
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|h| h.is_finite() && *h > 0.0);
        let hours = match hours {
            Some(h) if h * 60.0 > f64::from(MAX_MINUTES) => {
                invalid.check(Field::Hours, Err(Problem::TooLong))
            }
            Some(h) => Some(h),
            None => invalid.check(Field::Hours, Err(Problem::InvalidNumber)),
        };
        let residents = invalid.check(
            Field::Residents,
            self.residents
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|r| *r <= MAX_RESIDENTS)
                .ok_or(Problem::InvalidNumber),
        );
        let note = invalid.check(Field::Note, Note::parse(&self.note));
        invalid.finish()?;
        let (Some(hours), Some(residents), Some(note)) = (hours, residents, note) else {
            unreachable!("checked above")
        };
        let mut edits = occurrence_keys(series, original).to_vec();
        edits.extend([
            occurrence_edit(
                series,
                original,
                visit_occurrence::STATUS,
                occurrence_status::HELD.into(),
            ),
            occurrence_edit(
                series,
                original,
                visit_occurrence::MINUTES,
                ((hours * 60.0).round() as u32).into(),
            ),
            occurrence_edit(
                series,
                original,
                visit_occurrence::RESIDENTS,
                residents.into(),
            ),
            occurrence_edit(
                series,
                original,
                visit_occurrence::NOTE,
                note.into_inner().into(),
            ),
        ]);
        Ok(edits)
    }
}

/// The occurrences (not cancelled; held ones always, see [`VisitSeries::occurrences`])
/// of the series `keep` picks from `from` to `to`, in time order.
pub fn occurrences_of(
    state: &ProgrammeState,
    keep: impl Fn(&VisitSeries) -> bool,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    let mut found: Vec<Occurrence> = state
        .visits
        .iter()
        .filter(|s| keep(s))
        .flat_map(|s| s.occurrences(from, to))
        .collect();
    found.sort_by_key(|o| o.start);
    found
}

/// A volunteer's visits (not cancelled) from `from` to `to`, in time order.
pub fn visits_of(
    state: &ProgrammeState,
    volunteer: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    occurrences_of(state, |s| s.volunteer == volunteer, from, to)
}

/// A care service's visits (not cancelled) from `from` to `to`, in time order.
pub fn visits_at(
    state: &ProgrammeState,
    care_service: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    occurrences_of(state, |s| s.care_service == care_service, from, to)
}

/// A stretch of the calendar the "done" list shows: a week (Monday to Sunday) or a
/// month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

impl Period {
    /// The first and last day of the period that holds `day`.
    pub fn bounds(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        use chrono::{Days, Months};
        match self {
            Period::Week => {
                let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
                (monday, monday + Days::new(6))
            }
            Period::Month => {
                let first = day.with_day(1).unwrap_or(day);
                let last = first
                    .checked_add_months(Months::new(1))
                    .and_then(|next| next.pred_opt())
                    .unwrap_or(first);
                (first, last)
            }
        }
    }

    /// A day of the period `steps` periods after (or, negative, before) the one that
    /// holds `day`.
    pub fn step(self, day: NaiveDate, steps: i32) -> NaiveDate {
        use chrono::{Days, Months};
        let (first, _) = self.bounds(day);
        let n = steps.unsigned_abs();
        let moved = match (self, steps >= 0) {
            (Period::Week, true) => first.checked_add_days(Days::new(7 * u64::from(n))),
            (Period::Week, false) => first.checked_sub_days(Days::new(7 * u64::from(n))),
            (Period::Month, true) => first.checked_add_months(Months::new(n)),
            (Period::Month, false) => first.checked_sub_months(Months::new(n)),
        };
        moved.unwrap_or(first)
    }
}

/// What came of a visit that is over or called off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome<'a> {
    Held(&'a Held),
    Cancelled(&'a Cancellation),
}

/// A visit held or cancelled, for the "done" lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Done<'a> {
    /// Where it took (or would have taken) place: a cancelled one at its planned time.
    pub occurrence: Occurrence,
    pub outcome: Outcome<'a>,
}

/// One series' occurrences from `from` to `to` (see [`VisitSeries::occurrences`]), in
/// time order, each with what was recorded if it was held.
///
/// The one reading of "held" that the lists, the hours and the results share: a visit
/// recorded held counts at the Copenhagen date it took place (where it had been moved
/// to, if it had been), and stays whatever the plan became afterwards.
pub fn occurrences_with_held<'a>(
    state: &'a ProgrammeState,
    series: &VisitSeries,
    from: NaiveDate,
    to: NaiveDate,
) -> impl Iterator<Item = (Occurrence, Option<&'a Held>)> + use<'a> {
    series
        .occurrences(from, to)
        .into_iter()
        .map(move |mut occurrence| {
            // The occurrence lends its series id to the key: no copy per lookup.
            let key = (
                std::mem::take(&mut occurrence.series),
                occurrence.original_date,
            );
            let held = state.held.get(&key);
            occurrence.series = key.0;
            (occurrence, held)
        })
}

/// The visits of the series `keep` picks that were held or cancelled from `from` to
/// `to` (a held one where it took place, a cancelled one where it was to be), newest
/// first.
pub fn done_between<'a>(
    state: &'a ProgrammeState,
    keep: impl Fn(&VisitSeries) -> bool,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Done<'a>> {
    let mut found: Vec<Done<'a>> = Vec::new();
    for series in state.visits.iter().filter(|s| keep(s)) {
        for (occurrence, held) in occurrences_with_held(state, series, from, to) {
            if let Some(held) = held {
                found.push(Done {
                    occurrence,
                    outcome: Outcome::Held(held),
                });
            }
        }
        for occurrence in series.cancelled(from, to) {
            let key = (series.id.clone(), occurrence.original_date);
            if let Some(cancellation) = state.cancelled.get(&key) {
                found.push(Done {
                    occurrence,
                    outcome: Outcome::Cancelled(cancellation),
                });
            }
        }
    }
    found.sort_by_key(|d| std::cmp::Reverse(d.occurrence.start));
    found
}

/// Cancelled visits planned from `from` to `to`, soonest first: what the care service,
/// the coordinator and the volunteer are reminded of.
pub fn cancelled_between(
    state: &ProgrammeState,
    keep: impl Fn(&VisitSeries) -> bool,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(Occurrence, &Cancellation)> {
    let mut found: Vec<(Occurrence, &Cancellation)> = done_between(state, keep, from, to)
        .into_iter()
        .filter_map(|d| match d.outcome {
            Outcome::Cancelled(c) => Some((d.occurrence, c)),
            Outcome::Held(_) => None,
        })
        .collect();
    found.reverse();
    found
}

/// Held minutes per volunteer, for the volunteers `keep` picks, as (in `month`, in
/// `year`), by the date each visit took place (see [`occurrences_with_held`]); a volunteer
/// with none is left out.
///
/// One pass over the series: a company with thousands of employees is not a scan of
/// every visit per employee.
pub fn held_minutes_by_volunteer(
    state: &ProgrammeState,
    keep: impl Fn(&str) -> bool,
    year: i32,
    month: u32,
) -> BTreeMap<&str, (u64, u64)> {
    let mut found = BTreeMap::new();
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return found;
    };
    for series in state.visits.iter().filter(|s| keep(&s.volunteer)) {
        for (occurrence, held) in occurrences_with_held(state, series, from, to) {
            let Some(held) = held else { continue };
            let minutes: &mut (u64, u64) = found.entry(series.volunteer.as_str()).or_default();
            minutes.1 += u64::from(held.minutes);
            if copenhagen_date(occurrence.start).month() == month {
                minutes.0 += u64::from(held.minutes);
            }
        }
    }
    found
}

/// Minutes as hours: summed as whole minutes first, so totals are exact in any order.
pub fn minutes_as_hours(minutes: u64) -> f64 {
    minutes as f64 / 60.0
}

/// Hours of a volunteer's held visits in a given month, and in its year (see
/// [`held_minutes_by_volunteer`]).
pub fn hours_of(state: &ProgrammeState, volunteer: &str, year: i32, month: u32) -> (f64, f64) {
    let (in_month, in_year) = held_minutes_by_volunteer(state, |v| v == volunteer, year, month)
        .get(volunteer)
        .copied()
        .unwrap_or_default();
    (minutes_as_hours(in_month), minutes_as_hours(in_year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_are_monday_to_sunday_weeks_and_whole_months() {
        // Wednesday 2 December 2026.
        let today = date(2026, 12, 2);
        assert_eq!(
            Period::Week.bounds(today),
            (date(2026, 11, 30), date(2026, 12, 6))
        );
        assert_eq!(
            Period::Month.bounds(today),
            (date(2026, 12, 1), date(2026, 12, 31))
        );
        assert_eq!(
            Period::Month.bounds(date(2028, 2, 10)),
            (date(2028, 2, 1), date(2028, 2, 29))
        );
        assert_eq!(Period::Week.step(today, -1), date(2026, 11, 23));
        assert_eq!(Period::Week.step(today, 5), date(2027, 1, 4));
        assert_eq!(Period::Month.step(today, 1), date(2027, 1, 1));
        assert_eq!(Period::Month.step(date(2026, 3, 31), -1), date(2026, 2, 1));
    }
}
