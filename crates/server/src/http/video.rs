//! The kitchen in motion over HTTP (issue 15): a camera gateway pushes fMP4 init and media segments with
//! its camera's token; the public gets the delayed HLS playlist and its segments. Only segments that
//! ended at least the delay ago are listed or served, whatever the request says; segment addresses never
//! name two contents, yet segments are cached for minutes only (a camera made private or closed for the
//! day leaves shared caches soon), while the playlist is fresh each second.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use mingchu_types::video::{program_date_time, MAX_SEGMENT_BYTES, MAX_SEGMENT_MS, MIN_SEGMENT_MS};
use mingchu_types::{ErrorBody, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::cameras::{if_none_match, public_camera, unavailable, uncached_errors, Gateway};
use super::error::ApiError;
use super::extract::{Body, Json, Path, Query};
use crate::camera_video::{self, receive_segment};
use crate::room::Upload;
use crate::segments::{check_segment, SegmentError, SegmentKind};
use crate::video_store::init_id;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    // A little over the segment limit, so that the segment rules (not the body limit) say what is wrong.
    let limit = DefaultBodyLimit::max(MAX_SEGMENT_BYTES + 1);
    OpenApiRouter::new()
        .routes(routes!(playlist))
        .routes(routes!(segment))
        .route("/ingest/cameras/{id}/video/init", post(ingest_init).layer(limit))
        .route("/ingest/cameras/{id}/video/segments", post(ingest_segment).layer(limit))
}

/// Segments and inits never change under their address, but a player needs them only while they are
/// listed: a few minutes in a shared cache, so that a camera made private or closed stops being shown.
const SEGMENT_CACHE: &str = "public, max-age=300";

/// `POST /api/ingest/cameras/{id}/video/init`'s answer: the init segment's id (16 hex digits).
#[derive(Debug, Serialize)]
struct InitStored {
    init: String,
}

/// `POST /api/ingest/cameras/{id}/video/segments`'s answer: the segment's number and capture time (UTC,
/// to the millisecond).
#[derive(Debug, Serialize)]
struct SegmentStored {
    seq: u64,
    captured_at: String,
}

#[derive(Debug, Deserialize)]
struct DurationQuery {
    duration_ms: u32,
}

/// `POST /api/ingest/cameras/{id}/video/init`: the init segment the camera's next media segments decode
/// with. 201 when new, 200 when the camera sent the same bytes before.
async fn ingest_init(State(state): State<AppState>, Gateway(camera): Gateway, Body(body): Body) -> Result<(StatusCode, Json<InitStored>), ApiError> {
    check_segment(&body, SegmentKind::Init).map_err(segment_error)?;
    let known = state.video.has_init(camera.id, init_id(&body));
    if !known {
        state.room.check_disk(Upload::Video, state.video.dir(), body.len() as u64)?;
    }
    let id = state.video.store_init(camera.id, &body).await.map_err(ApiError::internal)?;
    let status = if known { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(InitStored { init: format!("{id:016x}") })))
}

/// `POST /api/ingest/cameras/{id}/video/segments?duration_ms=N`: one media segment, checked by its boxes
/// (never decoded), stamped by its arrival.
async fn ingest_segment(
    State(state): State<AppState>,
    Gateway(camera): Gateway,
    Query(DurationQuery { duration_ms }): Query<DurationQuery>,
    Body(body): Body,
) -> Result<(StatusCode, Json<SegmentStored>), ApiError> {
    if !(MIN_SEGMENT_MS..=MAX_SEGMENT_MS).contains(&duration_ms) {
        let message = format!("a segment lasts {MIN_SEGMENT_MS}–{MAX_SEGMENT_MS} ms, not {duration_ms}");
        return Err(ApiError::unprocessable(ErrorCode::InvalidVideo, message));
    }
    check_segment(&body, SegmentKind::Media).map_err(segment_error)?;
    if state.video.latest_init(camera.id).is_none() {
        return Err(ApiError::conflict(format!("camera {} has sent no init segment: POST …/video/init first", camera.id)));
    }
    state.room.check_disk(Upload::Video, state.video.dir(), body.len() as u64)?;
    let now = state.clock.now_ms();
    let was_silent = state.video.last_segment(camera.id).is_none_or(|last| now - last.end_ms() > crate::cameras::OFFLINE_AFTER_MS);
    let entry = receive_segment(&*state.store, &state.video, &camera, &body, duration_ms, now, state.min_camera_delay_secs)
        .await
        .map_err(ApiError::internal)?;
    // Video starting again changes its unit's public answers; its segments otherwise change none.
    if was_silent {
        state.answers.clear();
    }
    crate::monitoring::video_segment_received();
    Ok((StatusCode::CREATED, Json(SegmentStored { seq: entry.seq, captured_at: program_date_time(entry.capture_ms) })))
}

/// `GET /api/cameras/{id}/live.m3u8`: the delayed playlist, fresh each second. Refusals are never cached.
#[utoipa::path(
    get,
    path = "/cameras/{id}/live.m3u8",
    tag = "cameras",
    summary = "A public camera's delayed HLS playlist",
    params(("id" = String, Path, description = "The camera's id")),
    responses(
        (status = 200, description = "The playlist", content_type = "application/vnd.apple.mpegurl", body = String),
        (status = 404, description = "No public camera with that id, outside its public hours, or no video old enough", body = ErrorBody),
    )
)]
async fn playlist(State(state): State<AppState>, id: Result<Path<String>, ApiError>) -> Response {
    uncached_errors(listed(&state, id).await)
}

async fn listed(state: &AppState, id: Result<Path<String>, ApiError>) -> Result<Response, ApiError> {
    let Path(id) = id?;
    let camera = public_camera(state, &id).await?;
    let now = state.clock.now_ms();
    let text = camera_video::playlist(&state.video, &camera, state.min_camera_delay_secs, now).map_err(|why| unavailable(why, &camera, state))?;
    Ok(([(header::CONTENT_TYPE, "application/vnd.apple.mpegurl"), (header::CACHE_CONTROL, "public, max-age=1")], text).into_response())
}

/// What a file name under `video/` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VideoFile {
    Init(u64),
    Media(u64),
}

/// `init-{16 hex}.mp4` or `{seq}.m4s` (`mingchu_types::video::{init_uri, segment_uri}`).
fn parse_file(name: &str) -> Option<VideoFile> {
    if let Some(hex) = name.strip_prefix("init-").and_then(|n| n.strip_suffix(".mp4")) {
        return (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok().map(VideoFile::Init)).flatten();
    }
    let seq = name.strip_suffix(".m4s")?;
    // Digits only: `+1.m4s` or `01.m4s` would be a second address of one segment.
    (seq.bytes().all(|b| b.is_ascii_digit()) && !seq.starts_with('0')).then(|| seq.parse().ok().map(VideoFile::Media)).flatten()
}

/// `GET /api/cameras/{id}/video/{seq}.m4s` and `…/video/init-{hex}.mp4`: a segment, cached for minutes; a
/// media segment only once it ended the delay ago (in the public hours), else a 404 never cached.
#[utoipa::path(
    get,
    path = "/cameras/{id}/video/{file}",
    tag = "cameras",
    summary = "A segment the playlist lists: `init-{16 hex}.mp4` or `{seq}.m4s`",
    params(("id" = String, Path, description = "The camera's id"), ("file" = String, Path, description = "The file the playlist names"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The segment", headers(("ETag" = String)),
         content((inline(super::openapi::Binary) = "video/mp4"), (inline(super::openapi::Binary) = "video/iso.segment"))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag", headers(("ETag" = String))),
        (status = 404, description = "No public camera with that id, or no such segment shown now", body = ErrorBody),
    )
)]
async fn segment(State(state): State<AppState>, headers: HeaderMap, path: Result<Path<(String, String)>, ApiError>) -> Response {
    uncached_errors(served(&state, &headers, path).await)
}

async fn served(state: &AppState, headers: &HeaderMap, path: Result<Path<(String, String)>, ApiError>) -> Result<Response, ApiError> {
    let Path((id, file)) = path?;
    let camera = public_camera(state, &id).await?;
    let not_found = || ApiError::not_found(format!("camera {id} has no video segment {file:?}"));
    let (etag, content_type, bytes) = match parse_file(&file).ok_or_else(not_found)? {
        VideoFile::Init(init) => {
            let etag = format!("\"{}-init-{init:016x}\"", camera.id);
            let bytes = if if_none_match(headers, &etag) { None } else { Some(state.video.read_init(camera.id, init).await) };
            if bytes.is_none() && !state.video.has_init(camera.id, init) {
                return Err(not_found());
            }
            (etag, "video/mp4", bytes)
        }
        VideoFile::Media(seq) => {
            let now = state.clock.now_ms();
            camera_video::servable(&state.video, &camera, seq, state.min_camera_delay_secs, now).map_err(|why| unavailable(why, &camera, state))?;
            let etag = format!("\"{}-{seq}\"", camera.id);
            let bytes = if if_none_match(headers, &etag) { None } else { Some(state.video.read_segment(camera.id, seq).await) };
            (etag, "video/iso.segment", bytes)
        }
    };
    let parts = [(header::ETAG, etag), (header::CACHE_CONTROL, SEGMENT_CACHE.to_owned())];
    match bytes {
        None => Ok((StatusCode::NOT_MODIFIED, parts).into_response()),
        Some(read) => {
            // Evicted since it was looked up: gone.
            let bytes = read.map_err(ApiError::internal)?.ok_or_else(not_found)?;
            Ok((parts, [(header::CONTENT_TYPE, content_type)], bytes).into_response())
        }
    }
}

/// A refused segment: too large is a 413, anything else about its boxes a 422.
fn segment_error(e: SegmentError) -> ApiError {
    let status = match e {
        SegmentError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::new(status, ErrorCode::InvalidVideo, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_addresses_the_playlist_writes_name_a_file() {
        use mingchu_types::video::{init_uri, segment_uri};
        let file = |uri: String| uri.strip_prefix("video/").map(str::to_owned).unwrap();
        assert_eq!(parse_file(&file(segment_uri(1_795_924_800))), Some(VideoFile::Media(1_795_924_800)));
        assert_eq!(parse_file(&file(init_uri(0xab))), Some(VideoFile::Init(0xab)));
        for bad in ["", "01.m4s", "+1.m4s", "1.mp4", ".m4s", "init-ab.mp4", "init-00000000000000zz.mp4", "99999999999999999999999.m4s"] {
            assert_eq!(parse_file(bad), None, "{bad}");
        }
    }
}
