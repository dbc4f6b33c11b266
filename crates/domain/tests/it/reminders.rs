//! Reminders: visits today and tomorrow, and the volunteers' flags.

use crate::common::{Fixture, TODAY};
use chrono::NaiveDate;
use samskab_domain::onboarding::Status;
use samskab_domain::onboarding::{Flag, Step};
use samskab_domain::reminders::{Reminder, reminders};
use samskab_domain::schedule::Recurrence;
use samskab_domain::validate::{Field, Problem};
use samskab_domain::visits::{CancelInput, HeldInput, VisitInput, cancel};
use samskab_domain::volunteers::{StepInput, set_status, set_trial_months, status_meeting_held};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn plan(f: &mut Fixture, volunteer: &str, home: &str, first: &str, start: &str) -> String {
    f.clear(volunteer);
    let id = f.new_id();
    let planned = VisitInput {
        volunteer: volunteer.into(),
        care_service: home.into(),
        first: first.into(),
        start: start.into(),
        end: "23:00".into(),
        recurrence: Some(Recurrence::Weekly),
        until: String::new(),
        activity: String::new(),
        ..Default::default()
    }
    .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
    .unwrap();
    f.apply(planned.edits);
    id
}

fn do_steps(f: &mut Fixture, volunteer: &str, until: Step, on: &str) {
    for step in Step::ALL.into_iter().take_while(|s| *s <= until) {
        let input = StepInput {
            by: "Lone".into(),
            on: on.into(),
            note: String::new(),
            ..Default::default()
        };
        let input = StepInput {
            // All on one day: the trial, started the same day, counts as ended early.
            ended_early: step == Step::TrialReviewed,
            ..input
        };
        f.apply(
            input
                .done(&f.state().onboarding_of(volunteer), volunteer, step, TODAY)
                .unwrap(),
        );
    }
}

fn visit_dates(found: &[Reminder]) -> Vec<(String, NaiveDate, bool)> {
    found
        .iter()
        .filter_map(|r| match r {
            Reminder::Visit {
                occurrence,
                tomorrow,
            } => Some((
                occurrence.volunteer.clone(),
                occurrence.original_date,
                *tomorrow,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn visits_today_and_tomorrow_until_they_are_recorded() {
    let (mut f, home, _) = Fixture::new();
    let anna = f.add_volunteer("Anna Berg", &home);
    let bo = f.add_volunteer("Bo Holm", &home);
    // Anna comes on Mondays, Bo on Tuesdays, at 22:00-23:00 (late, to catch any UTC slip).
    let anna_visits = plan(&mut f, &anna, &home, "2026-11-02", "22:00");
    plan(&mut f, &bo, &home, "2026-11-03", "22:00");
    let monday = date(2026, 11, 23);
    let tuesday = date(2026, 11, 24);
    let state = f.state();
    assert_eq!(
        visit_dates(&reminders(&state, monday, None)),
        [(anna.clone(), monday, false), (bo.clone(), tuesday, true)]
    );
    assert_eq!(
        visit_dates(&reminders(&state, monday, Some(&bo))),
        [(bo.clone(), tuesday, true)],
        "a volunteer sees only their own"
    );
    assert_eq!(
        visit_dates(&reminders(&state, date(2026, 11, 25), None)),
        [],
        "Wednesday and Thursday have no visits"
    );
    // Recorded as held, Anna's visit is no longer a reminder; a cancelled one neither.
    let held = HeldInput {
        hours: "1".into(),
        residents: "3".into(),
        note: String::new(),
    };
    f.apply(held.edits(&anna_visits, monday).unwrap());
    f.apply(cancel(&anna_visits, date(2026, 11, 30)));
    let state = f.state();
    assert_eq!(
        visit_dates(&reminders(&state, monday, None)),
        [(bo.clone(), tuesday, true)]
    );
    assert_eq!(
        visit_dates(&reminders(&state, date(2026, 11, 30), None)),
        [(bo, date(2026, 12, 1), true)]
    );
}

#[test]
fn volunteers_flags_are_reminders_with_their_trial_length_and_status_meetings() {
    let (mut f, home, _) = Fixture::new();
    let anna = f.add_volunteer("Anna Berg", &home);
    do_steps(&mut f, &anna, Step::TrialStarted, "2026-10-01");
    let flags = |f: &Fixture, today| -> Vec<Flag> {
        reminders(&f.state(), today, None)
            .into_iter()
            .filter_map(|r| match r {
                Reminder::Volunteer { flag, .. } => Some(flag),
                _ => None,
            })
            .collect()
    };
    // The default trial of three months ends on 1 January: nothing yet in November.
    assert_eq!(flags(&f, date(2026, 11, 23)), []);
    // Agreed down to one month, it ended on 1 November and is overdue.
    f.apply(set_trial_months(&anna, "1").unwrap());
    assert_eq!(
        flags(&f, date(2026, 11, 23)),
        [Flag::TrialEnding {
            ends: date(2026, 11, 1)
        }]
    );
    for bad in ["0", "13", "tre", ""] {
        assert!(set_trial_months(&anna, bad).is_err(), "{bad:?}");
    }
    // Reviewed on 1 November: active, and the first status meeting is due on 1 May.
    do_steps(&mut f, &anna, Step::TrialReviewed, "2026-11-01");
    assert_eq!(flags(&f, date(2027, 4, 16)), []);
    assert_eq!(
        flags(&f, date(2027, 4, 17)),
        [Flag::StatusMeetingDue {
            due: date(2027, 5, 1)
        }]
    );
    f.apply(status_meeting_held(&anna, "2027-04-20").unwrap());
    assert_eq!(flags(&f, date(2027, 4, 21)), []);
    assert!(status_meeting_held(&anna, "20. april").is_err());
    // A volunteer who has left is not chased.
    f.apply(set_status(&anna, Status::Left));
    assert_eq!(flags(&f, date(2027, 12, 1)), []);
}

#[test]
fn a_cancelled_visit_of_the_coming_week_says_who_cancelled_and_why() {
    let (mut f, home, _) = Fixture::new();
    let anna = f.add_volunteer("Anna Berg", &home);
    let bo = f.add_volunteer("Bo Holm", &home);
    let anna_visits = plan(&mut f, &anna, &home, "2026-11-02", "14:00");
    plan(&mut f, &bo, &home, "2026-11-03", "14:00");
    let cancelled_at = "2026-11-22T09:00:00Z".parse().unwrap();
    let why = CancelInput {
        by: " Anna Berg ".into(),
        reason: "Syg".into(),
    };
    f.apply(
        why.edits(&anna_visits, date(2026, 11, 23), cancelled_at)
            .unwrap(),
    );
    // Two weeks ahead: not yet a reminder.
    f.apply(
        CancelInput {
            by: "Lone".into(),
            reason: String::new(),
        }
        .edits(&anna_visits, date(2026, 12, 7), cancelled_at)
        .unwrap(),
    );
    let cancelled = |state, today, only| -> Vec<(String, NaiveDate, String, String)> {
        reminders(state, today, only)
            .into_iter()
            .filter_map(|r| match r {
                Reminder::Cancelled {
                    occurrence,
                    by,
                    reason,
                } => Some((occurrence.volunteer, occurrence.original_date, by, reason)),
                _ => None,
            })
            .collect()
    };
    let state = f.state();
    let anna_sick = (
        anna.clone(),
        date(2026, 11, 23),
        "Anna Berg".to_owned(),
        "Syg".to_owned(),
    );
    assert_eq!(
        cancelled(&state, date(2026, 11, 22), None),
        std::slice::from_ref(&anna_sick)
    );
    assert_eq!(
        cancelled(&state, date(2026, 11, 23), Some(&anna)),
        [anna_sick],
        "the volunteer is told too"
    );
    assert_eq!(cancelled(&state, date(2026, 11, 23), Some(&bo)), []);
    assert_eq!(
        cancelled(&state, date(2026, 11, 24), None),
        [],
        "once its day is over, it is no longer a reminder"
    );
    assert_eq!(cancelled(&state, date(2026, 11, 30), None).len(), 1);
    // It is no longer a visit reminder either.
    assert_eq!(
        visit_dates(&reminders(&state, date(2026, 11, 23), None)),
        [(bo, date(2026, 11, 24), true)]
    );
    // Who cancels is required; a reason may be left out but not be too long.
    let invalid = CancelInput {
        by: " ".into(),
        reason: "x".repeat(1001),
    }
    .edits(&anna_visits, date(2026, 11, 30), cancelled_at)
    .unwrap_err();
    assert_eq!(invalid.problem(Field::By), Some(Problem::Required));
    assert_eq!(invalid.problem(Field::Note), Some(Problem::TooLong));
}
