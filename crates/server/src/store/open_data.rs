//! The public records in bulk (issue 17's open data): every unit with its licence and grade, and every
//! inspection, each in one read. The SQL is written once for both databases in [`super::open_data_sql`].

use async_trait::async_trait;
use mingchu_types::Inspection;

use super::{StoreResult, UnitRecord};

#[async_trait]
pub trait OpenDataStore: Send + Sync {
    /// Every unit with its licence, grade and newest inspection, by code.
    async fn all_units(&self) -> StoreResult<Vec<UnitRecord>>;

    /// Every inspection with its unit's code, by unit code, then oldest first.
    async fn all_inspections(&self) -> StoreResult<Vec<(String, Inspection)>>;
}
