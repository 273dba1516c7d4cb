//! What a record's checks find: each threshold of the rules applied to one record, on the day it claims.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{CertificateState, CheckEntry, Disinfection, KitchenRecord, KitchenRules, PesticideTest, PublicPerson, RecordBody, Samples, StaffMember};
use crate::{Day, Tone, UnitKind, CHINA_UTC_OFFSET_SECS};

/// One person's morning check, as judged by [`CheckCtx::outcome`] and shown to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 合格.
    Fit,
    /// 调离.
    MovedOff,
    /// 健康证已过期: not fit for food work whatever the check said.
    CertificateExpired,
    /// 健康证未生效: likewise, checked before the day the certificate was issued.
    CertificateNotYetValid,
}

/// What a check is about, given to a record: the rules, the kind of unit and the whole roster (people
/// who left included, for old records), whose certificates are judged on the record's day.
#[derive(Clone, Copy, Debug)]
pub struct CheckCtx<'a> {
    pub rules: &'a KitchenRules,
    pub unit_kind: UnitKind,
    pub roster: &'a [StaffMember],
}

impl CheckCtx<'_> {
    pub fn member(&self, staff_id: &str) -> Option<&StaffMember> {
        self.roster.iter().find(|m| m.id == staff_id)
    }

    /// A person as the public sees them; one the roster does not know is `*`, of no post.
    pub fn person(&self, staff_id: &str) -> PublicPerson {
        self.member(staff_id).map_or_else(|| PublicPerson { name: super::mask_name(""), post: super::Post::Other }, StaffMember::public_person)
    }

    /// A known person's certificate on `day`.
    fn certificate(&self, staff_id: &str, day: Day) -> Option<CertificateState> {
        self.member(staff_id).map(|m| m.certificate_on(day, self.rules))
    }

    /// Whether a morning check finds a person fit: not with a fever, bad hands or a symptom (moved
    /// off), and not without a certificate valid that day (expired, or not issued yet).
    pub fn outcome(&self, entry: &CheckEntry, day: Day) -> Outcome {
        if entry.temperature_tenths >= self.rules.fever_tenths || !entry.hands_ok || !entry.symptoms.is_empty() {
            return Outcome::MovedOff;
        }
        match self.certificate(&entry.staff_id, day) {
            Some(CertificateState::Expired) => Outcome::CertificateExpired,
            Some(CertificateState::NotYetValid) => Outcome::CertificateNotYetValid,
            _ => Outcome::Fit,
        }
    }
}

/// The day (China time) a moment falls on.
pub fn day_of(ms: i64) -> Day {
    Day::from_unix_seconds(ms.div_euclid(1000), CHINA_UTC_OFFSET_SECS)
}

/// A measure a disinfection is judged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    TemperatureC,
    ChlorineMgL,
    Seconds,
}

/// Something a check found in a record. Public: a person is named only masked, and a morning check says
/// only that someone was moved off, never why (health details are private). Externally tagged, as the
/// visitors' app reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// 调离: moved off food work for the day (fever, hands or a symptom). The check doing its job.
    MovedOff {
        who: PublicPerson,
    },
    /// 健康证已过期: cannot be checked in as fit.
    CertificateExpired {
        who: PublicPerson,
    },
    /// 健康证未生效: checked before their certificate was issued, so not as fit either.
    CertificateNotYetValid {
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

/// The worst tone of some findings; good when there are none.
pub fn worst(findings: &[Finding]) -> Tone {
    findings.iter().map(Finding::tone).max_by_key(|t| *t as u8).unwrap_or(Tone::Good)
}

/// Everything the rules find in a record, judged on the day it claims.
pub fn findings(record: &KitchenRecord, ctx: &CheckCtx) -> Vec<Finding> {
    let rules = ctx.rules;
    let day = day_of(record.at_ms);
    let mut found = Vec::new();
    match &record.body {
        RecordBody::MorningCheck(check) => {
            if check.entries.is_empty() {
                found.push(Finding::NobodyChecked);
            }
            if check.entries.iter().any(|e| ctx.member(&e.staff_id).is_none()) {
                found.push(Finding::UnknownStaff);
            }
            for entry in &check.entries {
                let who = || ctx.person(&entry.staff_id);
                if ctx.outcome(entry, day) == Outcome::MovedOff {
                    found.push(Finding::MovedOff { who: who() });
                }
                match ctx.certificate(&entry.staff_id, day) {
                    Some(CertificateState::Expired) => found.push(Finding::CertificateExpired { who: who() }),
                    Some(CertificateState::NotYetValid) => found.push(Finding::CertificateNotYetValid { who: who() }),
                    _ => {}
                }
            }
        }
        RecordBody::Samples(samples) => sample_findings(samples, record.at_ms, rules, &mut found),
        RecordBody::Disinfection(d) => disinfection_findings(d, rules, &mut found),
        RecordBody::PesticideTest(test) => pesticide_findings(test, rules, &mut found),
        RecordBody::Purchase(_) => {}
        RecordBody::SelfInspection(inspection) => {
            if inspection.problems {
                found.push(Finding::ProblemsFound);
            }
        }
    }
    found
}

fn sample_findings(samples: &Samples, taken_ms: i64, rules: &KitchenRules, found: &mut Vec<Finding>) {
    let sampled: HashSet<&str> = samples.dishes.iter().map(|d| d.dish.trim()).collect();
    for dish in samples.menu.iter().filter(|m| !sampled.contains(m.trim())) {
        found.push(Finding::DishNotSampled { dish: dish.trim().to_owned() });
    }
    for dish in samples.dishes.iter().filter(|d| d.grams < rules.sample_min_grams) {
        found.push(Finding::SampleShort { dish: dish.dish.trim().to_owned(), grams: dish.grams, min: rules.sample_min_grams });
    }
    let kept_ms = samples.keep_until_ms.saturating_sub(taken_ms);
    if kept_ms < i64::from(rules.sample_keep_hours) * 3_600_000 {
        found.push(Finding::KeptTooShort { hours: kept_ms.max(0).div_euclid(3_600_000) as u32, min: rules.sample_keep_hours });
    }
}

fn disinfection_findings(d: &Disinfection, rules: &KitchenRules, found: &mut Vec<Finding>) {
    let Some(rule) = rules.method(d.method) else { return };
    let measures = [
        (Measure::TemperatureC, rule.min_temp_c.map(u32::from), d.temperature_c.map(u32::from)),
        (Measure::ChlorineMgL, rule.min_mg_per_l.map(u32::from), d.concentration_mg_l.map(u32::from)),
        (Measure::Seconds, Some(rule.min_seconds), Some(d.duration_s)),
    ];
    for (what, min, got) in measures {
        match (min, got) {
            (Some(_), None) => found.push(Finding::NotMeasured { what }),
            (Some(min), Some(got)) if got < min => found.push(Finding::BelowThreshold { what, got, min }),
            _ => {}
        }
    }
}

/// Whether a rapid test's inhibition rate is a positive.
pub fn positive(inhibition_percent: u8, rules: &KitchenRules) -> bool {
    inhibition_percent >= rules.pesticide_positive_percent
}

fn pesticide_findings(test: &PesticideTest, rules: &KitchenRules, found: &mut Vec<Finding>) {
    if !positive(test.inhibition_percent, rules) {
        return;
    }
    found.push(Finding::PositiveAwaitingRecheck { percent: test.inhibition_percent });
    match test.action {
        None => found.push(Finding::NoActionOnPositive),
        Some(super::BatchAction::Accepted) => found.push(Finding::PositiveAccepted),
        Some(_) => {}
    }
}
