//! `mingchu-server backup`: a consistent copy of the database while a server is serving from it.
//!
//! SQLite's `VACUUM INTO` reads the whole database inside one read transaction — a snapshot that no
//! write can change, while the write-ahead log lets the server go on writing — and writes it, compacted,
//! to a new file. Copying the files instead can tear: the database and its write-ahead log copied at
//! different moments are a state that never was.

use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{SqliteStore, DB_FILE};
use crate::store::{StoreError, StoreResult};

impl SqliteStore {
    /// Copies the database under `dir` into the new file `to`, which must not exist yet; returns the
    /// copy's size in bytes. The copy is written under a temporary name, synced and checked, then
    /// linked to `to`, so `to` is either a whole, checked copy or absent.
    pub async fn backup(dir: &Path, to: &Path) -> StoreResult<u64> {
        let db = dir.join(DB_FILE);
        if !db.is_file() {
            return Err(StoreError::Invalid(format!("no database at {}", db.display())));
        }
        if to.exists() {
            return Err(StoreError::Invalid(format!("{} already exists: a backup never overwrites a file", to.display())));
        }
        let partial = partial_name(to);
        remove_if_present(&partial)?;
        let result = copy(&db, &partial).await;
        let linked = result.and_then(|()| {
            // `hard_link` fails when `to` appeared meanwhile: nothing is ever overwritten.
            std::fs::hard_link(&partial, to).map_err(|e| StoreError::Invalid(format!("cannot create {}: {e}", to.display())))
        });
        remove_if_present(&partial)?;
        linked?;
        Ok(std::fs::metadata(to).map_err(|e| StoreError::Invalid(format!("{}: {e}", to.display())))?.len())
    }
}

/// `VACUUM INTO` from a read-only connection (a backup never migrates or writes the live database),
/// then the copy synced to disk and checked.
async fn copy(db: &Path, to: &Path) -> StoreResult<()> {
    let target = to.to_str().ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", to.display())))?;
    let source = SqliteConnectOptions::new().filename(db).read_only(true).busy_timeout(std::time::Duration::from_secs(30));
    let mut connection = source.connect().await?;
    sqlx::query("VACUUM INTO ?1").bind(target).execute(&mut connection).await?;
    connection.close().await?;
    std::fs::File::open(to).and_then(|f| f.sync_all()).map_err(|e| StoreError::Invalid(format!("cannot sync {}: {e}", to.display())))?;
    let mut check = SqliteConnectOptions::new().filename(to).read_only(true).connect().await?;
    let (verdict,): (String,) = sqlx::query_as("PRAGMA quick_check").fetch_one(&mut check).await?;
    check.close().await?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(format!("the copy failed SQLite's check: {verdict}")));
    }
    Ok(())
}

/// Where the copy is written before it is whole: beside `to`, so linking it there is one step.
fn partial_name(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    to.with_file_name(name)
}

fn remove_if_present(path: &Path) -> StoreResult<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Invalid(format!("cannot remove {}: {e}", path.display()))),
        _ => Ok(()),
    }
}
