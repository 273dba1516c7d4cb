//! What the kitchen's endpoints answer: the public card and pages, the owner's day, the regulator's
//! list and the platform's batches.

use serde::{Deserialize, Serialize};

use super::{
    CertificateState, Completeness, Finding, Headline, HealthCertificate, KindState, KitchenRecord, Level, Post, PublicRecord, PublicStaff,
    RecordBody, RecordKind, RosterSummary, Source, StaffMember,
};
use crate::{Day, ImportResult, Tone, UnitKind};

/// A kind's line in a day, in figures the page words per kind: `count` is people checked, dishes of
/// the meals sampled, disinfections, samples tested, items bought or inspections; `problems` how many
/// of them are not good (not fit, dishes short or not sampled, below threshold, positive, found problems).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineSummary {
    pub records: u32,
    pub count: u32,
    pub problems: u32,
    /// Samples only: meals of the schedule already due without samples ("午餐未留样").
    pub missing: u32,
    /// The newest record's time, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_ms: Option<i64>,
    /// When the kind is (or was) due that day, when the schedule says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodayLine {
    pub kind: RecordKind,
    pub state: KindState,
    pub summary: LineSummary,
}

/// The "今日后厨" card on the unit's first screen (`UnitPage.kitchen`; absent for a unit that has never
/// kept a record here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TodayCard {
    pub day: Day,
    pub lines: Vec<TodayLine>,
}

/// A record in a day's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordBrief {
    pub id: String,
    pub kind: RecordKind,
    pub at_ms: i64,
    /// 补录: its first version was entered late.
    pub late: bool,
    pub source: Source,
    /// Above 1: corrected ("已更正 (第 n 版)").
    pub version: u32,
    /// The worst of its findings' tones (good when it has none).
    pub tone: Tone,
    pub headline: Headline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    pub day: Day,
    pub completeness: Completeness,
}

/// `GET /api/units/{code}/today[?day=YYYY-MM-DD]`: one day of the last `rules.calendar_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KitchenDay {
    pub code: String,
    pub name: String,
    pub day: Day,
    pub today: Day,
    pub lines: Vec<TodayLine>,
    /// The day's records, newest versions, in the order of the time they claim.
    pub records: Vec<RecordBrief>,
    /// Oldest first, ending today.
    pub calendar: Vec<CalendarDay>,
    pub roster: RosterSummary,
    pub staff: Vec<PublicStaff>,
}

/// A version in a record's trail: when the server got it, who wrote it, and (version 1 only) 补录.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicVersion {
    pub version: u32,
    pub entered_ms: i64,
    /// The first version entered late (the record is 补录); a correction is never marked so.
    pub late: bool,
    pub source: Source,
}

/// `GET /api/units/{code}/records/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordPage {
    pub code: String,
    pub name: String,
    pub record: PublicRecord,
    /// Every version, oldest first.
    pub versions: Vec<PublicVersion>,
    pub findings: Vec<Finding>,
}

/// A person on the owner's roster with their certificate's state today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub member: StaffMember,
    pub certificate: CertificateState,
}

/// A record as its owner sees it: all of it, with what the checks found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckedRecord {
    pub record: KitchenRecord,
    pub late: bool,
    pub findings: Vec<Finding>,
}

/// `GET /api/owner/today`: the checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerToday {
    pub day: Day,
    /// The unit's kind: its day's schedule (the meals whose samples are due) is in the rules.
    pub unit_kind: UnitKind,
    pub lines: Vec<TodayLine>,
    /// Active people, expiring and expired certificates first.
    pub roster: Vec<RosterEntry>,
    /// Today's records, newest versions.
    pub records: Vec<CheckedRecord>,
    /// The purchases and samples of the last earlier day that had any (yesterday, or the last day
    /// before a closed weekend), to copy and edit.
    pub yesterday: Vec<KitchenRecord>,
}

/// `POST /api/owner/records` (a new record) and `POST /api/owner/records/{id}` (a correction: a new
/// version). The same `client_id` twice answers the first answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRecord {
    pub client_id: String,
    pub at_ms: i64,
    pub body: RecordBody,
}

/// `POST /api/owner/staff`, `PUT /api/owner/staff/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInput {
    pub name: String,
    pub post: Post,
    pub certificate: HealthCertificate,
    /// `false` when the person has left (they stay, for old records).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Something the regulator should look at today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attention {
    NoMorningCheck,
    ExpiredCertificates { count: u32 },
    SamplesMissing,
    SamplesShort,
    PositiveAwaitingRecheck,
    SelfInspectionOverdue { level: Level },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionItem {
    pub code: String,
    pub name: String,
    pub region: String,
    /// Most urgent first.
    pub problems: Vec<Attention>,
    /// Higher is more urgent; the list is sorted by it.
    pub urgency: u32,
}

/// `GET /api/regulator/today`: the region's units with something to look at, most urgent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttentionList {
    pub day: Day,
    pub items: Vec<AttentionItem>,
}

/// A record a device wrote, as the platform sends it. A repeat of the same `device_record_id` changes
/// nothing; a changed body under the same id is a new version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceRecord {
    pub device_record_id: String,
    /// The device's name, shown as who wrote the record ("设备记录").
    pub device: String,
    pub at_ms: i64,
    /// People are named by the platform's `staff_id`s.
    pub body: RecordBody,
}

/// A person as the platform lists them, by its own id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaffImport {
    pub staff_id: String,
    pub name: String,
    pub post: Post,
    pub certificate: HealthCertificate,
    #[serde(default = "yes")]
    pub active: bool,
}

/// `PUT /api/platform/units/{code}/records` and `mingchu-server import`: staff first, then records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordsBatch {
    #[serde(default)]
    pub staff: Vec<StaffImport>,
    #[serde(default)]
    pub records: Vec<DeviceRecord>,
}

/// What a batch did, entry by entry, in the batch's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordsBatchResult {
    pub staff: Vec<ImportResult>,
    pub records: Vec<RecordImported>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordImported {
    pub device_record_id: String,
    /// The record's id here.
    pub id: String,
    pub result: ImportResult,
}
