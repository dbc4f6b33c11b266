//! Keyboard focus moved where a user expects it after the page changed: to a form's
//! first field once it is drawn, back to what opened it once it closed.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element with `id`, if there is one.
pub fn now(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Focuses the element with `id` once the next frame is drawn (it may not exist yet).
pub fn later(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || now(&id));
}
