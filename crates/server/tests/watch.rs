//! Camera analytics' alerts and kitchen sensors over HTTP, with a clock the tests move: a box needs its
//! camera's token and sends a real JPEG, repeats within the window are one alert, a gateway's backlog of
//! readings may come in any order and again without changing anything, an excursion longer than its grace
//! is one alert, the owner answers within the deadline or the alert is overdue, the regulator sees overdue
//! ones first and may overrule a false alarm, and the public sees counts, never a snapshot or a note.

mod common;

use std::io::Cursor;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::staff::{call, owner, regulator};
use common::{assert_error, TestServer};
use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::{watch, Clock};
use mingchu_types::watch::{AlertState, OwnerAlerts, PublicWatch, ReadingsReceived, SensorKind, SensorState, StaffAlert};
use mingchu_types::{KitchenArea, UnitPage};
use reqwest::Method;
use serde_json::{json, Value};

/// 2026-11-29 12:00:00 in China (04:00 UTC).
const T0: i64 = 1_795_924_800_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const UNIT: &str = "lc-dcf-0012";
const OTHER: &str = "lc-dcf-0043";

/// A server with the demo data on the manual clock at [`T0`].
struct Watch {
    s: TestServer,
    now: Arc<AtomicI64>,
}

impl Watch {
    async fn start() -> Watch {
        let now = Arc::new(AtomicI64::new(T0));
        let clock = Clock::Manual(now.clone());
        let s = TestServer::start_with(|c| {
            c.clock = clock;
            c.synthetic_cameras = false;
        })
        .await;
        // The demo's own alerts and sensors are not this test's.
        s.store.clear_watch(UNIT).await.unwrap();
        Watch { s, now }
    }

    fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    fn now(&self) -> i64 {
        self.now.load(Ordering::SeqCst)
    }

    async fn camera(&self, unit: &str) -> (i64, String) {
        let spec = CameraSpec { area: KitchenArea::Cooking, delay_secs: 60, hours: "00:00-24:00".parse().unwrap(), public: true };
        cameras::add(&*self.s.store, unit, spec, self.now()).await.unwrap()
    }

    async fn sensor(&self, unit: &str, kind: SensorKind) -> (i64, String) {
        watch::add(&*self.s.store, unit, kind, "1号冷藏柜", self.now()).await.unwrap()
    }

    async fn send_alert(&self, camera: i64, token: Option<&str>, query: &str, bytes: Vec<u8>) -> (u16, Value) {
        let mut request =
            self.s.client.post(self.s.url(&format!("/api/ingest/cameras/{camera}/alerts?{query}"))).header("content-type", "image/jpeg").body(bytes);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// A new alert of `category` from the camera: its id.
    async fn alert(&self, camera: i64, token: &str, category: &str) -> String {
        let (status, body) = self.send_alert(camera, Some(token), &format!("category={category}&confidence=0.9"), jpeg(1)).await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    async fn send_readings(&self, sensor: i64, token: &str, body: Value) -> (u16, Value) {
        let response = self
            .s
            .client
            .post(self.s.url(&format!("/api/ingest/sensors/{sensor}/readings")))
            .header("authorization", format!("Bearer {token}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn readings(&self, sensor: i64, token: &str, readings: &[(i64, f64)]) -> ReadingsReceived {
        let list: Vec<Value> = readings.iter().map(|(at, c)| json!({ "at_ms": at, "celsius": c })).collect();
        let (status, body) = self.send_readings(sensor, token, json!({ "readings": list })).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_value(body).unwrap()
    }

    async fn public(&self, unit: &str) -> PublicWatch {
        serde_json::from_value(self.s.json(&format!("/api/units/{unit}/watch"), 200).await).unwrap()
    }
}

/// A small JPEG whose pixels depend on `seed`.
fn jpeg(seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x as u8).wrapping_add(seed), y as u8, seed]));
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_box_needs_its_cameras_token_and_a_real_jpeg_and_repeats_are_one_alert() {
    let w = Watch::start().await;
    let (camera, token) = w.camera(UNIT).await;
    let (other, other_token) = w.camera(OTHER).await;
    let query = "category=no_mask&confidence=0.87";
    let (status, body) = w.send_alert(camera, None, query, jpeg(1)).await;
    assert_eq!(status, 401);
    assert_error(&body, "unauthorized");
    assert_eq!(w.send_alert(camera, Some(&other_token), query, jpeg(1)).await.0, 401, "another camera's token");
    assert_eq!(w.send_alert(camera, Some("not-a-token"), query, jpeg(1)).await.0, 401);
    assert_eq!(w.send_alert(9999, Some(&token), query, jpeg(1)).await.0, 404);
    // Bad bytes, worded as a frame's refusal.
    let (status, body) = w.send_alert(camera, Some(&token), query, b"\x89PNG\r\n\x1a\nxxxx".to_vec()).await;
    assert_eq!(status, 415);
    assert_error(&body, "unsupported_image");
    let whole = jpeg(1);
    let (status, body) = w.send_alert(camera, Some(&token), query, whole[..whole.len() - 10].to_vec()).await;
    assert_eq!(status, 422);
    assert_error(&body, "image_damaged");
    // Bad fields.
    for (bad, field) in [
        ("category=cat&confidence=0.5", "category"),
        ("category=out_of_range&confidence=0.5", "category"),
        ("category=rodent&confidence=1.5", "confidence"),
    ] {
        let (status, body) = w.send_alert(camera, Some(&token), bad, jpeg(1)).await;
        assert_eq!((status, &body["error"]["fields"]), (400, &json!([field])), "{bad}");
    }
    let future = format!("{query}&at_ms={}", w.now() + HOUR);
    assert_eq!(w.send_alert(camera, Some(&token), &future, jpeg(1)).await.0, 400);

    // One alert, however often the box repeats itself within the window.
    let first = w.alert(camera, &token, "no_mask").await;
    assert!(first.starts_with("AL"), "{first}");
    for _ in 0..5 {
        w.advance(MIN);
        let (status, body) = w.send_alert(camera, Some(&token), query, jpeg(2)).await;
        assert_eq!((status, body["id"].as_str(), body["repeat"].as_bool()), (200, Some(first.as_str()), Some(true)));
    }
    // Another category, or another camera, is another alert; so is the same one after the window.
    assert_ne!(w.alert(camera, &token, "smoking").await, first);
    assert_ne!(w.alert(other, &other_token, "no_mask").await, first);
    w.advance(6 * MIN);
    let later = w.alert(camera, &token, "no_mask").await;
    assert_ne!(later, first);
    // The snapshot is kept, apart from the photos.
    assert!(w.s.media.get(&format!("snapshots/{first}.jpg")).await.unwrap().is_some());

    let public = w.public(UNIT).await;
    assert_eq!(public.total.alerts, 3, "{public:?}");
    let masks = public.categories.iter().find(|c| c.category.as_str() == "no_mask").unwrap();
    assert_eq!((masks.counts.alerts, masks.counts.open), (2, 2));
    // A revoked token sends no more.
    cameras::revoke(&*w.s.store, camera).await.unwrap();
    assert_eq!(w.send_alert(camera, Some(&token), query, jpeg(1)).await.0, 401);
}

#[tokio::test]
async fn readings_come_one_or_many_in_any_order_and_a_repeat_changes_nothing() {
    let w = Watch::start().await;
    let (sensor, token) = w.sensor(UNIT, SensorKind::Refrigerator).await;
    let (_, other_token) = w.sensor(OTHER, SensorKind::Freezer).await;
    let (status, body) = w.send_readings(sensor, &other_token, json!({ "at_ms": w.now(), "celsius": 3.2 })).await;
    assert_eq!(status, 401);
    assert_error(&body, "unauthorized");
    let (status, _) = w.send_readings(sensor, &token, json!({ "at_ms": w.now() - MIN, "celsius": 3.2 })).await;
    assert_eq!(status, 200, "one reading alone");

    // A gateway back after an outage sends its backlog, newest first.
    let backlog: Vec<(i64, f64)> = (2..=60).rev().map(|m| (w.now() - m * MIN, 4.0)).collect();
    let got = w.readings(sensor, &token, &backlog).await;
    assert_eq!((got.stored, got.repeated, got.alerts.len()), (59, 0, 0));
    let again = w.readings(sensor, &token, &backlog[..10]).await;
    assert_eq!((again.stored, again.repeated), (0, 10), "a repeat changes nothing");
    let (status, body) = w.send_readings(sensor, &token, json!({ "at_ms": w.now() + HOUR, "celsius": 3.0 })).await;
    assert_eq!((status, &body["error"]["fields"]), (422, &json!(["in_future"])));
    let (status, _) = w.send_readings(sensor, &token, json!({ "readings": [] })).await;
    assert_eq!(status, 422);

    let public = w.public(UNIT).await;
    let fridge = &public.sensors[0];
    assert_eq!((fridge.kind, fridge.state, fridge.last), (SensorKind::Refrigerator, SensorState::Normal, Some((w.now() - MIN, 32))));
    assert_eq!(fridge.in_range_permille, Some(1000));
    assert!(!fridge.chart.is_empty());
    // Silent for longer than a fridge may be: offline.
    w.advance(31 * MIN);
    assert_eq!(w.public(UNIT).await.sensors[0].state, SensorState::Offline);
}

#[tokio::test]
async fn an_excursion_longer_than_the_grace_is_one_alert_whichever_way_it_comes() {
    let w = Watch::start().await;
    let (sensor, token) = w.sensor(UNIT, SensorKind::Refrigerator).await;
    let t = w.now() - 2 * HOUR;
    // Twenty minutes at 9.5 °C: within the grace, no alert.
    let got = w.readings(sensor, &token, &[(t, 4.0), (t + 10 * MIN, 9.5), (t + 30 * MIN, 9.5), (t + 40 * MIN, 4.0)]).await;
    assert!(got.alerts.is_empty());
    // Forty minutes, sent as two batches, the later one first: one alert.
    let u = t + HOUR;
    let late = w.readings(sensor, &token, &[(u + 20 * MIN, 11.0), (u + 40 * MIN, 10.0), (u + 50 * MIN, 4.0)]).await;
    assert!(late.alerts.is_empty(), "twenty minutes so far");
    let early = w.readings(sensor, &token, &[(u, 9.0), (u + 10 * MIN, 12.5)]).await;
    assert_eq!(early.alerts.len(), 1, "the backlog makes it forty");
    // Readings inside it again raise nothing more.
    let more = w.readings(sensor, &token, &[(u + 5 * MIN, 12.0), (u + 30 * MIN, 10.0)]).await;
    assert!(more.alerts.is_empty());
    let public = w.public(UNIT).await;
    assert_eq!(public.total.alerts, 1);
    assert_eq!(public.categories[0].category.as_str(), "out_of_range");

    let me = owner(&w.s, "owner", UNIT, "DEMO-0012").await;
    let list: OwnerAlerts = serde_json::from_value(call(&w.s, &me, Method::GET, "/owner/alerts", None).await.1).unwrap();
    let alert = list.alerts.iter().find(|a| a.id == early.alerts[0]).unwrap();
    assert_eq!((alert.at_ms, alert.last_ms, alert.worst_tenths, alert.snapshot), (u, u + 40 * MIN, Some(125), false));
}

#[tokio::test]
async fn the_platform_sends_sensors_with_a_unit() {
    let w = Watch::start().await;
    let example: Value = serde_json::from_slice(include_bytes!("../../../docs/import-example.json")).unwrap();
    let mut record = example["units"][0].clone();
    let code = record["unit"]["code"].as_str().unwrap().to_owned();
    let token = mingchu_server::platform::issue_token(&*w.s.store).await.unwrap();
    let put = |record: Value| {
        let request = w.s.client.put(w.s.url(&format!("/api/platform/units/{code}"))).header("authorization", format!("Bearer {token}"));
        async move {
            let response = request.json(&record).send().await.unwrap();
            (response.status().as_u16(), response.json::<Value>().await.unwrap())
        }
    };
    assert_eq!(put(record.clone()).await, (200, json!({ "result": "created" })));
    let sensors = watch::list(&*w.s.store, Some(&code)).await.unwrap();
    assert_eq!(
        sensors.iter().map(|s| (s.kind, s.name.as_str(), s.token_hash.is_some())).collect::<Vec<_>>(),
        vec![(SensorKind::Refrigerator, "1号冷藏柜", false), (SensorKind::SampleRefrigerator, "留样冰箱", false)]
    );
    assert_eq!(put(record.clone()).await, (200, json!({ "result": "unchanged" })));
    record["sensors"][0]["name"] = json!("2号冷藏柜");
    assert_eq!(put(record.clone()).await, (200, json!({ "result": "updated" })));
    let renamed = watch::list(&*w.s.store, Some(&code)).await.unwrap();
    assert_eq!((renamed[0].id, renamed[0].name.as_str(), renamed.len()), (sensors[0].id, "2号冷藏柜", 2), "renamed in place");
    record["sensors"][1]["key"] = json!("bad key!");
    record["sensors"][0]["kind"] = json!("oven");
    let (status, body) = put(record).await;
    assert_eq!(status, 422, "{body}");
}

async fn upload_photo(s: &TestServer) -> String {
    let r = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg(9)).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<mingchu_types::PhotoUpload>().await.unwrap().id
}

async fn owner_alerts(w: &Watch, who: &common::staff::Who) -> OwnerAlerts {
    let (status, body) = call(&w.s, who, Method::GET, "/owner/alerts", None).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn regulator_alerts(w: &Watch, who: &common::staff::Who) -> Vec<StaffAlert> {
    let (status, body) = call(&w.s, who, Method::GET, "/regulator/alerts", None).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).unwrap()
}

/// Every answer the public may get about the unit, as text.
async fn public_answers(w: &Watch, unit: &str) -> String {
    let mut all = String::new();
    for path in [format!("/api/units/{unit}"), format!("/api/units/{unit}/watch")] {
        all += &w.s.json(&path, 200).await.to_string();
    }
    for path in [format!("/u/{unit}"), format!("/u/{unit}/live")] {
        all += &w.s.html(&path, 200).await;
    }
    all
}

#[tokio::test]
async fn the_owner_answers_in_time_or_it_is_overdue_and_the_regulator_may_overrule() {
    let w = Watch::start().await;
    let (camera, token) = w.camera(UNIT).await;
    let (other_camera, other_token) = w.camera(OTHER).await;
    let mask = w.alert(camera, &token, "no_mask").await;
    let rat = w.alert(camera, &token, "rodent").await;
    let smoke = w.alert(camera, &token, "smoking").await;
    let elsewhere = w.alert(other_camera, &other_token, "bin_open").await;
    let me = owner(&w.s, "owner", UNIT, "DEMO-0012").await;
    let list = owner_alerts(&w, &me).await;
    assert_eq!((list.waiting, list.alerts.len()), (3, 3), "only the unit's own");
    assert!(list.alerts.iter().all(|a| a.state == AlertState::New && a.deadline_ms == T0 + 24 * HOUR && a.snapshot));
    assert_eq!(call(&w.s, &me, Method::GET, "/owner/alerts/waiting", None).await.1, json!({ "waiting": 3 }));
    let before = w.public(UNIT).await.total;
    assert_eq!((before.alerts, before.open, before.in_time), (3, 3, 0));

    // The snapshot is the unit's owner's and its regulators', never another's.
    let snap = |who: &common::staff::Who, id: &str| {
        let (s, path, who) = (&w.s, format!("/alerts/{id}/snapshot"), who.clone());
        async move { call(s, &who, Method::GET, &path, None).await.0 }
    };
    let station = regulator(&w.s, "gulou").await;
    let county = regulator(&w.s, "dongchangfu").await;
    let other_owner = owner(&w.s, "owner B", OTHER, "DEMO-0043").await;
    let picture =
        w.s.client.get(w.s.url(&format!("/api/staff/alerts/{mask}/snapshot"))).header("cookie", me.cookie.clone().unwrap()).send().await.unwrap();
    assert_eq!(picture.headers()["content-type"], "image/jpeg");
    assert_eq!(picture.headers()["cache-control"], "no-store");
    assert_eq!(picture.bytes().await.unwrap().to_vec(), jpeg(1));
    assert_eq!(snap(&station, &mask).await, 200);
    assert_eq!(snap(&other_owner, &mask).await, 404);
    assert_eq!(snap(&station, &elsewhere).await, 404, "another station's");
    assert_eq!(snap(&county, &elsewhere).await, 200);

    // Confirmed and put right: a note and a photo.
    let answer = |verdict: &str, note: &str, photo: Option<&str>| Some(json!({ "verdict": verdict, "note": note, "photo": photo }));
    let (status, body) = call(&w.s, &me, Method::POST, &format!("/owner/alerts/{mask}/answer"), answer("confirmed", "", None)).await;
    assert_eq!((status, &body["error"]["fields"]), (422, &json!(["note_missing", "photo_missing"])));
    let (status, _) = call(
        &w.s,
        &me,
        Method::POST,
        &format!("/owner/alerts/{mask}/answer"),
        answer("confirmed", "已整改", Some("0123456789abcdef0123456789abcdef")),
    )
    .await;
    assert_eq!(status, 400, "a photo the server does not have");
    let photo = upload_photo(&w.s).await;
    w.advance(2 * HOUR);
    let confirm = answer("confirmed", "张师傅未戴口罩，已当面纠正并培训。", Some(&photo));
    let (status, body) = call(&w.s, &me, Method::POST, &format!("/owner/alerts/{mask}/answer"), confirm.clone()).await;
    assert_eq!(status, 200, "{body}");
    let done: StaffAlert = serde_json::from_value(body).unwrap();
    let answer_view = done.answer.as_ref().unwrap();
    assert_eq!((done.state, answer_view.in_time, answer_view.at_ms), (AlertState::Confirmed, true, T0 + 2 * HOUR));
    assert!(answer_view.photo.as_ref().unwrap().url.starts_with("/api/staff/media/"));
    // The same answer again (an outbox's repeat) is the first; another is a conflict; another unit's is unknown.
    assert_eq!(call(&w.s, &me, Method::POST, &format!("/owner/alerts/{mask}/answer"), confirm).await.0, 200);
    assert_eq!(call(&w.s, &me, Method::POST, &format!("/owner/alerts/{mask}/answer"), answer("false_alarm", "误报", None)).await.0, 409);
    assert_eq!(call(&w.s, &me, Method::POST, &format!("/owner/alerts/{elsewhere}/answer"), answer("false_alarm", "误报", None)).await.0, 404);
    // The answer's photo is the unit's owner's and its regulators', not the public's.
    assert_eq!(w.s.get(&format!("/media/{photo}.jpg")).await.status().as_u16(), 404);
    assert_eq!(call(&w.s, &station, Method::GET, &format!("/media/{photo}.jpg"), None).await.0, 200);

    // A false alarm: a note is enough.
    let (status, _) =
        call(&w.s, &me, Method::POST, &format!("/owner/alerts/{rat}/answer"), answer("false_alarm", "是邻居家的猫，不是老鼠。", None)).await;
    assert_eq!(status, 200);

    // Nobody answers the third: a day later it is overdue, first in the regulator's list.
    w.advance(23 * HOUR);
    // Sessions do not last a day: everyone signs in again.
    let me = owner(&w.s, "owner", UNIT, "DEMO-0012").await;
    let station = regulator(&w.s, "gulou").await;
    let county = regulator(&w.s, "dongchangfu").await;
    // (The demo's other units of the region have alerts of their own.)
    let list = regulator_alerts(&w, &station).await;
    assert!(list.iter().all(|a| a.unit_code != OTHER), "the station does not cover {OTHER}");
    let ranks: Vec<bool> = list.iter().map(|a| a.state == AlertState::Overdue).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "overdue first");
    assert_eq!(
        list.iter().filter(|a| a.unit_code == UNIT).map(|a| (a.id.as_str(), a.state)).collect::<Vec<_>>(),
        vec![(smoke.as_str(), AlertState::Overdue), (rat.as_str(), AlertState::FalseAlarm), (mask.as_str(), AlertState::Confirmed),]
    );
    let county_list = regulator_alerts(&w, &county).await;
    assert_eq!(county_list.iter().filter(|a| a.unit_code == UNIT || a.unit_code == OTHER).count(), 4, "the county sees both units'");
    assert_eq!(owner_alerts(&w, &me).await.waiting, 1);

    // The regulator overrules the false alarm, once; a confirmed alert cannot be.
    let overrule = |note: &str| Some(json!({ "note": note }));
    assert_eq!(call(&w.s, &station, Method::POST, &format!("/regulator/alerts/{mask}/overrule"), overrule("复核")).await.0, 409);
    assert_eq!(call(&w.s, &station, Method::POST, &format!("/regulator/alerts/{rat}/overrule"), overrule("")).await.0, 422);
    assert_eq!(call(&w.s, &station, Method::POST, &format!("/regulator/alerts/{elsewhere}/overrule"), overrule("复核")).await.0, 404);
    let (status, body) =
        call(&w.s, &station, Method::POST, &format!("/regulator/alerts/{rat}/overrule"), overrule("录像复核确有老鼠，责令灭鼠。")).await;
    assert_eq!(status, 200, "{body}");
    let overruled: StaffAlert = serde_json::from_value(body).unwrap();
    assert_eq!(overruled.state, AlertState::Overruled);
    assert_eq!(call(&w.s, &county, Method::POST, &format!("/regulator/alerts/{rat}/overrule"), overrule("再次")).await.0, 409);

    // The public: three alerts, two dealt with in time, two confirmed (one overruled), one still to be checked.
    let after = w.public(UNIT).await.total;
    assert_eq!((after.alerts, after.in_time, after.confirmed, after.open, after.overdue), (3, 2, 2, 1, 1));
    let unit: UnitPage = serde_json::from_value(w.s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap();
    let brief = unit.watch.expect("the first screen's brief");
    assert_eq!((brief.alerts, brief.in_time, brief.open), (3, 2, 1));
    // Nothing private in any public answer: no note, photo, snapshot, alert id or regulator.
    let public = public_answers(&w, UNIT).await;
    for private in ["张师傅", "邻居家的猫", "灭鼠", photo.as_str(), "snapshot", mask.as_str(), rat.as_str(), "gulou"] {
        assert!(!public.contains(private), "{private} is in a public answer");
    }
    // Thirty days on, the alerts are out of the period.
    w.advance(30 * 24 * HOUR);
    assert_eq!(w.public(UNIT).await.total.alerts, 0);
}

#[tokio::test]
async fn the_kitchen_view_paints_the_counts_and_a_chart_of_each_sensor() {
    let w = Watch::start().await;
    let (camera, token) = w.camera(UNIT).await;
    w.alert(camera, &token, "rodent").await;
    let (sensor, sensor_token) = w.sensor(UNIT, SensorKind::Refrigerator).await;
    let readings: Vec<(i64, f64)> = (0..48).map(|n| (w.now() - n * 30 * MIN, if n == 10 { 9.5 } else { 3.5 })).collect();
    w.readings(sensor, &sensor_token, &readings).await;
    let html = w.s.html(&format!("/u/{UNIT}/live"), 200).await;
    assert!(html.contains(r#"<section class="watch" id="watch""#), "{html}");
    assert!(html.contains(r#"<th scope="row">老鼠</th><td>1</td><td>0</td><td>0</td><td>1</td>"#), "{html}");
    assert!(html.contains("3.5 °C · 正常 · 刚刚"), "{html}");
    assert!(html.contains("<svg class=\"sensor-chart\"") && html.contains("<polyline"), "{html}");
    let en = w.s.client.get(w.s.url(&format!("/u/{UNIT}/live?lang=en"))).send().await.unwrap().text().await.unwrap();
    assert!(en.contains("Temperature sensors"), "{en}");
    // The brief on the first screen's JSON.
    let unit: UnitPage = serde_json::from_value(w.s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap();
    let brief = unit.watch.unwrap();
    assert_eq!((brief.alerts, brief.open, brief.sensors, brief.sensors_bad), (1, 1, 1, 0));
    assert!(serde_json::to_string(&brief).unwrap().len() < 80, "a few numbers");
}

#[tokio::test]
async fn the_demo_has_alerts_and_sensors_in_every_state() {
    let s = TestServer::start().await;
    let now = s.now_ms();
    let mut states = std::collections::HashSet::new();
    for code in ["lc-dcf-0012", "lc-dcf-0027", "lc-yg-0008"] {
        let alerts = s.store.unit_alerts(code, now - 30 * 24 * HOUR).await.unwrap();
        assert!(alerts.len() >= 7, "{code}: a few a day, {} in all", alerts.len());
        states.extend(alerts.into_iter().map(|a| watch::staff_alert(a, now).state));
    }
    for state in [AlertState::New, AlertState::Confirmed, AlertState::FalseAlarm, AlertState::Overdue] {
        assert!(states.contains(&state), "{state:?} in {states:?}");
    }
    let fridge = s.store.unit_alerts("lc-dcf-0012", now - 30 * 24 * HOUR).await.unwrap();
    assert!(fridge.iter().any(|a| a.category.as_str() == "out_of_range"), "a fridge drifted");
    let offline: PublicWatch = serde_json::from_value(s.json("/api/units/lc-sx-0021/watch", 200).await).unwrap();
    assert_eq!(offline.sensors[0].state, SensorState::Offline);
    let busy: PublicWatch = serde_json::from_value(s.json("/api/units/lc-dcf-0012/watch", 200).await).unwrap();
    assert_eq!(busy.sensors.len(), 4);
    assert!(busy.sensors.iter().all(|x| x.state != SensorState::Offline && x.chart.len() > 80), "{busy:?}");
}
