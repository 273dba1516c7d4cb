//! 一键举报: filing a report (idempotently) and following it up by ticket and secret.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use mingchu_types::{add_working_days, ErrorCode, ReportRequest, TicketReceipt, TicketView, DECISION_WORKING_DAYS};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::limits::{ClientIp, Write};
use super::ApiError;
use crate::store::{Filed, NewReport};
use crate::AppState;

/// The longest `Idempotency-Key` accepted.
const MAX_KEY_LEN: usize = 128;

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
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ReportRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TicketReceipt>), ApiError> {
    state.allow(Write::Report, ip)?;
    let Path(code) = code.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let key = idempotency_key(&headers)?;
    let Json(request) = body.map_err(|e| ApiError { status: e.status(), ..ApiError::bad_request(e.body_text()) })?;
    if !request.website.is_empty() {
        return Err(ApiError::bad_request("this form was filled in by a program"));
    }
    let problems = request.problems();
    if !problems.is_empty() {
        let fields = problems.iter().filter_map(|p| serde_json::to_value(p).ok()?.as_str().map(str::to_owned)).collect();
        return Err(ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code: ErrorCode::InvalidReport, message: "the report's fields are not right".into(), fields, retry_after: None });
    }

    let request_hash = sha256_hex(&serde_json::to_vec(&(&code, &request)).map_err(ApiError::internal)?);
    let secret = state.device_key.derive("ticket-secret", &key)[..32].to_owned();
    let today = state.clock.today();
    let decision_due = add_working_days(today, DECISION_WORKING_DAYS);
    let template = serde_json::to_string(&StoredReceipt { ticket: "{ticket}".into(), decision_due }).map_err(ApiError::internal)?;
    let report = NewReport { unit_code: &code, request: &request, secret_hash: &sha256_hex(secret.as_bytes()), filed_on: today, decision_due };
    let stored = match state.store.file_report(&report, &key, &request_hash, &template).await? {
        Filed::New { ticket } => StoredReceipt { ticket, decision_due },
        Filed::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Filed::KeyReused => {
            return Err(ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: ErrorCode::IdempotencyKeyReused,
                message: "this Idempotency-Key was used for another request".into(),
                fields: vec![],
                retry_after: None,
            })
        }
        Filed::UnknownUnit => return Err(ApiError::not_found(format!("no unit with code {code:?}"))),
        Filed::UnknownPhoto => return Err(ApiError::bad_request("a photo id is not one this server gave out")),
    };
    let receipt = TicketReceipt {
        url: format!("/t/{}#{secret}", stored.ticket),
        ticket: stored.ticket,
        secret,
        decision_due: stored.decision_due,
    };
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// `GET /api/tickets/{ticket}` with the secret in `X-Ticket-Secret`. A wrong secret is answered like
/// an unknown ticket, so tickets cannot be probed.
pub async fn show(State(state): State<AppState>, headers: HeaderMap, ticket: Result<Path<String>, PathRejection>) -> Result<Json<TicketView>, ApiError> {
    let Path(ticket) = ticket.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let secret = headers.get("x-ticket-secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    let view = state.store.report(&ticket, &sha256_hex(secret.as_bytes())).await?;
    view.map(Json).ok_or_else(|| ApiError::not_found("no such ticket, or the wrong secret"))
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ApiError::bad_request(format!("an Idempotency-Key header of 1 to {MAX_KEY_LEN} characters is required")));
    }
    Ok(key.to_owned())
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
