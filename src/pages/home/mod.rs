//! "/": each role's own home.

mod employees;
mod our_service;
mod own_tasks;
mod pipeline;

use leptos::prelude::*;
use samskab_domain::screens::Screen;

use super::{MePage, Overview};
use crate::i18n::Key;
use crate::state::{use_programme, use_role, use_settings};
use employees::Employees;
use our_service::OurService;
use pipeline::Pipeline;

/// This device's own partner (from its role) and its name, for a partner's home: the
/// role's own word for the page until the first sync brings the partner's record.
fn own_partner(fallback: Key) -> (Signal<String>, Signal<String>) {
    let role = use_role();
    let state = use_programme().state;
    let settings = use_settings();
    let me = Signal::derive(move || role.subject().unwrap_or_default());
    let name = Signal::derive(move || {
        state
            .with(|s| s.partner(&me.get()).map(|p| p.name.clone()))
            .unwrap_or_else(|| settings.t(fallback).to_owned())
    });
    (me, name)
}

/// The first page: the coordinator's overview, a care service's "Vores tilbud", the
/// volunteer centre's recruitment, a company's employees, a volunteer's "Mig".
#[component]
pub fn Home() -> impl IntoView {
    let role = use_role();
    // A memo: the home is rebuilt only when the role changes, not on every sync.
    let home = Memo::new(move |_| role.home());
    move || match home.get() {
        Screen::OurService => view! { <OurService /> }.into_any(),
        Screen::Pipeline => view! { <Pipeline /> }.into_any(),
        Screen::Employees => view! { <Employees /> }.into_any(),
        Screen::Me => view! { <MePage /> }.into_any(),
        _ => view! { <Overview /> }.into_any(),
    }
}
