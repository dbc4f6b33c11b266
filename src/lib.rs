//! Samskab: the client-side app. `start` is the main module's entry (a first visit's
//! welcome); `App`, which wires the contexts and the routes, comes in a chunk.

pub mod chunks;
pub mod components;
pub mod download;
pub mod focus;
pub mod i18n;
pub mod pages;
pub mod panels;
pub mod photo;
pub mod start;
pub mod state;
pub mod storage;
pub mod sync;
pub mod time;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use components::{AppShell, ForRole, Loading};
use i18n::{Early, Key};
use pages::NotFound;
use pages::lazy::{CalendarRoute, EvaluationRoute, KioskRoute, ResultsRoute, SettingsRoute};
use panels::Setup;
use samskab_domain::screens::Screen;
use state::{
    LoadStatus, provide_programme, provide_pwa, provide_reminders, provide_role, provide_settings,
    use_programme, use_settings,
};
use sync::{provide_sync, use_sync};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_settings();
    provide_pwa();
    let store = provide_programme();
    let sync = provide_sync(store);
    provide_role(sync);
    provide_reminders();
    view! {
        <Router>
            <AppShell>
                <Gate>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=pages::Home />
                        <Route
                            path=path!("/faser")
                            view=only(Screen::Phases, None, pages::Phases)
                        />
                        <Route
                            path=path!("/faser/:n")
                            view=only(Screen::Phases, None, pages::PhasePage)
                        />
                        <Route
                            path=path!("/raad")
                            view=only(Screen::Advice, None, pages::AdviceIndex)
                        />
                        <Route
                            path=path!("/raad/:partner")
                            view=only(Screen::Advice, Some("partner"), pages::AdvicePage)
                        />
                        <Route
                            path=path!("/parter")
                            view=only(Screen::Partners, None, pages::Partners)
                        />
                        <Route
                            path=path!("/frivillige")
                            view=only(Screen::Volunteers, None, pages::Volunteers)
                        />
                        <Route
                            path=path!("/frivillige/:id")
                            view=only(Screen::Volunteer, Some("id"), pages::VolunteerPage)
                        />
                        <Route
                            path=path!("/besoeg")
                            view=only(Screen::Visits, None, pages::VisitsPage)
                        />
                        <Route path=path!("/mig") view=only(Screen::Me, None, pages::MePage) />
                        <Route path=path!("/mere") view=only(Screen::More, None, pages::MorePage) />
                        <Route path=path!("/tavle/:partner") view={Lazy::<KioskRoute>::new()} />
                        <Route path=path!("/resultater") view={Lazy::<ResultsRoute>::new()} />
                        <Route path=path!("/kalender") view={Lazy::<CalendarRoute>::new()} />
                        <Route path=path!("/evaluering") view={Lazy::<EvaluationRoute>::new()} />
                        <Route path=path!("/paamindelser") view=pages::RemindersPage />
                        <Route path=path!("/indstillinger") view={Lazy::<SettingsRoute>::new()} />
                        // An invite's QR code on a device that already has a programme.
                        <Route path=path!("/deltag") view={Lazy::<SettingsRoute>::new()} />
                    </Routes>
                </Gate>
            </AppShell>
        </Router>
    }
}

/// A route's page behind the check that this device's role may open it.
fn only<V: IntoView + 'static>(
    screen: Screen,
    param: Option<&'static str>,
    page: fn() -> V,
) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || {
        view! {
            <ForRole screen=screen param=param>
                {page()}
            </ForRole>
        }
        .into_any()
    }
}

/// Shows the routes once storage is open and a programme exists; otherwise loading,
/// the storage problem, or the form that creates the programme.
#[component]
fn Gate(children: ChildrenFn) -> impl IntoView {
    let store = use_programme();
    let settings = use_settings();
    // A memo, so the routes are rebuilt only when a programme appears or goes, not on
    // every change (that would remount the page and lose its focus and open forms).
    let has_programme = Memo::new(move |_| store.state.with(|s| s.programme.is_some()));
    // Superseded keeps the page (and what is typed in it) under the notice: the view
    // only changes when what it shows does.
    let sync = use_sync();
    // The first page's code, if it comes in a chunk (see `pages::lazy::preload`); not
    // before there is a programme to show in it (a first start shows the form). Gives
    // whether it was for a programme.
    let location = leptos_router::hooks::use_location();
    let first_page = LocalResource::new(move || {
        let path = location.pathname.get_untracked();
        let for_programme = has_programme.get();
        async move {
            if for_programme {
                pages::lazy::preload(&path).await;
            }
            for_programme
        }
    });
    let shown = Memo::new(move |_| match store.status.get() {
        // Not before the device knows whether it shares, and in which role: the screens
        // and what they let the user change depend on it.
        LoadStatus::Ready if !sync.ready.get() || first_page.get() != Some(has_programme.get()) => {
            LoadStatus::Loading
        }
        LoadStatus::Superseded { .. } | LoadStatus::Ready => LoadStatus::Ready,
        other => other,
    });
    // The welcome's choice of a form to focus is for the first screen only: not for a
    // setup shown later (the programme came from another tab, or goes).
    Effect::new(move || {
        if shown.get() == LoadStatus::Ready && has_programme.get() {
            start::take_first_focus();
        }
    });
    let superseded = move || match store.status.get() {
        LoadStatus::Superseded { deleted } => {
            let key = if deleted {
                Key::ErrDeletedElsewhere
            } else {
                Key::ErrSuperseded
            };
            Some(view! {
                <div class="card error" role="alert" data-testid="storage-error">
                    <p>{move || settings.t(key)}</p>
                    <button
                        class="primary"
                        on:click=|_| {
                            let _ = window().location().reload();
                        }
                    >
                        {move || settings.t(Early::Reload)}
                    </button>
                </div>
            })
        }
        _ => None,
    };
    view! {
        {superseded}
        {move || match shown.get() {
            LoadStatus::Loading => view! { <Loading /> }.into_any(),
            LoadStatus::Blocked => {
                view! {
                    <p class="card error" role="alert" data-testid="storage-error">
                        {move || settings.t(Key::ErrBlocked)}
                    </p>
                }
                    .into_any()
            }
            LoadStatus::Failed(error) => {
                let key = i18n::storage_error(&error);
                view! {
                    <p class="card error" role="alert" data-testid="storage-error">
                        {move || settings.t(key)}
                    </p>
                }
                    .into_any()
            }
            _ if !has_programme.get() => view! { <Setup /> }.into_any(),
            _ => children().into_any(),
        }}
    }
}
