//! Operations metrics in Prometheus' text format, served as `/metrics` on a listener of its own (never
//! the public one: `serve --metrics-addr`). Anything in the server records with the `metrics` crate's
//! macros under names starting `mingchu_`; once [`install`] has put the recorder in place they are
//! kept, and before that (or without `--metrics-addr`) they cost next to nothing.
//!
//! This file names what the server itself records: requests by route, method and status and their
//! latency (from the request trace), what was accepted (at the one place each write is acknowledged),
//! and, read from the store every few seconds, the staff queues and the database pool.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::http::{header, Method};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};

use crate::http::limits::Write;
use crate::store::Store;

/// Requests answered, by `route` (the matched route, `-` for none), `method` and `status`.
pub const HTTP_REQUESTS: &str = "mingchu_http_requests_total";
/// How long requests took to answer, by `route` and `method`.
pub const HTTP_SECONDS: &str = "mingchu_http_request_duration_seconds";
/// Camera frames a gateway pushed and the server kept.
pub const FRAMES_RECEIVED: &str = "mingchu_camera_frames_received_total";
/// Camera video segments a gateway pushed and the server kept (issue 15).
pub const VIDEO_SEGMENTS_RECEIVED: &str = "mingchu_camera_video_segments_received_total";
/// Counter: camera analytics' sightings, by category and whether each was a new alert (`new="true"`) or
/// folded into an earlier one.
pub const ALERTS_RECEIVED: &str = "mingchu_alerts_received_total";
/// Counter: sensor readings stored (repeats not counted).
pub const READINGS_STORED: &str = "mingchu_sensor_readings_stored_total";
/// Diners' writes accepted (repeats of one request not counted again), by `kind`: rating, review,
/// report, message.
pub const WRITES_ACCEPTED: &str = "mingchu_writes_accepted_total";
/// What waits for staff, by `queue`.
pub const QUEUE_SIZE: &str = "mingchu_queue_size";
/// The database pool: connections open, idle among them, and the most it opens.
pub const POOL_OPEN: &str = "mingchu_db_pool_connections";
pub const POOL_IDLE: &str = "mingchu_db_pool_idle_connections";
pub const POOL_MAX: &str = "mingchu_db_pool_max_connections";

/// Latency buckets of every `_seconds` histogram: from a JSON answer out of SQLite (under a
/// millisecond) to an Argon2 check or a photo's re-encoding (tens to hundreds of milliseconds).
const SECONDS_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// How often the gauges read from the store are refreshed (Prometheus' usual scrape interval).
const REFRESH: Duration = Duration::from_secs(15);

/// The one recorder of the process (the `metrics` facade takes one): installed by the first server that
/// asks, shared by any later one (tests start several servers in one process).
static RECORDER: Mutex<Option<PrometheusHandle>> = Mutex::new(None);

/// Installs the Prometheus recorder (once per process) and describes the server's own metrics; returns
/// the handle `/metrics` renders from.
pub fn install() -> Result<PrometheusHandle, BuildError> {
    let mut recorder = RECORDER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(handle) = recorder.as_ref() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new().set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS_BUCKETS)?.install_recorder()?;
    describe();
    *recorder = Some(handle.clone());
    Ok(handle)
}

fn describe() {
    metrics::describe_counter!(HTTP_REQUESTS, "Requests answered, by matched route, method and status.");
    metrics::describe_histogram!(HTTP_SECONDS, metrics::Unit::Seconds, "Time to answer a request, by matched route and method.");
    metrics::describe_counter!(FRAMES_RECEIVED, "Camera frames pushed by gateways and kept.");
    metrics::describe_counter!(VIDEO_SEGMENTS_RECEIVED, "Camera video segments pushed by gateways and kept.");
    metrics::describe_counter!(ALERTS_RECEIVED, "Camera analytics sightings, by category and whether each was a new alert.");
    metrics::describe_counter!(READINGS_STORED, "Sensor readings stored (repeats not counted).");
    metrics::describe_counter!(WRITES_ACCEPTED, "Diners' writes accepted, by kind (a repeated request counted once).");
    metrics::describe_gauge!(QUEUE_SIZE, "What waits for staff, by queue.");
    metrics::describe_gauge!(POOL_OPEN, "Database connections open.");
    metrics::describe_gauge!(POOL_IDLE, "Database connections open and idle.");
    metrics::describe_gauge!(POOL_MAX, "The most database connections the pool opens.");
}

/// `GET /metrics` (and nothing else) for the metrics listener.
pub fn router(handle: PrometheusHandle) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let handle = handle.clone();
            async move { ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()) }
        }),
    )
}

/// Refreshes the store's gauges now and every [`REFRESH`], and keeps the recorder's histograms tidy,
/// until the store is gone.
pub fn watch(store: &Arc<dyn Store>, handle: PrometheusHandle) {
    let store: Weak<dyn Store> = Arc::downgrade(store);
    tokio::spawn(async move {
        let mut every = tokio::time::interval(REFRESH);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let Some(store) = store.upgrade() else { break };
            handle.run_upkeep();
            refresh(&*store).await;
        }
    });
}

async fn refresh(store: &dyn Store) {
    let pool = store.pool_use();
    metrics::gauge!(POOL_OPEN).set(pool.size);
    metrics::gauge!(POOL_IDLE).set(pool.idle);
    metrics::gauge!(POOL_MAX).set(pool.max);
    match store.queue_sizes().await {
        Ok(q) => {
            for (queue, size) in [
                ("reports_awaiting_decision", q.reports_awaiting_decision),
                ("reports_open", q.reports_open),
                ("reviews_held", q.reviews_held),
                ("votes_held", q.votes_held),
            ] {
                metrics::gauge!(QUEUE_SIZE, "queue" => queue).set(size as f64);
            }
        }
        // The gauges keep their last values; the health check and the access log tell the rest.
        Err(e) => tracing::warn!("reading the queue sizes for /metrics: {e}"),
    }
}

/// Records one answered request (from the request trace, the one place that knows all of it).
pub fn answered(method: &Method, route: &str, status: u16, took: Duration) {
    let method = method_label(method);
    metrics::counter!(HTTP_REQUESTS, "route" => route.to_owned(), "method" => method, "status" => status.to_string()).increment(1);
    metrics::histogram!(HTTP_SECONDS, "route" => route.to_owned(), "method" => method).record(took.as_secs_f64());
}

/// Records a diner's write accepted (a new one, not a repeat).
pub fn accepted(write: Write) {
    metrics::counter!(WRITES_ACCEPTED, "kind" => write.as_str()).increment(1);
}

/// Records a camera frame received and kept.
pub fn frame_received() {
    metrics::counter!(FRAMES_RECEIVED).increment(1);
}

/// Records a camera video segment received and kept.
pub fn video_segment_received() {
    metrics::counter!(VIDEO_SEGMENTS_RECEIVED).increment(1);
}

/// Records a camera box's sighting: a new alert, or folded into an earlier one.
pub fn alert_received(category: &'static str, new: bool) {
    metrics::counter!(ALERTS_RECEIVED, "category" => category, "new" => if new { "true" } else { "false" }).increment(1);
}

/// Records sensor readings stored.
pub fn readings_received(stored: u32) {
    metrics::counter!(READINGS_STORED).increment(u64::from(stored));
}

/// The standard methods by name; any other is `other`, so a client cannot make up label values.
fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_are_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
        assert_eq!(method_label(&Method::TRACE), "other");
    }
}
