//! A real server on a loopback port, with a fresh SQLite database holding the demo data.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use mingchu_server::http::pages::Shell;
use mingchu_server::store::sqlite::SqliteStore;
use mingchu_server::store::Store;
use mingchu_server::{load_demo, router, AppState, Clock};
use mingchu_types::Day;

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Arc<SqliteStore>,
    pub today: Day,
    pub client: reqwest::Client,
    _data: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on a fixed day, without a built app (the fallback page template).
    pub async fn start() -> TestServer {
        TestServer::start_with_dist(None).await
    }

    pub async fn start_with_dist(dist: Option<&Path>) -> TestServer {
        let data = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(SqliteStore::open(data.path()).await.expect("open store"));
        let today: Day = "2026-11-29".parse().expect("day");
        load_demo(store.as_ref(), today).await.expect("demo data");
        let state = AppState {
            store: store.clone() as Arc<dyn Store>,
            shell: Arc::new(Shell::load(dist).expect("shell")),
            clock: Clock::Fixed(today),
            dist: dist.map(Path::to_path_buf),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router(state)).await.expect("serve") });
        TestServer { addr, store, today, client: reqwest::Client::new(), _data: data }
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
        assert!(
            response.headers()["content-type"].to_str().unwrap().starts_with("application/json"),
            "GET {path} is not JSON"
        );
        response.json().await.expect("json body")
    }

    pub async fn html(&self, path: &str, status: u16) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "GET {path} is not HTML");
        response.text().await.expect("body")
    }
}

/// Asserts a JSON error body with the given code.
pub fn assert_error(body: &serde_json::Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}
