//! A batch of one unit's kitchen records from the supervision platform (its devices: morning-check
//! machines, sample and disinfection cabinets) with the people they name: the body of `PUT
//! /api/platform/units/{code}/records` and, with `--unit`, a file for `mingchu-server import`. Every
//! entry is checked before anything is written (the contract's input problems, named by entry), then the
//! batch is written in one transaction: a device's record sent again changes nothing, a changed one is
//! its next version.

use mingchu_types::kitchen::{
    record_problems, staff_problems, CheckCtx, NewRecord, RecordImported, RecordsBatch, RecordsBatchResult, StaffInput, StaffMember,
};
use mingchu_types::ImportProblem;

use super::{platform_key_ok, ImportError};
use crate::http::error::wire_name;
use crate::kitchen::rules;
use crate::store::{DeviceVersion, Imported, NewVersion, Store};

/// The longest device name.
const MAX_DEVICE_CHARS: usize = 64;
/// The most records and people one batch may hold: a batch is written in one transaction, which holds
/// SQLite's only write lock (every diner's and owner's write waits for it); a backlog comes in batches.
const MAX_BATCH_RECORDS: usize = 1000;
const MAX_BATCH_STAFF: usize = 500;

/// Writes a batch for the unit `code` at `now_ms`: what became of each person and record, or `None`
/// for an unknown unit.
pub async fn import_records(store: &dyn Store, code: &str, bytes: &[u8], now_ms: i64) -> Result<Option<RecordsBatchResult>, ImportError> {
    let batch = batch_of(bytes).map_err(|p| ImportError::Invalid(vec![p]))?;
    for (field, count, most) in [("records", batch.records.len(), MAX_BATCH_RECORDS), ("staff", batch.staff.len(), MAX_BATCH_STAFF)] {
        if count > most {
            let message = format!("{count} entries: a batch holds at most {most} (send the rest in another)");
            return Err(ImportError::Invalid(vec![ImportProblem::new(field, message)]));
        }
    }
    let Some(unit) = store.unit(code).await? else { return Ok(None) };
    let staff: Vec<StaffMember> = batch
        .staff
        .iter()
        .map(|s| StaffMember {
            id: s.staff_id.clone(),
            name: s.name.trim().to_owned(),
            post: s.post,
            certificate: s.certificate.clone(),
            active: s.active,
        })
        .collect();
    // The batch's records may name people already on the roster or sent with them.
    let mut roster = store.roster(code).await?.members;
    roster.retain(|m| !staff.iter().any(|s| s.id == m.id));
    roster.extend(staff.iter().cloned());
    let ctx = CheckCtx { rules: rules(), unit_kind: unit.unit.kind, roster: &roster };

    let mut problems = Vec::new();
    for (n, s) in batch.staff.iter().enumerate() {
        let at = |field: &str| format!("staff[{n}]{field}");
        if !platform_key_ok(&s.staff_id) {
            problems.push(ImportProblem::new(at(".staff_id"), format!("{:?} is not a staff id: 1–64 characters of A–Z a–z 0–9 . _ -", s.staff_id)));
        }
        let input = StaffInput { name: s.name.clone(), post: s.post, certificate: s.certificate.clone(), active: s.active };
        problems.extend(staff_problems(&input, rules()).iter().map(|p| ImportProblem::new(at(""), name_of(p))));
    }
    for (n, r) in batch.records.iter().enumerate() {
        let at = |field: &str| format!("records[{n}]{field}");
        if !platform_key_ok(&r.device_record_id) {
            let message = format!("{:?} is not a device record id: 1–64 characters of A–Z a–z 0–9 . _ -", r.device_record_id);
            problems.push(ImportProblem::new(at(".device_record_id"), message));
        }
        let device = r.device.trim().chars().count();
        if device == 0 || device > MAX_DEVICE_CHARS || r.device.chars().any(char::is_control) {
            problems
                .push(ImportProblem::new(at(".device"), format!("the device's name: 1 to {MAX_DEVICE_CHARS} characters, none a control character")));
        }
        let record = NewRecord { client_id: r.device_record_id.clone(), at_ms: r.at_ms, body: r.body.clone() };
        problems.extend(record_problems(&record, now_ms, &ctx).iter().map(|p| ImportProblem::new(at(""), name_of(p))));
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    let versions: Vec<DeviceVersion> = batch
        .records
        .iter()
        .map(|r| DeviceVersion {
            device_record_id: &r.device_record_id,
            version: NewVersion { at_ms: r.at_ms, entered_ms: now_ms, device: Some(r.device.trim()), body: &r.body },
        })
        .collect();
    let problem = |at: String, message: String| Err(ImportError::Invalid(vec![ImportProblem::new(at, message)]));
    match store.import_kitchen(code, &staff, &versions, now_ms).await? {
        Imported::Done { staff, records } => {
            let records = batch
                .records
                .iter()
                .zip(records)
                .map(|(r, (id, result))| RecordImported { device_record_id: r.device_record_id.clone(), id, result })
                .collect();
            Ok(Some(RecordsBatchResult { staff, records }))
        }
        Imported::UnknownUnit => Ok(None),
        Imported::UnknownPhoto(n) => problem(format!("records[{n}].body"), "names a photo this server does not have (upload it first)".into()),
        Imported::OtherKind { index, stored } => {
            let id = &batch.records[index].device_record_id;
            problem(format!("records[{index}].body.kind"), format!("the device record {id:?} is a {} record", stored.as_str()))
        }
    }
}

/// A batch from JSON, or its first shape problem, named by its path (`records[2].body.kind`).
fn batch_of(bytes: &[u8]) -> Result<RecordsBatch, ImportProblem> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| ImportProblem::new("", format!("not JSON: {e}")))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ImportProblem::new(if path == "." { String::new() } else { path }, e.into_inner().to_string())
    })
}

fn name_of<P: serde::Serialize>(problem: &P) -> String {
    wire_name(problem).unwrap_or_default()
}
