//! The routes whose code comes in a chunk of its own (route-level wasm splitting, see
//! `scripts/post-build.sh`): fetched the first time one is shown, and precached by the
//! service worker with the rest of the build. The shell, the state and storage stay in
//! the main module, as does the screen a first visit lands on (the first start, with
//! joining by an invite); everything only a lazy page uses goes with it.
//!
//! A page whose chunk cannot be fetched (see `crate::chunks`) does not leave a blank
//! page: it says so and offers to reload.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use leptos_router::LazyRoute;

use crate::chunks::{ChunkError, within_patience};
use crate::components::ChunkFailed;

/// Declares, for each page, a route type whose view is the page from its own chunk.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident => $page:ident in $chunk:ident as $split:ident, $preload:ident;)+) => {
        $(
            $(#[$doc])*
            pub struct $route;

            #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            fn $split() -> Result<AnyView, ChunkError> {
                Ok(view! { <$page /> }.into_any())
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    within_patience($split())
                        .await
                        .unwrap_or_else(|ChunkError| view! { <ChunkFailed /> }.into_any())
                }
            }
        )+
    };
}

use super::{
    AdviceIndex, AdvicePage, Kiosk, MePage, Overview, Partners, PhasePage, Phases, RemindersPage,
    SettingsPage, VisitsPage, VolunteerPage, Volunteers,
};

lazy_routes! {
    /// `/`
    OverviewRoute => Overview in overview as overview_view, overview_chunk;
    /// `/faser`
    PhasesRoute => Phases in phases as phases_view, phases_chunk;
    /// `/faser/:n`
    PhaseRoute => PhasePage in phase as phase_view, phase_chunk;
    /// `/raad`
    AdviceIndexRoute => AdviceIndex in advice_index as advice_index_view, advice_index_chunk;
    /// `/raad/:partner`
    AdviceRoute => AdvicePage in advice as advice_view, advice_chunk;
    /// `/parter`
    PartnersRoute => Partners in partners as partners_view, partners_chunk;
    /// `/frivillige`
    VolunteersRoute => Volunteers in volunteers as volunteers_view, volunteers_chunk;
    /// `/frivillige/:id`
    VolunteerRoute => VolunteerPage in volunteer as volunteer_view, volunteer_chunk;
    /// `/besoeg`
    VisitsRoute => VisitsPage in visits as visits_view, visits_chunk;
    /// `/mig`
    MeRoute => MePage in me as me_view, me_chunk;
    /// `/tavle/:partner`
    KioskRoute => Kiosk in kiosk as kiosk_view, kiosk_chunk;
    /// `/paamindelser`
    RemindersRoute => RemindersPage in reminders as reminders_view, reminders_chunk;
    /// `/indstillinger` and `/deltag`
    SettingsRoute => SettingsPage in settings as settings_view, settings_chunk;
}

/// Fetches the chunk of the page at `path` (if it is a lazy one), for the app to wait
/// for before it shows the routes: the router then finds the first page's code there
/// at once. (While it waits for a chunk of the first page, a tap on the same page's menu
/// item leaves leptos_router's first render unfinished, so a blank page, for good.) A
/// chunk that cannot be fetched, or is slow to come, is the page's to tell: the app
/// never waits for it longer than for the page itself.
pub async fn preload(path: &str) {
    let mut segments = path.trim_matches('/').split('/');
    let load = async move {
        Ok::<(), ChunkError>(
            match (segments.next().unwrap_or_default(), segments.next()) {
                ("", None) => overview_chunk().await,
                ("faser", None) => phases_chunk().await,
                ("faser", Some(_)) => phase_chunk().await,
                ("raad", None) => advice_index_chunk().await,
                ("raad", Some(_)) => advice_chunk().await,
                ("parter", _) => partners_chunk().await,
                ("frivillige", None) => volunteers_chunk().await,
                ("frivillige", Some(_)) => volunteer_chunk().await,
                ("besoeg", _) => visits_chunk().await,
                ("mig", _) => me_chunk().await,
                ("tavle", _) => kiosk_chunk().await,
                ("paamindelser", _) => reminders_chunk().await,
                ("indstillinger" | "deltag", _) => settings_chunk().await,
                _ => Ok(()),
            }?,
        )
    };
    let _ = within_patience(load).await;
}
