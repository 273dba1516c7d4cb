//! `cargo xtask test` (what CI runs): full setup including the browser, build the app, then
//! `cargo test --workspace` with the environment the end-to-end tests expect, then the server's tests
//! once more against a throwaway PostgreSQL server.

use std::time::Instant;

use anyhow::Result;

use crate::build;
use crate::postgres::Postgres;
use crate::setup::{self, Scope};
use crate::util::{self, cmd};

pub fn test() -> Result<()> {
    let started = Instant::now();
    let result = steps();
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    match &result {
        Ok(()) => {
            println!("[test] summary: all steps passed (setup, build, cargo test --workspace, the server's tests on PostgreSQL) in {minutes:.1} min")
        }
        Err(e) => println!("[test] summary: FAILED after {minutes:.1} min: {e:#}"),
    }
    result
}

fn steps() -> Result<()> {
    setup::setup(Scope::Full)?;
    build::build()?;

    timed("cargo test --workspace", || {
        util::run(
            cmd("cargo")
                .args(["test", "--workspace"])
                .env("MINGCHU_DIST", util::dist_dir())
                .env("CHROMEDRIVER", "/usr/bin/chromedriver")
                .env("CHROMIUM", "/usr/bin/chromium"),
        )
    })?;

    // The server's tests again, each test server on a fresh database of a throwaway PostgreSQL server
    // (crates/server/tests/common/mod.rs reads the variable).
    timed("cargo test -p mingchu-server --tests on PostgreSQL", || {
        let postgres = Postgres::start()?;
        // `--include-ignored`: the tests marked as needing PostgreSQL run in this pass only.
        util::run(
            cmd("cargo").args(["test", "-p", "mingchu-server", "--tests", "--", "--include-ignored"]).env("MINGCHU_TEST_POSTGRES", postgres.url()),
        )
    })?;

    // TODO(wasm-tests): when the root crate's tests/ gains wasm-bindgen-test tests (tests that
    // must run inside the browser, `#[wasm_bindgen_test]`), run them here, e.g.
    // `cargo test --target wasm32-unknown-unknown --test NAME` with
    // CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner and CHROMEDRIVER set.
    // Nothing to do for now: tests/ holds only native end-to-end tests, run above.

    Ok(())
}

/// Runs a pass of tests and says how long it took, whether it passed or not.
fn timed(name: &str, pass: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("[test] {name}");
    let started = Instant::now();
    let result = pass();
    let outcome = if result.is_ok() { "passed" } else { "failed" };
    println!("[test] {name}: {outcome} in {:.1} min", started.elapsed().as_secs_f64() / 60.0);
    result
}
