use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::onboarding::DEFAULT_TRIAL_MONTHS;
use samskab_domain::volunteers::{MAX_TRIAL_MONTHS, set_trial_months, status_meeting_held};

use crate::components::{FormError, TextField};
use crate::i18n::{Key, fill};
use crate::state::{use_form, use_programme, use_settings};
use crate::time::{format_date, today_input};

/// The agreed trial length with its end date, and the status meetings every six months:
/// when the last was held, when the next is due, and recording one.
#[component]
pub fn FollowUp(volunteer: String) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let form = use_form();
    let onboarding = {
        let volunteer = volunteer.clone();
        Memo::new(move |_| store.state.with(|s| s.onboarding_of(&volunteer)))
    };
    let meeting_date = RwSignal::new(today_input());
    let dated = move |key: Key, date: Option<chrono::NaiveDate>| {
        date.map(|d| {
            fill(
                settings.t(key),
                &[("date", &format_date(d, settings.lang.get()))],
            )
        })
    };
    let months = move || {
        onboarding
            .with(|o| o.trial_months)
            .unwrap_or(DEFAULT_TRIAL_MONTHS)
    };
    let choose_months = {
        let volunteer = volunteer.clone();
        move |ev: leptos::ev::Event| {
            form.save(
                set_trial_months(&volunteer, &event_target_value(&ev)),
                || (),
            )
        }
    };
    let meeting_held = move |_| {
        form.save(
            status_meeting_held(&volunteer, &meeting_date.get_untracked()),
            || (),
        )
    };
    let options = (1..=MAX_TRIAL_MONTHS)
        .map(|m| {
            view! {
                <option value=m.to_string() selected=move || months() == m>
                    {m}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="follow-up">
            <h2>{move || settings.t(Key::FollowUp)}</h2>
            <FormError message=form.message />
            <div class="field">
                <label for="trial-months">{move || settings.t(Key::TrialLength)}</label>
                <select id="trial-months" data-testid="trial-months" on:change=choose_months>
                    {options}
                </select>
            </div>
            <p data-testid="trial-end">
                {move || dated(Key::TrialEnds, onboarding.with(|o| o.trial_end()))}
            </p>
            <p>
                {move || dated(Key::LastStatusMeeting, onboarding.with(|o| o.last_status_meeting))}
            </p>
            <p data-testid="next-status-meeting">
                {move || dated(Key::NextStatusMeeting, onboarding.with(|o| o.status_meeting_due()))}
            </p>
            <TextField
                label=Key::Date
                value=meeting_date
                problem=form.problem(Field::Date)
                id="status-meeting-date"
                input_type="date"
            />
            <button on:click=meeting_held>{move || settings.t(Key::StatusMeetingHeld)}</button>
        </section>
    }
}
