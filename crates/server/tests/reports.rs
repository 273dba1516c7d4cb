//! 一键举报 over HTTP: filing is idempotent, follow-up needs the secret, and the reporter's identity
//! appears in no answer that the public or the owner can see.

mod common;

use common::{assert_error, TestServer};
use mingchu_types::{add_working_days, ReportStatus, ReportView, TicketReceipt, TicketView};
use serde_json::json;

fn report(reporter: serde_json::Value) -> serde_json::Value {
    json!({
        "category": "pests",
        "description": "后厨地面有老鼠跑过，餐具消毒柜没有开。",
        "happened_at": "2026-11-29T12:30",
        "reporter": reporter,
        "fill_ms": 42_000,
    })
}

async fn file(s: &TestServer, code: &str, key: Option<&str>, body: &serde_json::Value) -> reqwest::Response {
    let mut request = s.client.post(s.url(&format!("/api/units/{code}/reports"))).json(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

async fn ticket(s: &TestServer, ticket: &str, secret: &str) -> reqwest::Response {
    s.client.get(s.url(&format!("/api/tickets/{ticket}"))).header("x-ticket-secret", secret).send().await.unwrap()
}

#[tokio::test]
async fn a_report_is_filed_once_and_followed_up_with_its_secret() {
    let s = TestServer::start().await;
    let body = report(json!("anonymous"));
    let first = file(&s, "lc-dcf-0012", Some("draft-1"), &body).await;
    assert_eq!(first.status().as_u16(), 201);
    let receipt: TicketReceipt = first.json().await.unwrap();
    assert!(receipt.ticket.starts_with("JB261129-"), "{}", receipt.ticket);
    assert_eq!(receipt.url, format!("/t/{}#{}", receipt.ticket, receipt.secret));
    assert_eq!(receipt.decision_due, Some(add_working_days(s.today, 7)));

    // The same draft sent again (a lost answer, a retry): the same ticket and secret, nothing new filed.
    let again: TicketReceipt = file(&s, "lc-dcf-0012", Some("draft-1"), &body).await.json().await.unwrap();
    assert_eq!(again, receipt);
    let other: TicketReceipt = file(&s, "lc-dcf-0012", Some("draft-2"), &body).await.json().await.unwrap();
    assert_ne!(other.ticket, receipt.ticket, "another draft is another report");

    // The follow-up view says what the ticket is for: `{"report": {…}}`.
    let raw: serde_json::Value = ticket(&s, &receipt.ticket, &receipt.secret).await.json().await.unwrap();
    assert_eq!(raw["report"]["ticket"], json!(receipt.ticket), "{raw}");
    let view: ReportView = match serde_json::from_value(raw).unwrap() {
        TicketView::Report(view) => view,
        TicketView::Message(_) => panic!("a report's ticket opened a message"),
    };
    assert_eq!(view.unit_code, "lc-dcf-0012");
    assert_eq!(view.status, ReportStatus::Submitted);
    assert_eq!(view.trail.len(), 1);
    assert!(view.anonymous);
    assert_eq!(Some(view.decision_due), receipt.decision_due);

    // Without the right secret the ticket does not exist.
    for secret in ["", "0000", &other.secret] {
        assert_error(&ticket(&s, &receipt.ticket, secret).await.json().await.unwrap(), "not_found");
    }
}

#[tokio::test]
async fn a_key_reused_for_another_report_is_refused() {
    let s = TestServer::start().await;
    assert_eq!(file(&s, "lc-dcf-0012", Some("k"), &report(json!("anonymous"))).await.status().as_u16(), 201);
    let mut changed = report(json!("anonymous"));
    changed["description"] = json!("完全不同的另一件事情。");
    let response = file(&s, "lc-dcf-0012", Some("k"), &changed).await;
    assert_eq!(response.status().as_u16(), 422);
    assert_error(&response.json().await.unwrap(), "idempotency_key_reused");
}

#[tokio::test]
async fn the_reporters_identity_reaches_no_public_answer() {
    let s = TestServer::start().await;
    let (name, phone) = ("张举报人", "13912345678");
    let receipt: TicketReceipt =
        file(&s, "lc-dcf-0027", Some("named"), &report(json!({"named": {"name": name, "phone": phone}}))).await.json().await.unwrap();
    let follow_up = ticket(&s, &receipt.ticket, &receipt.secret).await.text().await.unwrap();
    let page = s.get("/u/lc-dcf-0027").await.text().await.unwrap();
    let api = s.get("/api/units/lc-dcf-0027").await.text().await.unwrap();
    for text in [&follow_up, &page, &api] {
        assert!(!text.contains(name) && !text.contains(phone), "identity leaked");
    }
    assert!(follow_up.contains(r#""anonymous":false"#));
    // The report itself appears on no public page of the unit either.
    assert!(!page.contains("老鼠跑过") && !api.contains("老鼠跑过"));
}

#[tokio::test]
async fn bad_reports_are_refused_with_the_fields_at_fault() {
    let s = TestServer::start().await;
    let response = file(&s, "lc-dcf-0012", None, &report(json!("anonymous"))).await;
    assert_eq!(response.status().as_u16(), 400, "the Idempotency-Key is required");

    let mut bad = report(json!({"named": {"name": "", "phone": "12"}}));
    bad["description"] = json!("短");
    bad["happened_at"] = json!("昨天中午");
    let response = file(&s, "lc-dcf-0012", Some("bad"), &bad).await;
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "invalid_report");
    assert_eq!(body["error"]["fields"], json!(["description_too_short", "bad_time", "name_missing", "phone_invalid"]));

    // A name over the limit is too long, not missing.
    let long = report(json!({"named": {"name": "名".repeat(mingchu_types::NAME_MAX_CHARS + 1), "phone": "13800000000"}}));
    let response = file(&s, "lc-dcf-0012", Some("long-name"), &long).await;
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "invalid_report");
    assert_eq!(body["error"]["fields"], json!(["name_too_long"]));

    let mut bot = report(json!("anonymous"));
    bot["website"] = json!("http://spam.example");
    assert_eq!(file(&s, "lc-dcf-0012", Some("bot"), &bot).await.status().as_u16(), 400);

    // Sent half a second after the form was opened (or with no time at all): not a person.
    for fill_ms in [json!(500), json!(null)] {
        let mut quick = report(json!("anonymous"));
        quick["fill_ms"] = fill_ms;
        if quick["fill_ms"].is_null() {
            quick.as_object_mut().unwrap().remove("fill_ms");
        }
        let response = file(&s, "lc-dcf-0012", Some("quick"), &quick).await;
        assert_eq!(response.status().as_u16(), 422);
        assert_error(&response.json().await.unwrap(), "too_fast");
    }

    let mut photo = report(json!("anonymous"));
    photo["photos"] = json!(["not-a-photo-of-ours"]);
    assert_eq!(file(&s, "lc-dcf-0012", Some("photo"), &photo).await.status().as_u16(), 400);

    let mut category = report(json!("anonymous"));
    category["category"] = json!("bad_vibes");
    assert_eq!(file(&s, "lc-dcf-0012", Some("cat"), &category).await.status().as_u16(), 422);

    assert_error(&file(&s, "lc-nope-0000", Some("unit"), &report(json!("anonymous"))).await.json().await.unwrap(), "not_found");
}

#[tokio::test]
async fn a_flood_of_reports_from_one_address_is_slowed_down() {
    let s = TestServer::start().await;
    for i in 0..10 {
        let response = file(&s, "lc-dcf-0012", Some(&format!("flood-{i}")), &report(json!("anonymous"))).await;
        assert_eq!(response.status().as_u16(), 201, "report {i} is within the allowance");
    }
    let response = file(&s, "lc-dcf-0012", Some("flood-10"), &report(json!("anonymous"))).await;
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=120).contains(&wait), "{wait}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "rate_limited");
    assert_eq!(body["error"]["retry_after"], json!(wait), "the wait is in the body too, for the app to word");
    // Reading is never limited.
    assert_eq!(s.get("/api/units/lc-dcf-0012").await.status().as_u16(), 200);
}
