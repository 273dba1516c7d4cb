//! 图文评价: posting a review (idempotently; held for moderation when it looks like an advert or comes
//! in a burst) and listing a unit's published reviews.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use mingchu_types::{hold_reason, ErrorCode, ReviewList, ReviewReceipt, ReviewRequest};

use super::api::{format_cursor, parse_limit, parse_unit_cursor, ListParams};
use super::device::Device;
use super::limits::{ClientIp, Write};
use super::writes::{fingerprint, idempotency_key, invalid, key_reused, refuse_bots, refuse_too_fast, unknown_photo};
use super::ApiError;
use crate::store::{NewReview, Outcome};
use crate::AppState;

/// `POST /api/units/{code}/reviews`.
pub async fn post(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ReviewRequest>, JsonRejection>,
) -> Result<(StatusCode, Device, Json<ReviewReceipt>), ApiError> {
    state.allow(Write::Review, ip, device.returning())?;
    let Path(code) = code.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let key = idempotency_key(&headers)?;
    let Json(request) = body?;
    refuse_bots(&request.website)?;
    refuse_too_fast(request.fill_ms)?;
    invalid(ErrorCode::BadRequest, &request.problems())?;

    let review =
        NewReview { unit_code: &code, request: &request, device: Some(&device.id), day: state.clock.today(), hold: hold_reason(&request.text) };
    let template = r#"{"id":{id},"state":"{state}"}"#;
    let receipt = match state.store.post_review(&review, &key, &fingerprint(&(&code, &request))?, template).await? {
        Outcome::Done((id, state)) => ReviewReceipt { id, state },
        Outcome::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Outcome::KeyReused => return Err(key_reused()),
        Outcome::UnknownUnit => return Err(ApiError::not_found(format!("no unit with code {code:?}"))),
        Outcome::UnknownPhoto => return Err(unknown_photo()),
    };
    Ok((StatusCode::CREATED, device, Json(receipt)))
}

/// `GET /api/units/{code}/reviews?cursor=&limit=`: published reviews, newest first, and the reader's
/// own held or hidden ones (known by the device cookie), marked for the reader alone.
pub async fn list(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    code: Result<Path<String>, PathRejection>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let Path(code) = code.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let Query(params) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let after = params.cursor.as_deref().map(parse_unit_cursor).transpose()?;
    let page = state.store.reviews(&code, after, parse_limit(params.limit.as_deref())?, state.device_key.device(&headers).as_deref()).await?;
    let page = page.ok_or_else(|| ApiError::not_found(format!("no unit with code {code:?}")))?;
    let list = Json(ReviewList { items: page.items, next_cursor: page.next.map(|c| format_cursor(&c)) });
    // The reader's own unpublished reviews are in it: for this browser only.
    Ok(([(axum::http::header::CACHE_CONTROL, "private, no-cache"), (axum::http::header::VARY, "Cookie")], list))
}
