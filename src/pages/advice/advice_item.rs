use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::entities::AdviceTickInput;
use samskab_domain::op::child_id;
use samskab_domain::{Advice, Field};

use crate::components::{FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_form, use_programme, use_settings};
use crate::sync::use_sync;
use crate::time;

/// One piece of good advice: what it means in practice, its tick, note and date.
#[component]
pub fn AdviceItem(partner_id: String, advice: &'static Advice) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let tick = {
        let partner_id = partner_id.clone();
        Memo::new(move |_| {
            store
                .state
                .with(|s| s.advice_tick(&partner_id, advice.id).cloned())
        })
    };
    let done = move || tick.with(|t| t.as_ref().is_some_and(|t| t.done));
    let editing = RwSignal::new(false);
    // Opened by ticking the box (save marks it done) or to edit the note and date only.
    let marking = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let form = use_form();

    let save = {
        let partner_id = partner_id.clone();
        move |input: AdviceTickInput| {
            form.save(input.edits(&partner_id, advice.id), move || {
                editing.set(false)
            })
        }
    };
    let open_form = move |mark: bool| {
        marking.set(mark);
        let current = tick.get_untracked();
        note.set(current.as_ref().map(|t| t.note.clone()).unwrap_or_default());
        date.set(
            current
                .and_then(|t| t.date)
                .map(|d| d.to_string())
                .unwrap_or_else(time::today_input),
        );
        form.clear();
        editing.set(true);
    };
    let on_check = {
        let save = save.clone();
        move |ev: leptos::ev::MouseEvent| {
            // As for tasks: unticking at once, ticking after the form.
            match tick.get_untracked().filter(|t| t.done) {
                // Unticking keeps the note and date.
                Some(t) => save(AdviceTickInput {
                    done: false,
                    note: t.note,
                    date: t
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_else(time::today_input),
                }),
                None => {
                    ev.prevent_default();
                    open_form(true);
                }
            }
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let done =
            marking.get_untracked() || tick.with_untracked(|t| t.as_ref().is_some_and(|t| t.done));
        save(AdviceTickInput {
            done,
            note: note.get_untracked(),
            date: date.get_untracked(),
        });
    };
    let base = format!(
        "advice-{}-{}",
        partner_id.replace(|c: char| !c.is_ascii_alphanumeric(), ""),
        advice.number
    );
    let meta = move || {
        tick.get().map(|t| {
            let when = t.date.filter(|_| t.done).map(|d| {
                fill(
                    settings.t(Key::AdviceDoneOn),
                    &[("date", &time::format_date(d, settings.lang.get()))],
                )
            });
            view! {
                {when.map(|w| view! { <p class="tick-meta" data-testid="tick-meta">{w}</p> })}
                {(!t.note.is_empty()).then(|| view! { <p class="tick-note">{t.note.clone()}</p> })}
            }
        })
    };
    let tick_entity = child_id(&partner_id, advice.id);
    let sync = use_sync();
    let locked = {
        let partner_id = partner_id.clone();
        move || !sync.may_tick(EntityKind::AdviceTick, &partner_id)
    };
    view! {
        <li class="advice card" class:done=done data-testid=format!("advice-{}", advice.number)>
            <div class="check-row">
                <input type="checkbox" id=base.clone() prop:checked=done disabled=locked.clone() on:click=on_check />
                <label for=base.clone()>
                    <span class="advice-number">{advice.number}". "</span>
                    {move || advice.title.get(settings.lang.get())}
                </label>
            </div>
            <details>
                <summary>{move || settings.t(Key::InPractice)}</summary>
                <p>{move || advice.practice.get(settings.lang.get())}</p>
            </details>
            {meta}
            <NoteConflicts kind=EntityKind::AdviceTick entity=tick_entity />
            <Show when=move || !editing.get() && !locked()>
                <button class="link" on:click=move |_| open_form(false)>{move || settings.t(Key::Note)} " / " {move || settings.t(Key::Date)}</button>
            </Show>
            <FormError message=form.message />
            <Show when=move || editing.get()>
                <form class="tick-form" on:submit=on_submit.clone() novalidate>
                    <TextField label=Key::Date value=date problem=form.problem(Field::Date) id=format!("{base}-date") input_type="date" />
                    <TextField label=Key::Note value=note problem=form.problem(Field::Note) id=format!("{base}-note") optional=true multiline=true />
                    <div class="actions">
                        <button type="submit" class="primary">
                            {move || settings.t(if marking.get() { Key::MarkDone } else { Key::Save })}
                        </button>
                        <button type="button" on:click=move |_| editing.set(false)>{move || settings.t(Key::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
