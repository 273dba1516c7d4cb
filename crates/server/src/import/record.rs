//! A JSON record from the supervision platform and the file that carries many. Each record is read on
//! its own, so one malformed record does not hide the problems of the others, and a shape error names
//! the field at fault (`units[3].licence.valid_until`), not a byte offset.

use mingchu_types::{ImportCamera, ImportProblem, ImportSensor, Inspection, Licence, Unit};
use serde::{Deserialize, Serialize};

use crate::cameras::DEFAULT_DELAY_SECS;
use crate::hours::{PublicHours, DEFAULT_HOURS};
use crate::store::{GradeData, ImportUnit, ImportedCamera, PlatformSensor, UnitData};

/// One unit as the platform sends it: [`UnitData`]'s fields and the unit's cameras. Written out rather
/// than flattened, so that serde can say which field is wrong and refuse unknown ones at this level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    pub unit: Unit,
    #[serde(default)]
    pub contact: Option<String>,
    pub region: String,
    #[serde(default)]
    pub licence: Option<Licence>,
    pub grade: GradeData,
    /// Identified by their sheet number; their `id`, if given, is ignored.
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    /// The unit's whole imported set of cameras; absent means none.
    #[serde(default)]
    pub cameras: Vec<ImportCamera>,
    /// The unit's sensors, matched by `key`: a listed one is added or renamed; one no longer listed
    /// stays, with its readings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensors: Vec<ImportSensor>,
}

/// A JSON import file: `{"units": [ … ]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportFile {
    units: Vec<serde_json::Value>,
}

impl ImportRecord {
    pub fn from_data(data: UnitData, cameras: Vec<ImportCamera>) -> ImportRecord {
        let UnitData { unit, contact, region, licence, grade, inspections } = data;
        ImportRecord { unit, contact, region, licence, grade, inspections, cameras, sensors: vec![] }
    }

    /// What the store writes, defaults resolved, and the unit's sensors. Call only on a record that
    /// passed the checks: hours that do not parse fall back to the default.
    pub fn into_unit(self) -> (ImportUnit, Vec<PlatformSensor>) {
        let sensors = self.sensors.into_iter().map(|s| PlatformSensor { source_id: s.key, kind: s.kind, name: s.name.trim().to_owned() }).collect();
        let cameras = self
            .cameras
            .into_iter()
            .map(|c| ImportedCamera {
                key: c.key,
                area: c.area,
                public: c.public.unwrap_or(true),
                delay_secs: c.delay_secs.unwrap_or(DEFAULT_DELAY_SECS),
                hours: c.hours.as_deref().and_then(|h| h.parse::<PublicHours>().ok()).unwrap_or(DEFAULT_HOURS),
            })
            .collect();
        let data = UnitData {
            unit: self.unit,
            contact: self.contact,
            region: self.region,
            licence: self.licence,
            grade: self.grade,
            inspections: self.inspections,
        };
        (ImportUnit::Full { data: Box::new(data), cameras }, sensors)
    }
}

/// One record from a JSON value, or the first shape problem in it, named under `prefix`.
pub fn record_from_value(value: serde_json::Value, prefix: &str) -> Result<ImportRecord, ImportProblem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        // The root's path prints as "."; a field's as "licence.valid_until".
        let at = if path == "." { prefix.trim_end_matches('.').to_owned() } else { format!("{prefix}{path}") };
        ImportProblem::new(at, e.into_inner().to_string())
    })
}

/// The records of a file, each as its value or its shape problem, by index; `Err` when the file is
/// not a JSON object with a `units` list at all.
pub fn records_of_file(bytes: &[u8]) -> Result<Vec<Result<ImportRecord, ImportProblem>>, ImportProblem> {
    let file: ImportFile =
        serde_json::from_slice(bytes).map_err(|e| ImportProblem::new("", format!("not an import file ({{\"units\": [ … ]}}): {e}")))?;
    Ok(file.units.into_iter().enumerate().map(|(n, value)| record_from_value(value, &format!("units[{n}]."))).collect())
}

/// A single record (a `PUT` body), problems named from the record's root.
pub fn record_of_body(bytes: &[u8]) -> Result<ImportRecord, ImportProblem> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| ImportProblem::new("", format!("not JSON: {e}")))?;
    record_from_value(value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_problems_name_the_record_and_field() {
        let file = br#"{"units": [
            {"unit": {"code": "lc-a-0001", "name": "x", "kind": "school_canteen", "address": "y"}, "region": "371502",
             "grade": {"scheme": "national-smiley", "dynamic": {"state": "not_graded", "reason": "not_inspected", "until": null}}},
            {"unit": {"code": "lc-a-0002", "name": "x", "kind": "bar", "address": "y"}, "region": "371502",
             "grade": {"scheme": "national-smiley", "dynamic": {"state": "not_graded", "reason": "not_inspected", "until": null}}},
            {"unit": {"code": "lc-a-0003", "name": "x", "kind": "school_canteen", "address": "y"}, "region": "371502", "colour": 1,
             "grade": {"scheme": "national-smiley", "dynamic": {"state": "not_graded", "reason": "not_inspected", "until": null}}},
            "nonsense"
        ]}"#;
        let records = records_of_file(file).unwrap();
        assert!(records[0].is_ok());
        let problems: Vec<ImportProblem> = records.into_iter().filter_map(Result::err).collect();
        assert_eq!(problems[0].at, "units[1].unit.kind");
        assert!(problems[0].message.contains("unknown variant `bar`"), "{}", problems[0].message);
        assert_eq!(problems[1].at, "units[2].colour");
        assert_eq!(problems[2].at, "units[3]");
    }

    #[test]
    fn a_file_that_is_not_one_is_one_problem() {
        assert!(records_of_file(b"[1, 2]").is_err());
        assert!(records_of_file(b"{\"units\": [}").is_err());
        assert!(records_of_file(b"{\"unit\": []}").is_err());
    }
}
