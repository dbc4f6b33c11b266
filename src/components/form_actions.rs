use leptos::prelude::*;

use crate::i18n::Key;
use crate::state::use_settings;

/// A form's buttons: the submit, and a cancel when the form can be left unsaved.
#[component]
pub fn FormActions(
    /// The submit button's label.
    #[prop(into)]
    submit: Signal<Key>,
    /// Leaves the form without saving; without it, no cancel button.
    #[prop(default = None)]
    on_cancel: Option<Callback<()>>,
    /// The cancel button's label ("Annullér" unless said).
    #[prop(default = Key::Cancel)]
    cancel_label: Key,
    /// The submit button's `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let settings = use_settings();
    view! {
        <div class="actions">
            <button type="submit" class="primary" data-testid=testid>
                {move || settings.t(submit.get())}
            </button>
            {on_cancel
                .map(|cancel| {
                    view! {
                        <button type="button" on:click=move |_| cancel.run(())>
                            {move || settings.t(cancel_label)}
                        </button>
                    }
                })}
        </div>
    }
}
