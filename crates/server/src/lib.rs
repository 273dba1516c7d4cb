//! The Mingchu server: the public JSON API, the built app with a first-paint summary inlined into each
//! unit page, and the store behind them.

pub mod demo;
pub mod http;
pub mod store;
pub mod summary;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use mingchu_types::Day;

pub use http::router;
use store::Store;

/// China Standard Time has no daylight saving: Asia/Shanghai is always UTC+8.
pub const CHINA_UTC_OFFSET_SECS: i64 = 8 * 3600;

/// What "today" is. Statuses (licence expiry, overdue inspections) are worked out against it.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// The real day in Asia/Shanghai.
    System,
    /// A fixed day, for tests.
    Fixed(Day),
}

impl Clock {
    pub fn today(self) -> Day {
        match self {
            Clock::Fixed(day) => day,
            Clock::System => {
                let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
                Day::from_unix_seconds(secs, CHINA_UTC_OFFSET_SECS)
            }
        }
    }
}

/// Everything a request handler may use.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub shell: Arc<http::pages::Shell>,
    pub clock: Clock,
    /// The built app (Trunk's `dist/`), when there is one.
    pub dist: Option<PathBuf>,
}

/// Loads the demo data set (and the grading schemes it uses) into a store.
pub async fn load_demo(store: &dyn Store, today: Day) -> store::StoreResult<usize> {
    store.put_scheme(&mingchu_types::GradeScheme::national()).await?;
    let units = demo::demo_units(today);
    for unit in &units {
        store.put_unit(unit).await?;
    }
    Ok(units.len())
}
