use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::entities::ProgrammeInput;
use samskab_domain::{Field, Invalid};

use crate::components::{FormError, TextField};
use crate::i18n::{self, Key};
use crate::state::{use_programme, use_settings};

/// First start: create the programme (the municipality becomes its first partner).
#[component]
pub fn Setup() -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    let municipality = RwSignal::new(String::new());
    let coordinator = RwSignal::new(String::new());
    let invalid = RwSignal::new(Invalid::default());
    let message = RwSignal::new(None::<Key>);
    let problem = move |field| Signal::derive(move || invalid.with(|i| i.problem(field)));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = ProgrammeInput {
            municipality: municipality.get_untracked(),
            coordinator: coordinator.get_untracked(),
        };
        match input.create(|| store.new_id()) {
            Err(problems) => {
                invalid.set(problems);
                message.set(Some(Key::FormHasProblems));
            }
            Ok(edits) => spawn_local(async move {
                invalid.set(Invalid::default());
                match store.apply(edits).await {
                    Ok(()) => settings.my_name.set(input.coordinator.trim().to_owned()),
                    Err(error) => message.set(Some(i18n::storage_error(&error))),
                }
            }),
        }
    };
    view! {
        <section class="card setup">
            <h1>{move || settings.t(Key::SetupTitle)}</h1>
            <p>{move || settings.t(Key::SetupIntro)}</p>
            <form on:submit=submit novalidate>
                <FormError message=message />
                <TextField label=Key::Municipality value=municipality problem=problem(Field::Municipality) id="municipality" />
                <TextField label=Key::Coordinator value=coordinator problem=problem(Field::Coordinator) id="coordinator" />
                <button type="submit" class="primary" data-testid="create-programme">{move || settings.t(Key::Create)}</button>
            </form>
        </section>
    }
}
