//! Headers on every response: the server's clock (devices judge their own by it), and
//! the security headers. The Content-Security-Policy allows only the app's own scripts:
//! the inline module script Trunk writes into `index.html` by its hash, WebAssembly by
//! `'wasm-unsafe-eval'`, nothing foreign, and no framing.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use samskab_domain::api::SERVER_TIME_HEADER;
use sha2::{Digest, Sha256};

use crate::sync::now_millis;

/// The security headers, made once when the server starts.
#[derive(Clone, Debug)]
pub struct Security {
    csp: HeaderValue,
    hsts: bool,
}

impl Security {
    /// From the built `index.html` (its inline scripts are allowed by hash); HSTS when
    /// the server is reached over TLS (through a proxy that terminates it).
    pub fn new(dist: &Path, https: bool) -> Security {
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let hashes: String = inline_scripts(&html)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                let hash = base64::engine::general_purpose::STANDARD.encode(digest);
                format!(" 'sha256-{hash}'")
            })
            .collect();
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
             connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        Security {
            csp: HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'",
            )),
            hsts: https,
        }
    }
}

/// The contents of every `<script>` without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        if attributes.contains("src=") {
            return None;
        }
        rest.split_once("</script>").map(|(body, _)| body)
    })
}

pub async fn add(State(security): State<Security>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        HeaderName::from_static(SERVER_TIME_HEADER),
        HeaderValue::from(now_millis()),
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, security.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if security.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_linked_ones_left_alone() {
        let html = r#"<script type="module">import init from '/a.js';</script>
            <script src="/b.js"></script><script>x()</script>"#;
        let found: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(found, ["import init from '/a.js';", "x()"]);
    }
}
