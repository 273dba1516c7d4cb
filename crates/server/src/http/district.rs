//! How a district is doing (食安地图, issue 17): `GET /api/regions` (the named regions) and
//! `GET /api/regions/{code}` (a city's, county's or station's figures; the painted `/r/{code}` asks
//! [`region_figures`] too). Counts of public records only: no unit's staff, no reporter, no device.

use axum::extract::State;
use axum::response::Response;
use mingchu_types::district::{district_figures, district_months, AlertOutcome, DistrictFacts, DistrictFigures, ReportFacts, UnitFacts};
use mingchu_types::{Day, DynamicGrade, ErrorBody, Level, Region, Scope, CHINA_UTC_OFFSET_SECS};
use std::collections::HashMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path};
use super::sharing::kept;
use super::unit_page::official_grade;
use crate::watch::rules;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(regions)).routes(routes!(figures))
}

/// `GET /api/regions`: every named region (the city, its counties, their stations), by code.
#[utoipa::path(
    get,
    path = "/regions",
    tag = "regions",
    summary = "Every named region: the city (`3715`), its counties (`371502`) and their stations (`371502-01`)",
    params(("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The regions, by code", body = Vec<Region>, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
    )
)]
async fn regions(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(kept(Json(state.store.regions().await?)))
}

/// `GET /api/regions/{region}`.
#[utoipa::path(
    get,
    path = "/regions/{region}",
    tag = "regions",
    summary = "How a region is doing: its units by grade and kind, and the regulator's work month by month over 12 months",
    params(
        ("region" = String, Path, description = "A region's code: `3715`, `371502` or `371502-01`"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The region's figures", body = DistrictFigures, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 404, description = "Not a region's code, or one we do not know", body = ErrorBody),
    )
)]
async fn figures(State(state): State<AppState>, Path(region): Path<String>) -> Result<Response, ApiError> {
    let figures = region_figures(&state, &region).await?.ok_or_else(|| ApiError::not_found(format!("{region:?} is not a region we know")))?;
    Ok(kept(Json(figures)))
}

/// The region a region lies in: a station's county, a county's city.
fn parent_code(scope: &Scope) -> Option<&str> {
    match scope.level {
        Level::City => None,
        Level::County => scope.region.get(..4),
        Level::Station => scope.region.split_once('-').map(|(county, _)| county),
    }
}

/// The figures of region `code`; `None` when the code is not a region's, or names no region we know
/// and no unit lies in it.
pub async fn region_figures(state: &AppState, code: &str) -> Result<Option<DistrictFigures>, ApiError> {
    let Some(scope) = Scope::of_region(code) else { return Ok(None) };
    let named = state.store.regions().await?;
    let name = |code: &str| named.iter().find(|r| r.code == code).cloned();
    let units = state.store.region_units(&scope).await?;
    let region = match name(code) {
        Some(region) => region,
        None if units.is_empty() => return Ok(None),
        None => Region { code: code.to_owned(), name_zh: code.to_owned(), name_en: String::new() },
    };
    let parent = parent_code(&scope).map(|p| name(p).unwrap_or_else(|| Region { code: p.to_owned(), name_zh: p.to_owned(), name_en: String::new() }));
    let parts = named.iter().filter(|r| Scope::of_region(&r.code).is_some_and(|s| parent_code(&s) == Some(code))).cloned().collect();

    let (today, now_ms) = (state.clock.today(), state.clock.now_ms());
    let since = district_months(today)[0];
    let mut inspected: HashMap<String, Vec<Day>> = HashMap::new();
    for (unit, day) in state.store.region_inspection_days(&scope).await? {
        if let Ok(day) = day.parse() {
            inspected.entry(unit).or_default().push(day);
        }
    }
    let units = units
        .into_iter()
        .map(|record| {
            let face = match official_grade(record.grade, today).dynamic {
                DynamicGrade::Graded { level, .. } => Some(level.face),
                DynamicGrade::NotGraded { .. } => None,
            };
            let inspected = inspected.remove(&record.unit.code).unwrap_or_default();
            UnitFacts { region: record.region, kind: record.unit.kind, face, licence_until: record.licence.map(|l| l.valid_until), inspected }
        })
        .collect();
    // Reports are stored with UTC timestamps: a day's early hours in China are the day before in UTC.
    let since_utc = since.add_days(-1).to_string();
    let china_day = |at: &str| Day::of_utc_timestamp(at, CHINA_UTC_OFFSET_SECS);
    let reports = state
        .store
        .region_reports(&scope, &since_utc)
        .await?
        .into_iter()
        .filter_map(|(filed, due, decided)| {
            Some(ReportFacts { filed: china_day(&filed)?, due: due.parse().ok()?, decided: decided.as_deref().and_then(china_day) })
        })
        .collect();
    let rules = rules();
    let alerts = state
        .store
        .alerts_in(&scope, since.start_ms(CHINA_UTC_OFFSET_SECS))
        .await?
        .into_iter()
        .map(|a| {
            let facts = a.facts();
            let settled = facts.answered.is_some() || now_ms > rules.deadline_ms(facts.raised_ms);
            AlertOutcome {
                raised: Day::from_unix_seconds(facts.raised_ms.div_euclid(1000), CHINA_UTC_OFFSET_SECS),
                in_time: settled.then(|| facts.in_time(rules)),
            }
        })
        .collect();
    let facts = DistrictFacts { units, reports, alerts };
    Ok(Some(district_figures(region, scope.level, parent, parts, &facts, today)))
}
