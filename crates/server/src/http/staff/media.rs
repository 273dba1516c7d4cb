//! `GET /api/staff/media/{file}`: the photos of messages, reports and held or hidden reviews, for the
//! staff who may see them (see `http/media.rs`), at an address the `/api/staff` session cookie goes to.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::session::Staff;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::http::media::{photo_file, serve, staff_may_see};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/media/{file}", get(photo))
}

async fn photo(State(state): State<AppState>, staff: Staff, Path(file): Path<String>, headers: HeaderMap) -> Result<Response, ApiError> {
    let (id, file) = photo_file(&file)?;
    // Another unit's or region's photo is as unknown as a made-up one.
    state.store.photo(id).await?.filter(|r| staff_may_see(r, &staff.account)).ok_or_else(|| ApiError::not_found("no such photo"))?;
    // Reporters' photos: like every staff answer, kept by no cache.
    serve(&state, file, "no-store", &headers).await
}
