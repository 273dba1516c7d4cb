//! The supervision platform's import contract: the cameras it lists per unit, what became of each unit,
//! and the problems a refused file or record is answered with. The server's `import` command and its
//! `PUT /api/platform/units/{code}` speak this; the unit record itself is the server's `UnitData`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::KitchenArea;

/// A kitchen camera as the platform lists it. `key` is the platform's own name for the camera, stable
/// across imports: a camera is updated in place (same id, same token) while its key stays the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportCamera {
    /// 1–64 characters of `A–Z a–z 0–9 . _ -`, unique within the unit.
    pub key: String,
    pub area: KitchenArea,
    /// Shown to the public; `true` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// How late the public sees it, in seconds; the server's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_secs: Option<u32>,
    /// Public hours in China time, e.g. `06:00-21:00`; the server's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}

/// A kitchen sensor as the platform lists it: `key` is the platform's own name for it, stable across
/// imports (a sensor is renamed in place, keeping its id, token and readings, while its key stays).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportSensor {
    /// 1–64 characters of `A–Z a–z 0–9 . _ -`, unique within the unit.
    pub key: String,
    pub kind: crate::watch::SensorKind,
    /// What the unit calls it, shown to the public (1–40 characters): "1号冷藏柜".
    pub name: String,
}

/// What an import did to one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportResult {
    Created,
    Updated,
    /// The stored unit already said exactly this: nothing was written.
    Unchanged,
}

/// `PUT /api/platform/units/{code}`'s answer: `{"result": "unchanged"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformPutResponse {
    pub result: ImportResult,
}

/// What a whole file did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl ImportSummary {
    pub fn of(results: &[ImportResult]) -> ImportSummary {
        let count = |r| results.iter().filter(|&&x| x == r).count() as u32;
        ImportSummary { created: count(ImportResult::Created), updated: count(ImportResult::Updated), unchanged: count(ImportResult::Unchanged) }
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} created, {} updated, {} unchanged", self.created, self.updated, self.unchanged)
    }
}

/// One thing wrong with an imported record: where (`units[3].licence.valid_until` in a JSON file,
/// `line 4, column region` in a CSV file, `licence.valid_until` in a `PUT` body) and what, in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub at: String,
    pub message: String,
}

impl ImportProblem {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> ImportProblem {
        ImportProblem { at: at.into(), message: message.into() }
    }
}

/// `at: message`, the form the CLI prints and the API's error `fields` carry.
impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.at, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shapes() {
        let put = PlatformPutResponse { result: ImportResult::Unchanged };
        assert_eq!(serde_json::to_string(&put).unwrap(), r#"{"result":"unchanged"}"#);
        let camera: ImportCamera = serde_json::from_str(r#"{"key":"k1","area":"cooking"}"#).unwrap();
        assert_eq!(camera.public, None);
        assert!(serde_json::from_str::<ImportCamera>(r#"{"key":"k1","area":"cooking","delay":5}"#).is_err(), "unknown fields are refused");
    }

    #[test]
    fn summary_counts_and_reads() {
        use ImportResult::*;
        let s = ImportSummary::of(&[Created, Unchanged, Unchanged, Updated]);
        assert_eq!(s, ImportSummary { created: 1, updated: 1, unchanged: 2 });
        assert_eq!(s.to_string(), "1 created, 1 updated, 2 unchanged");
        assert_eq!(ImportProblem::new("units[3].region", "is not a region code").to_string(), "units[3].region: is not a region code");
    }
}
