use leptos::prelude::*;
use samskab_domain::Problem;

use crate::i18n::{self, Key};
use crate::state::use_settings;

/// A labelled input with its validation message, announced to screen readers.
#[component]
pub fn TextField(
    /// The label's text…
    #[prop(optional)]
    label: Option<Key>,
    /// …or one that is not in the table (a model's text, such as a question).
    #[prop(optional, into)]
    label_text: Option<Signal<String>>,
    /// The field's value, two-way.
    value: RwSignal<String>,
    /// The problem to show under the field, if any.
    #[prop(into)]
    problem: Signal<Option<Problem>>,
    /// The input's id and `data-testid`; the message's id is derived from it.
    #[prop(into)]
    id: String,
    /// The input type: text (default), date, datetime-local.
    #[prop(default = "text")]
    input_type: &'static str,
    /// Shows "(valgfrit)" after the label.
    #[prop(optional)]
    optional: bool,
    /// A multi-line text area instead of an input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let settings = use_settings();
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    let invalid = move || problem.get().is_some().then_some("true");
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                data-testid=id.clone()
                rows="3"
                aria-invalid=invalid
                aria-describedby=described
                bind:value=value
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                data-testid=id.clone()
                type=input_type
                aria-invalid=invalid
                aria-describedby=described
                bind:value=value
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || problem.get().is_some()>
            <label for=id>
                {move || match (label_text, label) {
                    (Some(text), _) => text.get(),
                    (None, Some(key)) => settings.t(key).to_owned(),
                    (None, None) => String::new(),
                }}
                {optional
                    .then(|| {
                        view! {
                            " "
                            <span class="optional">{move || settings.t(Key::Optional)}</span>
                        }
                    })}
            </label>
            {input}
            <p class="field-error" id=error_id role="alert">
                {move || problem.get().map(|p| settings.t(i18n::problem(p)))}
            </p>
        </div>
    }
}
