//! Kitchen cameras (明厨亮灶): how their public hours (`hours.rs`) and delay apply, their gateways' tokens,
//! what a viewer may see now, and how often each was up. The HTTP handlers, the `camera` commands and the
//! demo's synthetic cameras all go through here, so the rules hold whichever way a frame comes in or goes out.
//!
//! The delay protects the kitchen's staff: it is enforced here, never by the page, and never shortened
//! below the server's minimum whatever a camera's own setting or a request says.

use std::io;

use mingchu_types::{CameraState, CameraView, Day, KitchenArea, LiveBrief, UnitCameras};
use sha2::{Digest, Sha256};

use crate::frames::{Frame, FrameStore};
use crate::hours::{PublicHours, DAY_MINUTES, MINUTE_MS};
use crate::store::{CameraRecord, NewCamera, Store, StoreError, StoreResult};

/// A camera's delay when none is given.
pub const DEFAULT_DELAY_SECS: u32 = 180;
/// The least delay of any camera, unless the server is configured otherwise (tests do).
pub const DEFAULT_MIN_DELAY_SECS: u32 = 60;
/// The longest delay a camera may be given: the frames of the delay must fit the per-camera byte cap.
pub const MAX_DELAY_SECS: u32 = 1800;
/// A camera without a frame for longer than this is offline.
pub const OFFLINE_AFTER_MS: i64 = 30_000;
/// Uptime is counted over this many days.
pub const UPTIME_DAYS: i64 = 7;
/// Fewer public-hours minutes than this since a camera was added say too little for a share: it has
/// "just been connected".
pub const JUST_CONNECTED_MINUTES: i64 = 5;
/// Minutes older than this many days are no longer needed for the uptime, and are pruned.
const MINUTES_KEPT_DAYS: i64 = 8;

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

/// What this server knows of a camera's frames at a moment. Frames are kept only by the server the
/// camera's gateway pushes to (nginx hashes the camera's id: docs/deploy/nginx.conf), which also notes in
/// the database, once a minute, the first frame of each minute; any other server goes by those minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heard {
    /// When the camera's last frame came; from the minutes, the first frame of its newest minute (a frame
    /// that certainly came then; later ones that minute are not noted).
    pub last_ms: Option<i64>,
    /// The latest its last frame may have come, which its state is judged by; from the minutes, the end of
    /// its newest minute: another server sees a camera go offline up to a minute after its own server does.
    pub latest_ms: Option<i64>,
    /// When the frame a viewer gets now was captured; from the minutes, a frame no later than it (the
    /// first of its minute), which proves that the camera's own server has one to show.
    pub shown_ms: Option<i64>,
}

/// What the frames this server holds tell of `camera` at `now_ms`.
pub fn heard_here(frames: &FrameStore, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> Heard {
    let last = frames.last_received_ms(camera.id);
    Heard { last_ms: last, latest_ms: last, shown_ms: shown_frame(frames, camera, min_delay_secs, now_ms).ok().map(|f| f.captured_ms) }
}

/// A public camera as the page sees it at `now_ms`, from what is known of its frames, and whether its
/// delayed video can be played (`camera_video::playable`).
pub async fn view(store: &dyn Store, camera: &CameraRecord, heard: Heard, video: bool, min_delay_secs: u32, now_ms: i64) -> StoreResult<CameraView> {
    Ok(CameraView {
        id: camera.id,
        area: camera.area,
        state: state(camera, heard.latest_ms, now_ms),
        captured_at: heard.shown_ms.map(rfc3339),
        last_received_at: heard.last_ms.map(rfc3339),
        delay_secs: effective_delay_secs(camera, min_delay_secs),
        opens: camera.hours.opens(),
        closes: camera.hours.closes(),
        uptime_permille: uptime_permille(store, camera, now_ms).await?,
        video,
    })
}

/// The kitchen view in brief for the unit's first screen, from the unit's public cameras and what is known
/// of each: a live camera (one with a picture to show, if any), else the one heard from last (in its public
/// hours, if one is); with its state and whether it has a picture, so that the page asks for no frame it
/// cannot get and says why. `None` without a public camera.
pub fn brief(cameras: &[(&CameraRecord, Heard)], min_delay_secs: u32, now_ms: i64) -> Option<LiveBrief> {
    let live = |(c, heard): &&(&CameraRecord, Heard)| state(c, heard.latest_ms, now_ms) == CameraState::Live;
    let pictured = |(_, heard): &&(&CameraRecord, Heard)| heard.shown_ms.is_some();
    let (shown, heard) = *cameras
        .iter()
        .filter(live)
        .find(pictured)
        .or_else(|| cameras.iter().find(live))
        .or_else(|| cameras.iter().min_by_key(|(c, heard)| std::cmp::Reverse((c.hours.is_open(now_ms), heard.latest_ms))))?;
    let state = state(shown, heard.latest_ms, now_ms);
    Some(LiveBrief {
        camera: shown.id,
        cameras: cameras.len() as u32,
        delay_secs: effective_delay_secs(shown, min_delay_secs),
        state,
        pictured: state == CameraState::Live && heard.shown_ms.is_some(),
        last_received_at: heard.last_ms.map(rfc3339),
        opens: shown.hours.opens(),
        closes: shown.hours.closes(),
    })
}

/// A unit's public cameras (`cameras` are the unit's), each with what is known of it at `now_ms`: from this
/// server's frames while it sends here (or sent here last), else from the minutes noted in the database
/// by the server it sends to. `offline_pictures`: whether an offline camera's picture is wanted too (the
/// camera list shows its last one; the first screen's card does not). While every public camera sends
/// here, nothing more than the frames is asked; else one query, and a seek for each picture wanted.
pub async fn public_heard<'a>(
    store: &dyn Store,
    frames: &FrameStore,
    cameras: &'a [CameraRecord],
    min_delay_secs: u32,
    now_ms: i64,
    offline_pictures: bool,
) -> StoreResult<Vec<(&'a CameraRecord, Heard)>> {
    let mut heard: Vec<(&CameraRecord, Heard)> =
        cameras.iter().filter(|c| c.public).map(|c| (c, heard_here(frames, c, min_delay_secs, now_ms))).collect();
    let sending_here = |h: &Heard| h.last_ms.is_some_and(|last| now_ms - last <= OFFLINE_AFTER_MS);
    let Some(code) = heard.iter().find(|(_, h)| !sending_here(h)).map(|(c, _)| c.unit_code.clone()) else {
        return Ok(heard);
    };
    let newest = store.newest_camera_minutes(&code).await?;
    for (camera, here) in heard.iter_mut().filter(|(_, h)| !sending_here(h)) {
        let Some(noted) = newest.iter().find(|n| n.camera == camera.id) else {
            continue;
        };
        // Frames here as recent as the minutes tell more (to the second).
        if here.last_ms.is_some_and(|last| last.div_euclid(MINUTE_MS) >= noted.minute) {
            continue;
        }
        let latest = ((noted.minute + 1) * MINUTE_MS - 1).min(now_ms);
        let wanted = offline_pictures || state(camera, Some(latest), now_ms) == CameraState::Live;
        let shown = if wanted { picture_by_minutes(store, camera, min_delay_secs, now_ms).await? } else { None };
        *here = Heard { last_ms: Some(noted.first_ms), latest_ms: Some(latest), shown_ms: shown };
    }
    Ok(heard)
}

/// From the noted minutes, whether the camera's own server has a frame to show at `now_ms`: a frame came
/// since its public hours opened and at least the delay ago. When the first frame of the newest such
/// minute came: the frame shown is no older.
async fn picture_by_minutes(store: &dyn Store, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> StoreResult<Option<i64>> {
    let Some(opened) = camera.hours.opened_at(now_ms) else {
        return Ok(None);
    };
    let not_after = now_ms - i64::from(effective_delay_secs(camera, min_delay_secs)) * 1000;
    if not_after < opened {
        return Ok(None);
    }
    store.first_frame_within(camera.id, opened.div_euclid(MINUTE_MS)..=not_after.div_euclid(MINUTE_MS), not_after).await
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
    if !noted
        && camera.hours.is_open(stored.captured_ms)
        && store.record_camera_minute(camera.id, minute, stored.captured_ms).await?
        && minute % 60 == 0
    {
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

/// Whether `token` is the camera's current one.
pub fn token_opens(camera: &CameraRecord, token: &str) -> bool {
    hash_opens(camera.token_hash.as_deref(), token)
}

/// Whether `token` is the one whose hash is stored (a camera's or a sensor's; `None`: revoked). Compared
/// without stopping at the first difference.
pub fn hash_opens(stored: Option<&str>, token: &str) -> bool {
    let Some(stored) = stored else {
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

    use crate::hours::tests::{at, MIDNIGHT};

    #[test]
    fn times_are_printed_in_utc_to_the_second() {
        assert_eq!(rfc3339(at(12, 30) + 5_999), "2026-11-29T04:30:05Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(MIDNIGHT), "2026-11-28T16:00:00Z");
    }
}
