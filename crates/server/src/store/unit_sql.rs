//! Writing a unit whole, within a transaction of either database: one set of statements (both number
//! their parameters `$1`, `$2`, …), with the little each database says its own way from [`Dialect`].

use mingchu_types::GradeScheme;
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Transaction, Type};

use super::rows::{enum_str, from_json, to_json};
use super::{DynamicGradeData, StoreError, StoreResult, UnitData};

/// What the two databases say differently in [`write_unit`].
pub(crate) trait Dialect: Database {
    /// The time now, as text: `2026-11-29T04:05:06.789Z`.
    const NOW_MS: &'static str;

    /// The strings of a JSON array bound as `param`, as rows of one column (for `IN (…)`).
    fn json_strings(param: &str) -> String;
}

impl Dialect for sqlx::Sqlite {
    const NOW_MS: &'static str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    fn json_strings(param: &str) -> String {
        format!("SELECT value FROM json_each({param})")
    }
}

impl Dialect for sqlx::Postgres {
    /// See `migrations/postgres/0013_initial.sql`.
    const NOW_MS: &'static str = "mingchu_now_ms()";

    fn json_strings(param: &str) -> String {
        format!("SELECT json_array_elements_text({param}::json)")
    }
}

/// Adds or replaces a unit and everything published about it within `tx`: its row id. Inspections
/// missing from `data` are removed; the others keep their ids (they are matched by sheet number).
pub(crate) async fn write_unit<DB>(tx: &mut Transaction<'_, DB>, data: &UnitData) -> StoreResult<i64>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<f64>: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
    for<'r> (String,): FromRow<'r, DB::Row>,
{
    let scheme: Option<(String,)> =
        sqlx::query_as("SELECT definition FROM grade_schemes WHERE key = $1").bind(data.grade.scheme.as_str()).fetch_optional(&mut **tx).await?;
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
    let sql = format!(
        "INSERT INTO units (code, name, kind, address, phone, contact, lng, lat, region) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address,
             phone = excluded.phone, contact = excluded.contact, lng = excluded.lng, lat = excluded.lat,
             region = excluded.region, updated_at = {}
         RETURNING id",
        DB::NOW_MS
    );
    let (unit_id,): (i64,) = sqlx::query_as(&sql)
        .bind(u.code.as_str())
        .bind(u.name.as_str())
        .bind(u.kind.as_str())
        .bind(u.address.as_str())
        .bind(u.phone.as_deref())
        .bind(data.contact.as_deref())
        .bind(u.location.map(|l| l.lng))
        .bind(u.location.map(|l| l.lat))
        .bind(data.region.as_str())
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
        .bind(l.number.as_str())
        .bind(l.operator_name.as_str())
        .bind(l.credit_code.as_str())
        .bind(l.legal_representative.as_str())
        .bind(l.residence.as_str())
        .bind(l.premises.as_str())
        .bind(l.business_type.as_str())
        .bind(to_json(&l.activities)?)
        .bind(l.valid_until.to_string())
        .bind(l.hotline.as_str())
        .bind(l.issuer.as_str())
        .bind(l.issued_on.to_string())
        .bind(l.supervising_office.as_deref())
        .bind(l.supervising_officers.as_deref())
        .bind(l.signer.as_deref())
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
    .bind(data.grade.scheme.as_str())
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
    let sheets: Vec<&str> = data.inspections.iter().map(|i| i.sheet_no.as_str()).collect();
    let sql = format!("DELETE FROM inspections WHERE unit_id = $1 AND sheet_no NOT IN ({})", DB::json_strings("$2"));
    sqlx::query(&sql).bind(unit_id).bind(to_json(&sheets)?).execute(&mut **tx).await?;
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
        .bind(i.sheet_no.as_str())
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
        .bind(i.notes.as_deref())
        .bind(i.operator_comments.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(unit_id)
}

/// Forgets a unit's rows in each of `tables` (our own names, each with a `unit_id`), on a connection of
/// either database; the caller's transaction makes it all or nothing.
pub(crate) async fn delete_unit_rows<DB>(conn: &mut DB::Connection, unit_code: &str, tables: &[&str]) -> StoreResult<()>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    for table in tables {
        sqlx::query(&format!("DELETE FROM {table} WHERE unit_id = (SELECT id FROM units WHERE code = $1)"))
            .bind(unit_code)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
