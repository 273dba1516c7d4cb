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
mod tickets;
mod writes;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;

use crate::AppState;

pub fn router(state: AppState) -> Router {
    let dist = state.dist.clone();
    Router::new()
        .route("/healthz", get(api::health))
        .nest("/api", api::routes())
        .nest_service("/media", assets::media(state.media_dir.clone()))
        .route("/", get(pages::home))
        .route("/u/{code}", get(pages::unit))
        .route("/u/{code}/{*rest}", get(pages::unit))
        .route("/t/{ticket}", get(pages::ticket))
        .route("/mine", get(pages::mine))
        .fallback_service(assets::service(dist, state.clone()))
        .with_state(state)
        // Dynamic HTML and JSON are compressed on the fly, at a level that costs microseconds (brotli's
        // default, 11, costs most of a millisecond per answer); built assets are served precompressed.
        .layer(CompressionLayer::new().br(true).gzip(true).quality(CompressionLevel::Precise(4)))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
}
