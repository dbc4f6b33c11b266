//! Several tabs of one device share its database. Each tells the others what its writes
//! changed, over a `BroadcastChannel`, so every tab shows the merge of the stored
//! operations; and a tab saves a snapshot only for the generation it has seen every
//! write up to (`Generations`), so a snapshot never hides another tab's change.

use std::collections::BTreeSet;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::storage::Written;

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
    pub fn open(mut heard: impl FnMut(Written) + 'static) -> Option<Channel> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let written = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str(&text).ok());
                if let Some(written) = written {
                    heard(written);
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
    pub fn tell(&self, written: &Written) {
        if let Ok(text) = serde_json::to_string(written) {
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
