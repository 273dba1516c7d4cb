//! The public API's description (`/api/openapi.json`, issue 17) against what is served: an OpenAPI 3.1
//! document whose references all resolve; every operation it describes answered by its handler (not the
//! API's "no such endpoint" nor a 405); and every public route the handlers' sources register described,
//! with its method, and nothing described that no source registers.

mod common;

use std::collections::BTreeSet;

use common::TestServer;
use serde_json::Value;

/// The API's own answer to a path it has no route for (`mod.rs`).
const NO_ROUTE: &str = "no such API endpoint";
/// Routes for machines and staff, with credentials: served, not described.
const UNDESCRIBED: [&str; 3] = ["/api/ingest/", "/api/platform/", "/api/staff/"];
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[tokio::test]
async fn every_described_operation_is_served() {
    let s = TestServer::start().await;
    let response = s.get("/api/openapi.json").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().contains_key("etag"), "a public answer is tagged");
    let doc: Value = response.json().await.expect("JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")), "{}", doc["openapi"]);
    every_reference_resolves(&doc, &doc);

    let code = s.json("/api/units?limit=1", 200).await["items"][0]["code"].as_str().expect("a demo unit").to_owned();
    let operations = described(&doc);
    assert!(operations.len() >= 20, "{operations:?}");
    for (method, path) in &operations {
        let url = s.url(&example_path(path, &code));
        let request = match method.as_str() {
            "get" => s.client.get(&url),
            "post" => s.client.post(&url).header("content-type", "application/json").body("{}"),
            other => panic!("{other} {path}: only GET and POST are public"),
        };
        let answer = request.send().await.expect("request");
        let status = answer.status().as_u16();
        let body = answer.text().await.unwrap_or_default();
        assert_ne!(status, 405, "{method} {path}: {body}");
        assert!(!(status == 404 && body.contains(NO_ROUTE)), "{method} {path} is described but not served");
        assert!(status < 500, "{method} {path}: {status} {body}");
    }
}

#[tokio::test]
async fn every_public_route_in_the_sources_is_described() {
    let s = TestServer::start().await;
    let doc = s.json("/api/openapi.json", 200).await;
    let described = described(&doc);
    let registered = registered_in_sources();
    assert!(registered.iter().any(|(m, p)| m == "get" && p == "/api/units/{code}"), "{registered:?}");
    let public: BTreeSet<_> = registered.into_iter().filter(|(_, path)| !UNDESCRIBED.iter().any(|u| path.starts_with(u))).collect();
    let undescribed: Vec<_> = public.difference(&described).collect();
    assert!(undescribed.is_empty(), "served but not described: {undescribed:?}");
    let unregistered: Vec<_> = described.difference(&public).collect();
    assert!(unregistered.is_empty(), "described but registered by no handler: {unregistered:?}");
}

/// The scanner finds a route added by hand to a public module (the check above would then fail).
#[test]
fn a_route_added_by_hand_is_found() {
    let source = "pub fn routes() -> OpenApiRouter<AppState> {\n    OpenApiRouter::new()\n        .routes(routes!(unit))\n        .route(\"/units/{code}/foo\", get(x).post(y))\n}";
    let found = routes_in(source, "/api");
    assert_eq!(
        found,
        BTreeSet::from([("get".to_owned(), "/api/units/{code}/foo".to_owned()), ("post".to_owned(), "/api/units/{code}/foo".to_owned())])
    );
    let described = "#[utoipa::path(\n    get,\n    path = \"/units/{code}\",\n)]\nasync fn unit() {}";
    assert_eq!(routes_in(described, "/api"), BTreeSet::from([("get".to_owned(), "/api/units/{code}".to_owned())]));
}

/// Every (method, path) the description has.
fn described(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths.iter().flat_map(|(path, item)| METHODS.iter().filter(|m| item.get(**m).is_some()).map(|m| (m.to_string(), path.clone()))).collect()
}

/// A described path with its parameters filled in: a real unit, and ids that need not exist (a handler
/// answers an unknown one with its own 404, which is not the router's).
fn example_path(path: &str, code: &str) -> String {
    path.replace("{code}", code).replace("{id}", "1").replace("{ticket}", "no-such-ticket").replace("{file}", "1.m4s")
}

/// Every `$ref` in `value` names something in `doc`.
fn every_reference_resolves(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("a reference outside the document: {target}"));
                assert!(doc.pointer(pointer).is_some(), "{target} does not resolve");
            }
            map.values().for_each(|v| every_reference_resolves(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| every_reference_resolves(doc, v)),
        _ => {}
    }
}

/// The routes the API's handler files register (`src/http/*.rs`), under `/api` for the modules
/// `mod.rs`'s `api()` merges.
fn registered_in_sources() -> BTreeSet<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("http");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let modules = api_modules(&read("mod.rs"));
    assert!(modules.len() >= 10, "the modules of api(): {modules:?}");
    modules.iter().flat_map(|m| routes_in(&read(&format!("{m}.rs")), "/api")).collect()
}

/// The modules `api()` merges: `.merge(units::routes())`.
fn api_modules(mod_rs: &str) -> Vec<String> {
    let api = mod_rs.split("fn api()").nth(1).expect("mod.rs has fn api()");
    let api = &api[..api.find("\n}").expect("the end of api()")];
    api.split(".merge(").skip(1).filter_map(|rest| rest.split_once("::routes()")).map(|(module, _)| module.trim().to_owned()).collect()
}

/// The (method, path) pairs a handler file registers, with `prefix`: `.route("/p", get(a).post(b))` and
/// `#[utoipa::path(get, path = "/p", …)]` (routed by `routes!`).
fn routes_in(source: &str, prefix: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for rest in source.split(".route(\"").skip(1) {
        let Some((path, after)) = rest.split_once('"') else { continue };
        for method in methods_called(until_closed(after)) {
            found.insert((method, format!("{prefix}{path}")));
        }
    }
    for rest in source.split("#[utoipa::path(").skip(1) {
        let attribute = until_closed(rest);
        let method = attribute.trim_start().split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("").to_owned();
        let path = attribute.split_once("path = \"").and_then(|(_, p)| p.split_once('"')).map(|(p, _)| p).expect("a described path");
        assert!(METHODS.contains(&method.as_str()), "#[utoipa::path] of {path} starts with its method, not {method:?}");
        found.insert((method, format!("{prefix}{path}")));
    }
    found
}

/// `text` up to the parenthesis that closes the one opened just before it.
fn until_closed(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// The HTTP methods a method router is built with: `get(a)`, `.post(b)`, `post(c).layer(…)`.
fn methods_called(router: &str) -> Vec<String> {
    let mut methods = vec![];
    let bytes = router.as_bytes();
    for method in METHODS {
        let mut from = 0;
        while let Some(at) = router[from..].find(&format!("{method}(")) {
            let at = from + at;
            let word_start = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if word_start {
                methods.push(method.to_owned());
                break;
            }
            from = at + 1;
        }
    }
    methods
}
