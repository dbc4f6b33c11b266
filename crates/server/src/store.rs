//! Where the server keeps programmes, devices and operations. Handlers see only the
//! [`Store`] trait, so another database (PostgreSQL) can be added without touching them.

use samskab_domain::Op;
use thiserror::Error;

/// A device's access to one programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub programme: String,
    pub device: String,
    pub role: Role,
}

/// What a device may do. Only the coordinator exists until invites arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Coordinator,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        (key == "coordinator").then_some(Role::Coordinator)
    }
}

/// What a push did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pushed {
    /// Operations stored now.
    pub stored: usize,
    /// Operations the server already had (a batch sent again).
    pub duplicates: usize,
    /// The highest server sequence of the programme after the push.
    pub last_seq: i64,
}

/// One page of a pull.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Operations with their server sequence, ascending.
    pub ops: Vec<(i64, Op)>,
    /// Whether there are more after this page.
    pub more: bool,
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("the programme is already on this server")]
    ProgrammeExists,
    #[error("database: {0}")]
    Database(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

/// The server's storage.
pub trait Store: Clone + Send + Sync + 'static {
    /// Puts a new programme on the server with its coordinator's device.
    fn create_programme(
        &self,
        programme: &str,
        device: &str,
        token_hash: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The device a token hash belongs to, unless revoked.
    fn device(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<Device>, StoreError>> + Send;

    /// Stores each operation exactly once, all in one transaction that is committed
    /// before this returns.
    fn push(
        &self,
        programme: &str,
        ops: &[Op],
    ) -> impl Future<Output = Result<Pushed, StoreError>> + Send;

    /// Up to `limit` operations with a server sequence above `since`.
    fn pull(
        &self,
        programme: &str,
        since: i64,
        limit: u32,
    ) -> impl Future<Output = Result<Page, StoreError>> + Send;
}
