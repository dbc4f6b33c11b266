//! Samskab's domain: the collaboration model's content, the entities and their
//! validation, the op-log's merge rule and progress arithmetic. Pure Rust: no I/O,
//! no signals, so it is shared by the app and the server and tested natively.

pub mod api;
pub mod backup;
pub mod board;
pub mod calendar;
pub mod clock;
pub mod contact;
pub mod csv;
pub mod entities;
pub mod erasure;
pub mod evaluation;
pub mod homes;
pub mod ics;
pub mod model;
pub mod onboarding;
pub mod op;
pub mod progress;
pub mod reminders;
pub mod replica;
pub mod results;
pub mod schedule;
pub mod schema;
pub mod scope;
pub mod screens;
pub mod validate;
pub mod visits;
pub mod volunteers;

pub use clock::{Clock, DeviceId, Stamp, StampError};
pub use entities::{AdviceTick, Partner, Programme, ProgrammeState, TaskTick};
pub use model::{ADVICE, Advice, CareKind, Lang, PHASES, PartnerKind, Phase, Task, Text, Tip};
pub use op::{Change, Edit, EntityKind, Op, Record, merge};
pub use progress::Progress;
pub use validate::{Field, Invalid, Name, Note, Problem};
