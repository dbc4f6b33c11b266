use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use samskab_domain::Name;

use crate::components::{FormActions, TextField};
use crate::i18n::Key;
use crate::state::{use_settings, use_who};

/// Asks a partner's device once for the name of who uses it, so every tick says who
/// made it; gone once a name is given (here or on a first tick).
#[component]
pub fn NamePrompt() -> impl IntoView {
    let settings = use_settings();
    let who = use_who();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match Name::parse(&name.get_untracked()) {
            Ok(valid) => who.remember(valid.as_str()),
            Err(p) => problem.set(Some(p)),
        }
    };
    view! {
        <Show when=move || settings.my_name.with(|n| n.trim().is_empty())>
            <section class="card" data-testid="name-prompt">
                <form on:submit=submit novalidate>
                    <h2>{move || settings.t(Key::AskName)}</h2>
                    <p class="hint">{move || settings.t(Key::AskNameWhy)}</p>
                    <TextField
                        label=Key::AskName
                        value=name
                        problem=Signal::derive(move || problem.get())
                        id="ask-name"
                    />
                    <FormActions submit=Key::Save />
                </form>
            </section>
        </Show>
    }
}
