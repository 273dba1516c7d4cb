//! The public JSON API over HTTP, against a real temporary SQLite database with the demo data.

mod common;

use std::collections::HashSet;

use common::{assert_error, TestServer};
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
        let page: InspectionList = serde_json::from_value(s.json(&format!("/api/units/lc-dcf-0012/inspections?limit=2&cursor={c}"), 200).await).unwrap();
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
