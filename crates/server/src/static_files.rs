//! The built PWA: files from `dist/`, `index.html` for app routes, and a real 404 for a
//! missing file (so a stale cached page never gets HTML instead of its .wasm). The build
//! writes a brotli and a gzip copy of each text and wasm file (`scripts/compress.mjs`):
//! a browser gets the one it accepts, and the file as it is only if it accepts neither.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub(crate) fn router(dist: &Path) -> Router {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let app_shell = move |request: Request| {
        let index = index.clone();
        async move {
            if looks_like_file(request.uri().path()) {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            // The request as it came: what it accepts decides the encoding.
            match index.oneshot(request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            }
        }
    };
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_shell.into_service());
    Router::new().fallback_service(files)
}

/// The extensions the build writes compressed copies of.
const COMPRESSED: [&str; 7] = ["wasm", "js", "css", "html", "json", "svg", "webmanifest"];

/// Whether a path is served from a file that has compressed copies: one of those
/// extensions, or an app route (its `index.html`).
fn has_compressed_copies(path: &str) -> bool {
    if path.starts_with("/api/") || path == "/healthz" {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or_default();
    match name.rsplit_once('.') {
        Some((_, extension)) => COMPRESSED.contains(&extension),
        None => true,
    }
}

/// A path whose last segment has an extension names a file, not an app route.
fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

/// Trunk's hashed names (`samskab-0123456789abcdef_bg.wasm`) never change content.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['-', '_', '.'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Hashed files are cached for good; everything else (index.html, sw.js, the manifest)
/// is revalidated, so a new version is found at once. A file with compressed copies
/// varies by what the client accepts, so no cache between gives a client an encoding it
/// did not ask for.
pub(crate) async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let varies = has_compressed_copies(request.uri().path());
    let mut response = next.run(request).await;
    if varies && !response.headers().contains_key(header::VARY) {
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if response.status().is_success() {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_routes_are_told_apart() {
        assert!(looks_like_file("/samskab-abc_bg.wasm"));
        assert!(looks_like_file("/icons/icon-192.png"));
        assert!(!looks_like_file("/faser/3"));
        assert!(!looks_like_file("/"));
    }

    #[test]
    fn compressed_copies_are_of_text_and_wasm_files_and_the_app_shell() {
        assert!(has_compressed_copies("/samskab-abc_bg.wasm"));
        assert!(has_compressed_copies("/manifest.webmanifest"));
        assert!(has_compressed_copies("/faser/3"));
        assert!(has_compressed_copies("/"));
        assert!(!has_compressed_copies("/icons/icon-192.png"));
        assert!(!has_compressed_copies("/api/v1/pull"));
        assert!(!has_compressed_copies("/healthz"));
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/samskab-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(is_hashed("/split_settings-0123456789abcdef.wasm"));
        assert!(is_hashed("/chunk_17-0123456789abcdef.wasm"));
        assert!(is_hashed("/__wasm_split-0123456789abcdef.js"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/index.html"));
    }
}
