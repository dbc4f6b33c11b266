use leptos::prelude::*;
use samskab_domain::Progress;

use crate::i18n::of_total;
use crate::state::use_settings;

/// A labelled progress bar reading "3 af 4", exposed to screen readers as a progressbar.
#[component]
pub fn ProgressBar(
    /// What the bar measures, e.g. a partner's or a phase's name.
    #[prop(into)]
    label: Signal<String>,
    /// Done and total.
    #[prop(into)]
    progress: Signal<Progress>,
    /// The label for screen readers only, where a heading right above says it.
    #[prop(optional)]
    label_hidden: bool,
) -> impl IntoView {
    let settings = use_settings();
    let count = move || of_total(settings.lang.get(), progress.get());
    view! {
        <div class="progress" data-testid="progress">
            <div class="progress-head">
                <span class="progress-label" class:visually-hidden=label_hidden>
                    {label}
                </span>
                <span class="progress-count" data-testid="progress-count">
                    {count}
                </span>
            </div>
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax=move || progress.get().total
                aria-valuenow=move || progress.get().done
                aria-valuetext=count
            >
                <div
                    class="progress-fill"
                    class:complete=move || progress.get().is_complete()
                    style:width=move || format!("{}%", progress.get().percent())
                ></div>
            </div>
        </div>
    }
}
