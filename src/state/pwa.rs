//! The service worker's lifecycle, the install prompt and persistent storage.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

/// What the app knows about being a progressive web app on this device.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new version is installed and waiting: offer "Ny version — genindlæs".
    pub update_ready: RwSignal<bool>,
    /// The browser offered an install prompt we can show on request.
    pub can_install: RwSignal<bool>,
    /// `navigator.storage.persist()` was granted.
    pub persisted: RwSignal<Option<bool>>,
    pub online: RwSignal<bool>,
    /// Whether the app starts again without network: `None` where the browser has no
    /// service workers; else whether one controls this page (it controls a page only once
    /// it installed, with every file of the app in its cache).
    pub offline_ready: RwSignal<Option<bool>>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// The user chose to update: reload when the new version takes control.
    update_requested: StoredValue<bool>,
    install_event: StoredValue<Option<web_sys::Event>, LocalStorage>,
}

impl Pwa {
    /// Takes the waiting version once nothing is lost by it: after the changes being
    /// written are durable (`saving`), and, if text was typed that is not saved, only when
    /// the user says so (`question`).
    pub fn apply_update_safely(&self, saving: impl Fn() -> bool + 'static, question: String) {
        // A second tap while the first waits changes nothing.
        if self.update_requested.get_value() {
            return;
        }
        self.update_requested.set_value(true);
        let pwa = *self;
        spawn_local(async move {
            // Writes take milliseconds; a stuck one must not hold the update for ever.
            for _ in 0..50 {
                if !saving() {
                    break;
                }
                crate::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            if unsaved_text() && !window().confirm_with_message(&question).unwrap_or(false) {
                pwa.update_requested.set_value(false);
                return;
            }
            pwa.apply_update();
        });
    }

    /// Activates the waiting version; the page reloads when it takes control.
    fn apply_update(&self) {
        self.update_requested.set_value(true);
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().and_then(ServiceWorkerRegistration::waiting));
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str("skipWaiting"));
            }
            None => {
                let _ = window().location().reload();
            }
        }
    }

    /// Asks the browser to keep this device's data (not delete it when space runs low),
    /// unless it already does.
    pub fn ask_persist(&self) {
        if self.persisted.get_untracked() == Some(true) {
            return;
        }
        let pwa = *self;
        spawn_local(async move {
            let storage = window().navigator().storage();
            if let Ok(promise) = storage.persist()
                && let Ok(granted) = JsFuture::from(promise).await
            {
                pwa.persisted.set(granted.as_bool());
            }
        });
    }

    /// Shows the browser's install prompt, if it offered one.
    pub fn install(&self) {
        if let Some(event) = self.install_event.get_value() {
            if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into())
                .and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let _ = prompt.call0(&event);
            }
            self.can_install.set(false);
        }
    }
}

fn watch_installing(pwa: Pwa, worker: ServiceWorker) {
    let on_state = Closure::<dyn FnMut()>::new({
        let worker = worker.clone();
        move || {
            let has_controller = window().navigator().service_worker().controller().is_some();
            if worker.state() == ServiceWorkerState::Installed && has_controller {
                pwa.update_ready.set(true);
            }
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Follows which worker controls the page: the first one makes the app ready without
/// network; one the user chose to update to reloads the page, so page and cache agree
/// (the first install also changes the controller, and must not reload the page).
fn watch_controller(pwa: Pwa) {
    let on_change = Closure::<dyn FnMut()>::new(move || {
        pwa.offline_ready.set(controlled());
        if pwa.update_requested.get_value() {
            let _ = window().location().reload();
        }
    });
    window()
        .navigator()
        .service_worker()
        .set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// Registers the worker (`index.html` did already; this gets its registration) and
/// watches for new versions. Tried again when the network returns, if it failed.
fn start_register(pwa: Pwa) {
    spawn_local(async move {
        if let Err(error) = register(pwa).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
            return;
        }
        // Once a worker is active the app starts without network, even while this page
        // is not controlled (after a hard reload).
        if let Ok(ready) = window().navigator().service_worker().ready()
            && JsFuture::from(ready).await.is_ok()
        {
            pwa.offline_ready.set(Some(true));
        }
    });
}

async fn register(pwa: Pwa) -> Result<(), JsValue> {
    let container = window().navigator().service_worker();
    let registration: ServiceWorkerRegistration = JsFuture::from(container.register("/sw.js"))
        .await?
        .dyn_into()?;
    if registration.waiting().is_some() && container.controller().is_some() {
        pwa.update_ready.set(true);
    }
    let on_update = Closure::<dyn FnMut()>::new({
        let registration = registration.clone();
        move || {
            if let Some(worker) = registration.installing() {
                watch_installing(pwa, worker);
            }
        }
    });
    registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget();

    pwa.registration.set_value(Some(registration));
    // A device that keeps the app open for days still hears of a new version: when the
    // app comes to the front, and every few hours while it is online.
    let look = move || {
        if window().navigator().on_line() {
            pwa.registration.with_value(|r| {
                if let Some(registration) = r
                    && let Ok(promise) = registration.update()
                {
                    // A failed look (no network after all) is tried again later.
                    spawn_local(async move {
                        let _ = JsFuture::from(promise).await;
                    });
                }
            });
        }
    };
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        if window().document().is_some_and(|d| !d.hidden()) {
            look();
        }
    });
    if let Some(document) = window().document() {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
    }
    on_visible.forget();
    let every = Closure::<dyn FnMut()>::new(look);
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        every.as_ref().unchecked_ref(),
        UPDATE_CHECK_MS,
    );
    every.forget();
    Ok(())
}

/// How often an open app looks for a new version while online.
const UPDATE_CHECK_MS: i32 = 3 * 60 * 60 * 1000;

/// Marks every field the user types in, so an update can tell typed text from text the
/// app put there.
fn mark_typing() {
    let Some(document) = window().document() else {
        return;
    };
    let on_input = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        if let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = field.set_attribute("data-typed", "");
        }
    });
    let _ = document.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    on_input.forget();
}

/// Whether a field on the page holds text the user typed and no form saved since (a
/// field that saves as it is typed sits in `[data-saved-as-typed]`).
fn unsaved_text() -> bool {
    let Some(fields) = window()
        .document()
        .and_then(|d| d.query_selector_all(TYPED_TEXT).ok())
    else {
        return false;
    };
    (0..fields.length())
        .filter_map(|i| fields.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(|field| matches!(field.closest("[data-saved-as-typed]"), Ok(None)))
        .any(|field| {
            let value = if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
                input.value()
            } else if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.value()
            } else {
                String::new()
            };
            !value.trim().is_empty()
        })
}

/// Fields that hold text (not boxes, files or sliders) the user typed in.
const TYPED_TEXT: &str = "input[data-typed]:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=range]), textarea[data-typed]";

/// A form saved what it held: the text typed so far is no longer at risk.
pub fn typed_text_saved() {
    let Some(fields) = window()
        .document()
        .and_then(|d| d.query_selector_all("[data-typed]").ok())
    else {
        return;
    };
    for field in
        (0..fields.length()).filter_map(|i| fields.item(i)?.dyn_into::<web_sys::Element>().ok())
    {
        let _ = field.remove_attribute("data-typed");
    }
}

/// For the page before the app (the welcome, see `crate::start`): whether a service
/// worker controls it (`None`: the browser has none) and whether the device is online,
/// followed. (The app's `Pwa` does the rest: registering, updates, persisting.)
pub fn watch_offline_readiness() -> (Signal<Option<bool>>, Signal<bool>) {
    let ready = RwSignal::new(controlled());
    let online = RwSignal::new(window().navigator().on_line());
    if has_service_workers() {
        let on_change = Closure::<dyn FnMut()>::new(move || {
            // (After the welcome is gone, its signals are too: nothing to do.)
            let _ = ready.try_set(controlled());
        });
        let _ = window()
            .navigator()
            .service_worker()
            .add_event_listener_with_callback(
                "controllerchange",
                on_change.as_ref().unchecked_ref(),
            );
        on_change.forget();
    }
    listen("online", move |_| {
        let _ = online.try_set(true);
    });
    listen("offline", move |_| {
        let _ = online.try_set(false);
    });
    (ready.into(), online.into())
}

fn has_service_workers() -> bool {
    js_sys::Reflect::has(&window().navigator(), &"serviceWorker".into()).unwrap_or(false)
}

/// Whether a service worker controls this page (`None`: the browser has none).
fn controlled() -> Option<bool> {
    has_service_workers().then(|| window().navigator().service_worker().controller().is_some())
}

fn listen(name: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = window().add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    closure.forget();
}

pub fn provide_pwa() -> Pwa {
    let pwa = Pwa {
        update_ready: RwSignal::new(false),
        can_install: RwSignal::new(false),
        persisted: RwSignal::new(None),
        online: RwSignal::new(window().navigator().on_line()),
        offline_ready: RwSignal::new(controlled()),
        registration: StoredValue::new_local(None),
        update_requested: StoredValue::new(false),
        install_event: StoredValue::new_local(None),
    };
    mark_typing();
    if has_service_workers() {
        watch_controller(pwa);
        start_register(pwa);
    }
    listen("beforeinstallprompt", move |event| {
        event.prevent_default();
        pwa.install_event.set_value(Some(event));
        pwa.can_install.set(true);
    });
    listen("online", move |_| {
        pwa.online.set(true);
        if has_service_workers() && pwa.registration.with_value(Option::is_none) {
            start_register(pwa);
        }
    });
    listen("offline", move |_| pwa.online.set(false));
    // Browsers grant it by how the app is used: asked at start, once installed, and
    // after the user's changes (see `ask_persist`).
    listen("appinstalled", move |_| pwa.ask_persist());
    pwa.ask_persist();
    provide_context(pwa);
    pwa
}

#[track_caller]
pub fn use_pwa() -> Pwa {
    expect_context()
}
