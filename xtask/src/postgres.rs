//! A throwaway PostgreSQL server for the tests (and whatever else needs one): Debian's `postgresql`,
//! initialised in a fresh temporary folder (no password: `trust`), listening only on a Unix socket in that
//! folder, stopped and removed when dropped. PostgreSQL refuses to run as root, and CI runs as root: then
//! the folder is given to the `postgres` user and every command runs as it (`runuser`).

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{self, probe, TempDir};

/// The user PostgreSQL runs as when this process is root (Debian's package creates it).
const SYSTEM_USER: &str = "postgres";

/// A running PostgreSQL server in a temporary folder.
pub struct Postgres {
    dir: TempDir,
    bin: PathBuf,
    as_user: Option<&'static str>,
    port: u16,
}

impl Postgres {
    /// `initdb` and `pg_ctl start` in a fresh folder, on a port that was free; waits until it answers.
    pub fn start() -> Result<Postgres> {
        let bin = bin_dir().context("PostgreSQL is not installed (`cargo xtask setup` installs Debian's postgresql)")?;
        let as_user = util::is_root().then_some(SYSTEM_USER);
        let dir = TempDir::new("mingchu-pg")?;
        std::fs::create_dir(dir.path().join("socket")).context("cannot create the socket folder")?;
        if let Some(user) = as_user {
            util::run(Command::new("chown").arg("-R").arg(format!("{user}:")).arg(dir.path()))
                .with_context(|| format!("cannot give {} to the {user} user", dir.path().display()))?;
        }
        let port = free_port()?;
        let server = Postgres { dir, bin, as_user, port };
        let data = server.data_dir();
        // C locale: text compares byte by byte, as in SQLite; no fsync: the data is thrown away.
        server.run("initdb", &["-D", &data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]).context("initdb failed")?;
        let options = format!(
            "-k {} -p {} -c listen_addresses='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            server.socket_dir(),
            server.port
        );
        let log = server.dir.path().join("server.log").display().to_string();
        server.run("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "start"]).with_context(|| {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            format!("pg_ctl start failed; the server's log:\n{tail}")
        })?;
        Ok(server)
    }

    /// The URL of its `postgres` database as the `postgres` user, through the socket:
    /// `postgres://postgres@localhost/postgres?host=/tmp/…/socket&port=N`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@localhost/postgres?host={}&port={}", self.socket_dir(), self.port)
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn socket_dir(&self) -> String {
        self.dir.path().join("socket").display().to_string()
    }

    /// Runs one of PostgreSQL's programs, as the `postgres` user when we are root, in the server's folder
    /// (which that user can read, unlike perhaps the repository).
    fn run(&self, program: &str, args: &[&str]) -> Result<()> {
        let path = self.bin.join(program);
        let mut command = match self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        command.args(args).current_dir(self.dir.path()).stdout(std::process::Stdio::null());
        util::run(&mut command)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        if let Err(e) = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]) {
            eprintln!("[postgres] could not stop the server in {data}: {e:#}");
        }
        // The folder itself goes with `dir`.
    }
}

/// The folder of `initdb` and `pg_ctl`: Debian's newest `/usr/lib/postgresql/<version>/bin`, else where
/// `PATH` finds `pg_ctl`.
pub fn bin_dir() -> Option<PathBuf> {
    let debian = Path::new("/usr/lib/postgresql");
    let newest = std::fs::read_dir(debian)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|version| debian.join(version.to_string()).join("bin").join("initdb").exists())
        .max();
    if let Some(version) = newest {
        return Some(debian.join(version.to_string()).join("bin"));
    }
    let found = probe(Command::new("sh").args(["-c", "command -v pg_ctl"]))?;
    Some(Path::new(found.trim()).parent()?.to_path_buf())
}

/// A loopback port that was free a moment ago: the socket file's name, and the port should the server
/// ever listen on TCP.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot find a free port")?;
    let port = listener.local_addr().context("cannot read the free port")?.port();
    if port == 0 {
        bail!("the system gave port 0");
    }
    Ok(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_answers_until_it_is_dropped() {
        if bin_dir().is_none() {
            eprintln!("skipped: PostgreSQL is not installed");
            return;
        }
        let server = Postgres::start().unwrap();
        assert!(server.url().starts_with("postgres://postgres@localhost/postgres?host=/"), "{}", server.url());
        let ready = |server: &Postgres| {
            Command::new(server.bin.join("pg_isready"))
                .args(["-h", &server.socket_dir(), "-p", &server.port.to_string()])
                .output()
                .unwrap()
                .status
                .success()
        };
        assert!(ready(&server));
        let folder = server.dir.path().to_path_buf();
        drop(server);
        assert!(!folder.exists(), "the server's folder is removed");
    }
}
