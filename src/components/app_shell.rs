use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::{BackupReminder, LangSwitch, OfflineBanner, OfflineReadiness, SyncStatusLine};
use crate::i18n::fill;
use crate::i18n::{Early, Key};
use crate::state::{use_programme, use_pwa, use_reminders, use_settings};
use crate::sync::{SyncStatus, use_sync};

/// The frame around every page: header with language switch, navigation (bottom bar on
/// phones, side bar on tablets) and the update/offline banners.
#[component]
pub fn AppShell(children: Children) -> impl IntoView {
    let settings = use_settings();
    let pwa = use_pwa();
    let link = |href: &'static str, icon: &'static str, key: Key| {
        view! {
            <A href=href exact=href == "/" attr:class="nav-link">
                <span class="nav-icon" aria-hidden="true">
                    {icon}
                </span>
                <span class="nav-text">{move || settings.t(key)}</span>
            </A>
        }
    };
    // The residents' board is full screen: no header, no navigation.
    let reminders = use_reminders();
    let store = use_programme();
    // Browsers grant lasting storage by how the app is used: asked again after the
    // session's first change.
    let asked = StoredValue::new(false);
    Effect::new(move |ran: Option<()>| {
        store.outbox_grew.track();
        if ran.is_some() && !asked.get_value() {
            asked.set_value(true);
            pwa.ask_persist();
        }
    });
    let sync = use_sync();
    let count = move || reminders.with(Vec::len);
    let location = use_location();
    let kiosk = move || location.pathname.with(|p| p.starts_with("/tavle/"));
    // A backup is asked for only once there is something to lose, and only where the
    // data lives: not shared, or the coordinator's (a limited role's data comes again
    // from the server). Like the offline banner, not before the device knows whether
    // it shares.
    let keeps_data_here = move || {
        sync.ready.get()
            && store.state.with(|s| s.programme.is_some())
            && (sync.access.with(Option::is_none) || sync.is_coordinator())
    };
    view! {
        // `aria-busy` while a change shown on screen is still being written.
        <div class="shell" class:kiosk=kiosk aria-busy=move || store.saving().then_some("true")>
            <header class="top-bar">
                <A href="/" attr:class="brand">
                    {move || settings.t(Early::AppName)}
                </A>
                <A href="/mig" attr:class="me-link">
                    {move || settings.t(Key::NavMe)}
                </A>
                <A
                    href="/paamindelser"
                    attr:class="reminders-link"
                    attr:data-testid="reminders-link"
                    attr:aria-label=move || fill(
                        settings.t(Key::RemindersCount),
                        &[("n", &count().to_string())],
                    )
                >
                    <span aria-hidden="true">"🔔"</span>
                    <Show when=move || { count() > 0 }>
                        <span class="badge" aria-hidden="true">
                            {count}
                        </span>
                    </Show>
                </A>
                <LangSwitch />
            </header>
            // Everything the app has to say above the page, in one row of the grid.
            <div class="banners">
                <Show when=move || pwa.update_ready.get()>
                    <div class="banner update" role="status">
                        <button
                            data-testid="update-button"
                            on:click=move |_| {
                                pwa.apply_update_safely(
                                    move || store.saving(),
                                    settings.t(Key::ConfirmUpdateUnsaved).to_owned(),
                                )
                            }
                        >
                            {move || settings.t(Key::UpdateReady)}
                        </button>
                    </div>
                </Show>
                <SyncStatusLine />
                <OfflineReadiness offline_ready=pwa.offline_ready.into() online=pwa.online.into() />
                <BackupReminder
                    persisted=Signal::derive(move || {
                        keeps_data_here().then(|| pwa.persisted.get()).flatten()
                    })
                    backup_at=settings.backup_at
                />
                // A device that shares says "offline" in its sync line, with what waits.
                <Show when=move || {
                    !pwa.online.get() && sync.ready.get()
                        && sync.status.with(|s| *s == SyncStatus::Off)
                }>
                    <OfflineBanner offline_ready=pwa.offline_ready.into() />
                </Show>
            </div>
            <nav class="main-nav" aria-label=move || settings.t(Key::MainNav)>
                {link("/", "◎", Key::NavOverview)}
                {link("/faser", "☰", Key::NavPhases)}
                {link("/raad", "✓", Key::NavAdvice)}
                {link("/frivillige", "☺", Key::NavVolunteers)}
                {link("/besoeg", "◷", Key::NavVisits)}
                {link("/parter", "⚇", Key::NavPartners)}
                {link("/indstillinger", "⚙", Key::NavSettings)}
            </nav>
            <main class="content" id="main">
                {children()}
            </main>
        </div>
    }
}
