//! Diners' writes, the same for both databases: a vote and the bursts it makes, and the report, message
//! and review, each with its idempotency answer, its ticket or its hold. Each store runs them inside one
//! transaction through [`WriteSql`], which holds only its SQL, and commits only what is done.

use async_trait::async_trait;
use mingchu_types::{BurstRule, BurstScope, HoldReason, Reporter, ReviewState};

use super::common::{forgotten_before, ticket, Burstable, Window};
use super::rows::enum_str;
use super::{NewMessage, NewReport, NewReview, NewVote, Outcome, StoreResult};

/// A table whose rows get a ticket once their row id is known.
#[derive(Clone, Copy)]
pub(crate) enum Ticketed {
    Reports,
    Messages,
}

impl Ticketed {
    pub(crate) fn table(self) -> &'static str {
        match self {
            Ticketed::Reports => "reports",
            Ticketed::Messages => "messages",
        }
    }
}

/// What photos are attached to: a link table and its column naming the row.
#[derive(Clone, Copy)]
pub(crate) enum PhotosOf {
    Report,
    Message,
    Review,
}

impl PhotosOf {
    pub(crate) fn table_and_column(self) -> (&'static str, &'static str) {
        match self {
            PhotosOf::Report => ("report_photos", "report_id"),
            PhotosOf::Message => ("message_photos", "message_id"),
            PhotosOf::Review => ("review_photos", "review_id"),
        }
    }
}

/// The SQL diners' writes need, run within the write's transaction.
#[async_trait]
pub(crate) trait WriteSql: Send {
    /// Waits until no other transaction holds `what` (a unit's votes or reviews, an idempotency key),
    /// then holds it until this one ends, so that what this transaction counts cannot change before it
    /// writes. SQLite needs nothing: it has one writer at a time.
    async fn one_at_a_time(&mut self, what: &str) -> StoreResult<()>;
    /// A unit's row id by its public code.
    async fn unit_id(&mut self, code: &str) -> StoreResult<Option<i64>>;
    /// The request hash and answer kept under an idempotency key.
    async fn stored_answer(&mut self, key: &str) -> StoreResult<Option<(String, String)>>;
    /// Keeps the answer under its key.
    async fn remember_answer(&mut self, key: &str, request_hash: &str, response: &str) -> StoreResult<()>;
    /// Whether a photo id is a stored photo.
    async fn photo_exists(&mut self, photo: &str) -> StoreResult<bool>;
    /// Links a stored photo to a row at a position.
    async fn attach_photo(&mut self, of: PhotosOf, owner: i64, photo: &str, position: i64) -> StoreResult<()>;
    /// Stores a device's vote of the day, replacing an earlier one that day (a discarded vote stays
    /// discarded): the unit's row id, or `None` for an unknown unit.
    async fn cast_vote(&mut self, vote: &NewVote<'_>) -> StoreResult<Option<i64>>;
    /// How many rows of `what` fall in the window.
    async fn count(&mut self, window: &Window<'_>, what: Burstable) -> StoreResult<u32>;
    /// Holds the window's counted votes.
    async fn hold_votes(&mut self, window: &Window<'_>) -> StoreResult<()>;
    /// Forgets the address hashes of a unit's rows of `what` from before `before_ms`.
    async fn forget_addresses(&mut self, what: Burstable, unit_id: i64, before_ms: i64) -> StoreResult<()>;
    /// Stores a report with a provisional ticket: its row id.
    async fn insert_report(&mut self, unit_id: i64, report: &NewReport<'_>) -> StoreResult<i64>;
    /// Starts a report's trail: submitted, now.
    async fn report_submitted(&mut self, report_id: i64) -> StoreResult<()>;
    /// Stores a message with a provisional ticket: its row id.
    async fn insert_message(&mut self, unit_id: i64, message: &NewMessage<'_>) -> StoreResult<i64>;
    /// Gives a report or message its ticket.
    async fn set_ticket(&mut self, table: Ticketed, id: i64, ticket: &str) -> StoreResult<()>;
    /// Stores a review in its state: its row id.
    async fn insert_review(&mut self, unit_id: i64, review: &NewReview<'_>, state: ReviewState, hold: Option<HoldReason>) -> StoreResult<i64>;
}

/// Records a vote ([`WriteStore::rate`](super::WriteStore::rate)): `false` for an unknown unit.
pub(crate) async fn rate(sql: &mut impl WriteSql, vote: &NewVote<'_>, rules: &[BurstRule]) -> StoreResult<bool> {
    sql.one_at_a_time(&format!("votes {}", vote.unit_code)).await?;
    let Some(unit_id) = sql.cast_vote(vote).await? else { return Ok(false) };
    for rule in rules {
        let window = Window::of(rule, unit_id, vote.address, vote.at_ms);
        if rule.exceeded(sql.count(&window, Burstable::Ratings).await?) {
            sql.hold_votes(&window).await?;
        }
    }
    sql.forget_addresses(Burstable::Ratings, unit_id, forgotten_before(rules, vote.at_ms)).await?;
    Ok(true)
}

/// A report or a message: written with a ticket numbered from its row id.
pub(crate) enum TicketedWrite<'a, 'r> {
    Report(&'a NewReport<'r>),
    Message(&'a NewMessage<'r>),
}

/// Files a report or sends a message to a unit's owner ([`WriteStore::file_report`](super::WriteStore::file_report),
/// [`WriteStore::send_message`](super::WriteStore::send_message)): its ticket.
pub(crate) async fn ticketed(
    sql: &mut impl WriteSql,
    write: TicketedWrite<'_, '_>,
    key: &str,
    request_hash: &str,
    response: &str,
) -> StoreResult<Outcome<String>> {
    if let Some(earlier) = earlier_answer(sql, key, request_hash).await? {
        return Ok(earlier);
    }
    let unit_code = match &write {
        TicketedWrite::Report(report) => report.unit_code,
        TicketedWrite::Message(message) => message.unit_code,
    };
    let Some(unit_id) = sql.unit_id(unit_code).await? else {
        return Ok(Outcome::UnknownUnit);
    };
    // 举报 JB261129-000042, 留言 LY261129-000042.
    let (ticket, photos) = match &write {
        TicketedWrite::Report(report) => {
            let id = sql.insert_report(unit_id, report).await?;
            let ticket = ticket("JB", report.filed_on, id);
            sql.set_ticket(Ticketed::Reports, id, &ticket).await?;
            sql.report_submitted(id).await?;
            (ticket, attach_photos(sql, PhotosOf::Report, id, &report.request.photos).await?)
        }
        TicketedWrite::Message(message) => {
            let id = sql.insert_message(unit_id, message).await?;
            let ticket = ticket("LY", message.sent_on, id);
            sql.set_ticket(Ticketed::Messages, id, &ticket).await?;
            (ticket, attach_photos(sql, PhotosOf::Message, id, &message.request.photos).await?)
        }
    };
    if !photos {
        return Ok(Outcome::UnknownPhoto);
    }
    sql.remember_answer(key, request_hash, &response.replace("{ticket}", &ticket)).await?;
    Ok(Outcome::Done(ticket))
}

/// Posts a review, published or held ([`WriteStore::post_review`](super::WriteStore::post_review)).
pub(crate) async fn post_review(
    sql: &mut impl WriteSql,
    review: &NewReview<'_>,
    rules: &[BurstRule],
    key: &str,
    request_hash: &str,
    response: &str,
) -> StoreResult<Outcome<(i64, ReviewState)>> {
    if let Some(earlier) = earlier_answer(sql, key, request_hash).await? {
        return Ok(earlier);
    }
    // The counts below must not change before this review is written.
    sql.one_at_a_time(&format!("reviews {}", review.unit_code)).await?;
    let Some(unit_id) = sql.unit_id(review.unit_code).await? else {
        return Ok(Outcome::UnknownUnit);
    };
    let mut hold = review.hold;
    for rule in rules {
        if hold.is_some() {
            break;
        }
        // The new review is not stored yet: it is the one more.
        let window = Window::of(rule, unit_id, review.address, review.at_ms);
        if rule.exceeded(sql.count(&window, Burstable::Reviews).await? + 1) {
            hold = Some(match rule.scope {
                BurstScope::Unit => HoldReason::Burst,
                BurstScope::Address => HoldReason::AddressBurst,
            });
        }
    }
    let state = if hold.is_some() { ReviewState::Held } else { ReviewState::Published };
    let id = sql.insert_review(unit_id, review, state, hold).await?;
    sql.forget_addresses(Burstable::Reviews, unit_id, forgotten_before(rules, review.at_ms)).await?;
    if !attach_photos(sql, PhotosOf::Review, id, &review.request.photos).await? {
        return Ok(Outcome::UnknownPhoto);
    }
    let response = response.replace("{id}", &id.to_string()).replace("{state}", &enum_str(&state)?);
    sql.remember_answer(key, request_hash, &response).await?;
    Ok(Outcome::Done((id, state)))
}

/// Commits a write that was done; anything else (a repeat, an unknown photo) leaves nothing behind.
pub(crate) async fn commit_if_done<DB: sqlx::Database, T>(tx: sqlx::Transaction<'_, DB>, outcome: Outcome<T>) -> StoreResult<Outcome<T>> {
    if matches!(outcome, Outcome::Done(_)) {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// A reporter's name and phone as stored, both `None` for an anonymous report.
pub(crate) fn reporter(reporter: &Reporter) -> (Option<&str>, Option<&str>) {
    match reporter {
        Reporter::Anonymous => (None, None),
        Reporter::Named { name, phone } => (Some(name.trim()), Some(phone.trim())),
    }
}

/// The answer to an earlier request with this idempotency key, or `KeyReused` if that request differed;
/// `None` for a new key. The key is held until the transaction ends, so a repeat sent at the same time
/// waits for this one's answer.
pub(crate) async fn earlier_answer<T>(sql: &mut impl WriteSql, key: &str, request_hash: &str) -> StoreResult<Option<Outcome<T>>> {
    sql.one_at_a_time(&format!("idempotency {key}")).await?;
    let earlier = sql.stored_answer(key).await?;
    Ok(earlier.map(|(hash, response)| if hash == request_hash { Outcome::Repeat { response } } else { Outcome::KeyReused }))
}

/// Links stored photos to a report, review or message in order; `false` if an id is not a stored photo.
async fn attach_photos(sql: &mut impl WriteSql, of: PhotosOf, owner: i64, photos: &[String]) -> StoreResult<bool> {
    for (position, photo) in photos.iter().enumerate() {
        if !sql.photo_exists(photo).await? {
            return Ok(false);
        }
        sql.attach_photo(of, owner, photo, position as i64).await?;
    }
    Ok(true)
}
