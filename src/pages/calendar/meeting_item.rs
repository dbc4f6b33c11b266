use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::calendar::{Entry, Meeting, MeetingInput};
use samskab_domain::{EntityKind, Field};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_form, use_programme, use_settings};
use crate::time::{format_date, today};

/// One meeting of the calendar: what it is for, its date (and where it was moved from),
/// held or overdue, its note; "Ret" opens its form (date, held, note).
#[component]
pub fn MeetingItem(meeting: Meeting, entries: Memo<Vec<Entry>>) -> impl IntoView {
    let state = use_programme().state;
    let settings = use_settings();
    let form = use_form();
    let entry =
        Memo::new(move |_| entries.with(|all| all.iter().find(|e| e.meeting == meeting).cloned()));
    let key = meeting.key();
    let title = move || meeting.title(settings.lang.get());
    let (date, done, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(false),
        RwSignal::new(String::new()),
    );
    let editing = RwSignal::new(false);
    // The meeting as the form opened on it: what the form's fields are compared with.
    let opened: StoredValue<Option<Entry>> = StoredValue::new(None);
    let ids = (format!("meeting-{key}-date"), format!("meeting-{key}-done"));
    let edit_id = format!("meeting-{key}-edit");
    let open = {
        let date_id = ids.0.clone();
        move |_| {
            let Some(current) = entry.get_untracked() else {
                return;
            };
            let input = MeetingInput::from_entry(&current);
            opened.set_value(Some(current));
            date.set(input.date);
            done.set(input.done);
            note.set(input.note);
            form.clear();
            editing.set(true);
            crate::focus::later(&date_id);
        }
    };
    let close = {
        let edit_id = edit_id.clone();
        move || {
            editing.set(false);
            form.clear();
            crate::focus::later(&edit_id);
        }
    };
    let on_submit = {
        let close = close.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(current) = opened.get_value() else {
                return;
            };
            let start = state.with_untracked(|s| s.programme.as_ref().and_then(|p| p.start));
            let input = MeetingInput {
                date: date.get_untracked(),
                done: done.get_untracked(),
                note: note.get_untracked(),
            };
            let edits = input.edits(&current, start.unwrap_or(current.planned));
            let close = close.clone();
            form.save(edits, close);
        }
    };
    let when = move || {
        entry.get().map(|e| {
            let lang = settings.lang.get();
            let status = if e.done {
                Some(("done", Key::MeetingDone))
            } else if e.overdue(today()) {
                Some(("overdue", Key::MeetingOverdue))
            } else {
                None
            };
            let moved = (e.date != e.planned).then(|| {
                fill(
                    settings.t(Key::MeetingMovedFrom),
                    &[("date", &format_date(e.planned, lang))],
                )
            });
            view! {
                <p class="meeting-when">
                    <time datetime=samskab_domain::validate::date_key(
                        e.date,
                    )>{format_date(e.date, lang)}</time>
                    {status
                        .map(|(class, label)| {
                            view! {
                                " "
                                <span class=format!("badge {class}") data-testid="meeting-status">
                                    {settings.t(label)}
                                </span>
                            }
                        })}
                    {moved.map(|moved| view! { <span class="muted">" · " {moved}</span> })}
                </p>
            }
        })
    };
    let saved_note = move || {
        entry
            .get()
            .map(|e| e.note)
            .filter(|n| !n.is_empty())
            .map(|n| view! { <p class="tick-note">{n}</p> })
    };
    let done_id = ids.1.clone();
    view! {
        <li
            class="card meeting"
            class:done=move || entry.with(|e| e.as_ref().is_some_and(|e| e.done))
            data-testid=format!("meeting-{key}")
        >
            <h2>{title}</h2>
            {when}
            <p class="muted">{move || meeting.purpose().get(settings.lang.get())}</p>
            {saved_note}
            <NoteConflicts kind=EntityKind::CalendarItem entity=key.clone() />
            <Show when=move || !editing.get()>
                <button
                    id=edit_id.clone()
                    aria-label=move || fill(settings.t(Key::MeetingEdit), &[("title", &title())])
                    on:click=open.clone()
                >
                    {move || settings.t(Key::Edit)}
                </button>
            </Show>
            <FormError message=form.message />
            <Show when=move || editing.get()>
                <form class="tick-form" on:submit=on_submit.clone() novalidate>
                    <TextField
                        label=Key::Date
                        value=date
                        problem=form.problem(Field::Date)
                        id=ids.0.clone()
                        input_type="date"
                    />
                    <div class="check-row">
                        <input type="checkbox" id=done_id.clone() bind:checked=done />
                        <label for=done_id.clone()>{move || settings.t(Key::MeetingDone)}</label>
                    </div>
                    <TextField
                        label=Key::Note
                        value=note
                        problem=form.problem(Field::Note)
                        id=format!("meeting-{}-note", meeting.key())
                        optional=true
                        multiline=true
                    />
                    <FormActions
                        submit=Key::Save
                        on_cancel=Some(
                            Callback::new({
                                let close = close.clone();
                                move |_| close()
                            }),
                        )
                    />
                </form>
            </Show>
        </li>
    }
}
