//! Owners' and regulators' API under `/api/staff`: the session (`session.rs`, with the known-device
//! cookie in `known_device.rs`), a unit owner's endpoints (`owner.rs`), a regulator's (`regulator.rs`),
//! the kitchen's own records for both (`kitchen.rs`), the alerts for both (`watch.rs`), school canteens' menus and 陪餐 for both (`school_meals.rs`) and the photos of what they may see (`media.rs`). Every answer is `no-store`.

mod answers;
mod kitchen;
mod known_device;
mod media;
mod owner;
mod regulator;
mod school_meals;
mod school_terms;
mod session;
mod watch;

use axum::http::{header, HeaderValue};
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(media::routes())
        .merge(owner::routes())
        .merge(regulator::routes())
        .merge(kitchen::routes())
        .merge(watch::routes())
        .merge(school_terms::routes())
        .merge(school_meals::routes())
        // Reporters' names and phones, messages: no cache anywhere may keep a copy.
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}
