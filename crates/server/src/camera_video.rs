//! The kitchen in motion (issue 15): what a viewer may play of a camera's video now, and how a gateway's
//! segment is received. The rules are the frames' (`cameras.rs`): nothing newer than the delay, nothing
//! outside the public hours or captured before they opened, never a private camera; the HTTP handlers and
//! the demo's synthetic video both go through here.
//!
//! Segments are kept only by the server the camera's gateway pushes to (nginx hashes the camera's id:
//! docs/deploy/nginx.conf), which notes in the database, once a minute, that its video is coming; any
//! other server tells from that note whether the video can be played.

use mingchu_types::video::{self, SegmentEntry, MAX_SEGMENT_MS, SHOWABLE_WINDOW_MS};

use crate::cameras::{effective_delay_secs, ReceiveError, Unavailable};
use crate::hours::MINUTE_MS;
use crate::store::{CameraRecord, Store};
use crate::video_store::{stamp, VideoStore};

fn delay_ms(camera: &CameraRecord, min_delay_secs: u32) -> i64 {
    i64::from(effective_delay_secs(camera, min_delay_secs)) * 1000
}

/// The camera's kept segments a viewer may be given some of at `now_ms`: those captured since its public
/// hours opened (the playlist then takes the ones old enough).
fn since_opened(video: &VideoStore, camera: &CameraRecord, now_ms: i64) -> Result<Vec<SegmentEntry>, Unavailable> {
    let opened = camera.hours.opened_at(now_ms).ok_or(Unavailable::OutsideHours)?;
    let mut segments = video.segments(camera.id);
    segments.retain(|s| s.capture_ms >= opened);
    Ok(segments)
}

/// The delayed playlist a viewer gets at `now_ms` (`mingchu_types::video::playlist`).
pub fn playlist(video: &VideoStore, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> Result<String, Unavailable> {
    let segments = since_opened(video, camera, now_ms)?;
    video::playlist(&segments, now_ms, delay_ms(camera, min_delay_secs)).ok_or(Unavailable::NoFrame)
}

/// A media segment a viewer may fetch at `now_ms`: kept, captured since the hours opened, and ended at
/// least the delay ago. A segment may be fetched a little after the playlist stopped listing it.
pub fn servable(video: &VideoStore, camera: &CameraRecord, seq: u64, min_delay_secs: u32, now_ms: i64) -> Result<SegmentEntry, Unavailable> {
    let opened = camera.hours.opened_at(now_ms).ok_or(Unavailable::OutsideHours)?;
    video
        .segment(camera.id, seq)
        .filter(|s| s.capture_ms >= opened && s.end_ms() <= now_ms - delay_ms(camera, min_delay_secs))
        .ok_or(Unavailable::NoFrame)
}

/// Whether the camera's delayed video can be played at `now_ms` (`CameraView.video`): from the segments
/// here while this server holds the newest the database knows of, else from the note its own server left.
pub fn playable(video: &VideoStore, camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> bool {
    let here = video.last_segment(camera.id).is_some_and(|last| camera.video_heard_ms.is_none_or(|heard| last.end_ms() >= heard));
    if !here {
        return playable_by_note(camera, min_delay_secs, now_ms);
    }
    since_opened(video, camera, now_ms)
        .is_ok_and(|segments| !video::showable(&segments, now_ms, delay_ms(camera, min_delay_secs), SHOWABLE_WINDOW_MS).is_empty())
}

/// From the note: the current run of video began early enough that a segment of it captured since the
/// hours opened has ended the delay ago, and the run was still heard of no earlier than the playlist's
/// window (segments run end to end, so one of them ended within the window). A run that stopped and came
/// back between two notes may be taken as unbroken for a minute or two: the page then finds no playlist.
fn playable_by_note(camera: &CameraRecord, min_delay_secs: u32, now_ms: i64) -> bool {
    let (Some(from), Some(heard), Some(opened)) = (camera.video_from_ms, camera.video_heard_ms, camera.hours.opened_at(now_ms)) else {
        return false;
    };
    let shown_until = now_ms - delay_ms(camera, min_delay_secs);
    from.max(opened) + i64::from(MAX_SEGMENT_MS) <= shown_until && heard >= shown_until - SHOWABLE_WINDOW_MS
}

/// Keeps a checked media segment of `duration_ms` that arrived at `now_ms`, stamped by its arrival
/// ([`stamp`]: the gateway's clock is never trusted), and notes the camera's video in the database with
/// the first segment of each minute.
pub async fn receive_segment(
    store: &dyn Store,
    video: &VideoStore,
    camera: &CameraRecord,
    bytes: &[u8],
    duration_ms: u32,
    now_ms: i64,
    min_delay_secs: u32,
) -> Result<SegmentEntry, ReceiveError> {
    let previous = video.last_segment(camera.id);
    let capture_ms = stamp(previous.as_ref(), now_ms, duration_ms);
    let entry = video.store_segment(camera.id, bytes, capture_ms, duration_ms, delay_ms(camera, min_delay_secs), now_ms).await?;
    let minute = |ms: i64| ms.div_euclid(MINUTE_MS);
    if previous.is_none_or(|p| minute(p.end_ms()) != minute(entry.end_ms())) {
        store.note_camera_video(camera.id, entry.capture_ms, entry.end_ms()).await?;
    }
    Ok(entry)
}
