//! What an owner's (or a device's) record and a roster entry need before they are kept: field problems,
//! which the server answers with and the app shows beside the field, in the reader's language. Wrong
//! practice (a short sample, a fever) is not refused: it is recorded and found by the checks.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{CheckCtx, KitchenRules, NewRecord, RecordBody, StaffInput};

/// What is wrong with a record's or a roster entry's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InputProblem {
    /// Claims a time later than now.
    TimeInFuture,
    /// Claims a time before the days the public can see.
    TimeTooOld,
    NobodyChecked,
    SamePersonTwice,
    /// Names a person not on the roster.
    UnknownStaff,
    /// A temperature no living person has.
    TemperatureUnlikely,
    MenuEmpty,
    NoDishes,
    /// A name, item, dish or text left empty.
    TextMissing,
    TextTooLong,
    InhibitionOver100,
    NoDuration,
    KeptBeforeTaken,
    /// Kept until a time further than the rules' longest keeping.
    KeptTooLong,
    /// Problems found, but not said which.
    FindingsMissing,
    /// A certificate that ends before it was issued, or lasts longer than the rules allow.
    CertificateDates,
    /// More people or dishes than the rules allow in one record.
    TooMany,
}

impl InputProblem {
    pub const ALL: [InputProblem; 17] = [
        InputProblem::TimeInFuture,
        InputProblem::TimeTooOld,
        InputProblem::NobodyChecked,
        InputProblem::SamePersonTwice,
        InputProblem::UnknownStaff,
        InputProblem::TemperatureUnlikely,
        InputProblem::MenuEmpty,
        InputProblem::NoDishes,
        InputProblem::TextMissing,
        InputProblem::TextTooLong,
        InputProblem::InhibitionOver100,
        InputProblem::NoDuration,
        InputProblem::KeptBeforeTaken,
        InputProblem::KeptTooLong,
        InputProblem::FindingsMissing,
        InputProblem::CertificateDates,
        InputProblem::TooMany,
    ];
}

fn texts<'a>(texts: impl IntoIterator<Item = &'a str>, rules: &KitchenRules, problems: &mut Vec<InputProblem>) {
    for text in texts {
        let chars = text.trim().chars().count();
        if chars == 0 {
            problems.push(InputProblem::TextMissing);
        } else if chars > usize::from(rules.text_max_chars) {
            problems.push(InputProblem::TextTooLong);
        }
    }
}

/// Every problem with a record before it is kept at `now_ms` (empty when it may be). People must be
/// on the roster (`ctx.roster`, active or not: a correction may name someone who has since left).
pub fn record_problems(record: &NewRecord, now_ms: i64, ctx: &CheckCtx) -> Vec<InputProblem> {
    let rules = ctx.rules;
    let mut problems = Vec::new();
    // The milliseconds themselves are bounded: a day worked out of an absurd time proves nothing.
    if record.at_ms > now_ms.saturating_add(i64::from(rules.clock_slack_minutes) * 60_000) {
        problems.push(InputProblem::TimeInFuture);
    }
    let first_day = super::day_of(now_ms).add_days(1 - i32::from(rules.calendar_days));
    if record.at_ms < first_day.start_ms(crate::CHINA_UTC_OFFSET_SECS) {
        problems.push(InputProblem::TimeTooOld);
    }
    let mut people: Vec<&str> = Vec::new();
    match &record.body {
        RecordBody::MorningCheck(check) => {
            if check.entries.is_empty() {
                problems.push(InputProblem::NobodyChecked);
            }
            if check.entries.len() > usize::from(rules.max_entries) {
                problems.push(InputProblem::TooMany);
            }
            let ids: Vec<&str> = check.entries.iter().map(|e| e.staff_id.as_str()).collect();
            let mut seen = HashSet::with_capacity(ids.len());
            if !ids.iter().all(|id| seen.insert(*id)) {
                problems.push(InputProblem::SamePersonTwice);
            }
            let (low, high) = rules.temperature_range_tenths;
            if check.entries.iter().any(|e| !(low..=high).contains(&e.temperature_tenths)) {
                problems.push(InputProblem::TemperatureUnlikely);
            }
            people.extend(ids);
        }
        RecordBody::Samples(s) => {
            if s.menu.is_empty() {
                problems.push(InputProblem::MenuEmpty);
            }
            if s.dishes.is_empty() {
                problems.push(InputProblem::NoDishes);
            }
            if s.menu.len().max(s.dishes.len()) > usize::from(rules.max_dishes) {
                problems.push(InputProblem::TooMany);
            }
            texts(s.menu.iter().chain(s.dishes.iter().map(|d| &d.dish)).map(String::as_str), rules, &mut problems);
            if s.keep_until_ms <= record.at_ms {
                problems.push(InputProblem::KeptBeforeTaken);
            } else if s.keep_until_ms.saturating_sub(record.at_ms) > i64::from(rules.sample_keep_max_days) * 86_400_000 {
                problems.push(InputProblem::KeptTooLong);
            }
            people.push(&s.taken_by);
            people.extend(s.disposed_by.as_deref());
        }
        RecordBody::Disinfection(d) => {
            if d.duration_s == 0 {
                problems.push(InputProblem::NoDuration);
            }
            people.push(&d.by);
        }
        RecordBody::PesticideTest(t) => {
            texts([t.sample.as_str()], rules, &mut problems);
            if t.inhibition_percent > 100 {
                problems.push(InputProblem::InhibitionOver100);
            }
            people.push(&t.by);
        }
        RecordBody::Purchase(p) => {
            let s = &p.supplier;
            texts([&p.item, &p.quantity, &p.batch, &p.shelf_life, &s.name, &s.licence].map(String::as_str), rules, &mut problems);
            if s.contact.chars().count() > usize::from(rules.text_max_chars) {
                problems.push(InputProblem::TextTooLong);
            }
        }
        RecordBody::SelfInspection(i) => {
            if i.problems && i.findings.trim().is_empty() {
                problems.push(InputProblem::FindingsMissing);
            } else if i.findings.chars().count() > usize::from(rules.long_text_max_chars) {
                problems.push(InputProblem::TextTooLong);
            }
            people.push(&i.by);
        }
    }
    if people.iter().any(|id| ctx.member(id).is_none()) {
        problems.push(InputProblem::UnknownStaff);
    }
    problems.dedup();
    problems
}

/// Every problem with a roster entry.
pub fn staff_problems(staff: &StaffInput, rules: &KitchenRules) -> Vec<InputProblem> {
    let mut problems = Vec::new();
    texts([staff.name.as_str(), staff.certificate.number.as_str()], rules, &mut problems);
    let c = &staff.certificate;
    if c.valid_until < c.issued || c.valid_until > c.issued.add_months(i32::from(rules.certificate_valid_months)) {
        problems.push(InputProblem::CertificateDates);
    }
    problems.dedup();
    problems
}
