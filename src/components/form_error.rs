use leptos::prelude::*;

use crate::i18n::Key;
use crate::state::use_settings;

/// The message above a form: a summary of validation problems or a storage error.
#[component]
pub fn FormError(
    /// The message to show; nothing is shown for `None`.
    #[prop(into)]
    message: Signal<Option<Key>>,
) -> impl IntoView {
    let settings = use_settings();
    view! {
        <p
            class="form-error"
            role="alert"
            data-testid="form-error"
            hidden=move || message.get().is_none()
        >
            {move || message.get().map(|key| settings.t(key))}
        </p>
    }
}
