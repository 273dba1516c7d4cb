//! What every diner's write shares: the `Idempotency-Key`, the request's fingerprint, the honeypot and
//! the minimum fill time, a ticket's secret, and the errors for fields at fault or a key reused with
//! another request.

use axum::http::{HeaderMap, StatusCode};
use mingchu_types::{ErrorCode, MIN_FILL_MS};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::device::DeviceKey;
use super::error::ApiError;

/// The largest body of a form (a report: up to 1000 characters of text and six photo ids; a review or a
/// message: 500 characters).
pub const MAX_FORM_BODY: usize = 16 * 1024;

/// The longest `Idempotency-Key` accepted.
const MAX_KEY_LEN: usize = 128;

/// The longest `client_id` (the apps' are UUIDs) and the longest `Idempotency-Key` of a new person.
pub const MAX_CLIENT_ID: usize = 128;

/// A form's `client_id` (the app's for its draft, which makes a repeat harmless), trimmed: 400 when
/// empty or too long.
pub fn client_id(raw: &str) -> Result<&str, ApiError> {
    let client_id = raw.trim();
    if client_id.is_empty() || client_id.len() > MAX_CLIENT_ID {
        return Err(ApiError::bad_request(format!("client_id must be 1 to {MAX_CLIENT_ID} characters")).on_field("client_id"));
    }
    Ok(client_id)
}

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

/// A form sent within [`MIN_FILL_MS`] of being opened was not written by a person. The time is the
/// app's own measure, so this stops simple scripts, not determined ones (the rate limits do that).
pub fn refuse_too_fast(fill_ms: u64) -> Result<(), ApiError> {
    if fill_ms >= MIN_FILL_MS {
        return Ok(());
    }
    Err(ApiError::unprocessable(
        ErrorCode::TooFast,
        format!("the form was sent {fill_ms} ms after it was opened; a person takes at least {MIN_FILL_MS} ms"),
    ))
}

/// A ticket's secret, derived from the draft's `Idempotency-Key`: a repeat gets the same secret back,
/// though only its hash is stored.
pub fn ticket_secret(key: &DeviceKey, idempotency_key: &str) -> String {
    key.derive("ticket-secret", idempotency_key)[..32].to_owned()
}

/// What a vote or review keeps of the client's address for the bursts from one address: a keyed hash,
/// the same for the same client network (an IPv6 /64 is one), that says nothing about the address
/// without the server's key.
pub fn address_key(key: &DeviceKey, ip: std::net::IpAddr) -> String {
    key.derive("client-address", &super::limits::network(ip))[..16].to_owned()
}

pub fn key_reused() -> ApiError {
    ApiError::unprocessable(ErrorCode::IdempotencyKeyReused, "this Idempotency-Key was used for another request")
}

pub fn unknown_photo() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::UnknownPhoto,
        "a photo id is not one this server has (never uploaded, or unused for a day and deleted)",
    )
}
