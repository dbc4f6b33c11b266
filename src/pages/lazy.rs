//! The routes whose code comes in a chunk of its own (route-level wasm splitting, see
//! `scripts/post-build.sh`): fetched the first time one is shown, and precached by the
//! service worker with the rest of the build. The shell, the state, storage and sync
//! stay in the main module, as do the screens a first visit lands on (the overview and
//! the first start); everything only a lazy page uses goes with it.
//!
//! A chunk that cannot be fetched (offline before the precache has it, a new version
//! deployed while the tab is open) does not abort the app: the page says so and offers
//! to reload.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use leptos_router::LazyRoute;

use crate::components::ChunkFailed;

/// A chunk that could not be fetched.
pub struct ChunkError;

impl From<SplitLoaderError> for ChunkError {
    fn from(_: SplitLoaderError) -> ChunkError {
        ChunkError
    }
}

/// Declares, for each page, a route type whose view is the page from its own chunk.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident => $page:ident in $chunk:ident as $split:ident;)+) => {
        $(
            $(#[$doc])*
            pub struct $route;

            #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split() -> Result<AnyView, ChunkError> {
                Ok(view! { <$page /> }.into_any())
            }

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    $split().await.unwrap_or_else(|ChunkError| view! { <ChunkFailed /> }.into_any())
                }
            }
        )+
    };
}

use super::{
    AdviceIndex, AdvicePage, Kiosk, MePage, Partners, PhasePage, Phases, RemindersPage,
    SettingsPage, VisitsPage, VolunteerPage, Volunteers,
};

lazy_routes! {
    /// `/faser`
    PhasesRoute => Phases in phases as phases_view;
    /// `/faser/:n`
    PhaseRoute => PhasePage in phase as phase_view;
    /// `/raad`
    AdviceIndexRoute => AdviceIndex in advice_index as advice_index_view;
    /// `/raad/:partner`
    AdviceRoute => AdvicePage in advice as advice_view;
    /// `/parter`
    PartnersRoute => Partners in partners as partners_view;
    /// `/frivillige`
    VolunteersRoute => Volunteers in volunteers as volunteers_view;
    /// `/frivillige/:id`
    VolunteerRoute => VolunteerPage in volunteer as volunteer_view;
    /// `/besoeg`
    VisitsRoute => VisitsPage in visits as visits_view;
    /// `/mig`
    MeRoute => MePage in me as me_view;
    /// `/tavle/:partner`
    KioskRoute => Kiosk in kiosk as kiosk_view;
    /// `/paamindelser`
    RemindersRoute => RemindersPage in reminders as reminders_view;
    /// `/indstillinger` and `/deltag`
    SettingsRoute => SettingsPage in settings as settings_view;
}
