//! Stuffing the diners' voice, tried as a script would: votes without having opened the page, votes
//! from a page opened moments ago, a burst of fresh devices on one unit, many reviews from one address.
//! The clock is the test's (`Clock::Manual`): nothing sleeps.

mod common;

use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::{assert_error, TestServer};
use mingchu_server::demo::DEMO_PASSWORD;
use mingchu_server::Clock;
use mingchu_types::{HeldVotesList, HoldReason, ModerationList, RatingSummary, ReviewReceipt, ReviewState, UnitPage};
use serde_json::json;

const UNIT: &str = "lc-gt-0004";

/// A server on a clock the test moves, behind a "proxy" (this machine) whose `X-Forwarded-For`
/// names the client, so each simulated diner can have an address of its own.
async fn server() -> (TestServer, Arc<AtomicI64>) {
    let noon = Clock::Fixed("2026-11-29".parse().unwrap()).now_ms();
    let clock = Arc::new(AtomicI64::new(noon));
    let manual = clock.clone();
    let s = TestServer::start_with(move |c| {
        c.clock = Clock::Manual(manual);
        c.trusted_proxies = vec![IpAddr::from([127, 0, 0, 1])];
    })
    .await;
    (s, clock)
}

fn wait(clock: &AtomicI64, secs: f64) {
    clock.fetch_add((secs * 1000.0) as i64, Ordering::SeqCst);
}

/// Opens the unit's page from `address` as the app does (its own part after first paint); returns the
/// device cookie it hands out.
async fn open_page(s: &TestServer, address: &str) -> String {
    let response = s.client.get(s.url(&format!("/api/units/{UNIT}/mine"))).header("x-forwarded-for", address).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let set_cookie = response.headers()["set-cookie"].to_str().expect("the page hands out a device cookie");
    set_cookie.split(';').next().unwrap().to_owned()
}

/// Votes "unsatisfied" from `address`, with `cookie` if any: the status, whether a cookie came back,
/// and the body.
async fn vote(s: &TestServer, address: &str, cookie: Option<&str>) -> (u16, bool, serde_json::Value) {
    let mut request = s
        .client
        .post(s.url(&format!("/api/units/{UNIT}/ratings")))
        .header("x-forwarded-for", address)
        .header("content-type", "application/json")
        .body(r#"{"smiley":"unsatisfied"}"#);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let cookie_given = response.headers().get("set-cookie").is_some();
    (status, cookie_given, response.json().await.unwrap())
}

async fn public_ratings(s: &TestServer) -> RatingSummary {
    serde_json::from_value::<UnitPage>(s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap().ratings
}

/// A regulator of the demo data: its session cookie and CSRF token.
async fn regulator(s: &TestServer, username: &str) -> (String, String) {
    let response =
        s.client.post(s.url("/api/staff/session/regulator")).json(&json!({ "username": username, "password": DEMO_PASSWORD })).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let view: serde_json::Value = response.json().await.unwrap();
    (cookie, view["csrf"].as_str().unwrap().to_owned())
}

async fn staff(s: &TestServer, who: &(String, String), post: bool, path: &str) -> reqwest::Response {
    let url = s.url(&format!("/api/staff{path}"));
    let request = if post { s.client.post(url) } else { s.client.get(url) };
    request.header("cookie", &who.0).header("x-csrf-token", &who.1).send().await.unwrap()
}

#[tokio::test]
async fn forty_votes_without_opening_the_page_count_for_nothing() {
    let (s, _) = server().await;
    for _ in 0..40 {
        let (status, cookie_given, body) = vote(&s, "203.0.113.7", None).await;
        assert_eq!(status, 403);
        assert!(!cookie_given, "a vote never hands out the cookie a vote needs");
        assert_error(&body, "vote_too_soon");
    }
    assert_eq!(public_ratings(&s).await, RatingSummary::default());
}

#[tokio::test]
async fn a_page_opened_moments_ago_cannot_vote_yet() {
    let (s, clock) = server().await;
    let cookie = open_page(&s, "203.0.113.7").await;
    wait(&clock, 2.0);
    let (status, _, body) = vote(&s, "203.0.113.7", Some(&cookie)).await;
    assert_eq!(status, 403);
    assert_error(&body, "vote_too_soon");
    wait(&clock, 3.0);
    let (status, _, body) = vote(&s, "203.0.113.7", Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!((body["unsatisfied"].as_u64(), body["mine"].as_str()), (Some(1), Some("unsatisfied")));
    // Opening the page again keeps the cookie: its age is not reset.
    let again = s.client.get(s.url(&format!("/api/units/{UNIT}/mine"))).header("cookie", &cookie).send().await.unwrap();
    assert!(again.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn a_burst_of_fresh_devices_is_held_until_a_regulator_lets_it_in() {
    let (s, clock) = server().await;
    let before = public_ratings(&s).await;
    // Forty devices, each from an address of its own, open the page over forty seconds…
    let mut devices = Vec::new();
    for i in 0..40 {
        let address = format!("198.51.100.{i}");
        devices.push((open_page(&s, &address).await, address));
        wait(&clock, 1.0);
    }
    wait(&clock, 5.0);
    // …and all vote within twenty seconds.
    let mut last = serde_json::Value::Null;
    for (cookie, address) in &devices {
        let (status, cookie_given, body) = vote(&s, address, Some(cookie)).await;
        assert_eq!(status, 200, "{body}");
        assert!(!cookie_given);
        last = body;
        wait(&clock, 0.5);
    }
    assert_eq!(last["held"].as_u64(), Some(40), "{last}");
    let held = public_ratings(&s).await;
    assert_eq!((held.total(), held.held), (before.total(), 40), "the whole burst is held, the public count unchanged");
    let page = s.html(&format!("/u/{UNIT}"), 200).await;
    assert!(page.contains("近期有 40 个打分待核实，暂未计入"), "the page says so");
    assert!(s.html(&format!("/u/{UNIT}?lang=en"), 200).await.contains("40 recent ratings are being checked"));

    // Once the window has passed, a vote counts again.
    wait(&clock, 11.0 * 60.0);
    let cookie = open_page(&s, "192.0.2.1").await;
    wait(&clock, 6.0);
    assert_eq!(vote(&s, "192.0.2.1", Some(&cookie)).await.0, 200);
    let after = public_ratings(&s).await;
    assert_eq!((after.unsatisfied, after.held), (1, 40));

    // The regulator sees the unit with its held votes; a station of another region cannot touch them.
    let city = regulator(&s, "liaocheng").await;
    let list: HeldVotesList = staff(&s, &city, false, "/regulator/ratings").await.json().await.unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!((list.items[0].unit_code.as_str(), list.items[0].unsatisfied), (UNIT, 40));
    let station = regulator(&s, "gulou").await;
    assert_eq!(staff(&s, &station, false, "/regulator/ratings").await.json::<HeldVotesList>().await.unwrap().items.len(), 0);
    assert_eq!(staff(&s, &station, true, &format!("/regulator/ratings/{UNIT}/admit")).await.status().as_u16(), 404);
    // Let in, they count.
    assert_eq!(staff(&s, &city, true, &format!("/regulator/ratings/{UNIT}/admit")).await.status().as_u16(), 204);
    let counted = public_ratings(&s).await;
    assert_eq!((counted.unsatisfied, counted.held), (41, 0));
    assert!(!s.html(&format!("/u/{UNIT}"), 200).await.contains("待核实"));
    assert!(s.html(&format!("/u/{UNIT}"), 200).await.contains("基于近 90 天 41 个打分"), "the page says what the counts rest on");
    assert_eq!(staff(&s, &city, true, &format!("/regulator/ratings/{UNIT}/admit")).await.status().as_u16(), 404, "nothing is held any more");
}

#[tokio::test]
async fn many_votes_from_one_address_are_held_and_can_be_discarded() {
    let (s, clock) = server().await;
    let mut cookies = Vec::new();
    for _ in 0..11 {
        cookies.push(open_page(&s, "203.0.113.9").await);
    }
    wait(&clock, 6.0);
    for (i, cookie) in cookies.iter().enumerate() {
        let (status, _, body) = vote(&s, "203.0.113.9", Some(cookie)).await;
        assert_eq!(status, 200);
        // Ten from one address are a canteen's Wi-Fi; the eleventh makes a burst.
        let expected = if i < 10 { (i as u64 + 1, 0) } else { (0, 11) };
        assert_eq!((body["unsatisfied"].as_u64().unwrap(), body["held"].as_u64().unwrap_or(0)), expected, "vote {i}");
        wait(&clock, 10.0);
    }
    let city = regulator(&s, "liaocheng").await;
    assert_eq!(staff(&s, &city, true, &format!("/regulator/ratings/{UNIT}/discard")).await.status().as_u16(), 204);
    assert_eq!(public_ratings(&s).await, RatingSummary::default(), "discarded votes never count");
    // A discarded device voting again that day stays discarded.
    assert_eq!(vote(&s, "203.0.113.9", Some(&cookies[0])).await.2["held"].as_u64(), None);
    assert_eq!(public_ratings(&s).await.total(), 0);
}

async fn review(s: &TestServer, address: &str, n: u32) -> ReviewReceipt {
    let response = s
        .client
        .post(s.url("/api/units/lc-dcf-0027/reviews"))
        .header("idempotency-key", format!("review-{address}-{n}"))
        .header("x-forwarded-for", address)
        .json(&json!({ "text": format!("第{n}条评价：饭菜一般般"), "fill_ms": 6000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn many_reviews_from_one_address_are_held_beyond_the_threshold() {
    let (s, clock) = server().await;
    let mut states = Vec::new();
    // Four in four minutes: more than three an hour from one address.
    for n in 0..4 {
        states.push(review(&s, "203.0.113.5", n).await.state);
        wait(&clock, 60.0);
    }
    assert_eq!(states, [ReviewState::Published, ReviewState::Published, ReviewState::Published, ReviewState::Held]);
    // Spread out over the day: the seventh of the day from that address is held.
    wait(&clock, 3600.0);
    let mut later = Vec::new();
    for n in 4..7 {
        later.push(review(&s, "203.0.113.5", n).await.state);
        wait(&clock, 25.0 * 60.0);
    }
    assert_eq!(later, [ReviewState::Published, ReviewState::Published, ReviewState::Held]);
    // Another address is not held for it.
    assert_eq!(review(&s, "198.51.100.5", 0).await.state, ReviewState::Published);

    // The regulator sees why they were held.
    let city = regulator(&s, "liaocheng").await;
    let held: ModerationList = staff(&s, &city, false, "/regulator/reviews?state=held").await.json().await.unwrap();
    assert_eq!(held.items.len(), 2);
    assert!(held.items.iter().all(|r| r.hold_reason == Some(HoldReason::AddressBurst)));
}
