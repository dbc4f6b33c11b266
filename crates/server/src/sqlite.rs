//! The [`Store`] on SQLite: one file, WAL, foreign keys on, and `synchronous = FULL` so
//! an acknowledged push survives a crash or a power cut.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use samskab_domain::Op;
use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::store::{Device, Page, Pushed, Role, Store, StoreError};

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error.to_string())
    }
}

/// Seconds since the Unix epoch, for the record.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
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
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        SqliteStore::migrated(pool).await
    }
}

impl SqliteStore {
    /// A database in memory, for simulations that run thousands of servers. One
    /// connection: each SQLite connection to `:memory:` would see a database of its own.
    pub async fn in_memory() -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
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
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if created.rows_affected() == 0 {
            return Err(StoreError::ProgrammeExists);
        }
        sqlx::query(
            "INSERT INTO devices (token_hash, programme, device, role, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(programme)
        .bind(device)
        .bind(Role::Coordinator.key())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn device(&self, token_hash: &str) -> Result<Option<Device>, StoreError> {
        let row = sqlx::query(
            "SELECT programme, device, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let role: String = row.get("role");
            Ok(Device {
                programme: row.get("programme"),
                device: row.get("device"),
                role: Role::from_key(&role)
                    .ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
            })
        })
        .transpose()
    }

    async fn push(&self, programme: &str, ops: &[Op]) -> Result<Pushed, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut stored = 0;
        for op in ops {
            let body = serde_json::to_string(op).expect("an op always serialises");
            let done = sqlx::query(
                "INSERT INTO ops (programme, stamp, kind, entity, body) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (programme, stamp) DO NOTHING",
            )
            .bind(programme)
            .bind(op.stamp.to_string())
            .bind(op.kind.key())
            .bind(&op.entity)
            .bind(body)
            .execute(&mut *tx)
            .await?;
            stored += done.rows_affected() as usize;
        }
        let last_seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM ops WHERE programme = ?")
                .bind(programme)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Pushed {
            stored,
            duplicates: ops.len() - stored,
            last_seq,
        })
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
            .map(|row| {
                let seq: i64 = row.get("seq");
                let body: String = row.get("body");
                serde_json::from_str(&body)
                    .map(|op| (seq, op))
                    .map_err(|e| StoreError::Corrupt(format!("op {seq}: {e}")))
            })
            .collect::<Result<_, _>>()?;
        Ok(Page { ops, more })
    }
}
