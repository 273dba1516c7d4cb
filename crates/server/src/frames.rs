//! Camera frames on disk: a bounded ring per camera under `<data>/frames/<camera id>/<capture ms>.jpg`.
//!
//! The public view is delayed, so a camera's recent past must be kept until it may be shown, and no
//! longer: a frame is deleted once it is older than the delay plus a margin, except the newest frame old
//! enough to be shown (the one viewers are getting), and a byte cap per camera evicts the oldest first.
//! Frames are written under a temporary name and renamed, so a crash never leaves half a frame; the
//! in-memory index (capture time and size of each frame) is rebuilt from the directory at start, so the
//! view survives a restart. The index's lock is never held across file I/O.
//!
//! Frames are checked by their bytes only, never decoded: a gateway pushes one every second or two per
//! camera, and the header says all that matters (a JPEG, complete, of a sane size).

use std::collections::HashMap;
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use image::{ImageFormat, ImageReader};

/// What a frame may be, and how many are kept.
#[derive(Clone, Debug)]
pub struct FrameRules {
    /// The largest frame, in bytes.
    pub max_frame_bytes: usize,
    /// The shortest side a frame may have (anything smaller shows nothing of a kitchen).
    pub min_side: u32,
    /// The longest side a frame may have.
    pub max_side: u32,
    /// The most bytes kept per camera for each second it keeps (its delay and the margin, see
    /// [`byte_cap`]): a longer delay keeps as many seconds. Too few and the frame to be shown is evicted
    /// before it is old enough (logged once per camera).
    pub max_bytes_per_second: u64,
    /// How long frames are kept beyond the delay, in milliseconds: room for a viewer's request that
    /// picked a frame just before a newer one became old enough.
    pub margin_ms: i64,
}

impl Default for FrameRules {
    fn default() -> FrameRules {
        FrameRules { max_frame_bytes: MAX_FRAME_BYTES, min_side: 16, max_side: 4096, max_bytes_per_second: 36_000, margin_ms: 60_000 }
    }
}

/// The largest frame a gateway may push by default (2 MB); the ingest route's body limit.
pub const MAX_FRAME_BYTES: usize = 2 * 1024 * 1024;

/// Why a frame was refused. Each maps to the same error codes as a diner's photo.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame is empty")]
    Empty,
    #[error("the frame is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("a frame must be a JPEG (its bytes start with FF D8)")]
    NotJpeg,
    #[error("the JPEG ends before its end-of-image marker")]
    Incomplete,
    #[error("the JPEG's header cannot be read: {0}")]
    Damaged(String),
    #[error("the frame is {width}×{height} pixels: each side must be at least {min}")]
    TooSmall { width: u32, height: u32, min: u32 },
    #[error("the frame is {width}×{height} pixels: each side must be at most {max}")]
    TooBig { width: u32, height: u32, max: u32 },
}

/// Checks that `bytes` are one complete JPEG of a sane size, reading only its header; returns its size.
pub fn check_jpeg(bytes: &[u8], rules: &FrameRules) -> Result<(u32, u32), FrameError> {
    if bytes.is_empty() {
        return Err(FrameError::Empty);
    }
    if bytes.len() > rules.max_frame_bytes {
        return Err(FrameError::TooLarge { max: rules.max_frame_bytes });
    }
    // By the bytes: a declared content type says nothing.
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(FrameError::NotJpeg);
    }
    if !crate::media::jpeg_is_complete(bytes) {
        return Err(FrameError::Incomplete);
    }
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg).into_dimensions().map_err(|e| FrameError::Damaged(e.to_string()))?;
    if width < rules.min_side || height < rules.min_side {
        return Err(FrameError::TooSmall { width, height, min: rules.min_side });
    }
    if width > rules.max_side || height > rules.max_side {
        return Err(FrameError::TooBig { width, height, max: rules.max_side });
    }
    Ok((width, height))
}

/// One kept frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// When the server received it (UTC ms): its capture time as far as anyone can prove.
    pub captured_ms: i64,
    pub bytes: u64,
}

/// The newest frame captured no later than `not_after_ms` and no earlier than `not_before_ms`.
/// `frames` is sorted by capture time.
pub fn pick(frames: &[Frame], not_after_ms: i64, not_before_ms: i64) -> Option<Frame> {
    let end = frames.partition_point(|f| f.captured_ms <= not_after_ms);
    frames[..end].last().copied().filter(|f| f.captured_ms >= not_before_ms)
}

/// Something kept on disk for a delayed view (a frame, a video segment): from when it may be shown, and
/// its size.
pub trait Kept {
    /// The time (UTC ms) it may be shown `delay` after: a frame's capture, a segment's end.
    fn shown_after_ms(&self) -> i64;
    fn bytes(&self) -> u64;
}

impl Kept for Frame {
    fn shown_after_ms(&self) -> i64 {
        self.captured_ms
    }

    fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// How many of the oldest items to delete at `now_ms`, for a camera shown `delay_ms` late: those older
/// than the delay plus `margin_ms`, except the newest item old enough to be shown; then more of the
/// oldest while the rest exceed `max_bytes`. `items` are sorted by [`Kept::shown_after_ms`].
/// A camera's byte cap: `per_second` for each second of its delay and margin it keeps, so a camera shown
/// half an hour late keeps half an hour like one shown three minutes late keeps three.
pub fn byte_cap(per_second: u64, delay_ms: i64, margin_ms: i64) -> u64 {
    per_second.saturating_mul((delay_ms.saturating_add(margin_ms).max(0) as u64).div_ceil(1000))
}

pub fn evictions<T: Kept>(items: &[T], now_ms: i64, delay_ms: i64, margin_ms: i64, max_bytes: u64) -> usize {
    let shown = items.partition_point(|f| f.shown_after_ms() <= now_ms - delay_ms).checked_sub(1);
    let expired = items.partition_point(|f| f.shown_after_ms() < now_ms - delay_ms - margin_ms);
    let mut n = shown.map_or(expired, |shown| expired.min(shown));
    let mut kept: u64 = items[n..].iter().map(Kept::bytes).sum();
    while kept > max_bytes && n < items.len() {
        kept -= items[n].bytes();
        n += 1;
    }
    n
}

/// A camera's frames as indexed.
#[derive(Debug, Default)]
struct Ring {
    /// Sorted by capture time.
    frames: Vec<Frame>,
    /// Capture times reserved by writes still under way, so two writes never share a file name.
    pending: Vec<i64>,
    /// The newest capture time ever stored, surviving the frames' eviction.
    last_received_ms: Option<i64>,
    /// Whether the byte cap has been logged as too small for this camera.
    warned: bool,
}

/// A stored frame's capture time, and when the camera's previous frame arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    pub captured_ms: i64,
    pub previous_ms: Option<i64>,
}

/// Every camera's ring: the files under one directory and their index.
pub struct FrameStore {
    dir: PathBuf,
    rules: FrameRules,
    rings: Mutex<HashMap<i64, Ring>>,
}

impl FrameStore {
    /// Opens `dir` (creating it), indexes the frames already there and removes any half-written one.
    pub fn open(dir: PathBuf, rules: FrameRules) -> io::Result<FrameStore> {
        let mut rings = HashMap::new();
        for (id, camera) in camera_dirs(&dir)? {
            let mut ring = Ring::default();
            for (name, metadata) in kept_files(&camera)? {
                if let Some(ms) = name.strip_suffix(".jpg").and_then(|ms| ms.parse::<i64>().ok()) {
                    ring.frames.push(Frame { captured_ms: ms, bytes: metadata.len() });
                }
            }
            ring.frames.sort_by_key(|f| f.captured_ms);
            ring.last_received_ms = ring.frames.last().map(|f| f.captured_ms);
            rings.insert(id, ring);
        }
        Ok(FrameStore { dir, rules, rings: Mutex::new(rings) })
    }

    pub fn rules(&self) -> &FrameRules {
        &self.rules
    }

    /// The directory every camera's frames are under (its disk's free space matters).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, camera: i64, captured_ms: i64) -> PathBuf {
        self.dir.join(camera.to_string()).join(format!("{captured_ms}.jpg"))
    }

    fn rings(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Ring>> {
        // A panic elsewhere while holding the lock leaves the index as it was: still usable.
        self.rings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores a frame captured at `captured_ms` (moved on by a millisecond if another frame of the camera
    /// has that time), then deletes what the camera, shown `delay_ms` late, no longer needs at `now_ms`.
    pub async fn put(&self, camera: i64, jpeg: &[u8], captured_ms: i64, now_ms: i64, delay_ms: i64) -> io::Result<Stored> {
        let captured_ms = {
            let mut rings = self.rings();
            let ring = rings.entry(camera).or_default();
            let mut at = captured_ms;
            while ring.pending.contains(&at) || ring.frames.binary_search_by_key(&at, |f| f.captured_ms).is_ok() {
                at += 1;
            }
            ring.pending.push(at);
            at
        };
        let written = self.write(camera, captured_ms, jpeg).await;
        let (previous_ms, evicted) = {
            let mut rings = self.rings();
            let ring = rings.entry(camera).or_default();
            ring.pending.retain(|&at| at != captured_ms);
            written?;
            let at = ring.frames.partition_point(|f| f.captured_ms < captured_ms);
            ring.frames.insert(at, Frame { captured_ms, bytes: jpeg.len() as u64 });
            let previous_ms = ring.last_received_ms;
            ring.last_received_ms = previous_ms.max(Some(captured_ms));
            let cap = byte_cap(self.rules.max_bytes_per_second, delay_ms, self.rules.margin_ms);
            let n = evictions(&ring.frames, now_ms, delay_ms, self.rules.margin_ms, cap);
            let evicted: Vec<Frame> = ring.frames.drain(..n).collect();
            if !ring.warned && evicted.last().is_some_and(|f| f.captured_ms > now_ms - delay_ms - self.rules.margin_ms) {
                ring.warned = true;
                tracing::warn!(
                    "camera {camera}: {cap} bytes do not hold its last {} s of frames: viewers may get none",
                    (delay_ms + self.rules.margin_ms) / 1000
                );
            }
            (previous_ms, evicted)
        };
        for frame in evicted {
            match tokio::fs::remove_file(self.path(camera, frame.captured_ms)).await {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    tracing::warn!("camera {camera}: cannot delete a frame: {e}")
                }
                _ => {}
            }
        }
        Ok(Stored { captured_ms, previous_ms })
    }

    async fn write(&self, camera: i64, captured_ms: i64, jpeg: &[u8]) -> io::Result<()> {
        write_whole(&self.dir.join(camera.to_string()), &format!(".{captured_ms}.tmp"), &format!("{captured_ms}.jpg"), jpeg).await
    }

    /// The newest frame of `camera` captured within `[not_before_ms, not_after_ms]`.
    pub fn newest(&self, camera: i64, not_after_ms: i64, not_before_ms: i64) -> Option<Frame> {
        self.rings().get(&camera).and_then(|ring| pick(&ring.frames, not_after_ms, not_before_ms))
    }

    /// A frame's bytes; `None` when it has been evicted since it was picked.
    pub async fn read(&self, camera: i64, frame: Frame) -> io::Result<Option<Vec<u8>>> {
        read_if_there(&self.path(camera, frame.captured_ms)).await
    }

    /// When `camera` last sent a frame, if ever (as far as the frames on disk tell after a restart).
    pub fn last_received_ms(&self, camera: i64) -> Option<i64> {
        self.rings().get(&camera).and_then(|ring| ring.last_received_ms)
    }

    /// How many frames of `camera` are kept, and their bytes.
    pub fn usage(&self, camera: i64) -> (usize, u64) {
        self.rings().get(&camera).map_or((0, 0), |ring| (ring.frames.len(), ring.frames.iter().map(|f| f.bytes).sum()))
    }

    /// Where `camera`'s frames are kept.
    pub fn camera_dir(&self, camera: i64) -> PathBuf {
        self.dir.join(camera.to_string())
    }
}

/// Writes `bytes` as `name` in `dir` (created if need be) under the temporary name `temp` first, then
/// renames: readers see the whole file or none, and a crash leaves only a `.tmp` file for the next start.
pub async fn write_whole(dir: &Path, temp: &str, name: &str, bytes: &[u8]) -> io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let temp = dir.join(temp);
    tokio::fs::write(&temp, bytes).await?;
    if let Err(e) = tokio::fs::rename(&temp, dir.join(name)).await {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(e);
    }
    Ok(())
}

/// A kept file's bytes; `None` when it is not there (evicted since it was picked).
pub async fn read_if_there(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match tokio::fs::read(path).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The files in a camera's directory, by name, once any write a crash cut short (a `.tmp` file) is removed.
pub fn kept_files(dir: &Path) -> io::Result<Vec<(String, std::fs::Metadata)>> {
    let mut out = Vec::new();
    for file in std::fs::read_dir(dir)? {
        let file = file?;
        let name = file.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tmp") {
            let _ = std::fs::remove_file(file.path());
        } else {
            out.push((name, file.metadata()?));
        }
    }
    Ok(out)
}

/// Creates `dir` and lists the cameras' directories in it (`<camera id>/`).
pub fn camera_dirs(dir: &Path) -> io::Result<Vec<(i64, PathBuf)>> {
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for camera in std::fs::read_dir(dir)? {
        let camera = camera?;
        if let Some(id) = camera.file_name().to_str().and_then(|n| n.parse::<i64>().ok()) {
            if camera.file_type()?.is_dir() {
                out.push((id, camera.path()));
            }
        }
    }
    Ok(out)
}

/// The capture times of the frames kept in a camera's directory, oldest first (for tests and tools).
pub fn frame_files(dir: &Path) -> io::Result<Vec<i64>> {
    let mut out = Vec::new();
    for file in std::fs::read_dir(dir)? {
        let name = file?.file_name();
        if let Some(ms) = name.to_string_lossy().strip_suffix(".jpg").and_then(|ms| ms.parse().ok()) {
            out.push(ms);
        }
    }
    out.sort_unstable();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_cap_grows_with_the_delay() {
        // Half an hour late, a camera keeps half an hour of 500 kbps video with the default rate.
        let video = crate::video_store::DEFAULT_MAX_BYTES_PER_SECOND;
        assert!(byte_cap(video, 1_800_000, 60_000) >= 500_000 / 8 * 1_860);
        assert_eq!(byte_cap(1_000, 180_000, 60_000), 240_000);
        assert_eq!(byte_cap(1_000, 1_500, 0), 2_000, "a part second counts whole");
        assert_eq!(byte_cap(1_000, -5_000, 0), 0);
    }

    fn frames(times: &[i64]) -> Vec<Frame> {
        times.iter().map(|&captured_ms| Frame { captured_ms, bytes: 100 }).collect()
    }

    #[test]
    fn the_newest_frame_old_enough_is_picked_never_a_newer_one() {
        let f = frames(&[1_000, 3_000, 5_000]);
        assert_eq!(pick(&f, 4_999, 0).map(|f| f.captured_ms), Some(3_000));
        assert_eq!(pick(&f, 5_000, 0).map(|f| f.captured_ms), Some(5_000), "exactly old enough counts");
        assert_eq!(pick(&f, 999, 0), None, "nothing old enough");
        assert_eq!(pick(&f, 10_000, 0).map(|f| f.captured_ms), Some(5_000));
        assert_eq!(pick(&f, 4_000, 3_500), None, "the eligible frame is older than allowed");
        assert_eq!(pick(&[], 10_000, 0), None);
    }

    #[test]
    fn old_frames_go_except_the_one_being_shown() {
        // Delay 10 s, margin 2 s, at 20 s: shown is the newest ≤ 10 s; expired are those < 8 s.
        let f = frames(&[1_000, 5_000, 7_000, 9_000, 11_000, 19_000]);
        assert_eq!(evictions(&f, 20_000, 10_000, 2_000, u64::MAX), 3, "1, 5 and 7 s go; 9 s is shown");
        // A camera that stopped long ago keeps the one frame viewers get.
        let f = frames(&[1_000, 2_000, 3_000]);
        assert_eq!(evictions(&f, 100_000, 10_000, 2_000, u64::MAX), 2);
        // Nothing old enough yet: nothing goes.
        let f = frames(&[95_000, 99_000]);
        assert_eq!(evictions(&f, 100_000, 10_000, 2_000, u64::MAX), 0);
    }

    #[test]
    fn the_byte_cap_evicts_oldest_first() {
        let f = frames(&[95_000, 96_000, 97_000, 98_000, 99_000]);
        assert_eq!(evictions(&f, 100_000, 10_000, 2_000, 300), 2, "500 bytes under a 300-byte cap");
        assert_eq!(evictions(&f, 100_000, 10_000, 2_000, 500), 0);
        assert_eq!(evictions(&f, 100_000, 10_000, 2_000, 0), 5);
    }

    #[test]
    fn only_complete_jpegs_of_a_sane_size_pass() {
        let rules = FrameRules::default();
        let jpeg = |w, h| {
            let mut out = Cursor::new(Vec::new());
            image::DynamicImage::ImageRgb8(image::RgbImage::new(w, h)).write_to(&mut out, ImageFormat::Jpeg).unwrap();
            out.into_inner()
        };
        assert_eq!(check_jpeg(&jpeg(64, 32), &rules), Ok((64, 32)));
        assert_eq!(check_jpeg(&jpeg(8, 64), &rules), Err(FrameError::TooSmall { width: 8, height: 64, min: 16 }));
        assert_eq!(check_jpeg(&[], &rules), Err(FrameError::Empty));
        assert_eq!(check_jpeg(b"\x89PNG\r\n\x1a\n", &rules), Err(FrameError::NotJpeg));
        let whole = jpeg(64, 64);
        assert_eq!(check_jpeg(&whole[..whole.len() - 2], &rules), Err(FrameError::Incomplete));
        let small = FrameRules { max_frame_bytes: 10, ..FrameRules::default() };
        assert_eq!(check_jpeg(&whole, &small), Err(FrameError::TooLarge { max: 10 }));
        let bad = [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3, 0xFF, 0xD9];
        assert!(matches!(check_jpeg(&bad, &rules), Err(FrameError::Damaged(_))));
    }
}
