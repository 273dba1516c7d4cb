//! Data from the regulator's supervision platform: a JSON file of whole units (licence, grade,
//! inspections, cameras), a CSV file of units' base facts, or one JSON record `PUT` by the platform.
//!
//! Every record is checked before anything is written, and every problem is reported with the record and
//! field it is in; a file with any problem changes nothing. The rest is written in one transaction, and a
//! unit whose stored data already says the same is not written at all, so importing a file again is a
//! no-op. See the README's "Importing data from the supervision platform". A unit's kitchen records
//! come as a batch of their own (`records.rs`).

mod check;
mod csv;
mod record;
mod records;

use std::collections::HashMap;
use std::path::Path;

use mingchu_types::{Day, GradeScheme, ImportProblem, ImportResult, NotGradedReason};

pub use check::{platform_key_ok, region_ok, unit_code_ok};
pub use record::ImportRecord;
pub use records::import_records;

use crate::store::{DynamicGradeData, GradeData, ImportBatch, ImportUnit, PlatformSensor, Store, StoreError};
use check::{check_record, Problems, Rules};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    /// By the file's extension: `.csv` is CSV, anything else JSON.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => Format::Json,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The records' problems, all of them; nothing was written.
    #[error("{} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<ImportProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Schemes every database can grade by, added by an import that needs them.
fn built_in_schemes() -> Vec<GradeScheme> {
    vec![GradeScheme::national()]
}

/// A unit first created from a CSV row has not been graded under the scheme: "not yet inspected" is
/// what is known. (`new_licence` would claim a licence the row does not have.)
fn new_unit_grade() -> GradeData {
    GradeData {
        scheme: GradeScheme::national().key,
        dynamic: DynamicGradeData::NotGraded { reason: NotGradedReason::NotInspected, until: None },
        annual: None,
    }
}

/// Imports a whole file: one result per unit, in the file's order.
pub async fn import_file(store: &dyn Store, bytes: &[u8], format: Format, today: Day, now_ms: i64) -> Result<Vec<ImportResult>, ImportError> {
    let units = match format {
        Format::Csv => {
            let units = csv::units_of_csv(bytes).map_err(ImportError::Invalid)?;
            let none = vec![vec![]; units.len()];
            (units, none)
        }
        Format::Json => {
            let records = record::records_of_file(bytes).map_err(|p| ImportError::Invalid(vec![p]))?;
            checked(store, records, today, true).await?
        }
    };
    write(store, &units.0, &units.1, now_ms).await
}

/// Imports one record sent for the unit `code` (the platform's `PUT`).
pub async fn import_one(store: &dyn Store, code: &str, bytes: &[u8], today: Day, now_ms: i64) -> Result<ImportResult, ImportError> {
    let record = record::record_of_body(bytes).map_err(|p| ImportError::Invalid(vec![p]))?;
    if record.unit.code != code {
        return Err(ImportError::Invalid(vec![ImportProblem::new(
            "unit.code",
            format!("{:?} is not the code in the path ({code:?})", record.unit.code),
        )]));
    }
    let (units, sensors) = checked(store, vec![Ok(record)], today, false).await?;
    let results = write(store, &units, &sensors, now_ms).await?;
    results.first().copied().ok_or_else(|| StoreError::Invalid("the store answered no result".into()).into())
}

/// The records as units to write and each unit's sensors, or every problem of every record. A file's records are named by index
/// (`units[3].region`), a single record's from its root (`region`).
async fn checked(
    store: &dyn Store,
    records: Vec<Result<ImportRecord, ImportProblem>>,
    today: Day,
    indexed: bool,
) -> Result<(Vec<ImportUnit>, Vec<Vec<PlatformSensor>>), ImportError> {
    let mut schemes = store.grade_schemes().await?;
    for scheme in built_in_schemes() {
        if !schemes.iter().any(|s| s.key == scheme.key) {
            schemes.push(scheme);
        }
    }
    let rules = Rules { schemes: &schemes, today };
    let mut problems = Vec::new();
    let mut first_with_code: HashMap<String, usize> = HashMap::new();
    let mut units = Vec::with_capacity(records.len());
    let mut sensors = Vec::with_capacity(records.len());
    for (n, record) in records.into_iter().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let prefix = if indexed { format!("units[{n}].") } else { String::new() };
        let mut p = Problems::new(&prefix, &mut problems);
        check_record(&record, &rules, &mut p);
        if let Some(first) = first_with_code.insert(record.unit.code.clone(), n) {
            p.add("unit.code", format!("{:?} is also the code of units[{first}]", record.unit.code));
        }
        let (unit, its_sensors) = record.into_unit();
        units.push(unit);
        sensors.push(its_sensors);
    }
    if problems.is_empty() {
        Ok((units, sensors))
    } else {
        Err(ImportError::Invalid(problems))
    }
}

/// Writes the units in one batch, then each unit's sensors (a unit whose sensors changed is updated).
async fn write(store: &dyn Store, units: &[ImportUnit], sensors: &[Vec<PlatformSensor>], now_ms: i64) -> Result<Vec<ImportResult>, ImportError> {
    let schemes = built_in_schemes();
    let new_grade = new_unit_grade();
    let batch = ImportBatch { schemes: &schemes, units, new_grade: &new_grade, now_ms };
    let mut results = store.import_units(&batch).await?;
    for ((unit, sensors), result) in units.iter().zip(sensors).zip(results.iter_mut()) {
        if sensors.is_empty() {
            continue;
        }
        let done = store.put_platform_sensors(unit.code(), sensors, now_ms).await?.unwrap_or_default();
        if *result == ImportResult::Unchanged && done.iter().any(|r| *r != ImportResult::Unchanged) {
            *result = ImportResult::Updated;
        }
    }
    // Every server on the database makes its open data again (this may be the command line).
    if results.iter().any(|r| *r != ImportResult::Unchanged) {
        crate::open_data::mark_changed(store).await?;
    }
    Ok(results)
}
