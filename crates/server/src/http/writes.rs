//! What every diner's write shares: the `Idempotency-Key`, the request's fingerprint, the honeypot,
//! and the errors for fields at fault or a key reused with another request.

use axum::http::{HeaderMap, StatusCode};
use mingchu_types::ErrorCode;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ApiError;

/// The longest `Idempotency-Key` accepted.
const MAX_KEY_LEN: usize = 128;

/// The `Idempotency-Key` the draft was given when it was created (required on every diner's write).
pub fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ApiError::bad_request(format!("an Idempotency-Key header of 1 to {MAX_KEY_LEN} characters is required")));
    }
    Ok(key.to_owned())
}

/// A fingerprint of what was asked, to tell a repeat from a key reused for something else.
pub fn fingerprint<T: Serialize>(request: &T) -> Result<String, ApiError> {
    Ok(sha256_hex(&serde_json::to_vec(request).map_err(ApiError::internal)?))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Bots fill in the hidden `website` field; people never see it.
pub fn refuse_bots(website: &str) -> Result<(), ApiError> {
    if website.is_empty() {
        Ok(())
    } else {
        Err(ApiError::bad_request("this form was filled in by a program"))
    }
}

/// A 422 naming the fields at fault (by their problems' serde names).
pub fn invalid<P: Serialize>(code: ErrorCode, problems: &[P]) -> Result<(), ApiError> {
    if problems.is_empty() {
        return Ok(());
    }
    let fields = problems.iter().filter_map(|p| serde_json::to_value(p).ok()?.as_str().map(str::to_owned)).collect();
    Err(ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: "some fields are not right".into(), fields, retry_after: None })
}

pub fn key_reused() -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: ErrorCode::IdempotencyKeyReused,
        message: "this Idempotency-Key was used for another request".into(),
        fields: vec![],
        retry_after: None,
    }
}

pub fn unknown_photo() -> ApiError {
    ApiError::bad_request("a photo id is not one this server gave out")
}
