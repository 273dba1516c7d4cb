//! The Mingchu server: the public JSON API, the built app with a first-paint summary inlined into each
//! unit page, and the store behind them.

pub mod accounts;
pub mod answer_cache;
pub mod auth;
pub mod camera_push;
pub mod camera_video;
pub mod cameras;
pub mod demo;
pub mod frames;
pub mod hls_encode;
pub mod hours;
pub mod http;
pub mod import;
pub mod kitchen;
pub mod kitchen_cache;
pub mod kitchen_demo;
pub mod media;
pub mod media_store;
pub mod monitoring;
pub mod open_data;
pub mod platform;
pub mod room;
pub mod school_demo;
pub mod school_terms_demo;
pub mod segments;
pub mod serving;
pub mod store;
pub mod summary;
pub mod sweep;
pub mod synthetic;
pub mod synthetic_video;
#[cfg(test)]
mod test_metrics;
pub mod video_store;
pub mod watch;
pub mod watch_demo;

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use mingchu_types::Day;

pub use http::router;
pub use serving::{serve, stop_signal};
use store::Store;

/// China Standard Time (the contract's, which the kitchen's days need too).
pub use mingchu_types::CHINA_UTC_OFFSET_SECS;

/// What time it is. Statuses (licence expiry, overdue inspections) are worked out against the day; a
/// camera's delay and hours against the millisecond.
#[derive(Clone, Debug)]
pub enum Clock {
    /// The real time; the day in Asia/Shanghai.
    System,
    /// A fixed day, for tests; the time is always noon of it (China time).
    Fixed(Day),
    /// A time tests set and move on: UTC milliseconds since 1970.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn today(&self) -> Day {
        match self {
            Clock::Fixed(day) => *day,
            Clock::System | Clock::Manual(_) => Day::from_unix_seconds(self.now_ms().div_euclid(1000), CHINA_UTC_OFFSET_SECS),
        }
    }

    /// UTC milliseconds since 1970.
    pub fn now_ms(&self) -> i64 {
        match self {
            Clock::System => SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0),
            Clock::Fixed(day) => {
                let days = i64::from(Day::from_unix_seconds(0, 0).days_until(*day));
                (days * 86_400 + 12 * 3600 - CHINA_UTC_OFFSET_SECS) * 1000
            }
            Clock::Manual(ms) => ms.load(Ordering::SeqCst),
        }
    }
}

/// Everything a request handler may use: one reference, since axum clones the state for every request
/// (and again in every layer that has it).
#[derive(Clone)]
pub struct AppState(Arc<AppServices>);

impl std::ops::Deref for AppState {
    type Target = AppServices;

    fn deref(&self) -> &AppServices {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct AppServices {
    pub store: Arc<dyn Store>,
    pub shell: Arc<http::pages::Shell>,
    pub clock: Clock,
    /// The built app (Trunk's `dist/`), when there is one.
    pub dist: Option<PathBuf>,
    /// Signs the anonymous device cookie.
    pub device_key: Arc<http::device::DeviceKey>,
    /// Where the bytes of diners' photos are kept: a local folder or a bucket.
    pub media: Arc<media_store::MediaStore>,
    /// Whether there is room for another photo or frame.
    pub room: Arc<room::Room>,
    pub photo_rules: media::PhotoRules,
    /// How many photos may be decoded at once (each takes a core and tens of MB).
    pub photo_permits: Arc<tokio::sync::Semaphore>,
    /// Per-address and per-device limits on writes; `None` when turned off.
    pub rate_limits: Option<Arc<http::limits::RateLimits>>,
    /// The kitchen cameras' recent frames, under `<data>/frames`.
    pub frames: Arc<frames::FrameStore>,
    /// The kitchen cameras' recent video segments, under `<data>/video` (issue 15).
    pub video: Arc<video_store::VideoStore>,
    /// No camera is shown with a shorter delay than this, in seconds.
    pub min_camera_delay_secs: u32,
    /// The address the public reaches the site at (`https://mingchu.example.cn`), for QR placards.
    pub public_url: String,
    /// How many Argon2 checks may run at once (each takes 19 MiB and a core).
    pub hash_permits: Arc<tokio::sync::Semaphore>,
    /// Reverse proxies in front of the server, whose `X-Forwarded-For` and `X-Request-Id` are believed.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// How old, in ms, a device cookie must be to vote with.
    pub min_vote_age_ms: i64,
    /// Renders `/metrics` (on the metrics listener only), when metrics are recorded.
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    /// Today's kitchen records and roster of units lately shown, for their first screens.
    pub kitchen_cache: Arc<kitchen_cache::KitchenCache>,
    /// Public answers as sent, until a write or their age ends them (issue 16).
    pub answers: Arc<answer_cache::AnswerCache>,
    /// The public records in bulk, as made last (issue 17).
    pub open_data: Arc<open_data::OpenData>,
}

impl AppServices {
    /// Whether the client at `ip`, on `device` when its browser sent one, may make this write now.
    pub fn allow(&self, write: http::limits::Write, ip: std::net::IpAddr, device: Option<&str>) -> Result<(), http::ApiError> {
        self.rate_limits.as_ref().map_or(Ok(()), |limits| limits.check(write, ip, device))
    }
}

/// The `meta` key holding the day the demo data set was laid out for.
const DEMO_DAY: &str = "demo_day";

/// Loads the demo data set (and the grading schemes it uses) into a store, laid out for the clock's day,
/// with the demo units' cameras, their kitchens' own records of the last thirty days, and their sensors
/// and alerts of the last week.
pub async fn load_demo(store: &dyn Store, clock: &Clock) -> store::StoreResult<usize> {
    let today = clock.today();
    store.put_scheme(&mingchu_types::GradeScheme::national()).await?;
    let units = demo::demo_units(today);
    for unit in &units {
        store.put_unit(unit).await?;
    }
    demo::add_cameras(store, clock.now_ms()).await?;
    demo::add_accounts(store, clock.now_ms()).await?;
    kitchen_demo::lay_out(store, today, clock.now_ms()).await?;
    watch_demo::lay_out(store, clock.now_ms()).await?;
    school_terms_demo::lay_out(store, today, clock.now_ms()).await?;
    store.set_meta(DEMO_DAY, &today.to_string()).await?;
    Ok(units.len())
}

/// How to start a server: where its data and the built app are, which day it is, whether to seed demo
/// data. [`ServerConfig::new`] gives the defaults.
pub struct ServerConfig {
    /// Local folders (frames, media), and the SQLite database unless `database` says otherwise.
    pub data: PathBuf,
    /// The database the store is in: SQLite under `data` by default, or PostgreSQL.
    pub database: store::Database,
    pub dist: Option<PathBuf>,
    pub clock: Clock,
    /// Load the demo data set when the database is empty.
    pub demo: bool,
    /// Limit writes per client address and per device.
    pub rate_limits: bool,
    /// The least delay of any camera's public view, in seconds. Only configuration lowers it (tests do).
    pub min_camera_delay_secs: u32,
    /// What a camera frame may be and how many are kept per camera.
    pub frame_rules: frames::FrameRules,
    /// How many video segments are kept per camera.
    pub video_rules: video_store::VideoRules,
    /// Run a synthetic camera for each sending demo camera, so the kitchen view works with no camera
    /// attached (`serve` with demo data; the end-to-end tests).
    pub synthetic_cameras: bool,
    /// Give the synthetic cameras video too (issue 15): an ffmpeg encoder per area, whose past `delay` is
    /// encoded at start so the view plays at once. Off by default: it costs CPU every test would pay.
    pub synthetic_video: bool,
    /// The address the public reaches the site at, printed in QR placards; `https://` also marks
    /// the staff session cookie Secure.
    pub public_url: String,
    /// Reverse proxies in front of the server (their addresses as the server sees them), whose
    /// `X-Forwarded-For` names the client and whose `X-Request-Id` names the request.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long after a unit's page handed a browser its device cookie the browser may vote, in
    /// seconds (default [`mingchu_types::MIN_VOTE_AGE_SECS`]; tests lower it).
    pub min_vote_age_secs: u32,
    /// Record operations metrics, for `/metrics` on a listener of its own (`serve --metrics-addr`).
    pub metrics: bool,

    /// Where the bytes of diners' photos are kept: `<data>/media` by default, or an S3-compatible
    /// bucket that several servers share.
    pub media: media_store::MediaConfig,
    /// The free space kept on the media and frames disks, and the media store's quota.
    pub room: room::RoomRules,
}

impl ServerConfig {
    /// A server on `data` with the defaults: no built app, the real clock, no demo data, rate limits on,
    /// cameras shown at least [`cameras::DEFAULT_MIN_DELAY_SECS`] late, no synthetic cameras.
    pub fn new(data: PathBuf) -> ServerConfig {
        ServerConfig {
            data,
            database: store::Database::Sqlite,
            dist: None,
            clock: Clock::System,
            demo: false,
            rate_limits: true,
            min_camera_delay_secs: cameras::DEFAULT_MIN_DELAY_SECS,
            frame_rules: frames::FrameRules::default(),
            video_rules: video_store::VideoRules::default(),
            synthetic_cameras: false,
            synthetic_video: false,
            public_url: "http://127.0.0.1:8080".into(),
            trusted_proxies: vec![],
            min_vote_age_secs: mingchu_types::MIN_VOTE_AGE_SECS,
            metrics: false,
            media: media_store::MediaConfig::Local,
            room: room::RoomRules::default(),
        }
    }
}

/// Opens the store (loading demo data into an empty one if asked) and reads the app shell.
pub async fn prepare(config: ServerConfig) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
    // First, so that whatever is recorded or described from here on is kept.
    let metrics = config.metrics.then(monitoring::install).transpose()?;
    let store = config.database.open(&config.data).await?;
    // Demo dates are relative to the day they were laid out for ("expires in 30 days"): a demo
    // database from an earlier day is laid out again, so what each demo unit shows stays true.
    let today = config.clock.today();
    let demo_day = store.meta(DEMO_DAY).await?;
    if config.demo && (store.unit_count().await? == 0 || demo_day.is_some_and(|d| d != today.to_string())) {
        let n = load_demo(&*store, &config.clock).await?;
        tracing::info!("loaded {n} demo units for {today}");
    } else if config.demo {
        // A demo database from before there were cameras (or kitchen records) gets them too.
        demo::add_cameras(&*store, config.clock.now_ms()).await?;
        kitchen_demo::top_up(&*store, today, config.clock.now_ms()).await?;
        watch_demo::top_up(&*store, config.clock.now_ms()).await?;
        school_terms_demo::top_up(&*store, today, config.clock.now_ms()).await?;
    }
    if config.demo {
        demo::add_regions(&*store).await?;
        // Today's demo records come in as the day goes on.
        kitchen_demo::keep_up(store.clone(), config.clock.clone());
        watch_demo::keep_up(store.clone(), config.clock.clone());
    }
    let dist = config.dist.filter(|d| d.is_dir());
    if dist.is_none() {
        tracing::warn!("no built app found: serving the API and first-paint pages only (run `cargo xtask run`)");
    }
    let shell = http::pages::Shell::load(dist.as_deref())?;
    let device_key = http::device::DeviceKey::shared(&*store, &config.data).await?;
    // The hash an unknown staff name is checked against, made now rather than on a first sign-in.
    tokio::task::spawn_blocking(auth::dummy_hash).await?;
    let media = Arc::new(media_store::MediaStore::open(&config.media, &config.data)?);
    if config.demo {
        // The school canteens' dish photos are kept in the media store: laid out once it is open.
        school_demo::top_up(&*store, &media, today, config.clock.now_ms()).await?;
        school_demo::keep_up(store.clone(), media.clone(), config.clock.clone());
    }
    let frames = Arc::new(frames::FrameStore::open(config.data.join("frames"), config.frame_rules)?);
    let video = Arc::new(video_store::VideoStore::open(config.data.join("video"), config.video_rules)?);
    // Photos nothing used within a day go; the media store's use is counted from the start.
    let room = Arc::new(room::Room::new(config.room));
    room::describe_metrics();
    sweep::describe_metrics();
    sweep::start(&store, &media, &room, config.clock.clone());
    if let Some(handle) = &metrics {
        monitoring::watch(&store, handle.clone());
    }
    // Made in the background: the first request need not wait for them.
    let open_data = Arc::new(open_data::OpenData::default());
    open_data::OpenData::start(&open_data, store.clone(), config.clock.clone());
    if config.synthetic_cameras {
        let n = synthetic::start(store.clone(), &frames, config.clock.clone(), config.min_camera_delay_secs).await?;
        tracing::info!("{n} synthetic demo cameras are sending frames");
    }
    if config.synthetic_video {
        let n = synthetic_video::start(store.clone(), &video, config.clock.clone(), config.min_camera_delay_secs).await?;
        tracing::info!("{n} synthetic demo cameras are sending video");
    }
    Ok(AppState(Arc::new(AppServices {
        store,
        shell: Arc::new(shell),
        clock: config.clock,
        dist,
        device_key: Arc::new(device_key),
        media,
        room,
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
        frames,
        video,
        min_camera_delay_secs: config.min_camera_delay_secs,
        public_url: config.public_url,
        hash_permits: Arc::new(tokio::sync::Semaphore::new(2)),
        trusted_proxies: Arc::new(config.trusted_proxies),
        min_vote_age_ms: i64::from(config.min_vote_age_secs) * 1000,
        metrics,
        kitchen_cache: Arc::default(),
        answers: Arc::default(),
        open_data,
    })))
}
