//! Following up a report or a message by its ticket and secret, without an account.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use mingchu_types::TicketView;

use super::error::ApiError;
use super::extract::{Json, Path};
use super::writes::sha256_hex;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/tickets/{ticket}", get(show))
}

/// `GET /api/tickets/{ticket}` with the secret in `X-Ticket-Secret`: a report's or a message's
/// follow-up view. A wrong secret is answered like an unknown ticket, so tickets cannot be probed.
async fn show(State(state): State<AppState>, headers: HeaderMap, Path(ticket): Path<String>) -> Result<Json<TicketView>, ApiError> {
    let secret = headers.get("x-ticket-secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    let secret_hash = sha256_hex(secret.as_bytes());
    let view = match state.store.report(&ticket, &secret_hash).await? {
        Some(report) => Some(TicketView::Report(report)),
        None => state.store.message(&ticket, &secret_hash).await?.map(TicketView::Message),
    };
    view.map(Json).ok_or_else(|| ApiError::not_found("no such ticket, or the wrong secret"))
}
