//! The PostgreSQL store: the same behaviour as [`super::sqlite::SqliteStore`] on a server that several
//! Mingchu servers can share. Its migrations are in `migrations/postgres/`, run at open.
//!
//! Where SQLite takes the whole database's write lock (`BEGIN IMMEDIATE`) so that a count and the write
//! that depends on it happen one at a time, this store takes a transaction-scoped advisory lock on just
//! what is counted ([`lock`]): a unit's votes, a name's sign-in attempts, an idempotency key, imports.

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use super::meta::PoolUse;
use super::{MetaStore, StoreResult};

mod cameras;
mod import;
mod rows;
mod staff;
mod units;
mod writes;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host/db`, `?host=/socket/dir` for a Unix
    /// socket) and brings its schema up to date.
    /// The pool, for what works on every table at once ([`super::copy`]).
    pub(in crate::store) fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn open(url: &str) -> StoreResult<PostgresStore> {
        // Without the server's notices ("relation … already exists, skipping"), which sqlx would log.
        let options = url.parse::<PgConnectOptions>()?.options([("client_min_messages", "warning")]);
        let pool = PgPoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool })
    }
}

/// Holds `what` until the transaction ends: another transaction locking the same `what` waits. The
/// name is hashed to the lock's 64-bit key; two names that collide only wait for each other.
async fn lock(tx: &mut Transaction<'_, Postgres>, what: &str) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind(what).execute(&mut **tx).await?;
    Ok(())
}

#[async_trait]
impl MetaStore for PostgresStore {
    async fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = $1").bind(key).fetch_optional(&self.pool).await?;
        Ok(row.map(|(v,)| v))
    }

    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn meta_or_set(&self, key: &str, value: &str) -> StoreResult<String> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING").bind(key).bind(value).execute(&self.pool).await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1").bind(key).fetch_one(&self.pool).await?;
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
