//! Rows to records, the same for both databases: a row of either is read through [`Columns`], so a unit,
//! an inspection, a camera, a review, a report or a message is assembled in one place. The column lists
//! here are plain SQL that both databases run as written.

use std::str::FromStr;

use mingchu_types::kitchen::{FirstVersion, HealthCertificate, KitchenRecord, Source, StaffMember};
use mingchu_types::{
    AnnualGrade, AnnualLetter, Day, HeldVotes, InboxMessage, Inspection, InspectionBrief, KitchenArea, Level, Licence, Location, MessageStatus,
    MessageView, ModeratedReview, NotGradedReason, OwnState, OwnerAnswer, OwnerReply, PhotoRef, RatingSummary, ReportStatus, ReportView,
    ReporterContact, Review, ReviewState, Scope, SheetHeader, Smiley, TrailEntry, Unit, UnitKind,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::staff::{OwnerUnit, QueueRow, RegulatorRecord, SessionAccount, SessionRecord};
use super::{CameraRecord, DynamicGradeData, GradeData, PhotoUse, StoreError, StoreResult, StoredGrade, UnitData, UnitRecord};
use crate::hours::PublicHours;

/// A row of either database, read by column name as the few types the schema stores: text, integers,
/// reals and flags (SQLite's 0/1 integers, PostgreSQL's booleans).
pub(crate) trait Columns {
    fn text(&self, col: &str) -> StoreResult<String>;
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>>;
    fn int(&self, col: &str) -> StoreResult<i64>;
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>>;
    fn opt_real(&self, col: &str) -> StoreResult<Option<f64>>;
    fn flag(&self, col: &str) -> StoreResult<bool>;
}

impl<R> Columns for R
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> f64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
{
    fn text(&self, col: &str) -> StoreResult<String> {
        Ok(self.try_get(col)?)
    }
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get(col)?)
    }
    fn int(&self, col: &str) -> StoreResult<i64> {
        Ok(self.try_get(col)?)
    }
    fn opt_int(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(self.try_get(col)?)
    }
    fn opt_real(&self, col: &str) -> StoreResult<Option<f64>> {
        Ok(self.try_get(col)?)
    }
    fn flag(&self, col: &str) -> StoreResult<bool> {
        Ok(self.try_get(col)?)
    }
}

pub(crate) const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.address, u.phone, u.contact, u.lng, u.lat, u.region, u.kitchen_stamp,
    l.number, l.operator_name, l.credit_code, l.legal_representative, l.residence, l.premises, l.business_type,
    l.activities, l.valid_until, l.hotline, l.issuer, l.issued_on, l.supervising_office, l.supervising_officers, l.signer,
    g.scheme_key, s.definition, g.level_key, g.score, g.graded_on, g.not_graded_reason, g.not_graded_until,
    g.annual_letter, g.annual_year,
    i.id AS i_id, i.date AS i_date, i.kind AS i_kind, i.result AS i_result, i.outcome AS i_outcome,
    i.key_problems AS i_key, i.general_problems AS i_general";

/// The unit with its licence, grade and newest inspection, in one query.
pub(crate) const UNIT_FROM: &str = "FROM units u
    LEFT JOIN licences l ON l.unit_id = u.id
    JOIN grades g ON g.unit_id = u.id
    JOIN grade_schemes s ON s.key = g.scheme_key
    LEFT JOIN inspections i ON i.id = (
        SELECT id FROM inspections WHERE unit_id = u.id ORDER BY date DESC, id DESC LIMIT 1)";

/// An inspection brief's own columns (see [`inspection_brief`]).
pub(crate) const INSPECTION_BRIEF_COLUMNS: &str = "id, date, kind, result, outcome, key_problems, general_problems";

pub(crate) fn unit_record(r: &impl Columns) -> StoreResult<UnitRecord> {
    let code = r.text("code")?;
    let kind = r.text("kind")?;
    let location = match (r.opt_real("lng")?, r.opt_real("lat")?) {
        (Some(lng), Some(lat)) => Some(Location { lng, lat }),
        _ => None,
    };
    let unit = Unit {
        kind: UnitKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("unit {code}: kind {kind:?}")))?,
        code,
        name: r.text("name")?,
        address: r.text("address")?,
        phone: r.opt_text("phone")?,
        location,
    };
    let licence = match r.opt_text("number")? {
        None => None,
        Some(number) => Some(Licence {
            number,
            operator_name: r.text("operator_name")?,
            credit_code: r.text("credit_code")?,
            legal_representative: r.text("legal_representative")?,
            residence: r.text("residence")?,
            premises: r.text("premises")?,
            business_type: r.text("business_type")?,
            activities: json_col(r, "activities")?,
            valid_until: day(r, "valid_until")?,
            hotline: r.text("hotline")?,
            issuer: r.text("issuer")?,
            issued_on: day(r, "issued_on")?,
            supervising_office: r.opt_text("supervising_office")?,
            supervising_officers: r.opt_text("supervising_officers")?,
            signer: r.opt_text("signer")?,
        }),
    };
    let dynamic = match r.opt_text("level_key")? {
        Some(level) => DynamicGradeData::Graded { level, score: r.opt_int("score")?.map(|s| s as u32), graded_on: day(r, "graded_on")? },
        None => DynamicGradeData::NotGraded { reason: enum_col::<NotGradedReason>(r, "not_graded_reason")?, until: opt_day(r, "not_graded_until")? },
    };
    let annual = match (r.opt_text("annual_letter")?, r.opt_int("annual_year")?) {
        (Some(letter), Some(year)) => Some(AnnualGrade { letter: enum_from_str::<AnnualLetter>(&letter)?, year: year as i32 }),
        _ => None,
    };
    let grade = StoredGrade { scheme: json_col(r, "definition")?, dynamic, annual };
    let latest_inspection = match r.opt_int("i_id")? {
        None => None,
        Some(_) => Some(inspection_brief(r, "i_")?),
    };
    Ok(UnitRecord {
        unit,
        contact: r.opt_text("contact")?,
        region: r.text("region")?,
        licence,
        grade,
        latest_inspection,
        kitchen_stamp: r.int("kitchen_stamp")?,
    })
}

/// The columns of [`sheet_header`]: `u` the unit, `l` its licence.
pub(crate) const SHEET_HEADER_COLUMNS: &str = "u.code, u.name, u.address, u.contact, u.phone, l.number AS licence_number";

/// The head of an inspection sheet: who was inspected.
pub(crate) fn sheet_header(r: &impl Columns) -> StoreResult<SheetHeader> {
    Ok(SheetHeader {
        unit_code: r.text("code")?,
        name: r.text("name")?,
        address: r.text("address")?,
        contact: r.opt_text("contact")?,
        contact_phone: r.opt_text("phone")?,
        licence_number: r.opt_text("licence_number")?,
    })
}

/// A stored unit in the shape of a record: its [`unit_record`] and whole inspections.
pub(crate) fn unit_data(record: UnitRecord, inspections: Vec<Inspection>) -> UnitData {
    let grade = GradeData { scheme: record.grade.scheme.key, dynamic: record.grade.dynamic, annual: record.grade.annual };
    UnitData { unit: record.unit, contact: record.contact, region: record.region, licence: record.licence, grade, inspections }
}

/// A whole inspection from an `inspections` row (`i.*`).
pub(crate) fn inspection_row(r: &impl Columns) -> StoreResult<Inspection> {
    Ok(Inspection {
        id: r.int("id")?,
        date: day(r, "date")?,
        kind: enum_col(r, "kind")?,
        sheet_no: r.text("sheet_no")?,
        nth_this_year: r.int("nth_this_year")? as u32,
        inspectors: json_col(r, "inspectors")?,
        items_checked: r.int("items_checked")? as u32,
        key_items_checked: r.int("key_items_checked")? as u32,
        key_problems: json_col(r, "key_problems")?,
        general_problems: json_col(r, "general_problems")?,
        result: enum_col(r, "result")?,
        outcome: enum_col(r, "outcome")?,
        fix_deadline: opt_day(r, "fix_deadline")?,
        fix_verified_on: opt_day(r, "fix_verified_on")?,
        score: r.opt_int("score")?.map(|s| s as u32),
        notes: r.opt_text("notes")?,
        operator_comments: r.opt_text("operator_comments")?,
    })
}

/// Reads an inspection brief from columns named with `prefix` (`i_` in the unit query, none alone).
pub(crate) fn inspection_brief(r: &impl Columns, prefix: &str) -> StoreResult<InspectionBrief> {
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
        id: r.int(&col("id"))?,
        date: day(r, &col("date"))?,
        kind: enum_col(r, &col("kind"))?,
        result: enum_col(r, &col("result"))?,
        outcome: enum_col(r, &col("outcome"))?,
        problem_count: (key.len() + general.len()) as u32,
    })
}

/// A version of a kitchen record (`r`), as [`kitchen_record`] reads it.
/// A version of a record (`r`), with its first version's times (补录 is judged by them).
pub(crate) const KITCHEN_RECORD_COLUMNS: &str = "r.id, r.version, r.at_ms, r.entered_ms, r.device, r.body,
    (SELECT f.at_ms FROM kitchen_records f WHERE f.id = r.id AND f.version = 1) AS first_at_ms,
    (SELECT f.entered_ms FROM kitchen_records f WHERE f.id = r.id AND f.version = 1) AS first_entered_ms";

pub(crate) fn kitchen_record(r: &impl Columns) -> StoreResult<KitchenRecord> {
    let id = r.text("id")?;
    let version = u32::try_from(r.int("version")?).map_err(|_| StoreError::Corrupt(format!("kitchen record {id}: version")))?;
    let source = match r.opt_text("device")? {
        None => Source::Person,
        Some(name) => Source::Device { name },
    };
    // Version 1's times are its own.
    let first = match (version, r.opt_int("first_at_ms")?, r.opt_int("first_entered_ms")?) {
        (2.., Some(at_ms), Some(entered_ms)) => Some(FirstVersion { at_ms, entered_ms }),
        _ => None,
    };
    Ok(KitchenRecord { at_ms: r.int("at_ms")?, entered_ms: r.int("entered_ms")?, source, version, body: json_col(r, "body")?, id, first })
}

/// A person on a roster (`s`), as [`staff_member`] reads them.
pub(crate) const STAFF_COLUMNS: &str = "s.id, s.name, s.post, s.cert_number, s.cert_issued, s.cert_valid_until, s.active";

pub(crate) fn staff_member(r: &impl Columns) -> StoreResult<StaffMember> {
    Ok(StaffMember {
        id: r.text("id")?,
        name: r.text("name")?,
        post: enum_col(r, "post")?,
        certificate: HealthCertificate { number: r.text("cert_number")?, issued: day(r, "cert_issued")?, valid_until: day(r, "cert_valid_until")? },
        active: r.flag("active")?,
    })
}

pub(crate) const CERTIFICATE_COLUMNS: &str = "c.staff_id, c.number, c.issued, c.valid_until";

/// A certificate a person held, with the person's id.
pub(crate) fn held_certificate(r: &impl Columns) -> StoreResult<(String, HealthCertificate)> {
    Ok((r.text("staff_id")?, HealthCertificate { number: r.text("number")?, issued: day(r, "issued")?, valid_until: day(r, "valid_until")? }))
}

pub(crate) const CAMERA_COLUMNS: &str =
    "c.id, u.code, c.area, c.public, c.delay_secs, c.opens, c.closes, c.token_hash, c.created_at, c.video_from_ms, c.video_heard_ms";

pub(crate) fn camera_record(r: &impl Columns) -> StoreResult<CameraRecord> {
    let id = r.int("id")?;
    let area = r.text("area")?;
    let (opens, closes) = (r.text("opens")?, r.text("closes")?);
    let hours = PublicHours::from_parts(&opens, &closes).ok_or_else(|| StoreError::Corrupt(format!("camera {id}: hours {opens:?}–{closes:?}")))?;
    Ok(CameraRecord {
        id,
        unit_code: r.text("code")?,
        area: KitchenArea::parse(&area).ok_or_else(|| StoreError::Corrupt(format!("camera {id}: area {area:?}")))?,
        public: r.flag("public")?,
        delay_secs: u32::try_from(r.int("delay_secs")?).map_err(|_| StoreError::Corrupt(format!("camera {id}: delay")))?,
        hours,
        token_hash: r.opt_text("token_hash")?,
        created_ms: r.int("created_at")?,
        video_from_ms: r.opt_int("video_from_ms")?,
        video_heard_ms: r.opt_int("video_heard_ms")?,
    })
}

/// A report with what only its follow-up secret or a regulator may open: the secret's hash, the unit's
/// region and the reporter's contact.
pub(crate) struct LoadedReport {
    pub(crate) view: ReportView,
    pub(crate) secret_hash: String,
    pub(crate) region: String,
    pub(crate) reporter: Option<ReporterContact>,
}

/// The columns of [`loaded_report`]: `r` the report, `u` its unit.
pub(crate) const REPORT_COLUMNS: &str = "r.id, r.ticket, r.secret_hash, u.code, u.name, u.region, r.category, r.description, r.happened_at,
    r.reporter_name, r.reporter_phone, r.status, r.decision_due";

/// A report from [`REPORT_COLUMNS`], with its trail (status, note, at) in order and its photo ids.
pub(crate) fn loaded_report(r: &impl Columns, trail: Vec<(String, Option<String>, String)>, photos: Vec<String>) -> StoreResult<LoadedReport> {
    let trail =
        trail.into_iter().map(|(status, note, at)| Ok(TrailEntry { status: report_status(&status)?, at, note })).collect::<StoreResult<Vec<_>>>()?;
    let reporter = match (r.opt_text("reporter_name")?, r.opt_text("reporter_phone")?) {
        (Some(name), Some(phone)) => Some(ReporterContact { name, phone }),
        _ => None,
    };
    let view = ReportView {
        ticket: r.text("ticket")?,
        unit_code: r.text("code")?,
        unit_name: r.text("name")?,
        category: enum_col(r, "category")?,
        description: r.text("description")?,
        happened_at: r.text("happened_at")?,
        photos,
        anonymous: reporter.is_none(),
        status: report_status(&r.text("status")?)?,
        trail,
        decision_due: day(r, "decision_due")?,
    };
    Ok(LoadedReport { view, secret_hash: r.text("secret_hash")?, region: r.text("region")?, reporter })
}

fn report_status(status: &str) -> StoreResult<ReportStatus> {
    ReportStatus::parse(status).ok_or_else(|| StoreError::Corrupt(format!("report status {status:?}")))
}

/// A report in a regulator's queue; `filed_on` is the China day it was filed.
pub(crate) fn queue_row(r: &impl Columns) -> StoreResult<QueueRow> {
    Ok(QueueRow {
        ticket: r.text("ticket")?,
        unit_code: r.text("code")?,
        unit_name: r.text("name")?,
        category: enum_col(r, "category")?,
        status: report_status(&r.text("status")?)?,
        filed_on: day(r, "filed_on")?,
        decision_due: day(r, "decision_due")?,
        photo_count: r.int("photo_count")? as u32,
        anonymous: r.flag("anonymous")?,
    })
}

/// A review as every list reads it, with the owner's reply: `r` is the review, `o` its reply.
pub(crate) const REVIEW_COLUMNS: &str = "r.id, r.text, r.smiley, r.day, r.state, r.hidden_reason, o.text AS reply_text, o.day AS reply_day";
pub(crate) const REVIEW_FROM: &str = "FROM reviews r LEFT JOIN owner_replies o ON o.review_id = r.id";

/// A review from [`REVIEW_COLUMNS`] with its photos, at the addresses `photo` gives (staff see held and
/// hidden reviews' photos at [`PhotoRef::staff`]). With `mark_own`, a review that is not public carries
/// its state (the list is its author's).
pub(crate) fn review(r: &impl Columns, photos: &[String], mark_own: bool, photo: fn(&str) -> PhotoRef) -> StoreResult<Review> {
    let reply = match (r.opt_text("reply_text")?, r.opt_text("reply_day")?) {
        (Some(text), Some(on)) => Some(OwnerReply { text, on: parse_day(&on, "reply day")? }),
        _ => None,
    };
    let state = r.text("state")?;
    let own = match (mark_own, state.as_str(), r.opt_text("hidden_reason")?) {
        (false, _, _) | (true, "published", None) => None,
        (true, _, Some(reason)) => Some(OwnState { state: ReviewState::Hidden, reason: Some(reason) }),
        (true, _, None) => Some(OwnState { state: ReviewState::Held, reason: None }),
    };
    Ok(Review {
        id: r.int("id")?,
        text: r.text("text")?,
        smiley: r.opt_text("smiley")?.as_deref().and_then(Smiley::parse),
        photos: photos.iter().map(|p| photo(p)).collect(),
        on: parse_day(&r.text("day")?, "review day")?,
        reply,
        own,
    })
}

/// A review in moderation: [`REVIEW_COLUMNS`] with the unit's `code` and `name` and the `hold_reason`.
pub(crate) fn moderated_review(r: &impl Columns, review: Review) -> StoreResult<ModeratedReview> {
    let hold = r.opt_text("hold_reason")?;
    let hidden_reason = r.opt_text("hidden_reason")?;
    let stored = r.text("state")?;
    let state = if hidden_reason.is_some() { ReviewState::Hidden } else { ReviewState::parse(&stored).unwrap_or(ReviewState::Held) };
    Ok(ModeratedReview {
        review,
        unit_code: r.text("code")?,
        unit_name: r.text("name")?,
        state,
        hold_reason: hold.as_deref().map(enum_from_str).transpose()?,
        hidden_reason,
    })
}

/// The columns of [`message_view`]: `m` the message, `u` its unit. The call-back number is not even
/// selected: only whether there is one.
pub(crate) const MESSAGE_COLUMNS: &str = "m.id, m.ticket, m.secret_hash, u.code, u.name, m.text, m.callback_phone IS NOT NULL AS callback_requested,
    m.status, m.created_at, m.read_at, m.reply_text, m.replied_at";

/// A message as its sender reads it, from [`MESSAGE_COLUMNS`] and its photo ids.
pub(crate) fn message_view(r: &impl Columns, photos: Vec<String>) -> StoreResult<MessageView> {
    Ok(MessageView {
        ticket: r.text("ticket")?,
        unit_code: r.text("code")?,
        unit_name: r.text("name")?,
        text: r.text("text")?,
        photos,
        callback_requested: r.flag("callback_requested")?,
        status: message_status(r)?,
        sent_at: r.text("created_at")?,
        read_at: r.opt_text("read_at")?,
        reply: owner_answer(r)?,
    })
}

/// The columns of [`inbox_message`], from `messages`.
pub(crate) const INBOX_COLUMNS: &str = "id, ticket, text, callback_phone, status, created_at, reply_text, replied_at";

/// A message in its owner's inbox, from [`INBOX_COLUMNS`] and its photo ids.
pub(crate) fn inbox_message(r: &impl Columns, photos: Vec<String>) -> StoreResult<InboxMessage> {
    Ok(InboxMessage {
        ticket: r.text("ticket")?,
        text: r.text("text")?,
        photos,
        callback_phone: r.opt_text("callback_phone")?,
        status: message_status(r)?,
        sent_at: r.text("created_at")?,
        reply: owner_answer(r)?,
    })
}

fn message_status(r: &impl Columns) -> StoreResult<MessageStatus> {
    let status = r.text("status")?;
    MessageStatus::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("message status {status:?}")))
}

/// The owner's answer to a message, from its `reply_text` and `replied_at` columns.
fn owner_answer(r: &impl Columns) -> StoreResult<Option<OwnerAnswer>> {
    Ok(match (r.opt_text("reply_text")?, r.opt_text("replied_at")?) {
        (Some(text), Some(at)) => Some(OwnerAnswer { text, at }),
        _ => None,
    })
}

/// The columns of [`regulator_record`], from `regulators`.
pub(crate) const REGULATOR_COLUMNS: &str = "id, username, name, level, region";

pub(crate) fn regulator_record(r: &impl Columns) -> StoreResult<RegulatorRecord> {
    regulator_as(r, "name")
}

/// A regulator whose name is in column `name` (a session's query has two names).
fn regulator_as(r: &impl Columns, name: &str) -> StoreResult<RegulatorRecord> {
    let level = r.text("level")?;
    Ok(RegulatorRecord {
        id: r.int("id")?,
        username: r.text("username")?,
        name: r.text(name)?,
        scope: Scope {
            level: Level::parse(&level).ok_or_else(|| StoreError::Corrupt(format!("regulator level {level:?}")))?,
            region: r.text("region")?,
        },
    })
}

/// The columns of [`session_record`]: `s` the session, `u` an owner's unit, `g` a regulator.
pub(crate) const SESSION_COLUMNS: &str = "s.csrf, s.owner_unit_id, u.code, u.name, g.id, g.username, g.name AS g_name, g.level, g.region";
pub(crate) const SESSION_FROM: &str = "FROM sessions s LEFT JOIN units u ON u.id = s.owner_unit_id LEFT JOIN regulators g ON g.id = s.regulator_id";

pub(crate) fn session_record(r: &impl Columns) -> StoreResult<SessionRecord> {
    let account = match r.opt_int("owner_unit_id")? {
        Some(id) => SessionAccount::Owner(OwnerUnit { id, code: r.text("code")?, name: r.text("name")? }),
        None => SessionAccount::Regulator(regulator_as(r, "g_name")?),
    };
    Ok(SessionRecord { account, csrf: r.text("csrf")? })
}

/// A unit's ratings from rows of (smiley, status, count, whether `device`'s vote of the day is among them).
pub(crate) fn rating_summary(rows: impl IntoIterator<Item = (String, String, i64, bool)>, device: Option<&str>) -> StoreResult<RatingSummary> {
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
        if mine && device.is_some() {
            summary.mine = Some(smiley);
        }
    }
    Ok(summary)
}

/// Where a photo is shown, from a row of (kind: review, message, kitchen or report; unit id; region; public).
pub(crate) fn photo_use((kind, unit_id, region, public): (String, i64, String, bool)) -> PhotoUse {
    match kind.as_str() {
        "review" => PhotoUse::Review { unit_id, region, public },
        "message" => PhotoUse::Message { unit_id },
        "kitchen" => PhotoUse::Kitchen { unit_id, region, public },
        _ => PhotoUse::Report { region },
    }
}

/// A unit's held votes from a row of (code, name, satisfied, neutral, unsatisfied, first day, last day).
pub(crate) fn held_votes(
    (unit_code, unit_name, satisfied, neutral, unsatisfied, first, last): (String, String, i64, i64, i64, String, String),
) -> StoreResult<HeldVotes> {
    Ok(HeldVotes {
        unit_code,
        unit_name,
        satisfied: satisfied as u32,
        neutral: neutral as u32,
        unsatisfied: unsatisfied as u32,
        first_day: parse_day(&first, "vote day")?,
        last_day: parse_day(&last, "vote day")?,
    })
}

pub(crate) fn parse_day(s: &str, what: &str) -> StoreResult<Day> {
    Day::from_str(s).map_err(|_| StoreError::Corrupt(format!("{what} {s:?}")))
}

pub(crate) fn day(r: &impl Columns, col: &str) -> StoreResult<Day> {
    let s = r.text(col)?;
    Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))
}

pub(crate) fn opt_day(r: &impl Columns, col: &str) -> StoreResult<Option<Day>> {
    let s = r.opt_text(col)?;
    s.map(|s| Day::from_str(&s).map_err(|_| StoreError::Corrupt(format!("{col}: {s:?} is not a day")))).transpose()
}

pub(crate) fn json_col<T: DeserializeOwned>(r: &impl Columns, col: &str) -> StoreResult<T> {
    let s = r.text(col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

/// Enums are stored by their serde names, e.g. `basically_compliant`.
pub(crate) fn enum_col<T: DeserializeOwned>(r: &impl Columns, col: &str) -> StoreResult<T> {
    enum_from_str(&r.text(col)?)
}

pub(crate) fn enum_from_str<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|e| StoreError::Corrupt(format!("{s:?}: {e}")))
}

pub(crate) fn enum_str<T: Serialize>(value: &T) -> StoreResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(StoreError::Invalid("expected a unit enum".into())),
    }
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(crate) fn from_json<T: DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}
