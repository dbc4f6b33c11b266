use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::entities::{TaskTickInput, untick_task};
use samskab_domain::op::child_id;
use samskab_domain::{Field, Invalid, Task};

use crate::components::{FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_form, use_programme, use_settings};
use crate::sync::use_sync;
use crate::time;

/// A task with its tick: tapping the box asks who and when (default: me, now) and an
/// optional note; tapping a ticked box unticks it.
#[component]
pub fn TaskItem(partner_id: String, task: &'static Task) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let tick = {
        let partner_id = partner_id.clone();
        Memo::new(move |_| {
            store
                .state
                .with(|s| s.task_tick(&partner_id, task.id).cloned())
        })
    };
    let done = move || tick.with(|t| t.as_ref().is_some_and(|t| t.done));
    let editing = RwSignal::new(false);
    let by = RwSignal::new(String::new());
    let at = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = use_form();

    let open_form = move || {
        let current = tick.get_untracked().filter(|t| t.done);
        let coordinator = store.state.with_untracked(|s| {
            s.programme
                .as_ref()
                .map(|p| p.coordinator.clone())
                .unwrap_or_default()
        });
        let me = Some(settings.my_name.get_untracked())
            .filter(|n| !n.is_empty())
            .unwrap_or(coordinator);
        by.set(current.as_ref().map(|t| t.by.clone()).unwrap_or(me));
        at.set(
            current
                .as_ref()
                .and_then(|t| t.at)
                .map(|at| time::local_input(at.with_timezone(&chrono::Local)))
                .unwrap_or_else(time::now_local_input),
        );
        note.set(current.map(|t| t.note).unwrap_or_default());
        form.clear();
        editing.set(true);
    };
    let save = move |edits: Result<Vec<samskab_domain::Edit>, Invalid>| {
        form.save(edits, move || editing.set(false))
    };
    let on_check = {
        let partner_id = partner_id.clone();
        move |ev: leptos::ev::MouseEvent| {
            // Unticking takes effect at once (and is taken back if it cannot be stored);
            // ticking first asks who and when, so the box stays as it is until then.
            if done() {
                save(Ok(untick_task(&partner_id, task.id)));
            } else {
                ev.prevent_default();
                open_form();
            }
        }
    };
    let on_submit = {
        let partner_id = partner_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = TaskTickInput {
                by: by.get_untracked(),
                at: time::local_input_to_rfc3339(&at.get_untracked()),
                note: note.get_untracked(),
            };
            save(input.tick(&partner_id, task.id));
        }
    };
    let checkbox_id = format!(
        "task-{}-{}",
        partner_id.replace(|c: char| !c.is_ascii_alphanumeric(), ""),
        task.id.replace('.', "-")
    );
    let who_when = move || {
        tick.get().filter(|t| t.done).map(|t| {
            let at = t.at.map(|at| time::format_instant(at, settings.lang.get())).unwrap_or_default();
            view! {
                <p class="tick-meta" data-testid="tick-meta">{fill(settings.t(Key::DoneBy), &[("by", &t.by), ("at", &at)])}</p>
                {(!t.note.is_empty()).then(|| view! { <p class="tick-note">{t.note.clone()}</p> })}
            }
        })
    };
    let tick_entity = child_id(&partner_id, task.id);
    let sync = use_sync();
    let locked = {
        let partner_id = partner_id.clone();
        move || !sync.may_tick(EntityKind::TaskTick, &partner_id)
    };
    view! {
        <li class="task" class:done=done data-testid=format!("task-{}", task.id)>
            <div class="check-row">
                <input type="checkbox" id=checkbox_id.clone() prop:checked=done disabled=locked on:click=on_check />
                <label for=checkbox_id.clone()>{move || task.text.get(settings.lang.get())}</label>
                <Show when=move || done() && !editing.get()>
                    <button class="link" on:click=move |_| open_form()>{move || settings.t(Key::Edit)}</button>
                </Show>
            </div>
            {who_when}
            <NoteConflicts kind=EntityKind::TaskTick entity=tick_entity />
            <FormError message=form.message />
            <Show when=move || editing.get()>
                <form class="tick-form" on:submit=on_submit.clone() novalidate>
                    <TextField label=Key::Who value=by problem=form.problem(Field::By) id=format!("{checkbox_id}-by") />
                    <TextField label=Key::When value=at problem=form.problem(Field::At) id=format!("{checkbox_id}-at") input_type="datetime-local" />
                    <TextField label=Key::Note value=note problem=form.problem(Field::Note) id=format!("{checkbox_id}-note") optional=true multiline=true />
                    <div class="actions">
                        <button type="submit" class="primary">{move || settings.t(Key::MarkDone)}</button>
                        <button type="button" on:click=move |_| editing.set(false)>{move || settings.t(Key::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
