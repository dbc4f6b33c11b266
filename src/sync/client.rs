//! The sync server's API over `fetch`, typed by `samskab_domain::api`. The server is the
//! one that served the app, so paths are relative.

use samskab_domain::Op;
use std::cell::Cell;

use samskab_domain::api::{
    ApiError, CreatedInvite, DeviceToken, Devices, Invites, JoinRequest, Joined, NewInvite,
    NewProgramme, PullReply, PushReply, Reason, SERVER_TIME_HEADER,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Why a call did not succeed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiFailure {
    /// No answer: no network, or no server.
    #[error("the server cannot be reached")]
    Unreachable,
    /// The token is unknown (the programme left the server, or it never had it).
    #[error("the server does not know this device")]
    Unauthorised,
    /// The coordinator revoked this device, or whom it acts for is gone.
    #[error("access has been revoked")]
    Revoked,
    /// The server refused the request for good (4xx): retrying will not help.
    #[error("{}", .1.error)]
    Refused(u16, ApiError),
    /// The server is there but failing or busy (5xx, 429): try again later.
    #[error("the server answered {0}")]
    Unavailable(u16),
}

thread_local! {
    /// The server's clock as the last reply said (Unix milliseconds).
    static SERVER_TIME: Cell<Option<u64>> = const { Cell::new(None) };
}

/// The server's clock from the latest reply, once: the sync engine trusts it.
pub fn take_server_time() -> Option<u64> {
    SERVER_TIME.with(Cell::take)
}

async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    let response = send(method, path, token, body).await?;
    if let Some(time) = response
        .headers()
        .get(SERVER_TIME_HEADER)
        .ok()
        .flatten()
        .and_then(|t| t.parse().ok())
    {
        SERVER_TIME.with(|t| t.set(Some(time)));
    }
    let text = JsFuture::from(response.text().map_err(|_| ApiFailure::Unreachable)?)
        .await
        .map_err(|_| ApiFailure::Unreachable)?
        .as_string()
        .unwrap_or_default();
    let status = response.status();
    match status {
        200..=299 => {
            serde_json::from_str(if text.is_empty() { "null" } else { &text }).map_err(|e| {
                ApiFailure::Refused(
                    status,
                    ApiError {
                        error: e.to_string(),
                        operation: None,
                        reason: None,
                        others: Vec::new(),
                    },
                )
            })
        }
        429 | 500.. => Err(ApiFailure::Unavailable(status)),
        _ => {
            let error = serde_json::from_str(&text).unwrap_or(ApiError {
                error: text,
                operation: None,
                reason: None,
                others: Vec::new(),
            });
            Err(match (status, error.reason) {
                (401, Some(Reason::Revoked)) => ApiFailure::Revoked,
                (401, _) => ApiFailure::Unauthorised,
                _ => ApiFailure::Refused(status, error),
            })
        }
    }
}

async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<Response, ApiFailure> {
    let failed = |_: JsValue| ApiFailure::Unreachable;
    let headers = Headers::new().map_err(failed)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(failed)?;
    }
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(failed)?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(path, &init).map_err(failed)?;
    let window = web_sys::window().ok_or(ApiFailure::Unreachable)?;
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| ApiFailure::Unreachable)
}

fn json(value: &impl Serialize) -> Option<String> {
    Some(serde_json::to_string(value).expect("requests always serialise"))
}

/// Puts the programme on the server (`key`: the server operator's, if it asks for one);
/// this device becomes its coordinator.
pub async fn create_programme(
    programme: &str,
    device: &str,
    key: Option<&str>,
) -> Result<DeviceToken, ApiFailure> {
    let body = NewProgramme {
        programme: programme.to_owned(),
        device: device.to_owned(),
    };
    call("POST", "/api/v1/programmes", key, json(&body)).await
}

/// Takes the programme off the server with everything in it.
pub async fn delete_programme(token: &str) -> Result<(), ApiFailure> {
    call("DELETE", "/api/v1/programme", Some(token), None).await
}

pub async fn join(code: &str, device: &str) -> Result<Joined, ApiFailure> {
    let body = JoinRequest {
        code: code.to_owned(),
        device: device.to_owned(),
    };
    call("POST", "/api/v1/join", None, json(&body)).await
}

pub async fn push(token: &str, ops: &[Op]) -> Result<PushReply, ApiFailure> {
    #[derive(Serialize)]
    struct Push<'a> {
        ops: &'a [Op],
    }
    call("POST", "/api/v1/push", Some(token), json(&Push { ops })).await
}

pub async fn pull(token: &str, since: i64, resume: Option<&str>) -> Result<PullReply, ApiFailure> {
    let mut path = format!("/api/v1/pull?since={since}");
    if let Some(resume) = resume {
        path.push_str("&resume=");
        path.push_str(&String::from(js_sys::encode_uri_component(resume)));
    }
    call("GET", &path, Some(token), None).await
}

pub async fn invite(token: &str, invite: &NewInvite) -> Result<CreatedInvite, ApiFailure> {
    call("POST", "/api/v1/invites", Some(token), json(invite)).await
}

pub async fn invites(token: &str) -> Result<Invites, ApiFailure> {
    call("GET", "/api/v1/invites", Some(token), None).await
}

pub async fn revoke_invite(token: &str, id: i64) -> Result<(), ApiFailure> {
    let path = format!("/api/v1/invites/{id}");
    call("DELETE", &path, Some(token), None).await
}

pub async fn devices(token: &str) -> Result<Devices, ApiFailure> {
    call("GET", "/api/v1/devices", Some(token), None).await
}

pub async fn revoke_device(token: &str, device: &str) -> Result<(), ApiFailure> {
    let path = format!("/api/v1/devices/{}", js_sys::encode_uri_component(device));
    call("DELETE", &path, Some(token), None).await
}
