//! 图文评价: posting a review (idempotently; held for moderation when it looks like an advert or comes
//! in a burst on the unit or from one address, [`REVIEW_BURSTS`]) and listing a unit's published reviews.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use mingchu_types::{hold_reason, ErrorCode, ReviewList, ReviewReceipt, ReviewRequest, REVIEW_BURSTS};

use super::device::Device;
use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::limits::{ClientIp, Write};
use super::paging::{format_cursor, parse_limit, parse_unit_cursor, ListParams};
use super::sharing::kept;
use super::writes::{address_key, fingerprint, idempotency_key, key_reused, refuse_bots, refuse_too_fast, unknown_photo, MAX_FORM_BODY};
use crate::store::{Cursor, NewReview, Outcome};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/units/{code}/reviews", post(post_review).get(list).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
}

/// `POST /api/units/{code}/reviews`.
async fn post_review(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(request): Json<ReviewRequest>,
) -> Result<(StatusCode, Device, Json<ReviewReceipt>), ApiError> {
    state.allow(Write::Review, ip, device.returning())?;
    let key = idempotency_key(&headers)?;
    refuse_bots(&request.website)?;
    refuse_too_fast(request.fill_ms)?;
    ApiError::check_fields(ErrorCode::BadRequest, &request.problems())?;

    let address = address_key(&state.device_key, ip);
    let review = NewReview {
        unit_code: &code,
        request: &request,
        device: Some(&device.id),
        day: state.clock.today(),
        hold: hold_reason(&request.text),
        address: &address,
        at_ms: state.clock.now_ms(),
    };
    let template = r#"{"id":{id},"state":"{state}"}"#;
    let receipt = match state.store.post_review(&review, &REVIEW_BURSTS, &key, &fingerprint(&(&code, &request))?, template).await? {
        Outcome::Done((id, state)) => {
            crate::monitoring::accepted(Write::Review);
            ReviewReceipt { id, state }
        }
        Outcome::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Outcome::KeyReused => return Err(key_reused()),
        Outcome::UnknownUnit => return Err(ApiError::unit_not_found(&code)),
        Outcome::UnknownPhoto => return Err(unknown_photo()),
    };
    Ok((StatusCode::CREATED, device, Json(receipt)))
}

/// `GET /api/units/{code}/reviews?cursor=&limit=`: published reviews, newest first, alike for every
/// reader (the reader's own held or hidden ones come from `GET /api/units/{code}/mine`).
async fn list(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<axum::response::Response, ApiError> {
    let after = params.cursor.as_deref().map(parse_unit_cursor).transpose()?;
    let list = reviews_page(&state, &code, after, parse_limit(params.limit.as_deref())?).await?;
    Ok(kept(Json(list.ok_or_else(|| ApiError::unit_not_found(&code))?)))
}

/// A page of a unit's published reviews, or `None` for an unknown unit (the first page is also painted
/// into the reviews page).
pub async fn reviews_page(state: &AppState, code: &str, after: Option<Cursor>, limit: u32) -> Result<Option<ReviewList>, ApiError> {
    let page = state.store.reviews(code, after, limit, None).await?;
    Ok(page.map(|page| ReviewList { items: page.items, next_cursor: page.next.map(|c| format_cursor(&c)) }))
}
