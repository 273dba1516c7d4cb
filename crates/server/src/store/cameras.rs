//! Kitchen cameras as stored, and the minutes each sent a frame in (for its uptime).

use std::ops::RangeInclusive;

use async_trait::async_trait;
use mingchu_types::KitchenArea;

use super::StoreResult;
use crate::hours::PublicHours;

/// A kitchen camera as stored: what it looks at and how it is shown. Its frames are on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameraRecord {
    pub id: i64,
    pub unit_code: String,
    pub area: KitchenArea,
    /// Private cameras are never listed or shown to the public.
    pub public: bool,
    /// The camera's own delay; the server's minimum may be longer.
    pub delay_secs: u32,
    pub hours: PublicHours,
    /// The SHA-256 (hex) of the gateway's token; `None` when revoked or never issued.
    pub token_hash: Option<String>,
    /// When the camera was added (UTC ms), so its uptime counts only the time since.
    pub created_ms: i64,
    /// When the camera's current run of video began (the capture time of its first segment, UTC ms), as
    /// its own server noted it ([`CameraStore::note_camera_video`]).
    pub video_from_ms: Option<i64>,
    /// When the newest segment its own server noted ended (UTC ms): noted at most once a minute.
    pub video_heard_ms: Option<i64>,
}

/// A camera ready to be stored.
pub struct NewCamera<'a> {
    pub unit_code: &'a str,
    pub area: KitchenArea,
    pub public: bool,
    pub delay_secs: u32,
    pub hours: PublicHours,
    pub token_hash: Option<&'a str>,
    pub created_ms: i64,
}

/// A camera's newest noted minute (see [`CameraStore::newest_camera_minutes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewestMinute {
    pub camera: i64,
    pub minute: i64,
    /// When that minute's first frame came (UTC ms).
    pub first_ms: i64,
}

/// [`CameraStore::newest_camera_minutes`]'s query in both databases' SQL: one seek down the primary key
/// per camera of the unit `$1`.
const NEWEST_MINUTES_SQL: &str = "SELECT c.id, m.minute, m.first_ms FROM cameras c JOIN units u ON u.id = c.unit_id
    JOIN camera_minutes m ON m.camera_id = c.id
     AND m.minute = (SELECT minute FROM camera_minutes WHERE camera_id = c.id ORDER BY minute DESC LIMIT 1)
    WHERE u.code = $1";

/// [`CameraStore::first_frame_within`]'s query in both databases' SQL (`$1`: the camera, `$2`..`$3`: the
/// minutes, `$4`: the latest first frame): a seek down the primary key from the last minute asked for.
const FIRST_FRAME_SQL: &str = "SELECT first_ms FROM camera_minutes
    WHERE camera_id = $1 AND minute >= $2 AND minute <= $3 AND first_ms <= $4 ORDER BY minute DESC LIMIT 1";

/// [`CameraStore::note_camera_video`]'s statement in both databases' SQL (`$1`: the camera, `$2`: the
/// segment's capture time, `$3`: its end, `$4`: how long a silence begins a new run).
const NOTE_VIDEO_SQL: &str = "UPDATE cameras SET
    video_from_ms = CASE WHEN video_heard_ms IS NULL OR video_heard_ms < $2 - $4 THEN $2 ELSE video_from_ms END,
    video_heard_ms = $3
    WHERE id = $1";

/// [`CameraStore::note_camera_video`] on either database.
pub(crate) async fn note_video<DB>(pool: &sqlx::Pool<DB>, id: i64, capture_ms: i64, end_ms: i64) -> StoreResult<()>
where
    DB: sqlx::Database,
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    sqlx::query(NOTE_VIDEO_SQL).bind(id).bind(capture_ms).bind(end_ms).bind(VIDEO_RUN_GAP_MS).execute(pool).await?;
    Ok(())
}

/// A camera whose last noted segment ended longer than this before a new one began stopped meanwhile: the
/// new one begins a new run. Notes come once a minute while the video runs (and segments last ≤ 10 s).
pub const VIDEO_RUN_GAP_MS: i64 = 2 * 60_000;

/// [`CameraStore::newest_camera_minutes`] on either database.
pub(crate) async fn newest_minutes<DB>(pool: &sqlx::Pool<DB>, code: &str) -> StoreResult<Vec<NewestMinute>>
where
    DB: sqlx::Database,
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, i64, i64): sqlx::FromRow<'r, DB::Row>,
{
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(NEWEST_MINUTES_SQL).bind(code).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(camera, minute, first_ms)| NewestMinute { camera, minute, first_ms }).collect())
}

/// [`CameraStore::first_frame_within`] on either database.
pub(crate) async fn first_frame<DB>(pool: &sqlx::Pool<DB>, id: i64, minutes: RangeInclusive<i64>, not_after_ms: i64) -> StoreResult<Option<i64>>
where
    DB: sqlx::Database,
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64,): sqlx::FromRow<'r, DB::Row>,
{
    let (from, to) = minutes.into_inner();
    let row: Option<(i64,)> = sqlx::query_as(FIRST_FRAME_SQL).bind(id).bind(from).bind(to).bind(not_after_ms).fetch_optional(pool).await?;
    Ok(row.map(|(first,)| first))
}

/// Cameras and their minutes of frames.
#[async_trait]
pub trait CameraStore: Send + Sync {
    /// Adds a camera to a unit: its id, or `None` for an unknown unit.
    async fn add_camera(&self, camera: &NewCamera<'_>) -> StoreResult<Option<i64>>;

    /// Replaces a camera's token hash, or revokes its token with `None`; `false` for an unknown camera.
    async fn set_camera_token(&self, id: i64, token_hash: Option<&str>) -> StoreResult<bool>;

    /// One camera, public or not.
    async fn camera(&self, id: i64) -> StoreResult<Option<CameraRecord>>;

    /// A unit's cameras, public or not, by id; `None` for an unknown unit.
    async fn unit_cameras(&self, code: &str) -> StoreResult<Option<Vec<CameraRecord>>>;

    /// Every camera, by id.
    async fn all_cameras(&self) -> StoreResult<Vec<CameraRecord>>;

    /// Notes that a camera sent a frame during `minute` (UTC minutes since 1970), the first of the
    /// minute at `first_ms`; `true` when that minute was not noted before.
    async fn record_camera_minute(&self, id: i64, minute: i64, first_ms: i64) -> StoreResult<bool>;

    /// The newest noted minute of each of a unit's cameras that has one, in one query.
    async fn newest_camera_minutes(&self, code: &str) -> StoreResult<Vec<NewestMinute>>;

    /// When the first frame came of the newest minute within `minutes` whose first frame came no later than
    /// `not_after_ms`, if there is one.
    async fn first_frame_within(&self, id: i64, minutes: RangeInclusive<i64>, not_after_ms: i64) -> StoreResult<Option<i64>>;

    /// In how many minutes of `[from, to)` the camera sent a frame.
    async fn camera_minutes(&self, id: i64, from: i64, to: i64) -> StoreResult<u32>;

    /// Forgets the minutes of a camera before `before`.
    async fn prune_camera_minutes(&self, id: i64, before: i64) -> StoreResult<()>;

    /// Notes that the camera's video has a segment captured at `capture_ms` and ending at `end_ms`: the
    /// newest heard, and the start of a new run after a silence of [`VIDEO_RUN_GAP_MS`].
    async fn note_camera_video(&self, id: i64, capture_ms: i64, end_ms: i64) -> StoreResult<()>;
}
