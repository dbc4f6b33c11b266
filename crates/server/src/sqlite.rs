//! The [`Store`] on SQLite: one file, WAL, foreign keys on, and `synchronous = FULL` so
//! an acknowledged push survives a crash or a power cut.

use std::collections::HashSet;
use std::ops::RangeInclusive;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use samskab_domain::Op;
use samskab_domain::op::children_range;
use samskab_domain::scope::{Access, Role};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::store::{
    Batch, Device, DeviceInfo, InviteInfo, Joining, NewInvite, Page, Pushed, Store, StoreError,
    unix_now,
};

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error.to_string())
    }
}

impl SqliteStore {
    /// Brings the schema up to date (the migrations are compiled in).
    async fn migrated(pool: SqlitePool) -> Result<SqliteStore, StoreError> {
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(SqliteStore { pool })
    }

    /// Opens (creating if need be) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted rows are overwritten, not left in free pages (erasure).
            .pragma("secure_delete", "on")
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        SqliteStore::migrated(pool).await
    }
}

impl SqliteStore {
    /// Moves everything in the write-ahead log into the database file and truncates the
    /// log, so an erased value is not left in old log frames. Readers can hold it up for
    /// a moment; it is retried, and otherwise done at the next erasure or start.
    async fn checkpoint(&self) -> Result<(), StoreError> {
        for _ in 0..50 {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tracing::warn!("the write-ahead log could not be truncated yet");
        Ok(())
    }

    /// Closes the database: what is under way finishes, nothing new starts (a server
    /// going down).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The device that forwarded a stored operation made by another (a coordinator
    /// restoring a lost device's backup), if one did.
    pub async fn forwarded_by(&self, stamp: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT forwarded_by FROM ops WHERE stamp = ?")
                .bind(stamp)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// A database in memory, for simulations that run thousands of servers. One
    /// connection: each SQLite connection to `:memory:` would see a database of its own.
    pub async fn in_memory() -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?
            .foreign_keys(true)
            .pragma("secure_delete", "on");
        // Kept open for good: closing the only connection would drop the database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        SqliteStore::migrated(pool).await
    }
}

/// A stored operation and its server sequence.
fn op_row(row: &SqliteRow) -> Result<(i64, Op), StoreError> {
    let seq: i64 = row.get("seq");
    let body: String = row.get("body");
    serde_json::from_str(&body)
        .map(|op| (seq, op))
        .map_err(|e| StoreError::Corrupt(format!("op {seq}: {e}")))
}

/// The role and subject columns of a row.
fn access(row: &SqliteRow) -> Result<Access, StoreError> {
    let role: String = row.get("role");
    let subject: Option<String> = row.get("subject");
    Role::from_key(&role)
        .and_then(|role| Access::new(role, subject))
        .ok_or_else(|| StoreError::Corrupt(format!("access {role:?}")))
}

impl Store for SqliteStore {
    async fn create_programme(
        &self,
        programme: &str,
        device: &str,
        token_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let created = sqlx::query(
            "INSERT INTO programmes (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(programme)
        .bind(unix_now())
        .execute(&mut *tx)
        .await?;
        if created.rows_affected() == 0 {
            return Err(StoreError::ProgrammeExists);
        }
        sqlx::query(
            "INSERT INTO devices (token_hash, programme, device, role, label, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(programme)
        .bind(device)
        .bind(Role::Coordinator.key())
        .bind("")
        .bind(unix_now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_invite(&self, invite: NewInvite<'_>) -> Result<i64, StoreError> {
        let done = sqlx::query(
            "INSERT INTO invites (programme, code_hash, role, subject, label, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(invite.programme)
        .bind(invite.code_hash)
        .bind(invite.access.role.key())
        .bind(invite.access.subject.as_deref())
        .bind(invite.label)
        .bind(unix_now())
        .bind(invite.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(done.last_insert_rowid())
    }

    async fn invites(&self, programme: &str) -> Result<Vec<InviteInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, role, subject, label, created_at, expires_at, revoked_at, used_by
             FROM invites WHERE programme = ? ORDER BY id DESC",
        )
        .bind(programme)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(InviteInfo {
                    id: row.get("id"),
                    access: access(row)?,
                    label: row.get("label"),
                    created_at: row.get("created_at"),
                    expires_at: row.get("expires_at"),
                    revoked: row.get::<Option<i64>, _>("revoked_at").is_some(),
                    used_by: row.get("used_by"),
                })
            })
            .collect()
    }

    async fn revoke_invite(&self, programme: &str, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            // A used invite has let its device in: that is the device's to revoke, and
            // marking the invite would say "revoked" of a device that still works.
            "UPDATE invites SET revoked_at = COALESCE(revoked_at, ?) \
             WHERE programme = ? AND id = ? AND used_at IS NULL",
        )
        .bind(unix_now())
        .bind(programme)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn join(&self, joining: Joining<'_>) -> Result<Option<Device>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Claiming the invite and adding the device commit together or not at all.
        let claimed = sqlx::query(
            "UPDATE invites SET used_at = ?, used_by = ?
             WHERE code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
             RETURNING programme, role, subject, label",
        )
        .bind(joining.now)
        .bind(joining.device)
        .bind(joining.code_hash)
        .bind(joining.now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(invite) = claimed else {
            return Ok(None);
        };
        let programme: String = invite.get("programme");
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM devices WHERE programme = ? AND device = ?")
                .bind(&programme)
                .bind(joining.device)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            // Rolled back: the invite stays unused.
            return Err(StoreError::DeviceExists);
        }
        let device = Device {
            programme,
            device: joining.device.to_owned(),
            access: access(&invite)?,
            revoked: false,
        };
        sqlx::query(
            "INSERT INTO devices (token_hash, programme, device, role, subject, label, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(joining.token_hash)
        .bind(&device.programme)
        .bind(&device.device)
        .bind(device.access.role.key())
        .bind(device.access.subject.as_deref())
        .bind(invite.get::<String, _>("label"))
        .bind(joining.now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e.as_database_error() {
            Some(db) if db.is_unique_violation() => StoreError::DeviceExists,
            _ => e.into(),
        })?;
        tx.commit().await?;
        Ok(Some(device))
    }

    async fn devices(&self, programme: &str) -> Result<Vec<DeviceInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT device, role, subject, label, created_at, revoked_at
             FROM devices WHERE programme = ? ORDER BY created_at DESC, device",
        )
        .bind(programme)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeviceInfo {
                    device: row.get("device"),
                    access: access(row)?,
                    label: row.get("label"),
                    created_at: row.get("created_at"),
                    revoked: row.get::<Option<i64>, _>("revoked_at").is_some(),
                })
            })
            .collect()
    }

    async fn revoke_device(&self, programme: &str, device: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, ?) WHERE programme = ? AND device = ?",
        )
        .bind(unix_now())
        .bind(programme)
        .bind(device)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn device(&self, token_hash: &str) -> Result<Option<Device>, StoreError> {
        let row = sqlx::query(
            "SELECT programme, device, role, subject, revoked_at FROM devices
             WHERE token_hash = ?",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Device {
                programme: row.get("programme"),
                device: row.get("device"),
                access: access(&row)?,
                revoked: row.get::<Option<i64>, _>("revoked_at").is_some(),
            })
        })
        .transpose()
    }

    async fn push(&self, batch: Batch<'_>) -> Result<Pushed, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut seqs = Vec::with_capacity(batch.ops.len());
        for (op, forwarded) in batch.ops.iter().zip(batch.forwarded) {
            let body = serde_json::to_string(op).expect("an op always serialises");
            let done = sqlx::query(
                "INSERT INTO ops (programme, stamp, kind, entity, body, forwarded_by)
                 VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (programme, stamp) DO NOTHING",
            )
            .bind(batch.programme)
            .bind(op.stamp.to_string())
            .bind(op.kind.key())
            .bind(&op.entity)
            .bind(body)
            .bind(forwarded.then_some(batch.device))
            .execute(&mut *tx)
            .await?;
            seqs.push((done.rows_affected() == 1).then(|| done.last_insert_rowid()));
        }
        for volunteer in batch.erased {
            for table in ["devices", "invites"] {
                sqlx::query(&format!(
                    "UPDATE {table} SET label = '', revoked_at = COALESCE(revoked_at, ?)
                     WHERE programme = ? AND role = 'volunteer' AND subject = ?"
                ))
                .bind(unix_now())
                .bind(batch.programme)
                .bind(volunteer)
                .execute(&mut *tx)
                .await?;
            }
        }
        for seq in batch.remove {
            sqlx::query("DELETE FROM ops WHERE programme = ? AND seq = ?")
                .bind(batch.programme)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
        }
        let stored = seqs.iter().flatten().count();
        let last_seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM ops WHERE programme = ?")
                .bind(batch.programme)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        // Committed: a checkpoint that fails now must not fail the push (the scope index
        // takes the stored operations in after this returns); the next one catches up.
        if !(batch.remove.is_empty() && batch.erased.is_empty())
            && let Err(error) = self.checkpoint().await
        {
            tracing::warn!("checkpoint after an erasure: {error}");
        }
        Ok(Pushed {
            stored,
            duplicates: batch.ops.len() - stored,
            last_seq,
            seqs,
        })
    }

    async fn stored_stamps(
        &self,
        programme: &str,
        stamps: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        // SQLite takes at most 32,766 parameters; a push has at most 1,000 ops.
        for chunk in stamps.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!("SELECT stamp FROM ops WHERE programme = ? AND stamp IN ({marks})");
            let mut query = sqlx::query_scalar::<_, String>(&sql).bind(programme);
            for stamp in chunk {
                query = query.bind(stamp);
            }
            found.extend(query.fetch_all(&self.pool).await?);
        }
        Ok(found)
    }

    async fn delete_programme(&self, programme: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM programmes WHERE id = ?")
            .bind(programme)
            .execute(&self.pool)
            .await?;
        if let Err(error) = self.checkpoint().await {
            tracing::warn!("checkpoint after deleting a programme: {error}");
        }
        Ok(done.rows_affected() > 0)
    }

    async fn entity_ops(
        &self,
        programme: &str,
        entity: &str,
        seqs: RangeInclusive<i64>,
        limit: u32,
    ) -> Result<Vec<(i64, Op)>, StoreError> {
        // The entity's own range of the entity index, "{entity}" up to the end of its
        // children's range, less what lies between it and theirs: the work grows with
        // the entity's operations, not the programme's.
        let (children, past_children) = children_range(entity);
        let rows = sqlx::query(
            "SELECT seq, body FROM ops INDEXED BY ops_by_entity
             WHERE programme = ?1 AND entity >= ?2 AND entity < ?3
             AND (entity = ?2 OR entity >= ?4) AND seq BETWEEN ?5 AND ?6
             ORDER BY seq LIMIT ?7",
        )
        .bind(programme)
        .bind(entity)
        .bind(past_children)
        .bind(children)
        .bind(seqs.start())
        .bind(seqs.end())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(op_row).collect()
    }

    async fn pull(&self, programme: &str, since: i64, limit: u32) -> Result<Page, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, body FROM ops WHERE programme = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(programme)
        .bind(since)
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.pool)
        .await?;
        let more = rows.len() > limit as usize;
        let ops = rows
            .iter()
            .take(limit as usize)
            .map(op_row)
            .collect::<Result<_, _>>()?;
        Ok(Page { ops, more })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_database_itself_holds_one_device_per_id_and_programme() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("samskab.sqlite"))
            .await
            .unwrap();
        store.create_programme("p", "d1", "hash-1").await.unwrap();
        let insert = |hash: &'static str, programme: &'static str| {
            sqlx::query(
                "INSERT INTO devices (token_hash, programme, device, role, created_at)
                 VALUES (?, ?, 'd1', 'care_service', 0)",
            )
            .bind(hash)
            .bind(programme)
            .execute(&store.pool)
        };
        let again = insert("hash-2", "p").await.unwrap_err();
        assert!(
            again.as_database_error().unwrap().is_unique_violation(),
            "{again}"
        );
        // The same id in another programme is another device.
        store.create_programme("q", "d9", "hash-3").await.unwrap();
        insert("hash-4", "q").await.unwrap();
    }
}
