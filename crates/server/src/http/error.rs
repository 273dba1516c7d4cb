//! API errors: a status and a stable code in a JSON body. A client's mistake is always a 4xx; only a
//! fault of ours is a 5xx, and its details go to the log, not to the client. Every rejection of the
//! extractors in `extract.rs` becomes one of these, so no handler words a rejection by hand.

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mingchu_types::{ErrorBody, ErrorCode, ErrorDetail};
use serde::Serialize;

use crate::room::{NoRoom, RETRY_AFTER_SECS};
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
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), fields: vec![], retry_after: None }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn unit_not_found(code: &str) -> ApiError {
        ApiError::not_found(format!("no unit with code {code:?}"))
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
    }

    /// No credentials, or not the current ones.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    /// Signed in, but as an account that may not do this.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    /// A change that does not fit the object's current state.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    /// Well-formed, but refused by a rule (422), with the rule's own code.
    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// A 422 naming the fields at fault (by their problems' serde names), or nothing when there are none.
    pub fn check_fields<P: Serialize>(code: ErrorCode, problems: &[P]) -> Result<(), ApiError> {
        if problems.is_empty() {
            return Ok(());
        }
        let fields = problems.iter().filter_map(wire_name).collect();
        Err(ApiError::unprocessable(code, "some fields are not right").with_fields(fields))
    }

    /// Too many tries: the client may try again after `seconds`.
    pub fn too_many(code: ErrorCode, message: impl Into<String>, seconds: u64) -> ApiError {
        ApiError { retry_after: Some(seconds), ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, code, message) }
    }

    /// No room for what was sent (its disk is nearly full, or the media store holds its quota): a 503,
    /// so the client keeps it and sends it again after `Retry-After`.
    pub fn no_room(why: &NoRoom) -> ApiError {
        ApiError {
            retry_after: Some(RETRY_AFTER_SECS),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::StorageFull, format!("no room: {why}"))
        }
    }

    /// The form fields at fault.
    pub fn with_fields(self, fields: Vec<String>) -> ApiError {
        ApiError { fields, ..self }
    }

    /// The one form field at fault.
    pub fn on_field(self, field: &str) -> ApiError {
        self.with_fields(vec![field.to_owned()])
    }

    /// A fault of ours: logged in full (with the request's id and route, from the span it runs in),
    /// answered without details.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("{detail}");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error")
    }
}

/// A problem's name on the wire (its serde name, `time_in_future`), which the apps' catalogues word.
pub fn wire_name<P: Serialize>(problem: &P) -> Option<String> {
    serde_json::to_value(problem).ok()?.as_str().map(str::to_owned)
}

impl From<NoRoom> for ApiError {
    fn from(why: NoRoom) -> ApiError {
        ApiError::no_room(&why)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        if unstorable_text(&e) {
            return ApiError::bad_request("the text holds a character that cannot be stored (U+0000)");
        }
        ApiError::internal(format!("store: {e}"))
    }
}

/// Whether PostgreSQL refused a text the client sent for a character its text type cannot hold (NUL:
/// SQLSTATE 22021 in text, 22P05 in jsonb): the client's mistake wherever it was sent (SQLite keeps it).
fn unstorable_text(e: &StoreError) -> bool {
    match e {
        StoreError::Database(sqlx::Error::Database(db)) => matches!(db.code().as_deref(), Some("22021" | "22P05")),
        _ => false,
    }
}

/// A rejection by one of axum's extractors: the client's mistake, answered with the rejection's own
/// 4xx status (400, 413, 415, 422) and its text.
macro_rules! client_mistake {
    ($($rejection:ty),*) => {$(
        impl From<$rejection> for ApiError {
            fn from(e: $rejection) -> ApiError {
                ApiError { status: e.status(), ..ApiError::bad_request(e.body_text()) }
            }
        }
    )*};
}
client_mistake!(JsonRejection, PathRejection, QueryRejection, BytesRejection);

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
