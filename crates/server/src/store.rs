//! Where the server keeps programmes, devices and operations. Handlers see only the
//! [`Store`] trait, so another database (PostgreSQL) can be added without touching them.

use std::ops::RangeInclusive;

use samskab_domain::Op;
use samskab_domain::scope::Access;
use thiserror::Error;

pub use samskab_domain::api::{DeviceInfo, InviteInfo};

/// Seconds since the Unix epoch: when things were made, and when invites expire.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A device's access to one programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub programme: String,
    pub device: String,
    pub access: Access,
    /// Revoked by the coordinator: the device is told so, and lets go of the data.
    pub revoked: bool,
}

/// A new invite, as stored.
#[derive(Clone, Debug)]
pub struct NewInvite<'a> {
    pub programme: &'a str,
    pub code_hash: &'a str,
    pub access: &'a Access,
    pub label: &'a str,
    pub expires_at: i64,
}

/// A device joining with an invite code.
#[derive(Clone, Debug)]
pub struct Joining<'a> {
    pub code_hash: &'a str,
    pub device: &'a str,
    pub token_hash: &'a str,
    pub now: i64,
}

/// A push as stored: the new operations, and what an erasure in it removes.
#[derive(Clone, Debug)]
pub struct Batch<'a> {
    pub programme: &'a str,
    pub ops: &'a [Op],
    /// Per operation: made by another device and forwarded by `device` (a coordinator
    /// restoring a lost device's backup).
    pub forwarded: &'a [bool],
    pub device: &'a str,
    /// Server sequences of stored operations to remove for good (an erasure).
    pub remove: &'a [i64],
    /// Volunteers erased: the devices and invites acting for them are revoked, and their
    /// labels ("Annas telefon") cleared.
    pub erased: &'a [String],
}

/// What a push did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pushed {
    /// Operations stored now.
    pub stored: usize,
    /// Operations the server already had (a batch sent again).
    pub duplicates: usize,
    /// The highest server sequence of the programme after the push.
    pub last_seq: i64,
    /// Per operation, its new server sequence, or `None` if it was already stored.
    pub seqs: Vec<Option<i64>>,
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
    #[error("a device with this id is already in the programme")]
    DeviceExists,
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

    /// Stores an invite; returns its id.
    fn create_invite(
        &self,
        invite: NewInvite<'_>,
    ) -> impl Future<Output = Result<i64, StoreError>> + Send;

    /// The programme's invites, newest first.
    fn invites(
        &self,
        programme: &str,
    ) -> impl Future<Output = Result<Vec<InviteInfo>, StoreError>> + Send;

    /// Revokes an invite of the programme; returns whether there was one.
    fn revoke_invite(
        &self,
        programme: &str,
        id: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Uses an unexpired, unused, unrevoked invite to let a device in, in one
    /// transaction; `None` if the code does not open anything.
    fn join(
        &self,
        joining: Joining<'_>,
    ) -> impl Future<Output = Result<Option<Device>, StoreError>> + Send;

    /// The programme's devices, newest first.
    fn devices(
        &self,
        programme: &str,
    ) -> impl Future<Output = Result<Vec<DeviceInfo>, StoreError>> + Send;

    /// Revokes every token of a device of the programme; returns whether there was one.
    fn revoke_device(
        &self,
        programme: &str,
        device: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The device a token hash belongs to, revoked or not.
    fn device(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<Device>, StoreError>> + Send;

    /// Stores each operation exactly once and removes what an erasure removes, all in
    /// one transaction that is committed before this returns; removed values are
    /// overwritten in the database file and the write-ahead log.
    fn push(&self, batch: Batch<'_>) -> impl Future<Output = Result<Pushed, StoreError>> + Send;

    /// Which of these stamps the programme already has.
    fn stored_stamps(
        &self,
        programme: &str,
        stamps: &[String],
    ) -> impl Future<Output = Result<std::collections::HashSet<String>, StoreError>> + Send;

    /// Takes a programme off the server with everything in it, overwriting it on disk.
    fn delete_programme(
        &self,
        programme: &str,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The operations of an entity and of the entities keyed under it (`"{entity}:..."`)
    /// with a server sequence in `seqs`, in order, at most `limit`.
    fn entity_ops(
        &self,
        programme: &str,
        entity: &str,
        seqs: RangeInclusive<i64>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<(i64, Op)>, StoreError>> + Send;

    /// Up to `limit` operations with a server sequence above `since`.
    fn pull(
        &self,
        programme: &str,
        since: i64,
        limit: u32,
    ) -> impl Future<Output = Result<Page, StoreError>> + Send;
}
