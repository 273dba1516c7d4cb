//! 食安地图's SQL, written once for both databases (both number parameters `$1`, `$2`, …), over either pool.

use async_trait::async_trait;
use mingchu_types::{Location, Region, Scope, UnitKind};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Type};

use super::common::IN_SCOPE;
use super::kitchen_sql::Pooled;
use super::map::MapStore;
use super::rows::{unit_record, Columns, UNIT_COLUMNS, UNIT_FROM};
use super::{StoreResult, UnitRecord};

#[async_trait]
impl<S, DB> MapStore for S
where
    S: Pooled<Db = DB>,
    DB: Database,
    for<'e> &'e sqlx::Pool<DB>: Executor<'e, Database = DB>,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> f64: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    for<'r> (Option<f64>, Option<f64>): FromRow<'r, DB::Row>,
    for<'r> (String, String, String): FromRow<'r, DB::Row>,
    for<'r> (String, String): FromRow<'r, DB::Row>,
    for<'r> (String, String, Option<String>): FromRow<'r, DB::Row>,
    DB::Row: Columns,
{
    async fn near_units(&self, from: Location, scope: Option<&Scope>, kind: Option<UnitKind>, limit: u32) -> StoreResult<Vec<UnitRecord>> {
        // East-west degrees shrink with the cosine of the latitude: squared, it weighs the longitude.
        let east = from.lat.to_radians().cos().powi(2);
        let sql = format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM}
             WHERE u.lat IS NOT NULL AND u.lng IS NOT NULL AND ($1 IS NULL OR {IN_SCOPE}) AND ($3 IS NULL OR u.kind = $3)
             ORDER BY (u.lat - $4) * (u.lat - $4) + (u.lng - $5) * (u.lng - $5) * $6, u.id LIMIT $7"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.map(|s| s.region.as_str()))
            .bind(scope.and_then(Scope::sql_prefix))
            .bind(kind.map(UnitKind::as_str))
            .bind(from.lat)
            .bind(from.lng)
            .bind(east)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(unit_record).collect()
    }

    async fn region_middle(&self, scope: &Scope) -> StoreResult<Option<Location>> {
        let sql = format!("SELECT AVG(u.lat), AVG(u.lng) FROM units u WHERE u.lat IS NOT NULL AND u.lng IS NOT NULL AND {IN_SCOPE}");
        let (lat, lng): (Option<f64>, Option<f64>) =
            sqlx::query_as(&sql).bind(scope.region.as_str()).bind(scope.sql_prefix()).fetch_one(self.pool()).await?;
        Ok(lat.zip(lng).map(|(lat, lng)| Location { lat, lng }))
    }

    async fn regions(&self) -> StoreResult<Vec<Region>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT code, name_zh, name_en FROM regions ORDER BY code").fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(|(code, name_zh, name_en)| Region { code, name_zh, name_en }).collect())
    }

    async fn put_regions(&self, regions: &[Region]) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        for r in regions {
            sqlx::query(
                "INSERT INTO regions (code, name_zh, name_en) VALUES ($1, $2, $3)
                 ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en",
            )
            .bind(r.code.as_str())
            .bind(r.name_zh.as_str())
            .bind(r.name_en.as_str())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn region_units(&self, scope: &Scope) -> StoreResult<Vec<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE {IN_SCOPE} ORDER BY u.id");
        let rows = sqlx::query(&sql).bind(scope.region.as_str()).bind(scope.sql_prefix()).fetch_all(self.pool()).await?;
        rows.iter().map(unit_record).collect()
    }

    async fn region_inspection_days(&self, scope: &Scope) -> StoreResult<Vec<(String, String)>> {
        let sql = format!("SELECT u.code, i.date FROM inspections i JOIN units u ON u.id = i.unit_id WHERE {IN_SCOPE}");
        Ok(sqlx::query_as(&sql).bind(scope.region.as_str()).bind(scope.sql_prefix()).fetch_all(self.pool()).await?)
    }

    async fn region_reports(&self, scope: &Scope, since: &str) -> StoreResult<Vec<(String, String, Option<String>)>> {
        let sql = format!(
            "SELECT r.created_at, r.decision_due,
                    (SELECT MIN(t.at) FROM report_trail t WHERE t.report_id = r.id AND t.status IN ('accepted', 'not_accepted'))
             FROM reports r JOIN units u ON u.id = r.unit_id WHERE {IN_SCOPE} AND r.created_at >= $3"
        );
        Ok(sqlx::query_as(&sql).bind(scope.region.as_str()).bind(scope.sql_prefix()).bind(since).fetch_all(self.pool()).await?)
    }
}
