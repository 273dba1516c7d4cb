//! 今日后厨 over HTTP: an owner writes each kind of record (idempotently, corrections as new versions,
//! late entries marked 补录), the public reads a day and a record (painted pages too) and never a private
//! detail, a regulator sees its region's units that need attention, and the supervision platform pushes
//! batches (a repeat changes nothing) as `mingchu-server import --unit` does.

mod common;

use common::staff::{call, owner, regulator, Who};
use common::{assert_error, TestServer};
use mingchu_server::import::import_records;
use mingchu_server::platform;
use mingchu_types::kitchen::{
    day_of, Attention, AttentionList, CheckedRecord, Completeness, Finding, KindState, KitchenDay, KitchenRecord, Level, Outcome, OwnerToday, Post,
    PublicBody, PublicPerson, RecordBody, RecordKind, RecordPage, RecordsBatchResult, RosterEntry, Source,
};
use mingchu_types::{ImportResult, UnitPage};
use reqwest::Method;
use serde_json::{json, Value};

const UNIT: &str = "lc-dcf-0012";
const MINUTE: i64 = 60_000;

/// A record of each kind, naming `staff` (ids on the unit's roster), its samples kept until three days after `now_ms`.
fn bodies(now_ms: i64, staff: &[String]) -> Vec<Value> {
    let (a, b) = (&staff[0], &staff[1]);
    vec![
        json!({ "kind": "morning_check", "entries": [
            { "staff_id": a, "temperature_tenths": 364, "hands_ok": true },
            { "staff_id": b, "temperature_tenths": 366, "hands_ok": true }] }),
        json!({ "kind": "samples", "meal": "lunch", "menu": ["红烧肉", "清炒油菜"],
            "dishes": [{ "dish": "红烧肉", "grams": 150 }, { "dish": "清炒油菜", "grams": 140 }],
            "taken_by": a, "keep_until_ms": now_ms + 72 * 60 * MINUTE }),
        json!({ "kind": "disinfection", "target": "tableware", "method": "dishwasher", "temperature_c": 86, "duration_s": 60, "by": b }),
        json!({ "kind": "pesticide_test", "sample": "菠菜", "inhibition_percent": 12, "action": "accepted", "by": a }),
        json!({ "kind": "purchase", "item": "大米", "quantity": "50 kg", "batch": "2026-11-20", "shelf_life": "12个月",
            "supplier": { "name": "聊城粮油", "licence": "JY13715020099999", "contact": "孙经理 13906351234" }, "price_cents": 25000 }),
        json!({ "kind": "self_inspection", "level": "daily", "by": a, "findings": "未发现问题。", "problems": false }),
    ]
}

/// The ids of the owner's active roster.
async fn staff_ids(s: &TestServer, who: &Who) -> Vec<String> {
    let today: OwnerToday = serde_json::from_value(call(s, who, Method::GET, "/owner/today", None).await.1).unwrap();
    today.roster.into_iter().map(|e| e.member.id).collect()
}

/// Writes a record (or a correction of `correcting`) as `who`: the status and the answer.
async fn write(s: &TestServer, who: &Who, correcting: Option<&str>, client_id: &str, at_ms: i64, body: &Value) -> (u16, Value) {
    let path = correcting.map_or("/owner/records".to_owned(), |id| format!("/owner/records/{id}"));
    call(s, who, Method::POST, &path, Some(json!({ "client_id": client_id, "at_ms": at_ms, "body": body }))).await
}

async fn written(s: &TestServer, who: &Who, correcting: Option<&str>, client_id: &str, at_ms: i64, body: &Value) -> CheckedRecord {
    let (status, answer) = write(s, who, correcting, client_id, at_ms, body).await;
    assert_eq!(status, 201, "{answer}");
    serde_json::from_value(answer).unwrap()
}

async fn day(s: &TestServer, code: &str, query: &str) -> KitchenDay {
    serde_json::from_value(s.json(&format!("/api/units/{code}/today{query}"), 200).await).unwrap()
}

async fn record(s: &TestServer, code: &str, id: &str) -> RecordPage {
    serde_json::from_value(s.json(&format!("/api/units/{code}/records/{id}"), 200).await).unwrap()
}

#[tokio::test]
async fn an_owner_writes_every_kind_and_the_public_reads_it() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let staff = staff_ids(&s, &me).await;
    let at = s.now_ms() - 10 * MINUTE;
    let mut ids = Vec::new();
    for (n, body) in bodies(s.now_ms(), &staff).iter().enumerate() {
        let checked = written(&s, &me, None, &format!("kind-{n}"), at, body).await;
        assert_eq!((checked.record.version, checked.late, checked.record.kind()), (1, false, RecordKind::ALL[n]));
        assert!(checked.record.id.starts_with("KR"), "{}", checked.record.id);
        ids.push(checked.record.id);
    }
    let today: OwnerToday = serde_json::from_value(call(&s, &me, Method::GET, "/owner/today", None).await.1).unwrap();
    assert!(ids.iter().all(|id| today.records.iter().any(|r| &r.record.id == id)));

    let public = day(&s, UNIT, "").await;
    assert_eq!((public.day, public.today, public.calendar.len()), (s.today, s.today, 30));
    assert_eq!(public.calendar.last().unwrap().day, s.today, "the calendar ends today");
    for id in &ids {
        assert!(public.records.iter().any(|r| &r.id == id), "{id} is in the day's list");
        let page = record(&s, UNIT, id).await;
        assert_eq!((page.record.id.as_str(), page.versions.len()), (id.as_str(), 1));
    }
    // The card on the first screen, every kind recorded today. The test clock's today is a Sunday, when a
    // school does not cook: these records make it a make-up day, judged as any, so the meals the demo laid
    // no samples for (none, on a Sunday) are missing.
    let unit: UnitPage = serde_json::from_value(s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap();
    let card = unit.kitchen.expect("the card");
    assert!(
        card.lines.iter().all(|l| l.summary.records > 0
            && (l.state == KindState::Fine || l.kind == RecordKind::Samples && l.summary.missing > 0 && l.summary.problems == 0)),
        "{:?}",
        card.lines
    );
    // A record is its unit's: another unit's address does not find it.
    assert_error(&s.json(&format!("/api/units/lc-dcf-0043/records/{}", ids[0]), 404).await, "not_found");
    assert_error(&s.json("/api/units/lc-nope-0000/records/KR1", 404).await, "not_found");

    // Field problems are named, in the contract's words; nothing is kept.
    let (status, error) = write(&s, &me, None, "bad", s.now_ms() + 60 * MINUTE, &json!({ "kind": "morning_check", "entries": [] })).await;
    assert_eq!(status, 422);
    assert_error(&error, "invalid_record");
    assert_eq!(error["error"]["fields"], json!(["time_in_future", "nobody_checked"]));
    let (status, error) = write(&s, &me, None, "stranger", at, &bodies(s.now_ms(), &["ST-nobody".into(), "ST-nobody2".into()])[2]).await;
    assert_eq!((status, &error["error"]["fields"]), (422, &json!(["unknown_staff"])));
    let (status, error) = write(&s, &me, None, "", at, &bodies(s.now_ms(), &staff)[2]).await;
    assert_eq!(status, 400);
    assert_eq!(error["error"]["fields"], json!(["client_id"]));
    let (status, _) = write(&s, &me, None, "no-such-photo", at, &json!({ "kind": "purchase", "item": "面粉", "quantity": "1 袋",
        "batch": "B1", "shelf_life": "12个月", "supplier": { "name": "甲", "licence": "乙", "contact": "" }, "ticket_photo": "0123456789abcdef0123456789abcdef" })).await;
    assert_eq!(status, 400, "a photo the server does not have");
}

#[tokio::test]
async fn the_same_client_id_answers_the_first_answer() {
    let s = TestServer::start().await;
    let a = owner(&s, "owner A", UNIT, "DEMO-0012").await;
    let b = owner(&s, "owner B", "lc-dcf-0043", "DEMO-0043").await;
    let staff = staff_ids(&s, &a).await;
    let body = &bodies(s.now_ms(), &staff)[2];
    let at = s.now_ms() - 5 * MINUTE;
    let first = written(&s, &a, None, "same-draft", at, body).await;
    let again = written(&s, &a, None, "same-draft", at, body).await;
    assert_eq!(first, again);
    assert_eq!(s.store.record_versions(UNIT, &first.record.id).await.unwrap().len(), 1, "stored once");
    // The same key with something else is refused; another unit's owner has keys of its own.
    let (status, error) = write(&s, &a, None, "same-draft", at - MINUTE, body).await;
    assert_eq!(status, 422);
    assert_error(&error, "idempotency_key_reused");
    let purchase = &bodies(s.now_ms(), &staff)[4];
    let theirs = written(&s, &b, None, "same-draft", at, purchase).await;
    assert_ne!(theirs.record.id, first.record.id);
}

#[tokio::test]
async fn a_correction_is_a_new_version_and_the_trail_stays() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let staff = staff_ids(&s, &me).await;
    let at = s.now_ms() - 30 * MINUTE;
    let bodies = bodies(s.now_ms(), &staff);
    let first = written(&s, &me, None, "disinfection", at, &bodies[2]).await;
    let mut fixed = bodies[2].clone();
    fixed["temperature_c"] = json!(88);
    let second = written(&s, &me, Some(&first.record.id), "disinfection-fix", at, &fixed).await;
    assert_eq!((second.record.id.as_str(), second.record.version), (first.record.id.as_str(), 2));
    let page = record(&s, UNIT, &first.record.id).await;
    assert_eq!(page.versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(page.record.version, 2);
    assert!(serde_json::to_string(&page.record.body).unwrap().contains("\"temperature_c\":88"));
    let listed: Vec<_> = day(&s, UNIT, "").await.records.into_iter().filter(|r| r.id == first.record.id).collect();
    assert_eq!(listed.len(), 1, "the day lists the record once, as its newest version");
    assert_eq!(listed[0].version, 2);
    // Both versions are kept.
    assert_eq!(s.store.record_versions(UNIT, &first.record.id).await.unwrap().len(), 2);

    // A correction is of the same kind, of the unit's own record.
    let (status, error) = write(&s, &me, Some(&first.record.id), "as-purchase", at, &bodies[4]).await;
    assert_eq!(status, 409, "{error}");
    let (status, _) = write(&s, &me, Some("KR0000000000000000"), "nothing", at, &bodies[2]).await;
    assert_eq!(status, 404);
    let other = owner(&s, "owner B", "lc-dcf-0043", "DEMO-0043").await;
    let (status, _) = write(&s, &other, Some(&first.record.id), "theirs", at, &bodies[4]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_record_entered_long_after_its_time_is_marked_late() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let staff = staff_ids(&s, &me).await;
    let bodies = bodies(s.now_ms(), &staff);
    let late = written(&s, &me, None, "late", s.now_ms() - 3 * 60 * MINUTE, &bodies[5]).await;
    let on_time = written(&s, &me, None, "on-time", s.now_ms() - 60 * MINUTE, &bodies[3]).await;
    assert!(late.late && !on_time.late);
    let public = day(&s, UNIT, "").await;
    let brief = |id: &str| public.records.iter().find(|r| r.id == id).unwrap().late;
    assert!(brief(&late.record.id) && !brief(&on_time.record.id));
    let page = record(&s, UNIT, &late.record.id).await;
    assert!(page.record.late && page.versions[0].late);
    let html = s.html(&format!("/u/{UNIT}/records/{}", late.record.id), 200).await;
    assert!(html.contains("补录"), "the painted page says 补录");

    // 补录 is judged on the first version: a correction that moves the time claimed changes nothing of it.
    let fix = written(&s, &me, Some(&on_time.record.id), "on-time-fix", s.now_ms() - 3 * 60 * MINUTE, &bodies[3]).await;
    let unfix = written(&s, &me, Some(&late.record.id), "late-fix", s.now_ms() - 30 * MINUTE, &bodies[5]).await;
    assert!(!fix.late && unfix.late);
    let public = day(&s, UNIT, "").await;
    let brief = |id: &str| public.records.iter().find(|r| r.id == id).unwrap().clone();
    assert!(!brief(&on_time.record.id).late && brief(&late.record.id).late);
    assert_eq!(brief(&on_time.record.id).version, 2);
    let page = record(&s, UNIT, &on_time.record.id).await;
    assert!(!page.record.late && page.versions.iter().all(|v| !v.late && v.source == Source::Person));
    let html = s.html(&format!("/u/{UNIT}/records/{}", on_time.record.id), 200).await;
    assert!(html.contains("已更正 (第 2 版)") && !html.contains("补录"), "{}", around(&html, "已更正"));
}

#[tokio::test]
async fn the_public_reads_any_of_the_last_thirty_days_and_the_demo_cases_show() {
    let s = TestServer::start().await;
    // The test clock's today is a Sunday: the school's last day open is Friday.
    let (friday, saturday) = (s.today.add_days(-2), s.today.add_days(-1));
    assert_eq!((friday.weekday(), s.today.weekday()), (4, 6));
    let earlier = day(&s, UNIT, &format!("?day={friday}")).await;
    assert_eq!((earlier.day, earlier.today), (friday, s.today));
    assert!(!earlier.records.is_empty());
    let closed = day(&s, UNIT, &format!("?day={saturday}")).await;
    assert!(closed.records.is_empty() && closed.lines.iter().all(|l| l.state == KindState::Closed), "{:?}", closed.lines);
    day(&s, UNIT, &format!("?day={}", s.today.add_days(-29))).await;
    for bad in [s.today.add_days(-30).to_string(), s.today.add_days(1).to_string(), "2026-02-30".into(), "yesterday".into()] {
        let error = s.json(&format!("/api/units/{UNIT}/today?day={bad}"), 400).await;
        assert_error(&error, "bad_request");
        assert_eq!(error["error"]["fields"], json!(["day"]), "{bad}");
    }
    assert_error(&s.json("/api/units/lc-nope-0000/today", 404).await, "not_found");

    // The perfect school: every past day full, or closed at the weekend (never a gap); today, a Sunday, closed.
    let perfect = day(&s, UNIT, "").await;
    for c in &perfect.calendar {
        let expected = if c.day.weekday() >= 5 { Completeness::Closed } else { Completeness::Full };
        assert_eq!(c.completeness, expected, "{}", c.day);
    }
    assert!(perfect.lines.iter().all(|l| l.state == KindState::Closed), "{:?}", perfect.lines);
    let html = s.html(&format!("/u/{UNIT}/today"), 200).await;
    assert!(html.contains("休息日") && html.contains("k-closed") && !html.contains("未记录"), "{html}");
    assert!(perfect.roster.on_roster >= 6 && perfect.roster.expired == 0);
    // No morning check today, said once the unit has opened.
    let no_check = day(&s, "lc-dcf-0043", "").await;
    assert_eq!(no_check.lines.iter().find(|l| l.kind == RecordKind::MorningCheck).unwrap().state, KindState::Missing);
    // An expired certificate; a positive test awaiting its recheck; yesterday's 补录 and a correction.
    assert_eq!(day(&s, "lc-gx-0009", "").await.roster.expired, 1);
    let positive = day(&s, "lc-yg-0008", "").await;
    let test = positive.records.iter().find(|r| r.kind == RecordKind::PesticideTest).unwrap();
    assert!(record(&s, "lc-yg-0008", &test.id)
        .await
        .findings
        .iter()
        .any(|f| matches!(f, mingchu_types::kitchen::Finding::PositiveAwaitingRecheck { .. })));
    let late = day(&s, "lc-lq-0003", &format!("?day={friday}")).await;
    assert!(late.records.iter().any(|r| r.late) && late.records.iter().any(|r| r.version == 2), "{:?}", late.records);

    // The painted pages: the records as HTML (the app reads them so), only the unit inlined as data.
    let html = s.html(&format!("/u/{UNIT}/today/{friday}"), 200).await;
    assert!(html.contains("单位自行记录") && html.contains(r#"id="mc-unit""#) && !html.contains("mc-today"));
    let id = &earlier.records[0].id;
    let html = s.html(&format!("/u/{UNIT}/records/{id}"), 200).await;
    assert!(html.contains(&format!("/u/{UNIT}/today")) && !html.contains("mc-record"), "{html}");
    let html = s.html(&format!("/u/{UNIT}/records/{id}?lang=en"), 200).await;
    assert!(html.contains(r#"<html lang="en">"#));
    // A day outside the window and an unknown record: a 404 that leads to today's records.
    for path in [format!("/u/{UNIT}/today/{}", s.today.add_days(-40)), format!("/u/{UNIT}/records/KR0000000000000000")] {
        let html = s.html(&path, 404).await;
        assert!(html.contains(&format!(r#"href="/u/{UNIT}/today""#)) && html.contains("近 30 天"), "{path}");
    }
    s.html("/u/lc-nope-0000/today", 404).await;
    // The unit page carries the card.
    let html = s.html(&format!("/u/{UNIT}"), 200).await;
    assert!(html.contains("今日后厨") && html.contains(&format!(r#"href="/u/{UNIT}/today""#)));
}

/// Public answers and pages never carry a full name, a certificate number, a temperature, a symptom, a
/// supplier's contact, a price or a self-inspection's own words.
#[tokio::test]
async fn nothing_private_reaches_the_public() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let person = json!({ "name": "欧阳震华", "post": "chef",
        "certificate": { "number": "ZJPRIV778899", "issued": "2026-03-01", "valid_until": "2027-02-28" } });
    let (status, added) = call(&s, &me, Method::POST, "/owner/staff", Some(person)).await;
    assert_eq!(status, 201, "{added}");
    let entry: RosterEntry = serde_json::from_value(added).unwrap();
    let who = entry.member.id;
    let at = s.now_ms() - 20 * MINUTE;
    let check = json!({ "kind": "morning_check", "entries": [
        { "staff_id": who, "temperature_tenths": 379, "hands_ok": false, "symptoms": ["diarrhoea", "skin_infection"] }] });
    let purchase = json!({ "kind": "purchase", "item": "猪肉", "quantity": "30 kg", "batch": "2026-11-28", "shelf_life": "3天",
        "supplier": { "name": "聊城肉联", "licence": "SC10437150200001", "contact": "蔡宝坤 13800001111" }, "price_cents": 9876543 });
    let samples = json!({ "kind": "samples", "meal": "breakfast", "menu": ["豆浆"], "dishes": [{ "dish": "豆浆", "grams": 150 }],
        "taken_by": who, "keep_until_ms": s.now_ms() + 50 * 60 * MINUTE, "disposed_by": who });
    let inspection = json!({ "kind": "self_inspection", "level": "weekly", "by": who, "problems": true, "problem_count": 2,
        "findings": "冷库门封条破损；王师傅手部化脓已调离，猪肉进价 12 元" });
    let mut ids = Vec::new();
    for (n, body) in [check, purchase, samples, inspection].iter().enumerate() {
        ids.push(written(&s, &me, None, &format!("private-{n}"), at, body).await.record.id);
    }
    // The owner sees it all.
    let own = call(&s, &me, Method::GET, "/owner/today", None).await.1.to_string();
    assert!(own.contains("欧阳震华") && own.contains("9876543") && own.contains("蔡宝坤") && own.contains("冷库门封条破损"));

    let mut answers = Vec::new();
    for lang in ["", "?lang=en"] {
        answers.push(s.html(&format!("/u/{UNIT}{lang}"), 200).await);
        answers.push(s.html(&format!("/u/{UNIT}/today{lang}"), 200).await);
        for id in &ids {
            answers.push(s.html(&format!("/u/{UNIT}/records/{id}{lang}"), 200).await);
        }
    }
    answers.push(s.json(&format!("/api/units/{UNIT}"), 200).await.to_string());
    answers.push(s.json(&format!("/api/units/{UNIT}/today"), 200).await.to_string());
    answers.push(s.json(&format!("/api/units/{UNIT}/today?day={}", s.today), 200).await.to_string());
    for id in &ids {
        answers.push(s.json(&format!("/api/units/{UNIT}/records/{id}"), 200).await.to_string());
    }
    for answer in &answers {
        let keys = [r#""temperature_tenths""#, r#""symptoms""#, r#""hands_ok""#, r#""price_cents""#, r#""contact""#, r#""ticket_photo""#];
        let values = [
            "欧阳震华",
            "阳震华",
            "ZJPRIV778899",
            "37.9",
            "diarrhoea",
            "skin_infection",
            "腹泻",
            "蔡宝坤",
            "13800001111",
            "9876543",
            "98765.43",
            "冷库门封条破损",
            "王师傅",
            "进价",
        ];
        for private in keys.into_iter().chain(values) {
            assert!(!answer.contains(private), "{private:?} reached the public: …{}…", around(answer, private));
        }
    }
    // What the public does see of them: the surname and the post, and that the person was moved off.
    let PublicBody::MorningCheck(check) = record(&s, UNIT, &ids[0]).await.record.body else { panic!("a morning check") };
    assert_eq!(check.entries[0].who, PublicPerson { name: "欧*".into(), post: Post::Chef });
    assert_eq!(check.entries[0].outcome, Outcome::MovedOff);
    assert!(answers.iter().any(|a| a.contains("欧*")));
    // And of the self-inspection, that it found two problems.
    let PublicBody::SelfInspection(inspection) = record(&s, UNIT, &ids[3]).await.record.body else { panic!("a self-inspection") };
    assert_eq!((inspection.problems, inspection.problem_count), (true, Some(2)));
    assert!(answers.iter().any(|a| a.contains("发现 2 个问题")));
}

#[tokio::test]
async fn a_renewed_certificate_leaves_older_checks_as_they_were() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let expired = s.today.add_days(-2).to_string();
    let issued = s.today.add_days(-300).to_string();
    let person = json!({ "name": "司徒续证", "post": "prep",
        "certificate": { "number": "ZJOLD445566", "issued": issued, "valid_until": expired } });
    let (status, added) = call(&s, &me, Method::POST, "/owner/staff", Some(person)).await;
    assert_eq!(status, 201, "{added}");
    let who = serde_json::from_value::<RosterEntry>(added).unwrap().member.id;
    let check = json!({ "kind": "morning_check", "entries": [{ "staff_id": who, "temperature_tenths": 362, "hands_ok": true }] });
    let yesterday = written(&s, &me, None, "checked-expired", s.now_ms() - 24 * 60 * MINUTE, &check).await;
    let expired_finding = |findings: &[Finding]| findings.iter().any(|f| matches!(f, Finding::CertificateExpired { .. }));
    assert!(expired_finding(&yesterday.findings), "{:?}", yesterday.findings);
    let outcome = |page: &RecordPage| match &page.record.body {
        PublicBody::MorningCheck(check) => check.entries[0].outcome,
        other => panic!("a morning check, not {other:?}"),
    };
    let before = record(&s, UNIT, &yesterday.record.id).await;
    assert_eq!(outcome(&before), Outcome::CertificateExpired);
    let first_screen = s.json(&format!("/api/units/{UNIT}"), 200).await;

    // Renewed today: yesterday's check still found the certificate expired; today's is fit.
    let renewed = json!({ "name": "司徒续证", "post": "prep", "active": true,
        "certificate": { "number": "ZJNEW778899", "issued": s.today.to_string(), "valid_until": s.today.add_days(300).to_string() } });
    let (status, answer) = call(&s, &me, Method::PUT, &format!("/owner/staff/{who}"), Some(renewed)).await;
    assert_eq!(status, 200, "{answer}");
    let after = record(&s, UNIT, &yesterday.record.id).await;
    assert_eq!(outcome(&after), Outcome::CertificateExpired);
    assert!(expired_finding(&after.findings), "{:?}", after.findings);
    assert_eq!(after.findings, before.findings);
    let day_before = day(&s, UNIT, &format!("?day={}", s.today.add_days(-1))).await;
    assert_eq!(day_before.lines.iter().find(|l| l.kind == RecordKind::MorningCheck).map(|l| l.state), Some(KindState::Attention));
    let today = written(&s, &me, None, "checked-renewed", s.now_ms() - MINUTE, &check).await;
    assert!(!expired_finding(&today.findings), "{:?}", today.findings);
    assert_eq!(outcome(&record(&s, UNIT, &today.record.id).await), Outcome::Fit);
    // The first screen's card was read again after the renewal, not kept from before.
    assert_ne!(s.json(&format!("/api/units/{UNIT}"), 200).await["kitchen"], first_screen["kitchen"]);

    // The public sees neither certificate, nor the name.
    let mut answers = vec![
        s.json(&format!("/api/units/{UNIT}"), 200).await.to_string(),
        s.json(&format!("/api/units/{UNIT}/today"), 200).await.to_string(),
        s.json(&format!("/api/units/{UNIT}/today?day={}", s.today.add_days(-1)), 200).await.to_string(),
        s.html(&format!("/u/{UNIT}/today/{}", s.today.add_days(-1)), 200).await,
    ];
    for id in [&yesterday.record.id, &today.record.id] {
        answers.push(s.json(&format!("/api/units/{UNIT}/records/{id}"), 200).await.to_string());
        answers.push(s.html(&format!("/u/{UNIT}/records/{id}"), 200).await);
    }
    for answer in &answers {
        for private in ["ZJOLD445566", "ZJNEW778899", "司徒续证", "徒续证", r#""temperature_tenths""#] {
            assert!(!answer.contains(private), "{private:?} reached the public: …{}…", around(answer, private));
        }
    }
}

fn around(text: &str, what: &str) -> String {
    let at = text.find(what).unwrap_or(0);
    let before: String = text[..at].chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at..].chars().take(60).collect();
    format!("{before}{after}")
}

async fn attention(s: &TestServer, who: &Who) -> AttentionList {
    let (status, answer) = call(s, who, Method::GET, "/regulator/today", None).await;
    assert_eq!(status, 200, "{answer}");
    serde_json::from_value(answer).unwrap()
}

#[tokio::test]
async fn a_regulator_sees_its_region_s_units_most_urgent_first() {
    let s = TestServer::start().await;
    let codes = |list: &AttentionList| list.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>();
    let station = attention(&s, &regulator(&s, "gulou").await).await;
    let county = attention(&s, &regulator(&s, "dongchangfu").await).await;
    let city = attention(&s, &regulator(&s, "liaocheng").await).await;
    assert_eq!(city.day, s.today);
    // The station reaches lc-dcf-0012 (kept perfectly: not listed) and lc-dcf-0027; not lc-dcf-0043. Today is
    // a Sunday: the school and the kindergarten lc-dcf-0027 are closed, so nothing of theirs is raised.
    assert!(codes(&station).is_empty(), "{:?}", codes(&station));
    assert!(codes(&county).contains(&"lc-dcf-0043".to_owned()) && codes(&county).iter().all(|c| c.starts_with("lc-dcf-")));
    for list in [&station, &county, &city] {
        assert!(!codes(list).contains(&UNIT.to_owned()), "the perfect kitchen needs no attention");
    }
    let item = |code: &str| city.items.iter().find(|i| i.code == code).unwrap_or_else(|| panic!("{code} is listed")).clone();
    assert_eq!(item("lc-dcf-0043").problems[0], Attention::NoMorningCheck);
    assert_eq!(city.items[0].problems[0], Attention::NoMorningCheck, "no morning check comes first");
    assert!(item("lc-gx-0009").problems.contains(&Attention::ExpiredCertificates { count: 1 }));
    assert!(item("lc-yg-0008").problems.contains(&Attention::PositiveAwaitingRecheck));
    assert!(city.items.windows(2).all(|w| w[0].urgency >= w[1].urgency), "most urgent first");
    assert_eq!(item("lc-dcf-0043").region, "371502-02");
}

/// Lays out the unit's kitchen again with only `records` (its roster as it was).
async fn kitchen_of(s: &TestServer, code: &str, records: &[KitchenRecord]) {
    let roster = s.store.roster(code).await.unwrap();
    s.store.clear_kitchen(code).await.unwrap();
    for member in &roster.members {
        s.store.put_staff(code, member, false, s.now_ms()).await.unwrap();
    }
    s.store.put_records(code, records).await.unwrap();
}

#[tokio::test]
async fn self_inspections_fall_overdue_however_long_ago_the_last_was() {
    let s = TestServer::start().await;
    let city = regulator(&s, "liaocheng").await;
    let overdue = |list: &AttentionList| {
        let item = list.items.iter().find(|i| i.code == UNIT);
        item.map_or(vec![], |i| {
            i.problems.iter().filter_map(|p| if let Attention::SelfInspectionOverdue { level } = p { Some(*level) } else { None }).collect()
        })
    };
    assert_eq!(overdue(&attention(&s, &city).await), vec![], "the perfect kitchen");
    let records = s.store.kitchen_records(UNIT, s.today.add_days(-40), s.today).await.unwrap();
    let level = |r: &KitchenRecord| if let RecordBody::SelfInspection(i) = &r.body { Some(i.level) } else { None };
    let meeting = records.iter().find(|r| level(r) == Some(Level::Monthly)).expect("the demo holds a monthly meeting").clone();
    // Today is a Sunday, when the school does not cook and nothing is raised: a morning check today makes
    // it a make-up day, judged as any.
    let check = records.iter().rfind(|r| r.kind() == RecordKind::MorningCheck).expect("a morning check");
    let sunday = s.today.start_ms(mingchu_types::CHINA_UTC_OFFSET_SECS) + 6 * 60 * MINUTE;
    let today_check = KitchenRecord { id: "KR-today".into(), at_ms: sunday, entered_ms: sunday + MINUTE, ..check.clone() };
    let others = || records.iter().filter(|r| level(r) != Some(Level::Monthly)).cloned().chain([today_check.clone()]);
    // The last monthly meeting 32 days ago, beyond the calendar's days: overdue.
    let day_start = |back: i32| s.today.add_days(-back).start_ms(mingchu_types::CHINA_UTC_OFFSET_SECS);
    let long_ago = KitchenRecord { at_ms: day_start(32) + 10 * 60 * MINUTE, entered_ms: day_start(32) + 11 * 60 * MINUTE, ..meeting.clone() };
    kitchen_of(&s, UNIT, &others().chain([long_ago]).collect::<Vec<_>>()).await;
    assert_eq!(overdue(&attention(&s, &city).await), vec![Level::Monthly]);
    // 31 days ago is not.
    let in_time = KitchenRecord { at_ms: day_start(31) + 10 * 60 * MINUTE, entered_ms: day_start(31) + 11 * 60 * MINUTE, ..meeting };
    kitchen_of(&s, UNIT, &others().chain([in_time]).collect::<Vec<_>>()).await;
    assert_eq!(overdue(&attention(&s, &city).await), vec![]);
    // A unit that never self-inspects, though it keeps its other records: every level it has had time for.
    let none: Vec<KitchenRecord> = records.iter().filter(|r| level(r).is_none()).cloned().chain([today_check.clone()]).collect();
    let begins = none.iter().map(|r| day_of(r.at_ms)).min().unwrap();
    assert!(begins.days_until(s.today) > 7 && begins.days_until(s.today) <= 31, "{begins}");
    kitchen_of(&s, UNIT, &none).await;
    assert_eq!(overdue(&attention(&s, &city).await), vec![Level::Daily, Level::Weekly]);
}

/// The batch the README documents, as its file has it.
const EXAMPLE: &[u8] = include_bytes!("../../../docs/import-records-example.json");

async fn put(s: &TestServer, code: &str, auth: Option<&str>, body: &[u8]) -> reqwest::Response {
    let mut request =
        s.client.put(s.url(&format!("/api/platform/units/{code}/records"))).header("content-type", "application/json").body(body.to_vec());
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    request.send().await.unwrap()
}

/// Every version of every record and every person of a unit, as stored.
async fn kitchen_dump(s: &TestServer, code: &str) -> String {
    let records = s.store.kitchen_records(code, s.today.add_days(-40), s.today).await.unwrap();
    let mut all = Vec::new();
    for r in &records {
        all.extend(s.store.record_versions(code, &r.id).await.unwrap());
    }
    format!("{:?}{:?}", all, s.store.roster(code).await.unwrap())
}

#[tokio::test]
async fn the_platform_pushes_batches_and_a_repeat_changes_nothing() {
    let s = TestServer::start().await;
    let code = "lc-dcf-0027";
    // No token issued yet; then only the current token opens the door, never a staff session.
    assert_eq!(put(&s, code, Some("Bearer anything"), EXAMPLE).await.status(), 401);
    let token = platform::issue_token(&*s.store).await.unwrap();
    let bearer = format!("Bearer {token}");
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let with_cookie = s.client.put(s.url(&format!("/api/platform/units/{code}/records"))).header("cookie", me.cookie.unwrap()).body(EXAMPLE);
    assert_eq!(with_cookie.send().await.unwrap().status(), 401);
    for auth in [None, Some("Bearer wrong")] {
        let r = put(&s, code, auth, EXAMPLE).await;
        assert_eq!(r.status(), 401);
        assert_error(&r.json().await.unwrap(), "unauthorized");
    }

    let r = put(&s, code, Some(&bearer), EXAMPLE).await;
    assert_eq!(r.status(), 200);
    let first: RecordsBatchResult = r.json().await.unwrap();
    assert_eq!(first.staff, [ImportResult::Created; 3]);
    assert!(first.records.iter().all(|r| r.result == ImportResult::Created && r.id.starts_with("KR")));
    let before = kitchen_dump(&s, code).await;
    let again: RecordsBatchResult = put(&s, code, Some(&bearer), EXAMPLE).await.json().await.unwrap();
    assert_eq!(again.staff, [ImportResult::Unchanged; 3]);
    assert!(again.records.iter().zip(&first.records).all(|(a, f)| a.result == ImportResult::Unchanged && a.id == f.id));
    assert_eq!(kitchen_dump(&s, code).await, before, "a repeat changes nothing");

    // The records are the device's, on the public page; the fever is a person moved off.
    let page = record(&s, code, &first.records[0].id).await;
    assert_eq!(page.record.source, Source::Device { name: "晨检仪 MJ-02".into() });
    assert_eq!(page.record.body.kind(), RecordKind::MorningCheck);

    // A changed body under the same device id is the record's next version.
    let mut batch: Value = serde_json::from_slice(EXAMPLE).unwrap();
    batch["records"][2]["body"]["duration_s"] = json!(1200);
    let changed: RecordsBatchResult = put(&s, code, Some(&bearer), &serde_json::to_vec(&batch).unwrap()).await.json().await.unwrap();
    let results: Vec<ImportResult> = changed.records.iter().map(|r| r.result).collect();
    assert_eq!(results, [ImportResult::Unchanged, ImportResult::Unchanged, ImportResult::Updated]);
    assert_eq!(changed.records[2].id, first.records[2].id);
    assert_eq!(record(&s, code, &first.records[2].id).await.versions.len(), 2);

    // Every problem named by entry; nothing written.
    let before = kitchen_dump(&s, code).await;
    let mut bad = batch.clone();
    bad["records"][0]["at_ms"] = json!(s.now_ms() + 3_600_000);
    bad["records"][1]["body"]["taken_by"] = json!("P-9999");
    bad["staff"][0]["staff_id"] = json!("has space");
    bad["records"][2]["body"]["duration_s"] = json!(1800);
    let r = put(&s, code, Some(&bearer), &serde_json::to_vec(&bad).unwrap()).await;
    assert_eq!(r.status(), 422);
    let error: Value = r.json().await.unwrap();
    assert_error(&error, "invalid_import");
    let fields: Vec<&str> = error["error"]["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert!(fields.iter().any(|f| f.starts_with("staff[0].staff_id: ")), "{fields:?}");
    assert!(fields.contains(&"records[0]: time_in_future") && fields.contains(&"records[1]: unknown_staff"), "{fields:?}");
    let mut kind = batch.clone();
    kind["records"][0]["body"] =
        json!({ "kind": "disinfection", "target": "tableware", "method": "steam", "temperature_c": 100, "duration_s": 900, "by": "P-1001" });
    let r = put(&s, code, Some(&bearer), &serde_json::to_vec(&kind).unwrap()).await;
    assert_eq!(r.status(), 422);
    let error: Value = r.json().await.unwrap();
    assert!(error["error"]["fields"][0].as_str().unwrap().starts_with("records[0].body.kind: "), "{error}");
    let r = put(&s, code, Some(&bearer), br#"{"records": [{"device_record_id": "x"}]}"#).await;
    assert_eq!(r.status(), 422);
    assert_eq!(put(&s, code, Some(&bearer), b"{not json").await.status(), 422);
    // Too many records for one batch (one transaction): refused as a whole, the limit said.
    let mut many = batch.clone();
    many["records"] = json!(vec![batch["records"][0].clone(); 1001]);
    let r = put(&s, code, Some(&bearer), &serde_json::to_vec(&many).unwrap()).await;
    assert_eq!(r.status(), 422);
    let error: Value = r.json().await.unwrap();
    assert!(error["error"]["fields"][0].as_str().unwrap().starts_with("records: 1001 entries"), "{error}");
    let mut device = batch.clone();
    device["records"][0]["device"] = json!("晨检仪\u{0}");
    assert_eq!(put(&s, code, Some(&bearer), &serde_json::to_vec(&device).unwrap()).await.status(), 422);
    assert_eq!(kitchen_dump(&s, code).await, before);
    assert_eq!(put(&s, "lc-nope-0000", Some(&bearer), EXAMPLE).await.status(), 404);
}

/// The example file, imported as the README says (through the function the command runs, at the test's
/// fixed time: the file's records are of 28 November 2026).
#[tokio::test]
async fn the_example_batch_imports() {
    let s = TestServer::start().await;
    let result = import_records(&*s.store, "lc-dcf-0027", EXAMPLE, s.now_ms()).await.unwrap().unwrap();
    assert_eq!(result.staff, [ImportResult::Created; 3]);
    assert_eq!(result.records.len(), 3);
    let yesterday = day(&s, "lc-dcf-0027", &format!("?day={}", s.today.add_days(-1))).await;
    for r in &result.records {
        assert!(yesterday.records.iter().any(|b| b.id == r.id), "{} is on 28 November", r.device_record_id);
    }
    assert!(import_records(&*s.store, "lc-nope-0000", EXAMPLE, s.now_ms()).await.unwrap().is_none());
}

/// The command as an operator runs it (the real clock: the example's times moved to a day ago).
#[tokio::test]
async fn the_import_command_takes_a_unit_s_batch() {
    let data = tempfile::tempdir().unwrap();
    let postgres = common::FreshPostgres::create().await;
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mingchu-server"));
        command.args(args).arg("--data").arg(data.path());
        if let Some(p) = &postgres {
            command.arg("--database").arg(&p.url);
        }
        command.output().unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let mut batch: Value = serde_json::from_slice(EXAMPLE).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let shift = now - 24 * 60 * MINUTE - batch["records"][0]["at_ms"].as_i64().unwrap();
    for r in batch["records"].as_array_mut().unwrap() {
        r["at_ms"] = json!(r["at_ms"].as_i64().unwrap() + shift);
        if let Some(keep) = r["body"]["keep_until_ms"].as_i64() {
            r["body"]["keep_until_ms"] = json!(keep + shift);
        }
    }
    let file = data.path().join("batch.json");
    std::fs::write(&file, serde_json::to_vec(&batch).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    let out = run(&["import", "--unit", "lc-dcf-0027", file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "staff: 3 created, 0 updated, 0 unchanged\nrecords: 3 created, 0 updated, 0 unchanged\n");
    let out = run(&["import", "--unit", "lc-dcf-0027", file]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "staff: 0 created, 0 updated, 3 unchanged\nrecords: 0 created, 0 updated, 3 unchanged\n");
    let out = run(&["import", "--unit", "lc-nope-0000", file]);
    assert!(!out.status.success());
    batch["records"][0]["at_ms"] = json!(now + 3_600_000);
    std::fs::write(data.path().join("bad.json"), serde_json::to_vec(&batch).unwrap()).unwrap();
    let out = run(&["import", "--unit", "lc-dcf-0027", data.path().join("bad.json").to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  1. records[0]: time_in_future") && stderr.contains("nothing was imported"), "{stderr}");
}

/// A small JPEG, as the browser's photo shrinking sends.
fn jpeg() -> Vec<u8> {
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// The photo of a meal's sealed samples is public with its record; a purchase's ticket (it shows prices)
/// only to the unit's owner and its regulators. Both are kept from the sweep of unused photos.
#[tokio::test]
async fn a_sample_photo_is_public_a_ticket_never_and_both_are_kept() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let staff = staff_ids(&s, &me).await;
    let mut photos = Vec::new();
    for _ in 0..2 {
        let r = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg()).send().await.unwrap();
        assert_eq!(r.status(), 201);
        photos.push(r.json::<mingchu_types::PhotoUpload>().await.unwrap());
    }
    let (sealed, ticket) = (&photos[0], &photos[1]);
    let mut samples = bodies(s.now_ms(), &staff)[1].clone();
    samples["photo"] = json!(sealed.id);
    let mut purchase = bodies(s.now_ms(), &staff)[4].clone();
    purchase["ticket_photo"] = json!(ticket.id);
    let at = s.now_ms() - 10 * MINUTE;
    let samples = written(&s, &me, None, "with-photo", at, &samples).await.record.id;
    let purchase = written(&s, &me, None, "with-ticket", at, &purchase).await.record.id;

    assert!(s.json(&format!("/api/units/{UNIT}/records/{samples}"), 200).await.to_string().contains(&sealed.id));
    assert!(!s.json(&format!("/api/units/{UNIT}/records/{purchase}"), 200).await.to_string().contains(&ticket.id));
    let public = s.get(&sealed.url).await;
    assert_eq!(public.status(), 200);
    assert_eq!(public.headers()["cache-control"], "public, max-age=300");
    assert_eq!(s.get(&ticket.url).await.status(), 404, "a stranger never sees a ticket");
    let staff_photo = |who: Who| {
        let s = &s;
        let path = format!("/api/staff/media/{}.jpg", ticket.id);
        async move { s.client.get(s.url(&path)).header("cookie", who.cookie.unwrap()).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(staff_photo(me.clone()).await, 200);
    assert_eq!(staff_photo(regulator(&s, "gulou").await).await, 200);
    assert_eq!(staff_photo(regulator(&s, "xinqu").await).await, 404, "another station's");
    assert_eq!(staff_photo(owner(&s, "owner B", "lc-dcf-0043", "DEMO-0043").await).await, 404);

    let later = s.now_ms() + 1000 * 86_400_000;
    mingchu_server::sweep::sweep_photos(&*s.store, &s.media, &s.room, later).await.unwrap();
    assert!(s.store.photo(&sealed.id).await.unwrap().is_some() && s.store.photo(&ticket.id).await.unwrap().is_some());

    // A photo another record (or a diner's message) shows cannot be published by naming its id: the
    // ticket, with its prices, stays private.
    let mut leak = bodies(s.now_ms(), &staff)[1].clone();
    leak["photo"] = json!(ticket.id);
    assert_eq!(write(&s, &me, None, "ticket-as-samples", at, &leak).await.0, 400);
    assert_eq!(s.get(&ticket.url).await.status(), 404);
    // A correction may keep its record's photo; one without it withdraws it from the public (the owner
    // and the regulator still see it in the trail's older version).
    let mut again = bodies(s.now_ms(), &staff)[1].clone();
    again["photo"] = json!(sealed.id);
    written(&s, &me, Some(&samples), "same-photo", at, &again).await;
    assert_eq!(s.get(&sealed.url).await.status(), 200);
    written(&s, &me, Some(&samples), "without-photo", at, &bodies(s.now_ms(), &staff)[1]).await;
    assert_eq!(s.get(&sealed.url).await.status(), 404, "a photo a correction took out is no longer public");
    let path = format!("/api/staff/media/{}.jpg", sealed.id);
    assert_eq!(s.client.get(s.url(&path)).header("cookie", me.cookie.clone().unwrap()).send().await.unwrap().status(), 200);
}

/// Writes sent at once: a draft sent four times is one record; corrections at once are each a version.
#[tokio::test]
async fn writes_at_once_queue() {
    let s = std::sync::Arc::new(TestServer::start().await);
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let staff = staff_ids(&s, &me).await;
    let body = bodies(s.now_ms(), &staff)[3].clone();
    let at = s.now_ms() - 5 * MINUTE;
    let at_once = |client_ids: Vec<String>, correcting: Option<String>| {
        let tasks: Vec<_> = client_ids
            .into_iter()
            .map(|client_id| {
                let (s, me, body, correcting) = (s.clone(), me.clone(), body.clone(), correcting.clone());
                tokio::spawn(async move { written(&s, &me, correcting.as_deref(), &client_id, at, &body).await })
            })
            .collect();
        async move {
            let mut out = Vec::new();
            for task in tasks {
                out.push(task.await.unwrap());
            }
            out
        }
    };
    let same = at_once(vec!["draft".to_owned(); 4], None).await;
    assert!(same.iter().all(|r| r.record == same[0].record));
    let id = same[0].record.id.clone();
    let fixes = at_once((0..3).map(|n| format!("fix-{n}")).collect(), Some(id.clone())).await;
    let mut versions: Vec<u32> = fixes.iter().map(|r| r.record.version).collect();
    versions.sort();
    assert_eq!(versions, [2, 3, 4]);
    assert_eq!(s.store.record_versions(UNIT, &id).await.unwrap().len(), 4);
}

/// A NUL character, which PostgreSQL's text cannot hold (SQLite keeps it), in a path or in a name, is the
/// client's mistake on either database: never a 500.
#[tokio::test]
async fn a_nul_character_is_the_client_s_mistake() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    for path in [format!("/api/units/{UNIT}/records/KR%00"), format!("/u/{UNIT}/records/KR%00"), "/api/units/lc%00/today".to_owned()] {
        let status = s.get(&path).await.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    let person = json!({ "name": "王\u{0}五", "post": "chef",
        "certificate": { "number": "ZJ\u{0}1", "issued": "2026-03-01", "valid_until": "2027-02-28" } });
    let (status, answer) = call(&s, &me, Method::POST, "/owner/staff", Some(person.clone())).await;
    assert!((200..500).contains(&status), "{status} {answer}");
    let (status, answer) = call(&s, &me, Method::PUT, "/owner/staff/ST%00", Some(person)).await;
    assert!((400..500).contains(&status), "{status} {answer}");
}

/// A unit that keeps no records here is not shown thirty days of "not recorded": its day page says it
/// does not publish them, and its card says so too.
#[tokio::test]
async fn a_unit_that_keeps_no_records_here_is_not_accused_of_missing_them() {
    let s = TestServer::start().await;
    s.store.clear_kitchen("lc-gxq-0005").await.unwrap();
    let answer = s.json("/api/units/lc-gxq-0005/today", 404).await;
    assert_eq!(answer["error"]["code"], "not_found", "{answer}");
    let html = s.html("/u/lc-gxq-0005/today", 404).await;
    assert!(html.contains("本单位尚未在此公开后厨台账") && !html.contains("k-calendar"), "{html}");
    let page = s.json("/api/units/lc-gxq-0005", 200).await;
    assert!(page.get("kitchen").is_none(), "{page}");
}

/// A person added through the outbox carries its key: sent again, it is the same person, not a second;
/// a key that is not plain text is refused rather than ignored (which would add one per retry).
#[tokio::test]
async fn a_person_sent_twice_is_one_person() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", UNIT, "DEMO-0012").await;
    let person = json!({ "name": "钱多多", "post": "prep",
        "certificate": { "number": "LCJK2026000001", "issued": "2026-03-01", "valid_until": "2027-02-28" } });
    let add = |key: &'static [u8]| {
        let (s, me, person) = (&s, &me, person.clone());
        async move {
            let r = s
                .client
                .post(s.url("/api/staff/owner/staff"))
                .header("cookie", me.cookie.clone().unwrap())
                .header("x-csrf-token", me.csrf.clone().unwrap())
                .header("idempotency-key", reqwest::header::HeaderValue::from_bytes(key).unwrap())
                .json(&person)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (first, second) = (add(b"add-qian").await, add(b"add-qian").await);
    assert_eq!((first.0, second.0), (201, 201), "{first:?}");
    assert_eq!(first.1["member"]["id"], second.1["member"]["id"]);
    assert_eq!(staff_ids(&s, &me).await.iter().filter(|id| **id == first.1["member"]["id"]).count(), 1);
    assert_eq!(add("添加-钱".as_bytes()).await.0, 400);
}
