use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{LangSwitch, OfflineBanner, OfflineReadiness};
use crate::i18n::Early;
use crate::start::open_app;
use crate::state::{use_settings, watch_offline_readiness};

/// A way in.
struct Choice {
    /// The field the app's first screen focuses.
    focus: &'static str,
    label: Early,
    hint: Early,
    /// The button's test id: index.html's first paint names its copy of the button by it.
    testid: &'static str,
}

static CHOICES: [Choice; 3] = [
    Choice {
        focus: "municipality",
        label: Early::WelcomeCreate,
        hint: Early::WelcomeCreateFor,
        testid: "welcome-create",
    },
    Choice {
        focus: "join-code",
        label: Early::JoinHeading,
        hint: Early::WelcomeJoinFor,
        testid: "welcome-join",
    },
    Choice {
        focus: "restore-file",
        label: Early::WelcomeRestore,
        hint: Early::WelcomeRestoreFor,
        testid: "welcome-restore",
    },
];

/// The field the choice with this button test id opens the app at.
pub fn focus_of(testid: &str) -> Option<&'static str> {
    CHOICES
        .iter()
        .find(|choice| choice.testid == testid)
        .map(|choice| choice.focus)
}

/// A device's first visit: what Samskab is, and the three ways to begin. It comes with
/// the main module alone (see `crate::start`); the app and its forms come with the
/// first tap, the chosen form's field focused. index.html paints a static copy of it
/// (in Danish or English) before the main module comes.
#[component]
pub fn Welcome(
    /// The choice already tapped on that copy (its button's test id): opened at once.
    tapped: Option<String>,
) -> impl IntoView {
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
    if let Some(focus) = tapped.as_deref().and_then(focus_of) {
        open(focus);
    }
    let choice = move |choice: &'static Choice| {
        let testid = choice.testid;
        view! {
            <li>
                <button
                    class="primary"
                    data-testid=testid
                    aria-describedby=format!("{testid}-hint")
                    aria-disabled=move || opening.get().then_some("true")
                    on:click=move |_| {
                        if !opening.get_untracked() {
                            open(choice.focus)
                        }
                    }
                >
                    {move || settings.t(choice.label)}
                </button>
                <p id=format!("{testid}-hint") class="muted">
                    {move || settings.t(choice.hint)}
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
                        {CHOICES.iter().map(choice).collect_view()}
                    </ul>
                </section>
            </main>
        </div>
    }
}
