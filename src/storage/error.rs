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
