//! `mingchu-server`: serve the app and API, import the supervision platform's data, manage kitchen cameras,
//! or print the demo unit codes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use mingchu_server::accounts;
use mingchu_server::camera_push::{self, PushConfig};
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::hours::{self, PublicHours};
use mingchu_server::media_store::{BucketConfig, MediaConfig};
use mingchu_server::room::{self, RoomRules};
use mingchu_server::store::sqlite::SqliteStore;
use mingchu_server::store::StaffStore;
use mingchu_server::{demo, import, load_demo, platform, prepare, router, Clock, ServerConfig};
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
        /// Directory of the embedded database.
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// The built app (Trunk's dist/ directory).
        #[arg(long, default_value = "./dist")]
        dist: PathBuf,
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
        /// The address the public reaches this site at, printed in the QR placards
        /// (default: http:// and --addr). An https:// address also marks staff cookies Secure.
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
        /// A reverse proxy in front of the server (its address as this server sees it; repeatable):
        /// its X-Forwarded-For names the client (for rate limits) and its X-Request-Id the request.
        #[arg(long, value_name = "IP")]
        trusted_proxy: Vec<std::net::IpAddr>,
        #[command(flatten)]
        media: Box<MediaArgs>,
    },
    /// Issue (or reset) the access code a unit's owner signs in with at /owner; prints it once.
    OwnerCode {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
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
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Print the demo units' codes and what each shows, and the demo's owner and regulator sign-ins.
    DemoCodes,
    /// Import units from the supervision platform: a JSON file of whole units or a CSV file of units'
    /// base facts. All or nothing; importing the same file again changes nothing.
    Import {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        file: PathBuf,
        /// By default from the file's extension: .csv is CSV, anything else JSON.
        #[arg(long, value_enum)]
        format: Option<import::Format>,
    },
    /// Issue the supervision platform's bearer token for PUT /api/platform/units/{code} (shown only this
    /// once); the old one stops working at once.
    PlatformToken {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Add, list and manage the tokens of kitchen cameras.
    Camera {
        #[command(subcommand)]
        command: CameraCommand,
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
        /// Stop after this many frames (for trials); by default, run until the input ends.
        #[arg(long, value_name = "N")]
        frames: Option<u32>,
    },
}

#[derive(Subcommand)]
enum RegulatorCommand {
    /// Add an account scoped to a region; prints its password once.
    Add {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
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
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        username: String,
    },
    /// Remove an account (its sessions end).
    Remove {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        username: String,
    },
    /// List accounts, one per line, tab-separated: user name, level, region, name.
    List {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| "one of city, county, station".to_owned())
}

#[derive(Subcommand)]
enum CameraCommand {
    /// Add a camera to a unit; prints its id and its gateway's token (shown only this once).
    Add {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
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
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        id: i64,
    },
    /// Revoke a camera's token: its gateway can send no more frames.
    Revoke {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        id: i64,
    },
    /// List cameras, one per line, tab-separated: id, unit, area, public/private, delay, hours, token.
    List {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        /// Only this unit's.
        #[arg(long)]
        unit: Option<String>,
    },
}

fn parse_area(s: &str) -> Result<KitchenArea, String> {
    KitchenArea::parse(s).ok_or_else(|| {
        let names: Vec<&str> = KitchenArea::ALL.iter().map(|a| a.as_str()).collect();
        format!("not a kitchen area; one of {}", names.join(", "))
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))).init();
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
        Command::Serve { addr, data, dist, no_demo, no_rate_limits, min_camera_delay, no_synthetic_cameras, public_url, trusted_proxy, media } => {
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
                trusted_proxies: trusted_proxy,
                media: media.config()?,
                room: media.room(),
                ..ServerConfig::new(data)
            };
            let state = prepare(config).await?;
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown()).await?;
        }
        Command::Demo { data } => {
            let store = SqliteStore::open(&data).await?;
            let n = load_demo(&store, &Clock::System).await?;
            println!("loaded {n} demo units into {}", data.display());
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
        Command::Import { data, file, format } => return import(&data, &file, format).await,
        Command::PlatformToken { data } => {
            let token = platform::issue_token(&SqliteStore::open(&data).await?).await?;
            println!("platform token {token}\n(give it to the supervision platform: only its hash is stored; the old token no longer works)");
        }
        Command::Camera { command } => camera(command).await?,
        Command::OwnerCode { data, unit } => {
            let code = accounts::issue_owner_code(&SqliteStore::open(&data).await?, &unit, None, Clock::System.now_ms()).await?;
            println!("owner of {unit}\naccess code {code}\n(give it to the owner: only its hash is kept; the old code no longer works)");
        }
        Command::Regulator { command } => regulator(command).await?,
        Command::CameraPush { server, camera, token, input, input_format, every, width, ffmpeg, frames } => {
            let config = PushConfig { server, camera, token, input, input_format, every_secs: every, width, ffmpeg, frames };
            // ffmpeg's pipe and the HTTP client block: a thread of their own, off the runtime.
            let summary = tokio::task::spawn_blocking(move || camera_push::run(&config)).await??;
            println!("{} frames read, {} pushed, {} failed, {} dropped", summary.read, summary.pushed, summary.failed, summary.dropped);
        }
    }
    Ok(())
}

/// Prints what the import did, or every problem numbered (and exits non-zero).
async fn import(data: &Path, file: &Path, format: Option<import::Format>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = SqliteStore::open(data).await?;
    let format = format.unwrap_or_else(|| import::Format::of_path(file));
    let clock = Clock::System;
    match import::import_file(&store, &bytes, format, clock.today(), clock.now_ms()).await {
        Ok(results) => {
            println!("{}", ImportSummary::of(&results));
            Ok(())
        }
        Err(import::ImportError::Invalid(problems)) => {
            for (n, problem) in problems.iter().enumerate() {
                eprintln!("{:>3}. {problem}", n + 1);
            }
            Err(format!("{}: {} problem(s); nothing was imported (发现 {} 处问题，未导入任何数据)", file.display(), problems.len(), problems.len())
                .into())
        }
        Err(e) => Err(e.into()),
    }
}

async fn camera(command: CameraCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        CameraCommand::Add { data, unit, area, delay, hours, private } => {
            let store = SqliteStore::open(&data).await?;
            let spec = CameraSpec { area, delay_secs: delay, hours, public: !private };
            let (id, token) = cameras::add(&store, &unit, spec, Clock::System.now_ms()).await?;
            println!("camera {id} added to {unit}\ntoken {token}\n(keep it for the gateway: only its hash is stored)");
        }
        CameraCommand::Token { data, id } => {
            let token = cameras::issue_token(&SqliteStore::open(&data).await?, id).await?;
            println!("camera {id}\ntoken {token}\n(the old token no longer works)");
        }
        CameraCommand::Revoke { data, id } => {
            cameras::revoke(&SqliteStore::open(&data).await?, id).await?;
            println!("camera {id}: token revoked");
        }
        CameraCommand::List { data, unit } => {
            for c in cameras::list(&SqliteStore::open(&data).await?, unit.as_deref()).await? {
                let (public, token) = (if c.public { "public" } else { "private" }, if c.token_hash.is_some() { "token" } else { "no token" });
                println!("{}\t{}\t{}\t{public}\t{} s\t{}\t{token}", c.id, c.unit_code, c.area.as_str(), c.delay_secs, c.hours);
            }
        }
    }
    Ok(())
}

async fn regulator(command: RegulatorCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match command {
        RegulatorCommand::Add { data, username, name, level, region } => {
            let store = SqliteStore::open(&data).await?;
            let password = accounts::add_regulator(&store, &username, &name, &Scope { level, region }, None, Clock::System.now_ms()).await?;
            println!("regulator {username} added\npassword {password}\n(shown only this once)");
        }
        RegulatorCommand::Password { data, username } => {
            let password = accounts::reset_regulator_password(&SqliteStore::open(&data).await?, &username).await?;
            println!("regulator {username}\npassword {password}\n(the old password no longer works)");
        }
        RegulatorCommand::Remove { data, username } => {
            if !SqliteStore::open(&data).await?.remove_regulator(&username).await? {
                return Err(format!("no regulator {username:?}").into());
            }
            println!("regulator {username} removed");
        }
        RegulatorCommand::List { data } => {
            for r in SqliteStore::open(&data).await?.regulators().await? {
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

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
