//! 今日后厨's SQL, written once for both databases (both number parameters `$1`, `$2`, …), and the steps
//! of its writes: an owner's record or correction with its idempotency answer, a platform's batch, the
//! demo's records. Each store opens the transaction its own way (SQLite's write lock, PostgreSQL's lock on
//! what is counted) and runs the steps here inside it.

use std::collections::BTreeMap;

use async_trait::async_trait;
use mingchu_types::kitchen::{day_of, FirstVersion, KitchenRecord, Level, RecordBody, RecordKind, Source, StaffMember};
use mingchu_types::{Day, ImportResult, Scope, UnitKind};
use sqlx::{Database, Encode, Executor, FromRow, IntoArguments, Transaction, Type};

use super::common::IN_SCOPE;
use super::kitchen::{DeviceVersion, Imported, KitchenStore, NewVersion, OwnerWrite, Roster, UnitKitchen, Written};
use super::rows::{
    day as day_col, enum_str, held_certificate, kitchen_record, staff_member, to_json, Columns, CERTIFICATE_COLUMNS, KITCHEN_RECORD_COLUMNS,
    STAFF_COLUMNS,
};
use super::unit_sql::delete_unit_rows;
use super::writing::{earlier_answer, WriteSql};
use super::Outcome;
use super::{StoreError, StoreResult};

/// Only the newest version of each record (`r`).
const NEWEST: &str = "r.version = (SELECT MAX(v.version) FROM kitchen_records v WHERE v.id = r.id)";

/// The SQL of 今日后厨 on a connection of either database (a pool's, or a transaction's).
pub(crate) struct KitchenSql<'c, DB: Database>(pub(crate) &'c mut DB::Connection);

impl<DB> KitchenSql<'_, DB>
where
    DB: Database,
    for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
    for<'r> (i64, String): FromRow<'r, DB::Row>,
    for<'r> (String,): FromRow<'r, DB::Row>,
    DB::Row: Columns,
{
    /// The newest version of each of the unit's records claiming a day from `from` to `to`.
    pub(crate) async fn records(&mut self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<KitchenRecord>> {
        let sql = format!(
            "SELECT {KITCHEN_RECORD_COLUMNS} FROM kitchen_records r JOIN units u ON u.id = r.unit_id
             WHERE u.code = $1 AND r.day >= $2 AND r.day <= $3 AND {NEWEST} ORDER BY r.at_ms, r.id"
        );
        let rows = sqlx::query(&sql).bind(unit_code).bind(from.to_string()).bind(to.to_string()).fetch_all(&mut *self.0).await?;
        rows.iter().map(kitchen_record).collect()
    }

    pub(crate) async fn keeps_records(&mut self, unit_code: &str) -> StoreResult<bool> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT 1 FROM kitchen_records r JOIN units u ON u.id = r.unit_id WHERE u.code = $1 LIMIT 1) AS any_record",
        )
        .bind(unit_code)
        .fetch_one(&mut *self.0)
        .await?;
        Ok(n > 0)
    }

    /// Every version of one of the unit's records, oldest first.
    pub(crate) async fn versions(&mut self, unit_code: &str, id: &str) -> StoreResult<Vec<KitchenRecord>> {
        let sql = format!(
            "SELECT {KITCHEN_RECORD_COLUMNS} FROM kitchen_records r JOIN units u ON u.id = r.unit_id
             WHERE u.code = $1 AND r.id = $2 ORDER BY r.version"
        );
        let rows = sqlx::query(&sql).bind(unit_code).bind(id).fetch_all(&mut *self.0).await?;
        rows.iter().map(kitchen_record).collect()
    }

    /// The unit's whole roster, by name (then id: the same order in both databases, whatever their
    /// collation), with every certificate held.
    pub(crate) async fn roster(&mut self, unit_code: &str) -> StoreResult<Roster> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM kitchen_staff s JOIN units u ON u.id = s.unit_id WHERE u.code = $1");
        let rows = sqlx::query(&sql).bind(unit_code).fetch_all(&mut *self.0).await?;
        let mut members = rows.iter().map(staff_member).collect::<StoreResult<Vec<_>>>()?;
        members.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        let sql = format!("SELECT {CERTIFICATE_COLUMNS} FROM kitchen_certificates c JOIN units u ON u.id = c.unit_id WHERE u.code = $1");
        let rows = sqlx::query(&sql).bind(unit_code).fetch_all(&mut *self.0).await?;
        Ok(Roster { members, certificates: rows.iter().map(held_certificate).collect::<StoreResult<_>>()? })
    }

    /// Adds or changes a person on the unit's roster (only changes one, with `must_exist`): whether it did.
    pub(crate) async fn put_staff(&mut self, unit_code: &str, m: &StaffMember, must_exist: bool, now_ms: i64) -> StoreResult<bool> {
        let sql = if must_exist {
            "UPDATE kitchen_staff SET name = $3, post = $4, cert_number = $5, cert_issued = $6, cert_valid_until = $7, active = $8, updated_ms = $9
             WHERE unit_id = (SELECT id FROM units WHERE code = $1) AND id = $2 RETURNING updated_ms"
        } else {
            "INSERT INTO kitchen_staff (unit_id, id, name, post, cert_number, cert_issued, cert_valid_until, active, updated_ms)
             SELECT u.id, $2, $3, $4, $5, $6, $7, $8, $9 FROM units u WHERE u.code = $1
             ON CONFLICT (unit_id, id) DO UPDATE SET name = excluded.name, post = excluded.post, cert_number = excluded.cert_number,
                 cert_issued = excluded.cert_issued, cert_valid_until = excluded.cert_valid_until, active = excluded.active,
                 updated_ms = excluded.updated_ms
             RETURNING updated_ms"
        };
        let written: Option<(i64,)> = sqlx::query_as(sql)
            .bind(unit_code)
            .bind(m.id.as_str())
            .bind(m.name.as_str())
            .bind(enum_str(&m.post)?)
            .bind(m.certificate.number.as_str())
            .bind(m.certificate.issued.to_string())
            .bind(m.certificate.valid_until.to_string())
            .bind(m.active)
            .bind(now_ms)
            .fetch_optional(&mut *self.0)
            .await?;
        if written.is_some() {
            // The certificate joins those the person held (its end date corrected, if sent again).
            sqlx::query(
                "INSERT INTO kitchen_certificates (unit_id, staff_id, number, issued, valid_until)
                 SELECT u.id, $2, $3, $4, $5 FROM units u WHERE u.code = $1
                 ON CONFLICT (unit_id, staff_id, number, issued) DO UPDATE SET valid_until = excluded.valid_until",
            )
            .bind(unit_code)
            .bind(m.id.as_str())
            .bind(m.certificate.number.as_str())
            .bind(m.certificate.issued.to_string())
            .bind(m.certificate.valid_until.to_string())
            .execute(&mut *self.0)
            .await?;
            self.touch(unit_code).await?;
        }
        Ok(written.is_some())
    }

    /// Marks the unit's kitchen as changed (after the change: a reader that saw the new stamp reads what
    /// was written), so that a server's cached card of it is not used again.
    async fn touch(&mut self, unit_code: &str) -> StoreResult<()> {
        let mut raw = [0u8; 8];
        getrandom::getrandom(&mut raw).map_err(|e| StoreError::Invalid(format!("no randomness for a kitchen stamp: {e}")))?;
        // Never 0, which stands for a kitchen never written.
        let stamp = i64::from_le_bytes(raw) | 1;
        sqlx::query("UPDATE units SET kitchen_stamp = $2 WHERE code = $1").bind(unit_code).bind(stamp).execute(&mut *self.0).await?;
        Ok(())
    }

    /// A person on the unit's roster, by id.
    async fn staff_member(&mut self, unit_id: i64, id: &str) -> StoreResult<Option<StaffMember>> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM kitchen_staff s WHERE s.unit_id = $1 AND s.id = $2");
        let row = sqlx::query(&sql).bind(unit_id).bind(id).fetch_optional(&mut *self.0).await?;
        row.as_ref().map(staff_member).transpose()
    }

    /// The newest version of one of the unit's records, by the record's id or the device's id for it.
    async fn newest(&mut self, unit_id: i64, by: RecordRef<'_>) -> StoreResult<Option<KitchenRecord>> {
        let column = match by {
            RecordRef::Id(_) => "id",
            RecordRef::Device(_) => "device_record_id",
        };
        // `column` is one of our own constants.
        let sql = format!(
            "SELECT {KITCHEN_RECORD_COLUMNS} FROM kitchen_records r WHERE r.unit_id = $1 AND r.{column} = $2 ORDER BY r.version DESC LIMIT 1"
        );
        let (RecordRef::Id(value) | RecordRef::Device(value)) = by;
        let row = sqlx::query(&sql).bind(unit_id).bind(value).fetch_optional(&mut *self.0).await?;
        row.as_ref().map(kitchen_record).transpose()
    }

    /// Stores versions of records, each with its device's id for it, many to a statement (`skip_stored`:
    /// leaving those stored already as they are).
    async fn insert(&mut self, unit_id: i64, versions: &[(&KitchenRecord, Option<&str>)], skip_stored: bool) -> StoreResult<()> {
        // Ten parameters a row: far under either database's limit on one statement's.
        for chunk in versions.chunks(200) {
            let mut rows = Vec::with_capacity(chunk.len());
            for (record, device_record_id) in chunk {
                let device = match &record.source {
                    Source::Person => None,
                    Source::Device { name } => Some(name.clone()),
                };
                rows.push((*record, day_of(record.at_ms).to_string(), device, device_record_id.map(str::to_owned), to_json(&record.body)?));
            }
            // `($1, …, $10), ($11, …, $20), …`: both databases number parameters so.
            let values: Vec<String> =
                (0..rows.len()).map(|n| format!("({})", (1..=10).map(|k| format!("${}", n * 10 + k)).collect::<Vec<_>>().join(", "))).collect();
            let sql = format!(
                "INSERT INTO kitchen_records (id, version, unit_id, kind, day, at_ms, entered_ms, device, device_record_id, body) VALUES {}{}",
                values.join(", "),
                if skip_stored { " ON CONFLICT (id, version) DO NOTHING" } else { "" }
            );
            let mut query = sqlx::query(&sql);
            for (record, day, device, device_record_id, body) in rows {
                query = query
                    .bind(record.id.as_str())
                    .bind(i64::from(record.version))
                    .bind(unit_id)
                    .bind(record.kind().as_str())
                    .bind(day)
                    .bind(record.at_ms)
                    .bind(record.entered_ms)
                    .bind(device)
                    .bind(device_record_id)
                    .bind(body);
            }
            query.execute(&mut *self.0).await?;
        }
        Ok(())
    }

    /// Whether a stored photo may be shown by a version of `record_id`: one that nothing else shows yet
    /// (no review, message, report, other record or school dish photo), or that an earlier version of this record showed.
    /// Otherwise an owner who has seen a photo's id (a diner's message to them, their own purchase
    /// ticket) could publish it as a meal's samples.
    async fn photo_attachable(&mut self, record_id: &str, photo: &str) -> StoreResult<bool> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT p.id FROM photos p WHERE p.id = $1
                 AND NOT EXISTS (SELECT 1 FROM review_photos a WHERE a.photo_id = p.id)
                 AND NOT EXISTS (SELECT 1 FROM message_photos a WHERE a.photo_id = p.id)
                 AND NOT EXISTS (SELECT 1 FROM report_photos a WHERE a.photo_id = p.id)
                 AND NOT EXISTS (SELECT 1 FROM kitchen_record_photos a WHERE a.photo_id = p.id AND a.record_id <> $2)
                 AND NOT EXISTS (SELECT 1 FROM school_dish_photos a WHERE a.photo_id = p.id)",
        )
        .bind(photo)
        .bind(record_id)
        .fetch_optional(&mut *self.0)
        .await?;
        Ok(row.is_some())
    }

    /// Keeps a photo for a version of a record, shown to the public or not.
    async fn attach_photo(&mut self, record: &KitchenRecord, photo: &str, public: bool) -> StoreResult<()> {
        sqlx::query("INSERT INTO kitchen_record_photos (record_id, version, photo_id, public) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(record.id.as_str())
            .bind(i64::from(record.version))
            .bind(photo)
            .bind(public)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Forgets a unit's records (their photos' links with them) and roster.
    pub(crate) async fn clear(&mut self, unit_code: &str) -> StoreResult<()> {
        delete_unit_rows::<DB>(&mut *self.0, unit_code, &["kitchen_records", "kitchen_certificates", "kitchen_staff"]).await?;
        self.touch(unit_code).await
    }

    /// Every unit in scope with its roster and its newest records claiming `day` (and, of `also`'s kind,
    /// those from its day on).
    pub(crate) async fn kitchens_in(&mut self, scope: &Scope, day: Day) -> StoreResult<Vec<UnitKitchen>> {
        let prefix = scope.sql_prefix();
        let sql = format!("SELECT u.code, u.name, u.region, u.kind FROM units u WHERE {IN_SCOPE} ORDER BY u.code");
        let rows = sqlx::query(&sql).bind(scope.region.as_str()).bind(prefix.as_deref()).fetch_all(&mut *self.0).await?;
        let mut units = BTreeMap::new();
        for r in &rows {
            let (code, kind) = (r.text("code")?, r.text("kind")?);
            let kind = UnitKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("unit {code}: kind {kind:?}")))?;
            let unit = UnitKitchen {
                code: code.clone(),
                name: r.text("name")?,
                region: r.text("region")?,
                kind,
                roster: Roster::default(),
                records: vec![],
                last_inspections: vec![],
                first_day: None,
            };
            units.insert(code, unit);
        }
        let sql = format!("SELECT u.code, {STAFF_COLUMNS} FROM kitchen_staff s JOIN units u ON u.id = s.unit_id WHERE {IN_SCOPE}");
        for r in &sqlx::query(&sql).bind(scope.region.as_str()).bind(prefix.as_deref()).fetch_all(&mut *self.0).await? {
            if let Some(unit) = units.get_mut(&r.text("code")?) {
                unit.roster.members.push(staff_member(r)?);
            }
        }
        let sql = format!("SELECT u.code, {CERTIFICATE_COLUMNS} FROM kitchen_certificates c JOIN units u ON u.id = c.unit_id WHERE {IN_SCOPE}");
        for r in &sqlx::query(&sql).bind(scope.region.as_str()).bind(prefix.as_deref()).fetch_all(&mut *self.0).await? {
            if let Some(unit) = units.get_mut(&r.text("code")?) {
                unit.roster.certificates.push(held_certificate(r)?);
            }
        }
        let sql = format!(
            "SELECT u.code, {KITCHEN_RECORD_COLUMNS} FROM kitchen_records r JOIN units u ON u.id = r.unit_id
             WHERE {IN_SCOPE} AND r.day = $3 AND {NEWEST} ORDER BY r.at_ms, r.id"
        );
        let rows = sqlx::query(&sql).bind(scope.region.as_str()).bind(prefix.as_deref()).bind(day.to_string()).fetch_all(&mut *self.0).await?;
        for r in &rows {
            if let Some(unit) = units.get_mut(&r.text("code")?) {
                unit.records.push(kitchen_record(r)?);
            }
        }
        // The unit's first record, and its last self-inspection of each level, with no window: a monthly
        // meeting is overdue only when the last is older than any window would be.
        let sql = format!(
            "SELECT u.code, MIN(r.day) AS day FROM kitchen_records r JOIN units u ON u.id = r.unit_id
             WHERE {IN_SCOPE} AND r.day <= $3 GROUP BY u.code"
        );
        for r in &sqlx::query(&sql).bind(scope.region.as_str()).bind(prefix.as_deref()).bind(day.to_string()).fetch_all(&mut *self.0).await? {
            if let Some(unit) = units.get_mut(&r.text("code")?) {
                unit.first_day = Some(day_col(r, "day")?);
            }
        }
        for level in Level::ALL {
            // The level as the stored body (compact JSON) spells its key and value: `"level":"monthly"`.
            // No string value can hold it, as every quote inside one is escaped.
            let pattern = format!("%\"level\":{}%", to_json(&level)?);
            let sql = format!(
                "SELECT u.code, MAX(r.day) AS day FROM kitchen_records r JOIN units u ON u.id = r.unit_id
                 WHERE {IN_SCOPE} AND r.day <= $3 AND r.kind = $4 AND r.body LIKE $5 AND {NEWEST} GROUP BY u.code"
            );
            let rows = sqlx::query(&sql)
                .bind(scope.region.as_str())
                .bind(prefix.as_deref())
                .bind(day.to_string())
                .bind(RecordKind::SelfInspection.as_str())
                .bind(pattern)
                .fetch_all(&mut *self.0)
                .await?;
            for r in &rows {
                if let Some(unit) = units.get_mut(&r.text("code")?) {
                    unit.last_inspections.push((level, day_col(r, "day")?));
                }
            }
        }
        let mut units: Vec<UnitKitchen> = units.into_values().collect();
        for unit in &mut units {
            unit.roster.members.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        }
        Ok(units)
    }
}

/// A record named by its own id, or by the id its device gave it.
#[derive(Clone, Copy)]
enum RecordRef<'a> {
    Id(&'a str),
    Device(&'a str),
}

/// A new record id: `KR` and 16 random hex digits (upper case, so it reads apart from the `KR`).
fn new_record_id() -> StoreResult<String> {
    let mut raw = [0u8; 8];
    getrandom::getrandom(&mut raw).map_err(|e| StoreError::Invalid(format!("no randomness for a record id: {e}")))?;
    Ok(format!("KR{}", hex::encode_upper(raw)))
}

/// The photos a version shows, each with whether the public sees it (as `PublicBody` in
/// mingchu_types' `kitchen/public.rs` decides: a meal's sealed samples, never a purchase's ticket).
fn photos_of(body: &RecordBody) -> Vec<(&str, bool)> {
    match body {
        RecordBody::Samples(s) => s.photo.iter().map(|p| (p.as_str(), true)).collect(),
        RecordBody::Purchase(p) => p.ticket_photo.iter().map(|p| (p.as_str(), false)).collect(),
        _ => vec![],
    }
}

/// The steps of 今日后厨's writes, inside a transaction the store opened.
pub(crate) struct KitchenWrite<'a, 't, DB: Database>(pub(crate) &'a mut Transaction<'t, DB>);

impl<DB> KitchenWrite<'_, '_, DB>
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
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
    for<'r> (i64, String): FromRow<'r, DB::Row>,
    for<'r> (String,): FromRow<'r, DB::Row>,
    DB::Row: Columns,
{
    fn sql(&mut self) -> KitchenSql<'_, DB> {
        KitchenSql(&mut **self.0)
    }

    /// An owner's record or correction ([`KitchenStore::write_record`](super::KitchenStore::write_record)).
    pub(crate) async fn owner(&mut self, w: &OwnerWrite<'_>) -> StoreResult<Written> {
        match earlier_answer::<()>(self.0, w.key, w.request_hash).await? {
            Some(Outcome::Repeat { response }) => return Ok(Written::Repeat { response }),
            Some(_) => return Ok(Written::KeyReused),
            None => {}
        }
        let Some(unit_id) = self.0.unit_id(w.unit_code).await? else {
            return Err(StoreError::Invalid(format!("no unit {:?}", w.unit_code)));
        };
        let kind = w.version.body.kind();
        let (id, version, first) = match w.correcting {
            None => (new_record_id()?, 1, None),
            // The next version is numbered from the newest: one writer at a time of the unit's versions
            // (the platform's batches hold the same).
            Some(id) => match self.lock_versions(w.unit_code).await?.sql().newest(unit_id, RecordRef::Id(id)).await? {
                None => return Ok(Written::NoSuchRecord),
                Some(stored) if stored.kind() != kind => return Ok(Written::OtherKind(stored.kind())),
                Some(stored) => (stored.id.clone(), stored.version + 1, Some(stored.first_version())),
            },
        };
        let record = version_of(id, version, first, &w.version);
        self.sql().insert(unit_id, &[(&record, None)], false).await?;
        self.sql().touch(w.unit_code).await?;
        if !self.attach_photos(&record).await? {
            return Ok(Written::UnknownPhoto);
        }
        self.0.remember_answer(w.key, w.request_hash, &to_json(&record)?).await?;
        Ok(Written::Done(Box::new(record)))
    }

    /// A platform's batch ([`KitchenStore::import_kitchen`](super::KitchenStore::import_kitchen)).
    pub(crate) async fn import(
        &mut self,
        unit_code: &str,
        staff: &[StaffMember],
        records: &[DeviceVersion<'_>],
        now_ms: i64,
    ) -> StoreResult<Imported> {
        // Two batches for the same unit at once would both find a device's record new.
        self.lock_versions(unit_code).await?;
        let Some(unit_id) = self.0.unit_id(unit_code).await? else { return Ok(Imported::UnknownUnit) };
        let mut staff_results = Vec::with_capacity(staff.len());
        for member in staff {
            let result = match self.sql().staff_member(unit_id, &member.id).await? {
                None => ImportResult::Created,
                Some(stored) if stored == *member => ImportResult::Unchanged,
                Some(_) => ImportResult::Updated,
            };
            if result != ImportResult::Unchanged {
                self.sql().put_staff(unit_code, member, false, now_ms).await?;
            }
            staff_results.push(result);
        }
        let mut results = Vec::with_capacity(records.len());
        for (index, d) in records.iter().enumerate() {
            let kind = d.version.body.kind();
            // Compared with the device's own newest version: an owner's correction since is not the device's.
            let (id, version, first, result) = match self.sql().newest(unit_id, RecordRef::Device(d.device_record_id)).await? {
                None => (new_record_id()?, 1, None, ImportResult::Created),
                Some(stored) if stored.kind() != kind => return Ok(Imported::OtherKind { index, stored: stored.kind() }),
                Some(stored) if same_version(&stored, &d.version) => {
                    results.push((stored.id, ImportResult::Unchanged));
                    continue;
                }
                Some(stored) => {
                    let newest = self.sql().newest(unit_id, RecordRef::Id(&stored.id)).await?.map_or(stored.version, |n| n.version);
                    let first = stored.first_version();
                    (stored.id, newest + 1, Some(first), ImportResult::Updated)
                }
            };
            let record = version_of(id, version, first, &d.version);
            self.sql().insert(unit_id, &[(&record, Some(d.device_record_id))], false).await?;
            if !self.attach_photos(&record).await? {
                return Ok(Imported::UnknownPhoto(index));
            }
            results.push((record.id, result));
        }
        if results.iter().any(|(_, result)| *result != ImportResult::Unchanged) {
            self.sql().touch(unit_code).await?;
        }
        Ok(Imported::Done { staff: staff_results, records: results })
    }

    /// The demo's records, as given ([`KitchenStore::put_records`](super::KitchenStore::put_records)).
    pub(crate) async fn put(&mut self, unit_code: &str, records: &[KitchenRecord]) -> StoreResult<()> {
        let Some(unit_id) = self.0.unit_id(unit_code).await? else {
            return Err(StoreError::Invalid(format!("no unit {unit_code:?}")));
        };
        let versions: Vec<(&KitchenRecord, Option<&str>)> = records.iter().map(|r| (r, None)).collect();
        self.sql().insert(unit_id, &versions, true).await?;
        self.sql().touch(unit_code).await
    }

    /// Holds the unit's records' versions until the transaction ends (SQLite's write lock does already).
    async fn lock_versions(&mut self, unit_code: &str) -> StoreResult<&mut Self> {
        self.0.one_at_a_time(&format!("kitchen {unit_code}")).await?;
        Ok(self)
    }

    /// Links a version's photos; `false` when one is not a stored photo this record may show (the
    /// transaction is then dropped).
    async fn attach_photos(&mut self, record: &KitchenRecord) -> StoreResult<bool> {
        for (photo, public) in photos_of(&record.body) {
            if !self.sql().photo_attachable(&record.id, photo).await? {
                return Ok(false);
            }
            self.sql().attach_photo(record, photo, public).await?;
        }
        Ok(true)
    }
}

/// A version as stored, from what was sent (`first`: the first version's times, for a later version).
fn version_of(id: String, version: u32, first: Option<FirstVersion>, v: &NewVersion<'_>) -> KitchenRecord {
    KitchenRecord { id, at_ms: v.at_ms, entered_ms: v.entered_ms, source: source_of(v), version, body: v.body.clone(), first }
}

fn source_of(v: &NewVersion<'_>) -> Source {
    v.device.map_or(Source::Person, |name| Source::Device { name: name.to_owned() })
}

/// Whether a device sent again what it sent before.
fn same_version(stored: &KitchenRecord, v: &NewVersion<'_>) -> bool {
    stored.at_ms == v.at_ms && stored.source == source_of(v) && stored.body == *v.body
}

/// A store on a pool of one database, with the way its transactions begin: the one [`KitchenStore`]
/// implementation serves both.
pub(crate) trait Pooled: Send + Sync {
    type Db: Database;
    fn pool(&self) -> &sqlx::Pool<Self::Db>;
    /// How a write that reads before it writes begins (SQLite takes its write lock at once; PostgreSQL's
    /// steps lock just what they read).
    const BEGIN_WRITE: &'static str;
    /// How reads that must agree with each other begin.
    const BEGIN_READ: &'static str;
}

impl Pooled for super::sqlite::SqliteStore {
    type Db = sqlx::Sqlite;
    fn pool(&self) -> &sqlx::SqlitePool {
        self.pool()
    }
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const BEGIN_READ: &'static str = "BEGIN";
}

impl Pooled for super::postgres::PostgresStore {
    type Db = sqlx::Postgres;
    fn pool(&self) -> &sqlx::PgPool {
        self.pool()
    }
    const BEGIN_WRITE: &'static str = "BEGIN";
    const BEGIN_READ: &'static str = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
}

#[async_trait]
impl<S, DB> KitchenStore for S
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
    for<'q> Option<String>: Encode<'q, DB> + Type<DB>,
    for<'r> (i64,): FromRow<'r, DB::Row>,
    for<'r> (i64, String): FromRow<'r, DB::Row>,
    for<'r> (String,): FromRow<'r, DB::Row>,
    DB::Row: Columns,
{
    async fn write_record(&self, write: &OwnerWrite<'_>) -> StoreResult<Written> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let written = KitchenWrite(&mut tx).owner(write).await?;
        // Anything but a new version leaves nothing behind.
        if matches!(written, Written::Done(_)) {
            tx.commit().await?;
        }
        Ok(written)
    }

    async fn import_kitchen(&self, unit_code: &str, staff: &[StaffMember], records: &[DeviceVersion<'_>], now_ms: i64) -> StoreResult<Imported> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let imported = KitchenWrite(&mut tx).import(unit_code, staff, records, now_ms).await?;
        // All of the batch, or none of it.
        if matches!(imported, Imported::Done { .. }) {
            tx.commit().await?;
        }
        Ok(imported)
    }

    async fn put_records(&self, unit_code: &str, records: &[KitchenRecord]) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        KitchenWrite(&mut tx).put(unit_code, records).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_kitchen(&self, unit_code: &str) -> StoreResult<()> {
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        KitchenSql::<DB>(&mut *tx).clear(unit_code).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn kitchen_records(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<KitchenRecord>> {
        KitchenSql::<DB>(&mut *self.pool().acquire().await?).records(unit_code, from, to).await
    }

    async fn keeps_records(&self, unit_code: &str) -> StoreResult<bool> {
        KitchenSql::<DB>(&mut *self.pool().acquire().await?).keeps_records(unit_code).await
    }

    async fn record_versions(&self, unit_code: &str, id: &str) -> StoreResult<Vec<KitchenRecord>> {
        KitchenSql::<DB>(&mut *self.pool().acquire().await?).versions(unit_code, id).await
    }

    async fn roster(&self, unit_code: &str) -> StoreResult<Roster> {
        KitchenSql::<DB>(&mut *self.pool().acquire().await?).roster(unit_code).await
    }

    async fn put_staff(&self, unit_code: &str, member: &StaffMember, must_exist: bool, now_ms: i64) -> StoreResult<bool> {
        // The person and the unit's kitchen stamp change together.
        let mut tx = self.pool().begin_with(S::BEGIN_WRITE).await?;
        let put = KitchenSql::<DB>(&mut *tx).put_staff(unit_code, member, must_exist, now_ms).await?;
        tx.commit().await?;
        Ok(put)
    }

    async fn kitchens_in(&self, scope: &Scope, day: Day) -> StoreResult<Vec<UnitKitchen>> {
        // One snapshot for the units, their rosters and their records.
        let mut tx = self.pool().begin_with(S::BEGIN_READ).await?;
        let units = KitchenSql::<DB>(&mut *tx).kitchens_in(scope, day).await?;
        tx.commit().await?;
        Ok(units)
    }
}
