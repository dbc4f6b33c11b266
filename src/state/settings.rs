use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use samskab_domain::Lang;

use crate::i18n::{self, Translated};

/// The language the user chose. (Not `samskab.lang`: versions before the device's own
/// language decided stored it on every start, chosen or not.)
const LANG_KEY: &str = "samskab.language";
const NAME_KEY: &str = "samskab.my_name";
const ME_KEY: &str = "samskab.me";
const INVITED_KEY: &str = "samskab.invited";
const FIRST_STEPS_KEY: &str = "samskab.first_steps_hidden";

/// Small per-device settings, kept in `localStorage` (programme data lives in IndexedDB).
#[derive(Clone, Copy)]
pub struct Settings {
    pub lang: RwSignal<Lang>,
    /// Suggested as "who" when this device ticks a task.
    pub my_name: RwSignal<String>,
    /// The volunteer who uses this device ("this is me"), by id.
    pub me: RwSignal<Option<String>>,
    /// When this device last saved a backup file (RFC 3339), if ever.
    pub backup_at: RwSignal<Option<String>>,
    /// Whether this device has made an invite (a first step of the coordinator's).
    pub invited: RwSignal<bool>,
    /// Whether the coordinator put the first steps away.
    pub first_steps_hidden: RwSignal<bool>,
}

impl Settings {
    /// The user's choice of language: kept, so the device's own no longer decides.
    pub fn choose_lang(&self, lang: Lang) {
        // Failing to remember a setting is harmless; the app keeps working.
        let _ = LocalStorage::set(LANG_KEY, lang.code());
        self.lang.set(lang);
    }

    /// A UI string in the current language (reactive).
    pub fn t(&self, key: impl Translated) -> &'static str {
        i18n::tr(self.lang.get(), key)
    }
}

pub fn provide_settings() -> Settings {
    let chosen_lang = LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code));
    let settings = Settings {
        lang: RwSignal::new(chosen_lang.unwrap_or_else(device_lang)),
        my_name: RwSignal::new(LocalStorage::get(NAME_KEY).unwrap_or_default()),
        me: RwSignal::new(LocalStorage::get(ME_KEY).ok()),
        backup_at: RwSignal::new(crate::storage::marker::read().backup_at),
        invited: RwSignal::new(LocalStorage::get(INVITED_KEY).unwrap_or(false)),
        first_steps_hidden: RwSignal::new(LocalStorage::get(FIRST_STEPS_KEY).unwrap_or(false)),
    };
    Effect::new(move || {
        let lang = settings.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
    });
    Effect::new(move || {
        let _ = LocalStorage::set(NAME_KEY, settings.my_name.get());
    });
    Effect::new(move || {
        let _ = LocalStorage::set(INVITED_KEY, settings.invited.get());
        let _ = LocalStorage::set(FIRST_STEPS_KEY, settings.first_steps_hidden.get());
    });
    Effect::new(move || match settings.me.get() {
        Some(id) => {
            let _ = LocalStorage::set(ME_KEY, id);
        }
        None => LocalStorage::delete(ME_KEY),
    });
    provide_context(settings);
    settings
}

/// The device's own language ([`Lang::of_device`]), for a user who has not chosen one.
fn device_lang() -> Lang {
    let languages: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Lang::of_device(languages.iter().map(String::as_str))
}

#[track_caller]
pub fn use_settings() -> Settings {
    expect_context()
}
