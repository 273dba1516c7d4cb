//! Owners' and regulators' API under `/api/staff`: signing in and out, and the session every other
//! request is checked against.
//!
//! A session is a random token in an HttpOnly, SameSite=Strict cookie scoped to `/api/staff` (Secure
//! over HTTPS), stored only as its hash. Every request that changes something must also carry the
//! session's CSRF token in `X-CSRF-Token` (which a page of another site cannot read) and, when the
//! browser says where it comes from, come from this site. The extractors below do both, so no handler
//! can forget them: [`Staff`] for anybody signed in, [`Owner`] and [`Regulator`] for one kind.

mod owner;
mod regulator;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use mingchu_types::{Account, ErrorCode, OwnerSignIn, RegulatorSignIn, SessionView, CSRF_HEADER};

use super::limits::{ClientIp, Write};
use super::ApiError;
use crate::auth::{self, SESSION_MS};
use crate::store::staff::{Credentials, OwnerUnit, RegulatorRecord, SessionAccount, Subject};
use crate::AppState;

const COOKIE: &str = "mc_staff";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", get(current).delete(sign_out))
        .route("/session/owner", post(sign_in_owner))
        .route("/session/regulator", post(sign_in_regulator))
        .route("/owner/messages", get(owner::inbox))
        .route("/owner/messages/{ticket}/read", post(owner::mark_read))
        .route("/owner/messages/{ticket}/reply", put(owner::answer))
        .route("/owner/reviews", get(owner::reviews))
        .route("/owner/reviews/{id}/reply", put(owner::reply))
        .route("/owner/placard", get(owner::placard))
        .route("/regulator/reports", get(regulator::queue))
        .route("/regulator/reports/{ticket}", get(regulator::report))
        .route("/regulator/reports/{ticket}/status", post(regulator::change_status))
        .route("/regulator/reviews", get(regulator::reviews))
        .route("/regulator/reviews/{id}/publish", post(regulator::publish))
        .route("/regulator/reviews/{id}/hide", post(regulator::hide))
        .route("/regulator/placards", get(regulator::placards))
}

fn error(status: StatusCode, code: ErrorCode, message: &str) -> ApiError {
    ApiError { status, code, message: message.into(), fields: vec![], retry_after: None }
}

pub(crate) fn unauthorized() -> ApiError {
    error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, "not signed in")
}

fn forbidden() -> ApiError {
    error(StatusCode::FORBIDDEN, ErrorCode::Forbidden, "this account may not do that")
}

/// A JSON body error in a staff request (the staff app shows its own words for it).
pub(crate) fn body_error(e: JsonRejection) -> ApiError {
    ApiError { status: e.status(), ..ApiError::bad_request(e.body_text()) }
}

/// A signed-in account, its request checked for CSRF when it changes something.
pub struct Staff {
    pub account: SessionAccount,
    csrf: String,
    token_hash: String,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Whether the request comes from this site: browsers send `Origin` with every POST, PUT and DELETE;
/// a request without one is not from a browser page (and carries no ambient cookie risk).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    origin.split_once("://").is_some_and(|(_, rest)| rest == host)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
        let token = cookie_value(&parts.headers, COOKIE).ok_or_else(unauthorized)?;
        let token_hash = auth::token_hash(token);
        let session = state.store.session(&token_hash, state.clock.now_ms()).await?.ok_or_else(unauthorized)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts.headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
            if !constant_time_eq(sent, session.csrf.as_bytes()) || !same_origin(&parts.headers) {
                return Err(error(StatusCode::FORBIDDEN, ErrorCode::CsrfRejected, "missing or wrong CSRF token, or another site's request"));
            }
        }
        Ok(Staff { account: session.account, csrf: session.csrf, token_hash })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A unit's owner, signed in.
pub struct Owner(pub OwnerUnit);

impl FromRequestParts<AppState> for Owner {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Owner, ApiError> {
        match Staff::from_request_parts(parts, state).await?.account {
            SessionAccount::Owner(unit) => Ok(Owner(unit)),
            SessionAccount::Regulator(_) => Err(forbidden()),
        }
    }
}

/// A regulator, signed in.
pub struct Regulator(pub RegulatorRecord);

impl FromRequestParts<AppState> for Regulator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Regulator, ApiError> {
        match Staff::from_request_parts(parts, state).await?.account {
            SessionAccount::Regulator(r) => Ok(Regulator(r)),
            SessionAccount::Owner(_) => Err(forbidden()),
        }
    }
}

fn view(account: &SessionAccount, csrf: String) -> SessionView {
    let account = match account {
        SessionAccount::Owner(u) => Account::Owner { unit_code: u.code.clone(), unit_name: u.name.clone() },
        SessionAccount::Regulator(r) => Account::Regulator { username: r.username.clone(), name: r.name.clone(), scope: r.scope.clone() },
    };
    SessionView { account, csrf }
}

/// `GET /api/staff/session`: who is signed in, with the CSRF token for changes.
async fn current(staff: Staff) -> Json<SessionView> {
    Json(view(&staff.account, staff.csrf))
}

/// `DELETE /api/staff/session`: signs out here (the cookie is cleared; the session is gone).
async fn sign_out(State(state): State<AppState>, staff: Staff) -> Result<impl IntoResponse, ApiError> {
    state.store.end_session(&staff.token_hash).await?;
    let clear = format!("{COOKIE}=; Path=/api/staff; Max-Age=0; HttpOnly; SameSite=Strict");
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, clear)])))
}

/// `POST /api/staff/session/owner`: the unit's code and its access code.
async fn sign_in_owner(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Json<OwnerSignIn>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Json(request) = body.map_err(body_error)?;
    let unit = request.unit.trim().to_lowercase();
    let credentials = state.store.owner_credentials(&unit).await?;
    let subject = sign_in(&state, ip, &headers, credentials, auth::normalize_code(&request.access_code)).await?;
    start_session(&state, &headers, subject).await
}

/// `POST /api/staff/session/regulator`: user name and password.
async fn sign_in_regulator(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Json<RegulatorSignIn>, JsonRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Json(request) = body.map_err(body_error)?;
    let credentials = state.store.regulator_credentials(request.username.trim()).await?;
    let subject = sign_in(&state, ip, &headers, credentials, request.password).await?;
    start_session(&state, &headers, subject).await
}

/// Checks a secret against an account's stored hash, counting wrong guesses and honouring the lock.
/// An unknown account costs the same hashing and gets the same answer as a wrong secret.
async fn sign_in(
    state: &AppState,
    ip: std::net::IpAddr,
    headers: &HeaderMap,
    credentials: Option<Credentials>,
    secret: String,
) -> Result<Subject, ApiError> {
    if !same_origin(headers) {
        return Err(error(StatusCode::FORBIDDEN, ErrorCode::CsrfRejected, "sign-in from another site"));
    }
    state.allow(Write::SignIn, ip, None)?;
    let now = state.clock.now_ms();
    if let Some(c) = credentials.as_ref().filter(|c| c.locked_until > now) {
        return Err(locked(c.locked_until - now));
    }
    let stored = credentials.as_ref().map_or_else(|| auth::dummy_hash().to_owned(), |c| c.hash.clone());
    // Argon2 takes tens of milliseconds of a core: off the async workers.
    let ok = tokio::task::spawn_blocking(move || auth::verify_secret(&secret, &stored)).await.map_err(ApiError::internal)?;
    let Some(c) = credentials else {
        return Err(error(StatusCode::UNAUTHORIZED, ErrorCode::SignInFailed, "wrong code or password"));
    };
    let (failures, locked_until) = auth::after_attempt(ok, c.failures, now);
    state.store.set_attempts(c.subject, failures, locked_until).await?;
    match (ok, locked_until) {
        (true, _) => Ok(c.subject),
        (false, 0) => Err(error(StatusCode::UNAUTHORIZED, ErrorCode::SignInFailed, "wrong code or password")),
        (false, until) => Err(locked(until - now)),
    }
}

fn locked(wait_ms: i64) -> ApiError {
    let secs = (wait_ms / 1000).max(1) as u64;
    ApiError { retry_after: Some(secs), ..error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::LockedOut, "too many wrong codes: locked for a while") }
}

async fn start_session(state: &AppState, headers: &HeaderMap, subject: Subject) -> Result<impl IntoResponse, ApiError> {
    let (token_hash, token, csrf) = auth::new_session_tokens().map_err(ApiError::internal)?;
    state.store.create_session(&token_hash, subject, &csrf, state.clock.now_ms() + SESSION_MS).await?;
    let session = state.store.session(&token_hash, state.clock.now_ms()).await?.ok_or_else(|| ApiError::internal("session vanished"))?;
    let secure = state.public_url.starts_with("https://") || headers.get("x-forwarded-proto").is_some_and(|p| p == "https");
    let cookie = format!(
        "{COOKIE}={token}; Path=/api/staff; Max-Age={}; HttpOnly; SameSite=Strict{}",
        SESSION_MS / 1000,
        if secure { "; Secure" } else { "" }
    );
    let cookie = HeaderValue::from_str(&cookie).map_err(ApiError::internal)?;
    Ok((AppendHeaders([(header::SET_COOKIE, cookie)]), Json(view(&session.account, session.csrf))))
}
