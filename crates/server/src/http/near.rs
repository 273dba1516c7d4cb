//! 食安地图, near me (issue 17): `GET /api/near` (and the painted `/near`, which asks [`near_list`]) — the
//! located units nearest a position or a district's middle, measured properly, with their grade, licence
//! and today's kitchen records in brief. Public records only: a reader's position is never stored, and
//! the answer is the same for everyone who asks the same address (so a shared cache keeps it).

use axum::extract::State;
use axum::response::Response;
use mingchu_types::kitchen::KindState;
use mingchu_types::near::{distance_m, valid_position, wgs84_to_gcj02, Datum, GradeFilter, NearList, NearUnit, TodayTally, NEAR_DEFAULT, NEAR_MAX};
use mingchu_types::{ErrorBody, LicenceStatus, Location, Scope, UnitKind};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Query};
use super::sharing::kept;
use super::unit_page::official_grade;
use crate::AppState;

/// Candidates read when a grade filter drops some of the nearest: the filter is applied after the
/// grade is resolved against its scheme.
const FILTERED_CANDIDATES: u32 = 500;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(near))
}

/// The query of `/api/near` and `/near`, as sent (every value checked by [`NearParams::ask`]).
#[derive(Debug, Default, Deserialize)]
pub struct NearParams {
    lat: Option<String>,
    lng: Option<String>,
    datum: Option<String>,
    region: Option<String>,
    kind: Option<String>,
    grade: Option<String>,
    limit: Option<String>,
}

/// Where to measure from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// A position in a datum (as the reader gave it).
    Position(Location, Datum),
    /// The middle of a region's located units.
    Region(Scope),
}

/// A checked near-me question.
#[derive(Clone, Debug, PartialEq)]
pub struct NearAsk {
    pub from: Option<Origin>,
    pub kind: Option<UnitKind>,
    pub grade: Option<GradeFilter>,
    pub limit: u32,
}

/// Why a near-me question cannot be answered, in words for the page's reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NearProblem {
    BadPosition,
    UnknownRegion,
    /// A kind, grade or limit no form offers (an edited address).
    BadFilter,
}

impl NearParams {
    /// The question, or the field at fault. An empty value is no value (the form sends every field).
    pub fn ask(&self) -> Result<NearAsk, (ApiError, NearProblem)> {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let bad = |field: &str, message: String, problem| (ApiError::bad_request(message).on_field(field), problem);
        let kind = match given(&self.kind) {
            None => None,
            Some(k) => Some(UnitKind::parse(&k).ok_or_else(|| bad("kind", format!("{k:?} is not a kind of unit"), NearProblem::BadFilter))?),
        };
        let grade = match given(&self.grade) {
            None => None,
            Some(g) => Some(
                GradeFilter::parse(&g).ok_or_else(|| bad("grade", format!("{g:?} is not big_smile, smile, flat or none"), NearProblem::BadFilter))?,
            ),
        };
        let limit = match given(&self.limit) {
            None => NEAR_DEFAULT,
            Some(l) => l
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=NEAR_MAX).contains(l))
                .ok_or_else(|| bad("limit", format!("limit {l:?} is not a number from 1 to {NEAR_MAX}"), NearProblem::BadFilter))?,
        };
        let from = match (given(&self.region), given(&self.lat), given(&self.lng)) {
            (Some(region), _, _) => Some(Origin::Region(
                Scope::of_region(&region).ok_or_else(|| bad("region", format!("{region:?} is not a region code"), NearProblem::UnknownRegion))?,
            )),
            (None, Some(lat), Some(lng)) => {
                let degrees = |v: &str| v.parse::<f64>().ok().filter(|d| d.is_finite());
                let position = degrees(&lat).zip(degrees(&lng)).map(|(lat, lng)| Location { lat, lng }).filter(|p| valid_position(*p));
                let position = position.ok_or_else(|| {
                    bad("lat", format!("({lat}, {lng}) is not a position: latitude -90 to 90, longitude -180 to 180"), NearProblem::BadPosition)
                })?;
                let datum = match given(&self.datum) {
                    None => Datum::default(),
                    Some(d) => Datum::parse(&d).ok_or_else(|| bad("datum", format!("{d:?} is not gcj02 or wgs84"), NearProblem::BadPosition))?,
                };
                Some(Origin::Position(position, datum))
            }
            (None, Some(_), None) | (None, None, Some(_)) => {
                return Err(bad("lat", "a position needs both lat and lng".into(), NearProblem::BadPosition));
            }
            (None, None, None) => None,
        };
        Ok(NearAsk { from, kind, grade, limit })
    }
}

/// `GET /api/near?lat=&lng=[&datum=wgs84]` or `?region=`, with `kind`, `grade` and `limit`.
#[utoipa::path(
    get,
    path = "/near",
    tag = "units",
    summary = "The located units nearest a position or a district's middle (食安地图), nearest first",
    params(
        ("lat" = Option<f64>, Query, minimum = -90, maximum = 90, description = "Latitude of the position (with lng)"),
        ("lng" = Option<f64>, Query, minimum = -180, maximum = 180, description = "Longitude of the position (with lat)"),
        ("datum" = Option<String>, Query, description = "The position's datum: `gcj02` (Chinese maps, without) or `wgs84` (a phone's GPS)"),
        ("region" = Option<String>, Query, description = "A region's code, measured from the middle of its units (instead of a position)"),
        ("kind" = Option<UnitKind>, Query, description = "Only units of this kind"),
        ("grade" = Option<String>, Query, description = "Only units of this grade: `big_smile`, `smile`, `flat` or `none`"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "How many units (20 without)"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The nearest units", body = NearList, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 400, description = "No position or region, or a value not right (`fields` names it)", body = ErrorBody),
        (status = 404, description = "No unit of that region has a known position", body = ErrorBody),
    )
)]
async fn near(State(state): State<AppState>, Query(params): Query<NearParams>) -> Result<Response, ApiError> {
    let ask = params.ask().map_err(|(e, _)| e)?;
    if ask.from.is_none() {
        return Err(ApiError::bad_request("give a position (lat and lng) or a region").on_field("lat"));
    }
    let list = near_list(&state, &ask).await?.ok_or_else(|| ApiError::not_found("no unit of that region has a known position"))?;
    Ok(kept(Json(list)))
}

/// The answer to `ask`: `None` without a point to measure from (no position asked, or a region with no
/// located unit).
pub async fn near_list(state: &AppState, ask: &NearAsk) -> Result<Option<NearList>, ApiError> {
    let (from, scope) = match &ask.from {
        None => return Ok(None),
        Some(Origin::Position(p, Datum::Gcj02)) => (*p, None),
        Some(Origin::Position(p, Datum::Wgs84)) => (wgs84_to_gcj02(*p), None),
        Some(Origin::Region(scope)) => match state.store.region_middle(scope).await? {
            Some(middle) => (middle, Some(scope)),
            None => return Ok(None),
        },
    };
    let read = if ask.grade.is_some() { FILTERED_CANDIDATES } else { ask.limit };
    let records = state.store.near_units(from, scope, ask.kind, read).await?;
    let (today, now) = (state.clock.today(), state.clock.now_ms());
    let mut items = Vec::new();
    for record in records {
        let grade = official_grade(record.grade.clone(), today).dynamic;
        if ask.grade.is_some_and(|g| !g.admits(&grade)) {
            continue;
        }
        let Some(location) = record.unit.location else { continue };
        let card = crate::kitchen::today_card(&*state.store, &state.kitchen_cache, &record, today, now).await?;
        items.push(NearUnit {
            distance_m: distance_m(from, location).round() as u32,
            licence: record.licence.as_ref().map(|l| LicenceStatus::on(l.valid_until, today)),
            today: card.map(|card| tally(card.lines.iter().map(|l| l.state))),
            grade,
            location,
            code: record.unit.code,
            name: record.unit.name,
            kind: record.unit.kind,
            address: record.unit.address,
        });
    }
    // The database ordered them by a flat measure; the exact one decides (and ties go by code).
    items.sort_by(|a, b| a.distance_m.cmp(&b.distance_m).then_with(|| a.code.cmp(&b.code)));
    items.truncate(ask.limit as usize);
    Ok(Some(NearList { from, region: scope.map(|s| s.region.clone()), items }))
}

/// Today's lines in three counts (lines not yet due, not asked or closed are none of them).
fn tally(states: impl Iterator<Item = KindState>) -> TodayTally {
    let mut t = TodayTally::default();
    for state in states {
        match state {
            KindState::Fine => t.fine += 1,
            KindState::Attention => t.attention += 1,
            KindState::Missing => t.missing += 1,
            KindState::NotYet | KindState::NotRequired | KindState::Closed => {}
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> NearParams {
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned());
        NearParams {
            lat: get("lat"),
            lng: get("lng"),
            datum: get("datum"),
            region: get("region"),
            kind: get("kind"),
            grade: get("grade"),
            limit: get("limit"),
        }
    }

    #[test]
    fn questions_are_checked_field_by_field() {
        let ok = params(&[("lat", "36.445"), ("lng", "115.978"), ("datum", "wgs84"), ("kind", "school_canteen"), ("grade", "smile"), ("limit", "5")])
            .ask()
            .unwrap();
        assert_eq!(ok.from, Some(Origin::Position(Location { lat: 36.445, lng: 115.978 }, Datum::Wgs84)));
        assert_eq!((ok.kind, ok.grade, ok.limit), (Some(UnitKind::SchoolCanteen), Some(GradeFilter::Face(mingchu_types::OfficialFace::Smile)), 5));
        // The form sends every field: empty ones are none.
        let empty = params(&[("lat", ""), ("lng", ""), ("region", ""), ("kind", ""), ("grade", "")]).ask().unwrap();
        assert_eq!((empty.from, empty.limit), (None, NEAR_DEFAULT));
        // A region wins over a position kept in the form.
        let region = params(&[("lat", "36.4"), ("lng", "115.9"), ("region", "371502")]).ask().unwrap();
        assert!(matches!(region.from, Some(Origin::Region(Scope { ref region, .. })) if region == "371502"));
        for (bad, field) in [
            (vec![("lat", "91"), ("lng", "115")], "lat"),
            (vec![("lat", "NaN"), ("lng", "115")], "lat"),
            (vec![("lat", "36")], "lat"),
            (vec![("region", "37%")], "region"),
            (vec![("kind", "bar")], "kind"),
            (vec![("grade", "A")], "grade"),
            (vec![("limit", "0")], "limit"),
            (vec![("limit", "51")], "limit"),
            (vec![("lat", "36"), ("lng", "115"), ("datum", "bd09")], "datum"),
        ] {
            let (e, _) = params(&bad).ask().unwrap_err();
            assert_eq!((e.status.as_u16(), e.fields.as_slice()), (400, [field.to_owned()].as_slice()), "{bad:?}");
        }
    }

    #[test]
    fn today_is_told_in_three_counts() {
        let t = tally([KindState::Fine, KindState::Fine, KindState::Attention, KindState::Missing, KindState::NotYet, KindState::Closed].into_iter());
        assert_eq!(t, TodayTally { fine: 2, attention: 1, missing: 1 });
    }
}
