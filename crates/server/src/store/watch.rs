//! Sensors, their readings and the alerts of camera analytics and sensors, as stored. The SQL is written
//! once for both databases in [`super::watch_sql`]; each store only opens its transactions its own way.

use async_trait::async_trait;
use mingchu_types::watch::{AlertCategory, AlertFacts, SensorKind, SensorRule, Verdict};
use mingchu_types::{ImportResult, KitchenArea, Scope};

use super::StoreResult;

/// A sensor as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SensorRecord {
    pub id: i64,
    pub unit_code: String,
    pub kind: SensorKind,
    pub name: String,
    /// The SHA-256 (hex) of the gateway's token; `None` when revoked.
    pub token_hash: Option<String>,
    /// The supervision platform's id for it, when the platform sent it.
    pub source_id: Option<String>,
    pub created_ms: i64,
}

/// A sensor the supervision platform sent: its own id for it, kind and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformSensor {
    pub source_id: String,
    pub kind: SensorKind,
    pub name: String,
}

/// A camera box's sighting, ready to be stored.
#[derive(Clone, Copy, Debug)]
pub struct Sighting<'a> {
    /// A new id, used if the sighting is a new alert.
    pub id: &'a str,
    pub camera_id: i64,
    pub category: AlertCategory,
    pub confidence_percent: u8,
    /// The box's time of it, and the server's.
    pub at_ms: i64,
    pub raised_ms: i64,
    /// The same camera and category seen last within this many ms of `at_ms` is the same alert.
    pub window_ms: i64,
    /// Whether its snapshot is kept (the demo's have none).
    pub snapshot: bool,
}

/// What became of a sighting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sighted {
    /// A new alert (its id is the sighting's).
    New,
    /// Folded into this earlier alert.
    Repeat(String),
    UnknownCamera,
}

/// What a sensor's readings did: how many were new and how many repeats, and the alerts they raised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadingsStored {
    pub stored: u32,
    pub repeated: u32,
    pub raised: Vec<String>,
}

/// An alert as stored, with its unit and what raised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertRecord {
    pub id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub region: String,
    pub camera: Option<(i64, KitchenArea)>,
    pub sensor: Option<(i64, SensorKind, String)>,
    pub category: AlertCategory,
    pub confidence_percent: Option<u8>,
    pub at_ms: i64,
    pub raised_ms: i64,
    pub last_ms: i64,
    pub sightings: u32,
    pub worst_tenths: Option<i32>,
    pub snapshot: bool,
    /// The owner's answer: verdict, note, photo id, when.
    pub answer: Option<(Verdict, String, Option<String>, i64)>,
    /// The regulator's overruling: note, by whom, when.
    pub overrule: Option<(String, String, i64)>,
}

impl AlertRecord {
    /// What its state is worked out from.
    pub fn facts(&self) -> AlertFacts {
        AlertFacts { raised_ms: self.raised_ms, answered: self.answer.as_ref().map(|(v, _, _, at)| (*v, *at)), overruled: self.overrule.is_some() }
    }
}

/// What became of an owner's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answered {
    Done,
    /// Not one of the unit's alerts.
    NoSuchAlert,
    /// Answered before (the answer stands; the caller tells a repeat from another answer).
    Already(Box<AlertRecord>),
    UnknownPhoto,
}

/// What became of a regulator's overruling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overruled {
    Done,
    /// Not an alert of the regulator's region.
    NoSuchAlert,
    /// Only a false alarm may be overruled (once).
    NotFalseAlarm,
}

#[async_trait]
pub trait WatchStore: Send + Sync {
    /// Adds a sensor to a unit: its id, or `None` for an unknown unit.
    async fn add_sensor(&self, unit_code: &str, kind: SensorKind, name: &str, token_hash: Option<&str>, now_ms: i64) -> StoreResult<Option<i64>>;

    /// Replaces a sensor's token hash, or revokes it with `None`; `false` for an unknown sensor.
    async fn set_sensor_token(&self, id: i64, token_hash: Option<&str>) -> StoreResult<bool>;

    async fn sensor(&self, id: i64) -> StoreResult<Option<SensorRecord>>;

    /// A unit's sensors (every unit's with `None`), by id.
    async fn sensors(&self, unit_code: Option<&str>) -> StoreResult<Vec<SensorRecord>>;

    /// The platform's sensors of a unit by their ids (added, renamed or unchanged); `None` for an unknown unit.
    async fn put_platform_sensors(&self, unit_code: &str, sensors: &[PlatformSensor], now_ms: i64) -> StoreResult<Option<Vec<ImportResult>>>;

    /// Stores a camera box's sighting: a new alert, or folded into the camera's last of the category.
    async fn sight(&self, sighting: &Sighting<'_>) -> StoreResult<Sighted>;

    /// Stores a sensor's readings (a repeat of a time changes nothing) and raises an alert for each
    /// excursion longer than `rule`'s grace that no alert covers yet (one already covering it is widened),
    /// looking `lookback_ms` either side of the readings for the rest of an excursion.
    async fn store_readings(
        &self,
        sensor_id: i64,
        readings: &[(i64, i32)],
        rule: &SensorRule,
        lookback_ms: i64,
        now_ms: i64,
    ) -> StoreResult<ReadingsStored>;

    /// A sensor's readings of `[from, to)`, by time.
    async fn readings(&self, sensor_id: i64, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(i64, i32)>>;

    /// A sensor's newest reading.
    async fn last_reading(&self, sensor_id: i64) -> StoreResult<Option<(i64, i32)>>;

    /// Each of a unit's sensors' kind and newest reading, by id, in one query (the first screen's brief).
    async fn newest_readings(&self, unit_code: &str) -> StoreResult<Vec<(SensorKind, Option<(i64, i32)>)>>;

    /// A sensor's readings since `from_ms`: how many, and how many within `rule`'s range.
    async fn readings_in_range(&self, sensor_id: i64, from_ms: i64, rule: &SensorRule) -> StoreResult<(u32, u32)>;

    async fn alert(&self, id: &str) -> StoreResult<Option<AlertRecord>>;

    /// A unit's alerts the server got since `since_ms`, newest first.
    async fn unit_alerts(&self, unit_code: &str, since_ms: i64) -> StoreResult<Vec<AlertRecord>>;

    /// The alerts of the units in scope the server got since `since_ms`, newest first.
    async fn alerts_in(&self, scope: &Scope, since_ms: i64) -> StoreResult<Vec<AlertRecord>>;

    /// The owner's answer to one of the unit's alerts, once.
    async fn answer_alert(&self, unit_code: &str, id: &str, verdict: Verdict, note: &str, photo: Option<&str>, now_ms: i64) -> StoreResult<Answered>;

    /// A regulator's overruling of a false alarm of its region.
    async fn overrule_alert(&self, scope: &Scope, id: &str, note: &str, by: &str, now_ms: i64) -> StoreResult<Overruled>;

    /// Forgets a unit's alerts, sensors and readings: only for the demo, laid out again for a new day.
    async fn clear_watch(&self, unit_code: &str) -> StoreResult<()>;
}
