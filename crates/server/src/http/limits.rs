//! Rate limits on every write, per client address and per device. Per address they are loose enough for
//! a canteen full of phones behind one carrier address; per device (the signed `mc_device` cookie)
//! they are tighter, since one browser is one person. Together one script cannot flood a unit.
//! Answered with 429, a `Retry-After` and a JSON error that carries the wait too.

use std::convert::Infallible;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use mingchu_types::ErrorCode;

use super::ApiError;

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
    /// `Ok` when both `ip` and `device` (when the browser sent one) may write now; otherwise the 429 to
    /// answer. The device is checked first: a device over its allowance then uses up none of its
    /// address's, which a whole canteen may share.
    pub fn check(&self, write: Write, ip: IpAddr, device: Option<&str>) -> Result<(), ApiError> {
        if let Some(device) = device {
            self.by_device.of(write).check_key(&device.to_owned()).map_err(|not_until| self.refusal(not_until))?;
        }
        self.by_ip.of(write).check_key(&ip).map_err(|not_until| self.refusal(not_until))
    }

    fn refusal(&self, not_until: governor::NotUntil<<DefaultClock as Clock>::Instant>) -> ApiError {
        let wait = not_until.wait_time_from(self.clock.now()).as_secs().max(1);
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: ErrorCode::RateLimited,
            message: format!("too many requests: try again in {wait} s"),
            fields: vec![],
            retry_after: Some(wait),
        }
    }

    /// Forgets addresses and devices that have been quiet long enough to be back at full allowance.
    pub fn forget_quiet(&self) {
        self.by_ip.retain_recent();
        self.by_device.retain_recent();
    }
}

/// The client's address as the connection gives it (behind a reverse proxy, configure the proxy to
/// limit instead). Unknown in tests that serve without connection info: all share one allowance.
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, Infallible> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(ip))
    }
}
