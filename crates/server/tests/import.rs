//! Imports from the supervision platform, against a real server and its database: good files show up in
//! the public API, a repeat changes not one byte of the tables, a file with one bad record changes
//! nothing and names every problem, CSV rows update base facts only, and the platform's PUT needs its
//! token. The README's example files are imported here, so they cannot rot.

mod common;

use common::{assert_error, TestServer};
use mingchu_server::import::{import_file, Format, ImportError, ImportRecord};
use mingchu_server::platform;
use mingchu_types::{ImportCamera, ImportResult, KitchenArea};
use sqlx::Row;

use ImportResult::{Created, Unchanged, Updated};

const EXAMPLE_JSON: &[u8] = include_bytes!("../../../docs/import-example.json");
const EXAMPLE_CSV: &[u8] = include_bytes!("../../../docs/import-example.csv");

async fn import(s: &TestServer, bytes: &[u8], format: Format) -> Result<Vec<ImportResult>, ImportError> {
    import_file(&*s.store, bytes, format, s.today, 1_795_924_800_000).await
}

/// The problems of a refused import, as `at: message`.
async fn problems(s: &TestServer, bytes: &[u8], format: Format) -> Vec<String> {
    match import(s, bytes, format).await {
        Err(ImportError::Invalid(problems)) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

/// The tables an import writes.
const IMPORTED_TABLES: [&str; 7] = ["units", "licences", "grades", "grade_schemes", "inspections", "cameras", "meta"];

/// Every row of every table an import writes, every column quoted: equal dumps mean nothing changed,
/// not even `updated_at`, an inspection's id or a camera's token.
async fn dump(s: &TestServer) -> Vec<String> {
    match s.postgres_url() {
        None => dump_sqlite(s).await,
        Some(url) => dump_postgres(url).await,
    }
}

async fn dump_sqlite(s: &TestServer) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", s.data().join("mingchu.db").display())).await.unwrap();
    let mut out = Vec::new();
    for table in IMPORTED_TABLES {
        let columns: Vec<String> =
            sqlx::query(&format!("PRAGMA table_info({table})")).fetch_all(&pool).await.unwrap().iter().map(|r| r.get::<String, _>("name")).collect();
        let select = columns.iter().map(|c| format!("quote({c})")).collect::<Vec<_>>().join(" || ',' || ");
        for row in sqlx::query(&format!("SELECT {select} FROM {table} ORDER BY rowid")).fetch_all(&pool).await.unwrap() {
            out.push(format!("{table}: {}", row.get::<String, _>(0)));
        }
    }
    pool.close().await;
    out
}

/// The same dump from PostgreSQL, sorted (rows have no rowid there).
async fn dump_postgres(url: &str) -> Vec<String> {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let mut out = Vec::new();
    for table in IMPORTED_TABLES {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position")
                .bind(table)
                .fetch_all(&pool)
                .await
                .unwrap();
        let select = columns.iter().map(|c| format!("quote_nullable({c})")).collect::<Vec<_>>().join(" || ',' || ");
        for row in sqlx::query(&format!("SELECT {select} FROM {table} ORDER BY 1")).fetch_all(&pool).await.unwrap() {
            out.push(format!("{table}: {}", row.get::<String, _>(0)));
        }
    }
    pool.close().await;
    out
}

fn file_of(records: &[ImportRecord]) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "units": records })).unwrap()
}

fn demo_records(s: &TestServer) -> Vec<ImportRecord> {
    mingchu_server::demo::demo_units(s.today).into_iter().map(|u| ImportRecord::from_data(u, vec![])).collect()
}

#[tokio::test]
async fn the_example_file_creates_units_the_public_sees() {
    let s = TestServer::start().await;
    assert_eq!(import(&s, EXAMPLE_JSON, Format::Json).await.unwrap(), [Created, Created]);

    let page = s.json("/api/units/lc-dcf-0101", 200).await;
    assert_eq!(page["unit"]["name"], "聊城市东昌府区光明小学食堂");
    assert_eq!(page["licence"]["licence"]["number"], "JY33715020010126");
    assert_eq!(page["grade"]["dynamic"]["graded"]["level"]["key"], "good");
    assert_eq!(page["grade"]["annual"]["letter"], "B");
    assert_eq!(page["latest_inspection"]["date"], "2026-10-20");
    let history = s.json("/api/units/lc-dcf-0101/inspections", 200).await;
    assert_eq!(history["total"], 2);
    let cameras = s.store.unit_cameras("lc-dcf-0101").await.unwrap().unwrap();
    assert_eq!(cameras.len(), 2);
    assert!(cameras.iter().all(|c| c.public && c.token_hash.is_none()), "platform cameras get no token");
    assert_eq!((cameras[1].area, cameras[1].delay_secs, cameras[1].hours.to_string()), (KitchenArea::Washing, 300, "06:00-21:00".into()));

    let minimal = s.json("/api/units/lc-dcf-0102", 200).await;
    assert_eq!(minimal["grade"]["dynamic"]["not_graded"]["reason"], "not_inspected");
    assert!(minimal.get("licence").is_none());
}

#[tokio::test]
async fn importing_the_same_file_again_changes_nothing() {
    let s = TestServer::start().await;
    import(&s, EXAMPLE_JSON, Format::Json).await.unwrap();
    let before = dump(&s).await;
    assert!(before.iter().filter(|row| row.starts_with("inspections: ")).count() > 40, "the dump sees every table");
    assert!(before.iter().any(|row| row.starts_with("cameras: ") && row.contains("'gm-wash-1'")));
    assert_eq!(import(&s, EXAMPLE_JSON, Format::Json).await.unwrap(), [Unchanged, Unchanged]);
    assert_eq!(dump(&s).await, before);

    // The demo units were stored by put_unit; the same data as records is no change either, whatever
    // the order of their inspections.
    let mut records = demo_records(&s);
    records.iter_mut().for_each(|r| r.inspections.reverse());
    let results = import(&s, &file_of(&records), Format::Json).await.unwrap();
    assert!(results.iter().all(|r| *r == Unchanged), "{results:?}");
    assert_eq!(dump(&s).await, before);
}

#[tokio::test]
async fn a_changed_record_updates_in_place() {
    let s = TestServer::start().await;
    import(&s, EXAMPLE_JSON, Format::Json).await.unwrap();
    let code = "lc-dcf-0101";
    let ids = |list: &serde_json::Value| list["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let inspections = ids(&s.json(&format!("/api/units/{code}/inspections"), 200).await);
    let cameras = s.store.unit_cameras(code).await.unwrap().unwrap();
    // A camera the regulator's staff added by hand, with its token: imports never touch it.
    let hand =
        mingchu_server::cameras::CameraSpec { area: KitchenArea::Storeroom, delay_secs: 180, hours: "00:00-24:00".parse().unwrap(), public: true };
    let (hand_id, _) = mingchu_server::cameras::add(&*s.store, code, hand, 0).await.unwrap();

    let mut file: serde_json::Value = serde_json::from_slice(EXAMPLE_JSON).unwrap();
    let unit = &mut file["units"][0];
    unit["inspections"][1]["notes"] = "补充说明。".into();
    unit["cameras"][0]["delay_secs"] = 600.into();
    unit["cameras"].as_array_mut().unwrap().remove(1);
    let bytes = serde_json::to_vec(&file).unwrap();
    assert_eq!(import(&s, &bytes, Format::Json).await.unwrap(), [Updated, Unchanged]);

    assert_eq!(ids(&s.json(&format!("/api/units/{code}/inspections"), 200).await), inspections, "inspections keep their ids");
    let after = s.store.unit_cameras(code).await.unwrap().unwrap();
    assert_eq!((after[0].id, after[0].delay_secs), (cameras[0].id, 600), "updated in place");
    assert_eq!((after[1].id, after[1].public), (cameras[1].id, false), "withdrawn, not deleted: its id is never reused");
    let kept = after.iter().find(|c| c.id == hand_id).unwrap();
    assert!(kept.public && kept.token_hash.is_some(), "a camera added by hand is untouched");
    let before = dump(&s).await;
    assert_eq!(import(&s, &bytes, Format::Json).await.unwrap(), [Unchanged, Unchanged]);
    assert_eq!(dump(&s).await, before);
}

#[tokio::test]
async fn one_bad_record_changes_nothing_and_every_problem_is_named() {
    let s = TestServer::start().await;
    let before = dump(&s).await;
    let mut records = demo_records(&s);
    records.truncate(4);
    records[0].unit.name = "新名字".into(); // a good change, which must not be written either
    records[1].region = "3715".into();
    if let Some(l) = records[1].licence.as_mut() {
        l.valid_until = l.issued_on.add_days(-1);
    }
    records[2].grade.scheme = "nowhere".into();
    records[3].cameras =
        vec![ImportCamera { key: "c 1".into(), area: KitchenArea::Cooking, public: None, delay_secs: Some(5000), hours: Some("9-5".into()) }];
    let mut file: serde_json::Value = serde_json::from_slice(&file_of(&records)).unwrap();
    file["units"].as_array_mut().unwrap().push(serde_json::json!({"unit": {"code": "lc-x-0001"}}));
    let found = problems(&s, &serde_json::to_vec(&file).unwrap(), Format::Json).await;
    let at: Vec<&str> = found.iter().map(|p| p.split(": ").next().unwrap()).collect();
    assert_eq!(
        at,
        [
            "units[1].region",
            "units[1].licence.valid_until",
            "units[2].grade.scheme",
            "units[3].cameras[0].key",
            "units[3].cameras[0].delay_secs",
            "units[3].cameras[0].hours",
            "units[4].unit"
        ],
        "{found:#?}"
    );
    assert!(found[6].contains("missing field `name`"), "{}", found[6]);
    assert_eq!(dump(&s).await, before);

    let mut twice = demo_records(&s);
    twice.truncate(2);
    twice[1].unit.code = twice[0].unit.code.clone();
    let found = problems(&s, &file_of(&twice), Format::Json).await;
    assert_eq!(found, ["units[1].unit.code: \"lc-dcf-0012\" is also the code of units[0]"]);
    let found = problems(&s, b"{\"units\": [", Format::Json).await;
    assert!(found[0].starts_with("not an import file"), "{found:?}");
    assert_eq!(dump(&s).await, before);
}

#[tokio::test]
async fn csv_rows_set_base_facts_only() {
    let s = TestServer::start().await;
    import(&s, EXAMPLE_JSON, Format::Json).await.unwrap();
    // The example CSV says what the JSON said about lc-dcf-0101, and adds lc-dcf-0103.
    assert_eq!(import(&s, EXAMPLE_CSV, Format::Csv).await.unwrap(), [Unchanged, Created]);
    let before = dump(&s).await;
    assert_eq!(import(&s, EXAMPLE_CSV, Format::Csv).await.unwrap(), [Unchanged, Unchanged]);
    assert_eq!(dump(&s).await, before);
    let new = s.json("/api/units/lc-dcf-0103", 200).await;
    assert_eq!(new["grade"]["dynamic"]["not_graded"]["reason"], "not_inspected");
    assert!(new.get("licence").is_none());

    let renamed = String::from_utf8(EXAMPLE_CSV.to_vec()).unwrap().replace("光明小学食堂", "光明小学学生食堂");
    assert_eq!(import(&s, renamed.as_bytes(), Format::Csv).await.unwrap(), [Updated, Unchanged]);
    let page = s.json("/api/units/lc-dcf-0101", 200).await;
    assert_eq!(page["unit"]["name"], "聊城市东昌府区光明小学学生食堂");
    assert_eq!(page["licence"]["licence"]["number"], "JY33715020010126", "the licence is not a row's business");
    assert_eq!(page["latest_inspection"]["date"], "2026-10-20");
}

#[tokio::test]
async fn a_bad_csv_changes_nothing_and_names_lines_and_columns() {
    let s = TestServer::start().await;
    let before = dump(&s).await;
    let file = "code,name,kind,address,phone,contact,lng,lat,region\n\
                lc-dcf-0012,改名,school_canteen,路,,,,,371502\n\
                lc-dcf-0200,甲,canteen,路,,,,,371502\n\
                lc-dcf-0201,乙,staff_canteen,路,,,36.4,115.9,371502\n\
                lc-dcf-0202,丙,staff_canteen,路,,,,\n";
    let found = problems(&s, file.as_bytes(), Format::Csv).await;
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("line 3, column kind: \"canteen\" is not a kind of unit"), "{}", found[0]);
    assert!(found[1].starts_with("line 4, column lng: 36.4 is not a longitude in China"), "{}", found[1]);
    assert!(found[2].starts_with("line 5"), "{}", found[2]);
    assert_eq!(dump(&s).await, before);
}

#[tokio::test]
async fn the_platform_puts_one_unit_with_its_token() {
    let s = TestServer::start().await;
    let file: serde_json::Value = serde_json::from_slice(EXAMPLE_JSON).unwrap();
    let record = &file["units"][0];
    let put = |code: &str, auth: Option<&str>, body: Vec<u8>| {
        let mut request = s.client.put(s.url(&format!("/api/platform/units/{code}"))).header("content-type", "application/json").body(body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    let body = serde_json::to_vec(record).unwrap();

    // No token issued yet: nothing opens the door.
    let r = put("lc-dcf-0101", Some("Bearer anything"), body.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_error(&r.json().await.unwrap(), "unauthorized");
    let token = platform::issue_token(&*s.store).await.unwrap();
    let bearer = format!("Bearer {token}");
    for auth in [None, Some("Bearer wrong"), Some(token.as_str())] {
        let r = put("lc-dcf-0101", auth, body.clone()).await.unwrap();
        assert_eq!(r.status().as_u16(), 401, "{auth:?}");
        assert_error(&r.json().await.unwrap(), "unauthorized");
    }

    let r = put("lc-dcf-0101", Some(&bearer), body.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"result": "created"}));
    s.json("/api/units/lc-dcf-0101", 200).await;
    let before = dump(&s).await;
    let r = put("lc-dcf-0101", Some(&bearer), body.clone()).await.unwrap();
    assert_eq!(r.json::<serde_json::Value>().await.unwrap(), serde_json::json!({"result": "unchanged"}));
    assert_eq!(dump(&s).await, before);

    let r = put("lc-dcf-0102", Some(&bearer), body.clone()).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let error: serde_json::Value = r.json().await.unwrap();
    assert_error(&error, "invalid_import");
    assert!(error["error"]["fields"][0].as_str().unwrap().starts_with("unit.code: "), "{error}");

    let mut bad = record.clone();
    bad["region"] = "37".into();
    bad["inspections"][0]["date"] = "2026-02-30".into();
    let r = put("lc-dcf-0101", Some(&bearer), serde_json::to_vec(&bad).unwrap()).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let error: serde_json::Value = r.json().await.unwrap();
    assert!(error["error"]["fields"][0].as_str().unwrap().starts_with("inspections[0].date: "), "{error}");
    bad["inspections"][0]["date"] = "2026-10-20".into();
    let r = put("lc-dcf-0101", Some(&bearer), serde_json::to_vec(&bad).unwrap()).await.unwrap();
    let error: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        error["error"]["fields"],
        serde_json::json!(["region: \"37\" is not a region code: 6 digits, optionally -NN for a grassroots station (371502, 371502-03)"])
    );

    let r = put("lc-dcf-0101", Some(&bearer), b"{not json".to_vec()).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let r = put("lc-dcf-0101", Some(&bearer), vec![b' '; 1024 * 1024 + 1]).await.unwrap();
    assert_eq!(r.status().as_u16(), 413);
    assert_eq!(dump(&s).await, before);

    // Pushes at once queue for the write lock: one creates, the others find it unchanged.
    let minimal = serde_json::to_vec(&file["units"][1]).unwrap();
    let pushes = (0..4).map(|_| put("lc-dcf-0102", Some(&bearer), minimal.clone()));
    let mut results = Vec::new();
    for r in futures_join(pushes).await {
        assert_eq!(r.status().as_u16(), 200);
        results.push(r.json::<serde_json::Value>().await.unwrap()["result"].as_str().unwrap().to_owned());
    }
    results.sort();
    assert_eq!(results, ["created", "unchanged", "unchanged", "unchanged"]);

    // A new token replaces the old one.
    let newer = platform::issue_token(&*s.store).await.unwrap();
    assert_eq!(put("lc-dcf-0101", Some(&bearer), body.clone()).await.unwrap().status().as_u16(), 401);
    assert_eq!(put("lc-dcf-0101", Some(&format!("Bearer {newer}")), body).await.unwrap().status().as_u16(), 200);
}

/// The command as an operator runs it: a summary, or numbered problems and a failure exit.
#[tokio::test]
async fn the_import_command() {
    let data = tempfile::tempdir().unwrap();
    let postgres = common::FreshPostgres::create().await;
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let run = |file: std::path::PathBuf| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mingchu-server"));
        command.arg("import").arg("--data").arg(data.path());
        if let Some(p) = &postgres {
            command.arg("--database").arg(&p.url);
        }
        command.arg(file).output().unwrap()
    };
    let out = run(docs.join("import-example.json"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2 created, 0 updated, 0 unchanged\n");
    let out = run(docs.join("import-example.csv"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1 created, 0 updated, 1 unchanged\n");

    let bad = data.path().join("bad.csv");
    std::fs::write(&bad, "code,name,kind,address,phone,contact,lng,lat,region\nlc-dcf-0300,甲,bar,路,,,,,371502\n").unwrap();
    let out = run(bad);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  1. line 2, column kind: "), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

/// Runs requests at once (each on its own task) and waits for all.
async fn futures_join<F>(requests: impl Iterator<Item = F>) -> Vec<reqwest::Response>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let tasks: Vec<_> = requests.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap().unwrap());
    }
    out
}
