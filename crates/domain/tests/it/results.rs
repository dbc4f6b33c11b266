//! Results at a glance: volunteers by stage, visits and hours per month, residents
//! reached, the advice coverage and the partners × phases matrix. Every expected number
//! is worked out by hand in the comments beside it.

use std::collections::BTreeMap;

use crate::common::Fixture;
use chrono::NaiveDate;
use samskab_domain::entities::{AdviceTickInput, TaskTickInput, untick_task};
use samskab_domain::model::{ADVICE, PartnerKind};
use samskab_domain::onboarding::{Status, Step};
use samskab_domain::results::{
    MAX_PERIOD_MONTHS, PeriodError, PeriodProblems, ReportPeriod, ResidentsReached, StageBucket,
    StageCounts, VisitCounts, advice_coverage, progress_matrix, results, visits,
    volunteers_by_stage,
};
use samskab_domain::schedule::{Exception, Recurrence, TimeSlot, VisitSeries};
use samskab_domain::validate::Problem;
use samskab_domain::visits::{Held, HeldInput, VisitInput, cancel, move_to};
use samskab_domain::volunteers::{Volunteer, VolunteerInput, set_status};
use samskab_domain::{ProgrammeState, Progress};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn period(from: NaiveDate, to: NaiveDate) -> ReportPeriod {
    ReportPeriod::new(from, to).unwrap()
}

fn slot(start: &str, end: &str) -> TimeSlot {
    TimeSlot::parse(start, end).unwrap()
}

/// planned, held, cancelled, held minutes, residents.
fn counts(
    planned: usize,
    held: usize,
    cancelled: usize,
    minutes: u64,
    residents: u64,
) -> VisitCounts {
    VisitCounts {
        planned,
        held,
        cancelled,
        held_minutes: minutes,
        residents,
    }
}

fn stages(active: usize, onboarding: usize, paused: usize, left: usize) -> StageCounts {
    StageCounts {
        active,
        onboarding,
        paused,
        left,
    }
}

fn progress(done: usize, total: usize) -> Progress {
    Progress { done, total }
}

/// Adds a volunteer of `homes` from `company` (if any), through the form.
fn volunteer(f: &mut Fixture, name: &str, homes: &[&str], company: Option<&str>) -> String {
    let id = f.new_id();
    let edits = VolunteerInput {
        name: name.into(),
        phone: "12345678".into(),
        care_services: homes.iter().map(|h| h.to_string()).collect(),
        company: company.map(str::to_owned),
        ..Default::default()
    }
    .edits(&id, None, &f.state())
    .unwrap();
    f.apply(edits);
    id
}

/// Plans a series through the form; `until` may be empty.
#[allow(clippy::too_many_arguments)]
fn plan(
    f: &mut Fixture,
    volunteer: &str,
    home: &str,
    first: &str,
    start: &str,
    end: &str,
    recurrence: Recurrence,
    until: &str,
) -> String {
    let id = f.new_id();
    let plan = VisitInput {
        volunteer: volunteer.into(),
        care_service: home.into(),
        first: first.into(),
        start: start.into(),
        end: end.into(),
        recurrence: Some(recurrence),
        until: until.into(),
        ..Default::default()
    }
    .plan(&id, &f.state(), date(2025, 1, 1), date(2027, 12, 31))
    .unwrap();
    f.apply(plan.edits);
    id
}

fn held(f: &mut Fixture, series: &str, original: NaiveDate, hours: &str, residents: &str) {
    let edits = HeldInput {
        hours: hours.into(),
        residents: residents.into(),
        note: String::new(),
    }
    .edits(series, original)
    .unwrap();
    f.apply(edits);
}

fn all_steps(f: &mut Fixture, volunteer: &str, last: Step) {
    for step in Step::ALL.into_iter().take_while(|s| *s <= last) {
        f.done(volunteer, step, "2026-01-02");
    }
}

#[test]
fn a_period_is_parsed_from_its_fields_each_with_its_own_problem() {
    assert_eq!(
        ReportPeriod::parse("2026-01-01", "2026-03-31"),
        Ok(period(date(2026, 1, 1), date(2026, 3, 31)))
    );
    let problems = |from, to| ReportPeriod::parse(from, to).unwrap_err();
    assert_eq!(
        problems("2026-03-01", "2026-02-28"),
        PeriodProblems {
            from: None,
            to: Some(Problem::PeriodEndsBeforeStart)
        }
    );
    assert_eq!(
        problems("", "31-12-2026"),
        PeriodProblems {
            from: Some(Problem::Required),
            to: Some(Problem::InvalidDate)
        }
    );
    assert_eq!(
        problems("2026-02-30", "2026-03-01").from,
        Some(Problem::InvalidDate)
    );
    // A mistyped year: refused, not centuries of visits.
    assert_eq!(
        problems("2026-01-01", "2226-01-01").to,
        Some(Problem::PeriodTooLong)
    );
}

#[test]
fn a_results_page_opens_on_the_twelve_months_up_to_this_one() {
    let opened = ReportPeriod::last_twelve_months(date(2026, 12, 7));
    assert_eq!(
        (opened.from(), opened.to()),
        (date(2026, 1, 1), date(2026, 12, 31))
    );
    // Across a year's end, from a month's last day, in a leap year's February.
    let opened = ReportPeriod::last_twelve_months(date(2028, 2, 29));
    assert_eq!(
        (opened.from(), opened.to()),
        (date(2027, 3, 1), date(2028, 2, 29))
    );
    assert_eq!(opened.months().len(), 12);
    let opened = ReportPeriod::last_twelve_months(date(2027, 1, 31));
    assert_eq!(
        (opened.from(), opened.to()),
        (date(2026, 2, 1), date(2027, 1, 31))
    );
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused() {
    let refused = ReportPeriod::new(date(2026, 2, 1), date(2026, 1, 31)).unwrap_err();
    assert_eq!(
        refused,
        PeriodError::EndsBeforeStart {
            from: date(2026, 2, 1),
            to: date(2026, 1, 31)
        }
    );
    assert_eq!(
        refused.to_string(),
        "the period ends on 2026-01-31, before it starts on 2026-02-01"
    );
    assert_eq!(Problem::from(refused), Problem::PeriodEndsBeforeStart);

    // One day is a period, in one month.
    let day = period(date(2026, 1, 31), date(2026, 1, 31));
    assert_eq!(day.months(), [(2026, 1)]);
    assert!(day.contains(date(2026, 1, 31)));
    assert!(!day.contains(date(2026, 2, 1)));
    // Across a new year, partial months at both ends.
    assert_eq!(
        period(date(2025, 12, 15), date(2026, 2, 1)).months(),
        [(2025, 12), (2026, 1), (2026, 2)]
    );
    // Ten years is the most: January 2026 to December 2035 is 120 months, a day more
    // into January 2036 is 121.
    assert_eq!(MAX_PERIOD_MONTHS, 120);
    assert_eq!(
        period(date(2026, 1, 1), date(2035, 12, 31)).months().len(),
        120
    );
    let long = ReportPeriod::new(date(2026, 1, 31), date(2036, 1, 1)).unwrap_err();
    assert_eq!(long, PeriodError::TooLong { months: 121 });
    assert_eq!(Problem::from(long), Problem::PeriodTooLong);
    let typo = ReportPeriod::new(date(2026, 1, 1), date(2226, 1, 1)).unwrap_err();
    assert_eq!(typo, PeriodError::TooLong { months: 2401 });
}

#[test]
fn volunteers_are_counted_by_stage_in_each_of_their_care_services() {
    let (mut f, solhaven, company) = Fixture::new();
    let birkely = f.add_partner(PartnerKind::CareService, "Birkely");
    let empty = f.add_partner(PartnerKind::CareService, "Tomhuset");
    // Anna: both homes, every step done: active.
    let anna = volunteer(&mut f, "Anna", &[&solhaven, &birkely], Some(&company));
    all_steps(&mut f, &anna, Step::TrialReviewed);
    // Bo: Solhaven, nothing done yet: onboarding.
    volunteer(&mut f, "Bo", &[&solhaven], None);
    // Cai: Birkely, in the trial period (started, not reviewed): onboarding.
    let cai = volunteer(&mut f, "Cai", &[&birkely], None);
    all_steps(&mut f, &cai, Step::TrialStarted);
    // Dorte: Solhaven, every step done but paused: paused.
    let dorte = volunteer(&mut f, "Dorte", &[&solhaven], None);
    all_steps(&mut f, &dorte, Step::TrialReviewed);
    f.apply(set_status(&dorte, Status::Paused));
    // Eva: Birkely, half-way through onboarding when she left: left.
    let eva = volunteer(&mut f, "Eva", &[&birkely], None);
    all_steps(&mut f, &eva, Step::InterviewHeld);
    f.apply(set_status(&eva, Status::Left));
    // Finn: Solhaven, paused and resumed with every step done: active again.
    let finn = volunteer(&mut f, "Finn", &[&solhaven], None);
    all_steps(&mut f, &finn, Step::TrialReviewed);
    f.apply(set_status(&finn, Status::Paused));
    f.apply(set_status(&finn, Status::Current));
    let state = f.state();

    let all = volunteers_by_stage(&state, None);
    // Anna, Finn active; Bo, Cai onboarding; Dorte paused; Eva left: six people.
    assert_eq!(all.total, stages(2, 2, 1, 1));
    assert_eq!(all.total.total(), 6);
    assert_eq!(all.total.get(StageBucket::Paused), 1);
    let expected: BTreeMap<String, StageCounts> = [
        // Anna, Finn; Bo; Dorte.
        (solhaven.clone(), stages(2, 1, 1, 0)),
        // Anna; Cai; Eva.
        (birkely.clone(), stages(1, 1, 0, 1)),
        (empty.clone(), stages(0, 0, 0, 0)),
    ]
    .into();
    assert_eq!(all.by_care_service, expected);
    // Anna counts in both homes: the rows add up to one more than the people.
    let rows: usize = all.by_care_service.values().map(|c| c.total()).sum();
    assert_eq!(rows, 7);

    // Birkely's own page: its volunteers only, and only its row.
    let own = volunteers_by_stage(&state, Some(&birkely));
    assert_eq!(own.total, stages(1, 1, 0, 1));
    assert_eq!(
        own.by_care_service,
        BTreeMap::from([(birkely.clone(), stages(1, 1, 0, 1))])
    );
    let nobody = volunteers_by_stage(&state, Some(&empty));
    assert_eq!(nobody.total, StageCounts::default());

    // The mapping of every stage there is.
    use samskab_domain::onboarding::Stage;
    assert_eq!(StageBucket::of(Stage::Active), StageBucket::Active);
    for step in Step::ALL {
        assert_eq!(
            StageBucket::of(Stage::Onboarding(step)),
            StageBucket::Onboarding
        );
    }
    assert_eq!(StageBucket::of(Stage::Paused), StageBucket::Paused);
    assert_eq!(StageBucket::of(Stage::Left), StageBucket::Left);
}

/// Solhaven and Birkely; Anna (Bravo IT, both homes) and Bo (no company, Solhaven).
/// See the comments at each visit for what it adds to January and February 2026.
struct Visits {
    f: Fixture,
    solhaven: String,
    birkely: String,
    empty: String,
    bravo: String,
    idle_company: String,
}

fn visits_fixture() -> Visits {
    let (mut f, solhaven, bravo) = Fixture::new();
    let birkely = f.add_partner(PartnerKind::CareService, "Birkely");
    let empty = f.add_partner(PartnerKind::CareService, "Tomhuset");
    let idle_company = f.add_partner(PartnerKind::Company, "Charlie ApS");
    let anna = volunteer(&mut f, "Anna", &[&solhaven, &birkely], Some(&bravo));
    let bo = volunteer(&mut f, "Bo", &[&solhaven], None);
    f.clear(&anna);
    f.clear(&bo);

    // S1: Anna at Solhaven, Tuesdays 10-12, 6 January to 24 February.
    let s1 = plan(
        &mut f,
        &anna,
        &solhaven,
        "2026-01-06",
        "10:00",
        "12:00",
        Recurrence::Weekly,
        "2026-02-24",
    );
    // 6 Jan held 2 h, 3 residents; 13 Jan held 1.5 h, 2 residents.
    held(&mut f, &s1, date(2026, 1, 6), "2", "3");
    held(&mut f, &s1, date(2026, 1, 13), "1,5", "2");
    // 20 Jan marked held by mistake, then cancelled: cancelled only, its 7 residents gone.
    held(&mut f, &s1, date(2026, 1, 20), "3", "7");
    f.apply(cancel(&s1, date(2026, 1, 20)));
    // 27 Jan moved to Thursday 29 Jan: planned in January.
    f.apply(move_to(
        &s1,
        date(2026, 1, 27),
        date(2026, 1, 29),
        slot("10:00", "12:00"),
    ));
    // 3 Feb cancelled, then moved to 5 Feb after all: planned in February, not cancelled.
    f.apply(cancel(&s1, date(2026, 2, 3)));
    f.apply(move_to(
        &s1,
        date(2026, 2, 3),
        date(2026, 2, 5),
        slot("10:00", "12:00"),
    ));
    // 10 Feb moved to 12 Feb, then cancelled: cancelled in February.
    f.apply(move_to(
        &s1,
        date(2026, 2, 10),
        date(2026, 2, 12),
        slot("13:00", "15:00"),
    ));
    f.apply(cancel(&s1, date(2026, 2, 10)));
    // 17 Feb: planned. 24 Feb moved out of the period to 3 March.
    f.apply(move_to(
        &s1,
        date(2026, 2, 24),
        date(2026, 3, 3),
        slot("10:00", "12:00"),
    ));

    // S2: Bo at Solhaven, Sunday 1 February 00:15-01:15 Copenhagen time, which is
    // 23:15 on 31 January in UTC: held 1 h, 4 residents, in February.
    let s2 = plan(
        &mut f,
        &bo,
        &solhaven,
        "2026-02-01",
        "00:15",
        "01:15",
        Recurrence::Once,
        "",
    );
    held(&mut f, &s2, date(2026, 2, 1), "1", "4");

    // S3: Anna at Birkely in January's last hour, 23:00-23:59 on Saturday 31 January:
    // held half an hour, 1 resident, in January.
    let s3 = plan(
        &mut f,
        &anna,
        &birkely,
        "2026-01-31",
        "23:00",
        "23:59",
        Recurrence::Once,
        "",
    );
    held(&mut f, &s3, date(2026, 1, 31), "0,5", "1");

    // S4: Bo at Solhaven on 3 March, moved into the period to 26 February: planned.
    let s4 = plan(
        &mut f,
        &bo,
        &solhaven,
        "2026-03-03",
        "10:00",
        "12:00",
        Recurrence::Once,
        "",
    );
    f.apply(move_to(
        &s4,
        date(2026, 3, 3),
        date(2026, 2, 26),
        slot("10:00", "12:00"),
    ));

    // S5: Anna at Birkely, Tuesdays 14-16 from 16 December 2025 to 6 January 2026.
    let s5 = plan(
        &mut f,
        &anna,
        &birkely,
        "2025-12-16",
        "14:00",
        "16:00",
        Recurrence::Weekly,
        "2026-01-06",
    );
    // 16 Dec: before the period. 23 Dec cancelled: before the period, not counted.
    f.apply(cancel(&s5, date(2025, 12, 23)));
    // 30 Dec moved into the period to 2 January: planned in January.
    f.apply(move_to(
        &s5,
        date(2025, 12, 30),
        date(2026, 1, 2),
        slot("14:00", "16:00"),
    ));
    // 6 Jan held 2 h with no residents: a held visit all the same.
    held(&mut f, &s5, date(2026, 1, 6), "2", "0");

    // S6: Bo at Solhaven on 10 March: after the period.
    plan(
        &mut f,
        &bo,
        &solhaven,
        "2026-03-10",
        "10:00",
        "12:00",
        Recurrence::Once,
        "",
    );

    Visits {
        f,
        solhaven,
        birkely,
        empty,
        bravo,
        idle_company,
    }
}

#[test]
fn visits_are_counted_per_month_care_service_and_company() {
    let v = visits_fixture();
    let state = v.f.state();
    let january_february = period(date(2026, 1, 1), date(2026, 2, 28));
    let found = visits(&state, january_february, None);
    let (jan, feb) = ((2026, 1), (2026, 2));

    // January: planned S1 29 Jan, S5 2 Jan; held S1 6 and 13 Jan, S3, S5 6 Jan
    // (120 + 90 + 30 + 120 = 360 min; 3 + 2 + 1 + 0 = 6 residents); cancelled S1 20 Jan.
    assert_eq!(found.all.by_month[&jan], counts(2, 4, 1, 360, 6));
    // February: planned S1 5 and 17 Feb, S4 26 Feb; held S2 (60 min, 4 residents);
    // cancelled S1 12 Feb.
    assert_eq!(found.all.by_month[&feb], counts(3, 1, 1, 60, 4));
    assert_eq!(found.all.total, counts(5, 5, 2, 420, 10));
    assert_eq!(found.all.by_month.len(), 2);
    assert_eq!(found.all.total.held_hours(), 7.0);
    assert_eq!(found.all.by_month[&jan].held_hours(), 6.0);

    // Solhaven: S1, S2, S4, S6. Birkely: S3, S5. Tomhuset: nothing, but a row.
    let solhaven = &found.by_care_service[&v.solhaven];
    assert_eq!(solhaven.by_month[&jan], counts(1, 2, 1, 210, 5));
    assert_eq!(solhaven.by_month[&feb], counts(3, 1, 1, 60, 4));
    assert_eq!(solhaven.total, counts(4, 3, 2, 270, 9));
    let birkely = &found.by_care_service[&v.birkely];
    assert_eq!(birkely.by_month[&jan], counts(1, 2, 0, 150, 1));
    assert_eq!(birkely.by_month[&feb], VisitCounts::default());
    assert_eq!(birkely.total, counts(1, 2, 0, 150, 1));
    let empty = &found.by_care_service[&v.empty];
    assert_eq!(empty.total, VisitCounts::default());
    assert_eq!(
        empty.by_month.keys().copied().collect::<Vec<_>>(),
        [jan, feb]
    );
    assert_eq!(found.by_care_service.len(), 3);

    // Bravo IT: Anna's S1, S3, S5. Without a company: Bo's S2, S4, S6. Charlie ApS has
    // no employees, but a row.
    let bravo = &found.by_company[&v.bravo];
    assert_eq!(bravo.by_month[&jan], counts(2, 4, 1, 360, 6));
    assert_eq!(bravo.by_month[&feb], counts(2, 0, 1, 0, 0));
    assert_eq!(bravo.total, counts(4, 4, 2, 360, 6));
    assert_eq!(found.without_company.by_month[&jan], VisitCounts::default());
    assert_eq!(found.without_company.total, counts(1, 1, 0, 60, 4));
    assert_eq!(
        found.by_company[&v.idle_company].total,
        VisitCounts::default()
    );
    assert_eq!(found.by_company.len(), 2);

    // Residents reached: 10 in all, 9 at Solhaven, 1 at Birkely, none at Tomhuset.
    let everything = results(&state, january_february, None);
    assert_eq!(
        everything.residents,
        ResidentsReached {
            total: 10,
            by_care_service: BTreeMap::from([
                (v.solhaven.clone(), 9),
                (v.birkely.clone(), 1),
                (v.empty.clone(), 0),
            ]),
        }
    );
    assert_eq!(everything.visits, found);
}

#[test]
fn the_period_decides_by_the_copenhagen_date_where_a_visit_was_moved_to() {
    let v = visits_fixture();
    let state = v.f.state();
    // January only: S2 at 00:15 on 1 February is out, though it is 31 January in UTC.
    let january = visits(&state, period(date(2026, 1, 1), date(2026, 1, 31)), None);
    assert_eq!(january.all.total, counts(2, 4, 1, 360, 6));
    assert_eq!(january.all.by_month.len(), 1);
    // 1 February alone: S2 only (S1's 3 Feb was moved to the 5th, nothing else is then).
    let first = visits(&state, period(date(2026, 2, 1), date(2026, 2, 1)), None);
    assert_eq!(first.all.total, counts(0, 1, 0, 60, 4));
    // 31 January alone: S3 in its last hour, not S2.
    let last = visits(&state, period(date(2026, 1, 31), date(2026, 1, 31)), None);
    assert_eq!(last.all.total, counts(0, 1, 0, 30, 1));
    // March: S1's 24 Feb moved in (3 Mar) and S6; S4 was moved out to February.
    let march = visits(&state, period(date(2026, 3, 1), date(2026, 3, 31)), None);
    assert_eq!(march.all.total, counts(2, 0, 0, 0, 0));
    assert_eq!(
        march.by_care_service[&v.solhaven].total,
        counts(2, 0, 0, 0, 0)
    );
    // December 2025: S5 16 Dec planned, 23 Dec cancelled, 30 Dec moved out to January.
    let december = visits(&state, period(date(2025, 12, 1), date(2025, 12, 31)), None);
    assert_eq!(december.all.total, counts(1, 0, 1, 0, 0));
    assert_eq!(
        december.all.by_month.keys().copied().collect::<Vec<_>>(),
        [(2025, 12)]
    );
}

#[test]
fn a_care_services_own_results_hold_its_visits_and_volunteers_only() {
    let v = visits_fixture();
    let state = v.f.state();
    let january_february = period(date(2026, 1, 1), date(2026, 2, 28));
    let own = results(&state, january_february, Some(&v.birkely));
    // Birkely: S3 and S5 (both Anna's, Bravo IT).
    assert_eq!(own.visits.all.total, counts(1, 2, 0, 150, 1));
    assert_eq!(
        own.visits.by_care_service.keys().collect::<Vec<_>>(),
        [&v.birkely]
    );
    assert_eq!(
        own.visits.by_company[&v.bravo].total,
        counts(1, 2, 0, 150, 1)
    );
    assert_eq!(own.visits.without_company.total, VisitCounts::default());
    assert_eq!(own.residents.total, 1);
    // Anna, cleared but not through her onboarding, is Birkely's one volunteer.
    assert_eq!(own.volunteers.total, stages(0, 1, 0, 0));
    // Its own advice and its own tasks, none of another care service's.
    let advised: Vec<_> = own
        .advice
        .per_care_service
        .iter()
        .map(|c| &c.care_service)
        .collect();
    assert_eq!(advised, [&v.birkely]);
    assert!(
        own.advice
            .per_advice
            .iter()
            .all(|row| row.care_services.total == 1)
    );
    let partners: Vec<_> = own.progress.partners.iter().map(|p| &p.partner).collect();
    assert_eq!(partners, [&v.birkely]);
    let everything = results(&state, january_february, None);
    assert!(everything.progress.partners.len() > 1);
    assert!(everything.advice.per_care_service.len() > 1);
}

#[test]
fn daylight_saving_weeks_count_each_visit_once_in_its_copenhagen_month() {
    let (mut f, home, _) = Fixture::new();
    let anna = volunteer(&mut f, "Anna", &[&home], None);
    f.clear(&anna);
    // Sundays 02:30-04:00 over the spring change (29 March 2026: 02:00 becomes 03:00,
    // so that day's 02:30 does not exist and starts at 03:30): 22 Mar, 29 Mar, 5 Apr.
    let spring = plan(
        &mut f,
        &anna,
        &home,
        "2026-03-22",
        "02:30",
        "04:00",
        Recurrence::Weekly,
        "2026-04-05",
    );
    held(&mut f, &spring, date(2026, 3, 29), "1,5", "2");
    // Sundays 00:30-01:30 over the autumn change (25 October 2026): 18 Oct, 25 Oct, and
    // 1 Nov, which is 23:30 on 31 October in UTC.
    let autumn = plan(
        &mut f,
        &anna,
        &home,
        "2026-10-18",
        "00:30",
        "01:30",
        Recurrence::Weekly,
        "2026-11-01",
    );
    held(&mut f, &autumn, date(2026, 10, 25), "1", "1");
    held(&mut f, &autumn, date(2026, 11, 1), "1", "3");
    // 25 October 02:30, an hour that comes twice: one visit, in October.
    let twice = plan(
        &mut f,
        &anna,
        &home,
        "2026-10-25",
        "02:30",
        "03:30",
        Recurrence::Once,
        "",
    );
    held(&mut f, &twice, date(2026, 10, 25), "1", "1");
    let state = f.state();

    let year = visits(&state, period(date(2026, 3, 1), date(2026, 11, 30)), None);
    let months = &year.all.by_month;
    assert_eq!(months.len(), 9);
    // March: 22nd planned, 29th held (90 min, 2 residents). April: 5th planned.
    assert_eq!(months[&(2026, 3)], counts(1, 1, 0, 90, 2));
    assert_eq!(months[&(2026, 4)], counts(1, 0, 0, 0, 0));
    for month in 5..=9 {
        assert_eq!(months[&(2026, month)], VisitCounts::default(), "{month}");
    }
    // October: 18th planned; 25th 00:30 and 02:30 held (60 + 60 min, 1 + 1 residents).
    assert_eq!(months[&(2026, 10)], counts(1, 2, 0, 120, 2));
    // November: the 1st held (60 min, 3 residents).
    assert_eq!(months[&(2026, 11)], counts(0, 1, 0, 60, 3));
    assert_eq!(year.all.total, counts(3, 4, 0, 270, 7));
    // A period to 31 October leaves 1 November out.
    let to_october = visits(&state, period(date(2026, 3, 1), date(2026, 10, 31)), None);
    assert_eq!(to_october.all.total, counts(3, 3, 0, 210, 4));
    // The day the clocks go forward holds its visit.
    let change = visits(&state, period(date(2026, 3, 29), date(2026, 3, 29)), None);
    assert_eq!(change.all.total, counts(0, 1, 0, 90, 2));
}

#[test]
fn an_empty_programme_has_zeros_and_every_row_it_should() {
    let f = Fixture::programme();
    let state = f.state();
    let quarter = period(date(2026, 1, 1), date(2026, 3, 31));
    let empty = results(&state, quarter, None);
    assert_eq!(empty.volunteers.total, StageCounts::default());
    assert!(empty.volunteers.by_care_service.is_empty());
    assert_eq!(empty.visits.all.total, VisitCounts::default());
    assert_eq!(
        empty
            .visits
            .all
            .by_month
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        [(2026, 1), (2026, 2), (2026, 3)]
    );
    assert!(empty.visits.by_care_service.is_empty());
    assert!(empty.visits.by_company.is_empty());
    assert_eq!(empty.visits.without_company.total, VisitCounts::default());
    assert_eq!(empty.residents, ResidentsReached::default());
    // Ten pieces of advice and no care service to tick them: nothing is weakest.
    assert_eq!(empty.advice.per_advice.len(), 10);
    assert!(
        empty
            .advice
            .per_advice
            .iter()
            .all(|r| r.care_services == progress(0, 0))
    );
    assert!(empty.advice.per_care_service.is_empty());
    assert!(empty.advice.weakest.is_empty());
    // The municipality's row: 4, 3, 2, 3 and 2 tasks, none done.
    assert_eq!(empty.progress.partners.len(), 1);
    let totals: Vec<Progress> = empty.progress.partners[0]
        .phases
        .iter()
        .map(|c| c.progress)
        .collect();
    let expected = [4, 3, 2, 3, 2].map(|n| progress(0, n));
    assert_eq!(totals, expected);
    assert_eq!(empty.progress.phases, expected);
    // Restricted to a care service that has nothing: its row, zeros.
    let nowhere = visits(&state, quarter, Some("nowhere"));
    assert_eq!(
        nowhere.by_care_service.keys().collect::<Vec<_>>(),
        ["nowhere"]
    );
    assert_eq!(nowhere.all.total, VisitCounts::default());

    // No state at all: no rows, five empty phases.
    let nothing = results(&ProgrammeState::default(), quarter, None);
    assert!(nothing.progress.partners.is_empty());
    assert_eq!(nothing.progress.phases, [progress(0, 0); 5]);
}

fn tick_advice(f: &mut Fixture, partner: &str, advice: &str, done: bool) {
    let edits = AdviceTickInput {
        done,
        by: "Lone".into(),
        note: String::new(),
        date: "2026-01-05".into(),
    }
    .edits(partner, advice)
    .unwrap();
    f.apply(edits);
}

#[test]
fn advice_coverage_counts_ticked_advice_per_advice_and_per_care_service() {
    let (mut f, solhaven, company) = Fixture::new();
    let birkely = f.add_partner(PartnerKind::CareService, "Birkely");
    let tomhuset = f.add_partner(PartnerKind::CareService, "Tomhuset");
    let id = |n: usize| ADVICE[n - 1].id;
    // Solhaven: advice 1-8.
    for n in 1..=8 {
        tick_advice(&mut f, &solhaven, id(n), true);
    }
    // Birkely: 1, 2 and 9; 3 saved as not done; 4 ticked and then unticked.
    for n in [1, 2, 9] {
        tick_advice(&mut f, &birkely, id(n), true);
    }
    tick_advice(&mut f, &birkely, id(3), false);
    tick_advice(&mut f, &birkely, id(4), true);
    tick_advice(&mut f, &birkely, id(4), false);
    // A company's tick is no care service's.
    tick_advice(&mut f, &company, id(10), true);
    // Tomhuset: none.
    let coverage = advice_coverage(&f.state(), None);

    let per_advice: Vec<(&str, u8, Progress)> = coverage
        .per_advice
        .iter()
        .map(|r| (r.advice, r.number, r.care_services))
        .collect();
    assert_eq!(
        per_advice,
        [
            ("advice.01.know_when", 1, progress(2, 3)),
            ("advice.02.introduction", 2, progress(2, 3)),
            ("advice.03.clear_tasks", 3, progress(1, 3)),
            ("advice.04.open_to_new", 4, progress(1, 3)),
            ("advice.05.backing", 5, progress(1, 3)),
            ("advice.06.rules", 6, progress(1, 3)),
            ("advice.07.invitations", 7, progress(1, 3)),
            ("advice.08.appreciation", 8, progress(1, 3)),
            ("advice.09.chat", 9, progress(1, 3)),
            ("advice.10.follow_up", 10, progress(0, 3)),
        ]
    );
    assert_eq!(coverage.weakest, ["advice.10.follow_up"]);
    // By name: Birkely, Solhaven, Tomhuset.
    let per_care: Vec<(&str, Progress, Vec<&str>)> = coverage
        .per_care_service
        .iter()
        .map(|c| (c.care_service.as_str(), c.advice, c.missing.clone()))
        .collect();
    assert_eq!(
        per_care,
        [
            (
                birkely.as_str(),
                progress(3, 10),
                vec![
                    "advice.03.clear_tasks",
                    "advice.04.open_to_new",
                    "advice.05.backing",
                    "advice.06.rules",
                    "advice.07.invitations",
                    "advice.08.appreciation",
                    "advice.10.follow_up",
                ]
            ),
            (
                solhaven.as_str(),
                progress(8, 10),
                vec!["advice.09.chat", "advice.10.follow_up"]
            ),
            (
                tomhuset.as_str(),
                progress(0, 10),
                ADVICE.iter().map(|a| a.id).collect()
            ),
        ]
    );

    // Tomhuset ticks 10: now 3-10 are all at one care service, a tie for weakest.
    tick_advice(&mut f, &tomhuset, id(10), true);
    let tied = advice_coverage(&f.state(), None);
    assert_eq!(
        tied.weakest,
        (3..=10).map(id).collect::<Vec<_>>(),
        "every advice with the fewest"
    );
    // Everyone has everything: nothing is weak.
    for home in [&solhaven, &birkely, &tomhuset] {
        for n in 1..=10 {
            tick_advice(&mut f, home, id(n), true);
        }
    }
    let full = advice_coverage(&f.state(), None);
    assert!(full.weakest.is_empty());
    assert!(
        full.per_advice
            .iter()
            .all(|r| r.care_services == progress(3, 3))
    );
    assert!(
        full.per_care_service
            .iter()
            .all(|c| c.advice == progress(10, 10) && c.missing.is_empty())
    );
}

fn tick_task(f: &mut Fixture, partner: &str, task: &str) {
    let edits = TaskTickInput {
        by: "Karim".into(),
        at: "2026-01-05T10:00:00+01:00".into(),
        note: String::new(),
    }
    .tick(partner, task)
    .unwrap();
    f.apply(edits);
}

#[test]
fn the_progress_matrix_has_every_partner_and_phase_with_its_open_tasks() {
    let (mut f, home, company) = Fixture::new();
    let municipality = f
        .state()
        .partners_of(PartnerKind::Municipality)
        .next()
        .unwrap()
        .id
        .clone();
    for task in [
        "p1.municipality.take_initiative",
        "p1.municipality.political_backing",
        "p1.municipality.open_dialogue",
        "p1.municipality.appoint_project_lead",
    ] {
        tick_task(&mut f, &municipality, task);
    }
    tick_task(&mut f, &home, "p3.care_service.criminal_record");
    tick_task(&mut f, &home, "p3.care_service.make_agreement");
    f.apply(untick_task(&home, "p3.care_service.make_agreement"));
    tick_task(&mut f, &company, "p2.company.share_material");
    let matrix = progress_matrix(&f.state(), None);

    type Row<'a> = (&'a str, PartnerKind, Vec<(u8, Progress, Vec<&'a str>)>);
    let rows: Vec<Row> = matrix
        .partners
        .iter()
        .map(|p| {
            let cells = p
                .phases
                .iter()
                .map(|c| (c.phase, c.progress, c.open.clone()))
                .collect();
            (p.partner.as_str(), p.kind, cells)
        })
        .collect();
    let expected: Vec<Row> = vec![
        (
            municipality.as_str(),
            PartnerKind::Municipality,
            vec![
                (1, progress(4, 4), vec![]),
                (
                    2,
                    progress(0, 3),
                    vec![
                        "p2.municipality.startup_material",
                        "p2.municipality.help_job_posting",
                        "p2.municipality.advertise_own_channels",
                    ],
                ),
                (
                    3,
                    progress(0, 2),
                    vec![
                        "p3.municipality.draft_agreement",
                        "p3.municipality.collect_experience",
                    ],
                ),
                (
                    4,
                    progress(0, 3),
                    vec![
                        "p4.municipality.make_visible",
                        "p4.municipality.support_it_needs",
                        "p4.municipality.refund_network",
                    ],
                ),
                (
                    5,
                    progress(0, 2),
                    vec![
                        "p5.municipality.initiate_evaluation",
                        "p5.municipality.evaluation_seminar",
                    ],
                ),
            ],
        ),
        (
            home.as_str(),
            PartnerKind::CareService,
            vec![
                (
                    1,
                    progress(0, 4),
                    vec![
                        "p1.care_service.follow_up_dialogue",
                        "p1.care_service.goals_with_citizens",
                        "p1.care_service.map_needs",
                        "p1.care_service.appoint_contact",
                    ],
                ),
                (
                    2,
                    progress(0, 4),
                    vec![
                        "p2.care_service.advertise_network",
                        "p2.care_service.assess_applications",
                        "p2.care_service.invite_interview",
                        "p2.care_service.report_to_centre",
                    ],
                ),
                // The criminal record ticked; the agreement ticked and unticked.
                (
                    3,
                    progress(1, 5),
                    vec![
                        "p3.care_service.make_agreement",
                        "p3.care_service.hold_interview",
                        "p3.care_service.confidentiality",
                        "p3.care_service.introduce",
                    ],
                ),
                (
                    4,
                    progress(0, 3),
                    vec![
                        "p4.care_service.status_meetings",
                        "p4.care_service.everyday_support",
                        "p4.care_service.professional_sparring",
                    ],
                ),
                (
                    5,
                    progress(0, 3),
                    vec![
                        "p5.care_service.evaluation_talks",
                        "p5.care_service.adjust",
                        "p5.care_service.suggestions",
                    ],
                ),
            ],
        ),
        (
            company.as_str(),
            PartnerKind::Company,
            vec![
                (
                    1,
                    progress(0, 3),
                    vec![
                        "p1.company.follow_up_dialogue",
                        "p1.company.declare_interest",
                        "p1.company.clarify_goals",
                    ],
                ),
                (2, progress(1, 2), vec!["p2.company.recruit_employees"]),
                (
                    3,
                    progress(0, 2),
                    vec!["p3.company.follow_up_employees", "p3.company.give_feedback"],
                ),
                (
                    4,
                    progress(0, 2),
                    vec![
                        "p4.company.talk_internally",
                        "p4.company.recognise_employees",
                    ],
                ),
                (
                    5,
                    progress(0, 2),
                    vec![
                        "p5.company.evaluate_process",
                        "p5.company.advise_municipality",
                    ],
                ),
            ],
        ),
    ];
    assert_eq!(rows, expected);
    // Per phase, all three partners: 4+4+3, 3+4+2, 2+5+2, 3+3+2, 2+3+2 tasks.
    assert_eq!(
        matrix.phases,
        [
            progress(4, 11),
            progress(1, 9),
            progress(1, 9),
            progress(0, 8),
            progress(0, 7)
        ]
    );
}

/// 2,000 volunteers and 481 weekly series over two years (50,024 visits), built
/// directly: the op-log fixture would rebuild the state after every visit.
#[test]
fn two_years_of_a_large_programme_add_up() {
    let care_services: Vec<String> = (0..20).map(|i| format!("c{i:02}")).collect();
    let volunteers = (0..2000)
        .map(|i| Volunteer {
            id: format!("v{i:04}"),
            name: format!("Frivillig {i}"),
            phone: String::new(),
            email: String::new(),
            care_services: vec![care_services[i % 20].clone()],
            // Odd ones from one of five companies, even ones from none.
            company: (i % 2 == 1).then(|| format!("k{}", i % 10)),
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
    // Tuesdays from 6 January 2026 to 28 December 2027: 721 days, 104 visits each.
    let first = date(2026, 1, 6);
    for j in 0..481 {
        let id = format!("s{j:03}");
        let mut series = VisitSeries {
            id: id.clone(),
            volunteer: format!("v{j:04}"),
            care_service: care_services[j % 20].clone(),
            first,
            slot: slot("10:00", "12:00"),
            recurrence: Recurrence::Weekly,
            until: Some(date(2027, 12, 28)),
            activity: String::new(),
            allowed_uncleared: String::new(),
            exceptions: BTreeMap::new(),
        };
        // Week 1 (13 January 2026) cancelled; every fourth week from week 0 held.
        series
            .exceptions
            .insert(date(2026, 1, 13), Exception::Cancelled { moved: None });
        for week in (0..104).step_by(4) {
            let original = first + chrono::TimeDelta::weeks(week);
            state.held.insert(
                (id.clone(), original),
                Held {
                    minutes: 60,
                    residents: 2,
                    note: String::new(),
                },
            );
        }
        state.visits.push(series);
    }
    let two_years = period(date(2026, 1, 1), date(2027, 12, 31));
    let found = results(&state, two_years, None);

    // 481 × 104 = 50,024 visits: 481 × 26 = 12,506 held (60 min, 2 residents each),
    // 481 cancelled, the other 37,037 planned.
    assert_eq!(
        found.visits.all.total,
        counts(37_037, 12_506, 481, 750_360, 25_012)
    );
    assert_eq!(found.visits.all.by_month.len(), 24);
    // January 2026: week 0 held, week 1 cancelled, weeks 2 and 3 planned.
    assert_eq!(
        found.visits.all.by_month[&(2026, 1)],
        counts(962, 481, 481, 28_860, 962)
    );
    // Series 0, 2, …, 480 are of volunteers with no company: 241 × 26 held.
    assert_eq!(found.visits.without_company.total.held, 6_266);
    // Series j's volunteer, if odd, is of company k(j mod 10): k1 has j = 1, 11, …, 471.
    assert_eq!(found.visits.by_company["k1"].total.held, 48 * 26);
    // Care service c00 has series 0, 20, …, 480: 25 series.
    assert_eq!(
        found.visits.by_care_service["c00"].total.held_minutes,
        25 * 26 * 60
    );
    assert_eq!(found.volunteers.total, stages(0, 2000, 0, 0));
    assert_eq!(found.volunteers.by_care_service["c07"].onboarding, 100);
}
