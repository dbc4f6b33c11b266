//! A note outside IndexedDB (in localStorage) of what the device held: when the browser
//! deletes the database but not this (as clearing site data in part, or a low disk may),
//! the app can tell "the data this device had is gone" from a first start.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "samskab-held";

/// What the device last held.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Held {
    /// The generation of its last write (0: nothing was ever written).
    pub generation: u64,
    /// When it last saved a backup file (RFC 3339), if ever.
    #[serde(default)]
    pub backup_at: Option<String>,
}

pub fn read() -> Held {
    LocalStorage::get(KEY).unwrap_or_default()
}

fn write(held: &Held) {
    // Failing to keep it (storage full) only costs telling a lost database from a new one.
    let _ = LocalStorage::set(KEY, held);
}

/// A write of `generation` is stored.
pub fn wrote(generation: u64) {
    let mut held = read();
    if generation > held.generation {
        held.generation = generation;
        write(&held);
    }
}

pub fn backed_up(at: &str) {
    let mut held = read();
    held.backup_at = Some(at.to_owned());
    write(&held);
}

/// The user lets go of what the device held ("start afresh" after the data was lost).
pub fn forget() {
    LocalStorage::delete(KEY);
}
