//! A unit's owner: the inbox of 直通老板 messages and their answers, the public reply under each
//! review, and the QR placard. Everything is the signed-in unit's own: another unit's message or review
//! is simply not found.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use mingchu_types::{staff_text, Inbox, Placard, Review, TextRequest};

use super::{body_error, Owner};
use crate::http::api::unit_summary;
use crate::http::ApiError;
use crate::store::staff::Change;
use crate::AppState;

/// The newest reviews an owner is shown, enough for any canteen's recent weeks.
const OWNER_REVIEWS: u32 = 200;

pub(super) fn outcome(change: Change, what: &str) -> Result<StatusCode, ApiError> {
    match change {
        Change::Done => Ok(StatusCode::NO_CONTENT),
        Change::NotFound => Err(ApiError::not_found(format!("no such {what}"))),
        Change::Conflict => Err(conflict(format!("the {what} has changed meanwhile"))),
    }
}

pub(super) fn conflict(message: String) -> ApiError {
    ApiError { status: StatusCode::CONFLICT, code: mingchu_types::ErrorCode::Conflict, ..ApiError::bad_request(message) }
}

/// The text of a reply or note, trimmed, or a 400 naming the field.
pub(super) fn text_of(body: Result<Json<TextRequest>, JsonRejection>) -> Result<String, ApiError> {
    let Json(request) = body.map_err(body_error)?;
    let text = staff_text(&request.text)
        .ok_or_else(|| ApiError { fields: vec!["text".into()], ..ApiError::bad_request("text must be 2–500 characters") })?;
    Ok(text.to_owned())
}

pub(super) fn path<T>(p: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    p.map(|Path(v)| v).map_err(|e| ApiError::bad_request(e.body_text()))
}

/// `GET /api/staff/owner/messages`.
pub async fn inbox(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(state.store.inbox(unit.id).await?))
}

/// `POST /api/staff/owner/messages/{ticket}/read`: the sender's follow-up shows "read".
pub async fn mark_read(
    State(state): State<AppState>,
    Owner(unit): Owner,
    ticket: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    outcome(state.store.mark_read(unit.id, &path(ticket)?).await?, "message")
}

/// `PUT /api/staff/owner/messages/{ticket}/reply`: the answer the sender reads on the follow-up page.
pub async fn answer(
    State(state): State<AppState>,
    Owner(unit): Owner,
    ticket: Result<Path<String>, PathRejection>,
    body: Result<Json<TextRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let ticket = path(ticket)?;
    let text = text_of(body)?;
    outcome(state.store.answer_message(unit.id, &ticket, &text).await?, "message")
}

/// `GET /api/staff/owner/reviews`: the unit's published reviews with the owner's replies.
pub async fn reviews(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Vec<Review>>, ApiError> {
    Ok(Json(state.store.owner_reviews(unit.id, OWNER_REVIEWS).await?))
}

/// `PUT /api/staff/owner/reviews/{id}/reply`: the owner's one public reply, set or edited.
pub async fn reply(
    State(state): State<AppState>,
    Owner(unit): Owner,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<TextRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path(id)?;
    let text = text_of(body)?;
    outcome(state.store.reply_to_review(unit.id, id, &text, state.clock.today()).await?, "review")
}

/// `GET /api/staff/owner/placard`: what the unit's QR placard shows.
pub async fn placard(State(state): State<AppState>, Owner(unit): Owner) -> Result<Json<Placard>, ApiError> {
    let record = state.store.unit(&unit.code).await?.ok_or_else(|| ApiError::not_found("no such unit"))?;
    Ok(Json(placard_of(&state, record)))
}

/// A unit's placard: its summary, licence number and the address its QR code opens.
pub(super) fn placard_of(state: &AppState, record: crate::store::UnitRecord) -> Placard {
    let licence_number = record.licence.as_ref().map(|l| l.number.clone());
    let url = format!("{}/u/{}", state.public_url.trim_end_matches('/'), record.unit.code);
    Placard { unit: unit_summary(record, state.clock.today()), licence_number, url }
}
