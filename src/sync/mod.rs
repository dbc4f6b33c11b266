//! Syncing with the server: `engine` decides when a round runs and what it does (ship
//! the outbox, pull pages, act on refusals) and says where it is on the status line;
//! `client` is the server's API over `fetch`. What sync keeps on the device (outbox,
//! checkpoint, the server's access) is stored with everything else in `storage`.

pub mod client;
mod engine;

pub use engine::{Report, SyncEngine, SyncError, SyncStatus, provide_sync, use_sync};
