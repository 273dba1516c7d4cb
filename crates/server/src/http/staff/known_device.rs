//! Devices that signed in to an account before, recognised by a long-lived cookie the server signs on a
//! successful sign-in. They are spared the account-wide slowdown that guesses from elsewhere bring on, so
//! a stranger who knows a unit code (it is printed on the door) cannot keep its owner out.
//!
//! The cookie (`mc_known`, HttpOnly, SameSite=Strict, `Path=/api/staff`) holds up to four entries, one
//! per account, each `<expiry in s>-<tag>`, the tag an HMAC of the account's kind, name and the expiry
//! under the server's key. It names no account and cannot be made for one without a correct secret.

use axum::http::{HeaderMap, HeaderValue};

use super::session::{constant_time_eq, cookie_value};
use crate::auth::KNOWN_DEVICE_MS;
use crate::http::device::DeviceKey;
use crate::store::staff::AccountKind;

const COOKIE: &str = "mc_known";
/// A shared office computer may be known to a few accounts; the oldest is forgotten first.
const MAX_ACCOUNTS: usize = 4;

fn tag(key: &DeviceKey, kind: AccountKind, name: &str, expires_s: i64) -> String {
    key.derive("known-device", &format!("{}\0{name}\0{expires_s}", kind.as_str()))
}

/// The cookie's unexpired entries, as (expiry in s, tag).
fn entries(headers: &HeaderMap, now_ms: i64) -> Vec<(i64, &str)> {
    let Some(value) = cookie_value(headers, COOKIE) else { return vec![] };
    value
        .split('~')
        .filter_map(|entry| entry.split_once('-'))
        .filter_map(|(expires, tag)| Some((expires.parse::<i64>().ok()?, tag)))
        .filter(|(expires_s, _)| expires_s.saturating_mul(1000) > now_ms)
        .collect()
}

fn is_for(key: &DeviceKey, kind: AccountKind, name: &str, (expires_s, sent): (i64, &str)) -> bool {
    constant_time_eq(sent.as_bytes(), tag(key, kind, name, expires_s).as_bytes())
}

/// Whether the browser signed in to this account before (and its cookie has not expired).
pub fn knows(key: &DeviceKey, headers: &HeaderMap, kind: AccountKind, name: &str, now_ms: i64) -> bool {
    entries(headers, now_ms).into_iter().any(|entry| is_for(key, kind, name, entry))
}

/// The `Set-Cookie` that makes the browser known to this account for [`KNOWN_DEVICE_MS`], keeping the
/// other accounts it is known to.
pub fn remember(key: &DeviceKey, headers: &HeaderMap, kind: AccountKind, name: &str, now_ms: i64, secure: bool) -> Option<HeaderValue> {
    let expires_s = (now_ms + KNOWN_DEVICE_MS) / 1000;
    let mut kept = vec![format!("{expires_s}-{}", tag(key, kind, name, expires_s))];
    let others = entries(headers, now_ms).into_iter().filter(|entry| !is_for(key, kind, name, *entry));
    kept.extend(others.take(MAX_ACCOUNTS - 1).map(|(expires_s, tag)| format!("{expires_s}-{tag}")));
    let cookie = format!(
        "{COOKIE}={}; Path=/api/staff; Max-Age={}; HttpOnly; SameSite=Strict{}",
        kept.join("~"),
        KNOWN_DEVICE_MS / 1000,
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    fn sent(set_cookie: &HeaderValue) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(set_cookie.to_str().unwrap().split(';').next().unwrap()).unwrap());
        headers
    }

    #[test]
    fn a_device_is_known_to_the_accounts_it_signed_in_to_until_it_expires() {
        let key = DeviceKey::random().unwrap();
        let none = HeaderMap::new();
        assert!(!knows(&key, &none, AccountKind::Owner, "lc-dcf-0012", 0));
        let first = remember(&key, &none, AccountKind::Owner, "lc-dcf-0012", 0, false).unwrap();
        assert!(first.to_str().unwrap().contains("HttpOnly; SameSite=Strict"));
        let both = remember(&key, &sent(&first), AccountKind::Regulator, "gulou", 0, true).unwrap();
        let headers = sent(&both);
        assert!(knows(&key, &headers, AccountKind::Owner, "lc-dcf-0012", 1000));
        assert!(knows(&key, &headers, AccountKind::Regulator, "gulou", 1000));
        assert!(!knows(&key, &headers, AccountKind::Regulator, "lc-dcf-0012", 1000), "per kind");
        assert!(!knows(&key, &headers, AccountKind::Owner, "lc-dcf-0043", 1000), "per name");
        assert!(!knows(&key, &headers, AccountKind::Owner, "lc-dcf-0012", KNOWN_DEVICE_MS + 1000), "expired");
        let other = DeviceKey::random().unwrap();
        assert!(!knows(&other, &headers, AccountKind::Owner, "lc-dcf-0012", 1000), "another server's key");
        // Signing in again to one account keeps one entry for it.
        let again = remember(&key, &headers, AccountKind::Owner, "lc-dcf-0012", 5000, false).unwrap();
        assert_eq!(again.to_str().unwrap().split(';').next().unwrap().matches('~').count(), 1);
    }
}
