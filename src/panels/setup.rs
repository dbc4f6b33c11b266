use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Field;
use samskab_domain::entities::ProgrammeInput;

use super::{JoinForm, RestoreBackup};
use crate::components::{FormError, TextField, last_backup};
use crate::i18n::{Key, fill};
use crate::state::{use_form, use_programme, use_settings};
use crate::storage::marker;

/// First start: create the programme (the municipality becomes its first partner).
#[component]
pub fn Setup() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let municipality = RwSignal::new(String::new());
    let coordinator = RwSignal::new(String::new());
    let form = use_form();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = ProgrammeInput {
            municipality: municipality.get_untracked(),
            coordinator: coordinator.get_untracked(),
        };
        let coordinator = input.coordinator.trim().to_owned();
        form.save(input.create(|| store.new_id()), move || {
            settings.my_name.set(coordinator)
        });
    };
    let lost = store.lost;
    let start_afresh = move |_| {
        marker::forget();
        lost.set(None);
    };
    let last = move || {
        lost.with(|held| last_backup(held.as_ref().and_then(|h| h.backup_at.as_deref())))
            .unwrap_or_else(|| settings.t(Key::Never).to_owned())
    };
    // The welcome's choice (see `crate::start`): its form's field, focused once shown.
    Effect::new(move || {
        if let Some(id) = crate::start::take_first_focus() {
            crate::focus::now(id);
        }
    });
    // Filling in the form fetches the code that stores the programme.
    let prepared = StoredValue::new(false);
    let prepare = move |_| {
        if !prepared.get_value() {
            prepared.set_value(true);
            store.prepare();
        }
    };
    let create = move || {
        view! {
            <section class="card setup">
                <h1>{move || settings.t(Key::SetupTitle)}</h1>
                <p>{move || settings.t(Key::SetupIntro)}</p>
                <form on:submit=submit on:input=prepare novalidate>
                    <FormError message=form.message />
                    <TextField
                        label=Key::Municipality
                        value=municipality
                        problem=form.problem(Field::Municipality)
                        id="municipality"
                    />
                    <TextField
                        label=Key::Coordinator
                        value=coordinator
                        problem=form.problem(Field::Coordinator)
                        id="coordinator"
                    />
                    <button type="submit" class="primary" data-testid="create-programme">
                        {move || settings.t(Key::Create)}
                    </button>
                </form>
            </section>
        }
    };
    let restore = move || {
        view! {
            <section class="card">
                <h2>{move || settings.t(Key::Backup)}</h2>
                <RestoreBackup />
            </section>
        }
    };
    // Data this device had is gone: getting it back comes first, a new programme last.
    move || {
        if lost.with(Option::is_some) {
            view! {
                <section class="card error" role="alert" data-testid="data-lost">
                    <p>{move || fill(settings.t(Key::LostData), &[("last", &last())])}</p>
                </section>
                {restore()}
                <JoinForm />
                <button class="link" data-testid="start-afresh" on:click=start_afresh>
                    {move || settings.t(Key::StartAfresh)}
                </button>
            }
            .into_any()
        } else {
            view! {
                {create()}
                <JoinForm />
                {restore()}
            }
            .into_any()
        }
    }
}
