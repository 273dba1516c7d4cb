//! School canteens' menus, dish photos and 陪餐 records: the SQL written once for both databases (both
//! number parameters `$1`, `$2`, …). A write keyed by the app's client id holds that key until it commits,
//! so a repeat sent at the same time finds the first one written.

use async_trait::async_trait;
use mingchu_types::school::{CompanionMeal, DishPhoto, MenuMeal, Scores};
use mingchu_types::{Day, Scope, UnitKind};
use sqlx::{Database, Encode, Executor, IntoArguments, Transaction, Type};

use super::common::IN_SCOPE;
use super::kitchen_sql::Pooled;
use super::rows::{day, enum_from_str, enum_str, from_json, to_json, Columns};
use super::school_meals::{DemoMeals, NewDishPhoto, SchoolActivity, SchoolMealsStore, SchoolWrite, StoredCompanion, StoredDishPhoto, StoredMenu};
use super::unit_sql::delete_unit_rows;
use super::writing::WriteSql;
use super::StoreResult;

const PHOTO_COLUMNS: &str = "d.day, d.meal, d.dish, d.photo_id, d.taken_ms, d.demo";
const COMPANION_COLUMNS: &str = "c.day, c.meal, c.role, c.taste, c.quantity, c.temperature, c.hygiene, c.note, c.entered_ms";

/// Whether a stored photo may become a dish photo: nothing else uses it (no review, message, report,
/// kitchen record, alert or other dish photo), so an owner cannot publish a photo only they were shown.
const ATTACHABLE: &str = "SELECT p.id FROM photos p WHERE p.id = $1
        AND NOT EXISTS (SELECT 1 FROM review_photos a WHERE a.photo_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM message_photos a WHERE a.photo_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM report_photos a WHERE a.photo_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM kitchen_record_photos a WHERE a.photo_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.photo_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM school_dish_photos a WHERE a.photo_id = p.id)";

fn dish_photo(r: &impl Columns) -> StoreResult<StoredDishPhoto> {
    Ok(StoredDishPhoto {
        day: day(r, "day")?,
        meal: enum_from_str(&r.text("meal")?)?,
        photo: DishPhoto { dish: r.text("dish")?, photo: r.text("photo_id")?, taken_ms: r.int("taken_ms")?, demo: r.flag("demo")? },
    })
}

fn score(r: &impl Columns, col: &str) -> StoreResult<u8> {
    Ok(r.int(col)?.clamp(0, i64::from(u8::MAX)) as u8)
}

fn companion(r: &impl Columns) -> StoreResult<StoredCompanion> {
    Ok(StoredCompanion {
        record: CompanionMeal {
            day: day(r, "day")?,
            meal: enum_from_str(&r.text("meal")?)?,
            role: enum_from_str(&r.text("role")?)?,
            scores: Scores {
                taste: score(r, "taste")?,
                quantity: score(r, "quantity")?,
                temperature: score(r, "temperature")?,
                hygiene: score(r, "hygiene")?,
            },
            note: r.text("note")?,
        },
        entered_ms: r.int("entered_ms")?,
    })
}

/// Inserts a 陪餐 record, unless its client id was used before.
async fn insert_companion<DB>(tx: &mut Transaction<'_, DB>, unit_id: i64, client_id: &str, c: &CompanionMeal, entered_ms: i64) -> StoreResult<()>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO school_companions (unit_id, client_id, day, meal, role, taste, quantity, temperature, hygiene, note, entered_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (unit_id, client_id) DO NOTHING",
    )
    .bind(unit_id)
    .bind(client_id)
    .bind(c.day.to_string())
    .bind(enum_str(&c.meal)?)
    .bind(enum_str(&c.role)?)
    .bind(i64::from(c.scores.taste))
    .bind(i64::from(c.scores.quantity))
    .bind(i64::from(c.scores.temperature))
    .bind(i64::from(c.scores.hygiene))
    .bind(c.note.as_str())
    .bind(entered_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl<S, DB> SchoolMealsStore for S
where
    S: Pooled<Db = DB>,
    DB: Database,
    for<'t> Transaction<'t, DB>: WriteSql,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    DB::Row: Columns,
{
    async fn put_menu(&self, unit_code: &str, week: Day, meals: &[MenuMeal], now_ms: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "INSERT INTO school_menus (unit_id, week, meals, published_ms) SELECT u.id, $2, $3, $4 FROM units u WHERE u.code = $1
             ON CONFLICT (unit_id, week) DO UPDATE SET meals = excluded.meals, published_ms = excluded.published_ms
             RETURNING published_ms",
        )
        .bind(unit_code)
        .bind(week.to_string())
        .bind(to_json(meals)?)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    async fn menus(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredMenu>> {
        let rows = sqlx::query(
            "SELECT m.week, m.meals, m.published_ms FROM school_menus m JOIN units u ON u.id = m.unit_id
             WHERE u.code = $1 AND m.week >= $2 AND m.week <= $3 ORDER BY m.week DESC",
        )
        .bind(unit_code)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok(StoredMenu { week: day(r, "week")?, meals: from_json(&r.text("meals")?)?, published_ms: r.int("published_ms")? }))
            .collect()
    }

    async fn add_dish_photo(&self, unit_code: &str, p: &NewDishPhoto<'_>) -> StoreResult<SchoolWrite<StoredDishPhoto>> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        tx.one_at_a_time(&format!("school photo {unit_code} {}", p.client_id)).await?;
        let Some(unit_id) = tx.unit_id(unit_code).await? else { return Ok(SchoolWrite::UnknownUnit) };
        let sql = format!("SELECT {PHOTO_COLUMNS} FROM school_dish_photos d WHERE d.unit_id = $1 AND d.client_id = $2");
        if let Some(r) = sqlx::query(&sql).bind(unit_id).bind(p.client_id).fetch_optional(&mut *tx).await? {
            return Ok(SchoolWrite::Repeat(dish_photo(&r)?));
        }
        // The demo's generated pictures serve every day a dish is served; anyone else's photo serves once.
        let usable =
            if p.demo { tx.photo_exists(p.photo).await? } else { sqlx::query(ATTACHABLE).bind(p.photo).fetch_optional(&mut *tx).await?.is_some() };
        if !usable {
            return Ok(SchoolWrite::UnknownPhoto);
        }
        sqlx::query(
            "INSERT INTO school_dish_photos (unit_id, client_id, day, meal, dish, photo_id, taken_ms, demo, entered_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(unit_id)
        .bind(p.client_id)
        .bind(p.day.to_string())
        .bind(enum_str(&p.meal)?)
        .bind(p.dish)
        .bind(p.photo)
        .bind(p.taken_ms)
        .bind(p.demo)
        .bind(p.entered_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let photo = DishPhoto { dish: p.dish.to_owned(), photo: p.photo.to_owned(), taken_ms: p.taken_ms, demo: p.demo };
        Ok(SchoolWrite::Done(StoredDishPhoto { day: p.day, meal: p.meal, photo }))
    }

    async fn dish_photos(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredDishPhoto>> {
        let sql = format!(
            "SELECT {PHOTO_COLUMNS} FROM school_dish_photos d JOIN units u ON u.id = d.unit_id
             WHERE u.code = $1 AND d.day >= $2 AND d.day <= $3 ORDER BY d.day, d.meal, d.taken_ms, d.client_id"
        );
        let rows = sqlx::query(&sql).bind(unit_code).bind(from.to_string()).bind(to.to_string()).fetch_all(self.pool()).await?;
        let mut photos = rows.iter().map(dish_photo).collect::<StoreResult<Vec<_>>>()?;
        // By the meal's place in the day, not its name's in the alphabet.
        photos.sort_by_key(|p| (p.day, p.meal, p.photo.taken_ms));
        Ok(photos)
    }

    async fn add_companion(&self, unit_code: &str, client_id: &str, c: &CompanionMeal, now_ms: i64) -> StoreResult<SchoolWrite<StoredCompanion>> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        tx.one_at_a_time(&format!("school companion {unit_code} {client_id}")).await?;
        let Some(unit_id) = tx.unit_id(unit_code).await? else { return Ok(SchoolWrite::UnknownUnit) };
        let sql = format!("SELECT {COMPANION_COLUMNS} FROM school_companions c WHERE c.unit_id = $1 AND c.client_id = $2");
        if let Some(r) = sqlx::query(&sql).bind(unit_id).bind(client_id).fetch_optional(&mut *tx).await? {
            return Ok(SchoolWrite::Repeat(companion(&r)?));
        }
        insert_companion(&mut tx, unit_id, client_id, c, now_ms).await?;
        tx.commit().await?;
        Ok(SchoolWrite::Done(StoredCompanion { record: c.clone(), entered_ms: now_ms }))
    }

    async fn companions(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredCompanion>> {
        let sql = format!(
            "SELECT {COMPANION_COLUMNS} FROM school_companions c JOIN units u ON u.id = c.unit_id
             WHERE u.code = $1 AND c.day >= $2 AND c.day <= $3"
        );
        let rows = sqlx::query(&sql).bind(unit_code).bind(from.to_string()).bind(to.to_string()).fetch_all(self.pool()).await?;
        let mut records = rows.iter().map(companion).collect::<StoreResult<Vec<_>>>()?;
        records.sort_by_key(|c| (std::cmp::Reverse(c.record.day), c.record.meal, c.entered_ms));
        Ok(records)
    }

    async fn school_activity(&self, scope: &Scope, from: Day, to: Day, week: Day) -> StoreResult<Vec<SchoolActivity>> {
        let prefix = scope.sql_prefix();
        let (school, kindergarten) = (enum_str(&UnitKind::SchoolCanteen)?, enum_str(&UnitKind::KindergartenCanteen)?);
        let sql = format!(
            "SELECT u.code, u.name, u.region,
                 EXISTS (SELECT 1 FROM school_menus m WHERE m.unit_id = u.id AND m.week = $3) AS menu
             FROM units u WHERE {IN_SCOPE} AND u.kind IN ($4, $5) ORDER BY u.code"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.region.as_str())
            .bind(prefix.as_deref())
            .bind(week.to_string())
            .bind(school.as_str())
            .bind(kindergarten.as_str())
            .fetch_all(self.pool())
            .await?;
        let mut units = rows
            .iter()
            .map(|r| {
                Ok(SchoolActivity {
                    code: r.text("code")?,
                    name: r.text("name")?,
                    region: r.text("region")?,
                    lunch_days: vec![],
                    menu: r.flag("menu")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let sql = format!(
            "SELECT DISTINCT u.code, c.day FROM school_companions c JOIN units u ON u.id = c.unit_id
             WHERE {IN_SCOPE} AND c.meal = $3 AND c.day >= $4 AND c.day <= $5"
        );
        let rows = sqlx::query(&sql)
            .bind(scope.region.as_str())
            .bind(prefix.as_deref())
            .bind(enum_str(&mingchu_types::kitchen::Meal::Lunch)?)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(self.pool())
            .await?;
        for r in &rows {
            let code = r.text("code")?;
            if let Some(unit) = units.iter_mut().find(|u| u.code == code) {
                unit.lunch_days.push(day(r, "day")?);
            }
        }
        for unit in &mut units {
            unit.lunch_days.sort();
        }
        Ok(units)
    }

    async fn put_demo_meals(&self, unit_code: &str, meals: &DemoMeals) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let Some(unit_id) = tx.unit_id(unit_code).await? else { return Ok(()) };
        for m in &meals.menus {
            sqlx::query(
                "INSERT INTO school_menus (unit_id, week, meals, published_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, week) DO NOTHING",
            )
            .bind(unit_id)
            .bind(m.week.to_string())
            .bind(to_json(&m.meals)?)
            .bind(m.published_ms)
            .execute(&mut *tx)
            .await?;
        }
        for (client_id, p) in &meals.photos {
            sqlx::query(
                "INSERT INTO school_dish_photos (unit_id, client_id, day, meal, dish, photo_id, taken_ms, demo, entered_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) ON CONFLICT (unit_id, client_id) DO NOTHING",
            )
            .bind(unit_id)
            .bind(client_id.as_str())
            .bind(p.day.to_string())
            .bind(enum_str(&p.meal)?)
            .bind(p.photo.dish.as_str())
            .bind(p.photo.photo.as_str())
            .bind(p.photo.taken_ms)
            .bind(p.photo.demo)
            .execute(&mut *tx)
            .await?;
        }
        for (client_id, c) in &meals.companions {
            insert_companion(&mut tx, unit_id, client_id, &c.record, c.entered_ms).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn clear_school_meals(&self, unit_code: &str) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        delete_unit_rows::<DB>(&mut *tx, unit_code, &["school_menus", "school_dish_photos", "school_companions"]).await?;
        tx.commit().await?;
        Ok(())
    }
}
