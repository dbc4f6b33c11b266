//! The sync API's request and reply bodies (see docs/sync.md), shared by the server that
//! answers and the app that asks, so the two cannot drift apart.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::op::{EntityKind, Op};
use crate::scope::{Access, Role};

/// `POST /api/v1/programmes` (with `Authorization: Bearer <operator's key>` when the
/// server asks for one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProgramme {
    pub programme: String,
    pub device: String,
}

/// A device's token, as the server hands it out once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceToken {
    pub token: String,
}

/// The response header every API reply carries: the server's clock, Unix milliseconds.
/// Devices judge their own clocks by it (see `Clock::trust`).
pub const SERVER_TIME_HEADER: &str = "x-samskab-time";

/// `POST /api/v1/push`'s reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushReply {
    pub stored: usize,
    pub duplicates: usize,
    /// Operations not kept because they carry something of an erased person: the device
    /// takes them back too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub erased: Vec<crate::clock::Stamp>,
    pub last_seq: i64,
}

/// An entity a device must let go of, with everything keyed under it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Gone {
    pub kind: EntityKind,
    pub entity: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PulledOp {
    pub seq: i64,
    pub op: Op,
}

/// `GET /api/v1/pull`'s reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullReply {
    pub ops: Vec<PulledOp>,
    /// The checkpoint to send next time.
    pub next: i64,
    pub more: bool,
    /// What left this device's sight (moved elsewhere, deleted): let go of before
    /// `ops` are applied, since one still seen in part comes again among them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<Gone>,
    /// Set when one operation brought more into sight than a reply holds: pull again
    /// from the same `since` with `resume` for the rest (`next` is then `since`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<String>,
}

/// `POST /api/v1/join`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub device: String,
}

/// What a device that joined (or asks `/api/v1/me`) may reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Joined {
    pub token: String,
    pub programme: String,
    #[serde(flatten)]
    pub access: Access,
}

/// `POST /api/v1/invites`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvite {
    pub role: Role,
    pub subject: Option<String>,
    #[serde(default)]
    pub label: String,
    pub days: Option<u32>,
    /// The join page's address; the code is appended and the whole put in a QR code.
    pub link: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub id: i64,
    /// `ABCDE-FGHJK`.
    pub code: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// The QR code of the link and code, as SVG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
}

/// An invite as the coordinator's list shows it (never its code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteInfo {
    pub id: i64,
    #[serde(flatten)]
    pub access: Access,
    pub label: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
    /// The device that joined with it, if one has.
    pub used_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invites {
    pub invites: Vec<InviteInfo>,
}

/// A device as the coordinator's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device: String,
    #[serde(flatten)]
    pub access: Access,
    pub label: String,
    pub created_at: i64,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Devices {
    pub devices: Vec<DeviceInfo>,
}

/// `GET /api/v1/me`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub programme: String,
    pub device: String,
    #[serde(flatten)]
    pub access: Access,
}

/// Why the server refuses, for a client to act on (the message is for people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Malformed: a field, id or value that can never be stored.
    Invalid,
    /// The operation's stamp is further ahead of the server's clock than allowed: the
    /// device re-makes it with its corrected clock.
    Clock,
    /// Outside what the device may change.
    Scope,
    /// A new operation stamped with another device's id.
    Device,
    /// The device's access was revoked (or whom it acted for is gone): it lets go of
    /// the programme's data.
    Revoked,
    /// Putting a programme on this server takes its operator's key.
    AdminKey,
}

/// Every error reply: what is wrong, and for a refused push, which operation and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// The push's other operations refused for the same reason (`device`: all of them,
    /// so a device can settle them in one go).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<usize>,
}

/// How long a client waits before trying again after `failures` failed syncs in a row:
/// 2 s, doubling, at most 5 minutes.
pub fn retry_after(failures: u32) -> Duration {
    const FIRST: Duration = Duration::from_secs(2);
    const LONGEST: Duration = Duration::from_secs(5 * 60);
    FIRST
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_five_minutes() {
        let waits: Vec<u64> = (1..=10).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(retry_after(u32::MAX).as_secs(), 300);
    }

    #[test]
    fn access_is_flattened_into_the_reply() {
        let joined: Joined = serde_json::from_str(
            r#"{"token": "t", "programme": "p", "role": "volunteer", "subject": "anna"}"#,
        )
        .unwrap();
        assert_eq!(joined.access.role, Role::Volunteer);
        assert_eq!(joined.access.subject.as_deref(), Some("anna"));
    }
}
