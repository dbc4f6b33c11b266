use leptos::prelude::*;
use samskab_domain::entities::AdviceTickInput;
use samskab_domain::op::child_id;
use samskab_domain::{Advice, EntityKind, Field};

use crate::components::TextField;
use crate::i18n::{Key, fill};
use crate::panels::{TickItem, partner_lock};
use crate::state::{use_form, use_programme, use_settings, use_who};
use crate::time;

/// One piece of good advice: what it means in practice, its tick, note and date. The
/// note and date can be written before the advice is followed.
#[component]
pub fn AdviceItem(partner_id: String, advice: &'static Advice) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let who = use_who();
    let tick = {
        let partner_id = partner_id.clone();
        Memo::new(move |_| {
            store
                .state
                .with(|s| s.advice_tick(&partner_id, advice.id).cloned())
        })
    };
    let done = Signal::derive(move || tick.with(|t| t.as_ref().is_some_and(|t| t.done)));
    let (locked, locked_why) = partner_lock(EntityKind::AdviceTick, &partner_id);
    let (by, note, date) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let date_or_today = |date: Option<chrono::NaiveDate>| {
        date.map(|d| d.to_string())
            .unwrap_or_else(time::today_input)
    };
    let open = move |_ticking: bool| {
        let current = tick.get_untracked();
        by.set(
            current
                .as_ref()
                .map(|t| t.by.clone())
                .filter(|by| !by.is_empty())
                .unwrap_or_else(|| who.suggest()),
        );
        note.set(current.as_ref().map(|t| t.note.clone()).unwrap_or_default());
        date.set(date_or_today(current.and_then(|t| t.date)));
    };
    let edits = {
        let partner_id = partner_id.clone();
        move |input: AdviceTickInput| input.edits(&partner_id, advice.id)
    };
    // Unticking keeps the note and date.
    let untick = {
        let edits = edits.clone();
        move |()| {
            let current = tick.get_untracked();
            edits(AdviceTickInput {
                done: false,
                by: current.as_ref().map(|t| t.by.clone()).unwrap_or_default(),
                note: current.as_ref().map(|t| t.note.clone()).unwrap_or_default(),
                date: date_or_today(current.and_then(|t| t.date)),
            })
        }
    };
    let submit = move |ticking: bool| {
        let input = AdviceTickInput {
            done: ticking || done.get_untracked(),
            by: by.get_untracked(),
            note: note.get_untracked(),
            date: date.get_untracked(),
        };
        let result = edits(input.clone());
        if result.is_ok() {
            who.remember(&input.by);
        }
        result
    };
    let id = format!(
        "advice-{}-{}",
        partner_id.replace(|c: char| !c.is_ascii_alphanumeric(), ""),
        advice.number
    );
    let meta = Signal::derive(move || {
        let (on, by) = tick.with(|t| {
            t.as_ref()
                .filter(|t| t.done)
                .and_then(|t| t.date.map(|d| (d, t.by.clone())))
        })?;
        let on = time::format_date(on, settings.lang.get());
        Some(if by.is_empty() {
            fill(settings.t(Key::AdviceDoneOn), &[("date", &on)])
        } else {
            fill(settings.t(Key::AdviceDoneBy), &[("date", &on), ("by", &by)])
        })
    });
    let saved_note = Signal::derive(move || {
        tick.with(|t| t.as_ref().map(|t| t.note.clone()))
            .unwrap_or_default()
    });
    let label = move || {
        // One inline run, so the number does not wrap onto a line of its own.
        view! {
            <span class="advice-title">
                <span class="advice-number">{advice.number}"."</span>
                {move || advice.title.get(settings.lang.get())}
            </span>
        }
    };
    let details = move || {
        view! {
            <details>
                <summary>{move || settings.t(Key::InPractice)}</summary>
                <p>{move || advice.practice.get(settings.lang.get())}</p>
            </details>
        }
    };
    let change_label =
        Signal::derive(move || format!("{} / {}", settings.t(Key::Note), settings.t(Key::Date)));
    let form = use_form();
    let (by_id, date_id) = (format!("{id}-by"), format!("{id}-date"));
    view! {
        <TickItem
            id=id
            testid=format!("advice-{}", advice.number)
            class="advice card"
            done=done
            locked=locked
            locked_why=Some(locked_why)
            label=label
            details=details
            meta=meta
            saved_note=saved_note
            note=note
            kind=EntityKind::AdviceTick
            entity=child_id(&partner_id, advice.id)
            form=form
            open=Callback::new(open)
            untick=Callback::new(untick)
            submit=Callback::new(submit)
            change_label=change_label
            change_before_done=true
        >
            <TextField label=Key::Who value=by problem=form.problem(Field::By) id=by_id.clone() />
            <TextField
                label=Key::Date
                value=date
                problem=form.problem(Field::Date)
                id=date_id.clone()
                input_type="date"
            />
        </TickItem>
    }
}
