//! The server's integration tests, in one binary: the router against real temporary
//! SQLite files (`common::Server`), the real binary killed while clients push, and the
//! files it serves. The seeded simulation is a binary of its own (`tests/simulation.rs`),
//! because `scripts/dev test` runs it in a release build.

mod common;
mod crash;
mod roles;
mod static_files;
mod sync;
mod trust;
