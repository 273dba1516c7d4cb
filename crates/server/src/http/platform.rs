//! `PUT /api/platform/units/{code}`: the supervision platform pushes one unit's record, with its bearer
//! token (`mingchu-server platform-token`); `PUT /api/platform/units/{code}/records` a batch of the
//! unit's kitchen records (see `import/records.rs`). The record is checked and written exactly like a record of
//! an imported file: 200 `{"result": "created" | "updated" | "unchanged"}`, or 422 `invalid_import`
//! with every problem in `fields` as `field: message`; nothing is written unless all is well.

use axum::extract::{DefaultBodyLimit, FromRequestParts, State};
use axum::http::request::Parts;
use axum::routing::put;
use axum::Router;
use mingchu_types::kitchen::RecordsBatchResult;
use mingchu_types::{ErrorCode, ImportResult, PlatformPutResponse};

use super::error::ApiError;
use super::extract::{Body, Json, Path};
use crate::import::{import_one, import_records, ImportError};
use crate::{platform, AppState};

/// The largest record accepted: a unit with years of inspections is a few tens of KB.
const MAX_RECORD_BYTES: usize = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/platform/units/{code}", put(put_unit).layer(DefaultBodyLimit::max(MAX_RECORD_BYTES)))
        .route("/platform/units/{code}/records", put(put_records).layer(DefaultBodyLimit::max(MAX_RECORD_BYTES)))
}

/// The platform, having shown its current token. Checked from the headers, before the body is read.
pub struct Platform;

impl FromRequestParts<AppState> for Platform {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Platform, ApiError> {
        let token = super::extract::bearer(&parts.headers)
            .ok_or_else(|| ApiError::unauthorized("an Authorization: Bearer <platform token> header is required"))?;
        if !platform::token_opens(&*state.store, token).await? {
            return Err(ApiError::unauthorized("the token is not the platform's current one"));
        }
        Ok(Platform)
    }
}

/// `PUT /api/platform/units/{code}`.
async fn put_unit(
    State(state): State<AppState>,
    _: Platform,
    Path(code): Path<String>,
    Body(body): Body,
) -> Result<Json<PlatformPutResponse>, ApiError> {
    match import_one(&*state.store, &code, &body, state.clock.today(), state.clock.now_ms()).await {
        Ok(result) => {
            // The open data files are made again shortly (a burst of pushes, once).
            if result != ImportResult::Unchanged {
                state.open_data.changed();
            }
            Ok(Json(PlatformPutResponse { result }))
        }
        Err(e) => Err(refused(e)),
    }
}

/// `PUT /api/platform/units/{code}/records`: a batch of the unit's kitchen records and the people they
/// name; 200 with what became of each, 404 for an unknown unit, 422 `invalid_import` naming every problem.
async fn put_records(
    State(state): State<AppState>,
    _: Platform,
    Path(code): Path<String>,
    Body(body): Body,
) -> Result<Json<RecordsBatchResult>, ApiError> {
    match import_records(&*state.store, &code, &body, state.clock.now_ms()).await {
        Ok(Some(result)) => Ok(Json(result)),
        Ok(None) => Err(ApiError::unit_not_found(&code)),
        Err(e) => Err(refused(e)),
    }
}

/// An import that was not written: every problem as `field: message`, or a fault of ours.
fn refused(e: ImportError) -> ApiError {
    match e {
        ImportError::Invalid(problems) => {
            ApiError::unprocessable(ErrorCode::InvalidImport, format!("{} problem(s) in the record; nothing was written", problems.len()))
                .with_fields(problems.iter().map(ToString::to_string).collect())
        }
        ImportError::Store(e) => e.into(),
    }
}
