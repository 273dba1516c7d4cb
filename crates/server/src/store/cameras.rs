//! Kitchen cameras as stored, and the minutes each sent a frame in (for its uptime).

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

    /// Notes that a camera sent a frame during `minute` (UTC minutes since 1970); `true` when that
    /// minute was not noted before.
    async fn record_camera_minute(&self, id: i64, minute: i64) -> StoreResult<bool>;

    /// In how many minutes of `[from, to)` the camera sent a frame.
    async fn camera_minutes(&self, id: i64, from: i64, to: i64) -> StoreResult<u32>;

    /// Forgets the minutes of a camera before `before`.
    async fn prune_camera_minutes(&self, id: i64, before: i64) -> StoreResult<()>;
}
