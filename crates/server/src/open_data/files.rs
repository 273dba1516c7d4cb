//! Open data's rows as the bytes served: each data set as JSON and as CSV, compressed once in every
//! coding a browser asks for, with its strong `ETag`s and its `Last-Modified`.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::http::{header, HeaderName, HeaderValue};
use bytes::Bytes;
use mingchu_types::{
    open_data_columns, OpenDataFormat, OpenDataJson, GRADE_ROW_COLUMNS, INSPECTION_ROW_COLUMNS, LICENCE_ROW_COLUMNS, OPEN_DATA_LICENCE,
    OPEN_DATA_LICENCE_URL, PUBLIC_CACHE_CONTROL, UNIT_ROW_COLUMNS,
};
use serde::Serialize;

use super::rows::Rows;
use crate::answer_cache::{Answer, Coding};
use crate::cameras::rfc3339;

/// The byte-order mark that tells spreadsheet programs a CSV file is UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// One downloadable file as made.
#[derive(Debug)]
pub struct File {
    /// `units.csv`.
    pub name: String,
    pub dataset: &'static str,
    pub format: OpenDataFormat,
    pub rows: u32,
    /// When its content was made (UTC seconds): its `Last-Modified`.
    pub made_secs: i64,
    /// Its bytes in every coding, their tags, and the headers sent with them.
    pub answer: Answer,
}

impl File {
    /// Its bytes as made (not compressed).
    pub fn bytes(&self) -> &Bytes {
        self.answer.encoded(Coding::Identity).1
    }

    /// When its content was made, RFC 3339.
    pub fn generated_at(&self) -> String {
        rfc3339(self.made_secs * 1000)
    }
}

/// Every file, two per data set.
#[derive(Debug, Default)]
pub struct Files {
    pub files: Vec<Arc<File>>,
}

impl Files {
    pub fn get(&self, name: &str) -> Option<&Arc<File>> {
        self.files.iter().find(|f| f.name == name)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The files of `rows`, made at `now_ms`. A data set whose rows are those of `previous` keeps its files
/// (their bytes, tags and time), so its `Last-Modified` says when its records last changed.
pub fn make(rows: Rows, now_ms: i64, previous: Option<&Files>) -> Result<Files, MakeError> {
    let mut files = Files::default();
    data_set(&mut files, "units", UNIT_ROW_COLUMNS, &rows.units, now_ms, previous)?;
    data_set(&mut files, "licences", LICENCE_ROW_COLUMNS, &rows.licences, now_ms, previous)?;
    data_set(&mut files, "grades", GRADE_ROW_COLUMNS, &rows.grades, now_ms, previous)?;
    data_set(&mut files, "inspections", INSPECTION_ROW_COLUMNS, &rows.inspections, now_ms, previous)?;
    Ok(files)
}

fn data_set<T: Serialize>(
    files: &mut Files,
    dataset: &'static str,
    columns: &[(&str, &str)],
    rows: &[T],
    now_ms: i64,
    previous: Option<&Files>,
) -> Result<(), MakeError> {
    let csv = to_csv(columns, rows)?;
    let name = |format: OpenDataFormat| format!("{dataset}.{}", format.extension());
    let before = previous.and_then(|p| Some((p.get(&name(OpenDataFormat::Csv))?, p.get(&name(OpenDataFormat::Json))?)));
    if let Some((old_csv, old_json)) = before {
        if **old_csv.bytes() == *csv {
            files.files.extend([old_json.clone(), old_csv.clone()]);
            return Ok(());
        }
    }
    // Later than the content it replaces, to the second (`Last-Modified`'s grain), even within a second
    // of it: an `If-Modified-Since` of the old content must not be answered 304.
    let made_secs = now_ms.div_euclid(1000).max(before.map_or(i64::MIN, |(old, _)| old.made_secs + 1));
    let json = serde_json::to_vec(&OpenDataJson {
        licence: OPEN_DATA_LICENCE.to_owned(),
        licence_url: OPEN_DATA_LICENCE_URL.to_owned(),
        generated_at: rfc3339(made_secs * 1000),
        items: rows.iter().collect::<Vec<_>>(),
    })?;
    let count = rows.len() as u32;
    for (format, bytes) in [(OpenDataFormat::Json, json), (OpenDataFormat::Csv, csv)] {
        let name = name(format);
        let answer = Answer::new(headers(&name, format, made_secs), Bytes::from(bytes), now_ms, &[Coding::Brotli, Coding::Gzip]);
        files.files.push(Arc::new(File { name, dataset, format, rows: count, made_secs, answer }));
    }
    Ok(())
}

/// RFC 4180: a header row (the data set's columns, in its rows' field order), CRLF line ends, fields
/// quoted when they need it; after a byte-order mark.
fn to_csv<T: Serialize>(columns: &[(&str, &str)], rows: &[T]) -> Result<Vec<u8>, MakeError> {
    let mut writer = csv::WriterBuilder::new().has_headers(false).terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    writer.write_record(columns.iter().map(|(name, _)| name))?;
    for row in rows {
        writer.serialize(row)?;
    }
    writer.into_inner().map_err(|e| MakeError::Csv(e.into_error().into()))
}

/// What every answer of a file carries, whatever its coding.
fn headers(name: &str, format: OpenDataFormat, made_secs: i64) -> Vec<(HeaderName, HeaderValue)> {
    let content_type = match format {
        OpenDataFormat::Json => "application/json",
        OpenDataFormat::Csv => "text/csv; charset=utf-8",
    };
    let last_modified = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(made_secs.max(0) as u64));
    let mut headers = vec![
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_CACHE_CONTROL)),
        (header::VARY, HeaderValue::from_static("Accept-Encoding")),
    ];
    // Names are ours (a data set and an extension) and dates ASCII: always valid header values.
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"mingchu-{name}\"")) {
        headers.push((header::CONTENT_DISPOSITION, value));
    }
    if let Ok(value) = HeaderValue::from_str(&last_modified) {
        headers.push((header::LAST_MODIFIED, value));
    }
    headers
}

/// The index's description of a file's columns.
pub fn columns(dataset: &str) -> Vec<mingchu_types::OpenDataColumn> {
    open_data_columns(dataset)
        .unwrap_or_default()
        .iter()
        .map(|(name, description)| mingchu_types::OpenDataColumn { name: (*name).to_owned(), description: (*description).to_owned() })
        .collect()
}
