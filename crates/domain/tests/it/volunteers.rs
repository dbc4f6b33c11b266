//! Volunteers and their onboarding, through the op-log like the app uses them.

use chrono::NaiveDate;

use crate::common::{Fixture, TODAY};
use samskab_domain::onboarding::{Flag, Stage, Status, Step};
use samskab_domain::validate::{Field, Problem};
use samskab_domain::volunteers::{
    StepInput, VolunteerInput, delete_volunteer, set_status, undo_step,
};

fn anna(home: &str) -> VolunteerInput {
    VolunteerInput {
        name: "Anna Berg".into(),
        phone: "+45 12 34 56 78".into(),
        care_services: vec![home.into()],
        ..Default::default()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn a_volunteer_needs_a_name_a_way_to_reach_them_and_a_care_service() {
    let (f, home, company) = Fixture::new();
    let state = f.state();
    let empty = VolunteerInput::default()
        .edits("v", None, &state)
        .unwrap_err();
    assert_eq!(empty.problem(Field::Name), Some(Problem::Required));
    assert_eq!(empty.problem(Field::Phone), Some(Problem::Required));
    assert_eq!(empty.problem(Field::CareServices), Some(Problem::Required));

    let bad = VolunteerInput {
        phone: "12 34".into(),
        email: "anna@".into(),
        ..anna(&home)
    }
    .edits("v", None, &state)
    .unwrap_err();
    assert_eq!(bad.problem(Field::Phone), Some(Problem::InvalidPhone));
    assert_eq!(bad.problem(Field::Email), Some(Problem::InvalidEmail));

    // A company id must be a company, a care service a care service.
    let wrong = VolunteerInput {
        care_services: vec![company.clone()],
        company: Some(home.clone()),
        ..anna(&home)
    }
    .edits("v", None, &state)
    .unwrap_err();
    assert_eq!(wrong.problem(Field::CareServices), Some(Problem::Required));
    assert_eq!(wrong.problem(Field::Company), Some(Problem::Required));

    let email_only = VolunteerInput {
        phone: String::new(),
        email: "anna@berg.dk".into(),
        company: Some(company),
        ..anna(&home)
    };
    assert!(email_only.edits("v", None, &state).is_ok());
}

#[test]
fn volunteers_are_added_edited_paused_and_deleted() {
    let (mut f, home, _) = Fixture::new();
    let id = f.clock.now().to_string();
    let edits = anna(&home).edits(&id, None, &f.state()).unwrap();
    f.apply(edits);
    let state = f.state();
    let anna_now = state.volunteer(&id).unwrap();
    assert_eq!(
        (
            anna_now.phone.as_str(),
            anna_now.first_name(),
            anna_now.status
        ),
        ("+4512345678", "Anna", Status::Current)
    );

    let mut input = VolunteerInput::from_volunteer(anna_now);
    input.availability = "Tirsdage efter kl. 14".into();
    let edits = input.edits(&id, Some(anna_now), &state).unwrap();
    assert_eq!(edits.len(), 1, "only the changed field");
    f.apply(edits);
    f.apply(set_status(&id, Status::Paused));
    let state = f.state();
    assert_eq!(
        state.volunteer(&id).unwrap().availability,
        "Tirsdage efter kl. 14"
    );
    assert_eq!(
        state.onboarding_of(&id).stage(Status::Paused),
        Stage::Paused
    );

    let step = StepInput {
        by: "Lone".into(),
        on: "2026-01-05".into(),
        note: String::new(),
        ..Default::default()
    };
    f.apply(
        step.done(
            &f.state().onboarding_of(&id),
            &id,
            Step::ApplicationReceived,
            TODAY,
        )
        .unwrap(),
    );
    let exported = samskab_domain::volunteers::export(&f.state(), &id).unwrap();
    assert_eq!(exported["name"], "Anna Berg");
    assert_eq!(exported["care_services"][0], "Solhaven");
    assert_eq!(exported["onboarding"][0]["step"], "application_received");
    assert_eq!(exported["status"], "paused");

    // Their visits too, with what became of them: who cancelled one and why is theirs.
    use samskab_domain::schedule::Recurrence;
    use samskab_domain::visits::{CancelInput, HeldInput, VisitInput};
    let series = f.new_id();
    let plan = VisitInput {
        volunteer: id.clone(),
        care_service: home.clone(),
        first: "2026-01-06".into(),
        start: "10:00".into(),
        end: "12:00".into(),
        recurrence: Some(Recurrence::Weekly),
        until: "2026-01-27".into(),
        allowed_uncleared_by: "Mette".into(),
        ..Default::default()
    }
    .plan(&series, &f.state(), date(2026, 1, 1), date(2026, 2, 1))
    .unwrap();
    f.apply(plan.edits);
    let held = HeldInput {
        hours: "2".into(),
        residents: "3".into(),
        note: "Video med barnebarnet".into(),
    };
    f.apply(held.edits(&series, date(2026, 1, 6)).unwrap());
    let cancelled = CancelInput {
        by: "Anna Berg".into(),
        reason: "Tandlæge".into(),
    };
    let at = date(2026, 1, 12).and_hms_opt(9, 0, 0).unwrap().and_utc();
    f.apply(cancelled.edits(&series, date(2026, 1, 13), at).unwrap());
    let exported = samskab_domain::volunteers::export(&f.state(), &id).unwrap();
    assert_eq!(exported["visits"][0]["care_service"], "Solhaven");
    assert_eq!(exported["visits"][0]["start"], "10:00");
    assert_eq!(exported["held_visits"][0]["note"], "Video med barnebarnet");
    assert_eq!(exported["held_visits"][0]["minutes"], 120);
    assert_eq!(exported["cancelled_visits"][0]["date"], "2026-01-13");
    assert_eq!(exported["cancelled_visits"][0]["by"], "Anna Berg");
    assert_eq!(exported["cancelled_visits"][0]["reason"], "Tandlæge");
    let edits = delete_volunteer(&f.state(), &id);
    f.apply(edits);
    let state = f.state();
    assert!(state.volunteer(&id).is_none());
    assert!(state.onboarding.is_empty(), "nothing of theirs is left");
}

#[test]
fn onboarding_steps_are_done_undone_and_flagged() {
    let (mut f, home, _) = Fixture::new();
    let id = f.clock.now().to_string();
    let edits = anna(&home).edits(&id, None, &f.state()).unwrap();
    f.apply(edits);
    let on = |d: &str| StepInput {
        by: "Lone".into(),
        on: d.into(),
        note: "Set og vurderet".into(),
        ..Default::default()
    };
    f.apply(
        on("2026-01-05")
            .done(&Default::default(), &id, Step::ApplicationReceived, TODAY)
            .unwrap(),
    );
    f.apply(
        on("2026-01-07")
            .done(&f.state().onboarding_of(&id), &id, Step::Screened, TODAY)
            .unwrap(),
    );
    let onboarding = f.state().onboarding_of(&id);
    assert_eq!(
        onboarding.stage(Status::Current),
        Stage::Onboarding(Step::InterviewHeld)
    );
    assert_eq!(
        onboarding.flags(Status::Current, date(2026, 1, 30)),
        [Flag::StepStuck {
            step: Step::InterviewHeld,
            since: date(2026, 1, 7)
        }]
    );

    f.apply(undo_step(&id, Step::Screened));
    assert_eq!(
        f.state().onboarding_of(&id).next_step(),
        Some(Step::Screened)
    );

    let bad = StepInput {
        by: String::new(),
        on: "5/1".into(),
        note: String::new(),
        ..Default::default()
    }
    .done(&f.state().onboarding_of(&id), &id, Step::Screened, TODAY)
    .unwrap_err();
    assert_eq!(bad.problem(Field::By), Some(Problem::Required));
    assert_eq!(bad.problem(Field::Date), Some(Problem::InvalidDate));
}

#[test]
fn a_photo_must_be_a_small_image_and_can_be_removed() {
    use samskab_domain::volunteers::{PHOTO_MAX_BYTES, Photo, export, set_photo};
    let jpeg = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==";
    assert!(Photo::parse(jpeg).is_ok());
    for bad in [
        "",
        "data:text/html;base64,PGI+",
        "data:image/jpeg;base64,<script>",
        "data:image/jpeg;base64,",
        "https://example.com/a.jpg",
    ] {
        assert_eq!(Photo::parse(bad), Err(Problem::NotAPhoto), "{bad:?}");
    }
    let huge = format!("data:image/png;base64,{}", "A".repeat(PHOTO_MAX_BYTES));
    assert_eq!(Photo::parse(&huge), Err(Problem::TooLong));

    let (mut f, home, _) = Fixture::new();
    let anna = f.add_volunteer("Anna Berg", &home);
    f.apply(set_photo(&anna, Some(Photo::parse(jpeg).unwrap())));
    assert_eq!(f.state().volunteer(&anna).unwrap().photo, jpeg);
    assert_eq!(export(&f.state(), &anna).unwrap()["photo"], jpeg);
    f.apply(set_photo(&anna, None));
    assert_eq!(f.state().volunteer(&anna).unwrap().photo, "");
    assert!(export(&f.state(), &anna).unwrap()["photo"].is_null());
}

#[test]
fn steps_wait_for_what_must_come_first_and_the_trial_review_for_the_trials_end() {
    let (mut f, home, _) = Fixture::new();
    let id = f.add_volunteer("Anna Berg", &home);
    let step = |on: &str| StepInput {
        by: "Lone".into(),
        on: on.into(),
        ..Default::default()
    };
    let refused = |f: &Fixture, input: &StepInput, step: Step| {
        input
            .done(&f.state().onboarding_of(&id), &id, step, TODAY)
            .unwrap_err()
    };
    // Screening before the application, a trial before the criminal record.
    let early = refused(&f, &step("2026-01-05"), Step::Screened);
    assert_eq!(early.problem(Field::Step), Some(Problem::StepsMissing));
    assert_eq!(
        f.state()
            .onboarding_of(&id)
            .missing_before(Step::TrialStarted),
        [
            Step::CriminalRecordAssessed,
            Step::ConfidentialitySigned,
            Step::AgreementMade
        ]
    );
    for s in [
        Step::ApplicationReceived,
        Step::InterviewHeld,
        Step::AgreementMade,
    ] {
        f.done(&id, s, "2026-01-05");
    }
    f.done(&id, Step::CriminalRecordAssessed, "2026-01-06");
    let still = refused(&f, &step("2026-01-07"), Step::TrialStarted);
    assert_eq!(still.problem(Field::Step), Some(Problem::StepsMissing));
    f.done(&id, Step::ConfidentialitySigned, "2026-01-06");
    f.apply(
        step("2026-01-07")
            .done(
                &f.state().onboarding_of(&id),
                &id,
                Step::TrialStarted,
                TODAY,
            )
            .unwrap(),
    );

    // A three-month trial from 7 January ends 7 April: reviewable from 24 March.
    let onboarding = f.state().onboarding_of(&id);
    assert_eq!(onboarding.review_from(), Some(date(2026, 3, 24)));
    let same_day = refused(&f, &step("2026-01-07"), Step::TrialReviewed);
    assert_eq!(same_day.problem(Field::Date), Some(Problem::TooEarly));
    // Nor by dating the review ahead, on the day the trial began: no step is done before
    // it has been (and no volunteer is cleared ahead of their papers).
    let ahead = step("2026-04-07")
        .done(&onboarding, &id, Step::TrialReviewed, date(2026, 1, 7))
        .unwrap_err();
    assert_eq!(ahead.problem(Field::Date), Some(Problem::InFuture));
    let papers_ahead = step("2026-01-08")
        .done(&onboarding, &id, Step::AgreementMade, date(2026, 1, 7))
        .unwrap_err();
    assert_eq!(papers_ahead.problem(Field::Date), Some(Problem::InFuture));
    let day_before = refused(&f, &step("2026-03-23"), Step::TrialReviewed);
    assert_eq!(day_before.problem(Field::Date), Some(Problem::TooEarly));
    step("2026-03-24")
        .done(&onboarding, &id, Step::TrialReviewed, TODAY)
        .unwrap();
    // Ended early: possible at once, and recorded.
    let ended = StepInput {
        ended_early: true,
        ..step("2026-02-01")
    };
    f.apply(
        ended
            .done(&onboarding, &id, Step::TrialReviewed, TODAY)
            .unwrap(),
    );
    let review = f.state().onboarding_of(&id).done[&Step::TrialReviewed].clone();
    assert!(review.ended_early);
    assert_eq!(review.on, date(2026, 2, 1));
}

#[test]
fn the_criminal_record_step_keeps_no_note_not_even_one_typed_or_sent() {
    let (mut f, home, _) = Fixture::new();
    let id = f.add_volunteer("Anna Berg", &home);
    let typed = StepInput {
        by: "Lone".into(),
        on: "2026-01-05".into(),
        note: "Betinget dom 2019".into(),
        ..Default::default()
    };
    let edits = typed
        .done(
            &f.state().onboarding_of(&id),
            &id,
            Step::CriminalRecordAssessed,
            TODAY,
        )
        .unwrap();
    assert!(
        !format!("{edits:?}").contains("2019"),
        "the content is never written: {edits:?}"
    );
    f.apply(edits);
    // A note another (older) device sent for the step is not shown either.
    let entity = samskab_domain::op::child_id(&id, Step::CriminalRecordAssessed.key());
    f.apply(vec![samskab_domain::Edit::set(
        samskab_domain::EntityKind::OnboardingStep,
        &entity,
        "note",
        serde_json::Value::from("Betinget dom 2019"),
    )]);
    let done = f.state().onboarding_of(&id).done[&Step::CriminalRecordAssessed].clone();
    assert_eq!(done.note, "");
    assert_eq!(done.by, "Lone");
    // Other steps keep their notes.
    let interview = StepInput {
        note: "Gik godt".into(),
        ..typed
    };
    f.apply(
        interview
            .done(
                &f.state().onboarding_of(&id),
                &id,
                Step::ApplicationReceived,
                TODAY,
            )
            .unwrap(),
    );
    assert_eq!(
        f.state().onboarding_of(&id).done[&Step::ApplicationReceived].note,
        "Gik godt"
    );
}
