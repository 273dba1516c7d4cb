//! 今日后厨 to the public: a day of a unit's own records (any of the last thirty, with the calendar) and
//! one record with its trail of versions. People are masked and private fields are left out by the
//! contract's public types; this file only finds the unit, the day and the record.

use axum::extract::State;
use mingchu_types::kitchen::{KitchenDay, RecordPage};
use mingchu_types::{Day, ErrorBody};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path, Query};
use crate::kitchen::DayAnswer;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(day)).routes(routes!(record))
}

#[derive(Debug, Default, Deserialize)]
pub struct DayParams {
    day: Option<String>,
}

/// `GET /api/units/{code}/today?day=YYYY-MM-DD` (today without `day`).
#[utoipa::path(
    get,
    path = "/units/{code}/today",
    tag = "kitchen",
    summary = "A day of the unit's own kitchen records (今日后厨), with the calendar",
    params(
        ("code" = String, Path, description = "The unit's code"),
        ("day" = Option<Day>, Query, description = "One of the last thirty days (today without)"),
    ),
    responses(
        (status = 200, description = "The day's records", body = KitchenDay),
        (status = 400, description = "Not a day, or a day outside the last thirty", body = ErrorBody),
        (status = 404, description = "No unit with that code, or one that does not keep its records here", body = ErrorBody),
    )
)]
async fn day(State(state): State<AppState>, Path(code): Path<String>, Query(params): Query<DayParams>) -> Result<Json<KitchenDay>, ApiError> {
    let day = match params.day.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(d.parse::<Day>().map_err(|_| ApiError::bad_request(format!("{d:?} is not a day: YYYY-MM-DD")).on_field("day"))?),
    };
    match kitchen_day(&state, &code, day).await? {
        DayAnswer::Shown(day) => Ok(Json(*day)),
        DayAnswer::UnknownUnit => Err(ApiError::unit_not_found(&code)),
        DayAnswer::Outside { first, today } => Err(ApiError::bad_request(format!(
            "the kitchen's records can be read for the last {} days: {first} to {today}",
            crate::kitchen::rules().calendar_days
        ))
        .on_field("day")),
        DayAnswer::NotKept => Err(ApiError::not_found(format!("unit {code:?} does not keep its kitchen records here"))),
    }
}

/// A day of the unit's records (also painted into its page).
pub async fn kitchen_day(state: &AppState, code: &str, day: Option<Day>) -> Result<DayAnswer, ApiError> {
    Ok(crate::kitchen::kitchen_day(&*state.store, code, day, state.clock.today(), state.clock.now_ms()).await?)
}

/// `GET /api/units/{code}/records/{id}`.
#[utoipa::path(
    get,
    path = "/units/{code}/records/{id}",
    tag = "kitchen",
    summary = "One kitchen record with its trail of versions",
    params(("code" = String, Path, description = "The unit's code"), ("id" = String, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The record", body = RecordPage),
        (status = 404, description = "No unit with that code, or no such record of it", body = ErrorBody),
    )
)]
async fn record(State(state): State<AppState>, Path((code, id)): Path<(String, String)>) -> Result<Json<RecordPage>, ApiError> {
    if state.store.unit(&code).await?.is_none() {
        return Err(ApiError::unit_not_found(&code));
    }
    record_page(&state, &code, &id).await?.map(Json).ok_or_else(|| ApiError::not_found(format!("unit {code:?} has no kitchen record {id:?}")))
}

/// One of the unit's records (also painted into its page); `None` for an unknown unit or record.
pub async fn record_page(state: &AppState, code: &str, id: &str) -> Result<Option<RecordPage>, ApiError> {
    Ok(crate::kitchen::record_page(&*state.store, code, id).await?)
}
