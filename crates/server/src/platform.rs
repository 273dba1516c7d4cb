//! The supervision platform's bearer token for `PUT /api/platform/units/{code}`. There is one: issuing a
//! new one replaces the old. Like camera tokens it is 32 random bytes, shown once; only its SHA-256 is
//! kept (in `meta`), and it is compared without stopping at the first difference.

use crate::cameras::{new_token, token_hash};
use crate::store::{Store, StoreError, StoreResult};

/// The `meta` key holding the token's SHA-256 (hex).
const TOKEN_HASH: &str = "platform_token_sha256";

/// Issues the platform's token, replacing any earlier one: the token, to be shown once.
pub async fn issue_token(store: &dyn Store) -> StoreResult<String> {
    let token = new_token().map_err(|e| StoreError::Invalid(format!("cannot make a token: {e}")))?;
    store.set_meta(TOKEN_HASH, &token_hash(&token)).await?;
    Ok(token)
}

/// Whether `token` is the platform's current token; never when none was issued.
pub async fn token_opens(store: &dyn Store, token: &str) -> StoreResult<bool> {
    let Some(stored) = store.meta(TOKEN_HASH).await? else {
        return Ok(false);
    };
    let given = token_hash(token);
    Ok(stored.len() == given.len() && stored.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0)
}
