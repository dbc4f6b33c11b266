//! Each role's own app: its home, its navigation, the screens it may open and the forms
//! it is offered. Decided here, from the device's [`Access`], in one place: the shell, the
//! routes and the pages ask, and the tests check that what a role is offered is what
//! `scope` lets it push (a hidden action is refused too, never only hidden).
//!
//! A device that does not share (no access) is the coordinator's own.

use crate::scope::{Access, Role};

/// A screen of the app, as navigation and the routes know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    /// The coordinator's home: every partner's progress per phase.
    Overview,
    /// A care service's home: its open tasks, advice, volunteers, visits this week.
    OurService,
    /// The volunteer centre's home: the volunteers from application to referral, and
    /// the network of active volunteers.
    Pipeline,
    /// A company's home: its employees who volunteer, their hours, its tasks.
    Employees,
    /// A volunteer's home: my next visit (where, whom to call), my steps, my hours.
    Me,
    /// A volunteer's "more": my profile, my data, settings.
    More,
    /// The five phases and each partner's tasks.
    Phases,
    /// The 10 pieces of advice per care service.
    Advice,
    /// The partners and their details.
    Partners,
    /// The list of volunteers.
    Volunteers,
    /// One volunteer's page (a volunteer: only their own).
    Volunteer,
    /// The visit schedule (a volunteer: mine, and my care services').
    Visits,
    Reminders,
    /// A care service's common-room board.
    Board,
    /// Results at a glance for a period: the whole programme's for the coordinator, its
    /// own for a care service. Reached from the home.
    Results,
    /// The coordinator's calendar: the guide's meetings of the year. Reached from the home.
    Calendar,
    /// The evaluation: follow-up rounds and evaluation talks, every partner's for the
    /// coordinator, a partner's own for it. Reached from the home.
    Evaluation,
    Settings,
}

/// A form or action a screen may offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Change the programme's own details (municipality, coordinator).
    EditProgramme,
    /// Add, edit and remove partners.
    EditPartners,
    /// Add volunteers, edit and remove them (within the role's scope).
    ManageVolunteers,
    /// Tick and untick onboarding steps, set the trial period, hold status meetings.
    Onboard,
    /// Plan, move and end visit series.
    PlanVisits,
    /// Record a visit as held or cancel it.
    RecordVisits,
    /// Book a volunteer not yet cleared (criminal record, confidentiality), by name.
    AllowUncleared,
    /// Share the programme, invite and manage devices.
    Share,
}

/// The role a device acts in: a device that does not share is the coordinator's.
pub fn role(access: Option<&Access>) -> Role {
    access.map_or(Role::Coordinator, |a| a.role)
}

/// The role's home screen (the app's first page).
pub fn home(access: Option<&Access>) -> Screen {
    match role(access) {
        Role::Coordinator => Screen::Overview,
        Role::CareService => Screen::OurService,
        Role::VolunteerCentre => Screen::Pipeline,
        Role::Company => Screen::Employees,
        Role::Volunteer => Screen::Me,
    }
}

/// The role's navigation, home first: only what the role uses.
pub fn navigation(access: Option<&Access>) -> &'static [Screen] {
    use Screen::*;
    match role(access) {
        Role::Coordinator => &[
            Overview, Phases, Advice, Volunteers, Visits, Partners, Settings,
        ],
        Role::CareService => &[OurService, Phases, Advice, Volunteers, Visits, Settings],
        Role::VolunteerCentre => &[Pipeline, Volunteers, Phases, Settings],
        Role::Company => &[Employees, Phases, Settings],
        Role::Volunteer => &[Me, Visits, More],
    }
}

/// Whether the role may open a screen at all. `item` is the route's subject where it
/// has one: the volunteer of [`Screen::Volunteer`], the care service of
/// [`Screen::Board`] and [`Screen::Advice`]. (Within a screen, the device holds only
/// what its scope lets it see.)
pub fn may_open(access: Option<&Access>, screen: Screen, item: Option<&str>) -> bool {
    let role = role(access);
    let subject = access.and_then(|a| a.subject.as_deref());
    let own = || item.is_none_or(|item| Some(item) == subject);
    match screen {
        // Reachable by every role: the home redirects, reminders and settings are each
        // role's own.
        Screen::Reminders | Screen::Settings => true,
        Screen::Volunteer if role == Role::Volunteer => own(),
        Screen::Board | Screen::Advice if role == Role::CareService => own(),
        // The coordinator's "this is me" (a coordinator who also visits).
        Screen::Me => matches!(role, Role::Coordinator | Role::Volunteer),
        Screen::Phases if role != Role::Volunteer => true,
        Screen::Board | Screen::Partners => role == Role::Coordinator,
        Screen::Results => matches!(role, Role::Coordinator | Role::CareService),
        Screen::Calendar => role == Role::Coordinator,
        Screen::Evaluation => role != Role::Volunteer,
        Screen::Volunteer => navigation(access).contains(&Screen::Volunteers),
        other => navigation(access).contains(&other),
    }
}

/// Whether the role is offered an action. `scope` decides each push anyway; this is what
/// the screens show, and the tests hold the two together.
pub fn may(access: Option<&Access>, action: Action) -> bool {
    let role = role(access);
    match action {
        Action::EditProgramme | Action::EditPartners | Action::Share | Action::AllowUncleared => {
            role == Role::Coordinator
        }
        Action::ManageVolunteers | Action::Onboard => matches!(
            role,
            Role::Coordinator | Role::CareService | Role::VolunteerCentre
        ),
        Action::PlanVisits => matches!(role, Role::Coordinator | Role::CareService),
        Action::RecordVisits => {
            matches!(
                role,
                Role::Coordinator | Role::CareService | Role::Volunteer
            )
        }
    }
}

/// Whether the role may record (held, cancelled) a visit of `volunteer`: a volunteer only
/// their own, even where they see their colleagues' schedule.
pub fn may_record_visit_of(access: Option<&Access>, volunteer: &str) -> bool {
    may(access, Action::RecordVisits)
        && (role(access) != Role::Volunteer
            || access.and_then(|a| a.subject.as_deref()) == Some(volunteer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(role: Role) -> Option<Access> {
        Access::new(role, (role != Role::Coordinator).then(|| "me".to_owned()))
    }

    #[test]
    fn every_role_opens_its_home_and_its_navigation() {
        for role in Role::ALL {
            let access = access(role);
            let nav = navigation(access.as_ref());
            assert_eq!(nav.first(), Some(&home(access.as_ref())), "{role:?}");
            for screen in nav {
                assert!(
                    may_open(access.as_ref(), *screen, None),
                    "{role:?} {screen:?}"
                );
            }
        }
    }

    #[test]
    fn a_device_that_does_not_share_is_the_coordinators() {
        assert_eq!(home(None), Screen::Overview);
        assert_eq!(navigation(None), navigation(Some(&Access::coordinator())));
        assert!(may(None, Action::EditPartners));
    }

    #[test]
    fn a_volunteer_opens_only_their_own_page_and_nothing_of_the_management() {
        let me = access(Role::Volunteer);
        let me = me.as_ref();
        assert!(may_open(me, Screen::Volunteer, Some("me")));
        assert!(!may_open(me, Screen::Volunteer, Some("a colleague")));
        for screen in [
            Screen::Overview,
            Screen::Phases,
            Screen::Advice,
            Screen::Partners,
            Screen::Volunteers,
            Screen::Board,
            Screen::OurService,
        ] {
            assert!(!may_open(me, screen, None), "{screen:?}");
        }
        assert!(may_record_visit_of(me, "me"));
        assert!(!may_record_visit_of(me, "a colleague"));
        assert!(!may(me, Action::PlanVisits));
    }

    #[test]
    fn results_are_the_coordinators_and_a_care_services_own() {
        assert!(may_open(None, Screen::Results, None));
        assert!(may_open(
            access(Role::CareService).as_ref(),
            Screen::Results,
            None
        ));
        for role in [Role::VolunteerCentre, Role::Company, Role::Volunteer] {
            let access = access(role);
            assert!(
                !may_open(access.as_ref(), Screen::Results, None),
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_calendar_is_the_coordinators_alone() {
        assert!(may_open(None, Screen::Calendar, None));
        for role in [
            Role::CareService,
            Role::VolunteerCentre,
            Role::Company,
            Role::Volunteer,
        ] {
            assert!(
                !may_open(access(role).as_ref(), Screen::Calendar, None),
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_evaluation_is_every_partners_but_no_volunteers() {
        assert!(may_open(None, Screen::Evaluation, None));
        for role in [Role::CareService, Role::VolunteerCentre, Role::Company] {
            assert!(
                may_open(access(role).as_ref(), Screen::Evaluation, None),
                "{role:?}"
            );
        }
        assert!(!may_open(
            access(Role::Volunteer).as_ref(),
            Screen::Evaluation,
            None
        ));
    }

    #[test]
    fn a_care_service_opens_its_own_board_only() {
        let leader = access(Role::CareService);
        assert!(may_open(leader.as_ref(), Screen::Board, Some("me")));
        assert!(!may_open(leader.as_ref(), Screen::Board, Some("another")));
        assert!(!may_open(leader.as_ref(), Screen::Partners, None));
        // Its own advice, and the index that leads there; not another's notes.
        assert!(may_open(leader.as_ref(), Screen::Advice, None));
        assert!(may_open(leader.as_ref(), Screen::Advice, Some("me")));
        assert!(!may_open(leader.as_ref(), Screen::Advice, Some("another")));
        assert!(may_open(None, Screen::Board, Some("any")));
        for role in [Role::VolunteerCentre, Role::Company, Role::Volunteer] {
            let access = access(role);
            assert!(
                !may_open(access.as_ref(), Screen::Board, Some("me")),
                "{role:?}"
            );
        }
    }
}
