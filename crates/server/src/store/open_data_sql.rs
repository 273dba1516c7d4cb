//! Open data's SQL, written once for both databases, over either pool; rows are read by the same readers
//! as a unit's page and an inspection sheet.

use async_trait::async_trait;
use mingchu_types::Inspection;
use sqlx::{Database, Executor, IntoArguments};

use super::kitchen_sql::Pooled;
use super::open_data::OpenDataStore;
use super::rows::{inspection_row, unit_record, Columns, UNIT_COLUMNS, UNIT_FROM};
use super::{StoreResult, UnitRecord};

#[async_trait]
impl<S, DB> OpenDataStore for S
where
    S: Pooled<Db = DB>,
    DB: Database,
    for<'e> &'e sqlx::Pool<DB>: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    DB::Row: Columns,
{
    async fn all_units(&self) -> StoreResult<Vec<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} ORDER BY u.code");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(unit_record).collect()
    }

    async fn all_inspections(&self) -> StoreResult<Vec<(String, Inspection)>> {
        let rows = sqlx::query("SELECT u.code AS unit_code, i.* FROM inspections i JOIN units u ON u.id = i.unit_id ORDER BY u.code, i.date, i.id")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((r.text("unit_code")?, inspection_row(r)?))).collect()
    }
}
