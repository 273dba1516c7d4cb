//! A unit's owner: the inbox of 直通老板 messages and their answers, the public reply under each
//! review, and the QR placard. Everything is the signed-in unit's own: another unit's message or review
//! is simply not found.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use mingchu_types::{Inbox, Placard, Review, TextRequest};

use super::answers::{outcome, placard_of, text_of};
use super::session::Owner;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::AppState;

/// The newest reviews an owner is shown, enough for any canteen's recent weeks.
const OWNER_REVIEWS: u32 = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owner/messages", get(inbox))
        .route("/owner/messages/{ticket}/read", post(mark_read))
        .route("/owner/messages/{ticket}/reply", put(answer))
        .route("/owner/reviews", get(reviews))
        .route("/owner/reviews/{id}/reply", put(reply))
        .route("/owner/placard", get(placard))
}

/// `GET /api/staff/owner/messages`.
async fn inbox(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(state.store.inbox(unit.id).await?))
}

/// `POST /api/staff/owner/messages/{ticket}/read`: the sender's follow-up shows "read".
async fn mark_read(State(state): State<AppState>, Owner(unit): Owner, Path(ticket): Path<String>) -> Result<StatusCode, ApiError> {
    outcome(state.store.mark_read(unit.id, &ticket).await?, "message")
}

/// `PUT /api/staff/owner/messages/{ticket}/reply`: the answer the sender reads on the follow-up page.
async fn answer(
    State(state): State<AppState>,
    Owner(unit): Owner,
    Path(ticket): Path<String>,
    Json(body): Json<TextRequest>,
) -> Result<StatusCode, ApiError> {
    let text = text_of(body)?;
    outcome(state.store.answer_message(unit.id, &ticket, &text).await?, "message")
}

/// `GET /api/staff/owner/reviews`: the unit's published reviews with the owner's replies.
async fn reviews(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Vec<Review>>, ApiError> {
    Ok(Json(state.store.owner_reviews(unit.id, OWNER_REVIEWS).await?))
}

/// `PUT /api/staff/owner/reviews/{id}/reply`: the owner's one public reply, set or edited.
async fn reply(
    State(state): State<AppState>,
    Owner(unit): Owner,
    Path(id): Path<i64>,
    Json(body): Json<TextRequest>,
) -> Result<StatusCode, ApiError> {
    let text = text_of(body)?;
    outcome(state.store.reply_to_review(unit.id, id, &text, state.clock.today()).await?, "review")
}

/// `GET /api/staff/owner/placard`: what the unit's QR placard shows.
async fn placard(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Placard>, ApiError> {
    let record = state.store.unit(&unit.code).await?.ok_or_else(|| ApiError::not_found("no such unit"))?;
    Ok(Json(placard_of(&state, record)))
}
