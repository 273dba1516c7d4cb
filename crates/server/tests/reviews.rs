//! Reviews over HTTP: published or held for moderation, listed newest first, posted idempotently.

mod common;

use common::{assert_error, TestServer};
use mingchu_types::{ReviewList, ReviewReceipt, ReviewState};
use serde_json::json;

async fn post(s: &TestServer, code: &str, key: &str, body: &serde_json::Value) -> reqwest::Response {
    s.client.post(s.url(&format!("/api/units/{code}/reviews"))).header("idempotency-key", key).json(body).send().await.unwrap()
}

async fn list(s: &TestServer, path: &str) -> ReviewList {
    serde_json::from_value(s.json(path, 200).await).unwrap()
}

#[tokio::test]
async fn reviews_are_published_newest_first_and_adverts_are_held() {
    let s = TestServer::start().await;
    let first: ReviewReceipt = post(&s, "lc-dcf-0027", "a", &json!({"text": "饭菜干净，孩子爱吃。", "smiley": "satisfied"})).await.json().await.unwrap();
    assert_eq!(first.state, ReviewState::Published);
    let second: ReviewReceipt = post(&s, "lc-dcf-0027", "b", &json!({"text": "今天的汤有点咸。"})).await.json().await.unwrap();
    let advert: ReviewReceipt = post(&s, "lc-dcf-0027", "c", &json!({"text": "便宜外卖加微信 139 1234 5678"})).await.json().await.unwrap();
    assert_eq!(advert.state, ReviewState::Held);
    let link: ReviewReceipt = post(&s, "lc-dcf-0027", "d", &json!({"text": "更多看 www.example.cn"})).await.json().await.unwrap();
    assert_eq!(link.state, ReviewState::Held);

    let shown = list(&s, "/api/units/lc-dcf-0027/reviews").await;
    assert_eq!(shown.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![second.id, first.id], "held reviews are not shown");
    assert_eq!(shown.items[1].smiley, Some(mingchu_types::Smiley::Satisfied));

    // Paging by cursor.
    let page = list(&s, "/api/units/lc-dcf-0027/reviews?limit=1").await;
    assert_eq!(page.items[0].id, second.id);
    let next = list(&s, &format!("/api/units/lc-dcf-0027/reviews?limit=1&cursor={}", page.next_cursor.unwrap())).await;
    assert_eq!(next.items[0].id, first.id);
    assert_eq!(next.next_cursor, None);
}

#[tokio::test]
async fn a_burst_of_reviews_for_one_unit_is_held() {
    let s = TestServer::start().await;
    let mut states = Vec::new();
    for i in 0..7 {
        let receipt: ReviewReceipt = post(&s, "lc-dcf-0012", &format!("burst-{i}"), &json!({"text": format!("第{i}条：非常好非常好")})).await.json().await.unwrap();
        states.push(receipt.state);
    }
    assert_eq!(states[..5], [ReviewState::Published; 5]);
    assert_eq!(states[5..], [ReviewState::Held; 2]);
    assert_eq!(list(&s, "/api/units/lc-dcf-0012/reviews").await.items.len(), 5);
}

#[tokio::test]
async fn a_repeat_is_answered_once_and_bad_reviews_are_refused() {
    let s = TestServer::start().await;
    let body = json!({"text": "服务热情，环境整洁。"});
    let first: ReviewReceipt = post(&s, "lc-dcf-0012", "same", &body).await.json().await.unwrap();
    let again: ReviewReceipt = post(&s, "lc-dcf-0012", "same", &body).await.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(list(&s, "/api/units/lc-dcf-0012/reviews").await.items.len(), 1);
    let reused = post(&s, "lc-dcf-0012", "same", &json!({"text": "另一条完全不同的评价"})).await;
    assert_eq!(reused.status().as_u16(), 422);
    assert_error(&reused.json().await.unwrap(), "idempotency_key_reused");

    let short = post(&s, "lc-dcf-0012", "short", &json!({"text": "好"})).await;
    assert_eq!(short.status().as_u16(), 422);
    let body: serde_json::Value = short.json().await.unwrap();
    assert_eq!(body["error"]["fields"], json!(["text_too_short"]));
    // All text is data: markup is stored and returned as text, never interpreted here.
    let html: ReviewReceipt = post(&s, "lc-dcf-0012", "html", &json!({"text": "<script>alert(1)</script> 好吃"})).await.json().await.unwrap();
    let shown = list(&s, "/api/units/lc-dcf-0012/reviews").await;
    assert_eq!(shown.items[0].id, html.id);
    assert_eq!(shown.items[0].text, "<script>alert(1)</script> 好吃");
    assert_error(&s.json("/api/units/lc-nope-0000/reviews", 404).await, "not_found");
}
