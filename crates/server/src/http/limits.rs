//! Rate limits on every write, per client address and per device. Per address they are loose enough for
//! a canteen full of phones behind one carrier address; per device (the signed `mc_device` cookie)
//! they are tighter, since one browser is one person. Together one script cannot flood a unit.
//! Answered with 429, a `Retry-After` and a JSON error that carries the wait too.

use std::convert::Infallible;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use mingchu_types::ErrorCode;

use super::error::ApiError;
use crate::AppState;

/// What is being written.
#[derive(Clone, Copy, Debug)]
pub enum Write {
    Rating,
    Review,
    Report,
    Message,
    Photo,
    /// An owner's or regulator's sign-in: on top of each account's lock-out, one address cannot try
    /// code after code across many accounts.
    SignIn,
}

impl Write {
    pub fn as_str(self) -> &'static str {
        match self {
            Write::Rating => "rating",
            Write::Review => "review",
            Write::Report => "report",
            Write::Message => "message",
            Write::Photo => "photo",
            Write::SignIn => "sign_in",
        }
    }
}

/// One limiter per kind of write, all keyed alike.
struct Limiters<K: Hash + Eq + Clone> {
    rating: DefaultKeyedRateLimiter<K>,
    review: DefaultKeyedRateLimiter<K>,
    report: DefaultKeyedRateLimiter<K>,
    message: DefaultKeyedRateLimiter<K>,
    photo: DefaultKeyedRateLimiter<K>,
    sign_in: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Limiters<K> {
    fn of(&self, write: Write) -> &DefaultKeyedRateLimiter<K> {
        match write {
            Write::Rating => &self.rating,
            Write::Review => &self.review,
            Write::Report => &self.report,
            Write::Message => &self.message,
            Write::Photo => &self.photo,
            Write::SignIn => &self.sign_in,
        }
    }

    fn retain_recent(&self) {
        for limiter in [&self.rating, &self.review, &self.report, &self.message, &self.photo, &self.sign_in] {
            limiter.retain_recent();
        }
    }
}

pub struct RateLimits {
    by_ip: Limiters<IpAddr>,
    by_device: Limiters<String>,
    clock: DefaultClock,
}

fn quota(every: Duration, burst: u32) -> Quota {
    Quota::with_period(every).expect("a non-zero period").allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            by_ip: Limiters {
                // A lunch rush: 60 votes at once from one address, then two a second.
                rating: RateLimiter::keyed(quota(Duration::from_millis(500), 60)),
                // Twenty reviews at once, then one a minute.
                review: RateLimiter::keyed(quota(Duration::from_secs(60), 20)),
                // Ten reports at once, then one every two minutes.
                report: RateLimiter::keyed(quota(Duration::from_secs(120), 10)),
                // Messages to owners like reports: ten at once, then one every two minutes.
                message: RateLimiter::keyed(quota(Duration::from_secs(120), 10)),
                // Six people's six photos at once, then one every five seconds.
                photo: RateLimiter::keyed(quota(Duration::from_secs(5), 36)),
                // An office of inspectors signing in of a morning, then one every ten seconds.
                sign_in: RateLimiter::keyed(quota(Duration::from_secs(10), 30)),
            },
            by_device: Limiters {
                // A diner changing their mind a few times, then one vote every half minute.
                rating: RateLimiter::keyed(quota(Duration::from_secs(30), 10)),
                // A few reviews (a meal, a correction), then one every five minutes.
                review: RateLimiter::keyed(quota(Duration::from_secs(5 * 60), 3)),
                // A few reports, then one every ten minutes.
                report: RateLimiter::keyed(quota(Duration::from_secs(10 * 60), 3)),
                // A few messages, then one every five minutes.
                message: RateLimiter::keyed(quota(Duration::from_secs(5 * 60), 3)),
                // Three forms' six photos at once, then one every ten seconds.
                photo: RateLimiter::keyed(quota(Duration::from_secs(10), 18)),
                // Sign-ins carry no device cookie; this one is never asked.
                sign_in: RateLimiter::keyed(quota(Duration::from_secs(10), 30)),
            },
            clock: DefaultClock::default(),
        }
    }
}

impl RateLimits {
    /// `Ok` when both `ip` (its [`subscriber`]'s allowance) and `device` (when the browser sent one)
    /// may write now; otherwise the 429 to answer. The device is checked first: a device over its
    /// allowance then uses up none of its address's, which a whole canteen may share.
    pub fn check(&self, write: Write, ip: IpAddr, device: Option<&str>) -> Result<(), ApiError> {
        if let Some(device) = device {
            self.by_device.of(write).check_key(&device.to_owned()).map_err(|not_until| self.refusal(not_until))?;
        }
        self.by_ip.of(write).check_key(&subscriber(ip)).map_err(|not_until| self.refusal(not_until))
    }

    fn refusal(&self, not_until: governor::NotUntil<<DefaultClock as Clock>::Instant>) -> ApiError {
        let wait = not_until.wait_time_from(self.clock.now()).as_secs().max(1);
        ApiError::too_many(ErrorCode::RateLimited, format!("too many requests: try again in {wait} s"), wait)
    }

    /// Forgets addresses and devices that have been quiet long enough to be back at full allowance.
    pub fn forget_quiet(&self) {
        self.by_ip.retain_recent();
        self.by_device.retain_recent();
    }
}

/// The client's address: the connection's, or behind a trusted reverse proxy the last address its
/// `X-Forwarded-For` names that is not itself a trusted proxy. Unknown in tests that serve without
/// connection info: all share one allowance.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ClientIp, Infallible> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(client_ip(peer, &parts.headers, &state.trusted_proxies)))
    }
}

/// Who is behind an address, as limits and counts see clients: an IPv4 address (an IPv4-mapped IPv6
/// one too), or the /64 an IPv6 address is in with the rest zero — one subscriber's usual share, so
/// its 2^64 addresses count as one client.
pub fn subscriber(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        v4 => v4,
    }
}

/// The client's network as text, as sign-in guesses and address bursts are counted by: the
/// [`subscriber`], an IPv6 one with `/64`.
pub fn network(ip: IpAddr) -> String {
    match subscriber(ip) {
        IpAddr::V6(v6) => format!("{v6}/64"),
        v4 => v4.to_string(),
    }
}

/// The client behind `peer`: each trusted proxy appends the address it was reached from to
/// `X-Forwarded-For`, so the rightmost address that is not a trusted proxy is the client. Anything
/// further left was written by the client and proves nothing.
pub(super) fn client_ip(peer: IpAddr, headers: &axum::http::HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).collect::<Vec<_>>();
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_last_address_no_trusted_proxy_wrote() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = ip("10.0.0.1");
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.0.0.1".parse().unwrap());
        assert_eq!(client_ip(proxy, &headers, &[proxy]), ip("203.0.113.9"));
        // Not from a trusted proxy: the header is the client's own word.
        assert_eq!(client_ip(ip("198.51.100.7"), &headers, &[proxy]), ip("198.51.100.7"));
        assert_eq!(client_ip(proxy, &axum::http::HeaderMap::new(), &[proxy]), proxy);
    }

    #[test]
    fn an_ipv6_subscriber_is_its_64() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(network(ip("203.0.113.9")), "203.0.113.9");
        assert_eq!(network(ip("::ffff:203.0.113.9")), "203.0.113.9");
        assert_eq!(network(ip("2001:db8:1:2:aaaa::1")), network(ip("2001:db8:1:2:bbbb::2")));
        assert_eq!(network(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
        assert_eq!(subscriber(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(subscriber(ip("::ffff:203.0.113.9")), ip("203.0.113.9"));
    }

    #[test]
    fn an_ipv6_subscriber_shares_one_allowance() {
        let limits = RateLimits::default();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // Ten reports at once from one /64, whichever of its addresses they come from; then no more.
        for n in 0..10 {
            assert!(limits.check(Write::Report, ip(&format!("2001:db8:1:2::{n:x}")), None).is_ok());
        }
        assert!(limits.check(Write::Report, ip("2001:db8:1:2:ffff::1"), None).is_err());
        assert!(limits.check(Write::Report, ip("2001:db8:1:3::1"), None).is_ok(), "another /64 is another client");
    }
}
