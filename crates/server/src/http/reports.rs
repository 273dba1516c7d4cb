//! 一键举报: filing a report (idempotently). It is followed up by ticket and secret in `tickets.rs`.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use mingchu_types::{add_working_days, ErrorCode, ReportRequest, TicketReceipt, DECISION_WORKING_DAYS};
use serde::{Deserialize, Serialize};

use super::device::Device;
use super::limits::{ClientIp, Write};
use super::writes::{fingerprint, idempotency_key, invalid, key_reused, refuse_bots, refuse_too_fast, sha256_hex, ticket_secret, unknown_photo};
use super::ApiError;
use crate::store::{NewReport, Outcome};
use crate::AppState;

/// What is kept to answer a repeat: everything but the secret, which is derived again.
#[derive(Serialize, Deserialize)]
struct StoredReceipt {
    ticket: String,
    decision_due: mingchu_types::Day,
}

/// `POST /api/units/{code}/reports`.
pub async fn file(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ReportRequest>, JsonRejection>,
) -> Result<(StatusCode, Device, Json<TicketReceipt>), ApiError> {
    state.allow(Write::Report, ip, device.returning())?;
    let Path(code) = code.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let key = idempotency_key(&headers)?;
    let Json(request) = body?;
    refuse_bots(&request.website)?;
    refuse_too_fast(request.fill_ms)?;
    invalid(ErrorCode::InvalidReport, &request.problems())?;

    let request_hash = fingerprint(&(&code, &request))?;
    let secret = ticket_secret(&state.device_key, &key);
    let today = state.clock.today();
    let decision_due = add_working_days(today, DECISION_WORKING_DAYS);
    let template = serde_json::to_string(&StoredReceipt { ticket: "{ticket}".into(), decision_due }).map_err(ApiError::internal)?;
    let report = NewReport { unit_code: &code, request: &request, secret_hash: &sha256_hex(secret.as_bytes()), filed_on: today, decision_due };
    let stored = match state.store.file_report(&report, &key, &request_hash, &template).await? {
        Outcome::Done(ticket) => StoredReceipt { ticket, decision_due },
        Outcome::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Outcome::KeyReused => return Err(key_reused()),
        Outcome::UnknownUnit => return Err(ApiError::not_found(format!("no unit with code {code:?}"))),
        Outcome::UnknownPhoto => return Err(unknown_photo()),
    };
    let receipt =
        TicketReceipt { url: format!("/t/{}#{secret}", stored.ticket), ticket: stored.ticket, secret, decision_due: Some(stored.decision_due) };
    Ok((StatusCode::CREATED, device, Json(receipt)))
}
