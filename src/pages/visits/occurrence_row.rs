use chrono::NaiveDate;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::EntityKind;
use samskab_domain::Field;
use samskab_domain::op::child_id;
use samskab_domain::schedule::{MOVE_MARGIN_DAYS, copenhagen_local, hh_mm};
use samskab_domain::screens::Action;
use samskab_domain::visits::{CancelInput, HeldInput, MoveInput};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{use_form, use_programme, use_role, use_settings, use_who};
use crate::time::{date_input, format_date, format_hours, visit_when};

/// Which form a visit row has open.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Closed,
    Held,
    Move,
    Cancel,
}

/// One occurrence of a visit: when, who, where, what is planned, and "held", "move" or
/// "cancel".
#[component]
pub fn OccurrenceRow(series: String, original_date: NaiveDate) -> impl IntoView {
    let occurrence_entity = child_id(&series, &original_date.to_string());
    let store = use_programme();
    let settings = use_settings();
    let role = use_role();
    let info = {
        let series = series.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                let visit = s.visits.iter().find(|v| v.id == series)?;
                // A moved occurrence may now fall on another date, so look around the original one.
                let around = chrono::Days::new(MOVE_MARGIN_DAYS);
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
                // Said for as long as the volunteer is still not cleared.
                let allowed = (!visit.allowed_uncleared.is_empty()
                    && !s.is_cleared(&visit.volunteer))
                .then(|| visit.allowed_uncleared.clone());
                Some((
                    occurrence,
                    volunteer,
                    home,
                    held,
                    visit.activity.clone(),
                    visit.volunteer.clone(),
                    allowed,
                ))
            })
        })
    };
    let panel = RwSignal::new(Panel::Closed);
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
        panel.set(Panel::Held);
    };
    let (move_date, move_start, move_end) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let open_move = move |_| {
        if let Some((o, ..)) = info.get_untracked() {
            let (start, end) = (copenhagen_local(o.start), copenhagen_local(o.end));
            move_date.set(date_input(start.date()));
            move_start.set(hh_mm(&start));
            move_end.set(hh_mm(&end));
        }
        form.clear();
        panel.set(Panel::Move);
    };
    let save_and_close = move |edits| form.save(edits, move || panel.set(Panel::Closed));
    let submit_move = {
        let series = series.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = MoveInput {
                date: move_date.get_untracked(),
                start: move_start.get_untracked(),
                end: move_end.get_untracked(),
            };
            save_and_close(input.edits(&series, original_date));
        }
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
            save_and_close(input.edits(&series, original_date));
        }
    };
    // Cancelling asks to be sure, who cancels and (if they like) why: the care service
    // and the coordinator are told.
    let who = use_who();
    let (cancel_by, cancel_reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let open_cancel = move |_| {
        cancel_by.set(who.suggest());
        cancel_reason.set(String::new());
        form.clear();
        panel.set(Panel::Cancel);
    };
    let submit_cancel = {
        let series = series.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = CancelInput {
                by: cancel_by.get_untracked(),
                reason: cancel_reason.get_untracked(),
            };
            let edits = input.edits(&series, original_date, chrono::Utc::now());
            if edits.is_ok() {
                who.remember(&input.by);
            }
            save_and_close(edits);
        }
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
    let (date_id, start_id, end_id) = (
        format!("{base}-date"),
        format!("{base}-start"),
        format!("{base}-end"),
    );
    let (by_id, reason_id) = (format!("{base}-by"), format!("{base}-reason"));
    move || {
        info.get().map(|(occurrence, volunteer, home, held, activity, volunteer_id, allowed)| {
            let lang = settings.lang.get();
            let start = copenhagen_local(occurrence.start);
            let when = visit_when(&occurrence, lang);
            // A colleague's visit (on a volunteer's phone) is the schedule only: its
            // hours and residents are not this device's to know.
            let held_text = held.filter(|_| role.may_record_visit_of(&volunteer_id)).map(|h| {
                let hours = format_hours(h.hours());
                let residents = h.residents.to_string();
                let summary = settings.t(Key::HeldSummary);
                fill(summary, &[("hours", &hours), ("residents", &residents)])
            });
            let is_held = held_text.is_some();
            // A volunteer records only their own visits; moving one is planning.
            let records = role.may_record_visit_of(&volunteer_id);
            let plans = role.may(Action::PlanVisits);
            let moved = occurrence.moved.then(|| {
                let date = format_date(original_date, lang);
                fill(settings.t(Key::MovedFrom), &[("date", &date)])
            });
            let (submit, submit_move) = (submit.clone(), submit_move.clone());
            let submit_cancel = submit_cancel.clone();
            let (by_id, reason_id) = (by_id.clone(), reason_id.clone());
            // "Held" from the visit's start on, not before.
            let started = occurrence.start <= chrono::Utc::now();
            let (hours_id, residents_id) = (hours_id.clone(), residents_id.clone());
            let note_id = note_id.clone();
            let (date_id, start_id, end_id) = (date_id.clone(), start_id.clone(), end_id.clone());
            view! {
                <li class="visit" data-testid=format!("visit-{volunteer}-{}", start.date())>
                    <p class="visit-when">
                        <strong>{when}</strong>
                    </p>
                    <p>{volunteer.clone()} " · " {home}</p>
                    {(!activity.is_empty()).then(|| view! { <p class="activity">{activity}</p> })}
                    {moved.map(|t| view! { <p class="tick-meta">{t}</p> })}
                    {allowed
                        .map(|by| {
                            let text = fill(settings.t(Key::AllowedUnclearedBy), &[("by", &by)]);
                            view! {
                                <p class="tick-meta" data-testid="allowed-uncleared">
                                    {text}
                                </p>
                            }
                        })}
                    {held_text.map(|t| view! { <p class="tick-meta">{t}</p> })}
                    <NoteConflicts
                        kind=EntityKind::VisitOccurrence
                        entity=occurrence_entity.clone()
                    />
                    <FormError message=form.message />
                    <Show when=move || records && !is_held && panel.get() == Panel::Closed>
                        <div class="actions">
                            {started
                                .then(|| {
                                    view! {
                                        <button class="primary" on:click=open>
                                            {move || settings.t(Key::MarkHeld)}
                                        </button>
                                    }
                                })}
                            {plans
                                .then(|| {
                                    view! {
                                        <button on:click=open_move>
                                            {move || settings.t(Key::MoveVisit)}
                                        </button>
                                    }
                                })}
                            <button on:click=open_cancel>
                                {move || settings.t(Key::CancelVisit)}
                            </button>
                        </div>
                    </Show>
                    <Show when=move || panel.get() == Panel::Move>
                        <form class="tick-form" on:submit=submit_move.clone() novalidate>
                            <TextField
                                label=Key::NewDate
                                value=move_date
                                problem=form.problem(Field::Date)
                                id=date_id.clone()
                                input_type="date"
                            />
                            <TextField
                                label=Key::StartTime
                                value=move_start
                                problem=Signal::derive(|| None)
                                id=start_id.clone()
                                input_type="time"
                            />
                            <TextField
                                label=Key::EndTime
                                value=move_end
                                problem=form.problem(Field::End)
                                id=end_id.clone()
                                input_type="time"
                            />
                            <FormActions
                                submit=Key::Save
                                on_cancel=Some(Callback::new(move |_| panel.set(Panel::Closed)))
                            />
                        </form>
                    </Show>
                    <Show when=move || panel.get() == Panel::Cancel>
                        <form
                            class="tick-form"
                            on:submit=submit_cancel.clone()
                            novalidate
                            data-testid="cancel-form"
                        >
                            <p>
                                <strong>{move || settings.t(Key::CancelQuestion)}</strong>
                            </p>
                            <TextField
                                label=Key::WhoCancels
                                value=cancel_by
                                problem=form.problem(Field::By)
                                id=by_id.clone()
                            />
                            <TextField
                                label=Key::CancelReason
                                value=cancel_reason
                                problem=form.problem(Field::Note)
                                id=reason_id.clone()
                                optional=true
                            />
                            <FormActions
                                submit=Key::ConfirmCancel
                                on_cancel=Some(Callback::new(move |_| panel.set(Panel::Closed)))
                                cancel_label=Key::KeepVisit
                            />
                        </form>
                    </Show>
                    <Show when=move || panel.get() == Panel::Held>
                        <form class="tick-form" on:submit=submit.clone() novalidate>
                            <TextField
                                label=Key::Hours
                                value=hours
                                problem=form.problem(Field::Hours)
                                id=hours_id.clone()
                            />
                            <TextField
                                label=Key::Residents
                                value=residents
                                problem=form.problem(Field::Residents)
                                id=residents_id.clone()
                            />
                            <TextField
                                label=Key::WhatWasDone
                                value=note
                                problem=form.problem(Field::Note)
                                id=note_id.clone()
                                optional=true
                                multiline=true
                            />
                            <FormActions
                                submit=Key::Save
                                on_cancel=Some(Callback::new(move |_| panel.set(Panel::Closed)))
                            />
                        </form>
                    </Show>
                </li>
            }
        })
    }
}
