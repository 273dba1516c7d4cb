//! The owners' and regulators' side of the SQLite store. A regulator's scope becomes
//! `u.region = ?exact OR u.region LIKE ?pattern` (see [`Scope::sql_pattern`]) in every query.

use async_trait::async_trait;
use mingchu_types::{
    Day, HeldVotes, Inbox, MessageStatus, ModeratedReview, PhotoRef, ReportCategory, ReportStatus, ReportView, ReporterContact, Review, ReviewState,
    Scope,
};

use super::rows::{load_report, message_photos, review_row, review_row_as, unit_id};
use super::SqliteStore;
use crate::auth::GuessRules;
use crate::store::common::{change, queue_sizes, QUEUE_SIZES};
use crate::store::rows::{
    held_votes, inbox_message, moderated_review, queue_row, regulator_record, session_record, unit_record, Columns, INBOX_COLUMNS, REGULATOR_COLUMNS,
    REVIEW_COLUMNS, REVIEW_FROM, SESSION_COLUMNS, SESSION_FROM, UNIT_COLUMNS, UNIT_FROM,
};
use crate::store::staff::{
    AccountKind, Attempt, AttemptKey, Change, Credentials, QueueRow, QueueSizes, RegulatorRecord, SessionRecord, StaffStore, Subject,
};
use crate::store::{StoreResult, UnitRecord};

/// The scope's condition on `u.region`, binding `?1` (the region) and `?2` (the prefix its units'
/// regions start with, or NULL for a station). A prefix compare, not LIKE: no character in a region
/// can act as a wildcard.
const IN_SCOPE: &str = "(u.region = ?1 OR (?2 IS NOT NULL AND substr(u.region, 1, length(?2)) = ?2))";

/// Forgets every guess at an account's name, from every client (its secret was just reset).
async fn forget_guesses(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, kind: AccountKind, name: &str) -> StoreResult<()> {
    for table in ["sign_in_failures", "sign_in_slowdown"] {
        // `table` is one of our own constants.
        sqlx::query(&format!("DELETE FROM {table} WHERE kind = ?1 AND name = ?2")).bind(kind.as_str()).bind(name).execute(&mut **tx).await?;
    }
    Ok(())
}

#[async_trait]
impl StaffStore for SqliteStore {
    async fn set_owner_code(&self, unit_code: &str, code_hash: &str, now_ms: i64) -> StoreResult<bool> {
        // IMMEDIATE: read and write under the write lock, so a server writing meanwhile cannot make
        // this transaction's snapshot stale (SQLITE_BUSY_SNAPSHOT).
        let mut tx = self.begin_write().await?;
        let Some(unit_id) = unit_id(&mut *tx, unit_code).await? else { return Ok(false) };
        sqlx::query(
            "INSERT INTO owner_access (unit_id, code_hash, issued_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (unit_id) DO UPDATE SET code_hash = excluded.code_hash, issued_at = excluded.issued_at",
        )
        .bind(unit_id)
        .bind(code_hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        // A new code is a reset: whoever signed in with the old one is signed out, every guess forgotten.
        sqlx::query("DELETE FROM sessions WHERE owner_unit_id = ?1").bind(unit_id).execute(&mut *tx).await?;
        forget_guesses(&mut tx, AccountKind::Owner, unit_code).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn owner_credentials(&self, unit_code: &str) -> StoreResult<Option<Credentials>> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT a.unit_id, a.code_hash FROM owner_access a JOIN units u ON u.id = a.unit_id WHERE u.code = ?1")
                .bind(unit_code)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, hash)| Credentials { subject: Subject::Owner(id), hash }))
    }

    async fn add_regulator(&self, username: &str, name: &str, scope: &Scope, password_hash: &str, now_ms: i64) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO regulators (username, name, level, region, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (username) DO NOTHING RETURNING id",
        )
        .bind(username)
        .bind(name)
        .bind(scope.level.as_str())
        .bind(&scope.region)
        .bind(password_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn set_regulator_password(&self, username: &str, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64,)> = sqlx::query_as("UPDATE regulators SET password_hash = ?2 WHERE username = ?1 RETURNING id")
            .bind(username)
            .bind(password_hash)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id,)) = row else { return Ok(false) };
        sqlx::query("DELETE FROM sessions WHERE regulator_id = ?1").bind(id).execute(&mut *tx).await?;
        forget_guesses(&mut tx, AccountKind::Regulator, username).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn regulator_credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM regulators WHERE username = ?1").bind(username).fetch_optional(&self.pool).await?;
        Ok(row.map(|(id, hash)| Credentials { subject: Subject::Regulator(id), hash }))
    }

    async fn regulators(&self) -> StoreResult<Vec<RegulatorRecord>> {
        let sql = format!("SELECT {REGULATOR_COLUMNS} FROM regulators ORDER BY region, username");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(regulator_record).collect()
    }

    async fn remove_regulator(&self, username: &str) -> StoreResult<bool> {
        // Its sessions go with it (ON DELETE CASCADE).
        let done = sqlx::query("DELETE FROM regulators WHERE username = ?1").bind(username).execute(&self.pool).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn count_attempt(&self, key: &AttemptKey<'_>, known_device: bool, now_ms: i64, rules: &GuessRules) -> StoreResult<Attempt> {
        let kind = key.kind.as_str();
        // IMMEDIATE: every attempt's checks and counts are one step, taken one attempt at a time.
        let mut tx = self.begin_write().await?;
        // Old failures are forgotten, and a drained bucket is the same as none.
        sqlx::query("DELETE FROM sign_in_failures WHERE last_at < ?1 AND locked_until <= ?2")
            .bind(now_ms - rules.forget_ms)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_slowdown WHERE next_at <= ?1").bind(now_ms).execute(&mut *tx).await?;
        let locked: Option<(i64,)> =
            sqlx::query_as("SELECT locked_until FROM sign_in_failures WHERE kind = ?1 AND name = ?2 AND client = ?3 AND locked_until > ?4")
                .bind(kind)
                .bind(key.name)
                .bind(key.client)
                .bind(now_ms)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((until,)) = locked {
            tx.commit().await?;
            return Ok(Attempt::Locked(until));
        }
        if !known_device {
            // A generic cell rate: each attempt moves `next_at` one interval on; an attempt that would
            // move it beyond `burst` intervals ahead of now waits. Rows left are all ahead of now.
            let interval = rules.account_interval_ms;
            let window = interval * i64::from(rules.account_burst);
            let admitted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO sign_in_slowdown (kind, name, next_at) VALUES (?1, ?2, ?3 + ?4)
                 ON CONFLICT (kind, name) DO UPDATE SET next_at = sign_in_slowdown.next_at + ?4
                 WHERE sign_in_slowdown.next_at + ?4 <= ?3 + ?5
                 RETURNING next_at",
            )
            .bind(kind)
            .bind(key.name)
            .bind(now_ms)
            .bind(interval)
            .bind(window)
            .fetch_optional(&mut *tx)
            .await?;
            if admitted.is_none() {
                let (next_at,): (i64,) = sqlx::query_as("SELECT next_at FROM sign_in_slowdown WHERE kind = ?1 AND name = ?2")
                    .bind(kind)
                    .bind(key.name)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(Attempt::Slowed(next_at + interval - window));
            }
        }
        let (failures,): (i64,) = sqlx::query_as(
            "INSERT INTO sign_in_failures (kind, name, client, failures, locked_until, last_at)
             VALUES (?1, ?2, ?3, 1, CASE WHEN 1 >= ?5 THEN ?4 + ?6 ELSE 0 END, ?4)
             ON CONFLICT (kind, name, client) DO UPDATE SET failures = sign_in_failures.failures + 1,
                 locked_until = CASE WHEN sign_in_failures.failures + 1 >= ?5 THEN ?4 + ?6 ELSE sign_in_failures.locked_until END,
                 last_at = ?4
             RETURNING failures",
        )
        .bind(kind)
        .bind(key.name)
        .bind(key.client)
        .bind(now_ms)
        .bind(i64::from(rules.max_failures))
        .bind(rules.lock_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Attempt::Counted(u32::try_from(failures).unwrap_or(u32::MAX)))
    }

    async fn subject_name(&self, subject: Subject) -> StoreResult<Option<String>> {
        let (sql, id) = match subject {
            Subject::Owner(id) => ("SELECT code FROM units WHERE id = ?1", id),
            Subject::Regulator(id) => ("SELECT username FROM regulators WHERE id = ?1", id),
        };
        let row: Option<(String,)> = sqlx::query_as(sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(|(name,)| name))
    }

    async fn clear_attempts(&self, key: &AttemptKey<'_>) -> StoreResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE kind = ?1 AND name = ?2 AND client = ?3")
            .bind(key.kind.as_str())
            .bind(key.name)
            .bind(key.client)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_session(&self, token_hash: &str, subject: Subject, csrf: &str, expires_at: i64) -> StoreResult<()> {
        let (owner, regulator) = match subject {
            Subject::Owner(id) => (Some(id), None),
            Subject::Regulator(id) => (None, Some(id)),
        };
        let mut tx = self.begin_write().await?;
        // Sessions end by themselves; those long over are swept on the way.
        sqlx::query("DELETE FROM sessions WHERE expires_at < ?1").bind(expires_at - 2 * crate::auth::SESSION_MS).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sessions (token_hash, owner_unit_id, regulator_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(token_hash)
            .bind(owner)
            .bind(regulator)
            .bind(csrf)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now_ms: i64) -> StoreResult<Option<SessionRecord>> {
        let sql = format!("SELECT {SESSION_COLUMNS} {SESSION_FROM} WHERE s.token_hash = ?1 AND s.expires_at > ?2");
        let row = sqlx::query(&sql).bind(token_hash).bind(now_ms).fetch_optional(&self.pool).await?;
        row.as_ref().map(session_record).transpose()
    }

    async fn end_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    async fn inbox(&self, unit_id: i64) -> StoreResult<Inbox> {
        let sql = format!("SELECT {INBOX_COLUMNS} FROM messages WHERE unit_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 500");
        let rows = sqlx::query(&sql).bind(unit_id).fetch_all(&self.pool).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            items.push(inbox_message(r, message_photos(&self.pool, r.int("id")?).await?)?);
        }
        let unread = items.iter().filter(|m| m.status == MessageStatus::Sent).count() as u32;
        Ok(Inbox { items, unread })
    }

    async fn mark_read(&self, unit_id: i64, ticket: &str) -> StoreResult<Change> {
        let known: Option<(String,)> = sqlx::query_as("SELECT status FROM messages WHERE unit_id = ?1 AND ticket = ?2")
            .bind(unit_id)
            .bind(ticket)
            .fetch_optional(&self.pool)
            .await?;
        if known.is_none() {
            return Ok(Change::NotFound);
        }
        sqlx::query(
            "UPDATE messages SET status = 'read', read_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE unit_id = ?1 AND ticket = ?2 AND status = 'sent'",
        )
        .bind(unit_id)
        .bind(ticket)
        .execute(&self.pool)
        .await?;
        Ok(Change::Done)
    }

    async fn answer_message(&self, unit_id: i64, ticket: &str, text: &str) -> StoreResult<Change> {
        let done = sqlx::query(
            "UPDATE messages SET status = 'replied', reply_text = ?3, replied_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
                 read_at = COALESCE(read_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
             WHERE unit_id = ?1 AND ticket = ?2",
        )
        .bind(unit_id)
        .bind(ticket)
        .bind(text)
        .execute(&self.pool)
        .await?;
        Ok(change(done.rows_affected()))
    }

    async fn owner_reviews(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Review>> {
        let rows = sqlx::query(&format!(
            "SELECT {REVIEW_COLUMNS} {REVIEW_FROM} WHERE r.unit_id = ?1 AND r.state = 'published' AND r.hidden_reason IS NULL ORDER BY r.id DESC LIMIT ?2"
        ))
        .bind(unit_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(review_row(&self.pool, row, false).await?);
        }
        Ok(items)
    }

    async fn reply_to_review(&self, unit_id: i64, review_id: i64, text: &str, day: Day) -> StoreResult<Change> {
        // Only under the unit's own published reviews; never touching the review itself.
        let done = sqlx::query(
            "INSERT INTO owner_replies (review_id, text, day)
             SELECT id, ?3, ?4 FROM reviews WHERE id = ?2 AND unit_id = ?1 AND state = 'published' AND hidden_reason IS NULL
             ON CONFLICT (review_id) DO UPDATE SET text = excluded.text, day = excluded.day",
        )
        .bind(unit_id)
        .bind(review_id)
        .bind(text)
        .bind(day.to_string())
        .execute(&self.pool)
        .await?;
        Ok(change(done.rows_affected()))
    }

    async fn queue(&self, scope: &Scope, status: Option<ReportStatus>, category: Option<ReportCategory>) -> StoreResult<Vec<QueueRow>> {
        let sql = format!(
            "SELECT r.ticket, u.code, u.name, r.category, r.status, date(r.created_at, '+8 hours') AS filed_on, r.decision_due,
                    r.reporter_name IS NULL AS anonymous, (SELECT count(*) FROM report_photos p WHERE p.report_id = r.id) AS photo_count
             FROM reports r JOIN units u ON u.id = r.unit_id
             WHERE {IN_SCOPE} AND (?3 IS NULL OR r.status = ?3) AND (?4 IS NULL OR r.category = ?4)
             ORDER BY r.decision_due, r.id LIMIT 500"
        );
        let category = category.map(|c| c.as_str());
        let rows = sqlx::query(&sql)
            .bind(&scope.region)
            .bind(scope.sql_prefix())
            .bind(status.map(|s| s.as_str()))
            .bind(category)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(queue_row).collect()
    }

    async fn report_for(&self, scope: &Scope, ticket: &str) -> StoreResult<Option<(ReportView, Option<ReporterContact>)>> {
        let Some(report) = load_report(&self.pool, ticket).await? else { return Ok(None) };
        Ok(scope.covers(&report.region).then_some((report.view, report.reporter)))
    }

    async fn change_report(&self, scope: &Scope, ticket: &str, from: ReportStatus, to: ReportStatus, note: Option<&str>) -> StoreResult<Change> {
        // IMMEDIATE, and the status compared in the UPDATE itself: of two inspectors at once, the
        // second finds the report moved on (a conflict), never a stale snapshot (a 500).
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE reports SET status = ?5 WHERE ticket = ?3 AND status = ?4 AND unit_id IN (SELECT u.id FROM units u WHERE {IN_SCOPE}) RETURNING id"
        );
        let moved: Option<(i64,)> = sqlx::query_as(&sql)
            .bind(&scope.region)
            .bind(scope.sql_prefix())
            .bind(ticket)
            .bind(from.as_str())
            .bind(to.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id,)) = moved else {
            let sql = format!("SELECT r.id FROM reports r JOIN units u ON u.id = r.unit_id WHERE {IN_SCOPE} AND r.ticket = ?3");
            let there: Option<(i64,)> =
                sqlx::query_as(&sql).bind(&scope.region).bind(scope.sql_prefix()).bind(ticket).fetch_optional(&mut *tx).await?;
            return Ok(if there.is_some() { Change::Conflict } else { Change::NotFound });
        };
        sqlx::query("INSERT INTO report_trail (report_id, status, note) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(to.as_str())
            .bind(note)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Change::Done)
    }

    async fn moderation(&self, scope: &Scope, state: ReviewState, limit: u32) -> StoreResult<Vec<ModeratedReview>> {
        let filter = match state {
            ReviewState::Hidden => "r.hidden_reason IS NOT NULL",
            ReviewState::Held => "r.hidden_reason IS NULL AND r.state = 'held'",
            ReviewState::Published => "r.hidden_reason IS NULL AND r.state = 'published'",
        };
        let sql = format!(
            "SELECT {REVIEW_COLUMNS}, u.code, u.name, r.hold_reason {REVIEW_FROM} JOIN units u ON u.id = r.unit_id
             WHERE {IN_SCOPE} AND {filter} ORDER BY r.id DESC LIMIT ?3"
        );
        let rows = sqlx::query(&sql).bind(&scope.region).bind(scope.sql_prefix()).bind(i64::from(limit)).fetch_all(&self.pool).await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let review = review_row_as(&self.pool, r, false, PhotoRef::staff).await?;
            items.push(moderated_review(r, review)?);
        }
        Ok(items)
    }

    async fn publish_review(&self, scope: &Scope, id: i64) -> StoreResult<Change> {
        let sql = format!(
            "UPDATE reviews SET state = 'published', hidden_reason = NULL, moderated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?3 AND unit_id IN (SELECT u.id FROM units u WHERE {IN_SCOPE})"
        );
        let done = sqlx::query(&sql).bind(&scope.region).bind(scope.sql_prefix()).bind(id).execute(&self.pool).await?;
        Ok(change(done.rows_affected()))
    }

    async fn hide_review(&self, scope: &Scope, id: i64, reason: &str) -> StoreResult<Change> {
        let sql = format!(
            "UPDATE reviews SET hidden_reason = ?4, moderated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
             WHERE id = ?3 AND unit_id IN (SELECT u.id FROM units u WHERE {IN_SCOPE})"
        );
        let done = sqlx::query(&sql).bind(&scope.region).bind(scope.sql_prefix()).bind(id).bind(reason).execute(&self.pool).await?;
        Ok(change(done.rows_affected()))
    }

    async fn held_votes(&self, scope: &Scope) -> StoreResult<Vec<HeldVotes>> {
        let sql = format!(
            "SELECT u.code, u.name,
                    SUM(CASE WHEN r.smiley = 'satisfied' THEN 1 ELSE 0 END), SUM(CASE WHEN r.smiley = 'neutral' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN r.smiley = 'unsatisfied' THEN 1 ELSE 0 END), MIN(r.day), MAX(r.day)
             FROM ratings r JOIN units u ON u.id = r.unit_id
             WHERE {IN_SCOPE} AND r.status = 'held' GROUP BY u.code, u.name ORDER BY COUNT(*) DESC, u.code LIMIT 500"
        );
        let rows: Vec<(String, String, i64, i64, i64, String, String)> =
            sqlx::query_as(&sql).bind(&scope.region).bind(scope.sql_prefix()).fetch_all(&self.pool).await?;
        rows.into_iter().map(held_votes).collect()
    }

    async fn settle_votes(&self, scope: &Scope, unit_code: &str, admit: bool) -> StoreResult<Change> {
        let sql = format!(
            "UPDATE ratings SET status = ?4 WHERE status = 'held' AND unit_id IN (SELECT u.id FROM units u WHERE {IN_SCOPE} AND u.code = ?3)"
        );
        let to = if admit { "admitted" } else { "discarded" };
        let done = sqlx::query(&sql).bind(&scope.region).bind(scope.sql_prefix()).bind(unit_code).bind(to).execute(&self.pool).await?;
        Ok(change(done.rows_affected()))
    }

    async fn units_in(&self, scope: &Scope) -> StoreResult<Vec<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE {IN_SCOPE} ORDER BY u.code");
        let rows = sqlx::query(&sql).bind(&scope.region).bind(scope.sql_prefix()).fetch_all(&self.pool).await?;
        rows.iter().map(unit_record).collect()
    }

    async fn queue_sizes(&self) -> StoreResult<QueueSizes> {
        Ok(queue_sizes(sqlx::query_as(QUEUE_SIZES).fetch_one(&self.pool).await?))
    }
}
