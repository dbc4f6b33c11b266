//! Who is asking, and how often: the API's shared state, the device behind a token,
//! the coordinator's role, the client's address and the rate limits, and the ids and
//! secrets the server checks and keeps (only hashes of tokens and codes).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use rand::RngCore;
use samskab_domain::DeviceId;
use samskab_domain::scope::Role;
use sha2::{Digest, Sha256};

use crate::Options;
use crate::error::AppError;
use crate::scopes::Scopes;
use crate::store::{Device, Store};

/// Join attempts allowed per client address and window.
pub const JOIN_ATTEMPTS: u32 = 10;
pub const JOIN_WINDOW: Duration = Duration::from_secs(60);
/// Programmes a client address may try to put on the server per window.
pub const CREATE_ATTEMPTS: u32 = 30;
pub const CREATE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// The longest programme or device id accepted.
const ID_MAX: usize = 200;

/// What the API's handlers share.
#[derive(Clone, Debug)]
pub struct Api<S> {
    pub store: S,
    pub scopes: Arc<Scopes>,
    pub joins: Arc<Limiter>,
    pub creations: Arc<Limiter>,
    pub options: Arc<Options>,
}

impl<S> Api<S> {
    pub fn new(store: S, options: Options) -> Api<S> {
        Api {
            store,
            scopes: Arc::default(),
            joins: Arc::new(Limiter::new(options.join_attempts, JOIN_WINDOW)),
            creations: Arc::new(Limiter::new(options.create_attempts, CREATE_WINDOW)),
            options: Arc::new(options),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the server keeps of a token or an invite code.
pub fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The device behind the request's `Authorization: Bearer` token.
pub struct Authorised(pub Device);

impl<S: Store> FromRequestParts<Api<S>> for Authorised {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, api: &Api<S>) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(AppError::Unauthorised)?;
        match api.store.device(&hash(token)).await? {
            Some(device) if device.revoked => Err(AppError::Revoked),
            Some(device) => Ok(Authorised(device)),
            None => Err(AppError::Unauthorised),
        }
    }
}

/// A device with the coordinator's role.
pub struct Coordinator(pub Device);

impl<S: Store> FromRequestParts<Api<S>> for Coordinator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, api: &Api<S>) -> Result<Self, Self::Rejection> {
        let Authorised(device) = Authorised::from_request_parts(parts, api).await?;
        if device.access.role != Role::Coordinator {
            return Err(AppError::Forbidden(
                "only the coordinator may do this".into(),
            ));
        }
        Ok(Coordinator(device))
    }
}

/// A device id as stamps carry it: 32 lowercase hex digits, not zero.
pub fn check_device_id(id: &str) -> Result<DeviceId, AppError> {
    id.parse()
        .map_err(|_| AppError::BadRequest("device must be 32 lowercase hex digits".into()))
}

pub fn check_id(what: &str, id: &str) -> Result<(), AppError> {
    if id.is_empty() || id.chars().count() > ID_MAX || id.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "{what} must be 1 to {ID_MAX} characters"
        )));
    }
    Ok(())
}

/// The request's `Authorization: Bearer` secret, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?;
    Some(value.to_str().ok()?.strip_prefix("Bearer ")?.trim())
}

/// Counts attempts per client address in fixed windows.
#[derive(Debug)]
pub struct Limiter {
    attempts: Mutex<HashMap<Option<IpAddr>, (Instant, u32)>>,
    allowed: u32,
    window: Duration,
}

impl Limiter {
    pub fn new(allowed: u32, window: Duration) -> Limiter {
        Limiter {
            attempts: Mutex::default(),
            allowed,
            window,
        }
    }

    /// Counts an attempt; `Err` with the seconds to wait when over the limit.
    pub fn attempt(&self, client: Option<IpAddr>) -> Result<(), u64> {
        let now = Instant::now();
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        if attempts.len() > 10_000 {
            attempts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let (start, count) = attempts.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= self.window {
            (*start, *count) = (now, 0);
        }
        *count += 1;
        if *count > self.allowed {
            let wait = self.window.saturating_sub(now.duration_since(*start));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }
}

/// The client's address: from the trusted proxy's header when one is configured (its
/// last entry, the one the proxy added), else the socket's peer (tests call the router
/// without one).
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Store> FromRequestParts<Api<S>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, api: &Api<S>) -> Result<Self, Self::Rejection> {
        let forwarded = api.options.client_ip_header.as_ref().and_then(|name| {
            // The last entry of the last line: the one the trusted proxy added.
            let value = parts
                .headers
                .get_all(name)
                .iter()
                .next_back()?
                .to_str()
                .ok()?;
            value.rsplit(',').next()?.trim().parse().ok()
        });
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(ClientIp(forwarded.or(peer)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_attempts_are_limited_per_address() {
        let limiter = Limiter::new(JOIN_ATTEMPTS, JOIN_WINDOW);
        let here = Some(IpAddr::from([10, 0, 0, 1]));
        for _ in 0..JOIN_ATTEMPTS {
            assert!(limiter.attempt(here).is_ok());
        }
        assert!(limiter.attempt(here).is_err());
        assert!(limiter.attempt(Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
    }
}
