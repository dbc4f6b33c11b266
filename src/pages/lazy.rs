//! The routes whose code comes in a chunk of its own within the app's (route-level wasm
//! splitting, see `scripts/post-build.sh` and `crate::start`): the heavy ones, the
//! settings (sharing, invites, backups), the residents' board, the results, the calendar and the evaluation, fetched the first time
//! one is shown and precached by the service worker with the rest of the build. The
//! other pages are in the app's chunk itself: with a chunk for every page, the splitter
//! cut the app into 357 files, 196 of them fetched to open it.
//!
//! A page whose chunk cannot be fetched (see `crate::chunks`) does not leave a blank
//! page: it says so and offers to reload.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use leptos_router::LazyRoute;

use crate::chunks::{ChunkError, within_patience};
use samskab_domain::screens::Screen;

use crate::components::{ChunkFailed, ForRole};

/// Declares, for each page, a route type whose view is the page from its own chunk.
macro_rules! lazy_routes {
    ($($(#[$doc:meta])* $route:ident => $page:ident for $screen:expr, $param:expr, in $chunk:ident as $split:ident, $preload:ident;)+) => {
        $(
            $(#[$doc])*
            pub struct $route;

            #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
            fn $split() -> Result<AnyView, ChunkError> {
                Ok(view! {
                    <ForRole screen=$screen param=$param>
                        <$page />
                    </ForRole>
                }
                .into_any())
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

use super::{CalendarPage, EvaluationPage, Kiosk, ResultsPage, SettingsPage};

lazy_routes! {
    /// `/tavle/:partner`
    KioskRoute => Kiosk for Screen::Board, Some("partner"), in kiosk as kiosk_view, kiosk_chunk;
    /// `/indstillinger` and `/deltag`
    SettingsRoute => SettingsPage for Screen::Settings, None, in settings as settings_view, settings_chunk;
    /// `/resultater`
    ResultsRoute => ResultsPage for Screen::Results, None, in results as results_view, results_chunk;
    /// `/kalender`
    CalendarRoute => CalendarPage for Screen::Calendar, None, in calendar as calendar_view, calendar_chunk;
    /// `/evaluering`
    EvaluationRoute => EvaluationPage for Screen::Evaluation, None, in evaluation as evaluation_view, evaluation_chunk;
}

/// Fetches the chunk of the page at `path` (if it is a lazy one), for the app to wait
/// for before it shows the routes: the router then finds the first page's code there
/// at once. (While it waits for a chunk of the first page, a tap on the same page's menu
/// item leaves leptos_router's first render unfinished, so a blank page, for good.) A
/// chunk that cannot be fetched, or is slow to come, is the page's to tell: the app
/// never waits for it longer than for the page itself.
pub async fn preload(path: &str) {
    let page = path.trim_matches('/').split('/').next().unwrap_or_default();
    let load = async move {
        Ok::<(), ChunkError>(match page {
            "tavle" => kiosk_chunk().await,
            "indstillinger" | "deltag" => settings_chunk().await,
            "resultater" => results_chunk().await,
            "kalender" => calendar_chunk().await,
            "evaluering" => evaluation_chunk().await,
            _ => Ok(()),
        }?)
    };
    let _ = within_patience(load).await;
}
