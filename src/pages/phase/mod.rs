mod task_item;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use samskab_domain::EntityKind;
use samskab_domain::csv::{self, Format, TaskFilter};
use samskab_domain::model::{self, Phase};
use samskab_domain::progress;

use crate::components::{CsvDownload, ProgressBar};
use crate::i18n::{Key, fill};
use crate::pages::NotFound;
use crate::panels::partner_lock;
use crate::state::{use_programme, use_settings};
use task_item::TaskItem;

/// One phase: its tips and reminders, and every partner's tasks to tick off.
#[component]
pub fn PhasePage() -> impl IntoView {
    let params = use_params_map();
    let phase = move || {
        params.with(|p| {
            p.get("n")
                .and_then(|n| n.parse::<u8>().ok())
                .and_then(model::phase)
        })
    };
    move || match phase() {
        Some(phase) => view! { <PhaseView phase=phase /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn PhaseView(phase: &'static Phase) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let lang = move || settings.lang.get();
    let tips = phase.tips.iter().map(|tip| {
        let prefix = move || {
            tip.partner.map(|kind| {
                fill(
                    settings.t(Key::ReminderFor),
                    &[("kind", &kind.label().get(lang()).to_lowercase())],
                ) + ": "
            })
        };
        view! {
            <li>
                <strong>{prefix}</strong>
                {move || tip.text.get(lang())}
            </li>
        }
    });
    let partner_ids =
        move || state.with(|s| s.partners.iter().map(|p| p.id.clone()).collect::<Vec<_>>());
    let tasks_csv = Callback::new(move |()| {
        let filter = TaskFilter {
            phase: Some(phase),
            partner: None,
        };
        let format = Format::new(settings.lang.get_untracked());
        state.with_untracked(|s| csv::tasks(s, filter, format))
    });
    view! {
        <p class="eyebrow">
            {move || fill(settings.t(Key::PhaseN), &[("n", &phase.number.to_string())])}
        </p>
        <h1>{move || phase.title.get(lang())}</h1>
        <p class="subtitle">{move || phase.focus.get(lang())}</p>
        <p class="phase-intro" data-testid="phase-intro">
            {move || phase.intro.get(lang())}
        </p>
        <section class="card tips" data-testid="tips">
            <h2>{move || settings.t(Key::Tips)}</h2>
            <ul>{tips.collect_view()}</ul>
        </section>
        <Show
            when=move || state.with(|s| !s.partners.is_empty())
            fallback=move || {
                view! {
                    <p class="card">
                        {move || settings.t(Key::NoPartnersYet)} " "
                        <A href="/parter">{move || settings.t(Key::GoToPartners)}</A>
                    </p>
                }
            }
        >
            <div class="grid">
                <For each=partner_ids key=|id| id.clone() let:partner_id>
                    <PartnerTasks phase=phase partner_id=partner_id />
                </For>
            </div>
            <div class="actions export">
                <CsvDownload
                    name=format!("samskab-fase-{}", phase.number)
                    content=tasks_csv
                    testid="tasks-csv"
                />
            </div>
        </Show>
        <nav class="pager" aria-label=move || settings.t(Key::NavPhases)>
            {(phase.number > 1)
                .then(|| {
                    view! {
                        <A href=format!(
                            "/faser/{}",
                            phase.number - 1,
                        )>
                            "← "
                            {move || fill(
                                settings.t(Key::PhaseN),
                                &[("n", &(phase.number - 1).to_string())],
                            )}
                        </A>
                    }
                })}
            {(phase.number < 5)
                .then(|| {
                    view! {
                        <A href=format!(
                            "/faser/{}",
                            phase.number + 1,
                        )>
                            {move || fill(
                                settings.t(Key::PhaseN),
                                &[("n", &(phase.number + 1).to_string())],
                            )} " →"
                        </A>
                    }
                })}
        </nav>
    }
}

/// One partner's tasks in a phase.
#[component]
fn PartnerTasks(phase: &'static Phase, partner_id: String) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let partner = {
        let id = partner_id.clone();
        Memo::new(move |_| state.with(|s| s.partner(&id).cloned()))
    };
    let name = Signal::derive(move || {
        partner.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())
    });
    let count = Signal::derive(move || {
        state.with(|s| {
            partner.with(|p| {
                p.as_ref()
                    .map(|p| progress::partner_phase(s, p, phase))
                    .unwrap_or_default()
            })
        })
    });
    let heading_id = format!(
        "partner-{}",
        partner_id.replace(|c: char| !c.is_ascii_alphanumeric(), "")
    );
    let (locked, locked_why) = partner_lock(EntityKind::TaskTick, &partner_id);
    move || {
        partner.get().map(|p| {
            let tasks = phase.tasks_for(p.kind).map(|task| {
                view! { <TaskItem partner_id=p.id.clone() task=task lock_said_above=true /> }
            });
            view! {
                <section
                    class="card partner-tasks"
                    aria-labelledby=heading_id.clone()
                    data-testid=format!("partner-tasks-{}", p.name)
                >
                    <h2 id=heading_id
                        .clone()>
                        {name}
                        <span class="kind">{move || p.kind.label().get(settings.lang.get())}</span>
                    </h2>
                    <ProgressBar label=name progress=count label_hidden=true />
                    <Show when=move || locked.get()>
                        <p class="muted locked-why" data-testid="locked-why">
                            {locked_why}
                        </p>
                    </Show>
                    <ul class="tasks">{tasks.collect_view()}</ul>
                </section>
            }
        })
    }
}
