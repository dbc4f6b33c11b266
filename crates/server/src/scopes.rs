//! Each programme's [`ScopeIndex`], kept in memory: built from the stored operations the
//! first time a device with a limited role needs it, then kept current by every push.
//! A push holds its programme's lock from the scope check until the index has taken the
//! stored operations in, so the index and the database move together.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use samskab_domain::scope::ScopeIndex;
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

use crate::store::{Store, StoreError};
use crate::sync::MAX_PULL_LIMIT;

type Slot = Arc<RwLock<Option<ScopeIndex>>>;

#[derive(Debug, Default)]
pub struct Scopes {
    programmes: Mutex<HashMap<String, Slot>>,
}

impl Scopes {
    fn slot(&self, programme: &str) -> Slot {
        let mut programmes = self.programmes.lock().unwrap_or_else(|e| e.into_inner());
        programmes.entry(programme.to_owned()).or_default().clone()
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
        let page = store.pull(programme, since, MAX_PULL_LIMIT).await?;
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
