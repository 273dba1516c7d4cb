//! ffmpeg encoding H.264 into fMP4 HLS segments in a folder of its own, and the completed segments handed
//! over as they come (issue 15): used by the camera gateway (`camera_push.rs`) and the demo's synthetic
//! video (`synthetic_video.rs`). A segment is complete once ffmpeg lists it in its playlist (it writes the
//! playlist after the segment, and renames it into place), with its duration (`#EXTINF`); it is read into
//! memory at once, and ffmpeg deletes it a few segments later (`delete_segments`: deleting it ourselves
//! makes ffmpeg log an error for each), so the folder never holds more than ~8 segments.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus};
use std::sync::Arc;
use std::time::Duration;

use mingchu_types::video::{MAX_SEGMENT_MS, MIN_SEGMENT_MS, X264_PROFILE};

/// How long ffmpeg's segments last, in seconds (a keyframe starts each).
pub const SEGMENT_SECS: u32 = 2;
/// ffmpeg's playlist and init segment names in the folder.
const PLAYLIST: &str = "live.m3u8";
const INIT: &str = "init.mp4";

/// How the video is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    pub fps: u32,
    /// The average bitrate; peaks are capped a quarter above it.
    pub kbps: u32,
    /// x264's preset: `veryfast` on a gateway, `ultrafast` for the demo.
    pub preset: &'static str,
}

/// The gateway's defaults: 12 fps at 400 kbps (capped at 500).
pub const GATEWAY: Encoding = Encoding { fps: 12, kbps: 400, preset: "veryfast" };

/// ffmpeg's output arguments for the HLS folder `dir`: libx264 in the contract's profile, yuv420p, a
/// keyframe every segment (and none elsewhere forced by a scene cut), low latency, **never any sound**,
/// fMP4 segments of [`SEGMENT_SECS`]. The input's video must already be scaled and at `encoding.fps`.
pub fn output_args(dir: &Path, encoding: &Encoding) -> Vec<String> {
    let gop = (encoding.fps * SEGMENT_SECS).to_string();
    let mut args: Vec<String> = vec!["-an".into(), "-c:v".into(), "libx264".into()];
    args.extend(X264_PROFILE.map(String::from));
    args.extend(
        [
            "-pix_fmt",
            "yuv420p",
            "-preset",
            encoding.preset,
            "-tune",
            "zerolatency",
            "-b:v",
            &format!("{}k", encoding.kbps),
            "-maxrate",
            &format!("{}k", encoding.kbps * 5 / 4),
            "-bufsize",
            &format!("{}k", encoding.kbps * 2),
            "-g",
            &gop,
            "-keyint_min",
            &gop,
            "-sc_threshold",
            "0",
            "-f",
            "hls",
            "-hls_time",
            &SEGMENT_SECS.to_string(),
            "-hls_segment_type",
            "fmp4",
            "-hls_flags",
            "delete_segments+independent_segments",
            "-hls_list_size",
            "6",
            "-hls_fmp4_init_filename",
            INIT,
        ]
        .map(String::from),
    );
    args.extend(["-hls_segment_filename".into(), path_arg(&dir.join("seg-%d.m4s")), path_arg(&dir.join(PLAYLIST))]);
    args
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// What the folder hands over, in order: a media segment with the init segment it decodes with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub bytes: Vec<u8>,
    pub duration_ms: u32,
    /// ffmpeg's number for it (from 0 in one run).
    pub index: u64,
    pub init: Arc<Vec<u8>>,
}

/// A temporary folder ffmpeg writes into, removed when dropped.
pub struct HlsFolder {
    dir: PathBuf,
    /// The next ffmpeg segment number not yet handed over.
    next: u64,
    init: Option<(u64, Arc<Vec<u8>>)>,
}

impl HlsFolder {
    /// A new empty folder under the system's temporary directory, named by `name` and this process.
    pub fn create(name: &str) -> io::Result<HlsFolder> {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mingchu-{name}-{}-{n}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(HlsFolder { dir, next: 0, init: None })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The segments completed since the last call, oldest first. A segment
    /// whose duration is out of the contract's bounds (a run's short last one) is dropped.
    pub fn take_completed(&mut self) -> io::Result<Vec<Segment>> {
        let text = match std::fs::read_to_string(self.dir.join(PLAYLIST)) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for (name, duration_ms) in listed(&text) {
            let Some(index) = name.strip_prefix("seg-").and_then(|n| n.strip_suffix(".m4s")).and_then(|n| n.parse::<u64>().ok()) else {
                continue;
            };
            if index < self.next {
                continue;
            }
            self.next = index + 1;
            let path = self.dir.join(&name);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                // Deleted by ffmpeg before it was read (a reader far behind): gone.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            if !(MIN_SEGMENT_MS..=MAX_SEGMENT_MS).contains(&duration_ms) {
                continue;
            }
            let init = self.current_init()?;
            out.push(Segment { bytes, duration_ms, index, init });
        }
        Ok(out)
    }

    /// The init segment as it is now (read again each time: a new one is a new `Arc`).
    fn current_init(&mut self) -> io::Result<Arc<Vec<u8>>> {
        let bytes = std::fs::read(self.dir.join(INIT))?;
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        let hash = hasher.finish();
        match &self.init {
            Some((h, init)) if *h == hash => Ok(init.clone()),
            _ => {
                let init = Arc::new(bytes);
                self.init = Some((hash, init.clone()));
                Ok(init)
            }
        }
    }

    /// Hands over each segment ffmpeg (`child`, writing into this folder) completes, until it ends;
    /// returns how it ended. `each` returning `false` stops ffmpeg.
    pub fn follow(&mut self, child: &mut Child, mut each: impl FnMut(Segment) -> bool) -> io::Result<ExitStatus> {
        loop {
            let status = child.try_wait()?;
            for segment in self.take_completed()? {
                if !each(segment) {
                    let _ = child.kill();
                    return child.wait();
                }
            }
            if let Some(status) = status {
                return Ok(status);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for HlsFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The segments an HLS playlist lists: each URI and its `#EXTINF` duration in milliseconds.
pub fn listed(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut duration = None;
    for line in text.lines().map(str::trim) {
        if let Some(extinf) = line.strip_prefix("#EXTINF:") {
            duration = extinf.split(',').next().and_then(|d| d.parse::<f64>().ok()).filter(|d| d.is_finite() && *d >= 0.0);
        } else if !line.is_empty() && !line.starts_with('#') {
            if let Some(secs) = duration.take() {
                out.push((line.to_owned(), (secs * 1000.0).round() as u32));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffmpegs_playlist_is_read_for_its_segments() {
        let text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:3\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000000,\nseg-3.m4s\n#EXTINF:1.5,\nseg-4.m4s\n#EXT-X-ENDLIST\n";
        assert_eq!(listed(text), [("seg-3.m4s".to_owned(), 2000), ("seg-4.m4s".to_owned(), 1500)]);
    }

    #[test]
    fn the_encoder_never_sends_sound_and_cuts_a_keyframe_per_segment() {
        let args = output_args(Path::new("/tmp/x"), &GATEWAY).join(" ");
        assert!(args.starts_with("-an -c:v libx264 -profile:v main -level:v 3.1 -pix_fmt yuv420p"), "{args}");
        assert!(args.contains("-b:v 400k -maxrate 500k -bufsize 800k -g 24 -keyint_min 24 -sc_threshold 0"), "{args}");
        assert!(args.contains("-hls_segment_type fmp4 -hls_flags delete_segments+independent_segments"), "{args}");
        assert!(args.ends_with("/tmp/x/seg-%d.m4s /tmp/x/live.m3u8"), "{args}");
    }

    #[test]
    fn completed_segments_are_handed_over_once() {
        let mut folder = HlsFolder::create("hls-test").unwrap();
        let dir = folder.dir().to_owned();
        assert!(folder.take_completed().unwrap().is_empty(), "no playlist yet");
        std::fs::write(dir.join(INIT), b"init-a").unwrap();
        std::fs::write(dir.join("seg-0.m4s"), b"zero").unwrap();
        std::fs::write(dir.join("seg-1.m4s"), b"one").unwrap();
        std::fs::write(dir.join(PLAYLIST), "#EXTINF:2.0,\nseg-0.m4s\n").unwrap();
        let first = folder.take_completed().unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!((first[0].bytes.as_slice(), first[0].duration_ms, first[0].init.as_slice()), (&b"zero"[..], 2000, &b"init-a"[..]));
        // The next listing repeats the first and adds one that is too short (a run's end): nothing new kept.
        std::fs::write(dir.join(PLAYLIST), "#EXTINF:2.0,\nseg-0.m4s\n#EXTINF:0.1,\nseg-1.m4s\n").unwrap();
        assert!(folder.take_completed().unwrap().is_empty());
        // A changed init comes with the next segment.
        std::fs::write(dir.join(INIT), b"init-b").unwrap();
        std::fs::write(dir.join("seg-2.m4s"), b"two").unwrap();
        std::fs::write(dir.join(PLAYLIST), "#EXTINF:2.0,\nseg-2.m4s\n").unwrap();
        let next = folder.take_completed().unwrap();
        assert_eq!(next[0].init.as_slice(), b"init-b");
        drop(folder);
        assert!(!dir.exists());
    }
}
