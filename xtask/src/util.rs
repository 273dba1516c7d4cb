//! Shared helpers: where the repository is, the PATH that finds our tools, and running commands.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};

/// The workspace root (this crate lives in `<root>/xtask`).
pub fn repo_root() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir.parent().unwrap_or(xtask_dir).to_path_buf()
}

/// `<root>/dist`: Trunk's output, served by the server.
pub fn dist_dir() -> PathBuf {
    repo_root().join("dist")
}

/// `<root>/.tools`: the npm project holding node-based tools (binaryen's wasm-opt).
pub fn tools_dir() -> PathBuf {
    repo_root().join(".tools")
}

/// Makes `path` absolute, relative to the current directory.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot make {} absolute", path.display()))
}

/// PATH for every tool we run: `.tools/node_modules/.bin` first (so Trunk finds npm's wasm-opt
/// rather than Debian's), then cargo's bin directory (where `cargo install` puts trunk and
/// wasm-bindgen, in case the shell's PATH lacks it), then the inherited PATH.
pub fn tool_path() -> OsString {
    let mut dirs = vec![tools_dir().join("node_modules").join(".bin")];
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    // Only fails if a directory contains the separator, which none of ours does.
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// A command run in the repository root with [`tool_path`] as PATH.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(repo_root()).env("PATH", tool_path());
    command
}

/// How a command is shown in messages: `cargo build --release -p mingchu-server`.
pub fn display(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs `command` with inherited stdio (for long steps whose output the user should see);
/// fails with a clear message if it cannot start or exits unsuccessfully.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = display(command);
    let status = command.status().with_context(|| format!("could not start `{shown}` (is it installed and on PATH?)"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `command` quietly and returns its stdout if it started and succeeded, else `None`.
/// Used for probes such as `trunk --version`.
pub fn probe(command: &mut Command) -> Option<String> {
    let output = command.stdin(std::process::Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether this process runs as root (then apt needs no sudo, and PostgreSQL must run as another user).
pub fn is_root() -> bool {
    probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Whether `text` (a tool's `--version` output) names exactly `version`, e.g. `trunk 0.21.14`
/// matches 0.21.14 but `trunk 0.21.140` does not.
pub fn mentions_version(text: &str, version: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',').map(|word| word.trim_start_matches('v')).any(|word| word == version)
}

/// Formats a byte count for people: `153.2 KB (153 210 B)`. 1 KB = 1000 bytes, as in the budgets.
pub fn bytes(n: u64) -> String {
    if n < 1000 {
        format!("{n} B")
    } else if n < 1_000_000 {
        format!("{:.1} KB", n as f64 / 1000.0)
    } else {
        format!("{:.2} MB", n as f64 / 1_000_000.0)
    }
}

/// A fresh directory under the system's temporary directory, removed with its contents when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    /// `<tmp>/<prefix>-<pid>-<nanos>-<n>`, created empty.
    pub fn new(prefix: &str) -> Result<TempDir> {
        static CREATED: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let n = CREATED.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}-{n}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(TempDir(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matching_is_exact() {
        assert!(mentions_version("trunk 0.21.14\n", "0.21.14"));
        assert!(mentions_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(mentions_version("wasm-opt version 132 (version_132)", "132"));
        assert!(!mentions_version("trunk 0.21.140", "0.21.14"));
        assert!(!mentions_version("trunk 0.21.1", "0.21.14"));
    }

    #[test]
    fn byte_formatting() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(160_000), "160.0 KB");
        assert_eq!(bytes(2_500_000), "2.50 MB");
    }

    #[test]
    fn temp_dirs_are_fresh_and_removed() {
        let (a, b) = (TempDir::new("xtask-test").unwrap(), TempDir::new("xtask-test").unwrap());
        assert_ne!(a.path(), b.path());
        std::fs::write(a.path().join("file"), b"x").unwrap();
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
        assert!(b.path().is_dir());
    }
}
