//! The API client: one generic JSON fetch, one function per endpoint, and the unit data the server
//! inlined into the page (read once, so the first screen needs no request at all).

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::Request;
use mingchu_types::i18n::Lang;
use mingchu_types::{ErrorBody, ErrorCode, InspectionList, InspectionSheet, RatingSummary, Smiley, UnitList, UnitPage};
use serde::de::DeserializeOwned;

/// Why a request gave no data, worded for people by [`FetchError::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, timed out, blocked.
    Network,
    /// The server answered with an error body.
    Api(ErrorCode),
    /// The server answered something this app does not understand.
    Unreadable,
}

impl FetchError {
    pub fn message(self, lang: Lang) -> &'static str {
        let t = lang.t();
        match self {
            FetchError::Network => t.error_network,
            FetchError::Api(code) => t.error(code),
            FetchError::Unreadable => t.error_server,
        }
    }

    pub fn is_not_found(self) -> bool {
        self == FetchError::Api(ErrorCode::NotFound)
    }
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    read_json(Request::get(url).send().await).await
}

async fn read_json<T: DeserializeOwned>(sent: Result<gloo_net::http::Response, gloo_net::Error>) -> Result<T, FetchError> {
    let response = sent.map_err(|_| FetchError::Network)?;
    if response.ok() {
        response.json::<T>().await.map_err(|_| FetchError::Unreadable)
    } else {
        match response.json::<ErrorBody>().await {
            Ok(body) => Err(FetchError::Api(body.error.code)),
            // A proxy's error page, not ours.
            Err(_) if response.status() >= 500 => Err(FetchError::Api(ErrorCode::Unavailable)),
            Err(_) => Err(FetchError::Unreadable),
        }
    }
}

thread_local! {
    /// Units already loaded, by code: moving between a unit's pages costs no request.
    static UNITS: RefCell<HashMap<String, UnitPage>> = RefCell::new(inlined_unit().map(|p| (p.unit.code.clone(), p)).into_iter().collect());
}

/// The unit the server inlined into the page, if any.
fn inlined_unit() -> Option<UnitPage> {
    take_inlined("mc-unit", None)
}

/// Data the server inlined for the page it served (see the server's `pages::Inline`), taken once:
/// later visits ask the server for fresh data. `key` must match the script's `data-key`.
fn take_inlined<T: DeserializeOwned>(id: &str, key: Option<&str>) -> Option<T> {
    let script = leptos::prelude::document().get_element_by_id(id)?;
    if key.is_some_and(|key| script.get_attribute("data-key").as_deref() != Some(key)) {
        return None;
    }
    script.remove();
    serde_json::from_str(&script.text_content()?).ok()
}

/// Removes the server's first-paint summary once the app has drawn the page.
pub fn remove_server_summary() {
    if let Some(ssr) = leptos::prelude::document().get_element_by_id("mc-ssr") {
        ssr.remove();
    }
}

pub async fn unit(code: &str) -> Result<UnitPage, FetchError> {
    if let Some(page) = UNITS.with(|u| u.borrow().get(code).cloned()) {
        return Ok(page);
    }
    let page: UnitPage = get_json(&format!("/api/units/{}", enc(code))).await?;
    UNITS.with(|u| u.borrow_mut().insert(code.to_owned(), page.clone()));
    Ok(page)
}

/// Records the diner's smiley for a unit today; the answer is the new summary.
pub async fn rate(code: &str, smiley: Smiley) -> Result<RatingSummary, FetchError> {
    // The body is written by hand: serde_json's serializer would cost the app ~5 KB for 20 bytes.
    let body = format!(r#"{{"smiley":"{}"}}"#, smiley.as_str());
    let request = Request::post(&format!("/api/units/{}/ratings", enc(code)))
        .header("content-type", "application/json")
        .body(body)
        .map_err(|_| FetchError::Unreadable)?;
    let summary: RatingSummary = read_json(request.send().await).await?;
    UNITS.with(|u| {
        if let Some(page) = u.borrow_mut().get_mut(code) {
            page.ratings = summary;
        }
    });
    Ok(summary)
}

/// A unit as last loaded or updated (its ratings change when the diner votes).
pub fn cached_unit(code: &str) -> Option<UnitPage> {
    UNITS.with(|u| u.borrow().get(code).cloned())
}

/// Forgets a cached unit so that "try again" really asks the server.
pub fn forget_unit(code: &str) {
    UNITS.with(|u| u.borrow_mut().remove(code));
}

pub async fn search(query: &str, cursor: Option<&str>) -> Result<UnitList, FetchError> {
    let mut url = format!("/api/units?q={}", enc(query));
    if let Some(c) = cursor {
        url.push_str(&format!("&cursor={}", enc(c)));
    }
    get_json(&url).await
}

pub async fn inspections(code: &str, cursor: Option<&str>) -> Result<InspectionList, FetchError> {
    if cursor.is_none() {
        if let Some(list) = take_inlined("mc-inspections", Some(code)) {
            return Ok(list);
        }
    }
    let mut url = format!("/api/units/{}/inspections", enc(code));
    if let Some(c) = cursor {
        url.push_str(&format!("?cursor={}", enc(c)));
    }
    get_json(&url).await
}

pub async fn inspection(code: &str, id: &str) -> Result<InspectionSheet, FetchError> {
    if let Some(sheet) = take_inlined("mc-sheet", Some(&format!("{code}/{id}"))) {
        return Ok(sheet);
    }
    get_json(&format!("/api/units/{}/inspections/{}", enc(code), enc(id))).await
}

fn enc(s: &str) -> String {
    mingchu_types::percent_encode(s)
}
