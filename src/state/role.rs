//! The role this device acts in, as its screens see it: one context from which the shell,
//! the routes and the pages take what `samskab_domain::screens` decides.

use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::scope::{Access, Role};
use samskab_domain::screens::{self, Action, Screen};

use crate::sync::SyncEngine;

/// This device's role and subject (reactive).
#[derive(Clone, Copy)]
pub struct RoleApp(Memo<Option<Access>>);

impl RoleApp {
    fn with<T>(&self, f: impl FnOnce(Option<&Access>) -> T) -> T {
        self.0.with(|access| f(access.as_ref()))
    }

    pub fn role(&self) -> Role {
        self.with(screens::role)
    }

    /// The partner or volunteer this device acts for; `None` for the coordinator.
    pub fn subject(&self) -> Option<String> {
        self.0.with(|a| a.as_ref().and_then(|a| a.subject.clone()))
    }

    /// The volunteer this device is, if it joined as one.
    pub fn volunteer(&self) -> Option<String> {
        self.with(volunteer_of)
    }

    /// The device's access (`None`: the coordinator's own device), for rules that take it.
    pub fn access_untracked(&self) -> Option<Access> {
        self.0.get_untracked()
    }

    pub fn role_untracked(&self) -> Role {
        self.0.with_untracked(|a| screens::role(a.as_ref()))
    }

    pub fn volunteer_untracked(&self) -> Option<String> {
        self.0.with_untracked(|a| volunteer_of(a.as_ref()))
    }

    /// Whether this device may tick a partner's tasks or advice (any, unless it shares in
    /// a limited role).
    pub fn may_tick(&self, kind: EntityKind, partner: &str) -> bool {
        self.with(|a| a.is_none_or(|a| a.may_tick(kind, partner)))
    }

    pub fn home(&self) -> Screen {
        self.with(screens::home)
    }

    pub fn navigation(&self) -> &'static [Screen] {
        self.with(screens::navigation)
    }

    pub fn may_open(&self, screen: Screen, item: Option<&str>) -> bool {
        self.with(|a| screens::may_open(a, screen, item))
    }

    pub fn may(&self, action: Action) -> bool {
        self.with(|a| screens::may(a, action))
    }

    pub fn may_record_visit_of(&self, volunteer: &str) -> bool {
        self.with(|a| screens::may_record_visit_of(a, volunteer))
    }
}

fn volunteer_of(access: Option<&Access>) -> Option<String> {
    access
        .filter(|a| a.role == Role::Volunteer)
        .and_then(|a| a.subject.clone())
}

pub fn provide_role(sync: SyncEngine) {
    provide_context(RoleApp(Memo::new(move |_| sync.acting_as())));
}

#[track_caller]
pub fn use_role() -> RoleApp {
    expect_context::<RoleApp>()
}
