//! 图文评价: posting a review (idempotently; held for moderation when it looks like an advert or comes
//! in a burst on the unit or from one address, [`REVIEW_BURSTS`]) and listing a unit's published reviews.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use mingchu_types::{hold_reason, ErrorBody, ErrorCode, ReviewList, ReviewReceipt, ReviewRequest, REVIEW_BURSTS};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::device::Device;
use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::limits::{ClientIp, Write};
use super::paging::{format_cursor, parse_limit, parse_unit_cursor, ListParams};
use super::sharing::kept;
use super::writes::{address_key, fingerprint, idempotency_key, key_reused, refuse_bots, refuse_too_fast, unknown_photo, MAX_FORM_BODY};
use crate::store::{Cursor, NewReview, Outcome};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_review, list).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
}

/// `POST /api/units/{code}/reviews`.
#[utoipa::path(
    post,
    path = "/units/{code}/reviews",
    tag = "writes",
    summary = "Post a review (图文评价) of a unit, published at once or held for moderation",
    params(("code" = String, Path, description = "The unit's code"), ("Idempotency-Key" = String, Header, description = "The draft's key (1 to 128 characters): a repeat with the same key and body gets the same answer")),
    request_body = ReviewRequest,
    responses(
        (status = 201, description = "The review's id and state", body = ReviewReceipt, headers(("Set-Cookie" = String, description = "The device cookie `mc_device`, when the browser sent none"))),
        (status = 400, description = "A body that is not JSON, no Idempotency-Key, a form filled in by a program, or a photo id this server does not have", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
        (status = 413, description = "A body larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not sent as application/json", body = ErrorBody),
        (status = 422, description = "A body with a missing or wrong field, fields not right (`fields` names them), a form sent too fast, or the Idempotency-Key used for another request", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
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
#[utoipa::path(
    get,
    path = "/units/{code}/reviews",
    tag = "units",
    summary = "A unit's published reviews, newest first",
    params(
        ("code" = String, Path, description = "The unit's code"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "Reviews per page (20 without)"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "A page of reviews", body = ReviewList, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 400, description = "A cursor this server did not give out, or a bad limit", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
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
