//! Secrets of owners and regulators: access codes and passwords hashed slowly (Argon2id), random session
//! tokens kept as SHA-256, and the rules that meter guesses (lock-out per client, slowdown per account).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// How sign-in guesses are metered (see [`GUESS_RULES`]).
#[derive(Clone, Copy, Debug)]
pub struct GuessRules {
    /// Wrong guesses in a row at an account from one client network before that network is locked out
    /// of it …
    pub max_failures: u32,
    /// … and for how long.
    pub lock_ms: i64,
    /// Attempts at one account from devices that never signed in to it, from anywhere: this many at once …
    pub account_burst: u32,
    /// … then one per this long. A device that signed in before is never slowed.
    pub account_interval_ms: i64,
    /// Wrong guesses this old (and not locking) are forgotten.
    pub forget_ms: i64,
}

/// Five wrong guesses in a row lock a client network out of an account for 15 minutes; beyond twenty
/// attempts from new devices an account takes one every 30 s (at most 2,880 guesses a day against a code
/// of 59 bits), while its owner's own devices go straight in.
pub const GUESS_RULES: GuessRules =
    GuessRules { max_failures: 5, lock_ms: 15 * 60 * 1000, account_burst: 20, account_interval_ms: 30 * 1000, forget_ms: 24 * 3600 * 1000 };
/// A device that signed in to an account is recognised for a year.
pub const KNOWN_DEVICE_MS: i64 = 365 * 24 * 3600 * 1000;
/// A session lasts a working day; signing in again is cheap.
pub const SESSION_MS: i64 = 12 * 3600 * 1000;

/// The access code alphabet: no 0/O, 1/I/L, so it can be read out over the phone.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("random numbers unavailable: {0}")]
    Random(String),
    #[error("hashing: {0}")]
    Hash(String),
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(bytes)
}

/// A new access code for a unit's owner: 12 characters in groups of four, e.g. `K7PM-3QX9-TR4H`
/// (about 59 bits: with the lock-out, far beyond guessing).
pub fn new_access_code() -> Result<String, AuthError> {
    let bytes = random_bytes::<12>()?;
    let chars: Vec<char> = bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect();
    Ok(chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// How an access code is compared: case, spaces and dashes do not matter to a person typing it.
pub fn normalize_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// An Argon2id PHC string for a secret (with the crate's default cost: 19 MiB, 2 passes).
pub fn hash_secret(secret: &str) -> Result<String, AuthError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether `secret` matches a stored PHC string; a damaged one matches nothing.
pub fn verify_secret(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(secret.as_bytes(), &hash).is_ok())
}

/// A stored hash to check against when there is no account, so that an unknown name takes as long
/// as a wrong password and does not tell which names exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_secret("no such account").unwrap_or_default())
}

/// A session's token (for the cookie) and its hash (for the database), and its CSRF token.
pub fn new_session_tokens() -> Result<(String, String, String), AuthError> {
    let token = hex::encode(random_bytes::<32>()?);
    let csrf = hex::encode(random_bytes::<24>()?);
    Ok((token_hash(&token), token, csrf))
}

/// The SHA-256 (hex) a token is stored as.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_codes_are_readable_and_compare_loosely() {
        let code = new_access_code().unwrap();
        assert_eq!(code.len(), 14);
        assert!(code.chars().all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))), "{code}");
        assert_ne!(code, new_access_code().unwrap());
        assert_eq!(normalize_code(" k7pm-3qx9 tr4h "), "K7PM3QX9TR4H");
    }

    #[test]
    fn secrets_verify_only_themselves() {
        let hash = hash_secret("K7PM3QX9TR4H").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_secret("K7PM3QX9TR4H", &hash));
        assert!(!verify_secret("K7PM3QX9TR4J", &hash));
        assert!(!verify_secret("K7PM3QX9TR4H", "not a hash"));
        assert!(!verify_secret("no such account", "") && verify_secret("no such account", dummy_hash()));
    }
}
