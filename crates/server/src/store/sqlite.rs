//! The embedded SQLite store: one file under the data directory, WAL journal, migrations run at open.

use std::path::Path;
use std::str::FromStr;

use async_trait::async_trait;
use mingchu_types::{
    AnnualGrade, AnnualLetter, Day, GradeScheme, HoldReason, ImportResult, Inspection, InspectionBrief, KitchenArea, Licence, Location,
    MessageStatus, MessageView, NotGradedReason, OwnState, OwnerAnswer, OwnerReply, PhotoRef, RatingSummary, ReportStatus, ReportView, Reporter,
    ReporterContact, Review, ReviewState, SheetHeader, Smiley, TrailEntry, Unit, UnitKind,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::{
    CameraRecord, Cursor, DynamicGradeData, ImportBatch, NewCamera, NewMessage, NewReport, NewReview, Outcome, Page, Store, StoreError, StoreResult,
    StoredGrade, UnitData, UnitRecord, REVIEW_BURST,
};
use crate::cameras::PublicHours;

mod import;
mod staff;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) `dir/mingchu.db` and brings its schema up to date.
    pub async fn open(dir: &Path) -> StoreResult<SqliteStore> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
        let options = SqliteConnectOptions::new()
            .filename(dir.join("mingchu.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL still never loses a committed transaction to an application crash.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.address, u.phone, u.contact, u.lng, u.lat,
    l.number, l.operator_name, l.credit_code, l.legal_representative, l.residence, l.premises, l.business_type,
    l.activities, l.valid_until, l.hotline, l.issuer, l.issued_on, l.supervising_office, l.supervising_officers, l.signer,
    g.scheme_key, s.definition, g.level_key, g.score, g.graded_on, g.not_graded_reason, g.not_graded_until,
    g.annual_letter, g.annual_year,
    i.id AS i_id, i.date AS i_date, i.kind AS i_kind, i.result AS i_result, i.outcome AS i_outcome,
    i.key_problems AS i_key, i.general_problems AS i_general";

/// The unit with its licence, grade and newest inspection, in one query.
const UNIT_FROM: &str = "FROM units u
    LEFT JOIN licences l ON l.unit_id = u.id
    JOIN grades g ON g.unit_id = u.id
    JOIN grade_schemes s ON s.key = g.scheme_key
    LEFT JOIN inspections i ON i.id = (
        SELECT id FROM inspections WHERE unit_id = u.id ORDER BY date DESC, id DESC LIMIT 1)";

const INSPECTION_BRIEF_COLUMNS: &str = "id, date, kind, result, outcome, key_problems, general_problems";

#[async_trait]
impl Store for SqliteStore {
    async fn search_units(&self, query: Option<&str>, after: Option<Cursor>, limit: u32) -> StoreResult<Page<UnitRecord>> {
        let after_id = match after {
            Some(Cursor::Unit(id)) => id,
            _ => 0,
        };
        let limit = limit.max(1);
        // LIKE, not full-text search: FTS5's trigram tokenizer cannot match one- or two-character
        // Chinese queries, and a city's units are few enough to scan.
        let pattern = query.map(|q| format!("%{}%", escape_like(q)));
        let sql = format!(
            "SELECT {UNIT_COLUMNS} {UNIT_FROM}
             WHERE u.id > ?1 AND (?2 IS NULL OR u.name LIKE ?2 ESCAPE '\\' OR u.code = ?3)
             ORDER BY u.id LIMIT ?4"
        );
        let rows = sqlx::query(&sql).bind(after_id).bind(&pattern).bind(query).bind(i64::from(limit) + 1).fetch_all(&self.pool).await?;
        let mut items = rows.iter().map(unit_record).collect::<StoreResult<Vec<_>>>()?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            let last: i64 = rows[limit as usize - 1].try_get("id")?;
            Some(Cursor::Unit(last))
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn unit(&self, code: &str) -> StoreResult<Option<UnitRecord>> {
        let sql = format!("SELECT {UNIT_COLUMNS} {UNIT_FROM} WHERE u.code = ?1");
        let row = sqlx::query(&sql).bind(code).fetch_optional(&self.pool).await?;
        row.as_ref().map(unit_record).transpose()
    }

    async fn inspections(&self, code: &str, after: Option<Cursor>, limit: u32) -> StoreResult<Option<(Page<InspectionBrief>, u32)>> {
        let mut tx = self.pool.begin().await?;
        let Some(unit_id) = unit_id(&mut *tx, code).await? else {
            return Ok(None);
        };
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inspections WHERE unit_id = ?1").bind(unit_id).fetch_one(&mut *tx).await?;
        // Newest first; the cursor is the (date, id) of the last row shown.
        let (after_date, after_id) = match after {
            Some(Cursor::Inspection(date, id)) => (Some(date.to_string()), id),
            _ => (None, 0),
        };
        let sql = format!(
            "SELECT {INSPECTION_BRIEF_COLUMNS} FROM inspections
             WHERE unit_id = ?1 AND (?2 IS NULL OR date < ?2 OR (date = ?2 AND id < ?3))
             ORDER BY date DESC, id DESC LIMIT ?4"
        );
        let rows = sqlx::query(&sql).bind(unit_id).bind(after_date).bind(after_id).bind(i64::from(limit) + 1).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        let mut items = rows.iter().map(|r| inspection_brief(r, "")).collect::<StoreResult<Vec<_>>>()?;
        let next = if items.len() > limit as usize {
            items.truncate(limit as usize);
            items.last().map(|last| Cursor::Inspection(last.date, last.id))
        } else {
            None
        };
        Ok(Some((Page { items, next }, total as u32)))
    }

    async fn inspection(&self, code: &str, id: i64) -> StoreResult<Option<(SheetHeader, Inspection)>> {
        let row = sqlx::query(
            "SELECT u.code, u.name, u.address, u.contact, u.phone, l.number AS licence_number, i.*
             FROM inspections i JOIN units u ON u.id = i.unit_id LEFT JOIN licences l ON l.unit_id = u.id
             WHERE u.code = ?1 AND i.id = ?2",
        )
        .bind(code)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let header = SheetHeader {
            unit_code: r.try_get("code")?,
            name: r.try_get("name")?,
            address: r.try_get("address")?,
            contact: r.try_get("contact")?,
            contact_phone: r.try_get("phone")?,
            licence_number: r.try_get("licence_number")?,
        };
        let inspection = inspection_row(&r)?;
        Ok(Some((header, inspection)))
    }

    async fn rate(&self, code: &str, device: &str, day: Day, smiley: Smiley) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO ratings (unit_id, device, day, smiley) SELECT id, ?2, ?3, ?4 FROM units WHERE code = ?1
             ON CONFLICT (unit_id, device, day) DO UPDATE SET smiley = excluded.smiley, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )
        .bind(code)
        .bind(device)
        .bind(day.to_string())
        .bind(smiley.as_str())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn ratings(&self, code: &str, since: Day, today: Day, device: Option<&str>) -> StoreResult<RatingSummary> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT r.smiley, COUNT(*), MAX(r.device = ?3 AND r.day = ?4) FROM ratings r JOIN units u ON u.id = r.unit_id
             WHERE u.code = ?1 AND r.day >= ?2 GROUP BY r.smiley",
        )
        .bind(code)
        .bind(since.to_string())
        .bind(device.unwrap_or(""))
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut summary = RatingSummary::default();
        for (smiley, count, mine) in rows {
            let smiley = Smiley::parse(&smiley).ok_or_else(|| StoreError::Corrupt(format!("smiley {smiley:?}")))?;
            let count = count as u32;
            match smiley {
                Smiley::Satisfied => summary.satisfied = count,
                Smiley::Neutral => summary.neutral = count,
                Smiley::Unsatisfied => summary.unsatisfied = count,
            }
            if mine == 1 && device.is_some() {
                summary.mine = Some(smiley);
            }
        }
        Ok(summary)
    }

    async fn add_photo(&self, id: &str, width: u32, height: u32, bytes: u64) -> StoreResult<()> {
        sqlx::query("INSERT INTO photos (id, width, height, bytes) VALUES (?1, ?2, ?3, ?4)")
            .bind(id)
            .bind(i64::from(width))
            .bind(i64::from(height))
            .bind(bytes as i64)
            .execute(&self.pool)
            .await?;
        Ok(())
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

    async fn post_review(&self, review: &NewReview<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<(i64, ReviewState)>> {
        let mut tx = self.pool.begin().await?;
        if let Some(earlier) = earlier_answer(&mut tx, key, request_hash).await? {
            return Ok(earlier);
        }
        let Some(unit_id) = unit_id(&mut *tx, review.unit_code).await? else {
            return Ok(Outcome::UnknownUnit);
        };
        let (recent,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM reviews WHERE unit_id = ?1 AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-10 minutes')")
                .bind(unit_id)
                .fetch_one(&mut *tx)
                .await?;
        let hold = review.hold.or((recent >= REVIEW_BURST).then_some(HoldReason::Burst));
        let state = if hold.is_some() { ReviewState::Held } else { ReviewState::Published };
        let r = review.request;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO reviews (unit_id, text, smiley, state, hold_reason, device, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )
        .bind(unit_id)
        .bind(r.text.trim())
        .bind(r.smiley.map(Smiley::as_str))
        .bind(enum_str(&state)?)
        .bind(hold.as_ref().map(enum_str).transpose()?)
        .bind(review.device)
        .bind(review.day.to_string())
        .fetch_one(&mut *tx)
        .await?;
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

    async fn add_camera(&self, c: &NewCamera<'_>) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO cameras (unit_id, area, public, delay_secs, opens, closes, token_hash, created_at)
             SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM units WHERE code = ?1 RETURNING id",
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
        let done = sqlx::query("UPDATE cameras SET token_hash = ?2 WHERE id = ?1").bind(id).bind(token_hash).execute(&self.pool).await?;
        Ok(done.rows_affected() == 1)
    }

    async fn camera(&self, id: i64) -> StoreResult<Option<CameraRecord>> {
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id WHERE c.id = ?1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(camera_record).transpose()
    }

    async fn unit_cameras(&self, code: &str) -> StoreResult<Option<Vec<CameraRecord>>> {
        let mut tx = self.pool.begin().await?;
        let Some(unit_id) = unit_id(&mut *tx, code).await? else {
            return Ok(None);
        };
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id WHERE c.unit_id = ?1 ORDER BY c.id");
        let rows = sqlx::query(&sql).bind(unit_id).fetch_all(&mut *tx).await?;
        tx.commit().await?;
        rows.iter().map(camera_record).collect::<StoreResult<Vec<_>>>().map(Some)
    }

    async fn all_cameras(&self) -> StoreResult<Vec<CameraRecord>> {
        let sql = format!("SELECT {CAMERA_COLUMNS} FROM cameras c JOIN units u ON u.id = c.unit_id ORDER BY c.id");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(camera_record).collect()
    }

    async fn record_camera_minute(&self, id: i64, minute: i64) -> StoreResult<bool> {
        let done = sqlx::query("INSERT INTO camera_minutes (camera_id, minute) VALUES (?1, ?2) ON CONFLICT (camera_id, minute) DO NOTHING")
            .bind(id)
            .bind(minute)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn camera_minutes(&self, id: i64, from: i64, to: i64) -> StoreResult<u32> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM camera_minutes WHERE camera_id = ?1 AND minute >= ?2 AND minute < ?3")
            .bind(id)
            .bind(from)
            .bind(to)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u32)
    }

    async fn prune_camera_minutes(&self, id: i64, before: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM camera_minutes WHERE camera_id = ?1 AND minute < ?2").bind(id).bind(before).execute(&self.pool).await?;
        Ok(())
    }

    async fn put_scheme(&self, scheme: &GradeScheme) -> StoreResult<()> {
        sqlx::query("INSERT INTO grade_schemes (key, definition) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET definition = excluded.definition")
            .bind(&scheme.key)
            .bind(to_json(scheme)?)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn put_unit(&self, data: &UnitData) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        write_unit(&mut tx, data).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn grade_schemes(&self) -> StoreResult<Vec<GradeScheme>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT definition FROM grade_schemes ORDER BY key").fetch_all(&self.pool).await?;
        rows.iter().map(|(definition,)| from_json(definition)).collect()
    }

    async fn import_units(&self, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>> {
        // IMMEDIATE: the write lock is taken before the stored units are read and compared, so two imports
        // at once queue (busy timeout) instead of one failing when it upgrades a stale read to a write.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let results = import::import_units(&mut tx, batch).await?;
        // Nothing is written unless every unit is.
        tx.commit().await?;
        Ok(results)
    }

    async fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = ?1").bind(key).fetch_optional(&self.pool).await?;
        Ok(row.map(|(v,)| v))
    }

    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn unit_count(&self) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(&self.pool).await?;
        Ok(n as u64)
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Adds or replaces a unit and everything published about it within `tx`: its row id. Inspections
/// missing from `data` are removed; the others keep their ids (they are matched by sheet number).
async fn write_unit(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, data: &UnitData) -> StoreResult<i64> {
    let scheme: Option<(String,)> =
        sqlx::query_as("SELECT definition FROM grade_schemes WHERE key = ?1").bind(&data.grade.scheme).fetch_optional(&mut **tx).await?;
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
    let (unit_id,): (i64,) = sqlx::query_as(
        "INSERT INTO units (code, name, kind, address, phone, contact, lng, lat, region) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address,
             phone = excluded.phone, contact = excluded.contact, lng = excluded.lng, lat = excluded.lat,
             region = excluded.region, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         RETURNING id",
    )
    .bind(&u.code)
    .bind(&u.name)
    .bind(u.kind.as_str())
    .bind(&u.address)
    .bind(&u.phone)
    .bind(&data.contact)
    .bind(u.location.map(|l| l.lng))
    .bind(u.location.map(|l| l.lat))
    .bind(&data.region)
    .fetch_one(&mut **tx)
    .await?;

    sqlx::query("DELETE FROM licences WHERE unit_id = ?1").bind(unit_id).execute(&mut **tx).await?;
    if let Some(l) = &data.licence {
        sqlx::query(
            "INSERT INTO licences (unit_id, number, operator_name, credit_code, legal_representative, residence, premises,
                 business_type, activities, valid_until, hotline, issuer, issued_on, supervising_office, supervising_officers, signer)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .bind(unit_id)
        .bind(&l.number)
        .bind(&l.operator_name)
        .bind(&l.credit_code)
        .bind(&l.legal_representative)
        .bind(&l.residence)
        .bind(&l.premises)
        .bind(&l.business_type)
        .bind(to_json(&l.activities)?)
        .bind(l.valid_until.to_string())
        .bind(&l.hotline)
        .bind(&l.issuer)
        .bind(l.issued_on.to_string())
        .bind(&l.supervising_office)
        .bind(&l.supervising_officers)
        .bind(&l.signer)
        .execute(&mut **tx)
        .await?;
    }

    let (level, score, graded_on, reason, until) = match &data.grade.dynamic {
        DynamicGradeData::Graded { level, score, graded_on } => (Some(level.clone()), *score, Some(graded_on.to_string()), None, None),
        DynamicGradeData::NotGraded { reason, until } => (None, None, None, Some(enum_str(reason)?), until.map(|d| d.to_string())),
    };
    sqlx::query(
        "INSERT INTO grades (unit_id, scheme_key, level_key, score, graded_on, not_graded_reason, not_graded_until, annual_letter, annual_year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (unit_id) DO UPDATE SET scheme_key = excluded.scheme_key, level_key = excluded.level_key,
             score = excluded.score, graded_on = excluded.graded_on, not_graded_reason = excluded.not_graded_reason,
             not_graded_until = excluded.not_graded_until, annual_letter = excluded.annual_letter, annual_year = excluded.annual_year",
    )
    .bind(unit_id)
    .bind(&data.grade.scheme)
    .bind(level)
    .bind(score.map(i64::from))
    .bind(graded_on)
    .bind(reason)
    .bind(until)
    .bind(data.grade.annual.as_ref().map(|a| a.letter.as_str()))
    .bind(data.grade.annual.as_ref().map(|a| a.year))
    .execute(&mut **tx)
    .await?;

    // The published history is the whole history: sheets no longer in it are withdrawn.
    let sheets: Vec<&str> = data.inspections.iter().map(|i| i.sheet_no.as_str()).collect();
    sqlx::query("DELETE FROM inspections WHERE unit_id = ?1 AND sheet_no NOT IN (SELECT value FROM json_each(?2))")
        .bind(unit_id)
        .bind(to_json(&sheets)?)
        .execute(&mut **tx)
        .await?;
    for i in &data.inspections {
        sqlx::query(
            "INSERT INTO inspections (unit_id, date, kind, sheet_no, nth_this_year, inspectors, items_checked, key_items_checked,
                 key_problems, general_problems, result, outcome, fix_deadline, fix_verified_on, score, notes, operator_comments)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
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
        .bind(&i.sheet_no)
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
        .bind(&i.notes)
        .bind(&i.operator_comments)
        .execute(&mut **tx)
        .await?;
    }
    Ok(unit_id)
}

const CAMERA_COLUMNS: &str = "c.id, u.code, c.area, c.public, c.delay_secs, c.opens, c.closes, c.token_hash, c.created_at";

fn camera_record(r: &SqliteRow) -> StoreResult<CameraRecord> {
    let id: i64 = r.try_get("id")?;
    let area: String = r.try_get("area")?;
    let (opens, closes): (String, String) = (r.try_get("opens")?, r.try_get("closes")?);
    let hours = PublicHours::from_parts(&opens, &closes).ok_or_else(|| StoreError::Corrupt(format!("camera {id}: hours {opens:?}–{closes:?}")))?;
    Ok(CameraRecord {
        id,
        unit_code: r.try_get("code")?,
        area: KitchenArea::parse(&area).ok_or_else(|| StoreError::Corrupt(format!("camera {id}: area {area:?}")))?,
        public: r.try_get("public")?,
        delay_secs: u32::try_from(r.try_get::<i64, _>("delay_secs")?).map_err(|_| StoreError::Corrupt(format!("camera {id}: delay")))?,
        hours,
        token_hash: r.try_get("token_hash")?,
        created_ms: r.try_get("created_at")?,
    })
}

fn unit_record(r: &SqliteRow) -> StoreResult<UnitRecord> {
    let code: String = r.try_get("code")?;
    let kind: String = r.try_get("kind")?;
    let location = match (r.try_get::<Option<f64>, _>("lng")?, r.try_get::<Option<f64>, _>("lat")?) {
        (Some(lng), Some(lat)) => Some(Location { lng, lat }),
        _ => None,
    };
    let unit = Unit {
        kind: UnitKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("unit {code}: kind {kind:?}")))?,
        code,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        location,
    };
    let licence = match r.try_get::<Option<String>, _>("number")? {
        None => None,
        Some(number) => Some(Licence {
            number,
            operator_name: r.try_get("operator_name")?,
            credit_code: r.try_get("credit_code")?,
            legal_representative: r.try_get("legal_representative")?,
            residence: r.try_get("residence")?,
            premises: r.try_get("premises")?,
            business_type: r.try_get("business_type")?,
            activities: json_col(r, "activities")?,
            valid_until: day(r, "valid_until")?,
            hotline: r.try_get("hotline")?,
            issuer: r.try_get("issuer")?,
            issued_on: day(r, "issued_on")?,
            supervising_office: r.try_get("supervising_office")?,
            supervising_officers: r.try_get("supervising_officers")?,
            signer: r.try_get("signer")?,
        }),
    };
    let dynamic = match r.try_get::<Option<String>, _>("level_key")? {
        Some(level) => {
            DynamicGradeData::Graded { level, score: r.try_get::<Option<i64>, _>("score")?.map(|s| s as u32), graded_on: day(r, "graded_on")? }
        }
        None => DynamicGradeData::NotGraded { reason: enum_col::<NotGradedReason>(r, "not_graded_reason")?, until: opt_day(r, "not_graded_until")? },
    };
    let annual = match (r.try_get::<Option<String>, _>("annual_letter")?, r.try_get::<Option<i64>, _>("annual_year")?) {
        (Some(letter), Some(year)) => Some(AnnualGrade { letter: enum_from_str::<AnnualLetter>(&letter)?, year: year as i32 }),
        _ => None,
    };
    let grade = StoredGrade { scheme: json_col(r, "definition")?, dynamic, annual };
    let latest_inspection = match r.try_get::<Option<i64>, _>("i_id")? {
        None => None,
        Some(_) => Some(inspection_brief(r, "i_")?),
    };
    Ok(UnitRecord { unit, contact: r.try_get("contact")?, licence, grade, latest_inspection })
}

/// A whole inspection from an `inspections` row (`i.*`).
fn inspection_row(r: &SqliteRow) -> StoreResult<Inspection> {
    Ok(Inspection {
        id: r.try_get("id")?,
        date: day(r, "date")?,
        kind: enum_col(r, "kind")?,
        sheet_no: r.try_get("sheet_no")?,
        nth_this_year: r.try_get::<i64, _>("nth_this_year")? as u32,
        inspectors: json_col(r, "inspectors")?,
        items_checked: r.try_get::<i64, _>("items_checked")? as u32,
        key_items_checked: r.try_get::<i64, _>("key_items_checked")? as u32,
        key_problems: json_col(r, "key_problems")?,
        general_problems: json_col(r, "general_problems")?,
        result: enum_col(r, "result")?,
        outcome: enum_col(r, "outcome")?,
        fix_deadline: opt_day(r, "fix_deadline")?,
        fix_verified_on: opt_day(r, "fix_verified_on")?,
        score: r.try_get::<Option<i64>, _>("score")?.map(|s| s as u32),
        notes: r.try_get("notes")?,
        operator_comments: r.try_get("operator_comments")?,
    })
}

/// Reads an inspection brief from columns named with `prefix` (`i_` in the unit query, none alone).
fn inspection_brief(r: &SqliteRow, prefix: &str) -> StoreResult<InspectionBrief> {
    let col = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}{name}")
        }
    };
    let (key, general) = if prefix.is_empty() { ("key_problems", "general_problems") } else { ("i_key", "i_general") };
    let key: Vec<serde::de::IgnoredAny> = json_col(r, key)?;
    let general: Vec<serde::de::IgnoredAny> = json_col(r, general)?;
    Ok(InspectionBrief {
        id: r.try_get(col("id").as_str())?,
        date: day(r, &col("date"))?,
        kind: enum_col(r, &col("kind"))?,
        result: enum_col(r, &col("result"))?,
        outcome: enum_col(r, &col("outcome"))?,
        problem_count: (key.len() + general.len()) as u32,
    })
}

/// A report with what only its follow-up secret or a regulator may open: the secret's hash, the unit's
/// region and the reporter's contact.
struct LoadedReport {
    view: ReportView,
    secret_hash: String,
    region: String,
    reporter: Option<ReporterContact>,
}

async fn load_report(pool: &SqlitePool, ticket: &str) -> StoreResult<Option<LoadedReport>> {
    let row = sqlx::query(
        "SELECT r.id, r.ticket, r.secret_hash, u.code, u.name, u.region, r.category, r.description, r.happened_at,
                r.reporter_name, r.reporter_phone, r.status, r.decision_due
         FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.ticket = ?1",
    )
    .bind(ticket)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let id: i64 = r.try_get("id")?;
    let trail_rows: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT status, note, at FROM report_trail WHERE report_id = ?1 ORDER BY rowid").bind(id).fetch_all(pool).await?;
    let trail = trail_rows
        .into_iter()
        .map(|(status, note, at)| {
            let status = ReportStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("report status {status:?}")))?;
            Ok(TrailEntry { status, at, note })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let photos: Vec<(String,)> =
        sqlx::query_as("SELECT photo_id FROM report_photos WHERE report_id = ?1 ORDER BY position").bind(id).fetch_all(pool).await?;
    let status: String = r.try_get("status")?;
    let reporter = match (r.try_get::<Option<String>, _>("reporter_name")?, r.try_get::<Option<String>, _>("reporter_phone")?) {
        (Some(name), Some(phone)) => Some(ReporterContact { name, phone }),
        _ => None,
    };
    let view = ReportView {
        ticket: r.try_get("ticket")?,
        unit_code: r.try_get("code")?,
        unit_name: r.try_get("name")?,
        category: enum_col(&r, "category")?,
        description: r.try_get("description")?,
        happened_at: r.try_get("happened_at")?,
        photos: photos.into_iter().map(|(p,)| p).collect(),
        anonymous: reporter.is_none(),
        status: ReportStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("report status {status:?}")))?,
        trail,
        decision_due: day(&r, "decision_due")?,
    };
    Ok(Some(LoadedReport { view, secret_hash: r.try_get("secret_hash")?, region: r.try_get("region")?, reporter }))
}

/// A review as every list reads it, with the owner's reply: `r` is the review, `o` its reply.
const REVIEW_COLUMNS: &str = "r.id, r.text, r.smiley, r.day, r.state, r.hidden_reason, o.text AS reply_text, o.day AS reply_day";
const REVIEW_FROM: &str = "FROM reviews r LEFT JOIN owner_replies o ON o.review_id = r.id";

/// A review from [`REVIEW_COLUMNS`], its photos fetched. With `mark_own`, a review that is not public
/// carries its state (the list is its author's).
async fn review_row(pool: &SqlitePool, r: &SqliteRow, mark_own: bool) -> StoreResult<Review> {
    let id: i64 = r.try_get("id")?;
    let parse = |s: String, what: &str| s.parse::<Day>().map_err(|_| StoreError::Corrupt(format!("{what} {s:?}")));
    let reply = match (r.try_get::<Option<String>, _>("reply_text")?, r.try_get::<Option<String>, _>("reply_day")?) {
        (Some(text), Some(on)) => Some(OwnerReply { text, on: parse(on, "reply day")? }),
        _ => None,
    };
    let state: String = r.try_get("state")?;
    let own = match (mark_own, state.as_str(), r.try_get::<Option<String>, _>("hidden_reason")?) {
        (false, _, _) | (true, "published", None) => None,
        (true, _, Some(reason)) => Some(OwnState { state: ReviewState::Hidden, reason: Some(reason) }),
        (true, _, None) => Some(OwnState { state: ReviewState::Held, reason: None }),
    };
    Ok(Review {
        id,
        text: r.try_get("text")?,
        smiley: r.try_get::<Option<String>, _>("smiley")?.as_deref().and_then(Smiley::parse),
        photos: review_photos(pool, id).await?,
        on: parse(r.try_get("day")?, "review day")?,
        reply,
        own,
    })
}

/// A message's photo ids, in order.
async fn message_photos(pool: &SqlitePool, message_id: i64) -> StoreResult<Vec<String>> {
    let photos: Vec<(String,)> =
        sqlx::query_as("SELECT photo_id FROM message_photos WHERE message_id = ?1 ORDER BY position").bind(message_id).fetch_all(pool).await?;
    Ok(photos.into_iter().map(|(p,)| p).collect())
}

/// The owner's answer to a message, from its `reply_text` and `replied_at` columns.
fn owner_answer(r: &SqliteRow) -> StoreResult<Option<OwnerAnswer>> {
    Ok(match (r.try_get::<Option<String>, _>("reply_text")?, r.try_get::<Option<String>, _>("replied_at")?) {
        (Some(text), Some(at)) => Some(OwnerAnswer { text, at }),
        _ => None,
    })
}

/// A review's photos, in order, as the pages link them.
async fn review_photos(pool: &SqlitePool, review_id: i64) -> StoreResult<Vec<PhotoRef>> {
    let photos: Vec<(String,)> =
        sqlx::query_as("SELECT photo_id FROM review_photos WHERE review_id = ?1 ORDER BY position").bind(review_id).fetch_all(pool).await?;
    Ok(photos.into_iter().map(|(p,)| PhotoRef { url: format!("/media/{p}.jpg"), thumb_url: format!("/media/{p}.thumb.jpg") }).collect())
}

/// A unit's row id by its public code.
async fn unit_id<'e>(db: impl sqlx::SqliteExecutor<'e>, code: &str) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE code = ?1").bind(code).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
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

/// Escapes `%`, `_` and the escape character itself, so a query is matched literally.
fn escape_like(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn day(r: &SqliteRow, col: &str) -> StoreResult<Day> {
    let s: String = r.try_get(col)?;
    Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))
}

fn opt_day(r: &SqliteRow, col: &str) -> StoreResult<Option<Day>> {
    let s: Option<String> = r.try_get(col)?;
    s.map(|s| Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))).transpose()
}

fn json_col<T: DeserializeOwned>(r: &SqliteRow, col: &str) -> StoreResult<T> {
    let s: String = r.try_get(col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

/// Enums are stored by their serde names, e.g. `basically_compliant`.
fn enum_col<T: DeserializeOwned>(r: &SqliteRow, col: &str) -> StoreResult<T> {
    let s: String = r.try_get(col)?;
    enum_from_str(&s)
}

fn enum_from_str<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| StoreError::Corrupt(format!("{s:?}: {e}")))
}

fn enum_str<T: Serialize>(value: &T) -> StoreResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(StoreError::Invalid("expected a unit enum".into())),
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn from_json<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::{escape_like, ticket};

    #[test]
    fn tickets_name_their_kind_and_day() {
        assert_eq!(ticket("JB", "2026-11-29".parse().unwrap(), 42), "JB261129-000042");
        assert_eq!(ticket("LY", "2031-01-05".parse().unwrap(), 1_234_567), "LY310105-1234567");
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(escape_like("食堂"), "食堂");
    }
}
