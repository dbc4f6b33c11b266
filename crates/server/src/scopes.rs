//! Each programme's [`ScopeIndex`], kept in memory: built from the stored operations the
//! first time a request needs it, then kept current by every push. A push holds its
//! programme's lock from the scope check until the index has taken the stored operations
//! in (in a task a departing client cannot cancel), so the index and the database move
//! together. The index of a programme nobody has used for a while is let go, and built
//! again when it is needed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use samskab_domain::scope::ScopeIndex;
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

use crate::store::{Store, StoreError};

/// Operations read per page while an index is built.
const LOAD_PAGE: u32 = 1_000;

type Slot = Arc<RwLock<Option<ScopeIndex>>>;

/// How long a programme's index is kept after its last use.
pub const IDLE: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct Scopes {
    programmes: Mutex<HashMap<String, (Slot, Instant)>>,
    /// When idle indexes were last looked for (once a minute is enough).
    swept: Mutex<Option<Instant>>,
}

impl Scopes {
    fn slot(&self, programme: &str) -> Slot {
        let now = Instant::now();
        {
            let mut swept = self.swept.lock().unwrap_or_else(|e| e.into_inner());
            if swept.is_none_or(|at| now.duration_since(at) > Duration::from_secs(60)) {
                *swept = Some(now);
                self.evict_idle(IDLE);
            }
        }
        let mut programmes = self.programmes.lock().unwrap_or_else(|e| e.into_inner());
        let (slot, used) = programmes
            .entry(programme.to_owned())
            .or_insert_with(|| (Slot::default(), now));
        *used = now;
        slot.clone()
    }

    /// How many programmes have an index in memory.
    pub fn len(&self) -> usize {
        self.programmes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// Lets go of every index unused for `idle`, unless a request holds it right now.
    pub fn evict_idle(&self, idle: Duration) {
        let now = Instant::now();
        let mut programmes = self.programmes.lock().unwrap_or_else(|e| e.into_inner());
        programmes.retain(|_, (slot, used)| {
            now.duration_since(*used) < idle || Arc::strong_count(slot) > 1
        });
    }

    /// Drops a programme's index (the programme is gone).
    pub fn forget(&self, programme: &str) {
        let mut programmes = self.programmes.lock().unwrap_or_else(|e| e.into_inner());
        programmes.remove(programme);
    }

    /// The programme's slot, locked for a push. The index is `None` until some device
    /// with a limited role has needed it; a coordinator's push does not build it.
    pub async fn for_push(&self, programme: &str) -> OwnedRwLockWriteGuard<Option<ScopeIndex>> {
        self.slot(programme).write_owned().await
    }

    /// The programme's index, built if need be, for reading.
    pub async fn read<S: Store>(
        &self,
        store: &S,
        programme: &str,
    ) -> Result<OwnedRwLockReadGuard<Option<ScopeIndex>>, StoreError> {
        let slot = self.slot(programme);
        {
            let read = slot.clone().read_owned().await;
            if read.is_some() {
                return Ok(read);
            }
        }
        let mut write = slot.write_owned().await;
        load(store, programme, &mut write).await?;
        Ok(write.downgrade())
    }
}

/// Builds the index from every stored operation, unless it is there already.
pub async fn load<S: Store>(
    store: &S,
    programme: &str,
    slot: &mut Option<ScopeIndex>,
) -> Result<(), StoreError> {
    if slot.is_some() {
        return Ok(());
    }
    let mut index = ScopeIndex::default();
    let mut since = 0;
    loop {
        let page = store.pull(programme, since, LOAD_PAGE).await?;
        for (seq, op) in &page.ops {
            index.add(*seq, op);
            since = *seq;
        }
        if !page.more {
            break;
        }
    }
    *slot = Some(index);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_indexes_are_let_go_of_unless_in_use() {
        let scopes = Scopes::default();
        let held = scopes.slot("a");
        drop(scopes.slot("b"));
        assert_eq!(scopes.len(), 2);
        scopes.evict_idle(Duration::ZERO);
        // "a" is held by a request under way; "b" nobody uses.
        assert_eq!(scopes.len(), 1);
        drop(held);
        scopes.evict_idle(Duration::ZERO);
        assert_eq!(scopes.len(), 0);
        // Recently used ones stay.
        drop(scopes.slot("c"));
        scopes.evict_idle(IDLE);
        assert_eq!(scopes.len(), 1);
    }
}
