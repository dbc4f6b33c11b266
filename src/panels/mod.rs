//! Views that are not routes but work with the app's contexts (so not `components`):
//! the first start, joining, sharing and invites, restoring a backup, a note's
//! conflicting versions, an item of a checklist with its tick, a partner's details.

mod invites;
mod join;
mod name_prompt;
mod note_conflicts;
mod partner_form;
mod restore;
mod setup;
mod share;
mod tick_item;
mod welcome;

pub use join::JoinForm;
pub use name_prompt::NamePrompt;
pub use note_conflicts::NoteConflicts;
pub use partner_form::PartnerForm;
pub use restore::RestoreBackup;
pub use setup::Setup;
pub use share::SharePanel;
pub use tick_item::{TickItem, partner_lock};
pub use welcome::{Welcome, focus_of as welcome_focus_of};
