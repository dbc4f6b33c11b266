//! Views that are not routes but work with the app's contexts (so not `components`):
//! the first start, joining, sharing and invites, restoring a backup, a note's
//! conflicting versions, an item of a checklist with its tick.

mod invites;
mod join;
mod note_conflicts;
mod restore;
mod setup;
mod share;
mod tick_item;
mod welcome;

pub use join::JoinForm;
pub use note_conflicts::NoteConflicts;
pub use restore::RestoreBackup;
pub use setup::Setup;
pub use share::SharePanel;
pub use tick_item::{TickItem, partner_lock};
pub use welcome::Welcome;
