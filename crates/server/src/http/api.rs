//! The public JSON API: small handlers that validate input, ask the store and shape the answer.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use mingchu_types::{
    check_credit_code, months_overdue, parse_licence_number, Day, DynamicGrade, InspectionList, InspectionSheet, LicenceStatus, LicenceView,
    LiveBrief, OfficialGrade, RateRequest, RatingSummary, UnitList, UnitPage, UnitSummary, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_CHARS,
    RATING_WINDOW_DAYS,
};
use serde::Deserialize;

use super::device::Device;
use super::limits::{ClientIp, Write};
use super::ApiError;
use crate::frames::MAX_FRAME_BYTES;
use crate::media::PhotoRules;
use crate::store::{Cursor, DynamicGradeData, StoredGrade, UnitRecord};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/units", get(list_units))
        .route("/units/{code}", get(unit))
        .route("/units/{code}/inspections", get(inspections))
        .route("/units/{code}/inspections/{id}", get(inspection))
        .route("/units/{code}/ratings", post(rate).layer(DefaultBodyLimit::max(MAX_SMALL_BODY)))
        .route("/units/{code}/reports", post(super::reports::file).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
        .route("/units/{code}/messages", post(super::messages::send).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
        .route("/tickets/{ticket}", get(super::tickets::show))
        .route("/units/{code}/reviews", post(super::reviews::post).get(super::reviews::list).layer(DefaultBodyLimit::max(MAX_FORM_BODY)))
        // A little over the photo limit, so that the photo rules (not the body limit) say what is wrong.
        .route("/photos", post(super::photos::upload).layer(DefaultBodyLimit::max(PhotoRules::default().max_bytes + 1)))
        .route("/units/{code}/cameras", get(super::cameras::list))
        .route("/cameras/{id}/frame", get(super::cameras::frame))
        // Gateways push steadily, so no per-address limit; a little over the frame limit, like photos.
        .route("/ingest/cameras/{id}/frames", post(super::cameras::ingest).layer(DefaultBodyLimit::max(MAX_FRAME_BYTES + 1)))
        .route("/platform/units/{code}", put(super::platform::put_unit).layer(DefaultBodyLimit::max(super::platform::MAX_RECORD_BYTES)))
        .fallback(|| async { ApiError::not_found("no such API endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError { status: StatusCode::METHOD_NOT_ALLOWED, ..ApiError::bad_request("this endpoint does not take that method") }
        })
}

pub async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

/// Query parameters arrive as text, so that every malformed value gets our own 400 message.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

async fn list_units(State(state): State<AppState>, params: Result<Query<ListParams>, QueryRejection>) -> Result<Json<UnitList>, ApiError> {
    let params = params.map_err(|e| ApiError::bad_request(e.body_text()))?.0;
    let query = search_query(params.q.as_deref())?;
    let after = params.cursor.as_deref().map(parse_unit_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    let page = state.store.search_units(query.as_deref(), after, limit).await?;
    let today = state.clock.today();
    Ok(Json(UnitList { items: page.items.into_iter().map(|r| unit_summary(r, today)).collect(), next_cursor: page.next.map(|c| format_cursor(&c)) }))
}

async fn unit(State(state): State<AppState>, headers: HeaderMap, code: Result<Path<String>, PathRejection>) -> Result<Json<UnitPage>, ApiError> {
    let code = path(code)?;
    let record = state.store.unit(&code).await?.ok_or_else(|| unit_not_found(&code))?;
    let ratings = ratings_for(&state, &code, &headers).await?;
    let mut page = unit_page(record, state.clock.today(), ratings);
    page.live = live_brief(&state, &code).await?;
    Ok(Json(page))
}

/// The kitchen view in brief: a camera to show (a live one if there is one), how many public cameras
/// there are, and the delay. One query and the in-memory frame index: the first screen stays fast.
pub async fn live_brief(state: &AppState, code: &str) -> Result<Option<LiveBrief>, ApiError> {
    let cameras = state.store.unit_cameras(code).await?.unwrap_or_default();
    Ok(crate::cameras::brief(&cameras, &state.frames, state.min_camera_delay_secs, state.clock.now_ms()))
}

/// A unit's ratings over the window, with the requesting device's vote today.
pub async fn ratings_for(state: &AppState, code: &str, headers: &HeaderMap) -> Result<RatingSummary, ApiError> {
    window_ratings(state, code, state.clock.today(), state.device_key.device(headers).as_deref()).await
}

/// A unit's ratings over the [`RATING_WINDOW_DAYS`] ending `today`, with `device`'s vote that day.
async fn window_ratings(state: &AppState, code: &str, today: Day, device: Option<&str>) -> Result<RatingSummary, ApiError> {
    Ok(state.store.ratings(code, today.add_days(1 - RATING_WINDOW_DAYS), today, device).await?)
}

/// The largest body a small JSON request (a rating) may have.
const MAX_SMALL_BODY: usize = 4 * 1024;
/// The largest body of a form (a report: up to 1000 characters of text and six photo ids; a review or a
/// message: 500 characters).
const MAX_FORM_BODY: usize = 16 * 1024;

/// `POST /api/units/{code}/ratings`: one smiley per device per unit per day; a new device gets its
/// signed cookie with the answer.
async fn rate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<RateRequest>, JsonRejection>,
) -> Result<(Device, Json<RatingSummary>), ApiError> {
    state.allow(Write::Rating, ip, device.returning())?;
    let code = path(code)?;
    let Json(request) = body?;
    // One day for both, so a vote just before midnight is counted in the summary it answers.
    let today = state.clock.today();
    if !state.store.rate(&code, &device.id, today, request.smiley).await? {
        return Err(unit_not_found(&code));
    }
    let summary = window_ratings(&state, &code, today, Some(&device.id)).await?;
    Ok((device, Json(summary)))
}

async fn inspections(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<InspectionList>, ApiError> {
    let code = path(code)?;
    let params = params.map_err(|e| ApiError::bad_request(e.body_text()))?.0;
    let after = params.cursor.as_deref().map(parse_inspection_cursor).transpose()?;
    let limit = parse_limit(params.limit.as_deref())?;
    let (page, total) = state.store.inspections(&code, after, limit).await?.ok_or_else(|| unit_not_found(&code))?;
    Ok(Json(InspectionList { items: page.items, next_cursor: page.next.map(|c| format_cursor(&c)), total }))
}

async fn inspection(State(state): State<AppState>, ids: Result<Path<(String, String)>, PathRejection>) -> Result<Json<InspectionSheet>, ApiError> {
    let (code, id) = path(ids)?;
    let missing = || ApiError::not_found(format!("unit {code:?} has no inspection {id:?}"));
    let id: i64 = id.parse().map_err(|_| missing())?;
    let (header, inspection) = state.store.inspection(&code, id).await?.ok_or_else(missing)?;
    Ok(Json(InspectionSheet { header, inspection }))
}

pub(super) fn path<T>(p: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    p.map(|Path(v)| v).map_err(|e| ApiError::bad_request(e.body_text()))
}

pub(super) fn unit_not_found(code: &str) -> ApiError {
    ApiError::not_found(format!("no unit with code {code:?}"))
}

/// A trimmed, non-empty query of at most [`MAX_QUERY_CHARS`] characters, or none.
pub fn search_query(q: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!("q is longer than {MAX_QUERY_CHARS} characters")));
    }
    Ok(Some(q.to_owned()))
}

pub fn parse_limit(limit: Option<&str>) -> Result<u32, ApiError> {
    match limit {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(s) => match s.parse::<u32>() {
            Ok(n @ 1..=MAX_PAGE_SIZE) => Ok(n),
            _ => Err(ApiError::bad_request(format!("limit must be a whole number from 1 to {MAX_PAGE_SIZE}"))),
        },
    }
}

// Cursors are opaque to clients: `u42` for units, `2026-11-29.17` for inspections.
pub fn format_cursor(c: &Cursor) -> String {
    match c {
        Cursor::Unit(id) => format!("u{id}"),
        Cursor::Inspection(day, id) => format!("{day}.{id}"),
    }
}

fn bad_cursor() -> ApiError {
    ApiError::bad_request("cursor is not one this server gave out")
}

pub fn parse_unit_cursor(s: &str) -> Result<Cursor, ApiError> {
    s.strip_prefix('u').and_then(|id| id.parse().ok()).map(Cursor::Unit).ok_or_else(bad_cursor)
}

fn parse_inspection_cursor(s: &str) -> Result<Cursor, ApiError> {
    let (day, id) = s.split_once('.').ok_or_else(bad_cursor)?;
    Ok(Cursor::Inspection(day.parse::<Day>().map_err(|_| bad_cursor())?, id.parse().map_err(|_| bad_cursor())?))
}

/// The first screen's data, with statuses worked out for `today`.
pub fn unit_page(record: UnitRecord, today: Day, ratings: RatingSummary) -> UnitPage {
    let licence = record.licence.map(|licence| LicenceView {
        status: LicenceStatus::on(licence.valid_until, today),
        credit_code_check: check_credit_code(&licence.credit_code),
        number_well_formed: parse_licence_number(&licence.number).is_some(),
        licence,
    });
    let months_since_inspection = record.latest_inspection.as_ref().and_then(|i| months_overdue(i.date, today));
    UnitPage {
        grade: official_grade(record.grade, today),
        unit: record.unit,
        licence,
        latest_inspection: record.latest_inspection,
        months_since_inspection,
        as_of: today,
        ratings,
        live: None,
    }
}

pub fn unit_summary(record: UnitRecord, today: Day) -> UnitSummary {
    let page = unit_page(record, today, RatingSummary::default());
    UnitSummary { code: page.unit.code, name: page.unit.name, kind: page.unit.kind, address: page.unit.address, grade: page.grade.dynamic }
}

/// Resolves a stored grade's level against its scheme, so the page can draw any scheme.
fn official_grade(g: StoredGrade, today: Day) -> OfficialGrade {
    let dynamic = match g.dynamic {
        DynamicGradeData::Graded { level, score, graded_on } => match g.scheme.level(&level) {
            Some(level) => DynamicGrade::Graded { level: level.clone(), score, graded_on },
            // put_unit refuses unknown levels; a scheme edited afterwards must not break the page.
            None => {
                tracing::warn!("grade level {level:?} is not in scheme {:?}", g.scheme.key);
                DynamicGrade::NotGraded { reason: mingchu_types::NotGradedReason::Unavailable, until: None }
            }
        },
        // A "from" date that has passed says nothing useful until the regulator publishes a grade.
        DynamicGradeData::NotGraded { reason, until } => DynamicGrade::NotGraded { reason, until: until.filter(|d| *d > today) },
    };
    OfficialGrade { scheme_key: g.scheme.key, scheme_name_zh: g.scheme.name_zh, scheme_name_en: g.scheme.name_en, dynamic, annual: g.annual }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        for c in [Cursor::Unit(42), Cursor::Inspection("2026-11-29".parse().unwrap(), 17)] {
            let s = format_cursor(&c);
            let back = match c {
                Cursor::Unit(_) => parse_unit_cursor(&s),
                Cursor::Inspection(..) => parse_inspection_cursor(&s),
            };
            assert_eq!(back.unwrap(), c);
        }
        for bad in ["", "42", "ux", "2026-11-29", "2026-13-01.4", "2026-11-29.x"] {
            assert!(parse_unit_cursor(bad).is_err() && parse_inspection_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_PAGE_SIZE);
        assert_eq!(parse_limit(Some("50")).unwrap(), 50);
        for bad in ["0", "51", "-1", "ten", "1.5"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn queries_are_trimmed_and_bounded() {
        assert_eq!(search_query(Some("  食 ")).unwrap().as_deref(), Some("食"));
        assert_eq!(search_query(Some("   ")).unwrap(), None);
        assert!(search_query(Some(&"食".repeat(51))).is_err());
        assert!(search_query(Some(&"食".repeat(50))).is_ok());
    }
}
