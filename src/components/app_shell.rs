use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use samskab_domain::screens::Screen;

use super::{BackupReminder, LangSwitch, MainNav, OfflineBanner, OfflineReadiness, SyncStatusLine};
use crate::i18n::fill;
use crate::i18n::{Early, Key};
use crate::state::{use_programme, use_pwa, use_reminders, use_role, use_settings};
use crate::sync::{SyncStatus, use_sync};

/// The frame around every page: header with language switch, navigation (bottom bar on
/// phones, side bar on tablets) and the update/offline banners.
#[component]
pub fn AppShell(children: Children) -> impl IntoView {
    let settings = use_settings();
    let pwa = use_pwa();
    let role = use_role();
    let sync_ready = use_sync().ready;
    // "Mig" in the header for a coordinator who also visits; a volunteer's is their home.
    let me_link =
        move || sync_ready.get() && role.may_open(Screen::Me, None) && role.home() != Screen::Me;
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
                <Show when=me_link>
                    <A href="/mig" attr:class="me-link">
                        {move || settings.t(Key::NavMe)}
                    </A>
                </Show>
                <A
                    href="/paamindelser"
                    attr:class="reminders-link"
                    attr:data-testid="reminders-link"
                    attr:aria-label=move || fill(
                        settings.t(Key::RemindersCount),
                        &[("n", &count().to_string())],
                    )
                >
                    // An icon drawn here: an emoji is an empty box where no emoji font is.
                    <svg
                        class="icon"
                        viewBox="0 0 24 24"
                        width="24"
                        height="24"
                        aria-hidden="true"
                        focusable="false"
                    >
                        <path
                            fill="currentColor"
                            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
                        />
                    </svg>
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
            <MainNav />
            <main class="content" id="main">
                {children()}
            </main>
        </div>
    }
}
