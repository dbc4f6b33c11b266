use leptos::prelude::*;

use crate::i18n::{Key, fill};
use crate::state::use_settings;

/// How many more rows each press of "Vis flere" adds.
pub const PAGE_SIZE: usize = 30;

/// "Vis 30 flere (1.234 tilbage)": pages through a long list, so the page stays quick
/// and its DOM small however large the programme grows.
#[component]
pub fn ShowMore(
    /// How many rows the list has in all.
    #[prop(into)]
    total: Signal<usize>,
    /// How many rows are shown now; the button raises it.
    shown: RwSignal<usize>,
) -> impl IntoView {
    let settings = use_settings();
    let remaining = move || total.get().saturating_sub(shown.get());
    let label = move || {
        fill(
            settings.t(Key::ShowMore),
            &[
                ("n", &remaining().min(PAGE_SIZE).to_string()),
                ("left", &remaining().to_string()),
            ],
        )
    };
    view! {
        <Show when=move || { remaining() > 0 }>
            <button class="show-more" on:click=move |_| shown.update(|n| *n += PAGE_SIZE)>
                {label}
            </button>
        </Show>
    }
}
