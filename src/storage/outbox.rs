//! What sync ships and keeps: the outbox, the pull's checkpoint, the server this device
//! shares through.

use std::rc::Rc;

use indexed_db_futures::prelude::*;
use samskab_domain::{DeviceId, Op};
use serde::{Deserialize, Serialize};

use super::{
    CHECKPOINT_KEY, Db, META, OUTBOX, Result, SYNC_ACCESS_KEY, StorageError, all, commit, counter,
};

/// How this device reaches the sync server: its token and what it may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncAccess {
    pub token: String,
    pub programme: String,
    pub access: samskab_domain::scope::Access,
}

impl Db {
    pub(super) async fn outbox_ops(&self) -> Result<Vec<Op>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        Ok(all(&tx.object_store(OUTBOX)?).await?)
    }
}

/// What the sync engine reaches of the database: the outbox, the pull's checkpoint, the
/// server it shares through and the device's id. Records change only through
/// `ProgrammeStore` (a pulled page too), so the screen always shows what is stored.
#[derive(Clone)]
pub struct Outbox {
    db: Rc<Db>,
}

impl Outbox {
    pub fn new(db: Rc<Db>) -> Outbox {
        Outbox { db }
    }

    /// Operations not yet shipped to a server, oldest first.
    pub async fn all(&self) -> Result<Vec<Op>> {
        self.db.outbox_ops().await
    }

    /// The oldest `limit` operations not yet shipped (stamps sort by time).
    pub async fn batch(&self, limit: u32) -> Result<Vec<Op>> {
        let tx = self.db.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        Ok(store
            .get_all()
            .with_limit(limit)
            .serde()?
            .await?
            .collect::<std::result::Result<_, _>>()?)
    }

    /// How many operations wait for a server.
    pub async fn len(&self) -> Result<u32> {
        let tx = self.db.db.transaction(OUTBOX).build()?;
        Ok(tx.object_store(OUTBOX)?.count().await?)
    }

    /// Takes operations the server has acknowledged (or refused for good) out of the
    /// outbox. They stay in the op-log.
    pub async fn shipped(&self, ops: &[Op]) -> Result<()> {
        let tx = self.db.read_write(OUTBOX)?;
        let outbox = tx.object_store(OUTBOX)?;
        for op in ops {
            drop(outbox.delete(op.stamp.to_string()).primitive()?);
        }
        commit(tx).await?;
        Ok(())
    }

    /// The last server sequence pulled (0 before the first pull).
    pub async fn checkpoint(&self) -> Result<i64> {
        let tx = self.db.db.transaction(META).build()?;
        let meta = tx.object_store(META)?;
        Ok(counter(&meta, CHECKPOINT_KEY).await? as i64)
    }

    /// The server this device shares through, if any.
    pub async fn access(&self) -> Result<Option<SyncAccess>> {
        let tx = self.db.db.transaction(META).build()?;
        let stored: Option<String> = tx
            .object_store(META)?
            .get(SYNC_ACCESS_KEY)
            .primitive()?
            .await?;
        stored
            .map(|json| {
                serde_json::from_str(&json)
                    .map_err(|e| StorageError::Corrupt(format!("sync access: {e}")))
            })
            .transpose()
    }

    /// Remembers (or, with `None`, forgets) the server and starts pulling from 0.
    pub async fn set_access(&self, access: Option<&SyncAccess>) -> Result<()> {
        let tx = self.db.read_write(META)?;
        let meta = tx.object_store(META)?;
        match access {
            Some(access) => {
                let json = serde_json::to_string(access).expect("access always serialises");
                drop(meta.put(json).with_key(SYNC_ACCESS_KEY).primitive()?);
            }
            None => drop(meta.delete(SYNC_ACCESS_KEY).primitive()?),
        }
        drop(
            meta.put("0".to_owned())
                .with_key(CHECKPOINT_KEY)
                .primitive()?,
        );
        commit(tx).await?;
        Ok(())
    }

    /// Puts every operation of the op-log in the outbox again (a new server).
    pub async fn requeue_all(&self) -> Result<()> {
        self.db.requeue_all().await
    }

    pub async fn device_id(&self) -> Result<DeviceId> {
        self.db.device_id().await
    }
}
