//! A camera's delayed HLS playlist (issue 15): only segments that ended at least the delay ago are ever
//! listed, so a viewer cannot reach the kitchen's recent past however the playlist is read; each carries
//! its capture time (`EXT-X-PROGRAM-DATE-TIME`), which the page shows as "拍摄于 …" as the video plays.
//! Segment names are their sequence numbers, never reused, so a segment can be cached for ever.

use std::fmt::Write;

use crate::cameras::rfc3339;

/// A stored media segment: its number, when its first frame was captured and how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentEntry {
    pub seq: u64,
    pub capture_ms: i64,
    pub duration_ms: u32,
}

impl SegmentEntry {
    fn end_ms(&self) -> i64 {
        self.capture_ms + i64::from(self.duration_ms)
    }
}

/// How many segments a playlist lists at most: enough to start, not a download of the window.
pub const PLAYLIST_SEGMENTS: usize = 6;

/// The segments a viewer may have now: those that ended at least `delay_ms` ago, the newest
/// [`PLAYLIST_SEGMENTS`] of them, oldest first. `segments` are in sequence order.
pub fn showable(segments: &[SegmentEntry], now_ms: i64, delay_ms: i64) -> &[SegmentEntry] {
    let old_enough = segments.partition_point(|s| s.end_ms() <= now_ms - delay_ms);
    &segments[old_enough.saturating_sub(PLAYLIST_SEGMENTS)..old_enough]
}

/// A UTC time to the millisecond: `2026-11-29T04:30:05.250Z`.
fn program_date_time(ms: i64) -> String {
    let seconds = rfc3339(ms);
    format!("{}.{:03}Z", seconds.trim_end_matches('Z'), ms.rem_euclid(1000))
}

/// The playlist text (`#EXTM3U`, fMP4 with its init segment at `init_uri` — named by its content, so a
/// camera's new init after a restart never takes an old one's place in a cache — and segments `{seq}.m4s`
/// beside it); `None` when no segment is old enough yet.
pub fn playlist(segments: &[SegmentEntry], now_ms: i64, delay_ms: i64, init_uri: &str) -> Option<String> {
    let shown = showable(segments, now_ms, delay_ms);
    let first = shown.first()?;
    let target = shown.iter().map(|s| s.duration_ms.div_ceil(1000)).max().unwrap_or(1).max(1);
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    let _ = write!(out, "#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:{}\n#EXT-X-MAP:URI=\"{init_uri}\"\n", first.seq);
    let mut previous: Option<&SegmentEntry> = None;
    for s in shown {
        // A gap (the camera was offline, or a segment was refused) is a discontinuity for the player.
        if previous.is_some_and(|p| p.seq + 1 != s.seq || (s.capture_ms - p.end_ms()).abs() > 1_000) {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        let _ = write!(
            out,
            "#EXT-X-PROGRAM-DATE-TIME:{}\n#EXTINF:{:.3},\n{}.m4s\n",
            program_date_time(s.capture_ms),
            f64::from(s.duration_ms) / 1000.0,
            s.seq
        );
        previous = Some(s);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_890_000_000;

    fn run(n: u64) -> Vec<SegmentEntry> {
        (0..n).map(|i| SegmentEntry { seq: 100 + i, capture_ms: T0 + i as i64 * 2_000, duration_ms: 2_000 }).collect()
    }

    #[test]
    fn only_segments_that_ended_the_delay_ago_are_listed() {
        let segments = run(100);
        let delay = 180_000;
        for now in [T0, T0 + delay + 1_999, T0 + delay + 2_000, T0 + delay + 37_123, T0 + 500_000] {
            let shown = showable(&segments, now, delay);
            assert!(shown.iter().all(|s| s.end_ms() <= now - delay), "{now}");
            assert!(shown.len() <= PLAYLIST_SEGMENTS);
            // The newest old-enough one is always the last listed.
            let newest = segments.iter().rev().find(|s| s.end_ms() <= now - delay);
            assert_eq!(shown.last(), newest);
        }
        assert_eq!(playlist(&segments, T0 + delay + 1_999, delay, "init-ab12.mp4"), None, "nothing is old enough yet");
        assert_eq!(showable(&segments, T0 + delay + 2_000, delay).len(), 1);
    }

    #[test]
    fn the_playlist_names_its_segments_and_their_capture_times() {
        let text = playlist(&run(10), T0 + 180_000 + 20_000, 180_000, "init-ab12.mp4").unwrap();
        assert!(text.starts_with("#EXTM3U\n#EXT-X-VERSION:7\n"), "{text}");
        assert!(text.contains("#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:104\n#EXT-X-MAP:URI=\"init-ab12.mp4\"\n"), "{text}");
        assert!(text.contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-28T18:20:08.000Z\n#EXTINF:2.000,\n104.m4s\n"), "{text}");
        assert!(text.trim_end().ends_with("109.m4s"), "{text}");
        assert!(!text.contains("DISCONTINUITY"));
        assert_eq!(program_date_time(T0 + 250), "2026-11-28T18:20:00.250Z");
    }

    #[test]
    fn a_gap_is_a_discontinuity() {
        let mut segments = run(3);
        segments[2] = SegmentEntry { seq: 103, capture_ms: T0 + 60_000, duration_ms: 2_000 };
        let text = playlist(&segments, T0 + 400_000, 180_000, "init-ab12.mp4").unwrap();
        assert_eq!(text.matches("#EXT-X-DISCONTINUITY").count(), 1, "{text}");
    }
}
