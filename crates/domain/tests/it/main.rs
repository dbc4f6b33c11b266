//! The domain's integration tests, in one binary: the model's content and a programme
//! driven through the op-log as the app drives it (`common::Fixture`).

mod backup;
mod board;
mod common;
mod csv;
mod entities;
mod homes;
mod model;
mod reminders;
mod results;
mod screens;
mod visits;
mod volunteers;
