//! Owners and regulators over HTTP: who may do what (the authorization matrix: anonymous, the owners of
//! two units, a station, its county and the city against every staff endpoint), CSRF, lock-out, and
//! what the diner then sees.

mod common;

use common::{assert_error, TestServer};
use mingchu_server::demo::DEMO_PASSWORD;
use mingchu_types::{Inbox, ModerationList, Placard, Queue, ReportDetail, ReviewList, ReviewReceipt, TicketReceipt, TicketView};
use reqwest::Method;
use serde_json::{json, Value};

/// A browser: its session cookie and CSRF token once signed in.
#[derive(Clone, Default)]
struct Who {
    name: &'static str,
    cookie: Option<String>,
    csrf: Option<String>,
}

async fn sign_in(s: &TestServer, name: &'static str, path: &str, body: Value) -> Who {
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

async fn owner(s: &TestServer, name: &'static str, unit: &str, code: &str) -> Who {
    sign_in(s, name, "/api/staff/session/owner", json!({ "unit": unit, "access_code": code })).await
}

async fn regulator(s: &TestServer, name: &'static str) -> Who {
    sign_in(s, name, "/api/staff/session/regulator", json!({ "username": name, "password": DEMO_PASSWORD })).await
}

async fn call(s: &TestServer, who: &Who, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
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

/// Files what the staff then handle: a message and a report to each of two units, reviews.
struct Fixtures {
    message_a: TicketReceipt,
    message_b: TicketReceipt,
    report_a: TicketReceipt,
    report_b: TicketReceipt,
    review_a: i64,
    held_b: i64,
    /// The device cookie of the diner who wrote `review_a`.
    author: String,
}

async fn post(s: &TestServer, path: &str, key: &str, body: Value, cookie: Option<&str>) -> reqwest::Response {
    let mut request = s.client.post(s.url(path)).header("idempotency-key", key).json(&body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201, "POST {path}");
    response
}

async fn fixtures(s: &TestServer) -> Fixtures {
    let message = json!({ "text": "汤太咸了，希望少放盐。", "callback_phone": "139 8765 4321", "fill_ms": 9000 });
    let message_a: TicketReceipt = post(s, "/api/units/lc-dcf-0012/messages", "m-a", message.clone(), None).await.json().await.unwrap();
    let message_b: TicketReceipt = post(s, "/api/units/lc-dcf-0043/messages", "m-b", message, None).await.json().await.unwrap();
    let report = |reporter: Value| json!({ "category": "no_mask", "description": "切配间师傅没戴口罩。", "happened_at": "2026-11-29T11:30", "reporter": reporter, "fill_ms": 9000 });
    let named = json!({ "named": { "name": "王女士", "phone": "13912345678" } });
    let report_a: TicketReceipt = post(s, "/api/units/lc-dcf-0012/reports", "r-a", report(named), None).await.json().await.unwrap();
    let report_b: TicketReceipt = post(s, "/api/units/lc-dcf-0043/reports", "r-b", report(json!("anonymous")), None).await.json().await.unwrap();
    let response = post(s, "/api/units/lc-dcf-0012/reviews", "v-a", json!({ "text": "饭菜干净，孩子爱吃。", "fill_ms": 9000 }), None).await;
    let author = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let review_a: ReviewReceipt = response.json().await.unwrap();
    let held: ReviewReceipt = post(s, "/api/units/lc-dcf-0043/reviews", "v-b", json!({ "text": "更多优惠看 www.example.cn", "fill_ms": 9000 }), None)
        .await
        .json()
        .await
        .unwrap();
    Fixtures { message_a, message_b, report_a, report_b, review_a: review_a.id, held_b: held.id, author }
}

#[tokio::test]
async fn every_staff_endpoint_allows_exactly_its_accounts() {
    let s = TestServer::start().await;
    let f = fixtures(&s).await;
    let anon = Who { name: "anonymous", ..Who::default() };
    let owner_a = owner(&s, "owner A", "lc-dcf-0012", "DEMO-0012").await;
    let owner_b = owner(&s, "owner B", "lc-dcf-0043", "demo 0043").await;
    let station = regulator(&s, "gulou").await;
    let county = regulator(&s, "dongchangfu").await;
    let city = regulator(&s, "liaocheng").await;
    let everyone = [&anon, &owner_a, &owner_b, &station, &county, &city];

    let (ma, mb) = (&f.message_a.ticket, &f.message_b.ticket);
    let (ra, rb) = (&f.report_a.ticket, &f.report_b.ticket);
    let reply = || Some(json!({ "text": "谢谢提醒，已调整。" }));
    let accept = || Some(json!({ "status": "accepted", "note": "已受理。" }));
    let hide = || Some(json!({ "text": "含广告。" }));
    // (method, path, body, expected status for anonymous, owner A, owner B, station, county, city).
    // Each row's changes are harmless to repeat, so every account is tried in turn.
    let matrix: Vec<(Method, String, Option<Value>, [u16; 6])> = vec![
        (Method::GET, "/session".into(), None, [401, 200, 200, 200, 200, 200]),
        (Method::GET, "/owner/messages".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::POST, format!("/owner/messages/{ma}/read"), None, [401, 204, 404, 403, 403, 403]),
        (Method::POST, format!("/owner/messages/{mb}/read"), None, [401, 404, 204, 403, 403, 403]),
        (Method::PUT, format!("/owner/messages/{ma}/reply"), reply(), [401, 204, 404, 403, 403, 403]),
        (Method::GET, "/owner/reviews".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::PUT, format!("/owner/reviews/{}/reply", f.review_a), reply(), [401, 204, 404, 403, 403, 403]),
        // A held review cannot be replied to, even by its unit's owner.
        (Method::PUT, format!("/owner/reviews/{}/reply", f.held_b), reply(), [401, 404, 404, 403, 403, 403]),
        (Method::GET, "/owner/placard".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::GET, "/regulator/reports".into(), None, [401, 403, 403, 200, 200, 200]),
        (Method::GET, format!("/regulator/reports/{ra}"), None, [401, 403, 403, 200, 200, 200]),
        (Method::GET, format!("/regulator/reports/{rb}"), None, [401, 403, 403, 404, 200, 200]),
        (Method::GET, "/regulator/reviews?state=held".into(), None, [401, 403, 403, 200, 200, 200]),
        (Method::POST, format!("/regulator/reviews/{}/hide", f.held_b), hide(), [401, 403, 403, 404, 204, 204]),
        (Method::POST, format!("/regulator/reviews/{}/publish", f.held_b), None, [401, 403, 403, 404, 204, 204]),
        (Method::GET, "/regulator/placards".into(), None, [401, 403, 403, 200, 200, 200]),
        (Method::GET, "/regulator/ratings".into(), None, [401, 403, 403, 200, 200, 200]),
        // No votes are held: nothing to let in or discard (the scopes are tried in tests/stuffing.rs).
        (Method::POST, "/regulator/ratings/lc-dcf-0012/admit".into(), None, [401, 403, 403, 404, 404, 404]),
        (Method::POST, "/regulator/ratings/lc-dcf-0012/discard".into(), None, [401, 403, 403, 404, 404, 404]),
    ];
    for (method, path, body, expected) in &matrix {
        for (who, want) in everyone.iter().zip(expected) {
            let (status, answer) = call(&s, who, method.clone(), path, body.clone()).await;
            assert_eq!(status, *want, "{} {method} {path}: {answer}", who.name);
            match status {
                401 => assert_error(&answer, "unauthorized"),
                403 => assert_error(&answer, "forbidden"),
                404 => assert_error(&answer, "not_found"),
                _ => {}
            }
        }
    }
    // Status changes move a report on, so each account gets its own try: the station cannot reach B's.
    assert_eq!(call(&s, &station, Method::POST, &format!("/regulator/reports/{rb}/status"), accept()).await.0, 404);
    assert_eq!(call(&s, &owner_b, Method::POST, &format!("/regulator/reports/{rb}/status"), accept()).await.0, 403);
    assert_eq!(call(&s, &anon, Method::POST, &format!("/regulator/reports/{rb}/status"), accept()).await.0, 401);
    assert_eq!(call(&s, &county, Method::POST, &format!("/regulator/reports/{rb}/status"), accept()).await.0, 204);
    assert_eq!(call(&s, &station, Method::POST, &format!("/regulator/reports/{ra}/status"), accept()).await.0, 204);
    // The same move again is a conflict: the report has moved on.
    assert_eq!(call(&s, &city, Method::POST, &format!("/regulator/reports/{ra}/status"), accept()).await.0, 409);

    // What each sees is its own: owners their unit's messages, regulators their region's reports.
    let inbox = |who: &Who| {
        let who = who.clone();
        let s = &s;
        async move { serde_json::from_value::<Inbox>(call(s, &who, Method::GET, "/owner/messages", None).await.1).unwrap() }
    };
    let a = inbox(&owner_a).await;
    assert_eq!(a.items.iter().map(|m| m.ticket.as_str()).collect::<Vec<_>>(), vec![ma.as_str()]);
    assert_eq!(a.items[0].callback_phone.as_deref(), Some("139 8765 4321"), "the owner sees the call-back number");
    assert_eq!(inbox(&owner_b).await.items.iter().map(|m| m.ticket.as_str()).collect::<Vec<_>>(), vec![mb.as_str()]);
    let queue = |who: &Who| {
        let who = who.clone();
        let s = &s;
        async move {
            let q: Queue = serde_json::from_value(call(s, &who, Method::GET, "/regulator/reports", None).await.1).unwrap();
            let mut tickets: Vec<String> = q.items.into_iter().map(|i| i.ticket).collect();
            tickets.sort();
            tickets
        }
    };
    assert_eq!(queue(&station).await, vec![ra.clone()]);
    assert_eq!(queue(&county).await, vec![ra.clone(), rb.clone()]);
    assert_eq!(queue(&city).await, vec![ra.clone(), rb.clone()]);
    let placards = |who: &Who| {
        let who = who.clone();
        let s = &s;
        async move { serde_json::from_value::<Vec<Placard>>(call(s, &who, Method::GET, "/regulator/placards", None).await.1).unwrap().len() }
    };
    assert_eq!((placards(&station).await, placards(&county).await, placards(&city).await), (2, 3, 14));

    // No owner's answer carries a report or a reporter; only the regulator's carries the reporter.
    for who in [&owner_a, &owner_b] {
        for path in ["/owner/messages", "/owner/reviews", "/owner/placard"] {
            let text = call(&s, who, Method::GET, path, None).await.1.to_string();
            assert!(!text.contains("王女士") && !text.contains("13912345678") && !text.contains("JB"), "{path}: {text}");
        }
    }
    let detail: ReportDetail = serde_json::from_value(call(&s, &station, Method::GET, &format!("/regulator/reports/{ra}"), None).await.1).unwrap();
    assert_eq!(detail.reporter.map(|r| (r.name, r.phone)), Some(("王女士".into(), "13912345678".into())));
}

#[tokio::test]
async fn changes_need_the_csrf_token_and_this_site() {
    let s = TestServer::start().await;
    let f = fixtures(&s).await;
    let owner_a = owner(&s, "owner A", "lc-dcf-0012", "DEMO-0012").await;
    let path = format!("/owner/messages/{}/read", f.message_a.ticket);
    let without = Who { csrf: None, ..owner_a.clone() };
    let (status, body) = call(&s, &without, Method::POST, &path, None).await;
    assert_eq!(status, 403);
    assert_error(&body, "csrf_rejected");
    let wrong = Who { csrf: Some("0".repeat(48)), ..owner_a.clone() };
    assert_eq!(call(&s, &wrong, Method::POST, &path, None).await.0, 403);
    // The right token from another site's page.
    let response = s
        .client
        .post(s.url(&format!("/api/staff{path}")))
        .header("cookie", owner_a.cookie.clone().unwrap())
        .header("x-csrf-token", owner_a.csrf.clone().unwrap())
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    // Reading needs no token; the right token from this site passes.
    assert_eq!(call(&s, &without, Method::GET, "/owner/messages", None).await.0, 200);
    assert_eq!(call(&s, &owner_a, Method::POST, &path, None).await.0, 204);
    // Signed out, the cookie is worth nothing.
    assert_eq!(call(&s, &owner_a, Method::DELETE, "/session", None).await.0, 204);
    assert_eq!(call(&s, &owner_a, Method::GET, "/owner/messages", None).await.0, 401);
}

#[tokio::test]
async fn wrong_codes_lock_the_account_for_a_while() {
    let s = TestServer::start().await;
    let try_code = |code: &'static str| {
        let s = &s;
        async move {
            let response =
                s.client.post(s.url("/api/staff/session/owner")).json(&json!({ "unit": "lc-dcf-0012", "access_code": code })).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    for _ in 0..4 {
        let (status, body) = try_code("WRONG-CODE").await;
        assert_eq!(status, 401);
        assert_error(&body, "sign_in_failed");
    }
    let (status, body) = try_code("WRONG-CODE").await;
    assert_eq!((status, &body["error"]["code"]), (429, &json!("locked_out")), "the fifth wrong code locks: {body}");
    assert!(body["error"]["retry_after"].as_u64().is_some_and(|s| s > 800), "{body}");
    let (status, _) = try_code("DEMO-0012").await;
    assert_eq!(status, 429, "even the right code waits out the lock");
    // An unknown unit gets the same answer as a wrong code.
    let response =
        s.client.post(s.url("/api/staff/session/owner")).json(&json!({ "unit": "lc-none-0000", "access_code": "X" })).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_error(&response.json().await.unwrap(), "sign_in_failed");
    // Resetting the code (the CLI's job) lifts the lock.
    mingchu_server::accounts::issue_owner_code(&*s.store, "lc-dcf-0012", Some("NEW-CODE-0012"), 0).await.unwrap();
    assert_eq!(try_code("NEW-CODE-0012").await.0, 200);
    assert_eq!(try_code("DEMO-0012").await.0, 401, "the old code no longer works");
}

#[tokio::test]
async fn the_diner_sees_the_owners_answers_and_the_regulators_decisions() {
    let s = TestServer::start().await;
    let f = fixtures(&s).await;
    let owner_a = owner(&s, "owner A", "lc-dcf-0012", "DEMO-0012").await;
    let station = regulator(&s, "gulou").await;
    let county = regulator(&s, "dongchangfu").await;

    // The owner answers the message and replies under the review.
    let path = format!("/owner/messages/{}/reply", f.message_a.ticket);
    let (status, body) = call(&s, &owner_a, Method::PUT, &path, Some(json!({ "text": " 好 " }))).await;
    assert_eq!((status, &body["error"]["fields"]), (400, &json!(["text"])), "too short: {body}");
    assert_eq!(call(&s, &owner_a, Method::PUT, &path, Some(json!({ "text": "谢谢，已经少放盐了。" }))).await.0, 204);
    let follow =
        s.client.get(s.url(&format!("/api/tickets/{}", f.message_a.ticket))).header("x-ticket-secret", &f.message_a.secret).send().await.unwrap();
    let TicketView::Message(message) = follow.json().await.unwrap() else { panic!("a message") };
    assert_eq!(message.status, mingchu_types::MessageStatus::Replied);
    assert_eq!(message.reply.map(|r| r.text), Some("谢谢，已经少放盐了。".into()));
    let reply_path = format!("/owner/reviews/{}/reply", f.review_a);
    assert_eq!(call(&s, &owner_a, Method::PUT, &reply_path, Some(json!({ "text": "谢谢支持！" }))).await.0, 204);
    assert_eq!(call(&s, &owner_a, Method::PUT, &reply_path, Some(json!({ "text": "谢谢支持，欢迎再来！" }))).await.0, 204, "editable");
    let public: ReviewList = s.json("/api/units/lc-dcf-0012/reviews", 200).await.pipe();
    let shown = public.items.iter().find(|r| r.id == f.review_a).expect("published");
    assert_eq!(shown.reply.as_ref().map(|r| r.text.as_str()), Some("谢谢支持，欢迎再来！"), "one reply, edited");

    // The station accepts, then closes the report; each note reaches the reporter.
    let status = format!("/regulator/reports/{}/status", f.report_a.ticket);
    let (code, body) = call(&s, &station, Method::POST, &status, Some(json!({ "status": "closed", "note": "查实。" }))).await;
    assert_eq!(code, 409, "not straight from submitted to closed: {body}");
    assert_eq!(call(&s, &station, Method::POST, &status, Some(json!({ "status": "accepted" }))).await.0, 204);
    let (code, body) = call(&s, &station, Method::POST, &status, Some(json!({ "status": "closed" }))).await;
    assert_eq!((code, &body["error"]["fields"]), (400, &json!(["note"])), "closing says what was found: {body}");
    let note = "经现场检查，情况属实，已责令整改并给予警告。";
    assert_eq!(call(&s, &station, Method::POST, &status, Some(json!({ "status": "closed", "note": note }))).await.0, 204);
    let follow =
        s.client.get(s.url(&format!("/api/tickets/{}", f.report_a.ticket))).header("x-ticket-secret", &f.report_a.secret).send().await.unwrap();
    let TicketView::Report(report) = follow.json().await.unwrap() else { panic!("a report") };
    assert_eq!(report.status, mingchu_types::ReportStatus::Closed);
    let trail: Vec<(&str, Option<&str>)> = report.trail.iter().map(|t| (t.status.as_str(), t.note.as_deref())).collect();
    assert_eq!(trail, vec![("submitted", None), ("accepted", None), ("closed", Some(note))]);

    // The county hides the published review: the public no longer sees it; its author does, with why.
    let hide = format!("/regulator/reviews/{}/hide", f.review_a);
    assert_eq!(call(&s, &county, Method::POST, &hide, Some(json!({ "text": "涉及他人隐私。" }))).await.0, 204);
    let public: ReviewList = s.json("/api/units/lc-dcf-0012/reviews", 200).await.pipe();
    assert!(public.items.iter().all(|r| r.id != f.review_a), "hidden from the public");
    let own: ReviewList =
        s.client.get(s.url("/api/units/lc-dcf-0012/reviews")).header("cookie", &f.author).send().await.unwrap().json().await.unwrap();
    let mine = own.items.iter().find(|r| r.id == f.review_a).expect("the author still sees it");
    let state = mine.own.as_ref().expect("marked as the author's own");
    assert_eq!((state.state, state.reason.as_deref()), (mingchu_types::ReviewState::Hidden, Some("涉及他人隐私。")));
    let page = s.client.get(s.url("/u/lc-dcf-0012/reviews")).header("cookie", &f.author).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("涉及他人隐私。"), "the server-painted list says why too");
    let hidden: ModerationList = serde_json::from_value(call(&s, &county, Method::GET, "/regulator/reviews?state=hidden", None).await.1).unwrap();
    assert_eq!(hidden.items.iter().map(|r| r.review.id).collect::<Vec<_>>(), vec![f.review_a]);
    assert_eq!(call(&s, &county, Method::GET, "/regulator/reviews?state=gone", None).await.0, 400);
    assert_eq!(call(&s, &county, Method::GET, "/regulator/reports?category=aliens", None).await.0, 400);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let s = TestServer::start_with(|c| c.public_url = "https://mingchu.example.cn".into()).await;
    for path in ["/", "/u/lc-dcf-0012", "/api/units/lc-dcf-0012", "/owner", "/no-such-page", "/api/staff/session"] {
        let response = s.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers["strict-transport-security"].to_str().unwrap().starts_with("max-age="), "{path}");
    }
    let response =
        s.client.post(s.url("/api/staff/session/regulator")).json(&json!({ "username": "gulou", "password": DEMO_PASSWORD })).send().await.unwrap();
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("; Secure"), "Secure behind an https:// address");
    let placard: Value = {
        let who =
            Who { name: "gulou", cookie: Some(response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().into()), csrf: None };
        call(&s, &who, Method::GET, "/regulator/placards", None).await.1
    };
    assert_eq!(placard[0]["url"], "https://mingchu.example.cn/u/lc-dcf-0012");
    assert!(placard[0]["licence_number"].as_str().is_some_and(|n| n.starts_with("JY")), "{placard}");
}

/// `serde_json::Value` → a typed answer, in a chain.
trait Pipe {
    fn pipe<T: serde::de::DeserializeOwned>(self) -> T;
}

impl Pipe for Value {
    fn pipe<T: serde::de::DeserializeOwned>(self) -> T {
        serde_json::from_value(self).expect("the answer's shape")
    }
}

#[tokio::test]
async fn guesses_sent_together_still_lock_and_unknown_names_look_the_same() {
    let s = TestServer::start().await;
    let (client, url) = (s.client.clone(), s.url("/api/staff/session/regulator"));
    let guess = |username: &'static str| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let body = json!({ "username": username, "password": "not-the-password" });
            let response = client.post(url).json(&body).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or(Value::Null)["error"]["code"].clone())
        }
    };
    // Twelve wrong passwords at once: however they interleave, at most five are checked before the lock.
    let answers = futures_join_all((0..12).map(|_| guess("gulou"))).await;
    let wrong = answers.iter().filter(|(status, _)| *status == 401).count();
    let locked = answers.iter().filter(|(status, code)| *status == 429 && code == "locked_out").count();
    assert_eq!((wrong, locked), (4, 8), "{answers:?}");
    let right =
        s.client.post(s.url("/api/staff/session/regulator")).json(&json!({ "username": "gulou", "password": DEMO_PASSWORD })).send().await.unwrap();
    assert_eq!(right.status().as_u16(), 429, "locked even for the right password");

    // A name that is no account answers the same, lock included: locking tells nobody a name exists.
    let mut ghost = Vec::new();
    for _ in 0..6 {
        ghost.push(guess("no-such-inspector").await);
    }
    let codes: Vec<&str> = ghost.iter().map(|(_, code)| code.as_str().unwrap_or_default()).collect();
    assert_eq!(codes, ["sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "locked_out", "locked_out"]);
}

/// Waits for every future (a tiny join_all, so the tests need no futures crate).
async fn futures_join_all<F: std::future::Future<Output = T> + Send + 'static, T: Send + 'static>(futures: impl Iterator<Item = F>) -> Vec<T> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn demo_sign_ins_stop_working_once_real_units_are_there_and_answers_are_not_cached() {
    let s = TestServer::start().await;
    let who = regulator(&s, "liaocheng").await;
    let response = s.client.get(s.url("/api/staff/regulator/reports")).header("cookie", who.cookie.clone().unwrap()).send().await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    // Two session cookies (one planted beside ours) count as none.
    let doubled = format!("{}; mc_staff=planted", who.cookie.clone().unwrap());
    let response = s.client.get(s.url("/api/staff/session")).header("cookie", doubled).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);

    // A real unit arrives (as an import would bring it): the published demo passwords open nothing.
    let mut real = mingchu_server::demo::demo_units(s.today).remove(0);
    real.unit.code = "lc-dcf-0100".into();
    s.store.put_unit(&real).await.unwrap();
    let response = s
        .client
        .post(s.url("/api/staff/session/regulator"))
        .json(&json!({ "username": "liaocheng", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    assert_error(&response.json().await.unwrap(), "sign_in_failed");
    // A real account still signs in.
    let scope = mingchu_types::Scope { level: mingchu_types::Level::City, region: "3715".into() };
    let password = mingchu_server::accounts::add_regulator(&*s.store, "real-city", "聊城市市场监督管理局", &scope, None, 0).await.unwrap();
    let response =
        s.client.post(s.url("/api/staff/session/regulator")).json(&json!({ "username": "real-city", "password": password })).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
