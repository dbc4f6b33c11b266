//! The residents' board: first names of cleared volunteers only, the planned activity,
//! and which visit is over, on now and next.

use crate::common::Fixture;
use chrono::{DateTime, NaiveDate, Utc};
use samskab_domain::board::{DAYS, Timing, board};
use samskab_domain::model::PartnerKind;
use samskab_domain::schedule::Recurrence;
use samskab_domain::visits::VisitInput;

fn plan(
    f: &mut Fixture,
    volunteer: &str,
    home: &str,
    day: &str,
    hours: (&str, &str),
    weekly: bool,
    activity: &str,
) {
    let id = f.new_id();
    let input = VisitInput {
        volunteer: volunteer.into(),
        care_service: home.into(),
        first: day.into(),
        start: hours.0.into(),
        end: hours.1.into(),
        recurrence: Some(if weekly {
            Recurrence::Weekly
        } else {
            Recurrence::Once
        }),
        until: String::new(),
        activity: activity.into(),
        allowed_uncleared_by: if f.state().is_cleared(volunteer) {
            String::new()
        } else {
            "Mette".into()
        },
    };
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let planned = input.plan(&id, &f.state(), from, to).unwrap();
    f.apply(planned.edits);
}

#[test]
fn the_board_shows_cleared_first_names_with_what_is_on_now_and_next() {
    let (mut f, home, company) = Fixture::new();
    let other = f.add_partner(PartnerKind::CareService, "Skovbo");
    let anna = f.add_volunteer("Anna Berg", &home);
    let carl = f.add_volunteer("Carl Holm", &home);
    let bo = f.add_volunteer("Bo Dahl", &home);
    f.clear(&anna);
    f.clear(&carl);
    // Tuesday 6 January 2026 (Copenhagen is UTC+1 in winter).
    plan(
        &mut f,
        &carl,
        &home,
        "2026-01-06",
        ("08:00", "09:00"),
        false,
        "",
    );
    plan(
        &mut f,
        &anna,
        &home,
        "2026-01-06",
        ("10:00", "12:00"),
        true,
        "  IT-café i fællesstuen ",
    );
    plan(
        &mut f,
        &carl,
        &home,
        "2026-01-06",
        ("13:00", "14:00"),
        false,
        "Wii-bowling",
    );
    plan(
        &mut f,
        &carl,
        &home,
        "2026-01-08",
        ("14:00", "15:00"),
        false,
        "",
    );
    // Bo is not cleared (booked with the coordinator's leave): not before the residents.
    plan(
        &mut f,
        &bo,
        &home,
        "2026-01-06",
        ("12:30", "13:00"),
        false,
        "",
    );
    plan(
        &mut f,
        &anna,
        &other,
        "2026-01-07",
        ("10:00", "11:00"),
        false,
        "",
    );
    let now: DateTime<Utc> = "2026-01-06T09:30:00Z".parse().unwrap();
    let state = f.state();

    let shown = board(&state, &home, now).unwrap();
    assert_eq!(shown.care_service, "Solhaven");
    assert_eq!(shown.days.len() as u64, DAYS);
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    assert_eq!(shown.days[0].0, day(6));
    assert_eq!(shown.days[6].0, day(12));
    let rows = |i: usize| -> Vec<(&str, &str, Timing)> {
        shown.days[i]
            .1
            .iter()
            .map(|v| (v.first_name.as_str(), v.activity.as_str(), v.timing))
            .collect()
    };
    assert_eq!(
        rows(0),
        [
            ("Carl", "", Timing::Past),
            ("Anna", "IT-café i fællesstuen", Timing::Now),
            ("Carl", "Wii-bowling", Timing::Next),
        ]
    );
    // The other care service's visit is not here; the next week's Anna is past the board.
    assert!(rows(1).is_empty());
    assert_eq!(rows(2), [("Carl", "", Timing::Later)]);
    assert!(shown.days[3..].iter().all(|(_, v)| v.is_empty()));

    // Late in the evening nothing is on: the next is Thursday's.
    let evening: DateTime<Utc> = "2026-01-06T20:00:00Z".parse().unwrap();
    let later = board(&state, &home, evening).unwrap();
    assert!(later.days[0].1.iter().all(|v| v.timing == Timing::Past));
    assert_eq!(later.days[2].1[0].timing, Timing::Next);

    // Only care services have a board.
    assert!(board(&state, &company, now).is_none());
    assert!(board(&state, "no-such-partner", now).is_none());
}
