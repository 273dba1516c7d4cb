//! `POST /api/photos`: a diner's photo, checked and re-encoded off the async runtime, kept under
//! `<data>/media` with the device that uploaded it, and served from `/media/` (see `media.rs`).

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use mingchu_types::{ErrorCode, PhotoRef, PhotoUpload};

use super::device::Device;
use super::error::ApiError;
use super::extract::{ImageBody, Json};
use super::limits::{ClientIp, Write};
use crate::media::{process_photo, PhotoError, PhotoRules};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    // A little over the photo limit, so that the photo rules (not the body limit) say what is wrong.
    Router::new().route("/photos", post(upload).layer(DefaultBodyLimit::max(PhotoRules::default().max_bytes + 1)))
}

/// `POST /api/photos`.
async fn upload(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    ImageBody(body): ImageBody,
) -> Result<(StatusCode, Device, Json<PhotoUpload>), ApiError> {
    state.allow(Write::Photo, ip, device.returning())?;
    // Decoding is CPU-heavy: a few at a time, on the blocking pool.
    let _permit = state.photo_permits.acquire().await.map_err(ApiError::internal)?;
    let rules = state.photo_rules.clone();
    let photo = tokio::task::spawn_blocking(move || process_photo(&body, &rules)).await.map_err(ApiError::internal)?.map_err(photo_error)?;

    let id = new_id().map_err(ApiError::internal)?;
    let dir = &state.media_dir;
    tokio::fs::write(dir.join(format!("{id}.jpg")), &photo.jpeg).await.map_err(ApiError::internal)?;
    tokio::fs::write(dir.join(format!("{id}.thumb.jpg")), &photo.thumb).await.map_err(ApiError::internal)?;
    state.store.add_photo(&id, photo.width, photo.height, photo.jpeg.len() as u64, &device.id).await?;
    let urls = PhotoRef::public(&id);
    let upload = PhotoUpload { url: urls.url, thumb_url: urls.thumb_url, id, width: photo.width, height: photo.height };
    Ok((StatusCode::CREATED, device, Json(upload)))
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
