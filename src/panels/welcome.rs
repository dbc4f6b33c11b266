use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{LangSwitch, OfflineBanner, OfflineReadiness};
use crate::i18n::Early;
use crate::start::open_app;
use crate::state::{use_settings, watch_offline_readiness};

/// A device's first visit: what Samskab is, and the three ways to begin. It comes with
/// the main module alone (see `crate::start`); the app and its forms come with the
/// first tap, the chosen form's field focused.
#[component]
pub fn Welcome() -> impl IntoView {
    let settings = use_settings();
    let (offline_ready, online) = watch_offline_readiness();
    let opening = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let open = move |focus: &'static str| {
        opening.set(true);
        failed.set(false);
        spawn_local(async move {
            if open_app(Some(focus)).await.is_err() {
                opening.set(false);
                failed.set(true);
            }
        });
    };
    let choice = move |focus: &'static str, label: Early, hint: Early, testid: &'static str| {
        view! {
            <li>
                <button
                    class="primary"
                    data-testid=testid
                    aria-describedby=format!("{testid}-hint")
                    aria-disabled=move || opening.get().then_some("true")
                    on:click=move |_| {
                        if !opening.get_untracked() {
                            open(focus)
                        }
                    }
                >
                    {move || settings.t(label)}
                </button>
                <p id=format!("{testid}-hint") class="muted">
                    {move || settings.t(hint)}
                </p>
            </li>
        }
    };
    view! {
        <div class="shell welcome">
            <header class="top-bar">
                <span class="brand">{move || settings.t(Early::AppName)}</span>
                <LangSwitch />
            </header>
            <div class="banners">
                <Show when=move || !online.get()>
                    <OfflineBanner offline_ready />
                </Show>
                <OfflineReadiness offline_ready online />
            </div>
            <main class="content" id="main">
                <section class="card" data-testid="welcome">
                    <h1>{move || settings.t(Early::WelcomeTitle)}</h1>
                    <p>{move || settings.t(Early::WelcomeIntro)}</p>
                    // Right above the choices, so a tap shows at once that it was heard.
                    <p class="muted" role="status">
                        {move || opening.get().then(|| settings.t(Early::Loading))}
                    </p>
                    <div
                        class="form-error"
                        role="alert"
                        data-testid="welcome-error"
                        hidden=move || !failed.get()
                    >
                        <p>{move || settings.t(Early::ErrChunkApp)}</p>
                        // Another tab may have taken a new version whose app this one cannot get.
                        <button on:click=|_| {
                            let _ = window().location().reload();
                        }>{move || settings.t(Early::Reload)}</button>
                    </div>
                    <ul class="choices" aria-busy=move || opening.get().then_some("true")>
                        {choice(
                            "municipality",
                            Early::WelcomeCreate,
                            Early::WelcomeCreateFor,
                            "welcome-create",
                        )}
                        {choice(
                            "join-code",
                            Early::JoinHeading,
                            Early::WelcomeJoinFor,
                            "welcome-join",
                        )}
                        {choice(
                            "restore-file",
                            Early::WelcomeRestore,
                            Early::WelcomeRestoreFor,
                            "welcome-restore",
                        )}
                    </ul>
                </section>
            </main>
        </div>
    }
}
