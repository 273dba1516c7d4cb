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
    // The demo's kitchen view plays video made by ffmpeg (pictures only without it).
    crate::setup::ffmpeg()?;
    server::build_release()?;

    let binary = server::binary().to_string_lossy().into_owned();
    let base = format!("http://{}", browsable(options.addr));
    println!("\n[run] open {base}/");
    match probe(cmd(&binary).arg("demo-codes")) {
        Some(listing) => {
            // The demo units, a blank line, then the demo's sign-ins (role, path, account, secret, scope).
            let mut lines = listing.lines();
            for (code, description) in lines.by_ref().take_while(|l| !l.is_empty()).filter_map(|line| line.split_once('\t')) {
                println!("[run]   {base}/u/{code}  {description}");
            }
            println!("\n[run] sign in as an owner or a regulator (demo accounts):");
            for line in lines {
                let fields: Vec<&str> = line.split('\t').collect();
                if let [_, path, rest @ ..] = fields.as_slice() {
                    println!("[run]   {base}{path}  {}", rest.join("  "));
                }
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
