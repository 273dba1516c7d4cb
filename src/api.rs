//! The API client: one generic JSON fetch, one function per endpoint, and the unit data the server
//! inlined into the page (read once, so the first screen needs no request at all).

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::Request;
use leptos::prelude::on_cleanup;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::school::{SurveyState, SurveyWindow};
use mingchu_types::{
    device_path, ErrorCode, Inlined, InspectionList, RatingSummary, ReviewList, Smiley, TicketView, UnitCameras, UnitList, UnitPage, SSR_ID,
};
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
    /// Too many writes from this phone or address: try again after this many seconds.
    Limited(u32),
}

impl FetchError {
    pub fn message(self, lang: Lang) -> String {
        let t = lang.t();
        match self {
            FetchError::Network => t.error_network.to_owned(),
            FetchError::Api(code) => t.error(code).to_owned(),
            FetchError::Unreadable => t.error_server.to_owned(),
            // A calm "try again in N minutes", rounded up.
            FetchError::Limited(seconds) => fill(t.try_again_in, seconds.div_ceil(60).max(1)),
        }
    }

    pub fn is_not_found(self) -> bool {
        self == FetchError::Api(ErrorCode::NotFound)
    }

    /// Whether sending the same request later may succeed (the outbox keeps the draft and retries);
    /// otherwise the server refused it as it is and the diner must change it.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            FetchError::Network | FetchError::Limited(_) | FetchError::Api(ErrorCode::Unavailable | ErrorCode::Internal | ErrorCode::StorageFull)
        )
    }
}

/// What the app reads of an error body ([`mingchu_types::ErrorBody`]): its code and when to try again.
/// The message (for developers) and the fields are passed over, which keeps their decoding out of the app.
#[derive(serde::Deserialize)]
struct ErrorCodeOnly {
    error: CodeAndRetry,
}

#[derive(serde::Deserialize)]
struct CodeAndRetry {
    code: ErrorCode,
    #[serde(default)]
    retry_after: Option<u64>,
}

/// The error a non-2xx answer means, from its status and body (fetch and XHR answers alike).
pub fn answer_error(status: u16, body: &str) -> FetchError {
    match serde_json::from_str::<ErrorCodeOnly>(body) {
        Ok(ErrorCodeOnly { error }) if error.code == ErrorCode::RateLimited => FetchError::Limited(error.retry_after.unwrap_or(60) as u32),
        Ok(ErrorCodeOnly { error }) => FetchError::Api(error.code),
        // A proxy's error page, not ours.
        Err(_) if status >= 500 || status == 429 => FetchError::Api(ErrorCode::Unavailable),
        Err(_) => FetchError::Unreadable,
    }
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    read_json(get(url).await).await
}

/// A GET that is aborted when the reactive owner that sent it is cleaned up: the diner left the page
/// (or its data is being fetched again), so the answer would be thrown away. Not generic, so that
/// each type read costs the app only its decoding.
async fn get(url: &str) -> Result<gloo_net::http::Response, gloo_net::Error> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    if let Some(controller) = controller {
        // Cleanups must be Send; the app has one thread.
        let controller = send_wrapper::SendWrapper::new(controller);
        on_cleanup(move || controller.abort());
    }
    Request::get(url).abort_signal(signal.as_ref()).send().await
}

async fn read_json<T: DeserializeOwned>(sent: Result<gloo_net::http::Response, gloo_net::Error>) -> Result<T, FetchError> {
    serde_json::from_str(&answer_text(sent).await?).map_err(|_| FetchError::Unreadable)
}

/// The body of a successful answer, or the error the answer means.
async fn answer_text(sent: Result<gloo_net::http::Response, gloo_net::Error>) -> Result<String, FetchError> {
    let response = sent.map_err(|_| FetchError::Network)?;
    // A body cut off on its way is the network's doing, whatever the status said.
    let text = response.text().await.map_err(|_| FetchError::Network)?;
    if response.ok() {
        Ok(text)
    } else {
        Err(answer_error(response.status(), &text))
    }
}

thread_local! {
    /// Units already loaded, by code: moving between a unit's pages costs no request.
    static UNITS: RefCell<HashMap<String, UnitPage>> = RefCell::new(inlined_unit().map(|p| (p.unit.code.clone(), p)).into_iter().collect());
}

/// The unit the server inlined into the page, if any (whichever unit it is).
fn inlined_unit() -> Option<UnitPage> {
    take_script(Inlined::Unit(String::new()).id(), None)
}

/// `what`, from the server's inlined data the first time (taken once: later visits ask the server for
/// fresh data), else from the API.
async fn inlined_or_fetched<T: DeserializeOwned>(what: Inlined) -> Result<T, FetchError> {
    match take_inlined(&what) {
        Some(data) => Ok(data),
        None => get_json(&what.api_path()).await,
    }
}

/// `what`, if the server inlined it into the page it served (and it has not been taken yet).
fn take_inlined<T: DeserializeOwned>(what: &Inlined) -> Option<T> {
    take_script(what.id(), Some(&what.key()))
}

/// The JSON in the script element `id`, taken out of the page; when `key` is given it must match the
/// script's `data-key`.
fn take_script<T: DeserializeOwned>(id: &str, key: Option<&str>) -> Option<T> {
    let script = leptos::prelude::document().get_element_by_id(id)?;
    if key.is_some_and(|key| script.get_attribute("data-key").as_deref() != Some(key)) {
        return None;
    }
    script.remove();
    serde_json::from_str(&script.text_content()?).ok()
}

/// Removes the server's first-paint summary once the app has drawn the page.
pub fn remove_server_summary() {
    if let Some(ssr) = leptos::prelude::document().get_element_by_id(SSR_ID) {
        ssr.remove();
    }
}

/// A page as the server paints it: the HTML of its `<main>` and its title. The server draws it with the
/// shared renderer (`mingchu_types::markup`), so the app shows exactly what a first paint shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Painted {
    pub title: String,
    pub main: String,
}

/// The page the server painted into this document for the first paint, if it is still there (taken
/// before the app removes it).
pub fn first_paint() -> Option<Painted> {
    let document = leptos::prelude::document();
    let main = document.get_element_by_id(SSR_ID)?.query_selector("main").ok()??;
    Some(Painted { title: document.title(), main: main.inner_html() })
}

/// The page at `path` as the server paints it (a page that is not found too, which says so); a fault of
/// the server's or the network's is an error to try again.
pub async fn painted(path: &str) -> Result<Painted, FetchError> {
    let response = get(path).await.map_err(|_| FetchError::Network)?;
    let status = response.status();
    let html = response.text().await.map_err(|_| FetchError::Network)?;
    match status {
        // A 404 is painted too (an unknown unit, an inspection of another unit's): the page says so.
        500.. => Err(answer_error(status, &html)),
        _ => {
            let (title, main) = painted_parts(&html).ok_or(FetchError::Unreadable)?;
            // The title is escaped HTML: the browser reads it back as text.
            let title = leptos::prelude::document().create_element("p").map(|p| {
                p.set_inner_html(title);
                p.text_content().unwrap_or_default()
            });
            Ok(Painted { title: title.unwrap_or_default(), main: main.to_owned() })
        }
    }
}

/// The title (as HTML) and the `<main>`'s content of a page the server painted: its summary is the only
/// `<main>` of the document, and the data inlined after it holds no `</main>` (`<` is escaped there).
fn painted_parts(html: &str) -> Option<(&str, &str)> {
    let between = |from: &str, start: &str, end: &str| {
        let from = html.find(from)?;
        let open = from + html[from..].find(start)?;
        let content = open + html[open..].find('>')? + 1;
        Some(&html[content..content + html[content..].rfind(end)?])
    };
    let title = between("<title", "<title", "</title>").map(|t| t.split("</title>").next().unwrap_or(t))?;
    Some((title, between(SSR_ID, "<main", "</main>")?))
}

pub async fn unit(code: &str) -> Result<UnitPage, FetchError> {
    if let Some(page) = UNITS.with(|u| u.borrow().get(code).cloned()) {
        return Ok(page);
    }
    let page: UnitPage = get_json(&Inlined::Unit(code.to_owned()).api_path()).await?;
    UNITS.with(|u| u.borrow_mut().insert(code.to_owned(), page.clone()));
    Ok(page)
}

/// This device's vote today, from its own part of a unit's pages (which no public answer holds; asking
/// it also gives the browser the device cookie a vote needs). Read from the text: a decoder of its own
/// would cost the app every visitor loads more than this whole function.
pub async fn my_vote(code: &str) -> Option<Smiley> {
    let text = get(&device_path(code)).await.ok()?.text().await.ok()?;
    text.split_once(r#""vote":""#).and_then(|(_, rest)| rest.split('"').next()).and_then(Smiley::parse)
}

/// This device's reviews not published (held, or hidden with the reason), read as a [`ReviewList`]
/// (see [`mingchu_types::DeviceView`]).
pub async fn my_reviews(code: &str) -> Result<ReviewList, FetchError> {
    get_json(&device_path(code)).await
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

/// A unit's code and name: all the forms need. Read from the same answer (or inlined data) as the
/// whole unit, but without decoding the rest, which would cost the taking-part app ~10 KB.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct UnitName {
    pub code: String,
    pub name: String,
}

#[derive(serde::Deserialize)]
struct UnitNameOnly {
    unit: UnitName,
}

pub async fn unit_name(code: &str) -> Result<UnitName, FetchError> {
    inlined_or_fetched::<UnitNameOnly>(Inlined::Unit(code.to_owned())).await.map(|p| p.unit)
}

/// What the survey form needs of a school canteen's [`mingchu_types::school::PublicSurvey`]: whether
/// this term's is open and this phone has answered it (the results are the painted page's).
#[derive(Clone, serde::Deserialize)]
pub struct SurveyOpen {
    pub window: Option<SurveyWindow>,
    pub state: Option<SurveyState>,
    #[serde(default)]
    pub answered: bool,
}

/// This term's survey of a school canteen; `None` when the unit is not one (the API's 404).
pub async fn survey(code: &str) -> Result<Option<SurveyOpen>, FetchError> {
    match get_json(&format!("/api/units/{}/school/survey", enc(code))).await {
        Err(e) if e.is_not_found() => Ok(None),
        answer => answer.map(Some),
    }
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
    list_page(Inlined::Inspections(code.to_owned()), cursor).await
}

pub async fn reviews(code: &str, cursor: Option<&str>) -> Result<ReviewList, FetchError> {
    list_page(Inlined::Reviews(code.to_owned()), cursor).await
}

/// A page of a list: the first may have been inlined, the others come after `cursor`.
async fn list_page<T: DeserializeOwned>(first: Inlined, cursor: Option<&str>) -> Result<T, FetchError> {
    match cursor {
        None => inlined_or_fetched(first).await,
        Some(c) => get_json(&format!("{}?cursor={}", first.api_path(), enc(c))).await,
    }
}

pub async fn cameras(code: &str) -> Result<UnitCameras, FetchError> {
    inlined_or_fetched(Inlined::Cameras(code.to_owned())).await
}

/// A camera's current (delayed) frame: an object address of the JPEG (the caller revokes it) and its
/// capture time. The browser's cache revalidates with the frame's ETag, so an unchanged frame costs a 304.
pub async fn frame(camera: i64) -> Result<(String, String), FetchError> {
    let response = answered(&format!("/api/cameras/{camera}/frame")).await?;
    let captured_at = response.headers().get("x-captured-at").ok_or(FetchError::Unreadable)?;
    let blob = web_sys::Response::from(response).blob().map_err(|_| FetchError::Unreadable)?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob).await.map_err(|_| FetchError::Network)?.into();
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| FetchError::Unreadable)?;
    Ok((url, captured_at))
}

/// A successful answer to a GET, or the error the answer means.
async fn answered(url: &str) -> Result<gloo_net::http::Response, FetchError> {
    let response = Request::get(url).send().await.map_err(|_| FetchError::Network)?;
    if !response.ok() {
        return Err(answer_error(response.status(), &response.text().await.unwrap_or_default()));
    }
    Ok(response)
}

/// A camera's delayed playlist, as text.
pub async fn playlist(url: &str) -> Result<String, FetchError> {
    answer_text(Request::get(url).send().await).await
}

/// A video segment's bytes, kept out of the app's memory: they go straight to the browser's player.
pub async fn segment(url: &str) -> Result<js_sys::ArrayBuffer, FetchError> {
    let bytes = web_sys::Response::from(answered(url).await?).array_buffer().map_err(|_| FetchError::Unreadable)?;
    Ok(wasm_bindgen_futures::JsFuture::from(bytes).await.map_err(|_| FetchError::Network)?.into())
}

/// A report's or message's follow-up, opened by its secret.
pub async fn ticket(ticket: &str, secret: &str) -> Result<TicketView, FetchError> {
    read_json(Request::get(&format!("/api/tickets/{}", enc(ticket))).header("x-ticket-secret", secret).send().await).await
}

/// Posts a diner's write with its `Idempotency-Key`; the answer's body on success.
pub async fn post(url: &str, key: &str, json: String) -> Result<String, FetchError> {
    let request = Request::post(url)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(json)
        .map_err(|_| FetchError::Unreadable)?;
    answer_text(request.send().await).await
}

pub fn enc(s: &str) -> String {
    mingchu_types::percent_encode(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_for_too_many_writes_says_when_to_try_again() {
        let body = r#"{"error":{"code":"rate_limited","message":"too many","retry_after":90}}"#;
        let error = answer_error(429, body);
        assert_eq!(error, FetchError::Limited(90));
        assert!(error.is_transient());
        assert_eq!(error.message(Lang::Zh), "提交太频繁了，请 2 分钟后再试。");
        assert_eq!(FetchError::Limited(5).message(Lang::En), "Too many at once. Please try again in 1 min.");
    }

    #[test]
    fn a_painted_page_gives_its_title_and_main() {
        let html = r#"<!doctype html><html><head><title>后厨记录 · A&amp;B</title><meta name="description" content="x"></head><body><div id="mc-ssr"><header class="topbar"></header><main class="page"><h1>后厨记录</h1><ol><li>1</li></ol></main></div><script type="application/json" id="mc-unit">{"name":"\u003c/main>"}</script><script src="/x.js"></script></body></html>"#;
        assert_eq!(painted_parts(html), Some(("后厨记录 · A&amp;B", "<h1>后厨记录</h1><ol><li>1</li></ol>")));
        assert_eq!(painted_parts("<html><title>x</title><body>no summary</body></html>"), None);
    }

    #[test]
    fn errors_are_transient_only_when_sending_again_may_work() {
        assert!(FetchError::Network.is_transient());
        assert!(answer_error(502, "<html>bad gateway</html>").is_transient());
        assert_eq!(answer_error(422, r#"{"error":{"code":"too_fast","message":"x"}}"#), FetchError::Api(ErrorCode::TooFast));
        assert!(!FetchError::Api(ErrorCode::TooFast).is_transient());
        assert!(!answer_error(404, r#"{"error":{"code":"not_found","message":"x"}}"#).is_transient());
        assert_eq!(answer_error(400, "not json"), FetchError::Unreadable);
        // No room on the server for a photo: the draft waits and is sent again.
        let full = answer_error(503, r#"{"error":{"code":"storage_full","message":"x","retry_after":120}}"#);
        assert_eq!(full, FetchError::Api(ErrorCode::StorageFull));
        assert!(full.is_transient());
    }
}
