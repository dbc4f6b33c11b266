use leptos::prelude::*;
use samskab_domain::entities::{TaskTickInput, untick_task};
use samskab_domain::op::child_id;
use samskab_domain::{EntityKind, Field, Task};

use crate::components::TextField;
use crate::i18n::{Key, fill};
use crate::panels::{TickItem, partner_lock};
use crate::state::{use_form, use_programme, use_settings, use_who};
use crate::time;

/// A task with its tick: ticking asks who and when (default: me, now) and an optional
/// note.
#[component]
pub fn TaskItem(
    partner_id: String,
    task: &'static Task,
    /// The card above already says who ticks these (so not once per task).
    #[prop(optional)]
    lock_said_above: bool,
) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let who = use_who();
    let tick = {
        let partner_id = partner_id.clone();
        Memo::new(move |_| {
            store
                .state
                .with(|s| s.task_tick(&partner_id, task.id).cloned())
        })
    };
    let done = Signal::derive(move || tick.with(|t| t.as_ref().is_some_and(|t| t.done)));
    let (locked, locked_why) = partner_lock(EntityKind::TaskTick, &partner_id);
    let (by, at, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let open = move |_ticking: bool| {
        let current = tick.get_untracked().filter(|t| t.done);
        by.set(
            current
                .as_ref()
                .map(|t| t.by.clone())
                .unwrap_or_else(|| who.suggest()),
        );
        at.set(
            current
                .as_ref()
                .and_then(|t| t.at)
                .map(|at| time::local_input(at.with_timezone(&chrono::Local)))
                .unwrap_or_else(time::now_local_input),
        );
        note.set(current.map(|t| t.note).unwrap_or_default());
    };
    let untick = {
        let partner_id = partner_id.clone();
        move |()| Ok(untick_task(&partner_id, task.id))
    };
    let submit = {
        let partner_id = partner_id.clone();
        move |_ticking: bool| {
            let input = TaskTickInput {
                by: by.get_untracked(),
                at: time::local_input_to_rfc3339(&at.get_untracked()),
                note: note.get_untracked(),
            };
            let edits = input.tick(&partner_id, task.id);
            if edits.is_ok() {
                who.remember(&input.by);
            }
            edits
        }
    };
    let id = format!(
        "task-{}-{}",
        partner_id.replace(|c: char| !c.is_ascii_alphanumeric(), ""),
        task.id.replace('.', "-")
    );
    let done_tick = move || tick.get().filter(|t| t.done);
    let meta = Signal::derive(move || {
        done_tick().map(|t| {
            let at = t.at.map(|at| time::format_instant(at, settings.lang.get()));
            fill(
                settings.t(Key::DoneBy),
                &[("by", &t.by), ("at", &at.unwrap_or_default())],
            )
        })
    });
    let saved_note = Signal::derive(move || done_tick().map(|t| t.note).unwrap_or_default());
    let form = use_form();
    let (by_id, at_id) = (format!("{id}-by"), format!("{id}-at"));
    view! {
        <TickItem
            id=id
            testid=format!("task-{}", task.id)
            class="task"
            done=done
            locked=locked
            locked_why=(!lock_said_above).then_some(locked_why)
            label=move || task.text.get(settings.lang.get())
            meta=meta
            saved_note=saved_note
            note=note
            kind=EntityKind::TaskTick
            entity=child_id(&partner_id, task.id)
            form=form
            open=Callback::new(open)
            untick=Callback::new(untick)
            submit=Callback::new(submit)
            change_label=Signal::derive(move || settings.t(Key::Edit).to_owned())
        >
            <TextField label=Key::Who value=by problem=form.problem(Field::By) id=by_id.clone() />
            <TextField
                label=Key::When
                value=at
                problem=form.problem(Field::At)
                id=at_id.clone()
                input_type="datetime-local"
            />
        </TickItem>
    }
}
