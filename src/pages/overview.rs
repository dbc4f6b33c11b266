use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::{PHASES, calendar, progress};

use super::first_steps::FirstSteps;
use crate::components::ProgressBar;
use crate::i18n::{Key, fill};
use crate::state::{use_programme, use_settings};

/// The coordinator's at-a-glance view: every partner's progress per phase, each phase
/// overall, and the advice score per care service.
#[component]
pub fn Overview() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let state = store.state;
    let title = move || {
        state.with(|s| {
            s.programme
                .as_ref()
                .map(|p| fill(settings.t(Key::ProgrammeFor), &[("name", &p.municipality)]))
        })
    };
    let coordinator = move || {
        state.with(|s| {
            s.programme
                .as_ref()
                .map(|p| fill(settings.t(Key::CoordinatorIs), &[("name", &p.coordinator)]))
        })
    };
    let phases = PHASES.iter().map(|phase| {
        let heading = move || {
            format!(
                "{} · {}",
                fill(settings.t(Key::PhaseN), &[("n", &phase.number.to_string())]),
                phase.title.get(settings.lang.get())
            )
        };
        let partner_bars = move || {
            state.with(|s| {
                s.partners
                    .iter()
                    .map(|partner| {
                        let id = partner.id.clone();
                        let label = Signal::derive(move || {
                            state.with(|s| {
                                s.partner(&id).map(|p| p.name.clone()).unwrap_or_default()
                            })
                        });
                        let id = partner.id.clone();
                        let count = Signal::derive(move || {
                            state.with(|s| {
                                s.partner(&id)
                                    .map(|p| progress::partner_phase(s, p, phase))
                                    .unwrap_or_default()
                            })
                        });
                        view! { <ProgressBar label=label progress=count /> }
                    })
                    .collect_view()
            })
        };
        view! {
            <section class="card phase-card" data-testid=format!("overview-phase-{}", phase.number)>
                <h2>
                    <A href=format!("/faser/{}", phase.number)>{heading}</A>
                </h2>
                <div class="overall">
                    <ProgressBar
                        label=Signal::derive(move || settings.t(Key::AllPartners).to_owned())
                        progress=Signal::derive(move || state.with(|s| progress::phase(s, phase)))
                    />
                </div>
                <div class="partner-bars">{partner_bars}</div>
            </section>
        }
    });
    let advice_bars = move || {
        state.with(|s| {
            s.partners
                .iter()
                .filter_map(|p| progress::advice(s, p).map(|count| (p.name.clone(), count)))
                .map(|(name, count)| view! { <ProgressBar label=name progress=count /> })
                .collect_view()
        })
    };
    // The calendar's next meeting not yet held, under its link.
    let next_meeting = move || {
        let lang = settings.lang.get();
        state
            .with(|s| {
                calendar::calendar(s, crate::time::today())
                    .into_iter()
                    .find(|e| !e.done)
            })
            .map(|next| {
                let text = fill(
                    settings.t(Key::CalendarNext),
                    &[
                        ("title", &next.meeting.title(lang)),
                        ("date", &crate::time::format_date(next.date, lang)),
                    ],
                );
                view! {
                    <span class="muted next-meeting" data-testid="next-meeting">
                        {text}
                    </span>
                }
            })
    };
    // (A memo: a sync round must not close what the user opened.)
    let no_volunteers = Memo::new(move |_| state.with(|s| s.volunteers.is_empty()));
    view! {
        <h1>{title}</h1>
        <p class="subtitle">{coordinator}</p>
        <FirstSteps />
        // Open until the first volunteer is added: why the programme is worth starting.
        <details class="card why" data-testid="why" open=no_volunteers>
            <summary>
                <h2>{move || settings.t(Key::WhyTitle)}</h2>
            </summary>
            <p>{move || settings.t(Key::WhyText)}</p>
        </details>
        <p>
            <A href="/resultater" attr:class="button" attr:data-testid="results-link">
                {move || settings.t(Key::ResultsLink)}
            </A>
        </p>
        <p>
            <A href="/evaluering" attr:class="button" attr:data-testid="evaluation-link">
                {move || settings.t(Key::EvaluationLink)}
            </A>
        </p>
        <p data-testid="calendar-card">
            <A href="/kalender" attr:class="button" attr:data-testid="calendar-link">
                {move || settings.t(Key::CalendarLink)}
            </A>
            {next_meeting}
        </p>
        <div class="grid" aria-label=move || settings.t(Key::PhasesProgress)>
            {phases.collect_view()}
        </div>
        <section class="card" data-testid="overview-advice">
            <h2>
                <A href="/raad">{move || settings.t(Key::AdviceProgress)}</A>
            </h2>
            {advice_bars}
        </section>
    }
}
