//! What owners and regulators read and change. Every method that reaches a message, review or report
//! takes the signed-in account's unit or scope, so an object outside it is simply not found.

use async_trait::async_trait;
use mingchu_types::{HeldVotes, Inbox, ModeratedReview, ReportCategory, ReportStatus, ReportView, ReporterContact, Review, ReviewState, Scope};

use super::{StoreResult, UnitRecord};
use crate::auth::GuessRules;

/// Who a session or a sign-in is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The owner of the unit with this row id.
    Owner(i64),
    /// The regulator with this row id.
    Regulator(i64),
}

/// The kind of account a sign-in is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountKind {
    Owner,
    Regulator,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Owner => "owner",
            AccountKind::Regulator => "regulator",
        }
    }
}

/// What a sign-in attempt is at and where from: the name typed (a unit code or a user name, counted
/// alike whether or not it is an account) and the client's network.
#[derive(Clone, Copy, Debug)]
pub struct AttemptKey<'a> {
    pub kind: AccountKind,
    pub name: &'a str,
    pub client: &'a str,
}

/// What became of a counted sign-in attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Counted: the wrong guesses in a row from this client so far, this one included (the secret is
    /// checked next).
    Counted(u32),
    /// This client is locked out of the name until then (UTC ms); not counted.
    Locked(i64),
    /// The name had too many attempts from devices that never signed in to it: the next may come then
    /// (UTC ms); not counted.
    Slowed(i64),
}

/// A secret as stored.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub subject: Subject,
    pub hash: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegulatorRecord {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub scope: Scope,
}

/// An owner's unit as a session knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerUnit {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// Who a live session belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionAccount {
    Owner(OwnerUnit),
    Regulator(RegulatorRecord),
}

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub account: SessionAccount,
    pub csrf: String,
}

/// A report in a queue, before the countdown is worked out.
#[derive(Clone, Debug)]
pub struct QueueRow {
    pub ticket: String,
    pub unit_code: String,
    pub unit_name: String,
    pub category: ReportCategory,
    pub status: ReportStatus,
    pub filed_on: mingchu_types::Day,
    pub decision_due: mingchu_types::Day,
    pub photo_count: u32,
    pub anonymous: bool,
}

/// How much waits for staff across every region, for the operators' gauges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueSizes {
    /// Reports filed and not yet accepted or refused.
    pub reports_awaiting_decision: u64,
    /// Reports accepted or in progress, not yet closed.
    pub reports_open: u64,
    /// Reviews held for moderation (not hidden).
    pub reviews_held: u64,
    /// Votes held in a burst, waiting for a regulator.
    pub votes_held: u64,
}

/// What became of a change to an object in the account's reach.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Done,
    /// Not there, or not the account's to see.
    NotFound,
    /// There, but not in a state that allows the change (e.g. a status moved on meanwhile).
    Conflict,
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    /// Sets a unit's owner access code hash (replacing the old one, clearing every lock-out and slowdown
    /// and ending its sessions); `false` for an unknown unit.
    async fn set_owner_code(&self, unit_code: &str, code_hash: &str, now_ms: i64) -> StoreResult<bool>;
    async fn owner_credentials(&self, unit_code: &str) -> StoreResult<Option<Credentials>>;
    /// `None` when the user name is taken.
    async fn add_regulator(&self, username: &str, name: &str, scope: &Scope, password_hash: &str, now_ms: i64) -> StoreResult<Option<i64>>;
    /// Replaces a regulator's password (clearing every lock-out and slowdown and ending its sessions); `false` if unknown.
    async fn set_regulator_password(&self, username: &str, password_hash: &str) -> StoreResult<bool>;
    async fn regulator_credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn regulators(&self) -> StoreResult<Vec<RegulatorRecord>>;
    /// Removes a regulator's account and its sessions; `false` if unknown.
    async fn remove_regulator(&self, username: &str) -> StoreResult<bool>;
    /// Counts a sign-in attempt before its secret is checked, all in one step, so that attempts in
    /// flight together cannot each see the same count. A client locked out of the name is refused
    /// first; then, unless `known_device` (the browser signed in to this name before), the attempt
    /// takes one of the name's slots for unknown devices ([`GuessRules`]'s burst and interval) or is
    /// slowed; then it counts as a failure of its client, and the one that reaches `max_failures` locks
    /// the client out for `lock_ms` (a correct secret then clears it).
    async fn count_attempt(&self, key: &AttemptKey<'_>, known_device: bool, now_ms: i64, rules: &GuessRules) -> StoreResult<Attempt>;
    /// The name an account signs in with: the unit code of an owner, the user name of a regulator.
    async fn subject_name(&self, subject: Subject) -> StoreResult<Option<String>>;
    /// Clears a client's failures at a name after a correct secret.
    async fn clear_attempts(&self, key: &AttemptKey<'_>) -> StoreResult<()>;

    async fn create_session(&self, token_hash: &str, subject: Subject, csrf: &str, expires_at: i64) -> StoreResult<()>;
    /// The live session with this token hash (expired ones are gone).
    async fn session(&self, token_hash: &str, now_ms: i64) -> StoreResult<Option<SessionRecord>>;
    async fn end_session(&self, token_hash: &str) -> StoreResult<()>;

    /// The unit's messages, newest first, with call-back numbers.
    async fn inbox(&self, unit_id: i64) -> StoreResult<Inbox>;
    /// Marks a message read (a replied one stays replied).
    async fn mark_read(&self, unit_id: i64, ticket: &str) -> StoreResult<Change>;
    /// Sets (or replaces) the owner's answer to a message: the sender reads it on the follow-up page.
    async fn answer_message(&self, unit_id: i64, ticket: &str, text: &str) -> StoreResult<Change>;
    /// The unit's published reviews, newest first, with the owner's replies.
    async fn owner_reviews(&self, unit_id: i64, limit: u32) -> StoreResult<Vec<Review>>;
    /// Sets (or edits) the owner's one public reply under a published review of the unit.
    async fn reply_to_review(&self, unit_id: i64, review_id: i64, text: &str, day: mingchu_types::Day) -> StoreResult<Change>;

    /// Reports about units in scope, oldest decision first, filtered by status and category.
    async fn queue(&self, scope: &Scope, status: Option<ReportStatus>, category: Option<ReportCategory>) -> StoreResult<Vec<QueueRow>>;
    /// A report about a unit in scope, with the reporter's contact when given.
    async fn report_for(&self, scope: &Scope, ticket: &str) -> StoreResult<Option<(ReportView, Option<ReporterContact>)>>;
    /// Moves a report in scope from `from` to `to` with a note for the reporter; a report no longer at
    /// `from` is a conflict.
    async fn change_report(&self, scope: &Scope, ticket: &str, from: ReportStatus, to: ReportStatus, note: Option<&str>) -> StoreResult<Change>;
    /// Reviews of units in scope in a state (`Hidden`: those hidden), newest first.
    async fn moderation(&self, scope: &Scope, state: ReviewState, limit: u32) -> StoreResult<Vec<ModeratedReview>>;
    /// Publishes a held review, or shows a hidden one again.
    async fn publish_review(&self, scope: &Scope, id: i64) -> StoreResult<Change>;
    /// Hides a review with a reason its author reads; the review is kept.
    async fn hide_review(&self, scope: &Scope, id: i64, reason: &str) -> StoreResult<Change>;
    /// Units in scope with smiley votes held in a burst, most held first.
    async fn held_votes(&self, scope: &Scope) -> StoreResult<Vec<HeldVotes>>;
    /// Lets a unit's held votes in (`admit`) or discards them; `NotFound` when the unit is not in
    /// scope or has none held.
    async fn settle_votes(&self, scope: &Scope, unit_code: &str, admit: bool) -> StoreResult<Change>;
    /// Every unit in scope, by code.
    async fn units_in(&self, scope: &Scope) -> StoreResult<Vec<UnitRecord>>;

    /// What waits for staff across every region (counted from indexes: cheap enough to ask every few seconds).
    async fn queue_sizes(&self) -> StoreResult<QueueSizes>;
}
