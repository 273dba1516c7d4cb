//! Where units and what the regulator published about them are kept. Handlers see only the [`Store`]
//! trait, so a PostgreSQL implementation can sit beside [`sqlite::SqliteStore`] without touching them.

pub mod sqlite;
pub mod staff;

pub use staff::StaffStore;

use async_trait::async_trait;
use mingchu_types::{
    AnnualGrade, Day, GradeScheme, HoldReason, ImportResult, Inspection, InspectionBrief, KitchenArea, Licence, MessageRequest, MessageView,
    NotGradedReason, RatingSummary, ReportRequest, ReportView, Review, ReviewRequest, ReviewState, SheetHeader, Smiley, Unit,
};
use serde::{Deserialize, Serialize};

use crate::cameras::PublicHours;

/// Everything the regulator publishes about one unit, as the demo data and imports provide it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitData {
    pub unit: Unit,
    /// 联系人 on the inspection sheet.
    #[serde(default)]
    pub contact: Option<String>,
    /// The regulator's region code (city/county/station) the unit belongs to.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub licence: Option<Licence>,
    pub grade: GradeData,
    /// Identified by their sheet number; their `id` is ignored.
    #[serde(default)]
    pub inspections: Vec<Inspection>,
}

/// The official grade as the regulator publishes it: a level of a named scheme, or why there is none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeData {
    pub scheme: String,
    pub dynamic: DynamicGradeData,
    #[serde(default)]
    pub annual: Option<AnnualGrade>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DynamicGradeData {
    Graded { level: String, score: Option<u32>, graded_on: Day },
    NotGraded { reason: NotGradedReason, until: Option<Day> },
}

/// A unit as stored, with its grade resolved against its scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRecord {
    pub unit: Unit,
    pub contact: Option<String>,
    pub licence: Option<Licence>,
    pub grade: StoredGrade,
    pub latest_inspection: Option<InspectionBrief>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoredGrade {
    pub scheme: GradeScheme,
    pub dynamic: DynamicGradeData,
    pub annual: Option<AnnualGrade>,
}

/// A report ready to be stored.
pub struct NewReport<'a> {
    pub unit_code: &'a str,
    pub request: &'a ReportRequest,
    pub secret_hash: &'a str,
    pub filed_on: Day,
    pub decision_due: Day,
}

/// A message to a unit's owner ready to be stored.
pub struct NewMessage<'a> {
    pub unit_code: &'a str,
    pub request: &'a MessageRequest,
    pub secret_hash: &'a str,
    pub sent_on: Day,
}

/// A review ready to be stored.
pub struct NewReview<'a> {
    pub unit_code: &'a str,
    pub request: &'a ReviewRequest,
    pub device: Option<&'a str>,
    pub day: Day,
    /// Set when the content alone holds the review.
    pub hold: Option<HoldReason>,
}

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

/// One unit of an import, written by [`Store::import_units`].
#[derive(Clone, Debug, PartialEq)]
pub enum ImportUnit {
    /// Everything about the unit (a JSON record): stored as [`Store::put_unit`] would, with its cameras.
    Full { data: Box<UnitData>, cameras: Vec<ImportedCamera> },
    /// Only who and where it is (a CSV row): an existing unit keeps its licence, grade, inspections and
    /// cameras; a new one gets no licence and [`ImportBatch::new_grade`].
    Base { unit: Unit, contact: Option<String>, region: String },
}

impl ImportUnit {
    pub fn code(&self) -> &str {
        match self {
            ImportUnit::Full { data, .. } => &data.unit.code,
            ImportUnit::Base { unit, .. } => &unit.code,
        }
    }
}

/// A camera from the platform, defaults resolved. Matched to a stored camera by `key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedCamera {
    pub key: String,
    pub area: KitchenArea,
    pub public: bool,
    pub delay_secs: u32,
    pub hours: PublicHours,
}

/// An import ready to be written: all of it, or none.
pub struct ImportBatch<'a> {
    /// Schemes the records may use that the database may not have yet (the built-in national one);
    /// added if missing, never replaced.
    pub schemes: &'a [GradeScheme],
    pub units: &'a [ImportUnit],
    /// The grade of a unit first created from a CSV row.
    pub new_grade: &'a GradeData,
    /// When new cameras were added (UTC ms).
    pub now_ms: i64,
}

/// More reviews than this for one unit within ten minutes are held: a burst is rarely real diners.
pub const REVIEW_BURST: i64 = 5;

/// What became of an idempotent write.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Stored now.
    Done(T),
    /// The same request came before: its stored answer.
    Repeat {
        response: String,
    },
    /// The key came before with another request.
    KeyReused,
    UnknownUnit,
    /// One of the photo ids is not a stored photo.
    UnknownPhoto,
}

/// A position in a list, after which the next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Units are listed by id.
    Unit(i64),
    /// Inspections are listed newest first: by date, then id, both descending.
    Inspection(Day, i64),
}

/// A page of results and where the next one starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("invalid data: {0}")]
    Invalid(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait Store: StaffStore + Send + Sync + 'static {
    /// Units whose name contains `query` (any length, including one Chinese character), or all units.
    async fn search_units(&self, query: Option<&str>, after: Option<Cursor>, limit: u32) -> StoreResult<Page<UnitRecord>>;

    /// One unit with its licence, grade and latest inspection.
    async fn unit(&self, code: &str) -> StoreResult<Option<UnitRecord>>;

    /// A unit's inspections, newest first, and how many there are; `None` for an unknown unit.
    async fn inspections(&self, code: &str, after: Option<Cursor>, limit: u32) -> StoreResult<Option<(Page<InspectionBrief>, u32)>>;

    /// One inspection of a unit with its sheet header; `None` if either is unknown.
    async fn inspection(&self, code: &str, id: i64) -> StoreResult<Option<(SheetHeader, Inspection)>>;

    /// Records a device's smiley for a unit on a day, replacing its earlier vote that day.
    /// `false` for an unknown unit.
    async fn rate(&self, code: &str, device: &str, day: Day, smiley: Smiley) -> StoreResult<bool>;

    /// A unit's ratings from `since` on, and `device`'s vote on `today`.
    async fn ratings(&self, code: &str, since: Day, today: Day, device: Option<&str>) -> StoreResult<RatingSummary>;

    /// Records a stored photo.
    async fn add_photo(&self, id: &str, width: u32, height: u32, bytes: u64) -> StoreResult<()>;

    /// Files a report in one transaction with its idempotency record: a repeat of `key` with the same
    /// `request_hash` gets the first answer (`response`, as stored) back, another hash is refused.
    /// `response` may hold `{ticket}`, replaced by the new ticket before it is stored.
    async fn file_report(&self, report: &NewReport<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>>;

    /// Sends a message to a unit's owner in one transaction with its idempotency record, exactly like
    /// [`Store::file_report`] (`response` may hold `{ticket}`).
    async fn send_message(&self, message: &NewMessage<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>>;

    /// Posts a review (published, or held with a reason) in one transaction with its idempotency record;
    /// `response` may hold `{id}` and `{state}`. A review is also held when the unit had more than
    /// [`REVIEW_BURST`] reviews in the last ten minutes.
    async fn post_review(&self, review: &NewReview<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<(i64, ReviewState)>>;

    /// A unit's published reviews, newest first, and among them `device`'s own held or hidden ones
    /// (marked, for their author alone); `None` for an unknown unit.
    async fn reviews(&self, code: &str, after: Option<Cursor>, limit: u32, device: Option<&str>) -> StoreResult<Option<Page<Review>>>;

    /// A report by its ticket, if `secret_hash` opens it.
    async fn report(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<ReportView>>;

    /// A message by its ticket, if `secret_hash` opens it; never with the call-back number.
    async fn message(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<MessageView>>;

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

    /// Adds or replaces a grading scheme.
    async fn put_scheme(&self, scheme: &GradeScheme) -> StoreResult<()>;

    /// Adds or replaces a unit and everything published about it, in one transaction: inspections
    /// missing from `data` are removed.
    async fn put_unit(&self, data: &UnitData) -> StoreResult<()>;

    async fn unit_count(&self) -> StoreResult<u64>;

    /// Every stored grading scheme, by key.
    async fn grade_schemes(&self) -> StoreResult<Vec<GradeScheme>>;

    /// Writes an import in ONE transaction: every unit, or (on any error) none. A unit whose stored data
    /// already equals its record is not written at all (its `updated_at`, inspection ids and camera ids
    /// stay). A full record's cameras are the unit's whole imported set: cameras it no longer lists are
    /// withdrawn (made private, token revoked, key released; never deleted, so their ids and frames are
    /// never reused); cameras added by the `camera` command are never touched. One result per unit, in order.
    async fn import_units(&self, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>>;

    /// A fact about the database itself (see the `meta` table).
    async fn meta(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()>;

    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;
}
