//! A regulator: the report queue with its countdown and status changes, review moderation, smiley votes
//! held in a burst, and the
//! placards of every unit in the region. Everything is limited to the account's scope: a report or
//! review outside it is simply not found.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use mingchu_types::{
    staff_text, working_days_left, HeldVotesList, ModerationList, Placard, Queue, QueueItem, ReportCategory, ReportDetail, ReportStatus, ReviewState,
    StatusChange, TextRequest,
};
use serde::Deserialize;

use super::answers::{outcome, placard_of, text_of};
use super::session::Regulator;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::AppState;

/// The reviews a moderation list shows at once.
const MODERATION_PAGE: u32 = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/regulator/reports", get(queue))
        .route("/regulator/reports/{ticket}", get(report))
        .route("/regulator/reports/{ticket}/status", post(change_status))
        .route("/regulator/reviews", get(reviews))
        .route("/regulator/reviews/{id}/publish", post(publish))
        .route("/regulator/reviews/{id}/hide", post(hide))
        .route("/regulator/ratings", get(held_votes))
        .route("/regulator/ratings/{code}/admit", post(admit_votes))
        .route("/regulator/ratings/{code}/discard", post(discard_votes))
        .route("/regulator/placards", get(placards))
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueParams {
    status: Option<String>,
    category: Option<String>,
}

/// An empty filter is no filter; anything else must be a known name.
fn filter<T>(value: Option<&str>, parse: impl Fn(&str) -> Option<T>, field: &str) -> Result<Option<T>, ApiError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| ApiError::bad_request(format!("unknown {field} {v:?}")).on_field(field)),
    }
}

/// `GET /api/staff/regulator/reports?status=&category=`: the region's reports, oldest decision first.
async fn queue(State(state): State<AppState>, Regulator(me): Regulator, Query(params): Query<QueueParams>) -> Result<Json<Queue>, ApiError> {
    let status = filter(params.status.as_deref(), ReportStatus::parse, "status")?;
    let category = filter(params.category.as_deref(), |c| ReportCategory::ALL.into_iter().find(|k| k.as_str() == c), "category")?;
    let today = state.clock.today();
    let items = state
        .store
        .queue(&me.scope, status, category)
        .await?
        .into_iter()
        .map(|r| QueueItem {
            days_left: (r.status == ReportStatus::Submitted).then(|| working_days_left(today, r.decision_due)),
            ticket: r.ticket,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            category: r.category,
            status: r.status,
            filed_on: r.filed_on,
            decision_due: r.decision_due,
            photo_count: r.photo_count,
            anonymous: r.anonymous,
        })
        .collect();
    Ok(Json(Queue { items }))
}

/// `GET /api/staff/regulator/reports/{ticket}`: the report with the reporter's contact and the moves
/// open to it.
async fn report(State(state): State<AppState>, Regulator(me): Regulator, Path(ticket): Path<String>) -> Result<Json<ReportDetail>, ApiError> {
    let (report, reporter) = state.store.report_for(&me.scope, &ticket).await?.ok_or_else(|| ApiError::not_found("no such report"))?;
    let days_left = (report.status == ReportStatus::Submitted).then(|| working_days_left(state.clock.today(), report.decision_due));
    let next = report.status.next().to_vec();
    Ok(Json(ReportDetail { report, reporter, days_left, next }))
}

/// `POST /api/staff/regulator/reports/{ticket}/status`: one step on, with a note the reporter reads
/// (required when refusing or closing).
async fn change_status(
    State(state): State<AppState>,
    Regulator(me): Regulator,
    Path(ticket): Path<String>,
    Json(change): Json<StatusChange>,
) -> Result<StatusCode, ApiError> {
    let (report, _) = state.store.report_for(&me.scope, &ticket).await?.ok_or_else(|| ApiError::not_found("no such report"))?;
    if !report.status.next().contains(&change.status) {
        let message = format!("a report that is {} cannot become {}", report.status.as_str(), change.status.as_str());
        return Err(ApiError::conflict(message).on_field("status"));
    }
    let note = match (change.note.trim().is_empty(), change.status.needs_note()) {
        (true, false) => None,
        (true, true) => return Err(ApiError::bad_request("say why, or what was found: the reporter reads it").on_field("note")),
        (false, _) => Some(staff_text(&change.note).ok_or_else(|| ApiError::bad_request("note must be 2–500 characters").on_field("note"))?),
    };
    outcome(state.store.change_report(&me.scope, &ticket, report.status, change.status, note).await?, "report")
}

#[derive(Debug, Default, Deserialize)]
pub struct ReviewParams {
    state: Option<String>,
}

/// `GET /api/staff/regulator/reviews?state=held|hidden|published` (held by default).
async fn reviews(
    State(state): State<AppState>,
    Regulator(me): Regulator,
    Query(params): Query<ReviewParams>,
) -> Result<Json<ModerationList>, ApiError> {
    let wanted = filter(params.state.as_deref(), ReviewState::parse, "state")?.unwrap_or(ReviewState::Held);
    Ok(Json(ModerationList { items: state.store.moderation(&me.scope, wanted, MODERATION_PAGE).await? }))
}

/// `POST /api/staff/regulator/reviews/{id}/publish`: a held review goes public (a hidden one back).
async fn publish(State(state): State<AppState>, Regulator(me): Regulator, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    outcome(state.store.publish_review(&me.scope, id).await?, "review")
}

/// `POST /api/staff/regulator/reviews/{id}/hide`: hidden from the public with a reason its author reads.
async fn hide(
    State(state): State<AppState>,
    Regulator(me): Regulator,
    Path(id): Path<i64>,
    Json(body): Json<TextRequest>,
) -> Result<StatusCode, ApiError> {
    let reason = text_of(body)?;
    outcome(state.store.hide_review(&me.scope, id, &reason).await?, "review")
}

/// `GET /api/staff/regulator/ratings`: the region's units with smiley votes held in a burst.
async fn held_votes(State(state): State<AppState>, Regulator(me): Regulator) -> Result<Json<HeldVotesList>, ApiError> {
    Ok(Json(HeldVotesList { items: state.store.held_votes(&me.scope).await? }))
}

/// `POST /api/staff/regulator/ratings/{code}/admit`: the unit's held votes count.
async fn admit_votes(State(state): State<AppState>, Regulator(me): Regulator, Path(code): Path<String>) -> Result<StatusCode, ApiError> {
    outcome(state.store.settle_votes(&me.scope, &code, true).await?, "held vote")
}

/// `POST /api/staff/regulator/ratings/{code}/discard`: the unit's held votes never count.
async fn discard_votes(State(state): State<AppState>, Regulator(me): Regulator, Path(code): Path<String>) -> Result<StatusCode, ApiError> {
    outcome(state.store.settle_votes(&me.scope, &code, false).await?, "held vote")
}

/// `GET /api/staff/regulator/placards`: a placard for every unit in the region.
async fn placards(State(state): State<AppState>, Regulator(me): Regulator) -> Result<Json<Vec<Placard>>, ApiError> {
    let units = state.store.units_in(&me.scope).await?;
    Ok(Json(units.into_iter().map(|u| placard_of(&state, u)).collect()))
}
