//! Room for what diners and cameras send. A photo upload or a camera frame is refused (503, told when
//! to try again) while the disk it would be written to has less free space than a reserve, or while the
//! media store holds its quota: refused before it is written, so a full disk never breaks a write that
//! was already acknowledged (the database, a frame, a photo). The diners' app keeps a refused draft and
//! sends it again; a camera gateway keeps its newest frames and pushes again.
//!
//! The media store's use (photos and bytes, photo and thumbnail) is read from the database, which every
//! server shares: at most every few seconds, and kept up to date between reads by this server's uploads
//! and the sweep's counts. It is also the `mingchu_media_photos` and `mingchu_media_bytes` gauges.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::store::{MediaUsage, StoreResult, WriteStore};

/// Free space kept on the media and frames disks by default: room for the database, the logs and the
/// frames already accepted to go on being written.
pub const DEFAULT_MIN_FREE_BYTES: u64 = 512 * 1024 * 1024;

/// What a refused client is told to wait, in seconds: space comes back when the sweep runs or an
/// operator makes room, not at once.
pub const RETRY_AFTER_SECS: u64 = 120;

/// How long a read of the media store's use is trusted before it is read again.
const USAGE_FRESH: Duration = Duration::from_secs(10);

/// What room must be left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomRules {
    /// Uploads and frames are refused while their disk has less free space than this.
    pub min_free_bytes: u64,
    /// The most bytes the media store may hold (photos and thumbnails), if limited: a bucket's plan, or
    /// a share of a disk that other things use.
    pub media_quota: Option<u64>,
}

impl Default for RoomRules {
    fn default() -> RoomRules {
        RoomRules { min_free_bytes: DEFAULT_MIN_FREE_BYTES, media_quota: None }
    }
}

/// What is being sent, for the refusals' counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upload {
    Photo,
    Frame,
    /// A camera's video segment (issue 15).
    Video,
}

impl Upload {
    fn as_str(self) -> &'static str {
        match self {
            Upload::Photo => "photo",
            Upload::Frame => "frame",
            Upload::Video => "video",
        }
    }
}

/// Why there is no room.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoRoom {
    #[error("the disk of {} has {free} bytes free; {reserve} are kept free", path.display())]
    Disk { path: PathBuf, free: u64, reserve: u64 },
    #[error("the media store holds {used} bytes of its {quota}-byte quota")]
    Quota { used: u64, quota: u64 },
}

impl NoRoom {
    fn reason(&self) -> &'static str {
        match self {
            NoRoom::Disk { .. } => "disk",
            NoRoom::Quota { .. } => "quota",
        }
    }
}

/// The rules and the media store's last known use.
pub struct Room {
    rules: RoomRules,
    usage: Mutex<Option<(MediaUsage, Instant)>>,
}

impl Room {
    pub fn new(rules: RoomRules) -> Room {
        Room { rules, usage: Mutex::new(None) }
    }

    /// Whether `incoming` more bytes leave the disk of `dir` its reserve. A disk whose free space cannot
    /// be read is not refused for it (logged).
    pub fn check_disk(&self, upload: Upload, dir: &Path, incoming: u64) -> Result<(), NoRoom> {
        let free = match free_bytes(dir) {
            Ok(free) => free,
            Err(e) => {
                tracing::warn!("cannot read the free space of {}: {e}", dir.display());
                return Ok(());
            }
        };
        if free.saturating_sub(incoming) < self.rules.min_free_bytes {
            return Err(refused(upload, NoRoom::Disk { path: dir.to_path_buf(), free, reserve: self.rules.min_free_bytes }));
        }
        Ok(())
    }

    /// Whether the media store, using `usage`, has room for `incoming` more bytes under its quota.
    pub fn check_quota(&self, usage: MediaUsage, incoming: u64) -> Result<(), NoRoom> {
        match self.rules.media_quota {
            Some(quota) if usage.bytes.saturating_add(incoming) > quota => Err(refused(Upload::Photo, NoRoom::Quota { used: usage.bytes, quota })),
            _ => Ok(()),
        }
    }

    /// Whether the media store has a quota (only then must its use be known before an upload).
    pub fn has_quota(&self) -> bool {
        self.rules.media_quota.is_some()
    }

    /// The media store's use: as last read when that was moments ago, else read again from `store`.
    pub async fn usage(&self, store: &dyn WriteStore) -> StoreResult<MediaUsage> {
        if let Some((usage, at)) = *self.cached() {
            if at.elapsed() < USAGE_FRESH {
                return Ok(usage);
            }
        }
        let usage = store.media_usage().await?;
        self.counted(usage);
        Ok(usage)
    }

    /// The media store's use as just counted in the database.
    pub fn counted(&self, usage: MediaUsage) {
        *self.cached() = Some((usage, Instant::now()));
        record_usage(usage);
    }

    /// This server kept one more photo of `bytes` (photo and thumbnail).
    pub fn added(&self, bytes: u64) {
        let mut cached = self.cached();
        if let Some((usage, _)) = cached.as_mut() {
            usage.photos += 1;
            usage.bytes += bytes;
            record_usage(*usage);
        }
    }

    fn cached(&self) -> std::sync::MutexGuard<'_, Option<(MediaUsage, Instant)>> {
        // The figure is a cache: one left by a panic is as good as any.
        self.usage.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Counts a refusal (`mingchu_uploads_refused_total{upload, reason}`) and logs it.
fn refused(upload: Upload, why: NoRoom) -> NoRoom {
    tracing::warn!("{} refused: {why}", upload.as_str());
    metrics::counter!("mingchu_uploads_refused_total", "upload" => upload.as_str(), "reason" => why.reason()).increment(1);
    why
}

fn record_usage(usage: MediaUsage) {
    metrics::gauge!("mingchu_media_photos").set(usage.photos as f64);
    metrics::gauge!("mingchu_media_bytes").set(usage.bytes as f64);
}

/// Describes this file's figures to whichever recorder is installed.
pub fn describe_metrics() {
    metrics::describe_gauge!("mingchu_media_photos", "Photos the media store holds (every server sees the same store)");
    metrics::describe_gauge!("mingchu_media_bytes", metrics::Unit::Bytes, "Bytes of photos and thumbnails the media store holds");
    metrics::describe_counter!(
        "mingchu_uploads_refused_total",
        "Photo uploads, camera frames and video segments refused for want of room, by upload and reason"
    );
}

/// A number of bytes as written on the command line: `1000`, or with a binary unit, `512M`, `50G`
/// (`K`, `M`, `G`, `T`; a trailing `B` or `iB` is fine).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_suffix("iB").or_else(|| t.strip_suffix('B')).unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((at, unit)) if unit.is_ascii_alphabetic() => {
            let shift = match unit.to_ascii_uppercase() {
                'K' => 10,
                'M' => 20,
                'G' => 30,
                'T' => 40,
                _ => return Err(format!("{s:?}: the unit must be K, M, G or T")),
            };
            (&t[..at], shift)
        }
        _ => (t, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("{s:?} is not a number of bytes (e.g. 1000, 512M, 50G)"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("{s:?} is too large"))
}

/// The bytes an unprivileged process may still write on the disk of `dir`.
fn free_bytes(dir: &Path) -> std::io::Result<u64> {
    let stat = rustix::fs::statvfs(dir)?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_metrics::Figures;

    #[test]
    fn a_disk_is_full_when_the_upload_would_eat_into_the_reserve() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_bytes(dir.path()).unwrap();
        assert!(free > 0);
        let room = |min_free_bytes| Room::new(RoomRules { min_free_bytes, media_quota: None });
        let figures = Figures::default();
        metrics::with_local_recorder(&figures, || {
            assert_eq!(room(0).check_disk(Upload::Frame, dir.path(), 1000), Ok(()));
            assert!(matches!(room(u64::MAX).check_disk(Upload::Frame, dir.path(), 0), Err(NoRoom::Disk { .. })));
            // An unreadable disk is not a full one.
            assert_eq!(room(u64::MAX).check_disk(Upload::Photo, &dir.path().join("gone"), 0), Ok(()));
        });
        assert_eq!(figures.counter("mingchu_uploads_refused_total{upload=frame,reason=disk}"), 1);
        assert_eq!(figures.counter("mingchu_uploads_refused_total{upload=photo,reason=disk}"), 0);
    }

    #[test]
    fn the_quota_counts_what_is_kept_and_what_comes() {
        let room = Room::new(RoomRules { min_free_bytes: 0, media_quota: Some(1000) });
        let usage = |bytes| MediaUsage { photos: 1, bytes };
        let figures = Figures::default();
        metrics::with_local_recorder(&figures, || {
            assert_eq!(room.check_quota(usage(600), 400), Ok(()));
            assert_eq!(room.check_quota(usage(600), 401), Err(NoRoom::Quota { used: 600, quota: 1000 }));
            assert_eq!(Room::new(RoomRules::default()).check_quota(usage(u64::MAX), 1), Ok(()), "no quota");
        });
        assert_eq!(figures.counter("mingchu_uploads_refused_total{upload=photo,reason=quota}"), 1);
    }

    #[test]
    fn sizes_are_read_with_binary_units() {
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert_eq!(parse_bytes("512M"), Ok(512 << 20));
        assert_eq!(parse_bytes("50G"), Ok(50 << 30));
        assert_eq!(parse_bytes("2TiB"), Ok(2 << 40));
        assert_eq!(parse_bytes("4kB"), Ok(4096));
        for bad in ["", "M", "12X", "-1", "1.5G", "99999999999T"] {
            assert!(parse_bytes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn uploads_add_to_the_last_count_and_the_gauges_follow() {
        let room = Room::new(RoomRules::default());
        let figures = Figures::default();
        metrics::with_local_recorder(&figures, || {
            room.added(100);
            assert_eq!(*room.cached(), None, "nothing to add to before a count");
            room.counted(MediaUsage { photos: 2, bytes: 300 });
            room.added(100);
        });
        assert_eq!(room.cached().map(|(u, _)| u), Some(MediaUsage { photos: 3, bytes: 400 }));
        assert_eq!((figures.gauge("mingchu_media_photos"), figures.gauge("mingchu_media_bytes")), (Some(3.0), Some(400.0)));
    }
}
