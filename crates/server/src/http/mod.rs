//! Routes: the JSON API under `/api`, the app's pages (with their first-paint summary) and its assets.

mod api;
mod assets;
mod cameras;
pub mod device;
mod error;
pub mod limits;
mod messages;
pub mod pages;
mod photos;
mod platform;
mod reports;
mod reviews;
mod security;
mod staff;
mod tickets;
mod writes;

use axum::routing::get;
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};

pub use error::ApiError;

/// The token of an `Authorization: Bearer <token>` header, if the request has a non-empty one (camera
/// gateways and the supervision platform authenticate so).
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

use crate::AppState;

pub fn router(state: AppState) -> Router {
    let dist = state.dist.clone();
    let csp = state.shell.csp().to_owned();
    let https = state.public_url.starts_with("https://");
    let router = Router::new()
        .route("/healthz", get(api::health))
        .nest("/api/staff", staff::routes().layer(axum::extract::DefaultBodyLimit::max(16 * 1024)))
        .nest("/api", api::routes())
        .nest_service("/media", assets::media(state.media_dir.clone()))
        .route("/", get(pages::home))
        .route("/u/{code}", get(pages::unit))
        .route("/u/{code}/{*rest}", get(pages::unit))
        .route("/t/{ticket}", get(pages::ticket))
        .route("/mine", get(pages::mine))
        .route("/owner", get(pages::staff))
        .route("/owner/{*rest}", get(pages::staff))
        .route("/regulator", get(pages::staff))
        .route("/regulator/{*rest}", get(pages::staff))
        .fallback_service(assets::service(dist, state.clone()))
        .with_state(state)
        // Dynamic HTML and JSON are compressed on the fly, at a level that costs microseconds (brotli's
        // default, 11, costs most of a millisecond per answer); built assets are served precompressed.
        .layer(CompressionLayer::new().br(true).gzip(true).quality(CompressionLevel::Precise(4)));
    security::headers(router, &csp, https)
}
