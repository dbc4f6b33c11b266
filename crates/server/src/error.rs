use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samskab_domain::api::ApiError;
use thiserror::Error;

use crate::store::StoreError;

/// Errors a handler can return: a status and a JSON `{"error": "..."}` that names the
/// problem. Internal causes are logged, never sent.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("a valid device token is required")]
    Unauthorised,
    #[error("{0}")]
    Forbidden(String),
    #[error("operation {0} is outside what this device may change")]
    OutOfScope(usize),
    #[error("the programme is already on this server; join it with an invite code")]
    Conflict,
    #[error("{0}")]
    NotFound(String),
    #[error("the request body is too large")]
    TooLarge,
    #[error("too many attempts; try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::ProgrammeExists => AppError::Conflict,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorised => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::OutOfScope(_) => StatusCode::FORBIDDEN,
            AppError::Conflict => StatusCode::CONFLICT,
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
        let operation = match self {
            AppError::OutOfScope(index) => Some(index),
            _ => None,
        };
        let mut response = (
            status,
            Json(ApiError {
                error: message,
                operation,
            }),
        )
            .into_response();
        if let AppError::TooManyAttempts(seconds) = self {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
