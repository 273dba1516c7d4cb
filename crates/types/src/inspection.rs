//! Supervision inspections (监督检查, SAMR Order No. 49) and their results record sheet.

use serde::{Deserialize, Serialize};

use crate::wire::wire_names;
use crate::{Day, Tone};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// 日常监督检查.
    Routine,
    /// 飞行检查.
    Unannounced,
    /// 体系检查.
    System,
    /// 专项检查.
    Special,
}

wire_names!(InspectionKind: Routine, Unannounced, System, Special);

/// 检查结果.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InspectionResult {
    /// 符合.
    Compliant,
    /// 基本符合.
    BasicallyCompliant,
    /// 不符合.
    NonCompliant,
}

wire_names!(InspectionResult: Compliant, BasicallyCompliant, NonCompliant);

impl InspectionResult {
    /// The 2016 rule of thumb: no problem → compliant; up to 8 general-item problems and no key item →
    /// basically compliant; more than 8, or any key item → non-compliant.
    pub fn by_rule_of_thumb(key_problems: usize, general_problems: usize) -> InspectionResult {
        match (key_problems, general_problems) {
            (0, 0) => InspectionResult::Compliant,
            (0, 1..=8) => InspectionResult::BasicallyCompliant,
            _ => InspectionResult::NonCompliant,
        }
    }

    pub fn tone(self) -> Tone {
        match self {
            InspectionResult::Compliant => Tone::Good,
            InspectionResult::BasicallyCompliant => Tone::Warning,
            InspectionResult::NonCompliant => Tone::Bad,
        }
    }
}

/// 结果处理.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InspectionOutcome {
    /// 通过.
    Passed,
    /// 书面限期整改.
    FixByDeadline,
    /// 立即停止经营.
    StopOperating,
}

wire_names!(InspectionOutcome: Passed, FixByDeadline, StopOperating);

impl InspectionOutcome {
    pub fn tone(self) -> Tone {
        match self {
            InspectionOutcome::Passed => Tone::Good,
            InspectionOutcome::FixByDeadline => Tone::Warning,
            InspectionOutcome::StopOperating => Tone::Bad,
        }
    }
}

/// One checklist item that had a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemProblem {
    /// The item's number on the checklist, e.g. `2.3`.
    pub item_no: String,
    pub description: String,
}

/// An inspection as listed: enough for a row in the history and the first screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionBrief {
    pub id: i64,
    pub date: Day,
    pub kind: InspectionKind,
    pub result: InspectionResult,
    pub outcome: InspectionOutcome,
    /// Number of items with problems (key + general).
    pub problem_count: u32,
}

/// The whole 监督检查结果记录表.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inspection {
    /// Given by the server; ignored on import, where the sheet number identifies an inspection.
    #[serde(default)]
    pub id: i64,
    pub date: Day,
    pub kind: InspectionKind,
    /// The sheet's own number.
    pub sheet_no: String,
    /// 本年度第 N 次检查.
    pub nth_this_year: u32,
    /// At least two inspectors sign.
    pub inspectors: Vec<String>,
    /// How many checklist items were checked in all.
    pub items_checked: u32,
    /// How many of them are key items (重点项).
    pub key_items_checked: u32,
    /// 重点项 with problems.
    pub key_problems: Vec<ItemProblem>,
    /// 一般项 with problems.
    pub general_problems: Vec<ItemProblem>,
    pub result: InspectionResult,
    pub outcome: InspectionOutcome,
    /// The deadline of a written order to fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_deadline: Option<Day>,
    /// When an inspector confirmed the fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_verified_on: Option<Day>,
    /// The score used for grading, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// 说明.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// 被检查单位意见.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_comments: Option<String>,
}

impl Inspection {
    pub fn brief(&self) -> InspectionBrief {
        InspectionBrief {
            id: self.id,
            date: self.date,
            kind: self.kind,
            result: self.result,
            outcome: self.outcome,
            problem_count: (self.key_problems.len() + self.general_problems.len()) as u32,
        }
    }
}

/// A unit is overdue for inspection when the latest one is older than this many months.
pub const INSPECTION_OVERDUE_MONTHS: i32 = 12;

/// Whole months since the last inspection when that is more than the overdue limit, else `None`.
pub fn months_overdue(last_inspected: Day, today: Day) -> Option<u32> {
    let months = last_inspected.whole_months_until(today);
    (months >= INSPECTION_OVERDUE_MONTHS && last_inspected.add_months(INSPECTION_OVERDUE_MONTHS) < today).then_some(months as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_of_thumb() {
        assert_eq!(InspectionResult::by_rule_of_thumb(0, 0), InspectionResult::Compliant);
        assert_eq!(InspectionResult::by_rule_of_thumb(0, 1), InspectionResult::BasicallyCompliant);
        assert_eq!(InspectionResult::by_rule_of_thumb(0, 8), InspectionResult::BasicallyCompliant);
        assert_eq!(InspectionResult::by_rule_of_thumb(0, 9), InspectionResult::NonCompliant);
        assert_eq!(InspectionResult::by_rule_of_thumb(1, 0), InspectionResult::NonCompliant);
    }

    #[test]
    fn overdue_after_twelve_months() {
        let d = |s: &str| s.parse::<Day>().unwrap();
        assert_eq!(months_overdue(d("2025-11-29"), d("2026-11-29")), None, "exactly 12 months is not yet overdue");
        assert_eq!(months_overdue(d("2025-11-28"), d("2026-11-29")), Some(12));
        assert_eq!(months_overdue(d("2025-02-10"), d("2026-11-29")), Some(21));
        assert_eq!(months_overdue(d("2026-06-01"), d("2026-11-29")), None);
    }
}
