//! 直通老板: a diner's private message to the unit's owner, sent idempotently and followed up by ticket
//! and secret like a report (`tickets.rs`). It appears in no public answer, and the call-back number in
//! no answer at all.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use mingchu_types::{ErrorBody, ErrorCode, MessageRequest, TicketReceipt};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::device::Device;
use super::error::ApiError;
use super::extract::{Json, Path};
use super::limits::{ClientIp, Write};
use super::writes::{
    fingerprint, idempotency_key, key_reused, refuse_bots, refuse_too_fast, sha256_hex, ticket_secret, unknown_photo, MAX_FORM_BODY,
};
use crate::store::{NewMessage, Outcome};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(send).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
}

/// What is kept to answer a repeat: the ticket; the secret is derived again.
#[derive(Serialize, Deserialize)]
struct StoredReceipt {
    ticket: String,
}

/// `POST /api/units/{code}/messages`.
#[utoipa::path(
    post,
    path = "/units/{code}/messages",
    tag = "writes",
    summary = "Send the unit's owner a private message (直通老板), followed up by its ticket",
    params(("code" = String, Path, description = "The unit's code"), ("Idempotency-Key" = String, Header, description = "The draft's key (1 to 128 characters): a repeat with the same key and body gets the same answer")),
    request_body = MessageRequest,
    responses(
        (status = 201, description = "The message's ticket and secret", body = TicketReceipt, headers(("Set-Cookie" = String, description = "The device cookie `mc_device`, when the browser sent none"))),
        (status = 400, description = "A body that is not JSON, no Idempotency-Key, a form filled in by a program, or a photo id this server does not have", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
        (status = 413, description = "A body larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not sent as application/json", body = ErrorBody),
        (status = 422, description = "A body with a missing or wrong field, fields not right (`fields` names them), a form sent too fast, or the Idempotency-Key used for another request", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
async fn send(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(request): Json<MessageRequest>,
) -> Result<(StatusCode, Device, Json<TicketReceipt>), ApiError> {
    state.allow(Write::Message, ip, device.returning())?;
    let key = idempotency_key(&headers)?;
    refuse_bots(&request.website)?;
    refuse_too_fast(request.fill_ms)?;
    ApiError::check_fields(ErrorCode::BadRequest, &request.problems())?;

    let request_hash = fingerprint(&(&code, &request))?;
    let secret = ticket_secret(&state.device_key, &key);
    let template = serde_json::to_string(&StoredReceipt { ticket: "{ticket}".into() }).map_err(ApiError::internal)?;
    let message = NewMessage { unit_code: &code, request: &request, secret_hash: &sha256_hex(secret.as_bytes()), sent_on: state.clock.today() };
    let stored = match state.store.send_message(&message, &key, &request_hash, &template).await? {
        Outcome::Done(ticket) => {
            crate::monitoring::accepted(Write::Message);
            StoredReceipt { ticket }
        }
        Outcome::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Outcome::KeyReused => return Err(key_reused()),
        Outcome::UnknownUnit => return Err(ApiError::unit_not_found(&code)),
        Outcome::UnknownPhoto => return Err(unknown_photo()),
    };
    // A message has no decision date: the owner owes no answer by law.
    let receipt = TicketReceipt { url: format!("/t/{}#{secret}", stored.ticket), ticket: stored.ticket, secret, decision_due: None };
    Ok((StatusCode::CREATED, device, Json(receipt)))
}
