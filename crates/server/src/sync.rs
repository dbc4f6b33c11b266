//! The sync API, `/api/v1` (see docs/sync.md): put a programme on the server, push
//! operations, pull them back in pages, each within the device's scope.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use samskab_domain::api::{
    DeviceToken, Gone, NewProgramme, PullReply, PulledOp, PushReply, Reason,
};
use samskab_domain::clock::MAX_CLOCK_DRIFT;
use samskab_domain::erasure;
use samskab_domain::scope::{Access, Role, ScopeIndex, Sight};
use samskab_domain::{Change, DeviceId, EntityKind, Op};
use serde::Deserialize;
use serde_json::Value;

use crate::Creation;
use crate::auth::{
    Api, Authorised, ClientIp, Coordinator, bearer, check_device_id, check_id, hash, new_token,
};
use crate::error::{AppError, Body, Params};
use crate::scopes::load;
use crate::store::{Batch, Device, Store};

/// The most operations one push may carry.
pub const MAX_PUSH_OPS: usize = 1_000;
/// The largest request body (a push of photos stays well below).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// The largest page a pull returns.
pub const MAX_PULL_LIMIT: u32 = 1_000;
/// The most older operations one pull sends of what came into a device's sight
/// (`Options::max_backfill`'s default).
pub const MAX_BACKFILL: usize = 5_000;

pub fn router<S: Store>() -> Router<Api<S>> {
    Router::new()
        .route("/api/v1/programmes", post(create_programme::<S>))
        .route("/api/v1/push", post(push::<S>))
        .route("/api/v1/pull", get(pull::<S>))
        .route(
            "/api/v1/programme",
            axum::routing::delete(delete_programme::<S>),
        )
}

/// Puts a programme on this server; the device that does it is its coordinator. Who may
/// is the operator's setting (`Creation`), and attempts are rate limited per client.
async fn create_programme<S: Store>(
    State(api): State<Api<S>>,
    ClientIp(client): ClientIp,
    headers: axum::http::HeaderMap,
    Body(new): Body<NewProgramme>,
) -> Result<Json<DeviceToken>, AppError> {
    api.creations
        .attempt(client)
        .map_err(AppError::TooManyAttempts)?;
    let key = bearer(&headers).map(hash);
    match &api.options.creation {
        Creation::Open => {}
        Creation::Key(wanted) if key.as_ref() == Some(wanted) => {}
        Creation::Key(_) => return Err(AppError::AdminKey),
        Creation::Closed => {
            return Err(AppError::Forbidden(
                "this server takes no new programmes; ask its operator".into(),
            ));
        }
    }
    check_id("programme", &new.programme)?;
    check_device_id(&new.device)?;
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
    let bad = |problem: String| AppError::refused(index, Reason::Invalid, problem);
    let op: Op = serde_json::from_value(raw).map_err(|e| bad(e.to_string()))?;
    op.check_fresh().map_err(|e| bad(e.to_string()))?;
    if op.redacted {
        return Err(bad("a redacted copy cannot be pushed".into()));
    }
    if op.stamp.unix_millis() > latest {
        return Err(AppError::refused(
            index,
            Reason::Clock,
            "its timestamp is too far ahead of the server's clock",
        ));
    }
    if op.kind == EntityKind::Programme && op.entity != programme {
        return Err(AppError::refused(
            index,
            Reason::Scope,
            "it is for another programme",
        ));
    }
    Ok(op)
}

/// The server's clock, Unix milliseconds.
pub fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64
}

/// Stores a batch of operations exactly once each; sending it again changes nothing.
async fn push<S: Store>(
    State(api): State<Api<S>>,
    Authorised(device): Authorised,
    Body(batch): Body<PushBody>,
) -> Result<Json<PushReply>, AppError> {
    if batch.ops.len() > MAX_PUSH_OPS {
        return Err(AppError::BadRequest(format!(
            "a push may carry at most {MAX_PUSH_OPS} operations"
        )));
    }
    let latest = now_millis() + MAX_CLOCK_DRIFT.as_millis() as u64;
    let ops = batch
        .ops
        .into_iter()
        .enumerate()
        .map(|(i, raw)| parse_op(i, raw, &device.programme, latest))
        .collect::<Result<Vec<Op>, AppError>>()?;
    // The rest runs as a task of its own: a client that goes away cannot cancel it
    // between the commit and the scope index taking the stored operations in.
    tokio::spawn(store_push(api, device, ops))
        .await
        .map_err(|e| AppError::Internal(format!("push task: {e}")))?
        .map(Json)
}

async fn store_push<S: Store>(
    api: Api<S>,
    device: Device,
    ops: Vec<Op>,
) -> Result<PushReply, AppError> {
    let programme = device.programme.as_str();
    let mut slot = api.scopes.for_push(programme).await;
    load(&api.store, programme, &mut slot).await?;
    let Some(index) = slot.as_mut() else {
        return Err(AppError::Internal("scope index not loaded".into()));
    };
    if !index.subject_exists(&device.access) {
        return Err(gone_or_revoked(&api.store, programme).await);
    }
    let stamps: Vec<String> = ops.iter().map(|op| op.stamp.to_string()).collect();
    let known = api.store.stored_stamps(programme, &stamps).await?;
    let me: Option<DeviceId> = device.device.parse().ok();
    let coordinator = device.access.role == Role::Coordinator;
    let erasing: BTreeSet<&str> = ops
        .iter()
        .filter(|op| op.is_erasure())
        .map(|op| op.entity.as_str())
        .collect();
    // Only new operations are checked: one the server has may be sent again by anyone.
    let (mut fresh, mut positions, mut forwarded) = (Vec::new(), Vec::new(), Vec::new());
    let mut in_batch = HashSet::new();
    let (mut erased, mut impostors) = (Vec::new(), Vec::new());
    for (i, op) in ops.iter().enumerate() {
        if known.contains(&stamps[i]) || !in_batch.insert(op.stamp) {
            continue;
        }
        let own = Some(op.stamp.device()) == me;
        if !own && !coordinator {
            impostors.push(i);
            continue;
        }
        if index.carries_erased(op, &erasing) {
            erased.push(op.stamp);
            continue;
        }
        fresh.push(op.clone());
        positions.push(i);
        forwarded.push(!own);
    }
    if let Some((&first, others)) = impostors.split_first() {
        return Err(AppError::Refused {
            index: first,
            reason: Reason::Device,
            message: "it is stamped with another device's id".into(),
            others: others.to_vec(),
        });
    }
    index.check_push(&device.access, &fresh).map_err(|e| {
        AppError::refused(
            positions[e.index],
            Reason::Scope,
            "it is outside what this device may change",
        )
    })?;
    // What each erasure removes is the server's to decide: it names the operations in
    // the erasure it stores, and every device removes exactly those.
    let mut remove = Vec::new();
    let erased_now: Vec<String> = fresh
        .iter()
        .filter(|op| op.is_erasure())
        .map(|op| op.entity.clone())
        .collect();
    for op in fresh.iter_mut().filter(|op| op.is_erasure()) {
        let volunteer = op.entity.clone();
        let visits = index.visits_of(&volunteer);
        let theirs = |series: &str| visits.iter().any(|v| v == series);
        let mut removed = Vec::new();
        for entity in std::iter::once(volunteer.as_str()).chain(visits.iter().map(String::as_str)) {
            for (seq, stored) in api
                .store
                .entity_ops(programme, entity, 0..=i64::MAX, u32::MAX)
                .await?
            {
                if erasure::carries(&stored, &volunteer, theirs) {
                    remove.push(seq);
                    removed.push(stored.stamp);
                }
            }
        }
        removed.sort();
        op.change = Change::Erase { removed };
    }
    let pushed = api
        .store
        .push(Batch {
            programme,
            ops: &fresh,
            forwarded: &forwarded,
            device: &device.device,
            remove: &remove,
            erased: &erased_now,
        })
        .await?;
    for (op, seq) in fresh.iter().zip(&pushed.seqs) {
        if let Some(seq) = seq {
            index.add(*seq, op);
        }
    }
    if !remove.is_empty() {
        tracing::info!(programme, removed = remove.len(), "erased");
    }
    Ok(PushReply {
        stored: pushed.stored,
        duplicates: ops.len() - pushed.stored - erased.len(),
        erased,
        last_seq: pushed.last_seq,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    since: i64,
    limit: Option<u32>,
    /// The `resume` of the last reply, when it had one.
    resume: Option<String>,
}

/// Where a reply stopped sending what one operation brought into sight, because it
/// brought more than a reply holds: the device pulls again from the same `since` with it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Resume {
    since: i64,
    /// The sequence of the operation whose backfill it is: if that operation is no longer
    /// first (an erasure removed it), the backfill starts over.
    first: i64,
    /// The entity whose older operations were being sent, and the last one sent of them.
    entity: String,
    after: i64,
}

impl Resume {
    /// An opaque token that needs no escaping in a URL.
    fn token(&self) -> String {
        let entity = URL_SAFE_NO_PAD.encode(&self.entity);
        format!("{}.{}.{}.{entity}", self.since, self.first, self.after)
    }

    /// A token for `since`, or `None` for one it cannot have come from.
    fn parse(token: &str, since: i64) -> Option<Resume> {
        let mut parts = token.splitn(4, '.');
        let resume = Resume {
            since: parts.next()?.parse().ok()?,
            first: parts.next()?.parse().ok()?,
            after: parts.next()?.parse().ok()?,
            entity: String::from_utf8(URL_SAFE_NO_PAD.decode(parts.next()?).ok()?).ok()?,
        };
        (resume.since == since && resume.first > since && (0..=since).contains(&resume.after))
            .then_some(resume)
    }
}

/// The operations after `since` the device may see, a page at a time, and what left
/// its sight. The scope index is only held while deciding, never over a database read.
async fn pull<S: Store>(
    State(api): State<Api<S>>,
    Authorised(device): Authorised,
    Params(query): Params<PullQuery>,
) -> Result<Json<PullReply>, AppError> {
    if query.since < 0 {
        return Err(AppError::BadRequest("since must not be negative".into()));
    }
    let mut resume = match query.resume.as_deref() {
        None => None,
        Some(token) => Some(Resume::parse(token, query.since).ok_or_else(|| {
            AppError::BadRequest("resume is not one a reply for this since gave".into())
        })?),
    };
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_LIMIT)
        .clamp(1, MAX_PULL_LIMIT);
    let (access, programme) = (&device.access, &device.programme);
    let page = api.store.pull(programme, query.since, limit).await?;
    let next = page.ops.last().map_or(query.since, |(seq, _)| *seq);
    if resume.as_ref().map(|r| r.first) != page.ops.first().map(|(seq, _)| *seq) {
        resume = None;
    }
    // The coordinator sees everything and needs no index (the fast path).
    if access.role == Role::Coordinator {
        let ops = page.ops.into_iter().map(|(seq, op)| PulledOp { seq, op });
        return Ok(Json(PullReply {
            ops: ops.collect(),
            next,
            more: page.more,
            gone: Vec::new(),
            resume: None,
        }));
    }
    let changes = {
        let slot = api.scopes.read(&api.store, programme).await?;
        let Some(index) = slot.as_ref() else {
            return Err(AppError::Internal("scope index not loaded".into()));
        };
        if !index.subject_exists(access) {
            drop(slot);
            return Err(gone_or_revoked(&api.store, programme).await);
        }
        sight_changes(index, access, &page.ops, query.since)
    };
    let Backfill {
        mut older,
        gone,
        cut,
        stopped,
    } = backfill(&api, programme, query.since, &page.ops, changes, resume).await?;
    let more = page.more || cut < page.ops.len();
    let mut page_ops = page.ops;
    page_ops.truncate(cut);
    let next = page_ops.last().map_or(query.since, |(seq, _)| *seq);
    let slot = api.scopes.read(&api.store, programme).await?;
    let Some(index) = slot.as_ref() else {
        return Err(AppError::Internal("scope index not loaded".into()));
    };
    let mut sent = HashSet::new();
    older.retain(|(seq, _)| sent.insert(*seq));
    let mut ops = visible(index, access, older);
    ops.extend(visible(index, access, page_ops));
    Ok(Json(PullReply {
        ops,
        next,
        more,
        gone: gone.into_iter().collect(),
        resume: stopped.map(|r| r.token()),
    }))
}

/// Per operation of a page: what it takes out of a device's sight, and the entities it
/// brings into it (whose operations up to `since` the device has not had).
fn sight_changes(
    index: &ScopeIndex,
    access: &Access,
    page: &[(i64, Op)],
    since: i64,
) -> Vec<(Vec<Gone>, Vec<String>)> {
    page.iter()
        .map(|(_, op)| {
            let mut widened = index.widened(access, op, since);
            let mut gone = Vec::new();
            for (kind, entity) in index.narrowed(access, op) {
                // Still seen in part: its older operations come again, as far as seen.
                if index.visible(access, kind, &entity) {
                    widened.push(entity.clone());
                }
                gone.push(Gone { kind, entity });
            }
            widened.sort();
            widened.dedup();
            (gone, widened)
        })
        .collect()
}

/// What a reply brings from before `since`, and where its page ends.
struct Backfill {
    /// The older operations of what came into sight (the device filters them by scope).
    older: Vec<(i64, Op)>,
    gone: BTreeSet<Gone>,
    /// How many operations of the page the reply sends.
    cut: usize,
    /// Where to go on, when the page's first operation alone brings more than a reply
    /// holds.
    stopped: Option<Resume>,
}

/// Reads the older operations the page's changes bring, without the index held, at
/// most `max_backfill` a reply: the page ends before the operation that would go over,
/// and when its first operation alone brings more, the reply sends what fits and says
/// where to resume (its `gone` comes with the first part, before what it brings).
async fn backfill<S: Store>(
    api: &Api<S>,
    programme: &str,
    since: i64,
    page: &[(i64, Op)],
    changes: Vec<(Vec<Gone>, Vec<String>)>,
    mut resume: Option<Resume>,
) -> Result<Backfill, AppError> {
    let max = api.options.max_backfill.max(1);
    let (mut older, mut fetched, mut gone) = (Vec::new(), BTreeSet::new(), BTreeSet::new());
    let (mut cut, mut stopped) = (page.len(), None);
    'page: for (i, (brings_gone, mut brings)) in changes.into_iter().enumerate() {
        let from = if i == 0 { resume.take() } else { None };
        if let Some(from) = &from {
            brings.retain(|entity| *entity >= from.entity);
        }
        let mut these = Vec::new();
        for entity in brings {
            if fetched.contains(&entity) {
                continue;
            }
            let after = from
                .as_ref()
                .filter(|from| from.entity == entity)
                .map_or(0, |from| from.after);
            let room = max.saturating_sub(older.len() + these.len());
            let fits = u32::try_from(room).unwrap_or(u32::MAX - 1);
            let mut ops = api
                .store
                .entity_ops(programme, &entity, after + 1..=since, fits + 1)
                .await?;
            if ops.len() > room {
                if i > 0 {
                    cut = i;
                    break 'page;
                }
                ops.truncate(room);
                let after = ops.last().map_or(after, |(seq, _)| *seq);
                these.append(&mut ops);
                stopped = Some(Resume {
                    since,
                    first: page[0].0,
                    entity,
                    after,
                });
                cut = 0;
                break;
            }
            these.append(&mut ops);
            // Only whole: a later operation that lets go of it must send it all again.
            if after == 0 {
                fetched.insert(entity);
            }
        }
        older.append(&mut these);
        if from.is_none() {
            gone.extend(brings_gone);
        }
        if stopped.is_some() {
            break;
        }
    }
    Ok(Backfill {
        older,
        gone,
        cut,
        stopped,
    })
}

/// Why a device's subject is not in the index: it was deleted or erased (the device is
/// revoked and lets go of the data), or the whole programme just left the server (a plain
/// `401`: the devices keep what they hold).
async fn gone_or_revoked<S: Store>(store: &S, programme: &str) -> AppError {
    match store.devices(programme).await {
        Ok(devices) if devices.is_empty() => AppError::Unauthorised,
        _ => AppError::Revoked,
    }
}

/// What of these operations a device with `access` may see, redacted where it sees part.
fn visible(index: &ScopeIndex, access: &Access, ops: Vec<(i64, Op)>) -> Vec<PulledOp> {
    ops.into_iter()
        .filter_map(|(seq, op)| match index.sees(access, &op) {
            Sight::Whole => Some(PulledOp { seq, op }),
            Sight::Redacted(op) => Some(PulledOp { seq, op }),
            Sight::Hidden => None,
        })
        .collect()
}

/// Takes the coordinator's programme off the server with everything in it; every
/// device's token stops working. The devices keep what they hold.
async fn delete_programme<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(device): Coordinator,
) -> Result<axum::http::StatusCode, AppError> {
    let mut slot = api.scopes.for_push(&device.programme).await;
    api.store.delete_programme(&device.programme).await?;
    *slot = None;
    drop(slot);
    api.scopes.forget(&device.programme);
    tracing::info!(programme = %device.programme, "programme deleted");
    Ok(axum::http::StatusCode::NO_CONTENT)
}
