//! 可示警、可处置、可感测: the alerts of camera analytics and sensors gathered for each reader (the owner,
//! the regulator, the public), the sensors' tokens and the `sensor` commands. The contract
//! (`mingchu_types::watch`) judges; this file only fetches and assembles.

use std::sync::OnceLock;

use mingchu_types::watch::{
    brief, chart_points, count_alerts, sensor_state, AlertSource, AnswerView, OverruleView, PublicSensor, PublicWatch, SensorKind, StaffAlert,
    WatchBrief, WatchRules,
};
use mingchu_types::PhotoRef;

use crate::cameras::{new_token, token_hash};
use crate::store::{AlertRecord, SensorRecord, Store, StoreError, StoreResult};

const DAY_MS: i64 = 86_400_000;

/// The rules every unit's alerts and sensors are judged by (the usual ones; a local variant would be data here).
pub fn rules() -> &'static WatchRules {
    static RULES: OnceLock<WatchRules> = OnceLock::new();
    RULES.get_or_init(WatchRules::national)
}

/// When the public period (and the owner's and regulator's lists) starts, as of `now_ms`.
pub fn period_start(now_ms: i64) -> i64 {
    now_ms - i64::from(rules().public_days) * DAY_MS
}

/// An alert as staff see it, its state as of `now_ms`.
pub fn staff_alert(a: AlertRecord, now_ms: i64) -> StaffAlert {
    let rules = rules();
    let facts = a.facts();
    let source = match (a.camera, a.sensor) {
        (_, Some((id, kind, name))) => AlertSource::Sensor { id, kind, name },
        (Some((id, area)), None) => AlertSource::Camera { id, area },
        (None, None) => AlertSource::Removed,
    };
    StaffAlert {
        state: facts.state(now_ms, rules),
        deadline_ms: rules.deadline_ms(a.raised_ms),
        answer: a.answer.map(|(verdict, note, photo, at_ms)| AnswerView {
            verdict,
            note,
            photo: photo.as_deref().map(PhotoRef::staff),
            at_ms,
            in_time: facts.in_time(rules),
        }),
        overrule: a.overrule.map(|(note, by, at_ms)| OverruleView { note, at_ms, by }),
        id: a.id,
        unit_code: a.unit_code,
        unit_name: a.unit_name,
        source,
        category: a.category,
        confidence_percent: a.confidence_percent,
        at_ms: a.at_ms,
        raised_ms: a.raised_ms,
        last_ms: a.last_ms,
        sightings: a.sightings,
        worst_tenths: a.worst_tenths,
        snapshot: a.snapshot,
    }
}

/// A sensor as the public sees it now.
async fn public_sensor(store: &dyn Store, sensor: &SensorRecord, now_ms: i64, with_chart: bool) -> StoreResult<PublicSensor> {
    let rules = rules();
    let rule = rules.sensor(sensor.kind);
    let from = now_ms - i64::from(rules.chart_hours) * 3_600_000;
    // Three independent reads, asked at once.
    let (last, (total, within), readings) = tokio::try_join!(
        store.last_reading(sensor.id),
        store.readings_in_range(sensor.id, now_ms - i64::from(rules.in_range_days) * DAY_MS, &rule),
        async {
            if with_chart {
                store.readings(sensor.id, from, now_ms + 1).await
            } else {
                Ok(vec![])
            }
        },
    )?;
    let chart = if with_chart { chart_points(&readings, from, now_ms + 1, i64::from(rules.chart_step_minutes) * 60_000) } else { vec![] };
    Ok(PublicSensor {
        kind: sensor.kind,
        name: sensor.name.clone(),
        state: sensor_state(last, &rule, now_ms),
        last,
        min_tenths: rule.min_tenths,
        max_tenths: rule.max_tenths,
        in_range_permille: (total > 0).then(|| (u64::from(within) * 1000 / u64::from(total)) as u16),
        chart,
    })
}

/// `GET /api/units/{code}/watch` and the kitchen view's section: the period's counts by category, each
/// sensor's reading, state, share in range and chart.
pub async fn public_watch(store: &dyn Store, unit_code: &str, now_ms: i64) -> StoreResult<PublicWatch> {
    let rules = rules();
    let alerts: Vec<_> = store.unit_alerts(unit_code, period_start(now_ms)).await?.iter().map(|a| (a.category, a.facts())).collect();
    let (total, categories) = count_alerts(&alerts, now_ms, rules);
    let mut sensors = vec![];
    for s in store.sensors(Some(unit_code)).await? {
        sensors.push(public_sensor(store, &s, now_ms, true).await?);
    }
    Ok(PublicWatch {
        days: rules.public_days,
        total,
        categories,
        sensors,
        chart_from_ms: now_ms - i64::from(rules.chart_hours) * 3_600_000,
        chart_to_ms: now_ms,
    })
}

/// The first screen's few numbers; `None` when the unit has neither alerts in the period nor sensors.
pub async fn watch_brief(store: &dyn Store, unit_code: &str, now_ms: i64) -> StoreResult<Option<WatchBrief>> {
    let rules = rules();
    let alerts: Vec<_> = store.unit_alerts(unit_code, period_start(now_ms)).await?.iter().map(|a| (a.category, a.facts())).collect();
    let (total, _) = count_alerts(&alerts, now_ms, rules);
    let states: Vec<_> =
        store.newest_readings(unit_code).await?.into_iter().map(|(kind, last)| sensor_state(last, &rules.sensor(kind), now_ms)).collect();
    Ok(brief(rules.public_days, &total, &states))
}

/// Why a `sensor` command failed.
#[derive(Debug, thiserror::Error)]
pub enum SensorError {
    #[error("no unit with code {0:?}")]
    UnknownUnit(String),
    #[error("no sensor {0}")]
    UnknownSensor(i64),
    #[error("a sensor's name is 1 to 40 characters")]
    BadName,
    #[error("cannot make a token: {0}")]
    Token(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds a sensor to a unit with a new token: its id and the token, shown once and never again.
pub async fn add(store: &dyn Store, unit_code: &str, kind: SensorKind, name: &str, now_ms: i64) -> Result<(i64, String), SensorError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(SensorError::BadName);
    }
    let token = new_token().map_err(SensorError::Token)?;
    let id = store
        .add_sensor(unit_code, kind, name, Some(&token_hash(&token)), now_ms)
        .await?
        .ok_or_else(|| SensorError::UnknownUnit(unit_code.to_owned()))?;
    Ok((id, token))
}

/// Gives a sensor a new token; the old one stops working at once.
pub async fn issue_token(store: &dyn Store, id: i64) -> Result<String, SensorError> {
    let token = new_token().map_err(SensorError::Token)?;
    if !store.set_sensor_token(id, Some(&token_hash(&token))).await? {
        return Err(SensorError::UnknownSensor(id));
    }
    Ok(token)
}

/// Revokes a sensor's token: its gateway can send no more readings until a new one is issued.
pub async fn revoke(store: &dyn Store, id: i64) -> Result<(), SensorError> {
    if !store.set_sensor_token(id, None).await? {
        return Err(SensorError::UnknownSensor(id));
    }
    Ok(())
}

/// Every sensor, or a unit's.
pub async fn list(store: &dyn Store, unit_code: Option<&str>) -> Result<Vec<SensorRecord>, SensorError> {
    if let Some(code) = unit_code {
        if store.unit(code).await?.is_none() {
            return Err(SensorError::UnknownUnit(code.to_owned()));
        }
    }
    Ok(store.sensors(unit_code).await?)
}
