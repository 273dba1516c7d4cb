//! What the public may see of a record: people masked (`张*` + post), the morning check's outcome but no
//! temperature or symptom, the supplier's name and licence but no contact, price or ticket. Separate
//! types, so that a private field cannot reach a public answer by accident.

use serde::{Deserialize, Serialize};

use super::{Disinfection, Meal, PesticideTest, PublicPerson, RecordKind, Samples, SelfInspection, Source};

/// One person's morning check as the public sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 合格.
    Fit,
    /// 调离.
    MovedOff,
    /// 健康证已过期: not fit for food work whatever the check said.
    CertificateExpired,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCheck {
    pub who: PublicPerson,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicMorningCheck {
    pub entries: Vec<PublicCheck>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSupplier {
    pub name: String,
    pub licence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPurchase {
    pub item: String,
    pub quantity: String,
    pub batch: String,
    pub shelf_life: String,
    pub supplier: PublicSupplier,
}

/// A record's body as the public sees it, tagged by kind like [`super::RecordBody`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicBody {
    MorningCheck(PublicMorningCheck),
    Samples(Samples<PublicPerson>),
    Disinfection(Disinfection<PublicPerson>),
    PesticideTest(PesticideTest<PublicPerson>),
    Purchase(PublicPurchase),
    SelfInspection(SelfInspection<PublicPerson>),
}

/// A record's newest version as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRecord {
    pub id: String,
    pub at_ms: i64,
    pub entered_ms: i64,
    /// 补录.
    pub late: bool,
    pub source: Source,
    pub version: u32,
    pub body: PublicBody,
}

impl PublicBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            PublicBody::MorningCheck(_) => RecordKind::MorningCheck,
            PublicBody::Samples(_) => RecordKind::Samples,
            PublicBody::Disinfection(_) => RecordKind::Disinfection,
            PublicBody::PesticideTest(_) => RecordKind::PesticideTest,
            PublicBody::Purchase(_) => RecordKind::Purchase,
            PublicBody::SelfInspection(_) => RecordKind::SelfInspection,
        }
    }
}

/// A line of a record's headline in a day's list: the data, never prose (the page words it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Headline {
    /// People checked, and how many of them are not fit for food work.
    MorningCheck {
        people: u32,
        not_fit: u32,
    },
    Samples {
        meal: Meal,
        dishes: u32,
    },
    Disinfection {
        target: super::Target,
        method: super::Method,
    },
    PesticideTest {
        sample: String,
        positive: bool,
    },
    Purchase {
        item: String,
        supplier: String,
    },
    SelfInspection {
        level: super::Level,
        problems: bool,
    },
}
