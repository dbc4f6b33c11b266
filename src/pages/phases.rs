use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::{PHASES, progress};

use crate::components::ProgressBar;
use crate::i18n::{Key, fill};
use crate::state::{use_programme, use_settings};

/// The five phases of the collaboration model, each with its overall progress.
#[component]
pub fn Phases() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let items = PHASES.iter().map(|phase| {
        let lang = move || settings.lang.get();
        view! {
            <li class="card phase-link">
                <A href=format!("/faser/{}", phase.number)>
                    <span class="phase-number">
                        {move || fill(settings.t(Key::PhaseN), &[("n", &phase.number.to_string())])}
                    </span>
                    <span class="phase-title">{move || phase.title.get(lang())}</span>
                    <span class="phase-focus">{move || phase.focus.get(lang())}</span>
                </A>
                <ProgressBar
                    label=Signal::derive(move || settings.t(Key::AllPartners).to_owned())
                    progress=Signal::derive(move || state.with(|s| progress::phase(s, phase)))
                />
            </li>
        }
    });
    view! {
        <h1>{move || settings.t(Key::NavPhases)}</h1>
        <ol class="phase-list">{items.collect_view()}</ol>
    }
}
