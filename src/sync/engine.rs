//! Syncing with the server when this device shares its programme: on start, when the
//! browser comes online, a few seconds after a local change and every half minute;
//! backing off exponentially while the server cannot be reached. Nothing on screen waits
//! for it: changes are stored locally first, and the status line says where sync is.

use std::time::Duration;

use chrono::Local;
use futures::StreamExt;
use futures::channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures::future::{Either, select};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use samskab_domain::Op;
use samskab_domain::api::{Reason, retry_after};
use samskab_domain::schedule::hh_mm;
use samskab_domain::scope::{Access, Role};

use super::client::{self as api, ApiFailure};
use crate::chunks::{ChunkError, Later, in_chunk, within_patience};
use crate::state::ProgrammeStore;
use crate::storage::{StorageError, SyncAccess};
use crate::time::sleep;

/// How often a device that shares asks the server for news.
const PERIOD: Duration = Duration::from_secs(30);
/// How long after a local change the change is shipped (a burst of ticks goes at once).
const AFTER_CHANGE: Duration = Duration::from_secs(2);
/// How long the engine sleeps when only a kick can give it work (no server, revoked).
const UNTIL_KICKED: Duration = Duration::from_secs(24 * 60 * 60);
/// How long what a round had to tell (taken back, let go of …) stays on the status line
/// through the quiet rounds after it, so the user has time to read it.
const NEWS_KEPT_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Operations per push (the server takes up to 1,000); halved while the server finds
/// the body too large.
const PUSH_BATCH: u32 = 500;

/// What the status line says.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// This device does not share its programme.
    Off,
    Syncing,
    /// Done at `at` (HH:MM), with what the round had to tell; `retold` when it is an
    /// earlier round's, kept on the line for reading.
    Synced {
        at: String,
        report: Report,
        retold: bool,
    },
    /// The server cannot be reached; `pending` changes wait in the outbox.
    Offline {
        pending: u32,
    },
    /// The coordinator revoked this device, or whom it acted for is gone: the
    /// programme's data has left this device.
    Revoked,
    /// The server does not know this device's token (the programme was taken off it):
    /// the data stays.
    Unknown,
    /// Something else went wrong; it is retried.
    Failed(SyncError),
}

/// Why sharing, joining or a round of sync did not work.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The code that talks to the server could not be fetched.
    #[error(transparent)]
    Unfetched(#[from] ChunkError),
}

impl From<SplitLoaderError> for SyncError {
    fn from(error: SplitLoaderError) -> SyncError {
        ChunkError::from(error).into()
    }
}

/// What a round of sync did that the user should hear of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Changes the server refused for good, taken back on this device, and why.
    pub taken_back: Vec<Reason>,
    /// Changes re-made with a corrected time (the device's clock was far ahead).
    pub remade: usize,
    /// Another device's changes from a restored backup, made again as this device's own
    /// (only the coordinator may send another device's changes on).
    pub adopted: usize,
    /// Volunteers and visits this device let go of (moved elsewhere, deleted, erased).
    pub gone: usize,
    /// Changes not kept because they were about a person who has been erased.
    pub erased: usize,
}

impl Report {
    pub fn is_quiet(&self) -> bool {
        self == &Report::default()
    }
}

#[derive(Clone, Copy)]
enum Kick {
    Now,
    Soon,
}

#[derive(Clone, Copy)]
pub struct SyncEngine {
    pub status: RwSignal<SyncStatus>,
    /// The server this device shares through, once known.
    pub access: RwSignal<Option<SyncAccess>>,
    /// Whether `access` has been read from the database: until then a shared device in a
    /// limited role would look like one that does not share (and may change anything).
    pub ready: RwSignal<bool>,
    store: ProgrammeStore,
    kick: StoredValue<UnboundedSender<Kick>, LocalStorage>,
}

impl SyncEngine {
    /// Syncs now (after joining or sharing, or on the user's request).
    pub fn now(&self) {
        let _ = self.kick.with_value(|k| k.unbounded_send(Kick::Now));
    }

    fn token(&self) -> Option<String> {
        self.access
            .with_untracked(|a| a.as_ref().map(|a| a.token.clone()))
    }

    /// What this device may do, if it shares (reactive; `None`: the programme is this
    /// device's own). What `screens` decides each role's app from.
    pub fn acting_as(&self) -> Option<Access> {
        self.access.with(|a| a.as_ref().map(|a| a.access.clone()))
    }

    /// Whether this device is the coordinator of a shared programme (reactive).
    pub fn is_coordinator(&self) -> bool {
        self.access.with(|a| {
            a.as_ref()
                .is_some_and(|a| a.access == Access::coordinator())
        })
    }

    /// This device's id, as the server's device list names it.
    pub async fn device_id(&self) -> Option<String> {
        let outbox = self.store.outbox().ok()?;
        outbox.device_id().await.ok().map(|id| id.to_string())
    }

    /// Puts this device's programme on the server (with its operator's key, if it asks
    /// for one); the device becomes its coordinator.
    pub async fn share(&self, programme: &str, key: Option<&str>) -> Result<(), SyncError> {
        let outbox = self.store.outbox()?;
        let device = outbox.device_id().await?.to_string();
        let token = api::create_programme(programme, &device, key).await?.token;
        // The server starts empty (a programme taken off it and shared again, too): it
        // gets everything this device holds.
        outbox.requeue_all().await?;
        self.remember(SyncAccess {
            token,
            programme: programme.to_owned(),
            access: Access::coordinator(),
        })
        .await
    }

    /// Joins a programme with an invite code; its data arrives with the first pull.
    /// Returns what the device may do.
    pub async fn join(&self, code: &str) -> Result<Access, SyncError> {
        within_patience(join_in_chunk(*self, code.to_owned()))
            .await?
            .await
    }

    /// Starts fetching the code that talks to the server (an invite code being typed
    /// asks for it), so joining need not wait for it.
    pub fn prepare(&self) {
        spawn_local(async {
            let _ = sync_chunk().await;
        });
    }

    async fn join_now(self, code: String) -> Result<Access, SyncError> {
        let device = self.store.outbox()?.device_id().await?.to_string();
        let joined = api::join(&code, &device).await?;
        let access = joined.access.clone();
        self.remember(SyncAccess {
            token: joined.token,
            programme: joined.programme,
            access: joined.access,
        })
        .await?;
        Ok(access)
    }

    /// Takes the programme off the server with everything in it (the coordinator); this
    /// device keeps its data and stops sharing.
    pub async fn take_off_server(&self) -> Result<(), SyncError> {
        let token = self.token().ok_or(ApiFailure::Unauthorised)?;
        match api::delete_programme(&token).await {
            // A reply lost the first time: the server has already let go of it.
            Ok(()) | Err(ApiFailure::Unauthorised) => {}
            Err(failure) => return Err(failure.into()),
        }
        self.store.outbox()?.set_access(None).await?;
        self.access.set(None);
        self.status.set(SyncStatus::Off);
        Ok(())
    }

    async fn remember(&self, access: SyncAccess) -> Result<(), SyncError> {
        self.store.outbox()?.set_access(Some(&access)).await?;
        self.access.set(Some(access));
        self.now();
        Ok(())
    }

    /// Calls the API with this device's token (the coordinator's screens).
    pub async fn with_token<T, F: Future<Output = Result<T, ApiFailure>>>(
        &self,
        call: impl FnOnce(String) -> F,
    ) -> Result<T, ApiFailure> {
        let token = self.token().ok_or(ApiFailure::Unauthorised)?;
        let result = call(token).await;
        match result {
            Err(ApiFailure::Revoked) => self.now(),
            Err(ApiFailure::Unauthorised) => self.status.set(SyncStatus::Unknown),
            _ => {}
        }
        result
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Learns the server's time from the latest reply, so stamps follow it.
async fn trust_server_time(store: ProgrammeStore) -> Result<(), SyncError> {
    if let Some(time) = api::take_server_time() {
        store.trust_time(time).await?;
    }
    Ok(())
}

/// How often one round re-makes changes the server found too far ahead before it takes
/// them back instead (a clock that keeps jumping).
const CLOCK_RETRIES: u32 = 3;

/// How often one round settles another device's changes from a restored backup (up to
/// a batch each time) before the rest waits for the next round.
const ADOPT_PASSES: u32 = 10;

/// One round: ship the outbox, then pull until there is nothing more. A push the server
/// refuses as a whole does not stop the pull: the device still gets everyone's changes.
/// `resume` is where the last reply stopped sending what came into sight, for its
/// `next`: kept across rounds, so a lost connection does not start that over.
async fn sync_once(
    store: ProgrammeStore,
    token: &str,
    resume: &mut Option<(i64, String)>,
) -> Result<Report, SyncError> {
    let mut report = Report::default();
    let mut passes = 0;
    loop {
        let pushed = push_outbox(store, token, &mut report).await?;
        pull_all(store, token, resume, &mut report).await?;
        // Settled after the pull, which may bring newer changes of the same fields.
        if pushed.foreign.is_empty() || passes == ADOPT_PASSES {
            return match pushed.held_back {
                Some(failure) => Err(failure.into()),
                None => Ok(report),
            };
        }
        passes += 1;
        let (adopted, taken_back) = store.adopt(pushed.foreign).await?;
        report.adopted += adopted;
        report
            .taken_back
            .extend(std::iter::repeat_n(Reason::Device, taken_back));
    }
}

// What a device that shares does with the server comes in a chunk of its own: a device
// that does not share never fetches it, and a first start only when it joins.

in_chunk! {
    sync, preload = sync_chunk;
    fn join_in_chunk(
        sync: SyncEngine,
        code: String,
    ) -> Result<Later<Result<Access, SyncError>>, SyncError> {
        Ok(Box::pin(sync.join_now(code)))
    }
}

/// A round's outcome, and where the next one resumes.
type Round = (Result<Report, SyncError>, Option<(i64, String)>);

in_chunk! {
    sync;
    fn round_in_chunk(
        store: ProgrammeStore,
        token: String,
        resume: Option<(i64, String)>,
    ) -> Result<Later<Round>, SyncError> {
        Ok(Box::pin(async move {
            let mut resume = resume;
            let round = sync_once(store, &token, &mut resume).await;
            (round, resume)
        }))
    }
}

/// One round from the chunk; a chunk that cannot be fetched fails the round (it is
/// retried like any other), and `resume` stays as it was.
async fn round(
    store: ProgrammeStore,
    token: String,
    resume: &mut Option<(i64, String)>,
) -> Result<Report, SyncError> {
    let (round, next) = within_patience(round_in_chunk(store, token, resume.clone()))
        .await?
        .await;
    *resume = next;
    round
}

/// How shipping the outbox ended.
struct Pushed {
    /// Another device's changes (a restored backup) that the server takes only from
    /// that device or the coordinator: settled after the pull.
    foreign: Vec<Op>,
    /// A refusal of a whole push, or a clock that keeps jumping: the round reports it.
    held_back: Option<ApiFailure>,
}

/// Ships the outbox oldest first, acting on each refusal (see docs/sync.md).
async fn push_outbox(
    store: ProgrammeStore,
    token: &str,
    report: &mut Report,
) -> Result<Pushed, SyncError> {
    let outbox = store.outbox()?;
    let mut clock_retries = 0;
    let mut batch_size = PUSH_BATCH;
    loop {
        let batch = outbox.batch(batch_size).await?;
        if batch.is_empty() {
            return Ok(Pushed {
                foreign: Vec::new(),
                held_back: None,
            });
        }
        let pushed = api::push(token, &batch).await;
        trust_server_time(store).await?;
        let held_back = |failure| {
            Ok(Pushed {
                foreign: Vec::new(),
                held_back: Some(failure),
            })
        };
        match pushed {
            Ok(reply) => {
                outbox.shipped(&batch).await?;
                // Not kept: they carry something of a person who was erased.
                if !reply.erased.is_empty() {
                    report.erased += reply.erased.len();
                    store.take_back_refused(reply.erased).await?;
                }
            }
            // Stamped with another device's id: the server names every one of the batch.
            Err(ApiFailure::Refused(_, error))
                if error.reason == Some(Reason::Device)
                    && error.operation.is_some_and(|i| i < batch.len()) =>
            {
                let me = store.device();
                let (foreign, own): (Vec<Op>, Vec<Op>) = (error.operation.into_iter())
                    .chain(error.others.iter().copied())
                    .filter_map(|i| batch.get(i).cloned())
                    .partition(|op| Some(op.stamp.device()) != me);
                if !foreign.is_empty() {
                    return Ok(Pushed {
                        foreign,
                        held_back: None,
                    });
                }
                // Its own, under an id the server no longer knows it by: taken back.
                report
                    .taken_back
                    .extend(std::iter::repeat_n(Reason::Device, own.len()));
                store
                    .take_back_refused(own.iter().map(|op| op.stamp).collect())
                    .await?;
            }
            // One operation refused: for its time, it is re-made with the server's time;
            // otherwise it is taken back, and the rest goes on.
            Err(ApiFailure::Refused(_, error))
                if error.operation.is_some_and(|i| i < batch.len()) =>
            {
                let op = &batch[error.operation.unwrap_or_default()];
                if error.reason == Some(Reason::Clock) {
                    // Re-made with the server's time; a clock that keeps jumping waits for
                    // the next round (never dropped).
                    if clock_retries == CLOCK_RETRIES {
                        return held_back(ApiFailure::Refused(400, error));
                    }
                    clock_retries += 1;
                    report.remade += store.remake_far_ahead(op.stamp).await?;
                } else {
                    store.take_back_refused(vec![op.stamp]).await?;
                    report
                        .taken_back
                        .push(error.reason.unwrap_or(Reason::Invalid));
                }
            }
            // Too large a body (photos): smaller batches.
            Err(ApiFailure::Refused(413, _)) if batch_size > 1 => batch_size /= 2,
            Err(ApiFailure::Refused(status, error)) => {
                return held_back(ApiFailure::Refused(status, error));
            }
            Err(failure) => return Err(failure.into()),
        }
    }
}

/// Pulls pages from the checkpoint until there is nothing more.
async fn pull_all(
    store: ProgrammeStore,
    token: &str,
    resume: &mut Option<(i64, String)>,
    report: &mut Report,
) -> Result<(), SyncError> {
    let mut since = store.outbox()?.checkpoint().await?;
    loop {
        let from = resume.as_ref().filter(|(s, _)| *s == since);
        let page = api::pull(token, since, from.map(|(_, r)| r.as_str())).await?;
        trust_server_time(store).await?;
        let ops = page.ops.into_iter().map(|p| p.op).collect();
        report.gone += store.pulled(ops, page.gone, page.next).await?.len();
        since = page.next;
        *resume = page.resume.map(|r| (since, r));
        if !page.more {
            return Ok(());
        }
    }
}

async fn run(sync: SyncEngine, mut kicks: UnboundedReceiver<Kick>) {
    let store = sync.store;
    let mut failures = 0u32;
    let mut news: Option<(f64, Report)> = None;
    let mut resume = None;
    let mut wait = Duration::ZERO;
    loop {
        let kicked = {
            let next = kicks.next();
            let timer = Box::pin(sleep(wait));
            match select(next, timer).await {
                Either::Left((kick, _)) => kick,
                Either::Right(_) => Some(Kick::Now),
            }
        };
        if let Some(Kick::Soon) = kicked {
            sleep(AFTER_CHANGE).await;
        }
        // Kicks that came meanwhile are served by this round.
        while kicks.try_recv().is_ok() {}
        let Some(token) = sync.token() else {
            wait = UNTIL_KICKED;
            continue;
        };
        // Another tab took the database (an update): this one syncs no more.
        let superseded = matches!(
            store.status.get_untracked(),
            crate::state::LoadStatus::Superseded { .. }
        );
        if superseded
            || matches!(
                sync.status.get_untracked(),
                SyncStatus::Revoked | SyncStatus::Unknown
            )
        {
            wait = UNTIL_KICKED;
            continue;
        }
        let pending = || async move {
            match store.outbox() {
                Ok(outbox) => outbox.len().await.unwrap_or_default(),
                Err(_) => 0,
            }
        };
        if !online() {
            failures += 1;
            sync.status.set(SyncStatus::Offline {
                pending: pending().await,
            });
            wait = retry_after(failures);
            continue;
        }
        sync.status.set(SyncStatus::Syncing);
        match round(store, token, &mut resume).await {
            Ok(report) => {
                failures = 0;
                let now = js_sys::Date::now();
                let (report, retold) = match &news {
                    _ if !report.is_quiet() => {
                        news = Some((now, report.clone()));
                        (report, false)
                    }
                    Some((told, earlier)) if now - told < NEWS_KEPT_MS => (earlier.clone(), true),
                    _ => (report, false),
                };
                sync.status.set(SyncStatus::Synced {
                    at: hh_mm(&Local::now().time()),
                    report,
                    retold,
                });
                wait = PERIOD;
            }
            // A device that may no longer see the programme keeps none of it.
            Err(SyncError::Api(ApiFailure::Revoked)) => {
                news = None;
                let forgotten = store.forget_programme().await;
                sync.status.set(match forgotten {
                    Ok(()) => SyncStatus::Revoked,
                    Err(error) => SyncStatus::Failed(error.into()),
                });
            }
            Err(SyncError::Api(ApiFailure::Unauthorised)) => sync.status.set(SyncStatus::Unknown),
            Err(SyncError::Api(ApiFailure::Unreachable | ApiFailure::Unavailable(_))) => {
                failures += 1;
                sync.status.set(SyncStatus::Offline {
                    pending: pending().await,
                });
                wait = retry_after(failures);
            }
            Err(error) => {
                failures += 1;
                sync.status.set(SyncStatus::Failed(error));
                wait = retry_after(failures);
            }
        }
    }
}

pub fn provide_sync(store: ProgrammeStore) -> SyncEngine {
    let (sender, kicks) = unbounded();
    let sync = SyncEngine {
        status: RwSignal::new(SyncStatus::Off),
        access: RwSignal::new(None),
        ready: RwSignal::new(false),
        store,
        kick: StoredValue::new_local(sender),
    };
    // Once the database is open: read the access, then sync on start.
    let mut kicks = Some(kicks);
    Effect::new(move || {
        if store.status.get() != crate::state::LoadStatus::Ready {
            return;
        }
        let Some(kicks) = kicks.take() else {
            return;
        };
        spawn_local(async move {
            if let Ok(outbox) = store.outbox()
                && let Ok(Some(access)) = outbox.access().await
            {
                sync.access.set(Some(access));
            }
            sync.ready.set(true);
            spawn_local(run(sync, kicks));
        });
    });
    // A device in a limited role is kept from changes the server would refuse.
    Effect::new(move || {
        store.set_shared(sync.access.with(Option::is_some));
        let limited = sync.access.with(|a| {
            a.as_ref()
                .map(|a| a.access.clone())
                .filter(|a| a.role != Role::Coordinator)
        });
        store.limit_to(limited);
    });
    // Local changes go out a little later; coming online, at once.
    Effect::new(move |previous: Option<u64>| {
        let grew = store.outbox_grew.get();
        if previous.is_some() && sync.access.with_untracked(Option::is_some) {
            let _ = sync.kick.with_value(|k| k.unbounded_send(Kick::Soon));
        }
        grew
    });
    let online = window_event_listener_untyped("online", move |_| sync.now());
    on_cleanup(move || online.remove());
    provide_context(sync);
    sync
}

#[track_caller]
pub fn use_sync() -> SyncEngine {
    expect_context()
}
