//! What the regulator should look at today, unit by unit, most urgent first.

use super::{Attention, AttentionItem, AttentionList, Finding, KindState, Level, RecordKind, RosterSummary, TodayLine};
use crate::Day;

impl Attention {
    /// Its place in the order of urgency, most urgent first: nobody checked before serving, then a
    /// positive test on food, people at work without a valid certificate, samples, self-inspection.
    pub fn rank(&self) -> u32 {
        match self {
            Attention::NoMorningCheck => 0,
            Attention::PositiveAwaitingRecheck => 1,
            Attention::ExpiredCertificates { .. } => 2,
            Attention::SamplesMissing => 3,
            Attention::SamplesShort => 4,
            Attention::SelfInspectionOverdue { .. } => 5,
        }
    }
}

/// A unit's problems today: from its lines and today's findings, its roster, and the self-inspections
/// overdue (see [`super::inspection_overdue`]; today's daily one too, once its line is missing). Most
/// urgent first. Nothing on a day the unit does not cook and where nothing was recorded (a make-up day
/// with records is judged as any day).
pub fn attentions(lines: &[TodayLine], findings: &[Finding], roster: &RosterSummary, overdue: &[Level]) -> Vec<Attention> {
    if super::closed(lines) && lines.iter().all(|l| l.summary.records == 0) {
        return Vec::new();
    }
    let line = |kind| lines.iter().find(|l| l.kind == kind);
    let mut problems = Vec::new();
    if line(RecordKind::MorningCheck).is_some_and(|l| l.state == KindState::Missing) {
        problems.push(Attention::NoMorningCheck);
    }
    if roster.expired > 0 {
        problems.push(Attention::ExpiredCertificates { count: roster.expired });
    }
    if line(RecordKind::Samples).is_some_and(|l| l.state == KindState::Missing || l.summary.missing > 0) {
        problems.push(Attention::SamplesMissing);
    }
    if findings.iter().any(|f| matches!(f, Finding::SampleShort { .. } | Finding::DishNotSampled { .. } | Finding::KeptTooShort { .. })) {
        problems.push(Attention::SamplesShort);
    }
    if findings.iter().any(|f| matches!(f, Finding::PositiveAwaitingRecheck { .. })) {
        problems.push(Attention::PositiveAwaitingRecheck);
    }
    let mut overdue = overdue.to_vec();
    if line(RecordKind::SelfInspection).is_some_and(|l| l.state == KindState::Missing) && !overdue.contains(&Level::Daily) {
        overdue.insert(0, Level::Daily);
    }
    problems.extend(overdue.iter().map(|&level| Attention::SelfInspectionOverdue { level }));
    problems.sort_by_key(Attention::rank);
    problems
}

impl AttentionItem {
    /// A unit with something to look at (`None` when it has nothing). Its urgency orders units by their
    /// most urgent problem first, then the next: each rank weighs more than all below it together.
    pub fn new(code: String, name: String, region: String, problems: Vec<Attention>) -> Option<AttentionItem> {
        let urgency = problems.iter().map(|p| 1 << (5 - p.rank())).fold(0, |a, b| a | b);
        (!problems.is_empty()).then_some(AttentionItem { code, name, region, problems, urgency })
    }
}

impl AttentionList {
    /// The list, most urgent first (then by unit code, so it does not shuffle).
    pub fn new(day: Day, mut items: Vec<AttentionItem>) -> AttentionList {
        items.sort_by(|a, b| b.urgency.cmp(&a.urgency).then_with(|| a.code.cmp(&b.code)));
        AttentionList { day, items }
    }
}
