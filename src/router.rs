//! The app's own router: the route is plain data parsed from the address, and links are caught by
//! one click listener on the document.
//!
//! Why not `leptos_router`: it cost this app ~40 KB of its 160 KB WebAssembly budget for a handful of
//! fixed paths, and a diner on a weak network pays for every byte. What it did for us — follow links
//! without reloading, keep the back button working, read the query — fits in this file.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The kind of thing a diner writes, as it appears in the address (`/u/{code}/write/{kind}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteKind {
    Review,
    Message,
    Report,
}

impl WriteKind {
    pub fn slug(self) -> &'static str {
        match self {
            WriteKind::Review => "review",
            WriteKind::Message => "message",
            WriteKind::Report => "report",
        }
    }

    pub fn parse(s: &str) -> Option<WriteKind> {
        [WriteKind::Review, WriteKind::Message, WriteKind::Report].into_iter().find(|k| k.slug() == s)
    }
}

/// The three apps (see the crate's documentation); a path of another app is loaded as a new page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppKind {
    /// What every visitor loads.
    Look,
    /// What a diner who takes part loads.
    Act,
    /// What owners and regulators load.
    Staff,
}

/// Every page of the app, by its address. The server paints the same addresses (see its `pages`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`, with the search in `?q=`.
    Home,
    /// `/u/{code}`.
    Unit(String),
    /// `/u/{code}/licence`.
    Licence(String),
    /// `/u/{code}/inspections`.
    Inspections(String),
    /// `/u/{code}/inspections/{id}`.
    Sheet(String, String),
    /// `/u/{code}/reviews`.
    Reviews(String),
    /// `/u/{code}/live`: the delayed kitchen view.
    Live(String),
    /// `/u/{code}/write/{kind}`.
    Write(String, WriteKind),
    /// `/t/{ticket}`, with its secret in the fragment (never sent to the server in a page request).
    Ticket(String),
    /// `/mine`: what this device has sent.
    Mine,
    /// `/owner/…`: the owner's pages (the staff app tells them apart by [`use_path`]).
    Owner,
    /// `/regulator/…`: the regulator's pages, likewise.
    Regulator,
    NotFound,
}

impl Route {
    /// The app the page belongs to.
    pub fn app(&self) -> AppKind {
        match self {
            Route::Write(..) | Route::Ticket(_) | Route::Mine => AppKind::Act,
            Route::Owner | Route::Regulator => AppKind::Staff,
            _ => AppKind::Look,
        }
    }

    /// The route of a path (without query or fragment). Segments are percent-decoded.
    pub fn parse(path: &str) -> Route {
        let parts: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["mine"] => Route::Mine,
            ["owner", ..] => Route::Owner,
            ["regulator", ..] => Route::Regulator,
            ["t", ticket] => Route::Ticket(ticket.to_string()),
            ["u", code] => Route::Unit(code.to_string()),
            ["u", code, "licence"] => Route::Licence(code.to_string()),
            ["u", code, "inspections"] => Route::Inspections(code.to_string()),
            ["u", code, "inspections", id] => Route::Sheet(code.to_string(), id.to_string()),
            ["u", code, "reviews"] => Route::Reviews(code.to_string()),
            ["u", code, "live"] => Route::Live(code.to_string()),
            ["u", code, "write", kind] => WriteKind::parse(kind).map_or(Route::NotFound, |k| Route::Write(code.to_string(), k)),
            _ => Route::NotFound,
        }
    }
}

/// Percent-decoding of one path segment (UTF-8; a broken escape is kept as it is).
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

/// The value of `name` in a query string (`?a=1&q=…`), `+` and percent escapes decoded.
pub fn query_value(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| decode(&v.replace('+', " ")))
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

/// A value from the current query string.
pub fn use_query(name: &'static str) -> Memo<String> {
    let place = place().expect("provide_router first");
    Memo::new(move |_| place.search.with(|s| query_value(s, name).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_route() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/u/lc-1"), Route::Unit("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/"), Route::Unit("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/licence"), Route::Licence("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/inspections"), Route::Inspections("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/inspections/7"), Route::Sheet("lc-1".into(), "7".into()));
        assert_eq!(Route::parse("/u/lc-1/reviews"), Route::Reviews("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/live"), Route::Live("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/write/report"), Route::Write("lc-1".into(), WriteKind::Report));
        assert_eq!(Route::parse("/t/JB261129-000001"), Route::Ticket("JB261129-000001".into()));
        assert_eq!(Route::parse("/mine"), Route::Mine);
        for (path, app) in [("/mine", AppKind::Act), ("/t/x", AppKind::Act), ("/u/a/write/review", AppKind::Act), ("/u/a", AppKind::Look)] {
            assert_eq!(Route::parse(path).app(), app, "{path}");
        }
        for (path, app) in
            [("/u/a/reviews", AppKind::Look), ("/", AppKind::Look), ("/owner", AppKind::Staff), ("/regulator/reports/JB1", AppKind::Staff)]
        {
            assert_eq!(Route::parse(path).app(), app, "{path}");
        }
        assert_eq!(Route::parse("/owner/reviews"), Route::Owner);
        assert_eq!(Route::parse("/regulator/reports/JB1"), Route::Regulator);
        for unknown in ["/x", "/u", "/u/lc-1/write/poem", "/u/lc-1/licence/extra", "/t"] {
            assert_eq!(Route::parse(unknown), Route::NotFound, "{unknown}");
        }
    }

    #[test]
    fn segments_and_queries_are_decoded() {
        assert_eq!(Route::parse("/u/%E6%98%8E"), Route::Unit("明".into()));
        assert_eq!(Route::parse("/u/a%2"), Route::Unit("a%2".into()));
        assert_eq!(query_value("?q=%E6%98%8E+%E5%8E%A8&x=1", "q").as_deref(), Some("明 厨"));
        assert_eq!(query_value("?x=1", "q"), None);
        assert_eq!(query_value("", "q"), None);
        assert_eq!(query_value("?q", "q").as_deref(), Some(""));
    }
}
