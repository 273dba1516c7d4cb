//! The public records of units: search, a unit's first screen, its inspection history and sheets.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mingchu_types::{DeviceView, InspectionList, InspectionSheet, UnitList};

use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::paging::{format_cursor, parse_inspection_cursor, parse_limit, parse_unit_cursor, search_query, ListParams};
use super::sharing::kept;
use super::unit_page::{assemble, unit_summary, window_ratings};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(list_units))
        .route("/units/{code}", get(unit))
        .route("/units/{code}/mine", get(mine))
        .route("/units/{code}/inspections", get(inspections))
        .route("/units/{code}/inspections/{id}", get(inspection))
}

/// `GET /api/units?q=&cursor=&limit=`.
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
async fn unit(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, ApiError> {
    let page = assemble(&state, &code).await?.ok_or_else(|| ApiError::unit_not_found(&code))?;
    Ok(kept(Json(page)))
}

/// `GET /api/units/{code}/mine`: this device's own part of the unit's pages (its vote today, its reviews
/// not published), asked by the app after first paint; it also gives the browser the device cookie a
/// vote needs some seconds later. Kept by no cache.
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
async fn inspection(State(state): State<AppState>, Path((code, id)): Path<(String, String)>) -> Result<Response, ApiError> {
    sheet(&state, &code, &id).await?.map(|s| kept(Json(s))).ok_or_else(|| ApiError::not_found(format!("unit {code:?} has no inspection {id:?}")))
}

/// One inspection's sheet, when the unit has an inspection of that id (also painted into its page).
pub async fn sheet(state: &AppState, code: &str, id: &str) -> Result<Option<InspectionSheet>, ApiError> {
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    Ok(state.store.inspection(code, id).await?.map(|(header, inspection)| InspectionSheet { header, inspection }))
}
