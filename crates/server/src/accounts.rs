//! Issuing owners' access codes and regulators' accounts: what the CLI, the demo and the tests call.
//! Each secret is shown once, to whoever runs the command, and kept only as its Argon2id hash.

use mingchu_types::Scope;

use crate::auth::{hash_secret, new_access_code, normalize_code};
use crate::store::{Store, StoreError, StoreResult};

fn hashed(secret: &str) -> StoreResult<String> {
    hash_secret(secret).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Issues (or resets) the access code of a unit's owner and returns it; the old code and its sessions
/// stop working. `code` chooses it (the demo's known codes); otherwise it is random.
pub async fn issue_owner_code(store: &dyn Store, unit_code: &str, code: Option<&str>, now_ms: i64) -> StoreResult<String> {
    let code = match code {
        Some(c) => c.to_owned(),
        None => new_access_code().map_err(|e| StoreError::Invalid(e.to_string()))?,
    };
    if !store.set_owner_code(unit_code, &hashed(&normalize_code(&code))?, now_ms).await? {
        return Err(StoreError::Invalid(format!("no unit with code {unit_code:?}")));
    }
    Ok(code)
}

/// A new random password: 12 characters of the access-code alphabet (about 59 bits).
pub fn new_password() -> StoreResult<String> {
    new_access_code().map(|c| c.replace('-', "")).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Adds a regulator's account scoped to a region; `password` chooses it, otherwise it is random.
/// Returns the password.
pub async fn add_regulator(store: &dyn Store, username: &str, name: &str, scope: &Scope, password: Option<&str>, now_ms: i64) -> StoreResult<String> {
    if !scope.level.fits(&scope.region) {
        let example = match scope.level {
            mingchu_types::Level::City => "3715",
            mingchu_types::Level::County => "371502",
            mingchu_types::Level::Station => "371502-01",
        };
        return Err(StoreError::Invalid(format!("{:?} is not a {} region code (like {example})", scope.region, scope.level.as_str())));
    }
    let username = username.trim();
    if username.is_empty() || name.trim().is_empty() {
        return Err(StoreError::Invalid("a user name and a name are needed".into()));
    }
    let password = match password {
        Some(p) => p.to_owned(),
        None => new_password()?,
    };
    match store.add_regulator(username, name.trim(), scope, &hashed(&password)?, now_ms).await? {
        Some(_) => Ok(password),
        None => Err(StoreError::Invalid(format!("the user name {username:?} is taken"))),
    }
}

/// Gives a regulator a new random password (their sessions end) and returns it.
pub async fn reset_regulator_password(store: &dyn Store, username: &str) -> StoreResult<String> {
    let password = new_password()?;
    if !store.set_regulator_password(username, &hashed(&password)?).await? {
        return Err(StoreError::Invalid(format!("no regulator {username:?}")));
    }
    Ok(password)
}
