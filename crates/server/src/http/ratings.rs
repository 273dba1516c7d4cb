//! 打分: the diners' one-tap smiley rating. A vote is taken only from a browser that a unit's page gave
//! its device cookie some seconds before (never from the vote itself), and a burst of votes is held
//! out of the counts ([`VOTE_BURSTS`]) until a regulator looks.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use mingchu_types::{ErrorBody, RateRequest, RatingSummary, VOTE_BURSTS};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::device::seasoned_device;
use super::error::ApiError;
use super::extract::{Json, Path};
use super::limits::{ClientIp, Write};
use super::unit_page::window_ratings;
use super::writes::address_key;
use crate::store::NewVote;
use crate::AppState;

/// The largest body of a rating (20 bytes of JSON).
const MAX_BODY: usize = 4 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rate).layer(DefaultBodyLimit::max(MAX_BODY)))
}

/// `POST /api/units/{code}/ratings`: one smiley per device per unit per day.
#[utoipa::path(
    post,
    path = "/units/{code}/ratings",
    tag = "writes",
    summary = "Rate a unit with a smiley: one vote per device per unit per day (a later one replaces it)",
    params(("code" = String, Path, description = "The unit's code"), ("mc_device" = Option<String>, Cookie, nullable = false, description = "The device cookie a unit's page gave some seconds before")),
    request_body = RateRequest,
    responses(
        (status = 200, description = "The unit's ratings with this vote", body = RatingSummary),
        (status = 400, description = "A body that is not JSON", body = ErrorBody),
        (status = 413, description = "A body larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not sent as application/json", body = ErrorBody),
        (status = 403, description = "No device cookie, or one given too recently to vote", body = ErrorBody),
        (status = 404, description = "No unit with that code", body = ErrorBody),
        (status = 422, description = "A body with a missing or wrong field", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
async fn rate(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(request): Json<RateRequest>,
) -> Result<Json<RatingSummary>, ApiError> {
    let now_ms = state.clock.now_ms();
    // Checked before the limits: a refused vote uses up none of an address a canteen may share.
    let device = seasoned_device(&state, &headers)?;
    state.allow(Write::Rating, ip, Some(&device.id))?;
    // One day for both, so a vote just before midnight is counted in the summary it answers.
    let today = state.clock.today();
    let address = address_key(&state.device_key, ip);
    let vote = NewVote { unit_code: &code, device: &device.id, day: today, smiley: request.smiley, address: &address, at_ms: now_ms };
    if !state.store.rate(&vote, &VOTE_BURSTS).await? {
        return Err(ApiError::unit_not_found(&code));
    }
    crate::monitoring::accepted(Write::Rating);
    Ok(Json(window_ratings(&state, &code, today, Some(&device.id)).await?))
}
