//! `mingchu-server`: serve the app and API, import the supervision platform's data, manage kitchen cameras,
//! or print the demo unit codes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use mingchu_server::accounts;
use mingchu_server::camera_push::{self, PushConfig};
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::hours::{self, PublicHours};
use mingchu_server::media_store::{BucketConfig, MediaConfig};
use mingchu_server::room::{self, RoomRules};
use mingchu_server::store::postgres::PostgresStore;
use mingchu_server::store::sqlite::SqliteStore;
use mingchu_server::store::{copy, Database, Store};
use mingchu_server::{demo, import, load_demo, platform, prepare, serve, stop_signal, watch, Clock, ServerConfig};
use mingchu_types::watch::SensorKind;
use mingchu_types::{ImportSummary, KitchenArea, Level, Scope};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "mingchu-server", about = "Mingchu (明厨亮灶) public food-safety page server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and the API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Directory of the embedded database, the camera frames and the diners' photos.
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// The built app (Trunk's dist/ directory).
        #[arg(long, default_value = "./dist")]
        dist: PathBuf,
        /// The database: a PostgreSQL URL, postgres://user@host/database (?host=/dir for a Unix socket);
        /// by default SQLite in --data (which holds the frames and photos either way).
        #[arg(long, value_name = "URL")]
        database: Option<Database>,
        /// Do not load the demo data set into an empty database.
        #[arg(long)]
        no_demo: bool,
        /// Turn off the per-address rate limits on writes (for benchmarks).
        #[arg(long)]
        no_rate_limits: bool,
        /// The least delay of any camera's public view, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = cameras::DEFAULT_MIN_DELAY_SECS)]
        min_camera_delay: u32,
        /// Do not run the synthetic demo cameras (they run whenever the demo data is loaded).
        #[arg(long)]
        no_synthetic_cameras: bool,
        /// Do not give the synthetic demo cameras video (an ffmpeg encoding a test pattern).
        #[arg(long)]
        no_synthetic_video: bool,
        /// The address the public reaches this site at, printed in the QR placards
        /// (default: http:// and --addr). An https:// address also marks staff cookies Secure.
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// A reverse proxy in front of the server (its address as this server sees it; repeatable):
        /// its X-Forwarded-For names the client (for rate limits) and its X-Request-Id the request.
        #[arg(long, value_name = "IP")]
        trusted_proxy: Vec<std::net::IpAddr>,
        /// Serve /metrics (Prometheus' text format) on this address only, never on --addr.
        #[arg(long, value_name = "IP:PORT")]
        metrics_addr: Option<SocketAddr>,
        /// On SIGTERM or Ctrl-C, how long requests under way may take to finish before they are cut off.
        #[arg(long, value_name = "SECS", default_value_t = 20)]
        shutdown_grace: u64,
        #[command(flatten)]
        media: Box<MediaArgs>,
    },
    /// Issue (or reset) the access code a unit's owner signs in with at /owner; prints it once.
    OwnerCode {
        #[command(flatten)]
        db: StoreArgs,
        /// The unit's code, e.g. lc-dcf-0012.
        unit: String,
    },
    /// Add, list and reset regulators' accounts (sign in at /regulator).
    Regulator {
        #[command(subcommand)]
        command: RegulatorCommand,
    },
    /// (Re)load the demo data set into the database.
    Demo {
        #[command(flatten)]
        db: StoreArgs,
    },
    /// Print the demo units' codes and what each shows, and the demo's owner and regulator sign-ins.
    DemoCodes,
    /// Import units from the supervision platform: a JSON file of whole units or a CSV file of units'
    /// base facts; with --unit, a batch of that unit's kitchen records. All or nothing; importing the same
    /// file again changes nothing.
    Import {
        #[command(flatten)]
        db: StoreArgs,
        file: PathBuf,
        /// By default from the file's extension: .csv is CSV, anything else JSON.
        #[arg(long, value_enum, conflicts_with = "unit")]
        format: Option<import::Format>,
        /// The file is this unit's batch of kitchen records and the people they name (the body of
        /// PUT /api/platform/units/{code}/records).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
    },
    /// Issue the supervision platform's bearer token for PUT /api/platform/units/{code} (shown only this
    /// once); the old one stops working at once.
    PlatformToken {
        #[command(flatten)]
        db: StoreArgs,
    },
    /// Move everything from a SQLite data directory into an empty PostgreSQL database (stop the server
    /// first), then check each table's rows and content checksum on both sides.
    Migrate {
        /// The SQLite database to read: `sqlite:DIR`, DIR being the server's --data directory.
        #[arg(long, value_name = "sqlite:DIR")]
        from: String,
        /// The PostgreSQL database to fill: postgres://user@host/database (?host=/dir for a Unix socket).
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Add, list and manage the tokens of kitchen cameras.
    Camera {
        #[command(subcommand)]
        command: CameraCommand,
    },
    /// Add, list and manage the tokens of kitchen sensors (fridges, freezers, the cold-dish room …).
    Sensor {
        #[command(subcommand)]
        command: SensorCommand,
    },
    /// Copy the database, consistently, while a server may be serving from it (SQLite's VACUUM INTO).
    /// Photos and the key file in the data directory are not in it: copy them too (docs/deploy/README.md).
    Backup {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// The copy: a new file (an existing one is never overwritten).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Be a camera's gateway: read it with ffmpeg and push a frame every few seconds to a server.
    CameraPush {
        /// The server's base URL (plain HTTP), e.g. http://192.168.1.10:8080.
        #[arg(long)]
        server: String,
        /// The camera's id (from `camera add`).
        #[arg(long)]
        camera: i64,
        /// The camera's token (from `camera add` or `camera token`).
        #[arg(long)]
        token: String,
        /// What ffmpeg reads: rtsp://…, a file, a device, or a lavfi graph (with --input-format lavfi).
        #[arg(long)]
        input: String,
        /// ffmpeg's -f for the input, when it cannot tell by itself (lavfi, v4l2).
        #[arg(long)]
        input_format: Option<String>,
        /// Seconds between frames.
        #[arg(long, value_name = "SECS", default_value_t = 2)]
        every: u32,
        /// Frame width in pixels (the height keeps the proportions).
        #[arg(long, value_name = "PX", default_value_t = 640)]
        width: u32,
        #[arg(long, default_value = "ffmpeg")]
        ffmpeg: PathBuf,
        /// Stop after this many frames (for trials; not with --video); by default, run until the input ends.
        #[arg(long, value_name = "N", conflicts_with = "video")]
        frames: Option<u32>,
        /// Read only this many seconds of the input (for trials).
        #[arg(long, value_name = "SECS")]
        seconds: Option<u32>,
        /// Also push video: H.264 (640×360, 12 fps, ~400 kbps, no sound) in ~2 s fMP4 segments.
        #[arg(long)]
        video: bool,
    },
}

#[derive(Subcommand)]
enum RegulatorCommand {
    /// Add an account scoped to a region; prints its password once.
    Add {
        #[command(flatten)]
        db: StoreArgs,
        #[arg(long)]
        username: String,
        /// The office, e.g. 东昌府区市场监督管理局古楼所.
        #[arg(long)]
        name: String,
        /// city, county or station.
        #[arg(long, value_parser = parse_level)]
        level: Level,
        /// The region code at that level: city 3715, county 371502, station 371502-01.
        #[arg(long)]
        region: String,
    },
    /// Give an account a new password (its sessions end); prints it once.
    Password {
        #[command(flatten)]
        db: StoreArgs,
        username: String,
    },
    /// Remove an account (its sessions end).
    Remove {
        #[command(flatten)]
        db: StoreArgs,
        username: String,
    },
    /// List accounts, one per line, tab-separated: user name, level, region, name.
    List {
        #[command(flatten)]
        db: StoreArgs,
    },
}

/// Where a command finds the store: SQLite in `--data`, or the PostgreSQL database `--database` names.
#[derive(Args)]
struct StoreArgs {
    /// Directory of the embedded database (and of the server's frames and photos).
    #[arg(long, default_value = "./data")]
    data: PathBuf,
    /// A PostgreSQL URL, postgres://user@host/database, instead of SQLite in --data.
    #[arg(long, value_name = "URL")]
    database: Option<Database>,
}

impl StoreArgs {
    async fn open(&self) -> Result<std::sync::Arc<dyn Store>, mingchu_server::store::StoreError> {
        self.database.clone().unwrap_or_default().open(&self.data).await
    }

    /// What the store is, for messages: the data directory, or that it is PostgreSQL (never its URL,
    /// which may hold a password).
    fn describe(&self) -> String {
        match self.database {
            None | Some(Database::Sqlite) => self.data.display().to_string(),
            Some(Database::Postgres(_)) => "the PostgreSQL database".into(),
        }
    }
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| "one of city, county, station".to_owned())
}

#[derive(Subcommand)]
enum CameraCommand {
    /// Add a camera to a unit; prints its id and its gateway's token (shown only this once).
    Add {
        #[command(flatten)]
        db: StoreArgs,
        /// The unit's code, e.g. lc-dcf-0012.
        #[arg(long)]
        unit: String,
        /// What it looks at: rough_prep, cutting, cooking, special_room, washing, portioning or storeroom.
        #[arg(long, value_parser = parse_area)]
        area: KitchenArea,
        /// How late the public sees its picture, in seconds (never less than the server's minimum).
        #[arg(long, value_name = "SECS", default_value_t = cameras::DEFAULT_DELAY_SECS)]
        delay: u32,
        /// Public viewing hours, China time; 24:00 closes at midnight.
        #[arg(long, default_value_t = hours::DEFAULT_HOURS)]
        hours: PublicHours,
        /// Never list or show it to the public.
        #[arg(long)]
        private: bool,
    },
    /// Issue a new token for a camera; the old one stops working at once.
    Token {
        #[command(flatten)]
        db: StoreArgs,
        id: i64,
    },
    /// Revoke a camera's token: its gateway can send no more frames.
    Revoke {
        #[command(flatten)]
        db: StoreArgs,
        id: i64,
    },
    /// List cameras, one per line, tab-separated: id, unit, area, public/private, delay, hours, token.
    List {
        #[command(flatten)]
        db: StoreArgs,
        /// Only this unit's.
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Subcommand)]
enum SensorCommand {
    /// Add a sensor to a unit; prints its id and its gateway's token (shown only this once).
    Add {
        #[command(flatten)]
        db: StoreArgs,
        /// The unit's code, e.g. lc-dcf-0012.
        #[arg(long)]
        unit: String,
        /// What it measures: refrigerator, freezer, sample_refrigerator, disinfection_cabinet or cold_dish_room.
        #[arg(long, value_parser = parse_sensor_kind)]
        kind: SensorKind,
        /// What the unit calls it, shown to the public: "1号冷藏柜".
        #[arg(long)]
        name: String,
    },
    /// Issue a new token for a sensor; the old one stops working at once.
    Token {
        #[command(flatten)]
        db: StoreArgs,
        id: i64,
    },
    /// Revoke a sensor's token: its gateway can send no more readings.
    Revoke {
        #[command(flatten)]
        db: StoreArgs,
        id: i64,
    },
    /// List sensors, one per line, tab-separated: id, unit, kind, name, token.
    List {
        #[command(flatten)]
        db: StoreArgs,
        /// Only this unit's.
        #[arg(long)]
        unit: Option<String>,
    },
}

fn parse_sensor_kind(s: &str) -> Result<SensorKind, String> {
    SensorKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = SensorKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("not a kind of sensor; one of {}", names.join(", "))
    })
}

fn parse_area(s: &str) -> Result<KitchenArea, String> {
    KitchenArea::parse(s).ok_or_else(|| {
        let names: Vec<&str> = KitchenArea::ALL.iter().map(|a| a.as_str()).collect();
        format!("not a kitchen area; one of {}", names.join(", "))
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Colours only for a person at a terminal: a log file or journal gets plain lines.
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    match run(Cli::parse().command).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mingchu-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        Command::Serve {
            addr,
            data,
            database,
            dist,
            no_demo,
            no_rate_limits,
            min_camera_delay,
            no_synthetic_cameras,
            no_synthetic_video,
            public_url,
            trusted_proxy,
            metrics_addr,
            shutdown_grace,
            media,
        } => {
            let config = ServerConfig {
                public_url: public_url.unwrap_or_else(|| {
                    tracing::warn!("no --public-url: QR placards will encode http://{addr}, which phones outside this machine cannot open");
                    format!("http://{addr}")
                }),
                dist: Some(dist),
                demo: !no_demo,
                rate_limits: !no_rate_limits,
                min_camera_delay_secs: min_camera_delay,
                synthetic_cameras: !no_demo && !no_synthetic_cameras,
                synthetic_video: !no_demo && !no_synthetic_cameras && !no_synthetic_video,
                trusted_proxies: trusted_proxy,
                metrics: metrics_addr.is_some(),
                database: database.unwrap_or_default(),
                media: media.config()?,
                room: media.room(),
                ..ServerConfig::new(data)
            };
            let state = prepare(config).await?;
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            let metrics = match metrics_addr {
                Some(addr) => {
                    let listener = tokio::net::TcpListener::bind(addr).await?;
                    tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
                    Some(listener)
                }
                None => None,
            };
            serve(state, listener, metrics, Duration::from_secs(shutdown_grace), stop_signal()).await?;
        }
        Command::Backup { data, to } => {
            let bytes = SqliteStore::backup(&data, &to).await?;
            println!("backed up {} to {} ({bytes} bytes)", data.display(), to.display());
        }
        Command::Demo { db } => {
            let n = load_demo(&*db.open().await?, &Clock::System).await?;
            println!("loaded {n} demo units into {}", db.describe());
        }
        Command::DemoCodes => {
            for (code, what) in demo::DEMO_CODES {
                println!("{code}\t{what}");
            }
            println!();
            for (unit, code) in demo::DEMO_OWNERS {
                println!("owner\t/owner\tunit {unit}\taccess code {code}");
            }
            for (username, name, level, region) in demo::DEMO_REGULATORS {
                println!("regulator\t/regulator\t{username} / {}\t{} {region}\t{name}", demo::DEMO_PASSWORD, level.as_str());
            }
        }
        Command::Import { db, file, unit: Some(unit), .. } => return import_records(&db, &file, &unit).await,
        Command::Import { db, file, format, unit: None } => return import(&db, &file, format).await,
        Command::PlatformToken { db } => {
            let token = platform::issue_token(&*db.open().await?).await?;
            println!("platform token {token}\n(give it to the supervision platform: only its hash is stored; the old token no longer works)");
        }
        Command::Migrate { from, to } => migrate(&from, &to).await?,
        Command::Camera { command } => camera(command).await?,
        Command::Sensor { command } => sensor(command).await?,
        Command::OwnerCode { db, unit } => {
            let code = accounts::issue_owner_code(&*db.open().await?, &unit, None, Clock::System.now_ms()).await?;
            println!("owner of {unit}\naccess code {code}\n(give it to the owner: only its hash is kept; the old code no longer works)");
        }
        Command::Regulator { command } => regulator(command).await?,
        Command::CameraPush { server, camera, token, input, input_format, every, width, ffmpeg, frames, seconds, video } => {
            let config = PushConfig { server, camera, token, input, input_format, every_secs: every, width, ffmpeg, frames, seconds, video };
            // ffmpeg's pipe and the HTTP client block: a thread of their own, off the runtime.
            let summary = tokio::task::spawn_blocking(move || camera_push::run(&config)).await??;
            println!("{} frames read, {} pushed, {} failed, {} dropped", summary.read, summary.pushed, summary.failed, summary.dropped);
            if video {
                println!(
                    "{} segments made, {} pushed, {} failed, {} dropped; {} init segments pushed",
                    summary.segments, summary.segments_pushed, summary.segments_failed, summary.segments_dropped, summary.inits_pushed
                );
            }
        }
    }
    Ok(())
}

/// Copies a SQLite database into an empty PostgreSQL one and prints each table's count and checksum.
async fn migrate(from: &str, to: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let dir = from.strip_prefix("sqlite:").ok_or("--from is `sqlite:DIR`, DIR being the server's --data directory")?;
    if !Path::new(dir).join("mingchu.db").is_file() {
        return Err(format!("{dir} holds no mingchu.db").into());
    }
    let Ok(Database::Postgres(url)) = to.parse::<Database>() else { return Err("--to is a PostgreSQL URL, postgres://user@host/database".into()) };
    let source = SqliteStore::open(Path::new(dir)).await?;
    let target = PostgresStore::open(&url).await?;
    let sums = copy::sqlite_to_postgres(&source, &target).await?;
    println!("{:<24} {:>9}  checksum (SHA-256, the same on both sides)", "table", "rows");
    for sum in &sums {
        println!("{:<24} {:>9}  {}", sum.table, sum.rows, sum.checksum);
    }
    let rows: u64 = sums.iter().map(|s| s.rows).sum();
    println!("copied {rows} rows in {} tables from {dir} to PostgreSQL; every table's count and checksum match", sums.len());
    Ok(())
}

/// Prints what the import did, or every problem numbered (and exits non-zero).
async fn import(db: &StoreArgs, file: &Path, format: Option<import::Format>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = db.open().await?;
    let format = format.unwrap_or_else(|| import::Format::of_path(file));
    let clock = Clock::System;
    match import::import_file(&*store, &bytes, format, clock.today(), clock.now_ms()).await {
        Ok(results) => {
            println!("{}", ImportSummary::of(&results));
            Ok(())
        }
        Err(import::ImportError::Invalid(problems)) => Err(nothing_imported(file, &problems)),
        Err(e) => Err(e.into()),
    }
}

/// Prints every problem numbered: the error the command then exits with.
fn nothing_imported(file: &Path, problems: &[mingchu_types::ImportProblem]) -> Box<dyn std::error::Error + Send + Sync> {
    for (n, problem) in problems.iter().enumerate() {
        eprintln!("{:>3}. {problem}", n + 1);
    }
    format!("{}: {} problem(s); nothing was imported (发现 {} 处问题，未导入任何数据)", file.display(), problems.len(), problems.len()).into()
}

/// Prints what a batch of kitchen records did, or every problem numbered (and exits non-zero).
async fn import_records(db: &StoreArgs, file: &Path, unit: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = db.open().await?;
    match import::import_records(&*store, unit, &bytes, Clock::System.now_ms()).await {
        Ok(Some(result)) => {
            let records: Vec<_> = result.records.iter().map(|r| r.result).collect();
            println!("staff: {}\nrecords: {}", ImportSummary::of(&result.staff), ImportSummary::of(&records));
            Ok(())
        }
        Ok(None) => Err(format!("no unit {unit:?} (没有这个单位)").into()),
        Err(import::ImportError::Invalid(problems)) => Err(nothing_imported(file, &problems)),
        Err(e) => Err(e.into()),
    }
}

async fn camera(command: CameraCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        CameraCommand::Add { db, unit, area, delay, hours, private } => {
            let spec = CameraSpec { area, delay_secs: delay, hours, public: !private };
            let (id, token) = cameras::add(&*db.open().await?, &unit, spec, Clock::System.now_ms()).await?;
            println!("camera {id} added to {unit}\ntoken {token}\n(keep it for the gateway: only its hash is stored)");
        }
        CameraCommand::Token { db, id } => {
            let token = cameras::issue_token(&*db.open().await?, id).await?;
            println!("camera {id}\ntoken {token}\n(the old token no longer works)");
        }
        CameraCommand::Revoke { db, id } => {
            cameras::revoke(&*db.open().await?, id).await?;
            println!("camera {id}: token revoked");
        }
        CameraCommand::List { db, unit } => {
            for c in cameras::list(&*db.open().await?, unit.as_deref()).await? {
                let (public, token) = (if c.public { "public" } else { "private" }, if c.token_hash.is_some() { "token" } else { "no token" });
                println!("{}\t{}\t{}\t{public}\t{} s\t{}\t{token}", c.id, c.unit_code, c.area.as_str(), c.delay_secs, c.hours);
            }
        }
    }
    Ok(())
}

async fn sensor(command: SensorCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        SensorCommand::Add { db, unit, kind, name } => {
            let (id, token) = watch::add(&*db.open().await?, &unit, kind, &name, Clock::System.now_ms()).await?;
            println!("sensor {id} added to {unit}\ntoken {token}\n(keep it for the gateway: only its hash is stored)");
        }
        SensorCommand::Token { db, id } => {
            let token = watch::issue_token(&*db.open().await?, id).await?;
            println!("sensor {id}\ntoken {token}\n(the old token no longer works)");
        }
        SensorCommand::Revoke { db, id } => {
            watch::revoke(&*db.open().await?, id).await?;
            println!("sensor {id}: token revoked");
        }
        SensorCommand::List { db, unit } => {
            for s in watch::list(&*db.open().await?, unit.as_deref()).await? {
                let token = if s.token_hash.is_some() { "token" } else { "no token" };
                println!("{}\t{}\t{}\t{}\t{token}", s.id, s.unit_code, s.kind.as_str(), s.name);
            }
        }
    }
    Ok(())
}

async fn regulator(command: RegulatorCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        RegulatorCommand::Add { db, username, name, level, region } => {
            let password =
                accounts::add_regulator(&*db.open().await?, &username, &name, &Scope { level, region }, None, Clock::System.now_ms()).await?;
            println!("regulator {username} added\npassword {password}\n(shown only this once)");
        }
        RegulatorCommand::Password { db, username } => {
            let password = accounts::reset_regulator_password(&*db.open().await?, &username).await?;
            println!("regulator {username}\npassword {password}\n(the old password no longer works)");
        }
        RegulatorCommand::Remove { db, username } => {
            if !db.open().await?.remove_regulator(&username).await? {
                return Err(format!("no regulator {username:?}").into());
            }
            println!("regulator {username} removed");
        }
        RegulatorCommand::List { db } => {
            for r in db.open().await?.regulators().await? {
                println!("{}\t{}\t{}\t{}", r.username, r.scope.level.as_str(), r.scope.region, r.name);
            }
        }
    }
    Ok(())
}

/// `serve`'s flags for diners' photos: where they are kept, and the room uploads and frames must leave.
#[derive(clap::Args)]
struct MediaArgs {
    /// Where diners' photos are kept: `local` (the media folder under --data) or s3://BUCKET[/PREFIX],
    /// an S3-compatible bucket several servers share (Aliyun OSS, Huawei OBS, MinIO); its credentials come
    /// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    #[arg(long = "media", value_name = "local|s3://BUCKET", default_value = "local")]
    store: MediaConfig,
    /// The bucket's endpoint (else AWS_ENDPOINT_URL, else AWS's), e.g. https://oss-cn-hangzhou.aliyuncs.com
    /// or https://obs.cn-north-4.myhuaweicloud.com; plain http:// only when written so.
    #[arg(long = "media-endpoint", value_name = "URL")]
    endpoint: Option<String>,
    /// The bucket's region (else AWS_REGION), e.g. cn-hangzhou.
    #[arg(long = "media-region", value_name = "REGION")]
    region: Option<String>,
    /// The most the media store may hold, photos and thumbnails (e.g. 50G): uploads beyond it are
    /// refused with a 503 until the sweep or an operator makes room.
    #[arg(long = "media-quota", value_name = "BYTES", value_parser = room::parse_bytes)]
    quota: Option<u64>,
    /// The free space kept on the disks of the local media folder and of the camera frames: uploads and
    /// frames that would eat into it are refused with a 503.
    #[arg(long = "min-free-disk", value_name = "BYTES", value_parser = room::parse_bytes, default_value = "512M")]
    min_free_disk: u64,
}

impl MediaArgs {
    fn config(&self) -> Result<MediaConfig, String> {
        match self.store.clone() {
            MediaConfig::Bucket(bucket) => {
                Ok(MediaConfig::Bucket(BucketConfig { endpoint: self.endpoint.clone(), region: self.region.clone(), ..bucket }))
            }
            MediaConfig::Local if self.endpoint.is_some() || self.region.is_some() => {
                Err("--media-endpoint and --media-region are for a bucket: add --media s3://BUCKET".into())
            }
            MediaConfig::Local => Ok(MediaConfig::Local),
        }
    }

    fn room(&self) -> RoomRules {
        RoomRules { min_free_bytes: self.min_free_disk, media_quota: self.quota }
    }
}
