//! 伙食费公示 and the term's survey over HTTP, on a clock the tests move: the owner publishes accounts
//! (problems refused, never a term to come), sets the survey's dates (not moved once open, not changed once
//! closed), a parent answers once per device per term (the same answer again is the same; another is a
//! conflict), results and screened texts are public only once it has closed, the school answers only then;
//! only school canteens have any of it, and no public answer carries a device, an answer's id or a private
//! text.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::staff::{call, owner, regulator, Who};
use common::{assert_error, TestServer};
use mingchu_server::Clock;
use mingchu_types::school::{OwnerSurvey, PublicFees, PublicSurvey, PublishedAccounts, SurveyState};
use reqwest::Method;
use serde_json::{json, Value};

/// 2026-11-29 12:00:00 in China (04:00 UTC).
const T0: i64 = 1_795_924_800_000;
const DAY: i64 = 24 * 3_600_000;
const SCHOOL: &str = "lc-dcf-0012";
const KINDERGARTEN: &str = "lc-dcf-0027";
/// A restaurant: no parents' pages.
const OTHER: &str = "lc-dcf-0043";

struct Terms {
    s: TestServer,
    now: Arc<AtomicI64>,
    owner: Who,
}

impl Terms {
    /// The demo's server at [`T0`], taking answers as soon as the page was opened, with the school's own
    /// demo fees and surveys cleared when `clear`.
    async fn start(clear: bool) -> Terms {
        let now = Arc::new(AtomicI64::new(T0));
        let clock = Clock::Manual(now.clone());
        let s = TestServer::start_with(|c| {
            c.clock = clock;
            c.min_vote_age_secs = 0;
        })
        .await;
        if clear {
            s.store.clear_school_terms(SCHOOL).await.unwrap();
        }
        let owner = owner(&s, "owner", SCHOOL, "DEMO-0012").await;
        Terms { s, now, owner }
    }

    fn advance_days(&self, days: i64) {
        self.now.fetch_add(days * DAY, Ordering::SeqCst);
    }

    /// A new device: the cookie the app's first ask of its own part of the unit's page gives.
    async fn device(&self) -> String {
        let response = self.s.get(&format!("/api/units/{SCHOOL}/mine")).await;
        response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
    }

    async fn answer(&self, cookie: Option<&str>, body: Value) -> (u16, Value) {
        let mut request = self.s.client.post(self.s.url(&format!("/api/units/{SCHOOL}/school/survey/answers"))).json(&body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The survey as a device (or nobody) sees it, and its JSON's text.
    async fn survey(&self, code: &str, cookie: Option<&str>) -> (PublicSurvey, String) {
        let mut request = self.s.client.get(self.s.url(&format!("/api/units/{code}/school/survey")));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["cache-control"], "private, no-cache");
        let text = response.text().await.unwrap();
        (serde_json::from_str(&text).unwrap(), text)
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        call(&self.s, &self.owner, Method::PUT, path, Some(body)).await
    }
}

fn yuan(n: u64) -> u64 {
    n * 100
}

fn scores(s: [u8; 5], client_id: &str, text: &str) -> Value {
    json!({ "client_id": client_id, "scores": s, "text": text })
}

/// The device id inside a cookie `mc_device=id.issued.signature`.
fn device_id(cookie: &str) -> &str {
    cookie.trim_start_matches("mc_device=").split('.').next().unwrap()
}

#[tokio::test]
async fn the_demo_school_publishes_fees_and_last_term_s_results_beside_this_term_s_open_survey() {
    let t = Terms::start(false).await;
    for code in [SCHOOL, KINDERGARTEN] {
        let fees: PublicFees = serde_json::from_value(t.s.json(&format!("/api/units/{code}/school/fees"), 200).await).unwrap();
        assert_eq!(fees.term.key(), "2026-autumn");
        assert_eq!(fees.terms.iter().map(|a| a.accounts.term.key()).collect::<Vec<_>>(), ["2026-autumn", "2026-spring"]);
        for a in &fees.terms {
            let share = a.accounts.food_share_permille().unwrap();
            assert!((650..=760).contains(&share), "{code}: food share {share}");
            assert!(a.accounts.income_fen > yuan(100_000) && a.published_ms <= T0, "{code}: {a:?}");
        }
        let (survey, text) = t.survey(code, None).await;
        assert_eq!(survey.state, Some(SurveyState::Open), "{code}");
        assert!(survey.results.is_none() && survey.texts.is_empty() && survey.response.is_none());
        let previous = survey.previous.expect("last term's");
        assert_eq!((previous.term.key(), previous.state), ("2026-spring".into(), Some(SurveyState::Closed)));
        let results = previous.results.expect("closed: results");
        assert!(results.answers >= 100, "{code}: {}", results.answers);
        assert!(previous.response.is_some() && !previous.texts.is_empty());
        // Screened: the phone number and the link stay with the school.
        assert!(!text.contains("139 0635") && !text.contains("www.") && !text.contains("demo"), "{text}");
    }
    // The unit whose survey closed unanswered, and the one that set none.
    let (closed, _) = t.survey("lc-lq-0003", None).await;
    assert_eq!((closed.state, closed.response.is_none(), closed.results.is_some()), (Some(SurveyState::Closed), true, true));
    let (none, _) = t.survey("lc-gxq-0005", None).await;
    assert_eq!((none.window, none.previous.is_none()), (None, true));
}

#[tokio::test]
async fn accounts_are_checked_and_published_for_this_term_or_an_earlier_one() {
    let t = Terms::start(true).await;
    let fees: PublicFees = serde_json::from_value(t.s.json(&format!("/api/units/{SCHOOL}/school/fees"), 200).await).unwrap();
    assert!(fees.terms.is_empty());
    let accounts = |income: u64, note: &str| {
        json!({ "fee_fen": 1200, "fee_per": "day", "income_fen": income, "ingredients_fen": yuan(70_000), "staff_fen": yuan(20_000),
                "other_fen": yuan(5_000), "note": note })
    };
    let (status, body) = t.put("/owner/school/accounts/2026-autumn", accounts(yuan(100_000), "")).await;
    assert_eq!(status, 200, "{body}");
    let published: PublishedAccounts = serde_json::from_value(body).unwrap();
    assert_eq!((published.accounts.food_share_permille(), published.published_ms), (Some(736), T0));
    // A deficit needs the school's note; a fee is needed; no term to come; the term is the path's.
    let (status, body) = t.put("/owner/school/accounts/2026-autumn", accounts(yuan(90_000), "")).await;
    assert_eq!((status, body["error"]["fields"].clone()), (422, json!(["spent_more_than_income"])), "{body}");
    let (status, body) = t.put("/owner/school/accounts/2026-spring", accounts(yuan(90_000), "区财政补贴 5000 元。")).await;
    assert_eq!(status, 200, "{body}");
    let mut no_fee = accounts(yuan(100_000), "");
    no_fee["fee_fen"] = json!(0);
    let (status, body) = t.put("/owner/school/accounts/2026-autumn", no_fee).await;
    assert_eq!((status, body["error"]["fields"].clone()), (422, json!(["no_fee"])));
    let (status, body) = t.put("/owner/school/accounts/2027-spring", accounts(yuan(100_000), "")).await;
    assert_eq!((status, body["error"]["fields"].clone()), (422, json!(["term"])));
    let (status, body) = t.put("/owner/school/accounts/2026-summer", accounts(yuan(100_000), "")).await;
    assert_eq!(status, 400);
    assert_error(&body, "bad_request");
    let (status, _) = t.put("/owner/school/accounts/2026-autumn", accounts(yuan(100_000), &"长".repeat(501))).await;
    assert_eq!(status, 422);
    let mut huge = accounts(yuan(100_000), "");
    huge["income_fen"] = json!(u64::MAX);
    assert_eq!(t.put("/owner/school/accounts/2026-autumn", huge).await.0, 422);
    let (status, _) = t.put("/owner/school/accounts/2026-autumn", json!({ "fee_fen": -1 })).await;
    assert!((400..500).contains(&status), "{status}");

    let fees: PublicFees = serde_json::from_value(t.s.json(&format!("/api/units/{SCHOOL}/school/fees"), 200).await).unwrap();
    assert_eq!(fees.terms.len(), 2);
    assert_eq!((fees.terms[0].accounts.income_fen, fees.terms[1].note.as_str()), (yuan(100_000), "区财政补贴 5000 元。"));

    // Only school and kindergarten canteens: another unit's owner and its page get a 404.
    let other = owner(&t.s, "other owner", OTHER, "demo 0043").await;
    let (status, body) = call(&t.s, &other, Method::PUT, "/owner/school/accounts/2026-autumn", Some(accounts(yuan(100_000), ""))).await;
    assert_eq!(status, 404);
    assert_error(&body, "not_found");
    for path in [format!("/api/units/{OTHER}/school/fees"), format!("/api/units/{OTHER}/school/survey"), "/api/units/nope/school/fees".into()] {
        assert_error(&t.s.json(&path, 404).await, "not_found");
    }
    // Staff of the wrong kind, and nobody.
    let city = regulator(&t.s, "liaocheng").await;
    assert_eq!(call(&t.s, &city, Method::PUT, "/owner/school/accounts/2026-autumn", Some(accounts(1, ""))).await.0, 403);
    assert_eq!(call(&t.s, &Who::default(), Method::PUT, "/owner/school/accounts/2026-autumn", Some(accounts(1, ""))).await.0, 401);
}

#[tokio::test]
async fn one_answer_per_device_per_term_and_results_only_once_closed() {
    let mut t = Terms::start(true).await;
    let (empty, _) = t.survey(SCHOOL, None).await;
    assert_eq!((empty.window, empty.state, empty.previous.is_none()), (None, None, true));
    let first = t.device().await;
    // No survey yet: nothing to answer; without the page's cookie no answer at all.
    let (status, body) = t.answer(Some(&first), scores([5, 5, 5, 5, 5], "a1", "")).await;
    assert_eq!(status, 422);
    assert_error(&body, "outside_hours");
    let (status, body) = t.answer(None, scores([5, 5, 5, 5, 5], "a1", "")).await;
    assert_eq!(status, 403);
    assert_error(&body, "vote_too_soon");

    // The owner sets the dates: checked against the term and today.
    for (opens, closes) in [("2026-12-05", "2026-12-01"), ("2026-12-01", "2027-02-05"), ("2026-11-01", "2026-11-20"), ("2026-08-30", "2026-12-01")] {
        let (status, body) = t.put("/owner/school/survey/2026-autumn", json!({ "opens": opens, "closes": closes })).await;
        assert_eq!(status, 422, "{opens} {closes}: {body}");
    }
    assert_eq!(t.put("/owner/school/survey/autumn", json!({ "opens": "2026-12-01", "closes": "2026-12-10" })).await.0, 400);
    let (status, body) = t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-12-01", "closes": "2026-12-10" })).await;
    assert_eq!(status, 200, "{body}");
    let set: OwnerSurvey = serde_json::from_value(body).unwrap();
    assert_eq!((set.state, set.answers), (SurveyState::NotYetOpen, 0));
    let (status, body) = t.answer(Some(&first), scores([5, 5, 5, 5, 5], "a1", "")).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("2026-12-01"));
    // Not yet open: its first day may still move (to today: open now).
    let (status, body) = t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-11-28", "closes": "2026-12-05" })).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("open")), "{body}");
    // Open: its first day stays, its last may move.
    let (status, body) = t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-11-29", "closes": "2026-12-05" })).await;
    assert_eq!(status, 409);
    assert_error(&body, "conflict");
    assert_eq!(t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-11-28", "closes": "2026-12-06" })).await.0, 200);

    // Answers: one per device; the same again is the same; another from the device is refused.
    let (status, body) = t.answer(Some(&first), scores([5, 4, 3, 5, 2], "a1", "  孩子说红烧肉很好吃。 ")).await;
    assert_eq!(status, 201, "{body}");
    let mine: PublicSurvey = serde_json::from_value(body).unwrap();
    assert!(mine.answered && mine.results.is_none());
    assert_eq!(t.answer(Some(&first), scores([5, 4, 3, 5, 2], "a1", "孩子说红烧肉很好吃。")).await.0, 200);
    let (status, body) = t.answer(Some(&first), scores([1, 1, 1, 1, 1], "a2", "")).await;
    assert_eq!(status, 409);
    assert_error(&body, "conflict");
    let (phone, link, other) = (t.device().await, t.device().await, t.device().await);
    assert_eq!(t.answer(Some(&phone), scores([2, 3, 3, 4, 1], "b1", "有事打我电话 139 1234 5678")).await.0, 201);
    assert_eq!(
        t.answer(Some(&link), scores([4, 4, 4, 4, 4], "a1", "看看 https://example.cn/ad")).await.0,
        201,
        "another device may use the same client id"
    );
    // Bad input: scores out of range, a text too long, no client id.
    for (body, status, field) in [
        (scores([0, 4, 4, 4, 4], "c1", ""), 422, Some("scores")),
        (scores([6, 4, 4, 4, 4], "c1", ""), 422, Some("scores")),
        (scores([4, 4, 4, 4, 4], "c1", &"好".repeat(501)), 422, Some("text")),
        (scores([4, 4, 4, 4, 4], " ", ""), 400, Some("client_id")),
        (json!({ "client_id": "c1", "scores": [4, 4, 4, 4] }), 422, None),
        (json!({ "client_id": "c1", "scores": [4, 4, 4, 4, 300] }), 422, None),
    ] {
        let (got, answer) = t.answer(Some(&other), body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        if let Some(field) = field {
            assert_eq!(answer["error"]["fields"], json!([field]), "{answer}");
        }
    }
    // While open: whether this device answered, nothing of the results.
    let (seen, text) = t.survey(SCHOOL, Some(&first)).await;
    assert!(seen.answered && seen.results.is_none() && seen.texts.is_empty() && !text.contains("红烧肉"));
    assert!(!t.survey(SCHOOL, Some(&other)).await.0.answered && !t.survey(SCHOOL, None).await.0.answered);
    // The school answers only once it has closed.
    let (status, body) = t.put("/owner/school/survey/2026-autumn/response", json!({ "text": "谢谢。" })).await;
    assert_eq!(status, 409, "{body}");
    let owner_view: OwnerSurvey = serde_json::from_value(
        call(&t.s, &t.owner, Method::PUT, "/owner/school/survey/2026-autumn", Some(json!({ "opens": "2026-11-28", "closes": "2026-12-06" }))).await.1,
    )
    .unwrap();
    assert_eq!((owner_view.answers, owner_view.results), (3, None));

    // Closed: results, the screened texts, and no more answers (but the same one again is still the same).
    t.advance_days(8);
    // A week on, the owner signs in again.
    t.owner = owner(&t.s, "owner", SCHOOL, "DEMO-0012").await;
    let (closed, text) = t.survey(SCHOOL, Some(&first)).await;
    assert_eq!(closed.state, Some(SurveyState::Closed));
    assert!(!closed.answered);
    let results = closed.results.expect("results");
    assert_eq!((results.answers, results.counts[0].clone()), (3, vec![0, 1, 0, 1, 1]));
    assert_eq!(results.satisfied_percent(4), Some(33));
    assert_eq!(closed.texts, ["孩子说红烧肉很好吃。"]);
    for private in ["1234 5678", "example.cn", device_id(&first), device_id(&phone), "a1", "b1", "hold", "device", "client_id"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    let (status, body) = t.answer(Some(&other), scores([4, 4, 4, 4, 4], "c1", "")).await;
    assert_eq!(status, 422);
    assert!(body["error"]["message"].as_str().unwrap().contains("closed"));
    assert_eq!(t.answer(Some(&first), scores([5, 4, 3, 5, 2], "a1", "孩子说红烧肉很好吃。")).await.0, 200);
    assert_eq!(t.answer(Some(&first), scores([5, 4, 3, 5, 2], "a9", "")).await.0, 422);
    // Its dates stay.
    let (status, body) = t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-11-28", "closes": "2026-12-20" })).await;
    assert_eq!(status, 409, "{body}");

    // The school's answer: not empty, not too long; then public beside the results.
    for bad in ["   ", &"谢".repeat(501)] {
        let (status, body) = t.put("/owner/school/survey/2026-autumn/response", json!({ "text": bad })).await;
        assert_eq!((status, body["error"]["fields"].clone()), (422, json!(["text"])));
    }
    assert_eq!(t.put("/owner/school/survey/2027-spring/response", json!({ "text": "谢谢。" })).await.0, 404);
    let (status, body) = t.put("/owner/school/survey/2026-autumn/response", json!({ "text": " 感谢家长，下月起米饭分批蒸制。 " })).await;
    assert_eq!(status, 200, "{body}");
    let answered: OwnerSurvey = serde_json::from_value(body).unwrap();
    assert_eq!(answered.response.as_deref(), Some("感谢家长，下月起米饭分批蒸制。"));
    assert_eq!(answered.texts, ["孩子说红烧肉很好吃。"]);
    assert_eq!(answered.private_texts, ["有事打我电话 139 1234 5678", "看看 https://example.cn/ad"]);
    let (public, _) = t.survey(SCHOOL, None).await;
    assert_eq!(public.response.as_deref(), Some("感谢家长，下月起米饭分批蒸制。"));
    assert!(public.previous.is_none(), "this term has results: the last term's are not added");
}

#[tokio::test]
async fn a_device_answers_each_term_once_and_last_term_s_survey_is_shown_until_this_one_has_results() {
    let t = Terms::start(true).await;
    // Last term's, closed: set straight in the store, as the school did then.
    let spring = mingchu_types::school::Term { year: 2026, autumn: false };
    let window = mingchu_types::school::SurveyWindow { term: spring, opens: "2026-05-11".parse().unwrap(), closes: "2026-05-24".parse().unwrap() };
    t.s.store.put_survey(SCHOOL, &window, T0 - 200 * DAY).await.unwrap();
    let device = t.device().await;
    let old = mingchu_types::school::SurveyAnswer { scores: [3, 3, 3, 3, 3], text: String::new() };
    let stored = mingchu_server::store::NewAnswer {
        unit_code: SCHOOL,
        term: spring,
        device: device_id(&device),
        client_id: "spring-1",
        answer: &old,
        hold: None,
        created_ms: T0 - 190 * DAY,
    };
    assert_eq!(t.s.store.answer_survey(&stored).await.unwrap(), mingchu_server::store::AnswerStored::New);
    assert_eq!(t.put("/owner/school/survey/2026-autumn", json!({ "opens": "2026-11-29", "closes": "2026-12-09" })).await.0, 200);
    // The device that answered last term answers this one too.
    assert_eq!(t.answer(Some(&device), scores([4, 4, 4, 4, 4], "autumn-1", "")).await.0, 201);
    let (now, _) = t.survey(SCHOOL, Some(&device)).await;
    let previous = now.previous.expect("last term's while this one has no results");
    assert_eq!(previous.results.map(|r| r.answers), Some(1));
    assert!(!previous.answered && previous.previous.is_none());
}
