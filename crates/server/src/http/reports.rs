//! 一键举报: filing a report (idempotently). It is followed up by ticket and secret in `tickets.rs`.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use mingchu_types::{add_working_days, ErrorBody, ErrorCode, ReportRequest, TicketReceipt, DECISION_WORKING_DAYS};
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
use crate::store::{NewReport, Outcome};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(file).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
}

/// What is kept to answer a repeat: everything but the secret, which is derived again.
#[derive(Serialize, Deserialize)]
struct StoredReceipt {
    ticket: String,
    decision_due: mingchu_types::Day,
}

/// `POST /api/units/{code}/reports`.
#[utoipa::path(
    post,
    path = "/units/{code}/reports",
    tag = "writes",
    summary = "File a report (一键举报) about a unit, followed up by its ticket",
    params(("code" = String, Path, description = "The unit's code"), ("Idempotency-Key" = String, Header, description = "The draft's key (1 to 128 characters): a repeat with the same key and body gets the same answer")),
    request_body = ReportRequest,
    responses(
        (status = 201, description = "The report's ticket, secret and decision date", body = TicketReceipt, headers(("Set-Cookie" = String, description = "The device cookie `mc_device`, when the browser sent none"))),
        (status = 400, description = "A body that is not JSON, no Idempotency-Key, a form filled in by a program, or a photo id this server does not have", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
        (status = 413, description = "A body larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not sent as application/json", body = ErrorBody),
        (status = 422, description = "A body with a missing or wrong field, fields not right (`fields` names them), a form sent too fast, or the Idempotency-Key used for another request", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
async fn file(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(request): Json<ReportRequest>,
) -> Result<(StatusCode, Device, Json<TicketReceipt>), ApiError> {
    state.allow(Write::Report, ip, device.returning())?;
    let key = idempotency_key(&headers)?;
    refuse_bots(&request.website)?;
    refuse_too_fast(request.fill_ms)?;
    ApiError::check_fields(ErrorCode::InvalidReport, &request.problems())?;

    let request_hash = fingerprint(&(&code, &request))?;
    let secret = ticket_secret(&state.device_key, &key);
    let today = state.clock.today();
    let decision_due = add_working_days(today, DECISION_WORKING_DAYS);
    let template = serde_json::to_string(&StoredReceipt { ticket: "{ticket}".into(), decision_due }).map_err(ApiError::internal)?;
    let report = NewReport { unit_code: &code, request: &request, secret_hash: &sha256_hex(secret.as_bytes()), filed_on: today, decision_due };
    let stored = match state.store.file_report(&report, &key, &request_hash, &template).await? {
        Outcome::Done(ticket) => {
            crate::monitoring::accepted(Write::Report);
            StoredReceipt { ticket, decision_due }
        }
        Outcome::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Outcome::KeyReused => return Err(key_reused()),
        Outcome::UnknownUnit => return Err(ApiError::unit_not_found(&code)),
        Outcome::UnknownPhoto => return Err(unknown_photo()),
    };
    let receipt =
        TicketReceipt { url: format!("/t/{}#{secret}", stored.ticket), ticket: stored.ticket, secret, decision_due: Some(stored.decision_due) };
    Ok((StatusCode::CREATED, device, Json(receipt)))
}
