use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::evaluation::{FollowUp, FollowUpInput, Question};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::Key;
use crate::state::{use_form, use_programme, use_settings};
use crate::time::{today, today_input};

/// A round of answers for `partner`: the day (today to begin with), the six questions,
/// who answered. A day that has a round already changes that round.
#[component]
pub fn RoundForm(
    partner: String,
    /// Runs once the round is stored, or the form is left.
    on_done: Callback<()>,
) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let form = use_form();
    let date = RwSignal::new(today_input());
    let answers: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let by = RwSignal::new(settings.my_name.get_untracked());
    let prefix = format!("round-{partner}");
    // The round the form shows, as it was when loaded: saving writes what changed
    // since. Picking a day loads that day's round (or a blank form), unless something
    // has been typed over what was loaded.
    let loaded: StoredValue<Option<FollowUp>> = StoredValue::new(None);
    {
        let partner = partner.clone();
        Effect::new(move || {
            let Ok(day) = samskab_domain::validate::parse_date(&date.get()) else {
                return;
            };
            let shown = loaded.get_value().map(|r| r.answers).unwrap_or_default();
            let untouched = answers
                .iter()
                .zip(&shown)
                .all(|(field, was)| field.with_untracked(|now| now == was));
            if !untouched {
                return;
            }
            let round =
                state.with_untracked(|s| s.follow_ups.get(&(partner.clone(), day)).cloned());
            let input = round
                .as_ref()
                .map(FollowUpInput::from_round)
                .unwrap_or_default();
            for (field, answer) in answers.iter().zip(input.answers) {
                field.set(answer);
            }
            let me = settings.my_name.get_untracked();
            if me.is_empty() && !input.by.is_empty() {
                by.set(input.by);
            }
            loaded.set_value(round);
        });
    }
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = FollowUpInput {
            date: date.get_untracked(),
            answers: answers.map(|a| a.get_untracked()),
            by: by.get_untracked(),
        };
        let edits = state
            .with_untracked(|s| input.edits(&partner, loaded.get_value().as_ref(), s, today()));
        form.save(edits, move || on_done.run(()));
    };
    let date_id = format!("{prefix}-date");
    crate::focus::later(&date_id);
    let questions = Question::ALL
        .iter()
        .zip(answers)
        .enumerate()
        .map(|(i, (q, value))| {
            let id = format!("{prefix}-q{}", i + 1);
            view! {
                <TextField
                    label_text=Signal::derive(move || q.text().get(settings.lang.get()).to_owned())
                    value=value
                    problem=form.problem(q.form_field())
                    id=id
                    multiline=true
                />
            }
        })
        .collect_view();
    view! {
        <form class="tick-form" data-testid="round-form" on:submit=on_submit novalidate>
            <FormError message=form.message />
            <TextField
                label=Key::Date
                value=date
                problem=form.problem(Field::Date)
                id=date_id
                input_type="date"
            />
            {questions}
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
