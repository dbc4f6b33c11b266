//! Typed contexts: components reach storage and device settings only through these.

mod form;
mod programme;
mod pwa;
mod reminders;
mod role;
mod settings;
mod tabs;
mod who;

pub use form::{FormStatus, use_form};
pub use programme::{ChangeError, LoadStatus, ProgrammeStore, provide_programme, use_programme};
pub use pwa::{Pwa, provide_pwa, use_pwa, watch_offline_readiness};
pub use reminders::{provide_reminders, use_reminders};
pub use role::{RoleApp, provide_role, use_role};
pub use settings::{Settings, provide_settings, use_settings};
pub use who::{Who, use_who};
