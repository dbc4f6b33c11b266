use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samskab_domain::api::{ApiError, Reason};
use thiserror::Error;

use crate::store::StoreError;

/// Errors a handler can return: a status and a JSON `{"error": "..."}` that names the
/// problem (and for one refused operation, its index and why). Internal causes are
/// logged, never sent.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("a valid device token is required")]
    Unauthorised,
    /// The device's access was revoked, or whom it acts for is gone.
    #[error("this device's access has been revoked")]
    Revoked,
    #[error("{0}")]
    Forbidden(String),
    /// Putting a programme on this server takes its operator's key.
    #[error("putting a programme on this server takes the key from its operator")]
    AdminKey,
    /// One operation of a push, refused for good (or, for `Reason::Clock`, until it is
    /// re-made); nothing of the push is stored.
    #[error("operation {index}: {message}")]
    Refused {
        index: usize,
        reason: Reason,
        message: String,
        /// Other operations refused for the same reason.
        others: Vec<usize>,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    #[error("the request body is too large")]
    TooLarge,
    #[error("too many attempts; try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn refused(index: usize, reason: Reason, message: impl Into<String>) -> AppError {
        AppError::Refused {
            index,
            reason,
            message: message.into(),
            others: Vec::new(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::ProgrammeExists => AppError::Conflict(
                "the programme is already on this server; join it with an invite code".into(),
            ),
            StoreError::DeviceExists => {
                AppError::Conflict("a device with this id is already in the programme".into())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorised | AppError::Revoked => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::AdminKey => StatusCode::FORBIDDEN,
            AppError::Refused { reason, .. } => match reason {
                Reason::Invalid | Reason::Clock => StatusCode::BAD_REQUEST,
                Reason::Scope | Reason::Device | Reason::Revoked | Reason::AdminKey => {
                    StatusCode::FORBIDDEN
                }
            },
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = match &self {
            AppError::Internal(_) => {
                tracing::error!("{self}");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let retry_after = match &self {
            AppError::TooManyAttempts(seconds) => Some(*seconds),
            _ => None,
        };
        let (operation, reason, others) = match self {
            AppError::Refused {
                index,
                reason,
                others,
                ..
            } => (Some(index), Some(reason), others),
            AppError::Revoked => (None, Some(Reason::Revoked), Vec::new()),
            AppError::AdminKey => (None, Some(Reason::AdminKey), Vec::new()),
            _ => (None, None, Vec::new()),
        };
        let mut response = (
            status,
            Json(ApiError {
                error: message,
                operation,
                reason,
                others,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
