//! Public answers a shared cache can keep (issue 16): what may be `public` is the same for every reader,
//! with or without the device cookie; it carries a strong `ETag` and answers `304`; the server keeps it
//! until a write that may change it or its age, and never longer.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::TestServer;
use mingchu_server::Clock;
use mingchu_types::{Route, UnitPage, PUBLIC_CACHE_CONTROL};
use serde_json::json;

const UNIT: &str = "lc-dcf-0012";

/// The device cookie the app's first ask of a unit's own part gives.
async fn device(s: &TestServer) -> String {
    let response = s.get(&format!("/api/units/{UNIT}/mine")).await;
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// A GET with `cookie` (if any) and no redirects followed: its status, headers and body.
async fn fetch(s: &TestServer, path: &str, cookie: Option<&str>) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut request = client.get(s.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers.get(name).map_or("", |v| v.to_str().unwrap())
}

/// Every page and every public GET of the API, with a unit that has everything (a school canteen with
/// cameras, kitchen records, reviews, menus).
async fn every_public_address(s: &TestServer) -> Vec<String> {
    let list = s.json(&format!("/api/units/{UNIT}/inspections"), 200).await;
    let sheet = list["items"][0]["id"].to_string();
    let mut paths: Vec<String> = Route::every(UNIT, &sheet).iter().map(Route::path).collect();
    paths.extend([
        "/?q=%E9%A3%9F%E5%A0%82".to_owned(),
        format!("/u/{UNIT}?lang=en"),
        "/near?lat=36.445&lng=115.978&datum=wgs84".to_owned(),
        "/near?region=371502".to_owned(),
    ]);
    paths.extend(["/api/near?lat=36.445&lng=115.978".to_owned(), "/api/near?region=3715&kind=school_canteen".to_owned()]);
    let api = |rest: &str| format!("/api/units/{UNIT}{rest}");
    paths.extend(["/api/units?q=%E9%A3%9F%E5%A0%82".to_owned(), api(""), api("/mine"), api("/inspections"), api(&format!("/inspections/{sheet}"))]);
    paths.extend(["/reviews", "/cameras", "/today", "/school/menu", "/school/meals", "/school/fees", "/school/survey", "/watch"].map(api));
    paths
}

#[tokio::test]
async fn no_answer_that_varies_with_the_device_is_public_and_public_ones_are_alike_for_all() {
    let s = TestServer::start_with(|c| c.min_vote_age_secs = 0).await;
    let cookie = device(&s).await;
    // This device votes and writes a review that is held (a phone number in it): its own part exists.
    let vote = s
        .client
        .post(s.url(&format!("/api/units/{UNIT}/ratings")))
        .header("cookie", &cookie)
        .json(&json!({ "smiley": "satisfied" }))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status().as_u16(), 200);
    let review = s
        .client
        .post(s.url(&format!("/api/units/{UNIT}/reviews")))
        .header("cookie", &cookie)
        .header("idempotency-key", "held-1")
        .json(&json!({ "text": "加我 139 1234 5678 有优惠", "fill_ms": 9000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(review.status().as_u16(), 201);

    let mut public = vec![];
    for path in every_public_address(&s).await {
        let (status, headers, body) = fetch(&s, &path, None).await;
        let (_, with_headers, with_body) = fetch(&s, &path, Some(&cookie)).await;
        let cache = header(&headers, "cache-control");
        for (h, what) in [(&headers, "without"), (&with_headers, "with")] {
            if header(h, "cache-control").contains("public") {
                assert!(h.get("set-cookie").is_none(), "{path} ({what} the cookie) is public and sets a cookie");
                assert!(!header(h, "vary").to_ascii_lowercase().contains("cookie"), "{path} ({what}) is public and varies on the cookie");
            }
            if h.get("set-cookie").is_some() {
                assert!(header(h, "cache-control").starts_with("private") || header(h, "cache-control") == "no-store", "{path} ({what})");
            }
        }
        if cache.contains("public") {
            public.push(path.clone());
            assert_eq!(status, 200, "{path}");
            assert_eq!(cache, PUBLIC_CACHE_CONTROL, "{path}");
            assert_eq!(header(&with_headers, "cache-control"), cache, "{path}");
            assert_eq!(body, with_body, "{path}: the public answer differs for the device");
            let text = String::from_utf8_lossy(&body);
            assert!(!text.contains("139 1234 5678") && !text.contains("\"mine\""), "{path} holds the device's own part");
        }
    }
    // The records every scan opens are public, in both languages; the rest was checked above.
    let api = format!("/api/units/{UNIT}");
    for path in [
        api.clone(),
        format!("{api}/inspections"),
        format!("{api}/reviews"),
        format!("{api}/cameras"),
        format!("/u/{UNIT}"),
        format!("/u/{UNIT}?lang=en"),
    ] {
        assert!(public.contains(&path), "{path} is not public: {public:?}");
    }
    for page in ["licence", "inspections", "reviews", "live", "today", "menu", "meals", "fees"] {
        assert!(public.contains(&format!("/u/{UNIT}/{page}")), "/u/{UNIT}/{page} is not public: {public:?}");
    }

    // The device's own part is in its answer alone.
    let mine = s.client.get(s.url(&format!("/api/units/{UNIT}/mine"))).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(mine.headers()["cache-control"], "private, no-store");
    let mine: serde_json::Value = mine.json().await.unwrap();
    assert_eq!(mine["vote"], "satisfied");
    assert!(mine["items"][0]["text"].as_str().unwrap().contains("139 1234 5678"));
    assert_eq!(mine["items"][0]["own"]["state"], "held");
    let nobody: serde_json::Value = s.json(&format!("/api/units/{UNIT}/mine"), 200).await;
    assert_eq!(nobody, json!({ "items": [] }));
    assert_eq!(s.get("/api/units/lc-nope-0000/mine").await.status().as_u16(), 404);
}

#[tokio::test]
async fn a_public_answer_has_a_strong_etag_per_coding_and_a_304() {
    let s = TestServer::start().await;
    for path in [format!("/api/units/{UNIT}"), format!("/u/{UNIT}"), format!("/u/{UNIT}/inspections")] {
        let first = s.client.get(s.url(&path)).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(first.status().as_u16(), 200);
        assert_eq!(first.headers()["content-encoding"], "br", "{path}");
        assert_eq!(first.headers()["vary"], "Accept-Encoding");
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(tag.starts_with('"') && tag.ends_with("-br\""), "{path}: strong, per coding: {tag}");
        let body = first.bytes().await.unwrap();

        let again = s.client.get(s.url(&path)).header("accept-encoding", "br").header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(again.headers()["etag"], tag.as_str());
        assert_eq!(again.headers()["cache-control"], PUBLIC_CACHE_CONTROL);
        assert!(again.bytes().await.unwrap().is_empty());

        // Another coding is another representation with its own tag; the same bytes otherwise.
        let identity = s.client.get(s.url(&path)).header("accept-encoding", "identity").header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(identity.status().as_u16(), 200, "{path}: the br tag does not match the identity answer");
        assert!(identity.headers().get("content-encoding").is_none());
        let plain_tag = identity.headers()["etag"].to_str().unwrap().to_owned();
        assert_ne!(plain_tag, tag);
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(&body[..], 4096), &mut unpacked).unwrap();
        assert_eq!(unpacked, identity.bytes().await.unwrap().to_vec(), "{path}");
    }
}

#[tokio::test]
async fn after_a_write_the_next_read_shows_it_and_without_one_the_answer_lasts_its_age() {
    let now = Arc::new(AtomicI64::new(1_795_924_800_000)); // 2026-11-29 12:00 China time
    let s = TestServer::start_with(|c| {
        c.clock = Clock::Manual(now.clone());
        c.min_vote_age_secs = 0;
    })
    .await;
    let ratings = |s: &TestServer| {
        let s = s.url(&format!("/api/units/{UNIT}"));
        async move { serde_json::from_value::<UnitPage>(reqwest::get(s).await.unwrap().json().await.unwrap()).unwrap().ratings }
    };
    let before = ratings(&s).await;
    let page = s.html(&format!("/u/{UNIT}"), 200).await;

    // A vote: the summary and the painted page show it at once.
    let cookie = device(&s).await;
    let vote = s
        .client
        .post(s.url(&format!("/api/units/{UNIT}/ratings")))
        .header("cookie", &cookie)
        .json(&json!({ "smiley": "neutral" }))
        .send()
        .await
        .unwrap();
    assert_eq!(vote.status().as_u16(), 200);
    assert_eq!(ratings(&s).await.neutral, before.neutral + 1);
    assert_ne!(s.html(&format!("/u/{UNIT}"), 200).await, page);

    // A review published: the reviews' first page shows it at once.
    let reviews = s.json(&format!("/api/units/{UNIT}/reviews"), 200).await;
    let posted = s
        .client
        .post(s.url(&format!("/api/units/{UNIT}/reviews")))
        .header("cookie", &cookie)
        .header("idempotency-key", "r-1")
        .json(&json!({ "text": "窗口干净，饭菜热乎。", "fill_ms": 9000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status().as_u16(), 201);
    let after = s.json(&format!("/api/units/{UNIT}/reviews"), 200).await;
    assert_eq!(after["items"].as_array().unwrap().len(), reviews["items"].as_array().unwrap().len() + 1);
    assert!(s.html(&format!("/u/{UNIT}/reviews"), 200).await.contains("窗口干净，饭菜热乎。"));

    // What changes without a write through this server (another server's, the clock's) shows once the
    // answer's age is over, not before.
    assert!(!s.html(&format!("/u/{UNIT}"), 200).await.contains("另一个名字食堂"));
    let stored = s.store.unit(UNIT).await.unwrap().unwrap();
    let mut data = mingchu_server::demo::demo_units(s.today).into_iter().find(|u| u.unit.code == UNIT).unwrap();
    data.unit.name = "另一个名字食堂".to_owned();
    assert_ne!(stored.unit.name, data.unit.name);
    s.store.put_unit(&data).await.unwrap();
    assert!(!s.html(&format!("/u/{UNIT}"), 200).await.contains("另一个名字食堂"), "kept for its age");
    now.fetch_add(9_000, Ordering::SeqCst);
    assert!(!s.html(&format!("/u/{UNIT}"), 200).await.contains("另一个名字食堂"));
    now.fetch_add(1_000, Ordering::SeqCst);
    assert!(s.html(&format!("/u/{UNIT}"), 200).await.contains("另一个名字食堂"), "ten seconds later");
    assert!(s.json(&format!("/api/units/{UNIT}"), 200).await["unit"]["name"] == "另一个名字食堂");
}
