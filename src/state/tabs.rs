//! Several tabs of one device share its database. Each tells the others what its writes
//! changed, over a `BroadcastChannel`, so every tab shows the merge of the stored
//! operations; and a tab saves a snapshot only for the generation it has seen every
//! write up to (`Generations`), so a snapshot never hides another tab's change.

use std::collections::BTreeSet;

use samskab_domain::Stamp;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::storage::Written;

/// Above this many records a tab is told to read everything again rather than each.
const MOST_KEYS: usize = 2_000;

/// What one tab tells the others of a write: its generation and the records it touched
/// (`None`: too many, or all of them), which they read afresh; and its greatest stamp,
/// which their clocks follow (the tabs share the device's id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    pub generation: u64,
    pub keys: Option<Vec<String>>,
    pub latest: Option<Stamp>,
}

impl Changed {
    /// What to tell of a write, if it changed any record.
    pub fn of(written: &Written) -> Option<Changed> {
        let mut keys: Vec<String> = (written.new_ops.iter().map(|op| op.record_key()))
            .chain(written.rebuilt.iter().map(|record| record.key.clone()))
            .chain(written.removed.iter().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        (!keys.is_empty()).then(|| Changed {
            generation: written.generation,
            keys: (keys.len() <= MOST_KEYS).then_some(keys),
            latest: written.new_ops.iter().map(|op| op.stamp).max(),
        })
    }

    /// Everything may have changed (the programme was let go of).
    pub fn everything(generation: u64) -> Changed {
        Changed {
            generation,
            keys: None,
            latest: None,
        }
    }
}

/// The channel's name: one per origin, as the database is.
const CHANNEL: &str = "samskab-writes";

/// The write generations a tab has seen: everything up to `complete`, and some beyond
/// (another tab's message may come after this tab's own later write).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Generations {
    complete: u64,
    beyond: BTreeSet<u64>,
}

impl Generations {
    /// The records were read at `generation` (or later).
    pub fn loaded(generation: u64) -> Generations {
        Generations {
            complete: generation,
            beyond: BTreeSet::new(),
        }
    }

    /// A write of `generation` is in this tab's records now.
    pub fn saw(&mut self, generation: u64) {
        if generation <= self.complete {
            return;
        }
        self.beyond.insert(generation);
        while self.beyond.remove(&(self.complete + 1)) {
            self.complete += 1;
        }
    }

    /// The generation up to which the records hold every write, none missing.
    pub fn complete(&self) -> u64 {
        self.complete
    }
}

/// This tab's end of the channel; dropping it closes it.
pub struct Channel {
    channel: web_sys::BroadcastChannel,
    _listener: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Channel {
    /// Listens to the other tabs' writes (`None` where the browser has no channel: one
    /// tab then sees only its own, and never saves a snapshot over another's).
    pub fn open(mut heard: impl FnMut(Changed) + 'static) -> Option<Channel> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let changed = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str(&text).ok());
                if let Some(changed) = changed {
                    heard(changed);
                }
            },
        );
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs (never this one) what a write changed.
    pub fn tell(&self, changed: &Changed) {
        if let Ok(text) = serde_json::to_string(changed) {
            let _ = self.channel.post_message(&text.into());
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unbroken_run_of_writes_counts_as_seen() {
        let mut seen = Generations::loaded(4);
        seen.saw(3);
        assert_eq!(seen.complete(), 4, "older than what was read");
        seen.saw(6);
        assert_eq!(
            seen.complete(),
            4,
            "5 is missing: another tab's, not heard yet"
        );
        seen.saw(5);
        assert_eq!(seen.complete(), 6);
        seen.saw(6);
        seen.saw(7);
        assert_eq!(seen.complete(), 7);
    }
}
