//! 食安地图, near me, over HTTP on the demo data: the nearest units first, measured properly (checked
//! against each unit's own page and the haversine by hand), a phone's WGS-84 position moved into the map
//! datum, filters, a district measured from its middle, bad questions answered 400 with the field, and
//! the painted page in both languages.

mod common;

use common::{assert_error, TestServer};
use mingchu_types::near::{distance_m, wgs84_to_gcj02};
use mingchu_types::Location;
use serde_json::Value;

const UNIT: &str = "lc-dcf-0012";

fn location(v: &Value) -> Location {
    Location { lat: v["lat"].as_f64().unwrap(), lng: v["lng"].as_f64().unwrap() }
}

/// Every demo unit's code and location, as its own page gives them (`None`: no known position).
async fn demo_units(s: &TestServer) -> Vec<(String, Option<Location>)> {
    let list = s.json("/api/units?limit=50", 200).await;
    let mut units = Vec::new();
    for item in list["items"].as_array().unwrap() {
        let code = item["code"].as_str().unwrap().to_owned();
        let page = s.json(&format!("/api/units/{code}"), 200).await;
        let at = (!page["unit"]["location"].is_null()).then(|| location(&page["unit"]["location"]));
        units.push((code, at));
    }
    units
}

fn codes(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_nearest_come_first_as_measured_by_hand() {
    let s = TestServer::start().await;
    let units = demo_units(&s).await;
    let located: Vec<(String, Location)> = units.iter().filter_map(|(c, at)| at.map(|at| (c.clone(), at))).collect();
    assert!(located.len() >= 10 && located.len() < units.len(), "the demo has units with and without a position");
    // From a point in the city's old town, every located unit, nearest first.
    let from = Location { lat: 36.452, lng: 115.985 };
    let list = s.json(&format!("/api/near?lat={}&lng={}&limit=50", from.lat, from.lng), 200).await;
    let mut by_hand: Vec<(u32, String)> = located.iter().map(|(c, at)| (distance_m(from, *at).round() as u32, c.clone())).collect();
    by_hand.sort();
    assert_eq!(codes(&list), by_hand.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>());
    for (item, (metres, _)) in list["items"].as_array().unwrap().iter().zip(&by_hand) {
        assert_eq!(item["distance_m"].as_u64(), Some(u64::from(*metres)), "{item}");
        assert!(item["grade"].is_object() && item["kind"].is_string());
    }
    // Known pair: from the unit's own door, it is first at 0 m, and the default list is 20 or fewer.
    let own = located.iter().find(|(c, _)| c == UNIT).unwrap().1;
    let list = s.json(&format!("/api/near?lat={}&lng={}&limit=3", own.lat, own.lng), 200).await;
    assert_eq!((list["items"][0]["code"].as_str(), list["items"][0]["distance_m"].as_u64()), (Some(UNIT), Some(0)));
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    assert!(list["items"][0]["licence"]["valid"].is_object(), "{}", list["items"][0]);
    assert!(list["items"][0]["today"]["fine"].is_u64(), "the demo school keeps its records here");
}

#[tokio::test]
async fn a_phone_position_is_moved_into_the_map_datum() {
    let s = TestServer::start().await;
    let list = s.json("/api/units/lc-dcf-0012", 200).await;
    let door = location(&list["unit"]["location"]);
    // The WGS-84 position a phone at the door reports (the transform moves it ~500 m; undo it).
    let shift = wgs84_to_gcj02(door);
    let phone = Location { lat: door.lat - (shift.lat - door.lat), lng: door.lng - (shift.lng - door.lng) };
    let as_phone = s.json(&format!("/api/near?lat={}&lng={}&datum=wgs84&limit=1", phone.lat, phone.lng), 200).await;
    assert_eq!(as_phone["items"][0]["code"], UNIT);
    assert!(as_phone["items"][0]["distance_m"].as_u64().unwrap() < 10, "{as_phone}");
    // Taken as a map position, the same numbers are some 500 m off.
    let as_map = s.json(&format!("/api/near?lat={}&lng={}&limit=1", phone.lat, phone.lng), 200).await;
    assert!((300..800).contains(&as_map["items"][0]["distance_m"].as_u64().unwrap()), "{as_map}");
}

#[tokio::test]
async fn filters_narrow_and_a_district_is_measured_from_its_middle() {
    let s = TestServer::start().await;
    let schools = s.json("/api/near?lat=36.45&lng=115.98&kind=school_canteen&limit=50", 200).await;
    assert!(!codes(&schools).is_empty());
    assert!(schools["items"].as_array().unwrap().iter().all(|i| i["kind"] == "school_canteen"));
    let smiles = s.json("/api/near?lat=36.45&lng=115.98&grade=big_smile&limit=50", 200).await;
    assert!(!codes(&smiles).is_empty());
    assert!(smiles["items"].as_array().unwrap().iter().all(|i| i["grade"]["graded"]["level"]["face"] == "big_smile"), "{smiles}");
    let ungraded = s.json("/api/near?lat=36.45&lng=115.98&grade=none&limit=50", 200).await;
    assert!(ungraded["items"].as_array().unwrap().iter().all(|i| i["grade"]["not_graded"].is_object()), "{ungraded}");
    // 东昌府区: its located units, from their middle (the mean of their positions).
    let district = s.json("/api/near?region=371502&limit=50", 200).await;
    let items = district["items"].as_array().unwrap();
    assert!(items.len() >= 3 && items.iter().all(|i| i["code"].as_str().unwrap().starts_with("lc-dcf-")), "{district}");
    let n = items.len() as f64;
    let middle = Location {
        lat: items.iter().map(|i| i["location"]["lat"].as_f64().unwrap()).sum::<f64>() / n,
        lng: items.iter().map(|i| i["location"]["lng"].as_f64().unwrap()).sum::<f64>() / n,
    };
    let from = location(&district["from"]);
    assert!(distance_m(from, middle) < 1.0, "{from:?} {middle:?}");
    assert_eq!(district["region"], "371502");
    // The city holds them all.
    let city = s.json("/api/near?region=3715&limit=50", 200).await;
    assert!(city["items"].as_array().unwrap().len() > items.len());
}

#[tokio::test]
async fn questions_that_cannot_be_answered_say_why() {
    let s = TestServer::start().await;
    for (query, field) in [
        ("lat=91&lng=115", "lat"),
        ("lat=abc&lng=115", "lat"),
        ("lat=36", "lat"),
        ("", "lat"),
        ("region=37%25", "region"),
        ("lat=36&lng=115&kind=bar", "kind"),
        ("lat=36&lng=115&grade=A", "grade"),
        ("lat=36&lng=115&limit=1000", "limit"),
        ("lat=36&lng=115&datum=bd09", "datum"),
    ] {
        let response = s.get(&format!("/api/near?{query}")).await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_error(&body, "bad_request");
        assert_eq!(body["error"]["fields"][0], field, "{query}: {body}");
    }
    // A region with no located unit: nothing to measure from.
    let response = s.get("/api/near?region=371599").await;
    assert_eq!(response.status(), 404);
    assert_error(&response.json().await.unwrap(), "not_found");
}

#[tokio::test]
async fn the_painted_page_asks_lists_and_maps() {
    let s = TestServer::start().await;
    let page = s.get("/near").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("附近的餐饮单位") && html.contains(r#"<option value="371502">东昌府区</option>"#), "the districts by name");
    assert!(html.contains(r#"id="near-locate""#) && !html.contains("near-map"), "the button, and no list before a question");
    let page = s.get("/near?region=371502&kind=&grade=").await.text().await.unwrap();
    assert!(page.contains("东昌府区：离中心最近的") && page.contains(r#"<option value="371502" selected>"#));
    assert!(page.contains(r#"<svg viewBox="0 0 320 200" role="img""#) && page.contains(&format!(r#"href="/u/{UNIT}""#)));
    let english = s.get("/near?lat=36.445&lng=115.978&datum=wgs84&lang=en").await.text().await.unwrap();
    assert!(english.contains("The 20 nearest to you") || english.contains("nearest to you"), "{english}");
    assert!(english.contains(r#"name="datum" value="wgs84""#) && english.contains("away"));
    // A bad question: 400, said in the reader's language, the form kept.
    let bad = s.get("/near?lat=99&lng=1&kind=school_canteen").await;
    assert_eq!(bad.status(), 400);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("位置不对") && bad.contains(r#"class="near-form""#));
    let bad = s.get("/near?lat=99&lng=1&lang=en").await.text().await.unwrap();
    assert!(bad.contains("That position is not on earth"));
}
