//! A sensor's readings: what a gateway sends (one or many, a backlog in any order), when readings out of
//! range make an alert (an excursion longer than the grace period), and the sensor's state now.

use serde::{Deserialize, Serialize};

use super::{SensorRule, WatchRules};
use crate::wire::wire_names;

/// One reading as a gateway sends it: when (its own clock, UTC ms) and the temperature in °C.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingInput {
    pub at_ms: i64,
    pub celsius: f64,
}

/// `POST /api/ingest/sensors/{id}/readings`: `{"at_ms": …, "celsius": 3.2}` or `{"readings": [ … ]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ReadingsInput {
    Many { readings: Vec<ReadingInput> },
    One(ReadingInput),
}

impl ReadingsInput {
    pub fn readings(&self) -> &[ReadingInput] {
        match self {
            ReadingsInput::Many { readings } => readings,
            ReadingsInput::One(one) => std::slice::from_ref(one),
        }
    }
}

/// The answer to a gateway: how many readings were new, how many it had sent before, and the alerts
/// they raised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingsReceived {
    pub stored: u32,
    pub repeated: u32,
    pub alerts: Vec<String>,
}

/// What is wrong with a gateway's readings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadingProblem {
    NoReadings,
    TooMany,
    /// Ahead of the server's clock by more than the slack.
    InFuture,
    /// Older than a backlog may be.
    TooOld,
    /// Not a temperature any kitchen has (−100 … 400 °C), or not a number.
    NotATemperature,
}

wire_names!(ReadingProblem: NoReadings, TooMany, InFuture, TooOld, NotATemperature);

/// The readings as stored (tenths of °C), or what is wrong with them (each problem once).
pub fn check_readings(input: &[ReadingInput], now_ms: i64, rules: &WatchRules) -> Result<Vec<(i64, i32)>, Vec<ReadingProblem>> {
    let mut problems = vec![];
    let mut add = |p| {
        if !problems.contains(&p) {
            problems.push(p)
        }
    };
    if input.is_empty() {
        add(ReadingProblem::NoReadings);
    }
    if input.len() > usize::from(rules.max_readings) {
        add(ReadingProblem::TooMany);
    }
    let mut out = Vec::with_capacity(input.len());
    for r in input {
        if r.at_ms > now_ms + i64::from(rules.clock_slack_minutes) * 60_000 {
            add(ReadingProblem::InFuture);
        }
        if r.at_ms < now_ms - i64::from(rules.backlog_days) * 86_400_000 {
            add(ReadingProblem::TooOld);
        }
        if !r.celsius.is_finite() || !(-100.0..=400.0).contains(&r.celsius) {
            add(ReadingProblem::NotATemperature);
            continue;
        }
        out.push((r.at_ms, (r.celsius * 10.0).round() as i32));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A run of readings out of range: from the first to the last of them, and the one furthest out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Excursion {
    pub from_ms: i64,
    pub to_ms: i64,
    pub worst_tenths: i32,
}

/// The runs of readings out of range (given in any order) that lasted longer than the grace period:
/// each is one alert. A run still under way counts as far as its last reading.
pub fn excursions(readings: &[(i64, i32)], rule: &SensorRule) -> Vec<Excursion> {
    let mut sorted = readings.to_vec();
    sorted.sort_unstable_by_key(|&(at, _)| at);
    let centre = match (rule.min_tenths, rule.max_tenths) {
        (Some(min), Some(max)) => (min + max) / 2,
        (Some(min), None) => min,
        (None, Some(max)) => max,
        (None, None) => 0,
    };
    let grace = i64::from(rule.grace_minutes) * 60_000;
    let mut out = vec![];
    let mut run: Option<Excursion> = None;
    for (at, tenths) in sorted {
        if rule.in_range(tenths) {
            out.extend(run.take());
            continue;
        }
        let r = run.get_or_insert(Excursion { from_ms: at, to_ms: at, worst_tenths: tenths });
        r.to_ms = at;
        if (tenths - centre).abs() > (r.worst_tenths - centre).abs() {
            r.worst_tenths = tenths;
        }
    }
    out.extend(run);
    out.retain(|e| e.to_ms - e.from_ms >= grace);
    out
}

/// Whether a sensor can be trusted now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SensorState {
    /// 正常.
    Normal,
    /// 超出范围 (its last reading).
    OutOfRange,
    /// 离线: silent for longer than its kind allows (or never heard from).
    Offline,
}

wire_names!(SensorState: Normal, OutOfRange, Offline);

/// A sensor's state from its last reading.
pub fn sensor_state(last: Option<(i64, i32)>, rule: &SensorRule, now_ms: i64) -> SensorState {
    match last {
        Some((at, _)) if now_ms - at > i64::from(rule.offline_minutes) * 60_000 => SensorState::Offline,
        None => SensorState::Offline,
        Some((_, tenths)) if rule.in_range(tenths) => SensorState::Normal,
        Some(_) => SensorState::OutOfRange,
    }
}

/// The readings of `[from, to)` as one point per step (the step's mean, tenths), at each step's start;
/// a step without readings has no point (the chart's line breaks there).
pub fn chart_points(readings: &[(i64, i32)], from_ms: i64, to_ms: i64, step_ms: i64) -> Vec<(i64, i32)> {
    let steps = ((to_ms - from_ms).max(0) / step_ms.max(1)) as usize + 1;
    let mut sums = vec![(0i64, 0i64); steps];
    for &(at, tenths) in readings {
        if (from_ms..to_ms).contains(&at) {
            let s = &mut sums[((at - from_ms) / step_ms.max(1)) as usize];
            s.0 += i64::from(tenths);
            s.1 += 1;
        }
    }
    sums.iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(i, (sum, n))| (from_ms + i as i64 * step_ms, (*sum as f64 / *n as f64).round() as i32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::SensorKind;

    const MIN: i64 = 60_000;

    #[test]
    fn one_reading_or_many() {
        let one: ReadingsInput = serde_json::from_str(r#"{"at_ms": 5, "celsius": 3.2}"#).unwrap();
        assert_eq!(one.readings(), &[ReadingInput { at_ms: 5, celsius: 3.2 }]);
        let many: ReadingsInput = serde_json::from_str(r#"{"readings": [{"at_ms": 5, "celsius": 3.2}, {"at_ms": 1, "celsius": -18}]}"#).unwrap();
        assert_eq!(many.readings().len(), 2);
    }

    #[test]
    fn readings_are_checked_and_kept_in_tenths() {
        let r = WatchRules::national();
        let now = 10 * 86_400_000;
        let ok = [ReadingInput { at_ms: now - 1, celsius: 3.24 }, ReadingInput { at_ms: now - 6 * 86_400_000, celsius: -18.06 }];
        assert_eq!(check_readings(&ok, now, &r), Ok(vec![(now - 1, 32), (now - 6 * 86_400_000, -181)]));
        let bad = [
            ReadingInput { at_ms: now + 11 * MIN, celsius: 3.0 },
            ReadingInput { at_ms: now - 8 * 86_400_000, celsius: 3.0 },
            ReadingInput { at_ms: now, celsius: f64::NAN },
            ReadingInput { at_ms: now, celsius: 1000.0 },
        ];
        assert_eq!(check_readings(&bad, now, &r), Err(vec![ReadingProblem::InFuture, ReadingProblem::TooOld, ReadingProblem::NotATemperature]));
        assert_eq!(check_readings(&[], now, &r), Err(vec![ReadingProblem::NoReadings]));
        let many = vec![ReadingInput { at_ms: now, celsius: 1.0 }; 1001];
        assert_eq!(check_readings(&many, now, &r), Err(vec![ReadingProblem::TooMany]));
    }

    #[test]
    fn an_excursion_longer_than_the_grace_is_one_alert_whatever_the_order() {
        let fridge = WatchRules::national().sensor(SensorKind::Refrigerator);
        // In range, then out for 40 minutes (worst 11.5 °C), back, then out for 10 minutes only.
        let mut readings: Vec<(i64, i32)> =
            vec![(0, 40), (10 * MIN, 90), (30 * MIN, 115), (50 * MIN, 95), (60 * MIN, 50), (70 * MIN, 100), (80 * MIN, 99)];
        let want = vec![Excursion { from_ms: 10 * MIN, to_ms: 50 * MIN, worst_tenths: 115 }];
        assert_eq!(excursions(&readings, &fridge), want);
        readings.reverse();
        assert_eq!(excursions(&readings, &fridge), want, "a backlog out of order");
        // Exactly the grace counts; a run still under way counts to its last reading.
        assert_eq!(excursions(&[(0, 90), (30 * MIN, 90)], &fridge).len(), 1);
        assert_eq!(excursions(&[(0, 90), (29 * MIN, 90)], &fridge), vec![]);
        // Too cold is out of range too; furthest from the middle is the worst.
        assert_eq!(excursions(&[(0, -20), (40 * MIN, -5)], &fridge)[0].worst_tenths, -20);
        let cabinet = WatchRules::national().sensor(SensorKind::DisinfectionCabinet);
        assert_eq!(excursions(&[(0, 850)], &cabinet).len(), 1, "no grace: one cool cycle is an alert");
    }

    #[test]
    fn state_is_offline_after_the_kinds_silence() {
        let fridge = WatchRules::national().sensor(SensorKind::Refrigerator);
        assert_eq!(sensor_state(Some((0, 32)), &fridge, 30 * MIN), SensorState::Normal);
        assert_eq!(sensor_state(Some((0, 32)), &fridge, 30 * MIN + 1), SensorState::Offline);
        assert_eq!(sensor_state(Some((0, 92)), &fridge, MIN), SensorState::OutOfRange);
        assert_eq!(sensor_state(None, &fridge, 0), SensorState::Offline);
    }

    #[test]
    fn the_chart_has_a_point_per_step_with_readings() {
        let readings = [(0, 30), (5 * MIN, 40), (20 * MIN, 90), (60 * MIN, 1)];
        assert_eq!(chart_points(&readings, 0, 60 * MIN, 15 * MIN), vec![(0, 35), (15 * MIN, 90)], "the end is not included");
    }
}
