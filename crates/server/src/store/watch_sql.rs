//! Sensors, readings and alerts: the SQL written once for both databases (both number parameters `$1`,
//! `$2`, …), and the steps of their writes, each inside a transaction the store opened its own way
//! (SQLite's write lock, PostgreSQL's lock on just the camera or sensor written).

use async_trait::async_trait;
use mingchu_types::watch::{excursions, AlertCategory, SensorKind, SensorRule, Verdict};
use mingchu_types::{ImportResult, KitchenArea, Scope};
use sqlx::{Database, Encode, Executor, IntoArguments, Transaction, Type};

use super::common::IN_SCOPE;
use super::kitchen_sql::Pooled;
use super::rows::Columns;
use super::watch::{AlertRecord, Answered, Overruled, PlatformSensor, ReadingsStored, SensorRecord, Sighted, Sighting, WatchStore};
use super::writing::WriteSql;
use super::{StoreError, StoreResult};

/// An alert's columns with its unit's and its source's (`a`, `u`, `c`, `s`).
const ALERT_SELECT: &str = "SELECT a.id AS alert_id, u.code AS unit_code, u.name AS unit_name, u.region AS region,
        a.camera_id, c.area AS camera_area, a.sensor_id, s.kind AS sensor_kind, s.name AS sensor_name, a.category,
        a.confidence_percent, a.at_ms, a.raised_ms, a.last_ms, a.sightings, a.worst_tenths, a.snapshot, a.verdict, a.note,
        a.photo_id, a.answered_ms, a.overrule_note, a.overruled_by, a.overruled_ms
    FROM alerts a JOIN units u ON u.id = a.unit_id LEFT JOIN cameras c ON c.id = a.camera_id LEFT JOIN sensors s ON s.id = a.sensor_id";

const SENSOR_SELECT: &str = "SELECT s.id, u.code AS unit_code, s.kind, s.name, s.token_hash, s.source_id, s.created_ms
    FROM sensors s JOIN units u ON u.id = s.unit_id";

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn sensor_record(r: &impl Columns) -> StoreResult<SensorRecord> {
    let kind = r.text("kind")?;
    Ok(SensorRecord {
        id: r.int("id")?,
        unit_code: r.text("unit_code")?,
        kind: SensorKind::parse(&kind).ok_or_else(|| corrupt("sensor kind", &kind))?,
        name: r.text("name")?,
        token_hash: r.opt_text("token_hash")?,
        source_id: r.opt_text("source_id")?,
        created_ms: r.int("created_ms")?,
    })
}

fn alert_record(r: &impl Columns) -> StoreResult<AlertRecord> {
    let category = r.text("category")?;
    let camera = match (r.opt_int("camera_id")?, r.opt_text("camera_area")?) {
        (Some(id), Some(area)) => Some((id, KitchenArea::parse(&area).ok_or_else(|| corrupt("camera area", &area))?)),
        _ => None,
    };
    let sensor = match (r.opt_int("sensor_id")?, r.opt_text("sensor_kind")?, r.opt_text("sensor_name")?) {
        (Some(id), Some(kind), Some(name)) => Some((id, SensorKind::parse(&kind).ok_or_else(|| corrupt("sensor kind", &kind))?, name)),
        _ => None,
    };
    let answer = match (r.opt_text("verdict")?, r.opt_int("answered_ms")?) {
        (Some(verdict), Some(at)) => {
            let verdict = Verdict::parse(&verdict).ok_or_else(|| corrupt("verdict", &verdict))?;
            Some((verdict, r.opt_text("note")?.unwrap_or_default(), r.opt_text("photo_id")?, at))
        }
        _ => None,
    };
    let overrule = match (r.opt_text("overrule_note")?, r.opt_text("overruled_by")?, r.opt_int("overruled_ms")?) {
        (Some(note), Some(by), Some(at)) => Some((note, by, at)),
        _ => None,
    };
    Ok(AlertRecord {
        id: r.text("alert_id")?,
        unit_code: r.text("unit_code")?,
        unit_name: r.text("unit_name")?,
        region: r.text("region")?,
        camera,
        sensor,
        category: AlertCategory::parse(&category).ok_or_else(|| corrupt("alert category", &category))?,
        confidence_percent: r.opt_int("confidence_percent")?.map(|p| p.clamp(0, 100) as u8),
        at_ms: r.int("at_ms")?,
        raised_ms: r.int("raised_ms")?,
        last_ms: r.int("last_ms")?,
        sightings: r.int("sightings")?.max(0) as u32,
        worst_tenths: r.opt_int("worst_tenths")?.map(|t| t as i32),
        snapshot: r.flag("snapshot")?,
        answer,
        overrule,
    })
}

/// A new alert id: `AL` and 16 random hex digits.
pub(crate) fn new_alert_id() -> StoreResult<String> {
    let mut raw = [0u8; 8];
    getrandom::getrandom(&mut raw).map_err(|e| StoreError::Invalid(format!("no randomness for an alert id: {e}")))?;
    Ok(format!("AL{}", hex::encode_upper(raw)))
}

/// The SQL of sensors and alerts on a connection of either database (a pool's, or a transaction's).
pub(crate) struct WatchSql<'c, DB: Database>(pub(crate) &'c mut DB::Connection);

impl<DB> WatchSql<'_, DB>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    DB::Row: Columns,
{
    async fn sensor(&mut self, id: i64) -> StoreResult<Option<SensorRecord>> {
        let row = sqlx::query(&format!("{SENSOR_SELECT} WHERE s.id = $1")).bind(id).fetch_optional(&mut *self.0).await?;
        row.as_ref().map(sensor_record).transpose()
    }

    async fn sensors(&mut self, unit_code: Option<&str>) -> StoreResult<Vec<SensorRecord>> {
        let rows =
            sqlx::query(&format!("{SENSOR_SELECT} WHERE $1 IS NULL OR u.code = $1 ORDER BY s.id")).bind(unit_code).fetch_all(&mut *self.0).await?;
        rows.iter().map(sensor_record).collect()
    }

    async fn readings(&mut self, sensor_id: i64, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(i64, i32)>> {
        let rows = sqlx::query("SELECT at_ms, tenths FROM sensor_readings WHERE sensor_id = $1 AND at_ms >= $2 AND at_ms < $3 ORDER BY at_ms")
            .bind(sensor_id)
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(&mut *self.0)
            .await?;
        rows.iter().map(|r| Ok((r.int("at_ms")?, r.int("tenths")? as i32))).collect()
    }

    async fn alerts_where(&mut self, condition: &str, binds: (&str, Option<&str>, i64)) -> StoreResult<Vec<AlertRecord>> {
        // `condition` is one of our own constants.
        let sql = format!("{ALERT_SELECT} WHERE {condition} ORDER BY a.raised_ms DESC, a.id");
        let rows = sqlx::query(&sql).bind(binds.0).bind(binds.1).bind(binds.2).fetch_all(&mut *self.0).await?;
        rows.iter().map(alert_record).collect()
    }

    async fn alert(&mut self, id: &str) -> StoreResult<Option<AlertRecord>> {
        let row = sqlx::query(&format!("{ALERT_SELECT} WHERE a.id = $1")).bind(id).fetch_optional(&mut *self.0).await?;
        row.as_ref().map(alert_record).transpose()
    }

    /// Inserts readings, many to a statement: the times that were new.
    async fn insert_readings(&mut self, sensor_id: i64, readings: &[(i64, i32)]) -> StoreResult<Vec<i64>> {
        let mut new = Vec::with_capacity(readings.len());
        // Three parameters a row: far under either database's limit on one statement's.
        for chunk in readings.chunks(300) {
            let values: Vec<String> = (0..chunk.len()).map(|n| format!("(${}, ${}, ${})", n * 3 + 1, n * 3 + 2, n * 3 + 3)).collect();
            let sql = format!(
                "INSERT INTO sensor_readings (sensor_id, at_ms, tenths) VALUES {} ON CONFLICT (sensor_id, at_ms) DO NOTHING RETURNING at_ms",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for &(at, tenths) in chunk {
                query = query.bind(sensor_id).bind(at).bind(i64::from(tenths));
            }
            for row in query.fetch_all(&mut *self.0).await? {
                new.push(row.int("at_ms")?);
            }
        }
        Ok(new)
    }
}

/// The steps of the writes, inside a transaction the store opened.
pub(crate) struct WatchWrite<'a, 't, DB: Database>(pub(crate) &'a mut Transaction<'t, DB>);

impl<DB> WatchWrite<'_, '_, DB>
where
    DB: Database,
    for<'t> Transaction<'t, DB>: WriteSql,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    DB::Row: Columns,
{
    fn sql(&mut self) -> WatchSql<'_, DB> {
        WatchSql(&mut **self.0)
    }

    /// A camera's sighting ([`WatchStore::sight`]).
    async fn sight(&mut self, s: &Sighting<'_>) -> StoreResult<Sighted> {
        // Two sightings of one camera at once would both find no alert to fold into.
        self.0.one_at_a_time(&format!("alerts of camera {}", s.camera_id)).await?;
        let Some(camera) = sqlx::query("SELECT unit_id FROM cameras WHERE id = $1").bind(s.camera_id).fetch_optional(&mut **self.0).await? else {
            return Ok(Sighted::UnknownCamera);
        };
        let unit_id = camera.int("unit_id")?;
        let earlier = sqlx::query(
            "SELECT id FROM alerts WHERE camera_id = $1 AND category = $2 AND last_ms >= $3 AND at_ms <= $4 ORDER BY last_ms DESC LIMIT 1",
        )
        .bind(s.camera_id)
        .bind(s.category.as_str())
        .bind(s.at_ms - s.window_ms)
        .bind(s.at_ms + s.window_ms)
        .fetch_optional(&mut **self.0)
        .await?;
        if let Some(earlier) = earlier {
            let id = earlier.text("id")?;
            sqlx::query(
                "UPDATE alerts SET sightings = sightings + 1, last_ms = CASE WHEN last_ms < $2 THEN $2 ELSE last_ms END,
                     confidence_percent = CASE WHEN confidence_percent < $3 THEN $3 ELSE confidence_percent END WHERE id = $1",
            )
            .bind(id.as_str())
            .bind(s.at_ms)
            .bind(i64::from(s.confidence_percent))
            .execute(&mut **self.0)
            .await?;
            return Ok(Sighted::Repeat(id));
        }
        sqlx::query(
            "INSERT INTO alerts (id, unit_id, camera_id, category, confidence_percent, at_ms, raised_ms, last_ms, sightings, snapshot)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $6, 1, $8)",
        )
        .bind(s.id)
        .bind(unit_id)
        .bind(s.camera_id)
        .bind(s.category.as_str())
        .bind(i64::from(s.confidence_percent))
        .bind(s.at_ms)
        .bind(s.raised_ms)
        .bind(s.snapshot)
        .execute(&mut **self.0)
        .await?;
        Ok(Sighted::New)
    }

    /// A sensor's readings ([`WatchStore::store_readings`]).
    async fn readings(
        &mut self,
        sensor_id: i64,
        readings: &[(i64, i32)],
        rule: &SensorRule,
        lookback_ms: i64,
        now_ms: i64,
    ) -> StoreResult<ReadingsStored> {
        // One writer of a sensor's readings and alerts at a time: two batches of one excursion make one alert.
        self.0.one_at_a_time(&format!("readings of sensor {sensor_id}")).await?;
        let Some(unit) = sqlx::query("SELECT unit_id FROM sensors WHERE id = $1").bind(sensor_id).fetch_optional(&mut **self.0).await? else {
            return Err(StoreError::Invalid(format!("no sensor {sensor_id}")));
        };
        let unit_id = unit.int("unit_id")?;
        let new = self.sql().insert_readings(sensor_id, readings).await?;
        let mut stored = ReadingsStored { stored: new.len() as u32, repeated: (readings.len() - new.len()) as u32, raised: vec![] };
        // Only a new reading out of range can start or lengthen an excursion.
        let out: Vec<i64> = readings.iter().filter(|(at, tenths)| !rule.in_range(*tenths) && new.contains(at)).map(|(at, _)| *at).collect();
        let (Some(&first), Some(&last)) = (out.iter().min(), out.iter().max()) else { return Ok(stored) };
        let around = self.sql().readings(sensor_id, first - lookback_ms, last + lookback_ms + 1).await?;
        for e in excursions(&around, rule).into_iter().filter(|e| out.iter().any(|at| (e.from_ms..=e.to_ms).contains(at))) {
            let covering =
                sqlx::query("SELECT id, at_ms, last_ms, worst_tenths FROM alerts WHERE sensor_id = $1 AND at_ms <= $3 AND last_ms >= $2 LIMIT 1")
                    .bind(sensor_id)
                    .bind(e.from_ms)
                    .bind(e.to_ms)
                    .fetch_optional(&mut **self.0)
                    .await?;
            if let Some(a) = covering {
                let worst = a.opt_int("worst_tenths")?.map_or(e.worst_tenths, |w| further(w as i32, e.worst_tenths, rule));
                sqlx::query("UPDATE alerts SET at_ms = $2, last_ms = $3, worst_tenths = $4 WHERE id = $1")
                    .bind(a.text("id")?)
                    .bind(a.int("at_ms")?.min(e.from_ms))
                    .bind(a.int("last_ms")?.max(e.to_ms))
                    .bind(i64::from(worst))
                    .execute(&mut **self.0)
                    .await?;
                continue;
            }
            let id = new_alert_id()?;
            sqlx::query(
                "INSERT INTO alerts (id, unit_id, sensor_id, category, at_ms, raised_ms, last_ms, sightings, worst_tenths, snapshot)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)",
            )
            .bind(id.as_str())
            .bind(unit_id)
            .bind(sensor_id)
            .bind(AlertCategory::OutOfRange.as_str())
            .bind(e.from_ms)
            .bind(now_ms)
            .bind(e.to_ms)
            .bind(i64::from(e.worst_tenths))
            .bind(false)
            .execute(&mut **self.0)
            .await?;
            stored.raised.push(id);
        }
        Ok(stored)
    }

    /// The owner's answer ([`WatchStore::answer_alert`]).
    async fn answer(&mut self, unit_code: &str, id: &str, verdict: Verdict, note: &str, photo: Option<&str>, now_ms: i64) -> StoreResult<Answered> {
        let Some(alert) = self.sql().alert(id).await?.filter(|a| a.unit_code == unit_code) else { return Ok(Answered::NoSuchAlert) };
        if alert.answer.is_some() {
            return Ok(Answered::Already(Box::new(alert)));
        }
        if let Some(photo) = photo {
            if !self.0.photo_exists(photo).await? {
                return Ok(Answered::UnknownPhoto);
            }
        }
        // Once: a second answer racing this one finds the verdict set and changes nothing.
        let done =
            sqlx::query("UPDATE alerts SET verdict = $2, note = $3, photo_id = $4, answered_ms = $5 WHERE id = $1 AND verdict IS NULL RETURNING id")
                .bind(id)
                .bind(verdict.as_str())
                .bind(note)
                .bind(photo)
                .bind(now_ms)
                .fetch_optional(&mut **self.0)
                .await?;
        match done {
            Some(_) => Ok(Answered::Done),
            None => Ok(self.sql().alert(id).await?.map_or(Answered::NoSuchAlert, |a| Answered::Already(Box::new(a)))),
        }
    }

    /// A regulator's overruling ([`WatchStore::overrule_alert`]).
    async fn overrule(&mut self, scope: &Scope, id: &str, note: &str, by: &str, now_ms: i64) -> StoreResult<Overruled> {
        let Some(alert) = self.sql().alert(id).await?.filter(|a| scope.covers(&a.region)) else { return Ok(Overruled::NoSuchAlert) };
        if alert.overrule.is_some() || !matches!(alert.answer, Some((Verdict::FalseAlarm, ..))) {
            return Ok(Overruled::NotFalseAlarm);
        }
        let done = sqlx::query(
            "UPDATE alerts SET overrule_note = $2, overruled_by = $3, overruled_ms = $4
             WHERE id = $1 AND verdict = 'false_alarm' AND overruled_ms IS NULL RETURNING id",
        )
        .bind(id)
        .bind(note)
        .bind(by)
        .bind(now_ms)
        .fetch_optional(&mut **self.0)
        .await?;
        Ok(if done.is_some() { Overruled::Done } else { Overruled::NotFalseAlarm })
    }

    /// The platform's sensors of a unit ([`WatchStore::put_platform_sensors`]).
    async fn platform_sensors(&mut self, unit_code: &str, sensors: &[PlatformSensor], now_ms: i64) -> StoreResult<Option<Vec<ImportResult>>> {
        let Some(unit_id) = self.0.unit_id(unit_code).await? else { return Ok(None) };
        let mut results = Vec::with_capacity(sensors.len());
        for p in sensors {
            let stored = sqlx::query("SELECT id, kind, name FROM sensors WHERE unit_id = $1 AND source_id = $2")
                .bind(unit_id)
                .bind(p.source_id.as_str())
                .fetch_optional(&mut **self.0)
                .await?;
            let result = match stored {
                None => {
                    sqlx::query("INSERT INTO sensors (unit_id, kind, name, source_id, created_ms) VALUES ($1, $2, $3, $4, $5)")
                        .bind(unit_id)
                        .bind(p.kind.as_str())
                        .bind(p.name.as_str())
                        .bind(p.source_id.as_str())
                        .bind(now_ms)
                        .execute(&mut **self.0)
                        .await?;
                    ImportResult::Created
                }
                Some(r) if r.text("kind")? == p.kind.as_str() && r.text("name")? == p.name => ImportResult::Unchanged,
                Some(r) => {
                    sqlx::query("UPDATE sensors SET kind = $2, name = $3 WHERE id = $1")
                        .bind(r.int("id")?)
                        .bind(p.kind.as_str())
                        .bind(p.name.as_str())
                        .execute(&mut **self.0)
                        .await?;
                    ImportResult::Updated
                }
            };
            results.push(result);
        }
        Ok(Some(results))
    }
}

/// Of two readings out of range, the one further from the range.
fn further(a: i32, b: i32, rule: &SensorRule) -> i32 {
    let distance = |t: i32| rule.min_tenths.map_or(0, |min| min - t).max(rule.max_tenths.map_or(0, |max| t - max));
    if distance(b) > distance(a) {
        b
    } else {
        a
    }
}

#[async_trait]
impl<S, DB> WatchStore for S
where
    S: Pooled<Db = DB>,
    DB: Database,
    for<'t> Transaction<'t, DB>: WriteSql,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    DB::Row: Columns,
{
    async fn add_sensor(&self, unit_code: &str, kind: SensorKind, name: &str, token_hash: Option<&str>, now_ms: i64) -> StoreResult<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO sensors (unit_id, kind, name, token_hash, created_ms) SELECT u.id, $2, $3, $4, $5 FROM units u WHERE u.code = $1 RETURNING id",
        )
        .bind(unit_code)
        .bind(kind.as_str())
        .bind(name)
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| r.int("id")).transpose()
    }

    async fn set_sensor_token(&self, id: i64, token_hash: Option<&str>) -> StoreResult<bool> {
        let row = sqlx::query("UPDATE sensors SET token_hash = $2 WHERE id = $1 RETURNING id")
            .bind(id)
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    async fn sensor(&self, id: i64) -> StoreResult<Option<SensorRecord>> {
        WatchSql::<DB>(&mut *self.pool().acquire().await?).sensor(id).await
    }

    async fn sensors(&self, unit_code: Option<&str>) -> StoreResult<Vec<SensorRecord>> {
        WatchSql::<DB>(&mut *self.pool().acquire().await?).sensors(unit_code).await
    }

    async fn put_platform_sensors(&self, unit_code: &str, sensors: &[PlatformSensor], now_ms: i64) -> StoreResult<Option<Vec<ImportResult>>> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        tx.one_at_a_time(&format!("sensors of {unit_code}")).await?;
        let results = WatchWrite(&mut tx).platform_sensors(unit_code, sensors, now_ms).await?;
        tx.commit().await?;
        Ok(results)
    }

    async fn sight(&self, sighting: &Sighting<'_>) -> StoreResult<Sighted> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let sighted = WatchWrite(&mut tx).sight(sighting).await?;
        tx.commit().await?;
        Ok(sighted)
    }

    async fn store_readings(
        &self,
        sensor_id: i64,
        readings: &[(i64, i32)],
        rule: &SensorRule,
        lookback_ms: i64,
        now_ms: i64,
    ) -> StoreResult<ReadingsStored> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let stored = WatchWrite(&mut tx).readings(sensor_id, readings, rule, lookback_ms, now_ms).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn readings(&self, sensor_id: i64, from_ms: i64, to_ms: i64) -> StoreResult<Vec<(i64, i32)>> {
        WatchSql::<DB>(&mut *self.pool().acquire().await?).readings(sensor_id, from_ms, to_ms).await
    }

    async fn last_reading(&self, sensor_id: i64) -> StoreResult<Option<(i64, i32)>> {
        let row = sqlx::query("SELECT at_ms, tenths FROM sensor_readings WHERE sensor_id = $1 ORDER BY at_ms DESC LIMIT 1")
            .bind(sensor_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((r.int("at_ms")?, r.int("tenths")? as i32))).transpose()
    }

    async fn newest_readings(&self, unit_code: &str) -> StoreResult<Vec<(SensorKind, Option<(i64, i32)>)>> {
        let newest = |column: &str| format!("(SELECT r.{column} FROM sensor_readings r WHERE r.sensor_id = s.id ORDER BY r.at_ms DESC LIMIT 1)");
        let sql = format!(
            "SELECT s.kind, {} AS at_ms, {} AS tenths FROM sensors s JOIN units u ON u.id = s.unit_id WHERE u.code = $1 ORDER BY s.id",
            newest("at_ms"),
            newest("tenths")
        );
        let rows = sqlx::query(&sql).bind(unit_code).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let kind = r.text("kind")?;
                let kind = SensorKind::parse(&kind).ok_or_else(|| corrupt("sensor kind", &kind))?;
                let last = match (r.opt_int("at_ms")?, r.opt_int("tenths")?) {
                    (Some(at), Some(tenths)) => Some((at, tenths as i32)),
                    _ => None,
                };
                Ok((kind, last))
            })
            .collect()
    }

    async fn readings_in_range(&self, sensor_id: i64, from_ms: i64, rule: &SensorRule) -> StoreResult<(u32, u32)> {
        // An open end of the range is no bound: NULL compares as neither.
        let row = sqlx::query(
            "SELECT COUNT(*) AS total,
                    COALESCE(SUM(CASE WHEN ($3 IS NULL OR tenths >= $3) AND ($4 IS NULL OR tenths <= $4) THEN 1 ELSE 0 END), 0) AS within
             FROM sensor_readings WHERE sensor_id = $1 AND at_ms >= $2",
        )
        .bind(sensor_id)
        .bind(from_ms)
        .bind(rule.min_tenths.map(i64::from))
        .bind(rule.max_tenths.map(i64::from))
        .fetch_one(self.pool())
        .await?;
        Ok((row.int("total")?.max(0) as u32, row.int("within")?.max(0) as u32))
    }

    async fn alert(&self, id: &str) -> StoreResult<Option<AlertRecord>> {
        WatchSql::<DB>(&mut *self.pool().acquire().await?).alert(id).await
    }

    async fn unit_alerts(&self, unit_code: &str, since_ms: i64) -> StoreResult<Vec<AlertRecord>> {
        // Every condition takes the same three parameters; this one has no use for the second.
        let condition = "u.code = $1 AND ($2 IS NULL OR $2 IS NOT NULL) AND a.raised_ms >= $3";
        WatchSql::<DB>(&mut *self.pool().acquire().await?).alerts_where(condition, (unit_code, None, since_ms)).await
    }

    async fn alerts_in(&self, scope: &Scope, since_ms: i64) -> StoreResult<Vec<AlertRecord>> {
        let prefix = scope.sql_prefix();
        let condition = format!("{IN_SCOPE} AND a.raised_ms >= $3");
        WatchSql::<DB>(&mut *self.pool().acquire().await?).alerts_where(&condition, (scope.region.as_str(), prefix.as_deref(), since_ms)).await
    }

    async fn answer_alert(&self, unit_code: &str, id: &str, verdict: Verdict, note: &str, photo: Option<&str>, now_ms: i64) -> StoreResult<Answered> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let answered = WatchWrite(&mut tx).answer(unit_code, id, verdict, note, photo, now_ms).await?;
        tx.commit().await?;
        Ok(answered)
    }

    async fn overrule_alert(&self, scope: &Scope, id: &str, note: &str, by: &str, now_ms: i64) -> StoreResult<Overruled> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let overruled = WatchWrite(&mut tx).overrule(scope, id, note, by, now_ms).await?;
        tx.commit().await?;
        Ok(overruled)
    }

    async fn clear_watch(&self, unit_code: &str) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        for sql in [
            "DELETE FROM alerts WHERE unit_id = (SELECT id FROM units WHERE code = $1)",
            "DELETE FROM sensor_readings WHERE sensor_id IN (SELECT s.id FROM sensors s JOIN units u ON u.id = s.unit_id WHERE u.code = $1)",
            "DELETE FROM sensors WHERE unit_id = (SELECT id FROM units WHERE code = $1)",
        ] {
            sqlx::query(sql).bind(unit_code).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
