//! Routes: the JSON API under `/api` (each handler file owns its routes), the app's pages (with their
//! first-paint summary) and its assets.

mod assets;
mod cameras;
pub mod device;
mod district;
pub mod error;
mod extract;
mod kitchen;
pub mod limits;
mod media;
mod messages;
mod near;
mod open_data;
mod openapi;
pub mod pages;
mod paging;
mod photos;
mod platform;
mod ratings;
mod reports;
mod reviews;
mod school;
mod school_meals;
pub mod school_terms;
mod security;
pub mod sharing;
mod staff;
mod tickets;
mod trace;
pub(crate) mod unit_page;
mod units;
mod video;
pub mod watch;
mod writes;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use utoipa_axum::router::OpenApiRouter;

pub use error::ApiError;
use extract::Json;

use crate::AppState;

pub fn router(state: AppState) -> Router {
    let dist = state.dist.clone();
    let csp = state.shell.csp().to_owned();
    let https = state.public_url.starts_with("https://");
    let trusted_proxies = state.trusted_proxies.clone();
    let sharing = axum::middleware::from_fn_with_state(state.clone(), sharing::layer);
    let router = Router::new()
        .route("/healthz", get(health))
        .nest("/api/staff", staff::routes().layer(axum::extract::DefaultBodyLimit::max(16 * 1024)))
        .nest("/api", api())
        .merge(media::routes())
        // The pages: `Route::parse` tells them apart (and unknown ones from them).
        .route("/", get(pages::page))
        .route("/u/{*rest}", get(pages::page))
        .route("/t/{*rest}", get(pages::page))
        .route("/mine", get(pages::page))
        .route("/near", get(pages::page))
        .route("/r/{*rest}", get(pages::page))
        .route("/owner", get(pages::page))
        .route("/owner/{*rest}", get(pages::page))
        .route("/regulator", get(pages::page))
        .route("/regulator/{*rest}", get(pages::page))
        .fallback_service(assets::service(dist, state.clone()))
        .with_state(state)
        .layer(sharing)
        // Dynamic HTML and JSON are compressed on the fly, at a level that costs microseconds (brotli's
        // default, 11, costs most of a millisecond per answer); built assets are served precompressed.
        // Video, like images, is compressed already.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(4))
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("video/"))),
        );
    trace::layer(security::headers(router, &csp, https), trusted_proxies)
}

/// The JSON API: the public one, each route with its description, and the machines' routes (the
/// supervision platform's, and `/ingest/` in the camera modules), which are not described.
fn api() -> Router<AppState> {
    let (router, description) = OpenApiRouter::new()
        .merge(units::routes())
        .merge(ratings::routes())
        .merge(reports::routes())
        .merge(messages::routes())
        .merge(tickets::routes())
        .merge(reviews::routes())
        .merge(photos::routes())
        .merge(cameras::routes())
        .merge(video::routes())
        .merge(kitchen::routes())
        .merge(watch::routes())
        .merge(school_meals::routes())
        .merge(platform::routes().into())
        .merge(school_terms::routes())
        .merge(near::routes())
        .merge(district::routes())
        .merge(open_data::routes())
        .merge(openapi::routes())
        .split_for_parts();
    router
        .layer(axum::Extension(openapi::finish(description, "/api")))
        .fallback(|| async { ApiError::not_found("no such API endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(StatusCode::METHOD_NOT_ALLOWED, mingchu_types::ErrorCode::BadRequest, "this endpoint does not take that method")
        })
}

/// `GET /healthz`: `{"status":"ok"}` when the database answers.
async fn health(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}
