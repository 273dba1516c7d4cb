//! What a record's checks find: each threshold of the rules applied to one record, on the day it claims.

use serde::{Deserialize, Serialize};

use super::{KitchenRules, PublicPerson, StaffMember};
use crate::{Tone, UnitKind};

/// What a check is about, given to a record: the rules, the kind of unit and the whole roster (people
/// who left included, for old records), whose certificates are judged on the record's day.
#[derive(Clone, Copy, Debug)]
pub struct CheckCtx<'a> {
    pub rules: &'a KitchenRules,
    pub unit_kind: UnitKind,
    pub roster: &'a [StaffMember],
}

/// A measure a disinfection is judged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    TemperatureC,
    ChlorineMgL,
    Seconds,
}

/// Something a check found in a record. Public: a person is named only masked, and a morning check says
/// only that someone was moved off, never why (health details are private).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// 调离: moved off food work for the day (fever, hands or a symptom). The check doing its job.
    MovedOff {
        who: PublicPerson,
    },
    /// 健康证已过期: cannot be checked in as fit.
    CertificateExpired {
        who: PublicPerson,
    },
    /// A person the roster does not know.
    UnknownStaff,
    /// A morning check with nobody in it.
    NobodyChecked,
    /// A dish on the menu without a sample.
    DishNotSampled {
        dish: String,
    },
    SampleShort {
        dish: String,
        grams: u16,
        min: u16,
    },
    /// Kept for fewer hours than the rules ask, counted from the time the samples were taken.
    KeptTooShort {
        hours: u32,
        min: u16,
    },
    /// A disinfection below its method's threshold.
    BelowThreshold {
        what: Measure,
        got: u32,
        min: u32,
    },
    /// A disinfection without the temperature or concentration its method is judged by.
    NotMeasured {
        what: Measure,
    },
    /// 阳性 · 待复检 (never "不合格": a rapid test is rechecked by a laboratory).
    PositiveAwaitingRecheck {
        percent: u8,
    },
    /// A positive with nothing said of the batch.
    NoActionOnPositive,
    /// A positive batch taken in.
    PositiveAccepted,
    /// A self-inspection that found problems (written in its findings).
    ProblemsFound,
}

impl Finding {
    pub fn tone(&self) -> Tone {
        match self {
            Finding::MovedOff { .. } => Tone::Good,
            Finding::UnknownStaff | Finding::NobodyChecked | Finding::PositiveAwaitingRecheck { .. } | Finding::ProblemsFound => Tone::Warning,
            _ => Tone::Bad,
        }
    }
}
