//! `mingchu-server camera-push`: a gateway for one camera. ffmpeg reads the camera (an RTSP stream, a
//! file, a device), takes a picture every few seconds, scales it down and writes the JPEGs back to back
//! on its stdout; each one is split off and POSTed to the server's ingest route with the camera's token.
//!
//! ffmpeg's output is read on its own thread into a short queue that drops the oldest frame when the
//! server is slow or away: a live view wants the newest picture, and a reader that stopped reading would
//! stall ffmpeg until an RTSP camera hung up on it. Failed pushes are logged and retried with the next
//! frame after a short back-off; only ffmpeg ending with an error ends the gateway with one.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::frames::MAX_FRAME_BYTES;

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
    /// Stop after this many frames (tests, trials); `None` runs until the input ends.
    pub frames: Option<u32>,
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
    #[error("reading ffmpeg's output: {0}")]
    Read(io::Error),
    #[error("ffmpeg ended with an error ({0})")]
    Ffmpeg(ExitStatus),
}

/// The most frames waiting to be pushed; older ones are dropped for newer ones.
const QUEUE: usize = 2;
/// The first wait after a failed push; it doubles on each failure in a row, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(15);

/// ffmpeg's arguments for a config: quiet but for errors, one scaled frame every `every_secs`, MJPEG on stdout.
pub fn ffmpeg_args(config: &PushConfig) -> Vec<String> {
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
    args.extend(["-i".into(), config.input.clone()]);
    args.extend(["-vf".into(), format!("fps=1/{},scale={}:-2", config.every_secs, config.width)]);
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
    let url = format!("{}/api/ingest/cameras/{}/frames", config.server.trim_end_matches('/'), config.camera);
    let mut child = Command::new(&config.ffmpeg)
        .args(ffmpeg_args(config))
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
    tracing::info!("camera {}: reading {} every {} s at {} px wide, pushing to {url}", config.camera, config.input, config.every_secs, config.width);

    let queue = Arc::new(Queue::default());
    let reader = {
        let queue = queue.clone();
        std::thread::spawn(move || {
            let result = split_into(stdout, &queue);
            queue.close();
            result
        })
    };
    let mut summary = push_all(&queue, &url, &config.token, config.camera);
    let read = reader.join().unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")));
    let status = child.wait().map_err(PushError::Read)?;
    summary.dropped = queue.dropped();
    tracing::info!(
        "camera {}: ffmpeg ended ({status}); {} frames read, {} pushed, {} failed, {} dropped",
        config.camera,
        summary.read,
        summary.pushed,
        summary.failed,
        summary.dropped
    );
    read.map_err(PushError::Read)?;
    if !status.success() {
        return Err(PushError::Ffmpeg(status));
    }
    Ok(summary)
}

/// Reads `input` to its end, splitting it into JPEGs for the queue.
fn split_into(mut input: impl Read, queue: &Queue) -> io::Result<()> {
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

/// Pushes frames from the queue until it is closed and empty.
fn push_all(queue: &Queue, url: &str, token: &str, camera: i64) -> PushSummary {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(10))).build().into();
    let auth = format!("Bearer {token}");
    let mut summary = PushSummary::default();
    let mut backoff = FIRST_BACKOFF;
    while let Some(frame) = queue.take() {
        summary.read = queue.received();
        let sent = agent.post(url).header("authorization", &auth).header("content-type", "image/jpeg").send(&frame[..]);
        let ok = match sent {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let body = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
                if (200..300).contains(&status) {
                    tracing::info!("camera {camera}: frame of {} bytes pushed: HTTP {status} {}", frame.len(), body.trim());
                    true
                } else {
                    tracing::warn!("camera {camera}: frame of {} bytes refused: HTTP {status} {}", frame.len(), body.trim());
                    false
                }
            }
            Err(e) => {
                tracing::warn!("camera {camera}: frame of {} bytes not sent: {e}", frame.len());
                false
            }
        };
        if ok {
            summary.pushed += 1;
            backoff = FIRST_BACKOFF;
        } else {
            summary.failed += 1;
            // The queue keeps the newest frames meanwhile; the next push tries one of those.
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
    summary.read = queue.received();
    summary
}

/// The frames waiting to be pushed, newest kept, and whether the reader has finished.
#[derive(Default)]
struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
}

#[derive(Default)]
struct QueueState {
    frames: VecDeque<Vec<u8>>,
    closed: bool,
    received: u64,
    dropped: u64,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn put(&self, frame: Vec<u8>) {
        let mut state = self.lock();
        state.received += 1;
        if state.frames.len() == QUEUE {
            state.frames.pop_front();
            state.dropped += 1;
        }
        state.frames.push_back(frame);
        self.ready.notify_one();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_one();
    }

    /// The oldest waiting frame; `None` once the reader has finished and none is left.
    fn take(&self) -> Option<Vec<u8>> {
        let mut state = self.lock();
        loop {
            if let Some(frame) = state.frames.pop_front() {
                return Some(frame);
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
        };
        let args = ffmpeg_args(&config).join(" ");
        assert!(args.contains("-rtsp_transport tcp -i rtsp://cam.local/stream1 -vf fps=1/2,scale=640:-2"), "{args}");
        assert!(!args.contains("-re ") && args.ends_with("-f image2pipe -c:v mjpeg -q:v 5 -"), "{args}");
        let file = PushConfig { input: "kitchen.mp4".into(), frames: Some(3), ..config };
        let args = ffmpeg_args(&file).join(" ");
        assert!(args.contains("-re -i kitchen.mp4") && args.contains("-frames:v 3") && !args.contains("rtsp_transport"), "{args}");
    }
}
