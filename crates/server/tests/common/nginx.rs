//! Debian's nginx in front of servers on this machine, configured from the shipped
//! `docs/deploy/nginx.conf` with only what a machine of tests must change: the upstreams' addresses, the
//! port (plain HTTP on loopback: the TLS lines go, and with them the redirect from port 80), and the cache
//! and log folders. The routing, the hashing and the proxy settings stay the shipped file's, so what works
//! here is what is deployed; a shipped file no longer shaped as expected is an error, not a silent pass.
//! Runs unprivileged (`-p`, `-c`, `-g`; as root its workers are `nobody`'s) until dropped.
//!
//! Only the standard library: `cargo xtask bench` includes this file too (`#[path]`).

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where Debian installs nginx.
const NGINX: &str = "/usr/sbin/nginx";
/// How long nginx may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// A file nginx serves as it is: its address, its bytes (already in their `Content-Encoding`, if any)
/// and the headers the server sent with them.
pub struct StaticFile {
    pub path: String,
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub content_encoding: Option<String>,
}

/// nginx running in a temporary folder of its own, stopped and the folder removed when dropped.
pub struct Nginx {
    child: Child,
    /// Where it listens: the site's address.
    pub addr: SocketAddr,
    dir: PathBuf,
}

impl Nginx {
    /// nginx with the site `shipped` (the path of docs/deploy/nginx.conf) in front of `upstreams`.
    pub fn start(shipped: &Path, upstreams: &[SocketAddr]) -> io::Result<Nginx> {
        let shipped_text = std::fs::read_to_string(shipped).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", shipped.display())))?;
        let addr = free_loopback_addr()?;
        let dir = fresh_dir()?;
        let site = site(&shipped_text, upstreams, addr, &dir).map_err(|e| io::Error::other(format!("{}: {e}", shipped.display())))?;
        Nginx::launch(dir, addr, &site)
    }

    /// nginx serving `files` as static files, each at its address with its type and coding: the
    /// physical limit a server's answers of the same bytes are compared with (`cargo xtask bench`).
    pub fn files(files: &[StaticFile]) -> io::Result<Nginx> {
        let addr = free_loopback_addr()?;
        let dir = fresh_dir()?;
        let root = dir.join("files");
        let mut locations = String::new();
        for (i, file) in files.iter().enumerate() {
            // Stored under a plain name: the address may hold a query, which a file name cannot.
            let name = format!("{i}.bin");
            std::fs::create_dir_all(&root)?;
            set_mode(&root, 0o755)?;
            std::fs::write(root.join(&name), &file.bytes)?;
            set_mode(&root.join(&name), 0o644)?;
            let encoding = file.content_encoding.as_deref().map(|e| format!("add_header Content-Encoding {e};")).unwrap_or_default();
            locations.push_str(&format!(
                "    location = {} {{\n        default_type \"{}\";\n        {encoding}\n        add_header Vary Accept-Encoding;\n        try_files /{name} =404;\n    }}\n",
                file.path, file.content_type
            ));
        }
        let site = format!(
            "server {{\n    listen {addr};\n    root {};\n    access_log off;\n    sendfile on;\n    tcp_nopush on;\n    keepalive_requests 100000;\n{locations}}}\n",
            root.display()
        );
        Nginx::launch(dir, addr, &site)
    }

    /// nginx with the site configuration `site` (the inside of `http {}`) in `dir`, listening on `addr`.
    fn launch(dir: PathBuf, addr: SocketAddr, site: &str) -> io::Result<Nginx> {
        std::fs::write(dir.join("site.conf"), site)?;
        // The smallest main configuration around it (the site goes in `http {}`, as in conf.d/), with nginx's
        // temporary files in its folder rather than /var/lib/nginx.
        let d = dir.display();
        let main = format!(
            "worker_processes 2;\nevents {{\n    worker_connections 1024;\n}}\nhttp {{\n    client_body_temp_path {d}/temp/body;\n    \
             proxy_temp_path {d}/temp/proxy;\n    fastcgi_temp_path {d}/temp/fastcgi;\n    uwsgi_temp_path {d}/temp/uwsgi;\n    \
             scgi_temp_path {d}/temp/scgi;\n    include {d}/site.conf;\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), main)?;
        let out = std::fs::File::create(dir.join("logs").join("nginx.out"))?;
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-g")
            .arg(format!("daemon off; pid {d}/nginx.pid; error_log {d}/logs/error.log;"))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot start {NGINX} (`cargo xtask setup` installs Debian's nginx): {e}")))?;
        let mut nginx = Nginx { child, addr, dir };
        nginx.wait_until_listening()?;
        Ok(nginx)
    }

    fn wait_until_listening(&mut self) -> io::Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(io::Error::other(format!("nginx exited ({status}): {}", self.logs())));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(io::Error::other(format!("nginx is not listening on {} after {START_TIMEOUT:?}: {}", self.addr, self.logs())));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `http://127.0.0.1:PORT` and `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The site's access log so far (the shipped `mingchu` format: `upstream=` names the server).
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("logs").join("mingchu.access.log")).unwrap_or_default()
    }

    /// nginx's own output and error log, for failures.
    pub fn logs(&self) -> String {
        let read = |name: &str| std::fs::read_to_string(self.dir.join("logs").join(name)).unwrap_or_default();
        format!("{}{}", read("nginx.out"), read("error.log"))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers, then itself (SIGKILL would leave the workers listening).
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The shipped site with the upstreams, the address and the folders of this machine; an error names
/// what the shipped file no longer has.
pub fn site(shipped: &str, upstreams: &[SocketAddr], addr: SocketAddr, dir: &Path) -> Result<String, String> {
    let lines: Vec<&str> = shipped.lines().collect();
    // The plain-HTTP server on port 80 only redirects to TLS: it goes with TLS.
    let redirect = lines.iter().position(|l| l.trim() == "listen 80;").ok_or("no `listen 80;` server (the redirect to TLS)")?;
    let opens = lines[..redirect].iter().rposition(|l| l.trim_end() == "server {").ok_or("no `server {` around `listen 80;`")?;
    let closes = redirect + lines[redirect..].iter().position(|l| l.trim_end() == "}").ok_or("no `}` after `listen 80;`")?;
    let (mut listens, mut members, mut tls) = (0, 0, 0);
    let mut out = String::with_capacity(shipped.len());
    let mut in_members = false;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let indent = &line[..line.len() - line.trim_start().len()];
        let member = trimmed.starts_with("server ") && trimmed.ends_with(';');
        if (opens..=closes).contains(&n) {
            continue;
        }
        if member {
            // A run of upstream members becomes one line per server here, with the shipped parameters.
            if !in_members {
                members += 1;
                let parameters = trimmed.trim_end_matches(';').split_whitespace().skip(2).collect::<Vec<_>>().join(" ");
                for upstream in upstreams {
                    out.push_str(&format!("{indent}server {upstream} {parameters};\n"));
                }
            }
            in_members = true;
            continue;
        }
        in_members = false;
        if trimmed == "listen 443 ssl http2;" {
            listens += 1;
            out.push_str(&format!("{indent}listen {addr};\n"));
        } else if trimmed == "listen [::]:443 ssl http2;" {
            listens += 1;
        } else if trimmed.starts_with("ssl_") {
            tls += 1;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if listens != 2 || members != 2 || tls == 0 {
        return Err(format!(
            "expected `listen 443 ssl http2;` for IPv4 and IPv6, two upstreams and ssl_ lines; found {listens} listen, {members} upstreams, {tls} ssl_ lines"
        ));
    }
    let mut site = out;
    for (shipped_dir, here) in [("/var/cache/nginx/", "cache"), ("/var/log/nginx/", "logs")] {
        if !site.contains(shipped_dir) {
            return Err(format!("no {shipped_dir}"));
        }
        site = site.replace(shipped_dir, &format!("{}/{here}/", dir.display()));
    }
    Ok(site)
}

/// A new folder for nginx, readable by its workers (`nobody` when the tests run as root).
fn fresh_dir() -> io::Result<PathBuf> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("mingchu-nginx-{}-{nanos}", std::process::id()));
    for sub in ["", "logs", "cache", "temp"] {
        std::fs::create_dir_all(dir.join(sub))?;
        set_mode(&dir.join(sub), 0o755)?;
    }
    Ok(dir)
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// A loopback address whose port was free a moment ago.
fn free_loopback_addr() -> io::Result<SocketAddr> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()
}
