//! What the partner roles' homes show: a care service's current phase and open tasks, the
//! volunteer centre's pipeline, a company's employees and their hours.

use crate::common::Fixture;
use chrono::NaiveDate;
use samskab_domain::PHASES;
use samskab_domain::entities::TaskTickInput;
use samskab_domain::homes::{Column, current_phase, employees, open_tasks, pipeline};
use samskab_domain::onboarding::{Stage, Step};
use samskab_domain::schedule::Recurrence;
use samskab_domain::visits::{HeldInput, VisitInput, cancel, visits_at};
use samskab_domain::volunteers::{VolunteerInput, set_status};
use samskab_domain::{PartnerKind, onboarding::Status};

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn tick(f: &mut Fixture, partner: &str, task: &str) {
    let edits = TaskTickInput {
        by: "Karim".into(),
        at: "2026-01-05T10:00:00+01:00".into(),
        note: String::new(),
    }
    .tick(partner, task)
    .unwrap();
    f.apply(edits);
}

fn done(f: &mut Fixture, volunteer: &str, steps: &[Step]) {
    for step in steps {
        f.done(volunteer, *step, "2026-01-02");
    }
}

#[test]
fn a_care_service_works_in_the_first_phase_with_a_task_of_its_own_still_open() {
    let (mut f, home, _) = Fixture::new();
    let state = f.state();
    let partner = state.partner(&home).unwrap().clone();
    assert_eq!(current_phase(&state, &partner).number, 1);
    let first: Vec<&str> = PHASES[0]
        .tasks_for(PartnerKind::CareService)
        .map(|t| t.id)
        .collect();
    assert!(!first.is_empty());
    // Another partner's ticks do not count; its own do, one by one.
    let municipality = state
        .partners_of(PartnerKind::Municipality)
        .next()
        .unwrap()
        .id
        .clone();
    for task in PHASES[0].tasks_for(PartnerKind::Municipality) {
        tick(&mut f, &municipality, task.id);
    }
    assert_eq!(current_phase(&f.state(), &partner).number, 1);
    tick(&mut f, &home, first[0]);
    assert_eq!(
        open_tasks(&f.state(), &partner, &PHASES[0]).len(),
        first.len() - 1
    );
    for task in &first[1..] {
        tick(&mut f, &home, task);
    }
    let state = f.state();
    assert!(open_tasks(&state, &partner, &PHASES[0]).is_empty());
    assert_eq!(current_phase(&state, &partner).number, 2);
    // Everything done: the last phase, with nothing open.
    for phase in &PHASES {
        for task in phase.tasks_for(PartnerKind::CareService) {
            tick(&mut f, &home, task.id);
        }
    }
    let state = f.state();
    let last = current_phase(&state, &partner);
    assert_eq!(last.number, 5);
    assert!(open_tasks(&state, &partner, last).is_empty());
}

#[test]
fn the_pipeline_moves_a_volunteer_from_application_to_referral_to_active() {
    let (mut f, home, _) = Fixture::new();
    let ida = f.add_volunteer("Ida", &home);
    let bo = f.add_volunteer("Bo", &home);
    let paused = f.add_volunteer("Per", &home);
    f.apply(set_status(&paused, Status::Paused));
    let names = |f: &Fixture, column| -> Vec<String> {
        pipeline(&f.state(), column)
            .into_iter()
            .map(|v| v.name.clone())
            .collect()
    };
    assert_eq!(names(&f, Column::Applied), ["Bo", "Ida"]);
    done(&mut f, &ida, &[Step::ApplicationReceived, Step::Screened]);
    assert_eq!(names(&f, Column::Applied), ["Bo"]);
    assert_eq!(names(&f, Column::Referred), ["Ida"]);
    done(&mut f, &bo, &Step::ALL);
    assert_eq!(names(&f, Column::Active), ["Bo"]);
    assert!(names(&f, Column::Applied).is_empty());
    // Paused is in no column.
    for column in Column::ALL {
        assert!(!names(&f, column).contains(&"Per".to_owned()), "{column:?}");
    }
}

#[test]
fn a_company_sees_its_employees_with_their_held_hours_only() {
    let (mut f, home, company) = Fixture::new();
    let anna = f.new_id();
    let edits = VolunteerInput {
        name: "Anna".into(),
        phone: "12345678".into(),
        care_services: vec![home.clone()],
        company: Some(company.clone()),
        ..Default::default()
    }
    .edits(&anna, None, &f.state())
    .unwrap();
    f.apply(edits);
    let other = f.add_volunteer("Bo", &home);
    f.clear(&anna);
    f.clear(&other);
    let mut series = Vec::new();
    for who in [&anna, &other] {
        let id = f.new_id();
        let plan = VisitInput {
            volunteer: who.clone(),
            care_service: home.clone(),
            first: "2026-01-06".into(),
            start: "10:00".into(),
            end: "12:00".into(),
            recurrence: Some(Recurrence::Weekly),
            until: "2026-03-31".into(),
            activity: String::new(),
            ..Default::default()
        }
        .plan(&id, &f.state(), date(1, 1), date(12, 31))
        .unwrap();
        f.apply(plan.edits);
        series.push(id);
    }
    let held = |hours: &str| HeldInput {
        hours: hours.into(),
        residents: "3".into(),
        note: String::new(),
    };
    f.apply(held("2").edits(&series[0], date(1, 6)).unwrap());
    f.apply(held("1,5").edits(&series[0], date(2, 3)).unwrap());
    f.apply(held("3").edits(&series[1], date(2, 3)).unwrap());
    let state = f.state();
    let found = employees(&state, &company, date(2, 10));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].volunteer.name, "Anna");
    assert_eq!(found[0].hours_this_month, 1.5);
    assert_eq!(found[0].hours_this_year, 3.5);
    assert_eq!(found[0].stage, Stage::Onboarding(Step::ApplicationReceived));
    assert!(employees(&state, &home, date(2, 10)).is_empty());

    // The care service's week: both volunteers' visits, a cancelled one left out.
    let week = visits_at(&state, &home, date(1, 5), date(1, 11));
    assert_eq!(week.len(), 2);
    f.apply(cancel(&series[1], date(1, 6)));
    let week = visits_at(&f.state(), &home, date(1, 5), date(1, 11));
    assert_eq!(week.len(), 1);
    assert_eq!(week[0].series, series[0]);
}

#[test]
fn the_first_steps_tick_themselves_as_the_programme_grows() {
    use samskab_domain::homes::{FirstStep, first_steps};
    let mut f = Fixture::programme();
    let done = |f: &Fixture, shared, invited| -> Vec<FirstStep> {
        first_steps(&f.state(), shared, invited)
            .into_iter()
            .filter(|(_, done)| *done)
            .map(|(step, _)| step)
            .collect()
    };
    // The municipality alone is no partner to work with yet.
    assert!(done(&f, false, false).is_empty());
    let home = f.add_partner(PartnerKind::CareService, "Solhaven");
    assert_eq!(done(&f, false, false), [FirstStep::AddPartners]);
    assert_eq!(
        done(&f, true, true),
        [FirstStep::AddPartners, FirstStep::Share, FirstStep::Invite]
    );
    let anna = f.add_volunteer("Anna", &home);
    f.clear(&anna);
    let id = f.new_id();
    let plan = VisitInput {
        volunteer: anna,
        care_service: home,
        first: "2026-01-06".into(),
        start: "10:00".into(),
        end: "12:00".into(),
        recurrence: Some(Recurrence::Once),
        ..Default::default()
    }
    .plan(&id, &f.state(), date(1, 1), date(12, 31))
    .unwrap();
    f.apply(plan.edits);
    assert_eq!(done(&f, true, true), FirstStep::ALL);
}

/// 2,000 volunteers of one company with 50,000 held visits, built directly: the op-log
/// fixture would rebuild the state after every visit.
#[test]
fn a_large_companys_employees_each_get_their_own_hours() {
    use samskab_domain::ProgrammeState;
    use samskab_domain::schedule::{TimeSlot, VisitSeries};
    use samskab_domain::visits::Held;
    use samskab_domain::volunteers::Volunteer;
    use std::collections::BTreeMap;
    let volunteers = (0..2000)
        .map(|i| Volunteer {
            id: format!("v{i:04}"),
            name: format!("Frivillig {i:04}"),
            phone: String::new(),
            email: String::new(),
            care_services: vec!["c".into()],
            company: Some("k".into()),
            skills: String::new(),
            availability: String::new(),
            status: Status::Current,
            photo: String::new(),
        })
        .collect();
    let mut state = ProgrammeState {
        volunteers,
        ..Default::default()
    };
    // Each volunteer Tuesdays 10:00-11:30 from 6 January 2026, 25 visits, every one held.
    let first = date(1, 6);
    for i in 0..2000 {
        let id = format!("s{i:04}");
        state.visits.push(VisitSeries {
            id: id.clone(),
            volunteer: format!("v{i:04}"),
            care_service: "c".into(),
            first,
            slot: TimeSlot::parse("10:00", "11:30").unwrap(),
            recurrence: Recurrence::Weekly,
            until: Some(first + chrono::TimeDelta::weeks(24)),
            activity: String::new(),
            allowed_uncleared: String::new(),
            exceptions: BTreeMap::new(),
        });
        for week in 0..25 {
            state.held.insert(
                (id.clone(), first + chrono::TimeDelta::weeks(week)),
                Held {
                    minutes: 90,
                    residents: 1,
                    note: String::new(),
                },
            );
        }
    }
    let found = employees(&state, "k", date(3, 15));
    assert_eq!(found.len(), 2000);
    // March 2026 has five Tuesdays: 3, 10, 17, 24 and 31.
    assert!(
        found
            .iter()
            .all(|e| (e.hours_this_month, e.hours_this_year) == (7.5, 37.5))
    );
    assert_eq!(found[0].volunteer.name, "Frivillig 0000");
}
