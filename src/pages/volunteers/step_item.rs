use leptos::prelude::*;
use samskab_domain::onboarding::Step;
use samskab_domain::op::child_id;
use samskab_domain::volunteers::{StepInput, undo_step};
use samskab_domain::{EntityKind, Field};

use crate::components::TextField;
use crate::i18n::{Key, fill};
use crate::panels::TickItem;
use samskab_domain::screens::Action;

use crate::state::{use_form, use_programme, use_role, use_settings, use_who};
use crate::time;

/// One onboarding step: tick it with who, when and a note; untick to undo.
#[component]
pub fn StepItem(volunteer: String, step: Step) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let who = use_who();
    let role = use_role();
    // What must be done first (not for a step already done: it can be unticked).
    let missing = {
        let volunteer = volunteer.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                let onboarding = s.onboarding_of(&volunteer);
                if onboarding.done.contains_key(&step) {
                    Vec::new()
                } else {
                    onboarding.missing_before(step)
                }
            })
        })
    };
    let locked =
        Signal::derive(move || !role.may(Action::Onboard) || missing.with(|m| !m.is_empty()));
    let locked_why = Signal::derive(move || {
        if !role.may(Action::Onboard) {
            return settings.t(Key::TickedByCareService).to_owned();
        }
        let lang = settings.lang.get();
        let first: Vec<&str> = missing.with(|m| m.iter().map(|s| s.label().get(lang)).collect());
        fill(settings.t(Key::StepsFirst), &[("steps", &first.join(", "))])
    });
    let ended_early = RwSignal::new(false);
    let step_done = {
        let volunteer = volunteer.clone();
        Memo::new(move |_| {
            store.state.with(|s| {
                s.onboarding
                    .get(&volunteer)
                    .and_then(|o| o.done.get(&step).cloned())
            })
        })
    };
    let done = Signal::derive(move || step_done.with(Option::is_some));
    let (by, on, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let open = move |_ticking: bool| {
        by.set(who.suggest());
        on.set(time::today_input());
        note.set(String::new());
        ended_early.set(false);
    };
    let untick = {
        let volunteer = volunteer.clone();
        move |()| Ok(undo_step(&volunteer, step))
    };
    let submit = {
        let volunteer = volunteer.clone();
        move |_ticking: bool| {
            let input = StepInput {
                by: by.get_untracked(),
                on: on.get_untracked(),
                note: note.get_untracked(),
                ended_early: ended_early.get_untracked(),
            };
            let onboarding = store.state.with_untracked(|s| s.onboarding_of(&volunteer));
            let edits = input.done(&onboarding, &volunteer, step, crate::time::today());
            if edits.is_ok() {
                who.remember(&input.by);
            }
            edits
        }
    };
    let meta = Signal::derive(move || {
        step_done.get().map(|d| {
            let date = time::format_date(d.on, settings.lang.get());
            fill(
                settings.t(Key::StepDoneBy),
                &[("by", &d.by), ("date", &date)],
            )
        })
    });
    let saved_note = Signal::derive(move || {
        step_done
            .with(|d| d.as_ref().map(|d| d.note.clone()))
            .unwrap_or_default()
    });
    let hint = move || {
        (step == Step::CriminalRecordAssessed)
            .then(|| view! { <p class="hint">{move || settings.t(Key::CriminalRecordHint)}</p> })
    };
    let id = format!("step-{}", step.key());
    let form = use_form();
    let (by_id, on_id) = (format!("{id}-by"), format!("{id}-on"));
    view! {
        <TickItem
            locked=locked
            locked_why=Some(locked_why)
            id=id.clone()
            testid=id
            class="task"
            done=done
            label=move || step.label().get(settings.lang.get())
            details=hint
            meta=meta
            saved_note=saved_note
            note=note
            kind=EntityKind::OnboardingStep
            entity=child_id(&volunteer, step.key())
            form=form
            open=Callback::new(open)
            untick=Callback::new(untick)
            submit=Callback::new(submit)
            without_note=!step.takes_note()
        >
            <TextField label=Key::Who value=by problem=form.problem(Field::By) id=by_id.clone() />
            <TextField
                label=Key::Date
                value=on
                problem=form.problem(Field::Date)
                id=on_id.clone()
                input_type="date"
            />
            {(step == Step::TrialReviewed)
                .then(|| {
                    let early_id = format!("{on_id}-early");
                    view! {
                        <div class="field check-row">
                            <input
                                type="checkbox"
                                id=early_id.clone()
                                prop:checked=ended_early
                                on:change=move |ev| ended_early.set(event_target_checked(&ev))
                            />
                            <label for=early_id>{move || settings.t(Key::TrialEndedEarly)}</label>
                        </div>
                    }
                })}
        </TickItem>
    }
}
