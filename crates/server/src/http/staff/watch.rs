//! Alerts for staff: the owner sees the unit's alerts (those waiting first, with their count for the
//! navigation) and answers each once — confirmed and put right with a note and a photo, or a false alarm
//! with a note; the regulator sees the region's (overdue first) and may overrule a false alarm. The box's
//! snapshot is for the unit's owner and its regulators only.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use mingchu_types::watch::{
    answer_problems, note_problems, owner_order, regulator_order, AlertState, AlertsWaiting, AnswerInput, OverruleInput, OwnerAlerts, StaffAlert,
};
use mingchu_types::ErrorCode;

use super::session::{Owner, Regulator, Staff};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::http::watch::snapshot_file;
use crate::http::writes::unknown_photo;
use crate::store::staff::SessionAccount;
use crate::store::{AlertRecord, Answered, Overruled};
use crate::watch::{period_start, rules, staff_alert};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owner/alerts", get(owner_alerts))
        .route("/owner/alerts/waiting", get(waiting))
        .route("/owner/alerts/{id}/answer", post(answer))
        .route("/regulator/alerts", get(regulator_alerts))
        .route("/regulator/alerts/{id}/overrule", post(overrule))
        .route("/alerts/{id}/snapshot", get(snapshot))
}

fn waiting_count(alerts: &[StaffAlert]) -> u32 {
    alerts.iter().filter(|a| matches!(a.state, AlertState::New | AlertState::Overdue)).count() as u32
}

async fn unit_alerts(state: &AppState, code: &str) -> Result<Vec<StaffAlert>, ApiError> {
    let now = state.clock.now_ms();
    Ok(state.store.unit_alerts(code, period_start(now)).await?.into_iter().map(|a| staff_alert(a, now)).collect())
}

/// `GET /api/staff/owner/alerts`: the unit's alerts of the public period, those waiting first.
async fn owner_alerts(State(state): State<AppState>, Owner(owner): Owner) -> Result<Json<OwnerAlerts>, ApiError> {
    let mut alerts = unit_alerts(&state, &owner.code).await?;
    owner_order(&mut alerts);
    Ok(Json(OwnerAlerts { waiting: waiting_count(&alerts), alerts }))
}

/// `GET /api/staff/owner/alerts/waiting`: the navigation's count.
async fn waiting(State(state): State<AppState>, Owner(owner): Owner) -> Result<Json<AlertsWaiting>, ApiError> {
    Ok(Json(AlertsWaiting { waiting: waiting_count(&unit_alerts(&state, &owner.code).await?) }))
}

/// One of the unit's alerts as it stands now.
async fn alert_now(state: &AppState, id: &str) -> Result<StaffAlert, ApiError> {
    let alert = state.store.alert(id).await?.ok_or_else(no_such_alert)?;
    Ok(staff_alert(alert, state.clock.now_ms()))
}

fn no_such_alert() -> ApiError {
    ApiError::not_found("no such alert")
}

/// `POST /api/staff/owner/alerts/{id}/answer`: once; the same answer again (an outbox's repeat) is
/// answered as the first, another is a conflict.
async fn answer(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(id): Path<String>,
    Json(input): Json<AnswerInput>,
) -> Result<Json<StaffAlert>, ApiError> {
    ApiError::check_fields(ErrorCode::InvalidRecord, &answer_problems(&input, rules()))?;
    let note = input.note.trim();
    let photo = input.photo.as_deref().map(str::trim).filter(|p| !p.is_empty());
    match state.store.answer_alert(&owner.code, &id, input.verdict, note, photo, state.clock.now_ms()).await? {
        Answered::Done => {}
        Answered::NoSuchAlert => return Err(no_such_alert()),
        Answered::UnknownPhoto => return Err(unknown_photo()),
        Answered::Already(stored) if same_answer(&stored, &input, note, photo) => {}
        Answered::Already(_) => return Err(ApiError::conflict("the alert was answered already")),
    }
    Ok(Json(alert_now(&state, &id).await?))
}

fn same_answer(stored: &AlertRecord, input: &AnswerInput, note: &str, photo: Option<&str>) -> bool {
    stored.answer.as_ref().is_some_and(|(verdict, n, p, _)| *verdict == input.verdict && n == note && p.as_deref() == photo)
}

/// `GET /api/staff/regulator/alerts`: the region's alerts of the public period, overdue first.
async fn regulator_alerts(State(state): State<AppState>, Regulator(me): Regulator) -> Result<Json<Vec<StaffAlert>>, ApiError> {
    let now = state.clock.now_ms();
    let mut alerts: Vec<StaffAlert> = state.store.alerts_in(&me.scope, period_start(now)).await?.into_iter().map(|a| staff_alert(a, now)).collect();
    regulator_order(&mut alerts);
    Ok(Json(alerts))
}

/// `POST /api/staff/regulator/alerts/{id}/overrule`: a false alarm found real, with the regulator's note.
async fn overrule(
    State(state): State<AppState>,
    Regulator(me): Regulator,
    Path(id): Path<String>,
    Json(input): Json<OverruleInput>,
) -> Result<Json<StaffAlert>, ApiError> {
    ApiError::check_fields(ErrorCode::InvalidRecord, &note_problems(&input.note, rules()))?;
    match state.store.overrule_alert(&me.scope, &id, input.note.trim(), &me.name, state.clock.now_ms()).await? {
        Overruled::Done => Ok(Json(alert_now(&state, &id).await?)),
        Overruled::NoSuchAlert => Err(no_such_alert()),
        Overruled::NotFalseAlarm => Err(ApiError::conflict("only an alert answered as a false alarm may be overruled, once")),
    }
}

/// `GET /api/staff/alerts/{id}/snapshot`: the box's picture, for the unit's owner and its regulators.
async fn snapshot(State(state): State<AppState>, staff: Staff, Path(id): Path<String>) -> Result<Response, ApiError> {
    let alert = state.store.alert(&id).await?.ok_or_else(no_such_alert)?;
    let may = match &staff.account {
        SessionAccount::Owner(unit) => unit.code == alert.unit_code,
        SessionAccount::Regulator(r) => r.scope.covers(&alert.region),
    };
    if !may || !alert.snapshot {
        return Err(no_such_alert());
    }
    let bytes =
        state.media.get(&snapshot_file(&id)).await.map_err(ApiError::internal)?.ok_or_else(|| ApiError::not_found("the snapshot is missing"))?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"))], bytes).into_response())
}
