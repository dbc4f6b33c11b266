use chrono::Days;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::schedule::{Recurrence, copenhagen_local, hh_mm};
use samskab_domain::screens::Action;
use samskab_domain::visits::VisitInput;
use samskab_domain::{Field, PartnerKind};

use crate::components::{FormError, TextField};
use crate::i18n::{self, Key, fill};
use crate::state::{use_form, use_programme, use_role, use_settings, use_who};
use crate::time::{format_date, today_input};

/// How far ahead a new plan is checked for double bookings.
const CLASH_HORIZON_DAYS: u64 = 365;

fn recurrence_label(r: Recurrence) -> Key {
    match r {
        Recurrence::Once => Key::RepeatOnce,
        Recurrence::Weekly => Key::RepeatWeekly,
        Recurrence::EveryOtherWeek => Key::RepeatEveryOtherWeek,
        Recurrence::MonthlyWeekday => Key::RepeatMonthly,
    }
}

/// Plans a one-off or recurring visit, warning before it double-books a volunteer.
#[component]
pub fn PlanForm() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let who = use_who();
    let volunteer = RwSignal::new(String::new());
    let care_service = RwSignal::new(String::new());
    let first = RwSignal::new(today_input());
    let start = RwSignal::new("10:00".to_owned());
    let end = RwSignal::new("12:00".to_owned());
    let recurrence = RwSignal::new(Some(Recurrence::Weekly));
    let until = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    let form = use_form();
    let role = use_role();
    // The coordinator's leave to book a volunteer not yet cleared.
    let allow_uncleared = RwSignal::new(false);
    let uncleared = move || {
        store.state.with(|s| {
            let id = volunteer.get();
            s.volunteer(&id).is_some() && !s.is_cleared(&id)
        })
    };
    // Double bookings found for the plan as it was when "save" was pressed.
    let clashes = RwSignal::new(Vec::<String>::new());
    let problem = move |field| form.problem(field);
    let save = move |confirmed: bool| {
        let input = VisitInput {
            volunteer: volunteer.get_untracked(),
            care_service: care_service.get_untracked(),
            first: first.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            recurrence: recurrence.get_untracked(),
            until: until.get_untracked(),
            activity: activity.get_untracked(),
            allowed_uncleared_by: if allow_uncleared.get_untracked()
                && role.may(Action::AllowUncleared)
            {
                who.suggest()
            } else {
                String::new()
            },
        };
        let today = crate::time::today();
        let horizon = today
            .checked_add_days(Days::new(CLASH_HORIZON_DAYS))
            .unwrap_or(today);
        let id = store.new_id();
        let planned = store
            .state
            .with_untracked(|s| input.plan(&id, s, today, horizon));
        match planned {
            Ok(plan) if !plan.clashes.is_empty() && !confirmed => {
                form.clear();
                let lang = settings.lang.get_untracked();
                let at = |o: &samskab_domain::schedule::Occurrence| {
                    let at = copenhagen_local(o.start);
                    format!("{} {}", format_date(at.date(), lang), hh_mm(&at))
                };
                clashes.set(plan.clashes.iter().map(at).collect());
            }
            planned => form.save(planned.map(|plan| plan.edits), move || {
                clashes.set(Vec::new());
                activity.set(String::new());
                allow_uncleared.set(false);
            }),
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save(false);
    };
    let options = move |kind: Option<PartnerKind>| {
        store.state.with(|s| {
            let items: Vec<(String, String)> = match kind {
                Some(kind) => s
                    .partners_of(kind)
                    .map(|p| (p.id.clone(), p.name.clone()))
                    .collect(),
                None => s
                    .volunteers
                    .iter()
                    .filter(|v| v.status == samskab_domain::onboarding::Status::Current)
                    .map(|v| {
                        // Said in the list, before anyone picks them.
                        let name = if s.is_cleared(&v.id) {
                            v.name.clone()
                        } else {
                            format!("{} {}", v.name, settings.t(Key::NotClearedSuffix))
                        };
                        (v.id.clone(), name)
                    })
                    .collect(),
            };
            items
                .into_iter()
                .map(|(id, name)| view! { <option value=id>{name}</option> })
                .collect_view()
        })
    };
    let recurrences = Recurrence::ALL.map(|r| {
        view! {
            <option value=r.key() selected=move || recurrence.get() == Some(r)>
                {move || settings.t(recurrence_label(r))}
            </option>
        }
    });
    let select_problem = |field| {
        let p = problem(field);
        move || p.get().map(|p| settings.t(i18n::problem(p)))
    };
    let clash_text = move || {
        let name = store
            .state
            .with(|s| s.volunteer(&volunteer.get()).map(|v| v.name.clone()))
            .unwrap_or_default();
        fill(
            settings.t(Key::DoubleBooked),
            &[("name", &name), ("when", &clashes.get().join(", "))],
        )
    };
    view! {
        <form class="plan-form" on:submit=submit novalidate>
            <FormError message=form.message />
            <div class="field">
                <label for="plan-volunteer">{move || settings.t(Key::Volunteer)}</label>
                <select
                    id="plan-volunteer"
                    on:change=move |ev| volunteer.set(event_target_value(&ev))
                >
                    <option value="">{move || settings.t(Key::ChooseVolunteer)}</option>
                    {move || options(None)}
                </select>
                <p class="field-error" role="alert">
                    {select_problem(Field::Volunteer)}
                </p>
                <Show when=move || uncleared() && role.may(Action::AllowUncleared)>
                    <div class="check-row">
                        <input
                            type="checkbox"
                            id="plan-allow-uncleared"
                            prop:checked=allow_uncleared
                            on:change=move |ev| allow_uncleared.set(event_target_checked(&ev))
                        />
                        <label for="plan-allow-uncleared">
                            {move || settings.t(Key::AllowUncleared)}
                        </label>
                    </div>
                </Show>
            </div>
            <div class="field">
                <label for="plan-care-service">{move || settings.t(Key::CareService)}</label>
                <select
                    id="plan-care-service"
                    on:change=move |ev| care_service.set(event_target_value(&ev))
                >
                    <option value="">{move || settings.t(Key::ChooseCareService)}</option>
                    {move || options(Some(PartnerKind::CareService))}
                </select>
                <p class="field-error" role="alert">
                    {select_problem(Field::CareServices)}
                </p>
            </div>
            <TextField
                label=Key::FirstDate
                value=first
                problem=problem(Field::Date)
                id="plan-first"
                input_type="date"
            />
            <div class="row">
                <TextField
                    label=Key::StartTime
                    value=start
                    problem=Signal::derive(|| None)
                    id="plan-start"
                    input_type="time"
                />
                <TextField
                    label=Key::EndTime
                    value=end
                    problem=problem(Field::End)
                    id="plan-end"
                    input_type="time"
                />
            </div>
            <div class="field">
                <label for="plan-recurrence">{move || settings.t(Key::Repeats)}</label>
                <select
                    id="plan-recurrence"
                    on:change=move |ev| {
                        recurrence.set(Recurrence::from_key(&event_target_value(&ev)))
                    }
                >
                    {recurrences}
                </select>
            </div>
            <TextField
                label=Key::UntilDate
                value=until
                problem=problem(Field::Until)
                id="plan-until"
                input_type="date"
                optional=true
            />
            <TextField
                label=Key::Activity
                value=activity
                problem=problem(Field::Note)
                id="plan-activity"
                optional=true
            />
            <Show when=move || !clashes.get().is_empty()>
                <div class="warning" role="alert" data-testid="double-booking">
                    <p>{clash_text}</p>
                    <button type="button" on:click=move |_| save(true)>
                        {move || settings.t(Key::SaveAnyway)}
                    </button>
                </div>
            </Show>
            <button type="submit" class="primary">
                {move || settings.t(Key::PlanVisit)}
            </button>
        </form>
    }
}
