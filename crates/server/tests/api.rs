//! The public JSON API over HTTP, against a real temporary SQLite database with the demo data.

mod common;

use std::collections::HashSet;

use common::{assert_error, TestServer};
use mingchu_server::store::NewVote;
use mingchu_types::{InspectionList, InspectionSheet, UnitList, UnitPage};

#[tokio::test]
async fn health() {
    let s = TestServer::start().await;
    assert_eq!(s.json("/healthz", 200).await["status"], "ok");
}

#[tokio::test]
async fn list_pages_through_every_unit_exactly_once() {
    let s = TestServer::start().await;
    let total = mingchu_server::demo::demo_units(s.today).len();
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/units?limit=5&cursor={c}"),
            None => "/api/units?limit=5".to_owned(),
        };
        let list: UnitList = serde_json::from_value(s.json(&path, 200).await).unwrap();
        assert!(list.items.len() <= 5);
        for item in &list.items {
            assert!(seen.insert(item.code.clone()), "{} listed twice", item.code);
        }
        pages += 1;
        match list.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen.len(), total);
    assert_eq!(pages, total.div_ceil(5));
}

#[tokio::test]
async fn search_matches_one_and_two_chinese_characters() {
    let s = TestServer::start().await;
    let search = |q: &'static str| {
        let s = &s;
        async move {
            let path = format!("/api/units?q={}&limit=50", mingchu_types::percent_encode(q));
            let list: UnitList = serde_json::from_value(s.json(&path, 200).await).unwrap();
            list.items.into_iter().map(|u| u.name).collect::<Vec<_>>()
        }
    };
    let one = search("园").await;
    assert!(!one.is_empty() && one.iter().all(|n| n.contains('园')), "{one:?}");
    let two = search("小学").await;
    assert!(!two.is_empty() && two.iter().all(|n| n.contains("小学")), "{two:?}");
    assert!(two.len() < one.len() + two.len());
    assert_eq!(search("实验小学食堂").await, vec!["聊城市东昌府区实验小学食堂".to_owned()]);
    assert!(search("没有这样的单位").await.is_empty());
    // Wildcards are matched literally, not as LIKE patterns.
    assert!(search("%").await.is_empty());
    assert!(search("_").await.is_empty());
    // A unit code finds its unit too.
    assert_eq!(search("lc-dcf-0012").await.len(), 1);
}

#[tokio::test]
async fn list_rejects_bad_parameters_with_json_400() {
    let s = TestServer::start().await;
    let long = "食".repeat(51);
    for path in [
        format!("/api/units?q={}", mingchu_types::percent_encode(&long)),
        "/api/units?limit=0".to_owned(),
        "/api/units?limit=51".to_owned(),
        "/api/units?limit=ten".to_owned(),
        "/api/units?cursor=forged".to_owned(),
        "/api/units/lc-dcf-0012/inspections?cursor=2026-13-01.4".to_owned(),
        "/api/units/lc-dcf-0012/inspections?limit=-3".to_owned(),
    ] {
        assert_error(&s.json(&path, 400).await, "bad_request");
    }
}

#[tokio::test]
async fn unit_page_has_everything_the_first_screen_needs() {
    let s = TestServer::start().await;
    let page: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0012", 200).await).unwrap();
    assert_eq!(page.unit.code, "lc-dcf-0012");
    assert_eq!(page.as_of, s.today);
    assert!(matches!(&page.grade.dynamic, mingchu_types::DynamicGrade::Graded { level, .. } if level.key == "excellent"));
    assert!(page.grade.annual.is_some());
    let licence = page.licence.expect("licence");
    assert!(matches!(licence.status, mingchu_types::LicenceStatus::Valid { .. }));
    assert_eq!(licence.credit_code_check, mingchu_types::CreditCodeCheck::Valid);
    assert!(licence.number_well_formed);
    let latest = page.latest_inspection.expect("latest inspection");
    assert_eq!(latest.result, mingchu_types::InspectionResult::Compliant);
    assert_eq!(page.months_since_inspection, None);
}

#[tokio::test]
async fn statuses_are_worked_out_for_today() {
    let s = TestServer::start().await;
    let page = |code: &'static str| {
        let s = &s;
        async move { serde_json::from_value::<UnitPage>(s.json(&format!("/api/units/{code}"), 200).await).unwrap() }
    };
    let expired = page("lc-gx-0009").await;
    assert!(matches!(expired.licence.unwrap().status, mingchu_types::LicenceStatus::Expired { .. }));
    let expiring = page("lc-yg-0008").await;
    assert!(matches!(expiring.licence.unwrap().status, mingchu_types::LicenceStatus::ExpiringSoon { days_left } if days_left <= 90));
    let overdue = page("lc-gxq-0005").await;
    assert!(overdue.months_since_inspection.is_some_and(|m| m >= 12));
    let new = page("lc-lq-0016").await;
    assert!(matches!(
        new.grade.dynamic,
        mingchu_types::DynamicGrade::NotGraded { reason: mingchu_types::NotGradedReason::NewLicence, until: Some(until) } if until > s.today
    ));
    let bad_check = page("lc-cp-0019").await;
    assert_eq!(bad_check.licence.unwrap().credit_code_check, mingchu_types::CreditCodeCheck::CheckFailed);
}

#[tokio::test]
async fn unknown_unit_is_a_json_404() {
    let s = TestServer::start().await;
    assert_error(&s.json("/api/units/lc-nope-0000", 404).await, "not_found");
    assert_error(&s.json("/api/units/lc-nope-0000/inspections", 404).await, "not_found");
    assert_error(&s.json("/api/units/lc-nope-0000/inspections/1", 404).await, "not_found");
    assert_error(&s.json("/api/no-such-endpoint", 404).await, "not_found");
}

#[tokio::test]
async fn inspections_are_newest_first_and_page_by_cursor() {
    let s = TestServer::start().await;
    let first: InspectionList = serde_json::from_value(s.json("/api/units/lc-dcf-0012/inspections?limit=2", 200).await).unwrap();
    assert!(first.total >= 3);
    assert_eq!(first.items.len(), 2);
    let mut all = first.items.clone();
    let mut cursor = first.next_cursor.clone();
    while let Some(c) = cursor {
        let page: InspectionList =
            serde_json::from_value(s.json(&format!("/api/units/lc-dcf-0012/inspections?limit=2&cursor={c}"), 200).await).unwrap();
        all.extend(page.items);
        cursor = page.next_cursor;
    }
    assert_eq!(all.len() as u32, first.total);
    assert!(all.windows(2).all(|w| (w[0].date, w[0].id) > (w[1].date, w[1].id)), "not newest first");
    let unit: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0012", 200).await).unwrap();
    assert_eq!(unit.latest_inspection.unwrap(), all[0]);
}

#[tokio::test]
async fn inspection_sheet_has_the_whole_record() {
    let s = TestServer::start().await;
    let list: InspectionList = serde_json::from_value(s.json("/api/units/lc-sx-0021/inspections?limit=50", 200).await).unwrap();
    let stop = list.items.iter().find(|i| i.outcome == mingchu_types::InspectionOutcome::StopOperating).expect("a stop order");
    let sheet: InspectionSheet = serde_json::from_value(s.json(&format!("/api/units/lc-sx-0021/inspections/{}", stop.id), 200).await).unwrap();
    assert_eq!(sheet.header.unit_code, "lc-sx-0021");
    assert!(sheet.header.licence_number.is_some());
    let i = sheet.inspection;
    assert_eq!(i.brief(), *stop);
    assert!(i.inspectors.len() >= 2);
    assert!(!i.key_problems.is_empty());
    assert!(i.nth_this_year >= 1);
    assert!(!i.sheet_no.is_empty());
}

#[tokio::test]
async fn an_inspection_of_another_unit_is_not_found() {
    let s = TestServer::start().await;
    let other: InspectionList = serde_json::from_value(s.json("/api/units/lc-sx-0021/inspections", 200).await).unwrap();
    let id = other.items[0].id;
    assert_error(&s.json(&format!("/api/units/lc-dcf-0012/inspections/{id}"), 404).await, "not_found");
    assert_error(&s.json("/api/units/lc-dcf-0012/inspections/abc", 404).await, "not_found");
    assert_error(&s.json("/api/units/lc-dcf-0012/inspections/99999999999999999999999", 404).await, "not_found");
}

/// POSTs a rating with an optional cookie; returns the status, the Set-Cookie (if any) and the body.
async fn rate(s: &TestServer, code: &str, body: &str, cookie: Option<&str>) -> (u16, Option<String>, serde_json::Value) {
    let mut request = s.client.post(s.url(&format!("/api/units/{code}/ratings"))).header("content-type", "application/json").body(body.to_owned());
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let set_cookie = response.headers().get("set-cookie").map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
    (status, set_cookie, response.json().await.unwrap_or(serde_json::Value::Null))
}

/// Opens a unit as the app does (its own part, `GET /api/units/{code}/mine`, after first paint) and
/// returns the device cookie it hands out.
async fn visit(s: &TestServer, code: &str) -> String {
    let response = s.get(&format!("/api/units/{code}/mine")).await;
    assert_eq!(response.headers()["cache-control"], "private, no-store", "an answer with a cookie is kept by no cache");
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly"));
    set_cookie.split(';').next().unwrap().to_owned()
}

/// A server that takes a vote as soon as the page has been opened (the fixed clock never moves).
async fn voting_server() -> TestServer {
    TestServer::start_with(|c| c.min_vote_age_secs = 0).await
}

#[tokio::test]
async fn one_smiley_per_device_per_day_and_a_second_replaces_the_first() {
    let s = voting_server().await;
    let cookie = visit(&s, "lc-dcf-0027").await;
    assert!(cookie.starts_with("mc_device="));
    let (status, again, body) = rate(&s, "lc-dcf-0027", r#"{"smiley":"satisfied"}"#, Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!(again, None, "a vote hands out no cookie");
    assert_eq!((body["satisfied"].as_u64(), body["mine"].as_str()), (Some(1), Some("satisfied")));

    let (status, _, body) = rate(&s, "lc-dcf-0027", r#"{"smiley":"unsatisfied"}"#, Some(&cookie)).await;
    assert_eq!(status, 200);
    assert_eq!((body["satisfied"].as_u64(), body["unsatisfied"].as_u64(), body["mine"].as_str()), (Some(0), Some(1), Some("unsatisfied")));

    let other = visit(&s, "lc-dcf-0027").await;
    assert_ne!(other, cookie);
    let (_, _, body) = rate(&s, "lc-dcf-0027", r#"{"smiley":"neutral"}"#, Some(&other)).await;
    assert_eq!((body["unsatisfied"].as_u64(), body["neutral"].as_u64()), (Some(1), Some(1)));

    // The unit page shows the counts to everybody alike, with or without a cookie; this device's vote
    // comes from its own part alone, and a known device gets no new cookie.
    let response = s.client.get(s.url("/api/units/lc-dcf-0027/mine")).header("cookie", &cookie).send().await.unwrap();
    assert!(response.headers().get("set-cookie").is_none());
    let mine: mingchu_types::DeviceView = serde_json::from_value(response.json().await.unwrap()).unwrap();
    assert_eq!(mine.vote, Some(mingchu_types::Smiley::Unsatisfied));
    let response = s.client.get(s.url("/api/units/lc-dcf-0027")).header("cookie", &cookie).send().await.unwrap();
    assert!(response.headers().get("set-cookie").is_none());
    let with_cookie: UnitPage = serde_json::from_value(response.json().await.unwrap()).unwrap();
    let anyone: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0027", 200).await).unwrap();
    assert_eq!((with_cookie.ratings.mine, anyone.ratings.mine), (None, None));
    assert_eq!(with_cookie.ratings, anyone.ratings);
    assert_eq!(anyone.ratings.total(), 2);
}

#[tokio::test]
async fn a_forged_device_cookie_cannot_vote() {
    let s = voting_server().await;
    let cookie = visit(&s, "lc-dcf-0012").await;
    let id = cookie.trim_start_matches("mc_device=").split('.').next().unwrap().to_owned();
    let forged = cookie.replace(&id, &"f".repeat(id.len()));
    let (status, fresh, body) = rate(&s, "lc-dcf-0012", r#"{"smiley":"satisfied"}"#, Some(&forged)).await;
    assert_eq!(status, 403);
    assert_eq!(fresh, None, "a vote hands out no cookie");
    assert_error(&body, "vote_too_soon");
    let page: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0012", 200).await).unwrap();
    assert_eq!(page.ratings.total(), 0);
}

#[tokio::test]
async fn only_the_last_ninety_days_count() {
    let s = TestServer::start().await;
    for (device, days, smiley) in [("old-device", -90, mingchu_types::Smiley::Unsatisfied), ("recent-device", -89, mingchu_types::Smiley::Satisfied)]
    {
        let vote = NewVote { unit_code: "lc-dcf-0012", device, day: s.today.add_days(days), smiley, address: "a", at_ms: 0 };
        s.store.rate(&vote, &mingchu_types::VOTE_BURSTS).await.unwrap();
    }
    let page: UnitPage = serde_json::from_value(s.json("/api/units/lc-dcf-0012", 200).await).unwrap();
    assert_eq!((page.ratings.satisfied, page.ratings.unsatisfied), (1, 0));
}

#[tokio::test]
async fn bad_ratings_are_refused_with_json_errors() {
    let s = voting_server().await;
    let cookie = visit(&s, "lc-dcf-0012").await;
    for body in [r#"{"smiley":"ecstatic"}"#, r#"{"smiley":1}"#, "{}", "not json", ""] {
        let (status, set_cookie, error) = rate(&s, "lc-dcf-0012", body, Some(&cookie)).await;
        assert!((400..500).contains(&status), "{body}: {status}");
        assert_error(&error, "bad_request");
        assert_eq!(set_cookie, None, "no device cookie for a refused vote");
    }
    let huge = format!(r#"{{"smiley":"satisfied","pad":"{}"}}"#, "x".repeat(10_000));
    let (status, _, error) = rate(&s, "lc-dcf-0012", &huge, Some(&cookie)).await;
    assert_eq!(status, 413);
    assert_error(&error, "bad_request");
    let (status, _, error) = rate(&s, "lc-nope-0000", r#"{"smiley":"satisfied"}"#, Some(&cookie)).await;
    assert_eq!(status, 404);
    assert_error(&error, "not_found");
    // Without a JSON content type.
    let response = s.client.post(s.url("/api/units/lc-dcf-0012/ratings")).body(r#"{"smiley":"satisfied"}"#).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 415);
    assert_error(&response.json().await.unwrap(), "bad_request");
}

#[tokio::test]
async fn wrong_methods_get_json_405() {
    let s = TestServer::start().await;
    let response = s.client.post(s.url("/api/units")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_error(&response.json().await.unwrap(), "bad_request");
}

#[tokio::test]
async fn a_demo_laid_out_on_another_day_is_laid_out_again_without_duplicates() {
    use mingchu_server::{prepare, Clock, ServerConfig};
    let data = tempfile::tempdir().unwrap();
    let first: mingchu_types::Day = "2026-11-29".parse().unwrap();
    let later = first.add_days(75);
    let config = |day| ServerConfig { clock: Clock::Fixed(day), demo: true, rate_limits: false, ..ServerConfig::new(data.path().to_path_buf()) };
    drop(prepare(config(first)).await.unwrap());
    let state = prepare(config(later)).await.unwrap();
    // Every unit's history is exactly the one laid out for the later day: nothing doubled.
    for unit in mingchu_server::demo::demo_units(later) {
        let (_, total) = state.store.inspections(&unit.unit.code, None, 50).await.unwrap().unwrap();
        assert_eq!(total as usize, unit.inspections.len(), "{}", unit.unit.code);
    }
    // And "expires within 90 days" is still true 75 days on.
    let record = state.store.unit("lc-yg-0008").await.unwrap().unwrap();
    let status = mingchu_types::LicenceStatus::on(record.licence.unwrap().valid_until, later);
    assert!(matches!(status, mingchu_types::LicenceStatus::ExpiringSoon { .. }), "{status:?}");
    // The cameras stay as they were: same ids (their frames are on disk under them), none doubled.
    let cameras = state.store.all_cameras().await.unwrap();
    assert_eq!(cameras.len(), mingchu_server::demo::DEMO_CAMERAS.len());
    assert_eq!(cameras.first().map(|c| c.id), Some(1));
}

#[tokio::test]
async fn a_grading_date_that_has_passed_is_not_shown() {
    use mingchu_server::store::{DynamicGradeData, GradeData};
    let s = TestServer::start().await;
    let mut data = mingchu_server::demo::demo_units(s.today).into_iter().find(|u| u.unit.code == "lc-lq-0016").unwrap();
    data.grade = GradeData {
        scheme: "national-smiley".into(),
        dynamic: DynamicGradeData::NotGraded { reason: mingchu_types::NotGradedReason::NewLicence, until: Some(s.today.add_days(-3)) },
        annual: None,
    };
    s.store.put_unit(&data).await.unwrap();
    let page: UnitPage = serde_json::from_value(s.json("/api/units/lc-lq-0016", 200).await).unwrap();
    assert!(matches!(page.grade.dynamic, mingchu_types::DynamicGrade::NotGraded { until: None, .. }), "{:?}", page.grade.dynamic);
}
