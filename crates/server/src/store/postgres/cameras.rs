//! Cameras and the minutes they sent a frame in, in PostgreSQL's SQL.

use std::ops::RangeInclusive;

use async_trait::async_trait;

use super::rows::unit_id;
use super::PostgresStore;
use crate::store::cameras;
use crate::store::rows::{camera_record, CAMERA_COLUMNS};
use crate::store::{CameraRecord, CameraStore, NewCamera, NewestMinute, StoreResult};

#[async_trait]
impl CameraStore for PostgresStore {
    async fn add_camera(&self, c: &NewCamera<'_>) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO cameras (unit_id, area, public, delay_secs, opens, closes, token_hash, created_at)
             SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM units WHERE code = $1 RETURNING id",
        )
        .bind(c.unit_code)
        .bind(c.area.as_str())
        .bind(c.public)
        .bind(i64::from(c.delay_secs))
        .bind(c.hours.opens())
        .bind(c.hours.closes())
        .bind(c.token_hash)
        .bind(c.created_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn set_camera_token(&self, id: i64, token_hash: Option<&str>) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE cameras SET token_hash = $2 WHERE id = $1").bind(id).bind(token_hash).execute(&self.pool).await?;
        Ok(done.rows_affected() == 1)
    }

    async fn camera(&self, id: i64) -> StoreResult<Option<CameraRecord>> {
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id WHERE c.id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(camera_record).transpose()
    }

    async fn unit_cameras(&self, code: &str) -> StoreResult<Option<Vec<CameraRecord>>> {
        let mut tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?;
        let Some(unit_id) = unit_id(&mut *tx, code).await? else {
            return Ok(None);
        };
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id WHERE c.unit_id = $1 ORDER BY c.id");
        let rows = sqlx::query(&sql).bind(unit_id).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.iter().map(camera_record).collect::<StoreResult<Vec<_>>>().map(Some)
    }

    async fn all_cameras(&self) -> StoreResult<Vec<CameraRecord>> {
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id ORDER BY c.id");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(camera_record).collect()
    }

    async fn record_camera_minute(&self, id: i64, minute: i64, first_ms: i64) -> StoreResult<bool> {
        let done =
            sqlx::query("INSERT INTO camera_minutes (camera_id, minute, first_ms) VALUES ($1, $2, $3) ON CONFLICT (camera_id, minute) DO NOTHING")
                .bind(id)
                .bind(minute)
                .bind(first_ms)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn newest_camera_minutes(&self, code: &str) -> StoreResult<Vec<NewestMinute>> {
        cameras::newest_minutes(&self.pool, code).await
    }

    async fn first_frame_within(&self, id: i64, minutes: RangeInclusive<i64>, not_after_ms: i64) -> StoreResult<Option<i64>> {
        cameras::first_frame(&self.pool, id, minutes, not_after_ms).await
    }

    async fn camera_minutes(&self, id: i64, from: i64, to: i64) -> StoreResult<u32> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM camera_minutes WHERE camera_id = $1 AND minute >= $2 AND minute < $3")
            .bind(id)
            .bind(from)
            .bind(to)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u32)
    }

    async fn prune_camera_minutes(&self, id: i64, before: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM camera_minutes WHERE camera_id = $1 AND minute < $2").bind(id).bind(before).execute(&self.pool).await?;
        Ok(())
    }

    async fn note_camera_video(&self, id: i64, capture_ms: i64, end_ms: i64) -> StoreResult<()> {
        cameras::note_video(&self.pool, id, capture_ms, end_ms).await
    }
}
