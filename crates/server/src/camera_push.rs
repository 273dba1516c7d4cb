//! `mingchu-server camera-push`: a gateway for one camera. ffmpeg reads the camera (an RTSP stream, a
//! file, a device), takes a picture every few seconds, scales it down and writes the JPEGs back to back
//! on its stdout; each one is split off and POSTed to the server's ingest route with the camera's token.
//!
//! ffmpeg's output is read on its own thread into a short queue that drops the oldest frame when the
//! server is slow or away: a live view wants the newest picture, and a reader that stopped reading would
//! stall ffmpeg until an RTSP camera hung up on it. Failed pushes are logged and retried with the next
//! frame after a short back-off; only ffmpeg ending with an error ends the gateway with one.
//!
//! In video mode (`--video`, issue 15) the same ffmpeg also encodes the camera into ~2 s fMP4 HLS segments
//! in a temporary folder (`hls_encode.rs`): its init segment is pushed first (again when it changes, or
//! when the server answers 409 because it lost it), then each completed segment with its duration, through
//! a short queue of its own that drops the oldest as the frames' does. The frames still go: the still
//! thumbnail and the camera's proof of life are frame-based.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::frames::MAX_FRAME_BYTES;
use crate::hls_encode::{self, HlsFolder, Segment};

/// How one camera is read and where its frames go.
#[derive(Clone, Debug)]
pub struct PushConfig {
    /// The server's base URL, e.g. `http://192.168.1.10:8080`.
    pub server: String,
    pub camera: i64,
    pub token: String,
    /// What ffmpeg reads: `rtsp://…`, a file, a device, or a lavfi graph with `input_format` `lavfi`.
    pub input: String,
    /// ffmpeg's `-f` for the input, when it cannot tell by itself (`lavfi`, `v4l2`).
    pub input_format: Option<String>,
    /// Seconds between frames.
    pub every_secs: u32,
    /// The frames' width in pixels; the height keeps the picture's proportions (and is even).
    pub width: u32,
    pub ffmpeg: PathBuf,
    /// Stop after this many frames (tests, trials); `None` runs until the input ends. Frame mode only.
    pub frames: Option<u32>,
    /// Read only this many seconds of the input (tests, trials, the bench).
    pub seconds: Option<u32>,
    /// Also encode and push video segments (issue 15).
    pub video: bool,
}

/// What a finished run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushSummary {
    /// Frames split off ffmpeg's output.
    pub read: u64,
    /// Frames the server kept (HTTP 2xx).
    pub pushed: u64,
    /// Frames the server refused or never got.
    pub failed: u64,
    /// Frames dropped unsent because newer ones were waiting.
    pub dropped: u64,
    /// Video mode: media segments completed, kept by the server, refused or never sent, dropped unsent.
    pub segments: u64,
    pub segments_pushed: u64,
    pub segments_failed: u64,
    pub segments_dropped: u64,
    /// Video mode: init segments the server kept.
    pub inits_pushed: u64,
}

/// Why the gateway stopped.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("the server URL must start with http:// (this build has no TLS; put the gateway on the server's network or behind a TLS proxy): {0:?}")]
    BadServer(String),
    #[error("every and width must be at least 1")]
    BadSettings,
    #[error("cannot start {0}: {1} (is ffmpeg installed? `cargo xtask setup` installs it)")]
    Start(String, io::Error),
    #[error("cannot make the video's temporary folder: {0}")]
    Folder(io::Error),
    #[error("reading ffmpeg's output: {0}")]
    Read(io::Error),
    #[error("ffmpeg ended with an error ({0})")]
    Ffmpeg(ExitStatus),
}

/// The most frames waiting to be pushed; older ones are dropped for newer ones.
const QUEUE: usize = 2;
/// The most video segments waiting (~8 s of video): a server away longer loses the oldest.
const SEGMENT_QUEUE: usize = 4;
/// The first wait after a failed push; it doubles on each failure in a row, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(15);

/// ffmpeg's arguments for a config: quiet but for errors, one scaled frame every `every_secs`, MJPEG on
/// stdout; in video mode, first the HLS output into `hls` (see [`hls_encode::output_args`]).
pub fn ffmpeg_args(config: &PushConfig, hls: Option<&std::path::Path>) -> Vec<String> {
    let mut args: Vec<String> = ["-hide_banner", "-nostdin", "-loglevel", "error"].map(String::from).to_vec();
    if config.input.starts_with("rtsp://") {
        // UDP loses packets on busy Wi-Fi and through NAT, and a lost packet is a smeared frame.
        args.extend(["-rtsp_transport", "tcp"].map(String::from));
    }
    if !config.input.contains("://") {
        // A file (or a generated source) is read as fast as the disk allows: -re plays it at its own
        // pace, as a camera would send it. Streams come at their pace anyway.
        args.push("-re".into());
    }
    if let Some(format) = &config.input_format {
        args.extend(["-f".into(), format.clone()]);
    }
    if let Some(secs) = config.seconds {
        args.extend(["-t".into(), secs.to_string()]);
    }
    args.extend(["-i".into(), config.input.clone()]);
    let frames = format!("fps=1/{},scale={}:-2", config.every_secs, config.width);
    match hls {
        Some(dir) => {
            let encoding = hls_encode::GATEWAY;
            // One decode of the camera, split between the video (letterboxed to 640×360) and the frames.
            let graph = format!(
                "[0:v]split=2[v][f];[v]fps={},scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:-1:-1[video];[f]{frames}[frames]",
                encoding.fps
            );
            args.extend(["-filter_complex".into(), graph, "-map".into(), "[video]".into()]);
            args.extend(hls_encode::output_args(dir, &encoding));
            args.extend(["-map".into(), "[frames]".into()]);
        }
        None => args.extend(["-vf".into(), frames]),
    }
    if let Some(n) = config.frames {
        args.extend(["-frames:v".into(), n.to_string()]);
    }
    args.extend(["-an", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5", "-"].map(String::from));
    args
}

/// Runs ffmpeg and pushes its frames until it ends. Blocking: call it from a thread of its own (or
/// `spawn_blocking`).
pub fn run(config: &PushConfig) -> Result<PushSummary, PushError> {
    if !config.server.starts_with("http://") {
        return Err(PushError::BadServer(config.server.clone()));
    }
    if config.every_secs == 0 || config.width == 0 {
        return Err(PushError::BadSettings);
    }
    let base = format!("{}/api/ingest/cameras/{}", config.server.trim_end_matches('/'), config.camera);
    let folder = if config.video { Some(HlsFolder::create(&format!("camera-{}", config.camera)).map_err(PushError::Folder)?) } else { None };
    let mut child = Command::new(&config.ffmpeg)
        .args(ffmpeg_args(config, folder.as_ref().map(|f| f.dir())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // ffmpeg's own error messages are the operator's best clue: they go straight to our stderr.
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| PushError::Start(config.ffmpeg.display().to_string(), e))?;
    let Some(stdout) = child.stdout.take() else {
        let _ = child.kill();
        return Err(PushError::Read(io::Error::other("ffmpeg's stdout was not piped")));
    };
    tracing::info!(
        "camera {}: reading {} every {} s at {} px wide{}, pushing to {base}",
        config.camera,
        config.input,
        config.every_secs,
        config.width,
        if config.video { " with video" } else { "" }
    );

    let queue = Arc::new(Queue::new(QUEUE));
    let reader = {
        let queue = queue.clone();
        std::thread::spawn(move || {
            let result = split_into(stdout, &queue);
            queue.close();
            result
        })
    };
    let frames = {
        let (queue, url, token, camera) = (queue.clone(), format!("{base}/frames"), config.token.clone(), config.camera);
        std::thread::spawn(move || push_all(&queue, &url, &token, camera))
    };
    let mut summary = PushSummary::default();
    let status = match folder {
        Some(mut folder) => {
            let segments = Arc::new(Queue::new(SEGMENT_QUEUE));
            let pusher = {
                let (segments, base, token, camera) = (segments.clone(), base.clone(), config.token.clone(), config.camera);
                std::thread::spawn(move || push_segments(&segments, &base, &token, camera))
            };
            let status = folder.follow(&mut child, |segment| {
                segments.put(segment);
                true
            });
            segments.close();
            let video = pusher.join().unwrap_or_default();
            summary = PushSummary { segments: segments.received(), segments_dropped: segments.dropped(), ..video };
            status.map_err(PushError::Read)?
        }
        None => child.wait().map_err(PushError::Read)?,
    };
    let read = reader.join().unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")));
    let pushed = frames.join().unwrap_or_default();
    summary = PushSummary { read: queue.received(), pushed: pushed.pushed, failed: pushed.failed, dropped: queue.dropped(), ..summary };
    tracing::info!(
        "camera {}: ffmpeg ended ({status}); {} frames read, {} pushed, {} failed, {} dropped",
        config.camera,
        summary.read,
        summary.pushed,
        summary.failed,
        summary.dropped
    );
    if config.video {
        tracing::info!(
            "camera {}: {} segments made, {} pushed, {} failed, {} dropped; {} init segments pushed",
            config.camera,
            summary.segments,
            summary.segments_pushed,
            summary.segments_failed,
            summary.segments_dropped,
            summary.inits_pushed
        );
    }
    read.map_err(PushError::Read)?;
    if !status.success() {
        return Err(PushError::Ffmpeg(status));
    }
    Ok(summary)
}

/// Reads `input` to its end, splitting it into JPEGs for the queue.
fn split_into(mut input: impl Read, queue: &Queue<Vec<u8>>) -> io::Result<()> {
    let mut splitter = JpegSplitter::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for frame in splitter.push(&buf[..n]) {
            queue.put(frame);
        }
    }
}

/// An HTTP client for pushes: statuses are answers, not errors; nothing waits for ever.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(10))).build().into()
}

/// POSTs `body`; the status and the answer's start, or why it was not sent.
fn post(agent: &ureq::Agent, url: &str, token: &str, content_type: &str, body: &[u8]) -> Result<(u16, String), ureq::Error> {
    let mut response = agent.post(url).header("authorization", &format!("Bearer {token}")).header("content-type", content_type).send(body)?;
    let status = response.status().as_u16();
    let text = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
    Ok((status, text.trim().to_owned()))
}

/// Whether a push was kept, logging what happened to `what` either way.
fn kept(camera: i64, what: &str, sent: &Result<(u16, String), ureq::Error>) -> bool {
    match sent {
        Ok((status, body)) if (200..300).contains(status) => {
            tracing::info!("camera {camera}: {what} pushed: HTTP {status} {body}");
            true
        }
        Ok((status, body)) => {
            tracing::warn!("camera {camera}: {what} refused: HTTP {status} {body}");
            false
        }
        Err(e) => {
            tracing::warn!("camera {camera}: {what} not sent: {e}");
            false
        }
    }
}

/// The wait after a failed push, doubled for the next failure in a row.
struct Backoff(Duration);

impl Backoff {
    fn new() -> Backoff {
        Backoff(FIRST_BACKOFF)
    }

    fn ok(&mut self) {
        self.0 = FIRST_BACKOFF;
    }

    /// Waits after a failure; the queue keeps the newest meanwhile and the next push tries one of those.
    fn failed(&mut self) {
        std::thread::sleep(self.0);
        self.0 = (self.0 * 2).min(MAX_BACKOFF);
    }
}

/// Pushes frames from the queue until it is closed and empty; the frames pushed and failed.
fn push_all(queue: &Queue<Vec<u8>>, url: &str, token: &str, camera: i64) -> PushSummary {
    let agent = agent();
    let mut summary = PushSummary::default();
    let mut backoff = Backoff::new();
    while let Some(frame) = queue.take() {
        let sent = post(&agent, url, token, "image/jpeg", &frame);
        if kept(camera, &format!("frame of {} bytes", frame.len()), &sent) {
            summary.pushed += 1;
            backoff.ok();
        } else {
            summary.failed += 1;
            backoff.failed();
        }
    }
    summary
}

/// Pushes video segments from the queue until it is closed and empty, each after its init segment
/// whenever that is not the one the server last kept from us; the segments (and inits) pushed and failed.
fn push_segments(queue: &Queue<Segment>, base: &str, token: &str, camera: i64) -> PushSummary {
    let agent = agent();
    let init_url = format!("{base}/video/init");
    let mut summary = PushSummary::default();
    let mut backoff = Backoff::new();
    let mut server_init: Option<Arc<Vec<u8>>> = None;
    while let Some(segment) = queue.take() {
        let url = format!("{base}/video/segments?duration_ms={}", segment.duration_ms);
        let what = format!("segment {} ({} bytes, {} ms)", segment.index, segment.bytes.len(), segment.duration_ms);
        let mut done = false;
        // A second try after a 409: the server lost the init (a restart); the init goes again first.
        for _ in 0..2 {
            if server_init.as_ref() != Some(&segment.init) {
                let sent = post(&agent, &init_url, token, "video/mp4", &segment.init);
                if !kept(camera, &format!("init segment of {} bytes", segment.init.len()), &sent) {
                    break;
                }
                summary.inits_pushed += 1;
                server_init = Some(segment.init.clone());
            }
            let sent = post(&agent, &url, token, "video/iso.segment", &segment.bytes);
            if matches!(sent, Ok((409, _))) {
                tracing::warn!("camera {camera}: the server has no init segment of ours: pushing it again");
                server_init = None;
                continue;
            }
            done = kept(camera, &what, &sent);
            break;
        }
        if done {
            summary.segments_pushed += 1;
            backoff.ok();
        } else {
            summary.segments_failed += 1;
            backoff.failed();
        }
    }
    summary
}

/// What waits to be pushed, newest kept, and whether the reader has finished.
struct Queue<T> {
    state: Mutex<QueueState<T>>,
    ready: Condvar,
    /// The most waiting; the oldest is dropped for a newer one.
    capacity: usize,
}

struct QueueState<T> {
    waiting: VecDeque<T>,
    closed: bool,
    received: u64,
    dropped: u64,
}

impl<T> Queue<T> {
    fn new(capacity: usize) -> Queue<T> {
        Queue { state: Mutex::new(QueueState { waiting: VecDeque::new(), closed: false, received: 0, dropped: 0 }), ready: Condvar::new(), capacity }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState<T>> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn put(&self, item: T) {
        let mut state = self.lock();
        state.received += 1;
        if state.waiting.len() >= self.capacity {
            state.waiting.pop_front();
            state.dropped += 1;
        }
        state.waiting.push_back(item);
        self.ready.notify_one();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
    }

    /// The oldest waiting; `None` once the reader has finished and none is left.
    fn take(&self) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(item) = state.waiting.pop_front() {
                return Some(item);
            }
            if state.closed {
                return None;
            }
            state = self.ready.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn received(&self) -> u64 {
        self.lock().received
    }

    fn dropped(&self) -> u64 {
        self.lock().dropped
    }
}

/// Splits a byte stream of back-to-back JPEGs (ffmpeg's `image2pipe`) into whole JPEGs, however the
/// reads cut it. A frame ends at the end-of-image marker after its scan data, found by walking the
/// marker segments by their lengths, so an FF D9 inside a header (an EXIF thumbnail) does not end it.
/// Bytes outside a frame are skipped, and so is a frame whose structure is broken or that grows past
/// twice the server's frame limit without ending.
#[derive(Default)]
pub struct JpegSplitter {
    buf: Vec<u8>,
}

/// Where a frame that starts the buffer ends.
#[derive(Debug, PartialEq, Eq)]
enum End {
    /// Just after its end-of-image marker.
    At(usize),
    /// Not yet read.
    Pending,
    /// Not a JPEG's structure: skip its start-of-image and look for the next.
    Broken,
}

impl JpegSplitter {
    /// Takes the next bytes read; returns the frames they complete, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        self.buf.extend_from_slice(bytes);
        let mut frames = Vec::new();
        loop {
            // Skip to the next start of image, keeping a trailing FF that may begin one.
            match self.buf.windows(2).position(|w| w == [0xFF, 0xD8]) {
                Some(0) => {}
                Some(at) => {
                    self.buf.drain(..at);
                }
                None => {
                    let keep = usize::from(self.buf.last() == Some(&0xFF));
                    let len = self.buf.len();
                    self.buf.drain(..len - keep);
                    return frames;
                }
            }
            match frame_end(&self.buf) {
                End::At(end) => frames.push(self.buf.drain(..end).collect()),
                End::Pending if self.buf.len() <= 2 * MAX_FRAME_BYTES => return frames,
                End::Pending | End::Broken => {
                    self.buf.drain(..2);
                }
            }
        }
    }
}

/// Where the JPEG starting `buf` (with FF D8) ends.
fn frame_end(buf: &[u8]) -> End {
    let mut i = 2;
    loop {
        let (Some(&ff), Some(&marker)) = (buf.get(i), buf.get(i + 1)) else {
            return End::Pending;
        };
        if ff != 0xFF {
            return End::Broken;
        }
        match marker {
            // Fill bytes before a marker.
            0xFF => i += 1,
            0xD9 => return End::At(i + 2),
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => i += 2,
            0xD8 | 0x00 => return End::Broken,
            _ => {
                let (Some(&hi), Some(&lo)) = (buf.get(i + 2), buf.get(i + 3)) else {
                    return End::Pending;
                };
                let length = usize::from(u16::from_be_bytes([hi, lo]));
                if length < 2 {
                    return End::Broken;
                }
                i += 2 + length;
                if marker == 0xDA {
                    // Scan data runs to the next marker that is not a stuffed FF 00 or a restart.
                    loop {
                        let (Some(&b), Some(&next)) = (buf.get(i), buf.get(i + 1)) else {
                            return End::Pending;
                        };
                        match (b, next) {
                            (0xFF, 0x00 | 0xD0..=0xD7) => i += 2,
                            (0xFF, 0xFF) => i += 1,
                            (0xFF, _) => break,
                            _ => i += 1,
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real JPEG of `width`×`height` whose pixels depend on `seed`.
    fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x as u8).wrapping_mul(seed), y as u8 ^ seed, seed]));
        let mut out = io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Jpeg).expect("encode");
        out.into_inner()
    }

    fn split(stream: &[u8], chunk: usize) -> Vec<Vec<u8>> {
        let mut splitter = JpegSplitter::default();
        stream.chunks(chunk).flat_map(|c| splitter.push(c)).collect()
    }

    #[test]
    fn frames_split_across_reads_come_out_whole() {
        let frames = [jpeg(64, 48, 1), jpeg(80, 60, 2), jpeg(33, 17, 3)];
        let stream = frames.concat();
        for chunk in [1, 2, 3, 7, 100, 4096, stream.len()] {
            assert_eq!(split(&stream, chunk), frames, "reads of {chunk} bytes");
        }
    }

    #[test]
    fn garbage_between_frames_is_skipped() {
        let (a, b) = (jpeg(64, 48, 1), jpeg(64, 48, 2));
        // Noise, a lone FF, a false start (FF D8 then no marker) and a broken header, around real frames.
        let stream = [&b"junk\xFF"[..], &a, b"\x00\xFF\xD8\x12\x34\xFF", b"\xFF\xD8\xFF\xE0\x00\x01", &b, b"\xFF"].concat();
        for chunk in [1, 5, 64, stream.len()] {
            assert_eq!(split(&stream, chunk), [a.clone(), b.clone()], "reads of {chunk} bytes");
        }
    }

    #[test]
    fn an_end_marker_in_a_header_does_not_end_the_frame() {
        let real = jpeg(32, 32, 5);
        // An APP1 segment holding FF D9 (as an EXIF thumbnail would), inserted after SOI.
        let app1 = [0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9];
        let frame = [&real[..2], &app1, &real[2..]].concat();
        assert_eq!(split(&frame, 3), std::slice::from_ref(&frame));
    }

    #[test]
    fn an_unfinished_frame_waits_for_more() {
        let a = jpeg(64, 48, 1);
        let mut splitter = JpegSplitter::default();
        assert!(splitter.push(&a[..a.len() - 1]).is_empty());
        assert_eq!(splitter.push(&a[a.len() - 1..]), [a]);
    }

    /// A server on a loopback port that answers each request with `answer(path)` and records the paths.
    fn fake_server(answer: impl Fn(&str) -> u16 + Send + 'static) -> (String, Arc<Mutex<Vec<String>>>) {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut stream = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                    let mut length = 0usize;
                    loop {
                        let mut header = String::new();
                        reader.read_line(&mut header).expect("header");
                        if header.trim().is_empty() {
                            break;
                        }
                        if let Some((name, value)) = header.split_once(':') {
                            if name.eq_ignore_ascii_case("content-length") {
                                length = value.trim().parse().unwrap_or(0);
                            }
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).expect("body");
                    let status = answer(&path);
                    log.lock().unwrap().push(path);
                    write!(stream, "HTTP/1.1 {status} X\r\ncontent-length: 2\r\n\r\n{{}}").expect("answer");
                }
            }
        });
        (base, seen)
    }

    #[test]
    fn a_409_pushes_the_init_again_and_retries_the_segment() {
        let refused = std::sync::atomic::AtomicBool::new(false);
        // The first segment finds the server without our init (it restarted); the rest are kept.
        let (base, seen) = fake_server(move |path| match path.contains("/video/segments") {
            true if !refused.swap(true, std::sync::atomic::Ordering::Relaxed) => 409,
            _ => 201,
        });
        let queue = Queue::new(SEGMENT_QUEUE);
        let init = Arc::new(b"init".to_vec());
        for index in 0..2 {
            queue.put(Segment { bytes: vec![1; 10], duration_ms: 2000, index, init: init.clone() });
        }
        queue.close();
        let summary = push_segments(&queue, &format!("{base}/api/ingest/cameras/7"), "t", 7);
        assert_eq!((summary.inits_pushed, summary.segments_pushed, summary.segments_failed), (2, 2, 0), "{summary:?}");
        let segment = "/api/ingest/cameras/7/video/segments?duration_ms=2000";
        let init = "/api/ingest/cameras/7/video/init";
        assert_eq!(*seen.lock().unwrap(), [init, segment, init, segment, segment]);
    }

    #[test]
    fn ffmpeg_is_asked_for_scaled_frames_on_stdout() {
        let config = PushConfig {
            server: "http://127.0.0.1:8080".into(),
            camera: 7,
            token: "t".into(),
            input: "rtsp://cam.local/stream1".into(),
            input_format: None,
            every_secs: 2,
            width: 640,
            ffmpeg: "ffmpeg".into(),
            frames: None,
            seconds: None,
            video: false,
        };
        let args = ffmpeg_args(&config, None).join(" ");
        assert!(args.contains("-rtsp_transport tcp -i rtsp://cam.local/stream1 -vf fps=1/2,scale=640:-2"), "{args}");
        assert!(!args.contains("-re ") && args.ends_with("-f image2pipe -c:v mjpeg -q:v 5 -"), "{args}");
        let file = PushConfig { input: "kitchen.mp4".into(), frames: Some(3), ..config.clone() };
        let args = ffmpeg_args(&file, None).join(" ");
        assert!(args.contains("-re -i kitchen.mp4") && args.contains("-frames:v 3") && !args.contains("rtsp_transport"), "{args}");
        // Video mode: one ffmpeg, the video into the folder with no sound, the frames still on stdout.
        let video = PushConfig { video: true, seconds: Some(20), frames: None, ..config };
        let args = ffmpeg_args(&video, Some(std::path::Path::new("/tmp/hls"))).join(" ");
        assert!(args.contains("-t 20 -i rtsp://cam.local/stream1 -filter_complex [0:v]split=2[v][f];[v]fps=12,scale=640:360"), "{args}");
        assert!(args.contains("[f]fps=1/2,scale=640:-2[frames] -map [video] -an -c:v libx264"), "{args}");
        assert!(args.contains("/tmp/hls/live.m3u8 -map [frames] -an -f image2pipe -c:v mjpeg -q:v 5 -"), "{args}");
    }
}
