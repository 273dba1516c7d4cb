//! Following up a report or a message by its ticket and secret, without an account.

use axum::extract::State;
use axum::http::HeaderMap;
use mingchu_types::{ErrorBody, TicketView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path};
use super::writes::sha256_hex;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show))
}

/// `GET /api/tickets/{ticket}` with the secret in `X-Ticket-Secret`: a report's or a message's
/// follow-up view. A wrong secret is answered like an unknown ticket, so tickets cannot be probed.
#[utoipa::path(
    get,
    path = "/tickets/{ticket}",
    tag = "writes",
    summary = "Follow up a report or a message",
    params(
        ("ticket" = String, Path, description = "The ticket the receipt gave"),
        ("X-Ticket-Secret" = String, Header, description = "The secret the receipt gave"),
    ),
    responses(
        (status = 200, description = "The report's or message's state", body = TicketView),
        (status = 404, description = "No such ticket, or the wrong secret", body = ErrorBody),
    )
)]
async fn show(State(state): State<AppState>, headers: HeaderMap, Path(ticket): Path<String>) -> Result<Json<TicketView>, ApiError> {
    let secret = headers.get("x-ticket-secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    let secret_hash = sha256_hex(secret.as_bytes());
    let view = match state.store.report(&ticket, &secret_hash).await? {
        Some(report) => Some(TicketView::Report(report)),
        None => state.store.message(&ticket, &secret_hash).await?.map(TicketView::Message),
    };
    view.map(Json).ok_or_else(|| ApiError::not_found("no such ticket, or the wrong secret"))
}
