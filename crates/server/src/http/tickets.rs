//! Following up a report or a message by its ticket and secret, without an account.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use mingchu_types::TicketView;

use super::writes::sha256_hex;
use super::ApiError;
use crate::AppState;

/// `GET /api/tickets/{ticket}` with the secret in `X-Ticket-Secret`: a report's or a message's
/// follow-up view. A wrong secret is answered like an unknown ticket, so tickets cannot be probed.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    ticket: Result<Path<String>, PathRejection>,
) -> Result<Json<TicketView>, ApiError> {
    let Path(ticket) = ticket.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let secret = headers.get("x-ticket-secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    let secret_hash = sha256_hex(secret.as_bytes());
    let view = match state.store.report(&ticket, &secret_hash).await? {
        Some(report) => Some(TicketView::Report(report)),
        None => state.store.message(&ticket, &secret_hash).await?.map(TicketView::Message),
    };
    view.map(Json).ok_or_else(|| ApiError::not_found("no such ticket, or the wrong secret"))
}
