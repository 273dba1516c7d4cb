//! Owners and regulators over HTTP: who may do what (the authorization matrix: anonymous, the owners of
//! two units, a station, its county and the city against every staff endpoint), CSRF, lock-out, and
//! what the diner then sees.

mod common;

use common::staff::{call, owner, regulator, Who};
use common::{assert_error, TestServer};
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::demo::DEMO_PASSWORD;
use mingchu_server::http::watch::snapshot_file;
use mingchu_server::store::{Sighted, Sighting};
use mingchu_types::watch::AlertCategory;
use mingchu_types::{Inbox, KitchenArea, ModerationList, Placard, Queue, ReportDetail, ReviewList, ReviewReceipt, TicketReceipt, TicketView};
use reqwest::Method;
use serde_json::{json, Value};

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
    // 今日后厨: a record and a person of A's to correct and change.
    let purchase = |client_id: &str| {
        let body = json!({ "kind": "purchase", "item": "大米", "quantity": "50 kg", "batch": "2026-11-20", "shelf_life": "12个月",
            "supplier": { "name": "聊城粮油", "licence": "JY13715020099999", "contact": "孙经理 13906351234" } });
        Some(json!({ "client_id": client_id, "at_ms": s.now_ms() - 600_000, "body": body }))
    };
    let (status, written) = call(&s, &owner_a, Method::POST, "/owner/records", purchase("matrix-first")).await;
    assert_eq!(status, 201, "{written}");
    let record_a = written["record"]["id"].as_str().unwrap().to_owned();
    let staff_a = call(&s, &owner_a, Method::GET, "/owner/staff", None).await.1[0]["member"]["id"].as_str().unwrap().to_owned();
    let person = || {
        Some(json!({ "name": "赵春燕", "post": "prep",
            "certificate": { "number": "LCJK2026000001", "issued": "2026-06-01", "valid_until": "2027-05-31" } }))
    };
    // Alerts of A's and B's cameras (A's answered by the matrix as a false alarm: the same answer again is the first).
    let mut alerts = Vec::new();
    for unit in ["lc-dcf-0012", "lc-dcf-0043"] {
        let spec = CameraSpec { area: KitchenArea::Cooking, delay_secs: 60, hours: "00:00-24:00".parse().unwrap(), public: true };
        let (camera, _) = cameras::add(&*s.store, unit, spec, s.now_ms()).await.unwrap();
        let id = format!("ALMATRIX{}", alerts.len());
        let sighting = Sighting {
            id: &id,
            camera_id: camera,
            category: AlertCategory::NoMask,
            confidence_percent: 90,
            at_ms: s.now_ms(),
            raised_ms: s.now_ms(),
            window_ms: 300_000,
            snapshot: true,
        };
        assert_eq!(s.store.sight(&sighting).await.unwrap(), Sighted::New);
        s.media.put(&snapshot_file(&id), b"jpeg".to_vec()).await.unwrap();
        alerts.push(id);
    }
    let (alert_a, alert_b) = (&alerts[0], &alerts[1]);
    let false_alarm = || Some(json!({ "verdict": "false_alarm", "note": "是猫。" }));
    let overrule = || Some(json!({ "note": "复核属实。" }));
    let accounts = || {
        Some(json!({ "fee_fen": 1200, "fee_per": "day", "income_fen": 90_000_000, "ingredients_fen": 61_000_000, "staff_fen": 18_000_000,
            "other_fen": 6_000_000 }))
    };
    let survey = || Some(json!({ "opens": "2027-03-01", "closes": "2027-03-14" }));
    // School meals: A is a school canteen, B is not (its owner gets a 404). A photo of A's dish, uploaded first.
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let uploaded = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg.into_inner()).send().await.unwrap();
    let dish_photo: Value = uploaded.json().await.unwrap();
    let menu = || {
        let dishes = json!([{ "name": "米饭", "kind": "staple" }, { "name": "清炒菠菜", "kind": { "vegetable": { "dark": true } } }]);
        Some(json!({ "meals": [{ "day": "2026-11-30", "meal": "lunch", "dishes": dishes }] }))
    };
    let photo = || {
        Some(
            json!({ "client_id": "matrix-photo", "day": "2026-11-29", "meal": "lunch", "dish": "清炒菠菜", "photo": dish_photo["id"], "taken_ms": s.now_ms() - 60_000 }),
        )
    };
    let companion = || {
        let scores = json!({ "taste": 5, "quantity": 4, "temperature": 4, "hygiene": 5 });
        Some(json!({ "client_id": "matrix-companion", "record": { "day": "2026-11-27", "meal": "lunch", "role": "principal", "scores": scores } }))
    };
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
        // 今日后厨: each owner its own unit's (a repeat of a client id is the first answer again).
        (Method::GET, "/owner/today".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::POST, "/owner/records".into(), purchase("matrix-new"), [401, 201, 201, 403, 403, 403]),
        (Method::POST, format!("/owner/records/{record_a}"), purchase("matrix-fix"), [401, 201, 404, 403, 403, 403]),
        (Method::GET, "/owner/staff".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::POST, "/owner/staff".into(), person(), [401, 201, 201, 403, 403, 403]),
        (Method::PUT, format!("/owner/staff/{staff_a}"), person(), [401, 200, 404, 403, 403, 403]),
        (Method::GET, "/regulator/today".into(), None, [401, 403, 403, 200, 200, 200]),
        // Alerts: each owner its own unit's, each regulator its region's (a station does not cover B).
        (Method::GET, "/owner/alerts".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::GET, "/owner/alerts/waiting".into(), None, [401, 200, 200, 403, 403, 403]),
        (Method::POST, format!("/owner/alerts/{alert_a}/answer"), false_alarm(), [401, 200, 404, 403, 403, 403]),
        (Method::GET, "/regulator/alerts".into(), None, [401, 403, 403, 200, 200, 200]),
        // B's alert is not a false alarm: nothing to overrule, for those who may see it.
        (Method::POST, format!("/regulator/alerts/{alert_b}/overrule"), overrule(), [401, 403, 403, 404, 409, 409]),
        (Method::GET, format!("/alerts/{alert_a}/snapshot"), None, [401, 200, 404, 200, 200, 200]),
        (Method::GET, format!("/alerts/{alert_b}/snapshot"), None, [401, 404, 200, 404, 200, 200]),
        // A school's fees and survey: A is a school canteen, B (a restaurant) has no such page.
        (Method::PUT, "/owner/school/accounts/2026-autumn".into(), accounts(), [401, 200, 404, 403, 403, 403]),
        (Method::PUT, "/owner/school/survey/2027-spring".into(), survey(), [401, 200, 404, 403, 403, 403]),
        (Method::PUT, "/owner/school/survey/2026-spring/response".into(), reply(), [401, 200, 404, 403, 403, 403]),
        // School meals: only a school canteen's owner (a repeat of a client id is the first answer again).
        (Method::GET, "/owner/school".into(), None, [401, 200, 404, 403, 403, 403]),
        (Method::PUT, "/owner/school/menu/2026-11-30".into(), menu(), [401, 200, 404, 403, 403, 403]),
        (Method::POST, "/owner/school/photos".into(), photo(), [401, 201, 404, 403, 403, 403]),
        (Method::POST, "/owner/school/companions".into(), companion(), [401, 201, 404, 403, 403, 403]),
        (Method::GET, "/regulator/school".into(), None, [401, 403, 403, 200, 200, 200]),
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
    let with_cookie: ReviewList =
        s.client.get(s.url("/api/units/lc-dcf-0012/reviews")).header("cookie", &f.author).send().await.unwrap().json().await.unwrap();
    assert!(with_cookie.items.iter().all(|r| r.id != f.review_a), "the public list is every reader's, its author's too");
    let own: mingchu_types::DeviceView =
        s.client.get(s.url("/api/units/lc-dcf-0012/mine")).header("cookie", &f.author).send().await.unwrap().json().await.unwrap();
    let mine = own.reviews.iter().find(|r| r.id == f.review_a).expect("the author still sees it, in its own part");
    let state = mine.own.as_ref().expect("marked as the author's own");
    assert_eq!((state.state, state.reason.as_deref()), (mingchu_types::ReviewState::Hidden, Some("涉及他人隐私。")));
    let page = s.client.get(s.url("/u/lc-dcf-0012/reviews")).header("cookie", &f.author).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("涉及他人隐私。"), "the painted page is every reader's: the app adds the author's own");
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

/// A server on a clock the test moves, behind a trusted proxy (127.0.0.1), so that `X-Forwarded-For`
/// names the client: each test address is another client.
async fn proxied_server() -> (TestServer, std::sync::Arc<std::sync::atomic::AtomicI64>) {
    let start = mingchu_server::Clock::Fixed("2026-11-29".parse().unwrap()).now_ms();
    let now = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(start));
    let clock = mingchu_server::Clock::Manual(now.clone());
    let s = TestServer::start_with(|c| {
        c.clock = clock;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    (s, now)
}

/// One sign-in's answer: status, error code (empty on success), `retry_after`, and the known-device
/// cookie it sets.
#[derive(Debug)]
struct Answer {
    status: u16,
    code: String,
    retry_after: Option<u64>,
    known: Option<String>,
}

async fn try_sign_in(s: &TestServer, path: &str, body: Value, from: &str, cookie: Option<&str>) -> Answer {
    let mut request = s.client.post(s.url(path)).header("x-forwarded-for", from).json(&body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let known =
        response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|v| v.starts_with("mc_known=")).map(str::to_owned);
    let body: Value = response.json().await.unwrap_or(Value::Null);
    Answer { status, code: body["error"]["code"].as_str().unwrap_or_default().to_owned(), retry_after: body["error"]["retry_after"].as_u64(), known }
}

async fn try_owner(s: &TestServer, unit: &str, code: &str, from: &str, cookie: Option<&str>) -> Answer {
    try_sign_in(s, "/api/staff/session/owner", json!({ "unit": unit, "access_code": code }), from, cookie).await
}

/// A stranger's guessing at `unit` from many addresses: six wrong codes from 203.0.113.1, then four from
/// each next address until the account slows new devices down. Every answer, as (status, code).
async fn guess_from_everywhere(s: &TestServer, unit: &str) -> Vec<(u16, String)> {
    let mut answers = Vec::new();
    for _ in 0..6 {
        let a = try_owner(s, unit, "WRONG-CODE", "203.0.113.1", None).await;
        answers.push((a.status, a.code));
    }
    'addresses: for n in 2..20 {
        for _ in 0..4 {
            let a = try_owner(s, unit, "WRONG-CODE", &format!("203.0.113.{n}"), None).await;
            assert!(a.code != "rate_limited" || a.retry_after.is_some_and(|w| (1..=30).contains(&w)), "a short wait: {a:?}");
            answers.push((a.status, a.code));
            if answers.last().unwrap().1 == "rate_limited" {
                break 'addresses;
            }
        }
    }
    answers
}

#[tokio::test]
async fn a_stranger_at_the_door_locks_out_only_themselves_and_the_owners_device_gets_in() {
    let (s, now) = proxied_server().await;
    let advance = |ms: i64| now.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    // The owner signs in at the counter's PC (address B): the browser is known to the account from now on.
    let first = try_owner(&s, "lc-dcf-0012", "DEMO-0012", "198.51.100.2", None).await;
    assert_eq!(first.status, 200);
    let known = first.known.expect("a known-device cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/staff", "Max-Age=31536000"] {
        assert!(known.contains(attribute), "{known}");
    }
    let known = known.split(';').next().unwrap().to_owned();
    advance(10 * 60 * 1000);

    // A stranger guesses from address A, then from one address after another.
    let attack = guess_from_everywhere(&s, "lc-dcf-0012").await;
    let codes: Vec<&str> = attack.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(&codes[..6], ["sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "locked_out", "locked_out"]);
    // Twenty attempts from new devices are let through (A's sixth was refused uncounted), the next slowed.
    assert_eq!(codes.len(), 6 + 16, "{codes:?}");
    assert!(codes[6..21].iter().all(|c| *c == "sign_in_failed"), "{codes:?}");
    assert_eq!((attack[21].0, codes[21]), (429, "rate_limited"));

    // The owner at B, on the known PC, is not slowed.
    let owner = try_owner(&s, "lc-dcf-0012", "DEMO-0012", "198.51.100.2", Some(&known)).await;
    assert_eq!(owner.status, 200, "{owner:?}");
    // From A, even the known PC with the right code waits out A's lock-out.
    let from_a = try_owner(&s, "lc-dcf-0012", "DEMO-0012", "203.0.113.1", Some(&known)).await;
    assert_eq!((from_a.status, from_a.code.as_str()), (429, "locked_out"));
    assert!(from_a.retry_after.is_some_and(|w| w > 800), "{from_a:?}");
    // A new phone at a new address is slowed, not locked out: after a short wait it gets in.
    let phone = try_owner(&s, "lc-dcf-0012", "DEMO-0012", "192.0.2.7", None).await;
    assert_eq!((phone.status, phone.code.as_str()), (429, "rate_limited"));
    let wait = phone.retry_after.unwrap();
    assert!((1..=30).contains(&wait), "{phone:?}");
    advance(wait as i64 * 1000);
    let phone = try_owner(&s, "lc-dcf-0012", "DEMO-0012", "192.0.2.7", None).await;
    assert_eq!(phone.status, 200, "{phone:?}");
    // A's lock-out ends after 15 minutes.
    advance(15 * 60 * 1000);
    assert_eq!(try_owner(&s, "lc-dcf-0012", "DEMO-0012", "203.0.113.1", Some(&known)).await.status, 200);

    // A unit code that is no account is answered the same, guess for guess.
    assert_eq!(guess_from_everywhere(&s, "lc-none-0000").await, attack);
}

#[tokio::test]
async fn guesses_from_many_addresses_at_once_take_the_accounts_slots_atomically() {
    let (s, _now) = proxied_server().await;
    let first =
        try_sign_in(&s, "/api/staff/session/regulator", json!({ "username": "gulou", "password": DEMO_PASSWORD }), "198.51.100.9", None).await;
    let known = first.known.expect("a known-device cookie").split(';').next().unwrap().to_owned();
    // Thirty wrong passwords at once, each from its own address: the account has nineteen slots left.
    let (client, url) = (s.client.clone(), s.url("/api/staff/session/regulator"));
    let answers = futures_join_all((0..30).map(|n| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let body = json!({ "username": "gulou", "password": "not-the-password" });
            let response = client.post(url).header("x-forwarded-for", format!("203.0.113.{}", n + 1)).json(&body).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap()["error"]["code"].as_str().unwrap_or_default().to_owned())
        }
    }))
    .await;
    let wrong = answers.iter().filter(|a| a.1 == "sign_in_failed").count();
    let slowed = answers.iter().filter(|a| (a.0, a.1.as_str()) == (429, "rate_limited")).count();
    assert_eq!((wrong, slowed), (19, 11), "{answers:?}");
    // The inspector's own browser is not slowed.
    let own =
        try_sign_in(&s, "/api/staff/session/regulator", json!({ "username": "gulou", "password": DEMO_PASSWORD }), "198.51.100.9", Some(&known))
            .await;
    assert_eq!(own.status, 200, "{own:?}");
    // A forged or another account's cookie is no known device.
    let forged = try_sign_in(
        &s,
        "/api/staff/session/regulator",
        json!({ "username": "gulou", "password": DEMO_PASSWORD }),
        "198.51.100.9",
        Some("mc_known=99999999999-00"),
    )
    .await;
    assert_eq!(forged.code, "rate_limited");
    let other =
        try_sign_in(&s, "/api/staff/session/regulator", json!({ "username": "xinqu", "password": DEMO_PASSWORD }), "198.51.100.9", None).await;
    let other = other.known.unwrap().split(';').next().unwrap().to_owned();
    let elsewhere =
        try_sign_in(&s, "/api/staff/session/regulator", json!({ "username": "gulou", "password": DEMO_PASSWORD }), "198.51.100.9", Some(&other))
            .await;
    assert_eq!(elsewhere.code, "rate_limited");
}

/// Uploads a small photo as the browser with `cookie` (or a new one): the upload and the browser's cookie.
async fn upload_photo(s: &TestServer, cookie: Option<&str>) -> (mingchu_types::PhotoUpload, String) {
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90])));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let mut request = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg.into_inner());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let set = response.headers().get("set-cookie").map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
    let cookie = set.or(cookie.map(str::to_owned)).expect("a device cookie");
    (response.json().await.unwrap(), cookie)
}

/// GET `path` as `who` (a session and/or a device cookie): the status and the `Cache-Control`.
async fn fetch(s: &TestServer, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = s.client.get(s.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let cache = response.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (response.status().as_u16(), cache)
}

#[tokio::test]
async fn photos_are_served_only_to_whoever_may_see_what_they_belong_to() {
    let s = TestServer::start().await;
    // A diner's phone uploads three photos, for a review, a message and a report about lc-dcf-0012.
    let (review_photo, phone) = upload_photo(&s, None).await;
    let (message_photo, _) = upload_photo(&s, Some(&phone)).await;
    let (report_photo, _) = upload_photo(&s, Some(&phone)).await;
    let (draft_photo, _) = upload_photo(&s, Some(&phone)).await;
    let review = json!({ "text": "饭菜干净，孩子爱吃。", "photos": [review_photo.id], "fill_ms": 9000 });
    let review: ReviewReceipt = post(&s, "/api/units/lc-dcf-0012/reviews", "p-v", review, Some(&phone)).await.json().await.unwrap();
    assert_eq!(review.state, mingchu_types::ReviewState::Published);
    let message = json!({ "text": "汤太咸了，希望少放盐。", "photos": [message_photo.id], "fill_ms": 9000 });
    post(&s, "/api/units/lc-dcf-0012/messages", "p-m", message, Some(&phone)).await;
    let report = json!({ "category": "no_mask", "description": "切配间师傅没戴口罩。", "happened_at": "2026-11-29T11:30",
        "reporter": "anonymous", "photos": [report_photo.id], "fill_ms": 9000 });
    post(&s, "/api/units/lc-dcf-0012/reports", "p-r", report, Some(&phone)).await;
    let owner_a = owner(&s, "owner A", "lc-dcf-0012", "DEMO-0012").await;
    let owner_b = owner(&s, "owner B", "lc-dcf-0043", "DEMO-0043").await;
    let (station, other_station, county) = (regulator(&s, "gulou").await, regulator(&s, "xinqu").await, regulator(&s, "dongchangfu").await);
    let staff_path = |p: &mingchu_types::PhotoUpload| p.url.replace("/media/", "/api/staff/media/");
    let staff = |who: &Who| who.cookie.clone();

    // The published review's photo is everyone's, cached for five minutes, never a year.
    for path in [&review_photo.url, &review_photo.thumb_url] {
        assert_eq!(fetch(&s, path, None).await, (200, "public, max-age=300".into()), "{path}");
    }
    // A message's photo: for its unit's owner (and the phone that sent it), nobody else.
    assert_eq!(fetch(&s, &message_photo.url, None).await, (404, "no-store".into()));
    assert_eq!(fetch(&s, &message_photo.thumb_url, Some(&phone)).await, (200, "private, max-age=300".into()));
    assert_eq!(fetch(&s, &staff_path(&message_photo), staff(&owner_a).as_deref()).await.0, 200);
    for who in [&owner_b, &station, &county] {
        assert_eq!(fetch(&s, &staff_path(&message_photo), staff(who).as_deref()).await.0, 404, "{}", who.name);
    }
    assert_eq!(fetch(&s, &staff_path(&message_photo), None).await.0, 401);
    // A report's photo: for the regulators of its region.
    assert_eq!(fetch(&s, &report_photo.url, None).await.0, 404);
    for (who, status) in [(&station, 200), (&county, 200), (&other_station, 404), (&owner_a, 404)] {
        assert_eq!(fetch(&s, &staff_path(&report_photo), staff(who).as_deref()).await.0, status, "{}", who.name);
    }
    // A draft's photo, attached to nothing yet: its phone's alone.
    assert_eq!(fetch(&s, &draft_photo.thumb_url, Some(&phone)).await.0, 200);
    assert_eq!(fetch(&s, &draft_photo.thumb_url, None).await.0, 404);

    // The county hides the review: its photo is gone for the public, the regulators and its author keep it.
    assert_eq!(
        call(&s, &county, Method::POST, &format!("/regulator/reviews/{}/hide", review.id), Some(json!({ "text": "涉及他人隐私。" }))).await.0,
        204
    );
    assert_eq!(fetch(&s, &review_photo.url, None).await, (404, "no-store".into()));
    assert_eq!(fetch(&s, &review_photo.url, Some(&phone)).await.0, 200);
    assert_eq!(fetch(&s, &staff_path(&review_photo), staff(&county).as_deref()).await.0, 200);
    assert_eq!(fetch(&s, &staff_path(&review_photo), staff(&owner_a).as_deref()).await.0, 404);
    // The moderation list links the staff address.
    let hidden: ModerationList = serde_json::from_value(call(&s, &county, Method::GET, "/regulator/reviews?state=hidden", None).await.1).unwrap();
    assert_eq!(hidden.items[0].review.photos[0].url, staff_path(&review_photo));
    // Published again, it is public again.
    assert_eq!(call(&s, &county, Method::POST, &format!("/regulator/reviews/{}/publish", review.id), None).await.0, 204);
    assert_eq!(fetch(&s, &review_photo.url, None).await.0, 200);

    // Made-up and malformed names are no photo.
    let long = format!("/media/{}.jpg", "a".repeat(300));
    for path in ["/media/00000000000000000000000000000000.jpg", "/media/x.jpg", long.as_str(), "/api/staff/media/../../device.key"] {
        let (status, _) = fetch(&s, path, staff(&county).as_deref()).await;
        assert_eq!(status, 404, "{path}");
    }
}
