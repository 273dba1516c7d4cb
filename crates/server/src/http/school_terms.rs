//! 伙食费公示 and a say each term, for parents (no account): a school canteen's published fee and
//! accounts, this term's survey (its results, public texts and the school's answer only once it has
//! closed), and a parent's answer, one per device per term. What the school's own page and the
//! regulator's list need of them is worked out here too ([`owner_terms`], [`survey_lapses`]).

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use mingchu_types::school::{
    survey_not_answered, survey_not_held, OwnerSurvey, PublicFees, PublicSurvey, PublishedAccounts, SurveyAnswer, SurveyAnswerInput, SurveyResults,
    SurveyState, Term,
};
use mingchu_types::{hold_reason, Day, ErrorBody, ErrorCode};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::device::seasoned_device;
use super::error::ApiError;
use super::extract::{Json, Path};
use super::limits::{ClientIp, Write};
use super::school::{not_a_school, rules, school_unit};
use super::writes::client_id;
use crate::store::{AnswerStored, NewAnswer, StoredSurvey, UnitRecord};
use crate::AppState;

/// The largest body of an answer (five scores and up to 500 characters).
const MAX_BODY: usize = 8 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(fees)).routes(routes!(survey)).routes(routes!(answer).layer(DefaultBodyLimit::max(MAX_BODY)))
}

/// The term before `term`.
pub fn previous_term(term: Term) -> Term {
    Term::of(term.days().0.add_days(-1))
}

/// `GET /api/units/{code}/school/fees`.
#[utoipa::path(
    get,
    path = "/units/{code}/school/fees",
    tag = "school",
    summary = "A school canteen's published fee and accounts (伙食费公示), this term's and the last",
    params(("code" = String, Path, description = "The unit's code")),
    responses(
        (status = 200, description = "The published terms", body = PublicFees),
        (status = 404, description = "No school or kindergarten canteen with that code", body = ErrorBody),
    )
)]
async fn fees(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<PublicFees>, ApiError> {
    Ok(Json(public_fees(&state, &code).await?.ok_or_else(|| not_a_school(&code))?))
}

/// This term's fee and accounts, then the last term's, as far as published; `None` for an unknown unit
/// or one that is not a school canteen.
pub async fn public_fees(state: &AppState, code: &str) -> Result<Option<PublicFees>, ApiError> {
    let Some(unit) = school_unit(state, code).await? else { return Ok(None) };
    let term = Term::of(state.clock.today());
    let mut terms = vec![];
    for t in [term, previous_term(term)] {
        terms.extend(state.store.accounts(code, t).await?);
    }
    Ok(Some(PublicFees { code: unit.unit.code, unit_name: unit.unit.name, term, terms }))
}

/// `GET /api/units/{code}/school/survey`: this term's survey as this device sees it.
#[utoipa::path(
    get,
    path = "/units/{code}/school/survey",
    tag = "school",
    summary = "This term's parents' survey as this device sees it (results once closed)",
    params(("code" = String, Path, description = "The unit's code"), ("mc_device" = Option<String>, Cookie, nullable = false, description = "The device cookie, to tell whether it answered")),
    responses(
        (status = 200, description = "The survey", body = PublicSurvey),
        (status = 404, description = "No school or kindergarten canteen with that code", body = ErrorBody),
    )
)]
async fn survey(State(state): State<AppState>, headers: HeaderMap, Path(code): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let survey = Json(public_survey(&state, &headers, &code).await?.ok_or_else(|| not_a_school(&code))?);
    // Whether this browser has answered is in it.
    Ok(([(header::CACHE_CONTROL, "private, no-cache"), (header::VARY, "Cookie")], survey))
}

/// This term's survey as the requesting device sees it, with the last term's closed one while this
/// term's has no results; `None` for an unknown unit or one that is not a school canteen.
pub async fn public_survey(state: &AppState, headers: &HeaderMap, code: &str) -> Result<Option<PublicSurvey>, ApiError> {
    let Some(unit) = school_unit(state, code).await? else { return Ok(None) };
    Ok(Some(survey_for(state, &unit, state.device_key.device(headers).as_deref()).await?))
}

async fn survey_for(state: &AppState, unit: &UnitRecord, device: Option<&str>) -> Result<PublicSurvey, ApiError> {
    let today = state.clock.today();
    let term = Term::of(today);
    let mut this = survey_of_term(state, unit, term, today, device).await?;
    if this.results.is_none() {
        let last = survey_of_term(state, unit, previous_term(term), today, None).await?;
        this.previous = last.results.is_some().then(|| Box::new(last));
    }
    Ok(this)
}

/// One term's survey as the public sees it: results, public texts and the school's answer once closed;
/// whether `device` answered while it is open.
async fn survey_of_term(state: &AppState, unit: &UnitRecord, term: Term, today: Day, device: Option<&str>) -> Result<PublicSurvey, ApiError> {
    let code = unit.unit.code.as_str();
    let stored = state.store.survey(code, term).await?;
    let survey_state = stored.as_ref().map(|s| s.window.state(today));
    let mut view = PublicSurvey {
        code: code.to_owned(),
        unit_name: unit.unit.name.clone(),
        term,
        window: stored.as_ref().map(|s| s.window),
        state: survey_state,
        results: None,
        texts: vec![],
        response: None,
        answered: false,
        previous: None,
    };
    match (stored, survey_state) {
        (Some(stored), Some(SurveyState::Closed)) => {
            let outcome = results(state, code, term).await?;
            view.results = Some(outcome.results);
            view.texts = outcome.public;
            view.response = stored.response.map(|(text, _)| text);
        }
        (Some(_), Some(SurveyState::Open)) => {
            if let Some(device) = device {
                view.answered = state.store.answered(code, term, device).await?.is_some();
            }
        }
        _ => {}
    }
    Ok(view)
}

/// A closed survey's counts and its free texts: those that passed screening, and those kept private.
struct Outcome {
    results: SurveyResults,
    public: Vec<String>,
    private: Vec<String>,
}

async fn results(state: &AppState, code: &str, term: Term) -> Result<Outcome, ApiError> {
    let answers = state.store.survey_answers(code, term).await?;
    let results = SurveyResults::of(&answers.iter().map(|a| a.answer.clone()).collect::<Vec<_>>(), rules());
    let (mut public, mut private) = (vec![], vec![]);
    for a in answers.into_iter().filter(|a| !a.answer.text.trim().is_empty()) {
        if a.hold.is_none() { &mut public } else { &mut private }.push(a.answer.text);
    }
    Ok(Outcome { results, public, private })
}

/// `POST /api/units/{code}/school/survey/answers`: a parent's answer, from a browser the unit's page gave
/// its device cookie. 201 stored; 200 the device's answer sent again (its `client_id`); 409 another
/// answer from the device this term; 422 when the survey is not open. The answer is this device's view
/// of the survey.
#[utoipa::path(
    post,
    path = "/units/{code}/school/survey/answers",
    tag = "writes",
    summary = "A parent's answer to this term's survey: one per device per term",
    params(("code" = String, Path, description = "The unit's code"), ("mc_device" = Option<String>, Cookie, nullable = false, description = "The device cookie a unit's page gave some seconds before")),
    request_body = SurveyAnswerInput,
    responses(
        (status = 200, description = "This device's answer sent again: the survey as it sees it", body = PublicSurvey),
        (status = 201, description = "The answer is stored: the survey as this device sees it", body = PublicSurvey),
        (status = 400, description = "A body that is not JSON, or a client_id empty or too long", body = ErrorBody),
        (status = 403, description = "No device cookie, or one given too recently", body = ErrorBody),
        (status = 404, description = "No school or kindergarten canteen with that code", body = ErrorBody),
        (status = 409, description = "This device answered this term's survey already", body = ErrorBody),
        (status = 413, description = "A body larger than this endpoint takes", body = ErrorBody),
        (status = 415, description = "Not sent as application/json", body = ErrorBody),
        (status = 422, description = "A body with a missing or wrong field, scores or text out of bounds, or a survey not open", body = ErrorBody),
        (status = 429, description = "Too many writes from this address or device: try again after Retry-After seconds", body = ErrorBody, headers(("Retry-After" = u64))),
    )
)]
async fn answer(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(input): Json<SurveyAnswerInput>,
) -> Result<(StatusCode, Json<PublicSurvey>), ApiError> {
    // Checked before the limits, as a vote is: a refused answer uses up none of a shared address.
    let device = seasoned_device(&state, &headers)?;
    state.allow(Write::Rating, ip, Some(&device.id))?;
    let client_id = client_id(&input.client_id)?;
    let answer = SurveyAnswer { scores: input.scores, text: input.text.trim().to_owned() };
    if !answer.well_formed(rules()) {
        let (lo, hi) = rules().score_range;
        let field = if answer.scores.iter().all(|s| (lo..=hi).contains(s)) { "text" } else { "scores" };
        let message = format!("each score is {lo} to {hi}, and the text at most {} characters", rules().note_max_chars);
        return Err(ApiError::unprocessable(ErrorCode::InvalidRecord, message).on_field(field));
    }
    let unit = school_unit(&state, &code).await?.ok_or_else(|| not_a_school(&code))?;
    let today = state.clock.today();
    let term = Term::of(today);
    let survey = state.store.survey(&code, term).await?;
    let status = match survey.as_ref().map(|s| s.window.state(today)) {
        Some(SurveyState::Open) => {
            let new = NewAnswer {
                unit_code: &code,
                term,
                device: &device.id,
                client_id,
                answer: &answer,
                hold: hold_reason(&answer.text),
                created_ms: state.clock.now_ms(),
            };
            match state.store.answer_survey(&new).await? {
                AnswerStored::New => StatusCode::CREATED,
                AnswerStored::Repeat => StatusCode::OK,
                AnswerStored::Other => return Err(ApiError::conflict("this device has answered this term's survey already")),
                AnswerStored::NoSurvey => return Err(not_open(survey.as_ref(), today)),
            }
        }
        // An outbox may send an answer again after the survey closed: the same answer is still the same.
        _ if state.store.answered(&code, term, &device.id).await?.as_deref() == Some(client_id) => StatusCode::OK,
        _ => return Err(not_open(survey.as_ref(), today)),
    };
    Ok((status, Json(survey_for(&state, &unit, Some(&device.id)).await?)))
}

/// A survey not open for answers (422), saying when it is.
fn not_open(survey: Option<&StoredSurvey>, today: Day) -> ApiError {
    let message = match survey.map(|s| (s.window, s.window.state(today))) {
        None => "the school has set no survey this term".to_owned(),
        Some((w, SurveyState::NotYetOpen)) => format!("the survey opens on {}", w.opens),
        Some((w, _)) => format!("the survey closed on {}", w.closes),
    };
    ApiError::unprocessable(ErrorCode::OutsideHours, message)
}

/// The school's own view of its term: the term's published accounts and its survey (answers so far; once
/// closed, the results with every free text, public and private, and the school's answer).
pub async fn owner_terms(state: &AppState, unit_code: &str, today: Day) -> Result<(Option<PublishedAccounts>, Option<OwnerSurvey>), ApiError> {
    let term = Term::of(today);
    let accounts = state.store.accounts(unit_code, term).await?;
    Ok((accounts, owner_survey(state, unit_code, term, today).await?))
}

/// A term's survey as its school sees it.
pub async fn owner_survey(state: &AppState, unit_code: &str, term: Term, today: Day) -> Result<Option<OwnerSurvey>, ApiError> {
    let Some(stored) = state.store.survey(unit_code, term).await? else { return Ok(None) };
    let survey_state = stored.window.state(today);
    let mut survey = OwnerSurvey {
        window: stored.window,
        state: survey_state,
        answers: state.store.answer_count(unit_code, term).await?,
        results: None,
        texts: vec![],
        private_texts: vec![],
        response: stored.response.map(|(text, _)| text),
    };
    if survey_state == SurveyState::Closed {
        let outcome = results(state, unit_code, term).await?;
        (survey.results, survey.texts, survey.private_texts) = (Some(outcome.results), outcome.public, outcome.private);
    }
    Ok(Some(survey))
}

/// For each of `unit_codes`: whether it has not held this term's survey (none set once the rules' days
/// have passed), and whether it has not answered it (closed without the school's answer).
pub async fn survey_lapses(state: &AppState, unit_codes: &[String], today: Day) -> Result<HashMap<String, (bool, bool)>, ApiError> {
    let term = Term::of(today);
    let surveys: HashMap<String, StoredSurvey> = state.store.surveys_in_term(term).await?.into_iter().collect();
    let rules = rules();
    Ok(unit_codes
        .iter()
        .map(|code| {
            let survey = surveys.get(code);
            let not_held = survey_not_held(rules, term, today, survey.is_some());
            let not_answered = survey.is_some_and(|s| survey_not_answered(&s.window, s.response.is_some(), today));
            (code.clone(), (not_held, not_answered))
        })
        .collect())
}
