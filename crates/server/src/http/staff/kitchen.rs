//! 今日后厨 for staff: the owner's checklist, records and corrections (each idempotent by the app's
//! `client_id`, so an outbox may send one again), the roster and its certificates; the regulator's list
//! of the region's units that need attention today. An owner reaches only its own unit's records and
//! people; a regulator only its region's units.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::Router;
use mingchu_types::kitchen::{
    day_of, record_problems, staff_problems, AttentionList, CheckCtx, CheckedRecord, KitchenRecord, NewRecord, OwnerToday, RosterEntry, StaffInput,
    StaffMember,
};
use mingchu_types::ErrorCode;

use super::session::{Owner, Regulator};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::http::writes::{client_id, fingerprint, key_reused, sha256_hex, unknown_photo, MAX_CLIENT_ID};
use crate::kitchen::{checked, roster_entries, rules};
use crate::store::staff::OwnerUnit;
use crate::store::{NewVersion, OwnerWrite, UnitRecord, Written};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owner/today", get(owner_today))
        .route("/owner/records", post(new_record))
        .route("/owner/records/{id}", post(correct_record))
        .route("/owner/staff", get(roster).post(add_staff))
        .route("/owner/staff/{id}", put(change_staff))
        .route("/regulator/today", get(attention))
}

/// The owner's unit as stored (its kind judges its records).
async fn unit_of(state: &AppState, owner: &OwnerUnit) -> Result<UnitRecord, ApiError> {
    state.store.unit(&owner.code).await?.ok_or_else(|| ApiError::not_found("no such unit"))
}

/// `GET /api/staff/owner/today`: the checklist.
async fn owner_today(State(state): State<AppState>, Owner(owner): Owner) -> Result<Json<OwnerToday>, ApiError> {
    let unit = unit_of(&state, &owner).await?;
    Ok(Json(crate::kitchen::owner_today(&*state.store, &unit, state.clock.today(), state.clock.now_ms()).await?))
}

/// `POST /api/staff/owner/records`: a new record (201, and the same answer to the same `client_id`).
async fn new_record(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Json(request): Json<NewRecord>,
) -> Result<(StatusCode, Json<CheckedRecord>), ApiError> {
    write(&state, &owner, None, &request).await
}

/// `POST /api/staff/owner/records/{id}`: a correction, the record's next version (the old ones stay).
async fn correct_record(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(id): Path<String>,
    Json(request): Json<NewRecord>,
) -> Result<(StatusCode, Json<CheckedRecord>), ApiError> {
    write(&state, &owner, Some(&id), &request).await
}

async fn write(
    state: &AppState,
    owner: &OwnerUnit,
    correcting: Option<&str>,
    request: &NewRecord,
) -> Result<(StatusCode, Json<CheckedRecord>), ApiError> {
    let client_id = client_id(&request.client_id)?;
    let unit = unit_of(state, owner).await?;
    let roster = state.store.roster(&owner.code).await?;
    let now = state.clock.now_ms();
    let ctx = CheckCtx { rules: rules(), unit_kind: unit.unit.kind, roster: &roster.on(day_of(request.at_ms)) };
    ApiError::check_fields(ErrorCode::InvalidRecord, &record_problems(request, now, &ctx))?;

    // The client id is the app's, unique to the draft: scoped to the unit, so two units' never meet.
    let key = format!("kitchen {} {client_id}", owner.id);
    let request_hash = fingerprint(&(correcting, request))?;
    let version = NewVersion { at_ms: request.at_ms, entered_ms: now, device: None, body: &request.body };
    let write = OwnerWrite { unit_code: &owner.code, correcting, key: &key, request_hash: &request_hash, version };
    let record: KitchenRecord = match state.store.write_record(&write).await? {
        Written::Done(record) => *record,
        Written::Repeat { response } => serde_json::from_str(&response).map_err(ApiError::internal)?,
        Written::KeyReused => return Err(key_reused()),
        Written::UnknownPhoto => return Err(unknown_photo()),
        Written::NoSuchRecord => return Err(ApiError::not_found(format!("the unit has no kitchen record {:?}", correcting.unwrap_or_default()))),
        Written::OtherKind(kind) => {
            return Err(ApiError::conflict(format!("the record is a {}: its correction must be one too", kind.as_str())).on_field("body"));
        }
    };
    Ok((StatusCode::CREATED, Json(checked(record, unit.unit.kind, &roster))))
}

/// `GET /api/staff/owner/staff`: the whole roster, expired and expiring certificates first.
async fn roster(State(state): State<AppState>, Owner(owner): Owner) -> Result<Json<Vec<RosterEntry>>, ApiError> {
    let roster = state.store.roster(&owner.code).await?;
    Ok(Json(roster_entries(roster.members, state.clock.today())))
}

/// `POST /api/staff/owner/staff`: a new person (201). With an `Idempotency-Key` (the outbox's), the
/// same key gives the same person again rather than a second one.
async fn add_staff(
    State(state): State<AppState>,
    Owner(owner): Owner,
    headers: HeaderMap,
    Json(input): Json<StaffInput>,
) -> Result<(StatusCode, Json<RosterEntry>), ApiError> {
    // The key names the person: sent again (with the same or an edited person) it is the same person.
    let key = match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(key)) => Some(key.trim()).filter(|k| !k.is_empty()),
        // Ignoring a key that is not plain text would add the person again on every retry.
        Some(Err(_)) => return Err(ApiError::bad_request("an Idempotency-Key is visible ASCII text")),
    };
    let id = match key {
        Some(key) if key.len() <= MAX_CLIENT_ID => format!("ST{}", &sha256_hex(format!("{} {key}", owner.id).as_bytes())[..16].to_uppercase()),
        Some(_) => return Err(ApiError::bad_request(format!("an Idempotency-Key is at most {MAX_CLIENT_ID} characters"))),
        None => format!("ST{}", &crate::cameras::new_token().map_err(ApiError::internal)?[..16].to_uppercase()),
    };
    let entry = put_staff(&state, &owner, id, input, false).await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// `PUT /api/staff/owner/staff/{id}`: a person's post or certificate changed, or their leaving.
async fn change_staff(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(id): Path<String>,
    Json(input): Json<StaffInput>,
) -> Result<Json<RosterEntry>, ApiError> {
    Ok(Json(put_staff(&state, &owner, id, input, true).await?))
}

async fn put_staff(state: &AppState, owner: &OwnerUnit, id: String, input: StaffInput, must_exist: bool) -> Result<RosterEntry, ApiError> {
    ApiError::check_fields(ErrorCode::InvalidRecord, &staff_problems(&input, rules()))?;
    let StaffInput { name, post, certificate, active } = input;
    let member = StaffMember { id, name: name.trim().to_owned(), post, certificate, active };
    if !state.store.put_staff(&owner.code, &member, must_exist, state.clock.now_ms()).await? {
        return Err(ApiError::not_found("no such person on the roster"));
    }
    Ok(RosterEntry { certificate: member.certificate_on(state.clock.today(), rules()), member })
}

/// `GET /api/staff/regulator/today`: the region's units with something to look at, most urgent first.
async fn attention(State(state): State<AppState>, Regulator(me): Regulator) -> Result<Json<AttentionList>, ApiError> {
    Ok(Json(crate::kitchen::attention(&*state.store, &me.scope, state.clock.today(), state.clock.now_ms()).await?))
}
