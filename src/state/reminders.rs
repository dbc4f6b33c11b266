//! The reminders every screen may show: one memo shared by the badge and the list.

use chrono::Local;
use leptos::prelude::*;
use samskab_domain::reminders::{Reminder, reminders};

use samskab_domain::scope::Role;

use super::{use_programme, use_role, use_settings};

/// Today's reminders; only the device user's own when "this is me" is chosen.
#[derive(Clone, Copy)]
pub struct Reminders(pub Memo<Vec<Reminder>>);

pub fn provide_reminders() {
    let state = use_programme().state;
    let me = use_settings().me;
    let role = use_role();
    let memo = Memo::new(move |_| {
        let today = Local::now().date_naive();
        // A volunteer's device is theirs by its invite, whatever "this is me" says.
        let me = match role.role() {
            Role::Volunteer => role.subject(),
            _ => me.get(),
        };
        state.with(|s| reminders(s, today, me.as_deref()))
    });
    provide_context(Reminders(memo));
}

#[track_caller]
pub fn use_reminders() -> Memo<Vec<Reminder>> {
    expect_context::<Reminders>().0
}
