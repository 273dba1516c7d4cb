//! The app's pages. Each is the app's `index.html` with the page's data inlined as JSON (the app reads it
//! instead of fetching) and a readable summary rendered in, so first paint never waits for WebAssembly.

use std::path::Path as FsPath;

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mingchu_types::i18n::Lang;
use mingchu_types::{markup, InspectionList, InspectionSheet, ReviewList, UnitSummary, DEFAULT_PAGE_SIZE};
use serde::Deserialize;

use super::api::{format_cursor, live_brief, ratings_for, search_query, unit_page, unit_summary};
use super::ApiError;
use crate::summary::{self, esc};
use crate::AppState;

/// Data inlined into a page as `<script type="application/json" id=… data-key=…>`, which the app reads
/// instead of asking the API: `mc-unit` (a [`UnitPage`], key: the code), `mc-inspections` (the first
/// [`InspectionList`] page, key: the code), `mc-sheet` (an [`InspectionSheet`], key: `code/id`).
pub struct Inline {
    pub id: &'static str,
    pub key: String,
    pub json: String,
}

impl Inline {
    pub fn new<T: serde::Serialize>(id: &'static str, key: impl Into<String>, data: &T) -> Inline {
        Inline { id, key: key.into(), json: serde_json::to_string(data).unwrap_or_default() }
    }
}
/// The id of the element holding the server-rendered summary, which the app removes when it starts.
pub const SSR_ID: &str = "mc-ssr";

/// Used when no app has been built: the API and the first-paint pages still work.
const FALLBACK_TEMPLATE: &str = r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>明厨亮灶</title></head><body></body></html>"#;

/// The three apps' `index.html` files, into which a page's own parts go: the app every visitor loads
/// (`dist/index.html`), the one a diner loads to take part (`dist/act/index.html`) and the owners' and
/// regulators' (`dist/staff/index.html`); and the content security policy that allows their scripts.
pub struct Shell {
    template: String,
    act_template: String,
    staff_template: String,
    csp: String,
}

impl Shell {
    /// Reads the built apps' pages, when there is a built app.
    pub fn load(dist: Option<&FsPath>) -> std::io::Result<Shell> {
        let Some(dir) = dist else {
            let t = FALLBACK_TEMPLATE.to_owned();
            return Ok(Shell { csp: super::security::content_policy(&[]), template: t.clone(), act_template: t.clone(), staff_template: t });
        };
        let template = std::fs::read_to_string(dir.join("index.html"))?;
        let other = |app: &str| {
            std::fs::read_to_string(dir.join(app).join("index.html")).unwrap_or_else(|_| {
                tracing::warn!("no dist/{app}/index.html: it needs a build by `cargo xtask build`");
                template.clone()
            })
        };
        let (act_template, staff_template) = (other("act"), other("staff"));
        let csp = super::security::content_policy(&[&template, &act_template, &staff_template]);
        Ok(Shell { template, act_template, staff_template, csp })
    }

    /// The `Content-Security-Policy` for every answer: the apps' own inline start-up scripts by hash.
    pub fn csp(&self) -> &str {
        &self.csp
    }

    /// A page of the owners' and regulators' app: it draws everything itself, after sign-in.
    pub fn render_staff(&self, lang: Lang, title: &str) -> String {
        let body = r#"<noscript><p class="alert tone-warning" lang="zh-CN">此页需要启用 JavaScript。</p><p class="alert tone-warning" lang="en">This page needs JavaScript.</p></noscript>"#;
        fill_template(&self.staff_template, lang, title, title, body, &[])
    }

    /// A page of the app every visitor loads: language, title and link-preview tags, the summary in
    /// the body, and the inlined data.
    pub fn render(&self, lang: Lang, title: &str, description: &str, body: &str, inline: &[Inline]) -> String {
        fill_template(&self.template, lang, title, description, body, inline)
    }

    /// A page of the app a diner loads to take part.
    pub fn render_act(&self, lang: Lang, title: &str, description: &str, body: &str, inline: &[Inline]) -> String {
        fill_template(&self.act_template, lang, title, description, body, inline)
    }
}

fn fill_template(template: &str, lang: Lang, title: &str, description: &str, body: &str, inline: &[Inline]) -> String {
    let mut html = template.replacen("<html lang=\"zh-CN\">", &format!("<html lang=\"{}\">", lang.tag()), 1);
    let head = format!(
        "<title>{t}</title><meta name=\"description\" content=\"{d}\"><meta property=\"og:title\" content=\"{t}\"><meta property=\"og:description\" content=\"{d}\"><meta property=\"og:type\" content=\"website\">",
        t = esc(title),
        d = esc(description)
    );
    if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
        html.replace_range(start..end + "</title>".len(), &head);
    }
    let mut inject = format!("<div id=\"{SSR_ID}\">{}<main class=\"page\">{body}</main></div>", summary::topbar(lang));
    for data in inline {
        // `<` is escaped so that no string in the data can close the script element.
        let json = data.json.replace('<', "\\u003c");
        inject.push_str(&format!("<script type=\"application/json\" id=\"{}\" data-key=\"{}\">{json}</script>", data.id, esc(&data.key)));
    }
    if let Some(body_start) = html.find("<body").and_then(|i| html[i..].find('>').map(|j| i + j + 1)) {
        html.insert_str(body_start, &inject);
    }
    html
}

#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    q: Option<String>,
    lang: Option<String>,
}

/// The reader's language: `?lang=` (which the no-script language link sets), then the cookie, then Chinese.
fn language(headers: &HeaderMap, params: &PageParams) -> (Lang, Option<HeaderValue>) {
    if let Some(lang) = params.lang.as_deref().and_then(Lang::from_code) {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Lang::COOKIE, lang.code());
        return (lang, HeaderValue::from_str(&cookie).ok());
    }
    let from_cookie = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(Lang::from_cookie_header);
    (from_cookie.unwrap_or_default(), None)
}

fn html_response(status: StatusCode, html: String, set_cookie: Option<HeaderValue>) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], html).into_response();
    if let Some(cookie) = set_cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    // The language can change the page: caches must keep one copy per cookie.
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Encoding"));
    response
}

fn params(raw: Option<String>) -> PageParams {
    raw.and_then(|q| Query::<PageParams>::try_from_uri(&format!("/?{q}").parse().ok()?).ok().map(|Query(p)| p)).unwrap_or_default()
}

/// `/`: what the site is and the search, with results when `?q=` is given.
pub async fn home(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let params = params(raw);
    let (lang, cookie) = language(&headers, &params);
    home_page(&state, lang, &params).await.map(|html| html_response(StatusCode::OK, html, cookie)).unwrap_or_else(|_| error_page(&state, lang))
}

async fn home_page(state: &AppState, lang: Lang, params: &PageParams) -> Result<String, ApiError> {
    let t = lang.t();
    let lk = lang.look();
    let raw_query = params.q.as_deref().unwrap_or("");
    let body = match search_query(params.q.as_deref()) {
        Ok(Some(q)) => {
            let today = state.clock.today();
            let page = state.store.search_units(Some(&q), None, DEFAULT_PAGE_SIZE).await?;
            let results: Vec<UnitSummary> = page.items.into_iter().map(|r| unit_summary(r, today)).collect();
            summary::home(lang, &q, &markup::unit_results(lang, &results))
        }
        Ok(None) => summary::home(lang, "", &markup::grade_legend(lang)),
        Err(_) => summary::home(lang, raw_query, &format!(r#"<p class="alert tone-warning" role="alert">{}</p>"#, esc(lk.search_too_long))),
    };
    let title = format!("{} · {}", t.site_name, lk.site_tagline);
    Ok(state.shell.render(lang, &title, lk.about, &body, &[]))
}

/// A fault of ours while building a page: a page (not JSON) that says so, with a way to try again.
fn error_page(state: &AppState, lang: Lang) -> Response {
    let t = lang.t();
    let lk = lang.look();
    let body =
        format!(r#"<section class="error-box" role="alert"><p>{}</p><a class="button" href="">{}</a></section>"#, esc(t.error_server), esc(t.retry));
    let html = state.shell.render(lang, t.site_name, lk.about, &body, &[]);
    html_response(StatusCode::SERVICE_UNAVAILABLE, html, None)
}

/// `/u/{code}` and its sub-pages. Unknown units, sub-pages and inspections answer 404 with a kind page.
pub async fn unit(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<Vec<(String, String)>>, axum::extract::rejection::PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = params(raw);
    let (lang, cookie) = language(&headers, &params);
    let parts: Vec<(String, String)> = path.map(|Path(p)| p).unwrap_or_default();
    unit_page_response(&state, &headers, lang, cookie, &parts).await.unwrap_or_else(|_| error_page(&state, lang))
}

async fn unit_page_response(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    cookie: Option<HeaderValue>,
    parts: &[(String, String)],
) -> Result<Response, ApiError> {
    let t = lang.t();
    let get = |name: &str| parts.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let code = get("code").unwrap_or("");
    let rest = get("rest").unwrap_or("");

    let record = state.store.unit(code).await?;
    let Some(record) = record else {
        return Ok(not_found_page(state, lang, cookie));
    };
    let ratings = ratings_for(state, code, headers).await?;
    let mut page = unit_page(record, state.clock.today(), ratings);
    page.live = live_brief(state, code).await?;
    let mut inline = vec![Inline::new("mc-unit", code, &page)];
    let body = match rest.split('/').collect::<Vec<_>>().as_slice() {
        [""] => markup::unit_first_screen(lang, &page),
        ["licence"] => markup::licence_screen(lang, &page),
        ["inspections"] => {
            let Some((first, total)) = state.store.inspections(code, None, DEFAULT_PAGE_SIZE).await? else {
                return Ok(not_found_page(state, lang, cookie));
            };
            let list = InspectionList { items: first.items, next_cursor: first.next.map(|c| format_cursor(&c)), total };
            inline.push(Inline::new("mc-inspections", code, &list));
            markup::inspections_screen(lang, code, list.total, &list.items)
        }
        ["reviews"] => {
            let Some(first) = state.store.reviews(code, None, DEFAULT_PAGE_SIZE, state.device_key.device(headers).as_deref()).await? else {
                return Ok(not_found_page(state, lang, cookie));
            };
            let list = ReviewList { items: first.items, next_cursor: first.next.map(|c| format_cursor(&c)) };
            inline.push(Inline::new("mc-reviews", code, &list));
            markup::reviews_screen(lang, code, &page.unit.name, &list.items)
        }
        ["live"] => {
            let cameras = super::cameras::public_cameras(state, code).await?;
            inline.push(Inline::new("mc-cameras", code, &cameras));
            let first = cameras.cameras.iter().position(|c| c.state == mingchu_types::CameraState::Live).unwrap_or(0);
            markup::live_screen(lang, code, &page.unit.name, &cameras, first)
        }
        ["write", kind @ ("review" | "message" | "report")] => {
            let title = match *kind {
                "review" => t.act_review,
                "message" => t.act_message,
                _ => t.act_report,
            };
            let body = summary::app_page(lang, title, &page.unit.name, Some(&format!("/u/{code}")));
            let html = state.shell.render_act(lang, &format!("{title} · {}", page.unit.name), &summary::description(lang, &page), &body, &inline);
            return Ok(html_response(StatusCode::OK, html, cookie));
        }
        ["inspections", id] => {
            let sheet = match id.parse::<i64>() {
                Ok(id) => state.store.inspection(code, id).await?,
                Err(_) => None,
            };
            let Some((header, inspection)) = sheet else {
                return Ok(sheet_missing_page(state, lang, cookie, &page, &inline));
            };
            let sheet = InspectionSheet { header, inspection };
            inline.push(Inline::new("mc-sheet", format!("{code}/{id}"), &sheet));
            markup::sheet_screen(lang, &sheet)
        }
        _ => return Ok(not_found_page(state, lang, cookie)),
    };
    let title = format!("{} · {}", page.unit.name, t.site_name);
    let html = state.shell.render(lang, &title, &summary::description(lang, &page), &body, &inline);
    Ok(html_response(StatusCode::OK, html, cookie))
}

fn not_found_page(state: &AppState, lang: Lang, cookie: Option<HeaderValue>) -> Response {
    let t = lang.t();
    let html = state.shell.render(lang, &format!("{} · {}", t.not_found_title, t.site_name), t.not_found_body, &summary::not_found(lang), &[]);
    html_response(StatusCode::NOT_FOUND, html, cookie)
}

/// An inspection the unit does not have (another unit's, or none): a 404 that says so and leads to the
/// unit's history. The unit's data is inlined, so the app knows the unit without asking.
fn sheet_missing_page(state: &AppState, lang: Lang, cookie: Option<HeaderValue>, page: &mingchu_types::UnitPage, inline: &[Inline]) -> Response {
    let title = format!("{} · {}", lang.look().sheet_missing_title, lang.t().site_name);
    let body = markup::sheet_missing(lang, &page.unit.code, &page.unit.name);
    let html = state.shell.render(lang, &title, &summary::description(lang, page), &body, inline);
    html_response(StatusCode::NOT_FOUND, html, cookie)
}

/// `/t/{ticket}`: a report's or message's follow-up. Its secret is in the address's fragment, which
/// browsers never send, so the page is the app's alone; nothing about the ticket is in it.
pub async fn ticket(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let (lang, cookie) = language(&headers, &params(raw));
    let t = lang.t();
    let lk = lang.look();
    let html = state.shell.render_act(lang, &format!("{} · {}", t.track, t.site_name), lk.about, &summary::app_page(lang, t.track, "", None), &[]);
    let mut response = html_response(StatusCode::OK, html, cookie);
    // A private page: never kept by shared caches, never sent as a referrer.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// `/mine`: what this device has sent, which only the device knows.
pub async fn mine(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let (lang, cookie) = language(&headers, &params(raw));
    let t = lang.t();
    let html = state.shell.render_act(
        lang,
        &format!("{} · {}", t.mine_title, t.site_name),
        t.mine_note,
        &summary::app_page(lang, t.mine_title, t.mine_note, None),
        &[],
    );
    html_response(StatusCode::OK, html, cookie)
}

/// `/owner…` and `/regulator…`: the owners' and regulators' app, which signs in and draws the rest.
/// Not for search engines, and kept by no cache.
pub async fn staff(State(state): State<AppState>, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let (lang, cookie) = language(&headers, &params(raw));
    let html = state.shell.render_staff(lang, lang.t().site_name);
    let mut response = html_response(StatusCode::OK, html, cookie);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

/// Any other path that is not a built asset: the app's not-found page, with a 404 status.
pub async fn fallback(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (lang, _) = language(&headers, &PageParams::default());
    not_found_page(&state, lang, None)
}
