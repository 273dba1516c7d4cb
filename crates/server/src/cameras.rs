//! Kitchen cameras (明厨亮灶): their public hours and delay, their gateways' tokens, what a viewer may see
//! now, and how often each was up. The HTTP handlers, the `camera` commands and the demo's synthetic
//! cameras all go through here, so the rules hold whichever way a frame comes in or goes out.
//!
//! The delay protects the kitchen's staff: it is enforced here, never by the page, and never shortened
//! below the server's minimum whatever a camera's own setting or a request says.

use std::fmt;
use std::io;
use std::str::FromStr;

use mingchu_types::{CameraState, CameraView, Day, KitchenArea, LiveBrief, UnitCameras};
use sha2::{Digest, Sha256};

use crate::frames::{Frame, FrameStore};
use crate::store::{CameraRecord, NewCamera, Store, StoreError, StoreResult};
use crate::CHINA_UTC_OFFSET_SECS;

/// A camera's delay when none is given.
pub const DEFAULT_DELAY_SECS: u32 = 180;
/// The least delay of any camera, unless the server is configured otherwise (tests do).
pub const DEFAULT_MIN_DELAY_SECS: u32 = 60;
/// The longest delay a camera may be given: the frames of the delay must fit the per-camera byte cap.
pub const MAX_DELAY_SECS: u32 = 1800;
/// Public hours when none are given.
pub const DEFAULT_HOURS: PublicHours = PublicHours { opens: 6 * 60, closes: 21 * 60 };
/// A camera without a frame for longer than this is offline.
pub const OFFLINE_AFTER_MS: i64 = 30_000;
/// Uptime is counted over this many days.
pub const UPTIME_DAYS: i64 = 7;
/// Fewer public-hours minutes than this since a camera was added say too little for a share: it has
/// "just been connected".
pub const JUST_CONNECTED_MINUTES: i64 = 5;
/// Minutes older than this many days are no longer needed for the uptime, and are pruned.
const MINUTES_KEPT_DAYS: i64 = 8;

const MINUTE_MS: i64 = 60_000;
const DAY_MINUTES: i64 = 24 * 60;
const CHINA_OFFSET_MINUTES: i64 = CHINA_UTC_OFFSET_SECS / 60;

/// Daily viewing hours in China time: from `opens` until `closes`, in minutes of the day. A window whose
/// close comes before its opening runs past midnight; `00:00-24:00` is all day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicHours {
    opens: u32,
    closes: u32,
}

impl PublicHours {
    pub const ALL_DAY: PublicHours = PublicHours { opens: 0, closes: 24 * 60 };

    /// From minutes of the day; `None` unless both are in the day (1440, midnight, only to close) and differ.
    pub const fn from_minutes(opens: u32, closes: u32) -> Option<PublicHours> {
        if opens < 24 * 60 && closes > 0 && closes <= 24 * 60 && opens != closes {
            Some(PublicHours { opens, closes })
        } else {
            None
        }
    }

    /// From `"06:00"` and `"21:00"`; `None` unless both are times of day (`24:00` only to close) and differ.
    pub fn from_parts(opens: &str, closes: &str) -> Option<PublicHours> {
        PublicHours::from_minutes(minute_of_day(opens)?, minute_of_day(closes)?)
    }

    pub fn opens(&self) -> String {
        hh_mm(self.opens)
    }

    pub fn closes(&self) -> String {
        hh_mm(self.closes)
    }

    fn all_day(&self) -> bool {
        self.open_before(DAY_MINUTES) == DAY_MINUTES
    }

    /// Whether minute `m` (0–1439) of a China day is in the window.
    fn open_at(&self, m: i64) -> bool {
        let (o, c) = (i64::from(self.opens), i64::from(self.closes));
        if o < c {
            (o..c).contains(&m)
        } else {
            m >= o || m < c
        }
    }

    /// How many minutes of a China day before minute `m` (0–1440) are in the window.
    fn open_before(&self, m: i64) -> i64 {
        let (o, c) = (i64::from(self.opens), i64::from(self.closes));
        if o < c {
            m.clamp(o, c) - o
        } else {
            m.min(c) + (m - o).max(0)
        }
    }

    /// How many minutes of the window there are from UTC minute `from` until `to` (minutes since 1970).
    pub fn open_minutes(&self, from: i64, to: i64) -> i64 {
        let before = |minute: i64| {
            let local = minute + CHINA_OFFSET_MINUTES;
            local.div_euclid(DAY_MINUTES) * self.open_before(DAY_MINUTES) + self.open_before(local.rem_euclid(DAY_MINUTES))
        };
        (before(to) - before(from)).max(0)
    }

    /// Whether the window is open at `ms` (UTC ms since 1970).
    pub fn is_open(&self, ms: i64) -> bool {
        self.open_at(china_minute_of_day(ms))
    }

    /// When the window open at `now_ms` opened (UTC ms), or `None` when it is closed. Frames from before
    /// then were taken outside public hours and are not shown. An all-day window never closes.
    pub fn opened_at(&self, now_ms: i64) -> Option<i64> {
        if self.all_day() {
            return Some(i64::MIN);
        }
        let m = china_minute_of_day(now_ms);
        if !self.open_at(m) {
            return None;
        }
        let minute = now_ms.div_euclid(MINUTE_MS);
        let since = (m - i64::from(self.opens)).rem_euclid(DAY_MINUTES);
        Some((minute - since) * MINUTE_MS)
    }
}

impl fmt::Display for PublicHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.opens(), self.closes())
    }
}

impl FromStr for PublicHours {
    type Err = String;

    /// `06:00-21:00`.
    fn from_str(s: &str) -> Result<PublicHours, String> {
        s.split_once('-')
            .and_then(|(opens, closes)| PublicHours::from_parts(opens.trim(), closes.trim()))
            .ok_or_else(|| format!("{s:?} is not public hours like 06:00-21:00 (China time; 24:00 closes at midnight)"))
    }
}

/// `"06:30"` as 390; `"24:00"` is 1440.
fn minute_of_day(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The minute of the day (0–1439) in China at `ms` (UTC ms since 1970).
pub fn china_minute_of_day(ms: i64) -> i64 {
    (ms.div_euclid(MINUTE_MS) + CHINA_OFFSET_MINUTES).rem_euclid(DAY_MINUTES)
}

/// A UTC time to the second, RFC 3339: `2026-11-29T04:30:05Z`.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = Day::from_unix_seconds(secs, 0).ymd();
    let s = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The delay a camera's view is shown with: its own, never below the server's minimum.
pub fn effective_delay_secs(camera: &CameraRecord, min_delay_secs: u32) -> u32 {
    camera.delay_secs.max(min_delay_secs)
}

/// Why a camera shows no picture now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// Outside its public hours.
    OutsideHours,
    /// No frame old enough (and taken since the window opened).
    NoFrame,
}

/// The frame a viewer gets at `now_ms`: the newest one captured at least the effective delay ago, and
/// within the public hours now open. Never a newer one.
pub fn shown_frame(frames: &FrameStore, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> Result<Frame, Unavailable> {
    let opened = camera.hours.opened_at(now_ms).ok_or(Unavailable::OutsideHours)?;
    let delay_ms = i64::from(effective_delay_secs(camera, min_delay_secs)) * 1000;
    frames.newest(camera.id, now_ms - delay_ms, opened).ok_or(Unavailable::NoFrame)
}

/// Outside hours, whatever else; otherwise live while frames keep coming.
pub fn state(camera: &CameraRecord, last_received_ms: Option<i64>, now_ms: i64) -> CameraState {
    if !camera.hours.is_open(now_ms) {
        CameraState::OutsideHours
    } else if last_received_ms.is_some_and(|last| now_ms - last <= OFFLINE_AFTER_MS) {
        CameraState::Live
    } else {
        CameraState::Offline
    }
}

/// The share (‰) of the public-hours minutes of the last [`UPTIME_DAYS`] (or since the camera was
/// added) in which it sent a frame; `None` while fewer than [`JUST_CONNECTED_MINUTES`] have passed.
pub async fn uptime_permille(store: &dyn Store, camera: &CameraRecord, now_ms: i64) -> StoreResult<Option<u32>> {
    let now = now_ms.div_euclid(MINUTE_MS);
    // The minute the camera was added in is not held against it.
    let added = camera.created_ms.div_euclid(MINUTE_MS) + i64::from(camera.created_ms.rem_euclid(MINUTE_MS) > 0);
    let from = (now - UPTIME_DAYS * DAY_MINUTES).max(added);
    let past = camera.hours.open_minutes(from, now);
    if past < JUST_CONNECTED_MINUTES {
        return Ok(None);
    }
    let up = store.camera_minutes(camera.id, from, now).await?;
    // The minute under way counts once it has a frame (frames are noted only in public hours); before
    // that, a camera is not marked down for the seconds until its next one.
    let up_now = store.camera_minutes(camera.id, now, now + 1).await?;
    let (up, possible) = (i64::from(up + up_now), past + i64::from(up_now));
    Ok(Some((up * 1000 / possible).clamp(0, 1000) as u32))
}

/// A public camera as the page sees it at `now_ms`.
pub async fn view(store: &dyn Store, frames: &FrameStore, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> StoreResult<CameraView> {
    let last = frames.last_received_ms(camera.id);
    Ok(CameraView {
        id: camera.id,
        area: camera.area,
        state: state(camera, last, now_ms),
        captured_at: shown_frame(frames, camera, min_delay_secs, now_ms).ok().map(|f| rfc3339(f.captured_ms)),
        last_received_at: last.map(rfc3339),
        delay_secs: effective_delay_secs(camera, min_delay_secs),
        opens: camera.hours.opens(),
        closes: camera.hours.closes(),
        uptime_permille: uptime_permille(store, camera, now_ms).await?,
    })
}

/// The kitchen view in brief for the unit's first screen, from the unit's cameras: a live camera (one
/// with a picture to show, if any), else the one heard from last (in its public hours, if one is); with
/// its state and whether it has a picture, so that the page asks for no frame it cannot get and says why.
/// `None` without a public camera.
pub fn brief(cameras: &[CameraRecord], frames: &FrameStore, min_delay_secs: u32, now_ms: i64) -> Option<LiveBrief> {
    let public: Vec<&CameraRecord> = cameras.iter().filter(|c| c.public).collect();
    let live = |c: &&&CameraRecord| state(c, frames.last_received_ms(c.id), now_ms) == CameraState::Live;
    let pictured = |c: &&&CameraRecord| shown_frame(frames, c, min_delay_secs, now_ms).is_ok();
    let shown = *public
        .iter()
        .filter(live)
        .find(pictured)
        .or_else(|| public.iter().find(live))
        .or_else(|| public.iter().min_by_key(|c| std::cmp::Reverse((c.hours.is_open(now_ms), frames.last_received_ms(c.id)))))?;
    let last = frames.last_received_ms(shown.id);
    let state = state(shown, last, now_ms);
    Some(LiveBrief {
        camera: shown.id,
        cameras: public.len() as u32,
        delay_secs: effective_delay_secs(shown, min_delay_secs),
        state,
        pictured: state == CameraState::Live && shown_frame(frames, shown, min_delay_secs, now_ms).is_ok(),
        last_received_at: last.map(rfc3339),
        opens: shown.hours.opens(),
        closes: shown.hours.closes(),
    })
}

/// A unit's public cameras in kitchen order (then by id), and the areas they cover and miss.
pub fn unit_cameras(mut cameras: Vec<CameraView>) -> UnitCameras {
    let order = |area: KitchenArea| KitchenArea::ALL.iter().position(|a| *a == area);
    cameras.sort_by_key(|c| (order(c.area), c.id));
    let (covered, missing) = KitchenArea::ALL.into_iter().partition(|area| cameras.iter().any(|c| c.area == *area));
    UnitCameras { cameras, covered, missing }
}

/// Why a frame could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    #[error("frames: {0}")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Keeps a checked frame captured at `captured_ms` and notes the minute for the uptime (once a minute,
/// during public hours only); returns the capture time it was stored under.
pub async fn receive_frame(
    store: &dyn Store,
    frames: &FrameStore,
    camera: &CameraRecord,
    jpeg: &[u8],
    captured_ms: i64,
    now_ms: i64,
    min_delay_secs: u32,
) -> Result<i64, ReceiveError> {
    let delay_ms = i64::from(effective_delay_secs(camera, min_delay_secs)) * 1000;
    let stored = frames.put(camera.id, jpeg, captured_ms, now_ms, delay_ms).await?;
    let minute = stored.captured_ms.div_euclid(MINUTE_MS);
    // A camera sends every second or two: only its first frame in a minute needs the database.
    let noted = stored.previous_ms.is_some_and(|previous| previous.div_euclid(MINUTE_MS) == minute);
    if !noted && camera.hours.is_open(stored.captured_ms) && store.record_camera_minute(camera.id, minute).await? && minute % 60 == 0 {
        store.prune_camera_minutes(camera.id, minute - MINUTES_KEPT_DAYS * DAY_MINUTES).await?;
    }
    Ok(stored.captured_ms)
}

/// A new gateway token: 32 random bytes, hex. Only its hash is stored.
pub fn new_token() -> io::Result<String> {
    let mut raw = [0u8; 32];
    getrandom::getrandom(&mut raw).map_err(|e| io::Error::other(e.to_string()))?;
    Ok(hex::encode(raw))
}

/// What is stored of a token: its SHA-256, hex. Tokens are random, so no salt is needed.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` is the camera's current one. Compared without stopping at the first difference.
pub fn token_opens(camera: &CameraRecord, token: &str) -> bool {
    let Some(stored) = camera.token_hash.as_deref() else {
        return false;
    };
    let given = token_hash(token);
    stored.len() == given.len() && stored.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// How a camera is to be added.
#[derive(Clone, Copy, Debug)]
pub struct CameraSpec {
    pub area: KitchenArea,
    pub delay_secs: u32,
    pub hours: PublicHours,
    pub public: bool,
}

/// Why a `camera` command failed.
#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("no unit with code {0:?}")]
    UnknownUnit(String),
    #[error("no camera {0}")]
    UnknownCamera(i64),
    #[error("a camera's delay may be at most {MAX_DELAY_SECS} s")]
    DelayTooLong,
    #[error("cannot make a token: {0}")]
    Token(io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds a camera to a unit with a new token: its id and the token, shown once and never again.
pub async fn add(store: &dyn Store, unit_code: &str, spec: CameraSpec, now_ms: i64) -> Result<(i64, String), CameraError> {
    if spec.delay_secs > MAX_DELAY_SECS {
        return Err(CameraError::DelayTooLong);
    }
    let token = new_token().map_err(CameraError::Token)?;
    let hash = token_hash(&token);
    let camera = NewCamera {
        unit_code,
        area: spec.area,
        public: spec.public,
        delay_secs: spec.delay_secs,
        hours: spec.hours,
        token_hash: Some(&hash),
        created_ms: now_ms,
    };
    let id = store.add_camera(&camera).await?.ok_or_else(|| CameraError::UnknownUnit(unit_code.to_owned()))?;
    Ok((id, token))
}

/// Gives a camera a new token; the old one stops working at once.
pub async fn issue_token(store: &dyn Store, id: i64) -> Result<String, CameraError> {
    let token = new_token().map_err(CameraError::Token)?;
    if !store.set_camera_token(id, Some(&token_hash(&token))).await? {
        return Err(CameraError::UnknownCamera(id));
    }
    Ok(token)
}

/// Revokes a camera's token: its gateway can send no more frames until a new one is issued.
pub async fn revoke(store: &dyn Store, id: i64) -> Result<(), CameraError> {
    if !store.set_camera_token(id, None).await? {
        return Err(CameraError::UnknownCamera(id));
    }
    Ok(())
}

/// Every camera, or a unit's.
pub async fn list(store: &dyn Store, unit_code: Option<&str>) -> Result<Vec<CameraRecord>, CameraError> {
    match unit_code {
        None => Ok(store.all_cameras().await?),
        Some(code) => store.unit_cameras(code).await?.ok_or_else(|| CameraError::UnknownUnit(code.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-29 00:00 in China, as UTC ms.
    const MIDNIGHT: i64 = 1_795_910_400_000 - 8 * 3_600_000;

    fn at(hh: i64, mm: i64) -> i64 {
        MIDNIGHT + (hh * 60 + mm) * MINUTE_MS
    }

    fn hours(s: &str) -> PublicHours {
        s.parse().unwrap()
    }

    #[test]
    fn times_are_printed_in_utc_to_the_second() {
        assert_eq!(rfc3339(at(12, 30) + 5_999), "2026-11-29T04:30:05Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(MIDNIGHT), "2026-11-28T16:00:00Z");
    }

    #[test]
    fn hours_parse_and_print() {
        assert_eq!(hours("06:00-21:00").to_string(), "06:00-21:00");
        assert_eq!(hours("00:00-24:00"), PublicHours::ALL_DAY);
        assert_eq!(DEFAULT_HOURS.to_string(), "06:00-21:00");
        for bad in ["", "06:00", "6:00-21:00", "06:00-06:00", "24:00-06:00", "06:00-24:01", "06:60-21:00", "00:00-00:00", "a-b"] {
            assert!(bad.parse::<PublicHours>().is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_are_china_time_and_may_run_past_midnight() {
        let day = hours("06:00-21:00");
        assert!(!day.is_open(at(5, 59)) && day.is_open(at(6, 0)) && day.is_open(at(20, 59)) && !day.is_open(at(21, 0)));
        assert_eq!(day.opened_at(at(12, 0) + 5_000), Some(at(6, 0)));
        assert_eq!(day.opened_at(at(22, 0)), None);
        let night = hours("22:00-06:00");
        assert!(night.is_open(at(23, 0)) && night.is_open(at(5, 0)) && !night.is_open(at(12, 0)));
        assert_eq!(night.opened_at(at(5, 0)), Some(at(-2, 0)), "opened yesterday at 22:00");
        assert_eq!(night.opened_at(at(23, 0)), Some(at(22, 0)));
        assert_eq!(PublicHours::ALL_DAY.opened_at(at(0, 1)), Some(i64::MIN), "an all-day view has no break at midnight");
        let minute = hours("00:00-00:01");
        assert!(minute.is_open(at(0, 0)) && !minute.is_open(at(0, 1)));
    }

    #[test]
    fn open_minutes_are_counted_across_days() {
        let m = |ms: i64| ms.div_euclid(MINUTE_MS);
        let day = hours("06:00-21:00");
        assert_eq!(day.open_minutes(m(at(0, 0)), m(at(24, 0))), 15 * 60);
        assert_eq!(day.open_minutes(m(at(20, 0)), m(at(30, 0))), 60, "21:00 to 06:00 next day is closed");
        assert_eq!(day.open_minutes(m(at(0, 0)), m(at(7 * 24, 0))), 7 * 15 * 60);
        assert_eq!(hours("22:00-06:00").open_minutes(m(at(0, 0)), m(at(24, 0))), 8 * 60);
        assert_eq!(PublicHours::ALL_DAY.open_minutes(m(at(3, 0)), m(at(4, 30))), 90);
        assert_eq!(day.open_minutes(m(at(12, 0)), m(at(11, 0))), 0);
    }
}
