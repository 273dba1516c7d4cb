//! A real server on a loopback port, with a fresh database holding the demo data: SQLite in the server's
//! data directory, or, when `MINGCHU_TEST_POSTGRES` names a PostgreSQL server (its URL, e.g.
//! `postgres://postgres@localhost/postgres?host=/tmp/dir&port=5432`; `cargo xtask test` starts one), a
//! database of its own on that server, created for the test and dropped after it.
#![allow(dead_code)] // each test file uses part of the harness

pub mod kitchen;
pub mod nginx;
pub mod s3;
pub mod staff;
pub mod video;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use mingchu_server::answer_cache::AnswerCache;
use mingchu_server::frames::FrameStore;
use mingchu_server::media_store::MediaStore;
use mingchu_server::room::Room;
use mingchu_server::store::{Database, Store};
use mingchu_server::{prepare, serve, Clock, ServerConfig};
use mingchu_types::Day;

pub struct TestServer {
    pub addr: SocketAddr,
    /// Where `/metrics` is served, when the server records metrics.
    pub metrics_addr: Option<SocketAddr>,
    pub store: Arc<dyn Store>,
    pub frames: Arc<FrameStore>,
    pub media: Arc<MediaStore>,
    pub room: Arc<Room>,
    /// The public answers the server keeps (a write straight into the store, as the command line's,
    /// reaches them only after their age: a test that makes one clears them).
    pub answers: Arc<AnswerCache>,
    pub today: Day,
    /// The server's clock (a fixed day's noon, China time, unless a test set another).
    pub clock: Clock,
    pub client: reqwest::Client,
    data: Arc<tempfile::TempDir>,
    postgres: Option<Arc<FreshPostgres>>,
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
        let postgres = FreshPostgres::create().await.map(Arc::new);
        TestServer::serve(Arc::new(tempfile::tempdir().expect("temp dir")), postgres, configure).await
    }

    /// A server on the SQLite data directory `data` (e.g. one restored from a backup), whatever the
    /// other tests run on.
    pub async fn start_in(data: tempfile::TempDir, configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        TestServer::serve(Arc::new(data), None, configure).await
    }

    /// Another server on this one's data directory and database, as after a restart (this one keeps running).
    pub async fn restart(&self, configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        TestServer::serve(self.data.clone(), self.postgres.clone(), configure).await
    }

    async fn serve(data: Arc<tempfile::TempDir>, postgres: Option<Arc<FreshPostgres>>, configure: impl FnOnce(&mut ServerConfig)) -> TestServer {
        let today: Day = "2026-11-29".parse().expect("day");
        let database = postgres.as_ref().map_or(Database::Sqlite, |p| Database::Postgres(p.url.clone()));
        let mut config = ServerConfig { clock: Clock::Fixed(today), demo: true, database, ..ServerConfig::new(data.path().to_path_buf()) };
        configure(&mut config);
        let today = config.clock.today();
        let clock = config.clock.clone();
        let state = prepare(config).await.expect("server state");
        let (store, frames, media, room, answers) =
            (state.store.clone(), state.frames.clone(), state.media.clone(), state.room.clone(), state.answers.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        // A server that records metrics serves them on a second port.
        let metrics = match state.metrics {
            Some(_) => Some(tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind metrics")),
            None => None,
        };
        let metrics_addr = metrics.as_ref().map(|l| l.local_addr().expect("metrics addr"));
        let grace = std::time::Duration::from_secs(5);
        tokio::spawn(async move { serve(state, listener, metrics, grace, std::future::pending()).await.expect("serve") });
        TestServer { addr, metrics_addr, store, frames, media, room, answers, today, clock, client: reqwest::Client::new(), data, postgres }
    }

    /// The server's data directory (its SQLite database unless [`TestServer::postgres_url`]).
    pub fn data(&self) -> &Path {
        self.data.path()
    }

    /// The URL of the server's PostgreSQL database, when it has one.
    pub fn postgres_url(&self) -> Option<&str> {
        self.postgres.as_ref().map(|p| p.url.as_str())
    }

    /// The server's time now (UTC ms).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
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

/// The variable that names a PostgreSQL server to run the tests against.
const POSTGRES_VAR: &str = "MINGCHU_TEST_POSTGRES";

/// A database of its own on the PostgreSQL server `MINGCHU_TEST_POSTGRES` names, dropped (with whatever
/// is still connected to it) when the last server using it is.
pub struct FreshPostgres {
    /// Where the database is created from and dropped.
    server: String,
    name: String,
    /// The database's own URL.
    pub url: String,
}

impl FreshPostgres {
    /// A new, empty database; `None` when no PostgreSQL server is named (the tests run on SQLite).
    pub async fn create() -> Option<FreshPostgres> {
        use sqlx::{Connection, Executor};
        let server = std::env::var(POSTGRES_VAR).ok().filter(|url| !url.is_empty())?;
        static CREATED: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("mingchu_test_{}_{nanos}_{}", std::process::id(), CREATED.fetch_add(1, Ordering::Relaxed));
        let mut admin = sqlx::PgConnection::connect(&server).await.unwrap_or_else(|e| panic!("{POSTGRES_VAR}: cannot connect: {e}"));
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("CREATE DATABASE");
        admin.close().await.expect("disconnect");
        let mut url = reqwest::Url::parse(&server).unwrap_or_else(|e| panic!("{POSTGRES_VAR} is not a URL: {e}"));
        url.set_path(&format!("/{name}"));
        Some(FreshPostgres { server, name, url: url.to_string() })
    }
}

impl Drop for FreshPostgres {
    fn drop(&mut self) {
        use sqlx::{Connection, Executor};
        let (server, name) = (self.server.clone(), self.name.clone());
        // Dropping is async and this is not: a thread of its own with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server).await?;
                admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await?;
                admin.close().await
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
    }
}
