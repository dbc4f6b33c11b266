//! One module per route; `lazy` loads most of them from chunks of their own.

mod advice;
mod calendar;
mod evaluation;
mod first_steps;
mod home;
mod kiosk;
pub mod lazy;
mod me;
mod more;
mod not_found;
mod overview;
mod partners;
mod phase;
mod phases;
mod reminders;
mod results;
mod settings;
mod visits;
mod volunteers;

pub use advice::{AdviceIndex, AdvicePage};
pub use calendar::CalendarPage;
pub use evaluation::EvaluationPage;
pub use home::Home;
pub use kiosk::Kiosk;
pub use me::MePage;
pub use more::MorePage;
pub use not_found::NotFound;
pub use overview::Overview;
pub use partners::Partners;
pub use phase::PhasePage;
pub use phases::Phases;
pub use reminders::RemindersPage;
pub use results::ResultsPage;
pub use settings::SettingsPage;
pub use visits::VisitsPage;
pub use volunteers::{VolunteerPage, Volunteers};
