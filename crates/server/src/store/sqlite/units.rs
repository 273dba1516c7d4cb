//! Units in SQL: search, one unit, its inspections, grading schemes, and writing a unit whole.

use async_trait::async_trait;
use mingchu_types::{GradeScheme, Inspection, InspectionBrief, SheetHeader};
use sqlx::Row;

use super::rows::unit_id;
use super::SqliteStore;
use crate::store::common::{contains_pattern, page};
use crate::store::rows::{
    from_json, inspection_brief, inspection_row, sheet_header, to_json, unit_record, INSPECTION_BRIEF_COLUMNS, SHEET_HEADER_COLUMNS, UNIT_COLUMNS,
    UNIT_FROM,
};
use crate::store::unit_sql::write_unit;
use crate::store::{Cursor, Page, StoreResult, UnitData, UnitRecord, UnitStore};

#[async_trait]
impl UnitStore for SqliteStore {
    async fn search_units(&self, query: Option<&str>, after: Option<Cursor>, limit: u32) -> StoreResult<Page<UnitRecord>> {
        let after_id = match after {
            Some(Cursor::Unit(id)) => id,
            _ => 0,
        };
        let limit = limit.max(1);
        // LIKE, not full-text search: FTS5's trigram tokenizer cannot match one- or two-character
        // Chinese queries, and a city's units are few enough to scan.
        let pattern = query.map(contains_pattern);
        let sql = format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM}
             WHERE u.id > ?1 AND (?2 IS NULL OR u.name LIKE ?2 ESCAPE '\\' OR u.code = ?3)
             ORDER BY u.id LIMIT ?4"
        );
        let rows = sqlx::query(&sql).bind(after_id).bind(&pattern).bind(query).bind(i64::from(limit) + 1).fetch_all(&self.pool).await?;
        let items = rows.iter().map(|r| Ok((r.try_get("id")?, unit_record(r)?))).collect::<StoreResult<Vec<(i64, _)>>>()?;
        let Page { items, next } = page(items, limit, |(id, _)| Cursor::Unit(*id));
        Ok(Page { items: items.into_iter().map(|(_, unit)| unit).collect(), next })
    }

    async fn unit(&self, code: &str) -> StoreResult<Option<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.code = ?1");
        let row = sqlx::query(&sql).bind(code).fetch_optional(&self.pool).await?;
        row.as_ref().map(unit_record).transpose()
    }

    async fn inspections(&self, code: &str, after: Option<Cursor>, limit: u32) -> StoreResult<Option<(Page<InspectionBrief>, u32)>> {
        let mut tx = self.pool.begin().await?;
        let Some(unit_id) = unit_id(&mut *tx, code).await? else {
            return Ok(None);
        };
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inspections WHERE unit_id = ?1").bind(unit_id).fetch_one(&mut *tx).await?;
        // Newest first; the cursor is the (date, id) of the last row shown.
        let (after_date, after_id) = match after {
            Some(Cursor::Inspection(date, id)) => (Some(date.to_string()), id),
            _ => (None, 0),
        };
        let sql = format!(
            "SELECT {INSPECTION_BRIEF_COLUMNS} FROM inspections
             WHERE unit_id = ?1 AND (?2 IS NULL OR date < ?2 OR (date = ?2 AND id < ?3))
             ORDER BY date DESC, id DESC LIMIT ?4"
        );
        let rows = sqlx::query(&sql).bind(unit_id).bind(after_date).bind(after_id).bind(i64::from(limit) + 1).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        let items = rows.iter().map(|r| inspection_brief(r, "")).collect::<StoreResult<Vec<_>>>()?;
        Ok(Some((page(items, limit, |last| Cursor::Inspection(last.date, last.id)), total as u32)))
    }

    async fn inspection(&self, code: &str, id: i64) -> StoreResult<Option<(SheetHeader, Inspection)>> {
        let row = sqlx::query(&format!(
            "SELECT {SHEET_HEADER_COLUMNS}, i.*
             FROM inspections i JOIN units u ON u.id = i.unit_id LEFT JOIN licences l ON l.unit_id = u.id
             WHERE u.code = ?1 AND i.id = ?2"
        ))
        .bind(code)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some((sheet_header(&r)?, inspection_row(&r)?)))
    }

    async fn put_scheme(&self, scheme: &GradeScheme) -> StoreResult<()> {
        sqlx::query("INSERT INTO grade_schemes (key, definition) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET definition = excluded.definition")
            .bind(&scheme.key)
            .bind(to_json(scheme)?)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn put_unit(&self, data: &UnitData) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        write_unit(&mut tx, data).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn grade_schemes(&self) -> StoreResult<Vec<GradeScheme>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT definition FROM grade_schemes ORDER BY key").fetch_all(&self.pool).await?;
        rows.iter().map(|(definition,)| from_json(definition)).collect()
    }

    async fn unit_count(&self) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(&self.pool).await?;
        Ok(n as u64)
    }
}
