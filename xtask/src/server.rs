//! The release `mingchu-server`: building it, and starting a throwaway instance (free loopback
//! port, fresh data directory, output to a log file) that is killed when dropped.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};

use crate::util::{self, cmd};

/// How long a fresh server may take to load the demo data and start listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// `cargo build --release -p mingchu-server`.
pub fn build_release() -> Result<()> {
    println!("[server] cargo build --release -p mingchu-server");
    util::run(cmd("cargo").args(["build", "--release", "-p", "mingchu-server"])).context("building the server failed")
}

/// `<target>/release/mingchu-server` (honours CARGO_TARGET_DIR).
pub fn binary() -> PathBuf {
    built("release")
}

/// `<target>/{profile}/mingchu-server` (honours CARGO_TARGET_DIR).
pub fn built(profile: &str) -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => util::repo_root().join(dir),
        None => util::repo_root().join("target"),
    };
    target.join(profile).join("mingchu-server")
}

/// A running server on a free loopback port with its own temporary data directory.
pub struct TestServer {
    child: Child,
    pub addr: SocketAddr,
    dir: PathBuf,
}

impl TestServer {
    /// Starts `mingchu-server serve` on fresh data (it loads the demo data itself) and waits
    /// until it accepts connections.
    pub fn start() -> Result<TestServer> {
        TestServer::start_with(&[], |_| Ok(()))
    }

    /// Like [`TestServer::start`], with more `serve` arguments, after `prepare` has had the fresh data
    /// directory (to load the demo data and add cameras with the CLI before the server opens it).
    pub fn start_with(extra_args: &[&str], prepare: impl FnOnce(&Path) -> Result<()>) -> Result<TestServer> {
        // The bench sends hundreds of writes from one address in a second.
        let args: Vec<&str> = ["--no-rate-limits"].into_iter().chain(extra_args.iter().copied()).collect();
        TestServer::spawn(&binary(), &args, prepare)
    }

    /// The server `binary` (e.g. the debug build the tests made) as it is deployed, rate limits and
    /// all, with more `serve` arguments.
    pub fn start_binary(binary: &Path, extra_args: &[&str]) -> Result<TestServer> {
        TestServer::spawn(binary, extra_args, |_| Ok(()))
    }

    fn spawn(binary: &Path, extra_args: &[&str], prepare: impl FnOnce(&Path) -> Result<()>) -> Result<TestServer> {
        let addr = free_loopback_addr()?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("mingchu-xtask-{}-{nanos}", std::process::id()));
        let data = dir.join("data");
        std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;
        let log_path = dir.join("server.log");
        let log = File::create(&log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
        let log_err = log.try_clone().context("cannot duplicate the log file handle")?;
        if let Err(e) = prepare(&data) {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }

        let mut command = cmd(&binary.to_string_lossy());
        command
            .arg("serve")
            .arg("--addr")
            .arg(addr.to_string())
            .arg("--data")
            .arg(&data)
            .arg("--dist")
            .arg(util::dist_dir())
            .args(extra_args)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        let shown = util::display(&command);
        let child = command.spawn().with_context(|| format!("could not start `{shown}`"))?;
        let mut server = TestServer { child, addr, dir };
        server.wait_until_listening().with_context(|| format!("`{shown}` did not start"))?;
        Ok(server)
    }

    fn wait_until_listening(&mut self) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().context("cannot check on the server process")? {
                bail!("it exited ({status}); its output:\n{}", self.log_tail());
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                bail!("not listening on {} after {:?}; its output:\n{}", self.addr, START_TIMEOUT, self.log_tail());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Where the server's data and log are (removed when it is dropped).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last lines the server printed, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A loopback address whose port was free a moment ago.
fn free_loopback_addr() -> Result<SocketAddr> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot find a free loopback port")?;
    listener.local_addr().context("cannot read the free port")
}
