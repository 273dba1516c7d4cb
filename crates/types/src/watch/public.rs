//! What the public may see of alerts and sensors: counts, never a snapshot, a note or anyone's name.
//! The unit's first screen gets a brief of a few numbers (the visitors' app is small); the kitchen view
//! (`/u/{code}/live`, painted by the server) gets the counts by category and each sensor's reading, state,
//! share in range and chart.

use serde::{Deserialize, Serialize};

use super::{AlertCategory, AlertFacts, AlertState, SensorKind, SensorState, WatchRules};

/// The first screen's line: "30 天 AI 示警 12 次 · 11 次按时处置 · 1 次待核实 · 冷链 3 个探头 1 个异常".
/// Absent when the unit has neither an alert in the period nor a sensor. On the wire an array of its six
/// numbers in this order, `[days, alerts, in_time, open, sensors, sensors_bad]`: the app every visitor
/// loads decodes it, and a map of six names costs that app several times the code of an array of u32s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WatchBrief {
    /// The public period's days.
    pub days: u32,
    /// Alerts in the public period.
    pub alerts: u32,
    /// Of those, answered by their deadline.
    pub in_time: u32,
    /// Of those, nobody has answered yet (待核实, overdue ones included).
    pub open: u32,
    /// The unit's sensors, and how many are out of range or offline now.
    pub sensors: u32,
    pub sensors_bad: u32,
}

impl Serialize for WatchBrief {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.days, self.alerts, self.in_time, self.open, self.sensors, self.sensors_bad].serialize(s)
    }
}

impl<'de> Deserialize<'de> for WatchBrief {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WatchBrief, D::Error> {
        let [days, alerts, in_time, open, sensors, sensors_bad] = <[u32; 6]>::deserialize(d)?;
        Ok(WatchBrief { days, alerts, in_time, open, sensors, sensors_bad })
    }
}

/// Alerts counted: all of the public period's, or one category's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub alerts: u32,
    pub in_time: u32,
    /// Found real: confirmed, or a false alarm the regulator overruled.
    pub confirmed: u32,
    /// Not answered yet (待核实).
    pub open: u32,
    /// Not answered by the deadline (answered late, or still open).
    pub overdue: u32,
}

/// The alerts of one category in the public period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: AlertCategory,
    pub counts: Counts,
}

impl Counts {
    fn add(&mut self, facts: &AlertFacts, now_ms: i64, rules: &WatchRules) {
        self.alerts += 1;
        self.in_time += u32::from(facts.in_time(rules));
        self.confirmed += u32::from(facts.confirmed());
        self.open += u32::from(facts.answered.is_none());
        self.overdue += u32::from(!facts.in_time(rules) && (facts.answered.is_some() || facts.state(now_ms, rules) == AlertState::Overdue));
    }
}

/// A sensor as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSensor {
    pub kind: SensorKind,
    /// What the unit calls it ("1号冷藏柜").
    pub name: String,
    pub state: SensorState,
    /// The last reading (tenths of °C) and when it was taken (UTC ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<(i64, i32)>,
    /// The kind's range (tenths of °C), for the chart's band and "0–8 °C".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tenths: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tenths: Option<i32>,
    /// Share of the readings of the last [`WatchRules::in_range_days`] in range, permille; absent without any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_range_permille: Option<u16>,
    /// The chart: one point per step of the last [`WatchRules::chart_hours`], (UTC ms, tenths of °C).
    pub chart: Vec<(i64, i32)>,
}

/// `GET /api/units/{code}/watch`: the kitchen view's alerts and sensors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicWatch {
    pub days: u16,
    pub total: Counts,
    /// Only the categories with an alert, in [`AlertCategory::ALL`] order.
    pub categories: Vec<CategoryCount>,
    pub sensors: Vec<PublicSensor>,
    /// The chart's span (UTC ms).
    pub chart_from_ms: i64,
    pub chart_to_ms: i64,
}

/// The period's counts by category, and their total.
pub fn count_alerts(alerts: &[(AlertCategory, AlertFacts)], now_ms: i64, rules: &WatchRules) -> (Counts, Vec<CategoryCount>) {
    let mut total = Counts::default();
    let mut by: Vec<CategoryCount> = AlertCategory::ALL.iter().map(|&category| CategoryCount { category, counts: Counts::default() }).collect();
    for (category, facts) in alerts {
        total.add(facts, now_ms, rules);
        by[*category as usize].counts.add(facts, now_ms, rules);
    }
    by.retain(|c| c.counts.alerts > 0);
    (total, by)
}

/// The first screen's brief from the counts and the sensors' states; `None` when there is nothing to say.
pub fn brief(days: u16, total: &Counts, sensors: &[SensorState]) -> Option<WatchBrief> {
    if total.alerts == 0 && sensors.is_empty() {
        return None;
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Some(WatchBrief {
        days: days.into(),
        alerts: total.alerts,
        in_time: total.in_time,
        open: total.open,
        sensors: count(sensors.len()),
        sensors_bad: count(sensors.iter().filter(|s| **s != SensorState::Normal).count()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::Verdict;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn counts_by_category() {
        let r = WatchRules::national();
        let now = 100 * HOUR;
        let f = |raised_ms, answered, overruled| AlertFacts { raised_ms, answered, overruled };
        let alerts = [
            (AlertCategory::Rodent, f(0, Some((Verdict::FalseAlarm, HOUR)), false)),
            (AlertCategory::Rodent, f(0, Some((Verdict::FalseAlarm, HOUR)), true)),
            (AlertCategory::NoMask, f(0, Some((Verdict::Confirmed, 30 * HOUR)), false)),
            (AlertCategory::NoMask, f(0, None, false)),
            (AlertCategory::NoMask, f(now - HOUR, None, false)),
        ];
        let (total, by) = count_alerts(&alerts, now, &r);
        assert_eq!(total, Counts { alerts: 5, in_time: 2, confirmed: 2, open: 2, overdue: 2 });
        assert_eq!(by.iter().map(|c| c.category).collect::<Vec<_>>(), vec![AlertCategory::NoMask, AlertCategory::Rodent]);
        assert_eq!(by[0].counts, Counts { alerts: 3, in_time: 0, confirmed: 1, open: 2, overdue: 2 });
        assert_eq!(by[1].counts, Counts { alerts: 2, in_time: 2, confirmed: 1, open: 0, overdue: 0 });

        let b = brief(30, &total, &[SensorState::Normal, SensorState::Offline]).unwrap();
        assert_eq!(b, WatchBrief { days: 30, alerts: 5, in_time: 2, open: 2, sensors: 2, sensors_bad: 1 });
        assert_eq!(brief(30, &Counts::default(), &[]), None);
        assert_eq!(serde_json::to_string(&b).unwrap(), "[30,5,2,2,2,1]");
        assert_eq!(serde_json::from_str::<WatchBrief>("[30,5,2,2,2,1]").unwrap(), b);
    }
}
