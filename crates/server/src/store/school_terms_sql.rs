//! Fees, accounts and the term's survey: the SQL written once for both databases (both number
//! parameters `$1`, `$2`, …), over either pool.

use async_trait::async_trait;
use mingchu_types::school::{FeePer, PublishedAccounts, SurveyAnswer, SurveyWindow, Term, TermAccounts};
use sqlx::{Database, Encode, Executor, IntoArguments, Transaction, Type};

use super::kitchen_sql::Pooled;
use super::rows::{day, enum_col, enum_str, Columns};
use super::school_terms::{AnswerStored, NewAnswer, SchoolTermsStore, StoredAnswer, StoredSurvey};
use super::unit_sql::delete_unit_rows;
use super::writing::WriteSql;
use super::{StoreError, StoreResult};

const SURVEY_SELECT: &str = "SELECT u.code AS unit_code, s.term, s.opens, s.closes, s.set_ms, s.response, s.responded_ms
    FROM school_surveys s JOIN units u ON u.id = s.unit_id";

/// A count or amount read back: never negative, as it was written.
fn count(r: &impl Columns, col: &str) -> StoreResult<u64> {
    u64::try_from(r.int(col)?).map_err(|_| StoreError::Corrupt(format!("{col} is negative")))
}

fn term(r: &impl Columns) -> StoreResult<Term> {
    let key = r.text("term")?;
    Term::parse(&key).ok_or_else(|| StoreError::Corrupt(format!("term {key:?}")))
}

/// Amounts are kept as the databases' signed integers: more than 2^63 fen is no one's accounts.
fn signed(fen: u64) -> StoreResult<i64> {
    i64::try_from(fen).map_err(|_| StoreError::Invalid(format!("{fen} fen is too much to keep")))
}

fn published(r: &impl Columns) -> StoreResult<PublishedAccounts> {
    let fee_per: FeePer = enum_col(r, "fee_per")?;
    Ok(PublishedAccounts {
        accounts: TermAccounts {
            term: term(r)?,
            fee_fen: count(r, "fee_fen")?,
            fee_per,
            income_fen: count(r, "income_fen")?,
            ingredients_fen: count(r, "ingredients_fen")?,
            staff_fen: count(r, "staff_fen")?,
            other_fen: count(r, "other_fen")?,
        },
        note: r.text("note")?,
        published_ms: r.int("published_ms")?,
    })
}

fn stored_survey(r: &impl Columns) -> StoreResult<StoredSurvey> {
    let response = match (r.opt_text("response")?, r.opt_int("responded_ms")?) {
        (Some(text), Some(at)) => Some((text, at)),
        _ => None,
    };
    Ok(StoredSurvey {
        window: SurveyWindow { term: term(r)?, opens: day(r, "opens")?, closes: day(r, "closes")? },
        set_ms: r.int("set_ms")?,
        response,
    })
}

fn stored_answer(r: &impl Columns) -> StoreResult<StoredAnswer> {
    let mut scores = [0u8; 5];
    for (score, col) in scores.iter_mut().zip(["taste", "quantity", "variety", "hygiene", "price"]) {
        *score = u8::try_from(r.int(col)?).map_err(|_| StoreError::Corrupt(format!("{col} score")))?;
    }
    let hold = r.opt_text("hold_reason")?.map(|h| super::rows::enum_from_str(&h)).transpose()?;
    Ok(StoredAnswer { answer: SurveyAnswer { scores, text: r.text("text")? }, hold, created_ms: r.int("created_ms")? })
}

#[async_trait]
impl<S, DB> SchoolTermsStore for S
where
    S: Pooled<Db = DB>,
    DB: Database,
    for<'t> Transaction<'t, DB>: WriteSql,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    DB::Row: Columns,
{
    async fn put_accounts(&self, unit_code: &str, a: &TermAccounts, note: &str, now_ms: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "INSERT INTO school_accounts (unit_id, term, fee_fen, fee_per, income_fen, ingredients_fen, staff_fen, other_fen, note, published_ms)
             SELECT u.id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM units u WHERE u.code = $1
             ON CONFLICT (unit_id, term) DO UPDATE SET fee_fen = excluded.fee_fen, fee_per = excluded.fee_per, income_fen = excluded.income_fen,
                 ingredients_fen = excluded.ingredients_fen, staff_fen = excluded.staff_fen, other_fen = excluded.other_fen,
                 note = excluded.note, published_ms = excluded.published_ms
             RETURNING unit_id",
        )
        .bind(unit_code)
        .bind(a.term.key())
        .bind(signed(a.fee_fen)?)
        .bind(enum_str(&a.fee_per)?)
        .bind(signed(a.income_fen)?)
        .bind(signed(a.ingredients_fen)?)
        .bind(signed(a.staff_fen)?)
        .bind(signed(a.other_fen)?)
        .bind(note)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    async fn accounts(&self, unit_code: &str, term: Term) -> StoreResult<Option<PublishedAccounts>> {
        let row = sqlx::query("SELECT a.* FROM school_accounts a JOIN units u ON u.id = a.unit_id WHERE u.code = $1 AND a.term = $2")
            .bind(unit_code)
            .bind(term.key())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(published).transpose()
    }

    async fn put_survey(&self, unit_code: &str, w: &SurveyWindow, now_ms: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "INSERT INTO school_surveys (unit_id, term, opens, closes, set_ms) SELECT u.id, $2, $3, $4, $5 FROM units u WHERE u.code = $1
             ON CONFLICT (unit_id, term) DO UPDATE SET opens = excluded.opens, closes = excluded.closes, set_ms = excluded.set_ms
             RETURNING unit_id",
        )
        .bind(unit_code)
        .bind(w.term.key())
        .bind(w.opens.to_string())
        .bind(w.closes.to_string())
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    async fn survey(&self, unit_code: &str, term: Term) -> StoreResult<Option<StoredSurvey>> {
        let row = sqlx::query(&format!("{SURVEY_SELECT} WHERE u.code = $1 AND s.term = $2"))
            .bind(unit_code)
            .bind(term.key())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(stored_survey).transpose()
    }

    async fn surveys_in_term(&self, term: Term) -> StoreResult<Vec<(String, StoredSurvey)>> {
        let rows = sqlx::query(&format!("{SURVEY_SELECT} WHERE s.term = $1 ORDER BY u.code")).bind(term.key()).fetch_all(self.pool()).await?;
        rows.iter().map(|r| Ok((r.text("unit_code")?, stored_survey(r)?))).collect()
    }

    async fn respond_survey(&self, unit_code: &str, term: Term, text: &str, now_ms: i64) -> StoreResult<bool> {
        let row = sqlx::query(
            "UPDATE school_surveys SET response = $3, responded_ms = $4
             WHERE unit_id = (SELECT id FROM units WHERE code = $1) AND term = $2 RETURNING unit_id",
        )
        .bind(unit_code)
        .bind(term.key())
        .bind(text)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    async fn answer_survey(&self, a: &NewAnswer<'_>) -> StoreResult<AnswerStored> {
        let [taste, quantity, variety, hygiene, price] = a.answer.scores.map(i64::from);
        let hold = a.hold.as_ref().map(enum_str).transpose()?;
        // One per device: a second answer racing the first finds it there and changes nothing.
        let row = sqlx::query(
            "INSERT INTO school_survey_answers (unit_id, term, device, client_id, taste, quantity, variety, hygiene, price, text, hold_reason, created_ms)
             SELECT s.unit_id, s.term, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
             FROM school_surveys s JOIN units u ON u.id = s.unit_id WHERE u.code = $1 AND s.term = $2
             ON CONFLICT (unit_id, term, device) DO NOTHING RETURNING id",
        )
        .bind(a.unit_code)
        .bind(a.term.key())
        .bind(a.device)
        .bind(a.client_id)
        .bind(taste)
        .bind(quantity)
        .bind(variety)
        .bind(hygiene)
        .bind(price)
        .bind(a.answer.text.as_str())
        .bind(hold)
        .bind(a.created_ms)
        .fetch_optional(self.pool())
        .await?;
        if row.is_some() {
            return Ok(AnswerStored::New);
        }
        Ok(match self.answered(a.unit_code, a.term, a.device).await? {
            None => AnswerStored::NoSurvey,
            Some(client_id) if client_id == a.client_id => AnswerStored::Repeat,
            Some(_) => AnswerStored::Other,
        })
    }

    async fn survey_answers(&self, unit_code: &str, term: Term) -> StoreResult<Vec<StoredAnswer>> {
        let rows = sqlx::query(
            "SELECT x.taste, x.quantity, x.variety, x.hygiene, x.price, x.text, x.hold_reason, x.created_ms
             FROM school_survey_answers x JOIN units u ON u.id = x.unit_id WHERE u.code = $1 AND x.term = $2 ORDER BY x.created_ms, x.id",
        )
        .bind(unit_code)
        .bind(term.key())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(stored_answer).collect()
    }

    async fn answer_count(&self, unit_code: &str, term: Term) -> StoreResult<u32> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM school_survey_answers x JOIN units u ON u.id = x.unit_id WHERE u.code = $1 AND x.term = $2")
            .bind(unit_code)
            .bind(term.key())
            .fetch_one(self.pool())
            .await?;
        Ok(u32::try_from(row.int("n")?).unwrap_or(u32::MAX))
    }

    async fn answered(&self, unit_code: &str, term: Term, device: &str) -> StoreResult<Option<String>> {
        let row = sqlx::query(
            "SELECT x.client_id FROM school_survey_answers x JOIN units u ON u.id = x.unit_id WHERE u.code = $1 AND x.term = $2 AND x.device = $3",
        )
        .bind(unit_code)
        .bind(term.key())
        .bind(device)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| r.text("client_id")).transpose()
    }

    async fn clear_school_terms(&self, unit_code: &str) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        delete_unit_rows::<DB>(&mut *tx, unit_code, &["school_survey_answers", "school_surveys", "school_accounts"]).await?;
        tx.commit().await?;
        Ok(())
    }
}
