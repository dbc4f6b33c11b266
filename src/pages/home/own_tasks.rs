use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::homes::{current_phase, open_tasks};
use samskab_domain::{PHASES, progress};

use crate::components::ProgressBar;
use crate::i18n::{Key, fill};
use crate::state::{use_programme, use_settings};

/// A partner's own tasks: what is open in the phase it works in now, and its progress in
/// every phase (each opening the phase).
#[component]
pub fn OwnTasks(partner: Signal<String>) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let now = Memo::new(move |_| {
        state.with(|s| {
            let partner = s.partner(&partner.get())?;
            let phase = current_phase(s, partner);
            let open: Vec<&'static str> = open_tasks(s, partner, phase)
                .into_iter()
                .map(|t| t.text.get(settings.lang.get()))
                .collect();
            Some((phase.number, phase.title.get(settings.lang.get()), open))
        })
    });
    let current = move || {
        now.get().map(|(number, title, open)| {
            let heading = format!(
                "{} · {title}",
                fill(settings.t(Key::PhaseN), &[("n", &number.to_string())])
            );
            let tasks = if open.is_empty() {
                view! { <p class="muted">{settings.t(Key::AllOurTasksDone)}</p> }.into_any()
            } else {
                let items = open
                    .into_iter()
                    .map(|t| view! { <li>{t}</li> })
                    .collect_view();
                view! { <ul>{items}</ul> }.into_any()
            };
            view! {
                <p class="eyebrow">{settings.t(Key::OurTasksNow)}</p>
                <h2>{heading}</h2>
                {tasks}
                <A href=format!(
                    "/faser/{number}",
                )>{fill(settings.t(Key::ToPhase), &[("n", &number.to_string())])}</A>
            }
        })
    };
    let bars = PHASES
        .iter()
        .map(|phase| {
            let label = Signal::derive(move || {
                format!(
                    "{} · {}",
                    fill(settings.t(Key::PhaseN), &[("n", &phase.number.to_string())]),
                    phase.title.get(settings.lang.get())
                )
            });
            let count = Signal::derive(move || {
                state.with(|s| {
                    s.partner(&partner.get())
                        .map(|p| progress::partner_phase(s, p, phase))
                        .unwrap_or_default()
                })
            });
            view! { <ProgressBar label=label progress=count /> }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="own-tasks">
            {current}
        </section>
        <section class="card" data-testid="own-progress">
            <h2>{move || settings.t(Key::OurProgress)}</h2>
            {bars}
            // Phase 5's follow-up: the partner's own answers (and a care service's talks).
            <p>
                <A href="/evaluering" attr:class="button" attr:data-testid="evaluation-link">
                    {move || settings.t(Key::EvaluationLink)}
                </A>
            </p>
        </section>
    }
}
