//! Traced requests: every request gets an id (`X-Request-Id`, taken from a trusted proxy in front of us
//! or made here), runs inside a span carrying that id and its matched route (so a fault logged while
//! answering it names both), and ends in one log line with the client's address (behind a trusted proxy,
//! the one its `X-Forwarded-For` names), method, route, status and latency, and in the request metrics.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a proxy.
const MAX_ID_LEN: usize = 64;

/// Wraps every route of `router` (the fallback included) in the trace.
pub fn layer(router: Router, trusted_proxies: Arc<Vec<IpAddr>>) -> Router {
    router.layer(middleware::from_fn_with_state(trusted_proxies, trace))
}

async fn trace(State(trusted): State<Arc<Vec<IpAddr>>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let from_proxy = peer.is_some_and(|ip| trusted.contains(&ip));
    let client = peer.map(|peer| super::limits::client_ip(peer, request.headers(), &trusted));
    let id = from_proxy.then(|| proxy_id(request.headers().get(&REQUEST_ID))).flatten().unwrap_or_else(new_id);
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "-".to_owned(), |p| p.as_str().to_owned());
    // Only ids of visible ASCII are made or taken, so the header value always forms.
    let header = HeaderValue::from_str(&id).ok();
    if let Some(value) = &header {
        request.headers_mut().insert(REQUEST_ID, value.clone());
    }
    let span = tracing::info_span!("request", id = %id, route = %route);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let took = started.elapsed();
    let latency_us = took.as_micros() as u64;
    let client = client.map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    span.in_scope(|| tracing::info!(target: "mingchu::access", %client, %method, status, latency_us, "answered"));
    crate::monitoring::answered(&method, &route, status, took);
    if let Some(value) = header {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// A proxy's request id, if it is a short run of visible ASCII (anything else is made anew).
fn proxy_id(value: Option<&HeaderValue>) -> Option<String> {
    let id = value?.to_str().ok()?.trim();
    (!id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_graphic())).then(|| id.to_owned())
}

/// 64 random bits, hex: unique enough to find one request in a day's logs.
fn new_id() -> String {
    let mut raw = [0u8; 8];
    if getrandom::getrandom(&mut raw).is_err() {
        // No randomness: the time still tells requests apart in practice.
        raw = (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)).to_be_bytes();
    }
    hex::encode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_id_is_taken_only_when_it_is_plain_and_short() {
        let value = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(proxy_id(Some(&value("abc-123"))).as_deref(), Some("abc-123"));
        assert_eq!(proxy_id(Some(&value(" "))), None);
        assert_eq!(proxy_id(Some(&value("a b"))), None);
        assert_eq!(proxy_id(Some(&value(&"x".repeat(65)))), None);
        assert_eq!(proxy_id(None), None);
        assert_eq!(new_id().len(), 16);
        assert_ne!(new_id(), new_id());
    }
}
