//! "/": each role's own home.

mod employees;
mod our_service;
mod own_tasks;
mod pipeline;

use leptos::prelude::*;
use samskab_domain::screens::Screen;

use super::{MePage, Overview};
use crate::state::use_role;
use employees::Employees;
use our_service::OurService;
use pipeline::Pipeline;

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
