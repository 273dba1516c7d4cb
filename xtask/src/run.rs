//! `cargo xtask run`: builds the app and the release server, prints a few demo URLs, then runs
//! `mingchu-server serve` in the foreground (it loads the demo data into an empty database).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::util::{self, cmd, probe};
use crate::{build, server};

pub struct Options {
    pub addr: SocketAddr,
    pub data: PathBuf,
}

pub fn run(options: Options) -> Result<()> {
    build::build()?;
    server::build_release()?;

    let binary = server::binary().to_string_lossy().into_owned();
    let base = format!("http://{}", browsable(options.addr));
    println!("\n[run] open {base}/");
    match probe(cmd(&binary).arg("demo-codes")) {
        Some(codes) => {
            for (code, description) in codes.lines().filter_map(|line| line.split_once('\t')) {
                println!("[run]   {base}/u/{code}  {description}");
            }
        }
        None => println!("[run]   (`mingchu-server demo-codes` failed: no demo URLs to show)"),
    }
    println!();

    let mut serve = cmd(&binary);
    serve.arg("serve").arg("--addr").arg(options.addr.to_string()).arg("--data").arg(&options.data).arg("--dist").arg(util::dist_dir());
    exec(serve)
}

/// The address to put in a URL: a wildcard listen address is reached through loopback.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), addr.port()),
        _ => addr,
    }
}

/// Replaces this process with the server, so Ctrl-C and exit codes go straight to it.
#[cfg(unix)]
fn exec(mut command: std::process::Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let shown = util::display(&command);
    let error = command.exec(); // only returns on failure
    Err(error).with_context(|| format!("could not start `{shown}`"))
}

/// Runs the server and waits for it (no `exec` outside Unix).
#[cfg(not(unix))]
fn exec(mut command: std::process::Command) -> Result<()> {
    util::run(&mut command)
}
