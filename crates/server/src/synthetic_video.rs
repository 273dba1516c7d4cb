//! Synthetic demo video (issue 15), so the delayed kitchen view plays at once with no camera attached:
//! ffmpeg's `testsrc2` pattern with "演示 DEMO" and its capture time (China time) drawn in, encoded into
//! ~2 s fMP4 segments (`hls_encode.rs`) and stored straight into the segment store for every sending demo
//! camera, as if a gateway had pushed them.
//!
//! One stream serves every camera: the encode is the cost (measured with Debian's ffmpeg 5.1 on this
//! machine: 200 s of video take ~7 CPU-seconds at start, then ~4.5% of a core in real time), and one per
//! area would cost that seven times over (~50 CPU-seconds at start, a third of a core after) for a band
//! of colour. The picture's drawn time is its pts plus an epoch (`%{pts:gmtime:…}`), so a
//! segment shows the time it is stamped with.
//!
//! A viewer is shown segments `delay` old, so at start the past (the longest delay and 20 s more) is
//! encoded as fast as ffmpeg can, then a second ffmpeg carries on from where it ended at real-time pace
//! (`-re`): the stream is unbroken (same init, times end to end), running a few seconds behind the clock,
//! which a delayed view never notices. It stops when the segment store is dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::cameras::effective_delay_secs;
use crate::hls_encode::{self, Encoding, HlsFolder, Segment};
use crate::hours::MINUTE_MS;
use crate::store::{CameraRecord, Store, StoreResult};
use crate::video_store::VideoStore;
use crate::{demo, Clock, CHINA_UTC_OFFSET_SECS};

/// 10 fps at 300 kbps, x264 at its cheapest preset that keeps the Main profile (`ultrafast` drops CABAC and
/// makes Constrained Baseline): a test pattern needs no more.
pub const ENCODING: Encoding = Encoding { fps: 10, kbps: 300, preset: "superfast" };
/// How much more than the longest delay is encoded at start.
const EXTRA_PAST_MS: i64 = 20_000;
/// Fonts tried in order (`fonts-noto-cjk`, which `cargo xtask setup` installs, then `fonts-dejavu-core`): a
/// CJK one draws "演示"; without one only "DEMO" is drawn.
const FONTS: [&str; 3] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
];

/// Starts the synthetic video for every sending demo camera; returns how many get it. Returns once every
/// camera has a segment old enough to show (or after 30 s on a slow machine, or at once without ffmpeg,
/// which is logged).
pub async fn start(store: Arc<dyn Store>, video: &Arc<VideoStore>, clock: Clock, min_delay_secs: u32) -> StoreResult<usize> {
    let cameras = demo::sending_cameras(&*store).await?;
    if cameras.is_empty() {
        return Ok(0);
    }
    let ffmpeg = PathBuf::from("ffmpeg");
    if !Command::new(&ffmpeg).arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()) {
        tracing::warn!("synthetic video: ffmpeg is not installed (`cargo xtask setup` installs it): the demo cameras show pictures only");
        return Ok(0);
    }
    let n = cameras.len();
    let (ready, shown) = tokio::sync::oneshot::channel();
    let synthetic = SyntheticVideo { cameras, store, video: Arc::downgrade(video), clock, min_delay_secs, ffmpeg };
    tokio::spawn(synthetic.run(ready));
    // The playlist is there for the first request; a slow machine carries on in the background.
    let _ = tokio::time::timeout(Duration::from_secs(30), shown).await;
    Ok(n)
}

struct SyntheticVideo {
    cameras: Vec<CameraRecord>,
    /// For the once-a-minute note that tells other servers the video plays (as a gateway's pushes leave).
    store: Arc<dyn Store>,
    video: Weak<VideoStore>,
    clock: Clock,
    min_delay_secs: u32,
    ffmpeg: PathBuf,
}

impl SyntheticVideo {
    fn delay_ms(&self, camera: &CameraRecord) -> i64 {
        i64::from(effective_delay_secs(camera, self.min_delay_secs)) * 1000
    }

    async fn run(self, ready: tokio::sync::oneshot::Sender<()>) {
        let Some(video) = self.video.upgrade() else { return };
        let now = self.clock.now_ms().div_euclid(1000) * 1000;
        let longest = self.cameras.iter().map(|c| self.delay_ms(c)).max().unwrap_or(0);
        let shortest = self.cameras.iter().map(|c| self.delay_ms(c)).min().unwrap_or(0);
        // After a restart the past already kept is not encoded again (segments never overlap).
        let kept_until = self.cameras.iter().filter_map(|c| video.last_segment(c.id)).map(|s| s.end_ms()).max();
        drop(video);
        let from = kept_until.map_or(now - longest - EXTRA_PAST_MS, |end| end.max(now - longest - EXTRA_PAST_MS));
        // Every camera can show a segment once the video reaches the shortest delay's past.
        let mut ready = Some((now - shortest, ready));
        let mut epoch = from;
        // The past as fast as ffmpeg goes, then real time from where it ended.
        let past_secs = ((now - from) / 1000).max(0) as u32;
        for real_time in [false, true] {
            if !real_time && past_secs < hls_encode::SEGMENT_SECS {
                continue;
            }
            let limit = (!real_time).then_some(past_secs);
            match self.encode(epoch, limit, &mut ready).await {
                Ok(Some(end)) => epoch = end,
                Ok(None) => return,
                Err(e) => {
                    tracing::warn!("synthetic video stopped: {e}");
                    return;
                }
            }
        }
        tracing::warn!("synthetic video: ffmpeg ended");
    }

    /// Runs one ffmpeg from `epoch` (its first frame's capture time), `limit` seconds as fast as it goes or
    /// for ever at real-time pace, storing each segment for every camera; `ready` is told once the video
    /// reaches its time. Returns where the video ended, or `None` once the store is gone.
    async fn encode(
        &self,
        epoch: i64,
        limit: Option<u32>,
        ready: &mut Option<(i64, tokio::sync::oneshot::Sender<()>)>,
    ) -> std::io::Result<Option<i64>> {
        let mut folder = HlsFolder::create("synthetic-video")?;
        let args = ffmpeg_args(folder.dir(), epoch, limit)?;
        let mut child = Command::new(&self.ffmpeg).args(&args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn()?;
        // The heartbeat is read and thrown away; when this process dies, the pipe breaks and ffmpeg ends.
        if let Some(mut heartbeat) = child.stdout.take() {
            std::thread::spawn(move || std::io::copy(&mut heartbeat, &mut std::io::sink()));
        }
        let (sender, mut segments) = tokio::sync::mpsc::channel::<Segment>(4);
        // ffmpeg and its folder are followed on a thread; a closed channel (the store gone) stops ffmpeg.
        let follower = tokio::task::spawn_blocking(move || {
            let status = folder.follow(&mut child, |segment| sender.blocking_send(segment).is_ok());
            drop(folder);
            status
        });
        let mut end = epoch;
        let mut init: Option<Arc<Vec<u8>>> = None;
        while let Some(segment) = segments.recv().await {
            let Some(video) = self.video.upgrade() else {
                return Ok(None);
            };
            let now = self.clock.now_ms();
            let new_init = init.as_ref() != Some(&segment.init);
            let segment_end = end + i64::from(segment.duration_ms);
            let first_of_minute = end == epoch || end.div_euclid(MINUTE_MS) != segment_end.div_euclid(MINUTE_MS);
            for camera in &self.cameras {
                if new_init {
                    video.store_init(camera.id, &segment.init).await?;
                }
                if let Err(e) = video.store_segment(camera.id, &segment.bytes, end, segment.duration_ms, self.delay_ms(camera), now).await {
                    tracing::warn!("synthetic video: camera {}: {e}", camera.id);
                } else if first_of_minute {
                    if let Err(e) = self.store.note_camera_video(camera.id, end, segment_end).await {
                        tracing::warn!("synthetic video: camera {}: cannot note its video: {e}", camera.id);
                    }
                }
            }
            init = Some(segment.init.clone());
            end += i64::from(segment.duration_ms);
            if let Some((_, tell)) = ready.take_if(|(at, _)| end >= *at) {
                let _ = tell.send(());
            }
        }
        let status = follower.await.map_err(std::io::Error::other)??;
        if !status.success() {
            return Err(std::io::Error::other(format!("ffmpeg ended with {status}")));
        }
        Ok(Some(end))
    }
}

/// ffmpeg's arguments: the test pattern at 640×360 and [`ENCODING`]'s rate, "演示 DEMO" and the capture
/// time (China time, from `epoch`) drawn in, into `dir`; `limit` seconds as fast as it goes, or for ever at
/// real-time pace. The text is written to a file in `dir` (drawtext expands it), which spares the
/// filter graph's escaping.
fn ffmpeg_args(dir: &Path, epoch_ms: i64, limit: Option<u32>) -> std::io::Result<Vec<String>> {
    let font = FONTS.iter().find(|f| Path::new(f).is_file());
    let label = if font.is_some_and(|f| f.contains("CJK")) { "演示 DEMO" } else { "DEMO" };
    let china_secs = (epoch_ms + CHINA_UTC_OFFSET_SECS * 1000) as f64 / 1000.0;
    let text = dir.join("text.txt");
    std::fs::write(&text, format!("{label}  %{{pts:gmtime:{china_secs:.3}:%Y-%m-%d %H\\:%M\\:%S}}"))?;
    let mut source = format!("testsrc2=size=640x360:rate={},drawbox=x=0:y=0:w=640:h=56:color=0x263238:t=fill", ENCODING.fps);
    // Without a known file, fontconfig's default sans font (Debian's ffmpeg is built with it).
    let face = font.map_or_else(|| "font=Sans".to_owned(), |f| format!("fontfile={f}"));
    source.push_str(&format!(",drawtext={face}:textfile={}:fontsize=30:fontcolor=white:x=16:y=10", text.display()));
    let mut args: Vec<String> = ["-hide_banner", "-nostdin", "-loglevel", "error"].map(String::from).to_vec();
    match limit {
        Some(secs) => args.extend(["-t".into(), secs.to_string()]),
        None => args.push("-re".into()),
    }
    args.extend(["-f".into(), "lavfi".into(), "-i".into(), source]);
    args.extend(hls_encode::output_args(dir, &ENCODING));
    // A tiny picture a second on stdout: an ffmpeg whose server was killed (no chance to stop it) finds its
    // pipe broken and ends, rather than encoding for no one for ever.
    args.extend(["-map", "0:v", "-vf", "fps=1,scale=16:-2", "-f", "image2pipe", "-c:v", "mjpeg", "-"].map(String::from));
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capture_time_is_drawn_from_the_epoch_in_china_time() {
        let dir = std::env::temp_dir().join(format!("mingchu-synthetic-args-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // 2026-11-29 04:30:05.250 UTC is 12:30:05 in China.
        let epoch = 1_795_910_400_000 + (4 * 3600 + 30 * 60 + 5) * 1000 + 250;
        let args = ffmpeg_args(&dir, epoch, Some(200)).unwrap().join(" ");
        let text = std::fs::read_to_string(dir.join("text.txt")).unwrap();
        let real_time = ffmpeg_args(&dir, epoch, None).unwrap().join(" ");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(text.ends_with(&format!("%{{pts:gmtime:{:.3}:%Y-%m-%d %H\\:%M\\:%S}}", (epoch + 8 * 3_600_000) as f64 / 1000.0)), "{text}");
        assert!(args.contains("-t 200 -f lavfi -i testsrc2=size=640x360:rate=10"), "{args}");
        assert!(!args.contains("-re"), "the past is encoded as fast as it goes: {args}");
        assert!(real_time.contains("-re -f lavfi"), "{real_time}");
    }
}
