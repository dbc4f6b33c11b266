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
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// The user chose to update: reload when the new version takes control.
    update_requested: StoredValue<bool>,
    install_event: StoredValue<Option<web_sys::Event>, LocalStorage>,
}

impl Pwa {
    /// Activates the waiting version; the page reloads when it takes control.
    pub fn apply_update(&self) {
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

    // Reload once the chosen new version has taken over, so page and cache agree (the
    // first install also changes the controller, and must not reload the page).
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if pwa.update_requested.get_value() {
            let _ = window().location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    pwa.registration.set_value(Some(registration));
    Ok(())
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
        registration: StoredValue::new_local(None),
        update_requested: StoredValue::new(false),
        install_event: StoredValue::new_local(None),
    };
    if js_sys::Reflect::has(&window().navigator(), &"serviceWorker".into()).unwrap_or(false) {
        spawn_local(async move {
            if let Err(error) = register(pwa).await {
                leptos::logging::warn!("service worker registration failed: {error:?}");
            }
        });
    }
    listen("beforeinstallprompt", move |event| {
        event.prevent_default();
        pwa.install_event.set_value(Some(event));
        pwa.can_install.set(true);
    });
    listen("online", move |_| pwa.online.set(true));
    listen("offline", move |_| pwa.online.set(false));
    spawn_local(async move {
        let storage = window().navigator().storage();
        if let Ok(promise) = storage.persist()
            && let Ok(granted) = JsFuture::from(promise).await
        {
            pwa.persisted.set(granted.as_bool());
        }
    });
    provide_context(pwa);
    pwa
}

#[track_caller]
pub fn use_pwa() -> Pwa {
    expect_context()
}
