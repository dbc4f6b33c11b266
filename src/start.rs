//! What the main module does by itself: tell a device's first visit from a start of a
//! device that has the app's data, and on a first visit show the welcome
//! (`panels::Welcome`) from the main module alone. The app itself ([`App`]: storage,
//! the shell, the forms and every page) comes in the `app` chunk, fetched when the app
//! is opened: at once on a device that has data (from the service worker's cache after
//! the first visit) or arrives by an invite's link, else with the welcome's first tap.
//! (Not fetched ahead on the welcome's first touch: a fetch ahead and the tap's own,
//! failing and retried together, put the app on the page beside the welcome.)

use std::cell::{Cell, RefCell};
use std::time::Duration;

use futures::future::{Either, select};

use leptos::mount::{mount_to, mount_to_body};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::App;
use crate::chunks::{ChunkError, in_chunk, within_patience};
use crate::components::{ChunkFailed, Loading};
use crate::panels::Welcome;
use crate::panels::welcome_focus_of;
use crate::state::provide_settings;
use crate::storage::{DB_NAME, marker};
use crate::time::sleep;

thread_local! {
    /// What the main module shows until the app is open (the welcome, or "Henter…"):
    /// dropping the handle takes it off the page.
    static SHOWN: RefCell<Option<UnmountHandle>> = const { RefCell::new(None) };
    /// The form field the welcome's choice asked for, for the first screen to focus.
    static FIRST_FOCUS: Cell<Option<&'static str>> = const { Cell::new(None) };
}

type UnmountHandle = leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>;

/// How long the browser may take to list its databases: where it hangs (as some
/// Safari versions' IndexedDB does at start), the app opens and finds out itself.
const PROBE_PATIENCE: Duration = Duration::from_secs(1);

in_chunk! {
    app;
    /// Puts the whole app on the page.
    fn mount_app() -> Result<(), ChunkError> {
        mount_to_body(App);
        Ok(())
    }
}

/// The main module's entry: the welcome on a first visit, else the app.
pub fn start() {
    // (Not Leptos' spawn_local: its executor is set up by the first mount.)
    wasm_bindgen_futures::spawn_local(async {
        let first_visit = is_first_visit().await && !invited();
        // (Read after the probe: a tap while it looked counts too.)
        let tapped = first_paint_tap();
        if first_visit {
            show(move || view! { <Welcome tapped /> }.into_any());
            return;
        }
        show(|| view! { <Loading /> }.into_any());
        // A device the first paint took for a first visit (its browser cannot list its
        // databases): the choice tapped there still leads to its form.
        if open_app(tapped.as_deref().and_then(welcome_focus_of))
            .await
            .is_err()
        {
            // Nothing else is on the page: say why, and offer to reload.
            show(|| view! { <ChunkFailed /> }.into_any());
        }
    });
}

/// Puts `view` on the page (with the settings it reads) in place of what was there: the
/// first paint's welcome (index.html) too, in the same task, so nothing flickers.
fn show(view: impl FnOnce() -> AnyView + 'static) {
    let focused = take_first_paint();
    let body = document().body().expect("a page has a body");
    let shown = mount_to(body, move || {
        provide_settings();
        view()
    });
    drop(SHOWN.replace(Some(shown)));
    // Keyboard focus stays on the same control of the welcome drawn in its place.
    if let Some(testid) = focused
        && let Ok(Some(control)) = document().query_selector(&format!("[data-testid='{testid}']"))
        && let Ok(control) = control.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = control.focus();
    }
}

/// Takes the first paint's welcome (index.html) off the page; the test id of its
/// control that had keyboard focus, if one had.
fn take_first_paint() -> Option<String> {
    let first_paint = document().get_element_by_id("first-paint")?;
    let focused = document()
        .active_element()
        .filter(|active| first_paint.contains(Some(active)))
        .and_then(|active| active.get_attribute("data-testid"));
    first_paint.remove();
    focused
}

/// Fetches the app and puts it on the page in place of the welcome; `focus` is the id
/// of the field its first screen focuses. `Err` if the app's chunk cannot be fetched
/// (the welcome stays, and another try fetches it again). Called once at a time (the
/// welcome's choices wait for it).
pub async fn open_app(focus: Option<&'static str>) -> Result<(), ChunkError> {
    FIRST_FOCUS.set(focus);
    let opened = within_patience(mount_app()).await;
    if opened.is_ok() {
        drop(SHOWN.take());
    }
    opened
}

/// The field the welcome's choice asked the first screen to focus, once.
pub fn take_first_focus() -> Option<&'static str> {
    FIRST_FOCUS.take()
}

/// The choice tapped on the first paint's welcome before the main module came (its
/// button's test id, kept by index.html's script).
fn first_paint_tap() -> Option<String> {
    js_sys::Reflect::get(&window(), &"samskabTap".into())
        .ok()?
        .as_string()
}

/// A device that never held data here and has no database of the app's. Where the
/// browser cannot list its databases (or is asked and fails), not a first visit: the
/// app opens and finds out itself.
async fn is_first_visit() -> bool {
    if marker::read().generation > 0 {
        // It held data: the app says whether it is still there.
        return false;
    }
    match select(Box::pin(database_names()), Box::pin(sleep(PROBE_PATIENCE))).await {
        Either::Left((Ok(names), _)) => !names.iter().any(|name| name == DB_NAME),
        _ => false,
    }
}

/// `indexedDB.databases()`, by name.
async fn database_names() -> Result<Vec<String>, JsValue> {
    let factory = js_sys::Reflect::get(&window(), &"indexedDB".into())?;
    let list: js_sys::Function = js_sys::Reflect::get(&factory, &"databases".into())?.dyn_into()?;
    let promise: js_sys::Promise = list.call0(&factory)?.dyn_into()?;
    let databases: js_sys::Array = JsFuture::from(promise).await?.dyn_into()?;
    Ok(databases
        .iter()
        .filter_map(|info| {
            js_sys::Reflect::get(&info, &"name".into())
                .ok()?
                .as_string()
        })
        .collect())
}

/// Opened from an invite's link (`/deltag?kode=…`): joining is what comes next.
fn invited() -> bool {
    window()
        .location()
        .pathname()
        .is_ok_and(|path| path == "/deltag")
}
