use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::schedule::copenhagen_local;
use samskab_domain::visits::{HeldInput, cancel};

use crate::components::{FormError, TextField};
use crate::i18n::{Key, fill};
use crate::state::{use_form, use_programme, use_settings};
use crate::time::format_date;

/// One occurrence of a visit: when, who, where, and "held" or "cancel".
#[component]
pub fn OccurrenceRow(series: String, original_date: NaiveDate) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let info = {
        let series = series.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                let visit = s.visits.iter().find(|v| v.id == series)?;
                // A moved occurrence may now fall on another date, so look around the original one.
                let around = chrono::Days::new(62);
                let occurrence = visit
                    .occurrences(original_date - around, original_date + around)
                    .into_iter()
                    .find(|o| o.original_date == original_date)?;
                let volunteer = s
                    .volunteer(&visit.volunteer)
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                let home = s
                    .partner(&visit.care_service)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let held = s.held.get(&(series.clone(), original_date)).cloned();
                Some((occurrence, volunteer, home, held))
            })
        })
    };
    let recording = RwSignal::new(false);
    let hours = RwSignal::new(String::new());
    let residents = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form = use_form();
    let open = move |_| {
        let planned = info
            .with_untracked(|i| i.as_ref().map(|(o, ..)| (o.end - o.start).num_minutes()))
            .unwrap_or(0);
        hours.set(format!("{}", planned as f64 / 60.0).replace('.', ","));
        residents.set(String::new());
        note.set(String::new());
        form.clear();
        recording.set(true);
    };
    let submit = {
        let series = series.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = HeldInput {
                hours: hours.get_untracked(),
                residents: residents.get_untracked(),
                note: note.get_untracked(),
            };
            form.save(input.edits(&series, original_date), move || {
                recording.set(false)
            });
        }
    };
    let cancel_visit = {
        let series = series.clone();
        move |_| form.save(Ok(cancel(&series, original_date)), || ())
    };
    let base = format!(
        "visit-{}-{}",
        series.replace(|c: char| !c.is_ascii_alphanumeric(), ""),
        original_date
    );
    let (hours_id, residents_id, note_id) = (
        format!("{base}-hours"),
        format!("{base}-residents"),
        format!("{base}-note"),
    );
    move || {
        info.get().map(|(occurrence, volunteer, home, held)| {
            let lang = settings.lang.get();
            let start = copenhagen_local(occurrence.start);
            let end = copenhagen_local(occurrence.end);
            let when = format!("{} {}–{}", format_date(start.date(), lang), start.format("%H:%M"), end.format("%H:%M"));
            let held_text = held.map(|h| fill(settings.t(Key::HeldSummary), &[("hours", &format!("{}", h.hours()).replace('.', ",")), ("residents", &h.residents.to_string())]));
            let is_held = held_text.is_some();
            let (submit, cancel_visit) = (submit.clone(), cancel_visit.clone());
            let (hours_id, residents_id, note_id) = (hours_id.clone(), residents_id.clone(), note_id.clone());
            view! {
                <li class="visit" data-testid=format!("visit-{volunteer}-{}", start.date())>
                    <p class="visit-when"><strong>{when}</strong></p>
                    <p>{volunteer.clone()} " · " {home}</p>
                    {held_text.map(|t| view! { <p class="tick-meta">{t}</p> })}
                    <FormError message=form.message />
                    <Show when=move || !is_held && !recording.get()>
                        <div class="actions">
                            <button class="primary" on:click=open>{move || settings.t(Key::MarkHeld)}</button>
                            <button on:click=cancel_visit.clone()>{move || settings.t(Key::CancelVisit)}</button>
                        </div>
                    </Show>
                    <Show when=move || recording.get()>
                        <form class="tick-form" on:submit=submit.clone() novalidate>
                            <TextField label=Key::Hours value=hours problem=form.problem(Field::Hours) id=hours_id.clone() />
                            <TextField label=Key::Residents value=residents problem=form.problem(Field::Residents) id=residents_id.clone() />
                            <TextField label=Key::WhatWasDone value=note problem=form.problem(Field::Note) id=note_id.clone() optional=true multiline=true />
                            <div class="actions">
                                <button type="submit" class="primary">{move || settings.t(Key::Save)}</button>
                                <button type="button" on:click=move |_| recording.set(false)>{move || settings.t(Key::Cancel)}</button>
                            </div>
                        </form>
                    </Show>
                </li>
            }
        })
    }
}
