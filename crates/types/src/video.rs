//! The kitchen in motion (issue 15): a camera's delayed video as HLS with fMP4 segments, the playlist the
//! server writes and the app's player reads. Only segments that ended at least the delay ago are ever
//! listed, so a viewer cannot reach the kitchen's recent past however the playlist is read; each carries
//! its capture time (`EXT-X-PROGRAM-DATE-TIME`), which the page shows as "拍摄于 …" as the video plays.
//!
//! Addresses, relative to the playlist `/api/cameras/{id}/live.m3u8`: media segments `video/{seq}.m4s`
//! (numbers never reused, so a segment can be cached for ever) and init segments `video/init-{id}.mp4`
//! named by their content, so a camera's new init after a restart never takes an old one's place in a cache.

use std::fmt::Write;

use crate::day::Day;

/// What every gateway encodes (H.264 Main profile, level 3.1, no sound) and what the player asks Media
/// Source Extensions for: one fixed profile, so that the page never has to read it out of the init segment.
pub const MIME: &str = r#"video/mp4; codecs="avc1.4d401f""#;
/// ffmpeg's arguments for that profile.
pub const X264_PROFILE: [&str; 4] = ["-profile:v", "main", "-level:v", "3.1"];

/// How many segments a playlist lists at most: enough to start, not a download of the window.
pub const PLAYLIST_SEGMENTS: usize = 6;
/// The largest segment (init or media) a gateway may push; the ingest routes' body limit.
pub const MAX_SEGMENT_BYTES: usize = 4 * 1024 * 1024;
/// The shortest and longest media segment a gateway may push, in milliseconds (ffmpeg cuts ~2 s).
pub const MIN_SEGMENT_MS: u32 = 500;
pub const MAX_SEGMENT_MS: u32 = 4_000;
/// Every playlist's `EXT-X-TARGETDURATION`: HLS forbids it to change while a playlist is followed, and a
/// player starts some three target durations before the newest segment, which must stay in the window.
pub const TARGET_DURATION_SECS: u32 = MAX_SEGMENT_MS.div_ceil(1000);
/// A gap between two segments longer than this is a discontinuity (the camera or its gateway stopped).
pub const GAP_MS: i64 = 1_000;

/// `GET` the camera's delayed playlist.
pub fn playlist_path(camera: i64) -> String {
    format!("/api/cameras/{camera}/live.m3u8")
}

/// A media segment's address relative to the playlist.
pub fn segment_uri(seq: u64) -> String {
    format!("video/{seq}.m4s")
}

/// An init segment's address relative to the playlist, by the id (a hash) of its bytes.
pub fn init_uri(init: u64) -> String {
    format!("video/init-{init:016x}.mp4")
}

/// A stored media segment: its number, when its first frame was captured (the server's proof, UTC ms),
/// how long it lasts, the init segment it decodes with, and its discontinuity sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentEntry {
    pub seq: u64,
    pub capture_ms: i64,
    pub duration_ms: u32,
    /// The id of its init segment (see [`init_uri`]).
    pub init: u64,
    /// How many discontinuities came before it in the camera's stream ([`next_discontinuity`]).
    pub discontinuity: u64,
}

impl SegmentEntry {
    pub fn end_ms(&self) -> i64 {
        self.capture_ms + i64::from(self.duration_ms)
    }
}

/// The discontinuity sequence number of a segment that follows `previous`: one more than the previous
/// one's after a gap in numbers or time, or a new init segment (a restarted encoder), else the same.
pub fn next_discontinuity(previous: Option<&SegmentEntry>, seq: u64, capture_ms: i64, init: u64) -> u64 {
    match previous {
        None => 0,
        Some(p) => p.discontinuity + u64::from(p.seq + 1 != seq || (capture_ms - p.end_ms()).abs() > GAP_MS || p.init != init),
    }
}

/// The segments a viewer may have now: those that ended at least `delay_ms` ago and no longer than
/// `delay_ms + window_ms` ago (an offline camera's last minutes are not replayed for ever), the newest
/// [`PLAYLIST_SEGMENTS`] of them, oldest first. `segments` are in sequence order.
pub fn showable(segments: &[SegmentEntry], now_ms: i64, delay_ms: i64, window_ms: i64) -> &[SegmentEntry] {
    let old_enough = segments.partition_point(|s| s.end_ms() <= now_ms - delay_ms);
    let shown = &segments[old_enough.saturating_sub(PLAYLIST_SEGMENTS)..old_enough];
    let stale = shown.partition_point(|s| s.end_ms() < now_ms - delay_ms - window_ms);
    &shown[stale..]
}

/// How long after it became showable a segment is still listed: a camera that went quiet leaves the
/// playlist empty this long after its last segment, and the page says it is offline.
pub const SHOWABLE_WINDOW_MS: i64 = 30_000;

/// A UTC time to the millisecond: `2026-11-29T04:30:05.250Z`.
pub fn program_date_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = Day::from_unix_seconds(secs, 0).ymd();
    let s = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", s / 3600, s / 60 % 60, s % 60, ms.rem_euclid(1000))
}

/// The UTC milliseconds of `2026-11-29T04:30:05.250Z` (the fraction and the `Z` optional).
pub fn parse_program_date_time(s: &str) -> Option<i64> {
    let (date, time) = s.split_once('T')?;
    let mut ymd = date.splitn(3, '-');
    let day = Day::from_ymd(ymd.next()?.parse().ok()?, ymd.next()?.parse().ok()?, ymd.next()?.parse().ok()?)?;
    let time = time.trim_end_matches('Z');
    let (hms, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let mut parts = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok().filter(|n| (0..60).contains(n)));
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    (h < 24).then(|| Some(day.start_ms(0) + ((h * 60 + m) * 60 + s) * 1000 + millis(fraction)?))?
}

/// The milliseconds of a decimal fraction of a second (`250` of `.25`), its digits beyond them dropped.
fn millis(fraction: &str) -> Option<i64> {
    format!("{fraction:0<3}").get(..3)?.parse::<i64>().ok().filter(|_| fraction.bytes().all(|b| b.is_ascii_digit()))
}

/// `2.000` seconds as 2000 ms, without float parsing (which would cost the app that plays a playlist
/// some 20 KB); `None` for nothing, zero or nonsense.
fn duration_ms(secs: &str) -> Option<u32> {
    let (whole, fraction) = secs.split_once('.').unwrap_or((secs, "0"));
    let ms = whole.parse::<u32>().ok()?.checked_mul(1000)?.checked_add(millis(fraction)? as u32)?;
    (ms > 0).then_some(ms)
}

/// The playlist text (`#EXTM3U`, fMP4, its init segment and segments addressed as above); `None` when
/// no segment may be shown now.
pub fn playlist(segments: &[SegmentEntry], now_ms: i64, delay_ms: i64) -> Option<String> {
    let shown = showable(segments, now_ms, delay_ms, SHOWABLE_WINDOW_MS);
    let first = shown.first()?;
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    let _ = write!(
        out,
        "#EXT-X-TARGETDURATION:{TARGET_DURATION_SECS}\n#EXT-X-MEDIA-SEQUENCE:{}\n#EXT-X-DISCONTINUITY-SEQUENCE:{}\n",
        first.seq, first.discontinuity
    );
    let mut previous: Option<&SegmentEntry> = None;
    for s in shown {
        if previous.is_some_and(|p| p.discontinuity != s.discontinuity) {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        if previous.is_none_or(|p| p.init != s.init) {
            let _ = writeln!(out, "#EXT-X-MAP:URI=\"{}\"", init_uri(s.init));
        }
        let _ = write!(
            out,
            "#EXT-X-PROGRAM-DATE-TIME:{}\n#EXTINF:{:.3},\n{}\n",
            program_date_time(s.capture_ms),
            f64::from(s.duration_ms) / 1000.0,
            segment_uri(s.seq)
        );
        previous = Some(s);
    }
    Some(out)
}

/// One segment as a player reads it from a playlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub seq: u64,
    /// Relative to the playlist.
    pub uri: String,
    /// The init segment it decodes with, relative to the playlist.
    pub map: String,
    /// When its first frame was captured (UTC ms).
    pub capture_ms: i64,
    pub duration_ms: u32,
    /// Whether it does not follow on from the segment listed before it.
    pub discontinuity: bool,
}

/// The segments a playlist lists, oldest first; lines it does not know are skipped, and a segment
/// without its capture time or init segment is left out (the page's capture time would be a guess).
pub fn parse_playlist(text: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut seq = 0u64;
    let (mut map, mut capture, mut duration, mut discontinuity) = (None::<String>, None, None, false);
    for line in text.lines().map(str::trim) {
        if let Some(n) = line.strip_prefix("#EXT-X-MEDIA-SEQUENCE:") {
            seq = n.parse().unwrap_or(0);
        } else if let Some(attrs) = line.strip_prefix("#EXT-X-MAP:") {
            map = attrs.split_once("URI=\"").and_then(|(_, rest)| rest.split_once('"')).map(|(uri, _)| uri.to_owned());
        } else if let Some(at) = line.strip_prefix("#EXT-X-PROGRAM-DATE-TIME:") {
            capture = parse_program_date_time(at);
        } else if let Some(extinf) = line.strip_prefix("#EXTINF:") {
            duration = extinf.split(',').next().and_then(duration_ms);
        } else if line == "#EXT-X-DISCONTINUITY" {
            discontinuity = true;
        } else if !line.is_empty() && !line.starts_with('#') {
            if let (Some(map), Some(capture_ms), Some(duration_ms)) = (&map, capture, duration) {
                out.push(Listed { seq, uri: line.to_owned(), map: map.clone(), capture_ms, duration_ms, discontinuity });
            }
            seq += 1;
            (capture, duration, discontinuity) = (None, None, false);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_890_000_000;
    const DELAY: i64 = 180_000;

    fn run(n: u64) -> Vec<SegmentEntry> {
        let mut out: Vec<SegmentEntry> = Vec::new();
        for i in 0..n {
            let (seq, capture_ms) = (100 + i, T0 + i as i64 * 2_000);
            let discontinuity = next_discontinuity(out.last(), seq, capture_ms, 7);
            out.push(SegmentEntry { seq, capture_ms, duration_ms: 2_000, init: 7, discontinuity });
        }
        out
    }

    #[test]
    fn only_segments_that_ended_the_delay_ago_are_listed() {
        let segments = run(100);
        for now in [T0, T0 + DELAY + 1_999, T0 + DELAY + 2_000, T0 + DELAY + 37_123, T0 + DELAY + 199_999] {
            let shown = showable(&segments, now, DELAY, SHOWABLE_WINDOW_MS);
            assert!(shown.iter().all(|s| s.end_ms() <= now - DELAY), "{now}");
            assert!(shown.len() <= PLAYLIST_SEGMENTS);
            // The newest old-enough one is always the last listed.
            let newest = segments.iter().rev().find(|s| s.end_ms() <= now - DELAY);
            assert_eq!(shown.last(), newest);
        }
        assert_eq!(playlist(&segments, T0 + DELAY + 1_999, DELAY), None, "nothing is old enough yet");
        assert_eq!(showable(&segments, T0 + DELAY + 2_000, DELAY, SHOWABLE_WINDOW_MS).len(), 1);
    }

    #[test]
    fn a_camera_gone_quiet_is_not_replayed() {
        // The last segment ends at T0 + 20 s: listed until the window after it became showable, then nothing.
        let segments = run(10);
        let last_shown = T0 + 20_000 + DELAY;
        assert_eq!(showable(&segments, last_shown + SHOWABLE_WINDOW_MS, DELAY, SHOWABLE_WINDOW_MS).len(), 1);
        assert_eq!(playlist(&segments, last_shown + SHOWABLE_WINDOW_MS + 1, DELAY), None);
    }

    #[test]
    fn the_playlist_names_its_segments_and_their_capture_times() {
        let text = playlist(&run(10), T0 + DELAY + 20_000, DELAY).unwrap();
        assert!(text.starts_with("#EXTM3U\n#EXT-X-VERSION:7\n"), "{text}");
        assert!(text.contains("#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:104\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n"), "{text}");
        assert!(text.contains("#EXT-X-MAP:URI=\"video/init-0000000000000007.mp4\"\n"), "{text}");
        assert!(text.contains("#EXT-X-PROGRAM-DATE-TIME:2026-11-28T18:20:08.000Z\n#EXTINF:2.000,\nvideo/104.m4s\n"), "{text}");
        assert!(text.trim_end().ends_with("video/109.m4s"), "{text}");
        assert!(!text.contains("#EXT-X-DISCONTINUITY\n"));
        assert_eq!(program_date_time(T0 + 250), "2026-11-28T18:20:00.250Z");
    }

    #[test]
    fn a_gap_or_a_new_encoder_is_a_discontinuity_with_its_own_map() {
        let mut segments = run(3);
        // A gap in time, then a restarted encoder (a new init) right after.
        segments.push(SegmentEntry { seq: 103, capture_ms: T0 + 20_000, duration_ms: 2_000, init: 7, discontinuity: 0 });
        segments[3].discontinuity = next_discontinuity(Some(&segments[2]), 103, T0 + 20_000, 7);
        let d = next_discontinuity(Some(&segments[3]), 104, T0 + 22_000, 9);
        segments.push(SegmentEntry { seq: 104, capture_ms: T0 + 22_000, duration_ms: 2_000, init: 9, discontinuity: d });
        assert_eq!((segments[3].discontinuity, segments[4].discontinuity), (1, 2));
        let text = playlist(&segments, T0 + 24_000 + DELAY, DELAY).unwrap();
        assert_eq!(text.matches("#EXT-X-DISCONTINUITY\n").count(), 2, "{text}");
        assert_eq!(text.matches("#EXT-X-MAP:").count(), 2, "{text}");
        let listed = parse_playlist(&text);
        assert_eq!(listed.iter().map(|l| l.discontinuity).collect::<Vec<_>>(), [false, false, false, true, true]);
        assert_eq!(listed[4].map, init_uri(9));
        assert_eq!(listed[3].map, init_uri(7));
    }

    #[test]
    fn what_the_server_writes_the_player_reads() {
        let segments = run(10);
        let listed = parse_playlist(&playlist(&segments, T0 + DELAY + 20_000, DELAY).unwrap());
        let expected: Vec<Listed> = segments[4..10]
            .iter()
            .map(|s| Listed {
                seq: s.seq,
                uri: segment_uri(s.seq),
                map: init_uri(7),
                capture_ms: s.capture_ms,
                duration_ms: 2_000,
                discontinuity: false,
            })
            .collect();
        assert_eq!(listed, expected);
    }

    #[test]
    fn capture_times_parse_back_and_nonsense_does_not() {
        for ms in [T0, T0 + 250, T0 + 86_399_999, 0] {
            assert_eq!(parse_program_date_time(&program_date_time(ms)), Some(ms));
        }
        assert_eq!(parse_program_date_time("2026-11-29T04:30:05Z"), Some(parse_program_date_time("2026-11-29T04:30:05.000Z").unwrap()));
        assert_eq!(parse_program_date_time("2026-11-29T04:30:05.5Z").map(|ms| ms % 1000), Some(500));
        assert_eq!(parse_program_date_time("2026-11-29T04:30:05.-5Z"), None);
        for (secs, ms) in [
            ("2.000", Some(2000)),
            ("2", Some(2000)),
            ("1.5", Some(1500)),
            ("0.0416667", Some(41)),
            ("0", None),
            ("-1", None),
            ("x", None),
            ("1.x", None),
        ] {
            assert_eq!(duration_ms(secs), ms, "{secs}");
        }
        for bad in ["", "nonsense", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29T04:61:00Z", "2026-11-29"] {
            assert_eq!(parse_program_date_time(bad), None, "{bad}");
        }
        // Lines without what a segment needs leave it out; unknown tags are skipped.
        let text = "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:5\n#EXT-X-MAP:URI=\"video/init-1.mp4\"\n#EXTINF:2.0,\nvideo/5.m4s\n#EXT-X-FOO:1\n#EXT-X-PROGRAM-DATE-TIME:2026-11-29T04:30:05.000Z\n#EXTINF:2.0,\nvideo/6.m4s\n";
        let listed = parse_playlist(text);
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].seq, listed[0].uri.as_str()), (6, "video/6.m4s"));
    }
}
