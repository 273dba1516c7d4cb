//! An import's steps, the same for both databases: for each unit, whether it is new, unchanged or
//! updated, and what becomes of its imported cameras. Each store runs them inside its one transaction
//! through [`ImportSql`], which holds only its SQL.

use async_trait::async_trait;
use mingchu_types::{GradeScheme, ImportResult, Unit};

use super::{GradeData, ImportBatch, ImportUnit, ImportedCamera, StoreResult, UnitData};

/// The SQL an import needs, run within the import's transaction.
#[async_trait]
pub(crate) trait ImportSql: Send {
    /// Adds a scheme unless one with its key is stored: built-in schemes are never replaced, the stored
    /// one may have been tuned.
    async fn add_scheme_if_missing(&mut self, scheme: &GradeScheme) -> StoreResult<()>;
    /// The unit as stored, in the shape of a record, with its row id; `None` for an unknown code.
    async fn stored_unit(&mut self, code: &str) -> StoreResult<Option<(i64, UnitData)>>;
    /// Writes a unit whole, as [`UnitStore::put_unit`](super::UnitStore::put_unit) does: its row id.
    async fn write_unit(&mut self, data: &UnitData) -> StoreResult<i64>;
    /// Sets who and where a stored unit is (a CSV row), and its `updated_at`.
    async fn update_base(&mut self, id: i64, unit: &Unit, contact: &Option<String>, region: &str) -> StoreResult<()>;
    /// The unit's cameras that carry an import key, by id.
    async fn imported_cameras(&mut self, unit_id: i64) -> StoreResult<Vec<StoredImportCamera>>;
    /// Makes one change to the unit's imported cameras; a new camera was added at `now_ms`.
    async fn change_camera(&mut self, unit_id: i64, change: &CameraChange<'_>, now_ms: i64) -> StoreResult<()>;
}

/// Writes every unit of the batch through `sql`; the caller commits. One result per unit, in order.
pub(crate) async fn import_units(sql: &mut impl ImportSql, batch: &ImportBatch<'_>) -> StoreResult<Vec<ImportResult>> {
    for scheme in batch.schemes {
        sql.add_scheme_if_missing(scheme).await?;
    }
    let mut results = Vec::with_capacity(batch.units.len());
    for unit in batch.units {
        let result = match unit {
            ImportUnit::Full { data, cameras } => import_full(sql, data, cameras, batch.now_ms).await?,
            ImportUnit::Base { unit, contact, region } => import_base(sql, unit, contact, region, batch.new_grade).await?,
        };
        results.push(result);
    }
    Ok(results)
}

async fn import_full(sql: &mut impl ImportSql, data: &UnitData, cameras: &[ImportedCamera], now_ms: i64) -> StoreResult<ImportResult> {
    let (unit_id, result) = match sql.stored_unit(&data.unit.code).await? {
        None => (sql.write_unit(data).await?, ImportResult::Created),
        Some((id, stored)) if same_unit(&stored, data) => (id, ImportResult::Unchanged),
        Some(_) => (sql.write_unit(data).await?, ImportResult::Updated),
    };
    let cameras_changed = sync_cameras(sql, unit_id, cameras, now_ms).await?;
    Ok(if result == ImportResult::Unchanged && cameras_changed { ImportResult::Updated } else { result })
}

/// A CSV row: who and where the unit is. Its licence, grade, inspections and cameras are not the row's
/// business, except that a new unit needs a grade row to be shown at all.
async fn import_base(
    sql: &mut impl ImportSql,
    unit: &Unit,
    contact: &Option<String>,
    region: &str,
    new_grade: &GradeData,
) -> StoreResult<ImportResult> {
    match sql.stored_unit(&unit.code).await? {
        None => {
            let data = UnitData {
                unit: unit.clone(),
                contact: contact.clone(),
                region: region.to_owned(),
                licence: None,
                grade: new_grade.clone(),
                inspections: Vec::new(),
            };
            sql.write_unit(&data).await?;
            Ok(ImportResult::Created)
        }
        Some((_, stored)) if stored.unit == *unit && stored.contact == *contact && stored.region == region => Ok(ImportResult::Unchanged),
        Some((id, _)) => {
            sql.update_base(id, unit, contact, region).await?;
            Ok(ImportResult::Updated)
        }
    }
}

/// Makes the unit's imported cameras what the record lists, matched by key: changed ones are updated in
/// place (id, token and frames kept), new ones added without a token, missing ones withdrawn. Cameras
/// without a key (the `camera` command's) are never touched. Whether anything changed.
async fn sync_cameras(sql: &mut impl ImportSql, unit_id: i64, cameras: &[ImportedCamera], now_ms: i64) -> StoreResult<bool> {
    let stored = sql.imported_cameras(unit_id).await?;
    let changes = camera_changes(&stored, cameras);
    for change in &changes {
        sql.change_camera(unit_id, change, now_ms).await?;
    }
    Ok(!changes.is_empty())
}

/// Whether a record says exactly what is stored. Inspections are compared by sheet number, whatever
/// their order in the record; their ids are the server's and not part of a record.
fn same_unit(stored: &UnitData, record: &UnitData) -> bool {
    let by_sheet = |data: &UnitData| {
        let mut list = data.inspections.clone();
        list.iter_mut().for_each(|i| i.id = 0);
        list.sort_by(|a, b| a.sheet_no.cmp(&b.sheet_no));
        list
    };
    stored.unit == record.unit
        && stored.contact == record.contact
        && stored.region == record.region
        && stored.licence == record.licence
        && stored.grade == record.grade
        && by_sheet(stored) == by_sheet(record)
}

/// An imported camera as stored: (id, key, area, public, delay, opens, closes).
pub(crate) type StoredImportCamera = (i64, String, String, bool, i64, String, String);

/// What an import does to a unit's imported cameras.
#[derive(Debug, PartialEq)]
pub(crate) enum CameraChange<'a> {
    /// No longer listed: made private, its token revoked, its key released (never deleted, so its id and
    /// frames are never reused).
    Withdraw(i64),
    /// Listed with other settings: updated in place (same id, token and frames).
    Update(i64, &'a ImportedCamera),
    /// New: added without a token.
    Add(&'a ImportedCamera),
}

/// Matches a record's cameras to the stored imported ones by key: the withdrawals first, then the
/// record's cameras in order; a camera listed as stored needs nothing.
fn camera_changes<'a>(stored: &[StoredImportCamera], record: &'a [ImportedCamera]) -> Vec<CameraChange<'a>> {
    let withdrawn = stored.iter().filter(|s| !record.iter().any(|c| c.key == s.1)).map(|s| CameraChange::Withdraw(s.0));
    let listed = record.iter().filter_map(|c| match stored.iter().find(|s| s.1 == c.key) {
        None => Some(CameraChange::Add(c)),
        Some((id, _, area, public, delay, opens, closes)) => {
            let same = (area.as_str(), *public, *delay, opens.as_str(), closes.as_str())
                == (c.area.as_str(), c.public, i64::from(c.delay_secs), c.hours.opens().as_str(), c.hours.closes().as_str());
            (!same).then_some(CameraChange::Update(*id, c))
        }
    });
    withdrawn.chain(listed).collect()
}

#[cfg(test)]
mod tests {
    use mingchu_types::KitchenArea;

    use super::*;
    use crate::hours::PublicHours;

    #[test]
    fn cameras_are_matched_by_key() {
        let camera = |key: &str, delay_secs| ImportedCamera {
            key: key.into(),
            area: KitchenArea::Cooking,
            public: true,
            delay_secs,
            hours: "06:00-21:00".parse::<PublicHours>().unwrap(),
        };
        let stored = |id, key: &str, delay| (id, key.to_owned(), "cooking".to_owned(), true, delay, "06:00".to_owned(), "21:00".to_owned());
        let record = [camera("same", 180), camera("changed", 300), camera("new", 180)];
        let changes = camera_changes(&[stored(1, "gone", 180), stored(2, "same", 180), stored(3, "changed", 180)], &record);
        assert_eq!(changes, [CameraChange::Withdraw(1), CameraChange::Update(3, &record[1]), CameraChange::Add(&record[2])]);
    }
}
