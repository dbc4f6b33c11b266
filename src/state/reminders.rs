//! The reminders every screen may show: one memo shared by the badge and the list.

use leptos::prelude::*;
use samskab_domain::reminders::{Reminder, meetings, reminders};

use samskab_domain::scope::Role;

use super::{use_programme, use_role, use_settings};

/// Today's reminders as this device's role sees them (see `provide_reminders`).
#[derive(Clone, Copy)]
pub struct Reminders(pub Memo<Vec<Reminder>>);

pub fn provide_reminders() {
    let state = use_programme().state;
    let me = use_settings().me;
    let role = use_role();
    let memo = Memo::new(move |_| {
        let today = crate::time::today();
        // A volunteer's device is theirs by its invite; "this is me" is the coordinator's
        // (a partner's device may have had one before it joined). A company acts on none
        // of them: its employees' screening is not its business.
        let me = match role.role() {
            Role::Company => return Vec::new(),
            Role::Volunteer => role.volunteer(),
            Role::Coordinator => me.get(),
            Role::CareService | Role::VolunteerCentre => None,
        };
        state.with(|s| {
            let mut all = reminders(s, today, me.as_deref());
            // The calendar is the coordinator's (other devices hold none of it, but the
            // programme's start, from which its default dates count, is everyone's).
            if role.role() == Role::Coordinator {
                all.extend(meetings(s, today));
            }
            all
        })
    });
    provide_context(Reminders(memo));
}

#[track_caller]
pub fn use_reminders() -> Memo<Vec<Reminder>> {
    expect_context::<Reminders>().0
}
