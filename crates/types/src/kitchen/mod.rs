//! 今日后厨: the kitchen's own daily records (staff and health certificates, morning checks, food samples,
//! disinfection, pesticide tests, purchases, self-inspection), kept by the unit or its devices and shown to
//! the public apart from the regulator's records. One file per job: the rules as data (`rules`), the
//! records (`records`), the staff (`staff`), what a record's checks find (`checks`), what a day holds
//! (`days`), what input needs (`input`), what a regulator looks at (`attention`), what the public may see of a record (`public`) and what the API returns (`views`).

mod attention;
mod checks;
mod days;
mod input;
mod public;
mod records;
mod rules;
mod staff;
#[cfg(test)]
pub(crate) mod tests;
mod views;

pub use attention::*;
pub use checks::*;
pub use days::*;
pub use input::*;
pub use public::*;
pub use records::*;
pub use rules::*;
pub use staff::*;
pub use views::*;

use crate::wire::wire_names;
use serde::{Deserialize, Serialize};

/// The six kinds of daily record, in the order a card lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// 晨检.
    MorningCheck,
    /// 留样.
    Samples,
    /// 消毒.
    Disinfection,
    /// 农残快检.
    PesticideTest,
    /// 进货查验.
    Purchase,
    /// 企业自查.
    SelfInspection,
}

wire_names!(RecordKind: MorningCheck, Samples, Disinfection, PesticideTest, Purchase, SelfInspection);

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::MorningCheck,
        RecordKind::Samples,
        RecordKind::Disinfection,
        RecordKind::PesticideTest,
        RecordKind::Purchase,
        RecordKind::SelfInspection,
    ];

    /// The wire name, also used in the database.
    pub fn as_str(self) -> &'static str {
        ["morning_check", "samples", "disinfection", "pesticide_test", "purchase", "self_inspection"][self as usize]
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who wrote a record: a person at the unit ("单位自行记录") or one of its devices ("设备记录": a
/// morning-check machine, a sample cabinet, a disinfection cabinet), named as the platform names it.
///
/// Externally tagged (`"person"`, `{"device": {"name": …}}`), like every enum the visitors' app reads:
/// an internally tagged one costs it kilobytes of WebAssembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Person,
    Device { name: String },
}

/// One version of a record as stored. A correction is a new version of the same `id` (1 = the
/// original); the old versions stay and the trail shows each with the time the server got it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KitchenRecord {
    /// Made by the server, e.g. `KR…`.
    pub id: String,
    /// The time the record claims (UTC milliseconds).
    pub at_ms: i64,
    /// When the server got this version.
    pub entered_ms: i64,
    pub source: Source,
    pub version: u32,
    /// Tagged by kind on the wire: `{"kind": "samples", …}`.
    pub body: RecordBody,
    /// The first version's times, which 补录 is judged by (a correction is not a late entry, nor does
    /// it make one on time); absent on version 1, whose times are its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<FirstVersion>,
}

/// When a record's first version claimed to be and when the server got it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstVersion {
    pub at_ms: i64,
    pub entered_ms: i64,
}

impl KitchenRecord {
    pub fn kind(&self) -> RecordKind {
        self.body.kind()
    }

    /// The first version's times: this version's own when it is the first (or they are not known).
    pub fn first_version(&self) -> FirstVersion {
        self.first.unwrap_or(FirstVersion { at_ms: self.at_ms, entered_ms: self.entered_ms })
    }

    /// 补录: its first version was entered so long after the time that version claimed. Judged on the
    /// first version whichever this is, so that a later correction changes nothing of it.
    pub fn late(&self, rules: &KitchenRules) -> bool {
        let first = self.first_version();
        late(first.at_ms, first.entered_ms, rules)
    }
}

/// A record entered more than `rules.late_entry_minutes` after the time it claims is 补录.
pub fn late(at_ms: i64, entered_ms: i64, rules: &KitchenRules) -> bool {
    // Saturating: a stored time is bounded by the input rules, but this must not overflow whatever it is given.
    entered_ms.saturating_sub(at_ms) > i64::from(rules.late_entry_minutes) * 60_000
}
