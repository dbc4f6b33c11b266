use chrono::{DateTime, Utc};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Early, Key, fill};
use crate::state::use_settings;

/// How old the last backup may be before a device whose data the browser may delete is
/// reminded to make one.
const BACKUP_EVERY_DAYS: i64 = 7;
/// How long "OK" puts the reminder away.
const QUIET_DAYS: i64 = 3;
const READ_KEY: &str = "samskab.backup_reminder_read";

/// Whether to remind: the browser may delete the data, and there is no backup from the
/// last week (pure, for tests).
pub fn backup_due(persisted: Option<bool>, backup_at: Option<&str>, now: DateTime<Utc>) -> bool {
    let recent = backup_at
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .is_some_and(|at| (now - at.with_timezone(&Utc)).num_days() < BACKUP_EVERY_DAYS);
    persisted == Some(false) && !recent
}

/// The day of the last backup, as the device shows dates (`None`: never, or unreadable).
pub fn last_backup(at: Option<&str>) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(at?).ok()?;
    Some(crate::time::date_input(
        at.with_timezone(&chrono::Local).date_naive(),
    ))
}

/// "Browseren kan slette data på denne enhed …": where everyone looks, while the data
/// is not kept for sure and no recent backup exists; "OK" puts it away for a few days.
#[component]
pub fn BackupReminder(
    /// Whether the browser keeps this device's data for sure.
    #[prop(into)]
    persisted: Signal<Option<bool>>,
    /// When the last backup was saved (RFC 3339), if ever.
    #[prop(into)]
    backup_at: Signal<Option<String>>,
) -> impl IntoView {
    let settings = use_settings();
    let read_at = RwSignal::new(LocalStorage::get::<String>(READ_KEY).ok());
    let due = move || {
        let now = Utc::now();
        let read_lately = read_at.with(|at| {
            at.as_deref()
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                .is_some_and(|at| (now - at.with_timezone(&Utc)).num_days() < QUIET_DAYS)
        });
        !read_lately && backup_at.with(|at| backup_due(persisted.get(), at.as_deref(), now))
    };
    let read = move |_| {
        let now = Utc::now().to_rfc3339();
        // Not remembered (no localStorage): it is put away for this page only.
        let _ = LocalStorage::set(READ_KEY, &now);
        read_at.set(Some(now));
    };
    let last = move || {
        backup_at
            .with(|at| last_backup(at.as_deref()))
            .unwrap_or_else(|| settings.t(Key::Never).to_owned())
    };
    view! {
        <Show when=due>
            <div class="banner offline" role="note" data-testid="backup-reminder">
                <span id="backup-reminder-text">
                    {move || fill(settings.t(Key::BackupReminder), &[("last", &last())])}
                </span>
                " "
                <A href="/indstillinger">{move || settings.t(Key::SaveBackup)}</A>
                " "
                <button class="link" aria-describedby="backup-reminder-text" on:click=read>
                    {move || settings.t(Early::Understood)}
                </button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_due_only_where_the_browser_may_delete_the_data_and_none_is_recent() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(backup_due(Some(false), None, now));
        assert!(backup_due(Some(false), Some("2026-11-20T12:00:00Z"), now));
        assert!(!backup_due(Some(false), Some("2026-11-28T12:00:00Z"), now));
        assert!(!backup_due(Some(true), None, now), "kept for sure");
        assert!(!backup_due(None, None, now), "not known yet");
        assert!(backup_due(Some(false), Some("not a time"), now));
    }
}
