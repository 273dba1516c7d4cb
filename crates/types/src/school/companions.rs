//! 陪餐: a responsible adult ate the pupils' meal and says what it was like. Named by role only — never a
//! person's name, and never a pupil.

use serde::{Deserialize, Serialize};

use super::SchoolRules;
use crate::kitchen::Meal;
use crate::Day;

/// Who ate with the pupils.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompanionRole {
    /// 校长.
    Principal,
    /// 副校长.
    VicePrincipal,
    /// 值班教师.
    TeacherOnDuty,
    /// 家长代表.
    ParentRepresentative,
}

/// The four scores, each within [`SchoolRules::score_range`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scores {
    pub taste: u8,
    pub quantity: u8,
    pub temperature: u8,
    pub hygiene: u8,
}

/// One 陪餐 record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanionMeal {
    pub day: Day,
    pub meal: Meal,
    pub role: CompanionRole,
    pub scores: Scores,
    #[serde(default)]
    pub note: String,
}

/// What is wrong with a 陪餐 record as entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompanionProblem {
    ScoreOutOfRange,
    NoteTooLong,
    InFuture,
}

pub fn companion_problems(record: &CompanionMeal, today: Day, rules: &SchoolRules) -> Vec<CompanionProblem> {
    let s = record.scores;
    let (lo, hi) = rules.score_range;
    let mut problems = vec![];
    if [s.taste, s.quantity, s.temperature, s.hygiene].iter().any(|v| !(lo..=hi).contains(v)) {
        problems.push(CompanionProblem::ScoreOutOfRange);
    }
    if record.note.trim().chars().count() > usize::from(rules.note_max_chars) {
        problems.push(CompanionProblem::NoteTooLong);
    }
    if record.day > today {
        problems.push(CompanionProblem::InFuture);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_notes_and_days_are_checked() {
        let today: Day = "2026-11-30".parse().unwrap();
        let good = CompanionMeal {
            day: today,
            meal: Meal::Lunch,
            role: CompanionRole::Principal,
            scores: Scores { taste: 5, quantity: 4, temperature: 4, hygiene: 5 },
            note: "米饭偏硬".into(),
        };
        let rules = SchoolRules::national();
        assert!(companion_problems(&good, today, &rules).is_empty());
        let bad = CompanionMeal { day: today.add_days(1), scores: Scores { taste: 0, ..good.scores }, note: "长".repeat(501), ..good };
        assert_eq!(
            companion_problems(&bad, today, &rules),
            vec![CompanionProblem::ScoreOutOfRange, CompanionProblem::NoteTooLong, CompanionProblem::InFuture]
        );
    }
}
