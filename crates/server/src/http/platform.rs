//! `PUT /api/platform/units/{code}`: the supervision platform pushes one unit's record, with its bearer
//! token (`mingchu-server platform-token`). The record is checked and written exactly like a record of
//! an imported file: 200 `{"result": "created" | "updated" | "unchanged"}`, or 422 `invalid_import`
//! with every problem in `fields` as `field: message`; nothing is written unless all is well.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use mingchu_types::{ErrorCode, PlatformPutResponse};

use super::api::path;
use super::ApiError;
use crate::import::{import_one, ImportError};
use crate::{platform, AppState};

/// The largest record accepted: a unit with years of inspections is a few tens of KB.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// The platform, having shown its current token. Checked from the headers, before the body is read.
pub struct Platform;

impl FromRequestParts<AppState> for Platform {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Platform, ApiError> {
        let token = super::bearer(&parts.headers).ok_or_else(|| unauthorized("an Authorization: Bearer <platform token> header is required"))?;
        if !platform::token_opens(&*state.store, token).await? {
            return Err(unauthorized("the token is not the platform's current one"));
        }
        Ok(Platform)
    }
}

pub async fn put_unit(
    State(state): State<AppState>,
    _: Platform,
    code: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PlatformPutResponse>, ApiError> {
    let code = path(code)?;
    let body = body.map_err(|e| ApiError { status: e.status(), ..ApiError::bad_request(e.body_text()) })?;
    match import_one(&*state.store, &code, &body, state.clock.today(), state.clock.now_ms()).await {
        Ok(result) => Ok(Json(PlatformPutResponse { result })),
        Err(ImportError::Invalid(problems)) => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::InvalidImport,
            message: format!("{} problem(s) in the record; nothing was written", problems.len()),
            fields: problems.iter().map(ToString::to_string).collect(),
            retry_after: None,
        }),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError { status: StatusCode::UNAUTHORIZED, code: ErrorCode::Unauthorized, message: message.into(), fields: vec![], retry_after: None }
}
