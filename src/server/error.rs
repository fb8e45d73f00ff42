//! Errors as the API sends them: an HTTP status, a stable code, a message,
//! and for store errors the structured error the client turns back into a
//! `StoreError`.

use crate::protocol::ErrorBody;
use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                code: code.to_string(),
                message: message.into(),
                error: None,
            },
        }
    }

    /// The same error with a plainer message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.body.message = message.into();
        self
    }

    pub fn unauthenticated() -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "log in first: send Authorization: Bearer TOKEN",
        )
    }
}

/// The status and stable code of each store error.
pub fn status_of(error: &StoreError) -> (StatusCode, &'static str) {
    match error {
        StoreError::NotFound { .. } => (StatusCode::NOT_FOUND, "not_found"),
        StoreError::Invalid { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        StoreError::ProfileIncomplete { .. } => (StatusCode::CONFLICT, "profile_incomplete"),
        StoreError::AlreadyApplied { .. } => (StatusCode::CONFLICT, "already_applied"),
        StoreError::AlreadyRegistered { .. } => (StatusCode::CONFLICT, "already_registered"),
        StoreError::PostingClosed => (StatusCode::CONFLICT, "posting_closed"),
        StoreError::Transition(_) => (StatusCode::CONFLICT, "transition"),
        StoreError::DeadlinePassed { .. } => (StatusCode::CONFLICT, "deadline_passed"),
        StoreError::CourseStarted { .. } => (StatusCode::CONFLICT, "course_started"),
        StoreError::CourseFull => (StatusCode::CONFLICT, "course_full"),
        StoreError::CourseCancelled => (StatusCode::CONFLICT, "course_cancelled"),
        StoreError::NotEligible { .. } => (StatusCode::CONFLICT, "not_eligible"),
        StoreError::RequestIdReused => (StatusCode::CONFLICT, "request_id_reused"),
        StoreError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        StoreError::NoAgreement => (StatusCode::FORBIDDEN, "no_agreement"),
        StoreError::LoginFailed { .. } => (StatusCode::UNAUTHORIZED, "login_failed"),
        StoreError::Locked { .. } => (StatusCode::LOCKED, "locked"),
        StoreError::LoginTaken => (StatusCode::CONFLICT, "login_taken"),
        StoreError::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled"),
        StoreError::SessionExpired => (StatusCode::UNAUTHORIZED, "session_expired"),
        StoreError::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
        StoreError::TooManyAttempts { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
        StoreError::Queued => (StatusCode::INTERNAL_SERVER_ERROR, "queued"),
        StoreError::Unavailable { .. } => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        StoreError::Tls { .. } => (StatusCode::BAD_GATEWAY, "tls"),
        StoreError::Storage { .. } => (StatusCode::SERVICE_UNAVAILABLE, "storage_fault"),
        StoreError::Internal { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        let (status, code) = status_of(&error);
        // Internal details stay in the server log.
        let shown = match &error {
            StoreError::Internal { detail } | StoreError::Unavailable { detail } => {
                tracing::error!("store: {detail}");
                StoreError::Internal {
                    detail: String::new(),
                }
            }
            other => other.clone(),
        };
        let message = match &shown {
            StoreError::Internal { .. } => {
                "the server could not do this and nothing was changed; the server log has the details"
                    .to_string()
            }
            StoreError::Storage { fault } => format!(
                "the database cannot save anything ({fault}); nothing was changed; \
                 the administrator must fix the server's disk or database file"
            ),
            other => other.to_string(),
        };
        ApiError {
            status,
            body: ErrorBody {
                code: code.to_string(),
                message,
                error: Some(shown),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self.body.error {
            Some(
                StoreError::Busy { retry_after } | StoreError::TooManyAttempts { retry_after },
            ) => Some(*retry_after),
            _ => None,
        };
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
