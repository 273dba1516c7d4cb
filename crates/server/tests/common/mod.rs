//! A real server on a loopback port, with a fresh SQLite database holding the demo data.
#![allow(dead_code)] // each test file uses part of the harness

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use mingchu_server::frames::FrameStore;
use mingchu_server::media_store::MediaStore;
use mingchu_server::room::Room;
use mingchu_server::store::Store;
use mingchu_server::{prepare, router, Clock, ServerConfig};
use mingchu_types::Day;

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    pub frames: Arc<FrameStore>,
    pub media: Arc<MediaStore>,
    pub room: Arc<Room>,
    pub today: Day,
    pub client: reqwest::Client,
    data: Arc<tempfile::TempDir>,
}

impl TestServer {
    /// Starts a server on a fixed day, without a built app (the fallback page template).
    pub async fn start() -> TestServer {
        TestServer::start_with_dist(None).await
    }

    pub async fn start_with_dist(dist: Option<&Path>) -> TestServer {
        TestServer::start_with(|config| config.dist = dist.map(Path::to_path_buf)).await
    }

    /// Starts a server with the demo data on a fixed day, configured further by `configure`.
    pub async fn start_with(configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        TestServer::serve(Arc::new(tempfile::tempdir().expect("temp dir")), configure).await
    }

    /// Another server on this one's data directory, as after a restart (this one keeps running).
    pub async fn restart(&self, configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        TestServer::serve(self.data.clone(), configure).await
    }

    async fn serve(data: Arc<tempfile::TempDir>, configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        let today: Day = "2026-11-29".parse().expect("day");
        let mut config = ServerConfig { clock: Clock::Fixed(today), demo: true, ..ServerConfig::new(data.path().to_path_buf()) };
        configure(&mut config);
        let today = config.clock.today();
        let state = prepare(config).await.expect("server state");
        let (store, frames, media, room) = (state.store.clone(), state.frames.clone(), state.media.clone(), state.room.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve") });
        TestServer { addr, store, frames, media, room, today, client: reqwest::Client::new(), data }
    }

    /// The server's data directory.
    pub fn data(&self) -> &Path {
        self.data.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// GET a JSON body, asserting the status.
    pub async fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "GET {path} is not JSON");
        response.json().await.expect("json body")
    }

    pub async fn html(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "GET {path} is not HTML");
        response.text().await.expect("body")
    }
}

#[allow(dead_code)] // not every test file checks errors
/// Asserts a JSON error body with the given code.
pub fn assert_error(body: &serde_json::Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}
