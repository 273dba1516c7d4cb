//! The supervision platform's imports: a batch of units written all or nothing.

use async_trait::async_trait;
use mingchu_types::{GradeScheme, ImportResult, KitchenArea, Unit};

use super::{GradeData, StoreResult, UnitData};
use crate::hours::PublicHours;

/// One unit of an import, written by [`ImportStore::import_units`].
#[derive(Clone, Debug, PartialEq)]
pub enum ImportUnit {
    /// Everything about the unit (a JSON record): stored as [`UnitStore::put_unit`](super::UnitStore::put_unit) would, with its cameras.
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

/// The supervision platform's imports.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Writes an import in ONE transaction: every unit, or (on any error) none. A unit whose stored data
    /// already equals its record is not written at all (its `updated_at`, inspection ids and camera ids
    /// stay). A full record's cameras are the unit's whole imported set: cameras it no longer lists are
    /// withdrawn (made private, token revoked, key released; never deleted, so their ids and frames are
    /// never reused); cameras added by the `camera` command are never touched. One result per unit, in order.
    async fn import_units(&self, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>>;
}
