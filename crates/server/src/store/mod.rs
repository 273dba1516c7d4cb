//! Where units and what the regulator published about them are kept. Handlers see only the [`Store`]
//! trait, implemented by [`sqlite::SqliteStore`] (embedded, the default) and [`postgres::PostgresStore`]
//! ([`Database`] chooses). `Store` is the sum of one trait per concern, each in its own file with the
//! records it uses; each implementation has one file per concern, and what they do alike (rows to
//! records in `rows.rs`, pages, tickets and import decisions in `common.rs`) is written once; the
//! kitchen's records (`kitchen.rs`), the alerts and sensors (`watch.rs`), school canteens' menus and 陪餐
//! (`school_meals.rs`) and their fees and surveys (`school_terms.rs`), and open data's bulk reads
//! (`open_data.rs`) are implemented once for both, over either pool (`kitchen_sql.rs`, `watch_sql.rs`,
//! `school_meals_sql.rs`, `school_terms_sql.rs`, `open_data_sql.rs`).

pub mod cameras;
mod common;
pub mod copy;
pub mod import;
mod importing;
pub mod kitchen;
mod kitchen_sql;
pub mod map;
mod map_sql;
pub mod meta;
pub mod open_data;
mod open_data_sql;
pub mod postgres;
mod rows;
pub mod school_meals;
mod school_meals_sql;
pub mod school_terms;
mod school_terms_sql;
pub mod sqlite;
pub mod staff;
mod unit_sql;
pub mod units;
pub mod watch;
mod watch_sql;
pub mod writes;
mod writing;

pub use cameras::{CameraRecord, CameraStore, NewCamera, NewestMinute};
pub use import::{ImportBatch, ImportStore, ImportUnit, ImportedCamera};
pub use kitchen::{DeviceVersion, Imported, KitchenStore, NewVersion, OwnerWrite, Roster, UnitKitchen, Written};
pub use map::MapStore;
pub use meta::{MetaStore, PoolUse};
pub use open_data::OpenDataStore;
pub use school_meals::{DemoMeals, NewDishPhoto, SchoolActivity, SchoolMealsStore, SchoolWrite, StoredCompanion, StoredDishPhoto, StoredMenu};
pub use school_terms::{AnswerStored, NewAnswer, SchoolTermsStore, StoredAnswer, StoredSurvey};
pub use staff::{QueueSizes, StaffStore};
pub use units::{DynamicGradeData, GradeData, StoredGrade, UnitData, UnitRecord, UnitStore};
pub use watch::{AlertRecord, Answered, Overruled, PlatformSensor, ReadingsStored, SensorRecord, Sighted, Sighting, WatchStore};
pub(crate) use watch_sql::new_alert_id;
pub use writes::{MediaUsage, NewMessage, NewPhoto, NewReport, NewReview, NewVote, Outcome, PhotoRecord, PhotoUse, WriteStore};

use std::path::Path;
use std::sync::Arc;

use mingchu_types::Day;

/// A position in a list, after which the next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// Units are listed by id.
    Unit(i64),
    /// Inspections are listed newest first: by date, then id, both descending.
    Inspection(Day, i64),
}

/// A page of results and where the next one starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("invalid data: {0}")]
    Invalid(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Every concern of the store: what handlers hold as `Arc<dyn Store>`.
pub trait Store:
    UnitStore
    + WriteStore
    + CameraStore
    + ImportStore
    + StaffStore
    + KitchenStore
    + WatchStore
    + SchoolMealsStore
    + SchoolTermsStore
    + MapStore
    + OpenDataStore
    + MetaStore
    + Send
    + Sync
    + 'static
{
}

impl<
        T: UnitStore
            + WriteStore
            + CameraStore
            + ImportStore
            + StaffStore
            + KitchenStore
            + WatchStore
            + SchoolMealsStore
            + SchoolTermsStore
            + MapStore
            + OpenDataStore
            + MetaStore
            + Send
            + Sync
            + 'static,
    > Store for T
{
}

/// Which database the store is in.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Database {
    /// SQLite, in `mingchu.db` under the data directory: nothing to set up.
    #[default]
    Sqlite,
    /// A PostgreSQL database, by its URL: `postgres://user@host/db` (`?host=/dir` for a Unix socket).
    Postgres(String),
}

impl Database {
    /// Opens the store, bringing its schema up to date; SQLite's file is under `data`.
    pub async fn open(&self, data: &Path) -> StoreResult<Arc<dyn Store>> {
        Ok(match self {
            Database::Sqlite => Arc::new(sqlite::SqliteStore::open(data).await?),
            Database::Postgres(url) => Arc::new(postgres::PostgresStore::open(url).await?),
        })
    }
}

/// Without the URL, which may hold a password.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Database::Sqlite => "Sqlite",
            Database::Postgres(_) => "Postgres(…)",
        })
    }
}

impl std::str::FromStr for Database {
    type Err = String;

    /// `sqlite`, or a PostgreSQL URL.
    fn from_str(s: &str) -> Result<Database, String> {
        if s == "sqlite" {
            Ok(Database::Sqlite)
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Database::Postgres(s.to_owned()))
        } else {
            Err("`sqlite` or a PostgreSQL URL, postgres://user@host/database".into())
        }
    }
}
