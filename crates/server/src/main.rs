//! `mingchu-server`: serve the app and API, or print the demo unit codes.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use mingchu_server::store::sqlite::SqliteStore;
use mingchu_server::{demo, load_demo, prepare, router, Clock, ServerConfig};
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
    },
    /// (Re)load the demo data set into the database.
    Demo {
        #[arg(long, default_value = "./data")]
        data: PathBuf,
    },
    /// Print the demo units' codes and what each shows, one per line, tab-separated.
    DemoCodes,
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
        Command::Serve { addr, data, dist, no_demo, no_rate_limits } => {
            let config = ServerConfig { data, dist: Some(dist), clock: Clock::System, demo: !no_demo, rate_limits: !no_rate_limits };
            let state = prepare(config).await?;
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown()).await?;
        }
        Command::Demo { data } => {
            let store = SqliteStore::open(&data).await?;
            let n = load_demo(&store, Clock::System.today()).await?;
            println!("loaded {n} demo units into {}", data.display());
        }
        Command::DemoCodes => {
            for (code, what) in demo::DEMO_CODES {
                println!("{code}\t{what}");
            }
        }
    }
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
