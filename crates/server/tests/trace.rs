//! Traced requests: every answer carries a request id (a trusted proxy's, or one made here), and every
//! request ends in one log line naming that id, the client, the matched route, the status and the latency.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::TestServer;

/// Everything logged, for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_request_has_an_id_and_one_log_line() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).init();

    // Without a trusted proxy, a client's own id is not believed.
    let s = TestServer::start().await;
    let response = s.client.get(s.url("/api/units/lc-dcf-0012")).header("x-request-id", "client-made").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "client-made");
    assert_eq!(id.len(), 16, "{id}");
    let other = s.get("/api/units/lc-dcf-0012").await.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(other, id, "each request has its own id");

    // Behind a trusted proxy, its id is the request's.
    let proxied = TestServer::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let response = proxied
        .client
        .get(proxied.url("/api/units/lc-nope-0000"))
        .header("x-request-id", "proxy-7f3a")
        .header("x-forwarded-for", "203.0.113.9, 2001:db8:1:2::7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["x-request-id"], "proxy-7f3a");

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = |id: &str| log.lines().filter(|l| l.contains(&format!("id={id}")) && l.contains("answered")).collect::<Vec<_>>();
    let mine = line(&id);
    assert_eq!(mine.len(), 1, "one line per request: {log}");
    for part in ["client=127.0.0.1", "route=/api/units/{code}", "method=GET", "status=200", "latency_us="] {
        assert!(mine[0].contains(part), "{part} missing in {}", mine[0]);
    }
    let proxied_line = line("proxy-7f3a");
    assert_eq!(proxied_line.len(), 1, "{log}");
    assert!(proxied_line[0].contains("status=404"), "{}", proxied_line[0]);
    // Behind the proxy, the client is the one its X-Forwarded-For names last.
    assert!(proxied_line[0].contains("client=2001:db8:1:2::7"), "{}", proxied_line[0]);
}
