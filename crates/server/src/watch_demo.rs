//! The demo's alerts and sensors, beside its synthetic cameras: a few featured units get fridges,
//! freezers, a sample fridge and a cold-dish room whose readings drift out of range now and then (the
//! server raises those alerts itself), one sensor that went silent (offline), and a few camera alerts a
//! day over the last week — most answered in time (confirmed, or a false alarm), today's still to be
//! checked, one left overdue. Everything follows from the time, so a reading written later by
//! [`keep_up`] continues the same story.

use mingchu_types::watch::{AlertCategory, SensorKind, Verdict};
use mingchu_types::CHINA_UTC_OFFSET_SECS;

use crate::store::{new_alert_id, Sighted, Sighting, Store, StoreResult};
use crate::watch::rules;

const MIN: i64 = 60_000;
const DAY: i64 = 1440 * MIN;
/// Readings come every ten minutes.
const EVERY: i64 = 10 * MIN;
/// The readings and camera alerts laid out reach back this far.
const DAYS: i64 = 7;

/// A demo sensor: its unit, kind and name, and whether it went silent (hours ago).
struct DemoSensor {
    unit: &'static str,
    kind: SensorKind,
    name: &'static str,
    silent_hours: Option<i64>,
}

const SENSORS: &[DemoSensor] = &[
    DemoSensor { unit: "lc-dcf-0012", kind: SensorKind::Refrigerator, name: "1号冷藏柜", silent_hours: None },
    DemoSensor { unit: "lc-dcf-0012", kind: SensorKind::Freezer, name: "冷冻柜", silent_hours: None },
    DemoSensor { unit: "lc-dcf-0012", kind: SensorKind::SampleRefrigerator, name: "留样冰箱", silent_hours: None },
    DemoSensor { unit: "lc-dcf-0012", kind: SensorKind::ColdDishRoom, name: "凉菜间", silent_hours: None },
    DemoSensor { unit: "lc-dcf-0027", kind: SensorKind::Refrigerator, name: "冷藏柜", silent_hours: None },
    DemoSensor { unit: "lc-dcf-0027", kind: SensorKind::SampleRefrigerator, name: "留样冰箱", silent_hours: None },
    DemoSensor { unit: "lc-yg-0008", kind: SensorKind::Refrigerator, name: "后厨冷藏柜", silent_hours: None },
    DemoSensor { unit: "lc-yg-0008", kind: SensorKind::Freezer, name: "冷冻库", silent_hours: None },
    // Offline: its gateway lost power three hours ago.
    DemoSensor { unit: "lc-sx-0021", kind: SensorKind::Refrigerator, name: "冷藏柜", silent_hours: Some(3) },
];

/// The units whose cameras' boxes send alerts, and the categories they see most.
const BOXES: &[(&str, &[AlertCategory])] = &[
    ("lc-dcf-0012", &[AlertCategory::NoMask, AlertCategory::NoHat, AlertCategory::Rodent, AlertCategory::BinOpen]),
    ("lc-dcf-0027", &[AlertCategory::NoGloves, AlertCategory::NoMask, AlertCategory::PhoneUse]),
    ("lc-yg-0008", &[AlertCategory::Smoking, AlertCategory::NoUniform, AlertCategory::Rodent, AlertCategory::NobodyAtPost]),
];

/// A number from 0 to `n - 1` that depends only on its inputs.
pub(crate) fn dice(seed: &str, t: i64, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain(t.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h % n.max(1)
}

/// A demo sensor's reading at `t` (tenths of °C): its kind's usual value with a little noise, and now
/// and then a drift — a fridge left open for an hour every two days or so (an alert), a freezer's
/// defrost (within its grace).
fn reading(s: &DemoSensor, index: usize, t: i64) -> i32 {
    let slot = t.div_euclid(EVERY);
    let noise = dice(s.name, slot, 7) as i32 - 3;
    // Where in its two-day cycle the sensor is, offset per sensor so they do not drift together.
    let cycle = (slot + index as i64 * 97).rem_euclid(2 * 144);
    match s.kind {
        SensorKind::Refrigerator | SensorKind::SampleRefrigerator if cycle < 6 && index.is_multiple_of(2) => 95 + noise * 3,
        SensorKind::Refrigerator | SensorKind::SampleRefrigerator => 38 + noise,
        SensorKind::Freezer if cycle < 3 => -150 + noise,
        SensorKind::Freezer => -195 + noise * 2,
        SensorKind::ColdDishRoom => 215 + noise * 3,
        SensorKind::DisinfectionCabinet => 1150 + noise * 5,
    }
}

/// Lays out the demo's sensors and alerts afresh, as of `now_ms` (what was laid out before is forgotten).
pub async fn lay_out(store: &dyn Store, now_ms: i64) -> StoreResult<()> {
    let mut units: Vec<&str> = SENSORS.iter().map(|s| s.unit).chain(BOXES.iter().map(|(u, _)| *u)).collect();
    units.sort_unstable();
    units.dedup();
    for unit in units {
        store.clear_watch(unit).await?;
    }
    for (index, s) in SENSORS.iter().enumerate() {
        let Some(id) = store.add_sensor(s.unit, s.kind, s.name, None, now_ms - DAYS * DAY).await? else { continue };
        let until = now_ms - s.silent_hours.unwrap_or(0) * 60 * MIN;
        let times: Vec<i64> = (0..).map(|n| (now_ms - DAYS * DAY).div_euclid(EVERY) * EVERY + n * EVERY).take_while(|t| *t <= until).collect();
        store_as_they_came(store, id, s, index, &times).await?;
    }
    for (unit, categories) in BOXES {
        camera_alerts(store, unit, categories, now_ms).await?;
    }
    Ok(())
}

/// Lays the demo out where it never was (a demo database from before there were sensors).
pub async fn top_up(store: &dyn Store, now_ms: i64) -> StoreResult<()> {
    if store.sensors(Some(SENSORS[0].unit)).await?.is_empty() {
        lay_out(store, now_ms).await?;
    }
    Ok(())
}

/// Stores readings in the order they were taken, a day at a time, each day as of its end: an alert is
/// raised when its excursion passed its grace, not when the demo was laid out.
async fn store_as_they_came(store: &dyn Store, id: i64, s: &DemoSensor, index: usize, times: &[i64]) -> StoreResult<()> {
    let rule = rules().sensor(s.kind);
    // Cut where an excursion has lasted its grace, so its alert is raised then.
    let mut batch: Vec<(i64, i32)> = vec![];
    let mut out_since: Option<i64> = None;
    for &t in times {
        let v = reading(s, index, t);
        batch.push((t, v));
        out_since = if rule.in_range(v) { None } else { out_since.or(Some(t)) };
        let graced = out_since.is_some_and(|since| t - since >= i64::from(rule.grace_minutes) * MIN);
        if graced || batch.len() >= 300 {
            store.store_readings(id, &batch, &rule, DAY, t).await?;
            batch.clear();
        }
    }
    if let Some(&(last, _)) = batch.last() {
        store.store_readings(id, &batch, &rule, DAY, last).await?;
    }
    // The alerts raised by drifts: answered a while after, except the newest.
    let alerts = store.unit_alerts(s.unit, 0).await?;
    let mine: Vec<_> = alerts.iter().filter(|a| a.sensor.as_ref().is_some_and(|(sid, ..)| *sid == id)).collect();
    for a in mine.iter().skip(1) {
        let note = "温控器被误调，已调回并检查柜内食品，超温食品已废弃。";
        store.answer_alert(s.unit, &a.id, Verdict::Confirmed, note, None, a.raised_ms + 40 * MIN).await?;
    }
    Ok(())
}

/// A few alerts a day from the unit's camera boxes over the last week: those raised more than two hours
/// ago answered (confirmed, or every fourth a false alarm), one of two days ago left unanswered (overdue).
async fn camera_alerts(store: &dyn Store, unit: &str, categories: &[AlertCategory], now_ms: i64) -> StoreResult<()> {
    let Some(cameras) = store.unit_cameras(unit).await? else { return Ok(()) };
    let Some(camera) = cameras.first() else { return Ok(()) };
    let midnight = (now_ms + CHINA_UTC_OFFSET_SECS * 1000).div_euclid(DAY) * DAY - CHINA_UTC_OFFSET_SECS * 1000;
    let mut n = 0;
    for back in (0..DAYS).rev() {
        // Mid-morning, lunch and dinner, a little earlier or later each day.
        for (k, minute) in [(0, 9 * 60 + 40), (1, 11 * 60 + 50), (2, 17 * 60 + 20)] {
            let at = midnight - back * DAY + (minute + dice(unit, back * 3 + k, 50) as i64) * MIN;
            if at > now_ms || dice(unit, back * 7 + k, 4) == 0 {
                continue;
            }
            n += 1;
            let category = categories[(n as usize) % categories.len()];
            let id = new_alert_id()?;
            let sighting = Sighting {
                id: &id,
                camera_id: camera.id,
                category,
                confidence_percent: 70 + dice(unit, at, 28) as u8,
                at_ms: at,
                raised_ms: at + 2_000,
                window_ms: i64::from(rules().duplicate_minutes) * MIN,
                snapshot: false,
            };
            if store.sight(&sighting).await? != Sighted::New || now_ms - at < 2 * 60 * MIN || (back == 2 && k == 0) {
                continue;
            }
            let (verdict, note) = if category == AlertCategory::Rodent || n % 4 == 0 {
                (Verdict::FalseAlarm, "回看录像，是外来的猫，不是老鼠；已加装门帘。")
            } else {
                (Verdict::Confirmed, "已当场纠正，并组织当班人员重新学习着装和卫生要求。")
            };
            store.answer_alert(unit, &id, verdict, note, None, at + (1 + dice(unit, at, 5) as i64) * 60 * MIN).await?;
        }
    }
    Ok(())
}

/// Writes each demo sensor's reading every ten minutes, for as long as the store is open.
pub fn keep_up(store: std::sync::Arc<dyn Store>, clock: crate::Clock) {
    crate::demo::every_ten_minutes(store, "demo sensors not read", move |store| {
        let clock = clock.clone();
        async move { read_now(&*store, clock.now_ms()).await }
    });
}

/// Each sending demo sensor's reading now.
async fn read_now(store: &dyn Store, now_ms: i64) -> StoreResult<()> {
    for (index, s) in SENSORS.iter().enumerate().filter(|(_, s)| s.silent_hours.is_none()) {
        let Some(sensor) = store.sensors(Some(s.unit)).await?.into_iter().find(|x| x.name == s.name && x.kind == s.kind) else { continue };
        let t = now_ms.div_euclid(EVERY) * EVERY;
        store.store_readings(sensor.id, &[(t, reading(s, index, t))], &rules().sensor(s.kind), DAY, now_ms).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fridges_drift_out_of_range_for_an_hour_every_two_days() {
        let rule = rules().sensor(SensorKind::Refrigerator);
        let fridge = &SENSORS[0];
        let out = (0..2 * 144).filter(|n| !rule.in_range(reading(fridge, 0, n * EVERY))).count();
        assert_eq!(out, 6, "an hour in two days");
        let freezer = rules().sensor(SensorKind::Freezer);
        let defrost = (0..2 * 144).filter(|n| !freezer.in_range(reading(&SENSORS[1], 1, n * EVERY))).count();
        assert!(defrost <= 3, "a defrost stays within the grace");
    }
}
