//! The residents' board in a care service's common room: who comes when in the coming
//! days, by first name, with what they plan, and which visit is on now and which is next.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::ProgrammeState;
use crate::model::PartnerKind;
use crate::schedule::{Occurrence, copenhagen_date};
use crate::visits::visits_at;

/// How many days the board shows, today first.
pub const DAYS: u64 = 7;

/// Where a visit on the board stands against the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Over (greyed on the board).
    Past,
    /// Going on now.
    Now,
    /// The next to begin; at most one on the board.
    Next,
    Later,
}

/// One visit as the residents see it: no surname, no contact details.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardVisit {
    pub occurrence: Occurrence,
    pub first_name: String,
    /// A small photo as a `data:` URL, or empty.
    pub photo: String,
    /// What the volunteer plans to do, or empty.
    pub activity: String,
    pub timing: Timing,
}

/// The board of one care service.
#[derive(Clone, Debug, PartialEq)]
pub struct Board {
    pub care_service: String,
    /// Each of the [`DAYS`] days from today with its visits in time order (an empty day
    /// has none: the board says so once).
    pub days: Vec<(NaiveDate, Vec<BoardVisit>)>,
}

/// The board of `care_service` at `now` (the days are Copenhagen's); `None` when it is
/// not a care service of the programme. Only volunteers cleared for visits appear before
/// the residents.
pub fn board(state: &ProgrammeState, care_service: &str, now: DateTime<Utc>) -> Option<Board> {
    let home = state
        .partner(care_service)
        .filter(|p| p.kind == PartnerKind::CareService)?;
    let today = copenhagen_date(now);
    let mut days: Vec<(NaiveDate, Vec<BoardVisit>)> = (0..DAYS)
        .filter_map(|i| today.checked_add_days(Days::new(i)))
        .map(|day| (day, Vec::new()))
        .collect();
    let last = days.last()?.0;
    let mut next_found = false;
    for occurrence in visits_at(state, care_service, today, last) {
        if !state.is_cleared(&occurrence.volunteer) {
            continue;
        }
        let (Some(volunteer), Some(series)) = (
            state.volunteer(&occurrence.volunteer),
            state.visits.iter().find(|s| s.id == occurrence.series),
        ) else {
            continue;
        };
        let Some((_, on_day)) = days
            .iter_mut()
            .find(|(day, _)| *day == copenhagen_date(occurrence.start))
        else {
            continue;
        };
        let timing = if occurrence.end <= now {
            Timing::Past
        } else if occurrence.start <= now {
            Timing::Now
        } else if !next_found {
            next_found = true;
            Timing::Next
        } else {
            Timing::Later
        };
        on_day.push(BoardVisit {
            first_name: volunteer.first_name().to_owned(),
            photo: volunteer.photo.clone(),
            activity: series.activity.trim().to_owned(),
            timing,
            occurrence,
        });
    }
    Some(Board {
        care_service: home.name.clone(),
        days,
    })
}
