//! Camera video on disk (issue 15): a bounded ring of fMP4 segments per camera under
//! `<data>/video/<camera id>/`, kept as `frames.rs` keeps frames.
//!
//! A media segment is `{seq}-{capture ms}-{duration ms}-{init hex}-{discontinuity}.m4s` and an init
//! segment `init-{hex}.mp4` (its id, the first 8 bytes of its SHA-256), so the index is rebuilt from the
//! names at start and the delayed playlist survives a restart unchanged (its discontinuity sequence never
//! goes back, which a player following it would take for a new stream). Files are
//! written under a temporary name and renamed; the index's lock is never held across file I/O.
//!
//! A segment is kept until it is older than the delay, the window a quiet camera's last segments are
//! listed for ([`SHOWABLE_WINDOW_MS`]) and a margin, and a byte cap per camera evicts the oldest first
//! (with [`frames::evictions`], the frames' rule). An init segment goes once no kept segment uses it and
//! it is not the camera's latest (the one the next segment decodes with).

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use mingchu_types::video::{next_discontinuity, SegmentEntry, MIN_SEGMENT_MS, SHOWABLE_WINDOW_MS};
use sha2::{Digest, Sha256};

use crate::frames::{self, Kept};

/// How many segments are kept.
#[derive(Clone, Debug)]
pub struct VideoRules {
    /// The most bytes of media segments kept per camera for each second it keeps (its delay, the window
    /// and the margin, see [`frames::byte_cap`]). Too few and the segments to be shown are evicted before
    /// they are old enough (logged once per camera).
    pub max_bytes_per_second: u64,
    /// How long segments are kept beyond the delay and the showable window, in milliseconds: room for a
    /// player that read the playlist just before its segments aged out.
    pub margin_ms: i64,
}

/// The default byte rate kept: 800 kbps, room for 500 kbps video and a keyframe-heavy scene.
pub const DEFAULT_MAX_BYTES_PER_SECOND: u64 = 100_000;

impl Default for VideoRules {
    fn default() -> VideoRules {
        VideoRules { max_bytes_per_second: DEFAULT_MAX_BYTES_PER_SECOND, margin_ms: 30_000 }
    }
}

/// An init segment's id: the first 8 bytes of its SHA-256.
pub fn init_id(bytes: &[u8]) -> u64 {
    let digest = Sha256::digest(bytes);
    u64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

/// The capture time of a segment of `duration_ms` that arrived at `arrival_ms` after `previous`: the
/// server never trusts a gateway's clock, so its end is its arrival, or the previous segment's end plus
/// its duration when that is later (a burst of segments sent after an outage is laid end to end, never
/// before the time it reached the server).
pub fn stamp(previous: Option<&SegmentEntry>, arrival_ms: i64, duration_ms: u32) -> i64 {
    let duration = i64::from(duration_ms);
    let end = previous.map_or(arrival_ms, |p| arrival_ms.max(p.end_ms() + duration));
    end - duration
}

/// A kept media segment and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stored {
    entry: SegmentEntry,
    bytes: u64,
}

impl Kept for Stored {
    fn shown_after_ms(&self) -> i64 {
        self.entry.end_ms()
    }

    fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// A camera's segments as indexed.
#[derive(Debug, Default)]
struct Ring {
    /// In sequence (and time) order.
    segments: Vec<Stored>,
    /// The newest segment stored or being written, surviving eviction: the next one's number, time and
    /// discontinuity follow from it.
    last: Option<SegmentEntry>,
    /// Segments being written.
    pending: Vec<SegmentEntry>,
    /// The init segments on disk.
    inits: BTreeSet<u64>,
    /// The init the next segment decodes with.
    latest_init: Option<u64>,
    /// Inits being deleted: one posted again meanwhile waits until its old file is gone.
    deleting: BTreeSet<u64>,
    /// Whether the byte cap has been logged as too small for this camera.
    warned: bool,
}

impl Ring {
    /// Inits that nothing kept uses and that are not the latest, taken out of the index.
    fn unused_inits(&mut self) -> Vec<u64> {
        let used: BTreeSet<u64> = self.segments.iter().map(|s| s.entry.init).chain(self.pending.iter().map(|s| s.init)).collect();
        let unused: Vec<u64> = self.inits.iter().copied().filter(|id| !used.contains(id) && Some(*id) != self.latest_init).collect();
        for id in &unused {
            self.inits.remove(id);
            self.deleting.insert(*id);
        }
        unused
    }
}

/// Every camera's ring: the files under one directory and their index.
pub struct VideoStore {
    dir: PathBuf,
    rules: VideoRules,
    rings: Mutex<HashMap<i64, Ring>>,
    /// Makes temporary names unique.
    temp: AtomicU64,
}

/// A media segment's file name.
fn segment_name(s: &SegmentEntry) -> String {
    format!("{}-{}-{}-{:016x}-{}.m4s", s.seq, s.capture_ms, s.duration_ms, s.init, s.discontinuity)
}

/// What a media segment's file name says; its discontinuity is `None` in the names of issue 15's first
/// servers, which did not write it.
fn parse_segment_name(name: &str) -> Option<(SegmentEntry, Option<u64>)> {
    let mut parts = name.strip_suffix(".m4s")?.splitn(5, '-');
    let seq = parts.next()?.parse().ok()?;
    let capture_ms = parts.next()?.parse().ok()?;
    let duration_ms = parts.next()?.parse().ok()?;
    let init = u64::from_str_radix(parts.next()?, 16).ok()?;
    let discontinuity = match parts.next() {
        Some(n) => Some(n.parse().ok()?),
        None => None,
    };
    Some((SegmentEntry { seq, capture_ms, duration_ms, init, discontinuity: discontinuity.unwrap_or(0) }, discontinuity))
}

fn init_name(id: u64) -> String {
    format!("init-{id:016x}.mp4")
}

fn parse_init_name(name: &str) -> Option<u64> {
    u64::from_str_radix(name.strip_prefix("init-")?.strip_suffix(".mp4")?, 16).ok()
}

/// Deletes a file, logging (not failing on) anything but its absence.
async fn remove(camera: i64, path: PathBuf) {
    match tokio::fs::remove_file(&path).await {
        Err(e) if e.kind() != io::ErrorKind::NotFound => tracing::warn!("camera {camera}: cannot delete {}: {e}", path.display()),
        _ => {}
    }
}

/// Rebuilds one camera's index from its directory, removing half-written files.
fn index_camera(dir: &Path) -> io::Result<Ring> {
    let mut ring = Ring::default();
    let mut newest_init: Option<(std::time::SystemTime, u64)> = None;
    let mut named = true;
    for (name, metadata) in frames::kept_files(dir)? {
        if let Some((entry, discontinuity)) = parse_segment_name(&name) {
            named &= discontinuity.is_some();
            ring.segments.push(Stored { entry, bytes: metadata.len() });
        } else if let Some(id) = parse_init_name(&name) {
            ring.inits.insert(id);
            newest_init = newest_init.max(Some((metadata.modified()?, id)));
        }
    }
    ring.segments.sort_by_key(|s| s.entry.seq);
    if !named {
        let mut previous: Option<SegmentEntry> = None;
        for s in &mut ring.segments {
            s.entry.discontinuity = next_discontinuity(previous.as_ref(), s.entry.seq, s.entry.capture_ms, s.entry.init);
            previous = Some(s.entry);
        }
    }
    let previous = ring.segments.last().map(|s| s.entry);
    ring.last = previous;
    // The newest segment's init is the one its encoder was using; without segments, the newest file.
    ring.latest_init = previous.map(|s| s.init).filter(|id| ring.inits.contains(id)).or(newest_init.map(|(_, id)| id));
    Ok(ring)
}

impl VideoStore {
    /// Opens `dir` (creating it), indexes the segments already there, removes any half-written file and
    /// the inits nothing uses.
    pub fn open(dir: PathBuf, rules: VideoRules) -> io::Result<VideoStore> {
        let mut rings = HashMap::new();
        for (id, camera) in frames::camera_dirs(&dir)? {
            let mut ring = index_camera(&camera)?;
            for init in ring.unused_inits() {
                let _ = std::fs::remove_file(camera.join(init_name(init)));
            }
            ring.deleting.clear();
            rings.insert(id, ring);
        }
        Ok(VideoStore { dir, rules, rings: Mutex::new(rings), temp: AtomicU64::new(0) })
    }

    pub fn rules(&self) -> &VideoRules {
        &self.rules
    }

    /// The directory every camera's video is under (its disk's free space matters).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `camera`'s segments are kept.
    pub fn camera_dir(&self, camera: i64) -> PathBuf {
        self.dir.join(camera.to_string())
    }

    fn rings(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Ring>> {
        // A panic elsewhere while holding the lock leaves the index as it was: still usable.
        self.rings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn write(&self, camera: i64, name: &str, bytes: &[u8]) -> io::Result<()> {
        let temp = format!(".{name}.{}.tmp", self.temp.fetch_add(1, Ordering::Relaxed));
        frames::write_whole(&self.camera_dir(camera), &temp, name, bytes).await
    }

    /// Stores an init segment (once: the same bytes again only make it the latest again) and makes it the
    /// one the camera's next segments decode with. Returns its id.
    pub async fn store_init(&self, camera: i64, bytes: &[u8]) -> io::Result<u64> {
        let id = init_id(bytes);
        // An init being deleted (unused, no longer the latest) is written again once it is gone.
        loop {
            {
                let mut rings = self.rings();
                let ring = rings.entry(camera).or_default();
                if !ring.deleting.contains(&id) {
                    if ring.inits.contains(&id) {
                        ring.latest_init = Some(id);
                        return Ok(id);
                    }
                    break;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        self.write(camera, &init_name(id), bytes).await?;
        let unused = {
            let mut rings = self.rings();
            let ring = rings.entry(camera).or_default();
            ring.inits.insert(id);
            ring.latest_init = Some(id);
            ring.unused_inits()
        };
        self.delete_inits(camera, unused).await;
        Ok(id)
    }

    /// Deletes inits taken out of the index, then lets them be written again.
    async fn delete_inits(&self, camera: i64, inits: Vec<u64>) {
        for id in &inits {
            remove(camera, self.camera_dir(camera).join(init_name(*id))).await;
        }
        if !inits.is_empty() {
            let mut rings = self.rings();
            if let Some(ring) = rings.get_mut(&camera) {
                for id in &inits {
                    ring.deleting.remove(id);
                }
            }
        }
    }

    /// The camera's newest segment stored or being written (the one [`stamp`] follows).
    pub fn last_segment(&self, camera: i64) -> Option<SegmentEntry> {
        self.rings().get(&camera).and_then(|ring| ring.last)
    }

    /// Stores a media segment of `duration_ms` captured at `capture_ms` (the caller's stamp, see [`stamp`];
    /// moved on to the end of the camera's previous segment if it would overlap it), decoding with the
    /// camera's latest init; then deletes what the camera, shown `delay_ms` late, no longer needs at
    /// `now_ms`. Its number is the camera's last + 1, or `now_ms / MIN_SEGMENT_MS` for a camera without one
    /// since the server started with nothing left of it (segments are never shorter, so numbers are never
    /// reused). Without an init segment,
    /// an error of kind `NotFound`.
    pub async fn store_segment(
        &self,
        camera: i64,
        bytes: &[u8],
        capture_ms: i64,
        duration_ms: u32,
        delay_ms: i64,
        now_ms: i64,
    ) -> io::Result<SegmentEntry> {
        let (entry, previous) = {
            let mut rings = self.rings();
            let ring = rings.entry(camera).or_default();
            let init = ring.latest_init.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("camera {camera} has no init segment")))?;
            let previous = ring.last;
            let seq = previous.map_or((now_ms / i64::from(MIN_SEGMENT_MS)).max(0) as u64, |p| p.seq + 1);
            let capture_ms = previous.map_or(capture_ms, |p| capture_ms.max(p.end_ms()));
            let discontinuity = next_discontinuity(previous.as_ref(), seq, capture_ms, init);
            let entry = SegmentEntry { seq, capture_ms, duration_ms, init, discontinuity };
            ring.last = Some(entry);
            ring.pending.push(entry);
            (entry, previous)
        };
        let written = self.write(camera, &segment_name(&entry), bytes).await;
        let (evicted, unused) = {
            let mut rings = self.rings();
            let ring = rings.entry(camera).or_default();
            ring.pending.retain(|p| p.seq != entry.seq);
            if let Err(e) = written {
                // The number is given back unless a later segment took the next one meanwhile.
                if ring.last == Some(entry) {
                    ring.last = previous;
                }
                return Err(e);
            }
            let at = ring.segments.partition_point(|s| s.entry.seq < entry.seq);
            ring.segments.insert(at, Stored { entry, bytes: bytes.len() as u64 });
            let margin_ms = SHOWABLE_WINDOW_MS + self.rules.margin_ms;
            let cap = frames::byte_cap(self.rules.max_bytes_per_second, delay_ms, margin_ms);
            let n = frames::evictions(&ring.segments, now_ms, delay_ms, margin_ms, cap);
            let evicted: Vec<SegmentEntry> = ring.segments.drain(..n).map(|s| s.entry).collect();
            if !ring.warned && evicted.last().is_some_and(|s| s.end_ms() > now_ms - delay_ms - margin_ms) {
                ring.warned = true;
                tracing::warn!(
                    "camera {camera}: {cap} bytes do not hold its last {} s of video: viewers may get none",
                    (delay_ms + margin_ms) / 1000
                );
            }
            let unused = if evicted.is_empty() { vec![] } else { ring.unused_inits() };
            (evicted, unused)
        };
        for s in evicted {
            remove(camera, self.camera_dir(camera).join(segment_name(&s))).await;
        }
        self.delete_inits(camera, unused).await;
        Ok(entry)
    }

    /// The camera's kept segments, in sequence order.
    pub fn segments(&self, camera: i64) -> Vec<SegmentEntry> {
        self.rings().get(&camera).map_or_else(Vec::new, |ring| ring.segments.iter().map(|s| s.entry).collect())
    }

    /// A kept segment's entry.
    pub fn segment(&self, camera: i64, seq: u64) -> Option<SegmentEntry> {
        let rings = self.rings();
        let ring = rings.get(&camera)?;
        let at = ring.segments.binary_search_by_key(&seq, |s| s.entry.seq).ok()?;
        Some(ring.segments[at].entry)
    }

    /// A media segment's bytes; `None` when there is no such segment (or it was evicted meanwhile).
    pub async fn read_segment(&self, camera: i64, seq: u64) -> io::Result<Option<Vec<u8>>> {
        let Some(entry) = self.segment(camera, seq) else {
            return Ok(None);
        };
        frames::read_if_there(&self.camera_dir(camera).join(segment_name(&entry))).await
    }

    /// An init segment's bytes; `None` when the camera has no such init.
    pub async fn read_init(&self, camera: i64, id: u64) -> io::Result<Option<Vec<u8>>> {
        if !self.rings().get(&camera).is_some_and(|ring| ring.inits.contains(&id)) {
            return Ok(None);
        }
        frames::read_if_there(&self.camera_dir(camera).join(init_name(id))).await
    }

    /// The init the camera's next segments decode with, if it sent one.
    pub fn latest_init(&self, camera: i64) -> Option<u64> {
        self.rings().get(&camera).and_then(|ring| ring.latest_init)
    }

    /// Whether the camera has this init segment.
    pub fn has_init(&self, camera: i64, id: u64) -> bool {
        self.rings().get(&camera).is_some_and(|ring| ring.inits.contains(&id))
    }

    /// How many segments of `camera` are kept, and their bytes.
    pub fn usage(&self, camera: i64) -> (usize, u64) {
        self.rings().get(&camera).map_or((0, 0), |ring| (ring.segments.len(), ring.segments.iter().map(|s| s.bytes).sum()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_890_000_000;
    const DELAY: i64 = 180_000;

    fn store(dir: &Path, max_bytes_per_second: u64) -> VideoStore {
        VideoStore::open(dir.to_path_buf(), VideoRules { max_bytes_per_second, margin_ms: 10_000 }).unwrap()
    }

    /// Pushes `n` segments of 2 s and 100 bytes, each arriving as it ends, from `start`; returns the time after.
    async fn push(store: &VideoStore, camera: i64, start: i64, n: usize) -> i64 {
        let mut now = start;
        for _ in 0..n {
            now += 2_000;
            let capture = stamp(store.last_segment(camera).as_ref(), now, 2_000);
            store.store_segment(camera, &[7; 100], capture, 2_000, DELAY, now).await.unwrap();
        }
        now
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir).unwrap().map(|f| f.unwrap().file_name().to_string_lossy().into_owned()).collect();
        out.sort();
        out
    }

    #[test]
    fn the_stamp_is_the_arrival_never_before_the_previous_end() {
        let previous = SegmentEntry { seq: 1, capture_ms: 10_000, duration_ms: 2_000, init: 1, discontinuity: 0 };
        assert_eq!(stamp(None, 50_000, 2_000), 48_000);
        assert_eq!(stamp(Some(&previous), 50_000, 2_000), 48_000, "after a pause: its arrival");
        assert_eq!(stamp(Some(&previous), 12_500, 2_000), 12_000, "a burst: laid end to end");
        assert_eq!(init_id(b"x"), init_id(b"x"));
        assert_ne!(init_id(b"x"), init_id(b"y"));
    }

    #[tokio::test]
    async fn no_segment_before_an_init_and_numbers_follow_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path(), u64::MAX);
        let refused = store.store_segment(3, &[1; 10], T0, 2_000, DELAY, T0 + 2_000).await.unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::NotFound);
        let init = store.store_init(3, b"init one").await.unwrap();
        assert_eq!(store.store_init(3, b"init one").await.unwrap(), init, "the same bytes, the same id");
        push(&store, 3, T0, 3).await;
        let segments = store.segments(3);
        let first = ((T0 + 2_000) / i64::from(MIN_SEGMENT_MS)) as u64; // its arrival, in half seconds
        assert_eq!(segments.iter().map(|s| s.seq).collect::<Vec<_>>(), [first, first + 1, first + 2]);
        assert!(segments.iter().all(|s| s.init == init && s.discontinuity == 0));
        assert_eq!(segments[1].capture_ms, T0 + 2_000);
        assert_eq!(store.read_segment(3, first).await.unwrap(), Some(vec![7; 100]));
        assert_eq!(store.read_segment(3, first + 9).await.unwrap(), None);
        assert_eq!(store.read_init(3, init).await.unwrap().as_deref(), Some(&b"init one"[..]));
        assert_eq!(store.read_init(4, init).await.unwrap(), None, "another camera's init");
    }

    #[tokio::test]
    async fn old_segments_go_after_the_delay_the_window_and_the_margin() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path(), u64::MAX);
        store.store_init(3, b"init").await.unwrap();
        // 10 minutes of 2-s segments: kept are those that ended within delay + window + margin (220 s).
        let now = push(&store, 3, T0, 300).await;
        let segments = store.segments(3);
        assert!(segments.iter().all(|s| s.end_ms() >= now - DELAY - SHOWABLE_WINDOW_MS - 10_000));
        assert_eq!(segments.len(), 111, "220 s of 2-s segments, and the one just old enough");
        assert_eq!(files(&store.camera_dir(3)).len(), segments.len() + 1, "and the init");
    }

    #[tokio::test]
    async fn the_byte_cap_evicts_the_oldest_and_unused_inits_go() {
        let dir = tempfile::tempdir().unwrap();
        // 5 bytes for each of the 220 s kept (delay, window, margin): eleven segments of 100 bytes.
        let store = store(dir.path(), 5);
        let old = store.store_init(3, b"old encoder").await.unwrap();
        let now = push(&store, 3, T0, 5).await;
        let new = store.store_init(3, b"new encoder").await.unwrap();
        assert!(store.has_init(3, old), "its segments are still kept");
        let now = push(&store, 3, now, 11).await;
        assert_eq!(store.usage(3), (11, 1_100));
        assert!(store.segments(3).iter().all(|s| s.init == new));
        assert!(!store.has_init(3, old), "no kept segment uses it");
        assert_eq!(files(&store.camera_dir(3)).iter().filter(|f| f.starts_with("init-")).count(), 1);
        // A new init again: the old one goes only once its segments do; the latest is never removed.
        assert_eq!(store.store_init(3, b"old encoder").await.unwrap(), old);
        assert!(store.has_init(3, new));
        push(&store, 3, now, 11).await;
        assert!(!store.has_init(3, new));
        assert_eq!(store.latest_init(3), Some(old));
        assert_eq!(store.segments(3).last().map(|s| s.discontinuity), Some(2), "two new encoders");
    }

    #[tokio::test]
    async fn a_restart_rebuilds_the_index_and_never_reuses_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let (before, init) = {
            let store = store(dir.path(), u64::MAX);
            let init = store.store_init(3, b"init").await.unwrap();
            let now = push(&store, 3, T0, 4).await;
            // A gap in time, a discontinuity, and a write a crash cut short.
            push(&store, 3, now + 60_000, 2).await;
            std::fs::write(store.camera_dir(3).join(".9.tmp"), b"half").unwrap();
            std::fs::write(store.camera_dir(3).join("init-00000000000000ff.mp4"), b"unused").unwrap();
            (store.segments(3), init)
        };
        assert_eq!(before.iter().map(|s| s.discontinuity).collect::<Vec<_>>(), [0, 0, 0, 0, 1, 1]);
        let store = store(dir.path(), u64::MAX);
        assert_eq!(store.segments(3), before);
        assert_eq!(store.latest_init(3), Some(init));
        assert!(!store.camera_dir(3).join(".9.tmp").exists());
        assert!(!store.has_init(3, 0xff) && !store.camera_dir(3).join("init-00000000000000ff.mp4").exists(), "an unused old init goes");
        // The segments before the gap evicted, then a restart: the rest keep their discontinuity number.
        drop(store);
        for s in &before[..4] {
            std::fs::remove_file(dir.path().join("3").join(segment_name(s))).unwrap();
        }
        let store = self::store(dir.path(), u64::MAX);
        assert_eq!(store.segments(3), before[4..]);
        let next = push(&store, 3, T0 + 80_000, 1).await;
        assert_eq!(store.segments(3).last().map(|s| s.seq), Some(before[5].seq + 1));

        // Everything evicted before a restart: the numbers start from the clock, past any used.
        let later = next + 3_600_000;
        push(&store, 3, later, 1).await;
        let last = store.segments(3).last().map(|s| s.seq).unwrap();
        for file in files(&store.camera_dir(3)).iter().filter(|f| f.ends_with(".m4s")) {
            std::fs::remove_file(store.camera_dir(3).join(file)).unwrap();
        }
        drop(store);
        let store = self::store(dir.path(), u64::MAX);
        assert!(store.segments(3).is_empty());
        assert_eq!(store.latest_init(3), Some(init), "the init is kept for the next segment");
        push(&store, 3, later + 10_000, 1).await;
        let seq = store.segments(3)[0].seq;
        assert!(seq > last, "{seq} after {last}");
        assert_eq!(seq, ((later + 12_000) / i64::from(MIN_SEGMENT_MS)) as u64);
    }
}
