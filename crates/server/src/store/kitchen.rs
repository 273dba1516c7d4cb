//! 今日后厨 as stored: the roster and every version of every record a unit or its devices kept. Records
//! are appended, never changed: a correction is the next version of the same id. The SQL is written once
//! for both databases in [`super::kitchen_sql`]; each store only opens its transactions its own way.

use async_trait::async_trait;
use mingchu_types::kitchen::{HealthCertificate, KitchenRecord, Level, RecordBody, RecordKind, StaffMember};
use mingchu_types::{Day, ImportResult, Scope, UnitKind};

use super::StoreResult;

/// A version of a record ready to be written; the store gives it its id and version number.
#[derive(Clone, Copy, Debug)]
pub struct NewVersion<'a> {
    /// The time it claims (UTC ms).
    pub at_ms: i64,
    /// When the server got it (UTC ms).
    pub entered_ms: i64,
    /// The device that wrote it; `None` for a person.
    pub device: Option<&'a str>,
    pub body: &'a RecordBody,
}

/// An owner's new record, or a correction of one of the unit's records, under its idempotency key.
#[derive(Clone, Copy, Debug)]
pub struct OwnerWrite<'a> {
    pub unit_code: &'a str,
    /// The record this corrects; `None` for a new record.
    pub correcting: Option<&'a str>,
    /// Unique to the request (the app's client id, scoped to the unit by the caller).
    pub key: &'a str,
    /// A fingerprint of the request, to tell a repeat from a key reused for another.
    pub request_hash: &'a str,
    pub version: NewVersion<'a>,
}

/// What became of an owner's write.
#[derive(Debug, PartialEq)]
pub enum Written {
    /// Stored now: the version as stored.
    Done(Box<KitchenRecord>),
    /// The same request came before: the version it stored, as its JSON.
    Repeat { response: String },
    /// The key came before with another request.
    KeyReused,
    /// A photo id in the body is not a stored photo.
    UnknownPhoto,
    /// The unit has no record of that id (to correct).
    NoSuchRecord,
    /// A correction of another kind of record than the one it corrects.
    OtherKind(RecordKind),
}

/// A device's record from the supervision platform, with the device's own id for it.
#[derive(Clone, Copy, Debug)]
pub struct DeviceVersion<'a> {
    pub device_record_id: &'a str,
    pub version: NewVersion<'a>,
}

/// What became of a platform's batch (written whole, or not at all).
#[derive(Debug, PartialEq)]
pub enum Imported {
    /// One result per staff member, and per record with the record's id here, in the batch's order.
    Done {
        staff: Vec<ImportResult>,
        records: Vec<(String, ImportResult)>,
    },
    UnknownUnit,
    /// A photo id in the record at this index is not a stored photo.
    UnknownPhoto(usize),
    /// The record at this index has the id of a device record of another kind.
    OtherKind {
        index: usize,
        stored: RecordKind,
    },
}

/// A unit's roster with every certificate each person held: records are judged by the one held on
/// their day, not by today's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roster {
    /// Everyone, people who left included, by name, each with their present certificate.
    pub members: Vec<StaffMember>,
    /// Each person's certificates (by staff id), the present ones included.
    pub certificates: Vec<(String, HealthCertificate)>,
}

impl Roster {
    /// Everyone with the certificate they held on `day`: one valid that day (the longest-running, if
    /// two), else the last issued before it (expired), else (none issued yet) the present one, which
    /// is then judged not yet valid that day (never as valid).
    pub fn on(&self, day: Day) -> Vec<StaffMember> {
        self.members
            .iter()
            .map(|m| {
                let held = self.certificates.iter().filter(|(id, c)| *id == m.id && c.issued <= day).map(|(_, c)| c);
                let valid = held.clone().filter(|c| day <= c.valid_until).max_by_key(|c| c.valid_until);
                let certificate = valid.or_else(|| held.max_by_key(|c| (c.issued, c.valid_until))).unwrap_or(&m.certificate).clone();
                StaffMember { certificate, ..m.clone() }
            })
            .collect()
    }
}

/// What a regulator's view of a unit starts from: who and where it is, its roster and its records.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitKitchen {
    pub code: String,
    pub name: String,
    pub region: String,
    pub kind: UnitKind,
    pub roster: Roster,
    /// The newest version of each record claiming the day asked for, by the time it claims.
    pub records: Vec<KitchenRecord>,
    /// The last day of each level of self-inspection, ever (a level never held is absent).
    pub last_inspections: Vec<(Level, Day)>,
    /// The first day any record claims: the unit's records begin then (`None`: it never kept one).
    pub first_day: Option<Day>,
}

impl UnitKitchen {
    /// The last day a self-inspection of `level` was held.
    pub fn last_inspection(&self, level: Level) -> Option<Day> {
        self.last_inspections.iter().find(|(l, _)| *l == level).map(|(_, day)| *day)
    }
}

#[async_trait]
pub trait KitchenStore: Send + Sync {
    /// Stores an owner's new record (version 1 of a new id) or correction (the next version of
    /// `correcting`), with its photos, in one transaction with its idempotency answer.
    async fn write_record(&self, write: &OwnerWrite<'_>) -> StoreResult<Written>;

    /// Writes a platform's batch in one transaction: its staff by their ids (added or updated), its
    /// records by their device record ids (a repeat changes nothing, a changed one is a new version).
    async fn import_kitchen(&self, unit_code: &str, staff: &[StaffMember], records: &[DeviceVersion<'_>], now_ms: i64) -> StoreResult<Imported>;

    /// Lays out records exactly as given (ids, versions and times included), skipping versions already
    /// stored; the demo's, whose ids are its own.
    async fn put_records(&self, unit_code: &str, records: &[KitchenRecord]) -> StoreResult<()>;

    /// Forgets a unit's roster and records: only for the demo, laid out again for a new day.
    async fn clear_kitchen(&self, unit_code: &str) -> StoreResult<()>;

    /// The newest version of each of the unit's records that claims a day from `from` to `to`, by the
    /// time it claims (and id).
    async fn kitchen_records(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<KitchenRecord>>;

    /// Whether the unit kept any record, ever.
    async fn keeps_records(&self, unit_code: &str) -> StoreResult<bool>;

    /// Every version of one of the unit's records, oldest first; empty when it has none of that id.
    async fn record_versions(&self, unit_code: &str, id: &str) -> StoreResult<Vec<KitchenRecord>>;

    /// The unit's whole roster (people who left included), by name, with every certificate held.
    async fn roster(&self, unit_code: &str) -> StoreResult<Roster>;

    /// Adds a person to the roster (their id is new) or changes one; `false` for an unknown unit, or
    /// (`must_exist`) a person the roster does not have.
    async fn put_staff(&self, unit_code: &str, member: &StaffMember, must_exist: bool, now_ms: i64) -> StoreResult<bool>;

    /// Every unit in scope, by code, with its roster, the newest version of each record claiming `day`,
    /// the last day of each level of self-inspection and the first day of its records (both ever).
    async fn kitchens_in(&self, scope: &Scope, day: Day) -> StoreResult<Vec<UnitKitchen>>;
}

#[cfg(test)]
mod tests {
    use mingchu_types::kitchen::Post;

    use super::*;

    fn cert(number: &str, issued: &str, valid_until: &str) -> HealthCertificate {
        HealthCertificate { number: number.into(), issued: issued.parse().unwrap(), valid_until: valid_until.parse().unwrap() }
    }

    #[test]
    fn a_day_is_judged_with_the_certificate_held_that_day() {
        let (old, new) = (cert("OLD", "2025-11-01", "2026-10-31"), cert("NEW", "2026-11-20", "2027-11-19"));
        let member = StaffMember { id: "S1".into(), name: "张三".into(), post: Post::Chef, certificate: new.clone(), active: true };
        let roster = Roster { members: vec![member], certificates: vec![("S1".into(), old.clone()), ("S1".into(), new.clone())] };
        let on = |day: &str| roster.on(day.parse().unwrap())[0].certificate.clone();
        assert_eq!(on("2026-06-01"), old);
        // Expired before the renewal: the old one, expired.
        assert_eq!(on("2026-11-10"), old);
        assert_eq!(on("2026-11-20"), new);
        // Before any it held: the present one, not yet valid then.
        assert_eq!(on("2025-01-01"), new);
        let rules = mingchu_types::kitchen::KitchenRules::national();
        let state = roster.on("2025-01-01".parse().unwrap())[0].certificate_on("2025-01-01".parse().unwrap(), &rules);
        assert_eq!(state, mingchu_types::kitchen::CertificateState::NotYetValid);
    }
}
