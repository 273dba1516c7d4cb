//! `cargo xtask`: Mingchu's developer tasks, in one small program instead of shell scripts.
//!
//! This file parses the command line and dispatches to one module per job:
//! `setup` installs the tools, `build` builds and precompresses the app, `run` serves it,
//! `test` runs the whole test suite (what CI runs), `bench` prints the performance figures.

mod bench;
mod bench_map;
mod bench_video;
mod bench_watch;
mod build;
mod compress;
mod figures;
mod fuzz;
mod http;
mod postgres;
mod run;
mod server;
mod setup;
mod side_by_side;
mod test;
mod throughput;
mod util;
mod webdriver;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                 install what is missing: wasm target, trunk, wasm-bindgen-cli,
                        binaryen (npm, into .tools/), chromium + chromedriver + CJK fonts
                        and ffmpeg (apt)
  build                 setup (build tools only), `trunk build --release`, precompress dist/
  run [--addr ADDR] [--data DIR]
                        build, then serve the app with the release server
                        (defaults: --addr 127.0.0.1:8080 --data <repo>/data)
  test                  full setup, build, then `cargo test --workspace` (this is what CI runs)
  fuzz                  the public API fuzzed from its OpenAPI description with schemathesis,
                        on the debug server `cargo test` built (a step of `test`)
  bench                 build, then print size and latency figures against their budgets
  help                  print this message";

fn main() -> ExitCode {
    match dispatch(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\n[xtask] error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Vec<String>) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        println!("{USAGE}");
        bail!("no command given");
    };
    match command.as_str() {
        "setup" => {
            no_options(command, rest)?;
            setup::setup(setup::Scope::Full)
        }
        "build" => {
            no_options(command, rest)?;
            build::build()
        }
        "run" => run::run(parse_run_options(rest)?),
        "test" => {
            no_options(command, rest)?;
            test::test()
        }
        "fuzz" => {
            no_options(command, rest)?;
            fuzz::fuzz()
        }
        "bench" => {
            no_options(command, rest)?;
            bench::bench()
        }
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            println!("{USAGE}");
            bail!("unknown command `{other}`")
        }
    }
}

fn no_options(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => bail!("`{command}` takes no arguments, got `{arg}` (see `cargo xtask help`)"),
    }
}

/// Parses `--addr ADDR` and `--data DIR` (also in `--flag=value` form).
fn parse_run_options(rest: &[String]) -> Result<run::Options> {
    let mut options = run::Options { addr: "127.0.0.1:8080".parse().context("default address")?, data: util::repo_root().join("data") };
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || -> Result<String> {
            match inline_value.clone().or_else(|| args.next().cloned()) {
                Some(value) => Ok(value),
                None => bail!("`{flag}` needs a value"),
            }
        };
        match flag {
            "--addr" => {
                let text = value()?;
                options.addr = text.parse::<SocketAddr>().with_context(|| format!("--addr `{text}` is not an IP:PORT address"))?;
            }
            // Relative paths given on the command line are relative to where you ran the command.
            "--data" => options.data = util::absolute(&PathBuf::from(value()?))?,
            other => bail!("unknown option `{other}` for `run` (expected --addr or --data)"),
        }
    }
    Ok(options)
}
