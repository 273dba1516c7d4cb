//! School canteens' menus, dish photos and 陪餐 records, as stored. The SQL is written once for both
//! databases in [`super::school_meals_sql`].

use async_trait::async_trait;
use mingchu_types::kitchen::Meal;
use mingchu_types::school::{CompanionMeal, DishPhoto, MenuMeal};
use mingchu_types::{Day, Scope};

use super::StoreResult;

/// A week's menu as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMenu {
    /// Its Monday.
    pub week: Day,
    pub meals: Vec<MenuMeal>,
    pub published_ms: i64,
}

/// A dish photo as stored: the day and meal it is of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDishPhoto {
    pub day: Day,
    pub meal: Meal,
    pub photo: DishPhoto,
}

/// A dish photo to store.
#[derive(Clone, Copy, Debug)]
pub struct NewDishPhoto<'a> {
    pub client_id: &'a str,
    pub day: Day,
    pub meal: Meal,
    pub dish: &'a str,
    pub photo: &'a str,
    pub taken_ms: i64,
    pub demo: bool,
    pub entered_ms: i64,
}

/// A 陪餐 record as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCompanion {
    pub record: CompanionMeal,
    pub entered_ms: i64,
}

/// What became of a write keyed by the app's `client_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchoolWrite<T> {
    Done(T),
    /// The client id was used before: what it stored then (the caller tells a repeat from another write).
    Repeat(T),
    UnknownUnit,
    /// Not a stored photo, or one something else uses.
    UnknownPhoto,
}

/// A school canteen of a region, with what the regulator's list is made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchoolActivity {
    pub code: String,
    pub name: String,
    pub region: String,
    /// The days from the asked range with a lunch 陪餐 record.
    pub lunch_days: Vec<Day>,
    /// Whether the asked week's menu is published.
    pub menu: bool,
}

/// The demo's menus, dish photos and 陪餐 of a unit, stored at once.
#[derive(Clone, Debug, Default)]
pub struct DemoMeals {
    pub menus: Vec<StoredMenu>,
    /// Each under its client id, entered when taken; its photo already stored.
    pub photos: Vec<(String, StoredDishPhoto)>,
    pub companions: Vec<(String, StoredCompanion)>,
}

#[async_trait]
pub trait SchoolMealsStore: Send + Sync {
    /// Publishes a week's menu, replacing what was there; `false` for an unknown unit.
    async fn put_menu(&self, unit_code: &str, week: Day, meals: &[MenuMeal], now_ms: i64) -> StoreResult<bool>;

    /// The unit's menus of the weeks from `from` to `to` (Mondays), newest first.
    async fn menus(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredMenu>>;

    /// Stores a dish photo, once per client id.
    async fn add_dish_photo(&self, unit_code: &str, photo: &NewDishPhoto<'_>) -> StoreResult<SchoolWrite<StoredDishPhoto>>;

    /// The unit's dish photos of the days from `from` to `to`, by day, meal and time taken.
    async fn dish_photos(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredDishPhoto>>;

    /// Stores a 陪餐 record, once per client id.
    async fn add_companion(&self, unit_code: &str, client_id: &str, record: &CompanionMeal, now_ms: i64)
        -> StoreResult<SchoolWrite<StoredCompanion>>;

    /// The unit's 陪餐 records of the days from `from` to `to`, newest day first (then by meal and entry).
    async fn companions(&self, unit_code: &str, from: Day, to: Day) -> StoreResult<Vec<StoredCompanion>>;

    /// The school and kindergarten canteens in scope, by code, with their lunch 陪餐 days from `from` to
    /// `to` and whether `week`'s menu is published.
    async fn school_activity(&self, scope: &Scope, from: Day, to: Day, week: Day) -> StoreResult<Vec<SchoolActivity>>;

    /// Stores the demo's menus, dish photos and 陪餐 of a unit in one transaction, leaving what is stored
    /// already (the same week, the same client id) as it is.
    async fn put_demo_meals(&self, unit_code: &str, meals: &DemoMeals) -> StoreResult<()>;

    /// Forgets a unit's menus, dish photos and 陪餐 records: only for the demo, laid out again for a new day.
    async fn clear_school_meals(&self, unit_code: &str) -> StoreResult<()>;
}
