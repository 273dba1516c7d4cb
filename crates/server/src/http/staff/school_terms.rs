//! A school canteen's owner publishes its fee and a term's accounts, sets the term's survey and answers its
//! results. Only for the owner's own unit, and only for a school or kindergarten canteen (another unit's
//! owner gets a 404, as for a page that is not there).

use axum::extract::State;
use axum::routing::put;
use axum::Router;
use mingchu_types::school::{
    AccountsInput, OwnerSurvey, PublishedAccounts, SurveyInput, SurveyResponseInput, SurveyState, SurveyWindow, Term, TermAccounts,
};
use mingchu_types::ErrorCode;

use super::session::Owner;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::http::school::{not_a_school, rules, school_unit};
use crate::http::school_terms::owner_survey;
use crate::store::staff::OwnerUnit;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owner/school/accounts/{term}", put(put_accounts))
        .route("/owner/school/survey/{term}", put(put_survey))
        .route("/owner/school/survey/{term}/response", put(put_response))
}

/// The owner's unit, if it is a school canteen, and the term the path names.
async fn school_term(state: &AppState, owner: &OwnerUnit, term: &str) -> Result<Term, ApiError> {
    school_unit(state, &owner.code).await?.ok_or_else(|| not_a_school(&owner.code))?;
    Term::parse(term).ok_or_else(|| ApiError::bad_request(format!("{term:?} is not a term: 2026-autumn, 2027-spring")).on_field("term"))
}

/// A text of the school's, trimmed: refused (422 on `field`) when longer than the rules allow.
fn school_text(text: &str, field: &str) -> Result<String, ApiError> {
    let text = text.trim();
    let max = rules().note_max_chars;
    if text.chars().count() > usize::from(max) {
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, format!("at most {max} characters")).on_field(field));
    }
    Ok(text.to_owned())
}

/// `PUT /api/staff/owner/school/accounts/{term}`: publishes the term's fee and accounts (again: replaced),
/// this term's or an earlier one's, never a term still to come.
async fn put_accounts(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(term): Path<String>,
    Json(input): Json<AccountsInput>,
) -> Result<Json<PublishedAccounts>, ApiError> {
    let term = school_term(&state, &owner, &term).await?;
    if term > Term::of(state.clock.today()) {
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, "a term still to come has no accounts yet").on_field("term"));
    }
    let note = school_text(&input.note, "note")?;
    let AccountsInput { fee_fen, fee_per, income_fen, ingredients_fen, staff_fen, other_fen, .. } = input;
    let accounts = TermAccounts { term, fee_fen, fee_per, income_fen, ingredients_fen, staff_fen, other_fen };
    ApiError::check_fields(ErrorCode::InvalidRecord, &accounts.problems(!note.is_empty()))?;
    // Amounts past what the databases' integers hold are no school's accounts.
    if [fee_fen, income_fen, ingredients_fen, staff_fen, other_fen].iter().any(|&fen| i64::try_from(fen).is_err()) {
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, "an amount is too large"));
    }
    let now = state.clock.now_ms();
    if !state.store.put_accounts(&owner.code, &accounts, &note, now).await? {
        return Err(not_a_school(&owner.code));
    }
    Ok(Json(PublishedAccounts { accounts, note, published_ms: now }))
}

/// `PUT /api/staff/owner/school/survey/{term}`: sets the term's survey dates, or moves them — not once it
/// has closed, and not its first day once it has opened (parents have answered since).
async fn put_survey(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(term): Path<String>,
    Json(input): Json<SurveyInput>,
) -> Result<Json<OwnerSurvey>, ApiError> {
    let term = school_term(&state, &owner, &term).await?;
    let today = state.clock.today();
    let window = SurveyWindow { term, opens: input.opens, closes: input.closes };
    if !window.well_formed() {
        let message = format!("a survey opens and closes within its term ({} to {}), opening first", term.days().0, term.days().1);
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, message).with_fields(vec!["opens".into(), "closes".into()]));
    }
    if window.closes < today {
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, "a survey cannot close before today").on_field("closes"));
    }
    if let Some(earlier) = state.store.survey(&owner.code, term).await? {
        match earlier.window.state(today) {
            SurveyState::Closed => return Err(ApiError::conflict("the survey has closed: its dates stay as they were")),
            SurveyState::Open if earlier.window.opens != window.opens => {
                return Err(ApiError::conflict(format!("the survey opened on {}: that day stays", earlier.window.opens)).on_field("opens"));
            }
            _ => {}
        }
    }
    if !state.store.put_survey(&owner.code, &window, state.clock.now_ms()).await? {
        return Err(not_a_school(&owner.code));
    }
    Ok(Json(owner_survey(&state, &owner.code, term, today).await?.ok_or_else(|| ApiError::internal("a survey just set is not there"))?))
}

/// `PUT /api/staff/owner/school/survey/{term}/response`: the school's answer to the results, once the
/// survey has closed (again: replaced).
async fn put_response(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(term): Path<String>,
    Json(input): Json<SurveyResponseInput>,
) -> Result<Json<OwnerSurvey>, ApiError> {
    let term = school_term(&state, &owner, &term).await?;
    let today = state.clock.today();
    let text = school_text(&input.text, "text")?;
    if text.is_empty() {
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, "the answer has no text").on_field("text"));
    }
    let Some(survey) = state.store.survey(&owner.code, term).await? else {
        return Err(ApiError::not_found(format!("no survey in {}", term.key())));
    };
    if survey.window.state(today) != SurveyState::Closed {
        return Err(ApiError::conflict(format!("the survey closes on {}: its results are answered after", survey.window.closes)));
    }
    if !state.store.respond_survey(&owner.code, term, &text, state.clock.now_ms()).await? {
        return Err(ApiError::not_found(format!("no survey in {}", term.key())));
    }
    Ok(Json(owner_survey(&state, &owner.code, term, today).await?.ok_or_else(|| ApiError::internal("a survey just answered is not there"))?))
}
