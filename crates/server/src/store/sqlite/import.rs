//! The supervision platform's imports in SQL: the SQL of [`ImportSql`], every unit of a batch inside one
//! transaction. The steps (what is new, unchanged or updated) are in [`crate::store::importing`].

use async_trait::async_trait;
use mingchu_types::{GradeScheme, ImportResult, Unit};
use sqlx::{Sqlite, Transaction};

use super::SqliteStore;
use crate::store::importing::{import_units, CameraChange, ImportSql, StoredImportCamera};
use crate::store::rows::{inspection_row, to_json, unit_data, unit_record, Columns, UNIT_COLUMNS, UNIT_FROM};
use crate::store::unit_sql::write_unit;
use crate::store::{ImportBatch, ImportStore, StoreResult, UnitData};

#[async_trait]
impl ImportStore for SqliteStore {
    async fn import_units(&self, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>> {
        // IMMEDIATE: the write lock is taken before the stored units are read and compared, so two imports
        // at once queue (busy timeout) instead of one failing when it upgrades a stale read to a write.
        let mut tx = self.begin_write().await?;
        let results = import_units(&mut tx, batch).await?;
        // Nothing is written unless every unit is.
        tx.commit().await?;
        Ok(results)
    }
}

#[async_trait]
impl ImportSql for Transaction<'_, Sqlite> {
    async fn add_scheme_if_missing(&mut self, scheme: &GradeScheme) -> StoreResult<()> {
        sqlx::query("INSERT INTO grade_schemes (key, definition) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")
            .bind(&scheme.key)
            .bind(to_json(scheme)?)
            .execute(&mut **self)
            .await?;
        Ok(())
    }

    async fn stored_unit(&mut self, code: &str) -> StoreResult<Option<(i64, UnitData)>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.code = ?1");
        let Some(row) = sqlx::query(&sql).bind(code).fetch_optional(&mut **self).await? else {
            return Ok(None);
        };
        let id = row.int("id")?;
        let rows = sqlx::query("SELECT * FROM inspections WHERE unit_id = ?1 ORDER BY sheet_no").bind(id).fetch_all(&mut **self).await?;
        let inspections = rows.iter().map(inspection_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(Some((id, unit_data(unit_record(&row)?, inspections))))
    }

    async fn write_unit(&mut self, data: &UnitData) -> StoreResult<i64> {
        write_unit(self, data).await
    }

    async fn update_base(&mut self, id: i64, unit: &Unit, contact: &Option<String>, region: &str) -> StoreResult<()> {
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
        .execute(&mut **self)
        .await?;
        Ok(())
    }

    async fn imported_cameras(&mut self, unit_id: i64) -> StoreResult<Vec<StoredImportCamera>> {
        Ok(sqlx::query_as(
            "SELECT id, import_key, area, public, delay_secs, opens, closes FROM cameras WHERE unit_id = ?1 AND import_key IS NOT NULL ORDER BY id",
        )
        .bind(unit_id)
        .fetch_all(&mut **self)
        .await?)
    }

    async fn change_camera(&mut self, unit_id: i64, change: &CameraChange<'_>, now_ms: i64) -> StoreResult<()> {
        match change {
            // Withdrawn, not deleted: SQLite would give the next camera a deleted camera's id (it is the
            // highest), and with it that camera's frames on disk. Private and tokenless, it is never shown
            // nor fed again.
            CameraChange::Withdraw(id) => {
                sqlx::query("UPDATE cameras SET public = 0, token_hash = NULL, import_key = NULL WHERE id = ?1")
                    .bind(id)
                    .execute(&mut **self)
                    .await?;
            }
            CameraChange::Update(id, c) => {
                sqlx::query("UPDATE cameras SET area = ?2, public = ?3, delay_secs = ?4, opens = ?5, closes = ?6 WHERE id = ?1")
                    .bind(id)
                    .bind(c.area.as_str())
                    .bind(c.public)
                    .bind(i64::from(c.delay_secs))
                    .bind(c.hours.opens())
                    .bind(c.hours.closes())
                    .execute(&mut **self)
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
                .execute(&mut **self)
                .await?;
            }
        }
        Ok(())
    }
}
