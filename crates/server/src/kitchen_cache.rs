//! Today's kitchen records and roster per unit, kept between requests so that a unit's first screen
//! does not read and decode them each time. An entry holds while the unit's kitchen stamp (read with the
//! unit's row, which the first screen reads anyway) and the day are those it was read at: every write of
//! records or roster, on any server, changes the stamp, so a cached entry is never stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mingchu_types::kitchen::{KitchenRecord, StaffMember};
use mingchu_types::Day;

/// More units than this and the cache starts again (each entry is a day's records and a roster).
const MAX_UNITS: usize = 20_000;

/// What the card needs of a unit's kitchen today.
#[derive(Debug)]
pub struct KitchenToday {
    /// The newest version of each record claiming today.
    pub records: Vec<KitchenRecord>,
    /// Whether the unit ever kept a record (the card is `None` otherwise).
    pub keeps_records: bool,
    pub roster: Vec<StaffMember>,
}

/// A unit's kitchen today, with the stamp and day it was read at.
struct Entry {
    stamp: i64,
    day: Day,
    today: Arc<KitchenToday>,
}

#[derive(Default)]
pub struct KitchenCache {
    units: Mutex<HashMap<String, Entry>>,
}

impl KitchenCache {
    /// The unit's kitchen today, if cached at this stamp and day.
    pub fn get(&self, code: &str, stamp: i64, day: Day) -> Option<Arc<KitchenToday>> {
        let units = self.units.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        units.get(code).filter(|e| e.stamp == stamp && e.day == day).map(|e| e.today.clone())
    }

    pub fn put(&self, code: &str, stamp: i64, day: Day, today: Arc<KitchenToday>) {
        let mut units = self.units.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if units.len() >= MAX_UNITS && !units.contains_key(code) {
            units.clear();
        }
        units.insert(code.to_owned(), Entry { stamp, day, today });
    }
}
