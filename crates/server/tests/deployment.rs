//! The deployment of docs/deploy/ as a whole: two real `mingchu-server serve` processes on one PostgreSQL
//! database and one S3 bucket (moto's), behind Debian's nginx configured from the shipped
//! docs/deploy/nginx.conf (common/nginx.rs changes only addresses, port, folders and TLS). Through nginx,
//! the two are one site: what is written through one server is read through the other, a staff session
//! works on both, a camera's frames reach one server and are served whichever server painted the page,
//! and a server killed mid-way loses no write it acknowledged, the other answering the retries alike.
//!
//! Only when `MINGCHU_TEST_POSTGRES` names a PostgreSQL server (`cargo xtask test` starts one).

mod common;

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::nginx::Nginx;
use common::s3::{S3Server, BUCKET, KEY_ID, PREFIX, REGION, SECRET};
use common::FreshPostgres;
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::demo::DEMO_PASSWORD;
use mingchu_server::store::Database;
use mingchu_server::Clock;
use mingchu_types::{CameraState, KitchenArea, PhotoUpload, ReviewReceipt, ReviewState, TicketReceipt, UnitCameras, UnitPage};
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::{json, Value};

const UNIT: &str = "lc-dcf-0012";
/// A unit whose demo cameras send nothing here (no synthetic cameras): the test's camera is its live one.
const CAMERA_UNIT: &str = "lc-dcf-0027";

/// A `mingchu-server serve` process on the shared database and bucket, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts a server and waits until it answers `/healthz`.
    async fn start(database: &str, s3: &S3Server) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let addr = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|l| l.local_addr()).expect("a free port");
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_mingchu-server"))
            .args(["serve", "--addr", &addr.to_string(), "--database", database, "--trusted-proxy", "127.0.0.1"])
            .arg("--data")
            .arg(dir.path().join("data"))
            .args(["--media", &format!("s3://{BUCKET}/{PREFIX}"), "--media-endpoint", &s3.endpoint, "--media-region", REGION])
            // The demo's cameras send nothing; the test's camera is shown 1 s late, so the test need not wait.
            .args(["--no-synthetic-cameras", "--min-camera-delay", "1"])
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("mingchu-server serve");
        let mut server = Server { child, addr, dir };
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Some(status) = server.child.try_wait().expect("the server's status") {
                panic!("the server exited ({status}):\n{}", server.log());
            }
            if client.get(server.url("/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "the server did not answer within a minute:\n{}", server.log());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// How many frames of `camera` this server keeps.
    fn frames(&self, camera: i64) -> usize {
        std::fs::read_dir(self.dir.path().join("data").join("frames").join(camera.to_string())).map_or(0, |files| files.count())
    }

    /// SIGKILL: no grace, nothing flushed or closed.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the killed server");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request's answer, as JSON.
async fn answer<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    request.send().await.unwrap().json().await.unwrap()
}

fn cookie(headers: &HeaderMap) -> String {
    headers[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// The server nginx passed a request to, by the request id it gave it (its access log's `upstream=`; the
/// line is written as the request ends, which may be a moment after the client has the answer).
fn upstream_of(nginx: &Nginx, request_id: &str) -> String {
    let started = Instant::now();
    loop {
        let log = nginx.access_log();
        if let Some(line) = log.lines().find(|l| l.contains(&format!("id={request_id} "))) {
            return line.split("upstream=").nth(1).and_then(|rest| rest.split(" \"").next()).unwrap().to_owned();
        }
        assert!(started.elapsed() < Duration::from_secs(5), "request {request_id} is not in nginx's log:\n{log}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn report(n: usize) -> Value {
    json!({
        "category": "pests",
        "description": format!("第{n}次：后厨地面有积水，餐具没有消毒。"),
        "happened_at": "2026-11-29T12:30",
        "reporter": "anonymous",
        "fill_ms": 30_000,
    })
}

fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x as u8).wrapping_add(seed), y as u8, seed]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: MINGCHU_TEST_POSTGRES names one (cargo xtask test starts one and runs this)"]
async fn two_servers_behind_the_shipped_nginx_are_one_site() {
    let postgres = FreshPostgres::create().await.expect("MINGCHU_TEST_POSTGRES names no PostgreSQL server");
    let s3 = S3Server::start().await;
    // The first fills the empty database with the demo data; the second finds it there.
    let mut a = Server::start(&postgres.url, &s3).await;
    let b = Server::start(&postgres.url, &s3).await;
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/deploy/nginx.conf");
    let nginx = Nginx::start(&shipped, &[a.addr, b.addr]).expect("nginx with the shipped site");
    let client = reqwest::Client::new();

    // A regulator signs in through nginx: the session works on both servers, and a change made through
    // one is seen through the other.
    let signed_in = client
        .post(nginx.url("/api/staff/session/regulator"))
        .json(&json!({ "username": "liaocheng", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status().as_u16(), 200);
    let session = cookie(signed_in.headers());
    let csrf = signed_in.json::<Value>().await.unwrap()["csrf"].as_str().unwrap().to_owned();
    let queue = |server: &Server| {
        let request = client.get(server.url("/api/staff/regulator/reports")).header("cookie", &session);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200, "the session holds on every server");
            let queue: Value = response.json().await.unwrap();
            queue["items"].as_array().unwrap().iter().map(|i| i["ticket"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };

    // A diner's review with a photo, through nginx: read through either server, the photo from the bucket.
    let view = client.get(nginx.url(&format!("/api/units/{UNIT}/mine"))).send().await.unwrap();
    let phone = cookie(view.headers());
    let uploaded = client.post(nginx.url("/api/photos")).header("cookie", &phone).header("content-type", "image/jpeg").body(jpeg(800, 600, 7));
    let uploaded = uploaded.send().await.unwrap();
    assert_eq!(uploaded.status().as_u16(), 201);
    let photo: PhotoUpload = uploaded.json().await.unwrap();
    let text = "两台服务器，一个网站：饭菜干净。";
    let review = json!({ "text": text, "photos": [photo.id], "fill_ms": 9000 });
    let posted = client.post(nginx.url(&format!("/api/units/{UNIT}/reviews"))).header("idempotency-key", "review-1").header("cookie", &phone);
    let receipt: ReviewReceipt = answer(posted.json(&review)).await;
    assert_eq!(receipt.state, ReviewState::Published);
    let mut photos = Vec::new();
    for server in [&a, &b] {
        let reviews = client.get(server.url(&format!("/api/units/{UNIT}/reviews"))).send().await.unwrap().text().await.unwrap();
        assert!(reviews.contains(text), "{reviews}");
        let shown = client.get(server.url(&photo.url)).send().await.unwrap();
        assert_eq!(shown.status().as_u16(), 200);
        photos.push(shown.bytes().await.unwrap());
    }
    assert_eq!(photos[0], photos[1]);

    // A report filed through nginx is in the regulator's queue on both; accepted through one server, it
    // is accepted when followed up through the other.
    let filed = client.post(nginx.url(&format!("/api/units/{UNIT}/reports"))).header("idempotency-key", "report-1").json(&report(0));
    let filed = filed.send().await.unwrap();
    assert_eq!(filed.status().as_u16(), 201);
    let ticket: TicketReceipt = filed.json().await.unwrap();
    for server in [&a, &b] {
        assert!(queue(server).await.contains(&ticket.ticket), "{} in the queue", ticket.ticket);
    }
    let accepted = client
        .post(a.url(&format!("/api/staff/regulator/reports/{}/status", ticket.ticket)))
        .header("cookie", &session)
        .header("x-csrf-token", &csrf)
        .json(&json!({ "status": "accepted", "note": "已受理。" }));
    assert_eq!(accepted.send().await.unwrap().status().as_u16(), 204);
    let followed: Value = answer(client.get(b.url(&format!("/api/tickets/{}", ticket.ticket))).header("x-ticket-secret", &ticket.secret)).await;
    assert_eq!(followed["report"]["status"], "accepted", "{followed}");

    // A kitchen camera pushes through nginx, which hashes it to one server: only that one keeps its frames,
    // yet both show it live on the unit's first screen and camera list, and the frame the page asks for
    // (through nginx) is served.
    let store = Database::Postgres(postgres.url.clone()).open(&a.dir.path().join("cli")).await.unwrap();
    let spec = CameraSpec { area: KitchenArea::Cooking, delay_secs: 1, hours: "00:00-24:00".parse().unwrap(), public: true };
    let (camera, token) = cameras::add(&*store, CAMERA_UNIT, spec, Clock::System.now_ms()).await.unwrap();
    let mut request_ids = Vec::new();
    for seed in 0..3 {
        let pushed = client
            .post(nginx.url(&format!("/api/ingest/cameras/{camera}/frames")))
            .bearer_auth(&token)
            .header("content-type", "image/jpeg")
            .body(jpeg(320, 180, seed))
            .send()
            .await
            .unwrap();
        assert_eq!(pushed.status().as_u16(), 201);
        request_ids.push(pushed.headers()["x-request-id"].to_str().unwrap().to_owned());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    for _ in 0..4 {
        let frame = client.get(nginx.url(&format!("/api/cameras/{camera}/frame"))).send().await.unwrap();
        assert_eq!(frame.status().as_u16(), 200);
        assert_eq!(frame.headers()["content-type"], "image/jpeg");
        request_ids.push(frame.headers()["x-request-id"].to_str().unwrap().to_owned());
    }
    // Its video too: the init, a segment, the playlist and the segment all go to that server.
    let clips = common::video::clips();
    let pushed = client.post(nginx.url(&format!("/api/ingest/cameras/{camera}/video/init"))).bearer_auth(&token).body(clips.init.clone());
    let pushed = pushed.send().await.unwrap();
    assert_eq!(pushed.status().as_u16(), 201);
    request_ids.push(pushed.headers()["x-request-id"].to_str().unwrap().to_owned());
    let segment = nginx.url(&format!("/api/ingest/cameras/{camera}/video/segments?duration_ms=2000"));
    let pushed = client.post(segment).bearer_auth(&token).body(clips.media[0].clone()).send().await.unwrap();
    assert_eq!(pushed.status().as_u16(), 201);
    request_ids.push(pushed.headers()["x-request-id"].to_str().unwrap().to_owned());
    let seq = pushed.json::<Value>().await.unwrap()["seq"].as_u64().unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    for path in [format!("/api/cameras/{camera}/live.m3u8"), format!("/api/cameras/{camera}/video/{seq}.m4s")] {
        let got = client.get(nginx.url(&path)).send().await.unwrap();
        assert_eq!(got.status().as_u16(), 200, "{path}");
        request_ids.push(got.headers()["x-request-id"].to_str().unwrap().to_owned());
    }
    let holders: Vec<SocketAddr> = [&a, &b].iter().filter(|s| s.frames(camera) > 0).map(|s| s.addr).collect();
    assert_eq!(holders.len(), 1, "one server keeps the camera's frames");
    assert!([&a, &b].iter().all(|s| (s.addr == holders[0]) == s.dir.path().join("data/video").join(camera.to_string()).is_dir()), "and its video");
    for id in &request_ids {
        assert_eq!(upstream_of(&nginx, id), holders[0].to_string(), "every push and read of the camera went to the server keeping it");
    }
    for server in [&a, &b] {
        let page: UnitPage = answer(client.get(server.url(&format!("/api/units/{CAMERA_UNIT}")))).await;
        let live = page.live.expect("the kitchen view in brief");
        assert_eq!((live.camera, live.state, live.pictured), (camera, CameraState::Live, true), "on {}", server.addr);
        let listed: UnitCameras = answer(client.get(server.url(&format!("/api/units/{CAMERA_UNIT}/cameras")))).await;
        let shown = listed.cameras.iter().find(|c| c.id == camera).expect("the camera is listed");
        assert_eq!(shown.state, CameraState::Live, "on {}", server.addr);
        assert!(shown.captured_at.is_some(), "a picture to show, on {}", server.addr);
        let painted = client.get(server.url(&format!("/u/{CAMERA_UNIT}"))).send().await.unwrap().text().await.unwrap();
        assert!(painted.contains(&format!(r#"src="/api/cameras/{camera}/frame""#)), "the thumbnail, painted by {}", server.addr);
    }

    // Reports filed through nginx a few at a time while server A is killed (SIGKILL). Every one it
    // acknowledged is kept, and its retry with the same Idempotency-Key, answered by B, gets the same
    // receipt. Each from an address of its own (nginx's X-Forwarded-For, trusted by the servers).
    const REPORTS: usize = 24;
    let queued_before = queue(&b).await.len();
    let file = |n: usize| {
        client
            .post(nginx.url(&format!("/api/units/{UNIT}/reports")))
            .header("idempotency-key", format!("kill-{n}"))
            .header("x-forwarded-for", format!("198.51.100.{}", n + 1))
            .json(&report(n + 1))
            .send()
    };
    let mut filing = Vec::new();
    for n in 0..REPORTS {
        let request = file(n);
        filing.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(40 * n as u64)).await;
            let response = request.await.unwrap();
            let id = response.headers().get("x-request-id").map(|v| v.to_str().unwrap().to_owned());
            let status = response.status().as_u16();
            (status, id, response.json::<TicketReceipt>().await.ok())
        }));
    }
    tokio::time::sleep(Duration::from_millis(40 * REPORTS as u64 / 2)).await;
    a.kill();
    let mut acknowledged = Vec::new();
    for (n, filed) in filing.into_iter().enumerate() {
        if let (201, Some(id), Some(receipt)) = filed.await.unwrap() {
            acknowledged.push((n, upstream_of(&nginx, &id), receipt));
        }
    }
    let by_a: Vec<usize> = acknowledged.iter().filter(|(_, upstream, _)| *upstream == a.addr.to_string()).map(|(n, _, _)| *n).collect();
    assert!(!by_a.is_empty(), "server A acknowledged some before it was killed: {acknowledged:?}");
    assert!(acknowledged.len() > by_a.len(), "server B took the rest: {acknowledged:?}");
    // Every report is retried: an acknowledged one gets its receipt again; one whose answer was lost with
    // server A (whether A had kept it or not) is filed now, once.
    let mut kept = Vec::new();
    for n in 0..REPORTS {
        let again = file(n).await.unwrap();
        assert_eq!(again.status().as_u16(), 201, "report {n} retried");
        // (nginx may try the dead server first: it passes a request it could not send on to the next.)
        assert!(upstream_of(&nginx, again.headers()["x-request-id"].to_str().unwrap()).ends_with(&b.addr.to_string()));
        let receipt: TicketReceipt = again.json().await.unwrap();
        if let Some((_, _, first)) = acknowledged.iter().find(|(m, _, _)| *m == n) {
            assert_eq!(&receipt, first, "report {n}: the same receipt from the server left");
        }
        kept.push(receipt.ticket);
    }
    let queued = queue(&b).await;
    for (n, ticket) in kept.iter().enumerate() {
        assert!(queued.contains(ticket), "report {n} ({ticket}) is in the queue");
    }
    assert_eq!(queued.len(), queued_before + REPORTS, "each filed once, whichever server kept it");
}
