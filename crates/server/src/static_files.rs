//! The built PWA: files from `dist/`, `index.html` for app routes, and a real 404 for a
//! missing file (so a stale cached page never gets HTML instead of its .wasm).

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

use crate::AppError;

pub(crate) fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let app_shell = move |uri: Uri| {
        let index = index.clone();
        async move {
            if looks_like_file(uri.path()) {
                return Ok((StatusCode::NOT_FOUND, "not found").into_response());
            }
            let html = tokio::fs::read(&index)
                .await
                .map_err(|e| AppError::Internal(format!("reading {}: {e}", index.display())))?;
            Ok::<_, AppError>(
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
            )
        }
    };
    Router::new().fallback_service(ServeDir::new(dist).fallback(app_shell.into_service()))
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
/// is revalidated, so a new version is found at once.
pub(crate) async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
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
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/samskab-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/index.html"));
    }
}
