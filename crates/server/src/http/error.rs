//! API errors: a status and a stable code in a JSON body. A client's mistake is always a 4xx; only a
//! fault of ours is a 5xx, and its details go to the log, not to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mingchu_types::{ErrorBody, ErrorCode, ErrorDetail};

use crate::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// The form fields at fault, if any.
    pub fields: Vec<String>,
    /// Seconds until a rate-limited client may try again (sent as `Retry-After` and in the body).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: ErrorCode::NotFound, message: message.into(), fields: vec![], retry_after: None }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, code: ErrorCode::BadRequest, message: message.into(), fields: vec![], retry_after: None }
    }

    /// A fault of ours: logged in full, answered without details.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("{detail}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: ErrorCode::Internal,
            message: "internal error".into(),
            fields: vec![],
            retry_after: None,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::internal(format!("store: {e}"))
    }
}

/// A JSON body that is missing, too large, malformed or of the wrong shape: the client's mistake,
/// answered with the rejection's own 4xx status.
impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> ApiError {
        ApiError { status: e.status(), ..ApiError::bad_request(e.body_text()) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, fields: self.fields, retry_after: self.retry_after } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
