//! The app's own router: the route is plain data parsed from the address (the one list of pages,
//! [`Route`] in `mingchu_types`, which the server paints from too), and links are caught by one click
//! listener on the document.
//!
//! Why not `leptos_router`: it cost this app ~40 KB of its 160 KB WebAssembly budget for a handful of
//! fixed paths, and a diner on a weak network pays for every byte. What it did for us — follow links
//! without reloading, keep the back button working, read the query — fits in this file.

use leptos::prelude::*;
use mingchu_types::percent_decode;
use wasm_bindgen::JsCast;

pub use mingchu_types::{AppKind, KitchenPage, Route, WriteKind};

/// The value of `name` in a query string (`?a=1&q=…`), `+` and percent escapes decoded.
pub fn query_value(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode(&v.replace('+', " ")))
    })
}

/// Where the app is: path and query, as signals every page can read.
#[derive(Clone, Copy)]
struct Place {
    path: RwSignal<String>,
    search: RwSignal<String>,
    /// Which app this is: a path of another one is loaded as a new page.
    app: AppKind,
}

thread_local! {
    /// Set once at start: navigation happens in event handlers, outside any reactive owner.
    static PLACE: std::cell::OnceCell<Place> = const { std::cell::OnceCell::new() };
}

fn place() -> Option<Place> {
    PLACE.with(|p| p.get().copied())
}

fn read_place() -> (String, String) {
    let location = window().location();
    (location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

/// Starts following the address: the back and forward buttons, and clicks on the app's own links.
pub fn provide_router(app: AppKind) {
    let (path, search) = read_place();
    let place = Place { path: RwSignal::new(path), search: RwSignal::new(search), app };
    PLACE.with(|p| p.set(place).ok());
    let back_or_forward = window_event_listener(leptos::ev::popstate, move |_| {
        let (path, search) = read_place();
        place.path.set(path);
        place.search.set(search);
    });
    let clicks = window_event_listener(leptos::ev::click, move |ev| {
        if let Some((href, keep_scroll)) = own_link(&ev) {
            ev.prevent_default();
            go(&href, !keep_scroll);
        }
    });
    // The router lives as long as the app: its listeners are never removed.
    std::mem::forget((back_or_forward, clicks));
}

/// The address of a plain left click on one of the app's own links, if that is what `ev` is, and
/// whether the link asks to keep the page where it is (`data-keep-scroll`: a row of a list that opens
/// its item beside the list).
fn own_link(ev: &web_sys::MouseEvent) -> Option<(String, bool)> {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return None;
    }
    let anchor = ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest("a[href]").ok()??;
    if anchor.has_attribute("download") || anchor.get_attribute("target").is_some_and(|t| t != "_self") {
        return None;
    }
    let href = anchor.get_attribute("href")?;
    // Only paths of this app: not other sites, not `tel:`, not photos or the API, not `#` jumps, not
    // the other app's pages.
    let own = href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/media/") && !href.starts_with("/api/");
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let keep_scroll = anchor.has_attribute("data-keep-scroll");
    (own && place().is_some_and(|p| Route::parse(path).app() == p.app)).then_some((href, keep_scroll))
}

/// Goes to `href` (a path with optional query and fragment) without reloading, as a new history entry,
/// and to the top of the new page.
pub fn navigate(href: &str) {
    go(href, true);
}

/// Goes to `href` like [`navigate`], but leaves the page scrolled where it is (a choice on the page
/// that changes the address, such as a tab or the item open beside a list).
pub fn navigate_in_place(href: &str) {
    go(href, false);
}

fn go(href: &str, to_top: bool) {
    let Some(place) = place() else { return };
    let other_app = Route::parse(href.split(['?', '#']).next().unwrap_or_default()).app() != place.app;
    if other_app || window().history().and_then(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))).is_err() {
        // The other app's page, or no history (rare embedded browsers): a plain page load gets there.
        let _ = window().location().set_href(href);
        return;
    }
    let (path, search) = read_place();
    place.search.set(search);
    place.path.set(path);
    if to_top {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The current route, recomputed only when the path changes.
pub fn use_route() -> Memo<Route> {
    let place = place().expect("provide_router first");
    Memo::new(move |_| place.path.with(|p| Route::parse(p)))
}

/// The current path.
pub fn use_path() -> Memo<String> {
    let place = place().expect("provide_router first");
    Memo::new(move |_| place.path.get())
}

/// The current path with its query string (`/near?region=371502`).
pub fn use_address() -> Memo<String> {
    let place = place().expect("provide_router first");
    Memo::new(move |_| format!("{}{}", place.path.get(), place.search.get()))
}

/// A value from the current query string.
pub fn use_query(name: &'static str) -> Memo<String> {
    let place = place().expect("provide_router first");
    Memo::new(move |_| place.search.with(|s| query_value(s, name).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded() {
        assert_eq!(query_value("?q=%E6%98%8E+%E5%8E%A8&x=1", "q").as_deref(), Some("明 厨"));
        assert_eq!(query_value("?x=1", "q"), None);
        assert_eq!(query_value("", "q"), None);
        assert_eq!(query_value("?q", "q").as_deref(), Some(""));
    }
}
