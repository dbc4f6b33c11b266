//! What each role's screens offer is what its pushes may do: a form a role is shown is one
//! the server takes from it, and a form it is not shown is refused when forced.

use crate::common::{Fixture, TODAY};
use chrono::NaiveDate;
use samskab_domain::entities::{PartnerInput, ProgrammeInput, TaskTickInput};
use samskab_domain::model::{CareKind, PartnerKind};
use samskab_domain::onboarding::Step;
use samskab_domain::schedule::{Recurrence, TimeSlot};
use samskab_domain::scope::{Access, Role, ScopeIndex, Sight};
use samskab_domain::screens::{Action, may, may_record_visit_of};
use samskab_domain::visits::{HeldInput, VisitInput, cancel, move_to};
use samskab_domain::volunteers::{StepInput, VolunteerInput};
use samskab_domain::{Edit, EntityKind, Op};

struct Programme {
    fixture: Fixture,
    care_service: String,
    centre: String,
    company: String,
    /// Anna, at the care service, from the company, with a weekly visit.
    anna: String,
    visit: String,
    /// Bo, Anna's colleague at the care service, with a visit of his own.
    bo_visit: String,
    /// Carl, at the care service, not yet cleared for visits.
    carl: String,
}

fn programme() -> Programme {
    let (mut fixture, care_service, company) = Fixture::new();
    let centre = fixture.add_partner(PartnerKind::VolunteerCentre, "Frivilligcenter Aarhus");
    let anna = fixture.new_id();
    let edits = VolunteerInput {
        name: "Anna Berg".into(),
        phone: "12345678".into(),
        care_services: vec![care_service.clone()],
        company: Some(company.clone()),
        ..Default::default()
    }
    .edits(&anna, None, &fixture.state())
    .unwrap();
    fixture.apply(edits);
    let bo = fixture.add_volunteer("Bo Dahl", &care_service);
    fixture.clear(&anna);
    fixture.clear(&bo);
    let carl = fixture.add_volunteer("Carl Holm", &care_service);
    let visit = plan(&mut fixture, &anna, &care_service);
    let bo_visit = plan(&mut fixture, &bo, &care_service);
    Programme {
        fixture,
        care_service,
        centre,
        company,
        anna,
        visit,
        bo_visit,
        carl,
    }
}

fn plan(fixture: &mut Fixture, volunteer: &str, care_service: &str) -> String {
    let id = fixture.new_id();
    let input = weekly(volunteer, care_service);
    let plan = input.plan(&id, &fixture.state(), day(1), day(90)).unwrap();
    fixture.apply(plan.edits);
    id
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n)
}

fn weekly(volunteer: &str, care_service: &str) -> VisitInput {
    VisitInput {
        volunteer: volunteer.into(),
        care_service: care_service.into(),
        first: "2026-01-06".into(),
        start: "10:00".into(),
        end: "12:00".into(),
        recurrence: Some(Recurrence::Weekly),
        until: "2026-03-31".into(),
        activity: "IT-café".into(),
        ..Default::default()
    }
}

impl Programme {
    fn access(&self, role: Role) -> Access {
        let subject = match role {
            Role::Coordinator => None,
            Role::CareService => Some(&self.care_service),
            Role::VolunteerCentre => Some(&self.centre),
            Role::Company => Some(&self.company),
            Role::Volunteer => Some(&self.anna),
        };
        Access::new(role, subject.cloned()).unwrap()
    }

    /// The edits the screen's form for `action` makes (`Share` is no push: the server's
    /// own routes check it).
    fn edits(&self, action: Action) -> Option<Vec<Edit>> {
        let state = self.fixture.state();
        let new_id = self.fixture.new_id();
        Some(match action {
            Action::EditProgramme => ProgrammeInput {
                municipality: "Aarhus Kommune (ny)".into(),
                coordinator: "Mette".into(),
            }
            .update(state.programme.as_ref().unwrap())
            .unwrap(),
            Action::EditPartners => PartnerInput {
                kind: PartnerKind::CareService,
                name: "Skovbo".into(),
                care_kind: Some(CareKind::Residential),
                leader: String::new(),
                contact_person: String::new(),
                contact: String::new(),
                address: String::new(),
                phone: String::new(),
                email: String::new(),
            }
            .edits(&new_id, None, &state)
            .unwrap(),
            Action::ManageVolunteers => VolunteerInput {
                name: "Carl Holm".into(),
                phone: "33333333".into(),
                care_services: vec![self.care_service.clone()],
                ..Default::default()
            }
            .edits(&new_id, None, &state)
            .unwrap(),
            Action::Onboard => StepInput {
                by: "Karim".into(),
                on: "2026-01-02".into(),
                note: String::new(),
                ..Default::default()
            }
            .done(
                &state.onboarding_of(&self.anna),
                &self.anna,
                Step::ApplicationReceived,
                TODAY,
            )
            .unwrap(),
            Action::PlanVisits => {
                weekly(&self.anna, &self.care_service)
                    .plan(&new_id, &state, day(1), day(90))
                    .unwrap()
                    .edits
            }
            Action::RecordVisits => self.held(&self.visit),
            Action::AllowUncleared => {
                VisitInput {
                    allowed_uncleared_by: "Mette".into(),
                    ..weekly(&self.carl, &self.care_service)
                }
                .plan(&new_id, &state, day(1), day(90))
                .unwrap()
                .edits
            }
            Action::Share => return None,
        })
    }

    fn held(&self, visit: &str) -> Vec<Edit> {
        HeldInput {
            hours: "2".into(),
            residents: "4".into(),
            note: String::new(),
        }
        .edits(visit, day(5))
        .unwrap()
    }

    fn pushed(&self, access: &Access, edits: Vec<Edit>) -> bool {
        let mut index = ScopeIndex::default();
        for (seq, op) in self.fixture.ops.iter().enumerate() {
            index.add(seq as i64 + 1, op);
        }
        let ops: Vec<Op> = edits
            .into_iter()
            .map(|e| e.stamped(self.fixture.clock.now()))
            .collect();
        index.check_push(access, &ops).is_ok()
    }
}

#[test]
fn every_form_a_role_is_offered_is_taken_from_it_and_every_other_is_refused() {
    let programme = programme();
    let actions = [
        Action::EditProgramme,
        Action::EditPartners,
        Action::ManageVolunteers,
        Action::Onboard,
        Action::PlanVisits,
        Action::RecordVisits,
        Action::AllowUncleared,
    ];
    for role in Role::ALL {
        let access = programme.access(role);
        for action in actions {
            let edits = programme.edits(action).unwrap();
            assert_eq!(
                programme.pushed(&access, edits),
                may(Some(&access), action),
                "{role:?} {action:?}"
            );
        }
    }
}

#[test]
fn a_volunteer_records_their_own_visits_and_not_a_colleagues() {
    let programme = programme();
    let anna = programme.access(Role::Volunteer);
    assert!(may_record_visit_of(Some(&anna), &programme.anna));
    assert!(programme.pushed(&anna, programme.held(&programme.visit)));
    assert!(!programme.pushed(&anna, programme.held(&programme.bo_visit)));
    // She cancels her own, but moving one is planning: refused, though it is hers.
    assert!(programme.pushed(&anna, cancel(&programme.visit, day(5))));
    let slot = TimeSlot::parse("14:00", "15:00").unwrap();
    let moved = move_to(&programme.visit, day(5), day(6), slot);
    assert!(!programme.pushed(&anna, moved.clone()));
    let leader = programme.access(Role::CareService);
    assert!(programme.pushed(&leader, moved));
}

#[test]
fn the_volunteer_centre_and_a_company_see_the_others_progress_but_not_their_notes() {
    let mut programme = programme();
    let task = samskab_domain::PHASES[0]
        .tasks_for(PartnerKind::CareService)
        .next()
        .unwrap();
    let edits = TaskTickInput {
        by: "Karim".into(),
        at: "2026-01-05T10:00:00+01:00".into(),
        note: "Beboerne på 2. sal vil gerne lære at videoringe".into(),
    }
    .tick(&programme.care_service, task.id)
    .unwrap();
    programme.fixture.apply(edits);
    let mut index = ScopeIndex::default();
    for (seq, op) in programme.fixture.ops.iter().enumerate() {
        index.add(seq as i64 + 1, op);
    }
    let tick: Vec<&Op> = programme
        .fixture
        .ops
        .iter()
        .filter(|op| op.kind == EntityKind::TaskTick)
        .collect();
    let is_note = |op: &Op| format!("{op:?}").contains("videoringe");
    assert!(tick.iter().any(|op| is_note(op)));
    for role in Role::ALL {
        let access = programme.access(role);
        for op in &tick {
            let seen = index.sees(&access, op);
            let expected = match (role, is_note(op)) {
                (Role::Volunteer, _) => seen.clone(),
                (Role::VolunteerCentre | Role::Company, true) => Sight::Hidden,
                _ => Sight::Whole,
            };
            assert_eq!(seen, expected, "{role:?} {op:?}");
        }
    }
}
