//! Rate limits on every write, per client address: loose enough for a canteen full of phones behind
//! one carrier address, tight enough that one script cannot flood a unit. Answered with 429, a
//! `Retry-After` and a JSON error.

use std::convert::Infallible;
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
    Photo,
}

pub struct RateLimits {
    rating: DefaultKeyedRateLimiter<IpAddr>,
    review: DefaultKeyedRateLimiter<IpAddr>,
    report: DefaultKeyedRateLimiter<IpAddr>,
    photo: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn quota(every: Duration, burst: u32) -> Quota {
    Quota::with_period(every).expect("a non-zero period").allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
}

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits {
            // A lunch rush: 60 votes at once from one address, then two a second.
            rating: RateLimiter::keyed(quota(Duration::from_millis(500), 60)),
            // Twenty reviews at once, then one a minute.
            review: RateLimiter::keyed(quota(Duration::from_secs(60), 20)),
            // Ten reports at once, then one every two minutes.
            report: RateLimiter::keyed(quota(Duration::from_secs(120), 10)),
            // Six people's six photos at once, then one every five seconds.
            photo: RateLimiter::keyed(quota(Duration::from_secs(5), 36)),
            clock: DefaultClock::default(),
        }
    }
}

impl RateLimits {
    /// `Ok` when `ip` may write now; otherwise the 429 to answer.
    pub fn check(&self, write: Write, ip: IpAddr) -> Result<(), ApiError> {
        let limiter = match write {
            Write::Rating => &self.rating,
            Write::Review => &self.review,
            Write::Report => &self.report,
            Write::Photo => &self.photo,
        };
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now()).as_secs().max(1);
            ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: ErrorCode::RateLimited,
                message: format!("too many requests: try again in {wait} s"),
                fields: vec![],
                retry_after: Some(wait),
            }
        })
    }

    /// Forgets addresses that have been quiet long enough to be back at full allowance.
    pub fn forget_quiet(&self) {
        self.rating.retain_recent();
        self.review.retain_recent();
        self.report.retain_recent();
        self.photo.retain_recent();
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
