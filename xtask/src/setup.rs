//! `cargo xtask setup`: installs, idempotently, every tool the build and the tests need, and
//! only what is missing: the wasm32 target, Trunk, wasm-bindgen-cli, binaryen (from npm, into
//! `.tools/`) and, for the browser tests, Chromium, chromedriver, CJK fonts and zbar-tools (the QR
//! placard's independent decoder), for the camera gateway's test, ffmpeg, for the server's tests on
//! PostgreSQL, postgresql, for the deployment's nginx configuration (checked with `nginx -t`, and in
//! front of several servers in a test), Debian's nginx (from apt), for the media store's test, moto's S3
//! server, for fuzzing the public API from its OpenAPI description, schemathesis (both from PyPI, each
//! into a venv under `.tools/`), and for `cargo xtask bench`'s load, Debian's wrk.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::util::{self, cmd, mentions_version, probe};

/// Trunk's version; must match what Trunk.toml and CI expect.
const TRUNK_VERSION: &str = "0.21.14";
/// Used when Cargo.lock has no wasm-bindgen entry (the CLI must equal the library's version).
const FALLBACK_WASM_BINDGEN_VERSION: &str = "0.2.130";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// How much to install.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What `trunk build` needs.
    BuildTools,
    /// Also the browser, its driver and fonts for the end-to-end tests, ffmpeg for the camera
    /// gateway's test, PostgreSQL for the server's tests on it, nginx for the deployment's, an S3
    /// server for the media store's, schemathesis for the API's fuzzing, and wrk for the bench.
    Full,
}

pub fn setup(scope: Scope) -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    binaryen()?;
    if scope == Scope::Full {
        browser_packages()?;
        ffmpeg()?;
        nginx()?;
        postgresql()?;
        s3_server()?;
        fuzzer()?;
        wrk()?;
    }
    say("done");
    Ok(())
}

fn say(message: &str) {
    println!("[setup] {message}");
}

fn wasm_target() -> Result<()> {
    let name = format!("rust target {WASM_TARGET}");
    let installed =
        probe(cmd("rustup").args(["target", "list", "--installed"])).context("`rustup target list --installed` failed: is rustup installed?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        say(&format!("{name}: already installed"));
        return Ok(());
    }
    say(&format!("{name}: installing…"));
    util::run(cmd("rustup").args(["target", "add", WASM_TARGET])).with_context(|| format!("could not install {name}"))
}

fn trunk() -> Result<()> {
    let name = format!("trunk {TRUNK_VERSION}");
    if probe(cmd("trunk").arg("--version")).is_some_and(|v| mentions_version(&v, TRUNK_VERSION)) {
        say(&format!("{name}: already installed"));
        return Ok(());
    }
    say(&format!("{name}: installing (takes ~13 min)…"));
    util::run(cmd("cargo").args(["install", &format!("trunk@{TRUNK_VERSION}"), "--locked"])).with_context(|| format!("could not install {name}"))
}

fn wasm_bindgen() -> Result<()> {
    let version = wasm_bindgen_version_in_lockfile().unwrap_or_else(|| FALLBACK_WASM_BINDGEN_VERSION.to_string());
    let name = format!("wasm-bindgen-cli {version}");
    if probe(cmd("wasm-bindgen").arg("--version")).is_some_and(|v| mentions_version(&v, &version)) {
        say(&format!("{name}: already installed"));
        return Ok(());
    }
    say(&format!("{name}: installing (takes ~5 min)…"));
    // Deliberately without --locked: the CLI's own lock file pins dependencies that no longer
    // build with current Rust.
    util::run(cmd("cargo").args(["install", &format!("wasm-bindgen-cli@{version}")])).with_context(|| format!("could not install {name}"))
}

/// The version of the `wasm-bindgen` package in Cargo.lock, which the CLI must match exactly.
fn wasm_bindgen_version_in_lockfile() -> Option<String> {
    let lock = std::fs::read_to_string(util::repo_root().join("Cargo.lock")).ok()?;
    package_version(&lock, "wasm-bindgen")
}

/// Finds `version = "…"` of the first `[[package]]` named `name` in a Cargo.lock.
fn package_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let version_line = lines.next()?;
            let version = version_line.strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

/// binaryen's wasm-opt from npm, into `.tools/node_modules` (Debian's build corrupts wasm).
fn binaryen() -> Result<()> {
    let tools = util::tools_dir();
    let pinned = npm_dependency_version(&tools.join("package.json"), "binaryen")?;
    let name = format!("binaryen {pinned} (npm, .tools/)");
    let wasm_opt = tools.join("node_modules").join(".bin").join("wasm-opt");
    let installed = installed_npm_version(&tools, "binaryen");
    if wasm_opt.exists() && installed.as_deref() == Some(pinned.as_str()) {
        say(&format!("{name}: already installed"));
        return Ok(());
    }
    if probe(cmd("npm").arg("--version")).is_none() {
        say("npm: not found, installing nodejs and npm from apt…");
        apt_install(&["nodejs", "npm"])?;
    }
    say(&format!("{name}: installing…"));
    let subcommand = if tools.join("package-lock.json").exists() { "ci" } else { "install" };
    util::run(cmd("npm").current_dir(&tools).args([subcommand, "--no-audit", "--no-fund"])).with_context(|| format!("could not install {name}"))?;
    if !wasm_opt.exists() {
        bail!("npm finished but {} is missing", wasm_opt.display());
    }
    Ok(())
}

/// The version that `package.json` pins for `package` (in `dependencies`).
fn npm_dependency_version(package_json: &Path, package: &str) -> Result<String> {
    let text = std::fs::read_to_string(package_json).with_context(|| format!("cannot read {}", package_json.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", package_json.display()))?;
    json["dependencies"][package].as_str().map(str::to_string).with_context(|| format!("{} has no dependencies.{package}", package_json.display()))
}

/// The version of `package` installed under `<dir>/node_modules`, if any.
fn installed_npm_version(dir: &Path, package: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("node_modules").join(package).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["version"].as_str().map(str::to_string)
}

/// Chromium, its WebDriver, CJK fonts (so screenshots of Chinese text are not tofu boxes) and zbarimg.
fn browser_packages() -> Result<()> {
    install_missing(
        &[
            ("chromium", Path::new("/usr/bin/chromium").exists()),
            ("chromium-driver", Path::new("/usr/bin/chromedriver").exists()),
            ("fonts-noto-cjk", cjk_font_installed()),
            // `zbarimg` reads the QR placard in a screenshot, independently of the code that drew it.
            ("zbar-tools", Path::new("/usr/bin/zbarimg").exists()),
        ],
        " (takes a few minutes)",
    )
}

/// Installs with apt those of `packages` (name, whether it is present) that are missing, in one go.
fn install_missing(packages: &[(&str, bool)], how_long: &str) -> Result<()> {
    let mut missing = Vec::new();
    for &(package, present) in packages {
        if present {
            say(&format!("{package} (apt): already installed"));
        } else {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    say(&format!("{} (apt): installing{how_long}…", missing.join(", ")));
    apt_install(&missing)
}

/// The camera gateway's encoder, the demo's synthetic video (`run`) and the gateway's tests.
pub fn ffmpeg() -> Result<()> {
    if probe(cmd("ffmpeg").arg("-version")).is_some() {
        say("ffmpeg (apt): already installed");
        return Ok(());
    }
    say("ffmpeg (apt): installing…");
    apt_install(&["ffmpeg"])
}

/// Debian's nginx, which checks `docs/deploy/nginx.conf` (with a throwaway certificate from `openssl`)
/// and stands in front of several servers in the tests. Installing it does not start it in a container;
/// on a machine with systemd it is enabled (`systemctl disable --now nginx` frees port 80).
fn nginx() -> Result<()> {
    install_missing(
        &[
            ("nginx", Path::new("/usr/sbin/nginx").exists() || probe(cmd("nginx").arg("-v")).is_some()),
            ("openssl", probe(cmd("openssl").arg("version")).is_some()),
        ],
        "",
    )
}

/// wrk, the HTTP load generator `cargo xtask bench` measures the unit API's requests per second with.
fn wrk() -> Result<()> {
    install_missing(&[("wrk", Path::new("/usr/bin/wrk").exists())], "")
}

/// Debian's PostgreSQL server, which the server's tests run against a second time (`cargo xtask test`).
fn postgresql() -> Result<()> {
    if crate::postgres::bin_dir().is_some() {
        say("postgresql (apt): already installed");
        return Ok(());
    }
    say("postgresql (apt): installing…");
    apt_install(&["postgresql"])
}

/// moto's S3 server, which the media store's test (crates/server/tests/s3.rs) starts: the pinned
/// `.tools/s3-requirements.txt` into the venv `.tools/s3`.
fn s3_server() -> Result<()> {
    python_venv("moto S3 server (PyPI, .tools/s3/)", "s3", "moto_server")
}

/// schemathesis, which `cargo xtask test` fuzzes the public API with from its description
/// (xtask/src/fuzz.rs): the pinned `.tools/fuzz-requirements.txt` into the venv `.tools/fuzz`.
fn fuzzer() -> Result<()> {
    python_venv("schemathesis (PyPI, .tools/fuzz/)", "fuzz", "st")
}

/// The pinned `.tools/{name}-requirements.txt` into the venv `.tools/{name}` (whose `bin/{program}` shows
/// it installed), again only when that file changed.
fn python_venv(what: &str, name: &str, program: &str) -> Result<()> {
    let tools = util::tools_dir();
    let requirements = tools.join(format!("{name}-requirements.txt"));
    let venv = tools.join(name);
    let wanted = std::fs::read_to_string(&requirements).with_context(|| format!("cannot read {}", requirements.display()))?;
    // The requirements the venv was made from, copied in once the install succeeded.
    let stamp = venv.join("installed-requirements.txt");
    if venv.join("bin").join(program).exists() && std::fs::read_to_string(&stamp).is_ok_and(|had| had == wanted) {
        say(&format!("{what}: already installed"));
        return Ok(());
    }
    if probe(cmd("python3").args(["-c", "import venv, ensurepip"])).is_none() {
        say("python3 with venv: not found, installing python3 and python3-venv from apt…");
        apt_install(&["python3", "python3-venv"])?;
    }
    say(&format!("{what}: installing (takes ~1 min)…"));
    util::run(cmd("python3").args(["-m", "venv", "--clear"]).arg(&venv)).with_context(|| format!("could not make the venv .tools/{name}"))?;
    let pip = venv.join("bin").join("pip");
    util::run(cmd(&pip.to_string_lossy()).args(["install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&requirements))
        .with_context(|| format!("could not install {what}"))?;
    std::fs::write(&stamp, wanted).with_context(|| format!("cannot write {}", stamp.display()))
}

fn cjk_font_installed() -> bool {
    let in_fontconfig = probe(&mut cmd("fc-list")).is_some_and(|fonts| fonts.to_lowercase().contains("noto sans cjk"));
    let in_dpkg =
        probe(cmd("dpkg-query").args(["-W", "-f=${Status}", "fonts-noto-cjk"])).is_some_and(|status| status.trim() == "install ok installed");
    in_fontconfig || in_dpkg
}

/// `apt-get update` then `apt-get install -y PACKAGES…`, through sudo when not root.
fn apt_install(packages: &[&str]) -> Result<()> {
    let is_root = util::is_root();
    let apt = |args: &[&str]| {
        let mut command = if is_root { cmd("apt-get") } else { cmd("sudo") };
        if !is_root {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    util::run(&mut apt(&["update"])).context("apt-get update failed")?;
    let mut install = apt(&["install", "-y"]);
    install.args(packages);
    util::run(&mut install).with_context(|| format!("could not install {} with apt-get", packages.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_a_lockfile() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(package_version(lock, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(package_version(lock, "trunk"), None);
    }
}
