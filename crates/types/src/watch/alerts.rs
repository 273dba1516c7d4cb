//! An alert's life: raised by a camera's box or a sensor, 待核实 until the owner answers it (confirmed and
//! put right, with a note and a photo; or a false alarm, with a note) within the deadline, overdue when
//! nobody did, and a false alarm the regulator may overrule. The state is worked out from what is stored
//! and the time, never stored itself, so a deadline passes without anything running.

use serde::{Deserialize, Serialize};

use super::{AlertCategory, SensorKind, WatchRules};
use crate::wire::wire_names;
use crate::{KitchenArea, PhotoRef};

/// Where an alert stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// 待核实: nobody has looked yet, and the deadline has not passed.
    New,
    /// 已确认并整改.
    Confirmed,
    /// 误报.
    FalseAlarm,
    /// A "false alarm" the regulator found real (监管认定).
    Overruled,
    /// 逾期: not answered by its deadline.
    Overdue,
}

wire_names!(AlertState: New, Confirmed, FalseAlarm, Overruled, Overdue);

/// How the owner answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Confirmed,
    FalseAlarm,
}

wire_names!(Verdict: Confirmed, FalseAlarm);

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::FalseAlarm => "false_alarm",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        [Verdict::Confirmed, Verdict::FalseAlarm].into_iter().find(|v| v.as_str() == s)
    }
}

/// The times and answers an alert's state is worked out from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertFacts {
    /// When the server got it (UTC ms): the deadline runs from here, not from a box's clock.
    pub raised_ms: i64,
    /// The owner's answer and when it came.
    pub answered: Option<(Verdict, i64)>,
    /// Whether the regulator overruled a false alarm.
    pub overruled: bool,
}

impl AlertFacts {
    pub fn state(&self, now_ms: i64, rules: &WatchRules) -> AlertState {
        match self.answered {
            Some((Verdict::Confirmed, _)) => AlertState::Confirmed,
            Some((Verdict::FalseAlarm, _)) if self.overruled => AlertState::Overruled,
            Some((Verdict::FalseAlarm, _)) => AlertState::FalseAlarm,
            None if now_ms > rules.deadline_ms(self.raised_ms) => AlertState::Overdue,
            None => AlertState::New,
        }
    }

    /// Answered by its deadline (a late answer still answers it, but not in time).
    pub fn in_time(&self, rules: &WatchRules) -> bool {
        self.answered.is_some_and(|(_, at)| at <= rules.deadline_ms(self.raised_ms))
    }

    /// Found real: confirmed by the owner, or a false alarm the regulator overruled.
    pub fn confirmed(&self) -> bool {
        matches!(self.answered, Some((Verdict::Confirmed, _))) || self.overruled
    }
}

/// What raised an alert.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertSource {
    Camera {
        id: i64,
        area: KitchenArea,
    },
    Sensor {
        id: i64,
        kind: SensorKind,
        name: String,
    },
    /// The camera or sensor was removed since; its alerts stay.
    Removed,
}

/// An alert as the owner and the regulator see it (never the public: the snapshot shows staff, and the
/// notes may name them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAlert {
    /// `AL…`, made by the server.
    pub id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub source: AlertSource,
    pub category: AlertCategory,
    /// The box's confidence, in percent; absent for a sensor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_percent: Option<u8>,
    /// What it is about (UTC ms): the box's time of the sighting, or when the sensor left its range.
    pub at_ms: i64,
    /// When the server got it; the deadline runs from here.
    pub raised_ms: i64,
    /// The last sighting folded into it (the same camera and category again), or the excursion's last
    /// reading out of range; and how many sightings it holds.
    pub last_ms: i64,
    pub sightings: u32,
    /// A sensor's reading furthest out of range (tenths of °C).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_tenths: Option<i32>,
    pub deadline_ms: i64,
    pub state: AlertState,
    /// `GET /api/staff/alerts/{id}/snapshot` has the box's picture.
    pub snapshot: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrule: Option<OverruleView>,
}

/// The owner's answer, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub verdict: Verdict,
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<PhotoRef>,
    pub at_ms: i64,
    pub in_time: bool,
}

/// The regulator's overruling of a false alarm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverruleView {
    pub note: String,
    pub at_ms: i64,
    /// The regulator's display name.
    pub by: String,
}

/// `GET /api/staff/owner/alerts`: the unit's alerts of the public period, those waiting first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerAlerts {
    pub alerts: Vec<StaffAlert>,
    /// How many wait for an answer (new and overdue): the navigation's count.
    pub waiting: u32,
}

/// `POST /api/staff/owner/alerts/{id}/answer`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    pub verdict: Verdict,
    pub note: String,
    /// A photo from `POST /api/photos` of what was put right: required when confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
}

/// `POST /api/staff/regulator/alerts/{id}/overrule`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverruleInput {
    pub note: String,
}

/// `GET /api/staff/owner/alerts/waiting`: how many alerts wait for the owner (new or overdue), the
/// navigation's count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertsWaiting {
    pub waiting: u32,
}

/// What is wrong with an answer, as the `fields` of its 422.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerProblem {
    NoteMissing,
    NoteTooLong,
    PhotoMissing,
}

wire_names!(AnswerProblem: NoteMissing, NoteTooLong, PhotoMissing);

/// What an answer lacks: every answer has a note; "confirmed and put right" shows a photo of it.
pub fn answer_problems(input: &AnswerInput, rules: &WatchRules) -> Vec<AnswerProblem> {
    let mut problems = note_problems(&input.note, rules);
    if input.verdict == Verdict::Confirmed && input.photo.as_deref().is_none_or(|p| p.trim().is_empty()) {
        problems.push(AnswerProblem::PhotoMissing);
    }
    problems
}

/// A note is said in words, and not too many.
pub fn note_problems(note: &str, rules: &WatchRules) -> Vec<AnswerProblem> {
    let chars = note.trim().chars().count();
    if chars == 0 {
        vec![AnswerProblem::NoteMissing]
    } else if chars > usize::from(rules.note_max_chars) {
        vec![AnswerProblem::NoteTooLong]
    } else {
        vec![]
    }
}

/// The regulator's order: overdue first, then new, then the rest; the newest first within each.
pub fn regulator_order(alerts: &mut [StaffAlert]) {
    let rank = |s: AlertState| match s {
        AlertState::Overdue => 0,
        AlertState::New => 1,
        AlertState::FalseAlarm => 2,
        _ => 3,
    };
    alerts.sort_by(|a, b| rank(a.state).cmp(&rank(b.state)).then(b.raised_ms.cmp(&a.raised_ms)).then(a.id.cmp(&b.id)));
}

/// The owner's order: those waiting (overdue, then new) first, the newest first within each.
pub fn owner_order(alerts: &mut [StaffAlert]) {
    let waiting = |s: AlertState| !matches!(s, AlertState::Overdue | AlertState::New);
    alerts.sort_by(|a, b| waiting(a.state).cmp(&waiting(b.state)).then(b.raised_ms.cmp(&a.raised_ms)).then(a.id.cmp(&b.id)));
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn facts(answered: Option<(Verdict, i64)>, overruled: bool) -> AlertFacts {
        AlertFacts { raised_ms: 0, answered, overruled }
    }

    #[test]
    fn the_state_follows_the_answer_and_the_clock() {
        let r = WatchRules::national();
        assert_eq!(facts(None, false).state(24 * HOUR, &r), AlertState::New, "the deadline's own moment is in time");
        assert_eq!(facts(None, false).state(24 * HOUR + 1, &r), AlertState::Overdue);
        assert_eq!(facts(Some((Verdict::Confirmed, HOUR)), false).state(48 * HOUR, &r), AlertState::Confirmed);
        assert_eq!(facts(Some((Verdict::FalseAlarm, HOUR)), false).state(48 * HOUR, &r), AlertState::FalseAlarm);
        assert_eq!(facts(Some((Verdict::FalseAlarm, HOUR)), true).state(48 * HOUR, &r), AlertState::Overruled);
    }

    #[test]
    fn in_time_and_confirmed() {
        let r = WatchRules::national();
        assert!(facts(Some((Verdict::FalseAlarm, 24 * HOUR)), false).in_time(&r));
        assert!(!facts(Some((Verdict::Confirmed, 24 * HOUR + 1)), false).in_time(&r), "late");
        assert!(!facts(None, false).in_time(&r));
        assert!(facts(Some((Verdict::Confirmed, 1)), false).confirmed());
        assert!(facts(Some((Verdict::FalseAlarm, 1)), true).confirmed(), "overruled");
        assert!(!facts(Some((Verdict::FalseAlarm, 1)), false).confirmed());
    }

    #[test]
    fn an_answer_needs_a_note_and_a_confirmation_a_photo() {
        let r = WatchRules::national();
        let answer = |verdict, note: &str, photo: Option<&str>| AnswerInput { verdict, note: note.into(), photo: photo.map(Into::into) };
        assert_eq!(answer_problems(&answer(Verdict::FalseAlarm, "是猫，不是老鼠。", None), &r), vec![]);
        assert_eq!(answer_problems(&answer(Verdict::Confirmed, "已戴好口罩。", Some("abc")), &r), vec![]);
        assert_eq!(answer_problems(&answer(Verdict::Confirmed, " ", Some(" ")), &r), vec![AnswerProblem::NoteMissing, AnswerProblem::PhotoMissing]);
        let long = "长".repeat(501);
        assert_eq!(answer_problems(&answer(Verdict::FalseAlarm, &long, None), &r), vec![AnswerProblem::NoteTooLong]);
        assert_eq!(serde_json::to_string(&AnswerProblem::PhotoMissing).unwrap(), "\"photo_missing\"");
    }

    fn alert(id: &str, state: AlertState, raised_ms: i64) -> StaffAlert {
        StaffAlert {
            id: id.into(),
            unit_code: "u".into(),
            unit_name: "U".into(),
            source: AlertSource::Camera { id: 1, area: KitchenArea::Cooking },
            category: AlertCategory::NoMask,
            confidence_percent: Some(90),
            at_ms: raised_ms,
            raised_ms,
            last_ms: raised_ms,
            sightings: 1,
            worst_tenths: None,
            deadline_ms: raised_ms + 24 * HOUR,
            state,
            snapshot: true,
            answer: None,
            overrule: None,
        }
    }

    #[test]
    fn overdue_first_for_the_regulator_waiting_first_for_the_owner() {
        let mut list = vec![
            alert("a", AlertState::Confirmed, 5),
            alert("b", AlertState::New, 4),
            alert("c", AlertState::Overdue, 1),
            alert("d", AlertState::FalseAlarm, 3),
            alert("e", AlertState::New, 6),
        ];
        regulator_order(&mut list);
        assert_eq!(list.iter().map(|a| a.id.as_str()).collect::<String>(), "cebda");
        owner_order(&mut list);
        assert_eq!(list.iter().map(|a| a.id.as_str()).collect::<String>(), "ebcad");
    }

    #[test]
    fn a_staff_alert_round_trips() {
        let a = alert("AL1", AlertState::New, 7);
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""source":{"camera":{"id":1,"area":"cooking"}}"#), "{json}");
        assert_eq!(serde_json::from_str::<StaffAlert>(&json).unwrap(), a);
    }
}
