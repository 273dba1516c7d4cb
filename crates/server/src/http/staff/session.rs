//! Owners' and regulators' sessions: signing in and out, and the session every other staff request is
//! checked against.
//!
//! A session is a random token in an HttpOnly, SameSite=Strict cookie scoped to `/api/staff` (Secure
//! over HTTPS), stored only as its hash. Every request that changes something must also carry the
//! session's CSRF token in `X-CSRF-Token` (which a page of another site cannot read) and, when the
//! browser says where it comes from, come from this site. The extractors below do both, so no handler
//! can forget them: [`Staff`] for anybody signed in, [`Owner`] and [`Regulator`] for one kind.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::routing::{get, post};
use axum::Router;
use mingchu_types::{Account, ErrorCode, OwnerSignIn, RegulatorSignIn, SessionView, CSRF_HEADER};

use super::known_device;
use crate::auth::{self, GUESS_RULES, SESSION_MS};
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::http::limits::{self, ClientIp, Write};
use crate::store::staff::{AccountKind, Attempt, AttemptKey, Credentials, OwnerUnit, RegulatorRecord, SessionAccount, Subject};
use crate::AppState;

const COOKIE: &str = "mc_staff";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", get(current).delete(sign_out))
        .route("/session/owner", post(sign_in_owner))
        .route("/session/regulator", post(sign_in_regulator))
}

fn unauthorized() -> ApiError {
    ApiError::unauthorized("not signed in")
}

fn forbidden() -> ApiError {
    ApiError::forbidden("this account may not do that")
}

fn csrf_rejected(message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, ErrorCode::CsrfRejected, message)
}

/// A signed-in account, its request checked for CSRF when it changes something.
pub struct Staff {
    pub account: SessionAccount,
    csrf: String,
    token_hash: String,
}

/// The value of the cookie `name`, if the request carries exactly one: two (one planted by a sibling
/// site or over plain HTTP beside ours) count as none.
pub(super) fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, v)| v);
    let first = values.next()?;
    values.next().is_none().then_some(first)
}

/// Whether the request comes from this site: browsers send `Origin` with every POST, PUT and DELETE;
/// a request without one is not from a browser page (and carries no ambient cookie risk). This site is
/// its public address (what a proxy in front of it serves) or the `Host` the request was sent to.
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    origin == public_url.trim_end_matches('/') || origin.split_once("://").is_some_and(|(_, rest)| !host.is_empty() && rest == host)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
        let token = cookie_value(&parts.headers, COOKIE).ok_or_else(unauthorized)?;
        let token_hash = auth::token_hash(token);
        let session = state.store.session(&token_hash, state.clock.now_ms()).await?.ok_or_else(unauthorized)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts.headers.get(CSRF_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
            if !constant_time_eq(sent, session.csrf.as_bytes()) || !same_origin(&parts.headers, &state.public_url) {
                return Err(csrf_rejected("missing or wrong CSRF token, or another site's request"));
            }
        }
        Ok(Staff { account: session.account, csrf: session.csrf, token_hash })
    }
}

pub(super) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
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

async fn view(state: &AppState, account: &SessionAccount, csrf: String) -> Result<SessionView, ApiError> {
    let account = match account {
        SessionAccount::Owner(u) => Account::Owner {
            unit_code: u.code.clone(),
            unit_name: u.name.clone(),
            school: crate::http::school::school_unit(state, &u.code).await?.is_some(),
        },
        SessionAccount::Regulator(r) => Account::Regulator { username: r.username.clone(), name: r.name.clone(), scope: r.scope.clone() },
    };
    Ok(SessionView { account, csrf })
}

/// `GET /api/staff/session`: who is signed in, with the CSRF token for changes.
async fn current(State(state): State<AppState>, staff: Staff) -> Result<Json<SessionView>, ApiError> {
    Ok(Json(view(&state, &staff.account, staff.csrf).await?))
}

/// `DELETE /api/staff/session`: signs out here (the cookie is cleared; the session is gone).
async fn sign_out(State(state): State<AppState>, headers: HeaderMap, staff: Staff) -> Result<impl IntoResponse, ApiError> {
    state.store.end_session(&staff.token_hash).await?;
    let secure = if is_https(&state, &headers) { "; Secure" } else { "" };
    let clear = format!("{COOKIE}=; Path=/api/staff; Max-Age=0; HttpOnly; SameSite=Strict{secure}");
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(header::SET_COOKIE, clear)])))
}

/// `POST /api/staff/session/owner`: the unit's code and its access code.
async fn sign_in_owner(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<OwnerSignIn>,
) -> Result<impl IntoResponse, ApiError> {
    let unit = request.unit.trim().to_lowercase();
    let credentials = state.store.owner_credentials(&unit).await?;
    let typed = Typed { kind: AccountKind::Owner, name: &unit };
    let subject = sign_in(&state, ip, &headers, typed, credentials, auth::normalize_code(&request.access_code)).await?;
    start_session(&state, &headers, subject, typed).await
}

/// `POST /api/staff/session/regulator`: user name and password.
async fn sign_in_regulator(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<RegulatorSignIn>,
) -> Result<impl IntoResponse, ApiError> {
    let username = request.username.trim();
    let credentials = state.store.regulator_credentials(username).await?;
    let typed = Typed { kind: AccountKind::Regulator, name: username };
    let subject = sign_in(&state, ip, &headers, typed, credentials, request.password).await?;
    start_session(&state, &headers, subject, typed).await
}

/// What was typed as the account: its kind and name, whether or not there is such an account.
#[derive(Clone, Copy)]
struct Typed<'a> {
    kind: AccountKind,
    name: &'a str,
}

/// Checks a secret against an account's stored hash. Every attempt is counted before the hash is
/// checked (so guesses sent together cannot slip past): a client network with five wrong guesses in a
/// row is locked out of the account for a while, and beyond a burst of attempts from devices that
/// never signed in to it the account takes one at a time (a device that did is never slowed). A name
/// that is no account is counted, hashed and answered exactly like a wrong secret.
async fn sign_in(
    state: &AppState,
    ip: std::net::IpAddr,
    headers: &HeaderMap,
    typed: Typed<'_>,
    credentials: Option<Credentials>,
    secret: String,
) -> Result<Subject, ApiError> {
    if !same_origin(headers, &state.public_url) {
        return Err(csrf_rejected("sign-in from another site"));
    }
    state.allow(Write::SignIn, ip, None)?;
    let now = state.clock.now_ms();
    let client = limits::network(ip);
    let key = AttemptKey { kind: typed.kind, name: typed.name, client: &client };
    let known = known_device::knows(&state.device_key, headers, typed.kind, typed.name, now);
    let locks = match state.store.count_attempt(&key, known, now, &GUESS_RULES).await? {
        Attempt::Counted(failures) => failures >= GUESS_RULES.max_failures,
        Attempt::Locked(until) => return Err(locked(until - now)),
        Attempt::Slowed(until) => return Err(slowed(until - now)),
    };
    // Argon2 takes 19 MiB and tens of milliseconds of a core: a few at a time, off the async workers.
    let permit = state.hash_permits.clone().acquire_owned().await.map_err(ApiError::internal)?;
    let stored = credentials.as_ref().map_or_else(|| auth::dummy_hash().to_owned(), |c| c.hash.clone());
    let ok = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        auth::verify_secret(&secret, &stored)
    })
    .await
    .map_err(ApiError::internal)?;
    match credentials {
        Some(c) if ok && demo_account_barred(state, c.subject).await? => {
            Err(ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::SignInFailed, "demo accounts work only on a demo database"))
        }
        Some(c) if ok => {
            state.store.clear_attempts(&key).await?;
            Ok(c.subject)
        }
        _ if locks => Err(locked(GUESS_RULES.lock_ms)),
        _ => Err(ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::SignInFailed, "wrong code or password")),
    }
}

/// Whether `subject` is one of the demo's published sign-ins on a database that holds more than the
/// demo's units: real data must never be reachable with a password printed in the README.
async fn demo_account_barred(state: &AppState, subject: Subject) -> Result<bool, ApiError> {
    let demo = match state.store.subject_name(subject).await? {
        Some(name) => crate::demo::DEMO_OWNERS.iter().any(|(u, _)| *u == name) || crate::demo::DEMO_REGULATORS.iter().any(|r| r.0 == name),
        None => false,
    };
    Ok(demo && state.store.unit_count().await? > crate::demo::DEMO_CODES.len() as u64)
}

/// Whole seconds to wait, rounded up, at least one.
fn wait_secs(wait_ms: i64) -> u64 {
    (wait_ms.max(0) as u64).div_ceil(1000).max(1)
}

fn locked(wait_ms: i64) -> ApiError {
    ApiError::too_many(ErrorCode::LockedOut, "too many wrong codes from here: locked for a while", wait_secs(wait_ms))
}

fn slowed(wait_ms: i64) -> ApiError {
    let secs = wait_secs(wait_ms);
    ApiError::too_many(ErrorCode::RateLimited, format!("many sign-ins to this account from new devices: try again in {secs} s"), secs)
}

/// Whether the browser reached us over HTTPS (our public address, or the proxy in front says so).
fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    state.public_url.starts_with("https://") || headers.get("x-forwarded-proto").is_some_and(|p| p == "https")
}

/// Starts a session for `subject`, and makes the browser known to the account it signed in as.
async fn start_session(state: &AppState, headers: &HeaderMap, subject: Subject, typed: Typed<'_>) -> Result<impl IntoResponse, ApiError> {
    // A new session replaces the browser's old one, whoever it was for.
    if let Some(old) = cookie_value(headers, COOKIE) {
        state.store.end_session(&auth::token_hash(old)).await?;
    }
    let (token_hash, token, csrf) = auth::new_session_tokens().map_err(ApiError::internal)?;
    state.store.create_session(&token_hash, subject, &csrf, state.clock.now_ms() + SESSION_MS).await?;
    let session = state.store.session(&token_hash, state.clock.now_ms()).await?.ok_or_else(|| ApiError::internal("session vanished"))?;
    let secure = is_https(state, headers);
    let cookie = format!(
        "{COOKIE}={token}; Path=/api/staff; Max-Age={}; HttpOnly; SameSite=Strict{}",
        SESSION_MS / 1000,
        if secure { "; Secure" } else { "" }
    );
    let cookie = HeaderValue::from_str(&cookie).map_err(ApiError::internal)?;
    let known = known_device::remember(&state.device_key, headers, typed.kind, typed.name, state.clock.now_ms(), secure)
        .ok_or_else(|| ApiError::internal("known-device cookie"))?;
    Ok((AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, known)]), Json(view(state, &session.account, session.csrf).await?)))
}
