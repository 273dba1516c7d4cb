//! The units and what the regulator published about them: search, one unit, its inspections, grading
//! schemes, and writing a unit whole.

use async_trait::async_trait;
use mingchu_types::{AnnualGrade, Day, GradeScheme, Inspection, InspectionBrief, Licence, NotGradedReason, SheetHeader, Unit};
use serde::{Deserialize, Serialize};

use super::{Cursor, Page, StoreResult};

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
    /// The county (`371502`) or station (`371502-01`) it belongs to; empty when not told.
    pub region: String,
    pub licence: Option<Licence>,
    pub grade: StoredGrade,
    pub latest_inspection: Option<InspectionBrief>,
    /// Changes whenever the unit's kitchen records or roster are written (0 before any): what a cached
    /// 今日后厨 card is checked against.
    pub kitchen_stamp: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoredGrade {
    pub scheme: GradeScheme,
    pub dynamic: DynamicGradeData,
    pub annual: Option<AnnualGrade>,
}

/// Units and what the regulator published about them.
#[async_trait]
pub trait UnitStore: Send + Sync {
    /// Units whose name contains `query` (any length, including one Chinese character), or all units.
    async fn search_units(&self, query: Option<&str>, after: Option<Cursor>, limit: u32) -> StoreResult<Page<UnitRecord>>;

    /// One unit with its licence, grade and latest inspection.
    async fn unit(&self, code: &str) -> StoreResult<Option<UnitRecord>>;

    /// A unit's inspections, newest first, and how many there are; `None` for an unknown unit.
    async fn inspections(&self, code: &str, after: Option<Cursor>, limit: u32) -> StoreResult<Option<(Page<InspectionBrief>, u32)>>;

    /// One inspection of a unit with its sheet header; `None` if either is unknown.
    async fn inspection(&self, code: &str, id: i64) -> StoreResult<Option<(SheetHeader, Inspection)>>;

    /// Adds or replaces a grading scheme.
    async fn put_scheme(&self, scheme: &GradeScheme) -> StoreResult<()>;

    /// Adds or replaces a unit and everything published about it, in one transaction: inspections
    /// missing from `data` are removed.
    async fn put_unit(&self, data: &UnitData) -> StoreResult<()>;

    async fn unit_count(&self) -> StoreResult<u64>;

    /// Every stored grading scheme, by key.
    async fn grade_schemes(&self) -> StoreResult<Vec<GradeScheme>>;
}
