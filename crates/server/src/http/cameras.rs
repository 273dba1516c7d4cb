//! The delayed kitchen view over HTTP. A camera gateway pushes JPEG frames with its camera's token; the
//! public lists a unit's cameras and gets each one's frame from `delay` ago — never a newer one, whatever
//! the request says: query parameters are ignored.

use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use mingchu_types::{ErrorBody, ErrorCode, UnitCameras};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{ImageBody, Json, Path};
use crate::camera_video;
use crate::cameras::{self, effective_delay_secs, receive_frame, rfc3339, shown_frame, token_opens, Unavailable};
use crate::frames::{check_jpeg, FrameError, MAX_FRAME_BYTES};
use crate::room::Upload;
use crate::store::CameraRecord;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(frame))
        // Gateways push steadily, so no per-address limit; a little over the frame limit, so that the
        // frame rules (not the body limit) say what is wrong.
        .route("/ingest/cameras/{id}/frames", post(ingest).layer(DefaultBodyLimit::max(MAX_FRAME_BYTES + 1)))
}

/// The capture time (UTC, RFC 3339) of the frame in the answer.
pub const CAPTURED_AT: HeaderName = HeaderName::from_static("x-captured-at");

/// `POST /api/ingest/cameras/{id}/frames`'s answer: when the frame was received, which is its capture
/// time as far as anyone can prove (the gateway's own clock is not trusted).
#[derive(Debug, Serialize)]
pub struct Received {
    pub captured_at: String,
}

/// A camera whose gateway showed its current token. Checked from the headers, before the body is read.
pub struct Gateway(pub CameraRecord);

impl FromRequestParts<AppState> for Gateway {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Gateway, ApiError> {
        let token = super::extract::bearer(&parts.headers)
            .map(str::to_owned)
            .ok_or_else(|| ApiError::unauthorized("an Authorization: Bearer <camera token> header is required"))?;
        let Path(id) = Path::<String>::from_request_parts(parts, state).await?;
        let camera = camera(state, &id).await?;
        if !token_opens(&camera, &token) {
            return Err(ApiError::unauthorized(format!("the token is not camera {id}'s current one")));
        }
        Ok(Gateway(camera))
    }
}

/// `POST /api/ingest/cameras/{id}/frames`: one JPEG frame, checked by its bytes (never decoded), stamped
/// with the time it arrived.
async fn ingest(
    State(state): State<AppState>,
    Gateway(camera): Gateway,
    ImageBody(body): ImageBody,
) -> Result<(StatusCode, Json<Received>), ApiError> {
    check_jpeg(&body, state.frames.rules()).map_err(frame_error)?;
    state.room.check_disk(Upload::Frame, state.frames.dir(), body.len() as u64)?;
    let now = state.clock.now_ms();
    let was_offline = state.frames.last_received_ms(camera.id).is_none_or(|last| now - last > crate::cameras::OFFLINE_AFTER_MS);
    let captured =
        receive_frame(&*state.store, &state.frames, &camera, &body, now, now, state.min_camera_delay_secs).await.map_err(ApiError::internal)?;
    // A camera coming back changes its unit's public answers; its frames otherwise change none.
    if was_offline {
        state.answers.clear();
    }
    crate::monitoring::frame_received();
    Ok((StatusCode::CREATED, Json(Received { captured_at: rfc3339(captured) })))
}

/// `GET /api/units/{code}/cameras`: the unit's public cameras, their state and proof, and the kitchen
/// areas they cover and miss. Public, but not kept by the server: the states follow what the cameras
/// send from second to second, which empties no cache.
#[utoipa::path(
    get,
    path = "/units/{code}/cameras",
    tag = "cameras",
    summary = "A unit's public cameras, their state and the kitchen areas they cover",
    params(("code" = String, Path, description = "The unit's code"), ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The cameras", body = UnitCameras, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 404, description = "No unit with that code", body = ErrorBody),
    )
)]
async fn list(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, ApiError> {
    Ok(super::sharing::public(Json(public_cameras(&state, &code).await?)))
}

/// A unit's public cameras with their state and proof (also painted into `/u/{code}/live`).
pub async fn public_cameras(state: &AppState, code: &str) -> Result<UnitCameras, ApiError> {
    let records = state.store.unit_cameras(code).await?.ok_or_else(|| ApiError::unit_not_found(code))?;
    let now = state.clock.now_ms();
    let heard = cameras::public_heard(&*state.store, &state.frames, &records, state.min_camera_delay_secs, now, true).await?;
    let mut views = Vec::with_capacity(heard.len());
    for (camera, heard) in heard {
        let video = camera_video::playable(&state.video, camera, state.min_camera_delay_secs, now);
        views.push(cameras::view(&*state.store, camera, heard, video, state.min_camera_delay_secs, now).await?);
    }
    Ok(cameras::unit_cameras(views))
}

/// `GET /api/cameras/{id}/frame`: the newest frame captured at least the delay ago, with its capture
/// time, revalidated by its ETag (an unchanged frame costs a 304). Refusals are never cached either.
#[utoipa::path(
    get,
    path = "/cameras/{id}/frame",
    tag = "cameras",
    summary = "A public camera's newest frame captured at least its delay ago",
    params(("id" = String, Path, description = "The camera's id"), ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The frame", content_type = "image/jpeg", body = inline(super::openapi::Binary),
         headers(("ETag" = String), ("X-Captured-At" = String, description = "When the frame was received (UTC, RFC 3339)"))),
        (status = 304, description = "Not modified: If-None-Match named the current frame",
         headers(("ETag" = String), ("X-Captured-At" = String, description = "When the frame was received (UTC, RFC 3339)"))),
        (status = 404, description = "No public camera with that id, outside its public hours, or no frame old enough", body = ErrorBody),
    )
)]
async fn frame(State(state): State<AppState>, headers: HeaderMap, id: Result<Path<String>, ApiError>) -> Response {
    uncached_errors(shown(&state, &headers, id).await)
}

/// The answer, or its refusal marked never to be cached (a picture may come any second).
pub(super) fn uncached_errors(answer: Result<Response, ApiError>) -> Response {
    match answer {
        Ok(response) => response,
        Err(e) => ([(header::CACHE_CONTROL, "no-cache")], e).into_response(),
    }
}

async fn shown(state: &AppState, headers: &HeaderMap, id: Result<Path<String>, ApiError>) -> Result<Response, ApiError> {
    let Path(id) = id?;
    let camera = public_camera(state, &id).await?;
    let now = state.clock.now_ms();
    // A frame evicted between being picked and being read: the next pick is a newer one.
    for _ in 0..2 {
        let frame = shown_frame(&state.frames, &camera, state.min_camera_delay_secs, now).map_err(|why| unavailable(why, &camera, state))?;
        let etag = format!("\"{}-{}\"", camera.id, frame.captured_ms);
        let fresh = if_none_match(headers, &etag);
        let parts = [(header::ETAG, etag), (header::CACHE_CONTROL, "no-cache".to_owned()), (CAPTURED_AT, rfc3339(frame.captured_ms))];
        if fresh {
            return Ok((StatusCode::NOT_MODIFIED, parts).into_response());
        }
        if let Some(jpeg) = state.frames.read(camera.id, frame).await.map_err(ApiError::internal)? {
            return Ok((parts, [(header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response());
        }
    }
    Err(unavailable(Unavailable::NoFrame, &camera, state))
}

pub(super) use crate::answer_cache::if_none_match;

/// A camera by the id in the path; an id that is not a number names no camera.
async fn camera(state: &AppState, id: &str) -> Result<CameraRecord, ApiError> {
    let Ok(n) = id.parse::<i64>() else {
        return Err(no_such_camera(id));
    };
    state.store.camera(n).await?.ok_or_else(|| no_such_camera(id))
}

/// A public camera by the id in the path: unknown and private ones alike are not found.
pub(super) async fn public_camera(state: &AppState, id: &str) -> Result<CameraRecord, ApiError> {
    Some(camera(state, id).await?).filter(|c| c.public).ok_or_else(|| no_such_camera(id))
}

/// Unknown and private cameras alike: a private camera's existence is nobody's business.
fn no_such_camera(id: &str) -> ApiError {
    ApiError::not_found(format!("no public camera {id:?}"))
}

/// Why there is no picture: a 404 with its own code, so the page can say it in words.
pub(super) fn unavailable(why: Unavailable, camera: &CameraRecord, state: &AppState) -> ApiError {
    let (code, message) = match why {
        Unavailable::OutsideHours => {
            (ErrorCode::OutsideHours, format!("camera {} is outside its public hours: opens at {} (China time)", camera.id, camera.hours.opens()))
        }
        Unavailable::NoFrame => (
            ErrorCode::NoFrame,
            format!(
                "camera {} has no picture old enough to show: the view is {} s behind",
                camera.id,
                effective_delay_secs(camera, state.min_camera_delay_secs)
            ),
        ),
    };
    ApiError::new(StatusCode::NOT_FOUND, code, message)
}

/// A refused frame, worded like a refused photo.
pub(crate) fn frame_error(e: FrameError) -> ApiError {
    let (status, code) = match e {
        FrameError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::ImageTooLarge),
        FrameError::TooBig { .. } => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageTooLarge),
        FrameError::NotJpeg => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedImage),
        FrameError::Empty | FrameError::Incomplete | FrameError::Damaged(_) | FrameError::TooSmall { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageDamaged)
        }
    };
    ApiError::new(status, code, e.to_string())
}
