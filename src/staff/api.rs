//! The staff API client: the session (its CSRF token goes with every change) and one function per
//! endpoint under `/api/staff`. The session cookie itself is HttpOnly: the app never sees it.

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder};
use mingchu_types::kitchen::{AttentionList, InputProblem, OwnerToday, RosterEntry};
use mingchu_types::watch::{AlertsWaiting, AnswerInput, OverruleInput, OwnerAlerts, StaffAlert};
use mingchu_types::{
    ErrorBody, HeldVotesList, Inbox, ModerationList, OwnerSignIn, Placard, Queue, RegulatorSignIn, ReportDetail, ReportStatus, Review, ReviewState,
    SessionView, StatusChange, TextRequest, CSRF_HEADER,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{answer_error, enc, FetchError};

thread_local! {
    /// The signed-in session's CSRF token.
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
    /// What to do when the server says the session is over (it expired, or was ended elsewhere).
    static ON_EXPIRED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Runs `then` whenever a request finds the session over, so the app can show the sign-in in place
/// of a page that can no longer load or save anything.
pub fn on_expired(then: impl Fn() + 'static) {
    ON_EXPIRED.with(|h| *h.borrow_mut() = Some(Box::new(then)));
}

fn remember(session: &SessionView) {
    CSRF.with(|c| *c.borrow_mut() = session.csrf.clone());
}

async fn answer(sent: Result<gloo_net::http::Response, gloo_net::Error>) -> Result<gloo_net::http::Response, FetchError> {
    let response = sent.map_err(|_| FetchError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let error = answer_error(response.status(), &response.text().await.unwrap_or_default());
    if error == FetchError::Api(mingchu_types::ErrorCode::Unauthorized) {
        ON_EXPIRED.with(|h| h.borrow().as_ref().map(|then| then()));
    }
    Err(error)
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    answer(Request::get(&format!("/api/staff{path}")).send().await).await?.json().await.map_err(|_| FetchError::Unreadable)
}

/// A change: with the CSRF token, and a JSON body if there is one. The answer's body is not read.
async fn change(request: RequestBuilder, body: Option<&impl Serialize>) -> Result<gloo_net::http::Response, FetchError> {
    let request = request.header(CSRF_HEADER, &CSRF.with(|c| c.borrow().clone()));
    let sent = match body {
        Some(body) => request.json(body).map_err(|_| FetchError::Unreadable)?.send().await,
        None => request.send().await,
    };
    answer(sent).await
}

fn url(path: &str) -> String {
    format!("/api/staff{path}")
}

/// Who is signed in here, if anybody (a 401 is `Ok(None)`).
pub async fn session() -> Result<Option<SessionView>, FetchError> {
    match get::<SessionView>("/session").await {
        Ok(session) => {
            remember(&session);
            Ok(Some(session))
        }
        Err(FetchError::Api(mingchu_types::ErrorCode::Unauthorized)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn sign_in(path: &str, body: &impl Serialize) -> Result<SessionView, FetchError> {
    let request = Request::post(&url(path)).json(body).map_err(|_| FetchError::Unreadable)?;
    let session: SessionView = answer(request.send().await).await?.json().await.map_err(|_| FetchError::Unreadable)?;
    remember(&session);
    Ok(session)
}

pub async fn sign_in_owner(unit: String, access_code: String) -> Result<SessionView, FetchError> {
    sign_in("/session/owner", &OwnerSignIn { unit, access_code }).await
}

pub async fn sign_in_regulator(username: String, password: String) -> Result<SessionView, FetchError> {
    sign_in("/session/regulator", &RegulatorSignIn { username, password }).await
}

pub async fn sign_out() -> Result<(), FetchError> {
    change(Request::delete(&url("/session")), None::<&()>).await.map(drop)
}

pub async fn inbox() -> Result<Inbox, FetchError> {
    get("/owner/messages").await
}

pub async fn mark_read(ticket: &str) -> Result<(), FetchError> {
    change(Request::post(&url(&format!("/owner/messages/{}/read", enc(ticket)))), None::<&()>).await.map(drop)
}

pub async fn answer_message(ticket: &str, text: String) -> Result<(), FetchError> {
    change(Request::put(&url(&format!("/owner/messages/{}/reply", enc(ticket)))), Some(&TextRequest { text })).await.map(drop)
}

pub async fn owner_reviews() -> Result<Vec<Review>, FetchError> {
    get("/owner/reviews").await
}

pub async fn reply_to_review(id: i64, text: String) -> Result<(), FetchError> {
    change(Request::put(&url(&format!("/owner/reviews/{id}/reply"))), Some(&TextRequest { text })).await.map(drop)
}

pub async fn placard() -> Result<Placard, FetchError> {
    get("/owner/placard").await
}

/// The region's reports, by status and category names (empty: all).
pub async fn queue(status: &str, category: &str) -> Result<Queue, FetchError> {
    get(&format!("/regulator/reports?status={}&category={}", enc(status), enc(category))).await
}

pub async fn report(ticket: &str) -> Result<ReportDetail, FetchError> {
    get(&format!("/regulator/reports/{}", enc(ticket))).await
}

pub async fn change_status(ticket: &str, status: ReportStatus, note: String) -> Result<(), FetchError> {
    change(Request::post(&url(&format!("/regulator/reports/{}/status", enc(ticket)))), Some(&StatusChange { status, note })).await.map(drop)
}

pub async fn moderation(state: ReviewState) -> Result<ModerationList, FetchError> {
    get(&format!("/regulator/reviews?state={}", state.as_str())).await
}

pub async fn publish(id: i64) -> Result<(), FetchError> {
    change(Request::post(&url(&format!("/regulator/reviews/{id}/publish"))), None::<&()>).await.map(drop)
}

pub async fn hide(id: i64, reason: String) -> Result<(), FetchError> {
    change(Request::post(&url(&format!("/regulator/reviews/{id}/hide"))), Some(&TextRequest { text: reason })).await.map(drop)
}

pub async fn held_votes() -> Result<HeldVotesList, FetchError> {
    get("/regulator/ratings").await
}

/// Lets a unit's held votes count (`admit`) or discards them.
pub async fn settle_votes(code: &str, admit: bool) -> Result<(), FetchError> {
    let what = if admit { "admit" } else { "discard" };
    change(Request::post(&url(&format!("/regulator/ratings/{}/{what}", enc(code)))), None::<&()>).await.map(drop)
}

pub async fn placards() -> Result<Vec<Placard>, FetchError> {
    get("/regulator/placards").await
}

/// The owner's checklist of today: the lines, the roster, today's records and yesterday's to copy.
pub async fn owner_today() -> Result<OwnerToday, FetchError> {
    get("/owner/today").await
}

/// The whole roster, expired and expiring certificates first.
pub async fn roster() -> Result<Vec<RosterEntry>, FetchError> {
    get("/owner/staff").await
}

/// The region's units that need attention today, most urgent first.
pub async fn attention() -> Result<AttentionList, FetchError> {
    get("/regulator/today").await
}

/// A school's or kindergarten's canteen's own view of what parents see (another unit's: a 404).
pub async fn owner_school() -> Result<mingchu_types::school::OwnerSchool, FetchError> {
    get("/owner/school").await
}

/// The region's school canteens behind on 陪餐, the menu or the survey, longest overdue first.
pub async fn school_lapses() -> Result<mingchu_types::school::SchoolLapses, FetchError> {
    get("/regulator/school").await
}

/// The unit's alerts of the last 30 days, those waiting first. (The count of those waiting, which the
/// answer has too, is counted again by the page: the same type as the region's list costs the app less.)
pub async fn owner_alerts() -> Result<Vec<StaffAlert>, FetchError> {
    get::<OwnerAlerts>("/owner/alerts").await.map(|list| list.alerts)
}

/// How many alerts wait for the owner: the navigation's count.
pub async fn alerts_waiting() -> Result<u32, FetchError> {
    get::<AlertsWaiting>("/owner/alerts/waiting").await.map(|w| w.waiting)
}

/// The owner's answer to an alert; the answer is the alert as it stands after it.
pub async fn answer_alert(id: &str, input: &AnswerInput) -> Result<StaffAlert, FetchError> {
    let response = change(Request::post(&url(&format!("/owner/alerts/{}/answer", enc(id)))), Some(input)).await?;
    response.json().await.map_err(|_| FetchError::Unreadable)
}

/// The region's alerts of the last 30 days, overdue first.
pub async fn region_alerts() -> Result<Vec<StaffAlert>, FetchError> {
    get("/regulator/alerts").await
}

/// A false alarm found real, with the regulator's note.
pub async fn overrule_alert(id: &str, note: String) -> Result<StaffAlert, FetchError> {
    let response = change(Request::post(&url(&format!("/regulator/alerts/{}/overrule", enc(id)))), Some(&OverruleInput { note })).await?;
    response.json().await.map_err(|_| FetchError::Unreadable)
}

/// Why the server did not take a write the outbox sent: the error, and the fields at fault when they
/// are a kitchen record's or a roster entry's.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub error: FetchError,
    pub problems: Vec<InputProblem>,
}

/// Sends a write the owner's outbox kept (a `PUT` or a `POST` of `json` to `path` under `/api/staff`),
/// with its key as the `Idempotency-Key` (records carry theirs in the body as well).
pub async fn send_kept(put: bool, path: &str, key: &str, json: String) -> Result<(), Refusal> {
    let request = if put { Request::put(&url(path)) } else { Request::post(&url(path)) };
    let request = request
        .header(CSRF_HEADER, &CSRF.with(|c| c.borrow().clone()))
        .header("idempotency-key", key)
        .header("content-type", "application/json")
        .body(json)
        .map_err(|_| Refusal { error: FetchError::Unreadable, problems: vec![] })?;
    let response = request.send().await.map_err(|_| Refusal { error: FetchError::Network, problems: vec![] })?;
    if response.ok() {
        return Ok(());
    }
    let body = response.text().await.unwrap_or_default();
    let error = answer_error(response.status(), &body);
    if error == FetchError::Api(mingchu_types::ErrorCode::Unauthorized) {
        ON_EXPIRED.with(|h| h.borrow().as_ref().map(|then| then()));
    }
    let fields = serde_json::from_str::<ErrorBody>(&body).map(|b| b.error.fields).unwrap_or_default();
    let problems = fields.into_iter().filter_map(|f| serde_json::from_value(serde_json::Value::String(f)).ok()).collect();
    Err(Refusal { error, problems })
}
