//! Samskab's server. For now it serves the built PWA and `/healthz`; the sync API joins
//! it later. `app()` builds the router so tests can call it without a socket.

mod error;
mod static_files;

use std::path::PathBuf;

use axum::Router;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use error::AppError;

/// What the handlers share.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Trunk's output directory.
    pub dist: PathBuf,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(static_files::router(&state.dist))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(TraceLayer::new_for_http())
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
