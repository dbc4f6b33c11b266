use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use samskab_domain::api::Gone;
use samskab_domain::clock::ntp64_from_unix_millis;
use samskab_domain::erasure::{carries_erased, held_back};
use samskab_domain::op::record_key;
use samskab_domain::scope::{Access, ScopeIndex};
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op, ProgrammeState, Record, Stamp};

use crate::chunks::{ChunkError, Later, in_chunk, within_patience};
use crate::state::tabs::{Changed, Channel, Generations};
use crate::storage::marker;
use crate::storage::{
    DB_NAME, Db, Loaded, Outbox, Rewrite, Rewritten, StorageError, Written, mark, snapshot_json,
};

/// Why a change was not made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// Outside what this device may change in a shared programme, or about a person who
    /// was erased: nothing was stored (the server would refuse it too).
    #[error("this device may not make that change")]
    NotAllowed,
    /// An edit the schema does not allow (a bug in the app): stored, it would be refused
    /// by every other device and block sync.
    #[error("not a valid change: {0}")]
    Invalid(#[from] samskab_domain::op::OpProblem),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The code that stores a change could not be fetched: nothing was stored.
    #[error(transparent)]
    Unfetched(#[from] ChunkError),
}

impl From<SplitLoaderError> for ChangeError {
    fn from(error: SplitLoaderError) -> ChangeError {
        ChunkError::from(error).into()
    }
}

in_chunk! {
    store_changes, preload = store_changes_chunk;
    fn store_changes(
        store: ProgrammeStore,
        edits: Vec<Edit>,
    ) -> Result<Later<Result<(), ChangeError>>, ChangeError> {
        Ok(Box::pin(store.apply_now(edits)))
    }
}

/// Where opening the database has got to.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadStatus {
    Loading,
    /// Another tab holds an older version open.
    Blocked,
    /// Another tab opened a newer version (an update) or deleted the database: this
    /// one let go of it, and must be reloaded.
    Superseded {
        deleted: bool,
    },
    Ready,
    Failed(StorageError),
}

#[derive(Clone)]
struct Backend {
    db: Rc<Db>,
    clock: Rc<Clock>,
}

/// The programme's data: loaded from IndexedDB, changed only through [`ProgrammeStore::apply`].
#[derive(Clone, Copy)]
pub struct ProgrammeStore {
    pub status: RwSignal<LoadStatus>,
    /// The merged records; not reactive themselves: `state` is what screens follow.
    records: StoredValue<BTreeMap<String, Record>>,
    /// The state every screen reads, updated change by change (see `ProgrammeState::update`).
    pub state: ReadSignal<ProgrammeState>,
    set_state: WriteSignal<ProgrammeState>,
    backend: StoredValue<Option<Backend>, LocalStorage>,
    /// Writes under way; a snapshot is only taken when there are none.
    writing: RwSignal<usize>,
    /// Bumped by every change, so only the last of a burst schedules a snapshot.
    changes: StoredValue<u64>,
    /// Bumped when operations join the outbox, so the sync engine ships them (reactive).
    pub outbox_grew: RwSignal<u64>,
    /// For a device that shares in a limited role: changes outside it are refused here,
    /// before anything is shown or stored, rather than by the server later. The scope
    /// index of the records is kept with every change, not rebuilt for each check.
    limited_to: StoredValue<Option<(Access, ScopeIndex)>>,
    /// Local changes shown but not yet durable: kept over records that storage rebuilds
    /// meanwhile (a pull landing during a write), so the screen never loses them.
    pending: StoredValue<Vec<Op>>,
    /// Whether this device shares its programme through a server (set by the sync engine).
    shared: StoredValue<bool>,
    /// Entities this device let go of (they left its sight, or were erased), so a screen
    /// showing one can say why it is gone (reactive).
    pub gone: RwSignal<Vec<Gone>>,
    /// The writes (of every tab) this tab's records hold: a snapshot is only saved for
    /// a generation seen whole.
    seen: StoredValue<Generations>,
    /// To and from the device's other tabs; what they wrote before this tab had loaded.
    tabs: StoredValue<Option<Channel>, LocalStorage>,
    heard_early: StoredValue<Vec<Changed>>,
    /// The database is empty although this device held data (the browser deleted it):
    /// what it last knew (reactive).
    pub lost: RwSignal<Option<marker::Held>>,
}

/// How long after the last change the snapshot is refreshed.
const SNAPSHOT_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

fn wall_clock() -> uhlc::NTP64 {
    ntp64_from_unix_millis(js_sys::Date::now())
}

impl ProgrammeStore {
    /// Stamps the edits and shows them at once, then stores them durably (op-log, records
    /// and outbox in one transaction). If storing fails, nothing was stored and what was
    /// shown is taken back, so the screen never keeps a change the device does not have.
    /// (The code comes in a chunk of its own, fetched with the first change: a first
    /// start needs none of it to show its form.)
    pub async fn apply(&self, edits: Vec<Edit>) -> Result<(), ChangeError> {
        // Under way from now, not from when the code has come: a reload for an update
        // waits for it too.
        self.writing.update(|n| *n += 1);
        let applied = match within_patience(store_changes(*self, edits)).await {
            Ok(applying) => applying.await,
            Err(error) => Err(error),
        };
        self.writing.update(|n| *n -= 1);
        applied
    }

    /// Starts fetching the code that stores a change, so the first change need not wait
    /// for it (a form being filled in asks for it).
    pub fn prepare(&self) {
        spawn_local(async {
            let _ = store_changes_chunk().await;
        });
    }

    async fn apply_now(self, edits: Vec<Edit>) -> Result<(), ChangeError> {
        let backend = self.backend()?;
        let ops: Vec<Op> = self.records.with_value(|records| {
            edits
                .into_iter()
                .map(|edit| edit.seeing(records).stamped(backend.clock.now()))
                .collect()
        });
        for op in &ops {
            op.check_fresh()?;
        }
        let refused = self.limited_to.with_value(|limit| {
            limit
                .as_ref()
                .is_some_and(|(access, index)| index.check_push(access, &ops).is_err())
        }) || self
            .records
            .with_value(|records| ops.iter().any(|op| carries_erased(op, records)));
        if refused {
            return Err(ChangeError::NotAllowed);
        }
        let before: BTreeMap<String, Option<Record>> = self.records.with_value(|records| {
            ops.iter()
                .map(|op| op.record_key())
                .map(|key| (key.clone(), records.get(&key).cloned()))
                .collect()
        });
        let shown: Vec<Record> = self
            .records
            .try_update_value(|records| {
                for op in &ops {
                    records
                        .entry(op.record_key())
                        .or_insert_with(|| Record::for_op(op))
                        .apply(op);
                }
                before
                    .keys()
                    .filter_map(|key| records.get(key).cloned())
                    .collect()
            })
            .unwrap_or_default();
        self.refresh(&shown);
        self.writing.update(|n| *n += 1);
        self.pending
            .update_value(|pending| pending.extend(ops.iter().cloned()));
        let stored = backend.db.commit(&ops).await;
        self.pending.update_value(|pending| {
            pending.retain(|p| !ops.iter().any(|op| op.stamp == p.stamp));
        });
        self.writing.update(|n| *n -= 1);
        match stored {
            Ok(written) => {
                self.wrote(&written);
                mark("samskab:durable");
                // A device that shares no programme decides alone what an erasure removes
                // (with a server, the server does, and names it).
                let erased: Vec<String> = ops
                    .iter()
                    .filter(|op| op.is_erasure())
                    .map(|op| op.entity.clone())
                    .collect();
                if !erased.is_empty() {
                    // Their own fields and steps go at once everywhere; what else carries
                    // them, a device alone decides, a shared one hears from the server.
                    let rewrite = if self.shared.get_value() {
                        Rewrite {
                            erased_own: erased,
                            ..Rewrite::default()
                        }
                    } else {
                        Rewrite {
                            erased,
                            ..Rewrite::default()
                        }
                    };
                    self.rewrite(&rewrite).await?;
                }
                self.snapshot_later();
                self.outbox_grew.update(|n| *n += 1);
                Ok(())
            }
            Err(error) => {
                self.take_back(before, shown);
                Err(error.into())
            }
        }
    }

    /// Undoes what `apply` showed, for the records no later change has touched since.
    fn take_back(&self, before: BTreeMap<String, Option<Record>>, shown: Vec<Record>) {
        let undone: Vec<Record> = self
            .records
            .try_update_value(|records| {
                let mut undone = Vec::new();
                for (record, (key, previous)) in shown.into_iter().zip(before) {
                    if records.get(&key) != Some(&record) {
                        continue;
                    }
                    match previous {
                        Some(previous) => {
                            records.insert(key, previous.clone());
                            undone.push(previous);
                        }
                        None => {
                            records.remove(&key);
                            // A tombstone tells the state to drop what was shown.
                            let mut gone = record.clone();
                            gone.deleted = record.fields.values().map(|f| f.stamp).max();
                            undone.push(gone);
                        }
                    }
                }
                undone
            })
            .unwrap_or_default();
        self.refresh(&undone);
    }

    /// Merges operations made elsewhere (a restored backup) durably, then shows them.
    /// The merge rule keeps whatever is newer, so nothing newer on this device is lost,
    /// and nothing of an erased person comes back. Returns how many lie further ahead of
    /// the trusted time than clocks may run: the server refuses them for their time, and
    /// they are then re-made with this device's corrected clock.
    pub async fn merge(&self, mut ops: Vec<Op>) -> Result<usize, StorageError> {
        let backend = self.backend()?;
        // What an erasure removed is the server's to say: a file could name anything.
        for op in &mut ops {
            if op.is_erasure() {
                op.change = samskab_domain::Change::Erase {
                    removed: Vec::new(),
                };
            }
        }
        let far = ops
            .iter()
            .filter(|op| backend.clock.too_far_ahead(&op.stamp))
            .count();
        self.take_in(ops, &[], None).await?;
        self.outbox_grew.update(|n| *n += 1);
        Ok(far)
    }

    /// Merges a page pulled from the server with its checkpoint, lets go of what left
    /// this device's sight, then shows it. Returns what it let go of that it had.
    pub async fn pulled(
        &self,
        ops: Vec<Op>,
        gone: Vec<Gone>,
        checkpoint: i64,
    ) -> Result<Vec<Gone>, StorageError> {
        let had = |records: &BTreeMap<String, Record>| -> Vec<Gone> {
            gone.iter()
                .filter(|g| records.contains_key(&record_key(g.kind, &g.entity)))
                .cloned()
                .collect()
        };
        let before = self.records.with_value(had);
        self.take_in(ops, &gone, Some(checkpoint)).await?;
        // One still seen in part came back in the page: it is not gone.
        let after = self.records.with_value(had);
        let left: Vec<Gone> = before.into_iter().filter(|g| !after.contains(g)).collect();
        self.note_gone(&left);
        Ok(left)
    }

    async fn take_in(
        &self,
        ops: Vec<Op>,
        gone: &[Gone],
        checkpoint: Option<i64>,
    ) -> Result<(), StorageError> {
        let backend = self.backend()?;
        // Nothing an erasure removed is stored again (a page older than the erasure, an
        // old backup), nor from a backup anything of an erased person.
        let ops: Vec<Op> = self.records.with_value(|records| {
            let held_back = held_back(&ops, records);
            ops.into_iter()
                .filter(|op| !held_back.contains(&op.stamp))
                .filter(|op| checkpoint.is_some() || !carries_erased(op, records))
                .collect()
        });
        for op in &ops {
            // Stamps made from now on come after everything merged.
            backend.clock.observe(&op.stamp);
        }
        self.writing.update(|n| *n += 1);
        let written = match checkpoint {
            Some(checkpoint) => backend.db.pulled(&ops, gone, checkpoint).await,
            None => backend.db.merge(&ops).await,
        };
        self.writing.update(|n| *n -= 1);
        let written = written?;
        self.wrote(&written);
        self.absorb(written);
        Ok(())
    }

    /// Counts a write of this tab as seen, and tells the other tabs.
    fn wrote(&self, written: &Written) {
        marker::wrote(written.generation);
        if self.lost.with_untracked(Option::is_some) {
            self.lost.set(None);
        }
        self.seen.update_value(|seen| seen.saw(written.generation));
        if let Some(changed) = Changed::of(written) {
            self.tell(&changed);
        }
    }

    fn tell(&self, changed: &Changed) {
        self.tabs.with_value(|tabs| {
            if let Some(tabs) = tabs {
                tabs.tell(changed);
            }
        });
    }

    /// Shows what another tab of this device wrote (kept until this one has loaded): the
    /// records it touched, read as they are stored now (its message may come after a
    /// later write of this tab, which a merge of its operations could undo).
    fn heard(&self, changed: Changed) {
        let Ok(backend) = self.backend() else {
            self.heard_early.update_value(|early| early.push(changed));
            return;
        };
        if let Some(latest) = &changed.latest {
            backend.clock.observe(latest);
        }
        let store = *self;
        spawn_local(async move {
            let Some(keys) = changed.keys else {
                store.read_all_again().await;
                return;
            };
            let Ok(now) = backend.db.records_with_keys(&keys).await else {
                return; // Not seen: no snapshot is saved over it, and the next reads all.
            };
            let held = |key: &String| store.records.with_value(|r| r.contains_key(key));
            let removed = keys
                .into_iter()
                .filter(|key| held(key) && !now.iter().any(|record| record.key == *key))
                .collect();
            store.absorb(Written {
                new_ops: Vec::new(),
                rebuilt: now,
                removed,
                generation: changed.generation,
            });
            store.seen.update_value(|seen| seen.saw(changed.generation));
            store.snapshot_later();
        });
    }

    /// Reads every record and its generation again, with this tab's pending changes laid
    /// over them: after another tab let go of everything, or when this tab missed a
    /// write (its message lost with a crashed tab). Returns the generation.
    async fn read_all_again(&self) -> Option<u64> {
        let backend = self.backend().ok()?;
        let (records, generation) = backend.db.records_at().await.ok()?;
        let mut records: BTreeMap<String, Record> =
            records.into_iter().map(|r| (r.key.clone(), r)).collect();
        for op in self.pending.get_value() {
            records
                .entry(op.record_key())
                .or_insert_with(|| Record::for_op(&op))
                .apply(&op);
        }
        self.limited_to.update_value(|limit| {
            if let Some((access, _)) = limit {
                *limit = Some((access.clone(), ScopeIndex::from_records(records.values())));
            }
        });
        self.set_state
            .set(ProgrammeState::from_records(records.values()));
        self.records.set_value(records);
        self.seen.set_value(Generations::loaded(generation));
        Some(generation)
    }

    /// Keeps for the screens what left this device, each once, until the user read it
    /// or it is back in sight.
    fn note_gone(&self, left: &[Gone]) {
        let held = |g: &Gone| {
            self.records
                .with_value(|records| records.contains_key(&record_key(g.kind, &g.entity)))
        };
        let mut all = self.gone.get_untracked();
        all.extend_from_slice(left);
        all.retain(|g| !held(g));
        all.sort();
        all.dedup();
        if self.gone.with_untracked(|before| *before != all) {
            self.gone.set(all);
        }
    }

    /// How many entities of `kind` left this device's sight while the app was open, not
    /// yet read by the user.
    pub fn gone_count(&self, kind: EntityKind) -> Signal<usize> {
        let gone = self.gone;
        Signal::derive(move || gone.with(|all| all.iter().filter(|g| g.kind == kind).count()))
    }

    /// The user read that those of `kind` left.
    pub fn read_gone(&self, kind: EntityKind) {
        self.gone.update(|all| all.retain(|g| g.kind != kind));
    }

    /// Changes what is stored (see `storage::rewrite`), then shows it.
    pub async fn rewrite(&self, rewrite: &Rewrite) -> Result<Rewritten, StorageError> {
        let backend = self.backend()?;
        self.writing.update(|n| *n += 1);
        let rewritten = backend.db.rewrite(rewrite, &backend.clock).await;
        self.writing.update(|n| *n -= 1);
        let rewritten = rewritten?;
        let written = Written {
            new_ops: rewritten.remade.clone(),
            rebuilt: rewritten.records.clone(),
            removed: rewritten.removed.clone(),
            generation: rewritten.generation,
        };
        self.wrote(&written);
        self.absorb(written);
        if !rewritten.remade.is_empty() {
            self.outbox_grew.update(|n| *n += 1);
        }
        Ok(rewritten)
    }

    /// Takes back operations the server refused for good: the records become what the
    /// server has plus this device's other unsent changes.
    pub async fn take_back_refused(&self, stamps: Vec<Stamp>) -> Result<(), StorageError> {
        let rewrite = Rewrite {
            take_back: stamps,
            ..Rewrite::default()
        };
        self.rewrite(&rewrite).await.map(|_| ())
    }

    /// Re-makes the change the server refused for its time, and every other unsent one
    /// as far ahead, judged right after the server's reply set the clock; returns how
    /// many. (Judged only then: a clock reset since could make good changes look far
    /// ahead, and the server may already have those.)
    pub async fn remake_far_ahead(&self, refused: Stamp) -> Result<usize, StorageError> {
        let backend = self.backend()?;
        let mut far = backend.db.far_ahead(&backend.clock).await?;
        if !far.contains(&refused) {
            far.push(refused);
            far.sort();
        }
        self.remake(far).await
    }

    /// Another device's unsent changes from a restored backup, which the server takes
    /// only from that device or the coordinator: made again as this device's own where
    /// they still decide what is shown, taken back where a newer change replaced them
    /// (re-made, the old edit would beat the newer one). Returns (re-made, taken back).
    pub async fn adopt(&self, mut ops: Vec<Op>) -> Result<(usize, usize), StorageError> {
        ops.sort_by_key(|op| op.stamp);
        let (shown, replaced): (Vec<Stamp>, Vec<Stamp>) = self.records.with_value(|records| {
            let (shown, replaced): (Vec<&Op>, Vec<&Op>) = ops.iter().partition(|op| {
                records
                    .get(&record_key(op.kind, &op.entity))
                    .is_some_and(|record| record.shows(op))
            });
            let stamps = |ops: Vec<&Op>| ops.iter().map(|op| op.stamp).collect();
            (stamps(shown), stamps(replaced))
        });
        let taken_back = replaced.len();
        let rewrite = Rewrite {
            take_back: replaced,
            remake: shown,
            ..Rewrite::default()
        };
        Ok((self.rewrite(&rewrite).await?.remade.len(), taken_back))
    }

    /// The id this device's stamps carry (`None` before the database is open).
    pub fn device(&self) -> Option<DeviceId> {
        self.backend
            .with_value(|b| b.as_ref().map(|b| b.clock.device()))
    }

    /// Makes unsent changes again with new stamps of this device, after everything it
    /// holds; returns how many.
    pub async fn remake(&self, stamps: Vec<Stamp>) -> Result<usize, StorageError> {
        let rewrite = Rewrite {
            remake: stamps,
            ..Rewrite::default()
        };
        Ok(self.rewrite(&rewrite).await?.remade.len())
    }

    /// Learns the server's time (Unix milliseconds) and keeps the correction.
    pub async fn trust_time(&self, server_millis: u64) -> Result<(), StorageError> {
        let backend = self.backend()?;
        let (before, was_trusted) = (backend.clock.offset(), backend.clock.trusted());
        backend.clock.trust(server_millis);
        // Written only when it moved by more than a second: replies come every half minute.
        let second = 1i64 << 32;
        if !was_trusted || (backend.clock.offset() - before).abs() > second {
            backend.db.set_clock_offset(backend.clock.offset()).await?;
        }
        Ok(())
    }

    /// Lets go of everything of the programme (this device's access was revoked).
    pub async fn forget_programme(&self) -> Result<(), StorageError> {
        let backend = self.backend()?;
        backend.db.forget_programme().await?;
        // The device has a new id now: stamps carry it.
        let device = backend.db.device_id().await?;
        self.backend.set_value(Some(Backend {
            db: backend.db.clone(),
            clock: Rc::new(Clock::new(device, wall_clock)),
        }));
        self.records.set_value(BTreeMap::new());
        self.pending.set_value(Vec::new());
        self.set_state.set(ProgrammeState::default());
        // The other tabs let go too, and this one knows the generation again.
        if let Some(generation) = self.read_all_again().await {
            self.tell(&Changed::everything(generation));
        }
        Ok(())
    }

    /// Brings the records in memory up to date with a write: new operations are merged
    /// in by the rule (so a local change shown meanwhile is kept), rebuilt records
    /// replace what was there (with pending local changes laid over them again), and
    /// removed ones go.
    fn absorb(&self, written: Written) {
        if written.new_ops.is_empty() && written.rebuilt.is_empty() && written.removed.is_empty() {
            return;
        }
        let pending = self.pending.get_value();
        let replaced: std::collections::BTreeSet<String> = written
            .rebuilt
            .iter()
            .map(|r| r.key.clone())
            .chain(written.removed.iter().cloned())
            .collect();
        let changed: Vec<Record> = self
            .records
            .try_update_value(|records| {
                let mut changed = std::collections::BTreeSet::new();
                for op in written
                    .new_ops
                    .iter()
                    .filter(|op| !replaced.contains(&op.record_key()))
                {
                    let key = op.record_key();
                    records
                        .entry(key.clone())
                        .or_insert_with(|| Record::for_op(op))
                        .apply(op);
                    changed.insert(key);
                }
                for record in written.rebuilt {
                    changed.insert(record.key.clone());
                    records.insert(record.key.clone(), record);
                }
                for key in &written.removed {
                    records.remove(key);
                }
                for op in pending
                    .iter()
                    .filter(|op| replaced.contains(&op.record_key()))
                {
                    records
                        .entry(op.record_key())
                        .or_insert_with(|| Record::for_op(op))
                        .apply(op);
                }
                changed
                    .iter()
                    .filter_map(|key| records.get(key).cloned())
                    .collect()
            })
            .unwrap_or_default();
        if written.removed.is_empty() {
            self.refresh(&changed);
        } else {
            // Rare (what left this device's sight): the state is made again.
            self.limited_to.update_value(|limit| {
                if let Some((access, _)) = limit {
                    let index = self
                        .records
                        .with_value(|records| ScopeIndex::from_records(records.values()));
                    *limit = Some((access.clone(), index));
                }
            });
            self.records.with_value(|records| {
                self.set_state
                    .set(ProgrammeState::from_records(records.values()));
            });
        }
        self.snapshot_later();
    }

    /// Tells the store whether the programme is shared through a server.
    pub fn set_shared(&self, shared: bool) {
        self.shared.set_value(shared);
    }

    /// Limits the changes this device may make to a role (`None`: any change).
    pub fn limit_to(&self, access: Option<Access>) {
        let limit = access.map(|access| {
            let index = self
                .records
                .with_value(|records| ScopeIndex::from_records(records.values()));
            (access, index)
        });
        self.limited_to.set_value(limit);
    }

    /// What the sync engine ships and keeps (components go through this store).
    pub(crate) fn outbox(&self) -> Result<Outbox, StorageError> {
        Ok(Outbox::new(self.backend()?.db))
    }

    /// Every operation this device holds, oldest first (for a backup).
    /// Nothing of an erased person goes into a backup, even before the server has named
    /// what the erasure removed.
    pub async fn all_ops(&self) -> Result<Vec<Op>, StorageError> {
        let ops = self.backend()?.db.ops().await?;
        Ok(self.records.with_value(|records| {
            ops.into_iter()
                .filter(|op| !carries_erased(op, records))
                .collect()
        }))
    }

    /// Reads the merged records (for a restore's preview).
    pub fn with_records<T>(&self, f: impl FnOnce(&BTreeMap<String, Record>) -> T) -> T {
        self.records.with_value(f)
    }

    fn backend(&self) -> Result<Backend, StorageError> {
        self.backend
            .get_value()
            .ok_or_else(|| StorageError::Unavailable("not open".into()))
    }

    /// Brings the state up to date with changed records.
    fn refresh(&self, changed: &[Record]) {
        self.limited_to.update_value(|limit| {
            if let Some((_, index)) = limit {
                changed.iter().for_each(|record| index.set_record(record));
            }
        });
        self.records.with_value(|all| {
            self.set_state.update(|state| state.update(all, changed));
        });
    }

    /// Whether a change is shown but not yet durable (reactive).
    pub fn saving(&self) -> bool {
        self.writing.get() > 0
    }

    /// Refreshes the snapshot a little after the last change, when nothing is being
    /// written, so the next start reads one string instead of every record.
    fn snapshot_later(&self) {
        let store = *self;
        let change = self.changes.try_update_value(|n| {
            *n += 1;
            *n
        });
        set_timeout(
            move || {
                if store.changes.get_value() != change.unwrap_or_default() {
                    return;
                }
                if store.writing.get_untracked() > 0 {
                    store.snapshot_later();
                    return;
                }
                let Ok(backend) = store.backend() else {
                    return;
                };
                let json = store.records.with_value(|r| snapshot_json(r.values()));
                let generation = store.seen.with_value(Generations::complete);
                // A lost snapshot only makes the next start slower. A stale one means
                // this tab missed a write (a message lost): it reads everything again.
                spawn_local(async move {
                    if let Ok(false) = backend.db.save_snapshot(json, generation).await
                        && store.read_all_again().await.is_some()
                    {
                        store.snapshot_later();
                    }
                });
            },
            SNAPSHOT_AFTER,
        );
    }

    /// A fresh, globally unique entity id.
    pub fn new_id(&self) -> String {
        self.backend
            .with_value(|b| b.as_ref().map(|b| b.clock.now().to_string()))
            .unwrap_or_default()
    }
}

async fn load(
    on_blocked: impl FnOnce() + 'static,
    on_superseded: impl FnOnce(bool) + 'static,
) -> Result<(Backend, Vec<Record>, Loaded, u64), StorageError> {
    let mut db = Db::open(DB_NAME, on_blocked).await?;
    db.on_superseded(on_superseded);
    let device = db.device_id().await?;
    let clock = Clock::new(device, wall_clock);
    if let Some(offset) = db.clock_offset().await? {
        clock.set_offset(offset);
    }
    mark("samskab:db-open");
    let (records, loaded, generation) = db.load_records().await?;
    mark("samskab:records-read");
    // Never stamp behind what is stored, even if this device's clock went backwards.
    if let Some(latest) = records
        .iter()
        .flat_map(|r| {
            let versions = r
                .versions
                .values()
                .flat_map(|v| v.open.iter().map(|f| f.stamp));
            r.fields
                .values()
                .map(|f| f.stamp)
                .chain(r.deleted)
                .chain(versions)
        })
        .max()
    {
        clock.observe(&latest);
    }
    Ok((
        Backend {
            db: Rc::new(db),
            clock: Rc::new(clock),
        },
        records,
        loaded,
        generation,
    ))
}

pub fn provide_programme() -> ProgrammeStore {
    let (state, set_state) = signal(ProgrammeState::default());
    let store = ProgrammeStore {
        status: RwSignal::new(LoadStatus::Loading),
        records: StoredValue::new(BTreeMap::new()),
        state,
        set_state,
        backend: StoredValue::new_local(None),
        writing: RwSignal::new(0),
        changes: StoredValue::new(0),
        outbox_grew: RwSignal::new(0),
        limited_to: StoredValue::new(None),
        pending: StoredValue::new(Vec::new()),
        shared: StoredValue::new(false),
        gone: RwSignal::new(Vec::new()),
        seen: StoredValue::new(Generations::default()),
        tabs: StoredValue::new_local(None),
        heard_early: StoredValue::new(Vec::new()),
        lost: RwSignal::new(None),
    };
    // Listening before the records are read: no other tab's write after it is missed.
    store
        .tabs
        .set_value(Channel::open(move |changed| store.heard(changed)));
    spawn_local(async move {
        let blocked = move || store.status.set(LoadStatus::Blocked);
        let superseded = move |deleted| store.status.set(LoadStatus::Superseded { deleted });
        match load(blocked, superseded).await {
            Ok((backend, records, loaded, generation)) => {
                store.seen.set_value(Generations::loaded(generation));
                let held = marker::read();
                if generation == 0 && held.generation > 0 {
                    store.lost.set(Some(held));
                }
                store.backend.set_value(Some(backend));
                let records: BTreeMap<String, Record> =
                    records.into_iter().map(|r| (r.key.clone(), r)).collect();
                store
                    .set_state
                    .set(ProgrammeState::from_records(records.values()));
                store.records.set_value(records);
                for changed in store
                    .heard_early
                    .try_update_value(std::mem::take)
                    .unwrap_or_default()
                {
                    if changed.generation > generation {
                        store.heard(changed);
                    }
                }
                store.status.set(LoadStatus::Ready);
                mark("samskab:ready");
                if loaded == Loaded::Records {
                    store.snapshot_later();
                }
            }
            Err(error) => store.status.set(LoadStatus::Failed(error)),
        }
    });
    provide_context(store);
    store
}

#[track_caller]
pub fn use_programme() -> ProgrammeStore {
    expect_context()
}
