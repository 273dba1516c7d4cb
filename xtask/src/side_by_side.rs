//! Reads at the speed of static files (issue 16), measured side by side in one run: the server's public
//! answers (`GET /api/units/{code}`, the painted `/u/{code}`) under wrk, then nginx serving the very same
//! bytes (as the server sent them, brotli-compressed) as static files, and the ratio; and a `304` (the
//! reader's cache holds the answer) against the `200`.

use anyhow::{Context, Result};

use crate::figures::{Figure, Unit};
use crate::http::Client;
use crate::server::TestServer;
use crate::throughput::nginx::{Nginx, StaticFile};
use crate::throughput::{warm_up, wrk};

const CODE: &str = "lc-dcf-0012";

/// The server (started on fresh demo data by the bench) against nginx on the same bytes.
pub fn against_nginx(server: &TestServer) -> Result<Vec<Figure>> {
    let paths = [format!("/api/units/{CODE}"), format!("/u/{CODE}")];
    let mut client = Client::new(server.addr);
    let mut files = Vec::new();
    let mut tags = Vec::new();
    for path in &paths {
        let answer = client.get(path, &[("Accept-Encoding", "br")])?;
        anyhow::ensure!(answer.status == 200, "GET {path}: {}", answer.status);
        tags.push(answer.header("etag").with_context(|| format!("GET {path} has no ETag"))?.to_owned());
        files.push(StaticFile {
            path: path.clone(),
            content_type: answer.header("content-type").unwrap_or("application/octet-stream").to_owned(),
            content_encoding: answer.header("content-encoding").map(str::to_owned),
            bytes: answer.body,
        });
    }
    let nginx = Nginx::files(&files).context("nginx serving the same bytes (`cargo xtask setup` installs nginx)")?;
    let br = ["Accept-Encoding: br"];
    let mut figures = Vec::new();
    for (path, tag) in paths.iter().zip(&tags) {
        warm_up(&format!("http://{}{path}", server.addr), &br)?;
        let ours = wrk(&format!("http://{}{path}", server.addr), &br)?;
        let theirs = wrk(&nginx.url(path), &br)?;
        let revalidated = wrk(&format!("http://{}{path}", server.addr), &["Accept-Encoding: br", &format!("If-None-Match: {tag}")])?;
        let bytes = files.iter().find(|f| &f.path == path).map_or(0, |f| f.bytes.len());
        figures.push(Figure::new(format!("GET {path} ({bytes} B brotli) req/s: the server"), ours, Unit::RequestsPerSecond));
        figures.push(Figure::new(format!("GET {path} req/s: nginx, the same bytes as a file"), theirs, Unit::RequestsPerSecond));
        figures.push(Figure::new(format!("GET {path}: the server ÷ nginx (goal ≥ {})", goal(path)), ours / theirs, Unit::Ratio));
        figures.push(Figure::new(format!("GET {path} req/s: the server's 304 to If-None-Match"), revalidated, Unit::RequestsPerSecond));
    }
    Ok(figures)
}

/// The issue's goal for the ratio: the JSON at half nginx's rate, the page (bigger) at 0.4.
fn goal(path: &str) -> &'static str {
    if path.starts_with("/api/") {
        "0.5"
    } else {
        "0.4"
    }
}
