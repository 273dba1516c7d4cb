//! Reviews over HTTP: published or held for moderation, listed newest first, posted idempotently.

mod common;

use common::{assert_error, TestServer};
use mingchu_types::{ReviewList, ReviewReceipt, ReviewState};
use serde_json::json;

async fn post(s: &TestServer, code: &str, key: &str, body: &serde_json::Value) -> reqwest::Response {
    post_as(s, None, code, key, body).await
}

/// Posts a review from the browser holding `cookie` (none: a browser seen for the first time).
async fn post_as(s: &TestServer, cookie: Option<&str>, code: &str, key: &str, body: &serde_json::Value) -> reqwest::Response {
    let mut request = s.client.post(s.url(&format!("/api/units/{code}/reviews"))).header("idempotency-key", key).json(body);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// The `name=value` part of a response's `Set-Cookie`, if it has one.
fn set_cookie(response: &reqwest::Response) -> Option<String> {
    response.headers().get("set-cookie").map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
}

async fn list(s: &TestServer, path: &str) -> ReviewList {
    serde_json::from_value(s.json(path, 200).await).unwrap()
}

#[tokio::test]
async fn reviews_are_published_newest_first_and_adverts_are_held() {
    let s = TestServer::start().await;
    let first: ReviewReceipt =
        post(&s, "lc-dcf-0027", "a", &json!({"text": "饭菜干净，孩子爱吃。", "smiley": "satisfied", "fill_ms": 6000})).await.json().await.unwrap();
    assert_eq!(first.state, ReviewState::Published);
    let second: ReviewReceipt = post(&s, "lc-dcf-0027", "b", &json!({"text": "今天的汤有点咸。", "fill_ms": 6000})).await.json().await.unwrap();
    let advert: ReviewReceipt =
        post(&s, "lc-dcf-0027", "c", &json!({"text": "便宜外卖加微信 139 1234 5678", "fill_ms": 6000})).await.json().await.unwrap();
    assert_eq!(advert.state, ReviewState::Held);
    let link: ReviewReceipt = post(&s, "lc-dcf-0027", "d", &json!({"text": "更多看 www.example.cn", "fill_ms": 6000})).await.json().await.unwrap();
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
    // Each from an address of its own (named by a trusted proxy), so that only the unit's burst counts.
    let s = TestServer::start_with(|c| c.trusted_proxies = vec![std::net::IpAddr::from([127, 0, 0, 1])]).await;
    let mut states = Vec::new();
    for i in 0..7 {
        let receipt: ReviewReceipt = s
            .client
            .post(s.url("/api/units/lc-dcf-0012/reviews"))
            .header("idempotency-key", format!("burst-{i}"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"text": format!("第{i}条：非常好非常好"), "fill_ms": 6000}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        states.push(receipt.state);
    }
    assert_eq!(states[..5], [ReviewState::Published; 5]);
    assert_eq!(states[5..], [ReviewState::Held; 2]);
    assert_eq!(list(&s, "/api/units/lc-dcf-0012/reviews").await.items.len(), 5);
}

#[tokio::test]
async fn a_repeat_is_answered_once_and_bad_reviews_are_refused() {
    let s = TestServer::start().await;
    let body = json!({"text": "服务热情，环境整洁。", "fill_ms": 6000});
    let first: ReviewReceipt = post(&s, "lc-dcf-0012", "same", &body).await.json().await.unwrap();
    let again: ReviewReceipt = post(&s, "lc-dcf-0012", "same", &body).await.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(list(&s, "/api/units/lc-dcf-0012/reviews").await.items.len(), 1);
    let reused = post(&s, "lc-dcf-0012", "same", &json!({"text": "另一条完全不同的评价", "fill_ms": 6000})).await;
    assert_eq!(reused.status().as_u16(), 422);
    assert_error(&reused.json().await.unwrap(), "idempotency_key_reused");

    let short = post(&s, "lc-dcf-0012", "short", &json!({"text": "好", "fill_ms": 6000})).await;
    assert_eq!(short.status().as_u16(), 422);
    let body: serde_json::Value = short.json().await.unwrap();
    assert_eq!(body["error"]["fields"], json!(["text_too_short"]));
    // All text is data: markup is stored and returned as text, never interpreted here.
    let html: ReviewReceipt =
        post(&s, "lc-dcf-0012", "html", &json!({"text": "<script>alert(1)</script> 好吃", "fill_ms": 6000})).await.json().await.unwrap();
    let shown = list(&s, "/api/units/lc-dcf-0012/reviews").await;
    assert_eq!(shown.items[0].id, html.id);
    assert_eq!(shown.items[0].text, "<script>alert(1)</script> 好吃");
    assert_error(&s.json("/api/units/lc-nope-0000/reviews", 404).await, "not_found");
}

#[tokio::test]
async fn a_review_sent_faster_than_a_person_could_write_it_is_refused() {
    let s = TestServer::start().await;
    for (key, body) in [("quick", json!({"text": "饭菜干净，孩子爱吃。", "fill_ms": 500})), ("untimed", json!({"text": "饭菜干净，孩子爱吃。"}))]
    {
        let response = post(&s, "lc-dcf-0012", key, &body).await;
        assert_eq!(response.status().as_u16(), 422, "{key}");
        assert_error(&response.json().await.unwrap(), "too_fast");
    }
    let body = json!({"text": "饭菜干净，孩子爱吃。", "fill_ms": mingchu_types::MIN_FILL_MS});
    assert_eq!(post(&s, "lc-dcf-0012", "just-in-time", &body).await.status().as_u16(), 201);
    assert_eq!(list(&s, "/api/units/lc-dcf-0012/reviews").await.items.len(), 1, "refused reviews are not stored");
}

#[tokio::test]
async fn one_device_is_slowed_down_while_others_behind_the_same_address_are_not() {
    let s = TestServer::start().await;
    let review = |i: u32| json!({"text": format!("第{i}次来吃，味道不错。"), "fill_ms": 9000});
    // A browser's first write gives it its device cookie; later ones keep it.
    let first = post_as(&s, None, "lc-dcf-0012", "first", &review(0)).await;
    assert_eq!(first.status().as_u16(), 201);
    let cookie = set_cookie(&first).expect("a new device gets its cookie with its first write");
    assert!(cookie.starts_with("mc_device="));

    // Three reviews at once from one device, well within the address's allowance...
    for i in 1..=3 {
        let response = post_as(&s, Some(&cookie), "lc-dcf-0012", &format!("dev-{i}"), &review(i)).await;
        assert_eq!(response.status().as_u16(), 201, "review {i}");
        assert_eq!(set_cookie(&response), None, "a known device keeps its cookie");
    }
    // ...and the fourth must wait, told how long in the header and in the body.
    let limited = post_as(&s, Some(&cookie), "lc-dcf-0012", "dev-4", &review(4)).await;
    assert_eq!(limited.status().as_u16(), 429);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&wait), "{wait}");
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_error(&body, "rate_limited");
    assert_eq!(body["error"]["retry_after"], json!(wait));

    // Another diner at the next table, on the same address, is not held back.
    let neighbour = post_as(&s, None, "lc-dcf-0012", "neighbour", &review(5)).await;
    assert_eq!(neighbour.status().as_u16(), 201);
    let other_cookie = set_cookie(&neighbour).expect("a cookie for the neighbour");
    assert_ne!(other_cookie, cookie);
    let again = post_as(&s, Some(&other_cookie), "lc-dcf-0012", "neighbour-2", &review(6)).await;
    assert_eq!(again.status().as_u16(), 201);
}
