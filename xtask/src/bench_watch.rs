//! The bench's figures of alerts and sensors: a camera analytics box's alert (with its snapshot)
//! ingested, and 1,000 sensor readings a second for a minute, with the delayed kitchen view's frame
//! endpoint timed alongside and the server's memory before and after.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::bench::{added_camera, camera_frame, demo_codes, env_secs, ingest_frames, output, percentile, rss, time_frames, Bench};
use crate::figures::{Figure, Unit};
use crate::http::Client;
use crate::server::{self, TestServer};
use crate::util;

/// Cameras pushing a frame a second while the readings come (their frames are timed).
const CAMERAS: usize = 10;
/// Sensors the readings are spread over, and the threads sending them.
const SENSORS: usize = 200;
const SENDERS: usize = 4;
/// Readings a second, in all.
const READINGS_PER_SEC: u64 = 1000;
/// How long the readings come by default, in seconds.
const DEFAULT_READINGS_SECS: u64 = 60;
/// Alerts timed.
const ALERTS: usize = 300;

/// The id and token in `sensor add`'s answer: `sensor 7 added to lc-dcf-0012` / `token 3f…`.
fn added_sensor(text: &str) -> Option<(i64, String)> {
    added_camera(&text.replace("sensor ", "camera "))
}

/// A server of its own with [`CAMERAS`] cameras and [`SENSORS`] sensors added with the CLI: first
/// [`ALERTS`] alerts are sent one after another (each category of each camera in turn, so most are new
/// and the rest fold into one within the window) and timed; then every camera pushes a ~30 KB frame a
/// second while [`SENDERS`] threads send one reading per request, [`READINGS_PER_SEC`] a second in all
/// (one in a hundred out of range), for `MINGCHU_BENCH_READINGS_SECS`, and `GET /api/cameras/{id}/frame`
/// is timed once a second per camera. The server's RSS is read before and after.
pub fn watch_ingest(_bench: &Bench) -> Result<Vec<Figure>> {
    let window = env_secs("MINGCHU_BENCH_READINGS_SECS", DEFAULT_READINGS_SECS, 3)?;
    let binary = server::binary().to_string_lossy().into_owned();
    let codes = demo_codes(&binary)?;
    let (mut cameras, mut sensors) = (Vec::new(), Vec::new());
    let server = TestServer::start_with(&["--min-camera-delay", "1", "--no-synthetic-cameras"], |data| {
        let data = data.to_string_lossy();
        output(util::cmd(&binary).args(["demo", "--data", &data]))?;
        for i in 0..CAMERAS {
            let args =
                ["camera", "add", "--data", &data, "--unit", &codes[i % codes.len()], "--area", "cooking", "--delay", "1", "--hours", "00:00-24:00"];
            let added = output(util::cmd(&binary).args(args))?;
            cameras.push(added_camera(&added).with_context(|| format!("cannot read `camera add`'s answer: {added:?}"))?);
        }
        for i in 0..SENSORS {
            let name = format!("冷藏柜{i}");
            let args = ["sensor", "add", "--data", &data, "--unit", &codes[i % codes.len()], "--kind", "refrigerator", "--name", &name];
            let added = output(util::cmd(&binary).args(args))?;
            sensors.push(added_sensor(&added).with_context(|| format!("cannot read `sensor add`'s answer: {added:?}"))?);
        }
        Ok(())
    })?;
    let jpeg = camera_frame()?;

    // Alerts, one after another on one keep-alive connection.
    const CATEGORIES: [&str; 9] = ["no_hat", "no_uniform", "no_mask", "no_gloves", "smoking", "phone_use", "rodent", "bin_open", "nobody_at_post"];
    let mut client = Client::new(server.addr);
    let mut alert_times = Vec::with_capacity(ALERTS);
    let (mut new, mut folded) = (0, 0);
    for n in 0..ALERTS {
        let (id, token) = &cameras[n % CAMERAS];
        let path = format!("/api/ingest/cameras/{id}/alerts?category={}&confidence=0.9", CATEGORIES[(n / CAMERAS) % CATEGORIES.len()]);
        let auth = format!("Bearer {token}");
        let t = Instant::now();
        let response = client.post(&path, &[("authorization", &auth), ("content-type", "image/jpeg")], &jpeg)?;
        alert_times.push(t.elapsed());
        match response.status {
            201 => new += 1,
            200 => folded += 1,
            status => bail!("POST {path} answered HTTP {status}: {}", String::from_utf8_lossy(&response.body)),
        }
    }
    alert_times.sort();
    println!("[bench]   {ALERTS} alerts with a {} snapshot: {new} new, {folded} folded into an earlier one", util::bytes(jpeg.len() as u64));

    println!("[bench]   {READINGS_PER_SEC} readings a second over {SENSORS} sensors for {window} s (MINGCHU_BENCH_READINGS_SECS), {CAMERAS} cameras pushing a frame a second");
    let rss_before = rss(server.pid())?;
    let stop = Arc::new(AtomicBool::new(false));
    let frames = {
        let (stop, addr, cameras, jpeg) = (stop.clone(), server.addr, cameras.clone(), jpeg.clone());
        std::thread::spawn(move || ingest_frames(addr, &cameras, &jpeg, &stop))
    };
    let (sent, refused) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let readings_started = Instant::now();
    let senders: Vec<_> = (0..SENDERS)
        .map(|k| {
            let (stop, addr, sent, refused) = (stop.clone(), server.addr, sent.clone(), refused.clone());
            let mine: Vec<(i64, String)> = sensors.iter().skip(k).step_by(SENDERS).cloned().collect();
            std::thread::spawn(move || send_readings(addr, &mine, READINGS_PER_SEC / SENDERS as u64, &stop, &sent, &refused))
        })
        .collect();
    let timed = time_frames(&server, &cameras, Duration::from_secs(window));
    let rss_after = rss(server.pid());
    stop.store(true, Ordering::Relaxed);
    let elapsed = readings_started.elapsed().as_secs_f64();
    for sender in senders {
        sender.join().map_err(|_| anyhow::anyhow!("a readings thread panicked"))?;
    }
    let (pushed, frames_refused) = frames.join().map_err(|_| anyhow::anyhow!("the frames thread panicked"))?;
    let (sent, refused) = (sent.load(Ordering::Relaxed), refused.load(Ordering::Relaxed));
    println!(
        "[bench]   {sent} readings stored ({:.0} a second), {refused} refused or failed; {pushed} frames pushed, {frames_refused} refused",
        sent as f64 / elapsed
    );
    if refused > 0 || frames_refused > 0 {
        bail!("readings or frames were refused; server output:\n{}", server.log_tail());
    }
    let (mut samples, _) = timed.context("timing GET /api/cameras/{id}/frame")?;
    samples.sort();
    let micros = |times: &[Duration], p: f64| percentile(times, p).as_secs_f64() * 1e6;
    let frame = |stat: &str| format!("GET /api/cameras/{{id}}/frame {stat} under {READINGS_PER_SEC} readings/s");
    Ok(vec![
        Figure::new("POST /api/ingest/cameras/{id}/alerts median (with a ~30 KB snapshot)", micros(&alert_times, 0.5), Unit::Microseconds),
        Figure::new("POST /api/ingest/cameras/{id}/alerts p99", micros(&alert_times, 0.99), Unit::Microseconds),
        Figure::new(
            format!("POST /api/ingest/sensors/{{id}}/readings, one reading each (asked {READINGS_PER_SEC}/s)"),
            sent as f64 / elapsed,
            Unit::RequestsPerSecond,
        ),
        Figure::new(frame("median"), micros(&samples, 0.5), Unit::Microseconds).budget(1000.0),
        Figure::new(frame("p99"), micros(&samples, 0.99), Unit::Microseconds),
        Figure::new("server RSS before the readings", rss_before as f64, Unit::Bytes),
        Figure::new(format!("server RSS after {window} s of readings (MINGCHU_BENCH_READINGS_SECS)"), rss_after? as f64, Unit::Bytes),
    ])
}

/// Sends one reading per request for each of `sensors` in turn, `per_sec` a second spread over the
/// second (each sensor's time a millisecond later than its last, so none repeats), until `stop`.
fn send_readings(addr: std::net::SocketAddr, sensors: &[(i64, String)], per_sec: u64, stop: &AtomicBool, sent: &AtomicU64, refused: &AtomicU64) {
    let mut client = Client::new(addr);
    let started = Instant::now();
    let base_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    for n in 0u64.. {
        let due = started + Duration::from_micros(n * 1_000_000 / per_sec.max(1));
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let (id, token) = &sensors[(n % sensors.len() as u64) as usize];
        // One in a hundred out of range (too short to raise an alert before the next is back in range).
        let celsius = if n % 100 == 0 { 9.5 } else { 3.0 + (n % 20) as f64 / 10.0 };
        let at_ms = base_ms + started.elapsed().as_millis() as i64;
        let body = format!(r#"{{"at_ms":{at_ms},"celsius":{celsius}}}"#);
        let auth = format!("Bearer {token}");
        match client.post(
            &format!("/api/ingest/sensors/{id}/readings"),
            &[("authorization", &auth), ("content-type", "application/json")],
            body.as_bytes(),
        ) {
            Ok(response) if response.status == 200 => sent.fetch_add(1, Ordering::Relaxed),
            _ => refused.fetch_add(1, Ordering::Relaxed),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sensor_add_answer_is_read() {
        assert_eq!(added_sensor("sensor 12 added to lc-dcf-0012\ntoken ab12\n(keep it)"), Some((12, "ab12".into())));
        assert_eq!(added_sensor("nothing"), None);
    }
}
