use chrono::{Datelike, Days, Utc};
use leptos::prelude::*;
use samskab_domain::ics::{Event, calendar};
use samskab_domain::onboarding::Status;
use samskab_domain::schedule::Occurrence;
use samskab_domain::visits::{hours_of, visits_of};
use samskab_domain::{EntityKind, Lang, ProgrammeState};

use crate::components::{GoneNotice, PartnerContact};
use crate::download::download;
use crate::i18n::{Key, fill, tr};
use crate::state::{use_programme, use_role, use_settings};
use crate::time::{format_hours, visit_when as when};

/// How far ahead "my visits" and the calendar file reach.
const DAYS_AHEAD: u64 = 183;

fn place(state: &ProgrammeState, o: &Occurrence) -> String {
    state
        .partner(&o.care_service)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// Whom to report to at the care service: its contact person, else its leader.
fn contact(state: &ProgrammeState, o: &Occurrence) -> Option<String> {
    let home = state.partner(&o.care_service)?;
    [&home.contact_person, &home.leader]
        .into_iter()
        .find(|n| !n.is_empty())
        .cloned()
}

/// What the volunteer plans to do on the visit.
fn activity(state: &ProgrammeState, o: &Occurrence) -> String {
    state
        .visits
        .iter()
        .find(|v| v.id == o.series)
        .map(|v| v.activity.clone())
        .unwrap_or_default()
}

fn event(state: &ProgrammeState, o: &Occurrence, lang: Lang) -> Event {
    let place = place(state, o);
    // The calendar's location: where to go, the address when there is one.
    let address = state
        .partner(&o.care_service)
        .map(|p| p.address.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|a| !a.is_empty());
    let location = match address {
        Some(address) => format!("{place}, {address}"),
        None => place.clone(),
    };
    let report = contact(state, o).map(|c| fill(tr(lang, Key::ReportTo), &[("name", &c)]));
    let description = [Some(activity(state, o)), report]
        .into_iter()
        .flatten()
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Event::for_occurrence(
        o,
        fill(tr(lang, Key::VolunteerAt), &[("place", &place)]),
        location,
        description,
    )
}

/// The volunteer's own phone: next visit large, coming visits, open steps, hours.
#[component]
pub fn MePage() -> impl IntoView {
    let programme = use_programme();
    let state = programme.state;
    let settings = use_settings();
    let role = use_role();
    // A volunteer's device is theirs by its invite; another device asks who is using it.
    let invited = move || role.volunteer();
    let me = Memo::new(move |_| {
        invited()
            .or_else(|| settings.me.get())
            .and_then(|id| state.with(|s| s.volunteer(&id).cloned()))
    });
    let visits = Memo::new(move |_| {
        let today = crate::time::today();
        let to = today
            .checked_add_days(Days::new(DAYS_AHEAD))
            .unwrap_or(today);
        let now = Utc::now();
        me.with(|v| {
            v.as_ref().map(|v| {
                state
                    .with(|s| visits_of(s, &v.id, today, to))
                    .into_iter()
                    .filter(|o| o.end > now)
                    .collect::<Vec<_>>()
            })
        })
        .unwrap_or_default()
    });
    let save_ics = move |occurrences: Vec<Occurrence>, name: &str| {
        let lang = settings.lang.get_untracked();
        let events: Vec<Event> =
            state.with_untracked(|s| occurrences.iter().map(|o| event(s, o, lang)).collect());
        let _ = download(name, "text/calendar", &calendar(&events, Utc::now()));
    };
    let choose =
        move || {
            let people: Vec<(String, String)> = state.with(|s| {
                s.volunteers
                    .iter()
                    .filter(|v| v.status != Status::Left)
                    .map(|v| (v.id.clone(), v.name.clone()))
                    .collect()
            });
            let buttons = people.into_iter().map(|(id, name)| view! {
                <li>
                    <button class="choice" on:click=move |_| settings.me.set(Some(id.clone()))>
                        {name}
                    </button>
                </li>
            }).collect_view();
            view! {
                <h1>{move || settings.t(Key::NavMe)}</h1>
                <p>{move || settings.t(Key::WhoAreYou)}</p>
                <ul class="plain choices">{buttons}</ul>
            }
        };
    move || match me.get() {
        None if invited().is_some() => view! {
            <h1>{move || settings.t(Key::NavMe)}</h1>
            <p class="card" data-testid="me-waiting">
                {move || settings.t(Key::MeComesWithSync)}
            </p>
        }
        .into_any(),
        None => choose().into_any(),
        Some(volunteer) => {
            let lang = settings.lang.get();
            let next = visits.with(|v| v.first().cloned());
            let next_view = match next {
                Some(o) => {
                    let (where_, report, what, home) = state.with(|s| {
                        (
                            place(s, &o),
                            contact(s, &o),
                            activity(s, &o),
                            s.partner(&o.care_service).cloned(),
                        )
                    });
                    let single = o.clone();
                    view! {
                        <section class="card next-visit" data-testid="next-visit">
                            <h2>{settings.t(Key::NextVisit)}</h2>
                            <p class="big">{when(&o, lang)}</p>
                            <p class="big">{where_}</p>
                            {home.map(|partner| view! { <PartnerContact partner=partner /> })}
                            {(!what.is_empty()).then(|| view! { <p class="activity">{what}</p> })}
                            {report
                                .map(|r| {
                                    view! {
                                        <p>{fill(tr(lang, Key::ReportTo), &[("name", &r)])}</p>
                                    }
                                })}
                            <button on:click=move |_| save_ics(
                                vec![single.clone()],
                                "samskab-besoeg.ics",
                            )>{settings.t(Key::AddToCalendar)}</button>
                        </section>
                    }
                    .into_any()
                }
                None => view! {
                    <p class="card" data-testid="next-visit">
                        {settings.t(Key::NoNextVisit)}
                    </p>
                }
                .into_any(),
            };
            let rest: Vec<_> = visits.with(|v| {
                v.iter()
                    .skip(1)
                    .map(|o| (when(o, lang), state.with(|s| place(s, o))))
                    .collect()
            });
            let rest_view = rest
                .into_iter()
                .map(|(w, p)| view! { <li>{w} " · " {p}</li> })
                .collect_view();
            let onboarding = state.with(|s| s.onboarding_of(&volunteer.id));
            let open_steps = samskab_domain::onboarding::Step::ALL
                .into_iter()
                .filter(|step| !onboarding.done.contains_key(step))
                .map(|step| view! { <li>{step.label().get(lang)}</li> })
                .collect_view();
            let today = crate::time::today();
            let (month, year) =
                state.with(|s| hours_of(s, &volunteer.id, today.year(), today.month()));
            let hours = fill(
                tr(lang, Key::MyHours),
                &[
                    ("month", &format_hours(month)),
                    ("year", &format_hours(year)),
                ],
            );
            view! {
                <h1>{fill(tr(lang, Key::Hello), &[("name", volunteer.first_name())])}</h1>
                <GoneNotice
                    count=programme.gone_count(EntityKind::Visit)
                    message=Key::GoneVisits
                    on_read=Callback::new(move |_| programme.read_gone(EntityKind::Visit))
                />
                {next_view}
                <section class="card" data-testid="my-visits">
                    <h2>{settings.t(Key::MyVisits)}</h2>
                    <ul>{rest_view}</ul>
                    <button on:click=move |_| save_ics(
                        visits.get_untracked(),
                        "samskab-alle-besoeg.ics",
                    )>{settings.t(Key::AddAllToCalendar)}</button>
                </section>
                <section class="card" data-testid="my-steps">
                    <h2>{settings.t(Key::MySteps)}</h2>
                    <ul>{open_steps}</ul>
                </section>
                <p class="card" data-testid="my-hours">
                    {hours}
                </p>
                <Show when=move || invited().is_none()>
                    <button class="link" on:click=move |_| settings.me.set(None)>
                        {settings.t(Key::NotMe)}
                    </button>
                </Show>
            }
            .into_any()
        }
    }
}
