//! Alerts and sensors over HTTP, for devices and the public: a camera's analytics box sends an alert
//! with a snapshot (with the camera's own token, as its frames), a sensor's gateway sends readings (with
//! the sensor's token), and the public reads a unit's counts and sensors — never a snapshot or a note.

use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::post;
use mingchu_types::watch::{check_readings, AlertCategory, PublicWatch, ReadingsInput, ReadingsReceived};
use mingchu_types::{ErrorBody, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cameras::{frame_error, Gateway};
use super::error::ApiError;
use super::extract::{ImageBody, Json, Path, Query};
use crate::cameras::hash_opens;
use crate::frames::{check_jpeg, MAX_FRAME_BYTES};
use crate::room::Upload;
use crate::store::{SensorRecord, Sighted, Sighting};
use crate::watch::{public_watch, rules};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public))
        // A little over the frame limit, so that the frame rules (not the body limit) say what is wrong.
        .route("/ingest/cameras/{id}/alerts", post(alert).layer(DefaultBodyLimit::max(MAX_FRAME_BYTES + 1)))
        // A backlog of the most readings a request may carry, with room to spare.
        .route("/ingest/sensors/{id}/readings", post(readings).layer(DefaultBodyLimit::max(128 * 1024)))
}

/// Where a snapshot is kept in the media store: apart from the photos, whose names are their ids.
pub fn snapshot_file(alert_id: &str) -> String {
    format!("snapshots/{alert_id}.jpg")
}

/// `POST /api/ingest/cameras/{id}/alerts`'s query: what the box saw, how sure it is (0–1), and when
/// (its clock, UTC ms; the time it arrived if absent).
#[derive(Debug, Deserialize)]
struct AlertQuery {
    category: String,
    confidence: f64,
    #[serde(default)]
    at_ms: Option<i64>,
}

/// The answer to a box: the alert its sighting is (201 a new one, 200 folded into an earlier one).
#[derive(Debug, Serialize, Deserialize)]
pub struct AlertReceived {
    pub id: String,
    pub repeat: bool,
}

/// `POST /api/ingest/cameras/{id}/alerts?category=rodent&confidence=0.82[&at_ms=…]` with the snapshot
/// JPEG as the body, checked by its bytes as a frame is.
async fn alert(
    State(state): State<AppState>,
    Gateway(camera): Gateway,
    Query(q): Query<AlertQuery>,
    ImageBody(body): ImageBody,
) -> Result<(StatusCode, Json<AlertReceived>), ApiError> {
    let category = AlertCategory::parse(&q.category)
        .filter(|c| c.from_camera())
        .ok_or_else(|| ApiError::bad_request(format!("{:?} is not a camera alert's category", q.category)).on_field("category"))?;
    if !q.confidence.is_finite() || !(0.0..=1.0).contains(&q.confidence) {
        return Err(ApiError::bad_request("confidence is from 0 to 1").on_field("confidence"));
    }
    let rules = rules();
    let now = state.clock.now_ms();
    let at_ms = q.at_ms.unwrap_or(now);
    if at_ms > now + i64::from(rules.clock_slack_minutes) * 60_000 || at_ms < now - i64::from(rules.backlog_days) * 86_400_000 {
        return Err(ApiError::bad_request("at_ms is too far from the server's clock").on_field("at_ms"));
    }
    check_jpeg(&body, state.frames.rules()).map_err(frame_error)?;
    if let Some(dir) = state.media.local_dir() {
        state.room.check_disk(Upload::Photo, dir, body.len() as u64)?;
    }
    let id = crate::store::new_alert_id()?;
    let sighting = Sighting {
        id: &id,
        camera_id: camera.id,
        category,
        confidence_percent: (q.confidence * 100.0).round() as u8,
        at_ms,
        raised_ms: now,
        window_ms: i64::from(rules.duplicate_minutes) * 60_000,
        snapshot: true,
    };
    match state.store.sight(&sighting).await? {
        Sighted::New => {
            // Kept after the alert is: a snapshot that fails to be kept leaves an alert without its picture,
            // never a picture nobody can reach.
            state.media.put(&snapshot_file(&id), body.to_vec()).await.map_err(ApiError::internal)?;
            crate::monitoring::alert_received(category.as_str(), true);
            Ok((StatusCode::CREATED, Json(AlertReceived { id, repeat: false })))
        }
        Sighted::Repeat(earlier) => {
            crate::monitoring::alert_received(category.as_str(), false);
            Ok((StatusCode::OK, Json(AlertReceived { id: earlier, repeat: true })))
        }
        Sighted::UnknownCamera => Err(ApiError::not_found(format!("no camera {}", camera.id))),
    }
}

/// A sensor whose gateway showed its current token. Checked from the headers, before the body is read.
pub struct SensorGateway(pub SensorRecord);

impl FromRequestParts<AppState> for SensorGateway {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SensorGateway, ApiError> {
        let token = super::extract::bearer(&parts.headers)
            .map(str::to_owned)
            .ok_or_else(|| ApiError::unauthorized("an Authorization: Bearer <sensor token> header is required"))?;
        let Path(id) = Path::<String>::from_request_parts(parts, state).await?;
        let sensor = match id.parse::<i64>() {
            Ok(n) => state.store.sensor(n).await?,
            Err(_) => None,
        };
        let sensor = sensor.ok_or_else(|| ApiError::not_found(format!("no sensor {id:?}")))?;
        if !hash_opens(sensor.token_hash.as_deref(), &token) {
            return Err(ApiError::unauthorized(format!("the token is not sensor {id}'s current one")));
        }
        Ok(SensorGateway(sensor))
    }
}

/// `POST /api/ingest/sensors/{id}/readings`: one reading or many (a backlog, in any order); a reading
/// of a time already stored changes nothing. Readings out of range for longer than the kind's grace
/// raise an alert (its id in the answer).
async fn readings(
    State(state): State<AppState>,
    SensorGateway(sensor): SensorGateway,
    Json(input): Json<ReadingsInput>,
) -> Result<(StatusCode, Json<ReadingsReceived>), ApiError> {
    let rules = rules();
    let now = state.clock.now_ms();
    let readings = check_readings(input.readings(), now, rules).map_err(|problems| {
        let fields = problems.iter().filter_map(super::error::wire_name).collect();
        ApiError::unprocessable(ErrorCode::BadRequest, "some readings are not right").with_fields(fields)
    })?;
    let rule = rules.sensor(sensor.kind);
    // An excursion is looked for a day either side of the readings: longer ones were raised already.
    let stored = state.store.store_readings(sensor.id, &readings, &rule, 86_400_000, now).await?;
    crate::monitoring::readings_received(stored.stored);
    Ok((StatusCode::OK, Json(ReadingsReceived { stored: stored.stored, repeated: stored.repeated, alerts: stored.raised })))
}

/// `GET /api/units/{code}/watch`: the period's alert counts by category and the sensors (public).
#[utoipa::path(
    get,
    path = "/units/{code}/watch",
    tag = "kitchen",
    summary = "A unit's AI alerts counted by category and its sensors' readings (never a snapshot or a note)",
    params(("code" = String, Path, description = "The unit's code")),
    responses(
        (status = 200, description = "The counts and sensors", body = PublicWatch),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
async fn public(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<PublicWatch>, ApiError> {
    if state.store.unit(&code).await?.is_none() {
        return Err(ApiError::unit_not_found(&code));
    }
    Ok(Json(public_watch(&*state.store, &code, state.clock.now_ms()).await?))
}
