//! Reusable views: props and callbacks only, never storage.

mod app_shell;
mod backup_reminder;
mod bar_chart;
mod chunk_failed;
mod for_role;
mod form_actions;
mod form_error;
mod gone_notice;
mod lang_switch;
mod loading;
mod main_nav;
mod offline_banner;
mod offline_readiness;
mod partner_contact;
mod progress_bar;
mod show_more;
mod sync_status;
mod text_field;

pub use app_shell::AppShell;
pub use backup_reminder::{BackupReminder, last_backup};
pub use bar_chart::{Bar, BarChart};
pub use chunk_failed::ChunkFailed;
pub use for_role::ForRole;
pub use form_actions::FormActions;
pub use form_error::FormError;
pub use gone_notice::GoneNotice;
pub use lang_switch::LangSwitch;
pub use loading::Loading;
pub use main_nav::MainNav;
pub use offline_banner::OfflineBanner;
pub use offline_readiness::OfflineReadiness;
pub use partner_contact::PartnerContact;
pub use progress_bar::ProgressBar;
pub use show_more::{PAGE_SIZE, ShowMore};
pub use sync_status::SyncStatusLine;
pub use text_field::TextField;
