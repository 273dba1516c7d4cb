//! The PostgreSQL store's readers that several of its files use: a unit's row id, and a report, review or
//! message with the rows that belong to it (trail, photos). Rows become records in [`crate::store::rows`].

use mingchu_types::{PhotoRef, Review};
use sqlx::PgPool;

use crate::store::rows::{loaded_report, review, Columns, LoadedReport, REPORT_COLUMNS};
use crate::store::StoreResult;

pub(super) async fn load_report(pool: &PgPool, ticket: &str) -> StoreResult<Option<LoadedReport>> {
    let sql = format!("SELECT {REPORT_COLUMNS} FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.ticket = $1");
    let Some(r) = sqlx::query(&sql).bind(ticket).fetch_optional(pool).await? else { return Ok(None) };
    let id = r.int("id")?;
    // The trail's identity column keeps the order SQLite keeps by rowid.
    let trail: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT status, note, at FROM report_trail WHERE report_id = $1 ORDER BY id").bind(id).fetch_all(pool).await?;
    let photos = photo_ids(pool, "SELECT photo_id FROM report_photos WHERE report_id = $1 ORDER BY position", id).await?;
    loaded_report(&r, trail, photos).map(Some)
}

/// A review from [`REVIEW_COLUMNS`](crate::store::rows::REVIEW_COLUMNS), its photos fetched. With
/// `mark_own`, a review that is not public carries its state (the list is its author's).
pub(super) async fn review_row(pool: &PgPool, r: &impl Columns, mark_own: bool) -> StoreResult<Review> {
    review_row_as(pool, r, mark_own, PhotoRef::public).await
}

/// [`review_row`] with its photos at the addresses `photo` gives.
pub(super) async fn review_row_as(pool: &PgPool, r: &impl Columns, mark_own: bool, photo: fn(&str) -> PhotoRef) -> StoreResult<Review> {
    let photos = photo_ids(pool, "SELECT photo_id FROM review_photos WHERE review_id = $1 ORDER BY position", r.int("id")?).await?;
    review(r, &photos, mark_own, photo)
}

/// A message's photo ids, in order.
pub(super) async fn message_photos(pool: &PgPool, message_id: i64) -> StoreResult<Vec<String>> {
    photo_ids(pool, "SELECT photo_id FROM message_photos WHERE message_id = $1 ORDER BY position", message_id).await
}

/// The photo ids `sql` selects for the row id it binds as `$1`.
async fn photo_ids(pool: &PgPool, sql: &str, id: i64) -> StoreResult<Vec<String>> {
    let photos: Vec<(String,)> = sqlx::query_as(sql).bind(id).fetch_all(pool).await?;
    Ok(photos.into_iter().map(|(p,)| p).collect())
}

/// A unit's row id by its public code.
pub(super) async fn unit_id<'e>(db: impl sqlx::PgExecutor<'e>, code: &str) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE code = $1").bind(code).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}
