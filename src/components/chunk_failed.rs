use leptos::prelude::*;

use crate::i18n::Early;
use crate::state::use_settings;

/// What a page whose code could not be fetched shows instead: why, and a reload.
#[component]
pub fn ChunkFailed() -> impl IntoView {
    let settings = use_settings();
    view! {
        <div class="card error" role="alert" data-testid="chunk-failed">
            <p>{move || settings.t(Early::ErrChunk)}</p>
            <button
                class="primary"
                on:click=|_| {
                    let _ = window().location().reload();
                }
            >
                {move || settings.t(Early::Reload)}
            </button>
        </div>
    }
}
