use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::onboarding::Step;
use samskab_domain::op::child_id;
use samskab_domain::volunteers::{StepInput, undo_step};
use samskab_domain::{Field, Invalid};

use crate::components::{FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_form, use_programme, use_settings};
use crate::time;

/// One onboarding step: tick it with who, when and a note; untick to undo.
#[component]
pub fn StepItem(volunteer: String, step: Step) -> impl IntoView {
    let step_entity = child_id(&volunteer, step.key());
    let store = use_programme();
    let settings = use_settings();
    let done = {
        let volunteer = volunteer.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                s.onboarding
                    .get(&volunteer)
                    .and_then(|o| o.done.get(&step).cloned())
            })
        })
    };
    let editing = RwSignal::new(false);
    let by = RwSignal::new(String::new());
    let on = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = use_form();
    let save = move |edits: Result<Vec<samskab_domain::Edit>, Invalid>| {
        form.save(edits, move || editing.set(false))
    };
    let on_check = {
        let volunteer = volunteer.clone();
        move |ev: leptos::ev::MouseEvent| {
            // As for tasks: undoing at once, ticking after the form.
            if done.get_untracked().is_some() {
                save(Ok(undo_step(&volunteer, step)));
            } else {
                ev.prevent_default();
                let me = Some(settings.my_name.get_untracked()).filter(|n| !n.is_empty());
                by.set(me.unwrap_or_default());
                on.set(time::today_input());
                note.set(String::new());
                form.clear();
                editing.set(true);
            }
        }
    };
    let on_submit = {
        let volunteer = volunteer.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = StepInput {
                by: by.get_untracked(),
                on: on.get_untracked(),
                note: note.get_untracked(),
            };
            save(input.done(&volunteer, step));
        }
    };
    let id = format!("step-{}", step.key());
    let (by_id, on_id, note_id) = (format!("{id}-by"), format!("{id}-on"), format!("{id}-note"));
    let meta = move || {
        done.get().map(|d| {
            let who = fill(
                settings.t(Key::StepDoneBy),
                &[
                    ("by", &d.by),
                    ("date", &time::format_date(d.on, settings.lang.get())),
                ],
            );
            view! {
                <p class="tick-meta" data-testid="tick-meta">{who}</p>
                {(!d.note.is_empty()).then(|| view! { <p class="tick-note">{d.note.clone()}</p> })}
            }
        })
    };
    view! {
        <li class="task" class:done=move || done.with(Option::is_some) data-testid=id.clone()>
            <div class="check-row">
                <input type="checkbox" id=id.clone() prop:checked=move || done.with(Option::is_some) on:click=on_check />
                <label for=id.clone()>{move || step.label().get(settings.lang.get())}</label>
            </div>
            {(step == Step::CriminalRecordAssessed).then(|| view! { <p class="hint">{move || settings.t(Key::CriminalRecordHint)}</p> })}
            {meta}
            <NoteConflicts kind=EntityKind::OnboardingStep entity=step_entity />
            <FormError message=form.message />
            <Show when=move || editing.get()>
                <form class="tick-form" on:submit=on_submit.clone() novalidate>
                    <TextField label=Key::Who value=by problem=form.problem(Field::By) id=by_id.clone() />
                    <TextField label=Key::Date value=on problem=form.problem(Field::Date) id=on_id.clone() input_type="date" />
                    <TextField label=Key::Note value=note problem=form.problem(Field::Note) id=note_id.clone() optional=true multiline=true />
                    <div class="actions">
                        <button type="submit" class="primary">{move || settings.t(Key::MarkDone)}</button>
                        <button type="button" on:click=move |_| editing.set(false)>{move || settings.t(Key::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
