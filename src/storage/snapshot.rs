//! Reading the records back: from the snapshot when it is current, else one by one.

use futures::future::join_all;
use indexed_db_futures::prelude::*;
use samskab_domain::{EntityKind, Record};

use super::{
    BY_KIND, Db, GENERATION_KEY, META, RECORDS, Result, SNAPSHOT_GENERATION_KEY, SNAPSHOT_KEY,
    Stored, all, commit, counter, mark,
};

/// The records as the JSON a snapshot holds: one string reads back several times faster
/// than every record one by one (the scale benchmark's 44,000 records).
pub fn snapshot_json<'a>(records: impl IntoIterator<Item = &'a Record>) -> String {
    let records: Vec<&Record> = records.into_iter().collect();
    serde_json::to_string(&records).expect("records always serialise")
}

/// Where loaded records came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The snapshot was current.
    Snapshot,
    /// Every record was read (no snapshot, or an older one).
    Records,
}

fn records_of(
    stored: impl Iterator<Item = std::result::Result<Stored, indexed_db_futures::error::Error>>,
) -> Result<Vec<Record>> {
    stored.map(|s| s?.record()).collect()
}

impl Db {
    /// Every record, live or tombstoned: from the snapshot when it is current, else one
    /// by one; and the generation they are at least at.
    pub async fn load_records(&self) -> Result<(Vec<Record>, Loaded, u64)> {
        let tx = self.db.transaction(META).build()?;
        let meta = tx.object_store(META)?;
        let current = counter(&meta, GENERATION_KEY).await?;
        let snapshot: Option<String> =
            if counter(&meta, SNAPSHOT_GENERATION_KEY).await? == current && current > 0 {
                meta.get(SNAPSHOT_KEY).primitive()?.await?
            } else {
                None
            };
        drop(tx);
        mark("samskab:snapshot-fetched");
        // An unreadable snapshot is only a lost shortcut: the records are the truth.
        if let Some(records) = snapshot.and_then(|s| serde_json::from_str(&s).ok()) {
            return Ok((records, Loaded::Snapshot, current));
        }
        Ok((self.records().await?, Loaded::Records, current))
    }

    /// Stores records (made by [`snapshot_json`]) as the snapshot, if they are those of
    /// the stored generation: `generation` is the one the caller's records are known to
    /// be exactly at (every write up to it seen, none since). Another tab's write since
    /// makes it stale, and nothing is saved; returns whether it was.
    pub async fn save_snapshot(&self, records_json: String, generation: u64) -> Result<bool> {
        let tx = self.read_write(META)?;
        let meta = tx.object_store(META)?;
        if counter(&meta, GENERATION_KEY).await? != generation {
            return Ok(false);
        }
        meta.put(records_json)
            .with_key(SNAPSHOT_KEY)
            .primitive()?
            .await?;
        meta.put(generation.to_string())
            .with_key(SNAPSHOT_GENERATION_KEY)
            .primitive()?
            .await?;
        commit(tx).await?;
        Ok(true)
    }

    /// Every record, live or tombstoned.
    pub async fn records(&self) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let stored = tx.object_store(RECORDS)?.get_all().serde()?.await?;
        mark("samskab:records-fetched");
        let stored: Vec<Stored> = stored.collect::<std::result::Result<_, _>>()?;
        mark("samskab:records-unwrapped");
        stored.iter().map(Stored::record).collect()
    }

    /// The records with these keys as stored now (those with none are left out).
    pub async fn records_with_keys(&self, keys: &[String]) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let store = tx.object_store(RECORDS)?;
        let reads = keys
            .iter()
            .map(|key| store.get(key.as_str()).serde())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut records = Vec::new();
        for stored in join_all(reads).await {
            let stored: Option<Stored> = stored?;
            if let Some(stored) = stored {
                records.push(stored.record()?);
            }
        }
        Ok(records)
    }

    /// Every record and the generation they are at, read together.
    pub async fn records_at(&self) -> Result<(Vec<Record>, u64)> {
        let tx = self.db.transaction([RECORDS, META]).build()?;
        let generation = counter(&tx.object_store(META)?, GENERATION_KEY).await?;
        let stored: Vec<Stored> = all(&tx.object_store(RECORDS)?).await?;
        let records = stored.iter().map(Stored::record).collect::<Result<_>>()?;
        Ok((records, generation))
    }

    /// The records of one kind, through the `by_kind` index.
    pub async fn records_of(&self, kind: EntityKind) -> Result<Vec<Record>> {
        let tx = self.db.transaction(RECORDS).build()?;
        let store = tx.object_store(RECORDS)?;
        let index = store.index(BY_KIND)?;
        records_of(index.get_all().with_query(kind.key()).serde()?.await?)
    }
}
