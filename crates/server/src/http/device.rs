//! The anonymous device cookie: a random id and the time it was handed out, signed with the server's
//! key, HttpOnly, so that "one vote per device per unit per day" holds without accounts and a forged or
//! edited cookie counts for nothing. A unit's page hands it out; a vote needs one some seconds old.

use std::convert::Infallible;
use std::path::Path;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponseParts, ResponseParts};
use hmac::{Hmac, Mac};
use mingchu_types::ErrorCode;
use sha2::Sha256;

use super::error::ApiError;
use crate::store::{MetaStore, StoreError, StoreResult};
use crate::AppState;

const COOKIE: &str = "mc_device";
/// What a timed cookie's signature is derived for, so no other derived value can pass for one.
const COOKIE_PURPOSE: &str = "device-cookie";
/// Two years: a diner's phone keeps its identity as long as it keeps the cookie.
const MAX_AGE_SECS: u32 = 2 * 365 * 24 * 3600;

/// The key the servers sign with, kept in the database so that a cookie or a ticket's secret one server
/// made, any other server on the same database accepts.
pub struct DeviceKey([u8; 32]);

/// The `meta` key the signing key is kept under (hex).
const META_KEY: &str = "device_key";

impl DeviceKey {
    /// The key in `store`; on the first start, the key an earlier version kept in `dir/device.key` (so
    /// that cookies and secrets already handed out stay good), else a new one. Several servers starting
    /// at once on an empty database agree: the first key stored wins.
    pub async fn shared(store: &dyn MetaStore, dir: &Path) -> StoreResult<DeviceKey> {
        let stored = match store.meta(META_KEY).await? {
            Some(stored) => stored,
            None => {
                let key = match std::fs::read(dir.join("device.key")).ok().and_then(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok()) {
                    Some(key) => key,
                    None => DeviceKey::random().map_err(|e| StoreError::Invalid(format!("no randomness for the signing key: {e}")))?.0,
                };
                store.meta_or_set(META_KEY, &hex::encode(key)).await?
            }
        };
        let bytes = hex::decode(&stored).ok().and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok());
        bytes.map(DeviceKey).ok_or_else(|| StoreError::Corrupt(format!("meta {META_KEY} is not 32 bytes of hex")))
    }

    /// A new random key.
    pub fn random() -> std::io::Result<DeviceKey> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(DeviceKey(key))
    }

    /// The signature of a cookie's `id.issued_ms`, kept apart from other derived values by its purpose.
    fn signature(&self, id: &str, issued_ms: i64) -> String {
        self.derive(COOKIE_PURPOSE, &format!("{id}.{issued_ms}"))
    }

    /// A value derived from `input` that only this server can compute (HMAC-SHA-256, hex), e.g. a
    /// ticket's secret from its idempotency key, so a repeated request gets the same secret back
    /// without the secret ever being stored.
    pub fn derive(&self, purpose: &str, input: &str) -> String {
        hex::encode(self.keyed(purpose, input).finalize().into_bytes())
    }

    /// The HMAC of `input` for `purpose`, ready to finish or to verify against.
    fn keyed(&self, purpose: &str, input: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(input.as_bytes());
        mac
    }

    /// The device id from the request's cookie, if it carries one this server signed.
    pub fn device(&self, headers: &HeaderMap) -> Option<String> {
        self.visitor(headers).map(|v| v.id)
    }

    /// The browser the request's cookie names, if this server signed it: `id.issued_ms.signature`, or
    /// `id.signature` from before cookies carried their time (still the same device, but not one a
    /// vote is taken from until a page view gives it a timed cookie).
    pub fn visitor(&self, headers: &HeaderMap) -> Option<Visitor> {
        let value = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)?
            .1;
        let parts: Vec<&str> = value.split('.').collect();
        let (id, issued_ms, signature, mac) = match parts[..] {
            [id, signature] => {
                let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).ok()?;
                mac.update(id.as_bytes());
                (id, None, signature, mac)
            }
            [id, issued, signature] => {
                let issued_ms = issued.parse::<i64>().ok()?;
                (id, Some(issued_ms), signature, self.keyed(COOKIE_PURPOSE, &format!("{id}.{issued_ms}")))
            }
            _ => return None,
        };
        // Constant-time comparison, so the signature cannot be guessed byte by byte.
        mac.verify_slice(&hex::decode(signature).ok()?).ok()?;
        Some(Visitor { id: id.to_owned(), issued_ms })
    }

    /// A new device id and the `Set-Cookie` header that gives it to the browser, issued at `now_ms`.
    pub fn issue(&self, secure: bool, now_ms: i64) -> std::io::Result<(String, HeaderValue)> {
        let mut raw = [0u8; 16];
        getrandom::getrandom(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
        let id = hex::encode(raw);
        let cookie = self.cookie(&id, secure, now_ms)?;
        Ok((id, cookie))
    }

    fn cookie(&self, id: &str, secure: bool, now_ms: i64) -> std::io::Result<HeaderValue> {
        let secure = if secure { "; Secure" } else { "" };
        let value = format!("{id}.{now_ms}.{}", self.signature(id, now_ms));
        HeaderValue::from_str(&format!("{COOKIE}={value}; Path=/; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{secure}"))
            .map_err(std::io::Error::other)
    }

    /// The cookie a view of a unit's page hands out: none to a browser that has a timed one; its own
    /// id, timed from now, to one whose cookie is older than timing; a new device to anyone else.
    pub fn on_visit(&self, headers: &HeaderMap, now_ms: i64) -> Option<HeaderValue> {
        let secure = behind_https(headers);
        let given = match self.visitor(headers) {
            Some(Visitor { issued_ms: Some(_), .. }) => return None,
            Some(Visitor { id, issued_ms: None }) => self.cookie(&id, secure, now_ms),
            None => self.issue(secure, now_ms).map(|(_, cookie)| cookie),
        };
        // No cookie is no harm to the page: its reader just cannot vote yet.
        given.map_err(|e| tracing::warn!("device cookie: {e}")).ok()
    }
}

/// A browser as its signed cookie names it.
#[derive(Debug, PartialEq, Eq)]
pub struct Visitor {
    pub id: String,
    /// When its cookie was handed out (UTC ms); `None` for a cookie from before cookies were timed.
    pub issued_ms: Option<i64>,
}

/// The browser a vote or a survey answer is taken from: one a unit's page gave its device cookie at least
/// [`AppState::min_vote_age_ms`] before (never the write itself, so a script that drops cookies gets none).
pub fn seasoned_device(state: &AppState, headers: &HeaderMap) -> Result<Visitor, ApiError> {
    let now_ms = state.clock.now_ms();
    state.device_key.visitor(headers).filter(|v| v.issued_ms.is_some_and(|issued| now_ms - issued >= state.min_vote_age_ms)).ok_or_else(|| {
        let secs = state.min_vote_age_ms / 1000;
        let message = format!("this needs the device cookie a view of the unit's page gives, at least {secs} s before");
        ApiError::new(StatusCode::FORBIDDEN, ErrorCode::VoteTooSoon, message)
    })
}

/// Behind a TLS-terminating proxy the cookie must be marked Secure.
fn behind_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").is_some_and(|p| p == "https")
}

/// The browser behind a diner's write: its id from the signed cookie, or a new id whose cookie goes out
/// with the answer, so that the browser's later writes are counted (and its votes kept) per device.
/// Extract it in a write handler and put it among the parts of the successful answer; a refused write
/// hands out no cookie.
pub struct Device {
    pub id: String,
    /// The `Set-Cookie` for a browser that came without a valid cookie.
    new_cookie: Option<HeaderValue>,
}

impl Device {
    /// The id to count rate limits by: only one the browser sent back. A new id has no history yet, and
    /// counting cookieless requests would let a script that drops cookies fill the limiters' memory.
    pub fn returning(&self) -> Option<&str> {
        self.new_cookie.is_none().then_some(self.id.as_str())
    }
}

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Device, ApiError> {
        if let Some(id) = state.device_key.device(&parts.headers) {
            return Ok(Device { id, new_cookie: None });
        }
        let (id, cookie) =
            state.device_key.issue(behind_https(&parts.headers), state.clock.now_ms()).map_err(|e| ApiError::internal(format!("device id: {e}")))?;
        Ok(Device { id, new_cookie: Some(cookie) })
    }
}

/// Gives a new device its cookie; a returning one gets no header.
impl IntoResponseParts for Device {
    type Error = Infallible;

    fn into_response_parts(self, mut response: ResponseParts) -> Result<ResponseParts, Infallible> {
        if let Some(cookie) = self.new_cookie {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[tokio::test]
    async fn a_signed_cookie_round_trips_and_a_forged_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::sqlite::SqliteStore::open(dir.path()).await.unwrap();
        let key = DeviceKey::shared(&store, dir.path()).await.unwrap();
        let (id, set_cookie) = key.issue(false, 1_000).unwrap();
        let cookie = set_cookie.to_str().unwrap().split(';').next().unwrap().to_owned();
        assert!(set_cookie.to_str().unwrap().contains("HttpOnly"));
        assert_eq!(key.device(&with_cookie(&format!("a=b; {cookie}"))), Some(id.clone()));
        let forged = cookie.replace(&id, "00000000000000000000000000000000");
        assert_eq!(key.device(&with_cookie(&forged)), None);
        assert_eq!(key.device(&with_cookie("mc_device=abc")), None);
        assert_eq!(key.device(&with_cookie("mc_device=abc.zz")), None);
        // The same key is read back after a restart (or by another server on the database); another key
        // rejects the cookie.
        let again = DeviceKey::shared(&store, tempfile::tempdir().unwrap().path()).await.unwrap();
        assert_eq!(again.device(&with_cookie(&cookie)), Some(id.clone()));
        let other = DeviceKey::random().unwrap();
        assert_eq!(other.device(&with_cookie(&cookie)), None);
        // The time is signed too: a cookie made to look older counts for nothing.
        assert_eq!(key.visitor(&with_cookie(&cookie)), Some(Visitor { id, issued_ms: Some(1_000) }));
        assert_eq!(key.device(&with_cookie(&cookie.replace(".1000.", ".1."))), None);
    }

    #[test]
    fn a_page_view_times_an_untimed_cookie_and_leaves_a_timed_one() {
        let key = DeviceKey::random().unwrap();
        let name_value = |v: HeaderValue| v.to_str().unwrap().split(';').next().unwrap().to_owned();
        // A cookie from before cookies were timed: `id.HMAC(id)`.
        let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).unwrap();
        mac.update(b"0123456789abcdef0123456789abcdef");
        let old = format!("mc_device=0123456789abcdef0123456789abcdef.{}", hex::encode(mac.finalize().into_bytes()));
        assert_eq!(key.visitor(&with_cookie(&old)).unwrap().issued_ms, None);
        let timed = name_value(key.on_visit(&with_cookie(&old), 5_000).expect("timed now"));
        assert_eq!(key.visitor(&with_cookie(&timed)), Some(Visitor { id: "0123456789abcdef0123456789abcdef".into(), issued_ms: Some(5_000) }));
        assert_eq!(key.on_visit(&with_cookie(&timed), 9_000), None);
        assert!(key.on_visit(&HeaderMap::new(), 9_000).is_some());
    }

    #[tokio::test]
    async fn the_key_of_an_earlier_version_is_taken_over_from_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("device.key"), [7u8; 32]).unwrap();
        let store = crate::store::sqlite::SqliteStore::open(dir.path()).await.unwrap();
        assert_eq!(DeviceKey::shared(&store, dir.path()).await.unwrap().0, [7u8; 32]);
        assert_eq!(store.meta(META_KEY).await.unwrap(), Some(hex::encode([7u8; 32])));
    }
}
