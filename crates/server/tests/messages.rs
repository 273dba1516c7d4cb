//! 直通老板 over HTTP: a private message to the owner is sent idempotently and followed up with its
//! secret; it appears in no public answer, and the call-back number in no answer at all.

mod common;

use std::io::Cursor;

use common::{assert_error, TestServer};
use mingchu_types::{MessageStatus, MessageView, PhotoUpload, TicketReceipt, TicketView};
use serde_json::json;

const TEXT: &str = "今天的红烧肉太咸了，孩子说吃不下去，希望改进。";
const PHONE: &str = "139 8765 4321";

fn message(callback_phone: Option<&str>) -> serde_json::Value {
    json!({ "text": TEXT, "callback_phone": callback_phone, "fill_ms": 15_000 })
}

async fn send(s: &TestServer, code: &str, key: Option<&str>, body: &serde_json::Value) -> reqwest::Response {
    let mut request = s.client.post(s.url(&format!("/api/units/{code}/messages"))).json(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

async fn ticket(s: &TestServer, ticket: &str, secret: &str) -> reqwest::Response {
    s.client.get(s.url(&format!("/api/tickets/{ticket}"))).header("x-ticket-secret", secret).send().await.unwrap()
}

/// The message behind a ticket, as its sender sees it.
async fn view(s: &TestServer, receipt: &TicketReceipt) -> MessageView {
    let response = ticket(s, &receipt.ticket, &receipt.secret).await;
    assert_eq!(response.status().as_u16(), 200);
    match response.json().await.unwrap() {
        TicketView::Message(view) => view,
        TicketView::Report(_) => panic!("a message's ticket opened a report"),
    }
}

/// Whether `text` holds the call-back number in any of the ways it might be written.
fn has_phone(text: &str) -> bool {
    text.contains(PHONE) || text.contains(&PHONE.replace(' ', "")) || text.contains("8765") || text.contains("4321")
}

#[tokio::test]
async fn a_message_is_sent_once_and_followed_up_with_its_secret() {
    let s = TestServer::start().await;
    let body = message(Some(PHONE));
    let first = send(&s, "lc-dcf-0012", Some("msg-1"), &body).await;
    assert_eq!(first.status().as_u16(), 201);
    assert!(first.headers().get("set-cookie").is_some_and(|c| c.to_str().unwrap().starts_with("mc_device=")), "a new device gets its cookie");
    let raw = first.text().await.unwrap();
    assert!(!has_phone(&raw), "the number is not in the receipt: {raw}");
    assert!(!raw.contains("decision_due"), "a message has no decision date: {raw}");
    let receipt: TicketReceipt = serde_json::from_str(&raw).unwrap();
    assert!(receipt.ticket.starts_with("LY261129-"), "{}", receipt.ticket);
    assert_eq!(receipt.url, format!("/t/{}#{}", receipt.ticket, receipt.secret));
    assert_eq!(receipt.decision_due, None);

    // The same draft sent again: the same ticket and secret, nothing new sent.
    let again: TicketReceipt = send(&s, "lc-dcf-0012", Some("msg-1"), &body).await.json().await.unwrap();
    assert_eq!(again, receipt);
    let other: TicketReceipt = send(&s, "lc-dcf-0012", Some("msg-2"), &message(None)).await.json().await.unwrap();
    assert_ne!(other.ticket, receipt.ticket, "another draft is another message");

    // The follow-up view: `{"message": {…}}`, whether a call-back was asked for, never the number.
    let raw = ticket(&s, &receipt.ticket, &receipt.secret).await.text().await.unwrap();
    assert!(!has_phone(&raw), "the number leaked into the follow-up view: {raw}");
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["message"]["status"], "sent", "{json}");
    assert_eq!(json["message"]["callback_requested"], true, "{json}");
    let shown = view(&s, &receipt).await;
    assert_eq!((shown.unit_code.as_str(), shown.text.as_str(), shown.status), ("lc-dcf-0012", TEXT, MessageStatus::Sent));
    assert!(shown.callback_requested && shown.photos.is_empty() && shown.read_at.is_none() && shown.reply.is_none());
    assert!(shown.sent_at.ends_with('Z') && shown.sent_at.contains('T'), "{}", shown.sent_at);
    assert!(!view(&s, &other).await.callback_requested, "no number, no call-back");

    // Without the right secret the ticket does not exist.
    for secret in ["", "0000", &other.secret] {
        let response = ticket(&s, &receipt.ticket, secret).await;
        assert_eq!(response.status().as_u16(), 404);
        assert_error(&response.json().await.unwrap(), "not_found");
    }
    assert_eq!(ticket(&s, "LY261129-999999", &receipt.secret).await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_message_carries_its_photos_by_id() {
    let s = TestServer::start().await;
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(64, 48, image::Rgb([200, 80, 40])));
    let mut png = Cursor::new(Vec::new());
    picture.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let response = s.client.post(s.url("/api/photos")).header("content-type", "image/png").body(png.into_inner()).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let photo: PhotoUpload = response.json().await.unwrap();

    let mut body = message(None);
    body["photos"] = json!([photo.id]);
    let receipt: TicketReceipt = send(&s, "lc-dcf-0027", Some("with-photo"), &body).await.json().await.unwrap();
    assert_eq!(view(&s, &receipt).await.photos, vec![photo.id]);
}

#[tokio::test]
async fn a_key_reused_for_another_message_is_refused() {
    let s = TestServer::start().await;
    assert_eq!(send(&s, "lc-dcf-0012", Some("k"), &message(None)).await.status().as_u16(), 201);
    let mut changed = message(None);
    changed["text"] = json!("完全不同的另一条留言内容。");
    let response = send(&s, "lc-dcf-0012", Some("k"), &changed).await;
    assert_eq!(response.status().as_u16(), 422);
    assert_error(&response.json().await.unwrap(), "idempotency_key_reused");
}

#[tokio::test]
async fn bad_messages_are_refused_with_the_fields_at_fault() {
    let s = TestServer::start().await;
    assert_eq!(send(&s, "lc-dcf-0012", None, &message(None)).await.status().as_u16(), 400, "the Idempotency-Key is required");

    let response = send(&s, "lc-dcf-0012", Some("phone"), &message(Some("12345"))).await;
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"], json!(["phone_invalid"]), "{body}");

    let mut short = message(None);
    short["text"] = json!(" 太咸 ");
    let response = send(&s, "lc-dcf-0012", Some("short"), &short).await;
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["fields"], json!(["text_too_short"]), "{body}");

    let mut long = message(None);
    long["text"] = json!("咸".repeat(501));
    let body: serde_json::Value = send(&s, "lc-dcf-0012", Some("long"), &long).await.json().await.unwrap();
    assert_eq!(body["error"]["fields"], json!(["text_too_long"]), "{body}");

    // An empty number is no call-back, not a wrong one.
    let blank: TicketReceipt = send(&s, "lc-dcf-0012", Some("blank"), &message(Some(""))).await.json().await.unwrap();
    assert!(!view(&s, &blank).await.callback_requested);

    let response = send(&s, "lc-nope-0000", Some("unit"), &message(None)).await;
    assert_eq!(response.status().as_u16(), 404);
    assert_error(&response.json().await.unwrap(), "not_found");

    let mut photo = message(None);
    photo["photos"] = json!(["not-a-photo-of-ours"]);
    let response = send(&s, "lc-dcf-0012", Some("photo"), &photo).await;
    assert_eq!(response.status().as_u16(), 400);
    assert_error(&response.json().await.unwrap(), "unknown_photo");

    let mut bot = message(None);
    bot["website"] = json!("http://spam.example");
    assert_eq!(send(&s, "lc-dcf-0012", Some("bot"), &bot).await.status().as_u16(), 400);

    let mut quick = message(None);
    quick["fill_ms"] = json!(500);
    let response = send(&s, "lc-dcf-0012", Some("quick"), &quick).await;
    assert_eq!(response.status().as_u16(), 422);
    assert_error(&response.json().await.unwrap(), "too_fast");

    let response = s
        .client
        .post(s.url("/api/units/lc-dcf-0012/messages"))
        .header("idempotency-key", "huge")
        .json(&json!({"text": "x".repeat(20_000)}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413, "the body limit of a form");
}

#[tokio::test]
async fn a_message_appears_in_no_public_answer() {
    let s = TestServer::start().await;
    let receipt: TicketReceipt = send(&s, "lc-dcf-0027", Some("private"), &message(Some(PHONE))).await.json().await.unwrap();
    assert!(receipt.ticket.starts_with("LY"));
    let public = [
        s.get("/api/units/lc-dcf-0027").await.text().await.unwrap(),
        s.get("/api/units/lc-dcf-0027/reviews").await.text().await.unwrap(),
        s.get("/api/units?q=lc-dcf-0027").await.text().await.unwrap(),
        s.html("/u/lc-dcf-0027", 200).await,
    ];
    for text in &public {
        assert!(!text.contains("红烧肉太咸"), "the message leaked into a public answer");
        assert!(!text.contains(PHONE) && !text.contains(&PHONE.replace(' ', "")), "the number leaked into a public answer");
        assert!(!text.contains(&receipt.ticket), "the ticket leaked into a public answer");
    }
}
