//! Running a server and stopping it gracefully: on the stop signal (SIGTERM from systemd, or Ctrl-C) no
//! new connection is accepted, requests under way finish (for at most the grace period), and the
//! database pool is closed, so a restart or a deploy loses no answer and leaves the database tidy.

use std::future::{Future, IntoFuture};
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::{monitoring, router, AppState};

/// How long closing the database pool may take once the requests are done or cut off.
const CLOSE_POOL: Duration = Duration::from_secs(5);

/// Serves the site on `public` and `/metrics` on `metrics` (when given; the server must have been
/// prepared with metrics on) until `stop` completes; then accepts no new connection, lets requests
/// under way finish for up to `grace`, and closes the store.
pub async fn serve(
    state: AppState,
    public: TcpListener,
    metrics: Option<TcpListener>,
    grace: Duration,
    stop: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stopping, stopped) = watch::channel(false);
    let signal = move || {
        let mut stopped = stopped.clone();
        async move {
            // An error means the sender is gone, which is a stop too.
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    };
    let monitor = match (metrics, &state.metrics) {
        (Some(listener), Some(handle)) => {
            let app = monitoring::router(handle.clone());
            Some(tokio::spawn(axum::serve(listener, app).with_graceful_shutdown(signal()).into_future()))
        }
        (Some(_), None) => return Err(io::Error::other("a metrics listener for a server prepared without metrics")),
        (None, _) => None,
    };
    let store = state.store.clone();
    let site = axum::serve(public, router(state).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(signal());
    let deadline = async move {
        stop.await;
        tracing::info!("stopping: accepting no new connections, letting requests under way finish (at most {} s)", grace.as_secs());
        let _ = stopping.send(true);
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = site => served?,
        () = deadline => tracing::warn!("requests still under way after {} s: cut off", grace.as_secs()),
    }
    if let Some(monitor) = monitor {
        monitor.abort();
    }
    if tokio::time::timeout(CLOSE_POOL, store.close()).await.is_err() {
        tracing::warn!("the database pool did not close within {} s", CLOSE_POOL.as_secs());
    }
    tracing::info!("stopped");
    Ok(())
}

/// Completes on SIGTERM (what systemd and container runtimes send) or Ctrl-C (SIGINT).
pub async fn stop_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
