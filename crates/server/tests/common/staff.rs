//! Owners and regulators as a browser is: signed in with a session cookie and its CSRF token, calling
//! the staff API.

use mingchu_server::demo::DEMO_PASSWORD;
use reqwest::Method;
use serde_json::{json, Value};

use super::TestServer;

/// A browser: its session cookie and CSRF token once signed in.
#[derive(Clone, Default)]
pub struct Who {
    pub name: &'static str,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

pub async fn sign_in(s: &TestServer, name: &'static str, path: &str, body: Value) -> Who {
    let response = s.client.post(s.url(path)).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{name} signs in");
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/staff"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let view: Value = response.json().await.unwrap();
    Who { name, cookie: Some(cookie), csrf: view["csrf"].as_str().map(str::to_owned) }
}

pub async fn owner(s: &TestServer, name: &'static str, unit: &str, code: &str) -> Who {
    sign_in(s, name, "/api/staff/session/owner", json!({ "unit": unit, "access_code": code })).await
}

pub async fn regulator(s: &TestServer, name: &'static str) -> Who {
    sign_in(s, name, "/api/staff/session/regulator", json!({ "username": name, "password": DEMO_PASSWORD })).await
}

/// Calls `/api/staff{path}` as `who`: the status and the JSON answer (`Null` when there is none).
pub async fn call(s: &TestServer, who: &Who, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = s.client.request(method, s.url(&format!("/api/staff{path}")));
    if let Some(cookie) = &who.cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(csrf) = &who.csrf {
        request = request.header("x-csrf-token", csrf);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}
