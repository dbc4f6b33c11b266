use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Key;
use crate::state::use_settings;

/// Any unknown route.
#[component]
pub fn NotFound() -> impl IntoView {
    let settings = use_settings();
    view! {
        <section class="card">
            <h1>{move || settings.t(Key::NotFound)}</h1>
            <A href="/">{move || settings.t(Key::BackHome)}</A>
        </section>
    }
}
