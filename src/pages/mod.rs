//! One module per route.

mod advice;
mod invites;
mod join;
mod kiosk;
mod me;
mod not_found;
mod note_conflicts;
mod overview;
mod partners;
mod phase;
mod phases;
mod reminders;
mod restore;
mod settings;
mod setup;
mod share;
mod visits;
mod volunteers;

pub use advice::{AdviceIndex, AdvicePage};
use join::JoinForm;
pub use kiosk::Kiosk;
pub use me::MePage;
pub use not_found::NotFound;
pub use note_conflicts::NoteConflicts;
pub use overview::Overview;
pub use partners::Partners;
pub use phase::PhasePage;
pub use phases::Phases;
pub use reminders::RemindersPage;
use restore::RestoreBackup;
pub use settings::SettingsPage;
pub use setup::Setup;
use share::SharePanel;
pub use visits::VisitsPage;
pub use volunteers::{VolunteerPage, Volunteers};
