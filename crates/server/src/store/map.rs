//! 食安地图 as stored (issue 17): located units near a point, the middle of a region's units, and the
//! names of regions. The SQL is written once for both databases in [`super::map_sql`].

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
}
