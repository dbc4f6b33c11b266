use leptos::prelude::*;

use crate::i18n::Early;
use crate::state::use_settings;

/// "Henter…", while what the page shows is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let settings = use_settings();
    view! {
        <p class="card" role="status">
            {move || settings.t(Early::Loading)}
        </p>
    }
}
