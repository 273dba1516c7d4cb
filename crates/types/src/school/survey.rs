//! A say each term: a survey the school opens and closes on dates it sets, one answer per device, results
//! public once it has closed, and the school's answer to them beside them.

use serde::{Deserialize, Serialize};

use super::{SchoolRules, Term};
use crate::Day;

/// What parents are asked to score, in this order.
pub const QUESTIONS: [Question; 5] = [Question::Taste, Question::Quantity, Question::Variety, Question::Hygiene, Question::Price];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Question {
    Taste,
    Quantity,
    Variety,
    Hygiene,
    Price,
}

/// A survey's dates (China days, both included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyWindow {
    pub term: Term,
    pub opens: Day,
    pub closes: Day,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyState {
    NotYetOpen,
    Open,
    /// Its results are public.
    Closed,
}

impl SurveyWindow {
    pub fn state(&self, today: Day) -> SurveyState {
        if today < self.opens {
            SurveyState::NotYetOpen
        } else if today <= self.closes {
            SurveyState::Open
        } else {
            SurveyState::Closed
        }
    }

    /// A window must lie within its term and not end before it begins.
    pub fn well_formed(&self) -> bool {
        let (first, last) = self.term.days();
        first <= self.opens && self.opens <= self.closes && self.closes <= last
    }
}

/// Whether a term has not held its survey by `today`: none set (`set` is false) once
/// [`SchoolRules::survey_set_within_days`] of the term have passed.
pub fn survey_not_held(rules: &SchoolRules, term: Term, today: Day, set: bool) -> bool {
    !set && term.days().0.days_until(today) >= i32::from(rules.survey_set_within_days)
}

/// Whether a survey has closed without the school's answer to its results.
pub fn survey_not_answered(window: &SurveyWindow, answered: bool, today: Day) -> bool {
    window.state(today) == SurveyState::Closed && !answered
}

/// One answer: a score per question (in [`QUESTIONS`]' order) and, if the parent wishes, a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswer {
    pub scores: [u8; 5],
    #[serde(default)]
    pub text: String,
}

impl SurveyAnswer {
    pub fn well_formed(&self, rules: &SchoolRules) -> bool {
        answer_problems(&self.scores, &self.text, rules).is_empty()
    }
}

/// What keeps an answer from being taken, for the form to point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerProblem {
    /// A question without a score in the rules' range (a form's "not chosen yet" is 0).
    ScoreMissing,
    /// The text is longer than the rules' `note_max_chars` (counted trimmed, in characters).
    TextTooLong,
}

/// Everything wrong with an answer's scores (in [`QUESTIONS`]' order) and text; empty when it may be taken.
pub fn answer_problems(scores: &[u8; 5], text: &str, rules: &SchoolRules) -> Vec<AnswerProblem> {
    let (lo, hi) = rules.score_range;
    let mut found = Vec::new();
    if !scores.iter().all(|s| (lo..=hi).contains(s)) {
        found.push(AnswerProblem::ScoreMissing);
    }
    if text.trim().chars().count() > usize::from(rules.note_max_chars) {
        found.push(AnswerProblem::TextTooLong);
    }
    found
}

/// A closed survey's results: how many answered, and per question how many gave each score (lowest first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub answers: u32,
    pub counts: Vec<Vec<u32>>,
}

impl SurveyResults {
    pub fn of(answers: &[SurveyAnswer], rules: &SchoolRules) -> SurveyResults {
        let (lo, hi) = rules.score_range;
        let width = usize::from(hi - lo) + 1;
        let mut counts = vec![vec![0; width]; QUESTIONS.len()];
        for answer in answers.iter().filter(|a| a.well_formed(rules)) {
            for (q, &score) in answer.scores.iter().enumerate() {
                counts[q][usize::from(score - lo)] += 1;
            }
        }
        SurveyResults { answers: counts.first().map_or(0, |c| c.iter().sum()), counts }
    }

    /// The share of answers scoring a question at the top two scores, in percent (rounded down).
    pub fn satisfied_percent(&self, question: usize) -> Option<u8> {
        let counts = self.counts.get(question)?;
        let total: u32 = counts.iter().sum();
        let top: u32 = counts.iter().rev().take(2).sum();
        (total > 0).then(|| (top * 100 / total) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_opens_and_closes_on_its_days_within_its_term() {
        let w = SurveyWindow { term: Term { year: 2026, autumn: true }, opens: day("2026-12-01"), closes: day("2026-12-14") };
        assert!(w.well_formed());
        assert_eq!(w.state(day("2026-11-30")), SurveyState::NotYetOpen);
        assert_eq!(w.state(day("2026-12-01")), SurveyState::Open);
        assert_eq!(w.state(day("2026-12-14")), SurveyState::Open);
        assert_eq!(w.state(day("2026-12-15")), SurveyState::Closed);
        assert!(!SurveyWindow { closes: day("2027-02-02"), ..w }.well_formed());
        assert!(!SurveyWindow { opens: day("2026-12-15"), ..w }.well_formed());
    }

    #[test]
    fn a_term_without_a_survey_lapses_after_its_days_and_a_closed_one_needs_an_answer() {
        let rules = SchoolRules::national();
        let term = Term { year: 2026, autumn: true };
        // 2026-09-01 plus 60 days.
        assert!(!survey_not_held(&rules, term, day("2026-10-30"), false));
        assert!(survey_not_held(&rules, term, day("2026-10-31"), false));
        assert!(!survey_not_held(&rules, term, day("2026-11-29"), true));
        let w = SurveyWindow { term, opens: day("2026-11-01"), closes: day("2026-11-14") };
        assert!(!survey_not_answered(&w, false, day("2026-11-14")));
        assert!(survey_not_answered(&w, false, day("2026-11-15")));
        assert!(!survey_not_answered(&w, true, day("2026-11-15")));
    }

    #[test]
    fn results_count_each_score_and_leave_out_what_is_not_well_formed() {
        let rules = SchoolRules::national();
        let answers = vec![
            SurveyAnswer { scores: [5, 4, 3, 5, 2], text: String::new() },
            SurveyAnswer { scores: [4, 4, 2, 5, 1], text: "菜量可以再多一点".into() },
            SurveyAnswer { scores: [0, 4, 2, 5, 1], text: String::new() },
        ];
        let r = SurveyResults::of(&answers, &rules);
        assert_eq!(r.answers, 2);
        assert_eq!(r.counts[0], vec![0, 0, 0, 1, 1]);
        assert_eq!(r.satisfied_percent(0), Some(100));
        assert_eq!(r.satisfied_percent(4), Some(0));
        assert_eq!(r.satisfied_percent(9), None);
        assert_eq!(SurveyResults::of(&[], &rules).satisfied_percent(0), None);
    }

    #[test]
    fn an_answer_needs_every_score_and_a_text_within_the_limit() {
        let rules = SchoolRules::national();
        assert_eq!(answer_problems(&[5, 4, 3, 2, 1], "", &rules), vec![]);
        assert_eq!(answer_problems(&[5, 4, 0, 2, 1], "", &rules), vec![AnswerProblem::ScoreMissing]);
        assert_eq!(answer_problems(&[5, 4, 3, 2, 6], "", &rules), vec![AnswerProblem::ScoreMissing]);
        let most = "字".repeat(usize::from(rules.note_max_chars));
        assert_eq!(answer_problems(&[1; 5], &format!("  {most}\n"), &rules), vec![]);
        assert_eq!(answer_problems(&[0; 5], &format!("{most}字"), &rules), vec![AnswerProblem::ScoreMissing, AnswerProblem::TextTooLong]);
    }
}
