//! Mingchu's pages: four Leptos single-page apps, client-side rendered from WebAssembly, built from
//! this one library.
//!
//! - `mingchu` (`src/main.rs`, `index.html`): what every visitor loads — the unit's official facts,
//!   the smiley rating, the reviews. Small, because most visitors only look.
//! - `act` (`src/bin/act.rs`, `act.html`): what a diner who takes part loads — the forms, the outbox
//!   that never loses a draft, the follow-up pages. It is loaded only when a diner opens one of them.
//! - `staff` and `kitchen` (`src/bin/staff.rs`, `src/bin/kitchen.rs`): owners' and regulators' pages,
//!   and the kitchen's own daily records, on one frame (see `staff/mod.rs`).
//!
//! The server has already painted a readable summary (and inlined the page's data); the app takes over
//! the page, reads that data instead of fetching it, and removes the summary in the same frame.

pub mod api;
pub mod app;
pub mod components;
pub mod draft_rules;
pub mod i18n;
pub mod idb;
pub mod mine;
pub mod outbox;
pub mod pages;
pub mod photos;
pub mod player;
pub mod retry;
pub mod router;
pub mod staff;

use leptos::prelude::AnyView;

use crate::router::{AppKind, Route};

/// Mounts an app that draws the pages `pages` serves (and lets the browser load the others).
pub fn mount(app: AppKind, pages: fn(Route) -> AnyView) {
    leptos::mount::mount_to_body(move || app::App(app::AppProps { app, pages }));
    api::remove_server_summary();
}
