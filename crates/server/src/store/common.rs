//! What both databases' stores decide the same way around their SQL: pages, tickets, secrets compared,
//! LIKE patterns, and what an import changes.

use mingchu_types::{BurstRule, BurstScope, Day, Unit};

use super::staff::Change;
use super::{Cursor, GradeData, ImportedCamera, Page, UnitData};

/// A change to the rows an UPDATE reached: none means not there, or not the account's to see.
pub(crate) fn change(rows: u64) -> Change {
    if rows == 0 {
        Change::NotFound
    } else {
        Change::Done
    }
}

/// A page of `limit` from `items` fetched with one more than `limit`: the extra one says there is a next
/// page, which starts after the last item kept (`cursor`).
pub(crate) fn page<T>(mut items: Vec<T>, limit: u32, cursor: impl Fn(&T) -> Cursor) -> Page<T> {
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(cursor)
    } else {
        None
    };
    Page { items, next }
}

/// A ticket: its kind's prefix, the day as `yymmdd` and the row id, e.g. `JB261129-000042`. Numbered
/// from the row id, so it is unique without retries; its secret, not its number, guards it.
pub(crate) fn ticket(prefix: &str, day: Day, id: i64) -> String {
    let (y, m, d) = day.ymd();
    format!("{prefix}{:02}{m:02}{d:02}-{id:06}", y.rem_euclid(100))
}

/// Compares two secrets' hashes without stopping at the first difference.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `%query%` for `LIKE … ESCAPE '\'`, with `%`, `_` and the escape character itself escaped, so a query
/// is matched literally.
pub(crate) fn contains_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// What bursts are counted in: a table and the column with each row's time (UTC ms).
#[derive(Clone, Copy)]
pub(crate) enum Burstable {
    Ratings,
    Reviews,
}

impl Burstable {
    pub(crate) fn table_and_time(self) -> (&'static str, &'static str) {
        match self {
            Burstable::Ratings => ("ratings", "voted_ms"),
            Burstable::Reviews => ("reviews", "created_ms"),
        }
    }
}

/// One burst rule's window ending now: the unit's rows after `since_ms`, and only `address`'s for an
/// address rule.
pub(crate) struct Window<'a> {
    pub(crate) unit_id: i64,
    pub(crate) since_ms: i64,
    pub(crate) address: Option<&'a str>,
}

impl<'a> Window<'a> {
    pub(crate) fn of(rule: &BurstRule, unit_id: i64, address: &'a str, now_ms: i64) -> Window<'a> {
        let address = (rule.scope == BurstScope::Address).then_some(address);
        Window { unit_id, since_ms: now_ms - i64::from(rule.window_secs) * 1000, address }
    }

    /// The window's rows of `what`, binding `$1` unit, `$2` since, `$3` address (NULL for the whole
    /// unit): both databases number parameters so.
    pub(crate) fn condition(&self, what: Burstable) -> String {
        let (_, time) = what.table_and_time();
        format!("unit_id = $1 AND {time} > $2 AND ($3 IS NULL OR address = $3)")
    }
}

/// Rows older than this (UTC ms) are reached by no window of `rules`: their address hashes are forgotten.
pub(crate) fn forgotten_before(rules: &[BurstRule], now_ms: i64) -> i64 {
    let longest = rules.iter().map(|r| i64::from(r.window_secs)).max().unwrap_or(0);
    now_ms - longest * 1000
}

/// Whether a record says exactly what is stored. Inspections are compared by sheet number, whatever
/// their order in the record; their ids are the server's and not part of a record.
pub(crate) fn same_unit(stored: &UnitData, record: &UnitData) -> bool {
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

/// Whether a CSV row says what is stored of who and where the unit is.
pub(crate) fn same_base(stored: &UnitData, unit: &Unit, contact: &Option<String>, region: &str) -> bool {
    stored.unit == *unit && stored.contact == *contact && stored.region == region
}

/// A unit first created from a CSV row: no licence, no inspections, the import's grade for new units.
pub(crate) fn base_unit(unit: &Unit, contact: &Option<String>, region: &str, new_grade: &GradeData) -> UnitData {
    UnitData {
        unit: unit.clone(),
        contact: contact.clone(),
        region: region.to_owned(),
        licence: None,
        grade: new_grade.clone(),
        inspections: Vec::new(),
    }
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
pub(crate) fn camera_changes<'a>(stored: &[StoredImportCamera], record: &'a [ImportedCamera]) -> Vec<CameraChange<'a>> {
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
    fn tickets_name_their_kind_and_day() {
        assert_eq!(ticket("JB", "2026-11-29".parse().unwrap(), 42), "JB261129-000042");
        assert_eq!(ticket("LY", "2031-01-05".parse().unwrap(), 1_234_567), "LY310105-1234567");
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("食堂"), "%食堂%");
    }

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
