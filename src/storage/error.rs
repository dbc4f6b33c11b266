use thiserror::Error;

/// What can go wrong with the device's storage, in the terms the user is told.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum StorageError {
    /// No IndexedDB (some private modes) or the browser refused to open it.
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
    /// The device is out of space for this site.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// Stored data this version cannot read.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Any other failed request; the transaction was rolled back.
    #[error("storage request failed: {0}")]
    Failed(String),
}

impl From<indexed_db_futures::error::Error> for StorageError {
    fn from(error: indexed_db_futures::error::Error) -> Self {
        use indexed_db_futures::error::{DomException, Error};
        match &error {
            Error::DomException(DomException::Other(e)) if e.name() == "QuotaExceededError" => {
                StorageError::QuotaExceeded
            }
            Error::DomException(DomException::InvalidStateError(_)) => {
                StorageError::Unavailable(error.to_string())
            }
            Error::Serialisation(_) => StorageError::Corrupt(error.to_string()),
            _ => StorageError::Failed(error.to_string()),
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StorageError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        use indexed_db_futures::error::OpenDbError;
        match error {
            OpenDbError::Base(e) => match StorageError::from(e) {
                StorageError::Failed(msg) => StorageError::Unavailable(msg),
                other => other,
            },
            other => StorageError::Unavailable(other.to_string()),
        }
    }
}

/// A write that failed as a whole (a transaction abort, as a full disk gives in Chromium)
/// names no cause: when the site has (nearly) used up its room, that is the cause.
pub async fn out_of_space_or(why: String) -> StorageError {
    match room_left().await {
        Some(left) if left < OUT_OF_SPACE_BYTES => StorageError::QuotaExceeded,
        _ => StorageError::Failed(why),
    }
}

/// Below this much room left for the site, a failed write is taken as a full disk.
const OUT_OF_SPACE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// The bytes the site may still store (`navigator.storage.estimate()`).
async fn room_left() -> Option<f64> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?)
        .await
        .ok()?;
    let number = |key: &str| js_sys::Reflect::get(&estimate, &key.into()).ok()?.as_f64();
    Some(number("quota")? - number("usage")?)
}
