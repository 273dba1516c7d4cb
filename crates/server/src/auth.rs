//! Secrets of owners and regulators: access codes and passwords hashed slowly (Argon2id), random session
//! tokens kept as SHA-256, and the lock-out after wrong guesses.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// Wrong codes in a row before an account is locked …
pub const MAX_FAILURES: u32 = 5;
/// … and for how long.
pub const LOCK_MS: i64 = 15 * 60 * 1000;
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

/// Wrong guesses at names that are no account, counted like an account's (in memory), so that an
/// unknown name is locked after [`MAX_FAILURES`] exactly like a real one and locking tells nothing.
#[derive(Default)]
pub struct GhostAttempts(std::sync::Mutex<std::collections::HashMap<String, (u32, i64)>>);

impl GhostAttempts {
    /// Counts one more guess at `name` at `now_ms`: `Err(locked_until)` while it is locked, otherwise
    /// whether this guess locks it.
    pub fn guess(&self, name: &str, now_ms: i64) -> Result<bool, i64> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: a flood of made-up names costs at most this much memory.
        if map.len() > 10_000 {
            map.retain(|_, (_, until)| *until > now_ms);
        }
        let (failures, until) = map.entry(name.to_owned()).or_insert((0, 0));
        if *until > now_ms {
            return Err(*until);
        }
        *failures += 1;
        if *failures >= MAX_FAILURES {
            *until = now_ms + LOCK_MS;
        }
        Ok(*failures >= MAX_FAILURES)
    }
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

    #[test]
    fn unknown_names_lock_like_accounts() {
        let ghosts = GhostAttempts::default();
        for _ in 1..MAX_FAILURES {
            assert_eq!(ghosts.guess("nobody", 1000), Ok(false));
        }
        assert_eq!(ghosts.guess("nobody", 1000), Ok(true), "the fifth guess locks");
        assert_eq!(ghosts.guess("nobody", 2000), Err(1000 + LOCK_MS));
        assert_eq!(ghosts.guess("somebody", 2000), Ok(false), "per name");
    }
}
