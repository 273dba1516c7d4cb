//! Operations: `/metrics` on its own listener, a graceful stop on SIGTERM (the real binary), a backup
//! taken while a server serves, and clients behind a trusted proxy.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestServer;
use mingchu_server::store::Database;
use mingchu_types::{ReviewList, ReviewReceipt, ReviewState};
use serde_json::json;

const BINARY: &str = env!("CARGO_BIN_EXE_mingchu-server");

async fn post_review(s: &TestServer, code: &str, key: &str, text: &str) -> reqwest::Response {
    let body = json!({ "text": text, "smiley": "satisfied", "fill_ms": 6000 });
    s.client.post(s.url(&format!("/api/units/{code}/reviews"))).header("idempotency-key", key).json(&body).send().await.unwrap()
}

/// The series of `metric` whose labels include every one of `labels`, with their values.
fn series<'a>(text: &'a str, metric: &str, labels: &[&str]) -> Vec<(&'a str, f64)> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{metric}{{")) && labels.iter().all(|label| l.contains(label)))
        .filter_map(|l| l.rsplit_once(' ').and_then(|(name, value)| Some((name, value.parse().ok()?))))
        .collect()
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_only() {
    // A review held for moderation before the start: the queue gauges are read from the store at once.
    let before = TestServer::start().await;
    let held: ReviewReceipt = post_review(&before, "lc-dcf-0027", "m-0", "加微信 139 1234 5678 便宜").await.json().await.unwrap();
    assert_eq!(held.state, ReviewState::Held);
    let s = before.restart(|c| c.metrics = true).await;
    let metrics_addr = s.metrics_addr.expect("a metrics address");
    assert_eq!(s.get("/api/units/lc-dcf-0012").await.status(), 200);
    assert_eq!(s.get("/api/units/lc-nope-0000").await.status(), 404);
    for (key, text) in [("m-1", "干净整洁，菜品新鲜。"), ("m-2", "今天的汤有点咸。")] {
        let review: ReviewReceipt = post_review(&s, "lc-dcf-0027", key, text).await.json().await.unwrap();
        assert_eq!(review.state, ReviewState::Published);
    }
    // A repeat of a write is answered again, not counted again (no other test here sends messages).
    for _ in 0..2 {
        let body = json!({ "text": "请问周末的午餐几点开始供应？", "fill_ms": 6000 });
        let message = s.client.post(s.url("/api/units/lc-dcf-0027/messages")).header("idempotency-key", "m-3").json(&body).send().await.unwrap();
        assert_eq!(message.status(), 201);
    }

    // The public listener has no /metrics: it is the app's not-found page.
    assert_eq!(s.get("/metrics").await.status(), 404);

    let url = format!("http://{metrics_addr}/metrics");
    let deadline = Instant::now() + Duration::from_secs(5);
    let text = loop {
        let response = s.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
        let text = response.text().await.unwrap();
        // The store's gauges are read in the background: the first reading is moments after the start.
        if text.contains("mingchu_queue_size{") || Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let units = r#"route="/api/units/{code}""#;
    let ok = series(&text, "mingchu_http_requests_total", &[units, r#"method="GET""#, r#"status="200""#]);
    assert!(ok.first().is_some_and(|(_, n)| *n >= 1.0), "{text}");
    assert!(!series(&text, "mingchu_http_requests_total", &[units, r#"status="404""#]).is_empty(), "{text}");
    let reviews = series(&text, "mingchu_http_requests_total", &[r#"route="/api/units/{code}/reviews""#, r#"method="POST""#, r#"status="201""#]);
    assert!(reviews.first().is_some_and(|(_, n)| *n >= 2.0), "{text}");
    // The latency histogram: buckets, sum and count per route.
    assert!(text.contains("# TYPE mingchu_http_request_duration_seconds histogram"), "{text}");
    let buckets = series(&text, "mingchu_http_request_duration_seconds_bucket", &[units, r#"le="+Inf""#]);
    assert!(buckets.first().is_some_and(|(_, n)| *n >= 2.0), "{text}");
    assert!(!series(&text, "mingchu_http_request_duration_seconds_bucket", &[units, r#"le="0.005""#]).is_empty(), "{text}");
    assert!(!series(&text, "mingchu_http_request_duration_seconds_count", &[units]).is_empty(), "{text}");
    // What was accepted, and what waits for staff.
    assert!(series(&text, "mingchu_writes_accepted_total", &[r#"kind="review""#]).first().is_some_and(|(_, n)| *n >= 2.0), "{text}");
    assert_eq!(series(&text, "mingchu_writes_accepted_total", &[r#"kind="message""#]).first().map(|(_, n)| *n), Some(1.0), "{text}");
    assert!(series(&text, "mingchu_queue_size", &[r#"queue="reviews_held""#]).first().is_some_and(|(_, n)| *n >= 1.0), "{text}");
    assert!(!series(&text, "mingchu_queue_size", &[r#"queue="reports_awaiting_decision""#]).is_empty(), "{text}");
    // The database pool.
    for gauge in ["mingchu_db_pool_connections ", "mingchu_db_pool_idle_connections ", "mingchu_db_pool_max_connections 8"] {
        assert!(text.lines().any(|l| l.starts_with(gauge)), "{gauge} missing: {text}");
    }
    // The metrics listener serves nothing else.
    assert_eq!(s.client.get(format!("http://{metrics_addr}/api/units/lc-dcf-0012")).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_serving_restores_into_a_working_server() {
    // `backup` copies SQLite's file (PostgreSQL has pg_dump): on SQLite whatever the other tests run on.
    let s = TestServer::start_with(|c| c.database = Database::Sqlite).await;
    let text = "备份之前写的评价：后厨很干净。";
    assert_eq!(post_review(&s, "lc-dcf-0012", "before-backup", text).await.status(), 201);

    // Taken by the real command while the server serves, with requests coming in.
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = copy_dir.path().join("mingchu-backup.db");
    let busy = {
        let (client, url) = (s.client.clone(), s.url("/api/units/lc-dcf-0012"));
        tokio::spawn(async move {
            for _ in 0..200 {
                assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
            }
        })
    };
    let backup = |to: &std::path::Path| Command::new(BINARY).arg("backup").arg("--data").arg(s.data()).arg("--to").arg(to).output().unwrap();
    let done = tokio::task::block_in_place(|| backup(&copy));
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(String::from_utf8_lossy(&done.stdout).contains("backed up"));
    busy.await.unwrap();

    // An existing file is never overwritten.
    let size = std::fs::metadata(&copy).unwrap().len();
    let again = tokio::task::block_in_place(|| backup(&copy));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(std::fs::metadata(&copy).unwrap().len(), size);
    assert_eq!(std::fs::read_dir(copy_dir.path()).unwrap().count(), 1, "no partial file is left behind");

    // Restored as a data directory's database, it is a whole server's data.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&copy, restored.path().join("mingchu.db")).unwrap();
    let r = TestServer::start_in(restored, |c| c.demo = false).await;
    let unit = r.json("/api/units/lc-dcf-0012", 200).await;
    assert_eq!(unit["unit"]["code"], "lc-dcf-0012");
    let reviews: ReviewList = serde_json::from_value(r.json("/api/units/lc-dcf-0012/reviews", 200).await).unwrap();
    assert!(reviews.items.iter().any(|review| review.text == text), "{:?}", reviews.items);
    let inspections = r.json("/api/units/lc-dcf-0012/inspections", 200).await;
    assert!(inspections["total"].as_u64().is_some_and(|n| n > 0), "{inspections}");
}

#[test]
fn a_backup_of_no_database_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    let to = empty.path().join("copy.db");
    let done = Command::new(BINARY).arg("backup").arg("--data").arg(empty.path().join("none")).arg("--to").arg(&to).output().unwrap();
    assert!(!done.status.success());
    assert!(String::from_utf8_lossy(&done.stderr).contains("no database"), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(!to.exists());
}

/// The real binary serving an empty database on a free port; its address and its output's lines.
fn start_binary(data: &std::path::Path) -> (Child, SocketAddr, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(BINARY)
        .args(["serve", "--addr", "127.0.0.1:0", "--no-demo", "--shutdown-grace", "10", "--dist"])
        .arg(data.join("no-dist"))
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (lines, output) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let addr = loop {
        let line = output.recv_timeout(Duration::from_secs(60)).expect("the server starts");
        if let Some((_, addr)) = line.split_once("listening on http://") {
            break addr.trim().parse().unwrap();
        }
    };
    (child, addr, output)
}

/// A photo of some hundreds of kilobytes (noise does not compress).
fn large_jpeg() -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let picture = image::RgbImage::from_fn(1200, 900, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture).write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    jpeg.into_inner()
}

#[test]
fn sigterm_lets_the_upload_under_way_finish_refuses_new_connections_and_exits_0() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, addr, output) = start_binary(data.path());
    let photo = large_jpeg();
    assert!(photo.len() > 300_000, "{}", photo.len());

    // An upload under way: the headers and half the photo sent.
    let mut upload = TcpStream::connect(addr).unwrap();
    let head = format!("POST /api/photos HTTP/1.1\r\nHost: {addr}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n", photo.len());
    upload.write_all(head.as_bytes()).unwrap();
    let (first, rest) = photo.split_at(photo.len() / 2);
    upload.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    // New connections are refused from the moment the server stops accepting.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpStream::connect(addr) {
            // A handshake that raced the listener's close is reset rather than refused: both say "not served".
            Err(e) if matches!(e.kind(), std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionReset) => break,
            Err(e) => panic!("connecting after SIGTERM: {e}"),
            Ok(_) => {
                assert!(Instant::now() < deadline, "still accepting connections 5 s after SIGTERM");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    assert!(child.try_wait().unwrap().is_none(), "the server waits for the upload under way");

    // The rest of the photo, slowly: the upload gets its answer.
    for chunk in rest.chunks(rest.len() / 4 + 1) {
        upload.write_all(chunk).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut answer = String::new();
    upload.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains(r#""url":"/media/"#), "{answer}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after its last request");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    let said: Vec<String> = output.try_iter().collect();
    assert!(said.iter().any(|l| l.contains("stopping")), "{said:?}");
    assert!(said.iter().any(|l| l.contains("stopped")), "{said:?}");
}

#[tokio::test]
async fn behind_the_proxy_an_ipv6_subscriber_is_its_64() {
    let s = TestServer::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let report = |n: u32, from: String| {
        let body = json!({
            "category": "pests",
            "description": "餐具消毒柜没有开，地面有积水。",
            "happened_at": "2026-11-29T12:30",
            "reporter": "anonymous",
            "fill_ms": 42_000,
        });
        let request = s.client.post(s.url("/api/units/lc-dcf-0012/reports")).header("idempotency-key", format!("v6-{n}"));
        async move { request.header("x-forwarded-for", format!("203.0.113.50, {from}")).json(&body).send().await.unwrap().status().as_u16() }
    };
    // A phone's addresses change within its /64: ten reports at once, then the address's allowance is spent.
    for n in 0..10 {
        assert_eq!(report(n, format!("2001:db8:1:2::{:x}", n + 1)).await, 201);
    }
    assert_eq!(report(10, "2001:db8:1:2:ffff:ffff:ffff:fffe".into()).await, 429);
    // Another subscriber's /64 has its own.
    assert_eq!(report(11, "2001:db8:1:3::1".into()).await, 201);
}

#[test]
fn the_deploy_nginx_conf_passes_nginx_t() {
    let dir = tempfile::tempdir().unwrap();
    let at = |sub: &str| format!("{}/{sub}/", dir.path().display());
    for sub in ["tls", "cache", "logs"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    // The site as deployed, its certificates, cache and logs moved into the temporary folder.
    let site = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deploy/nginx.conf")).unwrap();
    let site = site.replace("/etc/nginx/tls/", &at("tls")).replace("/var/cache/nginx/", &at("cache")).replace("/var/log/nginx/", &at("logs"));
    std::fs::write(dir.path().join("site.conf"), &site).unwrap();
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=mingchu.test"])
        .arg("-keyout")
        .arg(dir.path().join("tls/mingchu.example.cn.key"))
        .arg("-out")
        .arg(dir.path().join("tls/mingchu.example.cn.crt"))
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    // The smallest main configuration around it: the site goes in `http {}`, as in conf.d/.
    let main =
        format!("pid {0}/nginx.pid;\nerror_log {0}/logs/error.log;\nevents {{}}\nhttp {{\n    include {0}/site.conf;\n}}\n", dir.path().display());
    std::fs::write(dir.path().join("nginx.conf"), main).unwrap();
    let nginx = if std::path::Path::new("/usr/sbin/nginx").exists() { "/usr/sbin/nginx" } else { "nginx" };
    let checked = Command::new(nginx)
        .arg("-t")
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .output()
        .expect("Debian's nginx (`cargo xtask setup` installs it)");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
}
