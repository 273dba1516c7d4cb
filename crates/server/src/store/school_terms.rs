//! A school canteen's published fees and accounts, its term's survey and the parents' answers, as stored.
//! The SQL is written once for both databases in [`super::school_terms_sql`].

use async_trait::async_trait;
use mingchu_types::school::{PublishedAccounts, SurveyAnswer, SurveyWindow, Term, TermAccounts};
use mingchu_types::HoldReason;

use super::StoreResult;

/// A term's survey as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSurvey {
    pub window: SurveyWindow,
    pub set_ms: i64,
    /// The school's answer to the results, and when.
    pub response: Option<(String, i64)>,
}

/// A parent's answer as stored (never with its device).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAnswer {
    pub answer: SurveyAnswer,
    /// Why screening kept its text private to the school; `None`: public.
    pub hold: Option<HoldReason>,
    pub created_ms: i64,
}

/// A parent's answer, ready to be stored.
#[derive(Clone, Copy, Debug)]
pub struct NewAnswer<'a> {
    pub unit_code: &'a str,
    pub term: Term,
    /// The device cookie's id, as ratings keep it.
    pub device: &'a str,
    pub client_id: &'a str,
    pub answer: &'a SurveyAnswer,
    pub hold: Option<HoldReason>,
    pub created_ms: i64,
}

/// What became of an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerStored {
    New,
    /// The device's answer this term, sent again (its `client_id`).
    Repeat,
    /// The device answered this term already, with another answer: the first stands.
    Other,
    /// The unit has no survey that term.
    NoSurvey,
}

#[async_trait]
pub trait SchoolTermsStore: Send + Sync {
    /// Publishes a term's accounts, replacing what was published for that term before; `false` for an unknown unit.
    async fn put_accounts(&self, unit_code: &str, accounts: &TermAccounts, note: &str, now_ms: i64) -> StoreResult<bool>;

    async fn accounts(&self, unit_code: &str, term: Term) -> StoreResult<Option<PublishedAccounts>>;

    /// Sets a term's survey dates (keeping the school's answer); `false` for an unknown unit.
    async fn put_survey(&self, unit_code: &str, window: &SurveyWindow, now_ms: i64) -> StoreResult<bool>;

    async fn survey(&self, unit_code: &str, term: Term) -> StoreResult<Option<StoredSurvey>>;

    /// Every unit's survey of a term, by unit code.
    async fn surveys_in_term(&self, term: Term) -> StoreResult<Vec<(String, StoredSurvey)>>;

    /// The school's answer to a term's results; `false` when the unit has no survey that term.
    async fn respond_survey(&self, unit_code: &str, term: Term, text: &str, now_ms: i64) -> StoreResult<bool>;

    /// Stores a parent's answer: one per device per unit and term.
    async fn answer_survey(&self, answer: &NewAnswer<'_>) -> StoreResult<AnswerStored>;

    /// A term's answers, oldest first.
    async fn survey_answers(&self, unit_code: &str, term: Term) -> StoreResult<Vec<StoredAnswer>>;

    async fn answer_count(&self, unit_code: &str, term: Term) -> StoreResult<u32>;

    /// The `client_id` of `device`'s answer to the unit's survey of `term`, if it answered.
    async fn answered(&self, unit_code: &str, term: Term, device: &str) -> StoreResult<Option<String>>;

    /// Forgets a unit's accounts, surveys and answers: only for the demo, laid out again for a new day.
    async fn clear_school_terms(&self, unit_code: &str) -> StoreResult<()>;
}
