use leptos::prelude::*;

use crate::i18n::{Early, Key, fill};
use crate::state::use_settings;

/// "2 besøg er flyttet …": says on a list that some of what it showed left this device
/// (moved out of its sight or deleted elsewhere) while the app was open, until read.
#[component]
pub fn GoneNotice(
    /// How many left; nothing is shown at 0.
    #[prop(into)]
    count: Signal<usize>,
    /// The message, with `{n}` for the count.
    message: Key,
    /// "OK": the user has read it.
    on_read: Callback<()>,
) -> impl IntoView {
    let settings = use_settings();
    // The live region is there before its message, so screen readers announce it.
    view! {
        <div role="status">
            <Show when=move || { count.get() > 0 }>
                <div class="notice" data-testid="gone-notice">
                    <p id="gone-notice-text">
                        {move || fill(settings.t(message), &[("n", &count.get().to_string())])}
                    </p>
                    <button aria-describedby="gone-notice-text" on:click=move |_| on_read.run(())>
                        {move || settings.t(Early::Understood)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
