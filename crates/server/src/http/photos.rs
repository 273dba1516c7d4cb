//! `POST /api/photos`: a diner's photo, checked and re-encoded off the async runtime, kept in the media
//! store (a local folder or a bucket) with the device that uploaded it, and served from `/media/` (see
//! `media.rs`). Refused with a 503 while there is no room for it (`room.rs`).

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use mingchu_types::{ErrorBody, ErrorCode, PhotoRef, PhotoUpload};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::device::Device;
use super::error::ApiError;
use super::extract::{ImageBody, Json};
use super::limits::{ClientIp, Write};
use crate::media::{process_photo, PhotoError, PhotoRules};
use crate::media_store::photo_files;
use crate::room::Upload;
use crate::store::NewPhoto;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    // A little over the photo limit, so that the photo rules (not the body limit) say what is wrong.
    OpenApiRouter::new().routes(routes!(upload).layer(DefaultBodyLimit::max(PhotoRules::default().max_bytes + 1)))
}

/// `POST /api/photos`.
#[utoipa::path(
    post,
    path = "/photos",
    tag = "writes",
    summary = "Upload a photo for a review or a report (re-encoded as JPEG; its id goes in the form)",
    request_body(
        description = "A JPEG, PNG or WebP photo, judged by its bytes",
        content((inline(super::openapi::Binary) = "image/jpeg"), (inline(super::openapi::Binary) = "image/png"), (inline(super::openapi::Binary) = "image/webp")),
    ),
    responses(
        (status = 201, description = "The photo's id, size and addresses", body = PhotoUpload, headers(("Set-Cookie" = String, description = "The device cookie `mc_device`, when the browser sent none"))),
        (status = 413, description = "A photo larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not a JPEG, PNG or WebP photo", body = ErrorBody),
        (status = 422, description = "A damaged or empty photo, or one of too many pixels", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
        (status = 503, description = "No room for photos now: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
async fn upload(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    ImageBody(body): ImageBody,
) -> Result<(StatusCode, Device, Json<PhotoUpload>), ApiError> {
    state.allow(Write::Photo, ip, device.returning())?;
    // No room at all: refused before the work of decoding.
    room_for(&state, 0).await?;
    // Decoding is CPU-heavy: a few at a time, on the blocking pool.
    let _permit = state.photo_permits.acquire().await.map_err(ApiError::internal)?;
    let rules = state.photo_rules.clone();
    let photo = tokio::task::spawn_blocking(move || process_photo(&body, &rules)).await.map_err(ApiError::internal)?.map_err(photo_error)?;
    let (width, height, bytes, thumb_bytes) = (photo.width, photo.height, photo.jpeg.len() as u64, photo.thumb.len() as u64);
    room_for(&state, bytes + thumb_bytes).await?;

    // Recorded before its bytes are kept: bytes whose upload fails half-way then belong to a photo that
    // nothing uses, which the sweep deletes, rather than lying in the store unknown to anyone.
    let id = new_id().map_err(ApiError::internal)?;
    let at_ms = state.clock.now_ms();
    state.store.add_photo(&NewPhoto { id: &id, width, height, bytes, thumb_bytes, device: &device.id, at_ms }).await?;
    let [photo_file, thumb_file] = photo_files(&id);
    state.media.put(&photo_file, photo.jpeg).await.map_err(ApiError::internal)?;
    state.media.put(&thumb_file, photo.thumb).await.map_err(ApiError::internal)?;
    state.room.added(bytes + thumb_bytes);
    let urls = PhotoRef::public(&id);
    let upload = PhotoUpload { url: urls.url, thumb_url: urls.thumb_url, id, width, height };
    Ok((StatusCode::CREATED, device, Json(upload)))
}

/// Whether `incoming` more bytes of photos fit: on the local media folder's disk, and in the media
/// store's quota.
async fn room_for(state: &AppState, incoming: u64) -> Result<(), ApiError> {
    if let Some(dir) = state.media.local_dir() {
        state.room.check_disk(Upload::Photo, dir, incoming)?;
    }
    if state.room.has_quota() {
        let usage = state.room.usage(&*state.store).await?;
        state.room.check_quota(usage, incoming)?;
    }
    Ok(())
}

fn photo_error(e: PhotoError) -> ApiError {
    let (status, code) = match e {
        PhotoError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::ImageTooLarge),
        PhotoError::TooManyPixels { .. } => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageTooLarge),
        PhotoError::UnsupportedType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::UnsupportedImage),
        PhotoError::Empty | PhotoError::Corrupt(_) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::ImageDamaged),
    };
    ApiError::new(status, code, e.to_string())
}

/// 128 random bits, hex: unguessable, so a photo's address is only known to whoever was given it.
fn new_id() -> std::io::Result<String> {
    let mut raw = [0u8; 16];
    getrandom::getrandom(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(hex::encode(raw))
}
