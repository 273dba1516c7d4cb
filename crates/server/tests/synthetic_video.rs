//! The demo's synthetic video (issue 15): with it on (and the synthetic frames, as `serve` runs them), a sending demo camera has a delayed playlist as soon
//! as the server is up, whose segments were captured at least the delay ago and can be fetched. ffmpeg
//! must be installed (`cargo xtask setup`): without it this test fails.

mod common;

use common::TestServer;
use mingchu_server::Clock;
use mingchu_types::video::{parse_playlist, playlist_path};

const UNIT: &str = "lc-dcf-0012";

async fn playlist_at_once(clock: Clock) {
    let found = std::process::Command::new("ffmpeg").arg("-version").output().is_ok_and(|o| o.status.success());
    assert!(found, "ffmpeg is not on PATH: install it (`cargo xtask setup`); this test needs it and does not skip");
    let s = TestServer::start_with(|c| {
        c.clock = clock;
        (c.synthetic_cameras, c.synthetic_video) = (true, true);
    })
    .await;
    let cameras = s.json(&format!("/api/units/{UNIT}/cameras"), 200).await;
    let camera = &cameras["cameras"][0];
    let (id, delay_ms) = (camera["id"].as_i64().expect("id"), camera["delay_secs"].as_i64().expect("delay") * 1000);
    assert_eq!(camera["video"], true, "{camera}");

    let now = s.now_ms();
    let response = s.get(&playlist_path(id)).await;
    assert_eq!(response.status(), 200);
    let listed = parse_playlist(&response.text().await.expect("playlist"));
    assert!(!listed.is_empty());
    for segment in &listed {
        assert!(segment.capture_ms + i64::from(segment.duration_ms) <= now - delay_ms, "{segment:?} is younger than the delay at {now}");
    }
    let newest = listed.last().expect("a segment");
    let bytes = s.get(&format!("/api/cameras/{id}/{}", newest.uri)).await;
    assert_eq!(bytes.status(), 200, "{}", newest.uri);
    assert!(bytes.bytes().await.expect("segment").len() > 1000);
    let init = s.get(&format!("/api/cameras/{id}/{}", newest.map)).await;
    assert_eq!(init.status(), 200, "{}", newest.map);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_plays_at_once_on_the_test_clock() {
    playlist_at_once(Clock::Fixed("2026-11-29".parse().expect("day"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_plays_at_once_on_the_system_clock() {
    playlist_at_once(Clock::System).await;
}
