//! Open data (issue 17): the bulk files hold what the per-unit API says about every demo unit, the CSV
//! reads back to the JSON's rows, no person's name is in any file, a reader who has a file gets a 304,
//! and a push from the supervision platform has the files made again.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use common::{assert_error, TestServer};
use mingchu_server::import::ImportRecord;
use mingchu_server::platform;
use mingchu_types::{GradeRow, ImportResult, InspectionRow, LicenceRow, OpenDataIndex, OpenDataJson, UnitRow, OPEN_DATA_LICENCE, OPEN_DATA_SETS};
use serde::de::DeserializeOwned;

const BOM: &str = "\u{feff}";

/// A file's bytes and headers, asserting a 200.
async fn download(s: &TestServer, name: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let r = s.get(&format!("/api/open-data/{name}")).await;
    assert_eq!(r.status().as_u16(), 200, "{name}");
    let headers = r.headers().clone();
    (headers, r.bytes().await.expect("body").to_vec())
}

/// A JSON file's rows, checking its envelope.
async fn json_rows<T: DeserializeOwned>(s: &TestServer, set: &str) -> Vec<T> {
    let (headers, bytes) = download(s, &format!("{set}.json")).await;
    assert_eq!(headers["content-type"], "application/json");
    let file: OpenDataJson<T> = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{set}.json: {e}"));
    assert_eq!(file.licence, OPEN_DATA_LICENCE);
    file.items
}

/// A CSV file's rows, read back with the `csv` crate, checking its byte-order mark and header.
async fn csv_rows<T: DeserializeOwned>(s: &TestServer, set: &str) -> Vec<T> {
    let (headers, bytes) = download(s, &format!("{set}.csv")).await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let body = text.strip_prefix(BOM).unwrap_or_else(|| panic!("{set}.csv has no byte-order mark"));
    let columns: Vec<&str> = mingchu_types::open_data_columns(set).unwrap().iter().map(|(name, _)| *name).collect();
    assert_eq!(body.split("\r\n").next().unwrap(), columns.join(","), "{set}.csv's header row");
    csv::Reader::from_reader(body.as_bytes()).deserialize().collect::<Result<Vec<T>, _>>().unwrap_or_else(|e| panic!("{set}.csv: {e}"))
}

/// Every unit code the API lists, page after page.
async fn api_codes(s: &TestServer) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/units?limit=50&cursor={c}"),
            None => "/api/units?limit=50".to_owned(),
        };
        let page = s.json(&path, 200).await;
        for item in page["items"].as_array().unwrap() {
            codes.insert(item["code"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return codes,
        }
    }
}

#[tokio::test]
async fn the_files_hold_what_the_api_says_about_every_unit() {
    let s = TestServer::start().await;
    let units: Vec<UnitRow> = json_rows(&s, "units").await;
    let licences: Vec<LicenceRow> = json_rows(&s, "licences").await;
    let grades: Vec<GradeRow> = json_rows(&s, "grades").await;
    let inspections: Vec<InspectionRow> = json_rows(&s, "inspections").await;

    // Every unit once, and no other.
    let codes: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes.iter().copied().collect::<BTreeSet<_>>().len(), codes.len(), "a unit twice");
    assert_eq!(codes.iter().map(|c| (*c).to_owned()).collect::<BTreeSet<_>>(), api_codes(&s).await);
    for demo in mingchu_server::demo::demo_units(s.today) {
        assert_eq!(codes.iter().filter(|c| **c == demo.unit.code).count(), 1, "{}", demo.unit.code);
    }
    assert_eq!(grades.len(), units.len(), "one grade per unit");

    let licence_of: HashMap<&str, &LicenceRow> = licences.iter().map(|l| (l.unit_code.as_str(), l)).collect();
    let grade_of: HashMap<&str, &GradeRow> = grades.iter().map(|g| (g.unit_code.as_str(), g)).collect();
    let mut checked_inspections = 0;
    for unit in &units {
        let page = s.json(&format!("/api/units/{}", unit.code), 200).await;
        assert_eq!(page["unit"]["name"], unit.name.as_str());
        assert_eq!(page["unit"]["kind"], unit.kind.as_str());
        assert_eq!(page["unit"]["address"], unit.address.as_str());
        assert_eq!(page["unit"]["phone"].as_str(), unit.phone.as_deref(), "{}", unit.code);
        assert_eq!(page["unit"]["location"]["lat"].as_f64(), unit.lat, "{}", unit.code);
        match (&page["licence"]["licence"], licence_of.get(unit.code.as_str())) {
            (serde_json::Value::Null, None) => {}
            (licence, Some(row)) => {
                assert_eq!(licence["number"], row.number.as_str(), "{}", unit.code);
                assert_eq!(licence["valid_until"], row.valid_until.to_string().as_str(), "{}", unit.code);
                assert_eq!(licence["operator_name"], row.operator_name.as_str(), "{}", unit.code);
            }
            (licence, None) => panic!("{}: the API shows a licence the file lacks: {licence}", unit.code),
        }
        let grade = grade_of[unit.code.as_str()];
        let dynamic = &page["grade"]["dynamic"];
        assert_eq!(page["grade"]["scheme_key"], grade.scheme.as_str());
        match grade.state.as_str() {
            "graded" => {
                assert_eq!(dynamic["graded"]["level"]["key"].as_str(), grade.level.as_deref(), "{}", unit.code);
                assert_eq!(dynamic["graded"]["graded_on"].as_str(), grade.graded_on.map(|d| d.to_string()).as_deref());
            }
            "not_graded" => assert_eq!(dynamic["not_graded"]["reason"].as_str(), grade.not_graded_reason.as_deref(), "{}", unit.code),
            other => panic!("state {other:?}"),
        }
        // The unit's inspections, newest first in the API, oldest first in the file.
        let list = s.json(&format!("/api/units/{}/inspections?limit=50", unit.code), 200).await;
        let mut theirs: Vec<&InspectionRow> = inspections.iter().filter(|i| i.unit_code == unit.code).collect();
        theirs.reverse();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), theirs.len(), "{}'s inspections", unit.code);
        for (api, row) in items.iter().zip(theirs) {
            assert_eq!(api["id"], row.id);
            assert_eq!(api["date"], row.date.to_string().as_str());
            assert_eq!(api["result"], row.result.as_str());
            assert_eq!(api["outcome"], row.outcome.as_str());
            assert_eq!(api["problem_count"], row.key_problems + row.general_problems);
            checked_inspections += 1;
        }
    }
    assert_eq!(checked_inspections, inspections.len(), "every inspection belongs to a unit");
    assert!(!licences.is_empty() && !inspections.is_empty());
    assert!(grades.iter().any(|g| g.state == "graded"));
}

#[tokio::test]
async fn the_csv_reads_back_to_the_json_rows() {
    let s = TestServer::start().await;
    assert_eq!(csv_rows::<UnitRow>(&s, "units").await, json_rows::<UnitRow>(&s, "units").await);
    assert_eq!(csv_rows::<LicenceRow>(&s, "licences").await, json_rows::<LicenceRow>(&s, "licences").await);
    assert_eq!(csv_rows::<GradeRow>(&s, "grades").await, json_rows::<GradeRow>(&s, "grades").await);
    assert_eq!(csv_rows::<InspectionRow>(&s, "inspections").await, json_rows::<InspectionRow>(&s, "inspections").await);
}

#[tokio::test]
async fn no_file_names_a_person() {
    let s = TestServer::start().await;
    // Every person the demo records name: contacts, legal representatives, supervising officers,
    // signers and inspectors.
    let mut people = BTreeSet::new();
    for unit in mingchu_server::demo::demo_units(s.today) {
        people.extend(unit.contact);
        if let Some(l) = unit.licence {
            people.insert(l.legal_representative);
            people.extend(l.supervising_officers);
            people.extend(l.signer);
        }
        for i in unit.inspections {
            people.extend(i.inspectors);
        }
    }
    // Officers' and inspectors' fields may list several: each name is looked for.
    let names: BTreeSet<String> = people
        .iter()
        .flat_map(|p| {
            p.split(['、', ',', '，', ' ', '（', '(']).map(str::trim).filter(|n| n.chars().count() >= 2).map(str::to_owned).collect::<Vec<_>>()
        })
        .collect();
    assert!(names.len() > 20, "the demo names people: {names:?}");
    for set in OPEN_DATA_SETS {
        for ext in ["json", "csv"] {
            let (_, bytes) = download(&s, &format!("{set}.{ext}")).await;
            let text = String::from_utf8(bytes).unwrap();
            for name in &names {
                assert!(!text.contains(name.as_str()), "{set}.{ext} names {name}");
            }
        }
    }
}

#[tokio::test]
async fn the_index_describes_every_file() {
    let s = TestServer::start().await;
    let index: OpenDataIndex = serde_json::from_value(s.json("/api/open-data", 200).await).unwrap();
    assert_eq!(index.licence, OPEN_DATA_LICENCE);
    assert_eq!(index.files.len(), 8);
    for file in &index.files {
        let (headers, bytes) = download(&s, &file.name).await;
        assert_eq!(file.bytes, bytes.len() as u64, "{}", file.name);
        assert!(!file.columns.is_empty() && file.columns.iter().all(|c| !c.description.is_empty()));
        assert_eq!(headers["content-disposition"], format!("attachment; filename=\"mingchu-{}\"", file.name).as_str());
        let last_modified = httpdate::parse_http_date(headers["last-modified"].to_str().unwrap()).unwrap();
        let generated = chrono_free_rfc3339(&file.generated_at);
        assert_eq!(last_modified, generated, "{}", file.name);
    }
    let units = index.files.iter().find(|f| f.name == "units.json").unwrap();
    assert_eq!(units.rows as usize, json_rows::<UnitRow>(&s, "units").await.len());

    let r = s.get("/api/open-data/people.csv").await;
    assert_eq!(r.status().as_u16(), 404);
    assert_error(&r.json().await.unwrap(), "not_found");
    assert_eq!(s.get("/api/open-data/units.xml").await.status().as_u16(), 404);
}

/// `2026-11-29T04:00:00Z` as a time (the index's times are always of that shape).
fn chrono_free_rfc3339(s: &str) -> std::time::SystemTime {
    let http = {
        let day: mingchu_types::Day = s[..10].parse().unwrap();
        let secs = i64::from(mingchu_types::Day::from_unix_seconds(0, 0).days_until(day)) * 86_400;
        let hms: Vec<i64> = s[11..19].split(':').map(|p| p.parse().unwrap()).collect();
        secs + hms[0] * 3600 + hms[1] * 60 + hms[2]
    };
    std::time::UNIX_EPOCH + Duration::from_secs(http as u64)
}

#[tokio::test]
async fn a_reader_who_has_the_file_gets_a_304() {
    let s = TestServer::start().await;
    for name in ["units.csv", "inspections.json"] {
        let (headers, _) = download(&s, name).await;
        let etag = headers["etag"].to_str().unwrap().to_owned();
        let last_modified = headers["last-modified"].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"'), "a strong ETag: {etag}");
        assert!(headers["cache-control"].to_str().unwrap().starts_with("public"));

        let url = s.url(&format!("/api/open-data/{name}"));
        let r = s.client.get(&url).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 304, "{name}: If-None-Match");
        assert_eq!(r.headers()["etag"], etag.as_str());
        let r = s.client.get(&url).header("if-modified-since", &last_modified).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 304, "{name}: If-Modified-Since");
        assert_eq!(r.headers()["last-modified"], last_modified.as_str());
        // A time before it, or another tag: the file.
        let r = s.client.get(&url).header("if-modified-since", "Sun, 06 Nov 1994 08:49:37 GMT").send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{name}: modified since 1994");
        let r = s.client.get(&url).header("if-none-match", "\"other\"").header("if-modified-since", &last_modified).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{name}: If-None-Match decides");
        // Compressed when asked, under a tag of its own.
        let r = s.client.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(r.headers()["content-encoding"], "gzip");
        assert_ne!(r.headers()["etag"], etag.as_str());
    }
}

#[tokio::test]
async fn a_platform_push_has_the_files_made_again() {
    let s = TestServer::start().await;
    let (before, csv_before) = download(&s, "units.csv").await;
    let (licences_before, _) = download(&s, "licences.json").await;
    let (grades_before, _) = download(&s, "grades.csv").await;

    let mut record = ImportRecord::from_data(mingchu_server::demo::demo_units(s.today).remove(0), vec![]);
    let code = record.unit.code.clone();
    record.unit.name = format!("{}（开放数据）", record.unit.name);
    let licence = record.licence.as_mut().expect("the first demo unit has a licence");
    licence.valid_until = licence.valid_until.add_days(366);
    let (new_name, new_until) = (record.unit.name.clone(), licence.valid_until);
    let token = platform::issue_token(&*s.store).await.unwrap();
    let r = s
        .client
        .put(s.url(&format!("/api/platform/units/{code}")))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&record).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["result"], "updated");

    // Made again after a short wait for more pushes.
    let started = Instant::now();
    let (after, csv_after) = loop {
        let (headers, bytes) = download(&s, "units.csv").await;
        if headers["etag"] != before["etag"] {
            break (headers, bytes);
        }
        assert!(started.elapsed() < Duration::from_secs(20), "units.csv was not made again");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_ne!(csv_after, csv_before);
    assert!(String::from_utf8(csv_after).unwrap().contains(&new_name));
    assert_ne!(after["last-modified"], before["last-modified"]);
    let since = httpdate::parse_http_date(after["last-modified"].to_str().unwrap()).unwrap();
    assert!(since > httpdate::parse_http_date(before["last-modified"].to_str().unwrap()).unwrap());
    // A reader with the old file's time gets the new file.
    let r = s.client.get(s.url("/api/open-data/units.csv")).header("if-modified-since", before["last-modified"].clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);

    let licences: Vec<LicenceRow> = json_rows(&s, "licences").await;
    assert_eq!(licences.iter().find(|l| l.unit_code == code).unwrap().valid_until, new_until);
    let (licences_after, _) = download(&s, "licences.json").await;
    assert_ne!(licences_after["etag"], licences_before["etag"]);
    // The grades did not change: their file, its tag and time stay.
    let (grades_after, _) = download(&s, "grades.csv").await;
    assert_eq!(grades_after["etag"], grades_before["etag"]);
    assert_eq!(grades_after["last-modified"], grades_before["last-modified"]);
}

#[tokio::test]
async fn an_import_by_the_command_line_leaves_the_mark_every_server_looks_for() {
    use mingchu_server::import::{import_file, Format};
    use mingchu_server::open_data::RECORDS_CHANGED;
    let s = TestServer::start().await;
    let before = s.store.meta(RECORDS_CHANGED).await.unwrap();
    let mut records: Vec<ImportRecord> =
        mingchu_server::demo::demo_units(s.today).into_iter().take(1).map(|u| ImportRecord::from_data(u, vec![])).collect();
    let file = |records: &[ImportRecord]| serde_json::to_vec(&serde_json::json!({ "units": records })).unwrap();
    let s = &s;
    let import = |bytes: Vec<u8>| async move { import_file(&*s.store, &bytes, Format::Json, s.today, s.now_ms()).await.unwrap() };
    // The stored record again changes nothing, and leaves no mark.
    assert_eq!(import(file(&records)).await, [ImportResult::Unchanged]);
    assert_eq!(s.store.meta(RECORDS_CHANGED).await.unwrap(), before);
    records[0].unit.address.push_str("（新址）");
    assert_eq!(import(file(&records)).await, [ImportResult::Updated]);
    let first = s.store.meta(RECORDS_CHANGED).await.unwrap();
    assert!(first.is_some() && first != before, "{before:?} {first:?}");
    records[0].unit.address.push_str("二号");
    assert_eq!(import(file(&records)).await, [ImportResult::Updated]);
    let changed = s.store.meta(RECORDS_CHANGED).await.unwrap();
    assert!(changed.is_some() && changed != first, "{first:?} {changed:?}");
}
