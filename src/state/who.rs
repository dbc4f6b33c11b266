//! Who is ticking or cancelling on this device, for the "who" fields: asked once per
//! device, then suggested.

use leptos::prelude::*;
use samskab_domain::scope::Role;

use super::{RoleApp, Settings, use_programme, use_role, use_settings};
use samskab_domain::ProgrammeState;

/// The name a "who" field starts with, and the device's memory of it.
#[derive(Clone, Copy)]
pub struct Who {
    settings: Settings,
    role: RoleApp,
    state: ReadSignal<ProgrammeState>,
}

impl Who {
    /// The name this device was given; else the volunteer the device is, or on the
    /// coordinator's own device the coordinator. A partner's device (a tablet several
    /// people use) gets nothing until someone types a name, so no one ticks in
    /// another's name.
    pub fn suggest(&self) -> String {
        let given = self.settings.my_name.get_untracked();
        if !given.trim().is_empty() {
            return given;
        }
        let role = self.role.role_untracked();
        self.state
            .with_untracked(|s| match role {
                Role::Volunteer => self
                    .role
                    .volunteer_untracked()
                    .and_then(|id| s.volunteer(&id).map(|v| v.name.clone())),
                Role::Coordinator => s.programme.as_ref().map(|p| p.coordinator.clone()),
                Role::CareService | Role::VolunteerCentre | Role::Company => None,
            })
            .unwrap_or_default()
    }

    /// Keeps the first name typed on this device, to suggest next time (Settings can
    /// change it).
    pub fn remember(&self, name: &str) {
        if self.settings.my_name.get_untracked().trim().is_empty() && !name.trim().is_empty() {
            self.settings.my_name.set(name.trim().to_owned());
        }
    }
}

#[track_caller]
pub fn use_who() -> Who {
    Who {
        settings: use_settings(),
        role: use_role(),
        state: use_programme().state,
    }
}
