//! End-to-end: the real server (with the built app from `MINGCHU_DIST` and a fresh SQLite database of
//! demo data) driven by headless Chromium at phone size, 360×740. Each test saves screenshots to
//! `target/screenshots/` for people to look at. Run through `cargo xtask test`, which builds the app.
#![cfg(not(target_arch = "wasm32"))]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use mingchu_server::{prepare, router, Clock, ServerConfig};
use serde_json::json;

/// One of chromedriver's own commands, POSTed to `session/{id}/{path}`: `chromium/network_conditions`
/// (a network, offline included) or `goog/cdp/execute` (a DevTools command, e.g. print media).
#[derive(Debug)]
struct ChromeCommand(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.0))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.1.to_string()))
    }
}

/// A 12-megapixel phone photo (4000×3000 JPEG with detail, a few MB), written once for the tests.
fn phone_photo() -> PathBuf {
    let path = std::env::temp_dir().join("mingchu-e2e-phone-photo.jpg");
    if !path.exists() {
        let photo = image::RgbImage::from_fn(4000, 3000, |x, y| {
            let n = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 7;
            image::Rgb([(x / 16) as u8 ^ (n as u8 & 31), (y / 12) as u8, ((x + y) / 28) as u8 ^ (n as u8 & 15)])
        });
        photo.save_with_format(&path, image::ImageFormat::Jpeg).expect("write the test photo");
    }
    path
}

/// A page's size: CSS pixels wide and high, device pixels per CSS pixel, and whether it is a phone's.
type Viewport = (u32, u32, f64, bool);
const DESK: Viewport = (1280, 800, 1.0, false);
const PHONE: Viewport = (360, 740, 2.0, true);

/// One browser at a time: two cores do not run several Chromiums well.
static BROWSER_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct E2e {
    base: String,
    /// The server's state, for what only its operators do (connecting a camera).
    state: mingchu_server::AppState,
    browser: Client,
    driver: Child,
    _data: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

fn dist() -> PathBuf {
    let dist = PathBuf::from(std::env::var("MINGCHU_DIST").expect("MINGCHU_DIST is not set: run the tests with `cargo xtask test`"));
    assert!(dist.join("index.html").is_file(), "{} has no built app: run `cargo xtask test`", dist.display());
    dist
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl E2e {
    async fn start() -> E2e {
        E2e::start_with(|_| {}).await
    }

    /// A server configured further by `configure`.
    async fn start_with(configure: impl FnOnce(&mut ServerConfig)) -> E2e {
        E2e::launch(configure, true).await
    }

    /// A desktop browser, 1280×800, as inspectors and owners' managers use at their desks.
    async fn start_at_desk() -> E2e {
        let e = E2e::launch(|_| {}, false).await;
        e.set_viewport(DESK).await;
        e
    }

    /// The server, and Chromium as a phone (360×740) or a desktop browser.
    async fn launch(configure: impl FnOnce(&mut ServerConfig), phone: bool) -> E2e {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = ServerConfig {
            dist: Some(dist()),
            clock: Clock::System,
            demo: true,
            synthetic_cameras: true,
            ..ServerConfig::new(data.path().to_path_buf())
        };
        configure(&mut config);
        let state = prepare(config).await.expect("server");
        let kept = state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve") });

        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let driver =
            Command::new(chromedriver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = json!({
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--user-data-dir={}", profile.path().display())],
            }
        });
        if !phone {
            caps["goog:chromeOptions"]["args"].as_array_mut().expect("args").push(json!("--window-size=1280,800"));
        } else {
            caps["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 2.0, "touch": true, "mobile": true },
                "userAgent": "Mozilla/5.0 (Linux; Android 13; Phone) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47"
            });
        }
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let mut browser = None;
        for _ in 0..50 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => {
                    browser = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let browser = browser.expect("chromedriver did not start a browser");
        E2e { base: format!("http://{addr}"), state: kept, browser, driver, _data: data, _profile: profile }
    }

    async fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base)).await.expect("navigate");
    }

    /// Waits until the app has taken over from the server's first paint.
    async fn app_ready(&self) {
        self.wait_for("main#main").await;
        self.wait_until("the server summary is gone", "return document.getElementById('mc-ssr') === null").await;
    }

    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.browser.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css}: {e}"))
    }

    /// Waits until a script returns true.
    async fn wait_until(&self, what: &str, script: &str) {
        for _ in 0..150 {
            if self.browser.execute(script, vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // What the page showed instead, so that a failure in CI explains itself.
        self.screenshot(&format!("timeout-{}", what.replace(' ', "-"))).await;
        panic!("timed out waiting until {what}; the page said:\n{}", self.page_text().await);
    }

    async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.expect("text")
    }

    /// The visible text of the whole page.
    async fn page_text(&self) -> String {
        self.browser.execute("return document.body.innerText", vec![]).await.expect("innerText").as_str().unwrap_or_default().to_owned()
    }

    /// The bottom edge of an element, in CSS pixels from the top of the page.
    async fn bottom_of(&self, css: &str) -> f64 {
        self.wait_for(css).await;
        let script = format!("return document.querySelector({css:?}).getBoundingClientRect().bottom + window.scrollY");
        self.browser.execute(&script, vec![]).await.expect("rect").as_f64().expect("number")
    }

    async fn path(&self) -> String {
        self.browser.current_url().await.expect("url").path().to_owned()
    }

    async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let png = self.browser.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Types into a field (after clearing it).
    async fn type_into(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    /// Cuts or restores the browser's network, as a phone going through a tunnel would.
    async fn set_offline(&self, offline: bool) {
        self.set_network(json!({ "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1 })).await;
    }

    /// Emulates a network: `{"offline", "latency" (ms), "download_throughput", "upload_throughput" (bytes/s, -1 = unlimited)}`.
    async fn set_network(&self, conditions: serde_json::Value) {
        self.browser
            .issue_cmd(ChromeCommand("chromium/network_conditions", json!({ "network_conditions": conditions })))
            .await
            .expect("network conditions");
    }

    /// The errors in the browser's console since the last call (a failed request is one).
    async fn console_errors(&self) -> Vec<String> {
        let log = self.browser.issue_cmd(ChromeCommand("se/log", json!({ "type": "browser" }))).await.expect("browser log");
        let entries = log.as_array().cloned().unwrap_or_default();
        entries.iter().filter(|e| e["level"] == "SEVERE").map(|e| e["message"].as_str().unwrap_or_default().to_owned()).collect()
    }

    /// How many requests the page has made whose address contains `part`.
    async fn requests_to(&self, part: &str) -> u64 {
        let script = format!("return performance.getEntriesByType('resource').filter(r => r.name.includes({part:?})).length");
        self.browser.execute(&script, vec![]).await.expect("resource entries").as_u64().unwrap_or(0)
    }

    /// Sizes the page as `viewport` (width, height, device pixels per CSS pixel, phone or not); the
    /// page sees a resize, as when a window is resized.
    async fn set_viewport(&self, (width, height, scale, mobile): Viewport) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile });
        self.browser
            .issue_cmd(ChromeCommand("goog/cdp/execute", json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": params })))
            .await
            .expect("viewport");
        self.wait_until("the page has its new width", &format!("return window.innerWidth === {width}")).await;
    }

    /// Runs a script that returns JSON.
    async fn eval(&self, script: &str) -> serde_json::Value {
        self.browser.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// A JSON answer of the API, as the test's own client (not the browser) gets it.
    async fn api(&self, path: &str) -> serde_json::Value {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<String>();
        let response = client.get(format!("{}{path}", self.base).parse().expect("uri")).await.expect("API answer");
        let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
        serde_json::from_slice(&body).expect("JSON")
    }

    /// POSTs JSON as the test's own client (a diner's phone, not the browser under test): the answer.
    async fn api_post(&self, path: &str, key: &str, body: serde_json::Value) -> serde_json::Value {
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<String>();
        let request = http::Request::post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body.to_string())
            .expect("request");
        let response = client.request(request).await.expect("API answer");
        assert!(response.status().is_success(), "POST {path}: {}", response.status());
        let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
        serde_json::from_slice(&body).expect("JSON")
    }

    /// POSTs bytes with a device's bearer token (a camera's analytics box): the status and the JSON answer.
    async fn ingest(&self, path: &str, token: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
        ingest_to(&self.base, path, token, bytes).await
    }

    /// A public camera connected to the unit `code`, open all day, as `mingchu-server camera add` does:
    /// its id and token.
    async fn add_camera(&self, code: &str, area: mingchu_types::KitchenArea, delay_secs: u32) -> (i64, String) {
        let spec = mingchu_server::cameras::CameraSpec { area, delay_secs, hours: "00:00-24:00".parse().expect("hours"), public: true };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_millis() as i64;
        mingchu_server::cameras::add(&*self.state.store, code, spec, now).await.expect("a camera")
    }

    /// Runs `script` in every page before its own scripts, from the next page opened on (a browser
    /// without some feature, say).
    async fn before_each_page(&self, script: &str) {
        let params = json!({ "source": script });
        self.browser
            .issue_cmd(ChromeCommand("goog/cdp/execute", json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": params })))
            .await
            .expect("a script before each page");
    }

    /// Signs in on the staff app's sign-in form.
    async fn sign_in(&self, path: &str, account: &str, secret: &str) {
        self.open(path).await;
        self.wait_for("form.sign-in").await;
        self.type_into("input[name=account]", account).await;
        self.type_into("input[name=secret]", secret).await;
        self.wait_for("form.sign-in button[type=submit]").await.click().await.expect("sign in");
        self.wait_for(".staff-nav").await;
    }

    async fn stop(self) {
        let _ = self.browser.clone().close().await;
    }
}

/// POSTs bytes to the server at `base` with a device's bearer token: the status and the JSON answer.
async fn ingest_to(base: &str, path: &str, token: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<http_body_util::Full<bytes::Bytes>>();
    let request = http::Request::post(format!("{base}{path}"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "image/jpeg")
        .body(http_body_util::Full::new(bytes::Bytes::from(bytes)))
        .expect("request");
    let response = client.request(request).await.expect("ingest answer");
    let status = response.status().as_u16();
    let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or_default())
}

/// A failed test still stops its chromedriver (and with it the browser).
impl Drop for E2e {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_screen_shows_the_official_facts_without_scrolling() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    assert_eq!(e.text(".unit-name").await, "聊城市东昌府区实验小学食堂");
    assert_eq!(e.text(".grade-word").await, "优秀");
    assert!(e.text(".annual-letter").await == "A");
    let text = e.page_text().await;
    assert!(text.contains("监管部门公示"), "{text}");
    assert!(text.contains("有效"), "licence status missing: {text}");
    assert!(text.contains("最近一次监督检查") && text.contains("符合"), "{text}");
    // All of it on the first 740 px screen.
    for css in [".grade-card", ".status-row", ".official .status-row:last-of-type"] {
        let bottom = e.bottom_of(css).await;
        assert!(bottom <= 740.0, "{css} ends at {bottom}px, below the first screen");
    }
    let nav = e.wait_for(".unit-links a[href^='https://uri.amap.com/']").await;
    assert!(nav.attr("href").await.unwrap().unwrap().contains("position="));
    assert!(e.wait_for(".unit-links a[href^='tel:']").await.is_displayed().await.unwrap());
    e.screenshot("unit-first-screen").await;
    // Nothing scrolls sideways, even at 200% text size.
    let no_sideways = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(e.browser.execute(no_sideways, vec![]).await.unwrap(), true);
    e.browser.execute("document.documentElement.style.fontSize = '200%'", vec![]).await.unwrap();
    assert_eq!(e.browser.execute(no_sideways, vec![]).await.unwrap(), true, "sideways scrolling at 200% text");
    e.screenshot("unit-text-200").await;

    e.open("/u/lc-gxq-0005").await;
    e.app_ready().await;
    let overdue = e.text(".alert").await;
    assert!(overdue.starts_with("已") && overdue.contains("个月未接受监督检查"), "{overdue}");
    e.screenshot("unit-overdue").await;

    e.open("/u/lc-lq-0016").await;
    e.app_ready().await;
    assert_eq!(e.text(".grade-word").await, "暂未评级");
    assert!(e.text(".grade-detail").await.contains("新办许可证"));
    e.screenshot("unit-not-graded").await;

    e.open("/u/lc-gx-0009").await;
    e.app_ready().await;
    assert!(e.page_text().await.contains("已过期"));
    e.screenshot("unit-expired-licence").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn licence_and_inspection_sheet_open_from_the_unit_page() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    e.wait_for("a.status-row[href$='/licence']").await.click().await.expect("click licence");
    e.wait_until("the licence page shows", "return location.pathname.endsWith('/licence') && !!document.querySelector('dl.fields')").await;
    let text = e.page_text().await;
    for field in [
        "许可证编号",
        "经营者名称",
        "统一社会信用代码",
        "法定代表人（负责人）",
        "住所",
        "经营场所",
        "主体业态",
        "经营项目",
        "有效期至",
        "投诉举报电话",
        "发证机关",
        "发证日期",
    ] {
        assert!(text.contains(field), "licence lacks {field}");
    }
    assert!(text.contains("校验位正确"));
    // The check's note sits under the code, marked with a tick, not run into it.
    let note = "const n = document.querySelector('.note.ok'); return getComputedStyle(n).display + ' ' + getComputedStyle(n, '::before').content";
    assert_eq!(e.browser.execute(note, vec![]).await.unwrap(), "block \"✓ \"");
    e.screenshot("licence").await;

    e.open("/u/lc-cp-0019/licence").await;
    e.app_ready().await;
    assert!(e.page_text().await.contains("校验位不符"), "credit-code warning missing");
    e.screenshot("licence-check-failed").await;

    // The history, then one record sheet.
    e.open("/u/lc-sx-0021").await;
    e.app_ready().await;
    e.wait_for("a.row-more[href$='/inspections']").await.click().await.expect("click history");
    e.wait_for(".inspection-item").await;
    assert_eq!(e.path().await, "/u/lc-sx-0021/inspections");
    assert!(e.text(".sheet-sub").await.starts_with("共"));
    e.screenshot("inspections").await;
    e.wait_for(".inspection-item").await.click().await.expect("open a sheet");
    e.wait_for("#sheet-h").await;
    let sheet = e.page_text().await;
    for part in ["监督检查结果记录表", "本年度第", "检查人员", "重点项", "一般项", "检查结果", "结果处理"] {
        assert!(sheet.contains(part), "sheet lacks {part}");
    }
    e.screenshot("inspection-sheet").await;

    // That inspection under another unit's address: the inspection is not found, not the unit.
    let theirs = e.path().await.rsplit('/').next().unwrap_or_default().to_owned();
    e.open(&format!("/u/lc-dcf-0012/inspections/{theirs}")).await;
    e.app_ready().await;
    let text = e.text(".notfound").await;
    assert!(text.contains("没有找到这份检查记录") && text.contains("聊城市东昌府区实验小学食堂") && !text.contains("没有找到这个单位"), "{text}");
    e.screenshot("inspection-sheet-missing").await;
    e.wait_for(".notfound a[href='/u/lc-dcf-0012/inspections']").await.click().await.expect("open the unit's history");
    e.wait_for(".inspection-item").await;
    assert_eq!(e.path().await, "/u/lc-dcf-0012/inspections");
    // The app says the same when it fetches the sheet itself, in either language.
    let point = format!("document.querySelector('.inspection-item').setAttribute('href', '/u/lc-dcf-0012/inspections/{theirs}')");
    e.browser.execute(&point, vec![]).await.unwrap();
    e.wait_for(".inspection-item").await.click().await.expect("follow the link");
    assert!(e.text(".notfound").await.contains("没有找到这份检查记录"));
    e.open(&format!("/u/lc-dcf-0012/inspections/{theirs}?lang=en")).await;
    e.app_ready().await;
    assert!(e.text(".notfound").await.contains("Inspection record not found"));
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_is_remembered() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    e.wait_for("button.lang-toggle").await.click().await.expect("switch language");
    e.wait_until("English shows", "return document.querySelector('.grade-word').textContent === 'Excellent'").await;
    assert!(e.page_text().await.contains("Published by the regulator"));
    assert_eq!(e.browser.execute("return document.documentElement.lang", vec![]).await.unwrap(), "en");
    e.screenshot("unit-english").await;
    // A reload keeps English, from the first paint on.
    e.browser.refresh().await.expect("reload");
    e.app_ready().await;
    assert_eq!(e.text(".grade-word").await, "Excellent");
    e.wait_for("button.lang-toggle").await.click().await.expect("back to Chinese");
    e.wait_until("Chinese shows", "return document.querySelector('.grade-word').textContent === '优秀'").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_unknown_codes() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/").await;
    e.app_ready().await;
    assert!(e.page_text().await.contains("扫描餐饮单位门口的二维码"));
    e.screenshot("home").await;
    // A two-character Chinese query.
    let input = e.wait_for("input#q").await;
    input.send_keys("小学").await.expect("type");
    e.wait_for("form.search button[type=submit]").await.click().await.expect("search");
    e.wait_for("a.result").await;
    let names = e.page_text().await;
    assert!(names.contains("实验小学食堂"), "{names}");
    e.screenshot("search-results").await;
    e.wait_for("a.result").await.click().await.expect("open result");
    e.wait_for(".grade-card").await;
    assert!(e.path().await.starts_with("/u/lc-"));

    e.open("/u/lc-nope-0000").await;
    e.app_ready().await;
    assert_eq!(e.text("h1.page-h").await, "没有找到这个单位");
    assert!(e.wait_for("input#q").await.is_displayed().await.unwrap());
    e.screenshot("unit-not-found").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_failure_offers_a_retry() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    // Cut the network for the app's requests, then navigate inside the app.
    e.browser.execute("window.__fetch = window.fetch; window.fetch = () => Promise.reject(new TypeError('offline'));", vec![]).await.unwrap();
    e.wait_for("a.row-more[href$='/inspections']").await.click().await.expect("click history");
    let error = e.text(".error-box").await;
    assert!(error.contains("网络不太稳定"), "{error}");
    e.screenshot("network-error").await;
    e.browser.execute("window.fetch = window.__fetch;", vec![]).await.unwrap();
    e.wait_for(".error-box button").await.click().await.expect("retry");
    e.wait_for(".inspection-item").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diner_rates_with_one_tap_and_the_vote_is_remembered() {
    let _one = BROWSER_LOCK.lock().await;
    // A vote needs a device cookie this old; longer than the default 5 s, so that the first tap below
    // surely comes too soon even on a slow machine.
    const MIN_VOTE_AGE_SECS: u32 = 15;
    let e = E2e::start_with(|c| c.min_vote_age_secs = MIN_VOTE_AGE_SECS).await;
    e.open("/u/lc-dcf-0027").await;
    e.app_ready().await;
    // The device cookie comes with the app's ask of this phone's own part, just after it started: a
    // second's margin past this.
    let opened = std::time::Instant::now();
    // Diners' voice comes after the official facts, under its own heading.
    let text = e.page_text().await;
    let (official, diners) = (text.find("监管部门公示").unwrap(), text.find("食客评价").expect("diners' section"));
    assert!(official < diners);
    assert_eq!(e.text("button[data-smiley=satisfied] .smiley-count").await, "0");
    // The action bar sits over the bottom of the screen: bring the smileys up first, as a thumb would.
    e.browser.execute("document.querySelector('.smileys').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
    // A tap the moment the page opened is refused, and the control says why.
    e.wait_for("button[data-smiley=satisfied]").await.click().await.expect("tap 满意 at once");
    let refusal = e.text(".alert.tone-bad").await;
    assert!(refusal.contains("几秒钟后再打分"), "{refusal}");
    assert_eq!(e.text("button[data-smiley=satisfied] .smiley-count").await, "0");
    tokio::time::sleep(std::time::Duration::from_secs(u64::from(MIN_VOTE_AGE_SECS) + 2).saturating_sub(opened.elapsed())).await;
    e.wait_for("button[data-smiley=satisfied]").await.click().await.expect("tap 满意");
    e.wait_until("the vote is counted", "return document.querySelector('button[data-smiley=satisfied]').getAttribute('aria-pressed') === 'true'")
        .await;
    assert_eq!(e.text("button[data-smiley=satisfied] .smiley-count").await, "1");
    assert!(e.page_text().await.contains("基于近 90 天 1 个打分"));
    e.wait_until("the refusal is gone once a vote counts", "return document.querySelector('.alert.tone-bad') === null").await;
    e.browser.execute("document.querySelector('.diners').scrollIntoView()", vec![]).await.unwrap();
    e.screenshot("diners-rated").await;

    // Changing one's mind the same day replaces the vote.
    e.wait_for("button[data-smiley=neutral]").await.click().await.expect("tap 一般");
    e.wait_until("the vote moves", "return document.querySelector('button[data-smiley=neutral]').getAttribute('aria-pressed') === 'true'").await;
    assert_eq!(e.text("button[data-smiley=satisfied] .smiley-count").await, "0");
    assert_eq!(e.text("button[data-smiley=neutral] .smiley-count").await, "1");

    // A reload still knows this phone's vote: the first paint is every reader's, then the app asks for
    // this phone's own part and presses its button.
    e.browser.refresh().await.expect("reload");
    e.app_ready().await;
    e.wait_until("the vote is shown again", "return document.querySelector('button[data-smiley=neutral]').getAttribute('aria-pressed') === 'true'")
        .await;
    assert!(e.page_text().await.contains("谢谢！今天可以改选"), "the prompt's line thanks this phone");
    e.stop().await;
}

/// Seconds a form must be open before sending (the server's minimum fill time is 3 s).
async fn think() {
    tokio::time::sleep(Duration::from_millis(3200)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diner_posts_a_photo_review_that_survives_a_reload() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0027").await;
    e.app_ready().await;
    // The four actions are on the first screen, in thumb reach at its bottom.
    let bar = e.bottom_of(".actions").await;
    assert!(bar <= 740.0, "the action bar ends at {bar}px");
    let actions = e.text(".actions").await;
    for action in ["打分", "写评价", "直通老板", "一键举报"] {
        assert!(actions.contains(action), "{actions}");
    }
    e.wait_for(".actions a[href$='/write/review']").await.click().await.expect("tap 写评价");
    e.wait_for("textarea#text").await;
    assert_eq!(e.path().await, "/u/lc-dcf-0027/write/review");
    e.type_into("textarea#text", "饭菜干净，窗口排队有序").await;
    // The draft is kept on the phone as it is typed: a reload loses nothing.
    tokio::time::sleep(Duration::from_millis(900)).await;
    e.browser.refresh().await.expect("reload");
    e.wait_until("the draft is back", "const t = document.querySelector('textarea#text'); return !!t && t.value === '饭菜干净，窗口排队有序'").await;

    // Too short: said beside the field, nothing sent.
    e.type_into("textarea#text", "好").await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    assert!(e.text(".field-error").await.contains("至少写 5 个字"));
    e.screenshot("review-form-error").await;

    e.type_into("textarea#text", "饭菜干净，窗口排队有序，推荐").await;
    e.wait_for("label.chip-choice:first-child input").await.click().await.expect("pick 满意");
    let photo = phone_photo();
    e.wait_for("input[type=file]").await.send_keys(&photo.display().to_string()).await.expect("pick a photo");
    e.wait_for(".photo-picks img").await;
    e.screenshot("review-form").await;
    // Shrunk in the browser to a JPEG of at most 1600 px and 400 KB.
    let shrunk = "return fetch(document.querySelector('.photo-picks img').src).then(r => r.blob()).then(b => createImageBitmap(b).then(i => [b.size, b.type, i.width, i.height]))";
    let shrunk = e.browser.execute(shrunk, vec![]).await.expect("shrunk photo");
    let shrunk = shrunk.as_array().expect("array");
    assert!(shrunk[0].as_f64().unwrap() <= 400_000.0, "{shrunk:?}");
    assert_eq!(shrunk[1], "image/jpeg");
    assert_eq!((shrunk[2].as_u64().unwrap(), shrunk[3].as_u64().unwrap()), (1600, 1200));
    think().await;
    // A slow uplink, so that the upload's progress can be watched moving.
    e.set_network(json!({ "offline": false, "latency": 40, "download_throughput": -1, "upload_throughput": 60_000 })).await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    e.wait_for(".sending progress").await;
    let progress = "const p = document.querySelector('.sending progress'); return p ? p.value : 100";
    let mut seen = Vec::new();
    for _ in 0..60 {
        let value = e.browser.execute(progress, vec![]).await.expect("progress").as_f64().unwrap_or(100.0);
        seen.push(value);
        if seen.len() == 8 {
            e.screenshot("review-uploading").await;
        }
        if value >= 100.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went backwards: {seen:?}");
    assert!(seen.iter().any(|v| *v > 0.0 && *v < 100.0), "no progress between 0 and 100 was shown: {seen:?}");
    e.set_offline(false).await;
    let receipt = e.text(".receipt-h").await;
    assert!(receipt.contains("已发布"), "{receipt}");
    e.screenshot("review-sent").await;

    // On the server: one published review with one photo, stored upright at 1600 px.
    let list = e.api("/api/units/lc-dcf-0027/reviews").await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["text"], "饭菜干净，窗口排队有序，推荐");
    assert_eq!(items[0]["smiley"], "satisfied");
    assert_eq!(items[0]["photos"].as_array().map(Vec::len), Some(1));

    // The reviews page shows it, with the photo opening full size.
    e.wait_for(".receipt a[href$='/reviews']").await.click().await.expect("open the reviews");
    e.wait_for(".review").await;
    assert!(e.text(".review .review-text").await.contains("推荐"));
    let full = e.wait_for(".review .photo-strip a").await.attr("href").await.unwrap().unwrap();
    assert!(full.starts_with("/media/") && full.ends_with(".jpg"), "{full}");
    e.screenshot("reviews").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diner_messages_the_owner_and_follows_it_up() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012/write/message").await;
    e.wait_for("textarea#text").await;
    e.type_into("textarea#text", "今天的汤太咸了，希望改进").await;
    e.type_into("input#phone", "1391234").await;
    think().await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    assert!(e.text(".field-error").await.contains("手机号"));
    e.type_into("input#phone", "139 1234 5678").await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    let ticket = e.text(".receipt strong.mono").await;
    assert!(ticket.starts_with("LY"), "{ticket}");
    assert!(e.text(".private-link").await.contains(&format!("/t/{ticket}#")));
    e.screenshot("message-sent").await;

    // The private link opens the follow-up: sent, not yet read; the phone number is not shown back.
    e.wait_for(".receipt a.button[href^='/t/']").await.click().await.expect("follow up");
    e.wait_for(".steps").await;
    let text = e.page_text().await;
    assert!(text.contains("留言进度") && text.contains("已发送") && text.contains("今天的汤太咸了"), "{text}");
    assert!(!text.contains("5678"), "the phone number is shown back: {text}");
    e.screenshot("message-follow-up").await;

    // "My submissions" keeps the ticket on this phone; a link without its secret still opens from there.
    e.open("/mine").await;
    e.wait_for("ul.mine a.status-row").await;
    assert!(e.page_text().await.contains(&ticket));
    e.screenshot("mine").await;
    e.open(&format!("/t/{ticket}")).await;
    e.wait_for(".steps").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diner_reports_to_the_regulator_by_name_and_follows_it_up() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    e.wait_for(".actions a[href$='/write/report']").await.click().await.expect("tap 一键举报");
    e.wait_for("select#category").await;
    // One sentence on report vs complaint, and the 12315 hotline.
    let note = e.text(".note-box").await;
    assert!(note.contains("投诉") && note.contains("12315"), "{note}");
    assert!(e.wait_for(".note-box a[href='tel:12315']").await.is_displayed().await.unwrap());
    // "When" defaults to now.
    let when = e.wait_for("input#when").await.prop("value").await.unwrap().unwrap_or_default();
    assert!(when.len() == 16 && when.contains('T'), "{when}");
    e.wait_for("select#category option[value=pests]").await.click().await.expect("pick 老鼠/蟑螂");
    e.type_into("textarea#text", "后厨地面有老鼠跑过，时间中午 12 点左右").await;
    e.wait_for("input[type=file]").await.send_keys(&phone_photo().display().to_string()).await.expect("pick a photo");
    e.wait_for(".photo-picks img").await;
    e.screenshot("report-form").await;
    let named = e.browser.find_all(Locator::Css("fieldset.field .chip-choice input")).await.expect("reporter choices");
    named[1].click().await.expect("report by name");
    e.type_into("input#name", "张三").await;
    e.type_into("input#phone", "13912345678").await;
    think().await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    let ticket = e.text(".receipt strong.mono").await;
    assert!(ticket.starts_with("JB"), "{ticket}");
    e.screenshot("report-sent").await;

    e.wait_for(".receipt a.button[href^='/t/']").await.click().await.expect("follow up");
    e.wait_for(".steps").await;
    let text = e.page_text().await;
    assert!(text.contains("举报进度") && text.contains("已提交") && text.contains("老鼠 / 蟑螂"), "{text}");
    assert!(text.contains("前决定是否受理"), "the decision date is missing: {text}");
    assert!(text.contains("实名（仅监管部门可见）") && !text.contains("张三") && !text.contains("13912345678"), "{text}");
    assert!(e.wait_for(".photo-strip img").await.attr("src").await.unwrap().unwrap().ends_with(".thumb.jpg"));
    e.screenshot("report-follow-up").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_sent_offline_arrives_exactly_once_after_a_reload() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0027/write/review").await;
    e.wait_for("textarea#text").await;
    e.type_into("textarea#text", "在隧道里写的评价，网络断了").await;
    think().await;
    e.set_offline(true).await;
    e.wait_for(".write-form button[type=submit]").await.click().await.expect("send");
    let waiting = e.text(".waiting").await;
    assert!(waiting.contains("等待发送") && waiting.contains("自动发送"), "{waiting}");
    e.screenshot("review-waiting").await;
    // A reload while offline fails like any page would; the draft stays on the phone.
    let _ = e.browser.refresh().await;
    e.set_offline(false).await;
    // Back online (Chromium also reloads its error page by itself), the taking-part app sends it.
    e.open("/mine").await;
    e.app_ready().await;
    e.wait_until("it is listed as sent", "return !!document.querySelector('ul.mine a.status-row')").await;
    // Another visit does not send it again.
    e.open("/u/lc-dcf-0027/write/review").await;
    e.wait_for("textarea#text").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let texts = review_texts(&e, "lc-dcf-0027").await;
    assert_eq!(texts, vec!["在隧道里写的评价，网络断了".to_owned()], "exactly one review on the server");

    // A draft queued when the phone left the page before it could send it, as the taking-part app keeps
    // it in IndexedDB. (Made here rather than by leaving a page offline: chromedriver lifts its network
    // emulation while a page unloads, so the page's last retry sometimes gets through and sometimes not.)
    let draft = json!({
        "key": "e2e-left-before-sending", "unit": "lc-dcf-0027", "unit_name": "聊城市东昌府区机关幼儿园食堂", "kind": "review",
        "text": "第二条：离开页面前没发出去", "smiley": null, "category": "other", "happened_at": "", "named": false, "name": "",
        "phone": "", "website": "", "photos": [], "photo_ids": [], "opened_at": 0, "fill_ms": 45000, "queued": true
    });
    let put = "const [draft, done] = arguments; const open = indexedDB.open('mingchu', 1);
        open.onsuccess = () => { const tx = open.result.transaction('outbox', 'readwrite'); tx.objectStore('outbox').put(draft);
            tx.oncomplete = () => done(true); tx.onerror = () => done(String(tx.error)); };
        open.onerror = () => done(String(open.error));";
    assert_eq!(e.browser.execute_async(put, vec![draft]).await.expect("store a draft"), json!(true));
    // The unit's page (whose app cannot send) points to it, and the page it opens sends it.
    e.open("/u/lc-dcf-0027").await;
    e.app_ready().await;
    let note = e.wait_for("a.waiting-note").await;
    assert!(note.text().await.unwrap().contains("1 条"), "the waiting draft is not pointed to");
    assert_eq!(review_texts(&e, "lc-dcf-0027").await.len(), 1, "sent before the diner asked");
    e.screenshot("unit-draft-waiting").await;
    note.click().await.expect("open My submissions");
    e.wait_until("both are listed as sent", "return document.querySelectorAll('ul.mine a.status-row').length === 2").await;
    let texts = review_texts(&e, "lc-dcf-0027").await;
    assert_eq!(texts, vec!["第二条：离开页面前没发出去".to_owned(), "在隧道里写的评价，网络断了".to_owned()]);
    e.stop().await;
}

/// The texts of a unit's published reviews, newest first, as the API gives them.
async fn review_texts(e: &E2e, code: &str) -> Vec<String> {
    let list = e.api(&format!("/api/units/{code}/reviews")).await;
    list["items"].as_array().expect("items").iter().filter_map(|r| r["text"].as_str().map(str::to_owned)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kitchen_view_moves_and_proves_it_is_current() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    // The first screen links to the kitchen view with a thumbnail of the delayed picture.
    e.wait_until("the thumbnail has loaded", "const i = document.querySelector('.live-card img'); return !!i && i.complete && i.naturalWidth > 0")
        .await;
    e.browser.execute("document.querySelector('a.live-card').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
    e.screenshot("unit-live-card").await;
    e.wait_for("a.live-card").await.click().await.expect("open the kitchen view");
    let shown = "const c = document.getElementById('live-caption'); return c && c.textContent.length > 0 ? '' : String(document.getElementById('live-status') && document.getElementById('live-status').textContent)";
    let mut why = String::new();
    for _ in 0..100 {
        why = e.browser.execute(shown, vec![]).await.expect("caption").as_str().unwrap_or_default().to_owned();
        if why.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(why.is_empty(), "no frame is shown: {why}");
    assert_eq!(e.path().await, "/u/lc-dcf-0012/live");
    assert_eq!(e.browser.execute("return document.getElementById('live-open').hidden", vec![]).await.unwrap(), json!(false));
    let caption = e.text(".live-caption").await;
    assert!(caption.contains("延时约 3 分钟") && caption.contains("拍摄于"), "{caption}");
    e.screenshot("live").await;
    // A few seconds later the picture and its time have moved on, without a blank in between.
    let first = e.wait_for(".live-frame img").await.attr("src").await.unwrap().unwrap_or_default();
    e.wait_until(
        "the next frame is shown",
        &format!("const i = document.querySelector('.live-frame img'); return !!i && i.getAttribute('src') !== {first:?}"),
    )
    .await;
    let later = e.text(".live-caption").await;
    assert_ne!(caption, later, "the capture time did not move");
    // The shown frame is never newer than the delay allows.
    let age = e.browser.execute(CAPTION_AGE, vec![]).await.expect("age").as_f64().unwrap_or(0.0);
    assert!((180.0..240.0).contains(&age), "the frame shown is {age} s old");
    // The proof: uptime and which areas are covered.
    let proof = e.text(".live-proof").await;
    // The demo's cameras were added as the server started: too soon for a share of the week.
    assert!(proof.contains("刚接入") && !proof.contains("近 7 天在线率 0.0%") && proof.contains("最近收到画面"), "{proof}");
    // This unit's cameras cover all seven areas; another's cover two and name the five they miss.
    assert_eq!(e.browser.execute("return document.querySelectorAll('.area-covered').length", vec![]).await.unwrap(), json!(7));
    e.browser.execute("document.querySelector('.live-proof').scrollIntoView()", vec![]).await.unwrap();
    e.screenshot("live-proof").await;

    e.open("/u/lc-dcf-0027/live").await;
    e.app_ready().await;
    assert_eq!(e.browser.execute("return document.querySelectorAll('.area-missing').length", vec![]).await.unwrap(), json!(5));
    // A camera that never sends says so instead of showing a picture; so does one outside its hours.
    e.open("/u/lc-lq-0003/live").await;
    e.app_ready().await;
    e.wait_for("[data-tab] .dot-offline").await.click().await.expect("choose the offline camera");
    e.wait_until("the offline state is said", "return document.getElementById('live-status').textContent.includes('离线')").await;
    e.screenshot("live-offline").await;
    e.open("/u/lc-jkq-0002/live").await;
    e.app_ready().await;
    assert!(e.text("#live-status").await.contains("不在公开时段"), "outside hours is not said");
    e.stop().await;
}

/// How many seconds old, by the browser's clock, the capture time in the kitchen view's caption is.
const CAPTION_AGE: &str = "const t = document.querySelector('.live-caption').textContent.match(/(\\d\\d):(\\d\\d):(\\d\\d)/); const now = new Date(Date.now() + 8 * 3600e3); const secs = ((now.getUTCHours() - +t[1]) * 3600 + (now.getUTCMinutes() - +t[2]) * 60 + (now.getUTCSeconds() - +t[3]) + 86400) % 86400; return secs;";

/// What the browser lacks, by the address's query, set before the app loads: `nomse` (no Media Source
/// Extensions, as in WeChat on iOS), `nohls` (no native HLS either), `savedata` (Save-Data is on).
const WITHOUT: &str = "const q = location.search;
    if (q.includes('nomse')) { delete window.MediaSource; delete window.ManagedMediaSource; }
    if (q.includes('nohls')) { HTMLMediaElement.prototype.canPlayType = () => ''; }
    if (q.includes('savedata')) { Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true, effectiveType: '4g' }) }); }";

/// The kitchen view's video: whether it is shown, where it is, and the segments the page fetched.
const VIDEO_STATE: &str = "const v = document.getElementById('live-video'); return { shown: !!v && !v.hidden, t: v ? v.currentTime : 0, segments: performance.getEntriesByType('resource').filter(r => r.name.endsWith('.m4s')).length }";

/// ffmpeg's moving test picture as a kitchen's gateway encodes it (the contract's profile, no sound,
/// 2-s fMP4 segments): the init segment and the media segments.
fn gateway_clip(seconds: u32) -> (Vec<u8>, Vec<Vec<u8>>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<String> =
        format!("-loglevel error -f lavfi -i testsrc2=size=640x360:rate=10 -t {seconds} -c:v libx264 -pix_fmt yuv420p -preset veryfast -g 20 -an")
            .split(' ')
            .map(str::to_owned)
            .collect();
    args.extend(mingchu_types::video::X264_PROFILE.map(str::to_owned));
    args.extend(
        "-f hls -hls_time 2 -hls_segment_type fmp4 -hls_playlist_type vod -hls_fmp4_init_filename init.mp4 clip.m3u8".split(' ').map(str::to_owned),
    );
    let status = Command::new("ffmpeg").args(&args).current_dir(dir.path()).status().expect("ffmpeg (installed by `cargo xtask setup`)");
    assert!(status.success(), "ffmpeg {args:?}");
    let media =
        (0..).map(|n| dir.path().join(format!("clip{n}.m4s"))).take_while(|p| p.exists()).map(|p| std::fs::read(p).expect("segment")).collect();
    (std::fs::read(dir.path().join("init.mp4")).expect("init segment"), media)
}

/// Waits up to `secs` seconds until a script returns true.
async fn wait_long(e: &E2e, what: &str, script: &str, secs: u64) {
    for _ in 0..secs * 5 {
        if e.browser.execute(script, vec![]).await.ok().and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    e.screenshot(&format!("timeout-{}", what.replace(' ', "-"))).await;
    panic!("timed out waiting until {what}; the page said:\n{}", e.page_text().await);
}

/// Opens the kitchen view at `query` and chooses the camera `camera`'s tab.
async fn open_camera(e: &E2e, code: &str, query: &str, camera: i64) {
    e.open(&format!("/u/{code}/live{query}")).await;
    e.app_ready().await;
    let cameras = e.api(&format!("/api/units/{code}/cameras")).await;
    let tab = cameras["cameras"].as_array().expect("cameras").iter().position(|c| c["id"] == json!(camera)).expect("the camera is listed");
    tap(e, &format!("[data-tab=\"{tab}\"]")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_kitchen_plays_its_delayed_video_and_pictures_without_a_player() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start_with(|c| c.synthetic_video = true).await;
    e.before_each_page(WITHOUT).await;
    e.open("/u/lc-dcf-0012/live").await;
    e.app_ready().await;
    wait_long(&e, "the video plays", &format!("const s = (() => {{ {VIDEO_STATE} }})(); return s.shown && s.t > 0"), 40).await;
    let t0 = e.eval(VIDEO_STATE).await["t"].as_f64().expect("currentTime");
    wait_long(&e, "the video has played 5 s", &format!("return (() => {{ {VIDEO_STATE} }})().t >= {t0} + 5"), 30).await;
    let caption = e.text(".live-caption").await;
    assert!(caption.contains("延时约 3 分钟") && caption.contains("拍摄于"), "{caption}");
    // What is on screen was filmed at least the delay ago, by the browser's own clock.
    let age = e.eval(CAPTION_AGE).await.as_f64().unwrap_or(0.0);
    assert!((180.0..260.0).contains(&age), "what is shown was filmed {age} s ago");
    e.screenshot("live-demo-video").await;
    // Large text (200 %): the view still fits the phone's width.
    e.eval("document.documentElement.style.fontSize = '200%'").await;
    let wide = e.eval("return document.documentElement.scrollWidth <= window.innerWidth").await;
    e.screenshot("live-demo-video-large-text").await;
    assert_eq!(wide, json!(true), "the page scrolls sideways at 200 % text");

    // Without MSE and native HLS: the picture sequence, as before.
    e.open("/u/lc-dcf-0012/live?nomse&nohls").await;
    e.app_ready().await;
    wait_long(&e, "a picture shows", "return !document.getElementById('live-open').hidden", 20).await;
    let first = e.wait_for("#live-img").await.attr("src").await.unwrap().unwrap_or_default();
    wait_long(&e, "the next picture shows", &format!("return document.getElementById('live-img').getAttribute('src') !== {first:?}"), 20).await;
    assert!(e.text(".live-caption").await.contains("拍摄于"));
    let state = e.eval(VIDEO_STATE).await;
    assert!(state["shown"] == json!(false) && state["segments"] == json!(0), "{state}");
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_camera_s_video_plays_delayed_where_the_browser_can_and_its_pictures_where_not() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start_with(|c| c.min_camera_delay_secs = 10).await;
    let code = "lc-dcf-0027";
    let (camera, token) = e.add_camera(code, mingchu_types::KitchenArea::Storeroom, 10).await;
    let (init, media) = gateway_clip(20);
    let (status, answer) = e.ingest(&format!("/api/ingest/cameras/{camera}/video/init"), &token, init).await;
    assert_eq!(status, 201, "{answer}");
    // The gateway from now on: a segment and a frame every two seconds, as it films them.
    let (base, frame) = (e.base.clone(), snapshot_jpeg());
    let gateway = tokio::spawn(async move {
        for segment in media.iter().cycle() {
            let (status, answer) =
                ingest_to(&base, &format!("/api/ingest/cameras/{camera}/video/segments?duration_ms=2000"), &token, segment.clone()).await;
            assert_eq!(status, 201, "{answer}");
            ingest_to(&base, &format!("/api/ingest/cameras/{camera}/frames"), &token, frame.clone()).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    e.before_each_page(WITHOUT).await;
    // Its first segments become playable once they are the delay old.
    let mut playable = false;
    for _ in 0..60 {
        let cameras = e.api(&format!("/api/units/{code}/cameras")).await;
        playable = cameras["cameras"].as_array().expect("cameras").iter().any(|c| c["id"] == json!(camera) && c["video"] == json!(true));
        if playable {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(playable, "the camera's video never became playable");

    // Chromium has Media Source Extensions: the app feeds it the segments, and the video moves.
    open_camera(&e, code, "", camera).await;
    wait_long(&e, "the video plays", &format!("const s = (() => {{ {VIDEO_STATE} }})(); return s.shown && s.t > 0"), 60).await;
    let start = e.eval(VIDEO_STATE).await;
    let t0 = start["t"].as_f64().expect("currentTime");
    wait_long(&e, "the video has played 5 s", &format!("return (() => {{ {VIDEO_STATE} }})().t >= {t0} + 5"), 30).await;
    let state = e.eval(VIDEO_STATE).await;
    assert!(state["shown"] == json!(true) && state["segments"].as_u64().unwrap_or(0) >= 3, "{state}");
    assert!(e.eval("return document.getElementById('live-open').hidden").await == json!(true), "the picture gives way to the video");
    let caption = e.text(".live-caption").await;
    assert!(caption.contains("拍摄于") && caption.contains("延时约 10 秒"), "{caption}");
    let age = e.eval(CAPTION_AGE).await.as_f64().unwrap_or(0.0);
    assert!((10.0..60.0).contains(&age), "what is shown was filmed {age} s ago");
    e.screenshot("live-video").await;

    // Save-Data on: the pictures until the diner taps to play.
    open_camera(&e, code, "?savedata", camera).await;
    wait_long(&e, "a picture shows", "return !document.getElementById('live-open').hidden", 20).await;
    let button = e.text("#live-play").await;
    assert!(button.contains("播放视频"), "{button}");
    assert_eq!(e.eval(VIDEO_STATE).await["segments"], json!(0), "no video fetched before the tap");
    e.screenshot("live-video-save-data").await;
    tap(&e, "#live-play").await;
    wait_long(&e, "the video plays after the tap", &format!("const s = (() => {{ {VIDEO_STATE} }})(); return s.shown && s.t > 0"), 30).await;
    assert_eq!(e.eval("return document.getElementById('live-play').hidden").await, json!(true));

    // Neither MSE nor native HLS (an old WeChat): the picture sequence, as before.
    open_camera(&e, code, "?nomse&nohls", camera).await;
    wait_long(
        &e,
        "a picture shows",
        "return !document.getElementById('live-open').hidden && document.getElementById('live-caption').textContent.includes('拍摄于')",
        20,
    )
    .await;
    let first = e.wait_for("#live-img").await.attr("src").await.unwrap().unwrap_or_default();
    wait_long(&e, "the next picture shows", &format!("return document.getElementById('live-img').getAttribute('src') !== {first:?}"), 20).await;
    let state = e.eval(VIDEO_STATE).await;
    assert!(state["shown"] == json!(false) && state["segments"] == json!(0), "{state}");
    e.screenshot("live-video-pictures").await;

    // No MSE, but the browser's own HLS (an iPhone; Chromium here says "maybe" too): the browser plays
    // the playlist itself where it can, else the pictures go on.
    open_camera(&e, code, "?nomse", camera).await;
    let native = e.eval("return document.getElementById('live-video').canPlayType('application/vnd.apple.mpegurl')").await;
    let mut played = 0.0;
    for _ in 0..200 {
        let state = e.eval(VIDEO_STATE).await;
        if state["shown"] == json!(true) {
            played = state["t"].as_f64().unwrap_or(0.0);
            if played >= 5.0 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if native != json!("") {
        assert!(played >= 5.0, "the browser's own HLS says {native} but played {played} s");
        // Chromium has no `getStartDate()`: the caption says the delay only, no capture time it cannot know.
        e.screenshot("live-video-native").await;
    } else {
        wait_long(&e, "the pictures show", "return !document.getElementById('live-open').hidden", 30).await;
    }
    gateway.abort();
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_whose_cameras_are_offline_asks_for_no_picture() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.console_errors().await;
    e.open("/u/lc-sx-0021").await;
    e.app_ready().await;
    // A calm card instead of a black thumbnail, still leading to the kitchen view.
    let card = e.text("a.live-card.live-card-off").await;
    assert!(card.contains("后厨摄像头暂时离线") && card.contains("2 个摄像头"), "{card}");
    assert_eq!(e.wait_for("a.live-card").await.attr("href").await.unwrap().as_deref(), Some("/u/lc-sx-0021/live"));
    assert!(e.browser.find(Locator::Css(".live-card img")).await.is_err(), "no thumbnail");
    assert_eq!(e.requests_to("/frame").await, 0, "no frame asked for");
    e.browser.execute("document.querySelector('a.live-card').scrollIntoView({block: 'center'})", vec![]).await.unwrap();
    e.screenshot("unit-live-card-offline").await;
    // The kitchen view says why, and looks at the list again rather than asking for frames.
    e.wait_for("a.live-card").await.click().await.expect("open the kitchen view");
    e.wait_until("the kitchen view shows", "return location.pathname.endsWith('/live') && !!document.getElementById('live-status')").await;
    e.wait_until(
        "the list is looked at again",
        "return performance.getEntriesByType('resource').filter(r => r.name.endsWith('/cameras')).length >= 2",
    )
    .await;
    assert!(e.text("#live-status").await.contains("离线"));
    assert_eq!(e.requests_to("/frame").await, 0, "no frame asked for");
    assert_eq!(e.console_errors().await, Vec::<String>::new(), "no error in the console");
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_answers_a_message_and_replies_to_a_review_and_the_diner_sees_both() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    // A diner's phone (not this browser) sends a message and posts a review.
    let message = json!({ "text": "今天的红烧肉太咸了，希望少放盐。", "callback_phone": "139 8765 4321", "fill_ms": 9000 });
    let receipt = e.api_post("/api/units/lc-dcf-0012/messages", "e2e-message", message).await;
    let (ticket, secret) = (receipt["ticket"].as_str().unwrap().to_owned(), receipt["secret"].as_str().unwrap().to_owned());
    e.api_post("/api/units/lc-dcf-0012/reviews", "e2e-review", json!({ "text": "饭菜干净，孩子爱吃。", "smiley": "satisfied", "fill_ms": 9000 }))
        .await;

    // The owner signs in; a wrong code is refused in words, and what was typed stays.
    e.open("/owner").await;
    e.wait_for("form.sign-in").await;
    e.screenshot("owner-sign-in").await;
    e.type_into("input[name=account]", "lc-dcf-0012").await;
    e.type_into("input[name=secret]", "WRONG-CODE").await;
    e.wait_for("form.sign-in button[type=submit]").await.click().await.expect("sign in");
    assert!(e.text("form.sign-in .alert").await.contains("不对"));
    assert_eq!(e.wait_for("input[name=account]").await.prop("value").await.unwrap().as_deref(), Some("lc-dcf-0012"));
    e.type_into("input[name=secret]", "demo-0012").await;
    e.wait_for("form.sign-in button[type=submit]").await.click().await.expect("sign in");
    e.wait_for(".staff-nav").await;

    // The inbox: the message, unread, with its call-back number; the answer goes out.
    let item = format!("li[data-ticket='{ticket}']");
    let text = e.text(&item).await;
    assert!(text.contains("太咸了") && text.contains("139 8765 4321") && text.contains("未读"), "{text}");
    e.screenshot("owner-inbox").await;
    e.type_into(&format!("{item} textarea"), "谢谢提醒，已经让厨师少放盐了。").await;
    e.wait_for(&format!("{item} button[type=submit]")).await.click().await.expect("send the answer");
    e.wait_until("the answer is shown", &format!("return (document.querySelector(\"{item} .reply\") || {{}}).innerText?.includes('少放盐了')")).await;
    assert!(e.text(&item).await.contains("已回复"));
    e.screenshot("owner-inbox-answered").await;

    // The session ends elsewhere (another tab signs out): the next save shows the sign-in in place.
    let end_elsewhere = "return fetch('/api/staff/session').then(r => r.json()).then(s => \
        fetch('/api/staff/session', { method: 'DELETE', headers: { 'x-csrf-token': s.csrf } })).then(r => r.status)";
    assert_eq!(e.browser.execute(end_elsewhere, vec![]).await.unwrap(), json!(204));
    e.type_into(&format!("{item} textarea"), "再补充一句。").await;
    e.wait_for(&format!("{item} button[type=submit]")).await.click().await.expect("save after the session ended");
    e.wait_for("form.sign-in").await;
    e.type_into("input[name=account]", "lc-dcf-0012").await;
    e.type_into("input[name=secret]", "DEMO-0012").await;
    e.wait_for("form.sign-in button[type=submit]").await.click().await.expect("sign in again");
    e.wait_for(&item).await;

    // The reviews: one public reply under the review.
    e.wait_for(".staff-nav a[href='/owner/reviews']").await.click().await.expect("open the reviews");
    e.wait_for("li[data-review] textarea").await;
    e.type_into("li[data-review] textarea", "谢谢支持，欢迎常来！").await;
    e.wait_for("li[data-review] button[type=submit]").await.click().await.expect("publish the reply");
    e.wait_until("the reply is shown", "return (document.querySelector('li[data-review] .reply') || {}).innerText?.includes('欢迎常来')").await;
    e.screenshot("owner-reviews").await;

    // The diner sees the answer on the follow-up page, and everybody the reply under the review.
    e.open(&format!("/t/{ticket}#{secret}")).await;
    e.wait_for(".steps").await;
    let text = e.page_text().await;
    assert!(text.contains("谢谢提醒，已经让厨师少放盐了。") && text.contains("已回复"), "{text}");
    e.screenshot("message-answered").await;
    e.open("/u/lc-dcf-0012/reviews").await;
    e.app_ready().await;
    assert!(e.text(".reviews .reply").await.contains("谢谢支持，欢迎常来！"));
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_accepts_and_closes_a_report_and_the_reporter_sees_it() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    let report = json!({
        "category": "no_mask", "description": "切配间师傅没戴口罩，直接用手抓凉菜。", "happened_at": "2026-11-29T11:30",
        "reporter": { "named": { "name": "王女士", "phone": "13912345678" } }, "fill_ms": 9000
    });
    let receipt = e.api_post("/api/units/lc-dcf-0012/reports", "e2e-report", report).await;
    let (ticket, secret) = (receipt["ticket"].as_str().unwrap().to_owned(), receipt["secret"].as_str().unwrap().to_owned());

    e.sign_in("/regulator", "gulou", "mingchu-demo").await;
    // The queue: the report with its countdown to the acceptance decision.
    let row = format!("a.queue-item[href='/regulator/reports/{ticket}']");
    let text = e.text(&row).await;
    assert!(text.contains("未戴口罩") && text.contains("个工作日内决定是否受理"), "{text}");
    e.screenshot("regulator-queue").await;
    e.wait_for(&row).await.click().await.expect("open the report");

    // The report, with the reporter's contact for the regulator's eyes; accepted, then closed.
    e.wait_for("form.status-form").await;
    let text = e.page_text().await;
    assert!(text.contains("王女士") && text.contains("13912345678") && text.contains("直接用手抓凉菜"), "{text}");
    e.screenshot("regulator-report").await;
    e.wait_for("form.status-form input[value=accepted]").await.click().await.expect("choose accepted");
    e.type_into("form.status-form textarea", "已受理，将于三个工作日内现场检查。").await;
    e.wait_for("form.status-form button[type=submit]").await.click().await.expect("save");
    e.wait_for("form.status-form input[value=closed]").await.click().await.expect("choose closed");
    e.wait_for("form.status-form button[type=submit]").await.click().await.expect("save without a note");
    assert!(e.text("form.status-form .field-error").await.contains("必须说明"), "closing needs the outcome");
    e.type_into("form.status-form textarea", "经现场检查情况属实，已责令整改并给予警告。").await;
    e.wait_for("form.status-form button[type=submit]").await.click().await.expect("save");
    e.wait_until("the report is final", "return document.body.innerText.includes('已是最终状态')").await;
    e.screenshot("regulator-report-closed").await;

    // The reporter's follow-up page shows each step and what the regulator wrote.
    e.open(&format!("/t/{ticket}#{secret}")).await;
    e.wait_for(".steps").await;
    let text = e.page_text().await;
    for expected in ["已受理", "已办结", "将于三个工作日内现场检查", "已责令整改并给予警告"] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    e.screenshot("report-closed").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_qr_placard_decodes_to_the_units_address_at_3_cm() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start_with(|c| c.public_url = "https://mingchu.example.cn".into()).await;
    e.sign_in("/owner", "lc-dcf-0012", "DEMO-0012").await;
    e.wait_for(".staff-nav a[href='/owner/placard']").await.click().await.expect("open the placard");
    e.wait_for(".placard .qr svg").await;
    let text = e.text(".placard").await;
    assert!(text.contains("聊城市东昌府区实验小学食堂") && text.contains("JY") && text.contains("优秀"), "{text}");
    e.screenshot("owner-placard").await;
    // Printed: only the sheet, at A5's real width (148 mm).
    e.browser
        .issue_cmd(ChromeCommand("goog/cdp/execute", json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": "print" } })))
        .await
        .expect("print media");
    let printed = "const nav = getComputedStyle(document.querySelector('.staff-nav')).display; \
        const w = document.querySelector('.placard').getBoundingClientRect().width; return [nav, Math.round(w)]";
    assert_eq!(e.browser.execute(printed, vec![]).await.unwrap(), json!(["none", 559]), "148 mm is 559 CSS px");
    e.screenshot("owner-placard-print").await;
    e.browser
        .issue_cmd(ChromeCommand("goog/cdp/execute", json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "media": "" } })))
        .await
        .expect("screen media");
    // Printed 3 cm wide (CSS centimetres: 113 px, at the phone's 2× pixels), read by an independent decoder.
    e.browser.execute("document.querySelector('.placard .qr').style.width = '3cm'; window.scrollTo(0, 0)", vec![]).await.unwrap();
    let png = e.wait_for(".placard .qr").await.screenshot().await.expect("screenshot of the code");
    let file = std::env::temp_dir().join(format!("mingchu-qr-{}.png", std::process::id()));
    std::fs::write(&file, png).expect("write the code's picture");
    let zbar = Command::new("zbarimg").args(["--raw", "-q"]).arg(&file).output().expect("run zbarimg (Debian's zbar-tools)");
    assert_eq!(String::from_utf8_lossy(&zbar.stdout).trim(), "https://mingchu.example.cn/u/lc-dcf-0012", "zbarimg: {zbar:?}");

    // A county prints its stations' units: one sheet each.
    e.wait_for(".staff-nav button").await.click().await.expect("sign out");
    e.sign_in("/regulator/placards", "dongchangfu", "mingchu-demo").await;
    e.wait_for(".placard .qr svg").await;
    let sheets = e.browser.find_all(Locator::Css(".placard")).await.expect("placards");
    assert_eq!(sheets.len(), 3, "the three 东昌府 demo units");
    let wide = "return [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1) \
        .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().width))";
    let wide = e.browser.execute(wide, vec![]).await.unwrap();
    assert_eq!(wide, json!([]), "nothing reaches past the phone's width");
    e.screenshot("regulator-placards").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_county_moderates_reviews_and_the_author_sees_why() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    // This browser is the diner: it posts a review (held: it has a link) and one that is published.
    e.open("/u/lc-dcf-0043").await;
    e.app_ready().await;
    let post = |key: &str, text: &str| {
        format!(
            "return fetch('/api/units/lc-dcf-0043/reviews', {{ method: 'POST', headers: {{ 'content-type': 'application/json', 'idempotency-key': '{key}' }}, \
             body: JSON.stringify({{ text: '{text}', fill_ms: 9000 }}) }}).then(r => r.status)"
        )
    };
    assert_eq!(e.browser.execute(&post("held", "优惠活动见 www.example.cn"), vec![]).await.unwrap(), json!(201));
    assert_eq!(e.browser.execute(&post("shown", "服务员态度很差，还骂人"), vec![]).await.unwrap(), json!(201));

    // The county publishes the held one and hides the other with a reason.
    e.sign_in("/regulator/reviews", "dongchangfu", "mingchu-demo").await;
    let held = e.text(".staff-item").await;
    assert!(held.contains("www.example.cn") && held.contains("含链接"), "{held}");
    e.screenshot("regulator-moderation").await;
    e.wait_for(".staff-item button.button").await.click().await.expect("publish");
    e.wait_until("it says published", "return document.querySelector('.staff-item .saved')?.innerText === '已公开'").await;
    e.wait_for("input[name=state][value=published]").await.click().await.expect("the published tab");
    e.wait_until("the published list", "return document.body.innerText.includes('骂人')").await;
    let item = "li.staff-item:has(.review-text)";
    let hide = e.browser.find_all(Locator::Css(&format!("{item} details summary"))).await.expect("hide forms");
    assert_eq!(hide.len(), 2, "both reviews are now published");
    // The newest first: the rude one.
    hide[0].click().await.expect("open the hide form");
    e.type_into(&format!("{item} details textarea"), "含人身攻击，已核实为不实内容。").await;
    e.wait_for(&format!("{item} details button[type=submit]")).await.click().await.expect("hide");
    e.wait_until("it says hidden", "return [...document.querySelectorAll('.staff-item .saved')].some(s => s.innerText === '已隐藏')").await;

    // The public sees one review; the author also sees the hidden one, marked, with the reason.
    let public = e.api("/api/units/lc-dcf-0043/reviews").await;
    let texts: Vec<&str> = public["items"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["优惠活动见 www.example.cn"]);
    e.open("/u/lc-dcf-0043/reviews").await;
    e.app_ready().await;
    let own = e.text(".review-own").await;
    assert!(own.contains("含人身攻击，已核实为不实内容。") && own.contains("仅你可见"), "{own}");
    e.screenshot("review-hidden-own").await;
    e.stop().await;
}

/// The rows of the desk's table: each row's `data-*` id (`attr`) and its cells' text.
async fn table_rows(e: &E2e, attr: &str) -> Vec<(String, Vec<String>)> {
    let script = format!(
        "return [...document.querySelectorAll('.desk-table tbody tr')].map(r => [r.getAttribute('{attr}'), [...r.cells].map(c => c.innerText.trim())])"
    );
    serde_json::from_value(e.eval(&script).await).expect("rows")
}

/// Asserts that the list and the chosen item are side by side, both on the first screen, and that
/// nothing reaches past the window's width.
async fn assert_side_by_side(e: &E2e) {
    let script = "const l = document.querySelector('.desk-list').getBoundingClientRect(), \
        d = document.querySelector('.desk-detail').getBoundingClientRect(); \
        return [l.right <= d.left, d.right <= innerWidth, l.top < innerHeight && d.top < innerHeight, l.width > 500 && d.width > 350, \
        document.documentElement.scrollWidth <= innerWidth]";
    assert_eq!(e.eval(script).await, json!([true, true, true, true, true]), "list and detail side by side, nothing too wide");
}

/// The phone's page, as before: no table, and nothing wider than the phone.
async fn assert_phone_page(e: &E2e) {
    let script = "return [document.querySelector('.desk, table') === null, document.documentElement.scrollWidth <= innerWidth]";
    assert_eq!(e.eval(script).await, json!([true, true]), "the phone's page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_at_a_desk_work_from_tables_with_the_item_open_beside_them() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start_at_desk().await;
    // Diners' phones (not this browser) report in four units, review three and message one owner twice.
    let reports = [
        ("lc-dcf-0012", "no_mask", "切配间师傅没戴口罩。"),
        ("lc-gt-0004", "pests", "后厨地面有蟑螂爬过。"),
        ("lc-da-0015", "smoking", "厨师在灶台边抽烟。"),
        ("lc-dcf-0043", "expired_food", "冷柜里有过期的酸奶。"),
        ("lc-dcf-0012", "uncovered_bin", "垃圾桶没有盖子。"),
    ];
    for (i, (code, category, text)) in reports.iter().enumerate() {
        let report =
            json!({ "category": category, "description": text, "happened_at": "2026-11-29T11:30", "reporter": "anonymous", "fill_ms": 9000 });
        e.api_post(&format!("/api/units/{code}/reports"), &format!("desk-report-{i}"), report).await;
    }
    let reviews = [
        ("lc-dcf-0043", "优惠活动见 www.example.cn", "satisfied"),
        ("lc-da-0015", "菜量足，味道好，服务员很热情。", "satisfied"),
        ("lc-gt-0004", "送餐晚了半小时，饭菜都凉了。", "unsatisfied"),
    ];
    for (i, (code, text, smiley)) in reviews.iter().enumerate() {
        let review = json!({ "text": text, "smiley": smiley, "fill_ms": 9000 });
        e.api_post(&format!("/api/units/{code}/reviews"), &format!("desk-review-{i}"), review).await;
    }
    for (i, text) in ["今天的红烧肉太咸了，希望少放盐。", "孩子说米饭有点夹生，麻烦看一下蒸饭的时间。"].iter().enumerate()
    {
        let message = json!({ "text": text, "callback_phone": if i == 0 { json!("139 8765 4321") } else { json!(null) }, "fill_ms": 9000 });
        e.api_post("/api/units/lc-dcf-0012/messages", &format!("desk-message-{i}"), message).await;
        // Sent in different seconds (the time's precision), so that the newest is plain.
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }

    // The city's queue: a table, one row per report, overdue first (the decision column sorted).
    e.sign_in("/regulator", "liaocheng", "mingchu-demo").await;
    e.wait_for(".desk-table tbody tr").await;
    let rows = table_rows(&e, "data-ticket").await;
    assert_eq!(rows.len(), reports.len(), "{rows:?}");
    let headers = e.eval("return [...document.querySelectorAll('.desk-table th[scope=col]')].map(th => [th.innerText.replace(/[↑↓↕]/g, '').trim(), th.getAttribute('aria-sort'), !!th.querySelector('button')])").await;
    assert_eq!(
        headers,
        json!([["单位", null, true], ["类别", null, true], ["状态", null, true], ["提交于", null, true], ["受理期限", "ascending", true]]),
        "semantic headers, sort buttons inside"
    );
    assert!(e.text(".desk-table caption").await.contains("共 5 条举报"));
    assert!(rows.iter().all(|(_, cells)| cells[2] == "已提交" && cells[4].contains("个工作日")), "{rows:?}");
    e.screenshot("desk-regulator-queue").await;

    // A header sorts the rows; again, the other way.
    e.wait_for(".desk-table th:nth-child(1) button").await.click().await.expect("sort by unit");
    let units = |rows: Vec<(String, Vec<String>)>| rows.into_iter().map(|(_, cells)| cells[0].clone()).collect::<Vec<_>>();
    let up = units(table_rows(&e, "data-ticket").await);
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "ascending by unit: {up:?}");
    assert_eq!(e.eval("return document.querySelector('.desk-table th:nth-child(1)').getAttribute('aria-sort')").await, json!("ascending"));
    e.wait_for(".desk-table th:nth-child(1) button").await.click().await.expect("sort by unit, the other way");
    let down = units(table_rows(&e, "data-ticket").await);
    assert!(down.windows(2).all(|w| w[0] >= w[1]) && down != up, "descending by unit: {down:?}");
    assert_eq!(e.eval("return document.querySelector('.desk-table th:nth-child(1)').getAttribute('aria-sort')").await, json!("descending"));

    // Choosing a row opens the report beside the list, which stays; the address follows.
    let (ticket, _) = table_rows(&e, "data-ticket").await.remove(1);
    e.wait_for(&format!("tr[data-ticket='{ticket}'] a.row-link")).await.click().await.expect("open a report");
    e.wait_for(".desk-detail form.status-form").await;
    assert_eq!(e.path().await, format!("/regulator/reports/{ticket}"));
    assert!(e.text(".desk-detail").await.contains(&ticket));
    assert_eq!(table_rows(&e, "data-ticket").await.len(), reports.len(), "the list is still there");
    assert_eq!(e.eval("return document.querySelector('a.row-link[aria-current]')?.closest('tr').dataset.ticket").await, json!(ticket));
    assert_side_by_side(&e).await;
    e.screenshot("desk-regulator-report").await;

    // Handled beside the list: the row moves on too.
    e.wait_for(".desk-detail input[value=accepted]").await.click().await.expect("choose accepted");
    e.type_into(".desk-detail textarea", "已受理，将于三个工作日内现场检查。").await;
    e.wait_for(".desk-detail button[type=submit]").await.click().await.expect("save");
    let row = format!(
        "const row = document.querySelector(\"tr[data-ticket='{ticket}']\")?.innerText || ''; \
        return row.includes('已受理') && row.includes('已决定')"
    );
    e.wait_until("the row says accepted", &row).await;

    // Reload and back work: the same report beside the same list, then the list alone.
    e.browser.refresh().await.expect("reload");
    e.wait_for(".desk-detail form.status-form").await;
    assert!(e.text(".desk-detail").await.contains("已受理，将于三个工作日内现场检查。"));
    assert_eq!(table_rows(&e, "data-ticket").await.len(), reports.len());
    e.browser.back().await.expect("back");
    e.wait_for(".desk-detail .desk-note").await;
    assert_eq!(e.path().await, "/regulator");

    // Moderation: the held review in a table, opened beside it and published; the published list sorts.
    e.wait_for(".staff-nav a[href='/regulator/reviews']").await.click().await.expect("open moderation");
    e.wait_for(".desk-table tbody tr").await;
    let held = table_rows(&e, "data-review").await;
    assert_eq!(held.len(), 1, "{held:?}");
    assert!(held[0].1[1].contains("www.example.cn") && held[0].1[4].contains("含链接"), "{held:?}");
    e.wait_for(".desk-table a.row-link").await.click().await.expect("open the review");
    e.wait_for(".desk-detail .staff-item button.button").await;
    assert_eq!(e.path().await, format!("/regulator/reviews/{}", held[0].0));
    assert_side_by_side(&e).await;
    e.screenshot("desk-regulator-moderation").await;
    e.wait_for(".desk-detail .staff-item button.button").await.click().await.expect("publish");
    e.wait_until("the row says published", "return document.querySelector('.desk-table tbody tr')?.innerText.includes('已公开')").await;
    e.wait_for("input[name=state][value=published]").await.click().await.expect("the published tab");
    e.wait_until("the published list", "return document.querySelectorAll('.desk-table tbody tr').length === 3").await;
    assert_eq!(e.browser.current_url().await.expect("url").query(), Some("state=published"));
    e.wait_for(".desk-table th:nth-child(3) button").await.click().await.expect("sort by rating");
    let ratings: Vec<String> = table_rows(&e, "data-review").await.into_iter().map(|(_, cells)| cells[2].clone()).collect();
    assert_eq!(ratings, ["满意", "满意", "不满意"]);
    e.wait_for(".desk-table th:nth-child(3) button").await.click().await.expect("sort by rating, the other way");
    let ratings: Vec<String> = table_rows(&e, "data-review").await.into_iter().map(|(_, cells)| cells[2].clone()).collect();
    assert_eq!(ratings, ["不满意", "满意", "满意"]);
    e.wait_for(".desk-table tbody tr:first-child a.row-link").await.click().await.expect("open a published review");
    e.wait_for(".desk-detail details.hide-form").await;
    assert!(e.path().await.starts_with("/regulator/reviews/"));
    assert_eq!(e.browser.current_url().await.expect("url").query(), Some("state=published"));

    // The same pages on a phone are as they were: cards, and the report a page of its own.
    e.set_viewport(PHONE).await;
    e.wait_for("ul.staff-list li.staff-item").await;
    assert_phone_page(&e).await;
    e.screenshot("phone-regulator-moderation").await;
    e.wait_for(".staff-nav a[href='/regulator']").await.click().await.expect("the queue");
    e.wait_for("a.queue-item").await;
    assert_phone_page(&e).await;
    e.screenshot("phone-regulator-queue").await;

    // The owner's inbox at a desk: a table, sortable, the message answered beside it.
    e.wait_for(".staff-nav button").await.click().await.expect("sign out");
    e.set_viewport(DESK).await;
    e.sign_in("/owner", "lc-dcf-0012", "DEMO-0012").await;
    e.wait_for(".desk-table tbody tr").await;
    let messages = table_rows(&e, "data-ticket").await;
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].1[1].contains("米饭") && messages[1].1[1].contains("红烧肉"), "newest first: {messages:?}");
    assert!(messages[1].1[2].contains("139 8765 4321") && messages.iter().all(|(_, c)| c[0] == "未读"), "{messages:?}");
    e.wait_for(".desk-table th:nth-child(4) button").await.click().await.expect("sort by time");
    let order: Vec<String> = table_rows(&e, "data-ticket").await.into_iter().map(|(t, _)| t).collect();
    assert_eq!(order, [messages[1].0.clone(), messages[0].0.clone()], "oldest first");
    let ticket = messages[1].0.clone();
    e.wait_for(&format!("tr[data-ticket='{ticket}'] a.row-link")).await.click().await.expect("open a message");
    e.wait_for(".desk-detail textarea").await;
    assert_eq!(e.path().await, format!("/owner/messages/{ticket}"));
    assert!(e.text(".desk-detail").await.contains("红烧肉太咸了"));
    assert_side_by_side(&e).await;
    e.type_into(".desk-detail textarea", "谢谢提醒，已经让厨师少放盐了。").await;
    e.wait_for(".desk-detail button[type=submit]").await.click().await.expect("send the answer");
    let row = format!("return document.querySelector(\"tr[data-ticket='{ticket}']\")?.innerText.includes('已回复')");
    e.wait_until("the row says answered", &row).await;
    e.screenshot("desk-owner-inbox").await;

    e.set_viewport(PHONE).await;
    e.wait_for("ul.staff-list li.staff-item").await;
    assert_phone_page(&e).await;
    e.screenshot("phone-owner-inbox").await;
    e.stop().await;
}

/// The kitchen's day as the public API gives it: each record's kind and headline.
/// The minute of the day now, China time.
fn china_minute_now() -> u16 {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs() as i64 + mingchu_types::CHINA_UTC_OFFSET_SECS;
    (secs.rem_euclid(86_400) / 60) as u16
}

/// Waits out the last minutes of China's day: a test that writes today's records and reads them back
/// must not straddle midnight (the records would be yesterday's by the time they are read).
async fn clear_of_midnight() {
    let minute = china_minute_now();
    if minute >= 23 * 60 + 52 {
        tokio::time::sleep(Duration::from_secs(u64::from(24 * 60 - minute) * 60 + 5)).await;
    }
}

async fn kitchen_records(e: &E2e, code: &str) -> Vec<serde_json::Value> {
    e.api(&format!("/api/units/{code}/today")).await["records"].as_array().cloned().unwrap_or_default()
}

/// Clicks an element after bringing it to the middle of the screen, clear of the bars that stick to
/// the top and the bottom, as a thumb would.
async fn tap(e: &E2e, css: &str) {
    let element = e.wait_for(css).await;
    e.eval(&format!("document.querySelector({css:?}).scrollIntoView({{block: 'center'}})")).await;
    element.click().await.unwrap_or_else(|err| panic!("tap {css}: {err}"));
}

/// The CSS selector of the field labelled `label` within `scope`.
async fn labelled(e: &E2e, scope: &str, label: &str) -> String {
    let script = format!("return [...document.querySelectorAll('{scope} label')].find(l => l.innerText.trim() === '{label}').control.id");
    format!("#{}", e.eval(&script).await.as_str().unwrap_or_else(|| panic!("no field {label} in {scope}")))
}

/// The morning checks among them.
fn morning_checks(records: &[serde_json::Value]) -> Vec<serde_json::Value> {
    records.iter().filter(|r| r["kind"] == "morning_check").cloned().collect()
}

/// Text a page must not reach past the phone's width with, even at 200 %.
async fn assert_fits_at_200(e: &E2e, name: &str) {
    let no_sideways = "return document.documentElement.scrollWidth <= window.innerWidth";
    assert_eq!(e.eval(no_sideways).await, true, "{name}: sideways scrolling");
    e.eval("document.documentElement.style.fontSize = '200%'").await;
    assert_eq!(e.eval(no_sideways).await, true, "{name}: sideways scrolling at 200% text");
    e.screenshot(&format!("{name}-text-200")).await;
    e.eval("document.documentElement.style.fontSize = ''").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_records_the_morning_check_offline_and_a_diner_sees_it_once_it_is_sent() {
    let _one = BROWSER_LOCK.lock().await;
    clear_of_midnight().await;
    let e = E2e::start().await;
    // The demo's restaurant without a morning check today.
    assert!(morning_checks(&kitchen_records(&e, "lc-dcf-0043").await).is_empty());
    e.sign_in("/owner/today", "lc-dcf-0043", "DEMO-0043").await;
    e.wait_for("details[data-kind=morning_check][open] .mc-row").await;
    let people = e.browser.find_all(Locator::Css(".mc-row .mc-tap")).await.expect("people");
    assert!(people.len() >= 3, "the roster: {}", people.len());
    e.screenshot("owner-today").await;
    assert_fits_at_200(&e, "owner-today").await;

    // A tunnel: the kitchen's signal is gone. Two people in one tap each, a third with a fever.
    e.set_offline(true).await;
    people[0].click().await.expect("tap the first");
    people[1].click().await.expect("tap the second");
    assert_eq!(e.eval("return document.querySelectorAll('.mc-tap[aria-pressed=true]').length").await, 2);
    let more = e.browser.find_all(Locator::Css(".mc-row .mc-more")).await.expect("exceptions buttons");
    more[2].click().await.expect("exceptions of the third");
    e.type_into(".mc-row:nth-child(3) .mc-exceptions input[inputmode=decimal]", "38.2").await;
    e.wait_until("the third is moved off", "return document.querySelector('.mc-row:nth-child(3) .badge').innerText.includes('调离')").await;
    e.screenshot("owner-morning-exceptions").await;
    let save = e.wait_for(".mc-save").await;
    assert!(save.text().await.unwrap().contains("3 人"));
    save.click().await.expect("save the morning check");
    let waiting = e.text(".k-outbox").await;
    assert!(waiting.contains("晨检") && waiting.contains("等待发送"), "{waiting}");
    e.wait_until("the three are saved", "return document.querySelectorAll('.mc-row.mc-done').length === 3").await;
    assert!(e.text(".mc-row:nth-child(1) .badge").await.contains("待发送"));
    e.screenshot("owner-today-offline").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(morning_checks(&kitchen_records(&e, "lc-dcf-0043").await).is_empty(), "nothing reached the server offline");

    // The network returns: it goes by itself, once.
    e.set_offline(false).await;
    e.wait_until("the outbox is empty", "return document.querySelector('.k-outbox') === null").await;
    e.wait_until(
        "the morning check is done",
        "return document.querySelector('details[data-kind=morning_check] summary .k-state').innerText.includes('已完成')",
    )
    .await;
    e.screenshot("owner-today-sent").await;
    let checks = morning_checks(&kitchen_records(&e, "lc-dcf-0043").await);
    assert_eq!(checks.len(), 1, "{checks:?}");
    assert_eq!(checks[0]["headline"]["morning_check"], json!({ "people": 3, "not_fit": 1 }), "{checks:?}");
    // A reload sends nothing again.
    e.browser.refresh().await.expect("reload");
    e.wait_for("details[data-kind=morning_check] .mc-row.mc-done").await;
    assert_eq!(e.eval("return document.querySelector('.k-outbox') === null").await, true);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(morning_checks(&kitchen_records(&e, "lc-dcf-0043").await).len(), 1, "sent exactly once");

    // A diner's first screen shows it in the 今日后厨 card, apart from the official records.
    e.open("/u/lc-dcf-0043").await;
    e.app_ready().await;
    let card = e.text("section.kitchen").await;
    assert!(card.contains("今日后厨") && card.contains("单位自行记录"), "{card}");
    let morning = e.text("section.kitchen .k-line:first-child").await;
    assert!(morning.contains("晨检") && morning.contains("已完成") && morning.contains("3 人") && morning.contains("1 人不宜上岗"), "{morning}");
    e.eval("document.querySelector('section.kitchen').scrollIntoView({block: 'center'})").await;
    e.screenshot("unit-kitchen-card").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diner_opens_a_day_of_the_kitchens_calendar_and_a_sample_record() {
    let _one = BROWSER_LOCK.lock().await;
    clear_of_midnight().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    tap(&e, "section.kitchen a.row-more").await;
    e.wait_for(".k-calendar").await;
    assert_eq!(e.path().await, "/u/lc-dcf-0012/today");
    let squares = e.browser.find_all(Locator::Css(".k-calendar a.k-square")).await.expect("squares");
    assert_eq!(squares.len(), 30);
    let text = e.page_text().await;
    assert!(text.contains("近 30 天") && text.contains("从业人员") && text.contains("单位自行记录"), "{text}");
    e.screenshot("kitchen-today").await;
    assert_fits_at_200(&e, "kitchen-today").await;

    // The last day it was open (yesterday, or Friday after the school's weekend), from its square: in the
    // app, its square marked as the day shown.
    let last_open = "const s = [...document.querySelectorAll('.k-calendar a.k-square')].slice(0, 29).filter(a => !a.classList.contains('k-closed'));
        return s[s.length - 1].getAttribute('href')";
    let yesterday = e.eval(last_open).await.as_str().expect("an open day").to_owned();
    tap(&e, &format!(".k-calendar a[href='{yesterday}']")).await;
    e.wait_until(
        "yesterday is shown",
        &format!("return location.pathname === '{yesterday}' && !!document.querySelector('.k-square[aria-current][href=\"{yesterday}\"]')"),
    )
    .await;
    assert_eq!(e.eval("return document.getElementById('mc-ssr') === null && !!document.querySelector('main#main .k-records')").await, true);
    e.screenshot("kitchen-day").await;

    // A meal's samples: dishes and grams, who took them (masked), kept until, the version trail.
    e.wait_for("a.k-record[href*='/records/']").await;
    let sample = "return [...document.querySelectorAll('a.k-record')].find(a => a.innerText.includes('留样')).getAttribute('href')";
    let sample = e.eval(sample).await.as_str().expect("a sample record").to_owned();
    tap(&e, &format!("a.k-record[href='{sample}']")).await;
    e.wait_for(".k-versions").await;
    assert_eq!(e.path().await, sample);
    let text = e.page_text().await;
    for part in ["留样", "餐次", "菜单", "留样人", "保存至", "检查发现", "修改记录", "单位自行记录"] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(e.text("dl.fields").await.contains("* · "), "the person is masked");
    e.screenshot("kitchen-record-samples").await;
    assert_fits_at_200(&e, "kitchen-record").await;
    // Back to the day, then the same record painted by the server first, and in English.
    tap(&e, "a.back").await;
    e.wait_for(".k-calendar").await;
    e.open(&format!("{sample}?lang=en")).await;
    e.app_ready().await;
    let text = e.page_text().await;
    assert!(text.contains("Food samples") && text.contains("Versions") && text.contains("Taken by"), "{text}");

    // A unit with a positive rapid test: its day says so, and the record never says "failed". Its latest
    // test is today's once taken, before that the last day's.
    let tested_today =
        e.api("/api/units/lc-yg-0008/today").await["records"].as_array().is_some_and(|records| records.iter().any(|r| r["kind"] == "pesticide_test"));
    let day = if tested_today {
        "today".to_owned()
    } else {
        format!("today/{}", e.api("/api/units/lc-yg-0008/today").await["calendar"][28]["day"].as_str().expect("yesterday"))
    };
    e.open(&format!("/u/lc-yg-0008/{day}?lang=zh")).await;
    e.app_ready().await;
    let test = "return [...document.querySelectorAll('a.k-record')].find(a => a.innerText.includes('农残快检')).getAttribute('href')";
    let test = e.eval(test).await.as_str().expect("a rapid test").to_owned();
    tap(&e, &format!("a.k-record[href='{test}']")).await;
    e.wait_for(".k-findings").await;
    let text = e.page_text().await;
    assert!(text.contains("阳性 · 待复检") && !text.contains("不合格"), "{text}");
    e.screenshot("kitchen-record-positive").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_keeps_samples_purchases_and_the_roster_and_the_regulator_sees_the_region() {
    let _one = BROWSER_LOCK.lock().await;
    clear_of_midnight().await;
    let e = E2e::start().await;
    e.sign_in("/owner/today", "lc-dcf-0012", "DEMO-0012").await;
    tap(&e, "details[data-kind=samples] summary").await;
    // Yesterday's samples of the meal fill the form: edited, then kept with a photo of the sealed samples.
    assert!(e.text("details[data-kind=samples] .button-quiet").await.contains("照上次"));
    tap(&e, "details[data-kind=samples] .button-quiet").await;
    e.wait_until("the dishes are filled in", "return document.querySelectorAll('.k-dish input')[0].value.length > 0").await;
    e.wait_for("details[data-kind=samples] input[type=file]").await.send_keys(&phone_photo().display().to_string()).await.expect("a photo");
    e.wait_for("details[data-kind=samples] .k-photo img").await;
    e.screenshot("owner-samples").await;
    tap(&e, "details[data-kind=samples] > .button").await;
    e.wait_until("it is sent", "return document.querySelector('.k-outbox') === null && document.querySelectorAll('li.k-record').length > 0").await;

    // A purchase copied from yesterday's, with a new batch; the price and the contact stay private.
    tap(&e, "details[data-kind=purchase] summary").await;
    tap(&e, "details[data-kind=purchase] .k-copy button").await;
    e.type_into(&labelled(&e, "details[data-kind=purchase]", "生产日期或批号").await, "2026-11-29 批次 E2E-7").await;
    e.screenshot("owner-purchase").await;
    let before = e.eval("return document.querySelectorAll('li.k-record').length").await.as_u64().unwrap();
    tap(&e, "details[data-kind=purchase] > .button").await;
    e.wait_until(
        "the purchase is sent",
        &format!("return document.querySelector('.k-outbox') === null && document.querySelectorAll('li.k-record').length > {before}"),
    )
    .await;
    for kind in ["disinfection", "pesticide_test", "self_inspection"] {
        tap(&e, &format!("details[data-kind={kind}] summary")).await;
        e.eval(&format!("document.querySelector('details[data-kind={kind}]').scrollIntoView()")).await;
        e.screenshot(&format!("owner-{}", kind.replace('_', "-"))).await;
    }
    e.eval("document.querySelector('li.k-record').scrollIntoView()").await;
    e.screenshot("owner-records").await;

    // The roster: expiring certificates first; a person added.
    tap(&e, ".staff-nav a[href='/owner/staff']").await;
    e.wait_for("li[data-staff]").await;
    e.screenshot("owner-staff").await;
    tap(&e, "main > .button").await;
    e.type_into(&labelled(&e, ".k-staff-form", "姓名").await, "孙悟空").await;
    e.type_into(&labelled(&e, ".k-staff-form", "健康证编号").await, "JK-E2E-0001").await;
    e.eval("const i = document.querySelector('.k-staff-form input[type=date]'); i.value = '2026-11-01'; i.dispatchEvent(new Event('input', { bubbles: true }))").await;
    e.screenshot("owner-staff-add").await;
    tap(&e, ".k-staff-form .button").await;
    e.wait_until("the person is on the roster", "return document.body.innerText.includes('孙悟空') && !!document.querySelector('li[data-staff]')")
        .await;
    e.wait_until("and sent", "return [...document.querySelectorAll('li[data-staff]')].some(li => li.innerText.includes('孙悟空'))").await;
    // The public sees them masked only.
    let day = e.api("/api/units/lc-dcf-0012/today").await.to_string();
    assert!(day.contains("孙*"), "{day}");
    assert!(!day.contains("孙悟空") && !day.contains("JK-E2E-0001"), "{day}");

    // The inbox is the staff app's: the bar's link loads it as a new page, and 今日后厨 this app again.
    tap(&e, ".staff-nav a[href='/owner']").await;
    e.wait_until("the staff app's inbox", "return location.pathname === '/owner' && document.documentElement.innerHTML.includes('/staff/staff-')")
        .await;
    e.wait_for(".staff-nav a[aria-current=page][href='/owner']").await;
    tap(&e, ".staff-nav a[href='/owner/today']").await;
    e.wait_until(
        "the kitchen app's checklist",
        "return document.documentElement.innerHTML.includes('/kitchen/kitchen-') && !!document.querySelector('details[data-kind=morning_check]')",
    )
    .await;

    // The city's regulator: the units that need attention today, most urgent first.
    tap(&e, ".staff-nav button").await;
    e.sign_in("/regulator/today", "liaocheng", "mingchu-demo").await;
    e.wait_for("a.queue-item[data-unit]").await;
    let units: Vec<String> =
        serde_json::from_value(e.eval("return [...document.querySelectorAll('a.queue-item[data-unit]')].map(a => a.dataset.unit)").await).unwrap();
    assert!(units.contains(&"lc-gx-0009".to_owned()), "an expired certificate, all day: {units:?}");
    // The restaurant without a morning check needs attention once it has opened, not before.
    let kind: mingchu_types::UnitKind = serde_json::from_value(e.api("/api/units/lc-dcf-0043").await["unit"]["kind"].clone()).expect("a kind");
    let opens = mingchu_types::kitchen::KitchenRules::national().schedule(kind).expect("a schedule").opens_minute;
    if china_minute_now() >= opens {
        assert!(units.contains(&"lc-dcf-0043".to_owned()), "{units:?}");
        assert!(e.text("a.queue-item[data-unit='lc-dcf-0043']").await.contains("今日未晨检"));
    } else {
        assert!(!units.contains(&"lc-dcf-0043".to_owned()), "the morning check is not due before opening: {units:?}");
    }
    e.screenshot("regulator-today").await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_corrects_a_record_and_a_diner_sees_its_trail() {
    let _one = BROWSER_LOCK.lock().await;
    clear_of_midnight().await;
    let e = E2e::start().await;
    // The demo's restaurant without a morning check today: two people checked in, sent as usual.
    e.sign_in("/owner/today", "lc-dcf-0043", "DEMO-0043").await;
    tap(&e, "details[data-kind=morning_check] .mc-row:nth-child(1) .mc-tap").await;
    tap(&e, "details[data-kind=morning_check] .mc-row:nth-child(2) .mc-tap").await;
    tap(&e, "details[data-kind=morning_check] .mc-save").await;
    let listed = |what: &str| format!("[...document.querySelectorAll('li.k-record')].find(li => li.innerText.includes('{what}'))");
    e.wait_until("the check is sent", &format!("return document.querySelector('.k-outbox') === null && !!{}", listed("晨检"))).await;
    e.eval(&format!("{}.scrollIntoView({{block: 'center'}})", listed("晨检"))).await;
    e.screenshot("owner-records-correct").await;
    let check = e.eval(&format!("return {}.querySelector('.k-correct').dataset.correct", listed("晨检"))).await.as_str().expect("correct").to_owned();

    // Corrected: the same list, the two marked as the record has them; the first had a fever after all.
    tap(&e, &format!("button[data-correct='{check}']")).await;
    let correction = "#k-correct";
    e.wait_for(&format!("{correction}[data-kind=morning_check]")).await;
    assert_eq!(e.eval(&format!("return document.activeElement === document.querySelector('{correction}')")).await, true, "the focus is on it");
    let pressed = format!("return [...document.querySelectorAll('{correction} .mc-tap')].map(b => b.getAttribute('aria-pressed') === 'true')");
    let pressed: Vec<bool> = serde_json::from_value(e.eval(&pressed).await).expect("rows");
    assert!(pressed.len() >= 3 && pressed[..3] == [true, true, false], "{pressed:?}");
    let text = e.text(correction).await;
    assert!(text.contains("更正记录") && text.contains("第 1 版") && text.contains("原来的版本仍然保留") && text.contains("保存更正"), "{text}");
    tap(&e, &format!("{correction} .mc-row:nth-child(1) .mc-more")).await;
    e.type_into(&format!("{correction} .mc-row:nth-child(1) .mc-exceptions input[inputmode=decimal]"), "38.4").await;
    e.wait_until("moved off", &format!("return document.querySelector('{correction} .mc-row:nth-child(1) .badge').innerText.includes('调离')")).await;
    e.screenshot("owner-correct").await;
    assert_fits_at_200(&e, "owner-correct").await;
    tap(&e, &format!("{correction} .mc-save")).await;
    e.wait_until(
        "the correction is sent",
        &format!(
            "return document.querySelector('.k-outbox') === null && document.querySelector('{correction}') === null && {}?.innerText.includes('第 2 版')",
            listed("晨检")
        ),
    )
    .await;
    let page = e.api(&format!("/api/units/lc-dcf-0043/records/{check}")).await;
    assert_eq!(page["versions"].as_array().map(Vec::len), Some(2), "{page}");
    let checks = morning_checks(&kitchen_records(&e, "lc-dcf-0043").await);
    assert_eq!(checks.len(), 1, "one record, its next version: {checks:?}");
    assert_eq!(checks[0]["headline"]["morning_check"], json!({ "people": 2, "not_fit": 1 }), "{checks:?}");

    // A rapid test corrected likewise: its form filled with the record as it stands.
    let form = "details[data-kind=pesticide_test]";
    tap(&e, &format!("{form} summary")).await;
    e.type_into(&labelled(&e, form, "样品").await, "青菜 E2E").await;
    e.type_into(&labelled(&e, form, "抑制率（%）").await, "12").await;
    let by = labelled(&e, form, "操作人").await;
    e.eval(&format!("const s = document.querySelector('{by}'); s.selectedIndex = 1; s.dispatchEvent(new Event('change', {{ bubbles: true }}))"))
        .await;
    tap(&e, &format!("{form} > .button")).await;
    e.wait_until("the test is sent", &format!("return document.querySelector('.k-outbox') === null && !!{}", listed("青菜 E2E"))).await;
    let test =
        e.eval(&format!("return {}.querySelector('.k-correct').dataset.correct", listed("青菜 E2E"))).await.as_str().expect("correct").to_owned();
    tap(&e, &format!("button[data-correct='{test}']")).await;
    e.wait_for(&format!("{correction}[data-kind=pesticide_test]")).await;
    let (sample, percent) = (labelled(&e, correction, "样品").await, labelled(&e, correction, "抑制率（%）").await);
    let values = format!("return [document.querySelector('{sample}').value, document.querySelector('{percent}').value]");
    assert_eq!(e.eval(&values).await, json!(["青菜 E2E", "12"]));
    e.type_into(&percent, "18").await;
    e.screenshot("owner-correct-test").await;
    tap(&e, &format!("{correction} > .button")).await;
    e.wait_until("sent", &format!("return document.querySelector('{correction}') === null && {}?.innerText.includes('第 2 版')", listed("青菜 E2E")))
        .await;

    // The diner's record page: the corrected values, and the trail of both versions.
    e.open(&format!("/u/lc-dcf-0043/records/{test}")).await;
    e.app_ready().await;
    let versions = e.browser.find_all(Locator::Css(".k-versions li")).await.expect("versions");
    assert_eq!(versions.len(), 2);
    let text = e.page_text().await;
    assert!(text.contains("第 1 版") && text.contains("第 2 版") && text.contains("18%") && !text.contains("12%"), "{text}");
    e.eval("document.querySelector('.k-versions').scrollIntoView({block: 'center'})").await;
    e.screenshot("kitchen-record-corrected").await;
    e.open(&format!("/u/lc-dcf-0043/records/{check}")).await;
    e.app_ready().await;
    assert_eq!(e.browser.find_all(Locator::Css(".k-versions li")).await.expect("versions").len(), 2);
    e.stop().await;
}

/// A camera's snapshot: a small real JPEG.
fn snapshot_jpeg() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(320, 180, |x, y| image::Rgb([(x / 2) as u8, (y + 40) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).expect("encode a snapshot");
    out.into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_arrives_the_owner_answers_it_on_a_phone_and_the_public_count_changes() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    let (code, watch) = ("lc-dcf-0012", "/api/units/lc-dcf-0012/watch");
    let before = e.api(watch).await["total"].clone();

    // A camera with its analytics box, connected as `mingchu-server camera add` does; the box sees
    // someone at the stove without a mask.
    let (camera, token) = e.add_camera(code, mingchu_types::KitchenArea::Cooking, 60).await;
    let (status, raised) = e.ingest(&format!("/api/ingest/cameras/{camera}/alerts?category=no_mask&confidence=0.91"), &token, snapshot_jpeg()).await;
    assert_eq!(status, 201, "{raised}");
    let id = raised["id"].as_str().expect("the alert's id").to_owned();
    let raised_counts = e.api(watch).await["total"].clone();
    assert_eq!(raised_counts["alerts"], json!(before["alerts"].as_u64().unwrap() + 1), "{raised_counts}");
    assert_eq!(raised_counts["open"], json!(before["open"].as_u64().unwrap() + 1), "{raised_counts}");

    // The diner's first screen says it is to be checked.
    e.open(&format!("/u/{code}")).await;
    e.app_ready().await;
    let line = e.text("a.watch-line").await;
    assert!(line.contains("智能示警") && line.contains("待核实") && line.contains("温度探头"), "{line}");
    e.eval("document.querySelector('a.watch-line').scrollIntoView({block: 'center'})").await;
    e.screenshot("unit-watch-line").await;

    // The owner, on a phone: the bar counts it, the list has it first with the box's snapshot.
    e.sign_in("/owner/alerts", code, "DEMO-0012").await;
    let counted: u64 = e.text(".staff-nav .nav-count [aria-hidden]").await.parse().expect("a count");
    assert!(counted >= 1, "{counted}");
    assert!(e.text(".staff-nav .nav-count").await.contains("条示警待处理"));
    let card = format!("document.getElementById('al-{id}').closest('li')");
    e.wait_for(&format!("#al-{id}")).await;
    e.wait_until(
        "the snapshot is shown",
        &format!("const i = {card}.querySelector('.alert-snap img'); return !!i && i.complete && i.naturalWidth === 320"),
    )
    .await;
    assert_eq!(
        e.eval(&format!("return document.querySelector('.alert-list > li').contains(document.getElementById('al-{id}'))")).await,
        true,
        "newest waiting first"
    );
    let text = e.eval(&format!("return {card}.innerText")).await;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("待核实") && text.contains("未戴口罩") && text.contains("置信度 91%") && text.contains("还剩"), "{text}");
    e.screenshot("owner-alerts").await;
    assert_fits_at_200(&e, "owner-alerts").await;

    // Real, and put right: without a photo it is refused here, with one it goes.
    e.wait_for(&format!("li:has(#al-{id}) input[value=confirmed]")).await.click().await.expect("choose confirmed");
    let note = "已提醒后厨人员戴好口罩并复查";
    e.type_into(&format!("li:has(#al-{id}) textarea"), note).await;
    e.wait_for(&format!("li:has(#al-{id}) button[type=submit]")).await.click().await.expect("send without a photo");
    e.wait_until("the photo is asked for", &format!("return {card}.innerText.includes('确认整改请附整改照片')")).await;
    e.wait_for(&format!("li:has(#al-{id}) input[type=file]")).await.send_keys(&phone_photo().display().to_string()).await.expect("a photo");
    e.wait_for(&format!("li:has(#al-{id}) .alert-preview img")).await;
    e.screenshot("owner-alert-answer").await;
    e.wait_for(&format!("li:has(#al-{id}) button[type=submit]")).await.click().await.expect("send the answer");
    e.wait_until("the answer is shown", &format!("return !!{card}.querySelector('.alert-answer') && !{card}.querySelector('form')")).await;
    let text = e.eval(&format!("return {card}.innerText")).await;
    let text = text.as_str().unwrap_or_default().to_owned();
    assert!(text.contains("已确认并整改") && text.contains(note), "{text}");
    e.wait_until(
        "the answer's photo is shown",
        &format!("const i = {card}.querySelector('.alert-answer img'); return !!i && i.complete && i.naturalWidth > 0"),
    )
    .await;
    e.wait_until(
        "the bar counts one fewer",
        &format!(
            "const c = document.querySelector('.staff-nav .nav-count [aria-hidden]'); return {} === 0 ? !c : (!!c && c.innerText === '{}')",
            counted - 1,
            counted - 1
        ),
    )
    .await;
    e.screenshot("owner-alert-answered").await;

    // The public: dealt with in time and confirmed, no longer to be checked — and nothing of the
    // answer itself, nor the snapshot.
    let after = e.api(watch).await;
    let total = &after["total"];
    assert_eq!(total["alerts"], raised_counts["alerts"], "{total}");
    assert_eq!(total["in_time"], json!(raised_counts["in_time"].as_u64().unwrap() + 1), "{total}");
    assert_eq!(total["confirmed"], json!(raised_counts["confirmed"].as_u64().unwrap() + 1), "{total}");
    assert_eq!(total["open"], before["open"], "{total}");
    let public = after.to_string();
    assert!(!public.contains(note) && !public.contains(&id) && !public.contains("snapshot"), "{public}");
    let first = e.api(&format!("/api/units/{code}")).await.to_string();
    assert!(!first.contains(note) && !first.contains(&id), "the first screen's answer");

    // The diner's kitchen view, reached from the first screen inside the app: the section of counts
    // and sensors, painted by the server.
    // The owner signs out (the session's cookie is the server's to end); then a diner's browser.
    tap(&e, ".staff-who button").await;
    e.wait_for("form.sign-in").await;
    e.browser.delete_all_cookies().await.expect("a diner's browser");
    e.open(&format!("/u/{code}")).await;
    e.app_ready().await;
    tap(&e, "a.watch-line").await;
    e.wait_for("section#watch table.watch-counts").await;
    let section = e.text("section#watch").await;
    assert!(section.contains("未戴口罩") && section.contains("温度探头") && section.contains("冷藏"), "{section}");
    assert_eq!(e.eval("return document.querySelectorAll('section#watch svg.sensor-chart').length > 0").await, true);
    assert_eq!(e.eval("return document.querySelector('section#watch img') === null").await, true, "no snapshot in public");
    e.eval("document.querySelector('section#watch').scrollIntoView({block: 'start'})").await;
    e.screenshot("unit-watch").await;
    assert_fits_at_200(&e, "unit-watch").await;

    // Loaded as the first page too (the section asked of the server again, into its slot).
    e.browser.refresh().await.expect("reload the kitchen view");
    e.app_ready().await;
    e.wait_for("#watch-slot section#watch .sensor").await;

    // The county sees the region's alerts and overrules one of the demo's false alarms.
    e.sign_in("/regulator/alerts", "dongchangfu", "mingchu-demo").await;
    e.wait_for(".alert-list .alert-card").await;
    e.screenshot("regulator-alerts").await;
    let overrulable = e
        .eval("const f = document.querySelector('.alert-list li form.text-form'); return f ? f.closest('li').querySelector('.alert-h').id : null")
        .await;
    let heading = overrulable.as_str().expect("a false alarm to overrule in the demo").to_owned();
    let item = format!("li:has(#{heading})");
    e.type_into(&format!("{item} textarea"), "复查录像，确有老鼠出没").await;
    e.wait_for(&format!("{item} button[type=submit]")).await.click().await.expect("overrule");
    e.wait_until("it is overruled", &format!("return document.querySelector('{item}').innerText.includes('监管部门认定属实')")).await;
    e.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_publishes_a_menu_and_a_companion_meal_that_a_parent_then_sees() {
    let _one = BROWSER_LOCK.lock().await;
    clear_of_midnight().await;
    let e = E2e::start().await;
    // The demo's primary school canteen, on a phone.
    e.sign_in("/owner/school", "lc-dcf-0012", "DEMO-0012").await;
    e.wait_for("[data-section=menu] .sd-day").await;
    e.screenshot("owner-school").await;
    assert_fits_at_200(&e, "owner-school").await;

    // This week's menu: last week's copied, then a dish of the day shown renamed; the check follows.
    tap(&e, "[data-section=menu] [data-copy]").await;
    e.wait_until(
        "last week's dishes are filled in",
        "return [...document.querySelectorAll('.sd-dish input[name=name]')].some(i => i.value.length > 0)",
    )
    .await;
    let first = "[...document.querySelectorAll('.sd-dish input[name=name]')].find(i => i.value.length > 0)";
    let id = e.eval(&format!("const i = {first}; i.id = 'sd-e2e-dish'; return i.id")).await;
    assert_eq!(id, "sd-e2e-dish");
    e.type_into("#sd-e2e-dish", "番茄炒蛋（E2E）").await;
    assert!(!e.text(".sd-checked").await.is_empty(), "the nutrition check is shown");
    e.screenshot("owner-school-menu").await;
    tap(&e, "[data-save-menu]").await;
    // Kept, then sent: it is what the server has for this week.
    e.wait_until("the menu is kept", "return document.querySelector('[data-section=menu] .field-error').innerText.length > 0").await;
    let mut menu = serde_json::Value::Null;
    for _ in 0..50 {
        menu = e.api("/api/units/lc-dcf-0012/school/menu").await;
        if menu.to_string().contains("番茄炒蛋（E2E）") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(menu.to_string().contains("番茄炒蛋（E2E）"), "{menu}");

    // A school day: a photo of one of today's dishes, shrunk and sent with the moment it was taken.
    let weekday = (e.eval("return new Date(Date.now() + 8 * 3600 * 1000).getUTCDay()").await.as_u64().unwrap_or(0) + 6) % 7;
    if weekday < 5 {
        e.wait_for(".sd-photos input[type=file]").await.send_keys(&phone_photo().display().to_string()).await.expect("a dish photo");
        e.wait_until("the photo is sent and shown", "return !!document.querySelector(\".sd-photos img[src^='/media/']\")").await;
        e.screenshot("owner-school-photo").await;
    }

    // 陪餐 in under a minute: the principal, four scores, a note.
    tap(&e, "form[data-form=companion] label:has(input[name=role][value='0'])").await;
    for q in 0..4 {
        tap(&e, &format!("form[data-form=companion] label:has(input[name=s{q}][value='{}'])", if q == 1 { 4 } else { 5 })).await;
    }
    e.type_into("form[data-form=companion] textarea", "米饭软硬合适，菜是热的").await;
    e.screenshot("owner-school-companion").await;
    tap(&e, "form[data-form=companion] button[type=submit]").await;
    e.wait_until(
        "the 陪餐 is sent and listed",
        "return document.querySelector('.k-outbox') === null && document.querySelector('[data-section=companions]').innerText.includes('米饭软硬合适')",
    )
    .await;

    // A parent: this week's menu with the dish as renamed, and the 陪餐 by role, never a name.
    e.open("/u/lc-dcf-0012/menu").await;
    e.app_ready().await;
    let text = e.page_text().await;
    assert!(text.contains("番茄炒蛋（E2E）"), "{text}");
    e.screenshot("parent-menu").await;
    e.open("/u/lc-dcf-0012/meals").await;
    e.app_ready().await;
    let text = e.page_text().await;
    if weekday < 5 {
        assert!(text.contains("校长") && text.contains("米饭软硬合适"), "{text}");
    }
    e.screenshot("parent-meals").await;
    e.stop().await;
}

/// A parent opens the school's pages from its first screen: the week's menu (and another week), 陪餐,
/// meal fees and the term's survey, each painted by the server and kept by the app (the demo's data).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parents_pages_of_a_school_canteen() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    let row = e.text("nav.parents-row").await;
    assert!(["本周菜谱", "陪餐", "伙食费", "满意度调查"].iter().all(|w| row.contains(w)), "{row}");
    e.eval("document.querySelector('nav.parents-row').scrollIntoView({block: 'center'})").await;
    e.screenshot("parents-row").await;

    // The week's menu: the days, each meal's dishes, the check against the guidance, the suppliers.
    tap(&e, "nav.parents-row a[href$='/menu']").await;
    e.wait_for("nav.day-index").await;
    assert_eq!(e.path().await, "/u/lc-dcf-0012/menu");
    assert_eq!(e.text("h1.page-h").await, "一周菜谱");
    assert_eq!(
        e.eval("return document.getElementById('mc-ssr') === null && !!document.querySelector('main#main .school-day .dishes li')").await,
        true
    );
    let text = e.page_text().await;
    for part in ["学校自行公布", "对照营养指南", "不是医学或营养评估", "这一周的食材供应商", "其他周的菜谱"] {
        assert!(text.contains(part), "{part}: {text}");
    }
    e.screenshot("parents-menu").await;
    assert_fits_at_200(&e, "parents-menu").await;
    e.eval("document.querySelector('#nutrition-h').scrollIntoView({block: 'start'})").await;
    e.screenshot("parents-menu-nutrition").await;
    // Another week: a page load of its own (the week is in the query).
    tap(&e, "ul.weeks a").await;
    e.wait_until(
        "another week is shown",
        "return location.search.startsWith('?week=') && !!document.querySelector('.weeks span[aria-current=page]')",
    )
    .await;
    e.app_ready().await;
    assert_eq!(e.path().await, "/u/lc-dcf-0012/menu");

    // 陪餐: the share of meals with a record, each day's meals by role, or plainly none.
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    tap(&e, "nav.parents-row a[href$='/meals']").await;
    e.wait_for("ul.companions").await;
    assert_eq!(e.text("h1.page-h").await, "陪餐记录");
    let text = e.page_text().await;
    assert!(text.contains("只写角色，不写姓名") && text.contains("餐有陪餐记录"), "{text}");
    e.screenshot("parents-meals").await;
    assert_fits_at_200(&e, "parents-meals").await;

    // Meal fees: the fee, the term's income and spending, the share on food.
    tap(&e, "a.back").await;
    tap(&e, "nav.parents-row a[href$='/fees']").await;
    e.wait_for("section.accounts").await;
    assert_eq!(e.text("h1.page-h").await, "伙食费公示");
    let text = e.page_text().await;
    assert!(text.contains("伙食费") && text.contains("用于食材") && text.contains("元"), "{text}");
    assert_eq!(e.eval("return !!document.querySelector('section.accounts svg.share-bar')").await, true);
    e.screenshot("parents-fees").await;
    assert_fits_at_200(&e, "parents-fees").await;

    // The survey: this term's state, and results (this term's or the last's) with the school's answer.
    tap(&e, "a.back").await;
    tap(&e, "nav.parents-row a[href$='/survey']").await;
    e.wait_for("h1.page-h").await;
    e.wait_until(
        "the survey is shown",
        "return location.pathname.endsWith('/survey') && document.querySelector('h1.page-h').innerText === '家长满意度调查'",
    )
    .await;
    e.screenshot("parents-survey").await;
    assert_fits_at_200(&e, "parents-survey").await;
    if e.eval("return !!document.querySelector('.parents-voice')").await == true {
        assert_eq!(e.eval("return document.querySelectorAll('.parents-voice svg.counts-bar').length").await, 5);
        e.eval("document.querySelector('.parents-voice').scrollIntoView({block: 'start'})").await;
        e.screenshot("parents-survey-results").await;
        e.eval("document.querySelector('.school-answer').scrollIntoView({block: 'center'})").await;
        e.screenshot("parents-survey-answer").await;
    }
    let errors = e.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    e.stop().await;
}
/// The demo's school or kindergarten canteen whose survey of this term is open.
async fn open_survey_unit(e: &E2e) -> String {
    for code in ["lc-dcf-0012", "lc-dcf-0027", "lc-lq-0003", "lc-lq-0016", "lc-gxq-0005", "lc-cp-0019"] {
        if e.api(&format!("/api/units/{code}/school/survey")).await["state"] == "open" {
            return code.to_owned();
        }
    }
    panic!("the demo has no open survey");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_answers_the_term_survey_with_the_network_cut_once() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    let code = open_survey_unit(&e).await;
    // The results page (painted) leads to the answer form (the taking-part app).
    e.open(&format!("/u/{code}/survey")).await;
    e.app_ready().await;
    tap(&e, "a[href$='/write/survey']").await;
    e.wait_for("fieldset.score-q").await;
    assert_eq!(e.path().await, format!("/u/{code}/write/survey"));
    let legends = e.browser.find_all(Locator::Css("fieldset.score-q legend")).await.expect("questions");
    let mut asked = Vec::new();
    for legend in legends {
        asked.push(legend.text().await.expect("legend"));
    }
    assert_eq!(asked, ["口味", "分量", "花样", "卫生", "价格"]);
    let form = e.text(".write-form").await;
    assert!(form.contains("不满意") && form.contains("很满意") && form.contains("请勿写学生姓名"), "{form}");

    // Every question must be scored: said beside the scores, nothing sent.
    tap(&e, ".write-form button[type=submit]").await;
    assert!(e.text(".field-error").await.contains("请为每一项打分"));
    // Large targets: a tap on a score's box chooses it.
    for (q, score) in [5, 4, 3, 5, 4].into_iter().enumerate() {
        tap(&e, &format!("fieldset.score-q:nth-of-type({}) .scale label:nth-child({score})", q + 1)).await;
    }
    let height = e.eval("return document.querySelector('.scale label').getBoundingClientRect().height").await.as_f64().unwrap_or(0.0);
    assert!(height >= 44.0, "a score's box is {height}px high");
    e.type_into("textarea#text", "希望多一些蔬菜品种").await;
    e.wait_until("the error follows the correction", "return !document.querySelector('.field-error')").await;
    e.screenshot("parent-survey").await;
    think().await;

    // Sent in a tunnel: kept on the phone, waiting.
    e.set_offline(true).await;
    tap(&e, ".write-form button[type=submit]").await;
    let waiting = e.text(".waiting").await;
    assert!(waiting.contains("等待发送"), "{waiting}");
    let kept = "const done = arguments[0]; const open = indexedDB.open('mingchu', 1);
        open.onsuccess = () => { const all = open.result.transaction('outbox').objectStore('outbox').getAll();
            all.onsuccess = () => done(all.result.filter(d => d.kind === 'survey' && d.queued).map(d => [d.scores, d.text])); };
        open.onerror = () => done(String(open.error));";
    assert_eq!(e.browser.execute_async(kept, vec![]).await.expect("the outbox"), json!([["54354", "希望多一些蔬菜品种"]]));
    e.screenshot("parent-survey-kept").await;

    // The network returns: it goes by itself.
    e.set_offline(false).await;
    let receipt = e.text(".receipt-h").await;
    assert!(receipt.contains("已提交"), "{receipt}");
    assert!(e.wait_for(".receipt a[href$='/survey']").await.is_displayed().await.unwrap());
    e.screenshot("parent-survey-sent").await;

    // Coming back says it is answered, with the way to the results.
    e.open(&format!("/u/{code}/write/survey")).await;
    e.app_ready().await;
    let shut = e.text(".survey-shut").await;
    assert!(shut.contains("已经答过"), "{shut}");
    assert!(e.browser.find(Locator::Css("fieldset.score-q")).await.is_err(), "the form is offered again");

    // A second answer from the same phone is refused: by the server, and in the app as answered before.
    let second = "const [code, done] = arguments; fetch(`/api/units/${code}/school/survey/answers`, { method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'e2e-second-answer' },
        body: JSON.stringify({ client_id: 'e2e-second-answer', scores: [1, 1, 1, 1, 1], text: '' }) }).then(r => done(r.status), e => done(String(e)));";
    assert_eq!(e.browser.execute_async(second, vec![json!(code)]).await.expect("a second answer"), json!(409));
    let draft = json!({
        "key": "e2e-second-draft", "unit": code, "unit_name": "", "kind": "survey", "text": "", "smiley": null, "category": "other",
        "happened_at": "", "named": false, "name": "", "phone": "", "website": "", "scores": "12345", "photos": [], "photo_ids": [],
        "opened_at": 0, "fill_ms": 30000, "queued": true
    });
    let put = "const [draft, done] = arguments; const open = indexedDB.open('mingchu', 1);
        open.onsuccess = () => { const tx = open.result.transaction('outbox', 'readwrite'); tx.objectStore('outbox').put(draft);
            tx.oncomplete = () => done(true); tx.onerror = () => done(String(tx.error)); };
        open.onerror = () => done(String(open.error));";
    assert_eq!(e.browser.execute_async(put, vec![draft]).await.expect("store a draft"), json!(true));
    e.open("/mine").await;
    e.app_ready().await;
    e.wait_until("the second is listed as answered before", "return document.querySelector('ul.mine').innerText.includes('已答过')").await;
    let mine = e.text("ul.mine").await;
    assert!(mine.contains("已提交") && mine.contains("家长满意度调查"), "{mine}");
    assert_eq!(e.browser.execute_async(kept, vec![]).await.expect("the outbox"), json!([]), "nothing left waiting");
    e.stop().await;
}

/// The city's list of school canteens behind on what parents are owed: the demo's school without this
/// week's menu and the one whose survey closed unanswered are listed, each linking to its parents' pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_regulator_sees_the_school_canteens_behind_on_parents_pages() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.sign_in("/regulator/school", "liaocheng", "mingchu-demo").await;
    e.wait_for("ul.staff-list li[data-unit]").await;
    let listed = e.eval("return [...document.querySelectorAll('li[data-unit]')].map(li => li.dataset.unit)").await;
    let listed: Vec<String> = serde_json::from_value(listed).unwrap_or_default();
    for code in ["lc-gxq-0005", "lc-lq-0003"] {
        assert!(listed.iter().any(|c| c == code), "{code} in {listed:?}");
    }
    let card = e.text("li[data-unit='lc-gxq-0005']").await;
    assert!(card.contains("本周菜谱未公开"), "{card}");
    e.screenshot("regulator-school").await;
    assert_fits_at_200(&e, "regulator-school").await;
    // A card's link opens the unit's parents' page in the visitors' app.
    tap(&e, "li[data-unit='lc-gxq-0005'] a[href$='/menu']").await;
    e.wait_for("h1.page-h").await;
    assert_eq!(e.path().await, "/u/lc-gxq-0005/menu");
    e.stop().await;
}

/// Runs a DevTools command in the page's browser.
async fn cdp(e: &E2e, cmd: &str, params: serde_json::Value) {
    e.browser
        .issue_cmd(ChromeCommand("goog/cdp/execute", json!({ "cmd": cmd, "params": params })))
        .await
        .unwrap_or_else(|err| panic!("{cmd}: {err}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_at_a_school_s_door_finds_it_first_near_me_and_a_refusal_leads_to_the_districts() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    // The phone stands at the demo school's door: its GPS gives WGS-84, which the server moves into
    // the map's datum (the unit's own position, GCJ-02).
    let door = e.api("/api/units/lc-dcf-0012").await["unit"]["location"].clone();
    let door = mingchu_types::Location { lat: door["lat"].as_f64().unwrap(), lng: door["lng"].as_f64().unwrap() };
    let shift = mingchu_types::near::wgs84_to_gcj02(door);
    let (lat, lng) = (2.0 * door.lat - shift.lat, 2.0 * door.lng - shift.lng);
    cdp(&e, "Browser.grantPermissions", json!({ "origin": e.base, "permissions": ["geolocation"] })).await;
    cdp(&e, "Emulation.setGeolocationOverride", json!({ "latitude": lat, "longitude": lng, "accuracy": 20 })).await;
    e.open("/").await;
    e.app_ready().await;
    tap(&e, "a[href='/near']").await;
    e.wait_for("#near-locate").await;
    assert_eq!(e.path().await, "/near");
    e.screenshot("near-ask").await;
    assert!(e.wait_for("#near-locate").await.is_displayed().await.unwrap(), "the app shows the button");
    tap(&e, "#near-locate").await;
    e.wait_for("ol.near-list a.result").await;
    let url = e.browser.current_url().await.unwrap();
    let query = url.query().unwrap_or_default().to_owned();
    // The position left the phone rounded to three decimals (about 100 m), as WGS-84.
    assert!(
        query.contains("datum=wgs84")
            && query.split('&').filter(|p| p.starts_with("lat=") || p.starts_with("lng=")).all(|p| p.split('.').nth(1).is_some_and(|d| d.len() <= 3)),
        "{query}"
    );
    let first = e.text("ol.near-list li:first-child .result-name").await;
    assert!(first.contains("实验小学食堂"), "{first}");
    let first_meta = e.text("ol.near-list li:first-child a.result").await;
    assert!(first_meta.contains("距离") && first_meta.contains(" m"), "{first_meta}");
    e.screenshot("near-me").await;
    e.eval("document.querySelector('figure.near-map').scrollIntoView({block: 'start'})").await;
    e.screenshot("near-me-map").await;
    assert_fits_at_200(&e, "near-me").await;
    // A dot of the map is a link to its unit; the list's first row opens the unit.
    assert_eq!(
        e.eval(
            "return document.querySelectorAll('figure.near-map a[href^=\"/u/\"]').length === Math.min(8, document.querySelectorAll('ol.near-list > li').length)"
        )
        .await,
        true
    );
    tap(&e, "ol.near-list li:first-child a.result").await;
    e.wait_for(".grade-card").await;
    assert_eq!(e.path().await, "/u/lc-dcf-0012");

    // A phone that refuses: the page says so, and the district choice leads on.
    cdp(&e, "Browser.setPermission", json!({ "origin": e.base, "permission": { "name": "geolocation" }, "setting": "denied" })).await;
    e.open("/near").await;
    e.app_ready().await;
    tap(&e, "#near-locate").await;
    e.wait_until("the page says the position is not available", "return document.getElementById('near-status').innerText.includes('无法取得位置')")
        .await;
    e.screenshot("near-refused").await;
    e.eval("const s = document.querySelector('select[name=region]'); s.value = '371502'; s.form.submit()").await;
    e.wait_for("ol.near-list a.result").await;
    assert!(e.text("#near-h").await.starts_with("东昌府区"));
    e.screenshot("near-district").await;
    e.stop().await;
}

#[tokio::test]
async fn a_parent_reads_how_the_district_is_doing_from_the_school_s_page() {
    let _one = BROWSER_LOCK.lock().await;
    let e = E2e::start().await;
    e.open("/u/lc-dcf-0012").await;
    e.app_ready().await;
    tap(&e, "a.row-more[href='/r/371502']").await;
    e.wait_for("svg.fig-bars").await;
    assert_eq!(e.path().await, "/r/371502");
    assert!(e.text("h1").await.contains("东昌府区"));
    e.screenshot("district").await;
    e.eval("document.getElementById('work-h').scrollIntoView({block: 'start'})").await;
    e.screenshot("district-work").await;
    // Each figure within the screen at 200 % text too (the page's overflow would hide a card's edge).
    let figures_fit =
        "return [...document.querySelectorAll('.fig, .district-units')].every(f => f.getBoundingClientRect().right <= window.innerWidth + 1)";
    assert_eq!(e.eval(figures_fit).await, true, "the figures fit");
    e.eval("document.documentElement.style.fontSize = '200%'").await;
    assert_eq!(e.eval(figures_fit).await, true, "the figures fit at 200 % text");
    e.eval("document.documentElement.style.fontSize = ''").await;
    assert_fits_at_200(&e, "district").await;
    // Down to a station, then up to the city: the app moves between the painted pages.
    tap(&e, "a.result[href='/r/371502-02']").await;
    e.wait_until("the station's page", "return location.pathname === '/r/371502-02' && document.querySelector('h1').innerText.includes('新区')")
        .await;
    tap(&e, "a[href='/r/371502']").await;
    e.wait_until("the county's page again", "return location.pathname === '/r/371502' && !!document.querySelector('svg.fig-bars')").await;
    tap(&e, "a[href='/r/3715']").await;
    e.wait_until("the city's page", "return location.pathname === '/r/3715' && document.querySelectorAll('.district-parts a.result').length === 10")
        .await;
    e.screenshot("district-city").await;
    e.stop().await;
}
