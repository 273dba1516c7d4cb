//! Facts about the database itself, and whether it answers.

use async_trait::async_trait;

use super::StoreResult;

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
}
