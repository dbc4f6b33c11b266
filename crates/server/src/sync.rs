//! The sync API, `/api/v1` (see docs/sync.md): put a programme on the server, push
//! operations, pull them back in pages.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::RngCore;
use samskab_domain::clock::MAX_CLOCK_DRIFT;
use samskab_domain::{EntityKind, Op};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::store::{Device, Store};

/// The most operations one push may carry.
pub const MAX_PUSH_OPS: usize = 1_000;
/// The largest request body (a push of photos stays well below).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The largest page a pull returns.
pub const MAX_PULL_LIMIT: u32 = 1_000;
/// The longest programme or device id accepted.
const ID_MAX: usize = 200;

pub fn router<S: Store>() -> Router<S> {
    Router::new()
        .route("/api/v1/programmes", post(create_programme::<S>))
        .route("/api/v1/push", post(push::<S>))
        .route("/api/v1/pull", get(pull::<S>))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the server keeps of a token.
fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The device behind the request's `Authorization: Bearer` token.
pub struct Authorised(pub Device);

impl<S: Store> FromRequestParts<S> for Authorised {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, store: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorised)?;
        store
            .device(&hash(token.trim()))
            .await?
            .map(Authorised)
            .ok_or(AppError::Unauthorised)
    }
}

/// A JSON body whose rejection is our JSON error, naming the problem.
fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    match json {
        Ok(Json(value)) => Ok(value),
        Err(JsonRejection::BytesRejection(e)) if e.status() == 413 => Err(AppError::TooLarge),
        Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
    }
}

fn check_id(what: &str, id: &str) -> Result<(), AppError> {
    if id.is_empty() || id.chars().count() > ID_MAX || id.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "{what} must be 1 to {ID_MAX} characters"
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProgramme {
    programme: String,
    device: String,
}

#[derive(Serialize)]
struct DeviceToken {
    token: String,
}

/// Puts a programme on this server; the device that does it is its coordinator.
async fn create_programme<S: Store>(
    State(store): State<S>,
    json: Result<Json<NewProgramme>, JsonRejection>,
) -> Result<Json<DeviceToken>, AppError> {
    let new = body(json)?;
    check_id("programme", &new.programme)?;
    check_id("device", &new.device)?;
    let token = new_token();
    store
        .create_programme(&new.programme, &new.device, &hash(&token))
        .await?;
    Ok(Json(DeviceToken { token }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushBody {
    ops: Vec<Value>,
}

#[derive(Serialize)]
struct PushReply {
    stored: usize,
    duplicates: usize,
    last_seq: i64,
}

/// Reads one pushed operation, or says what is wrong with it.
fn parse_op(index: usize, raw: Value, programme: &str, latest: u64) -> Result<Op, AppError> {
    let bad = |problem: String| AppError::BadRequest(format!("operation {index}: {problem}"));
    let op: Op = serde_json::from_value(raw).map_err(|e| bad(e.to_string()))?;
    op.check().map_err(|e| bad(e.to_string()))?;
    if op.stamp.unix_millis() > latest {
        return Err(bad("its timestamp is too far in the future".into()));
    }
    if op.kind == EntityKind::Programme && op.entity != programme {
        return Err(AppError::Forbidden(format!(
            "operation {index} is for another programme"
        )));
    }
    Ok(op)
}

/// Stores a batch of operations exactly once each; sending it again changes nothing.
async fn push<S: Store>(
    State(store): State<S>,
    Authorised(device): Authorised,
    json: Result<Json<PushBody>, JsonRejection>,
) -> Result<Json<PushReply>, AppError> {
    let batch = body(json)?;
    if batch.ops.len() > MAX_PUSH_OPS {
        return Err(AppError::BadRequest(format!(
            "a push may carry at most {MAX_PUSH_OPS} operations"
        )));
    }
    let latest = (SystemTime::now() + MAX_CLOCK_DRIFT)
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64;
    let ops = batch
        .ops
        .into_iter()
        .enumerate()
        .map(|(i, raw)| parse_op(i, raw, &device.programme, latest))
        .collect::<Result<Vec<Op>, AppError>>()?;
    let pushed = store.push(&device.programme, &ops).await?;
    Ok(Json(PushReply {
        stored: pushed.stored,
        duplicates: pushed.duplicates,
        last_seq: pushed.last_seq,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    since: i64,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct PulledOp {
    seq: i64,
    op: Op,
}

#[derive(Serialize)]
struct PullReply {
    ops: Vec<PulledOp>,
    /// The checkpoint to send next time.
    next: i64,
    more: bool,
}

/// The operations after `since`, a page at a time.
async fn pull<S: Store>(
    State(store): State<S>,
    Authorised(device): Authorised,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullReply>, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    if query.since < 0 {
        return Err(AppError::BadRequest("since must not be negative".into()));
    }
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_LIMIT)
        .clamp(1, MAX_PULL_LIMIT);
    let page = store.pull(&device.programme, query.since, limit).await?;
    let next = page.ops.last().map_or(query.since, |(seq, _)| *seq);
    Ok(Json(PullReply {
        ops: page
            .ops
            .into_iter()
            .map(|(seq, op)| PulledOp { seq, op })
            .collect(),
        next,
        more: page.more,
    }))
}
