//! The sync API, `/api/v1` (see docs/sync.md): put a programme on the server, push
//! operations, pull them back in pages, each within the device's scope.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::RngCore;
use samskab_domain::api::{DeviceToken, NewProgramme, PullReply, PulledOp, PushReply};
use samskab_domain::clock::MAX_CLOCK_DRIFT;
use samskab_domain::scope::{Role, ScopeIndex, Sight};
use samskab_domain::{EntityKind, Op};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::invites::{self, JoinLimiter};
use crate::scopes::{Scopes, load};
use crate::store::{Device, Store};

/// The most operations one push may carry.
pub const MAX_PUSH_OPS: usize = 1_000;
/// The largest request body (a push of photos stays well below).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The largest page a pull returns.
pub const MAX_PULL_LIMIT: u32 = 1_000;
/// The longest programme or device id accepted.
const ID_MAX: usize = 200;

/// What the API's handlers share.
#[derive(Clone, Debug)]
pub struct Api<S> {
    pub store: S,
    pub scopes: Arc<Scopes>,
    pub joins: Arc<JoinLimiter>,
}

impl<S> Api<S> {
    pub fn new(store: S) -> Api<S> {
        Api {
            store,
            scopes: Arc::default(),
            joins: Arc::default(),
        }
    }
}

pub fn router<S: Store>() -> Router<Api<S>> {
    Router::new()
        .route("/api/v1/programmes", post(create_programme::<S>))
        .route("/api/v1/push", post(push::<S>))
        .route("/api/v1/pull", get(pull::<S>))
        .merge(invites::router::<S>())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
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
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorised)?;
        api.store
            .device(&hash(token.trim()))
            .await?
            .map(Authorised)
            .ok_or(AppError::Unauthorised)
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

/// A JSON body whose rejection is our JSON error, naming the problem.
pub fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    match json {
        Ok(Json(value)) => Ok(value),
        Err(JsonRejection::BytesRejection(e)) if e.status() == 413 => Err(AppError::TooLarge),
        Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
    }
}

pub fn check_id(what: &str, id: &str) -> Result<(), AppError> {
    if id.is_empty() || id.chars().count() > ID_MAX || id.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "{what} must be 1 to {ID_MAX} characters"
        )));
    }
    Ok(())
}

/// Puts a programme on this server; the device that does it is its coordinator.
async fn create_programme<S: Store>(
    State(api): State<Api<S>>,
    json: Result<Json<NewProgramme>, JsonRejection>,
) -> Result<Json<DeviceToken>, AppError> {
    let new = body(json)?;
    check_id("programme", &new.programme)?;
    check_id("device", &new.device)?;
    let token = new_token();
    api.store
        .create_programme(&new.programme, &new.device, &hash(&token))
        .await?;
    Ok(Json(DeviceToken { token }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushBody {
    ops: Vec<Value>,
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
    State(api): State<Api<S>>,
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
    let mut slot = api.scopes.for_push(&device.programme).await;
    if device.access.role != Role::Coordinator {
        load(&api.store, &device.programme, &mut slot).await?;
    }
    // A coordinator's push is only checked for consistent ids, which needs no index.
    let unbuilt = ScopeIndex::default();
    slot.as_ref()
        .unwrap_or(&unbuilt)
        .check_push(&device.access, &ops)
        .map_err(|e| AppError::OutOfScope(e.index))?;
    let pushed = api.store.push(&device.programme, &ops).await?;
    if let Some(index) = slot.as_mut() {
        for (op, seq) in ops.iter().zip(&pushed.seqs) {
            if let Some(seq) = seq {
                index.add(*seq, op);
            }
        }
    }
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

/// The operations after `since` the device may see, a page at a time.
async fn pull<S: Store>(
    State(api): State<Api<S>>,
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
    let (access, programme) = (&device.access, &device.programme);
    // The coordinator sees everything and needs no index (the fast path).
    let slot = match access.role {
        Role::Coordinator => None,
        _ => Some(api.scopes.read(&api.store, programme).await?),
    };
    let page = api.store.pull(programme, query.since, limit).await?;
    let next = page.ops.last().map_or(query.since, |(seq, _)| *seq);
    let Some(index) = slot.as_ref().and_then(|s| s.as_ref()) else {
        let ops = page.ops.into_iter().map(|(seq, op)| PulledOp { seq, op });
        return Ok(Json(PullReply {
            ops: ops.collect(),
            next,
            more: page.more,
        }));
    };
    let mut widened = BTreeSet::new();
    for (_, op) in &page.ops {
        widened.extend(index.widened(access, op, query.since));
    }
    let mut older = Vec::new();
    for entity in &widened {
        older.extend(api.store.entity_ops(programme, entity, query.since).await?);
    }
    let mut ops = Vec::with_capacity(page.ops.len());
    for (seq, op) in older.into_iter().chain(page.ops) {
        match index.sees(access, &op) {
            Sight::Whole => ops.push(PulledOp { seq, op }),
            Sight::Redacted(op) => ops.push(PulledOp { seq, op }),
            Sight::Hidden => {}
        }
    }
    Ok(Json(PullReply {
        ops,
        next,
        more: page.more,
    }))
}
