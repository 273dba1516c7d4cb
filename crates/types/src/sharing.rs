//! What a shared cache (a CDN, a reverse proxy, the server's own answer cache) may keep (issue 16).
//!
//! The public records a scan opens change a few times a day, so their answers are the same for every
//! reader: the unit's API answer, its painted pages, inspection lists and sheets, reviews' first page,
//! the kitchen view's list. They are `public` for a few seconds, served stale while revalidated, with a
//! strong `ETag`. Nothing in them depends on who asks: the language is in the address (`?lang=en`; a
//! Chinese page has none) and what is this device's own (its vote today, its reviews waiting) comes from
//! [`device_path`], never kept by any cache.

use crate::i18n::Lang;
use crate::percent_encode;
use crate::{Review, Route, SchoolPage, Smiley};
use serde::{Deserialize, Serialize};

/// How long a public answer is fresh, in seconds: a rating shows on other phones within it.
pub const PUBLIC_MAX_AGE_SECS: u32 = 10;
/// How long past that a cache may still hand it out while it asks for a fresh one.
pub const PUBLIC_STALE_SECS: u32 = 60;
/// The `Cache-Control` of every public answer.
pub const PUBLIC_CACHE_CONTROL: &str = "public, max-age=10, stale-while-revalidate=60";

/// The query parameter that names an English page.
pub const LANG_PARAM: &str = "lang";

/// `GET /api/units/{code}/mine`: what this device has of the unit's (by its cookie), fetched by the
/// app after first paint and kept by no cache. Asking it also gives the browser the device cookie a
/// vote needs some seconds later.
pub fn device_path(code: &str) -> String {
    format!("/api/units/{}/mine", percent_encode(code))
}

/// This device's own part of a unit's pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceView {
    /// Its vote today, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Smiley>,
    /// Its reviews not published (held, or hidden with the reason), newest first; named `items` so that
    /// the app reads them as a [`crate::ReviewList`], whose decoder it has anyway.
    #[serde(default, rename = "items")]
    pub reviews: Vec<Review>,
}

impl Route {
    /// Whether the page is the same for every reader, so that a shared cache may keep it: the public
    /// records. A form, a follow-up, this device's page, the staff apps and a parent's survey (it says
    /// whether this device answered) are not.
    pub fn shared(&self) -> bool {
        match self {
            Route::Home
            | Route::Unit(_)
            | Route::Licence(_)
            | Route::Inspections(_)
            | Route::Sheet(..)
            | Route::Reviews(_)
            | Route::Live(_)
            | Route::Today(..)
            | Route::Record(..)
            | Route::Near
            | Route::District(_)
            | Route::NotFound => true,
            Route::School(_, page) => *page != SchoolPage::Survey,
            Route::Write(..) | Route::Ticket(_) | Route::Mine | Route::Owner | Route::Regulator | Route::Kitchen(_) => false,
        }
    }
}

/// The address of a page in `lang`: `path` (without query) and its other query parameters `rest`
/// (already encoded, `&`-joined, without `lang`), with `lang=en` for English and nothing for Chinese.
pub fn page_address(path: &str, rest: &str, lang: Lang) -> String {
    let mut query: Vec<String> = if rest.is_empty() { vec![] } else { vec![rest.to_owned()] };
    if lang == Lang::En {
        query.push(format!("{LANG_PARAM}={}", lang.code()));
    }
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The language a page's address names: `?lang=` when it names one, else Chinese.
pub fn address_lang(query: &str) -> Lang {
    query.split('&').filter_map(|p| p.strip_prefix("lang=")).find_map(Lang::from_code).unwrap_or_default()
}

/// Whether the reader's language cookie changes the answer to a page at an address with `query`: it
/// leads to the English address, or the address switches the language it remembers. A cache must pass
/// such a request on to the server (nginx: `proxy_cache_bypass`).
pub fn cookie_leads(query: &str, cookie: Option<Lang>) -> bool {
    cookie.is_some_and(|c| c != address_lang(query))
}

/// A query string without its `lang` parameters (the rest as they were written).
pub fn without_lang(query: &str) -> String {
    query.split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some(LANG_PARAM)).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_in_the_address_and_only_english_names_it() {
        assert_eq!(page_address("/u/lc-1", "", Lang::Zh), "/u/lc-1");
        assert_eq!(page_address("/u/lc-1", "", Lang::En), "/u/lc-1?lang=en");
        assert_eq!(page_address("/", "q=%E9%A3%9F", Lang::En), "/?q=%E9%A3%9F&lang=en");
        assert_eq!(without_lang("lang=en&q=x&lang=zh"), "q=x");
        assert_eq!(without_lang("language=1&q="), "language=1&q=");
        assert_eq!((address_lang("q=x&lang=en"), address_lang("lang=fr"), address_lang("")), (Lang::En, Lang::Zh, Lang::Zh));
        assert!(cookie_leads("", Some(Lang::En)) && cookie_leads("lang=en", Some(Lang::Zh)));
        assert!(!cookie_leads("", Some(Lang::Zh)) && !cookie_leads("lang=en", Some(Lang::En)) && !cookie_leads("lang=en", None));
        assert_eq!(PUBLIC_CACHE_CONTROL, format!("public, max-age={PUBLIC_MAX_AGE_SECS}, stale-while-revalidate={PUBLIC_STALE_SECS}"));
    }

    #[test]
    fn only_records_every_reader_sees_alike_are_shared() {
        let shared: Vec<String> = Route::every("lc-1", "7").into_iter().filter(Route::shared).map(|r| r.path()).collect();
        assert!(shared.contains(&"/u/lc-1".to_owned()) && shared.contains(&"/u/lc-1/menu".to_owned()), "{shared:?}");
        for private in ["/u/lc-1/survey", "/u/lc-1/write/review", "/mine", "/owner"] {
            assert!(!shared.iter().any(|p| p == private), "{private}");
        }
    }
}
