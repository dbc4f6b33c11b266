//! Forms, the state derived from the op-log, and progress.

use crate::common::Fixture;
use samskab_domain::entities::{
    AdviceTickInput, PartnerInput, ProgrammeInput, TaskTickInput, remove_partner, untick_task,
};
use samskab_domain::model::{CareKind, PHASES, PartnerKind};
use samskab_domain::progress::{self, Progress};
use samskab_domain::validate::{Field, Problem};

fn care(name: &str) -> PartnerInput {
    PartnerInput {
        kind: PartnerKind::CareService,
        name: name.into(),
        care_kind: Some(CareKind::Residential),
        leader: "Lone".into(),
        contact_person: "Karim".into(),
        contact: String::new(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
    }
}

#[test]
fn creating_a_programme_makes_the_municipality_its_first_partner() {
    let state = Fixture::programme().state();
    let programme = state.programme.as_ref().unwrap();
    assert_eq!(
        (
            programme.municipality.as_str(),
            programme.coordinator.as_str()
        ),
        ("Aarhus Kommune", "Mette")
    );
    assert_eq!(state.partners.len(), 1);
    assert_eq!(state.partners[0].kind, PartnerKind::Municipality);
    assert_eq!(state.partners[0].name, "Aarhus Kommune");
}

#[test]
fn a_programme_needs_both_names() {
    let invalid = ProgrammeInput {
        municipality: " ".into(),
        coordinator: "x".repeat(81),
    }
    .create(String::new)
    .unwrap_err();
    assert_eq!(
        invalid.problem(Field::Municipality),
        Some(Problem::Required)
    );
    assert_eq!(invalid.problem(Field::Coordinator), Some(Problem::TooLong));
}

#[test]
fn partners_are_validated_as_a_whole() {
    let mut f = Fixture::programme();
    f.add(care("Solhaven")).unwrap();

    let duplicate = f.add(care(" solhaven ")).unwrap_err();
    assert_eq!(duplicate.problem(Field::Name), Some(Problem::Duplicate));

    let mut no_kind = care("Skovbo");
    no_kind.care_kind = None;
    no_kind.leader = "x".repeat(81);
    let invalid = f.add(no_kind).unwrap_err();
    assert_eq!(invalid.problem(Field::CareKind), Some(Problem::Required));
    assert_eq!(invalid.problem(Field::Leader), Some(Problem::TooLong));

    let second_municipality = PartnerInput {
        kind: PartnerKind::Municipality,
        ..care("Odense")
    };
    assert_eq!(
        f.add(second_municipality).unwrap_err().problem(Field::Kind),
        Some(Problem::OnlyOne)
    );

    let empty = f.add(care("")).unwrap_err();
    assert_eq!(empty.problem(Field::Name), Some(Problem::Required));

    // Nothing of the refused forms was saved.
    assert_eq!(f.state().partners.len(), 2);
}

#[test]
fn editing_a_partner_changes_only_what_changed() {
    let mut f = Fixture::programme();
    let id = f.add(care("Solhaven")).unwrap();
    let state = f.state();
    let current = state.partner(&id).unwrap();
    let mut input = PartnerInput::from_partner(current);
    input.leader = "Birgit".into();
    let edits = input.edits(&id, Some(current), &state).unwrap();
    assert_eq!(edits.len(), 1);
    // Keeping its own name is not a duplicate.
    f.apply(edits);
    assert_eq!(f.state().partner(&id).unwrap().leader, "Birgit");
}

#[test]
fn fields_of_other_kinds_are_not_stored() {
    let mut f = Fixture::programme();
    let company = PartnerInput {
        kind: PartnerKind::Company,
        contact: "Jens".into(),
        ..care("Bravo IT")
    };
    let id = f.add(company).unwrap();
    let state = f.state();
    let partner = state.partner(&id).unwrap();
    assert_eq!(
        (
            partner.care_kind,
            partner.leader.as_str(),
            partner.contact.as_str()
        ),
        (None, "", "Jens")
    );
}

#[test]
fn ticks_record_who_when_and_note_and_can_be_undone() {
    let mut f = Fixture::programme();
    let home = f.add(care("Solhaven")).unwrap();
    let tick = TaskTickInput {
        by: "Lone".into(),
        at: "2026-11-23T10:42:00+01:00".into(),
        note: "Aftalt på mødet".into(),
    };
    f.apply(tick.tick(&home, "p1.care_service.map_needs").unwrap());
    let state = f.state();
    let t = state.task_tick(&home, "p1.care_service.map_needs").unwrap();
    assert!(t.done);
    assert_eq!(t.by, "Lone");
    assert_eq!(t.at.unwrap().to_rfc3339(), "2026-11-23T09:42:00+00:00");
    assert_eq!(t.note, "Aftalt på mødet");

    f.apply(untick_task(&home, "p1.care_service.map_needs"));
    assert!(
        !f.state()
            .task_tick(&home, "p1.care_service.map_needs")
            .unwrap()
            .done
    );

    let bad = TaskTickInput {
        by: String::new(),
        at: "nu".into(),
        note: String::new(),
    }
    .tick(&home, "x")
    .unwrap_err();
    assert_eq!(bad.problem(Field::By), Some(Problem::Required));
    assert_eq!(bad.problem(Field::At), Some(Problem::InvalidDate));
}

#[test]
fn progress_counts_each_partner_per_phase_and_the_advice() {
    let mut f = Fixture::programme();
    let a = f.add(care("Solhaven")).unwrap();
    let b = f.add(care("Skovbo")).unwrap();
    let tick = TaskTickInput {
        by: "Lone".into(),
        at: "2026-11-23T10:00:00Z".into(),
        note: String::new(),
    };
    for task in [
        "p1.care_service.map_needs",
        "p1.care_service.appoint_contact",
        "p1.care_service.goals_with_citizens",
    ] {
        f.apply(tick.tick(&a, task).unwrap());
    }
    f.apply(tick.tick(&b, "p2.care_service.invite_interview").unwrap());
    for advice in ["advice.01.know_when", "advice.05.backing"] {
        f.apply(
            AdviceTickInput {
                done: true,
                by: "Lone Leder".into(),
                note: String::new(),
                date: "2026-11-23".into(),
            }
            .edits(&a, advice)
            .unwrap(),
        );
    }
    // Unticked advice with a note does not count.
    f.apply(
        AdviceTickInput {
            done: false,
            by: String::new(),
            note: "Snart".into(),
            date: "2026-11-23".into(),
        }
        .edits(&a, "advice.02.introduction")
        .unwrap(),
    );

    let state = f.state();
    let home_a = state.partner(&a).unwrap();
    assert_eq!(
        progress::partner_phase(&state, home_a, &PHASES[0]),
        Progress { done: 3, total: 4 }
    );
    // Phase 1: municipality 4 + two care services 4 each.
    assert_eq!(
        progress::phase(&state, &PHASES[0]),
        Progress { done: 3, total: 12 }
    );
    assert_eq!(
        progress::phase(&state, &PHASES[1]),
        Progress {
            done: 1,
            total: 3 + 4 + 4
        }
    );
    assert_eq!(
        progress::advice(&state, home_a),
        Some(Progress { done: 2, total: 10 })
    );
    assert_eq!(progress::advice(&state, &state.partners[0]), None);
    assert_eq!(Progress { done: 3, total: 4 }.percent(), 75);
    assert_eq!(Progress::default().percent(), 0);

    // Removing a partner removes its ticks from the count.
    let edits = remove_partner(&state, &a);
    f.apply(edits);
    let state = f.state();
    assert_eq!(
        progress::phase(&state, &PHASES[0]),
        Progress { done: 0, total: 8 }
    );
    assert!(state.task_ticks.keys().all(|(p, _)| p != &a));
}

#[test]
fn advice_needs_a_valid_date() {
    let invalid = AdviceTickInput {
        done: true,
        by: String::new(),
        note: "x".repeat(1001),
        date: "31-12-2026".into(),
    }
    .edits("p", "a")
    .unwrap_err();
    assert_eq!(invalid.problem(Field::Date), Some(Problem::InvalidDate));
    assert_eq!(invalid.problem(Field::Note), Some(Problem::TooLong));
    assert_eq!(
        invalid.problem(Field::By),
        Some(Problem::Required),
        "a tick says who ticked it"
    );
}

#[test]
fn an_advice_tick_records_who_ticked_it() {
    let (mut f, home, _) = Fixture::new();
    let tick = |done: bool, by: &str| AdviceTickInput {
        done,
        by: by.into(),
        note: String::new(),
        date: "2026-11-23".into(),
    };
    f.apply(
        tick(true, " Lone Leder ")
            .edits(&home, "advice.01.know_when")
            .unwrap(),
    );
    let state = f.state();
    let ticked = state.advice_tick(&home, "advice.01.know_when").unwrap();
    assert_eq!((ticked.done, ticked.by.as_str()), (true, "Lone Leder"));
    // Unticking needs no name and keeps the one it had.
    f.apply(tick(false, "").edits(&home, "advice.01.know_when").unwrap());
    let state = f.state();
    let unticked = state.advice_tick(&home, "advice.01.know_when").unwrap();
    assert_eq!((unticked.done, unticked.by.as_str()), (false, "Lone Leder"));
}

#[test]
fn a_partner_has_an_address_phone_and_e_mail_all_checked() {
    let (mut f, home, _) = Fixture::new();
    let state = f.state();
    let current = state.partner(&home).unwrap().clone();
    let mut input = PartnerInput::from_partner(&current);
    input.address = "Solvej 4\n8000 Aarhus C".into();
    input.phone = "86 12 34 56".into();
    input.email = "solhaven@aarhus.dk".into();
    f.apply(input.edits(&home, Some(&current), &state).unwrap());
    let partner = f.state().partner(&home).unwrap().clone();
    assert_eq!(partner.address, "Solvej 4\n8000 Aarhus C");
    assert_eq!(partner.phone, "86123456");
    assert_eq!(partner.email, "solhaven@aarhus.dk");

    let mut bad = PartnerInput::from_partner(&partner);
    bad.phone = "ring mig".into();
    bad.email = "ikke en adresse".into();
    bad.address = "a\nb\nc\nd".into();
    let state = f.state();
    let invalid = bad.edits(&home, Some(&partner), &state).unwrap_err();
    assert_eq!(invalid.problem(Field::Phone), Some(Problem::InvalidPhone));
    assert_eq!(invalid.problem(Field::Email), Some(Problem::InvalidEmail));
    assert_eq!(invalid.problem(Field::Address), Some(Problem::TooLong));
    bad.address = "x".repeat(201);
    let invalid = bad.edits(&home, Some(&partner), &state).unwrap_err();
    assert_eq!(invalid.problem(Field::Address), Some(Problem::TooLong));
    // Emptied again, they are removed.
    let mut cleared = PartnerInput::from_partner(&partner);
    cleared.address.clear();
    cleared.phone.clear();
    f.apply(cleared.edits(&home, Some(&partner), &state).unwrap());
    let partner = f.state().partner(&home).unwrap().clone();
    assert_eq!((partner.address.as_str(), partner.phone.as_str()), ("", ""));
}

#[test]
fn a_partner_with_a_tick_of_a_task_the_model_no_longer_has_can_still_be_removed() {
    let mut f = Fixture::programme();
    let home = f.add(care("Solhaven")).unwrap();
    let tick = TaskTickInput {
        by: "Bo".into(),
        at: "2026-11-23T10:42:00+01:00".into(),
        note: String::new(),
    };
    f.apply(tick.tick(&home, "p1.care_service.map_needs").unwrap());
    // A tick another version of the app made, of a task this version does not know.
    let mut state = f.state();
    let mut gone = state.task_ticks.values().next().unwrap().clone();
    gone.task = "p1.care_service.retired".into();
    state
        .task_ticks
        .insert((home.clone(), gone.task.clone()), gone);
    // Every edit is one another device (and this one) accepts; the partner goes.
    let edits = remove_partner(&state, &home);
    assert_eq!(edits.len(), 2, "the partner and the tick of a known task");
    f.apply(edits);
    assert!(f.state().partner(&home).is_none());
}
