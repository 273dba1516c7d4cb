//! Facts about the database itself, and whether it answers.

use async_trait::async_trait;

use super::StoreResult;

/// How the connection pool is used, for the operators' gauges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections open now.
    pub size: u32,
    /// Of those, connections waiting for a query.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// The database itself.
#[async_trait]
pub trait MetaStore: Send + Sync {
    /// A fact about the database itself (see the `meta` table).
    async fn meta(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()>;
    /// The value under `key`, storing `value` there first when there is none: what several servers
    /// starting at once agree on (the first to store wins).
    async fn meta_or_set(&self, key: &str, value: &str) -> StoreResult<String>;

    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// The connection pool's use now.
    fn pool_use(&self) -> PoolUse;

    /// Closes the connection pool: waits for the connections in use to come back, then closes every one
    /// (SQLite checkpoints its write-ahead log as the last one closes).
    async fn close(&self);
}
