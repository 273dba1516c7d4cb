//! Diners' writes in PostgreSQL's SQL: ratings, photos, reports, messages and reviews, each stored in one transaction
//! with its idempotency answer, and the follow-up reads by ticket.

use async_trait::async_trait;
use mingchu_types::{BurstRule, BurstScope, Day, HoldReason, MessageView, RatingSummary, ReportView, Reporter, Review, ReviewState, Smiley};

use super::rows::{load_report, message_photos, review_row, unit_id};
use super::{lock, PostgresStore};
use crate::store::common::{constant_time_eq, forgotten_before, page, ticket, Burstable, Window};
use crate::store::rows::{enum_str, message_view, photo_use, rating_summary, Columns, MESSAGE_COLUMNS, REVIEW_COLUMNS, REVIEW_FROM};
use crate::store::{Cursor, NewMessage, NewReport, NewReview, NewVote, Outcome, Page, PhotoRecord, StoreResult, WriteStore};

#[async_trait]
impl WriteStore for PostgresStore {
    async fn rate(&self, vote: &NewVote<'_>, rules: &[BurstRule]) -> StoreResult<bool> {
        // The unit's votes are counted one vote at a time, as under SQLite's write lock.
        let mut tx = self.pool.begin().await?;
        lock(&mut tx, &format!("votes {}", vote.unit_code)).await?;
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
        .fetch_optional(&mut *tx)
        .await?;
        let Some((unit_id,)) = written else { return Ok(false) };
        for rule in rules {
            let window = Window::of(rule, unit_id, vote.address, vote.at_ms);
            if rule.exceeded(count(&mut tx, &window, Burstable::Ratings).await?) {
                hold_votes(&mut tx, &window).await?;
            }
        }
        forget_addresses(&mut tx, Burstable::Ratings, unit_id, rules, vote.at_ms).await?;
        tx.commit().await?;
        Ok(true)
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

    async fn add_photo(&self, id: &str, width: u32, height: u32, bytes: u64, device: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO photos (id, width, height, bytes, device) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(i64::from(width))
            .bind(i64::from(height))
            .bind(bytes as i64)
            .bind(device)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn photo(&self, id: &str) -> StoreResult<Option<PhotoRecord>> {
        let stored: Option<(Option<String>,)> = sqlx::query_as("SELECT device FROM photos WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        let Some((device,)) = stored else { return Ok(None) };
        let rows: Vec<(String, i64, String, bool)> = sqlx::query_as(
            "SELECT 'review', r.unit_id, u.region, r.state = 'published' AND r.hidden_reason IS NULL
             FROM review_photos p JOIN reviews r ON r.id = p.review_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'message', m.unit_id, u.region, FALSE
             FROM message_photos p JOIN messages m ON m.id = p.message_id JOIN units u ON u.id = m.unit_id WHERE p.photo_id = $1
             UNION ALL
             SELECT 'report', r.unit_id, u.region, FALSE
             FROM report_photos p JOIN reports r ON r.id = p.report_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let uses = rows.into_iter().map(photo_use).collect();
        Ok(Some(PhotoRecord { device, uses }))
    }

    async fn file_report(&self, report: &NewReport<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>> {
        let mut tx = self.pool.begin().await?;
        if let Some(earlier) = earlier_answer(&mut tx, key, request_hash).await? {
            return Ok(earlier);
        }
        let Some(unit_id) = unit_id(&mut *tx, report.unit_code).await? else {
            return Ok(Outcome::UnknownUnit);
        };
        let r = report.request;
        let (name, phone) = match &r.reporter {
            Reporter::Anonymous => (None, None),
            Reporter::Named { name, phone } => (Some(name.trim()), Some(phone.trim())),
        };
        // The ticket is numbered from the row id, so it is unique without retries; its secret guards it.
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
        .fetch_one(&mut *tx)
        .await?;
        // 举报: JB261129-000042.
        let ticket = ticket("JB", report.filed_on, id);
        sqlx::query("UPDATE reports SET ticket = $1 WHERE id = $2").bind(&ticket).bind(id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO report_trail (report_id, status) VALUES ($1, 'submitted')").bind(id).execute(&mut *tx).await?;
        if !attach_photos(&mut tx, "report_photos", "report_id", id, &r.photos).await? {
            return Ok(Outcome::UnknownPhoto);
        }
        remember_answer(&mut tx, key, request_hash, &response.replace("{ticket}", &ticket)).await?;
        // Committed before anyone is told it was filed.
        tx.commit().await?;
        Ok(Outcome::Done(ticket))
    }

    async fn send_message(&self, message: &NewMessage<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>> {
        let mut tx = self.pool.begin().await?;
        if let Some(earlier) = earlier_answer(&mut tx, key, request_hash).await? {
            return Ok(earlier);
        }
        let Some(unit_id) = unit_id(&mut *tx, message.unit_code).await? else {
            return Ok(Outcome::UnknownUnit);
        };
        let m = message.request;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO messages (ticket, secret_hash, unit_id, text, callback_phone)
             VALUES ('pending-' || gen_random_uuid()::text, $1, $2, $3, $4) RETURNING id",
        )
        .bind(message.secret_hash)
        .bind(unit_id)
        .bind(m.text.trim())
        .bind(m.callback())
        .fetch_one(&mut *tx)
        .await?;
        // 留言: LY261129-000042.
        let ticket = ticket("LY", message.sent_on, id);
        sqlx::query("UPDATE messages SET ticket = $1 WHERE id = $2").bind(&ticket).bind(id).execute(&mut *tx).await?;
        if !attach_photos(&mut tx, "message_photos", "message_id", id, &m.photos).await? {
            return Ok(Outcome::UnknownPhoto);
        }
        remember_answer(&mut tx, key, request_hash, &response.replace("{ticket}", &ticket)).await?;
        tx.commit().await?;
        Ok(Outcome::Done(ticket))
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
        if let Some(earlier) = earlier_answer(&mut tx, key, request_hash).await? {
            return Ok(earlier);
        }
        // The unit's reviews are counted one review at a time, as under SQLite's write lock: the counts
        // below must not change before this review is written.
        lock(&mut tx, &format!("reviews {}", review.unit_code)).await?;
        let Some(unit_id) = unit_id(&mut *tx, review.unit_code).await? else {
            return Ok(Outcome::UnknownUnit);
        };
        let mut hold = review.hold;
        for rule in rules {
            if hold.is_some() {
                break;
            }
            // The new review is not stored yet: it is the one more.
            let window = Window::of(rule, unit_id, review.address, review.at_ms);
            if rule.exceeded(count(&mut tx, &window, Burstable::Reviews).await? + 1) {
                hold = Some(match rule.scope {
                    BurstScope::Unit => HoldReason::Burst,
                    BurstScope::Address => HoldReason::AddressBurst,
                });
            }
        }
        let state = if hold.is_some() { ReviewState::Held } else { ReviewState::Published };
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
        .fetch_one(&mut *tx)
        .await?;
        forget_addresses(&mut tx, Burstable::Reviews, unit_id, rules, review.at_ms).await?;
        if !attach_photos(&mut tx, "review_photos", "review_id", id, &r.photos).await? {
            return Ok(Outcome::UnknownPhoto);
        }
        let response = response.replace("{id}", &id.to_string()).replace("{state}", &enum_str(&state)?);
        remember_answer(&mut tx, key, request_hash, &response).await?;
        tx.commit().await?;
        Ok(Outcome::Done((id, state)))
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

/// How many rows of `what` fall in the window.
async fn count(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, window: &Window<'_>, what: Burstable) -> StoreResult<u32> {
    let (table, _) = what.table_and_time();
    // `table` and the condition's column are our own constants, never input.
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {}", window.condition(what));
    let (n,): (i64,) = sqlx::query_as(&sql).bind(window.unit_id).bind(window.since_ms).bind(window.address).fetch_one(&mut **tx).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Holds the window's counted votes: the whole burst, not only its tail. What a regulator let in stays
/// in, what it discarded stays out.
async fn hold_votes(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, window: &Window<'_>) -> StoreResult<()> {
    let sql = format!("UPDATE ratings SET status = 'held' WHERE {} AND status = 'counted'", window.condition(Burstable::Ratings));
    sqlx::query(&sql).bind(window.unit_id).bind(window.since_ms).bind(window.address).execute(&mut **tx).await?;
    Ok(())
}

/// Forgets the address hashes of a unit's rows that no window of `rules` reaches any more.
async fn forget_addresses(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    what: Burstable,
    unit_id: i64,
    rules: &[BurstRule],
    now_ms: i64,
) -> StoreResult<()> {
    let (table, time) = what.table_and_time();
    let sql = format!("UPDATE {table} SET address = NULL WHERE unit_id = $1 AND address IS NOT NULL AND {time} <= $2");
    sqlx::query(&sql).bind(unit_id).bind(forgotten_before(rules, now_ms)).execute(&mut **tx).await?;
    Ok(())
}

/// The stored answer to an earlier request with this idempotency key, or `KeyReused` if that request
/// differed; `None` for a new key. The key is held until the transaction ends, so a repeat sent at the
/// same time waits for this one's answer instead of failing on the key's uniqueness.
async fn earlier_answer<T>(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, key: &str, request_hash: &str) -> StoreResult<Option<Outcome<T>>> {
    lock(tx, &format!("idempotency {key}")).await?;
    let earlier: Option<(String, String)> =
        sqlx::query_as("SELECT request_hash, response FROM idempotency_keys WHERE key = $1").bind(key).fetch_optional(&mut **tx).await?;
    Ok(earlier.map(|(hash, response)| if hash == request_hash { Outcome::Repeat { response } } else { Outcome::KeyReused }))
}

/// Keeps the answer under its key, in the same transaction as the write it answers.
async fn remember_answer(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, key: &str, request_hash: &str, response: &str) -> StoreResult<()> {
    sqlx::query("INSERT INTO idempotency_keys (key, request_hash, response) VALUES ($1, $2, $3)")
        .bind(key)
        .bind(request_hash)
        .bind(response)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Links stored photos to a report, review or message in order; `false` if an id is not a stored photo.
async fn attach_photos(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &str,
    owner_column: &str,
    owner: i64,
    photos: &[String],
) -> StoreResult<bool> {
    for (position, photo) in photos.iter().enumerate() {
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM photos WHERE id = $1").bind(photo).fetch_optional(&mut **tx).await?;
        if known.is_none() {
            return Ok(false);
        }
        // `table` and `owner_column` are our own constants, never input.
        sqlx::query(&format!("INSERT INTO {table} ({owner_column}, photo_id, position) VALUES ($1, $2, $3)"))
            .bind(owner)
            .bind(photo)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}
