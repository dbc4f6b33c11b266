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

/// A build's files with the compressed copies `scripts/compress.mjs` writes.
fn compressed_dist() -> tempfile::TempDir {
    let dir = dist();
    for name in [
        "index.html",
        WASM,
        "samskab-0123456789abcdef.js",
        "main-0123456789abcdef.css",
        "manifest.webmanifest",
        "sw.js",
    ] {
        let path = dir.path().join(name);
        let plain = std::fs::read(&path).unwrap();
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut plain.as_slice(), &mut brotli, &params).unwrap();
        std::fs::write(dir.path().join(format!("{name}.br")), brotli).unwrap();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gzip, &plain).unwrap();
        std::fs::write(
            dir.path().join(format!("{name}.gz")),
            gzip.finish().unwrap(),
        )
        .unwrap();
    }
    dir
}

/// The body as the client reads it, decoded by its `Content-Encoding`.
fn decoded(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    match encoding {
        None => plain.extend_from_slice(body),
        Some("br") => {
            brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
        }
        Some("gzip") => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(body), &mut plain)
                .unwrap();
        }
        Some(other) => panic!("an encoding the client did not ask for: {other}"),
    }
    plain
}

#[tokio::test]
async fn each_client_gets_an_encoding_it_accepts_and_every_reply_decodes_to_the_file() {
    let dir = compressed_dist();
    let router = app(state(dir.path()).await);
    let index = std::fs::read(dir.path().join("index.html")).unwrap();
    let files = [
        (
            format!("/{WASM}"),
            "application/wasm",
            std::fs::read(dir.path().join(WASM)).unwrap(),
        ),
        (
            "/main-0123456789abcdef.css".to_owned(),
            "text/css",
            b"body{}".to_vec(),
        ),
        (
            "/manifest.webmanifest".to_owned(),
            "application/manifest+json",
            b"{}".to_vec(),
        ),
        ("/".to_owned(), "text/html", index.clone()),
        ("/faser/3".to_owned(), "text/html", index),
    ];
    // What the client sends, and the encoding it must get (None: the file as it is).
    let cases: [(Option<&str>, Option<&str>); 16] = [
        (None, None),
        (Some("br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("gzip, deflate, br, zstd"), Some("br")),
        (Some("br;q=0.5, gzip;q=1.0"), Some("gzip")),
        (Some("GZIP"), Some("gzip")),
        (Some("x-gzip"), Some("gzip")),
        (Some("identity"), None),
        (Some("deflate"), None),
        (Some("*"), None),
        (Some("br;q=0"), None),
        (Some("br;q=0, gzip;q=0"), None),
        (Some(""), None),
        (Some(";;;,, q=,br;q=abc"), None),
        (Some("gzip;q=2, br;q=-1"), None),
        (Some("compress, zstd;q=1"), None),
    ];
    for (path, mime, plain) in &files {
        for (accept, expected) in cases {
            let mut request = Request::get(path.as_str());
            if let Some(accept) = accept {
                request = request.header(header::ACCEPT_ENCODING, accept);
            }
            let response = router
                .clone()
                .oneshot(request.body(Body::empty()).unwrap())
                .await
                .unwrap();
            let case = format!("{path} with Accept-Encoding {accept:?}");
            assert_eq!(response.status(), StatusCode::OK, "{case}");
            let headers = response.headers().clone();
            let encoding = headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(encoding.as_deref(), expected, "{case}");
            assert_eq!(
                headers.get(header::VARY).map(|v| v.to_str().unwrap()),
                Some("accept-encoding"),
                "{case}"
            );
            let content_type = headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap();
            assert!(content_type.starts_with(mime), "{case}: {content_type}");
            let body = response.into_body().collect().await.unwrap().to_bytes();
            assert_eq!(&decoded(encoding.as_deref(), &body), plain, "{case}");
        }
    }
}

#[tokio::test]
async fn a_head_request_and_a_revalidation_agree_with_the_encoding() {
    let dir = compressed_dist();
    let router = app(state(dir.path()).await);
    let brotli = std::fs::read(dir.path().join(format!("{WASM}.br"))).unwrap();
    let head = router
        .clone()
        .oneshot(
            Request::head(format!("/{WASM}"))
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        head.headers()[header::CONTENT_LENGTH],
        brotli.len().to_string().as_str()
    );
    assert_eq!(head.headers()[header::VARY], "accept-encoding");
    let body = head.into_body().collect().await.unwrap().to_bytes();
    assert!(body.is_empty());
    // A browser revalidating what it has: not modified, and still varying. The date is the
    // one this very response carried (each file has its own, a second apart at times).
    let first = router
        .clone()
        .oneshot(
            Request::get("/sw.js")
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let last_modified = first.headers()[header::LAST_MODIFIED].clone();
    let again = router
        .oneshot(
            Request::get("/sw.js")
                .header(header::ACCEPT_ENCODING, "gzip")
                .header(header::IF_MODIFIED_SINCE, last_modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::VARY], "accept-encoding");
}

#[tokio::test]
async fn an_accept_encoding_that_is_not_text_gets_the_file_as_it_is() {
    let dir = compressed_dist();
    let response = app(state(dir.path()).await)
        .oneshot(
            Request::get(format!("/{WASM}"))
                .header(
                    header::ACCEPT_ENCODING,
                    header::HeaderValue::from_bytes(b"br, g\xffzip").unwrap(),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn a_file_without_compressed_copies_is_sent_as_it_is() {
    let dir = dist();
    std::fs::create_dir(dir.path().join("icons")).unwrap();
    std::fs::write(dir.path().join("icons/icon-192.png"), b"\x89PNG").unwrap();
    for path in [format!("/{WASM}"), "/icons/icon-192.png".to_owned()] {
        let response = app(state(dir.path()).await)
            .oneshot(
                Request::get(path.as_str())
                    .header(header::ACCEPT_ENCODING, "br, gzip")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers().get(header::CONTENT_ENCODING).is_none(),
            "{path}"
        );
    }
}
