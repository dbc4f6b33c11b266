use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::homes::{FirstStep, first_steps};

use crate::i18n::Key;
use crate::state::{use_programme, use_settings};
use crate::sync::use_sync;

/// Where each first step is done, and what it is called.
fn step(step: FirstStep) -> (&'static str, Key) {
    match step {
        FirstStep::AddPartners => ("/parter", Key::FirstAddPartners),
        FirstStep::Share => ("/indstillinger", Key::FirstShare),
        FirstStep::Invite => ("/indstillinger", Key::FirstInvite),
        FirstStep::PlanVisit => ("/besoeg", Key::FirstPlanVisit),
    }
}

/// The coordinator's next steps after creating the programme: add the partners, share,
/// invite, plan the first visit. Each ticks itself when done; the list can be put away,
/// and goes by itself once all are done.
#[component]
pub fn FirstSteps() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let sync = use_sync();
    let steps = Memo::new(move |_| {
        let shared = sync.access.with(Option::is_some);
        state.with(|s| first_steps(s, shared, settings.invited.get()))
    });
    let shown = move || {
        !settings.first_steps_hidden.get() && steps.with(|s| s.iter().any(|(_, done)| !done))
    };
    let items = move || {
        steps
            .get()
            .into_iter()
            .map(|(first, done)| {
                let (href, key) = step(first);
                let status = if done { Key::FirstDone } else { Key::FirstToDo };
                view! {
                    <li class:done=done>
                        <span class="visually-hidden">{move || settings.t(status)} ": "</span>
                        <span aria-hidden="true">{if done { "✓ " } else { "○ " }}</span>
                        <A href=href>{move || settings.t(key)}</A>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=shown>
            <section class="card first-steps" data-testid="first-steps">
                <h2>{move || settings.t(Key::FirstSteps)}</h2>
                <ol class="plain">{items}</ol>
                <button on:click=move |_| {
                    settings.first_steps_hidden.set(true)
                }>{move || settings.t(Key::HideFirstSteps)}</button>
            </section>
        </Show>
    }
}
