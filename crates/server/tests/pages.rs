//! The app's pages as the server sends them: data inlined, a readable summary painted, right statuses,
//! hashed assets cached and precompressed.

mod common;

use common::TestServer;
use mingchu_server::store::{DynamicGradeData, GradeData, UnitData};
use mingchu_types::{NotGradedReason, Unit, UnitKind, UnitPage};

/// The JSON inlined into a page for the app.
fn inlined_unit(html: &str) -> UnitPage {
    let tag = html.find(r#"<script type="application/json" id="mc-unit" data-key=""#).expect("inlined data");
    let start = tag + html[tag..].find('>').expect("tag end") + 1;
    let end = start + html[start..].find("</script>").expect("script end");
    serde_json::from_str(&html[start..end]).expect("inlined JSON")
}

#[tokio::test]
async fn unit_page_inlines_its_data_and_a_readable_summary() {
    let s = TestServer::start().await;
    let html = s.html("/u/lc-dcf-0012", 200).await;
    let api: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0012", 200).await).unwrap();
    assert_eq!(inlined_unit(&html), api);
    // Readable before any script runs: name, grade, licence status and latest inspection.
    assert!(html.contains("聊城市东昌府区实验小学食堂"));
    assert!(html.contains(r#"class="grade-word">优秀<"#), "grade word missing");
    assert!(html.contains("监管部门公示"));
    assert!(html.contains(r#"class="badge tone-good">有效<"#), "licence status missing");
    assert!(html.contains("最近一次监督检查"));
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    // Link previews.
    assert!(html.contains(r#"<meta property="og:title" content="聊城市东昌府区实验小学食堂 · 明厨亮灶">"#));
    assert!(html.contains(r#"<meta property="og:description" content="食品安全量化等级：优秀"#));
}

#[tokio::test]
async fn unknown_unit_page_is_a_kind_404_with_search() {
    let s = TestServer::start().await;
    let html = s.html("/u/lc-nope-0000", 404).await;
    assert!(html.contains("没有找到这个单位"));
    assert!(html.contains(r#"<form class="search""#));
    assert!(!html.contains("mc-unit"));
    s.html("/u/lc-dcf-0012/nonsense", 404).await;
    s.html("/u/lc-dcf-0012/inspections/999999", 404).await;
    s.html("/some/other/path", 404).await;
}

#[tokio::test]
async fn another_units_inspection_is_a_missing_inspection_not_a_missing_unit() {
    let s = TestServer::start().await;
    let list: mingchu_types::InspectionList = serde_json::from_value(s.json("/api/units/lc-sx-0021/inspections", 200).await).unwrap();
    let theirs = list.items[0].id;
    for id in [theirs.to_string(), "999999".into(), "abc".into()] {
        let html = s.html(&format!("/u/lc-dcf-0012/inspections/{id}"), 404).await;
        assert!(html.contains("没有找到这份检查记录") && !html.contains("没有找到这个单位"), "{id}: {html}");
        assert!(html.contains("聊城市东昌府区实验小学食堂"), "names the unit");
        assert!(html.contains(r#"href="/u/lc-dcf-0012/inspections""#), "leads to the unit's history");
        assert!(!html.contains("mc-sheet"), "no sheet inlined");
        assert_eq!(inlined_unit(&html).unit.code, "lc-dcf-0012", "the unit inlined, for the app to say the same");
    }
    let en = s.html(&format!("/u/lc-dcf-0012/inspections/{theirs}?lang=en"), 404).await;
    assert!(en.contains("Inspection record not found") && en.contains(r#"href="/u/lc-dcf-0012/inspections""#));
    // The API keeps its 404 `not_found`; an unknown unit is still an unknown unit.
    common::assert_error(&s.json(&format!("/api/units/lc-dcf-0012/inspections/{theirs}"), 404).await, "not_found");
    assert!(s.html(&format!("/u/lc-nope-0000/inspections/{theirs}"), 404).await.contains("没有找到这个单位"));
}

#[tokio::test]
async fn sub_pages_exist_for_known_units() {
    let s = TestServer::start().await;
    let licence = s.html("/u/lc-dcf-0012/licence", 200).await;
    assert!(licence.contains("统一社会信用代码") && licence.contains("校验位正确"));
    // The history and a record sheet are painted by the server too; the history's data is inlined, the
    // sheet is read by the app as painted.
    let history = s.html("/u/lc-dcf-0012/inspections", 200).await;
    let list: mingchu_types::InspectionList = serde_json::from_value(s.json("/api/units/lc-dcf-0012/inspections", 200).await).unwrap();
    assert!(history.contains(r#"id="mc-inspections" data-key="lc-dcf-0012""#));
    assert_eq!(history.matches(r#"class="inspection-item""#).count(), list.items.len());
    let id = list.items[0].id;
    let sheet = s.html(&format!("/u/lc-dcf-0012/inspections/{id}"), 200).await;
    assert!(!sheet.contains("mc-sheet") && sheet.contains(r#"id="mc-unit" data-key="lc-dcf-0012""#));
    assert!(sheet.contains("监督检查结果记录表") && sheet.contains("本年度第"));
    let warned = s.html("/u/lc-cp-0019/licence", 200).await;
    assert!(warned.contains("校验位不符"), "credit-code warning missing");
}

#[tokio::test]
async fn the_language_is_in_the_address_and_the_cookie_only_leads_there() {
    let s = TestServer::start().await;
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let get = |path: &str, cookie: Option<&str>| {
        let mut request = no_redirects.get(s.url(path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    // An English page has its own address (old `?lang=en` links are it), shared by every reader: no
    // cookie set, nothing varies on one.
    let response = get("/u/lc-dcf-0012?lang=en", None).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(response.headers()["cache-control"], mingchu_types::PUBLIC_CACHE_CONTROL);
    assert_eq!(response.headers()["vary"], "Accept-Encoding");
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Published by the regulator") && html.contains(">Excellent<"));

    // The cookie leads a page asked without `?lang=` to its English address, keeping the rest of the query.
    let led = get("/u/lc-dcf-0012", Some("mc_lang=en")).await.unwrap();
    assert_eq!(led.status().as_u16(), 302);
    assert_eq!(led.headers()["location"], "/u/lc-dcf-0012?lang=en");
    assert_eq!(led.headers()["cache-control"], "private, no-store");
    let led = get("/?q=%E9%A3%9F%E5%A0%82", Some("mc_lang=en")).await.unwrap();
    assert_eq!(led.headers()["location"], "/?q=%E9%A3%9F%E5%A0%82&lang=en");
    let remembered = s.client.get(s.url("/u/lc-dcf-0012")).header("cookie", "mc_lang=en").send().await.unwrap().text().await.unwrap();
    assert!(remembered.contains("Food business licence"), "followed");
    for cookie in ["mc_lang=zh", "mc_lang=xx"] {
        let chinese = get("/u/lc-dcf-0012", Some(cookie)).await.unwrap();
        assert_eq!(chinese.status().as_u16(), 200, "{cookie}");
        assert!(chinese.text().await.unwrap().contains("食品经营许可证"));
    }

    // A link to the other language than the cookie's (the no-script switch) switches and remembers it.
    let switched = get("/u/lc-dcf-0012?lang=en", Some("mc_lang=zh")).await.unwrap();
    assert!(switched.headers()["set-cookie"].to_str().unwrap().starts_with("mc_lang=en;"));
    assert_eq!(switched.headers()["cache-control"], "private, no-cache", "an answer with a cookie is this browser's");
    assert!(switched.text().await.unwrap().contains("Food business licence"));
    let back = get("/u/lc-dcf-0012?lang=zh", Some("mc_lang=en")).await.unwrap();
    assert!(back.headers()["set-cookie"].to_str().unwrap().starts_with("mc_lang=zh;"));
    assert!(back.text().await.unwrap().contains("食品经营许可证"));
}

#[tokio::test]
async fn home_explains_the_site_and_searches_without_the_app() {
    let s = TestServer::start().await;
    let home = s.html("/", 200).await;
    assert!(home.contains("扫描餐饮单位门口的二维码"));
    let results = s.html("/?q=%E5%B9%BC", 200).await; // 幼
    assert!(results.contains(r#"href="/u/"#) && results.contains("幼"));
    let none = s.html("/?q=%E6%B2%A1%E6%9C%89", 200).await; // 没有
    assert!(none.contains("没有找到匹配的单位"));
    let too_long = s.html(&format!("/?q={}", "x".repeat(51)), 200).await;
    assert!(too_long.contains("关键词太长了"));
}

#[tokio::test]
async fn hostile_unit_data_cannot_break_out_of_the_page() {
    let s = TestServer::start().await;
    let evil = r#"</script><script>alert(1)</script><img src=x onerror=alert(2)>"#;
    s.store
        .put_unit(&UnitData {
            unit: Unit {
                code: "lc-evil-0001".into(),
                name: evil.into(),
                kind: UnitKind::LargeRestaurant,
                address: evil.into(),
                phone: None,
                location: None,
            },
            contact: None,
            region: String::new(),
            licence: None,
            grade: GradeData {
                scheme: "national-smiley".into(),
                dynamic: DynamicGradeData::NotGraded { reason: NotGradedReason::NotInspected, until: None },
                annual: None,
            },
            inspections: vec![],
        })
        .await
        .unwrap();
    let html = s.html("/u/lc-evil-0001", 200).await;
    assert!(!html.contains("<script>alert"), "script injected");
    assert!(!html.contains("<img src=x"), "markup injected");
    assert_eq!(inlined_unit(&html).unit.name, evil, "the data survives intact");
}

#[tokio::test]
async fn built_assets_are_precompressed_and_cached_by_hash() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    std::fs::write(d.join("index.html"), r#"<!doctype html><html lang="zh-CN"><head><title>明厨亮灶</title></head><body><script type="module" src="/mingchu-0123456789abcdef.js"></script></body></html>"#).unwrap();
    std::fs::write(d.join("mingchu-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(d.join("mingchu-0123456789abcdef.js.br"), b"BROTLI-BYTES").unwrap();
    std::fs::write(d.join("favicon.svg"), "<svg/>").unwrap();
    let s = TestServer::start_with_dist(Some(d)).await;

    let br = s.client.get(s.url("/mingchu-0123456789abcdef.js")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI-BYTES");

    let plain = s.client.get(s.url("/mingchu-0123456789abcdef.js")).header("accept-encoding", "identity").send().await.unwrap();
    assert_eq!(plain.text().await.unwrap(), "console.log('plain')");

    let icon = s.get("/favicon.svg").await;
    assert!(!icon.headers()["cache-control"].to_str().unwrap().contains("immutable"));

    // The page comes from the built index.html, with the summary before the app's script.
    let html = s.html("/u/lc-dcf-0012", 200).await;
    let summary = html.find("mc-ssr").unwrap();
    assert!(summary < html.find("/mingchu-0123456789abcdef.js").unwrap());
    assert!(html.contains("<title>聊城市东昌府区实验小学食堂 · 明厨亮灶</title>"));
}

/// The JSON inlined under `what`'s id and key, if the page has it.
fn inlined_json(html: &str, what: &mingchu_types::Inlined) -> Option<serde_json::Value> {
    let tag = html.find(&format!(r#"<script type="application/json" id="{}" data-key="{}">"#, what.id(), what.key()))?;
    let start = tag + html[tag..].find('>')? + 1;
    let end = start + html[start..].find("</script>")?;
    serde_json::from_str(&html[start..end].replace("\\u003c", "<")).ok()
}

/// The one list of pages: every route the apps know is painted by the server (200, or 404 for the
/// not-found page) with exactly the data the list says it inlines, the same as its API path answers.
#[tokio::test]
async fn every_page_of_the_list_is_painted_with_its_data_inlined() {
    use mingchu_types::Route;
    let s = TestServer::start().await;
    let sheet = s.json("/api/units/lc-dcf-0012/inspections", 200).await["items"][0]["id"].to_string();
    // A kitchen record of the unit's, for the record's page: Friday's, as the school does not cook on the
    // test clock's Sunday.
    let friday = s.today.add_days(-2);
    let record = s.json(&format!("/api/units/lc-dcf-0012/today?day={friday}"), 200).await["records"][0]["id"].as_str().unwrap().to_owned();
    let mut every: Vec<Route> = Route::every("lc-dcf-0012", &sheet)
        .into_iter()
        .map(|route| match route {
            Route::Record(code, _) => Route::Record(code, record.clone()),
            other => other,
        })
        .collect();
    every.push(Route::Today("lc-dcf-0012".into(), Some(s.today.add_days(-3))));
    every.push(Route::Regulator);
    for route in every {
        let path = route.path();
        assert_eq!(Route::parse(&path), route, "{path} parses back");
        let status = if route == Route::NotFound { 404 } else { 200 };
        let html = s.html(&path, status).await;
        let wanted = route.inlined();
        for what in &wanted {
            let inlined = inlined_json(&html, what).unwrap_or_else(|| panic!("{path} has no {} for {}", what.id(), what.key()));
            let api = s.json(&what.api_path(), 200).await;
            assert_eq!(inlined, api, "{path}: {} differs from {}", what.id(), what.api_path());
        }
        // Nothing inlined that the list does not name.
        let scripts = html.matches(r#"<script type="application/json""#).count();
        assert_eq!(scripts, wanted.len(), "{path} inlines {scripts} scripts, the list names {wanted:?}");
    }
    // A unit or inspection that does not exist is the not-found page, whatever the route.
    for missing in [Route::Unit("lc-nope-0000".into()), Route::Sheet("lc-dcf-0012".into(), "999999".into()), Route::Live("lc-nope-0000".into())] {
        s.html(&missing.path(), 404).await;
    }
}

#[tokio::test]
async fn names_too_long_for_the_file_system_are_unknown_files() {
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    std::fs::write(d.join("index.html"), "<!doctype html><html><head><title>明厨亮灶</title></head><body></body></html>").unwrap();
    for app in ["act", "staff", "kitchen"] {
        std::fs::create_dir(d.join(app)).unwrap();
        std::fs::write(d.join(app).join("index.html"), "<!doctype html><html><head><title>明厨亮灶</title></head><body></body></html>").unwrap();
    }
    let s = TestServer::start_with_dist(Some(d)).await;

    // Linux refuses a name over 255 bytes and a path over 4096 ("File name too long").
    let long = "a".repeat(256);
    let deep = "/a".repeat(2100);
    for prefix in ["", "/act", "/staff", "/kitchen"] {
        for path in [format!("{prefix}/{long}"), format!("{prefix}/{long}/app.js"), format!("{prefix}/{long}.js"), format!("{prefix}{deep}")] {
            let html = s.html(&path, 404).await;
            assert!(html.contains("明厨亮灶"), "{path}: the app's not-found page");
        }
    }
    for path in [format!("/media/{long}"), format!("/media/{long}.jpg"), format!("/media{deep}")] {
        assert_eq!(s.get(&path).await.status(), 404, "{path}");
    }
    // A name just within the limit is an ordinary unknown file.
    assert_eq!(s.get(&format!("/media/{}", "a".repeat(255))).await.status(), 404);
}

/// Each page is served in its own app's shell: the kitchen's pages in the kitchen app, the rest of the
/// owner's and the regulator's in the staff app, none in another's.
#[tokio::test]
async fn every_page_is_served_in_its_apps_shell() {
    use mingchu_types::{AppKind, KitchenPage, Route};
    let dist = tempfile::tempdir().unwrap();
    let d = dist.path();
    let shell = |app: &str| {
        format!(r#"<!doctype html><html lang="zh-CN"><head><title>明厨亮灶</title></head><body><script src="/{app}.js"></script></body></html>"#)
    };
    std::fs::write(d.join("index.html"), shell("look")).unwrap();
    for app in ["act", "staff", "kitchen"] {
        std::fs::create_dir(d.join(app)).unwrap();
        std::fs::write(d.join(app).join("index.html"), shell(app)).unwrap();
    }
    let s = TestServer::start_with_dist(Some(d)).await;
    let sheet = s.json("/api/units/lc-dcf-0012/inspections", 200).await["items"][0]["id"].to_string();
    // The test clock's day is a Sunday, when the school canteen is closed: a record of Friday's.
    let friday = s.today.add_days(-2);
    let record = s.json(&format!("/api/units/lc-dcf-0012/today?day={friday}"), 200).await["records"][0]["id"].as_str().unwrap().to_owned();
    let mut every = Route::every("lc-dcf-0012", &sheet);
    every.extend(["/owner/messages/JB1", "/owner/today/", "/regulator/reviews/3"].map(Route::parse));
    for route in every {
        let route = match route {
            Route::Record(code, _) => Route::Record(code, record.clone()),
            other => other,
        };
        let path = route.path();
        let app = match route.app() {
            AppKind::Look => "look",
            AppKind::Act => "act",
            AppKind::Staff => "staff",
            AppKind::Kitchen => "kitchen",
        };
        let html = s.html(&path, if route == Route::NotFound { 404 } else { 200 }).await;
        let scripts: Vec<&str> = ["look", "act", "staff", "kitchen"].into_iter().filter(|a| html.contains(&format!(r#"src="/{a}.js""#))).collect();
        assert_eq!(scripts, [app], "{path}");
    }
    for (path, page) in
        [("/owner/today", KitchenPage::OwnerToday), ("/owner/staff", KitchenPage::OwnerStaff), ("/regulator/today", KitchenPage::RegulatorToday)]
    {
        assert_eq!(Route::parse(path), Route::Kitchen(page));
        let staff = s.get(path).await;
        assert_eq!(staff.headers()["cache-control"], "no-store", "{path}");
        assert_eq!(staff.headers()["x-robots-tag"], "noindex", "{path}");
    }
}

/// Parents' pages: painted for a school or kindergarten canteen (the first screen links to them), the
/// not-found page for another unit; a week that is not a day is this week.
#[tokio::test]
async fn parents_pages_are_a_school_canteens_alone() {
    let s = TestServer::start().await;
    let first = s.html("/u/lc-dcf-0027", 200).await;
    for (slug, title) in [("menu", "一周菜谱"), ("meals", "陪餐记录"), ("fees", "伙食费公示"), ("survey", "家长满意度调查")] {
        assert!(first.contains(&format!(r#"href="/u/lc-dcf-0027/{slug}""#)), "{slug} linked from the first screen");
        let html = s.html(&format!("/u/lc-dcf-0027/{slug}"), 200).await;
        assert!(html.contains(&format!(r#"<h1 class="page-h">{title}</h1>"#)), "{slug}: {html}");
        assert!(html.contains(&format!("<title>{title} · 聊城市东昌府区机关幼儿园食堂</title>")), "{slug}");
        let other = s.html(&format!("/u/lc-da-0015/{slug}"), 404).await;
        assert!(other.contains("没有找到"), "{slug} of a restaurant: {other}");
    }
    assert!(!s.html("/u/lc-da-0015", 200).await.contains("parents-row"));
    for week in ["x", "2026-13-40", ""] {
        assert!(s.html(&format!("/u/lc-dcf-0012/menu?week={week}"), 200).await.contains("一周菜谱"), "{week}");
    }
    let en = s.html("/u/lc-dcf-0012/fees?lang=en", 200).await;
    assert!(en.contains("Meal fees and accounts"), "{en}");
}
