//! The supervision platform's imports in SQL, kept together: every unit of a batch inside the caller's one
//! transaction, and nothing written for a unit whose stored data already says the same, so a repeat
//! import leaves every row (its `updated_at`, inspection and camera ids, tokens) exactly as it was.

use async_trait::async_trait;
use mingchu_types::{GradeScheme, ImportResult, Unit};
use sqlx::{Row, Sqlite, Transaction};

use super::units::write_unit;
use super::SqliteStore;
use crate::store::common::{base_unit, camera_changes, same_base, same_unit, CameraChange, StoredImportCamera};
use crate::store::rows::{inspection_row, to_json, unit_data, unit_record, UNIT_COLUMNS, UNIT_FROM};
use crate::store::{GradeData, ImportBatch, ImportStore, ImportUnit, ImportedCamera, StoreResult, UnitData};

type Tx<'c> = Transaction<'c, Sqlite>;

#[async_trait]
impl ImportStore for SqliteStore {
    async fn import_units(&self, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>> {
        // IMMEDIATE: the write lock is taken before the stored units are read and compared, so two imports
        // at once queue (busy timeout) instead of one failing when it upgrades a stale read to a write.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let results = import_units(&mut tx, batch).await?;
        // Nothing is written unless every unit is.
        tx.commit().await?;
        Ok(results)
    }
}

async fn import_units(tx: &mut Tx<'_>, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>> {
    for scheme in batch.schemes {
        add_scheme_if_missing(tx, scheme).await?;
    }
    let mut results = Vec::with_capacity(batch.units.len());
    for unit in batch.units {
        let result = match unit {
            ImportUnit::Full { data, cameras } => import_full(tx, data, cameras, batch.now_ms).await?,
            ImportUnit::Base { unit, contact, region } => import_base(tx, unit, contact, region, batch.new_grade).await?,
        };
        results.push(result);
    }
    Ok(results)
}

/// Built-in schemes are added when missing but never replaced: the stored one may have been tuned.
async fn add_scheme_if_missing(tx: &mut Tx<'_>, scheme: &GradeScheme) -> StoreResult<()> {
    sqlx::query("INSERT INTO grade_schemes (key, definition) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")
        .bind(&scheme.key)
        .bind(to_json(scheme)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn import_full(tx: &mut Tx<'_>, data: &UnitData, cameras: &[ImportedCamera], now_ms: i64) -> StoreResult<ImportResult> {
    let (unit_id, result) = match stored_unit(tx, &data.unit.code).await? {
        None => (write_unit(tx, data).await?, ImportResult::Created),
        Some((id, stored)) if same_unit(&stored, data) => (id, ImportResult::Unchanged),
        Some(_) => (write_unit(tx, data).await?, ImportResult::Updated),
    };
    let cameras_changed = sync_cameras(tx, unit_id, cameras, now_ms).await?;
    Ok(if result == ImportResult::Unchanged && cameras_changed { ImportResult::Updated } else { result })
}

/// A CSV row: who and where the unit is. Its licence, grade, inspections and cameras are not the row's
/// business, except that a new unit needs a grade row to be shown at all.
async fn import_base(tx: &mut Tx<'_>, unit: &Unit, contact: &Option<String>, region: &str, new_grade: &GradeData) -> StoreResult<ImportResult> {
    match stored_unit(tx, &unit.code).await? {
        None => {
            write_unit(tx, &base_unit(unit, contact, region, new_grade)).await?;
            Ok(ImportResult::Created)
        }
        Some((_, stored)) if same_base(&stored, unit, contact, region) => Ok(ImportResult::Unchanged),
        Some((id, _)) => {
            sqlx::query(
                "UPDATE units SET name = ?2, kind = ?3, address = ?4, phone = ?5, contact = ?6, lng = ?7, lat = ?8, region = ?9,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1",
            )
            .bind(id)
            .bind(&unit.name)
            .bind(unit.kind.as_str())
            .bind(&unit.address)
            .bind(&unit.phone)
            .bind(contact)
            .bind(unit.location.map(|l| l.lng))
            .bind(unit.location.map(|l| l.lat))
            .bind(region)
            .execute(&mut **tx)
            .await?;
            Ok(ImportResult::Updated)
        }
    }
}

/// The unit as stored, in the shape of a record, with its row id; `None` for an unknown code.
async fn stored_unit(tx: &mut Tx<'_>, code: &str) -> StoreResult<Option<(i64, UnitData)>> {
    let sql = format!("SELECT {UNIT_COLUMNS}, u.region AS region {UNIT_FROM} WHERE u.code = ?1");
    let Some(row) = sqlx::query(&sql).bind(code).fetch_optional(&mut **tx).await? else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let region: String = row.try_get("region")?;
    let record = unit_record(&row)?;
    let rows = sqlx::query("SELECT * FROM inspections WHERE unit_id = ?1 ORDER BY sheet_no").bind(id).fetch_all(&mut **tx).await?;
    let inspections = rows.iter().map(inspection_row).collect::<StoreResult<Vec<_>>>()?;
    Ok(Some((id, unit_data(record, region, inspections))))
}

/// Makes the unit's imported cameras what the record lists, matched by key: changed ones are updated in
/// place (id, token and frames kept), new ones added without a token, missing ones withdrawn. Cameras
/// without a key (the `camera` command's) are never touched. Whether anything changed.
async fn sync_cameras(tx: &mut Tx<'_>, unit_id: i64, cameras: &[ImportedCamera], now_ms: i64) -> StoreResult<bool> {
    let stored: Vec<StoredImportCamera> = sqlx::query_as(
        "SELECT id, import_key, area, public, delay_secs, opens, closes FROM cameras WHERE unit_id = ?1 AND import_key IS NOT NULL ORDER BY id",
    )
    .bind(unit_id)
    .fetch_all(&mut **tx)
    .await?;
    let changes = camera_changes(&stored, cameras);
    for change in &changes {
        match change {
            // Withdrawn, not deleted: SQLite would give the next camera a deleted camera's id (it is the
            // highest), and with it that camera's frames on disk. Private and tokenless, it is never shown
            // nor fed again.
            CameraChange::Withdraw(id) => {
                sqlx::query("UPDATE cameras SET public = 0, token_hash = NULL, import_key = NULL WHERE id = ?1").bind(id).execute(&mut **tx).await?;
            }
            CameraChange::Update(id, c) => {
                sqlx::query("UPDATE cameras SET area = ?2, public = ?3, delay_secs = ?4, opens = ?5, closes = ?6 WHERE id = ?1")
                    .bind(id)
                    .bind(c.area.as_str())
                    .bind(c.public)
                    .bind(i64::from(c.delay_secs))
                    .bind(c.hours.opens())
                    .bind(c.hours.closes())
                    .execute(&mut **tx)
                    .await?;
            }
            CameraChange::Add(c) => {
                sqlx::query(
                    "INSERT INTO cameras (unit_id, area, public, delay_secs, opens, closes, token_hash, created_at, import_key)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8)",
                )
                .bind(unit_id)
                .bind(c.area.as_str())
                .bind(c.public)
                .bind(i64::from(c.delay_secs))
                .bind(c.hours.opens())
                .bind(c.hours.closes())
                .bind(now_ms)
                .bind(&c.key)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(!changes.is_empty())
}
