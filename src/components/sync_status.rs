use leptos::prelude::*;

use crate::i18n::{Key, fill, sync_error};
use crate::state::{SyncStatus, use_settings, use_sync};

/// One line under the header saying where syncing with the server is, for a device that
/// shares its programme; nothing for one that does not.
#[component]
pub fn SyncStatusLine() -> impl IntoView {
    let sync = use_sync();
    let settings = use_settings();
    let text = move || {
        let t = |key| settings.t(key);
        match sync.status.get() {
            SyncStatus::Off => None,
            SyncStatus::Syncing => Some(t(Key::Syncing).to_owned()),
            SyncStatus::Synced { at, refused } => {
                let mut line = fill(t(Key::SyncedAt), &[("at", &at)]);
                if refused > 0 {
                    line.push_str(" · ");
                    line.push_str(&fill(t(Key::SyncRefused), &[("n", &refused.to_string())]));
                }
                Some(line)
            }
            SyncStatus::Offline { pending: 0 } => Some(t(Key::SyncOfflineNothing).to_owned()),
            SyncStatus::Offline { pending } => {
                Some(fill(t(Key::SyncOffline), &[("n", &pending.to_string())]))
            }
            SyncStatus::Revoked => Some(t(Key::SyncRevoked).to_owned()),
            SyncStatus::Failed(error) => {
                let error = sync_error(settings.lang.get(), &error, Key::ErrNotAllowed);
                Some(fill(t(Key::SyncFailed), &[("error", &error)]))
            }
        }
    };
    let alarm = move || {
        matches!(
            sync.status.get(),
            SyncStatus::Revoked | SyncStatus::Failed(_)
        )
    };
    // Rounds every half minute would make a screen reader say "synced" again and again:
    // only a change for the worse is announced.
    let live = move || match sync.status.get() {
        SyncStatus::Syncing | SyncStatus::Synced { refused: 0, .. } => "off",
        _ => "polite",
    };
    view! {
        <p class="sync-status" class:alarm=alarm role="status" aria-live=live data-testid="sync-status" hidden=move || text().is_none()>
            {text}
        </p>
    }
}
