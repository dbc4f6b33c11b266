//! A server on a real SQLite file in a temporary directory, called without a socket.

pub mod fixture;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use samskab_domain::clock::system_clock;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op};
use samskab_server::{AppState, SqliteStore, app};
use serde_json::{Value, json};
use tower::ServiceExt;

pub struct Server {
    pub dir: tempfile::TempDir,
    pub router: axum::Router,
}

pub async fn router(dir: &tempfile::TempDir) -> axum::Router {
    app(AppState::new(
        dir.path().to_owned(),
        SqliteStore::open(&dir.path().join("samskab.sqlite"))
            .await
            .unwrap(),
    ))
}

impl Server {
    pub async fn new() -> Server {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<title>Samskab</title>").unwrap();
        let router = router(&dir).await;
        Server { dir, router }
    }

    /// The same database file opened again, as after a restart.
    pub async fn restart(self) -> Server {
        let router = router(&self.dir).await;
        Server { router, ..self }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(body.map_or_else(Body::empty, Body::from))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, value)
    }

    /// Puts programme `id` on the server; returns the coordinator's token.
    pub async fn programme(&self, id: &str) -> String {
        let (status, body) = self
            .call(
                "POST",
                "/api/v1/programmes",
                None,
                Some(json!({ "programme": id, "device": COORDINATOR.to_string() }).to_string()),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn push(&self, token: &str, ops: &[Op]) -> (StatusCode, Value) {
        let body = json!({ "ops": ops }).to_string();
        self.call("POST", "/api/v1/push", Some(token), Some(body))
            .await
    }

    pub async fn pull(&self, token: &str, since: i64, limit: u32) -> (StatusCode, Value) {
        self.call(
            "GET",
            &format!("/api/v1/pull?since={since}&limit={limit}"),
            Some(token),
            None,
        )
        .await
    }
}

/// The coordinator's device: the one that puts the programme on the server.
pub const COORDINATOR: DeviceId = match DeviceId::new_const(1) {
    Some(id) => id,
    None => unreachable!(),
};

/// A device id named for a test ("care_service-A"), the same every time.
pub fn device(name: &str) -> DeviceId {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    DeviceId::new(hash | 1 << 120).unwrap()
}

/// `n` partner operations made on the coordinator's device.
pub fn ops(n: usize) -> Vec<Op> {
    let clock = Clock::new(COORDINATOR, system_clock);
    (0..n)
        .map(|i| {
            Edit::set(
                EntityKind::Partner,
                &format!("p{i}"),
                "name",
                format!("Tilbud {i}"),
            )
            .stamped(clock.now())
        })
        .collect()
}

pub fn seqs(page: &Value) -> Vec<i64> {
    page["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["seq"].as_i64().unwrap())
        .collect()
}
