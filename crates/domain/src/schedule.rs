//! Visits: time slots, recurrence in Europe/Copenhagen, double bookings and hours.
//!
//! A series is stored as its rule (first date, slot, recurrence, exceptions), never as
//! expanded occurrences; occurrences are computed for the window a screen needs.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};

use crate::validate::Problem;

/// The longest visit we accept.
pub const MAX_VISIT: TimeDelta = TimeDelta::hours(12);

/// A visit's local start and end time on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSlot {
    start: NaiveTime,
    end: NaiveTime,
}

/// A time of day typed or stored as `HH:MM` (`H:MM` and the Danish `HH.MM` too).
/// Hand-written: chrono's format parser would add kilobytes to the app for this one pattern.
pub fn parse_hh_mm(raw: &str) -> Option<NaiveTime> {
    let (h, m) = raw.trim().split_once([':', '.'])?;
    let number = |part: &str, max: u32| {
        (1..=2)
            .contains(&part.len())
            .then(|| part.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    if m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(number(h, 23)?, number(m, 59)?, 0)
}

/// A time of day as `HH:MM`.
pub fn hh_mm(time: &impl Timelike) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

impl TimeSlot {
    /// End after start, same day, at most [`MAX_VISIT`] long.
    pub fn parse(start: &str, end: &str) -> Result<TimeSlot, Problem> {
        let time = |raw: &str| parse_hh_mm(raw).ok_or(Problem::InvalidDate);
        TimeSlot::new(time(start)?, time(end)?)
    }

    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<TimeSlot, Problem> {
        if end <= start {
            return Err(Problem::EndBeforeStart);
        }
        if end - start > MAX_VISIT {
            return Err(Problem::TooLong);
        }
        Ok(TimeSlot { start, end })
    }

    pub fn start(&self) -> NaiveTime {
        self.start
    }

    pub fn end(&self) -> NaiveTime {
        self.end
    }
}

/// How a series repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Once,
    Weekly,
    EveryOtherWeek,
    /// On the same weekday and week of the month as the first date (e.g. 2nd Tuesday);
    /// a first date in the month's last seven days means "the last such weekday".
    MonthlyWeekday,
}

impl Recurrence {
    pub const ALL: [Recurrence; 4] = [
        Recurrence::Once,
        Recurrence::Weekly,
        Recurrence::EveryOtherWeek,
        Recurrence::MonthlyWeekday,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Recurrence::Once => "once",
            Recurrence::Weekly => "weekly",
            Recurrence::EveryOtherWeek => "every_other_week",
            Recurrence::MonthlyWeekday => "monthly_weekday",
        }
    }

    pub fn from_key(key: &str) -> Option<Recurrence> {
        Recurrence::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A change to one occurrence of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Exception {
    /// Cancelled; `moved` is where it had been moved to first, if it had been.
    Cancelled {
        moved: Option<(NaiveDate, TimeSlot)>,
    },
    Moved {
        date: NaiveDate,
        slot: TimeSlot,
    },
    /// Held; `moved` is where it had been moved to first, if it had been: it took place
    /// there.
    Held {
        moved: Option<(NaiveDate, TimeSlot)>,
    },
}

/// How far an occurrence is looked for from its planned date: moves are kept within a
/// few weeks in practice.
pub const MOVE_MARGIN_DAYS: u64 = 62;

/// A planned visit, one-off or recurring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSeries {
    pub id: String,
    pub volunteer: String,
    pub care_service: String,
    pub first: NaiveDate,
    pub slot: TimeSlot,
    pub recurrence: Recurrence,
    /// The last date an occurrence may fall on.
    pub until: Option<NaiveDate>,
    /// What the volunteer plans to do, e.g. "Hjælp med tablets".
    #[serde(default)]
    pub activity: String,
    /// Who allowed booking the volunteer before they were cleared (the coordinator, by
    /// name); empty when no one had to.
    #[serde(default)]
    pub allowed_uncleared: String,
    /// Keyed by the occurrence's original date.
    pub exceptions: BTreeMap<NaiveDate, Exception>,
}

/// One concrete visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub series: String,
    pub volunteer: String,
    pub care_service: String,
    /// The date the rule gives; identifies the occurrence even when it is moved.
    pub original_date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub moved: bool,
}

/// A local Copenhagen time as an instant. In the spring-forward gap the time is moved
/// on by the gap (02:30 becomes 03:30); in the autumn overlap the first 02:30 is taken.
pub fn copenhagen(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    match Copenhagen.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            let later = local + TimeDelta::hours(1);
            Copenhagen
                .from_local_datetime(&later)
                .earliest()
                .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
        }
    }
}

/// An instant as Copenhagen wall-clock time.
pub fn copenhagen_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Copenhagen).naive_local()
}

/// The local date of an instant in Copenhagen.
pub fn copenhagen_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Copenhagen).date_naive()
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: u8) -> Option<NaiveDate> {
    if nth == 0 {
        // The last such weekday of the month.
        let next_month =
            NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(Months::new(1))?;
        let last = next_month.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return last.checked_sub_days(Days::new(back.into()));
    }
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth)
}

impl VisitSeries {
    /// The rule's dates from `first`, ascending, without exceptions applied.
    fn rule_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let first = self.first;
        // Week of the month (1-4), or 0 for "last" when the first date is in the last week.
        let days_in_month = first
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .and_then(|d| d.pred_opt())
            .map_or(31, |d| d.day());
        let nth = if first.day() + 7 > days_in_month {
            0
        } else {
            ((first.day() - 1) / 7 + 1) as u8
        };
        (0u32..)
            .map(move |i| match self.recurrence {
                Recurrence::Once => (i == 0).then_some(first),
                Recurrence::Weekly => first.checked_add_days(Days::new(7 * u64::from(i))),
                Recurrence::EveryOtherWeek => first.checked_add_days(Days::new(14 * u64::from(i))),
                Recurrence::MonthlyWeekday => {
                    let month = first.with_day(1)?.checked_add_months(Months::new(i))?;
                    nth_weekday(month.year(), month.month(), first.weekday(), nth)
                }
            })
            .take_while(Option::is_some)
            .flatten()
            .take_while(move |d| self.until.is_none_or(|until| *d <= until))
    }

    /// Where and when the occurrence planned for `original` takes (or took) place, and
    /// whether it was moved; `None` if it was cancelled.
    fn placed(&self, original: NaiveDate) -> Option<(NaiveDate, TimeSlot, bool)> {
        match self.exceptions.get(&original) {
            Some(Exception::Cancelled { .. }) => None,
            Some(
                Exception::Moved { date, slot }
                | Exception::Held {
                    moved: Some((date, slot)),
                },
            ) => Some((*date, *slot, true)),
            Some(Exception::Held { moved: None }) | None => Some((original, self.slot, false)),
        }
    }

    /// The occurrences whose (possibly moved) date falls in `from..=to`: the rule's dates
    /// not cancelled, and every held one, even if the rule (edited since) no longer has
    /// its date.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        // A move can bring an occurrence in from outside the window.
        let margin = Days::new(MOVE_MARGIN_DAYS);
        let earliest = from.checked_sub_days(margin).unwrap_or(from);
        let latest = to.checked_add_days(margin).unwrap_or(to);
        let planned: Vec<NaiveDate> = self
            .rule_dates()
            .skip_while(|d| *d < earliest)
            .take_while(|d| *d <= latest)
            .collect();
        // A visit held took place: a later change of the first date, the recurrence or
        // the end date does not undo it.
        let held_off_plan = self
            .exceptions
            .range(earliest..=latest)
            .filter(|(original, exception)| {
                matches!(exception, Exception::Held { .. })
                    && planned.binary_search(original).is_err()
            })
            .map(|(original, _)| *original);
        let mut found: Vec<Occurrence> = planned
            .iter()
            .copied()
            .chain(held_off_plan)
            .filter_map(|original| {
                let (date, slot, moved) = self.placed(original)?;
                (from <= date && date <= to).then(|| Occurrence {
                    series: self.id.clone(),
                    volunteer: self.volunteer.clone(),
                    care_service: self.care_service.clone(),
                    original_date: original,
                    start: copenhagen(date, slot.start),
                    end: copenhagen(date, slot.end),
                    moved,
                })
            })
            .collect();
        found.sort_by_key(|o| o.start);
        found
    }

    /// The cancelled occurrences that were to be in `from..=to`, at the time they were
    /// to be: their planned time, or where they had been moved to.
    pub fn cancelled(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        if from > to {
            return Vec::new();
        }
        // A move can have brought it in from outside the window (see `occurrences`).
        let margin = Days::new(MOVE_MARGIN_DAYS);
        let earliest = from.checked_sub_days(margin).unwrap_or(from);
        let latest = to.checked_add_days(margin).unwrap_or(to);
        self.exceptions
            .range(earliest..=latest)
            .filter_map(|(original, exception)| match exception {
                Exception::Cancelled { moved } => Some((*original, *moved)),
                Exception::Moved { .. } | Exception::Held { .. } => None,
            })
            // Still a date of the rule (the plan may have changed since).
            .filter(|(original, _)| self.rule_dates().find(|d| d >= original) == Some(*original))
            .filter_map(|(original, moved)| {
                let (date, slot) = moved.unwrap_or((original, self.slot));
                (from <= date && date <= to).then(|| Occurrence {
                    series: self.id.clone(),
                    volunteer: self.volunteer.clone(),
                    care_service: self.care_service.clone(),
                    original_date: original,
                    start: copenhagen(date, slot.start),
                    end: copenhagen(date, slot.end),
                    moved: moved.is_some(),
                })
            })
            .collect()
    }
}

/// Every pair of occurrences that books the same volunteer at overlapping times,
/// as indexes into `occurrences`.
pub fn double_bookings(occurrences: &[Occurrence]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..occurrences.len()).collect();
    order.sort_by(|&a, &b| {
        (&occurrences[a].volunteer, occurrences[a].start)
            .cmp(&(&occurrences[b].volunteer, occurrences[b].start))
    });
    let mut pairs = Vec::new();
    for (i, &a) in order.iter().enumerate() {
        for &b in &order[i + 1..] {
            let (first, second) = (&occurrences[a], &occurrences[b]);
            if second.volunteer != first.volunteer || second.start >= first.end {
                break;
            }
            pairs.push((a.min(b), a.max(b)));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Hours of held visits per calendar month (Copenhagen time), keyed by (year, month).
pub fn hours_per_month(
    held: impl IntoIterator<Item = (NaiveDate, f64)>,
) -> BTreeMap<(i32, u32), f64> {
    let mut months = BTreeMap::new();
    for (date, hours) in held {
        *months.entry((date.year(), date.month())).or_insert(0.0) += hours;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn series(first: NaiveDate, recurrence: Recurrence) -> VisitSeries {
        VisitSeries {
            id: "s".into(),
            volunteer: "v".into(),
            care_service: "c".into(),
            first,
            slot: TimeSlot::parse("10:00", "13:00").unwrap(),
            recurrence,
            until: None,
            activity: String::new(),
            allowed_uncleared: String::new(),
            exceptions: BTreeMap::new(),
        }
    }

    #[test]
    fn slots_are_validated() {
        assert_eq!(
            TimeSlot::parse("13:00", "10:00"),
            Err(Problem::EndBeforeStart)
        );
        assert_eq!(
            TimeSlot::parse("10:00", "10:00"),
            Err(Problem::EndBeforeStart)
        );
        assert_eq!(TimeSlot::parse("06:00", "18:01"), Err(Problem::TooLong));
        assert!(TimeSlot::parse("06:00", "18:00").is_ok());
        assert_eq!(TimeSlot::parse("25:00", "26:00"), Err(Problem::InvalidDate));
    }

    #[test]
    fn weekly_visits_keep_their_local_time_across_daylight_saving() {
        // 2026: summer time starts 29 March, ends 25 October.
        let weekly = series(date(2026, 3, 19), Recurrence::Weekly);
        let found = weekly.occurrences(date(2026, 3, 1), date(2026, 4, 10));
        let utc_hours: Vec<u32> = found.iter().map(|o| o.start.time().hour()).collect();
        use chrono::Timelike;
        assert_eq!(found.len(), 4);
        assert_eq!(
            utc_hours,
            [9, 9, 8, 8],
            "10:00 local is 09:00 UTC in winter, 08:00 in summer"
        );
        let autumn = series(date(2026, 10, 18), Recurrence::Weekly)
            .occurrences(date(2026, 10, 1), date(2026, 10, 31));
        assert_eq!(
            autumn
                .iter()
                .map(|o| o.start.time().hour())
                .collect::<Vec<_>>(),
            [8, 9]
        );
    }

    #[test]
    fn times_of_day_parse_and_print_as_hh_mm() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_hh_mm("10:05"), t(10, 5));
        assert_eq!(parse_hh_mm(" 9:30 "), t(9, 30));
        assert_eq!(parse_hh_mm("23.59"), t(23, 59));
        for bad in [
            "", "24:00", "10:60", "10:5", "1005", "10:05:00", "-1:00", "ti:00",
        ] {
            assert_eq!(parse_hh_mm(bad), None, "{bad:?}");
        }
        assert_eq!(hh_mm(&t(7, 3).unwrap()), "07:03");
    }

    #[test]
    fn times_in_the_spring_gap_move_on_and_the_autumn_overlap_takes_the_first() {
        let gap = copenhagen(
            date(2026, 3, 29),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
        );
        assert_eq!(gap.to_rfc3339(), "2026-03-29T01:30:00+00:00");
        let overlap = copenhagen(
            date(2026, 10, 25),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
        );
        assert_eq!(overlap.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn every_other_week_and_monthly_on_a_weekday() {
        let fortnightly = series(date(2026, 1, 6), Recurrence::EveryOtherWeek)
            .occurrences(date(2026, 1, 1), date(2026, 2, 28));
        assert_eq!(
            fortnightly
                .iter()
                .map(|o| o.original_date.day())
                .collect::<Vec<_>>(),
            [6, 20, 3, 17]
        );
        // 13 January 2026 is the 2nd Tuesday.
        let monthly = series(date(2026, 1, 13), Recurrence::MonthlyWeekday)
            .occurrences(date(2026, 1, 1), date(2026, 6, 30));
        assert_eq!(
            monthly.iter().map(|o| o.original_date).collect::<Vec<_>>(),
            [
                date(2026, 1, 13),
                date(2026, 2, 10),
                date(2026, 3, 10),
                date(2026, 4, 14),
                date(2026, 5, 12),
                date(2026, 6, 9)
            ]
        );
        // 27 January 2026 is the last Tuesday; so is 31 March.
        let last = series(date(2026, 1, 27), Recurrence::MonthlyWeekday)
            .occurrences(date(2026, 1, 1), date(2026, 3, 31));
        assert_eq!(
            last.iter().map(|o| o.original_date).collect::<Vec<_>>(),
            [date(2026, 1, 27), date(2026, 2, 24), date(2026, 3, 31)]
        );
    }

    #[test]
    fn single_occurrences_can_be_cancelled_or_moved() {
        let mut weekly = series(date(2026, 1, 6), Recurrence::Weekly);
        weekly.until = Some(date(2026, 1, 27));
        weekly
            .exceptions
            .insert(date(2026, 1, 13), Exception::Cancelled { moved: None });
        weekly.exceptions.insert(
            date(2026, 1, 20),
            Exception::Moved {
                date: date(2026, 1, 22),
                slot: TimeSlot::parse("14:00", "16:00").unwrap(),
            },
        );
        let found = weekly.occurrences(date(2026, 1, 1), date(2026, 12, 31));
        let days: Vec<_> = found
            .iter()
            .map(|o| {
                (
                    o.start
                        .with_timezone(&Copenhagen)
                        .format("%d %H:%M")
                        .to_string(),
                    o.moved,
                )
            })
            .collect();
        assert_eq!(
            days,
            [
                ("06 10:00".into(), false),
                ("22 14:00".into(), true),
                ("27 10:00".into(), false)
            ]
        );
        assert_eq!(found[1].original_date, date(2026, 1, 20));
        // The cancelled one stays findable at its planned time, the moved one is no
        // cancellation, and one whose date the rule no longer has is none either.
        weekly
            .exceptions
            .insert(date(2026, 1, 14), Exception::Cancelled { moved: None });
        let at = |o: &Occurrence| copenhagen_local(o.start).format("%d %H:%M").to_string();
        let cancelled = weekly.cancelled(date(2026, 1, 1), date(2026, 12, 31));
        assert_eq!(cancelled.len(), 1);
        assert_eq!(cancelled[0].original_date, date(2026, 1, 13));
        assert_eq!(at(&cancelled[0]), "13 10:00");
        assert!(
            weekly
                .cancelled(date(2026, 1, 14), date(2026, 12, 31))
                .is_empty()
        );
        assert!(
            weekly
                .cancelled(date(2026, 2, 1), date(2026, 1, 1))
                .is_empty()
        );
        // Moved from the 20th to the 22nd at 14:00, then cancelled: it was to be then.
        let moved = (
            date(2026, 1, 22),
            TimeSlot::parse("14:00", "16:00").unwrap(),
        );
        weekly.exceptions.insert(
            date(2026, 1, 20),
            Exception::Cancelled { moved: Some(moved) },
        );
        let cancelled = weekly.cancelled(date(2026, 1, 21), date(2026, 1, 22));
        assert_eq!(cancelled.len(), 1);
        assert_eq!(cancelled[0].original_date, date(2026, 1, 20));
        assert_eq!(at(&cancelled[0]), "22 14:00");
        assert!(
            weekly
                .cancelled(date(2026, 1, 20), date(2026, 1, 20))
                .is_empty()
        );
        // Moved from far ahead into the window, it is found in the window.
        weekly.until = None;
        let from_afar = (
            date(2026, 1, 23),
            TimeSlot::parse("09:00", "10:00").unwrap(),
        );
        weekly.exceptions.insert(
            date(2026, 3, 3),
            Exception::Cancelled {
                moved: Some(from_afar),
            },
        );
        let cancelled = weekly.cancelled(date(2026, 1, 23), date(2026, 1, 23));
        assert_eq!(cancelled.len(), 1);
        assert_eq!(cancelled[0].original_date, date(2026, 3, 3));
    }

    #[test]
    fn double_bookings_are_found_per_volunteer() {
        let a = series(date(2026, 1, 6), Recurrence::Once);
        let mut b = series(date(2026, 1, 6), Recurrence::Once);
        b.id = "b".into();
        b.slot = TimeSlot::parse("12:30", "14:00").unwrap();
        let mut c = b.clone();
        c.id = "c".into();
        c.volunteer = "other".into();
        let mut d = series(date(2026, 1, 6), Recurrence::Once);
        d.id = "d".into();
        d.slot = TimeSlot::parse("13:00", "15:00").unwrap();
        let all: Vec<_> = [a, b, c, d]
            .iter()
            .flat_map(|s| s.occurrences(date(2026, 1, 1), date(2026, 1, 31)))
            .collect();
        let mut pairs: Vec<String> = double_bookings(&all)
            .into_iter()
            .map(|(x, y)| {
                let mut pair = [all[x].series.as_str(), all[y].series.as_str()];
                pair.sort_unstable();
                pair.join("+")
            })
            .collect();
        pairs.sort();
        // s 10-13 and b 12:30-14 overlap; b and d 13-15 overlap; s and d only touch;
        // c overlaps b in time but is another volunteer.
        assert_eq!(pairs, ["b+d", "b+s"]);
    }

    #[test]
    fn hours_are_summed_per_month() {
        let months = hours_per_month([
            (date(2026, 1, 6), 3.0),
            (date(2026, 1, 20), 2.5),
            (date(2026, 2, 3), 3.0),
        ]);
        assert_eq!(months[&(2026, 1)], 5.5);
        assert_eq!(months[&(2026, 2)], 3.0);
    }

    proptest! {
        /// Over any years, every weekly occurrence starts at the slot's local time in
        /// Copenhagen, exactly a week after the previous one in local dates.
        #[test]
        fn weekly_occurrences_keep_local_time_over_years(
            days in 0i64..3650, hour in 0u32..20, weeks in 1u32..200,
        ) {
            let first = date(2020, 1, 1) + TimeDelta::days(days);
            let mut s = series(first, Recurrence::Weekly);
            s.slot = TimeSlot::new(NaiveTime::from_hms_opt(hour, 15, 0).unwrap(), NaiveTime::from_hms_opt(hour + 2, 0, 0).unwrap()).unwrap();
            let to = first + TimeDelta::weeks(i64::from(weeks));
            let found = s.occurrences(first, to);
            prop_assert_eq!(found.len() as u32, weeks + 1);
            for (i, o) in found.iter().enumerate() {
                let local = o.start.with_timezone(&Copenhagen);
                prop_assert_eq!(local.date_naive(), first + TimeDelta::weeks(i as i64));
                // Only a start inside the spring-forward gap (02:xx) may shift.
                if hour != 2 {
                    use chrono::Timelike;
                    prop_assert_eq!((local.hour(), local.minute()), (hour, 15));
                }
                prop_assert!(o.end > o.start);
            }
        }

        #[test]
        fn monthly_occurrences_fall_on_the_same_weekday(days in 0i64..3650, months in 1u32..60) {
            let first = date(2020, 1, 1) + TimeDelta::days(days);
            let s = series(first, Recurrence::MonthlyWeekday);
            let to = first.checked_add_months(Months::new(months)).unwrap();
            let found = s.occurrences(first, to);
            prop_assert!(found.len() as u32 >= months);
            let mut last_month = None;
            for o in &found {
                prop_assert_eq!(o.original_date.weekday(), first.weekday());
                let month = (o.original_date.year(), o.original_date.month());
                prop_assert!(last_month != Some(month), "two in one month");
                last_month = Some(month);
            }
        }
    }
}
