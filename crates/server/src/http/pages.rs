//! The app's pages. Each is the app's `index.html` with the page's data inlined as JSON (the app reads it
//! instead of fetching) and a readable summary rendered in, so first paint never waits for WebAssembly.

use std::path::Path as FsPath;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use mingchu_types::i18n::Lang;
use mingchu_types::{markup, AppKind, Inlined, Route, SchoolPage, UnitSummary, WriteKind, DEFAULT_PAGE_SIZE, SSR_ID};
use serde::Deserialize;

use super::district;
use super::error::ApiError;
use super::near::{self, NearParams};
use super::paging::search_query;
use super::reviews::reviews_page;
use super::unit_page::{assemble, unit_summary};
use super::units::{inspections_page, sheet};
use crate::kitchen::DayAnswer;
use crate::summary::{self, esc, Missing};
use crate::AppState;

/// Data inlined into a page (see [`Inlined`]): what it is, and its JSON.
pub struct Inline {
    pub what: Inlined,
    pub json: String,
}

impl Inline {
    pub fn new<T: serde::Serialize>(what: Inlined, data: &T) -> Inline {
        Inline { what, json: serde_json::to_string(data).unwrap_or_default() }
    }
}

/// Used when no app has been built: the API and the first-paint pages still work.
const FALLBACK_TEMPLATE: &str = r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>明厨亮灶</title></head><body></body></html>"#;

/// The four apps' `index.html` files, into which a page's own parts go: the app every visitor loads
/// (`dist/index.html`), the one a diner loads to take part (`dist/act/index.html`), the owners' and
/// regulators' (`dist/staff/index.html`) and their kitchen's (`dist/kitchen/index.html`); and the
/// content security policy that allows their scripts.
pub struct Shell {
    template: String,
    act_template: String,
    staff_template: String,
    kitchen_template: String,
    csp: String,
}

impl Shell {
    /// Reads the built apps' pages, when there is a built app.
    pub fn load(dist: Option<&FsPath>) -> std::io::Result<Shell> {
        let Some(dir) = dist else {
            let t = FALLBACK_TEMPLATE.to_owned();
            let csp = super::security::content_policy(&[]);
            return Ok(Shell { csp, template: t.clone(), act_template: t.clone(), staff_template: t.clone(), kitchen_template: t });
        };
        let template = std::fs::read_to_string(dir.join("index.html"))?;
        let other = |app: &str| {
            std::fs::read_to_string(dir.join(app).join("index.html")).unwrap_or_else(|_| {
                tracing::warn!("no dist/{app}/index.html: it needs a build by `cargo xtask build`");
                template.clone()
            })
        };
        let (act_template, staff_template, kitchen_template) = (other("act"), other("staff"), other("kitchen"));
        let csp = super::security::content_policy(&[&template, &act_template, &staff_template, &kitchen_template]);
        Ok(Shell { template, act_template, staff_template, kitchen_template, csp })
    }

    /// The `Content-Security-Policy` for every answer: the apps' own inline start-up scripts by hash.
    pub fn csp(&self) -> &str {
        &self.csp
    }

    /// A page of one of the owners' and regulators' apps (`Staff` or `Kitchen`): it draws everything
    /// itself, after sign-in.
    pub fn render_staff(&self, app: AppKind, lang: Lang, title: &str) -> String {
        let body = r#"<noscript><p class="alert tone-warning" lang="zh-CN">此页需要启用 JavaScript。</p><p class="alert tone-warning" lang="en">This page needs JavaScript.</p></noscript>"#;
        let template = if app == AppKind::Kitchen { &self.kitchen_template } else { &self.staff_template };
        fill_template(template, lang, title, title, body, &[])
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
        let (id, key) = (data.what.id(), data.what.key());
        inject.push_str(&format!("<script type=\"application/json\" id=\"{id}\" data-key=\"{}\">{json}</script>", esc(&key)));
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
    /// A day of the week whose menu is asked for (`/u/{code}/menu?week=2026-11-23`).
    week: Option<String>,
}

/// The language the reader's cookie remembers, if any.
pub(super) fn remembered(headers: &HeaderMap) -> Option<Lang> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(Lang::from_cookie_header)
}

/// What the reader's language makes of a page request.
enum Language {
    /// Paint the page in this language, setting the cookie to it when given.
    Paint(Lang, Option<HeaderValue>),
    /// A page every reader shares asked without `?lang=` by a reader whose cookie says English: its
    /// English address (the cookie leads there, so that the page itself never varies on a cookie).
    GoTo(String),
}

/// The reader's language: `?lang=` (the address of an English page, and the no-script language link),
/// else the cookie, else Chinese. A `?lang=` that differs from the cookie is a switch, remembered in the
/// cookie; a page every reader shares is never painted from the cookie, only led to its address.
fn language(headers: &HeaderMap, params: &PageParams, uri: &Uri, shared: bool) -> Language {
    let remembered = remembered(headers);
    let asked = params.lang.as_deref().and_then(Lang::from_code);
    let cookie = |lang: Lang| HeaderValue::from_str(&format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Lang::COOKIE, lang.code())).ok();
    if shared {
        // Exactly the requests the answer cache passes on (`cookie_leads`); the rest are alike for all.
        if !mingchu_types::cookie_leads(uri.query().unwrap_or(""), remembered) {
            return Language::Paint(asked.unwrap_or_default(), None);
        }
        return match asked {
            Some(asked) => Language::Paint(asked, cookie(asked)),
            None => {
                let rest = mingchu_types::without_lang(uri.query().unwrap_or(""));
                Language::GoTo(mingchu_types::page_address(uri.path(), &rest, remembered.unwrap_or_default()))
            }
        };
    }
    match asked {
        Some(asked) if remembered.unwrap_or_default() != asked => Language::Paint(asked, cookie(asked)),
        Some(asked) => Language::Paint(asked, None),
        None => Language::Paint(remembered.unwrap_or_default(), None),
    }
}

/// How a painted page may be kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A page every reader shares (see [`Route::shared`]): public for a few seconds, and kept by the
    /// server as sent unless it shows the cameras' states from second to second (`/u/{code}/live`).
    Public { kept: bool },
    /// Other pages of public records: revalidated before every use.
    Revalidate,
    /// A page whose address is private (a follow-up): never kept by shared caches, never sent as a referrer.
    Private,
    /// The staff apps: kept by no cache, not for search engines.
    Staff,
}

/// A page as painted: its status, HTML and caching, and the device cookie a unit's page hands out.
struct Painted {
    status: StatusCode,
    html: String,
    keep: Keep,
    device_cookie: Option<HeaderValue>,
}

impl Painted {
    fn ok(html: String) -> Painted {
        Painted { status: StatusCode::OK, html, keep: Keep::Revalidate, device_cookie: None }
    }

    fn response(self, lang_cookie: Option<HeaderValue>) -> Response {
        let cookies: Vec<HeaderValue> = lang_cookie.into_iter().chain(self.device_cookie).collect();
        let html = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
        if let (Keep::Public { kept }, StatusCode::OK, true) = (self.keep, self.status, cookies.is_empty()) {
            return if kept { super::sharing::kept((html, self.html)) } else { super::sharing::public((html, self.html)) };
        }
        let cache = match self.keep {
            // An answer that sets a cookie is this browser's alone: no shared cache may hand it on.
            Keep::Public { .. } | Keep::Revalidate if !cookies.is_empty() => "private, no-cache",
            Keep::Public { .. } | Keep::Revalidate => "no-cache",
            Keep::Private | Keep::Staff => "no-store",
        };
        let mut response = (self.status, html, [(header::CACHE_CONTROL, cache)], self.html).into_response();
        let headers = response.headers_mut();
        for cookie in cookies {
            headers.append(header::SET_COOKIE, cookie);
        }
        // Pages no reader shares may be painted in the cookie's language: one copy per cookie.
        headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Encoding"));
        match self.keep {
            Keep::Public { .. } | Keep::Revalidate => {}
            Keep::Private => {
                headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
            }
            Keep::Staff => {
                headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
            }
        }
        response
    }
}

fn params(raw: Option<String>) -> PageParams {
    raw.and_then(|q| Query::<PageParams>::try_from_uri(&format!("/?{q}").parse().ok()?).ok().map(|Query(p)| p)).unwrap_or_default()
}

/// Every page of every app, by its address ([`Route`]). Unknown addresses, units and inspections answer
/// 404 with a kind page; a fault of ours a page that says so.
pub async fn page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let params = params(uri.query().map(str::to_owned));
    let route = Route::parse(uri.path());
    let (lang, cookie) = match language(&headers, &params, &uri, route.shared()) {
        Language::Paint(lang, cookie) => (lang, cookie),
        Language::GoTo(address) => return led_to(&address),
    };
    match paint(&state, &headers, lang, &params, &uri, &route).await {
        Ok(painted) if route.shared() && painted.keep == Keep::Revalidate => {
            let kept = !matches!(route, Route::Live(_));
            Painted { keep: Keep::Public { kept }, ..painted }.response(cookie)
        }
        Ok(painted) => painted.response(cookie),
        // An address no page can be made of (a character the database cannot hold): not found.
        Err(e) if e.status.is_client_error() => not_found(&state, lang).response(cookie),
        Err(_) => error_page(&state, lang),
    }
}

async fn paint(state: &AppState, headers: &HeaderMap, lang: Lang, params: &PageParams, uri: &Uri, route: &Route) -> Result<Painted, ApiError> {
    let t = lang.t();
    match route {
        Route::Home => Ok(Painted::ok(home_page(state, lang, params).await?)),
        Route::Unit(code)
        | Route::Licence(code)
        | Route::Inspections(code)
        | Route::Sheet(code, _)
        | Route::Reviews(code)
        | Route::Live(code)
        | Route::Today(code, _)
        | Route::Record(code, _)
        | Route::School(code, _)
        | Route::Write(code, _) => unit_page(state, headers, lang, params, route, code).await,
        // The secret is in the address's fragment, which browsers never send, so the page is the
        // app's alone; nothing about the ticket is in it.
        Route::Ticket(_) => {
            let body = summary::app_page(lang, t.track, "", None);
            let html = state.shell.render_act(lang, &format!("{} · {}", t.track, t.site_name), lang.look().about, &body, &[]);
            Ok(Painted { keep: Keep::Private, ..Painted::ok(html) })
        }
        // What this device has sent, which only the device knows.
        Route::Mine => {
            let body = summary::app_page(lang, t.mine_title, t.mine_note, None);
            Ok(Painted::ok(state.shell.render_act(lang, &format!("{} · {}", t.mine_title, t.site_name), t.mine_note, &body, &[])))
        }
        // The owners' and regulators' apps sign in and draw the rest.
        Route::Owner | Route::Regulator | Route::Kitchen(_) => {
            Ok(Painted { keep: Keep::Staff, ..Painted::ok(state.shell.render_staff(route.app(), lang, t.site_name)) })
        }
        Route::Near => near_page(state, lang, uri).await,
        Route::District(code) => district_page(state, lang, code).await,
        Route::NotFound => Ok(not_found(state, lang)),
    }
}

/// `/r/{region}`: a city's, county's or station's figures; a region we do not know is not found.
async fn district_page(state: &AppState, lang: Lang, code: &str) -> Result<Painted, ApiError> {
    let Some(figures) = district::region_figures(state, code).await? else {
        return Ok(not_found(state, lang));
    };
    let w = lang.district();
    let title = mingchu_types::i18n::fill_slots(w.title, &[("{region}", figures.region.name(lang))]);
    let body = markup::district_screen(lang, &figures);
    Ok(Painted::ok(state.shell.render(lang, &format!("{title} · {}", lang.t().site_name), w.intro, &body, &[])))
}

/// `/near`: the form, and the nearest units when a position or a district was asked. A question that
/// cannot be answered is a 400 that says why, above the form (which keeps the rest).
async fn near_page(state: &AppState, lang: Lang, uri: &Uri) -> Result<Painted, ApiError> {
    let w = lang.near();
    let params = Query::<NearParams>::try_from_uri(uri).map(|Query(p)| p).unwrap_or_default();
    let regions = state.store.regions().await?;
    let (ask, problem) = match params.ask() {
        Ok(ask) => (Some(ask), None),
        Err((_, problem)) => (None, Some(problem)),
    };
    let list = match &ask {
        Some(ask) => near::near_list(state, ask).await?,
        None => None,
    };
    let mut asked = markup::NearAsked { regions: &regions, ..Default::default() };
    if let Some(ask) = &ask {
        asked.kind = ask.kind;
        asked.grade = ask.grade;
        match &ask.from {
            Some(near::Origin::Region(scope)) => asked.region = Some(scope.region.as_str()),
            Some(near::Origin::Position(p, datum)) => asked.position = Some((*p, *datum)),
            None => {}
        }
    }
    // A region none of whose units has a known position: nothing to measure from.
    let problem = problem.or_else(|| {
        matches!(ask.as_ref().and_then(|a| a.from.as_ref()), Some(near::Origin::Region(_)) if list.is_none())
            .then_some(near::NearProblem::UnknownRegion)
    });
    let mut body = String::new();
    if let Some(problem) = problem {
        let words = match problem {
            near::NearProblem::BadPosition => w.bad_position,
            near::NearProblem::UnknownRegion => w.unknown_region,
            near::NearProblem::BadFilter => w.bad_filter,
        };
        let _ = std::fmt::Write::write_fmt(&mut body, format_args!(r#"<p class="alert tone-warning" role="alert">{}</p>"#, esc(words)));
    }
    body.push_str(&markup::near_screen(lang, &asked, list.as_ref()));
    let html = state.shell.render(lang, &format!("{} · {}", w.title, lang.t().site_name), w.intro, &body, &[]);
    let status = if problem.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(Painted { status, ..Painted::ok(html) })
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

/// A page of one unit: its first screen's data always inlined, and the page's own beside it.
async fn unit_page(state: &AppState, headers: &HeaderMap, lang: Lang, params: &PageParams, route: &Route, code: &str) -> Result<Painted, ApiError> {
    let t = lang.t();
    let Some(page) = assemble(state, code).await? else {
        return Ok(not_found(state, lang));
    };
    // A form, or a page this device sees as its own, gives the browser the device cookie a vote or a
    // review needs some seconds later; a shared page gets it from the app's `…/mine` after first paint.
    let device_cookie = if route.shared() { None } else { state.device_key.on_visit(headers, state.clock.now_ms()) };
    let mut inline = vec![Inline::new(Inlined::Unit(code.to_owned()), &page)];
    let body = match route {
        Route::Unit(_) => markup::unit_first_screen(lang, &page),
        Route::Licence(_) => markup::licence_screen(lang, &page),
        Route::Inspections(_) => {
            let Some(list) = inspections_page(state, code, None, DEFAULT_PAGE_SIZE).await? else {
                return Ok(not_found(state, lang));
            };
            inline.push(Inline::new(Inlined::Inspections(code.to_owned()), &list));
            markup::inspections_screen(lang, code, list.total, &list.items)
        }
        Route::Sheet(_, id) => {
            let Some(sheet) = sheet(state, code, id).await? else {
                return Ok(sheet_missing(state, lang, &page, &inline));
            };
            markup::sheet_screen(lang, &sheet)
        }
        Route::Reviews(_) => {
            let Some(list) = reviews_page(state, code, None, DEFAULT_PAGE_SIZE).await? else {
                return Ok(not_found(state, lang));
            };
            inline.push(Inline::new(Inlined::Reviews(code.to_owned()), &list));
            markup::reviews_screen(lang, code, &page.unit.name, &list.items)
        }
        Route::Live(_) => {
            let cameras = super::cameras::public_cameras(state, code).await?;
            inline.push(Inline::new(Inlined::Cameras(code.to_owned()), &cameras));
            let first = cameras.cameras.iter().position(|c| c.state == mingchu_types::CameraState::Live).unwrap_or(0);
            // The alerts and sensors below the cameras: painted here only (the app keeps the painted
            // section rather than draw it: its words and chart would cost the visitors' app kilobytes).
            let now = state.clock.now_ms();
            let watch = crate::watch::public_watch(&*state.store, code, now).await?;
            markup::live_screen(lang, code, &page.unit.name, &cameras, first) + &markup::watch_section(lang, &watch, now)
        }
        // The kitchen's own records: a day of the public window, or one record with its trail. A day
        // outside them or a record the unit does not have is a 404 that says what is shown.
        Route::Today(_, day) => {
            let kitchen = match super::kitchen::kitchen_day(state, code, *day).await? {
                DayAnswer::Shown(kitchen) => kitchen,
                DayAnswer::UnknownUnit => return Ok(not_found(state, lang)),
                DayAnswer::Outside { .. } => return Ok(kitchen_missing(state, lang, &page, &inline, Missing::Outside)),
                DayAnswer::NotKept => return Ok(kitchen_missing(state, lang, &page, &inline, Missing::NotKept)),
            };
            markup::kitchen_day(lang, &kitchen)
        }
        Route::Record(_, id) => {
            let Some(record) = super::kitchen::record_page(state, code, id).await? else {
                return Ok(kitchen_missing(state, lang, &page, &inline, Missing::Outside));
            };
            markup::record_page(lang, &record)
        }
        Route::Write(_, kind) => {
            let title = match kind {
                WriteKind::Review => t.act_review,
                WriteKind::Message => t.act_message,
                WriteKind::Report => t.act_report,
                WriteKind::Survey => lang.survey_form().title,
            };
            let body = summary::app_page(lang, title, &page.unit.name, Some(&Route::Unit(code.to_owned()).path()));
            let html = state.shell.render_act(lang, &format!("{title} · {}", page.unit.name), &summary::description(lang, &page), &body, &inline);
            return Ok(Painted { device_cookie, ..Painted::ok(html) });
        }
        // Parents' pages of a school or kindergarten canteen; another unit has none (404). A week that is
        // not a day (`?week=x`) is this week.
        Route::School(_, school) => {
            let now = state.clock.now_ms();
            let painted = match school {
                SchoolPage::Menu => {
                    let week = params.week.as_deref().and_then(|w| w.parse().ok());
                    super::school_meals::public_menu(state, code, week)
                        .await?
                        .map(|m| (lang.parents().menu_title, markup::menu_screen(lang, &m, now)))
                }
                SchoolPage::Meals => {
                    super::school_meals::public_companions(state, code).await?.map(|c| (lang.parents().meals_title, markup::meals_screen(lang, &c)))
                }
                SchoolPage::Fees => {
                    super::school_terms::public_fees(state, code).await?.map(|f| (lang.parents().fees_title, markup::fees_screen(lang, &f)))
                }
                SchoolPage::Survey => super::school_terms::public_survey(state, headers, code)
                    .await?
                    .map(|s| (lang.parents().survey_title, markup::survey_screen(lang, &s))),
            };
            let Some((title, body)) = painted else {
                return Ok(not_found(state, lang));
            };
            let html = state.shell.render(lang, &format!("{title} · {}", page.unit.name), &summary::description(lang, &page), &body, &inline);
            return Ok(Painted { device_cookie, ..Painted::ok(html) });
        }
        Route::Home
        | Route::Near
        | Route::District(_)
        | Route::Ticket(_)
        | Route::Mine
        | Route::Owner
        | Route::Regulator
        | Route::Kitchen(_)
        | Route::NotFound => return Err(ApiError::internal(format!("{route:?} is not a unit's page"))),
    };
    let title = format!("{} · {}", page.unit.name, t.site_name);
    Ok(Painted { device_cookie, ..Painted::ok(state.shell.render(lang, &title, &summary::description(lang, &page), &body, &inline)) })
}

/// The reader's cookie leads to the page's address in its language: this answer is the cookie's, so no
/// cache keeps it.
fn led_to(address: &str) -> Response {
    let mut response = (StatusCode::FOUND, [(header::CACHE_CONTROL, "private, no-store")]).into_response();
    if let Ok(location) = HeaderValue::from_str(address) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Cookie"));
    response
}

/// A fault of ours while building a page: a page (not JSON) that says so, with a way to try again.
fn error_page(state: &AppState, lang: Lang) -> Response {
    let t = lang.t();
    let lk = lang.look();
    let body =
        format!(r#"<section class="error-box" role="alert"><p>{}</p><a class="button" href="">{}</a></section>"#, esc(t.error_server), esc(t.retry));
    let html = state.shell.render(lang, t.site_name, lk.about, &body, &[]);
    Painted { status: StatusCode::SERVICE_UNAVAILABLE, html, keep: Keep::Revalidate, device_cookie: None }.response(None)
}

fn not_found(state: &AppState, lang: Lang) -> Painted {
    let t = lang.t();
    let html = state.shell.render(lang, &format!("{} · {}", t.not_found_title, t.site_name), t.not_found_body, &summary::not_found(lang), &[]);
    Painted { status: StatusCode::NOT_FOUND, html, keep: Keep::Revalidate, device_cookie: None }
}

/// An inspection the unit does not have (another unit's, or none): a 404 that says so and leads to the
/// unit's history. The unit's data is inlined, so the app knows the unit without asking.
fn sheet_missing(state: &AppState, lang: Lang, page: &mingchu_types::UnitPage, inline: &[Inline]) -> Painted {
    let title = format!("{} · {}", lang.sheet().sheet_missing_title, lang.t().site_name);
    let body = markup::sheet_missing(lang, &page.unit.code, &page.unit.name);
    let html = state.shell.render(lang, &title, &summary::description(lang, page), &body, inline);
    Painted { status: StatusCode::NOT_FOUND, html, keep: Keep::Revalidate, device_cookie: None }
}

/// A kitchen record or day the public cannot open: a 404 that says which days are shown and leads to
/// today's records. The unit's data is inlined, so the app knows the unit without asking.
fn kitchen_missing(state: &AppState, lang: Lang, page: &mingchu_types::UnitPage, inline: &[Inline], why: Missing) -> Painted {
    let k = lang.kitchen();
    let title = format!("{} · {}", lang.kitchen_pages().day_title, lang.t().site_name);
    let body = summary::kitchen_missing(lang, &page.unit.code, &page.unit.name, why);
    let html = state.shell.render(lang, &title, k.note, &body, inline);
    Painted { status: StatusCode::NOT_FOUND, html, keep: Keep::Revalidate, device_cookie: None }
}

/// Any other path that is not a built asset: the app's not-found page, with a 404 status.
pub async fn fallback(State(state): State<AppState>, headers: HeaderMap) -> Response {
    not_found(&state, remembered(&headers).unwrap_or_default()).response(None)
}
