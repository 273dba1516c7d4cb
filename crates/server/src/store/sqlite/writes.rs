//! Diners' writes in SQL: ratings, photos, reports, messages and reviews, each stored in one transaction
//! with its idempotency answer, and the follow-up reads by ticket.

use async_trait::async_trait;
use mingchu_types::{
    BurstRule, BurstScope, Day, HoldReason, MessageStatus, MessageView, RatingSummary, ReportView, Reporter, Review, ReviewState, Smiley,
};
use sqlx::Row;

use super::rows::{enum_str, load_report, message_photos, owner_answer, review_row, unit_id, REVIEW_COLUMNS, REVIEW_FROM};
use super::SqliteStore;
use crate::store::{
    Cursor, MediaUsage, NewMessage, NewPhoto, NewReport, NewReview, NewVote, Outcome, Page, PhotoRecord, PhotoUse, StoreError, StoreResult,
    WriteStore,
};

#[async_trait]
impl WriteStore for SqliteStore {
    async fn rate(&self, vote: &NewVote<'_>, rules: &[BurstRule]) -> StoreResult<bool> {
        // The vote is written first, so this transaction holds the write lock while it counts.
        let mut tx = self.pool.begin().await?;
        let written: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO ratings (unit_id, device, day, smiley, status, voted_ms, address) SELECT id, ?2, ?3, ?4, 'counted', ?5, ?6 FROM units WHERE code = ?1
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
            if rule.exceeded(window.count(&mut tx, Burstable::Ratings).await?) {
                window.hold_votes(&mut tx).await?;
            }
        }
        forget_addresses(&mut tx, Burstable::Ratings, unit_id, rules, vote.at_ms).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn ratings(&self, code: &str, since: Day, today: Day, device: Option<&str>) -> StoreResult<RatingSummary> {
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT r.smiley, r.status, COUNT(*), MAX(CASE WHEN r.device = ?3 AND r.day = ?4 THEN 1 ELSE 0 END)
             FROM ratings r JOIN units u ON u.id = r.unit_id
             WHERE u.code = ?1 AND r.day >= ?2 GROUP BY r.smiley, r.status",
        )
        .bind(code)
        .bind(since.to_string())
        .bind(device.unwrap_or(""))
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut summary = RatingSummary::default();
        for (smiley, status, count, mine) in rows {
            let smiley = Smiley::parse(&smiley).ok_or_else(|| StoreError::Corrupt(format!("smiley {smiley:?}")))?;
            let count = count as u32;
            match (status.as_str(), smiley) {
                ("counted" | "admitted", Smiley::Satisfied) => summary.satisfied += count,
                ("counted" | "admitted", Smiley::Neutral) => summary.neutral += count,
                ("counted" | "admitted", Smiley::Unsatisfied) => summary.unsatisfied += count,
                ("held", _) => summary.held += count,
                ("discarded", _) => {}
                _ => return Err(StoreError::Corrupt(format!("vote status {status:?}"))),
            }
            // The device sees its own vote, counted or not.
            if mine == 1 && device.is_some() {
                summary.mine = Some(smiley);
            }
        }
        Ok(summary)
    }

    async fn add_photo(&self, photo: &NewPhoto<'_>) -> StoreResult<()> {
        sqlx::query("INSERT INTO photos (id, width, height, bytes, thumb_bytes, device, uploaded_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
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
        // One statement: SQLite runs it under the write lock, so no submission attaches a photo between
        // the check and the delete (and the foreign keys would refuse the delete of an attached one).
        let swept: Vec<(String,)> = sqlx::query_as(
            "DELETE FROM photos WHERE id IN (
                 SELECT p.id FROM photos p WHERE p.uploaded_ms < ?1
                     AND NOT EXISTS (SELECT 1 FROM review_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM message_photos a WHERE a.photo_id = p.id)
                     AND NOT EXISTS (SELECT 1 FROM report_photos a WHERE a.photo_id = p.id)
                 ORDER BY p.uploaded_ms LIMIT ?2)
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
            sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(bytes + thumb_bytes), 0) FROM photos").fetch_one(&self.pool).await?;
        Ok(MediaUsage { photos: photos.max(0) as u64, bytes: bytes.max(0) as u64 })
    }

    async fn photo(&self, id: &str) -> StoreResult<Option<PhotoRecord>> {
        let stored: Option<(Option<String>,)> = sqlx::query_as("SELECT device FROM photos WHERE id = ?1").bind(id).fetch_optional(&self.pool).await?;
        let Some((device,)) = stored else { return Ok(None) };
        let rows: Vec<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT 'review', r.unit_id, u.region, CASE WHEN r.state = 'published' AND r.hidden_reason IS NULL THEN 1 ELSE 0 END
             FROM review_photos p JOIN reviews r ON r.id = p.review_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = ?1
             UNION ALL
             SELECT 'message', m.unit_id, u.region, 0
             FROM message_photos p JOIN messages m ON m.id = p.message_id JOIN units u ON u.id = m.unit_id WHERE p.photo_id = ?1
             UNION ALL
             SELECT 'report', r.unit_id, u.region, 0
             FROM report_photos p JOIN reports r ON r.id = p.report_id JOIN units u ON u.id = r.unit_id WHERE p.photo_id = ?1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let uses = rows
            .into_iter()
            .map(|(kind, unit_id, region, public)| match kind.as_str() {
                "review" => PhotoUse::Review { unit_id, region, public: public == 1 },
                "message" => PhotoUse::Message { unit_id },
                _ => PhotoUse::Report { region },
            })
            .collect();
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
             VALUES ('pending-' || hex(randomblob(8)), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
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
        sqlx::query("UPDATE reports SET ticket = ?1 WHERE id = ?2").bind(&ticket).bind(id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO report_trail (report_id, status) VALUES (?1, 'submitted')").bind(id).execute(&mut *tx).await?;
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
             VALUES ('pending-' || hex(randomblob(8)), ?1, ?2, ?3, ?4) RETURNING id",
        )
        .bind(message.secret_hash)
        .bind(unit_id)
        .bind(m.text.trim())
        .bind(m.callback())
        .fetch_one(&mut *tx)
        .await?;
        // 留言: LY261129-000042.
        let ticket = ticket("LY", message.sent_on, id);
        sqlx::query("UPDATE messages SET ticket = ?1 WHERE id = ?2").bind(&ticket).bind(id).execute(&mut *tx).await?;
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
        // IMMEDIATE: the counts below must not change before this review is written.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(earlier) = earlier_answer(&mut tx, key, request_hash).await? {
            return Ok(earlier);
        }
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
            if rule.exceeded(window.count(&mut tx, Burstable::Reviews).await? + 1) {
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
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
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
             WHERE r.unit_id = ?1 AND r.id < ?2 AND ((r.state = 'published' AND r.hidden_reason IS NULL) OR (?4 IS NOT NULL AND r.device = ?4))
             ORDER BY r.id DESC LIMIT ?3"
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
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|r| Cursor::Unit(r.id))
        } else {
            None
        };
        Ok(Some(Page { items, next }))
    }

    async fn report(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<ReportView>> {
        let Some(report) = load_report(&self.pool, ticket).await? else { return Ok(None) };
        Ok(constant_time_eq(report.secret_hash.as_bytes(), secret_hash.as_bytes()).then_some(report.view))
    }

    async fn message(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<MessageView>> {
        // The call-back number is not even selected: only whether there is one.
        let row = sqlx::query(
            "SELECT m.id, m.ticket, m.secret_hash, u.code, u.name, m.text, m.callback_phone IS NOT NULL AS callback_requested,
                    m.status, m.created_at, m.read_at, m.reply_text, m.replied_at
             FROM messages m JOIN units u ON u.id = m.unit_id WHERE m.ticket = ?1",
        )
        .bind(ticket)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let stored: String = r.try_get("secret_hash")?;
        if !constant_time_eq(stored.as_bytes(), secret_hash.as_bytes()) {
            return Ok(None);
        }
        let id: i64 = r.try_get("id")?;
        let photos = message_photos(&self.pool, id).await?;
        let status: String = r.try_get("status")?;
        let reply = owner_answer(&r)?;
        Ok(Some(MessageView {
            ticket: r.try_get("ticket")?,
            unit_code: r.try_get("code")?,
            unit_name: r.try_get("name")?,
            text: r.try_get("text")?,
            photos,
            callback_requested: r.try_get("callback_requested")?,
            status: MessageStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("message status {status:?}")))?,
            sent_at: r.try_get("created_at")?,
            read_at: r.try_get("read_at")?,
            reply,
        }))
    }
}

/// What bursts are counted in: a table and the column with each row's time (UTC ms).
#[derive(Clone, Copy)]
enum Burstable {
    Ratings,
    Reviews,
}

impl Burstable {
    fn table_and_time(self) -> (&'static str, &'static str) {
        match self {
            Burstable::Ratings => ("ratings", "voted_ms"),
            Burstable::Reviews => ("reviews", "created_ms"),
        }
    }
}

/// One burst rule's window ending now: the unit's rows after `since_ms`, and only `address`'s for an
/// address rule. Binds `?1` unit, `?2` since, `?3` address (NULL for the whole unit).
struct Window<'a> {
    unit_id: i64,
    since_ms: i64,
    address: Option<&'a str>,
}

impl<'a> Window<'a> {
    fn of(rule: &BurstRule, unit_id: i64, address: &'a str, now_ms: i64) -> Window<'a> {
        let address = (rule.scope == BurstScope::Address).then_some(address);
        Window { unit_id, since_ms: now_ms - i64::from(rule.window_secs) * 1000, address }
    }

    fn condition(&self, what: Burstable) -> String {
        let (_, time) = what.table_and_time();
        format!("unit_id = ?1 AND {time} > ?2 AND (?3 IS NULL OR address = ?3)")
    }

    /// How many rows fall in the window.
    async fn count(&self, tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, what: Burstable) -> StoreResult<u32> {
        let (table, _) = what.table_and_time();
        // `table` and the condition's column are our own constants, never input.
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {}", self.condition(what));
        let (n,): (i64,) = sqlx::query_as(&sql).bind(self.unit_id).bind(self.since_ms).bind(self.address).fetch_one(&mut **tx).await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Window<'_> {
    /// Holds the window's counted votes: the whole burst, not only its tail. What a regulator let in
    /// stays in, what it discarded stays out.
    async fn hold_votes(&self, tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>) -> StoreResult<()> {
        let sql = format!("UPDATE ratings SET status = 'held' WHERE {} AND status = 'counted'", self.condition(Burstable::Ratings));
        sqlx::query(&sql).bind(self.unit_id).bind(self.since_ms).bind(self.address).execute(&mut **tx).await?;
        Ok(())
    }
}

/// Forgets the address hashes of a unit's rows that no window of `rules` reaches any more.
async fn forget_addresses(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    what: Burstable,
    unit_id: i64,
    rules: &[BurstRule],
    now_ms: i64,
) -> StoreResult<()> {
    let longest = rules.iter().map(|r| i64::from(r.window_secs)).max().unwrap_or(0);
    let (table, time) = what.table_and_time();
    let sql = format!("UPDATE {table} SET address = NULL WHERE unit_id = ?1 AND address IS NOT NULL AND {time} <= ?2");
    sqlx::query(&sql).bind(unit_id).bind(now_ms - longest * 1000).execute(&mut **tx).await?;
    Ok(())
}

/// The stored answer to an earlier request with this idempotency key, or `KeyReused` if that request
/// differed; `None` for a new key.
async fn earlier_answer<T>(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, key: &str, request_hash: &str) -> StoreResult<Option<Outcome<T>>> {
    let earlier: Option<(String, String)> =
        sqlx::query_as("SELECT request_hash, response FROM idempotency_keys WHERE key = ?1").bind(key).fetch_optional(&mut **tx).await?;
    Ok(earlier.map(|(hash, response)| if hash == request_hash { Outcome::Repeat { response } } else { Outcome::KeyReused }))
}

/// Keeps the answer under its key, in the same transaction as the write it answers.
async fn remember_answer(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, key: &str, request_hash: &str, response: &str) -> StoreResult<()> {
    sqlx::query("INSERT INTO idempotency_keys (key, request_hash, response) VALUES (?1, ?2, ?3)")
        .bind(key)
        .bind(request_hash)
        .bind(response)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A ticket: its kind's prefix, the day as `yymmdd` and the row id, e.g. `JB261129-000042`. Numbered
/// from the row id, so it is unique without retries; its secret, not its number, guards it.
fn ticket(prefix: &str, day: Day, id: i64) -> String {
    let (y, m, d) = day.ymd();
    format!("{prefix}{:02}{m:02}{d:02}-{id:06}", y.rem_euclid(100))
}

/// Links stored photos to a report, review or message in order; `false` if an id is not a stored photo.
async fn attach_photos(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    table: &str,
    owner_column: &str,
    owner: i64,
    photos: &[String],
) -> StoreResult<bool> {
    for (position, photo) in photos.iter().enumerate() {
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM photos WHERE id = ?1").bind(photo).fetch_optional(&mut **tx).await?;
        if known.is_none() {
            return Ok(false);
        }
        // `table` and `owner_column` are our own constants, never input.
        sqlx::query(&format!("INSERT INTO {table} ({owner_column}, photo_id, position) VALUES (?1, ?2, ?3)"))
            .bind(owner)
            .bind(photo)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

/// Compares two secrets' hashes without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::ticket;
    use crate::store::sqlite::SqliteStore;
    use crate::store::{MediaUsage, NewMessage, NewPhoto, NewReport, NewReview, Outcome, UnitStore, WriteStore};
    use crate::Clock;
    use mingchu_types::{Day, GradeScheme};
    use serde_json::json;

    #[test]
    fn tickets_name_their_kind_and_day() {
        assert_eq!(ticket("JB", "2026-11-29".parse().unwrap(), 42), "JB261129-000042");
        assert_eq!(ticket("LY", "2031-01-05".parse().unwrap(), 1_234_567), "LY310105-1234567");
    }

    const HOUR: i64 = 3600 * 1000;

    #[tokio::test]
    async fn the_sweep_forgets_only_old_photos_that_nothing_uses() {
        let data = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(data.path()).await.unwrap();
        let day: Day = "2026-11-29".parse().unwrap();
        let t0 = Clock::Fixed(day).now_ms();
        store.put_scheme(&GradeScheme::national()).await.unwrap();
        let unit = crate::demo::demo_units(day).into_iter().find(|u| u.unit.code == "lc-dcf-0012").unwrap();
        store.put_unit(&unit).await.unwrap();
        let photo = |id: &'static str, at_ms| NewPhoto { id, width: 10, height: 10, bytes: 1000, thumb_bytes: 100, device: "phone", at_ms };
        for (id, at_ms) in [("unused", t0), ("review", t0), ("message", t0), ("report", t0), ("recent", t0 + 23 * HOUR), ("older", t0 - 2 * HOUR)] {
            store.add_photo(&photo(id, at_ms)).await.unwrap();
        }
        assert_eq!(store.media_usage().await.unwrap(), MediaUsage { photos: 6, bytes: 6600 });

        // A review, a message and a report each take up a photo.
        let review = serde_json::from_value(json!({"text": "饭菜干净，孩子爱吃。", "photos": ["review"], "fill_ms": 9000})).unwrap();
        let review = NewReview { unit_code: "lc-dcf-0012", request: &review, device: None, day, hold: None, address: "a", at_ms: t0 };
        assert!(matches!(store.post_review(&review, &[], "k1", "h1", "{}").await.unwrap(), Outcome::Done(_)));
        let message = serde_json::from_value(json!({"text": "汤太咸了，希望少放盐。", "photos": ["message"]})).unwrap();
        let message = NewMessage { unit_code: "lc-dcf-0012", request: &message, secret_hash: "s", sent_on: day };
        assert!(matches!(store.send_message(&message, "k2", "h2", "{}").await.unwrap(), Outcome::Done(_)));
        let report = serde_json::from_value(json!({"category": "no_mask", "description": "切配间师傅没戴口罩。",
            "happened_at": "2026-11-29T11:30", "reporter": "anonymous", "photos": ["report"]}))
        .unwrap();
        let report = NewReport { unit_code: "lc-dcf-0012", request: &report, secret_hash: "s", filed_on: day, decision_due: day };
        assert!(matches!(store.file_report(&report, "k3", "h3", "{}").await.unwrap(), Outcome::Done(_)));

        // 23 hours on, only the photo uploaded two hours before the others is more than a day old.
        assert_eq!(store.sweep_photos(t0 + 23 * HOUR - 24 * HOUR, 100).await.unwrap(), ["older"]);
        // A day after t0 (to the millisecond): the unused photo goes, oldest first, at most `limit` at a time.
        assert!(store.sweep_photos(t0, 100).await.unwrap().is_empty(), "a photo exactly a day old stays");
        assert_eq!(store.sweep_photos(t0 + 1, 1).await.unwrap(), ["unused"]);
        assert!(store.sweep_photos(t0 + 1, 100).await.unwrap().is_empty());
        for id in ["unused", "older"] {
            assert_eq!(store.photo(id).await.unwrap(), None, "{id}");
        }
        // Years later, the attached photos are all still there; the recent one, never used, is not.
        assert_eq!(store.sweep_photos(t0 + 10_000 * 24 * HOUR, 100).await.unwrap(), ["recent"]);
        for id in ["review", "message", "report"] {
            assert_eq!(store.photo(id).await.unwrap().map(|p| p.uses.len()), Some(1), "{id}");
        }
        assert_eq!(store.media_usage().await.unwrap(), MediaUsage { photos: 3, bytes: 3300 });
    }
}
