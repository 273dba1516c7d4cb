//! The bench's figures of the kitchen in motion (issue 15), on a server of its own with cameras shown 1 s
//! late: the gateway (`camera-push --video`) run for [`GATEWAY_SECS`] on a 640×360 test picture, its CPU
//! per wall second (its own and its ffmpeg's), and the bitrate a viewer downloads (the segments the
//! server lists, bytes per second of video); then [`CAMERAS`] cameras pushing those real segments, one
//! every 2 s each, for `MINGCHU_BENCH_VIDEO_SECS`, the segment endpoint's latency and the playlist's
//! meanwhile, and the server's memory before and after. A camera's disk at steady state follows from the
//! bitrate: the ring holds the default delay, the showable window and the margin.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::bench::{added_camera, demo_codes, env_secs, output, percentile, rss, Bench};
use crate::figures::{Figure, Unit};
use crate::http::Client;
use crate::server::{self, TestServer};
use crate::util;

/// Cameras pushing video in the load phase.
const CAMERAS: usize = 50;
/// How long the gateway runs, in seconds.
const GATEWAY_SECS: u32 = 20;
/// How long the cameras push by default, in seconds.
const DEFAULT_VIDEO_SECS: u64 = 60;
/// What a camera's ring holds at steady state beyond its delay: the showable window and the margin (ms).
const RING_BEYOND_DELAY_MS: f64 = 30_000.0 + 30_000.0;
const DEFAULT_DELAY_MS: f64 = 180_000.0;
const SEGMENT_MS: u64 = 2000;

pub fn kitchen_video(_bench: &Bench) -> Result<Vec<Figure>> {
    let window = env_secs("MINGCHU_BENCH_VIDEO_SECS", DEFAULT_VIDEO_SECS, 4)?;
    let binary = server::binary().to_string_lossy().into_owned();
    let codes = demo_codes(&binary)?;
    let mut cameras = Vec::with_capacity(CAMERAS + 1);
    let server = TestServer::start_with(&["--min-camera-delay", "1", "--no-synthetic-cameras"], |data| {
        let data = data.to_string_lossy();
        output(util::cmd(&binary).args(["demo", "--data", &data]))?;
        for i in 0..=CAMERAS {
            let args =
                ["camera", "add", "--data", &data, "--unit", &codes[i % codes.len()], "--area", "cooking", "--delay", "1", "--hours", "00:00-24:00"];
            let added = output(util::cmd(&binary).args(args))?;
            cameras.push(added_camera(&added).with_context(|| format!("cannot read `camera add`'s answer: {added:?}"))?);
        }
        Ok(())
    })?;

    // The gateway: its CPU is what this process's waited-for children used (it waits for its ffmpeg).
    let (gateway, token) = cameras[0].clone();
    println!("[bench]   camera-push --video for {GATEWAY_SECS} s on a 640×360 test picture at 25 fps");
    let cpu_before = children_cpu_secs()?;
    let started = Instant::now();
    // Its log of each push is left out: its closing summary is printed.
    let pushed = output(util::cmd(&binary).env("RUST_LOG", "warn").args([
        "camera-push",
        "--server",
        &format!("http://{}", server.addr),
        "--camera",
        &gateway.to_string(),
        "--token",
        &token,
        "--input",
        "testsrc2=size=640x360:rate=25",
        "--input-format",
        "lavfi",
        "--seconds",
        &GATEWAY_SECS.to_string(),
        "--video",
    ]))?;
    let wall = started.elapsed().as_secs_f64();
    let cpu = children_cpu_secs()? - cpu_before;
    println!("[bench]   {}", pushed.trim().replace('\n', "; "));

    // What a viewer downloads: the listed segments, and their init.
    let mut client = Client::new(server.addr);
    let playlist = client.get(&format!("/api/cameras/{gateway}/live.m3u8"), &[])?;
    if playlist.status != 200 {
        bail!("the gateway's playlist answered HTTP {}: {}", playlist.status, String::from_utf8_lossy(&playlist.body));
    }
    let text = String::from_utf8_lossy(&playlist.body).into_owned();
    let (init_uri, listed) = listed_segments(&text).context("the gateway's playlist lists no segment")?;
    let init = fetch(&mut client, gateway, &init_uri)?;
    let mut segments = Vec::new();
    let (mut bytes, mut ms) = (0usize, 0f64);
    for (uri, duration_ms) in &listed {
        let body = fetch(&mut client, gateway, uri)?;
        bytes += body.len();
        ms += duration_ms;
        segments.push(body);
    }
    let kbps = bytes as f64 * 8.0 / ms;
    let ring = bytes as f64 / ms * (DEFAULT_DELAY_MS + RING_BEYOND_DELAY_MS);
    println!("[bench]   a viewer: {} segments, {} over {:.1} s of video", listed.len(), util::bytes(bytes as u64), ms / 1000.0);

    // The load: every other camera pushes the gateway's init, then a segment every 2 s.
    let load: Vec<(i64, String)> = cameras[1..].to_vec();
    println!(
        "[bench]   {CAMERAS} cameras pushing a real segment every 2 s each for {window} s (MINGCHU_BENCH_VIDEO_SECS), the playlists read meanwhile"
    );
    for (id, token) in &load {
        let response = client.post(&format!("/api/ingest/cameras/{id}/video/init"), &[("authorization", &format!("Bearer {token}"))], &init)?;
        if response.status != 201 && response.status != 200 {
            bail!("camera {id}'s init answered HTTP {}: {}", response.status, String::from_utf8_lossy(&response.body));
        }
    }
    let rss_before = rss(server.pid())?;
    let stop = Arc::new(AtomicBool::new(false));
    let ingest = {
        let (stop, addr, load) = (stop.clone(), server.addr, load.clone());
        std::thread::spawn(move || push_segments(addr, &load, &segments, &stop))
    };
    let reads = {
        let (stop, addr, load) = (stop.clone(), server.addr, load.clone());
        std::thread::spawn(move || read_playlists(addr, &load, &stop))
    };
    std::thread::sleep(Duration::from_secs(window));
    let rss_after = rss(server.pid());
    stop.store(true, Ordering::Relaxed);
    let pushes = ingest.join().map_err(|_| anyhow::anyhow!("the ingest thread panicked"))?;
    let reads = reads.join().map_err(|_| anyhow::anyhow!("the playlist thread panicked"))?;
    let (mut pushes, refused) = pushes?;
    let mut reads = reads?;
    println!("[bench]   {} segments pushed, {refused} refused or failed; {} playlists read", pushes.len(), reads.len());
    if pushes.is_empty() || refused > 0 {
        bail!("{refused} of {} segments were not kept; server output:\n{}", pushes.len() as u64 + refused, server.log_tail());
    }
    pushes.sort();
    reads.sort();
    let micros = |samples: &[Duration], p: f64| percentile(samples, p).as_secs_f64() * 1e6;
    let load_name = format!("({CAMERAS} cameras, a segment each per 2 s)");
    let rss_after = rss_after?;
    Ok(vec![
        Figure::new("video a viewer downloads (camera-push's defaults)", kbps, Unit::Kbps),
        Figure::new("a camera's video ring at steady state (180 s delay + window + margin)", ring, Unit::Bytes),
        Figure::new(format!("POST …/video/segments median {load_name}"), micros(&pushes, 0.5), Unit::Microseconds),
        Figure::new(format!("POST …/video/segments p99 {load_name}"), micros(&pushes, 0.99), Unit::Microseconds),
        Figure::new(format!("GET …/live.m3u8 median {load_name}"), micros(&reads, 0.5), Unit::Microseconds),
        Figure::new(format!("GET …/live.m3u8 p99 {load_name}"), micros(&reads, 0.99), Unit::Microseconds),
        Figure::new(
            format!("server RSS per video camera ({window} s of ingest)"),
            (rss_after as f64 - rss_before as f64) / CAMERAS as f64,
            Unit::Bytes,
        ),
        Figure::new("camera-push --video CPU (its ffmpeg's included), of one core", cpu / wall * 100.0, Unit::Percent),
    ])
}

/// The init's URI and each segment's URI and duration (ms) in a playlist.
fn listed_segments(text: &str) -> Option<(String, Vec<(String, f64)>)> {
    let init = text.lines().find_map(|l| l.strip_prefix("#EXT-X-MAP:URI=\""))?.trim_end_matches('"').to_owned();
    let mut out = Vec::new();
    let mut duration = None;
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("#EXTINF:") {
            duration = d.trim_end_matches(',').parse::<f64>().ok();
        } else if !line.starts_with('#') && !line.is_empty() {
            out.push((line.to_owned(), duration.take()? * 1000.0));
        }
    }
    (!out.is_empty()).then_some((init, out))
}

fn fetch(client: &mut Client, camera: i64, uri: &str) -> Result<Vec<u8>> {
    let path = format!("/api/cameras/{camera}/{uri}");
    let response = client.get(&path, &[])?;
    if response.status != 200 {
        bail!("GET {path} answered HTTP {}", response.status);
    }
    Ok(response.body)
}

/// Pushes a segment (of `segments`, in turn) for every camera every 2 s, spread over the 2 s, until
/// `stop`; how long each kept one took, and how many were not kept.
fn push_segments(addr: std::net::SocketAddr, cameras: &[(i64, String)], segments: &[Vec<u8>], stop: &AtomicBool) -> Result<(Vec<Duration>, u64)> {
    let mut client = Client::new(addr);
    let started = Instant::now();
    let (mut took, mut refused) = (Vec::new(), 0);
    for round in 0u64.. {
        for (i, (id, token)) in cameras.iter().enumerate() {
            let due = started + Duration::from_millis(round * SEGMENT_MS + (i as u64 * SEGMENT_MS / cameras.len() as u64));
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            if stop.load(Ordering::Relaxed) {
                return Ok((took, refused));
            }
            let auth = format!("Bearer {token}");
            let segment = &segments[(round as usize + i) % segments.len()];
            let t = Instant::now();
            let response =
                client.post(&format!("/api/ingest/cameras/{id}/video/segments?duration_ms={SEGMENT_MS}"), &[("authorization", &auth)], segment);
            match response {
                Ok(r) if r.status == 201 => took.push(t.elapsed()),
                _ => refused += 1,
            }
        }
    }
    Ok((took, refused))
}

/// Reads every camera's playlist once a second (answered or not: the first seconds have nothing old
/// enough) until `stop`; how long each took.
fn read_playlists(addr: std::net::SocketAddr, cameras: &[(i64, String)], stop: &AtomicBool) -> Result<Vec<Duration>> {
    let mut client = Client::new(addr);
    let mut took = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let round = Instant::now();
        for (id, _) in cameras {
            let t = Instant::now();
            client.get(&format!("/api/cameras/{id}/live.m3u8"), &[])?;
            took.push(t.elapsed());
        }
        std::thread::sleep(Duration::from_secs(1).saturating_sub(round.elapsed()));
    }
    Ok(took)
}

/// CPU seconds (user and system) of this process's children that have been waited for
/// (`cutime` + `cstime` in `/proc/self/stat`, which include their own waited-for children).
fn children_cpu_secs() -> Result<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").context("cannot read /proc/self/stat")?;
    parse_children_cpu(&stat).context("cannot read /proc/self/stat")
}

fn parse_children_cpu(stat: &str) -> Option<f64> {
    // Fields after the command's closing parenthesis: state is field 3, cutime 16 and cstime 17.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(13)?.parse::<f64>().ok()? + fields.get(14)?.parse::<f64>().ok()?;
    // Linux reports in USER_HZ, 100 on every platform it runs on.
    Some(ticks / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_playlist_and_proc_stat() {
        let text = "#EXTM3U\n#EXT-X-MAP:URI=\"video/init-00000000000000aa.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-11-29T04:30:05.000Z\n#EXTINF:2.000,\nvideo/7.m4s\n#EXTINF:1.500,\nvideo/8.m4s\n";
        let (init, listed) = listed_segments(text).unwrap();
        assert_eq!(init, "video/init-00000000000000aa.mp4");
        assert_eq!(listed, [("video/7.m4s".to_owned(), 2000.0), ("video/8.m4s".to_owned(), 1500.0)]);
        let stat = "123 (x task) S 1 2 3 4 5 6 7 8 9 10 11 12 250 50 20 0 0";
        assert_eq!(parse_children_cpu(stat), Some(3.0));
    }
}
