//! The unit API's throughput under load from wrk (Debian's, `cargo xtask setup` installs it): requests
//! per second of `GET /api/units/{code}` on one SQLite server, and on PostgreSQL, one server and two
//! behind nginx configured from the shipped docs/deploy/nginx.conf (as the deployment test does:
//! crates/server/tests/common/nginx.rs), one SQLite server behind the same nginx for comparison. Every
//! server runs the release build on fresh demo data, without synthetic cameras (a server's own cameras
//! would spare it the database's minutes: every server is alike here).

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::figures::{Figure, Unit};
use crate::postgres::Postgres;
use crate::server::TestServer;
use crate::util::{self, cmd};

#[allow(dead_code)] // the deployment test uses more of it
#[path = "../../crates/server/tests/common/nginx.rs"]
pub(crate) mod nginx;

use nginx::Nginx;

/// What wrk does: threads, connections kept open, seconds, and the unit asked for.
const THREADS: u32 = 2;
const CONNECTIONS: u32 = 32;
const SECONDS: u32 = 10;
const CODE: &str = "lc-dcf-0012";

/// The four set-ups, each measured for [`SECONDS`], printed side by side.
pub fn unit_api_throughput() -> Result<Vec<Figure>> {
    if !Path::new("/usr/bin/wrk").exists() && util::probe(cmd("sh").args(["-c", "command -v wrk"])).is_none() {
        bail!("wrk is missing: `cargo xtask setup` installs it");
    }
    let shipped = util::repo_root().join("docs").join("deploy").join("nginx.conf");
    let serve = |extra: &[&str]| {
        let mut args = vec!["--no-synthetic-cameras", "--trusted-proxy", "127.0.0.1"];
        args.extend_from_slice(extra);
        TestServer::start_with(&args, |_| Ok(()))
    };
    println!("[bench]   wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s, GET /api/units/{CODE} (Accept-Encoding: br)");
    let mut figures = Vec::new();
    let mut measure = |name: &str, addr: SocketAddr| -> Result<()> {
        let rate = wrk(&format!("http://{addr}/api/units/{CODE}"), &["Accept-Encoding: br"]).with_context(|| format!("{name}: wrk"))?;
        figures.push(Figure::new(format!("GET /api/units/{{code}} requests/s: {name}"), rate, Unit::RequestsPerSecond));
        Ok(())
    };

    let sqlite = serve(&[])?;
    measure("1 SQLite server", sqlite.addr)?;
    let front = Nginx::start(&shipped, &[sqlite.addr]).context("nginx in front of the SQLite server")?;
    measure("1 SQLite server behind nginx", front.addr)?;
    drop((front, sqlite));

    let postgres = Postgres::start()?;
    let url = postgres.url();
    // The first loads the demo data into the empty database, then the second starts on it.
    let first = serve(&["--database", &url])?;
    let second = serve(&["--database", &url])?;
    measure("1 PostgreSQL server", first.addr)?;
    let front = Nginx::start(&shipped, &[first.addr, second.addr]).context("nginx in front of the PostgreSQL servers")?;
    measure("2 PostgreSQL servers behind nginx", front.addr)?;
    Ok(figures)
}

/// wrk against `url` with request `headers` (`Name: value`) for [`SECONDS`]: the requests per second,
/// after checking that all were answered 2xx or 3xx.
pub(crate) fn wrk(url: &str, headers: &[&str]) -> Result<f64> {
    wrk_for(url, headers, SECONDS)
}

/// A short run whose rate is not kept: a server that has just started is still laying out its demo
/// data and filling its caches, which would count against it.
pub(crate) fn warm_up(url: &str, headers: &[&str]) -> Result<()> {
    println!("[bench]   warming up:");
    wrk_for(url, headers, 3).map(|_| ())
}

fn wrk_for(url: &str, headers: &[&str], seconds: u32) -> Result<f64> {
    let mut command = cmd("wrk");
    command.args(["-t", &THREADS.to_string(), "-c", &CONNECTIONS.to_string(), "-d", &format!("{seconds}s"), "--latency"]);
    for header in headers {
        command.args(["-H", header]);
    }
    let out = command.arg(url).output().context("could not run wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!("wrk failed ({}): {}{}", out.status, text, String::from_utf8_lossy(&out.stderr));
    }
    let summary = |label: &str| text.lines().find_map(|l| l.trim().strip_prefix(label).map(str::trim));
    if let Some(refused) = summary("Non-2xx or 3xx responses:") {
        bail!("{refused} answers were not 2xx:\n{text}");
    }
    if let Some(errors) = summary("Socket errors:") {
        println!("[bench]   socket errors: {errors}");
    }
    let latency = |p: &str| summary(&format!("{p}%")).unwrap_or("?");
    let rate = summary("Requests/sec:").and_then(|r| r.parse::<f64>().ok()).with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    println!("[bench]   {url}: {rate:.0} requests/s, latency p50 {} p99 {}", latency("50"), latency("99"));
    Ok(rate)
}
