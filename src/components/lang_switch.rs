use leptos::prelude::*;
use samskab_domain::Lang;

use crate::i18n::Early;
use crate::state::use_settings;

/// The header's switch between Danish and English.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let settings = use_settings();
    let toggle = move |_| {
        let other = if settings.lang.get_untracked() == Lang::Da {
            Lang::En
        } else {
            Lang::Da
        };
        settings.choose_lang(other);
    };
    view! {
        <button
            class="lang-switch"
            data-testid="lang-switch"
            aria-label=move || settings.t(Early::SwitchLanguageLabel)
            on:click=toggle
        >
            {move || settings.t(Early::SwitchLanguage)}
        </button>
    }
}
