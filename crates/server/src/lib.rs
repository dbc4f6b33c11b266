//! Samskab's server: it serves the built PWA, `/healthz`, and the sync API under
//! `/api/v1` (see docs/sync.md). `app()` builds the router so tests can call it without
//! a socket.

mod auth;
mod error;
mod headers;
mod invites;
mod scopes;
pub mod sqlite;
mod static_files;
pub mod store;
pub mod sync;

use std::path::PathBuf;

use axum::Router;
use axum::http::HeaderName;
use axum::routing::get;
use tower_http::trace::TraceLayer;

pub use auth::{CREATE_ATTEMPTS, JOIN_ATTEMPTS};
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
    pub options: Options,
}

impl<S> AppState<S> {
    /// The defaults: anyone may put a programme on the server (as on loopback).
    pub fn new(dist: PathBuf, store: S) -> AppState<S> {
        AppState {
            dist,
            store,
            options: Options::default(),
        }
    }
}

/// How the server is deployed.
#[derive(Clone, Debug)]
pub struct Options {
    /// Who may put a new programme on the server.
    pub creation: Creation,
    /// A header a trusted reverse proxy sets to the client's address
    /// (`X-Forwarded-For`: its last entry), for rate limits; else the socket's peer.
    pub client_ip_header: Option<HeaderName>,
    /// The server is reached over TLS (a proxy terminates it): send HSTS.
    pub https: bool,
    /// The most older operations one pull reply sends of what came into a device's
    /// sight (tests make it small to see the backfill paged).
    pub max_backfill: usize,
    /// Join attempts allowed per client address and minute, and programmes it may put
    /// on the server per ten minutes (the browser tests, all from one address, need more).
    pub join_attempts: u32,
    pub create_attempts: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            creation: Creation::default(),
            client_ip_header: None,
            https: false,
            max_backfill: sync::MAX_BACKFILL,
            join_attempts: auth::JOIN_ATTEMPTS,
            create_attempts: auth::CREATE_ATTEMPTS,
        }
    }
}

/// Who may put a new programme on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Creation {
    /// Anyone (the README's run command, on loopback).
    #[default]
    Open,
    /// Whoever has the operator's key (`Authorization: Bearer <key>`); only its
    /// SHA-256 is kept.
    Key(String),
    /// Nobody: the server only serves the programmes it has.
    Closed,
}

impl Creation {
    /// What the server's operator set: a key if there is one, else open when only this
    /// machine can reach the server (a loopback address, no proxy), closed otherwise.
    pub fn configured(admin_key: Option<&str>, local: bool) -> Creation {
        match admin_key.filter(|k| !k.trim().is_empty()) {
            Some(key) => Creation::Key(auth::hash(key.trim())),
            None if local => Creation::Open,
            None => Creation::Closed,
        }
    }
}

pub fn app<S: Store>(state: AppState<S>) -> Router {
    let security = headers::Security::new(&state.dist, state.options.https);
    Router::new()
        .route("/healthz", get(healthz))
        .merge(api_router(auth::Api::new(state.store, state.options)))
        .merge(static_files::router(&state.dist))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(axum::middleware::from_fn_with_state(security, headers::add))
        .layer(TraceLayer::new_for_http())
}

/// Each module's routes, sharing the API's state, with the body limit.
fn api_router<S: Store>(api: auth::Api<S>) -> Router {
    Router::new()
        .merge(sync::router::<S>())
        .merge(invites::router::<S>())
        .layer(axum::extract::DefaultBodyLimit::max(sync::MAX_BODY_BYTES))
        .with_state(api)
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
