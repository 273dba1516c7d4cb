//! 打分: the diners' one-tap smiley rating.

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::post;
use axum::Router;
use mingchu_types::{RateRequest, RatingSummary};

use super::device::Device;
use super::error::ApiError;
use super::extract::{Json, Path};
use super::limits::{ClientIp, Write};
use super::unit_page::window_ratings;
use crate::AppState;

/// The largest body of a rating (20 bytes of JSON).
const MAX_BODY: usize = 4 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new().route("/units/{code}/ratings", post(rate).layer(DefaultBodyLimit::max(MAX_BODY)))
}

/// `POST /api/units/{code}/ratings`: one smiley per device per unit per day; a new device gets its
/// signed cookie with the answer.
async fn rate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    device: Device,
    Path(code): Path<String>,
    Json(request): Json<RateRequest>,
) -> Result<(Device, Json<RatingSummary>), ApiError> {
    state.allow(Write::Rating, ip, device.returning())?;
    // One day for both, so a vote just before midnight is counted in the summary it answers.
    let today = state.clock.today();
    if !state.store.rate(&code, &device.id, today, request.smiley).await? {
        return Err(ApiError::unit_not_found(&code));
    }
    let summary = window_ratings(&state, &code, today, Some(&device.id)).await?;
    Ok((device, Json(summary)))
}
