use chrono::{Datelike, Days};
use leptos::prelude::*;
use leptos_router::components::A;
use samskab_domain::onboarding::Stage;
use samskab_domain::progress;
use samskab_domain::visits::visits_at;

use super::own_partner;
use super::own_tasks::OwnTasks;
use crate::components::{PartnerContact, ProgressBar};
use crate::i18n::{Key, fill, flag_text};
use crate::panels::{NamePrompt, PartnerForm};
use crate::state::{use_programme, use_reminders, use_settings};
use crate::time::visit_when;

/// A care service's home on its tablet: its tasks now and its progress, its 10 pieces of
/// advice, its volunteers and what needs attention, its visits this week, its reminders
/// and the link to its common-room board.
#[component]
pub fn OurService() -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let reminders = use_reminders();
    let (me, name) = own_partner(Key::NavOurService);
    let advice = Signal::derive(move || {
        state.with(|s| {
            s.partner(&me.get())
                .and_then(|p| progress::advice(s, p))
                .unwrap_or_default()
        })
    });
    let today = crate::time::today();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let sunday = monday + Days::new(6);
    let week = Memo::new(move |_| {
        let lang = settings.lang.get();
        state.with(|s| {
            visits_at(s, &me.get(), monday, sunday)
                .into_iter()
                .map(|o| {
                    let who = s
                        .visits
                        .iter()
                        .find(|v| v.id == o.series)
                        .and_then(|v| s.volunteer(&v.volunteer))
                        .map(|v| v.name.clone())
                        .unwrap_or_default();
                    (visit_when(&o, lang), who)
                })
                .collect::<Vec<_>>()
        })
    });
    let volunteers = Memo::new(move |_| {
        let lang = settings.lang.get();
        state.with(|s| {
            let (mut onboarding, mut active) = (0, 0);
            let mut flags = Vec::new();
            for v in &s.volunteers {
                match s.stage_of(v) {
                    Stage::Onboarding(_) => onboarding += 1,
                    Stage::Active => active += 1,
                    Stage::Paused | Stage::Left => {}
                }
                for flag in s.onboarding_of(&v.id).flags(v.status, today) {
                    flags.push((v.id.clone(), v.name.clone(), flag_text(&flag, lang)));
                }
            }
            (onboarding, active, flags)
        })
    });
    // Its own details (address, phone, contact people): what its volunteers are told.
    let editing = RwSignal::new(false);
    let own = Memo::new(move |_| state.with(|s| s.partner(&me.get()).cloned()));
    // Built once: the form saves into the partner this shows, and a section rebuilt by
    // that save would drop the form while it is still finishing.
    let has_own = Memo::new(move |_| own.with(Option::is_some));
    let details = move || {
        has_own.get().then(|| {
            view! {
                <section class="card" data-testid="our-details">
                    <h2>{move || settings.t(Key::OurDetails)}</h2>
                    {move || own.get().map(|partner| view! { <PartnerContact partner=partner /> })}
                    <Show
                        when=move || editing.get()
                        fallback=move || {
                            view! {
                                <button on:click=move |_| {
                                    editing.set(true)
                                }>{move || settings.t(Key::Edit)}</button>
                            }
                        }
                    >
                        <PartnerForm
                            partner=own.get_untracked()
                            on_done=Callback::new(move |_| editing.set(false))
                        />
                    </Show>
                </section>
            }
        })
    };
    let week_list = move || {
        let rows = week.get();
        if rows.is_empty() {
            return view! { <p class="muted">{settings.t(Key::NoVisitsThisWeek)}</p> }.into_any();
        }
        let items = rows
            .into_iter()
            .map(|(when, who)| view! { <li>{when} " · " {who}</li> })
            .collect_view();
        view! { <ul class="plain visit-list">{items}</ul> }.into_any()
    };
    let volunteer_summary = move || {
        let (onboarding, active, flags) = volunteers.get();
        let counts = fill(
            settings.t(Key::VolunteerCounts),
            &[
                ("active", &active.to_string()),
                ("onboarding", &onboarding.to_string()),
            ],
        );
        let flags = flags
            .into_iter()
            .map(|(id, name, flag)| {
                view! {
                    <li>
                        <A href=format!("/frivillige/{id}")>{name}</A>
                        ": "
                        {flag}
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{counts}</p>
            <ul class="flags">{flags}</ul>
        }
    };
    view! {
        <p class="eyebrow">{move || settings.t(Key::NavOurService)}</p>
        <h1>{name}</h1>
        // A partner's device (a tablet several may use) is asked once who uses it.
        <NamePrompt />
        <OwnTasks partner=me />
        <section class="card" data-testid="our-advice">
            <h2>{move || settings.t(Key::NavAdvice)}</h2>
            <ProgressBar
                label=Signal::derive(move || settings.t(Key::OurAdvice).to_owned())
                progress=advice
            />
            <A href=move || format!("/raad/{}", me.get())>{move || settings.t(Key::OpenAdvice)}</A>
        </section>
        <section class="card" data-testid="our-volunteers">
            <h2>{move || settings.t(Key::OurVolunteers)}</h2>
            {volunteer_summary}
            <A href="/frivillige">{move || settings.t(Key::OpenVolunteers)}</A>
        </section>
        <section class="card" data-testid="our-week">
            <h2>{move || settings.t(Key::VisitsThisWeek)}</h2>
            {week_list}
            <A href="/besoeg">{move || settings.t(Key::OpenVisits)}</A>
        </section>
        <section class="card" data-testid="our-reminders">
            <h2>{move || settings.t(Key::Reminders)}</h2>
            <p>
                {move || fill(
                    settings.t(Key::RemindersCount),
                    &[("n", &reminders.with(Vec::len).to_string())],
                )}
            </p>
            <A href="/paamindelser">{move || settings.t(Key::OpenReminders)}</A>
        </section>
        {details}
        <p>
            <A
                href=move || format!("/tavle/{}", me.get())
                attr:class="button"
                attr:data-testid="board-link"
            >
                {move || settings.t(Key::KioskLink)}
            </A>
        </p>
        <p>
            <A href="/resultater" attr:class="button" attr:data-testid="results-link">
                {move || settings.t(Key::ResultsLink)}
            </A>
        </p>
    }
}
