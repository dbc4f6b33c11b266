mod done_list;
mod occurrence_row;
mod plan_form;

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::screens::Action;

use crate::components::{GoneNotice, PAGE_SIZE, ShowMore};
use crate::i18n::Key;
use crate::state::{use_programme, use_role, use_settings};
use done_list::DoneList;
use occurrence_row::OccurrenceRow;
use plan_form::PlanForm;

/// How far back unrecorded visits are listed, and how far ahead planned ones.
const DAYS_BACK: u64 = 14;
const DAYS_AHEAD: u64 = 28;

/// An occurrence: its series and original date.
type OccurrenceKey = (String, NaiveDate);

/// The occurrences the page lists.
#[derive(Clone, Default, PartialEq)]
struct Listed {
    /// Past, not cancelled, not yet recorded as held.
    unrecorded: Vec<OccurrenceKey>,
    /// Not over yet.
    coming: Vec<OccurrenceKey>,
}

/// Visits: plan them, see the coming weeks, record which were held.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let programme = use_programme();
    let state = programme.state;
    let settings = use_settings();
    let today = crate::time::today();
    let now = chrono::Utc::now();
    let role = use_role();
    // "" is every care service.
    let care_service = RwSignal::new(String::new());
    // A volunteer sees their own visits first, and their care services' schedule on
    // asking.
    let volunteer = move || role.volunteer();
    let mine_only = RwSignal::new(true);
    let occurrences = Memo::new(move |_| {
        let only = care_service.get();
        let mine = volunteer().filter(|_| mine_only.get());
        let from = today
            .checked_sub_days(Days::new(DAYS_BACK))
            .unwrap_or(today);
        let to = today
            .checked_add_days(Days::new(DAYS_AHEAD))
            .unwrap_or(today);
        state.with(|s| {
            let mut all: Vec<_> = s
                .visits
                .iter()
                .filter(|v| only.is_empty() || v.care_service == only)
                .filter(|v| mine.as_ref().is_none_or(|me| *me == v.volunteer))
                .flat_map(|v| v.occurrences(from, to))
                .collect();
            all.sort_by_key(|o| o.start);
            let mut listed = Listed::default();
            for o in all {
                let key = (o.series, o.original_date);
                if o.end >= now {
                    listed.coming.push(key);
                } else if !s.held.contains_key(&key) {
                    listed.unrecorded.push(key);
                }
            }
            listed
        })
    });
    let (shown_unrecorded, shown_coming) = (RwSignal::new(PAGE_SIZE), RwSignal::new(PAGE_SIZE));
    // Keyed, so a row keeps its open form while the rest of the list changes.
    let rows = move |pick: fn(&Listed) -> &Vec<OccurrenceKey>, shown: RwSignal<usize>| {
        view! {
            <For
                each=move || {
                    occurrences
                        .with(|listed| {
                            pick(listed).iter().take(shown.get()).cloned().collect::<Vec<_>>()
                        })
                }
                key=|key| key.clone()
                children=|(series, date)| {
                    view! { <OccurrenceRow series=series original_date=date /> }
                }
            />
        }
    };
    let count = move |pick: fn(&Listed) -> &Vec<OccurrenceKey>| {
        Signal::derive(move || occurrences.with(|listed| pick(listed).len()))
    };
    let homes = move || {
        state.with(|s| {
            s.partners_of(samskab_domain::PartnerKind::CareService)
                .map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> })
                .collect_view()
        })
    };
    let choose_home = move |ev: leptos::ev::Event| {
        care_service.set(event_target_value(&ev));
        shown_unrecorded.set(PAGE_SIZE);
        shown_coming.set(PAGE_SIZE);
    };
    view! {
        <h1>{move || settings.t(Key::NavVisits)}</h1>
        <GoneNotice
            count=programme.gone_count(EntityKind::Visit)
            message=Key::GoneVisits
            on_read=Callback::new(move |_| programme.read_gone(EntityKind::Visit))
        />
        <div class="field">
            <label for="visits-care-service">{move || settings.t(Key::CareService)}</label>
            <select id="visits-care-service" on:change=choose_home>
                <option value="">{move || settings.t(Key::AllCareServices)}</option>
                {homes}
            </select>
        </div>
        <Show when=move || volunteer().is_some()>
            <div class="field check-row">
                <input
                    type="checkbox"
                    id="visits-mine"
                    prop:checked=mine_only
                    on:change=move |ev| mine_only.set(event_target_checked(&ev))
                />
                <label for="visits-mine">{move || settings.t(Key::OnlyMine)}</label>
            </div>
        </Show>
        <Show when=move || occurrences.with(|l| !l.unrecorded.is_empty())>
            <section class="card" data-testid="unregistered">
                <h2>{move || settings.t(Key::Unregistered)}</h2>
                <ul class="plain visit-list">{rows(|l| &l.unrecorded, shown_unrecorded)}</ul>
                <ShowMore total=count(|l| &l.unrecorded) shown=shown_unrecorded />
            </section>
        </Show>
        <section class="card" data-testid="upcoming">
            <h2>{move || settings.t(Key::Upcoming)}</h2>
            <Show when=move || occurrences.with(|l| l.coming.is_empty())>
                <p class="muted">{move || settings.t(Key::NoVisits)}</p>
            </Show>
            <ul class="plain visit-list">{rows(|l| &l.coming, shown_coming)}</ul>
            <ShowMore total=count(|l| &l.coming) shown=shown_coming />
        </section>
        <DoneList
            care_service=care_service
            only=Signal::derive(move || volunteer().filter(|_| mine_only.get()))
        />
        <Show when=move || role.may(Action::PlanVisits)>
            <section class="card" data-testid="plan-visit">
                <h2>{move || settings.t(Key::PlanVisit)}</h2>
                <PlanForm />
            </section>
        </Show>
    }
}
