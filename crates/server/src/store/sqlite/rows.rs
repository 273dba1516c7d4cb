//! Row mapping and column helpers shared by the SQLite store's files: stored text to days, enums and JSON,
//! the column lists of a unit, an inspection and a camera, and the readers of reports, reviews and
//! messages that the diners' follow-ups and the staff both use.

use std::str::FromStr;

use mingchu_types::{
    AnnualGrade, AnnualLetter, Day, Inspection, InspectionBrief, KitchenArea, Licence, Location, NotGradedReason, OwnState, OwnerAnswer, OwnerReply,
    PhotoRef, ReportStatus, ReportView, ReporterContact, Review, ReviewState, Smiley, TrailEntry, Unit, UnitKind,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::hours::PublicHours;
use crate::store::{CameraRecord, DynamicGradeData, StoreError, StoreResult, StoredGrade, UnitRecord};

pub(super) const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.address, u.phone, u.contact, u.lng, u.lat,
    l.number, l.operator_name, l.credit_code, l.legal_representative, l.residence, l.premises, l.business_type,
    l.activities, l.valid_until, l.hotline, l.issuer, l.issued_on, l.supervising_office, l.supervising_officers, l.signer,
    g.scheme_key, s.definition, g.level_key, g.score, g.graded_on, g.not_graded_reason, g.not_graded_until,
    g.annual_letter, g.annual_year,
    i.id AS i_id, i.date AS i_date, i.kind AS i_kind, i.result AS i_result, i.outcome AS i_outcome,
    i.key_problems AS i_key, i.general_problems AS i_general";

/// The unit with its licence, grade and newest inspection, in one query.
pub(super) const UNIT_FROM: &str = "FROM units u
    LEFT JOIN licences l ON l.unit_id = u.id
    JOIN grades g ON g.unit_id = u.id
    JOIN grade_schemes s ON s.key = g.scheme_key
    LEFT JOIN inspections i ON i.id = (
        SELECT id FROM inspections WHERE unit_id = u.id ORDER BY date DESC, id DESC LIMIT 1)";

pub(super) fn unit_record(r: &SqliteRow) -> StoreResult<UnitRecord> {
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
pub(super) fn inspection_row(r: &SqliteRow) -> StoreResult<Inspection> {
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
pub(super) fn inspection_brief(r: &SqliteRow, prefix: &str) -> StoreResult<InspectionBrief> {
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

pub(super) const CAMERA_COLUMNS: &str = "c.id, u.code, c.area, c.public, c.delay_secs, c.opens, c.closes, c.token_hash, c.created_at";

pub(super) fn camera_record(r: &SqliteRow) -> StoreResult<CameraRecord> {
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

/// A report with what only its follow-up secret or a regulator may open: the secret's hash, the unit's
/// region and the reporter's contact.
pub(super) struct LoadedReport {
    pub(super) view: ReportView,
    pub(super) secret_hash: String,
    pub(super) region: String,
    pub(super) reporter: Option<ReporterContact>,
}

pub(super) async fn load_report(pool: &SqlitePool, ticket: &str) -> StoreResult<Option<LoadedReport>> {
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
pub(super) const REVIEW_COLUMNS: &str = "r.id, r.text, r.smiley, r.day, r.state, r.hidden_reason, o.text AS reply_text, o.day AS reply_day";
pub(super) const REVIEW_FROM: &str = "FROM reviews r LEFT JOIN owner_replies o ON o.review_id = r.id";

/// A review from [`REVIEW_COLUMNS`], its photos fetched. With `mark_own`, a review that is not public
/// carries its state (the list is its author's).
pub(super) async fn review_row(pool: &SqlitePool, r: &SqliteRow, mark_own: bool) -> StoreResult<Review> {
    review_row_as(pool, r, mark_own, PhotoRef::public).await
}

/// [`review_row`] with its photos at the addresses `photo` gives (staff see held and hidden reviews'
/// photos at [`PhotoRef::staff`]).
pub(super) async fn review_row_as(pool: &SqlitePool, r: &SqliteRow, mark_own: bool, photo: fn(&str) -> PhotoRef) -> StoreResult<Review> {
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
        photos: review_photos(pool, id).await?.iter().map(|p| photo(p)).collect(),
        on: parse(r.try_get("day")?, "review day")?,
        reply,
        own,
    })
}

/// A message's photo ids, in order.
pub(super) async fn message_photos(pool: &SqlitePool, message_id: i64) -> StoreResult<Vec<String>> {
    let photos: Vec<(String,)> =
        sqlx::query_as("SELECT photo_id FROM message_photos WHERE message_id = ?1 ORDER BY position").bind(message_id).fetch_all(pool).await?;
    Ok(photos.into_iter().map(|(p,)| p).collect())
}

/// The owner's answer to a message, from its `reply_text` and `replied_at` columns.
pub(super) fn owner_answer(r: &SqliteRow) -> StoreResult<Option<OwnerAnswer>> {
    Ok(match (r.try_get::<Option<String>, _>("reply_text")?, r.try_get::<Option<String>, _>("replied_at")?) {
        (Some(text), Some(at)) => Some(OwnerAnswer { text, at }),
        _ => None,
    })
}

/// A review's photo ids, in order.
async fn review_photos(pool: &SqlitePool, review_id: i64) -> StoreResult<Vec<String>> {
    let photos: Vec<(String,)> =
        sqlx::query_as("SELECT photo_id FROM review_photos WHERE review_id = ?1 ORDER BY position").bind(review_id).fetch_all(pool).await?;
    Ok(photos.into_iter().map(|(p,)| p).collect())
}

/// A unit's row id by its public code.
pub(super) async fn unit_id<'e>(db: impl sqlx::SqliteExecutor<'e>, code: &str) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM units WHERE code = ?1").bind(code).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

pub(super) fn day(r: &SqliteRow, col: &str) -> StoreResult<Day> {
    let s: String = r.try_get(col)?;
    Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))
}

pub(super) fn opt_day(r: &SqliteRow, col: &str) -> StoreResult<Option<Day>> {
    let s: Option<String> = r.try_get(col)?;
    s.map(|s| Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))).transpose()
}

pub(super) fn json_col<T: DeserializeOwned>(r: &SqliteRow, col: &str) -> StoreResult<T> {
    let s: String = r.try_get(col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

/// Enums are stored by their serde names, e.g. `basically_compliant`.
pub(super) fn enum_col<T: DeserializeOwned>(r: &SqliteRow, col: &str) -> StoreResult<T> {
    let s: String = r.try_get(col)?;
    enum_from_str(&s)
}

pub(super) fn enum_from_str<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| StoreError::Corrupt(format!("{s:?}: {e}")))
}

pub(super) fn enum_str<T: Serialize>(value: &T) -> StoreResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(StoreError::Invalid("expected a unit enum".into())),
    }
}

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(super) fn from_json<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}
