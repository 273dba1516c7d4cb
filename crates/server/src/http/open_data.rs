//! Open data over HTTP (issue 17): `GET /api/open-data`, the index (each file's rows, size, time and
//! columns, and the licence), and `GET /api/open-data/{file}`, a file as a download with `Last-Modified`
//! and a strong `ETag`, answered 304 to a reader that has it. The files are made by `open_data/`.

use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use mingchu_types::{ErrorBody, ErrorCode, OpenDataFile, OpenDataIndex, OPEN_DATA_LICENCE, OPEN_DATA_LICENCE_URL};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path};
use super::sharing::public;
use crate::answer_cache::{if_none_match, Coding};
use crate::open_data::{files, File, Files};
use crate::AppState;

/// How long a request waits for the first files after start before it is told to come back.
const FIRST_WAIT: Duration = Duration::from_secs(5);
/// When to come back then, in seconds.
const RETRY_AFTER_SECS: u64 = 5;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(index)).routes(routes!(file))
}

/// The files, or a 503 while the first ones are being made.
async fn made(state: &AppState) -> Result<std::sync::Arc<Files>, ApiError> {
    state.open_data.files(FIRST_WAIT).await.ok_or_else(|| ApiError {
        retry_after: Some(RETRY_AFTER_SECS),
        ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, "the open data files are being made: try again shortly")
    })
}

/// `GET /api/open-data`.
#[utoipa::path(
    get,
    path = "/open-data",
    tag = "open-data",
    summary = "The public records in bulk: the files (JSON and CSV), their columns and licence",
    params(("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The files to download", body = OpenDataIndex, headers(("ETag" = String))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
        (status = 503, description = "The files are being made just after start", body = ErrorBody,
         headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
async fn index(State(state): State<AppState>) -> Result<Response, ApiError> {
    let files = made(&state).await?;
    let index = OpenDataIndex {
        licence: OPEN_DATA_LICENCE.to_owned(),
        licence_url: OPEN_DATA_LICENCE_URL.to_owned(),
        schedule: "Made at start, once a day, and within seconds of every import; a file's generated_at changes only when its records do.".to_owned(),
        files: files
            .files
            .iter()
            .map(|f| OpenDataFile {
                name: f.name.clone(),
                dataset: f.dataset.to_owned(),
                format: f.format,
                rows: f.rows,
                bytes: f.bytes().len() as u64,
                generated_at: f.generated_at(),
                columns: files::columns(f.dataset),
            })
            .collect(),
    };
    Ok(public(Json(index)))
}

/// `GET /api/open-data/{file}`.
#[utoipa::path(
    get,
    path = "/open-data/{file}",
    tag = "open-data",
    summary = "One file of the public records: units, licences, grades or inspections, as JSON or CSV",
    params(
        ("file" = String, Path, example = "units.csv",
         description = "`{units|licences|grades|inspections}.{json|csv}`, as the index names them"),
        ("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer"),
        ("If-Modified-Since" = Option<String>, Header, nullable = false, description = "A Last-Modified from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The file, as a download: a JSON object with the licence, the time it was made and its rows \
                                      (`items`), or CSV with a byte-order mark and a header row",
         content((serde_json::Value = "application/json"), (String = "text/csv")),
         headers(
             ("ETag" = String, description = "Its tag, for If-None-Match"),
             ("Last-Modified" = String, description = "When its content was made"),
             ("Content-Disposition" = String, description = "attachment, with a file name"),
         )),
        (status = 304, description = "Not modified: If-None-Match named the current ETag, or it was not made since If-Modified-Since"),
        (status = 404, description = "No file of that name", body = ErrorBody),
        (status = 503, description = "The files are being made just after start", body = ErrorBody,
         headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
async fn file(State(state): State<AppState>, headers: HeaderMap, Path(name): Path<String>) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found(format!("no open data file {name:?}: see /api/open-data"));
    // Named before waiting: an unknown name is a 404 even while the first files are made.
    let known = name.split_once('.').is_some_and(|(set, ext)| mingchu_types::open_data_columns(set).is_some() && (ext == "json" || ext == "csv"));
    if !known {
        return Err(not_found());
    }
    let files = made(&state).await?;
    let file = files.get(&name).ok_or_else(not_found)?;
    Ok(send(file, &headers))
}

/// The file in the best coding the reader takes, or 304 when the reader has it.
fn send(file: &File, request: &HeaderMap) -> Response {
    let coding = Coding::preferred(request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let (coding, bytes, etag) = file.answer.encoded(coding);
    // If-None-Match, when sent, decides alone (RFC 9110 §13.1.3).
    let not_modified = if request.contains_key(header::IF_NONE_MATCH) {
        if_none_match(request, etag.to_str().unwrap_or(""))
    } else {
        request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .is_some_and(|since| since >= UNIX_EPOCH + Duration::from_secs(file.made_secs.max(0) as u64))
    };
    let mut response = if not_modified { StatusCode::NOT_MODIFIED.into_response() } else { Body::from(bytes.clone()).into_response() };
    let out = response.headers_mut();
    for (name, value) in &file.answer.headers {
        if !(not_modified && (name == header::CONTENT_TYPE || name == header::CONTENT_DISPOSITION)) {
            out.insert(name.clone(), value.clone());
        }
    }
    out.insert(header::ETAG, etag.clone());
    if let (false, Some(encoding)) = (not_modified, coding.header()) {
        out.insert(header::CONTENT_ENCODING, axum::http::HeaderValue::from_static(encoding));
    }
    response
}
