//! Diners' writes in PostgreSQL's SQL: the SQL of [`WriteSql`] for ratings, reports, messages and reviews (each stored
//! in one transaction with its idempotency answer, the steps in [`crate::store::writing`]), photos, and
//! the reads back by unit and by ticket.

use async_trait::async_trait;
use mingchu_types::{BurstRule, Day, HoldReason, MessageView, RatingSummary, ReportView, Review, ReviewState, Smiley};
use sqlx::{Postgres, Transaction};

use super::rows::{load_report, message_photos, review_row, unit_id};
use super::{lock, PostgresStore};
use crate::store::common::{constant_time_eq, page, Burstable, Window};
use crate::store::rows::{enum_str, message_view, photo_use, rating_summary, Columns, MESSAGE_COLUMNS, REVIEW_COLUMNS, REVIEW_FROM};
use crate::store::writes::OWN_REVIEWS;
use crate::store::writing::{self, commit_if_done, reporter, PhotosOf, Ticketed, TicketedWrite, WriteSql};
use crate::store::{Cursor, MediaUsage, NewMessage, NewPhoto, NewReport, NewReview, NewVote, Outcome, Page, PhotoRecord, StoreResult, WriteStore};

#[async_trait]
impl WriteStore for PostgresStore {
    async fn rate(&self, vote: &NewVote<'_>, rules: &[BurstRule]) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let rated = writing::rate(&mut tx, vote, rules).await?;
        if rated {
            tx.commit().await?;
        }
        Ok(rated)
    }

    async fn ratings(&self, code: &str, since: Day, today: Day, device: Option<&str>) -> StoreResult<RatingSummary> {
        let rows: Vec<(String, String, i64, bool)> = sqlx::query_as(
            "SELECT r.smiley, r.status, COUNT(*), bool_or(r.device = $3 AND r.day = $4)
             FROM ratings r JOIN units u ON u.id = r.unit_id
             WHERE u.code = $1 AND r.day >= $2 GROUP BY r.smiley, r.status",
        )
        .bind(code)
        .bind(since.to_string())
        .bind(device.unwrap_or(""))
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        rating_summary(rows, device)
    }

    async fn add_photo(&self, photo: &NewPhoto<'_>) -> StoreResult<()> {
        sqlx::query("INSERT INTO photos (id, width, height, bytes, thumb_bytes, device, uploaded_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(photo.id)
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .bind(photo.bytes as i64)
            .bind(photo.thumb_bytes as i64)
            .bind(photo.device)
            .bind(photo.at_ms)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn sweep_photos(&self, uploaded_before_ms: i64, limit: u32) -> StoreResult<Vec<String>> {
        // SKIP LOCKED: a photo a submission is attaching right now (its insert holds a key-share lock on
        // the row) is left for the next sweep instead of failing this one on the foreign key.
        let swept: Vec<(String,)> = sqlx::query_as(
            "DELETE FROM photos WHERE id IN (
                 SELECT p.id FROM photos p WHERE p.uploaded_ms < $1
                     AND NOT EXISTS (SELECT 1 FROM review_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM message_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM report_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM kitchen_record_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM school_dish_photos a WHERE a.photo_id = p.id)
                 ORDER BY p.uploaded_ms LIMIT $2 FOR UPDATE SKIP LOCKED)
             RETURNING id",
        )
        .bind(uploaded_before_ms)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(swept.into_iter().map(|(id,)| id).collect())
    }

    async fn media_usage(&self) -> StoreResult<MediaUsage> {
        let (photos, bytes): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(bytes + thumb_bytes), 0)::BIGINT FROM photos").fetch_one(&self.pool).await?;
        Ok(MediaUsage { photos: photos.max(0) as u64, bytes: bytes.max(0) as u64 })
    }

    async fn photo(&self, id: &str) -> StoreResult<Option<PhotoRecord>> {
        let stored: Option<(Option<String>,)> = sqlx::query_as("SELECT device FROM photos WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        let Some((device,)) = stored else { return Ok(None) };
        // A kitchen record's photo is public only while the version showing it is the record's newest:
        // a correction without it withdraws it.
        let rows: Vec<(String, i64, String, bool)> = sqlx::query_as(
            "SELECT 'review', r.unit_id, u.region, r.state = 'published' AND r.hidden_reason IS NULL
             FROM review_photos p JOIN reviews r ON r.id = p.review_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'message', m.unit_id, u.region, FALSE
             FROM message_photos p JOIN messages m ON m.id = p.message_id JOIN units u ON u.id = m.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'report', r.unit_id, u.region, FALSE
             FROM report_photos p JOIN reports r ON r.id = p.report_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'kitchen', k.unit_id, u.region,
                 p.public AND p.version = (SELECT MAX(v.version) FROM kitchen_records v WHERE v.id = p.record_id)
             FROM kitchen_record_photos p JOIN kitchen_records k ON k.id = p.record_id AND k.version = p.version
             JOIN units u ON u.id = k.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'kitchen', a.unit_id, u.region, FALSE FROM alerts a JOIN units u ON u.id = a.unit_id WHERE a.photo_id = $1
             UNION ALL
             SELECT 'kitchen', d.unit_id, u.region, TRUE FROM school_dish_photos d JOIN units u ON u.id = d.unit_id WHERE d.photo_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let uses = rows.into_iter().map(photo_use).collect();
        Ok(Some(PhotoRecord { device, uses }))
    }

    async fn file_report(&self, report: &NewReport<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>> {
        let mut tx = self.pool.begin().await?;
        let outcome = writing::ticketed(&mut tx, TicketedWrite::Report(report), key, request_hash, response).await?;
        // Committed before anyone is told it was filed.
        commit_if_done(tx, outcome).await
    }

    async fn send_message(&self, message: &NewMessage<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>> {
        let mut tx = self.pool.begin().await?;
        let outcome = writing::ticketed(&mut tx, TicketedWrite::Message(message), key, request_hash, response).await?;
        commit_if_done(tx, outcome).await
    }

    async fn post_review(
        &self,
        review: &NewReview<'_>,
        rules: &[BurstRule],
        key: &str,
        request_hash: &str,
        response: &str,
    ) -> StoreResult<Outcome<(i64, ReviewState)>> {
        let mut tx = self.pool.begin().await?;
        let outcome = writing::post_review(&mut tx, review, rules, key, request_hash, response).await?;
        commit_if_done(tx, outcome).await
    }

    async fn reviews(&self, code: &str, after: Option<Cursor>, limit: u32, device: Option<&str>) -> StoreResult<Option<Page<Review>>> {
        let Some(unit_id) = unit_id(&self.pool, code).await? else {
            return Ok(None);
        };
        let before = match after {
            Some(Cursor::Unit(id)) => id,
            _ => i64::MAX,
        };
        let limit = limit.max(1);
        // Published ones for everybody; the reader's own held or hidden ones for the reader alone.
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM}
             WHERE r.unit_id = $1 AND r.id < $2 AND ((r.state = 'published' AND r.hidden_reason IS NULL) OR ($4 IS NOT NULL AND r.device = $4))
             ORDER BY r.id DESC LIMIT $3"
        ))
        .bind(unit_id)
        .bind(before)
        .bind(i64::from(limit) + 1)
        .bind(device)
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(review_row(&self.pool, row, true).await?);
        }
        Ok(Some(page(items, limit, |r| Cursor::Unit(r.id))))
    }

    async fn own_reviews(&self, code: &str, device: &str) -> StoreResult<Vec<Review>> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM}
             WHERE r.unit_id = (SELECT id FROM units WHERE code = $1) AND r.device = $2 AND NOT (r.state = 'published' AND r.hidden_reason IS NULL)
             ORDER BY r.id DESC LIMIT $3"
        ))
        .bind(code)
        .bind(device)
        .bind(OWN_REVIEWS)
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(review_row(&self.pool, row, true).await?);
        }
        Ok(items)
    }

    async fn report(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<ReportView>> {
        let Some(report) = load_report(&self.pool, ticket).await? else { return Ok(None) };
        Ok(constant_time_eq(report.secret_hash.as_bytes(), secret_hash.as_bytes()).then_some(report.view))
    }

    async fn message(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<MessageView>> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages m JOIN units u ON u.id = m.unit_id WHERE m.ticket = $1");
        let Some(r) = sqlx::query(&sql).bind(ticket).fetch_optional(&self.pool).await? else { return Ok(None) };
        if !constant_time_eq(r.text("secret_hash")?.as_bytes(), secret_hash.as_bytes()) {
            return Ok(None);
        }
        let photos = message_photos(&self.pool, r.int("id")?).await?;
        message_view(&r, photos).map(Some)
    }
}

#[async_trait]
impl WriteSql for Transaction<'_, Postgres> {
    /// A lock on the name, where SQLite has one writer at a time.
    async fn one_at_a_time(&mut self, what: &str) -> StoreResult<()> {
        lock(self, what).await
    }

    async fn unit_id(&mut self, code: &str) -> StoreResult<Option<i64>> {
        unit_id(&mut **self, code).await
    }

    async fn stored_answer(&mut self, key: &str) -> StoreResult<Option<(String, String)>> {
        Ok(sqlx::query_as("SELECT request_hash, response FROM idempotency_keys WHERE key = $1").bind(key).fetch_optional(&mut **self).await?)
    }

    async fn remember_answer(&mut self, key: &str, request_hash: &str, response: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO idempotency_keys (key, request_hash, response) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(request_hash)
            .bind(response)
            .execute(&mut **self)
            .await?;
        Ok(())
    }

    async fn photo_exists(&mut self, photo: &str) -> StoreResult<bool> {
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM photos WHERE id = $1").bind(photo).fetch_optional(&mut **self).await?;
        Ok(known.is_some())
    }

    async fn attach_photo(&mut self, of: PhotosOf, owner: i64, photo: &str, position: i64) -> StoreResult<()> {
        let (table, owner_column) = of.table_and_column();
        // `table` and `owner_column` are our own constants, never input.
        sqlx::query(&format!("INSERT INTO {table} ({owner_column}, photo_id, position) VALUES ($1, $2, $3)"))
            .bind(owner)
            .bind(photo)
            .bind(position)
            .execute(&mut **self)
            .await?;
        Ok(())
    }

    async fn cast_vote(&mut self, vote: &NewVote<'_>) -> StoreResult<Option<i64>> {
        let written: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO ratings (unit_id, device, day, smiley, status, voted_ms, address) SELECT id, $2, $3, $4, 'counted', $5, $6 FROM units WHERE code = $1
             ON CONFLICT (unit_id, device, day) DO UPDATE SET smiley = excluded.smiley, voted_ms = excluded.voted_ms, address = excluded.address,
                 status = CASE WHEN ratings.status = 'discarded' THEN 'discarded' ELSE 'counted' END
             RETURNING unit_id",
        )
        .bind(vote.unit_code)
        .bind(vote.device)
        .bind(vote.day.to_string())
        .bind(vote.smiley.as_str())
        .bind(vote.at_ms)
        .bind(vote.address)
        .fetch_optional(&mut **self)
        .await?;
        Ok(written.map(|(unit_id,)| unit_id))
    }

    async fn count(&mut self, window: &Window<'_>, what: Burstable) -> StoreResult<u32> {
        let (table, _) = what.table_and_time();
        // `table` and the condition's column are our own constants, never input.
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {}", window.condition(what));
        let (n,): (i64,) = sqlx::query_as(&sql).bind(window.unit_id).bind(window.since_ms).bind(window.address).fetch_one(&mut **self).await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The whole burst, not only its tail. What a regulator let in stays in, what it discarded stays out.
    async fn hold_votes(&mut self, window: &Window<'_>) -> StoreResult<()> {
        let sql = format!("UPDATE ratings SET status = 'held' WHERE {} AND status = 'counted'", window.condition(Burstable::Ratings));
        sqlx::query(&sql).bind(window.unit_id).bind(window.since_ms).bind(window.address).execute(&mut **self).await?;
        Ok(())
    }

    async fn forget_addresses(&mut self, what: Burstable, unit_id: i64, before_ms: i64) -> StoreResult<()> {
        let (table, time) = what.table_and_time();
        let sql = format!("UPDATE {table} SET address = NULL WHERE unit_id = $1 AND address IS NOT NULL AND {time} <= $2");
        sqlx::query(&sql).bind(unit_id).bind(before_ms).execute(&mut **self).await?;
        Ok(())
    }

    async fn insert_report(&mut self, unit_id: i64, report: &NewReport<'_>) -> StoreResult<i64> {
        let r = report.request;
        let (name, phone) = reporter(&r.reporter);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO reports (ticket, secret_hash, unit_id, category, description, happened_at, reporter_name, reporter_phone, decision_due)
             VALUES ('pending-' || gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(report.secret_hash)
        .bind(unit_id)
        .bind(enum_str(&r.category)?)
        .bind(r.description.trim())
        .bind(&r.happened_at)
        .bind(name)
        .bind(phone)
        .bind(report.decision_due.to_string())
        .fetch_one(&mut **self)
        .await?;
        Ok(id)
    }

    async fn report_submitted(&mut self, report_id: i64) -> StoreResult<()> {
        sqlx::query("INSERT INTO report_trail (report_id, status) VALUES ($1, 'submitted')").bind(report_id).execute(&mut **self).await?;
        Ok(())
    }

    async fn insert_message(&mut self, unit_id: i64, message: &NewMessage<'_>) -> StoreResult<i64> {
        let m = message.request;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO messages (ticket, secret_hash, unit_id, text, callback_phone)
             VALUES ('pending-' || gen_random_uuid()::text, $1, $2, $3, $4) RETURNING id",
        )
        .bind(message.secret_hash)
        .bind(unit_id)
        .bind(m.text.trim())
        .bind(m.callback())
        .fetch_one(&mut **self)
        .await?;
        Ok(id)
    }

    async fn set_ticket(&mut self, table: Ticketed, id: i64, ticket: &str) -> StoreResult<()> {
        // `table` is one of our own constants, never input.
        sqlx::query(&format!("UPDATE {} SET ticket = $1 WHERE id = $2", table.table())).bind(ticket).bind(id).execute(&mut **self).await?;
        Ok(())
    }

    async fn insert_review(&mut self, unit_id: i64, review: &NewReview<'_>, state: ReviewState, hold: Option<HoldReason>) -> StoreResult<i64> {
        let r = review.request;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO reviews (unit_id, text, smiley, state, hold_reason, device, day, created_ms, address)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(unit_id)
        .bind(r.text.trim())
        .bind(r.smiley.map(Smiley::as_str))
        .bind(enum_str(&state)?)
        .bind(hold.as_ref().map(enum_str).transpose()?)
        .bind(review.device)
        .bind(review.day.to_string())
        .bind(review.at_ms)
        .bind(review.address)
        .fetch_one(&mut **self)
        .await?;
        Ok(id)
    }
}
