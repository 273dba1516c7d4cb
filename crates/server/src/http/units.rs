//! The public records of units: search, a unit's first screen, its inspection history and sheets.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use mingchu_types::{DeviceView, ErrorBody, InspectionList, InspectionSheet, UnitList, UnitPage};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::paging::{format_cursor, parse_inspection_cursor, parse_limit, parse_unit_cursor, search_query, ListParams};
use super::sharing::kept;
use super::unit_page::{assemble, unit_summary, window_ratings};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units))
        .routes(routes!(unit))
        .routes(routes!(mine))
        .routes(routes!(inspections))
        .routes(routes!(inspection))
}

/// `GET /api/units?q=&cursor=&limit=`.
#[utoipa::path(
    get,
    path = "/units",
    tag = "units",
    summary = "Search units by name, address or code",
    params(
        ("q" = Option<String>, Query, description = "Words to search for (at most 50 characters); all units without"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "Units per page (20 without)"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "A page of units", body = UnitList, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 400, description = "A query too long, a cursor this server did not give out, or a bad limit", body = ErrorBody),
    )
)]
async fn list_units(State(state): State<AppState>, Query(params): Query<ListParams>) -> Result<Response, ApiError> {
    let query = search_query(params.q.as_deref())?;
    let after = params.cursor.as_deref().map(parse_unit_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    let page = state.store.search_units(query.as_deref(), after, limit).await?;
    let today = state.clock.today();
    let list =
        UnitList { items: page.items.into_iter().map(|r| unit_summary(r, today)).collect(), next_cursor: page.next.map(|c| format_cursor(&c)) };
    Ok(kept(Json(list)))
}

/// `GET /api/units/{code}`: the first screen in one request, alike for every reader (this device's own
/// part is [`mine`]'s).
#[utoipa::path(
    get,
    path = "/units/{code}",
    tag = "units",
    summary = "A unit's first screen: licence, grade, inspections, ratings, kitchen and cameras in brief",
    params(
        ("code" = String, Path, description = "The unit's code"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The unit's page", body = UnitPage, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
async fn unit(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, ApiError> {
    let page = assemble(&state, &code).await?.ok_or_else(|| ApiError::unit_not_found(&code))?;
    Ok(kept(Json(page)))
}

/// `GET /api/units/{code}/mine`: this device's own part of the unit's pages (its vote today, its reviews
/// not published), asked by the app after first paint; it also gives the browser the device cookie a
/// vote needs some seconds later. Kept by no cache.
#[utoipa::path(
    get,
    path = "/units/{code}/mine",
    tag = "units",
    summary = "This device's own part of a unit's page (its vote today, its reviews not yet published)",
    params(("code" = String, Path, description = "The unit's code")),
    responses(
        (status = 200, description = "This device's view; also hands out the device cookie a vote needs", body = DeviceView,
         headers(("Set-Cookie" = String, description = "The signed device cookie `mc_device`, when the browser has none or an old one"))),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
async fn mine(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Result<Response, ApiError> {
    if state.store.reviews(&code, None, 1, None).await?.is_none() {
        return Err(ApiError::unit_not_found(&code));
    }
    let mut view = DeviceView::default();
    if let Some(device) = state.device_key.device(&headers) {
        let (ratings, reviews) = tokio::try_join!(window_ratings(&state, &code, state.clock.today(), Some(&device)), async {
            Ok(state.store.own_reviews(&code, &device).await?)
        })?;
        view = DeviceView { vote: ratings.mine, reviews };
    }
    let mut response = Json(view).into_response();
    let headers_out = response.headers_mut();
    headers_out.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Some(cookie) = state.device_key.on_visit(&headers, state.clock.now_ms()) {
        headers_out.insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /api/units/{code}/inspections?cursor=&limit=`: newest first.
#[utoipa::path(
    get,
    path = "/units/{code}/inspections",
    tag = "units",
    summary = "A unit's inspections, newest first",
    params(
        ("code" = String, Path, description = "The unit's code"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "Inspections per page (20 without)"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "A page of inspections", body = InspectionList, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 400, description = "A cursor this server did not give out, or a bad limit", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
async fn inspections(State(state): State<AppState>, Path(code): Path<String>, Query(params): Query<ListParams>) -> Result<Response, ApiError> {
    let after = params.cursor.as_deref().map(parse_inspection_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    inspections_page(&state, &code, after, limit).await?.map(|list| kept(Json(list))).ok_or_else(|| ApiError::unit_not_found(&code))
}

/// A page of a unit's inspections after `after`, or `None` for an unknown unit (the first page is also
/// painted into its history page).
pub async fn inspections_page(
    state: &AppState,
    code: &str,
    after: Option<crate::store::Cursor>,
    limit: u32,
) -> Result<Option<InspectionList>, ApiError> {
    let Some((page, total)) = state.store.inspections(code, after, limit).await? else {
        return Ok(None);
    };
    Ok(Some(InspectionList { items: page.items, next_cursor: page.next.map(|c| format_cursor(&c)), total }))
}

/// `GET /api/units/{code}/inspections/{id}`: the whole sheet.
#[utoipa::path(
    get,
    path = "/units/{code}/inspections/{id}",
    tag = "units",
    summary = "One inspection's whole sheet",
    params(
        ("code" = String, Path, description = "The unit's code"),
        ("id" = String, Path, description = "The inspection's id"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The inspection sheet", body = InspectionSheet, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 404, description = "No unit with that code, or no such inspection of it", body = ErrorBody),
    )
)]
async fn inspection(State(state): State<AppState>, Path((code, id)): Path<(String, String)>) -> Result<Response, ApiError> {
    sheet(&state, &code, &id).await?.map(|s| kept(Json(s))).ok_or_else(|| ApiError::not_found(format!("unit {code:?} has no inspection {id:?}")))
}

/// One inspection's sheet, when the unit has an inspection of that id (also painted into its page).
pub async fn sheet(state: &AppState, code: &str, id: &str) -> Result<Option<InspectionSheet>, ApiError> {
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    Ok(state.store.inspection(code, id).await?.map(|(header, inspection)| InspectionSheet { header, inspection }))
}
