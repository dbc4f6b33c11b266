use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
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

/// A JSON body, refused as our JSON error naming the problem (axum's own rejection is
/// plain text).
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(JsonRejection::BytesRejection(e)) if e.status() == 413 => Err(AppError::TooLarge),
            Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
        }
    }
}

/// Query parameters, refused as our JSON error naming the problem.
pub struct Params<T>(pub T);

impl<S, T> FromRequestParts<S> for Params<T>
where
    Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| Params(value))
            .map_err(|rejection| AppError::BadRequest(rejection.body_text()))
    }
}
