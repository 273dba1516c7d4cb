//! The bench's figures of 食安地图 (issue 17): `/near` and `/api/near` from positions across the demo
//! city, and a district's figures (`/api/regions/{code}`, `/r/{code}`), each worked out afresh (every
//! request asks something the answer cache has not kept) and, for the district, kept.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::bench::{percentile, Bench};
use crate::figures::{Figure, Unit};
use crate::http::Client;

/// Requests timed per figure, after a few to warm up.
const SAMPLES: usize = 300;
const WARM_UP: usize = 20;

/// The middle of the demo city (GCJ-02) and how far the positions asked spread from it, in degrees.
const CITY: (f64, f64) = (36.456, 115.985);
const SPREAD: f64 = 0.08;

/// A position in a spiral around the city's middle: each sample its own, so none is answered from the cache.
fn position(i: usize) -> (f64, f64) {
    let turn = i as f64 * 0.37;
    let reach = SPREAD * ((i % 97) as f64 / 97.0);
    (CITY.0 + reach * turn.sin(), CITY.1 + reach * turn.cos())
}

/// Times `SAMPLES` requests for `path(i)` on one keep-alive connection: median and p90, in µs.
fn timed(bench: &Bench, what: &str, path: impl Fn(usize) -> String, budget: Option<f64>) -> Result<Vec<Figure>> {
    let mut client = Client::new(bench.server.addr);
    for i in 0..WARM_UP {
        let response = client.get(&path(SAMPLES + i), &[("Accept-Encoding", "br")])?;
        if response.status != 200 {
            bail!("GET {} answered HTTP {}", path(SAMPLES + i), response.status);
        }
    }
    let mut samples: Vec<Duration> = Vec::with_capacity(SAMPLES);
    let started = Instant::now();
    for i in 0..SAMPLES {
        let t = Instant::now();
        let response = client.get(&path(i), &[("Accept-Encoding", "br")])?;
        samples.push(t.elapsed());
        if response.status != 200 {
            bail!("GET {} answered HTTP {}", path(i), response.status);
        }
    }
    samples.sort();
    println!("[bench]   {what}: {SAMPLES} requests in {:.1} s, e.g. {}", started.elapsed().as_secs_f64(), path(0));
    let micros = |p: f64| percentile(&samples, p).as_secs_f64() * 1e6;
    let median = Figure::new(format!("{what} median"), micros(0.5), Unit::Microseconds);
    Ok(vec![
        match budget {
            Some(b) => median.budget(b),
            None => median,
        },
        Figure::new(format!("{what} p90"), micros(0.9), Unit::Microseconds),
    ])
}

pub fn map_latency(bench: &Bench) -> Result<Vec<Figure>> {
    let near = |i: usize| {
        let (lat, lng) = position(i);
        format!("lat={lat:.4}&lng={lng:.4}")
    };
    let mut figures = Vec::new();
    figures.extend(timed(bench, "GET /api/near?lat=&lng= (20 nearest, worked out)", |i| format!("/api/near?{}", near(i)), Some(5000.0))?);
    figures.extend(timed(bench, "GET /near?lat=&lng= (the page, worked out)", |i| format!("/near?{}", near(i)), Some(10_000.0))?);
    figures.extend(timed(
        bench,
        "GET /api/near?region=371502&grade=smile (worked out)",
        |i| format!("/api/near?region=371502&grade=smile&n={i}"),
        None,
    )?);
    // An address the handler ignores the query of, new each time: the figures are worked out afresh.
    figures.extend(timed(bench, "GET /api/regions/3715 (the city, worked out)", |i| format!("/api/regions/3715?n={i}"), Some(10_000.0))?);
    figures.extend(timed(bench, "GET /r/3715 (the page, worked out)", |i| format!("/r/3715?n={i}"), Some(15_000.0))?);
    figures.extend(timed(bench, "GET /r/371502 (kept)", |_| "/r/371502".to_owned(), Some(1000.0))?);
    Ok(figures)
}
