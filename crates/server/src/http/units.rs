//! The public records of units: search, a unit's first screen, its inspection history and sheets.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mingchu_types::{InspectionList, InspectionSheet, UnitList};

use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::paging::{format_cursor, parse_inspection_cursor, parse_limit, parse_unit_cursor, search_query, ListParams};
use super::unit_page::{assemble, unit_summary};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(list_units))
        .route("/units/{code}", get(unit))
        .route("/units/{code}/inspections", get(inspections))
        .route("/units/{code}/inspections/{id}", get(inspection))
}

/// `GET /api/units?q=&cursor=&limit=`.
async fn list_units(State(state): State<AppState>, Query(params): Query<ListParams>) -> Result<Json<UnitList>, ApiError> {
    let query = search_query(params.q.as_deref())?;
    let after = params.cursor.as_deref().map(parse_unit_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    let page = state.store.search_units(query.as_deref(), after, limit).await?;
    let today = state.clock.today();
    Ok(Json(UnitList { items: page.items.into_iter().map(|r| unit_summary(r, today)).collect(), next_cursor: page.next.map(|c| format_cursor(&c)) }))
}

/// `GET /api/units/{code}`: the first screen in one request. Like the painted page, it gives the
/// browser the device cookie a vote needs some seconds later.
async fn unit(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Result<Response, ApiError> {
    let page = assemble(&state, &code, &headers).await?.ok_or_else(|| ApiError::unit_not_found(&code))?;
    let mut response = Json(page).into_response();
    if let Some(cookie) = state.device_key.on_visit(&headers, state.clock.now_ms()) {
        // This browser's alone: no shared cache may hand the cookie on.
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /api/units/{code}/inspections?cursor=&limit=`: newest first.
async fn inspections(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<InspectionList>, ApiError> {
    let after = params.cursor.as_deref().map(parse_inspection_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    inspections_page(&state, &code, after, limit).await?.map(Json).ok_or_else(|| ApiError::unit_not_found(&code))
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
async fn inspection(State(state): State<AppState>, Path((code, id)): Path<(String, String)>) -> Result<Json<InspectionSheet>, ApiError> {
    sheet(&state, &code, &id).await?.map(Json).ok_or_else(|| ApiError::not_found(format!("unit {code:?} has no inspection {id:?}")))
}

/// One inspection's sheet, when the unit has an inspection of that id (also painted into its page).
pub async fn sheet(state: &AppState, code: &str, id: &str) -> Result<Option<InspectionSheet>, ApiError> {
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    Ok(state.store.inspection(code, id).await?.map(|(header, inspection)| InspectionSheet { header, inspection }))
}
