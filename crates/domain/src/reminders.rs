//! Reminders: what needs someone's attention, for the badge and the list. Visits today
//! and tomorrow that are not yet recorded, visits of the coming week that were cancelled,
//! and each current volunteer's onboarding flags (a step stuck, a trial period ending, a
//! lapsed consent, a status meeting due); for the coordinator, the calendar's meetings.

use chrono::{Days, NaiveDate};

use crate::entities::ProgrammeState;
use crate::onboarding::Flag;
use crate::schedule::Occurrence;
use crate::visits::{cancelled_between, occurrences_with_held};

/// One thing to remember.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// A visit today or tomorrow, neither held nor cancelled.
    Visit {
        occurrence: Occurrence,
        tomorrow: bool,
    },
    /// A visit from today to a week ahead that someone cancelled ("Jan har aflyst i
    /// morgen"), at its planned time.
    Cancelled {
        occurrence: Occurrence,
        by: String,
        reason: String,
    },
    /// Something about a volunteer's onboarding or follow-up.
    Volunteer { volunteer: String, flag: Flag },
    /// A meeting of the coordinator's calendar, within two weeks or overdue.
    Meeting(crate::calendar::Entry),
}

/// The coordinator's own reminders on `today`: the calendar's meetings due
/// ([`crate::calendar::due`]), in date order.
pub fn meetings(state: &ProgrammeState, today: NaiveDate) -> Vec<Reminder> {
    crate::calendar::due(state, today)
        .into_iter()
        .map(Reminder::Meeting)
        .collect()
}

/// How far ahead a cancelled visit is told.
const CANCELLED_AHEAD: u64 = 7;

/// The reminders on `today`: visits first, in time order, then cancelled visits, then
/// volunteers by name. With `only`, just that volunteer's (the device's "this is me").
pub fn reminders(state: &ProgrammeState, today: NaiveDate, only: Option<&str>) -> Vec<Reminder> {
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let concerns = |volunteer: &str| only.is_none_or(|me| me == volunteer);
    let mut visits: Vec<Occurrence> = state
        .visits
        .iter()
        .filter(|series| concerns(&series.volunteer))
        .flat_map(|series| occurrences_with_held(state, series, today, tomorrow))
        .filter_map(|(occurrence, held)| held.is_none().then_some(occurrence))
        .collect();
    visits.sort_by_key(|o| o.start);
    let mut found: Vec<Reminder> = visits
        .into_iter()
        .map(|occurrence| Reminder::Visit {
            tomorrow: crate::schedule::copenhagen_date(occurrence.start) != today,
            occurrence,
        })
        .collect();
    let week = today
        .checked_add_days(Days::new(CANCELLED_AHEAD))
        .unwrap_or(today);
    found.extend(
        cancelled_between(state, |s| concerns(&s.volunteer), today, week)
            .into_iter()
            .map(|(occurrence, cancellation)| Reminder::Cancelled {
                occurrence,
                by: cancellation.by.clone(),
                reason: cancellation.reason.clone(),
            }),
    );
    for volunteer in state.volunteers.iter().filter(|v| concerns(&v.id)) {
        let flags = state
            .onboarding
            .get(&volunteer.id)
            .map(|o| o.flags(volunteer.status, today))
            .unwrap_or_default();
        found.extend(flags.into_iter().map(|flag| Reminder::Volunteer {
            volunteer: volunteer.id.clone(),
            flag,
        }));
    }
    found
}
