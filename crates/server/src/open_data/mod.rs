//! Open data (issue 17): the public records in bulk — units, licences, grades, inspections — as JSON and
//! CSV files kept in memory (a city's records are a few MB), served by `http/open_data.rs`.
//!
//! The files are made in the background: at start (a request before then waits a little, then is told
//! to come back), once a day, soon after the supervision platform pushes a changed unit (a burst of
//! pushes makes them once), and after an import by the command line or another server, which leave a
//! mark in the database's `meta` that every server looks at each minute.

pub mod files;
pub mod rows;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{watch, Notify};

pub use files::{File, Files};

use crate::store::{Store, StoreResult};
use crate::Clock;

/// The `meta` key an import that changed something writes a new value under.
pub const RECORDS_CHANGED: &str = "records_changed";
/// How long after a push the files are made: pushes within it are made into the files together.
const DEBOUNCE: Duration = Duration::from_secs(2);
/// How often the `meta` mark of other processes' imports is looked at.
const POLL: Duration = Duration::from_secs(60);
/// The files are made again at least this often (what the grades show depends on the day).
const DAILY: Duration = Duration::from_secs(24 * 3600);

/// The files as last made, and the nudges that have them made again.
pub struct OpenData {
    current: watch::Sender<Option<Arc<Files>>>,
    /// Set by a change, cleared when the files are made from the records after it.
    dirty: AtomicBool,
    nudge: Notify,
}

impl Default for OpenData {
    fn default() -> OpenData {
        OpenData { current: watch::Sender::new(None), dirty: AtomicBool::new(false), nudge: Notify::new() }
    }
}

impl OpenData {
    /// The records changed here: the files are made again shortly.
    pub fn changed(&self) {
        self.dirty.store(true, Ordering::SeqCst);
        self.nudge.notify_one();
    }

    /// The files, waiting at most `wait` for the first ones; `None` when they are not made yet.
    pub async fn files(&self, wait: Duration) -> Option<Arc<Files>> {
        let mut made = self.current.subscribe();
        let files = tokio::time::timeout(wait, made.wait_for(Option::is_some)).await.ok()?.ok()?.clone();
        files
    }

    /// Makes the files now, and again whenever they are due, for as long as `open` is in use.
    pub fn start(open: &Arc<OpenData>, store: Arc<dyn Store>, clock: Clock) {
        let weak = Arc::downgrade(open);
        tokio::spawn(async move {
            let mut seen_mark: Option<String> = None;
            let mut made_at: Option<Instant> = None;
            loop {
                let Some(open) = weak.upgrade() else { return };
                // Read before the records, so an import after this read is seen next time.
                let mark = store.meta(RECORDS_CHANGED).await.unwrap_or_else(|e| {
                    tracing::warn!("open data: reading the import mark: {e}");
                    seen_mark.clone()
                });
                let due = made_at.is_none_or(|t| t.elapsed() >= DAILY) | open.dirty.swap(false, Ordering::SeqCst) | (mark != seen_mark);
                if due {
                    let started = Instant::now();
                    let previous = open.current.borrow().clone();
                    match make(&*store, &clock, previous).await {
                        Ok(files) => {
                            let bytes: usize = files.files.iter().map(|f| f.bytes().len()).sum();
                            tracing::info!("open data: {} files, {bytes} bytes, made in {:?}", files.files.len(), started.elapsed());
                            open.current.send_replace(Some(Arc::new(files)));
                            made_at = Some(Instant::now());
                            seen_mark = mark;
                        }
                        // Tried again at the next poll; the files made before stay.
                        Err(e) => tracing::error!("open data: making the files: {e}"),
                    }
                }
                let _ = tokio::time::timeout(POLL, open.nudge.notified()).await;
                drop(open);
                tokio::time::sleep(DEBOUNCE).await;
            }
        });
    }
}

#[derive(Debug, thiserror::Error)]
enum MakeFailed {
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Make(#[from] files::MakeError),
    #[error("the worker stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The files of the records now; serializing and compressing a few MB is done off the async threads.
async fn make(store: &dyn Store, clock: &Clock, previous: Option<Arc<Files>>) -> Result<Files, MakeFailed> {
    let (units, inspections) = read(store).await?;
    let (today, now_ms) = (clock.today(), clock.now_ms());
    let files = tokio::task::spawn_blocking(move || files::make(rows::rows(units, inspections, today), now_ms, previous.as_deref())).await??;
    Ok(files)
}

async fn read(store: &dyn Store) -> StoreResult<(Vec<crate::store::UnitRecord>, Vec<(String, mingchu_types::Inspection)>)> {
    tokio::try_join!(store.all_units(), store.all_inspections())
}

/// Marks the records as changed for every server on the database (an import by the command line, or by
/// another server, is not seen otherwise): a new random value each time.
pub async fn mark_changed(store: &dyn Store) -> StoreResult<()> {
    let mut bytes = [0u8; 8];
    let mark = match getrandom::getrandom(&mut bytes) {
        Ok(()) => hex::encode(bytes),
        Err(_) => format!("{:?}", Instant::now()),
    };
    store.set_meta(RECORDS_CHANGED, &mark).await
}
