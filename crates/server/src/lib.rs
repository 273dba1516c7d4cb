//! The Mingchu server: the public JSON API, the built app with a first-paint summary inlined into each
//! unit page, and the store behind them.

pub mod demo;
pub mod http;
pub mod media;
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
    /// Signs the anonymous device cookie.
    pub device_key: Arc<http::device::DeviceKey>,
    /// Where diners' photos are kept.
    pub media_dir: PathBuf,
    pub photo_rules: media::PhotoRules,
    /// How many photos may be decoded at once (each takes a core and tens of MB).
    pub photo_permits: Arc<tokio::sync::Semaphore>,
    /// Per-address and per-device limits on writes; `None` when turned off.
    pub rate_limits: Option<Arc<http::limits::RateLimits>>,
}

impl AppState {
    /// Whether the client at `ip`, on `device` when its browser sent one, may make this write now.
    pub fn allow(&self, write: http::limits::Write, ip: std::net::IpAddr, device: Option<&str>) -> Result<(), http::ApiError> {
        self.rate_limits.as_ref().map_or(Ok(()), |limits| limits.check(write, ip, device))
    }
}

/// The `meta` key holding the day the demo data set was laid out for.
const DEMO_DAY: &str = "demo_day";

/// Loads the demo data set (and the grading schemes it uses) into a store, laid out for `today`.
pub async fn load_demo(store: &dyn Store, today: Day) -> store::StoreResult<usize> {
    store.put_scheme(&mingchu_types::GradeScheme::national()).await?;
    let units = demo::demo_units(today);
    for unit in &units {
        store.put_unit(unit).await?;
    }
    store.set_meta(DEMO_DAY, &today.to_string()).await?;
    Ok(units.len())
}

/// How to start a server: where its data and the built app are, which day it is, whether to seed demo data.
pub struct ServerConfig {
    pub data: PathBuf,
    pub dist: Option<PathBuf>,
    pub clock: Clock,
    /// Load the demo data set when the database is empty.
    pub demo: bool,
    /// Limit writes per client address and per device.
    pub rate_limits: bool,
}

/// Opens the store (loading demo data into an empty one if asked) and reads the app shell.
pub async fn prepare(config: ServerConfig) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
    let store = store::sqlite::SqliteStore::open(&config.data).await?;
    // Demo dates are relative to the day they were laid out for ("expires in 30 days"): a demo
    // database from an earlier day is laid out again, so what each demo unit shows stays true.
    let today = config.clock.today();
    let demo_day = store.meta(DEMO_DAY).await?;
    if config.demo && (store.unit_count().await? == 0 || demo_day.is_some_and(|d| d != today.to_string())) {
        let n = load_demo(&store, today).await?;
        tracing::info!("loaded {n} demo units for {today}");
    }
    let dist = config.dist.filter(|d| d.is_dir());
    if dist.is_none() {
        tracing::warn!("no built app found: serving the API and first-paint pages only (run `cargo xtask run`)");
    }
    let shell = http::pages::Shell::load(dist.as_deref())?;
    let device_key = http::device::DeviceKey::load_or_create(&config.data)?;
    let media_dir = config.data.join("media");
    std::fs::create_dir_all(&media_dir)?;
    Ok(AppState {
        store: Arc::new(store),
        shell: Arc::new(shell),
        clock: config.clock,
        dist,
        device_key: Arc::new(device_key),
        media_dir,
        photo_rules: media::PhotoRules::default(),
        photo_permits: Arc::new(tokio::sync::Semaphore::new(2)),
        rate_limits: config.rate_limits.then(|| {
            let limits = Arc::new(http::limits::RateLimits::default());
            let quiet = Arc::downgrade(&limits);
            // Forget addresses and devices that have gone quiet, so the limiters' memory stays small.
            tokio::spawn(async move {
                let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
                loop {
                    every.tick().await;
                    let Some(limits) = quiet.upgrade() else { break };
                    limits.forget_quiet();
                }
            });
            limits
        }),
    })
}
