//! `cargo xtask build`: installs the build tools if missing, builds the four apps with Trunk — the one
//! every visitor loads (`index.html` → `dist/`), the one a diner loads to take part (`act.html` →
//! `dist/act/`), the owners' and regulators' (`staff.html` → `dist/staff/`) and their kitchen's
//! (`kitchen.html` → `dist/kitchen/`) — and precompresses them (`.br` and `.gz`).

use anyhow::{Context, Result};

use crate::compress;
use crate::setup::{self, Scope};
use crate::util::{self, cmd};

pub fn build() -> Result<()> {
    setup::setup(Scope::BuildTools)?;

    println!("[build] trunk build --release");
    // Trunk.toml pins wasm-opt and wasm-bindgen and builds offline: it must find both on PATH,
    // which `cmd` arranges (npm's wasm-opt from .tools first). This build empties `dist/` first, so
    // it goes before the other apps'.
    util::run(cmd("trunk").args(["build", "--release"])).context("building the app with Trunk failed")?;
    for app in ["act", "staff", "kitchen"] {
        let (html, dir, url) = (format!("{app}.html"), format!("dist/{app}"), format!("/{app}/"));
        println!("[build] trunk build {html} --release --dist {dir} --public-url {url}");
        util::run(cmd("trunk").args(["build", &html, "--release", "--dist", &dir, "--public-url", &url]))
            .with_context(|| format!("building the {app} app with Trunk failed"))?;
    }

    let dist = util::dist_dir();
    println!("[build] precompressing {}", dist.display());
    let files = compress::precompress_dir(&dist)?;
    println!("[build] {:<44} {:>11} {:>11} {:>11}", "file", "raw", "brotli", "gzip");
    for file in &files {
        let name = file.path.strip_prefix(&dist).unwrap_or(&file.path).display().to_string();
        println!("[build] {:<44} {:>11} {:>11} {:>11}", name, util::bytes(file.raw), util::bytes(file.br), util::bytes(file.gz));
    }
    println!("[build] done: {}", dist.display());
    Ok(())
}
