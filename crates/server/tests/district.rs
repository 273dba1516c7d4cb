//! How a district is doing, over HTTP on the demo data: the city's, a county's and a station's figures
//! against the demo's units counted by hand (`demo::DEMO_CODES` says what each is), reports filed and
//! decided through the API as a diner and a regulator would, alerts against the units' own public
//! counts, the page in both languages and linked from a unit's page, and unknown regions not found.

mod common;

use common::staff::{call, regulator};
use common::{assert_error, TestServer};
use mingchu_server::Clock;
use reqwest::Method;
use serde_json::{json, Value};

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

#[tokio::test]
async fn the_city_counts_the_demo_units_as_described() {
    let s = TestServer::start().await;
    let f = s.json("/api/regions/3715", 200).await;
    assert_eq!((f["region"]["name_zh"].as_str(), f["level"].as_str()), (Some("聊城市"), Some("city")));
    assert!(f["parent"].is_null());
    assert_eq!(n(&f["units"]), 14);
    // 优秀: dcf-0012, da-0015; 良好: dcf-0027, lq-0003, yg-0008, cp-0006, gxq-0005, cp-0019; 一般: gt-0004,
    // gx-0009; not graded: jkq-0002, lq-0016, sx-0021, dcf-0043.
    assert_eq!(f["grades"], json!({ "big_smile": 2, "smile": 6, "flat": 2, "not_graded": 4 }));
    assert_eq!(
        f["kinds"],
        json!([
            { "kind": "school_canteen", "units": 3 },
            { "kind": "kindergarten_canteen", "units": 3 },
            { "kind": "large_restaurant", "units": 5 },
            { "kind": "central_kitchen", "units": 1 },
            { "kind": "meal_supplier", "units": 1 },
            { "kind": "staff_canteen", "units": 1 },
        ])
    );
    // yg-0008's licence expires within 90 days, gx-0009's has expired; gxq-0005 was last inspected 15
    // months ago.
    assert_eq!((n(&f["licences_expiring"]), n(&f["licences_expired"])), (1, 1));
    assert_eq!(n(&f["inspections_overdue"]["total"]), 1);
    assert_eq!(f["inspections_overdue"]["by_month"][11], 1);
    assert_eq!(f["months"].as_array().unwrap().len(), 12);
    assert_eq!(
        (f["months"][0].as_str(), f["months"][11].as_str(), f["as_of"].as_str()),
        (Some("2025-12-01"), Some("2026-11-01"), Some("2026-11-29"))
    );
    // Its ten counties and zones, each with its units: together the city's.
    let parts = f["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 10);
    assert_eq!(parts.iter().map(|p| n(&p["units"])).sum::<u64>(), 14);
    let dcf = parts.iter().find(|p| p["region"]["code"] == "371502").unwrap();
    assert_eq!((dcf["region"]["name_en"].as_str(), n(&dcf["units"])), (Some("Dongchangfu District"), 3));
    assert_eq!(n(&f["reports_filed"]["total"]), 0, "the demo files no report");

    // The alerts: as many as the units' own public counts say (the demo's reach back 7 days, well inside
    // both the units' 30 days and the district's 12 months).
    let (mut met, mut counted) = (0, 0);
    for code in ["lc-dcf-0012", "lc-dcf-0027", "lc-yg-0008", "lc-sx-0021"] {
        let watch = s.json(&format!("/api/units/{code}/watch"), 200).await;
        met += n(&watch["total"]["in_time"]);
        counted += n(&watch["total"]["in_time"]) + n(&watch["total"]["overdue"]);
    }
    let f = s.json("/api/regions/3715", 200).await;
    assert!(counted > 0, "the demo has alerts answered or overdue");
    assert_eq!((n(&f["alerts_in_time"]["met"]), n(&f["alerts_in_time"]["counted"])), (met, counted));
}

#[tokio::test]
async fn a_county_and_its_stations_count_their_own_units() {
    let s = TestServer::start().await;
    let county = s.json("/api/regions/371502", 200).await;
    assert_eq!((n(&county["units"]), county["level"].as_str(), county["parent"]["code"].as_str()), (3, Some("county"), Some("3715")));
    // dcf-0012 excellent, dcf-0027 good, dcf-0043 not graded.
    assert_eq!(county["grades"], json!({ "big_smile": 1, "smile": 1, "flat": 0, "not_graded": 1 }));
    let parts: Vec<(String, u64)> =
        county["parts"].as_array().unwrap().iter().map(|p| (p["region"]["code"].as_str().unwrap().to_owned(), n(&p["units"]))).collect();
    assert_eq!(parts, vec![("371502-01".to_owned(), 2), ("371502-02".to_owned(), 1)]);
    let station = s.json("/api/regions/371502-02", 200).await;
    assert_eq!((n(&station["units"]), station["level"].as_str(), station["parent"]["code"].as_str()), (1, Some("station"), Some("371502")));
    assert_eq!(station["kinds"], json!([{ "kind": "large_restaurant", "units": 1 }]));
    assert!(station["parts"].as_array().unwrap().is_empty());
    // 高唐县's one unit, gt-0004: a meal supplier graded fair (with no known position: counted all the same).
    let gaotang = s.json("/api/regions/371526", 200).await;
    assert_eq!((n(&gaotang["units"]), gaotang["region"]["name_zh"].as_str()), (1, Some("高唐县")));
    assert_eq!((&gaotang["grades"]["flat"], &gaotang["kinds"][0]["kind"]), (&json!(1), &json!("meal_supplier")));

    for bad in ["3799", "371502-09", "37", "abc", "371502-01-1"] {
        assert_error(&s.json(&format!("/api/regions/{bad}"), 404).await, "not_found");
    }
    let names = s.json("/api/regions", 200).await;
    assert_eq!(names.as_array().unwrap().len(), 13);
    assert_eq!(names[0]["code"], "3715");
}

/// Files a report as a diner does; its ticket.
async fn report(s: &TestServer, unit: &str, key: &str) -> String {
    let body =
        json!({ "category": "pests", "description": "后厨看到老鼠。", "happened_at": "2026-11-29T11:30", "reporter": "anonymous", "fill_ms": 9000 });
    let response = s.client.post(s.url(&format!("/api/units/{unit}/reports"))).header("idempotency-key", key).json(&body).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json::<Value>().await.unwrap()["ticket"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn reports_filed_and_decided_count_where_their_unit_is() {
    // The real clock: a report's filing time is the database's, so the server's day must be today's.
    let s = TestServer::start_with(|c| c.clock = Clock::System).await;
    let accepted = report(&s, "lc-dcf-0012", "d-1").await;
    let refused = report(&s, "lc-dcf-0043", "d-2").await;
    report(&s, "lc-yg-0008", "d-3").await;
    let county = regulator(&s, "dongchangfu").await;
    for (ticket, status) in [(&accepted, "accepted"), (&refused, "not_accepted")] {
        let (code, _) =
            call(&s, &county, Method::POST, &format!("/regulator/reports/{ticket}/status"), Some(json!({ "status": status, "note": "已处理。" })))
                .await;
        assert_eq!(code, 204, "{status}");
    }

    let f = s.json("/api/regions/371502", 200).await;
    assert_eq!((n(&f["reports_filed"]["total"]), n(&f["reports_filed"]["by_month"][11])), (2, 2));
    assert_eq!((n(&f["decided_in_time"]["met"]), n(&f["decided_in_time"]["counted"])), (2, 2), "both decided the day they came");
    assert_eq!(f["decided_in_time"]["by_month"][11], json!([2, 2]));
    assert_eq!(f["days_to_decision"]["median"], 0.0);
    // The station of the refused one sees only it; the city all three, the undecided one not yet due.
    let station = s.json("/api/regions/371502-02", 200).await;
    assert_eq!((n(&station["reports_filed"]["total"]), n(&station["decided_in_time"]["counted"])), (1, 1));
    let city = s.json("/api/regions/3715", 200).await;
    assert_eq!((n(&city["reports_filed"]["total"]), n(&city["decided_in_time"]["counted"])), (3, 2));
    let yanggu = s.json("/api/regions/371521", 200).await;
    assert_eq!(
        (n(&yanggu["reports_filed"]["total"]), n(&yanggu["decided_in_time"]["counted"]), &yanggu["days_to_decision"]["median"]),
        (1, 0, &Value::Null)
    );
    // Nothing of who reported, or what, reaches the figures.
    let text = city.to_string();
    assert!(!text.contains("老鼠") && !text.contains(&accepted) && !text.contains("anonymous"), "{text}");
}

#[tokio::test]
async fn the_page_draws_the_figures_in_both_languages_and_a_unit_links_to_it() {
    let s = TestServer::start().await;
    let page = s.html("/r/371502", 200).await;
    assert!(page.contains("东昌府区食品安全概况"), "the title");
    assert!(page.contains(r#"<a href="/r/3715">上一级：聊城市</a>"#));
    assert!(page.contains(r#"href="/r/371502-01""#) && page.contains("古楼市场监督管理所"));
    assert_eq!(page.matches(r#"<svg class="fig-bars""#).count(), 6, "a chart for each of the six figures of the regulator's work");
    assert!(page.contains("超过 12 个月未接受检查") && page.contains("7 个工作日内作出受理决定"));
    let en = s.html("/r/371502?lang=en", 200).await;
    assert!(en.contains("Dongchangfu District: food safety at a glance") && en.contains(r#"href="/r/3715?lang=en""#));
    // Every unit's page leads to its county's figures, a station's unit too.
    let unit = s.html("/u/lc-dcf-0043", 200).await;
    assert!(unit.contains(r#"<a class="row-more" href="/r/371502">本区县食品安全概况</a>"#));
    assert_eq!(s.json("/api/units/lc-dcf-0043", 200).await["district"], "371502");
    // Not a region: the page that says so.
    let missing = s.html("/r/9999", 404).await;
    assert!(!missing.contains("fig-bars"));
}
