//! Views that are not routes but work with the app's contexts (so not `components`):
//! the first start, joining, sharing and invites, restoring a backup, a note's
//! conflicting versions.

mod invites;
mod join;
mod note_conflicts;
mod restore;
mod setup;
mod share;

pub use join::JoinForm;
pub use note_conflicts::NoteConflicts;
pub use restore::RestoreBackup;
pub use setup::Setup;
pub use share::SharePanel;
