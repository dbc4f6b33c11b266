//! The router against a real directory of built files.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use samskab_server::{AppState, SqliteStore, app};
use tower::ServiceExt;

const WASM: &str = "samskab-0123456789abcdef_bg.wasm";

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Samskab</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.path().join("samskab-0123456789abcdef.js"), "export {}").unwrap();
    std::fs::write(dir.path().join("main-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(dir.path().join("sw.js"), "// sw").unwrap();
    std::fs::write(dir.path().join("manifest.webmanifest"), "{}").unwrap();
    dir
}

/// The app over `dist`, with a database of its own in a temporary directory.
async fn state(dist: &std::path::Path) -> AppState<SqliteStore> {
    let data = tempfile::tempdir().unwrap().keep();
    AppState::new(
        dist.to_owned(),
        SqliteStore::open(&data.join("samskab.sqlite"))
            .await
            .unwrap(),
    )
}

async fn get(
    dir: &tempfile::TempDir,
    path: &str,
) -> (StatusCode, Option<String>, Option<String>, Vec<u8>) {
    let response = app(state(dir.path()).await)
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let (content_type, cache) = (header(header::CONTENT_TYPE), header(header::CACHE_CONTROL));
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, content_type, cache, body)
}

#[tokio::test]
async fn files_are_served_with_their_mime_types() {
    let dir = dist();
    for (path, mime) in [
        (format!("/{WASM}"), "application/wasm"),
        ("/samskab-0123456789abcdef.js".into(), "text/javascript"),
        ("/main-0123456789abcdef.css".into(), "text/css"),
        ("/manifest.webmanifest".into(), "application/manifest+json"),
        ("/".into(), "text/html"),
    ] {
        let (status, content_type, _, _) = get(&dir, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(content_type.unwrap_or_default().starts_with(mime), "{path}");
    }
}

#[tokio::test]
async fn app_routes_get_the_app_shell() {
    let dir = dist();
    for path in ["/faser/3", "/raad", "/parter?x=1"] {
        let (status, content_type, cache, body) = get(&dir, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(content_type.unwrap().starts_with("text/html"));
        assert_eq!(cache.as_deref(), Some("no-cache"));
        assert!(
            String::from_utf8(body)
                .unwrap()
                .contains("<title>Samskab</title>")
        );
    }
}

#[tokio::test]
async fn a_missing_asset_is_a_404_never_the_app_shell() {
    let dir = dist();
    for path in [
        "/samskab-ffffffffffffffff_bg.wasm",
        "/old.js",
        "/style.css",
        "/icons/nope.png",
    ] {
        let (status, _, _, body) = get(&dir, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !String::from_utf8_lossy(&body).contains("<title>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_worker_is_revalidated() {
    let dir = dist();
    assert_eq!(
        get(&dir, &format!("/{WASM}")).await.2.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(get(&dir, "/sw.js").await.2.as_deref(), Some("no-cache"));
}

#[tokio::test]
async fn nothing_outside_dist_is_served() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "top secret").unwrap();
    let dist = outer.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<title>Samskab</title>").unwrap();
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"] {
        let response = app(state(&dist).await)
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert!(
            !String::from_utf8_lossy(&body).contains("top secret"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn healthz_answers() {
    let dir = dist();
    let (status, _, _, body) = get(&dir, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(body).unwrap(), r#"{"status":"ok"}"#);
}
