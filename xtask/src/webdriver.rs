//! Just enough of the W3C WebDriver protocol, over plain HTTP with `ureq`, for the bench to drive
//! headless Chromium through `chromedriver`: start, navigate, find an element, send keys (a file
//! input's value is a file path), execute a script. The browser is launched as the end-to-end tests
//! launch it (`tests/e2e.rs`: same flags, phone emulation at 360×740). Dropping a [`Browser`] ends
//! the session, stops chromedriver and the browser, and removes the browser's profile.

use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::util::TempDir;

/// How long chromedriver may take to listen, and the browser to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest a single command may take (scripts that wait in the page included).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(180);
/// Scripts may run (and wait for a promise) this long; commands wait a little longer.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(120);
/// How long ending the session may take when the browser is dropped.
const QUIT_TIMEOUT: Duration = Duration::from_secs(20);
/// The key W3C WebDriver uses for element references in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A reference to an element on the current page.
pub struct Element(String);

/// Headless Chromium in a fresh profile, driven through its own chromedriver.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:{port}`: chromedriver.
    base: String,
    session: Option<String>,
    driver: Child,
    /// The browser profile and chromedriver's log (the browser's output included).
    dir: TempDir,
}

/// `CHROMEDRIVER` or `/usr/bin/chromedriver`, `CHROMIUM` or `/usr/bin/chromium`, as the tests use.
fn program(variable: &str, default: &str, what: &str) -> Result<PathBuf> {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if !path.is_file() {
        bail!("{what} not found at {} (set {variable} to its path, or run `cargo xtask setup`)", path.display());
    }
    Ok(path)
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium session through it.
    pub fn start() -> Result<Browser> {
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver")?;
        let chromium = program("CHROMIUM", "/usr/bin/chromium", "Chromium")?;
        let dir = TempDir::new("mingchu-bench-browser")?;
        let profile = dir.path().join("profile");
        let log_path = dir.path().join("chromedriver.log");
        let log = File::create(&log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
        let log_err = log.try_clone().context("cannot duplicate the log file handle")?;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|l| l.local_addr()).context("cannot find a free loopback port")?.port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .with_context(|| format!("could not start {}", chromedriver.display()))?;
        let config = ureq::Agent::config_builder().http_status_as_error(false).proxy(None).timeout_global(Some(COMMAND_TIMEOUT)).build();
        let mut browser = Browser { agent: config.into(), base: format!("http://127.0.0.1:{port}"), session: None, driver, dir };
        browser.wait_until_ready().with_context(|| format!("{} did not start", chromedriver.display()))?;

        // As tests/e2e.rs launches it.
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "timeouts": { "script": SCRIPT_TIMEOUT.as_millis() as u64 },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.display())],
                "mobileEmulation": {
                    "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 2.0, "touch": true, "mobile": true },
                    "userAgent": "Mozilla/5.0 (Linux; Android 13; Phone) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47"
                }
            }
        } } });
        let session = browser
            .request("POST", "/session", Some(&capabilities), START_TIMEOUT)
            .and_then(|value| value["sessionId"].as_str().map(str::to_owned).context("chromedriver answered without a sessionId"));
        let session = match session {
            Ok(session) => session,
            Err(e) => bail!("could not start {} through chromedriver: {e:#}\nchromedriver's output:\n{}", chromium.display(), browser.log_tail()),
        };
        browser.session = Some(session);
        Ok(browser)
    }

    /// Waits until chromedriver answers `GET /status` with `ready: true`.
    fn wait_until_ready(&mut self) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.driver.try_wait().context("cannot check on chromedriver")? {
                bail!("it exited ({status}); its output:\n{}", self.log_tail());
            }
            let ready = self.request("GET", "/status", None, Duration::from_secs(2));
            if ready.is_ok_and(|value| value["ready"] == true) {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                bail!("not ready after {START_TIMEOUT:?}; its output:\n{}", self.log_tail());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Loads `url` and waits for its load event.
    pub fn navigate(&self, url: &str) -> Result<()> {
        self.command("POST", "url", Some(&json!({ "url": url }))).with_context(|| format!("cannot open {url}"))?;
        Ok(())
    }

    /// The first element matching the CSS selector `css`.
    pub fn find(&self, css: &str) -> Result<Element> {
        let found = self
            .command("POST", "element", Some(&json!({ "using": "css selector", "value": css })))
            .with_context(|| format!("cannot find `{css}`"))?;
        match found[ELEMENT_KEY].as_str() {
            Some(id) => Ok(Element(id.to_owned())),
            None => bail!("cannot find `{css}`: chromedriver answered {found}"),
        }
    }

    /// Waits until an element matches `css`, polling every 100 ms for at most `timeout`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element> {
        let started = Instant::now();
        loop {
            match self.find(css) {
                Ok(element) => return Ok(element),
                Err(e) if started.elapsed() > timeout => return Err(e.context(format!("nothing matched `{css}` within {timeout:?}"))),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Types `text` into `element`; for `<input type=file>`, `text` is the path of the file to pick.
    pub fn send_keys(&self, element: &Element, text: &str) -> Result<()> {
        let path = format!("element/{}/value", element.0);
        self.command("POST", &path, Some(&json!({ "text": text })))?;
        Ok(())
    }

    /// Clicks `element` as a finger would (scrolled into view; fails if something covers it).
    pub fn click(&self, element: &Element) -> Result<()> {
        self.command("POST", &format!("element/{}/click", element.0), Some(&json!({})))?;
        Ok(())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns what it returns. A
    /// returned promise is awaited, for at most [`SCRIPT_TIMEOUT`].
    pub fn execute(&self, script: &str, args: &[Value]) -> Result<Value> {
        self.command("POST", "execute/sync", Some(&json!({ "script": script, "args": args })))
    }

    /// A command of the current session: `{method} /session/{id}/{path}`.
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let session = self.session.as_deref().context("no browser session")?;
        self.request(method, &format!("/session/{session}/{path}"), body, COMMAND_TIMEOUT)
    }

    /// One WebDriver request; its answer's `value`, or its error as an error.
    fn request(&self, method: &str, path: &str, body: Option<&Value>, timeout: Duration) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let sent = match method {
            "GET" => self.agent.get(&url).config().timeout_global(Some(timeout)).build().call(),
            "DELETE" => self.agent.delete(&url).config().timeout_global(Some(timeout)).build().call(),
            _ => self
                .agent
                .post(&url)
                .config()
                .timeout_global(Some(timeout))
                .build()
                .header("content-type", "application/json; charset=utf-8")
                .send(body.unwrap_or(&json!({})).to_string()),
        };
        let mut response = sent.with_context(|| format!("{method} {url}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .with_context(|| format!("reading the answer to {method} {path}"))?;
        answer(status, &text).with_context(|| format!("{method} {path}"))
    }

    /// The last lines chromedriver (and the browser) printed, for error messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session quits the browser; whatever chromedriver started and is still running
        // after that (a browser that hung) is killed by process id, and chromedriver with it.
        if let Some(session) = self.session.take() {
            let _ = self.request("DELETE", &format!("/session/{session}"), None, QUIT_TIMEOUT);
        }
        let leftovers = descendants(self.driver.id());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let alive: Vec<String> = leftovers.iter().filter(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists()).map(u32::to_string).collect();
        if !alive.is_empty() {
            let _ = Command::new("kill").arg("-KILL").args(&alive).stdout(Stdio::null()).stderr(Stdio::null()).status();
        }
        // `dir` (the profile) is removed after this, once the browser is gone.
    }
}

/// A WebDriver answer's `value`, or an error naming the WebDriver error and its message.
fn answer(status: u16, text: &str) -> Result<Value> {
    let mut json: Value = serde_json::from_str(text).with_context(|| format!("HTTP {status} with a body that is not JSON: {text:.300}"))?;
    let value = json["value"].take();
    if status == 200 {
        return Ok(value);
    }
    let error = value["error"].as_str().unwrap_or("unknown error");
    let message = value["message"].as_str().unwrap_or("");
    if message.starts_with(error) {
        bail!("HTTP {status}, {message}")
    }
    bail!("HTTP {status}, {error}: {message}")
}

/// The processes descended from `pid` (children, their children…), read from /proc on Linux;
/// empty elsewhere.
fn descendants(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let parents: Vec<(u32, u32)> = entries
        .filter_map(|entry| {
            let child: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            Some((child, parent_in_stat(&stat)?))
        })
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// The parent process id in a `/proc/{pid}/stat` line: `pid (name) state ppid …` (the name may
/// itself hold spaces and parentheses, hence the last `)`).
fn parent_in_stat(stat: &str) -> Option<u32> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_give_their_value_or_their_error() {
        let ok = answer(200, r#"{"value":{"element-6066-11e4-a52e-4f735466cecf":"abc"}}"#).unwrap();
        assert_eq!(ok[ELEMENT_KEY], "abc");
        assert_eq!(answer(200, r#"{"value":null}"#).unwrap(), Value::Null);
        let error =
            answer(404, r##"{"value":{"error":"no such element","message":"no such element: Unable to locate element","stacktrace":"#0 0x…"}}"##)
                .unwrap_err()
                .to_string();
        assert_eq!(error, "HTTP 404, no such element: Unable to locate element");
        let error = answer(500, r#"{"value":{"error":"session not created","message":"Chrome instance exited"}}"#);
        assert_eq!(error.unwrap_err().to_string(), "HTTP 500, session not created: Chrome instance exited");
        assert!(answer(500, "Internal Server Error").is_err());
    }

    #[test]
    fn reads_the_parent_from_proc_stat() {
        assert_eq!(parent_in_stat("4242 (chrome) S 4200 4242 4200 0 -1 4194560"), Some(4200));
        assert_eq!(parent_in_stat("77 (a (weird) name) R 1 77 77 0"), Some(1));
        assert_eq!(parent_in_stat("garbage"), None);
    }

    #[test]
    fn finds_the_processes_a_process_started() {
        let mut child = Command::new("sleep").arg("5").spawn().unwrap();
        let found = descendants(std::process::id());
        let _ = child.kill();
        let _ = child.wait();
        if std::path::Path::new("/proc").is_dir() {
            assert!(found.contains(&child.id()), "{found:?}");
        }
    }
}
