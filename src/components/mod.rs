//! Reusable views: props and callbacks only, never storage.

mod app_shell;
mod form_error;
mod gone_notice;
mod progress_bar;
mod show_more;
mod sync_status;
mod text_field;

pub use app_shell::AppShell;
pub use form_error::FormError;
pub use gone_notice::GoneNotice;
pub use progress_bar::ProgressBar;
pub use show_more::{PAGE_SIZE, ShowMore};
pub use sync_status::SyncStatusLine;
pub use text_field::TextField;
