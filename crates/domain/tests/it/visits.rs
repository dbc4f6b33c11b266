//! Planning visits, double bookings, cancelling, moving and recording held visits.

use crate::common::Fixture;
use chrono::NaiveDate;
use samskab_domain::schedule::{Recurrence, TimeSlot, hours_per_month};
use samskab_domain::validate::{Field, Problem};
use samskab_domain::visits::{HeldInput, MoveInput, VisitInput, cancel, move_to};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn with_volunteer() -> (Fixture, String, String) {
    let (mut f, home, _) = Fixture::new();
    let id = f.add_volunteer("Anna Berg", &home);
    f.clear(&id);
    (f, home, id)
}

fn weekly(volunteer: &str, home: &str, start: &str, end: &str) -> VisitInput {
    VisitInput {
        volunteer: volunteer.into(),
        care_service: home.into(),
        first: "2026-01-06".into(),
        start: start.into(),
        end: end.into(),
        recurrence: Some(Recurrence::Weekly),
        until: "2026-03-31".into(),
        activity: "IT-café i fællesstuen".into(),
        ..Default::default()
    }
}

#[test]
fn bad_plans_are_refused() {
    let (f, home, anna) = with_volunteer();
    let state = f.state();
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let reversed = weekly(&anna, &home, "13:00", "10:00")
        .plan("x", &state, from, to)
        .unwrap_err();
    assert_eq!(reversed.problem(Field::End), Some(Problem::EndBeforeStart));
    let long = weekly(&anna, &home, "06:00", "19:00")
        .plan("x", &state, from, to)
        .unwrap_err();
    assert_eq!(long.problem(Field::End), Some(Problem::TooLong));
    let until = VisitInput {
        until: "2026-01-01".into(),
        ..weekly(&anna, &home, "10:00", "12:00")
    }
    .plan("x", &state, from, to)
    .unwrap_err();
    assert_eq!(until.problem(Field::Until), Some(Problem::EndBeforeStart));
    let nobody = VisitInput {
        recurrence: None,
        ..weekly("ghost", &home, "10:00", "12:00")
    }
    .plan("x", &state, from, to)
    .unwrap_err();
    assert_eq!(nobody.problem(Field::Volunteer), Some(Problem::Required));
    assert_eq!(nobody.problem(Field::Recurrence), Some(Problem::Required));
}

#[test]
fn a_double_booking_is_found_and_single_visits_change() {
    let (mut f, home, anna) = with_volunteer();
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let first = f.new_id();
    let plan = weekly(&anna, &home, "10:00", "13:00")
        .plan(&first, &f.state(), from, to)
        .unwrap();
    assert!(plan.clashes.is_empty());
    f.apply(plan.edits);

    // Every other Tuesday 12-14 overlaps the weekly Tuesday 10-13.
    let second = VisitInput {
        recurrence: Some(Recurrence::EveryOtherWeek),
        ..weekly(&anna, &home, "12:00", "14:00")
    };
    let plan = second.plan(&f.new_id(), &f.state(), from, to).unwrap();
    // 6 and 20 January, 3 and 17 February, 3, 17 and 31 March.
    assert_eq!(plan.clashes.len(), 7);
    assert!(plan.clashes.iter().all(|o| o.series == first));
    // An afternoon slot does not clash.
    assert!(
        weekly(&anna, &home, "13:00", "15:00")
            .plan(&f.new_id(), &f.state(), from, to)
            .unwrap()
            .clashes
            .is_empty()
    );

    f.apply(cancel(&first, date(2026, 1, 13)));
    f.apply(move_to(
        &first,
        date(2026, 1, 20),
        date(2026, 1, 21),
        TimeSlot::parse("09:00", "11:00").unwrap(),
    ));
    let state = f.state();
    let january = state.visits[0].occurrences(date(2026, 1, 1), date(2026, 1, 31));
    let days: Vec<NaiveDate> = january
        .iter()
        .map(|o| samskab_domain::schedule::copenhagen_date(o.start))
        .collect();
    assert_eq!(
        days,
        [date(2026, 1, 6), date(2026, 1, 21), date(2026, 1, 27)]
    );

    // Moved, then cancelled: reminded of at the time it had been moved to.
    f.apply(cancel(&first, date(2026, 1, 20)));
    let state = f.state();
    let on_21st = samskab_domain::visits::cancelled_between(
        &state,
        |_| true,
        date(2026, 1, 21),
        date(2026, 1, 21),
    );
    assert_eq!(on_21st.len(), 1);
    assert_eq!(
        samskab_domain::schedule::copenhagen_local(on_21st[0].0.start)
            .format("%d %H:%M")
            .to_string(),
        "21 09:00"
    );
    assert!(
        samskab_domain::visits::cancelled_between(
            &state,
            |_| true,
            date(2026, 1, 20),
            date(2026, 1, 20)
        )
        .is_empty()
    );
}

#[test]
fn held_visits_record_hours_and_a_count_of_residents() {
    let (mut f, home, anna) = with_volunteer();
    let id = f.new_id();
    let plan = weekly(&anna, &home, "10:00", "13:00")
        .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
        .unwrap();
    f.apply(plan.edits);
    f.apply(
        HeldInput {
            hours: "2,5".into(),
            residents: "4".into(),
            note: "Skype med familien".into(),
        }
        .edits(&id, date(2026, 1, 6))
        .unwrap(),
    );
    f.apply(
        HeldInput {
            hours: "3".into(),
            residents: "2".into(),
            note: String::new(),
        }
        .edits(&id, date(2026, 1, 13))
        .unwrap(),
    );
    let state = f.state();
    let held = &state.held[&(id.clone(), date(2026, 1, 6))];
    assert_eq!(
        (held.minutes, held.residents, held.note.as_str()),
        (150, 4, "Skype med familien")
    );
    let months = hours_per_month(state.held.iter().map(|((_, d), h)| (*d, h.hours())));
    assert_eq!(
        samskab_domain::visits::hours_of(&state, &anna, 2026, 1),
        (5.5, 5.5)
    );
    assert_eq!(
        samskab_domain::visits::hours_of(&state, &anna, 2026, 2),
        (0.0, 5.5)
    );
    assert_eq!(
        samskab_domain::visits::hours_of(&state, "someone else", 2026, 1),
        (0.0, 0.0)
    );
    let coming =
        samskab_domain::visits::visits_of(&state, &anna, date(2026, 1, 1), date(2026, 1, 31));
    assert_eq!(coming.len(), 4);
    assert_eq!(months[&(2026, 1)], 5.5);
    // Her page lists them newest first, with where; nobody else's.
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let listed = samskab_domain::visits::done_between(&state, |s| s.volunteer == anna, from, to);
    assert_eq!(listed.len(), 2);
    assert!(listed[0].occurrence.start > listed[1].occurrence.start);
    assert!(listed.iter().all(|d| d.occurrence.care_service == home));
    assert!(
        samskab_domain::visits::done_between(&state, |s| s.volunteer == "someone else", from, to)
            .is_empty()
    );

    for (hours, residents, field, problem) in [
        ("0", "1", Field::Hours, Problem::InvalidNumber),
        ("13", "1", Field::Hours, Problem::TooLong),
        ("x", "1", Field::Hours, Problem::InvalidNumber),
        ("2", "-1", Field::Residents, Problem::InvalidNumber),
        ("2", "1000", Field::Residents, Problem::InvalidNumber),
    ] {
        let invalid = HeldInput {
            hours: hours.into(),
            residents: residents.into(),
            note: String::new(),
        }
        .edits(&id, date(2026, 1, 20))
        .unwrap_err();
        assert_eq!(invalid.problem(field), Some(problem), "{hours} {residents}");
    }
}

#[test]
fn moving_one_visit_is_validated_and_keeps_the_others() {
    let (mut f, home, anna) = with_volunteer();
    let id = f.new_id();
    let planned = weekly(&anna, &home, "10:00", "12:00")
        .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
        .unwrap();
    f.apply(planned.edits);
    let bad = MoveInput {
        date: "2026-01-14".into(),
        start: "12:00".into(),
        end: "11:00".into(),
    }
    .edits(&id, date(2026, 1, 13))
    .unwrap_err();
    assert_eq!(bad.problem(Field::End), Some(Problem::EndBeforeStart));
    let no_date = MoveInput {
        date: "i morgen".into(),
        start: "10:00".into(),
        end: "11:00".into(),
    }
    .edits(&id, date(2026, 1, 13))
    .unwrap_err();
    assert_eq!(no_date.problem(Field::Date), Some(Problem::InvalidDate));
    let moved = MoveInput {
        date: "2026-01-14".into(),
        start: "14:00".into(),
        end: "15:30".into(),
    };
    f.apply(moved.edits(&id, date(2026, 1, 13)).unwrap());
    let state = f.state();
    let january: Vec<_> = state.visits[0]
        .occurrences(date(2026, 1, 1), date(2026, 1, 31))
        .into_iter()
        .map(|o| {
            (
                o.original_date,
                samskab_domain::schedule::copenhagen_local(o.start),
                o.moved,
            )
        })
        .collect();
    assert_eq!(january.len(), 4);
    assert_eq!(
        january[1],
        (
            date(2026, 1, 13),
            date(2026, 1, 14).and_hms_opt(14, 0, 0).unwrap(),
            true
        )
    );
    assert!(!january[2].2, "the next week is as planned");
    assert_eq!(state.visits[0].activity, "IT-café i fællesstuen");
}

#[test]
fn a_volunteer_is_booked_only_once_cleared_unless_the_coordinator_allows_it_by_name() {
    use samskab_domain::onboarding::Step;
    use samskab_domain::scope::{Access, Role, ScopeIndex};
    let (mut f, home, _) = Fixture::new();
    let bo = f.add_volunteer("Bo Dahl", &home);
    let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
    let refused = weekly(&bo, &home, "10:00", "12:00")
        .plan("x", &f.state(), from, to)
        .unwrap_err();
    assert_eq!(refused.problem(Field::Volunteer), Some(Problem::NotCleared));
    // Half cleared is not cleared.
    f.done(&bo, Step::CriminalRecordAssessed, "2026-01-02");
    let half = weekly(&bo, &home, "10:00", "12:00")
        .plan("x", &f.state(), from, to)
        .unwrap_err();
    assert_eq!(half.problem(Field::Volunteer), Some(Problem::NotCleared));
    // The coordinator's leave, by name, is recorded with the visit.
    let allowed = VisitInput {
        allowed_uncleared_by: "Mette".into(),
        ..weekly(&bo, &home, "10:00", "12:00")
    }
    .plan("x", &f.state(), from, to)
    .unwrap();
    let recorded = |edits: &[samskab_domain::Edit]| {
        edits
            .iter()
            .any(|e| format!("{e:?}").contains("allowed_uncleared"))
    };
    assert!(recorded(&allowed.edits));
    // Cleared: booked, with no leave recorded even if one is given.
    f.done(&bo, Step::ConfidentialitySigned, "2026-01-02");
    let cleared = VisitInput {
        allowed_uncleared_by: "Mette".into(),
        ..weekly(&bo, &home, "10:00", "12:00")
    }
    .plan("y", &f.state(), from, to)
    .unwrap();
    assert!(!recorded(&cleared.edits));

    // Only the coordinator gives leave: a care service that sends it is refused, even on
    // a visit it is creating.
    let mut index = ScopeIndex::default();
    for (seq, op) in f.ops.iter().enumerate() {
        index.add(seq as i64 + 1, op);
    }
    let ops: Vec<_> = allowed
        .edits
        .iter()
        .cloned()
        .map(|e| e.stamped(f.clock.now()))
        .collect();
    let leader = Access::new(Role::CareService, Some(home.clone())).unwrap();
    assert!(index.check_push(&leader, &ops).is_err());
    assert!(index.check_push(&Access::coordinator(), &ops).is_ok());
    let without: Vec<_> = ops
        .into_iter()
        .filter(|op| !format!("{op:?}").contains("allowed_uncleared"))
        .collect();
    assert!(index.check_push(&leader, &without).is_ok());
    // The leave is read back with the visit, for its rows to say who gave it.
    f.apply(allowed.edits);
    let state = f.state();
    let x = state.visits.iter().find(|v| v.id == "x").unwrap();
    assert_eq!(x.allowed_uncleared, "Mette");
}

#[test]
fn held_and_cancelled_visits_stay_findable_by_period_newest_first() {
    use samskab_domain::visits::{CancelInput, Outcome, done_between};
    let (mut f, home, anna) = with_volunteer();
    let id = f.new_id();
    let plan = weekly(&anna, &home, "10:00", "12:00")
        .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
        .unwrap();
    f.apply(plan.edits);
    let held = HeldInput {
        hours: "2".into(),
        residents: "5".into(),
        note: "Billeder fra sommerfesten".into(),
    };
    f.apply(held.edits(&id, date(2026, 1, 6)).unwrap());
    let at = "2026-01-12T08:00:00Z".parse().unwrap();
    let cancelled = CancelInput {
        by: "Lone Leder".into(),
        reason: "Influenza i huset".into(),
    };
    f.apply(cancelled.edits(&id, date(2026, 1, 13), at).unwrap());
    // A held visit cancelled afterwards (a mistake mended) counts as cancelled only.
    f.apply(held.edits(&id, date(2026, 1, 20)).unwrap());
    f.apply(cancelled.edits(&id, date(2026, 1, 20), at).unwrap());
    let state = f.state();
    let january = done_between(&state, |_| true, date(2026, 1, 1), date(2026, 1, 31));
    let summary: Vec<(NaiveDate, &str)> = january
        .iter()
        .map(|d| {
            let what = match d.outcome {
                Outcome::Held(h) => h.note.as_str(),
                Outcome::Cancelled(c) => c.reason.as_str(),
            };
            (d.occurrence.original_date, what)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (date(2026, 1, 20), "Influenza i huset"),
            (date(2026, 1, 13), "Influenza i huset"),
            (date(2026, 1, 6), "Billeder fra sommerfesten"),
        ]
    );
    let Outcome::Cancelled(c) = january[1].outcome else {
        panic!("cancelled")
    };
    assert_eq!((c.by.as_str(), c.at), ("Lone Leder", Some(at)));
    // The week of 5 January holds only the first; another care service's list none.
    assert_eq!(
        done_between(&state, |_| true, date(2026, 1, 5), date(2026, 1, 11)).len(),
        1
    );
    assert!(
        done_between(
            &state,
            |s| s.care_service != home,
            date(2026, 1, 1),
            date(2026, 1, 31)
        )
        .is_empty()
    );
    assert!(!state.held.contains_key(&(id, date(2026, 1, 20))));
}

/// Anna, cleared, volunteers from the company; returns the fixture, the care service,
/// the company and Anna.
fn anna_of_a_company() -> (Fixture, String, String, String) {
    use samskab_domain::volunteers::VolunteerInput;
    let (mut f, home, company) = Fixture::new();
    let anna = f.new_id();
    let edits = VolunteerInput {
        name: "Anna Berg".into(),
        phone: "12345678".into(),
        care_services: vec![home.clone()],
        company: Some(company.clone()),
        ..Default::default()
    }
    .edits(&anna, None, &f.state())
    .unwrap();
    f.apply(edits);
    f.clear(&anna);
    (f, home, company, anna)
}

fn held_input(hours: &str, residents: &str) -> HeldInput {
    HeldInput {
        hours: hours.into(),
        residents: residents.into(),
        note: String::new(),
    }
}

#[test]
fn a_visit_moved_and_then_held_counts_where_it_took_place() {
    use samskab_domain::homes::employees;
    use samskab_domain::results::{ReportPeriod, visits};
    use samskab_domain::schedule::copenhagen_local;
    use samskab_domain::visits::{Outcome, done_between, hours_of, visits_of};
    let (mut f, home, company, anna) = anna_of_a_company();
    let id = f.new_id();
    // Every other Tuesday 10-12 from 27 January: 27 Jan, 10 and 24 Feb, 10 and 24 Mar.
    let plan = VisitInput {
        first: "2026-01-27".into(),
        recurrence: Some(Recurrence::EveryOtherWeek),
        ..weekly(&anna, &home, "10:00", "12:00")
    }
    .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
    .unwrap();
    f.apply(plan.edits);
    // 27 January moved to 3 February 14:00-16:30, then held there.
    f.apply(move_to(
        &id,
        date(2026, 1, 27),
        date(2026, 2, 3),
        TimeSlot::parse("14:00", "16:30").unwrap(),
    ));
    f.apply(
        held_input("2,5", "3")
            .edits(&id, date(2026, 1, 27))
            .unwrap(),
    );
    let state = f.state();
    let at = |o: &samskab_domain::schedule::Occurrence| {
        copenhagen_local(o.start).format("%m-%d %H:%M").to_string()
    };

    // Not on 27 January any more, but on 3 February at the time it was moved to.
    let (january, february) = (
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
    );
    assert!(visits_of(&state, &anna, january.0, january.1).is_empty());
    let in_february = visits_of(&state, &anna, february.0, february.1);
    assert_eq!(
        in_february.iter().map(at).collect::<Vec<_>>(),
        ["02-03 14:00", "02-10 10:00", "02-24 10:00"]
    );
    assert_eq!(in_february[0].original_date, date(2026, 1, 27));
    assert!(in_february[0].moved);

    // The "done" lists have it on 3 February, held.
    assert!(done_between(&state, |_| true, january.0, january.1).is_empty());
    let done = done_between(&state, |_| true, date(2026, 2, 3), date(2026, 2, 3));
    assert_eq!(done.len(), 1);
    assert_eq!(at(&done[0].occurrence), "02-03 14:00");
    assert!(matches!(done[0].outcome, Outcome::Held(h) if h.minutes == 150));

    // Its hours are February's, for her, her company and the results.
    assert_eq!(hours_of(&state, &anna, 2026, 1), (0.0, 2.5));
    assert_eq!(hours_of(&state, &anna, 2026, 2), (2.5, 2.5));
    let employee = |today| employees(&state, &company, today)[0].hours_this_month;
    assert_eq!(employee(date(2026, 1, 28)), 0.0);
    assert_eq!(employee(date(2026, 2, 10)), 2.5);
    let results = visits(
        &state,
        ReportPeriod::new(january.0, february.1).unwrap(),
        None,
    );
    let (jan, feb) = (
        results.all.by_month[&(2026, 1)],
        results.all.by_month[&(2026, 2)],
    );
    assert_eq!((jan.held, jan.held_minutes, jan.planned), (0, 0, 0));
    assert_eq!((feb.held, feb.held_minutes, feb.residents), (1, 150, 3));
    assert_eq!(feb.planned, 2);
}

#[test]
fn a_held_visit_stays_in_hours_lists_and_results_whatever_the_plan_becomes() {
    use samskab_domain::homes::employees;
    use samskab_domain::results::{ReportPeriod, visits};
    use samskab_domain::schedule::copenhagen_date;
    use samskab_domain::visits::{Outcome, done_between, hours_of, visits_of};
    let (mut f, home, company, anna) = anna_of_a_company();
    let id = f.new_id();
    let replan = |f: &mut Fixture, input: VisitInput| {
        let plan = input
            .plan(&id, &f.state(), date(2026, 1, 1), date(2026, 12, 31))
            .unwrap();
        f.apply(plan.edits);
    };
    // Tuesdays 10-12 from 6 January to 31 March.
    replan(&mut f, weekly(&anna, &home, "10:00", "12:00"));
    // Held 6 and 13 January; 20 January moved to Thursday the 22nd and held there; 27
    // January cancelled.
    f.apply(held_input("2", "3").edits(&id, date(2026, 1, 6)).unwrap());
    f.apply(
        held_input("1,5", "2")
            .edits(&id, date(2026, 1, 13))
            .unwrap(),
    );
    f.apply(move_to(
        &id,
        date(2026, 1, 20),
        date(2026, 1, 22),
        TimeSlot::parse("13:00", "15:00").unwrap(),
    ));
    f.apply(held_input("1", "1").edits(&id, date(2026, 1, 20)).unwrap());
    f.apply(cancel(&id, date(2026, 1, 27)));

    // Every reader has the three held visits, where they took place, and their 4.5 hours.
    let (from, to) = (date(2026, 1, 1), date(2026, 1, 31));
    let check = |f: &Fixture, what: &str| {
        let state = f.state();
        let held_on = |found: Vec<samskab_domain::schedule::Occurrence>| -> Vec<NaiveDate> {
            found
                .iter()
                .filter(|o| {
                    state
                        .held
                        .contains_key(&(o.series.clone(), o.original_date))
                })
                .map(|o| copenhagen_date(o.start))
                .collect()
        };
        let expected = [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 22)];
        assert_eq!(
            held_on(visits_of(&state, &anna, from, to)),
            expected,
            "{what}"
        );
        let mut done: Vec<(NaiveDate, u32)> = done_between(&state, |_| true, from, to)
            .iter()
            .filter_map(|d| match d.outcome {
                Outcome::Held(h) => Some((copenhagen_date(d.occurrence.start), h.minutes)),
                Outcome::Cancelled(_) => None,
            })
            .collect();
        done.sort();
        assert_eq!(
            done,
            [
                (date(2026, 1, 6), 120),
                (date(2026, 1, 13), 90),
                (date(2026, 1, 22), 60)
            ],
            "{what}"
        );
        assert_eq!(hours_of(&state, &anna, 2026, 1), (4.5, 4.5), "{what}");
        let employee = &employees(&state, &company, date(2026, 1, 31))[0];
        assert_eq!(
            (employee.hours_this_month, employee.hours_this_year),
            (4.5, 4.5),
            "{what}"
        );
        let results = visits(&state, ReportPeriod::new(from, to).unwrap(), None);
        let total = results.all.total;
        assert_eq!(
            (total.held, total.held_minutes, total.residents),
            (3, 270, 6),
            "{what}"
        );
    };
    check(&f, "as planned");

    // A later first date: the plan no longer has any January date.
    replan(
        &mut f,
        VisitInput {
            first: "2026-02-03".into(),
            ..weekly(&anna, &home, "10:00", "12:00")
        },
    );
    check(&f, "first date moved on");
    // The cancellation is no longer news: that date is not in the plan.
    let state = f.state();
    assert!(
        done_between(&state, |_| true, from, to)
            .iter()
            .all(|d| matches!(d.outcome, Outcome::Held(_)))
    );
    assert!(visits_of(&state, &anna, from, to).iter().all(|o| {
        state
            .held
            .contains_key(&(o.series.clone(), o.original_date))
    }));

    // Every other week from 6 January: 13 January is not a date of it.
    replan(
        &mut f,
        VisitInput {
            recurrence: Some(Recurrence::EveryOtherWeek),
            ..weekly(&anna, &home, "10:00", "12:00")
        },
    );
    check(&f, "every other week");
    // Ended on 6 January, then a one-off in March instead.
    replan(
        &mut f,
        VisitInput {
            until: "2026-01-06".into(),
            ..weekly(&anna, &home, "10:00", "12:00")
        },
    );
    check(&f, "ended on the first date");
    replan(
        &mut f,
        VisitInput {
            first: "2026-03-03".into(),
            recurrence: Some(Recurrence::Once),
            until: String::new(),
            ..weekly(&anna, &home, "10:00", "12:00")
        },
    );
    check(&f, "a one-off in March");
}

#[test]
fn a_visit_is_moved_at_most_the_margin_every_reader_looks_within() {
    let moved = |to: &str| {
        MoveInput {
            date: to.into(),
            start: "10:00".into(),
            end: "12:00".into(),
        }
        .edits("s", NaiveDate::from_ymd_opt(2026, 1, 10).unwrap())
    };
    // 62 days either way is a move; 63 is a new visit to plan.
    assert!(moved("2026-03-13").is_ok());
    assert!(moved("2025-11-09").is_ok());
    let refused = moved("2026-03-14").unwrap_err();
    assert_eq!(refused.problem(Field::Date), Some(Problem::MovedTooFar));
    assert!(moved("2026-04-20").is_err());
}
