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
use samskab_domain::EntityKind;
use samskab_domain::api::retry_after;
use samskab_domain::schedule::hh_mm;
use samskab_domain::scope::{Access, Role};

use crate::api::{self, ApiFailure};
use crate::state::ProgrammeStore;
use crate::storage::{StorageError, SyncAccess};

/// How often a device that shares asks the server for news.
const PERIOD: Duration = Duration::from_secs(30);
/// How long after a local change the change is shipped (a burst of ticks goes at once).
const AFTER_CHANGE: Duration = Duration::from_secs(2);
/// How long the engine sleeps when only a kick can give it work (no server, revoked).
const UNTIL_KICKED: Duration = Duration::from_secs(24 * 60 * 60);
/// Operations per push (the server takes up to 1,000).
const PUSH_BATCH: u32 = 500;

/// What the status line says.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// This device does not share its programme.
    Off,
    Syncing,
    /// Done at `at` (HH:MM); `refused` changes were outside this device's access.
    Synced {
        at: String,
        refused: usize,
    },
    /// The server cannot be reached; `pending` changes wait in the outbox.
    Offline {
        pending: u32,
    },
    /// The coordinator revoked this device.
    Revoked,
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
}

#[derive(Clone, Copy)]
enum Kick {
    Now,
    Soon,
}

#[derive(Clone, Copy)]
pub struct Sync {
    pub status: RwSignal<SyncStatus>,
    /// The server this device shares through, once known.
    pub access: RwSignal<Option<SyncAccess>>,
    store: ProgrammeStore,
    kick: StoredValue<UnboundedSender<Kick>, LocalStorage>,
}

impl Sync {
    /// Syncs now (after joining or sharing, or on the user's request).
    pub fn now(&self) {
        let _ = self.kick.with_value(|k| k.unbounded_send(Kick::Now));
    }

    fn token(&self) -> Option<String> {
        self.access
            .with_untracked(|a| a.as_ref().map(|a| a.token.clone()))
    }

    /// Whether this device may tick a partner's tasks or advice (reactive; any, unless
    /// it shares in a limited role).
    pub fn may_tick(&self, kind: EntityKind, partner: &str) -> bool {
        self.access
            .with(|a| a.as_ref().is_none_or(|a| a.access.may_tick(kind, partner)))
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
        let db = self.store.db().ok()?;
        db.device_id().await.ok().map(|id| id.to_string())
    }

    /// Puts this device's programme on the server; the device becomes its coordinator.
    pub async fn share(&self, programme: &str) -> Result<(), SyncError> {
        let db = self.store.db()?;
        let device = db.device_id().await?.to_string();
        let token = api::create_programme(programme, &device).await?.token;
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
        let db = self.store.db()?;
        let device = db.device_id().await?.to_string();
        let joined = api::join(code, &device).await?;
        let access = joined.access.clone();
        self.remember(SyncAccess {
            token: joined.token,
            programme: joined.programme,
            access: joined.access,
        })
        .await?;
        Ok(access)
    }

    async fn remember(&self, access: SyncAccess) -> Result<(), SyncError> {
        self.store.db()?.set_sync_access(Some(&access)).await?;
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
        if matches!(result, Err(ApiFailure::Unauthorised)) {
            self.status.set(SyncStatus::Revoked);
        }
        result
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

async fn sleep(duration: Duration) {
    let millis = duration.as_millis().min(i32::MAX as u128) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// One round: ship the outbox, then pull until there is nothing more.
async fn sync_once(store: ProgrammeStore, token: &str) -> Result<usize, SyncError> {
    let db = store.db()?;
    let mut refused = 0;
    loop {
        let batch = db.outbox_batch(PUSH_BATCH).await?;
        if batch.is_empty() {
            break;
        }
        match api::push(token, &batch).await {
            Ok(_) => db.shipped(&batch).await?,
            // One operation the server will never take (outside this device's access):
            // it stays on this device, out of the outbox, and the rest goes on.
            Err(ApiFailure::Refused(_, error))
                if error.operation.is_some_and(|i| i < batch.len()) =>
            {
                let index = error.operation.unwrap_or_default();
                db.shipped(&batch[index..=index]).await?;
                refused += 1;
            }
            Err(failure) => return Err(failure.into()),
        }
    }
    let mut since = db.checkpoint().await?;
    loop {
        let page = api::pull(token, since).await?;
        let ops = page.ops.into_iter().map(|p| p.op).collect();
        store.pulled(ops, page.next).await?;
        since = page.next;
        if !page.more {
            return Ok(refused);
        }
    }
}

async fn run(sync: Sync, mut kicks: UnboundedReceiver<Kick>) {
    let store = sync.store;
    let mut failures = 0u32;
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
        if sync.status.get_untracked() == SyncStatus::Revoked {
            wait = UNTIL_KICKED;
            continue;
        }
        let pending = || async move {
            match store.db() {
                Ok(db) => db.outbox_len().await.unwrap_or_default(),
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
        match sync_once(store, &token).await {
            Ok(refused) => {
                failures = 0;
                sync.status.set(SyncStatus::Synced {
                    at: hh_mm(&Local::now().time()),
                    refused,
                });
                wait = PERIOD;
            }
            Err(SyncError::Api(ApiFailure::Unauthorised)) => sync.status.set(SyncStatus::Revoked),
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

pub fn provide_sync(store: ProgrammeStore) -> Sync {
    let (sender, kicks) = unbounded();
    let sync = Sync {
        status: RwSignal::new(SyncStatus::Off),
        access: RwSignal::new(None),
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
            if let Ok(db) = store.db()
                && let Ok(Some(access)) = db.sync_access().await
            {
                sync.access.set(Some(access));
            }
            spawn_local(run(sync, kicks));
        });
    });
    // A device in a limited role is kept from changes the server would refuse.
    Effect::new(move || {
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
pub fn use_sync() -> Sync {
    expect_context()
}
