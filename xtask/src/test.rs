//! `cargo xtask test` (what CI runs): full setup including the browser, build the app, then
//! `cargo test --workspace` with the environment the end-to-end tests expect.

use std::time::Instant;

use anyhow::Result;

use crate::build;
use crate::setup::{self, Scope};
use crate::util::{self, cmd};

pub fn test() -> Result<()> {
    let started = Instant::now();
    let result = steps();
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    match &result {
        Ok(()) => println!("[test] summary: all steps passed (setup, build, cargo test --workspace) in {minutes:.1} min"),
        Err(e) => println!("[test] summary: FAILED after {minutes:.1} min: {e:#}"),
    }
    result
}

fn steps() -> Result<()> {
    setup::setup(Scope::Full)?;
    build::build()?;

    println!("[test] cargo test --workspace");
    util::run(
        cmd("cargo")
            .args(["test", "--workspace"])
            .env("MINGCHU_DIST", util::dist_dir())
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("CHROMIUM", "/usr/bin/chromium"),
    )?;

    // TODO(wasm-tests): when the root crate's tests/ gains wasm-bindgen-test tests (tests that
    // must run inside the browser, `#[wasm_bindgen_test]`), run them here, e.g.
    // `cargo test --target wasm32-unknown-unknown --test NAME` with
    // CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner and CHROMEDRIVER set.
    // Nothing to do for now: tests/ holds only native end-to-end tests, run above.

    Ok(())
}
