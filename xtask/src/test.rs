//! `cargo xtask test` (what CI runs): full setup including the browser, build the app, then
//! `cargo test --workspace` with the environment the end-to-end tests expect, then the server's tests
//! once more against a throwaway PostgreSQL server.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::build;
use crate::fuzz;
use crate::postgres::Postgres;
use crate::setup::{self, Scope};
use crate::util::{self, cmd};

pub fn test() -> Result<()> {
    let started = Instant::now();
    let result = steps();
    let minutes = started.elapsed().as_secs_f64() / 60.0;
    match &result {
        Ok(()) => {
            println!("[test] summary: all steps passed (setup, build, cargo test --workspace, the API fuzzed, the server's tests on PostgreSQL) in {minutes:.1} min")
        }
        Err(e) => println!("[test] summary: FAILED after {minutes:.1} min: {e:#}"),
    }
    result
}

fn steps() -> Result<()> {
    setup::setup(Scope::Full)?;
    build::build()?;

    timed("cargo test --workspace", || util::run(&mut workspace_tests()))?;

    // The public API fuzzed from its description, on the server binary the pass above built.
    timed("the public API fuzzed from its OpenAPI description (schemathesis)", fuzz::fuzz)?;

    // The server's tests again, each test server on a fresh database of a throwaway PostgreSQL server
    // (crates/server/tests/common/mod.rs reads the variable). The binaries are the ones the pass above
    // built: `cargo test -p mingchu-server` would unify features differently and build the whole server
    // and every test binary a second time (twice the disk, which a CI machine ran out of).
    timed("the server's tests on PostgreSQL", || {
        let binaries = server_test_binaries()?;
        let postgres = Postgres::start()?;
        for binary in &binaries {
            // `--include-ignored`: the tests marked as needing PostgreSQL run in this pass only.
            util::run(
                Command::new(binary)
                    .arg("--include-ignored")
                    .current_dir(util::repo_root().join("crates").join("server"))
                    .env("PATH", util::tool_path())
                    .env("MINGCHU_TEST_POSTGRES", postgres.url()),
            )?;
        }
        Ok(())
    })?;

    // TODO(wasm-tests): when the root crate's tests/ gains wasm-bindgen-test tests (tests that
    // must run inside the browser, `#[wasm_bindgen_test]`), run them here, e.g.
    // `cargo test --target wasm32-unknown-unknown --test NAME` with
    // CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner and CHROMEDRIVER set.
    // Nothing to do for now: tests/ holds only native end-to-end tests, run above.

    Ok(())
}

/// `cargo test --workspace` with the environment the end-to-end tests expect (callers may add arguments).
fn workspace_tests() -> Command {
    let mut command = cmd("cargo");
    command
        .args(["test", "--workspace"])
        .env("MINGCHU_DIST", util::dist_dir())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("CHROMIUM", "/usr/bin/chromium");
    command
}

/// The server's integration-test executables, as `cargo test --workspace --no-run` reports them
/// (already built by the workspace pass, so nothing is compiled again).
fn server_test_binaries() -> Result<Vec<PathBuf>> {
    let output = workspace_tests()
        .args(["--no-run", "--message-format=json"])
        .stderr(Stdio::inherit())
        .output()
        .context("could not start `cargo test --workspace --no-run`")?;
    if !output.status.success() {
        bail!("`cargo test --workspace --no-run` failed ({})", output.status);
    }
    let binaries = test_executables(&String::from_utf8_lossy(&output.stdout), "mingchu-server");
    if binaries.is_empty() {
        bail!("cargo reported no test binaries of mingchu-server");
    }
    Ok(binaries)
}

/// From cargo's JSON messages, the executables of `package`'s integration tests (`tests/*.rs`).
fn test_executables(messages: &str, package: &str) -> Vec<PathBuf> {
    let package_tag = format!("#{package}@");
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["package_id"].as_str().is_some_and(|id| id.contains(&package_tag)))
        .filter(|message| message["target"]["kind"].as_array().is_some_and(|kinds| kinds.iter().any(|kind| kind == "test")))
        .filter_map(|message| message["executable"].as_str().map(PathBuf::from))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_packages_integration_test_executables_are_taken() {
        let messages = [
            r#"{"reason":"compiler-artifact","package_id":"path+file:///r/crates/server#mingchu-server@0.1.0","target":{"kind":["test"],"name":"cameras"},"executable":"/r/target/debug/deps/cameras-1"}"#,
            r#"{"reason":"compiler-artifact","package_id":"path+file:///r/crates/server#mingchu-server@0.1.0","target":{"kind":["bin"],"name":"mingchu-server"},"executable":"/r/target/debug/mingchu-server"}"#,
            r#"{"reason":"compiler-artifact","package_id":"path+file:///r/crates/server#mingchu-server@0.1.0","target":{"kind":["lib"],"name":"mingchu_server"},"executable":null}"#,
            r#"{"reason":"compiler-artifact","package_id":"path+file:///r#mingchu@0.1.0","target":{"kind":["test"],"name":"e2e"},"executable":"/r/target/debug/deps/e2e-2"}"#,
            r#"{"reason":"build-finished","success":true}"#,
            "Compiling something that is not JSON",
        ]
        .join("\n");
        assert_eq!(test_executables(&messages, "mingchu-server"), vec![PathBuf::from("/r/target/debug/deps/cameras-1")]);
    }
}
