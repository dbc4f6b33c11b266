use leptos::prelude::*;

use crate::i18n::{Key, fill, refusal_reason, sync_error};
use crate::state::use_settings;
use crate::sync::{SyncStatus, use_sync};

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
            SyncStatus::Synced { at, report, .. } => {
                let mut line = fill(t(Key::SyncedAt), &[("at", &at)]);
                let mut add = |key, n: usize, why: Option<String>| {
                    if n > 0 {
                        line.push_str(" · ");
                        let n = n.to_string();
                        let why = why.unwrap_or_default();
                        line.push_str(&fill(t(key), &[("n", &n), ("why", &why)]));
                    }
                };
                let mut why: Vec<&str> = report
                    .taken_back
                    .iter()
                    .map(|r| t(refusal_reason(*r)))
                    .collect();
                why.dedup();
                add(
                    Key::SyncTakenBack,
                    report.taken_back.len(),
                    Some(why.join(", ")),
                );
                add(Key::SyncRemade, report.remade, None);
                add(Key::SyncAdopted, report.adopted, None);
                add(Key::SyncGone, report.gone, None);
                add(Key::SyncErased, report.erased, None);
                Some(line)
            }
            SyncStatus::Offline { pending: 0 } => Some(t(Key::SyncOfflineNothing).to_owned()),
            SyncStatus::Offline { pending } => {
                Some(fill(t(Key::SyncOffline), &[("n", &pending.to_string())]))
            }
            SyncStatus::Revoked => Some(t(Key::SyncRevoked).to_owned()),
            SyncStatus::Unknown => Some(t(Key::SyncUnknown).to_owned()),
            SyncStatus::Failed(error) => {
                let error = sync_error(settings.lang.get(), &error, Key::ErrNotAllowed);
                Some(fill(t(Key::SyncFailed), &[("error", &error)]))
            }
        }
    };
    let alarm = move || {
        matches!(
            sync.status.get(),
            SyncStatus::Revoked | SyncStatus::Unknown | SyncStatus::Failed(_)
        )
    };
    // Rounds every half minute would make a screen reader say "synced" again and again:
    // only a change for the worse is announced.
    let live = move || match sync.status.get() {
        SyncStatus::Syncing => "off",
        SyncStatus::Synced { report, retold, .. } if retold || report.is_quiet() => "off",
        _ => "polite",
    };
    view! {
        <p
            class="sync-status"
            class:alarm=alarm
            role="status"
            aria-live=live
            data-testid="sync-status"
            hidden=move || text().is_none()
        >
            {text}
        </p>
    }
}
