//! Mingchu's public page: a Leptos single-page app, client-side rendered from WebAssembly.
//!
//! The server has already painted a readable summary (and inlined the unit's data); the app takes over
//! the page, reads that data instead of fetching it, and removes the summary in the same frame.

mod api;
mod app;
mod components;
mod i18n;
mod idb;
mod mine;
mod outbox;
mod pages;
mod photos;
mod router;

fn main() {
    leptos::mount::mount_to_body(app::App);
    api::remove_server_summary();
    outbox::start();
}
