//! Units in PostgreSQL's SQL: search, one unit, its inspections, grading schemes, and writing a unit whole.

use async_trait::async_trait;
use mingchu_types::{GradeScheme, Inspection, InspectionBrief, SheetHeader};
use sqlx::Row;

use super::rows::unit_id;
use super::PostgresStore;
use crate::store::common::{contains_pattern, page};
use crate::store::rows::{
    enum_str, from_json, inspection_brief, inspection_row, sheet_header, to_json, unit_record, INSPECTION_BRIEF_COLUMNS, SHEET_HEADER_COLUMNS,
    UNIT_COLUMNS, UNIT_FROM,
};
use crate::store::{Cursor, DynamicGradeData, Page, StoreError, StoreResult, UnitData, UnitRecord, UnitStore};

#[async_trait]
impl UnitStore for PostgresStore {
    async fn search_units(&self, query: Option<&str>, after: Option<Cursor>, limit: u32) -> StoreResult<Page<UnitRecord>> {
        let after_id = match after {
            Some(Cursor::Unit(id)) => id,
            _ => 0,
        };
        let limit = limit.max(1);
        // ILIKE: SQLite's LIKE ignores the case of ASCII letters. Not full-text search, as in SQLite: one- and
        // two-character Chinese queries must match, and a city's units are few enough to scan.
        let pattern = query.map(contains_pattern);
        let sql = format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM}
             WHERE u.id > $1 AND ($2 IS NULL OR u.name ILIKE $2 ESCAPE '\\' OR u.code = $3)
             ORDER BY u.id LIMIT $4"
        );
        let rows = sqlx::query(&sql).bind(after_id).bind(&pattern).bind(query).bind(i64::from(limit) + 1).fetch_all(&self.pool).await?;
        let items = rows.iter().map(|r| Ok((r.try_get("id")?, unit_record(r)?))).collect::<StoreResult<Vec<(i64, _)>>>()?;
        let Page { items, next } = page(items, limit, |(id, _)| Cursor::Unit(*id));
        Ok(Page { items: items.into_iter().map(|(_, unit)| unit).collect(), next })
    }

    async fn unit(&self, code: &str) -> StoreResult<Option<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.code = $1");
        let row = sqlx::query(&sql).bind(code).fetch_optional(&self.pool).await?;
        row.as_ref().map(unit_record).transpose()
    }

    async fn inspections(&self, code: &str, after: Option<Cursor>, limit: u32) -> StoreResult<Option<(Page<InspectionBrief>, u32)>> {
        // One snapshot for the count and the page, as SQLite's transaction reads.
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?;
        let Some(unit_id) = unit_id(&mut *tx, code).await? else {
            return Ok(None);
        };
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inspections WHERE unit_id = $1").bind(unit_id).fetch_one(&mut *tx).await?;
        // Newest first; the cursor is the (date, id) of the last row shown.
        let (after_date, after_id) = match after {
            Some(Cursor::Inspection(date, id)) => (Some(date.to_string()), id),
            _ => (None, 0),
        };
        let sql = format!(
            "SELECT {INSPECTION_BRIEF_COLUMNS} FROM inspections
             WHERE unit_id = $1 AND ($2 IS NULL OR date < $2 OR (date = $2 AND id < $3))
             ORDER BY date DESC, id DESC LIMIT $4"
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
             WHERE u.code = $1 AND i.id = $2"
        ))
        .bind(code)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some((sheet_header(&r)?, inspection_row(&r)?)))
    }

    async fn put_scheme(&self, scheme: &GradeScheme) -> StoreResult<()> {
        sqlx::query("INSERT INTO grade_schemes (key, definition) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET definition = excluded.definition")
            .bind(&scheme.key)
            .bind(to_json(scheme)?)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn put_unit(&self, data: &UnitData) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        write_unit(&mut tx, data).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn grade_schemes(&self) -> StoreResult<Vec<GradeScheme>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT definition FROM grade_schemes ORDER BY key COLLATE \"C\"").fetch_all(&self.pool).await?;
        rows.iter().map(|(definition,)| from_json(definition)).collect()
    }

    async fn unit_count(&self) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(&self.pool).await?;
        Ok(n as u64)
    }
}

/// Adds or replaces a unit and everything published about it within `tx`: its row id. Inspections
/// missing from `data` are removed; the others keep their ids (they are matched by sheet number).
pub(super) async fn write_unit(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, data: &UnitData) -> StoreResult<i64> {
    let scheme: Option<(String,)> =
        sqlx::query_as("SELECT definition FROM grade_schemes WHERE key = $1").bind(&data.grade.scheme).fetch_optional(&mut **tx).await?;
    let Some((scheme,)) = scheme else {
        return Err(StoreError::Invalid(format!("unknown grade scheme {:?}", data.grade.scheme)));
    };
    let scheme: GradeScheme = from_json(&scheme)?;
    if let DynamicGradeData::Graded { level, .. } = &data.grade.dynamic {
        if scheme.level(level).is_none() {
            return Err(StoreError::Invalid(format!("scheme {:?} has no level {level:?}", scheme.key)));
        }
    }

    let u = &data.unit;
    let (unit_id,): (i64,) = sqlx::query_as(
        "INSERT INTO units (code, name, kind, address, phone, contact, lng, lat, region) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address,
             phone = excluded.phone, contact = excluded.contact, lng = excluded.lng, lat = excluded.lat,
             region = excluded.region, updated_at = mingchu_now_ms()
         RETURNING id",
    )
    .bind(&u.code)
    .bind(&u.name)
    .bind(u.kind.as_str())
    .bind(&u.address)
    .bind(&u.phone)
    .bind(&data.contact)
    .bind(u.location.map(|l| l.lng))
    .bind(u.location.map(|l| l.lat))
    .bind(&data.region)
    .fetch_one(&mut **tx)
    .await?;

    sqlx::query("DELETE FROM licences WHERE unit_id = $1").bind(unit_id).execute(&mut **tx).await?;
    if let Some(l) = &data.licence {
        sqlx::query(
            "INSERT INTO licences (unit_id, number, operator_name, credit_code, legal_representative, residence, premises,
                 business_type, activities, valid_until, hotline, issuer, issued_on, supervising_office, supervising_officers, signer)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(unit_id)
        .bind(&l.number)
        .bind(&l.operator_name)
        .bind(&l.credit_code)
        .bind(&l.legal_representative)
        .bind(&l.residence)
        .bind(&l.premises)
        .bind(&l.business_type)
        .bind(to_json(&l.activities)?)
        .bind(l.valid_until.to_string())
        .bind(&l.hotline)
        .bind(&l.issuer)
        .bind(l.issued_on.to_string())
        .bind(&l.supervising_office)
        .bind(&l.supervising_officers)
        .bind(&l.signer)
        .execute(&mut **tx)
        .await?;
    }

    let (level, score, graded_on, reason, until) = match &data.grade.dynamic {
        DynamicGradeData::Graded { level, score, graded_on } => (Some(level.clone()), *score, Some(graded_on.to_string()), None, None),
        DynamicGradeData::NotGraded { reason, until } => (None, None, None, Some(enum_str(reason)?), until.map(|d| d.to_string())),
    };
    sqlx::query(
        "INSERT INTO grades (unit_id, scheme_key, level_key, score, graded_on, not_graded_reason, not_graded_until, annual_letter, annual_year)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (unit_id) DO UPDATE SET scheme_key = excluded.scheme_key, level_key = excluded.level_key,
             score = excluded.score, graded_on = excluded.graded_on, not_graded_reason = excluded.not_graded_reason,
             not_graded_until = excluded.not_graded_until, annual_letter = excluded.annual_letter, annual_year = excluded.annual_year",
    )
    .bind(unit_id)
    .bind(&data.grade.scheme)
    .bind(level)
    .bind(score.map(i64::from))
    .bind(graded_on)
    .bind(reason)
    .bind(until)
    .bind(data.grade.annual.as_ref().map(|a| a.letter.as_str()))
    .bind(data.grade.annual.as_ref().map(|a| i64::from(a.year)))
    .execute(&mut **tx)
    .await?;

    // The published history is the whole history: sheets no longer in it are withdrawn.
    let sheets: Vec<String> = data.inspections.iter().map(|i| i.sheet_no.clone()).collect();
    sqlx::query("DELETE FROM inspections WHERE unit_id = $1 AND sheet_no <> ALL($2)").bind(unit_id).bind(sheets).execute(&mut **tx).await?;
    for i in &data.inspections {
        sqlx::query(
            "INSERT INTO inspections (unit_id, date, kind, sheet_no, nth_this_year, inspectors, items_checked, key_items_checked,
                 key_problems, general_problems, result, outcome, fix_deadline, fix_verified_on, score, notes, operator_comments)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             ON CONFLICT (unit_id, sheet_no) DO UPDATE SET date = excluded.date, kind = excluded.kind,
                 nth_this_year = excluded.nth_this_year, inspectors = excluded.inspectors, items_checked = excluded.items_checked,
                 key_items_checked = excluded.key_items_checked, key_problems = excluded.key_problems,
                 general_problems = excluded.general_problems, result = excluded.result, outcome = excluded.outcome,
                 fix_deadline = excluded.fix_deadline, fix_verified_on = excluded.fix_verified_on, score = excluded.score,
                 notes = excluded.notes, operator_comments = excluded.operator_comments",
        )
        .bind(unit_id)
        .bind(i.date.to_string())
        .bind(enum_str(&i.kind)?)
        .bind(&i.sheet_no)
        .bind(i64::from(i.nth_this_year))
        .bind(to_json(&i.inspectors)?)
        .bind(i64::from(i.items_checked))
        .bind(i64::from(i.key_items_checked))
        .bind(to_json(&i.key_problems)?)
        .bind(to_json(&i.general_problems)?)
        .bind(enum_str(&i.result)?)
        .bind(enum_str(&i.outcome)?)
        .bind(i.fix_deadline.map(|d| d.to_string()))
        .bind(i.fix_verified_on.map(|d| d.to_string()))
        .bind(i.score.map(i64::from))
        .bind(&i.notes)
        .bind(&i.operator_comments)
        .execute(&mut **tx)
        .await?;
    }
    Ok(unit_id)
}
