//! Backups: every operation a device holds, in one JSON file, and what a restore checks
//! and previews before it merges anything. A restore adds operations through the same
//! merge rule as sync, so newer data on the device is never overwritten.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::entities::Programme;
use crate::op::{Change, EntityKind, Op, OpProblem, Record};
use crate::schema;

/// Marks a file as ours.
pub const FORMAT: &str = "samskab-backup";
/// The newest backup version this build reads and the one it writes.
pub const VERSION: u64 = 1;

/// A backup file's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u64,
    pub created: DateTime<Utc>,
    pub ops: Vec<Op>,
}

/// Why a file cannot be restored.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BackupError {
    #[error("the file ends too early; it may not have been copied completely")]
    Truncated,
    #[error("the file is not a Samskab backup")]
    NotOurs,
    #[error("the backup was made by a newer version of Samskab (version {0})")]
    Newer(u64),
    #[error("operation {index} in the backup is damaged: {problem}")]
    Damaged { index: usize, problem: String },
    #[error("the backup belongs to another programme ({0})")]
    OtherProgramme(String),
}

impl Backup {
    pub fn new(ops: Vec<Op>, created: DateTime<Utc>) -> Backup {
        Backup {
            format: FORMAT.to_owned(),
            version: VERSION,
            created,
            ops,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a backup always serialises")
    }

    /// Reads and checks a file: ours, not from a newer version, complete, and every
    /// operation well-formed. Nothing is stored here.
    pub fn parse(text: &str) -> Result<Backup, BackupError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            if e.is_eof() {
                BackupError::Truncated
            } else {
                BackupError::NotOurs
            }
        })?;
        if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
            return Err(BackupError::NotOurs);
        }
        let version = value
            .get("version")
            .and_then(Value::as_u64)
            .ok_or(BackupError::NotOurs)?;
        if version > VERSION {
            return Err(BackupError::Newer(version));
        }
        let created = value
            .get("created")
            .and_then(Value::as_str)
            .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
            .ok_or(BackupError::NotOurs)?
            .with_timezone(&Utc);
        let raw_ops = value
            .get("ops")
            .and_then(Value::as_array)
            .ok_or(BackupError::NotOurs)?;
        let ops = raw_ops
            .iter()
            .enumerate()
            .map(|(index, raw)| {
                let damaged = |problem: String| BackupError::Damaged { index, problem };
                let op = Op::deserialize(raw).map_err(|e| damaged(e.to_string()))?;
                op.check().map_err(|e: OpProblem| damaged(e.to_string()))?;
                Ok(op)
            })
            .collect::<Result<Vec<Op>, BackupError>>()?;
        Ok(Backup {
            format: FORMAT.to_owned(),
            version,
            created,
            ops,
        })
    }
}

/// What restoring a backup would do, counted per kind of entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// Entities the device does not have yet.
    pub added: BTreeMap<EntityKind, usize>,
    /// Entities whose fields the backup changes, because its values are newer.
    pub changed: BTreeMap<EntityKind, usize>,
    /// Entities the backup deletes.
    pub removed: BTreeMap<EntityKind, usize>,
    /// Fields where the device holds newer values than the backup; they are kept.
    pub kept_newer: usize,
}

impl Preview {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares a backup with the device's records. A backup of another programme is
/// refused: merging two programmes into one device would mix them up.
pub fn preview(
    local: &BTreeMap<String, Record>,
    programme: Option<&Programme>,
    backup: &Backup,
) -> Result<Preview, BackupError> {
    if let Some(current) = programme
        && let Some(other) = backup
            .ops
            .iter()
            .find(|op| op.kind == EntityKind::Programme && op.entity != current.id)
    {
        let name = backup
            .ops
            .iter()
            .filter(|op| op.entity == other.entity)
            .find_map(|op| match &op.change {
                Change::Set { field, value, .. } if field == schema::programme::MUNICIPALITY => {
                    value.as_str().map(str::to_owned)
                }
                _ => None,
            })
            .unwrap_or_default();
        return Err(BackupError::OtherProgramme(name));
    }
    let mut after: BTreeMap<String, Record> = BTreeMap::new();
    let mut kept_newer = 0;
    for op in &backup.ops {
        let key = op.record_key();
        let record = after.entry(key.clone()).or_insert_with(|| {
            local
                .get(&key)
                .cloned()
                .unwrap_or_else(|| Record::for_op(op))
        });
        if let Change::Set { field, .. } = &op.change
            && local
                .get(&key)
                .and_then(|r| r.fields.get(field))
                .is_some_and(|f| f.stamp > op.stamp)
        {
            kept_newer += 1;
        }
        record.apply(op);
    }
    let mut preview = Preview {
        kept_newer,
        ..Preview::default()
    };
    let exists = |r: &Record| r.is_live() && !r.fields.is_empty();
    for (key, new) in &after {
        let old = local.get(key);
        let count = match (old.is_some_and(exists), exists(new)) {
            (false, true) => &mut preview.added,
            (true, false) => &mut preview.removed,
            (true, true) if old.is_some_and(|old| old.fields != new.fields) => &mut preview.changed,
            _ => continue,
        };
        *count.entry(new.kind).or_default() += 1;
    }
    Ok(preview)
}
