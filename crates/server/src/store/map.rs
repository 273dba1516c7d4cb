//! 食安地图 as stored (issue 17): located units near a point, the middle of a region's units, the
//! names of regions, and what a region's figures are worked out from. The SQL is written once for both databases in [`super::map_sql`].

use async_trait::async_trait;
use mingchu_types::{Location, Region, Scope, UnitKind};

use super::{StoreResult, UnitRecord};

#[async_trait]
pub trait MapStore: Send + Sync {
    /// Located units nearest `from` (GCJ-02), nearest first by a flat measure around it (right within a
    /// city; the caller measures each properly), at most `limit`; `scope` and `kind` narrow them.
    async fn near_units(&self, from: Location, scope: Option<&Scope>, kind: Option<UnitKind>, limit: u32) -> StoreResult<Vec<UnitRecord>>;

    /// The middle of a region's located units; `None` when it has none.
    async fn region_middle(&self, scope: &Scope) -> StoreResult<Option<Location>>;

    /// Every named region, by code.
    async fn regions(&self) -> StoreResult<Vec<Region>>;

    /// Adds regions, or renames those already known.
    async fn put_regions(&self, regions: &[Region]) -> StoreResult<()>;

    /// Every unit of a region.
    async fn region_units(&self, scope: &Scope) -> StoreResult<Vec<UnitRecord>>;

    /// The day of every inspection of a region's units, by unit code.
    async fn region_inspection_days(&self, scope: &Scope) -> StoreResult<Vec<(String, String)>>;

    /// The reports against a region's units filed at or after `since` (a UTC timestamp as stored): when
    /// filed, the day the decision is due, and when the first decision (accepted or not) was taken.
    async fn region_reports(&self, scope: &Scope, since: &str) -> StoreResult<Vec<(String, String, Option<String>)>>;
}
