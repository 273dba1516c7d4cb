//! The camera gateway against a real server: ffmpeg renders a 1280×720 test picture, `camera-push` takes
//! frames from it, scales them to 640 px wide and pushes them; the server keeps them in the camera's ring.
//! ffmpeg must be installed (`cargo xtask setup` does it; CI installs it): without it these tests fail.

mod common;

use std::path::PathBuf;

use common::TestServer;
use mingchu_server::camera_push::{self, PushConfig, PushError};
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::frames::frame_files;
use mingchu_server::hours::PublicHours;
use mingchu_server::segments::{check_segment, SegmentKind};
use mingchu_server::Clock;
use mingchu_types::KitchenArea;

const UNIT: &str = "lc-dcf-0012";

/// `ffmpeg`, or a failure saying how to get it: a gateway test that skips would prove nothing.
fn ffmpeg() -> PathBuf {
    let found = std::process::Command::new("ffmpeg").arg("-version").output().is_ok_and(|o| o.status.success());
    assert!(found, "ffmpeg is not on PATH: install it (`cargo xtask setup`, or `apt-get install ffmpeg`); this test needs it and does not skip");
    PathBuf::from("ffmpeg")
}

/// A server on the real clock (frames are stamped when they arrive) with one all-day public camera.
async fn server_with_camera() -> (TestServer, i64, String) {
    let s = TestServer::start_with(|c| c.clock = Clock::System).await;
    let spec = CameraSpec { area: KitchenArea::Cooking, delay_secs: 30, hours: PublicHours::ALL_DAY, public: true };
    let (id, token) = cameras::add(&*s.store, UNIT, spec, Clock::System.now_ms()).await.expect("camera added");
    (s, id, token)
}

fn config(s: &TestServer, camera: i64, token: &str, input: &str, ffmpeg: PathBuf) -> PushConfig {
    PushConfig {
        server: format!("http://{}", s.addr),
        camera,
        token: token.to_owned(),
        input: input.to_owned(),
        input_format: Some("lavfi".into()),
        every_secs: 1,
        width: 640,
        ffmpeg,
        frames: Some(3),
        seconds: None,
        video: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ffmpeg_frames_are_scaled_and_pushed() {
    let ffmpeg = ffmpeg();
    let (s, id, token) = server_with_camera().await;
    let config = config(&s, id, &token, "testsrc=size=1280x720:rate=10", ffmpeg);
    let summary = tokio::task::spawn_blocking(move || camera_push::run(&config)).await.expect("push thread").expect("camera-push ran");
    assert!(summary.pushed >= 2 && summary.failed == 0, "{summary:?}");

    let (kept, _) = s.frames.usage(id);
    assert!(kept >= 2, "the server kept {kept} frames");
    let dir = s.frames.camera_dir(id);
    let files = frame_files(&dir).expect("frame files");
    assert_eq!(files.len(), kept);
    for ms in files {
        let path = dir.join(format!("{ms}.jpg"));
        let bytes = std::fs::read(&path).expect("frame file");
        assert!(bytes.starts_with(&[0xFF, 0xD8]) && bytes.ends_with(&[0xFF, 0xD9]), "{} is not one whole JPEG", path.display());
        let (width, height) =
            image::ImageReader::with_format(std::io::Cursor::new(&bytes), image::ImageFormat::Jpeg).into_dimensions().expect("a JPEG header");
        assert_eq!((width, height), (640, 360), "{}", path.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_logged_and_the_gateway_keeps_going() {
    let ffmpeg = ffmpeg();
    let (s, id, _) = server_with_camera().await;
    let config = PushConfig { frames: Some(2), ..config(&s, id, "not-the-token", "testsrc=size=320x240:rate=10", ffmpeg) };
    let summary = tokio::task::spawn_blocking(move || camera_push::run(&config)).await.expect("push thread").expect("ffmpeg itself succeeded");
    assert_eq!(summary.pushed, 0, "{summary:?}");
    assert!(summary.failed >= 1 && summary.read == 2, "every frame read was tried or dropped for a newer one: {summary:?}");
    assert_eq!(s.frames.usage(id).0, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ffmpeg_failing_is_an_error() {
    let ffmpeg = ffmpeg();
    let (s, id, token) = server_with_camera().await;
    let config = PushConfig { input_format: None, ..config(&s, id, &token, "/no/such/kitchen.mp4", ffmpeg) };
    let result = tokio::task::spawn_blocking(move || camera_push::run(&config)).await.expect("push thread");
    assert!(matches!(result, Err(PushError::Ffmpeg(_))), "{result:?}");
}

#[test]
fn the_binary_exits_non_zero_when_ffmpeg_fails() {
    ffmpeg();
    // No server is needed: ffmpeg fails before any frame is pushed.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mingchu-server"))
        .args(["camera-push", "--server", "http://127.0.0.1:9", "--camera", "1", "--token", "t", "--input", "/no/such/kitchen.mp4"])
        .output()
        .expect("run mingchu-server");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("ffmpeg ended with an error"), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The files of a camera's video on the server's disk: its init segments and its media segments.
fn video_files(s: &TestServer, camera: i64) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let dir = s.data().join("video").join(camera.to_string());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files.into_iter().partition(|p| p.extension().is_some_and(|e| e == "mp4"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn video_mode_pushes_an_init_then_segments_without_sound() {
    let ffmpeg = ffmpeg();
    let (s, id, token) = server_with_camera().await;
    // A test picture with a sine tone beside it: the tone must never reach the server.
    let input = "testsrc2=size=1280x720:rate=25[out0];sine=frequency=440[out1]";
    let config = PushConfig { frames: None, seconds: Some(7), video: true, ..config(&s, id, &token, input, ffmpeg) };
    let summary = tokio::task::spawn_blocking(move || camera_push::run(&config)).await.expect("push thread").expect("camera-push ran");
    assert!(summary.segments >= 3 && summary.segments_pushed == summary.segments && summary.segments_failed == 0, "{summary:?}");
    assert_eq!(summary.inits_pushed, 1, "{summary:?}");
    assert!(summary.pushed >= 2 && summary.failed == 0, "the frames still go: {summary:?}");

    let (inits, segments) = video_files(&s, id);
    assert_eq!((inits.len(), segments.len() as u64), (1, summary.segments_pushed), "{inits:?} {segments:?}");
    let init = std::fs::read(&inits[0]).expect("init");
    assert_eq!(check_segment(&init, SegmentKind::Init), Ok(()), "an init segment with no sound track");
    // What was pushed plays as H.264 Main 640×360 and has no other stream.
    let played = s.data().join("played.mp4");
    let media: Vec<u8> = segments.iter().flat_map(|p| std::fs::read(p).expect("segment")).collect();
    std::fs::write(&played, [init, media].concat()).expect("write");
    let probe = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_type,codec_name,profile,width,height", "-of", "csv=p=0"])
        .arg(&played)
        .output()
        .expect("ffprobe");
    assert_eq!(String::from_utf8_lossy(&probe.stdout).trim(), "h264,Main,video,640,360");
}
