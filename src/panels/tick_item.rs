use leptos::ev::{MouseEvent, SubmitEvent};
use leptos::prelude::*;
use samskab_domain::{Edit, EntityKind, Field, Invalid};

use crate::components::{FormActions, FormError, TextField};
use crate::i18n::{Key, fill};
use crate::panels::NoteConflicts;
use crate::state::{FormStatus, use_programme, use_role, use_settings};

/// One item of a checklist (a phase task, a piece of good advice, an onboarding step)
/// with its tick. Ticking the box first asks for the caller's fields (who, when, a
/// note), and the box changes once the tick is stored; unticking takes effect at once
/// (and is taken back if it cannot be stored). The three tick screens share this shape;
/// each brings its own fields, edits and what it shows of a tick.
#[component]
pub fn TickItem(
    /// The checkbox's id; the callers' field ids start with it.
    #[prop(into)]
    id: String,
    /// The list item's `data-testid`.
    #[prop(into)]
    testid: String,
    /// The list item's class (`task`, `advice card`).
    class: &'static str,
    /// Whether the item is ticked.
    #[prop(into)]
    done: Signal<bool>,
    /// Whether this device may not tick it (another partner's task).
    #[prop(optional, into)]
    locked: Signal<bool>,
    /// Why a locked item cannot be ticked on this device (who ticks it).
    #[prop(default = None)]
    locked_why: Option<Signal<String>>,
    /// The checkbox's label.
    #[prop(into)]
    label: ViewFn,
    /// Shown under the box: what the item means, a hint.
    #[prop(optional, into)]
    details: Option<ViewFn>,
    /// Who did it when, once it is ticked.
    #[prop(into)]
    meta: Signal<Option<String>>,
    /// The tick's note as stored, shown when there is one.
    #[prop(into)]
    saved_note: Signal<String>,
    /// The tick's entity, for its note's conflicting versions.
    kind: EntityKind,
    #[prop(into)] entity: String,
    /// The form's problems and message; its `save` stores the edits.
    form: FormStatus,
    /// Fills in the fields before the form opens: `true` when ticking, `false` when
    /// changing a tick.
    open: Callback<bool>,
    /// The edits that untick it.
    untick: Callback<(), Result<Vec<Edit>, Invalid>>,
    /// The edits of the form as filled in: `true` when ticking.
    submit: Callback<bool, Result<Vec<Edit>, Invalid>>,
    /// Offers to change the tick without unticking it, with this label.
    #[prop(optional, into)]
    change_label: Option<Signal<String>>,
    /// Offers the change before the item is ticked, too (a note on advice not yet
    /// followed).
    #[prop(optional)]
    change_before_done: bool,
    /// The form's note, filled in by `open`; the last of its fields.
    note: RwSignal<String>,
    /// No note for this item (the criminal record's step keeps none).
    #[prop(optional)]
    without_note: bool,
    /// The form's other fields.
    children: ChildrenFn,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    // Whether the open form ticks the item (or changes a tick).
    let ticking = RwSignal::new(false);
    let open_form = move |tick: bool| {
        ticking.set(tick);
        open.run(tick);
        form.clear();
        editing.set(true);
    };
    let save = move |edits| form.save(edits, move || editing.set(false));
    let on_check = move |ev: MouseEvent| {
        if done.get_untracked() {
            // Closed now, not once stored: a tick right after must find its form open.
            editing.set(false);
            form.save(untick.run(()), || ());
        } else {
            // The box stays as it is until the tick is stored.
            ev.prevent_default();
            open_form(true);
        }
    };
    // The box as stored, set again when a change fails: an untick that could not even
    // start (its code not fetched) changes nothing the box would follow.
    let checked = move || {
        form.message.track();
        done.get()
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save(submit.run(ticking.get_untracked()));
    };
    let change = change_label.map(|label| {
        let offered = move || !editing.get() && !locked.get() && (change_before_done || done.get());
        view! {
            <Show when=offered>
                <button class="link" on:click=move |_| open_form(false)>
                    {label}
                </button>
            </Show>
        }
    });
    let note_id = format!("{id}-note");
    view! {
        <li class=class class:done=done data-testid=testid>
            <div class="check-row">
                <input
                    type="checkbox"
                    id=id.clone()
                    prop:checked=checked
                    disabled=locked
                    on:click=on_check
                />
                <label for=id.clone()>{move || label.run()}</label>
            </div>
            {details.map(|details| move || details.run())}
            {locked_why
                .map(|why| {
                    view! {
                        <Show when=move || locked.get()>
                            <p class="muted locked-why" data-testid="locked-why">
                                {why}
                            </p>
                        </Show>
                    }
                })}
            {move || {
                meta.get()
                    .map(|meta| {
                        view! {
                            <p class="tick-meta" data-testid="tick-meta">
                                {meta}
                            </p>
                        }
                    })
            }}
            {move || {
                let note = saved_note.get();
                (!note.is_empty()).then(|| view! { <p class="tick-note">{note}</p> })
            }}
            <NoteConflicts kind=kind entity=entity />
            {change}
            <FormError message=form.message />
            <Show when=move || editing.get()>
                <form class="tick-form" on:submit=on_submit novalidate>
                    {children()}
                    {(!without_note)
                        .then(|| {
                            view! {
                                <TextField
                                    label=Key::Note
                                    value=note
                                    problem=form.problem(Field::Note)
                                    id=note_id.clone()
                                    optional=true
                                    multiline=true
                                />
                            }
                        })}
                    <FormActions
                        submit=Signal::derive(move || {
                            if ticking.get() { Key::MarkDone } else { Key::Save }
                        })
                        on_cancel=Some(Callback::new(move |_| editing.set(false)))
                    />
                </form>
            </Show>
        </li>
    }
}

/// Whether this device may not tick a partner's task or advice (`kind`), and why: the
/// partner ticks it on its own device.
pub fn partner_lock(kind: EntityKind, partner_id: &str) -> (Signal<bool>, Signal<String>) {
    let role = use_role();
    let state = use_programme().state;
    let settings = use_settings();
    let partner = partner_id.to_owned();
    let locked = Signal::derive(move || !role.may_tick(kind, &partner));
    let partner = partner_id.to_owned();
    let why = Signal::derive(move || {
        let name = state.with(|s| {
            s.partner(&partner)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        });
        fill(settings.t(Key::TickedByPartner), &[("partner", &name)])
    });
    (locked, why)
}
