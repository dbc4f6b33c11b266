use leptos::prelude::*;

use crate::i18n::Early;
use crate::state::use_settings;

/// "Offline — …": what is kept, and whether the app can start again without a network.
#[component]
pub fn OfflineBanner(
    /// Whether a service worker controls the page (`None`: the browser has none).
    offline_ready: Signal<Option<bool>>,
) -> impl IntoView {
    let settings = use_settings();
    let key = move || {
        if offline_ready.get() == Some(false) {
            Early::OfflineNotReady
        } else {
            Early::Offline
        }
    };
    view! {
        <div class="banner offline" role="status" data-testid="offline-banner">
            {move || settings.t(key())}
        </div>
    }
}
