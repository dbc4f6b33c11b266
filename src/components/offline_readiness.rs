use leptos::prelude::*;

use crate::i18n::Early;
use crate::state::use_settings;

/// Whether the app can start again without network: "Ikke klar til offline endnu — bliv
/// på nettet et øjeblik" until its service worker controls the page, then "Klar til brug
/// uden net" (only after having said it was not), until read.
#[component]
pub fn OfflineReadiness(
    /// Whether a service worker controls the page (`None`: the browser has none).
    offline_ready: Signal<Option<bool>>,
    /// Whether the device is online.
    online: Signal<bool>,
) -> impl IntoView {
    let settings = use_settings();
    let waited = RwSignal::new(false);
    let read = RwSignal::new(false);
    Effect::new(move |_| {
        if offline_ready.get() == Some(false) {
            waited.set(true);
        }
    });
    let said = move || match offline_ready.get() {
        Some(false) if online.get() => Some(Early::OfflineNotYet),
        Some(true) if waited.get() && !read.get() => Some(Early::OfflineReadyNow),
        _ => None,
    };
    // The live region is there before its message, so screen readers announce it.
    view! {
        <div class="readiness" role="status" data-testid="offline-readiness">
            {move || {
                said()
                    .map(|key| {
                        view! {
                            <div class="banner offline">
                                <span id="offline-readiness-text">{move || settings.t(key)}</span>
                                {(key == Early::OfflineReadyNow)
                                    .then(|| {
                                        view! {
                                            <button
                                                class="link"
                                                aria-describedby="offline-readiness-text"
                                                on:click=move |_| read.set(true)
                                            >
                                                {move || settings.t(Early::Understood)}
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
        </div>
    }
}
