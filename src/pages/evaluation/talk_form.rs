use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::evaluation::TalkInput;

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::Key;
use crate::state::{use_form, use_programme, use_settings};
use crate::time::{today, today_input};

/// An evaluation talk at `care_service`: the day, how many residents, volunteers and
/// staff took part (numbers, never names), what came of it, who recorded it.
#[component]
pub fn TalkForm(
    care_service: String,
    /// Runs once the talk is stored, or the form is left.
    on_done: Callback<()>,
) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let form = use_form();
    let date = RwSignal::new(today_input());
    let (residents, volunteers, staff) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let note = RwSignal::new(String::new());
    let by = RwSignal::new(settings.my_name.get_untracked());
    let prefix = format!("talk-{care_service}");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = TalkInput {
            date: date.get_untracked(),
            residents: residents.get_untracked(),
            volunteers: volunteers.get_untracked(),
            staff: staff.get_untracked(),
            note: note.get_untracked(),
            by: by.get_untracked(),
        };
        let edits = state.with_untracked(|s| input.edits(&care_service, s, today()));
        form.save(edits, move || on_done.run(()));
    };
    let date_id = format!("{prefix}-date");
    crate::focus::later(&date_id);
    view! {
        <form class="tick-form" data-testid="talk-form" on:submit=on_submit novalidate>
            <FormError message=form.message />
            <TextField
                label=Key::Date
                value=date
                problem=form.problem(Field::Date)
                id=date_id
                input_type="date"
            />
            <TextField
                label=Key::TalkResidents
                value=residents
                problem=form.problem(Field::Residents)
                id=format!("{prefix}-residents")
                input_type="number"
            />
            <TextField
                label=Key::TalkVolunteers
                value=volunteers
                problem=form.problem(Field::Volunteers)
                id=format!("{prefix}-volunteers")
                input_type="number"
            />
            <TextField
                label=Key::TalkStaff
                value=staff
                problem=form.problem(Field::Staff)
                id=format!("{prefix}-staff")
                input_type="number"
            />
            <TextField
                label=Key::TalkNote
                value=note
                problem=form.problem(Field::Note)
                id=format!("{prefix}-note")
                multiline=true
            />
            <TextField
                label=Key::Who
                value=by
                problem=form.problem(Field::By)
                id=format!("{prefix}-by")
                optional=true
            />
            <FormActions submit=Key::Save on_cancel=Some(on_done) />
        </form>
    }
}
