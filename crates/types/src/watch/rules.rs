//! Every number alerts and sensors are judged by, as data: the usual values in [`WatchRules::national`];
//! a local variant (a 12-hour deadline, another fridge range) is another value of the same type, never code.

use serde::{Deserialize, Serialize};

use super::SensorKind;

/// A kind of sensor's allowed range (tenths of °C, either end open), how long it may stray before an
/// alert, and how long it may stay silent before it is offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SensorRule {
    pub kind: SensorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tenths: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tenths: Option<i32>,
    /// Out of range for longer than this (a door opened for a delivery, a defrost) raises an alert.
    pub grace_minutes: u16,
    /// Silent for longer than this: offline.
    pub offline_minutes: u16,
}

impl SensorRule {
    /// Whether a reading is within the range.
    pub fn in_range(&self, tenths: i32) -> bool {
        self.min_tenths.is_none_or(|min| tenths >= min) && self.max_tenths.is_none_or(|max| tenths <= max)
    }
}

/// Every number of alerts and sensors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchRules {
    /// An alert must be answered within this many hours of the server getting it.
    pub answer_hours: u16,
    /// The same camera and category again within this many minutes of its last is the same alert.
    pub duplicate_minutes: u16,
    /// The days the public counts cover (today included).
    pub public_days: u16,
    /// The days a sensor's share in range covers.
    pub in_range_days: u16,
    /// The hours of a sensor's chart, and the minutes each of its points stands for.
    pub chart_hours: u16,
    pub chart_step_minutes: u16,
    /// The longest note of an answer or an overruling, in characters.
    pub note_max_chars: u16,
    /// How far ahead of the server's clock a reading may claim to be, and how old a backlog's may be.
    pub clock_slack_minutes: u16,
    pub backlog_days: u16,
    /// The most readings one request may carry.
    pub max_readings: u16,
    pub sensors: Vec<SensorRule>,
}

impl WatchRules {
    /// The usual values: the ranges DOMAIN.md gives as typical (GB 31654-2021's cold chain, 专间 ≤ 25 °C);
    /// a disinfection cabinet reports each cycle's top temperature, which must reach 100 °C.
    pub fn national() -> WatchRules {
        let rule = |kind, min_tenths, max_tenths, grace_minutes, offline_minutes| SensorRule {
            kind,
            min_tenths,
            max_tenths,
            grace_minutes,
            offline_minutes,
        };
        WatchRules {
            answer_hours: 24,
            duplicate_minutes: 5,
            public_days: 30,
            in_range_days: 7,
            chart_hours: 24,
            chart_step_minutes: 15,
            note_max_chars: 500,
            clock_slack_minutes: 10,
            backlog_days: 7,
            max_readings: 1000,
            sensors: vec![
                rule(SensorKind::Refrigerator, Some(0), Some(80), 30, 30),
                rule(SensorKind::Freezer, None, Some(-180), 60, 30),
                rule(SensorKind::SampleRefrigerator, Some(0), Some(80), 30, 30),
                // A cycle or two a day: silent for a day and a half before it is offline, no grace.
                rule(SensorKind::DisinfectionCabinet, Some(1000), None, 0, 36 * 60),
                rule(SensorKind::ColdDishRoom, None, Some(250), 30, 30),
            ],
        }
    }

    /// The rule of a kind of sensor (a kind the rules do not list has no range and is never out of it).
    pub fn sensor(&self, kind: SensorKind) -> SensorRule {
        self.sensors.iter().find(|r| r.kind == kind).copied().unwrap_or(SensorRule {
            kind,
            min_tenths: None,
            max_tenths: None,
            grace_minutes: 0,
            offline_minutes: 30,
        })
    }

    /// When an alert the server got at `raised_ms` must be answered by.
    pub fn deadline_ms(&self, raised_ms: i64) -> i64 {
        raised_ms + i64::from(self.answer_hours) * 3_600_000
    }

    /// Whether a camera's alert at `at_ms` repeats one of the same category last seen at `last_ms`.
    pub fn repeats(&self, last_ms: i64, at_ms: i64) -> bool {
        (at_ms - last_ms).abs() <= i64::from(self.duplicate_minutes) * 60_000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_the_typical_ones() {
        let r = WatchRules::national();
        let fridge = r.sensor(SensorKind::Refrigerator);
        assert!(fridge.in_range(0) && fridge.in_range(80) && fridge.in_range(32));
        assert!(!fridge.in_range(-1) && !fridge.in_range(81));
        let freezer = r.sensor(SensorKind::Freezer);
        assert!(freezer.in_range(-180) && freezer.in_range(-250) && !freezer.in_range(-179));
        assert!(r.sensor(SensorKind::SampleRefrigerator).in_range(40));
        let cabinet = r.sensor(SensorKind::DisinfectionCabinet);
        assert!(cabinet.in_range(1200) && !cabinet.in_range(950));
        assert_eq!(cabinet.grace_minutes, 0);
        let room = r.sensor(SensorKind::ColdDishRoom);
        assert!(room.in_range(250) && !room.in_range(251) && room.in_range(-50));
        for kind in SensorKind::ALL {
            assert!(r.sensors.iter().any(|s| s.kind == kind), "{kind:?} has a rule");
        }
    }

    #[test]
    fn a_kind_without_a_rule_is_never_out_of_range() {
        let r = WatchRules { sensors: vec![], ..WatchRules::national() };
        assert!(r.sensor(SensorKind::Freezer).in_range(500));
    }

    #[test]
    fn the_deadline_is_a_day_and_repeats_are_within_five_minutes() {
        let r = WatchRules::national();
        assert_eq!(r.deadline_ms(1_000), 1_000 + 24 * 3_600_000);
        assert!(r.repeats(0, 5 * 60_000));
        assert!(!r.repeats(0, 5 * 60_000 + 1));
        assert!(r.repeats(5 * 60_000, 0), "a box's late report of an earlier sighting");
        let twelve = WatchRules { answer_hours: 12, ..WatchRules::national() };
        assert_eq!(twelve.deadline_ms(0), 12 * 3_600_000);
    }

    #[test]
    fn the_rules_round_trip_as_data() {
        let r = WatchRules::national();
        assert_eq!(serde_json::from_str::<WatchRules>(&serde_json::to_string(&r).unwrap()).unwrap(), r);
    }
}
