use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::calendar::set_start;

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::Key;
use crate::state::{use_form, use_programme, use_settings};
use crate::time::{date_input, today};

/// Asks for the programme's start date (today to begin with), from which the calendar's
/// dates count; changing it later moves every meeting not moved by hand.
#[component]
pub fn StartForm(
    /// The programme has a start already: the form changes it and can be left.
    #[prop(into)]
    changing: Signal<bool>,
    /// Runs once the start is stored, or the change is left.
    on_done: Callback<()>,
) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let form = use_form();
    let current = state.with_untracked(|s| s.programme.as_ref().and_then(|p| p.start));
    let start = RwSignal::new(date_input(current.unwrap_or_else(today)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let edits = state.with_untracked(|s| match &s.programme {
            Some(programme) => set_start(programme, &start.get_untracked(), today()),
            None => Ok(Vec::new()),
        });
        form.save(edits, move || on_done.run(()));
    };
    view! {
        <form class="card" data-testid="calendar-start-form" on:submit=on_submit novalidate>
            <p>{move || settings.t(Key::CalendarStartAsk)}</p>
            <FormError message=form.message />
            <TextField
                label=Key::CalendarStartLabel
                value=start
                problem=form.problem(Field::Date)
                id="calendar-start-date"
                input_type="date"
            />
            <Show when=move || changing.get()>
                <p class="muted">{move || settings.t(Key::CalendarStartHint)}</p>
            </Show>
            <FormActions
                submit=Signal::derive(move || {
                    if changing.get() { Key::Save } else { Key::CalendarStartSave }
                })
                on_cancel=changing.get_untracked().then_some(on_done)
                testid="calendar-start-save"
            />
        </form>
    }
}
