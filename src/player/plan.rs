//! What the delayed video's player decides, as plain data (tested natively): the next thing to fetch from
//! a playlist, where each appended segment sits on the video's timeline and so when what is on screen was
//! filmed, when to trim the buffer, and when playback has stalled.

use mingchu_types::video::Listed;

/// How many of the listed segments a player starts with: a few seconds in hand before the next is listed.
pub const START_SEGMENTS: usize = 3;
/// More is fetched while less than this many seconds are buffered ahead of what is shown.
pub const AHEAD_SECS: f64 = 8.0;
/// Once this many seconds have been played and are still buffered, all but the last few are removed.
pub const TRIM_AFTER_SECS: f64 = 30.0;
pub const KEEP_BEHIND_SECS: f64 = 10.0;
/// No progress for this long while it should play: the picture sequence instead.
pub const STALL_MS: f64 = 15_000.0;

/// The next thing to append.
#[derive(Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// An init segment (the first, or a restarted encoder's), by its address relative to the playlist.
    Init(&'a str),
    Segment(&'a Listed),
}

/// What to append next from `listed`, after segment `last` decoded with init segment `map`; `None`
/// when all of it has been. A player that starts, or has fallen behind what is listed (the page was
/// hidden), takes the newest few, so that it never lags more than it must.
pub fn next_step<'a>(listed: &'a [Listed], last: Option<u64>, map: Option<&str>) -> Option<Step<'a>> {
    let fresh = listed.len().saturating_sub(START_SEGMENTS);
    let next = match last {
        None => fresh,
        // Still listed (or its successor is): on in order, across a gap in the server's numbers too.
        Some(last) => match listed.iter().position(|l| l.seq > last)? {
            i if listed[i].seq == last + 1 || i > 0 && listed[i - 1].seq == last => i,
            i => i.max(fresh),
        },
    };
    let segment = listed.get(next)?;
    Some(if map == Some(segment.map.as_str()) { Step::Segment(segment) } else { Step::Init(&segment.map) })
}

/// An address in a playlist made absolute: relative ones are relative to the playlist's folder.
pub fn resolve(playlist: &str, uri: &str) -> String {
    if uri.starts_with('/') || uri.contains("://") {
        return uri.to_owned();
    }
    let folder = playlist.rfind('/').map_or("", |i| &playlist[..=i]);
    format!("{folder}{uri}")
}

/// A segment's place on the video's timeline (seconds) and when its first frame was filmed (UTC ms).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placed {
    start: f64,
    end: f64,
    capture_ms: i64,
}

/// The appended segments on the video's timeline, oldest first. Appended in "sequence" mode, each one
/// follows the last whatever its own timestamps: its place is read from the buffer after appending.
#[derive(Debug, Default)]
pub struct Timeline(Vec<Placed>);

impl Timeline {
    /// A segment filmed from `capture_ms` that now ends the buffer at `end`; `first_start` is where
    /// the buffer begins, which is where the first segment does.
    pub fn place(&mut self, first_start: f64, end: f64, capture_ms: i64) {
        let start = self.0.last().map_or(first_start, |p| p.end);
        if end > start {
            self.0.push(Placed { start, end, capture_ms });
        }
    }

    /// When what is shown at `t` (the video's `currentTime`) was filmed.
    pub fn capture_at(&self, t: f64) -> Option<i64> {
        let placed = self.0.iter().rev().find(|p| p.start <= t).or(self.0.first())?;
        // Not `clamp`: its panic message would bring float formatting into the app.
        let into = (t - placed.start).min(placed.end - placed.start).max(0.0);
        Some(placed.capture_ms + (into * 1000.0).round() as i64)
    }

    /// Forgets the segments that end before `t` (removed from the buffer).
    pub fn forget_before(&mut self, t: f64) {
        self.0.retain(|p| p.end > t);
    }
}

/// What to remove from the buffer, if anything: from its start to a little behind what is shown.
pub fn trim(buffer_start: f64, t: f64) -> Option<(f64, f64)> {
    (t - buffer_start > TRIM_AFTER_SECS).then_some((buffer_start, t - KEEP_BEHIND_SECS))
}

/// The capture time a browser's native player gives: its `getStartDate()` (the first listed segment's
/// `EXT-X-PROGRAM-DATE-TIME`, NaN where it has none) plus the time played.
pub fn native_capture(start_date_ms: f64, t: f64) -> Option<i64> {
    let ms = start_date_ms + t * 1000.0;
    (start_date_ms.is_finite() && start_date_ms > 0.0 && ms.is_finite()).then_some(ms.round() as i64)
}

/// Whether the video should wait for a tap: the browser asks to save data, or the connection is slow.
pub fn needs_tap(save_data: bool, effective_type: Option<&str>) -> bool {
    save_data || matches!(effective_type, Some("2g" | "slow-2g"))
}

/// Watches the playhead: stalled when it has not moved for [`STALL_MS`] while it should play.
#[derive(Debug)]
pub struct Progress {
    t: f64,
    since_ms: f64,
}

impl Progress {
    pub fn new(now_ms: f64) -> Progress {
        Progress { t: 0.0, since_ms: now_ms }
    }

    /// Playback is not expected now (hidden, waiting for a tap): the wait starts again.
    pub fn rest(&mut self, now_ms: f64) {
        self.since_ms = now_ms;
    }

    /// Notes the playhead at `t`; whether it moved since the last look.
    pub fn moved(&mut self, t: f64, now_ms: f64) -> bool {
        let moved = t != self.t;
        if moved {
            (self.t, self.since_ms) = (t, now_ms);
        }
        moved
    }

    pub fn stalled(&self, now_ms: f64) -> bool {
        now_ms - self.since_ms >= STALL_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(seqs: std::ops::Range<u64>, map: &str) -> Vec<Listed> {
        seqs.map(|seq| Listed {
            seq,
            uri: format!("video/{seq}.m4s"),
            map: map.to_owned(),
            capture_ms: 1_000_000 + seq as i64 * 2000,
            duration_ms: 2000,
            discontinuity: false,
        })
        .collect()
    }

    #[test]
    fn a_player_starts_with_the_init_then_the_newest_few_in_order() {
        let list = listed(100..106, "video/init-a.mp4");
        assert_eq!(next_step(&list, None, None), Some(Step::Init("video/init-a.mp4")));
        let Some(Step::Segment(first)) = next_step(&list, None, Some("video/init-a.mp4")) else { panic!("a segment") };
        assert_eq!(first.seq, 103);
        let Some(Step::Segment(next)) = next_step(&list, Some(103), Some("video/init-a.mp4")) else { panic!("a segment") };
        assert_eq!(next.seq, 104);
        assert_eq!(next_step(&list, Some(105), Some("video/init-a.mp4")), None, "all appended: wait for the next playlist");
        assert_eq!(next_step(&[], None, None), None);
        // Fewer listed than the start takes: from the oldest.
        let short = listed(100..102, "i");
        assert!(matches!(next_step(&short, None, Some("i")), Some(Step::Segment(l)) if l.seq == 100));
    }

    #[test]
    fn a_new_encoder_gets_its_init_before_its_segments() {
        let mut list = listed(100..103, "video/init-a.mp4");
        list.extend(listed(103..106, "video/init-b.mp4"));
        assert_eq!(next_step(&list, Some(102), Some("video/init-a.mp4")), Some(Step::Init("video/init-b.mp4")));
        assert!(matches!(next_step(&list, Some(102), Some("video/init-b.mp4")), Some(Step::Segment(l)) if l.seq == 103));
    }

    #[test]
    fn a_player_that_fell_behind_jumps_to_the_newest_few() {
        let list = listed(200..206, "i");
        // Segment 150 is long gone from the playlist: not the oldest listed (12 s behind), the start's few.
        assert!(matches!(next_step(&list, Some(150), Some("i")), Some(Step::Segment(l)) if l.seq == 203));
        // A gap in the server's numbers (a restarted camera) inside what is listed is followed in order.
        let mut gap = listed(100..102, "i");
        gap.extend(listed(110..114, "i"));
        assert!(matches!(next_step(&gap, Some(101), Some("i")), Some(Step::Segment(l)) if l.seq == 110));
    }

    #[test]
    fn addresses_are_relative_to_the_playlist() {
        assert_eq!(resolve("/api/cameras/7/live.m3u8", "video/12.m4s"), "/api/cameras/7/video/12.m4s");
        assert_eq!(resolve("/api/cameras/7/live.m3u8", "/other/1.m4s"), "/other/1.m4s");
        assert_eq!(resolve("/api/cameras/7/live.m3u8", "https://cdn.example/1.m4s"), "https://cdn.example/1.m4s");
    }

    #[test]
    fn the_capture_time_follows_the_playhead_across_segments_and_gaps() {
        let mut timeline = Timeline::default();
        assert_eq!(timeline.capture_at(1.0), None);
        // Three segments, the third filmed a minute after the second (a gap the timeline does not have).
        timeline.place(0.0, 2.0, 10_000);
        timeline.place(0.0, 4.0, 12_000);
        timeline.place(0.0, 6.0, 72_000);
        assert_eq!(timeline.capture_at(0.0), Some(10_000));
        assert_eq!(timeline.capture_at(1.5), Some(11_500));
        assert_eq!(timeline.capture_at(3.25), Some(13_250));
        assert_eq!(timeline.capture_at(4.0), Some(72_000));
        assert_eq!(timeline.capture_at(5.0), Some(73_000));
        // Past the buffer's end: the last frame's time, not a guess beyond it.
        assert_eq!(timeline.capture_at(9.0), Some(74_000));
        // A first segment placed where the browser put it (not at 0), and trimming.
        let mut late = Timeline::default();
        late.place(100.0, 102.0, 5_000);
        assert_eq!(late.capture_at(101.0), Some(6_000));
        assert_eq!(late.capture_at(50.0), Some(5_000));
        timeline.forget_before(4.5);
        assert_eq!(timeline.capture_at(1.0), Some(72_000));
        // An append that added nothing is not placed.
        timeline.place(0.0, 6.0, 80_000);
        assert_eq!(timeline.capture_at(5.9), Some(73_900));
    }

    #[test]
    fn the_buffer_is_trimmed_only_far_behind() {
        assert_eq!(trim(0.0, 20.0), None);
        assert_eq!(trim(0.0, 31.0), Some((0.0, 21.0)));
    }

    #[test]
    fn native_capture_times_need_a_start_date() {
        assert_eq!(native_capture(f64::NAN, 3.0), None);
        assert_eq!(native_capture(0.0, 3.0), None);
        assert_eq!(native_capture(1_795_890_000_000.0, 2.5), Some(1_795_890_002_500));
    }

    #[test]
    fn save_data_and_slow_connections_wait_for_a_tap() {
        assert!(needs_tap(true, Some("4g")));
        assert!(needs_tap(false, Some("2g")) && needs_tap(false, Some("slow-2g")));
        assert!(!needs_tap(false, Some("3g")) && !needs_tap(false, None));
    }

    #[test]
    fn a_playhead_that_stops_moving_is_a_stall() {
        let mut p = Progress::new(0.0);
        assert!(!p.moved(0.0, 1_000.0));
        assert!(!p.stalled(14_999.0));
        assert!(p.stalled(15_000.0), "never started");
        let mut p = Progress::new(0.0);
        assert!(p.moved(0.5, 2_000.0));
        assert!(p.moved(1.0, 3_000.0));
        assert!(!p.moved(1.0, 10_000.0));
        assert!(!p.stalled(17_999.0));
        assert!(p.stalled(18_000.0));
        p.rest(20_000.0);
        assert!(!p.stalled(30_000.0), "resting (hidden) is not a stall");
    }
}
