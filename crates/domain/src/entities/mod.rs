//! Typed views of the merged records (`read`), and the forms whose input validates into
//! the edits that change them (`forms`). Volunteers, onboarding and visits have their
//! own modules (`volunteers`, `onboarding`, `visits`).

mod forms;
mod read;

pub use forms::{
    AdviceTickInput, PartnerInput, ProgrammeInput, TaskTickInput, remove_partner, untick_task,
};
pub(crate) use read::text;
pub use read::{AdviceTick, Partner, Programme, ProgrammeState, TaskTick};
