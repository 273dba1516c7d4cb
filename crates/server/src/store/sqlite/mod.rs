//! The embedded SQLite store: one file under the data directory, WAL journal, migrations run at open.

use std::path::Path;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::meta::PoolUse;
use super::{MetaStore, StoreError, StoreResult};

mod backup;
mod cameras;
mod import;
mod rows;
mod staff;
mod units;
mod writes;

/// The database's file under the data directory.
const DB_FILE: &str = "mingchu.db";

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) `dir/mingchu.db` and brings its schema up to date.
    /// The pool, for what works on every table at once ([`super::copy`]).
    pub(in crate::store) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A transaction that takes the write lock at once. A deferred one that reads first and writes later
    /// fails at once with "database is locked" (no busy wait) if another connection wrote in between.
    pub(in crate::store) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn open(dir: &Path) -> StoreResult<SqliteStore> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Invalid(format!("cannot create {}: {e}", dir.display())))?;
        let options = SqliteConnectOptions::new()
            .filename(dir.join(DB_FILE))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL still never loses a committed transaction to an application crash.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Writers queue rather than fail while another holds the lock (a loaded machine can make that slow).
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

#[async_trait]
impl MetaStore for SqliteStore {
    async fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = ?1").bind(key).fetch_optional(&self.pool).await?;
        Ok(row.map(|(v,)| v))
    }

    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn meta_or_set(&self, key: &str, value: &str) -> StoreResult<String> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING").bind(key).bind(value).execute(&self.pool).await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?1").bind(key).fetch_one(&self.pool).await?;
        Ok(stored)
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_use(&self) -> PoolUse {
        PoolUse { size: self.pool.size(), idle: self.pool.num_idle() as u32, max: self.pool.options().get_max_connections() }
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
