//! What diners send and read back: ratings, photos, reports, messages and reviews, each write stored in
//! one transaction with its idempotency answer.

use async_trait::async_trait;
use mingchu_types::{
    BurstRule, Day, HoldReason, MessageRequest, MessageView, RatingSummary, ReportRequest, ReportView, Review, ReviewRequest, ReviewState, Smiley,
};

use super::{Cursor, Page, StoreResult};

/// The most unpublished reviews of one device a unit's reviews page shows it.
pub const OWN_REVIEWS: i64 = 20;

/// A report ready to be stored.
pub struct NewReport<'a> {
    pub unit_code: &'a str,
    pub request: &'a ReportRequest,
    pub secret_hash: &'a str,
    pub filed_on: Day,
    pub decision_due: Day,
}

/// A message to a unit's owner ready to be stored.
pub struct NewMessage<'a> {
    pub unit_code: &'a str,
    pub request: &'a MessageRequest,
    pub secret_hash: &'a str,
    pub sent_on: Day,
}

/// A review ready to be stored.
pub struct NewReview<'a> {
    pub unit_code: &'a str,
    pub request: &'a ReviewRequest,
    pub device: Option<&'a str>,
    pub day: Day,
    /// Set when the content alone holds the review.
    pub hold: Option<HoldReason>,
    /// A keyed hash of the client's address (never the address), for the bursts from one address.
    pub address: &'a str,
    /// When it was sent, UTC ms.
    pub at_ms: i64,
}

/// A smiley vote ready to be stored.
pub struct NewVote<'a> {
    pub unit_code: &'a str,
    pub device: &'a str,
    pub day: Day,
    pub smiley: Smiley,
    /// A keyed hash of the client's address (never the address), for the bursts from one address.
    pub address: &'a str,
    /// When it was cast, UTC ms.
    pub at_ms: i64,
}

/// A photo ready to be recorded: its bytes are kept in the media store under [`crate::media_store::photo_files`].
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub width: u32,
    pub height: u32,
    /// The photo's bytes.
    pub bytes: u64,
    /// Its thumbnail's bytes.
    pub thumb_bytes: u64,
    /// The device that uploaded it.
    pub device: &'a str,
    /// When it was uploaded, UTC ms.
    pub at_ms: i64,
}

/// What the media store holds, as the database counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MediaUsage {
    pub photos: u64,
    /// Photos' and thumbnails' bytes.
    pub bytes: u64,
}

/// Where a stored photo is shown, to decide who may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoUse {
    /// Under a review of the unit (its row id and region); `public` while published and not hidden.
    Review { unit_id: i64, region: String, public: bool },
    /// In a message to the unit's owner.
    Message { unit_id: i64 },
    /// In a report about a unit of the region.
    Report { region: String },
    /// In a version of one of the unit's kitchen records; `public` when the public record page shows it
    /// (a meal's sealed samples, never a purchase's ticket); or an owner's answer to one of the unit's
    /// alerts (never public); or a school canteen's photo of a served dish (always public).
    Kitchen { unit_id: i64, region: String, public: bool },
}

/// A stored photo: the device that uploaded it and where it is shown (nowhere yet for a draft's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoRecord {
    pub device: Option<String>,
    pub uses: Vec<PhotoUse>,
}

/// What became of an idempotent write.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome<T> {
    /// Stored now.
    Done(T),
    /// The same request came before: its stored answer.
    Repeat {
        response: String,
    },
    /// The key came before with another request.
    KeyReused,
    UnknownUnit,
    /// One of the photo ids is not a stored photo.
    UnknownPhoto,
}

/// What diners write, and read back by ticket.
#[async_trait]
pub trait WriteStore: Send + Sync {
    /// Records a device's smiley for a unit on a day, replacing its earlier vote that day (a vote a
    /// regulator discarded stays discarded). When the vote makes a burst under one of `rules`, it and
    /// the window's other counted votes of that rule's scope are held. `false` for an unknown unit.
    async fn rate(&self, vote: &NewVote<'_>, rules: &[BurstRule]) -> StoreResult<bool>;

    /// A unit's counted ratings from `since` on, how many are held, and `device`'s vote on `today`.
    async fn ratings(&self, code: &str, since: Day, today: Day, device: Option<&str>) -> StoreResult<RatingSummary>;

    /// Records a photo, the device that uploaded it and when.
    async fn add_photo(&self, photo: &NewPhoto<'_>) -> StoreResult<()>;

    /// Forgets up to `limit` photos uploaded before `uploaded_before_ms` that no review, message or
    /// report uses, and returns their ids (their bytes are then deleted from the media store). Checked
    /// and deleted in one statement, so a photo attached meanwhile is never among them.
    async fn sweep_photos(&self, uploaded_before_ms: i64, limit: u32) -> StoreResult<Vec<String>>;

    /// How many photos are recorded, and their photos' and thumbnails' bytes.
    async fn media_usage(&self) -> StoreResult<MediaUsage>;

    /// A stored photo, with what it is attached to; `None` for an unknown id.
    async fn photo(&self, id: &str) -> StoreResult<Option<PhotoRecord>>;

    /// Files a report in one transaction with its idempotency record: a repeat of `key` with the same
    /// `request_hash` gets the first answer (`response`, as stored) back, another hash is refused.
    /// `response` may hold `{ticket}`, replaced by the new ticket before it is stored.
    async fn file_report(&self, report: &NewReport<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>>;

    /// Sends a message to a unit's owner in one transaction with its idempotency record, exactly like
    /// [`WriteStore::file_report`] (`response` may hold `{ticket}`).
    async fn send_message(&self, message: &NewMessage<'_>, key: &str, request_hash: &str, response: &str) -> StoreResult<Outcome<String>>;

    /// Posts a review (published, or held with a reason) in one transaction with its idempotency record;
    /// `response` may hold `{id}` and `{state}`. A review is also held when it makes a burst under one
    /// of `rules` ([`HoldReason::Burst`] on the unit, [`HoldReason::AddressBurst`] from one address).
    async fn post_review(
        &self,
        review: &NewReview<'_>,
        rules: &[BurstRule],
        key: &str,
        request_hash: &str,
        response: &str,
    ) -> StoreResult<Outcome<(i64, ReviewState)>>;

    /// A unit's published reviews, newest first, and among them `device`'s own held or hidden ones
    /// (marked, for their author alone); `None` for an unknown unit.
    async fn reviews(&self, code: &str, after: Option<Cursor>, limit: u32, device: Option<&str>) -> StoreResult<Option<Page<Review>>>;

    /// `device`'s reviews of the unit that are not published (held, or hidden with the reason), newest
    /// first, at most [`OWN_REVIEWS`]: the device's own part of the reviews page, never in a public answer.
    async fn own_reviews(&self, code: &str, device: &str) -> StoreResult<Vec<Review>>;

    /// A report by its ticket, if `secret_hash` opens it.
    async fn report(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<ReportView>>;

    /// A message by its ticket, if `secret_hash` opens it; never with the call-back number.
    async fn message(&self, ticket: &str, secret_hash: &str) -> StoreResult<Option<MessageView>>;
}
