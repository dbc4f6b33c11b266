//! Samskab's server: it serves the built PWA, `/healthz`, and the sync API under
//! `/api/v1` (see docs/sync.md). `app()` builds the router so tests can call it without
//! a socket.

mod error;
mod invites;
mod scopes;
pub mod sqlite;
mod static_files;
pub mod store;
pub mod sync;

use std::path::PathBuf;

use axum::Router;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use error::AppError;
pub use sqlite::SqliteStore;
pub use store::Store;

/// What the handlers share.
#[derive(Clone, Debug)]
pub struct AppState<S> {
    /// Trunk's output directory.
    pub dist: PathBuf,
    /// Programmes, devices and operations.
    pub store: S,
}

pub fn app<S: Store>(state: AppState<S>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(sync::router::<S>().with_state(sync::Api::new(state.store)))
        .merge(static_files::router(&state.dist))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(TraceLayer::new_for_http())
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
