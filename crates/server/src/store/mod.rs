//! Where units and what the regulator published about them are kept. Handlers see only the [`Store`]
//! trait, so a PostgreSQL implementation can sit beside [`sqlite::SqliteStore`] without touching them.
//! `Store` is the sum of one trait per concern, each in its own file with the records it uses, so a
//! second implementation can be written concern by concern.

pub mod cameras;
pub mod import;
pub mod meta;
pub mod sqlite;
pub mod staff;
pub mod units;
pub mod writes;

pub use cameras::{CameraRecord, CameraStore, NewCamera};
pub use import::{ImportBatch, ImportStore, ImportUnit, ImportedCamera};
pub use meta::MetaStore;
pub use staff::StaffStore;
pub use units::{DynamicGradeData, GradeData, StoredGrade, UnitData, UnitRecord, UnitStore};
pub use writes::{MediaUsage, NewMessage, NewPhoto, NewReport, NewReview, NewVote, Outcome, PhotoRecord, PhotoUse, WriteStore};

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
pub trait Store: UnitStore + WriteStore + CameraStore + ImportStore + StaffStore + MetaStore + Send + Sync + 'static {}

impl<T: UnitStore + WriteStore + CameraStore + ImportStore + StaffStore + MetaStore + Send + Sync + 'static> Store for T {}
