//! The outbox: nothing a diner writes is lost.
//!
//! A draft lives in IndexedDB from the moment its form opens (the text, and the photos already shrunk),
//! is queued when the diner presses send, and is removed only once the server has acknowledged it.
//! Sending retries with back-off, at once when the network comes back (`online`) and when the app
//! starts again. Every draft carries the `Idempotency-Key` it was given when it was created, so a
//! retry after a lost answer never files twice.

use js_sys::{Array, Object};
use leptos::prelude::*;
use mingchu_types::school::SurveyAnswerInput;
use mingchu_types::{
    ErrorCode, MessageRequest, ReportCategory, ReportRequest, Reporter, ReviewReceipt, ReviewRequest, ReviewState, Smiley, TicketReceipt,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use crate::api::{self, FetchError};
use crate::retry::{self, Sender};
use crate::router::WriteKind;
use crate::{idb, mine, photos};

/// Where drafts are kept: database "mingchu", store "outbox" (keyPath "key").
const DB: idb::Schema = idb::Schema { name: "mingchu", version: 1, store: "outbox" };
const STORE: &str = DB.store;

/// What a draft is sent as: one of the diners' requests of the API contract.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Review(ReviewRequest),
    Message(MessageRequest),
    Report(ReportRequest),
    Survey(SurveyAnswerInput),
}

impl Body {
    /// Sets what is known only when the draft is sent: its photos' ids and how long it took to fill in.
    pub fn set_sent(&mut self, photos: Vec<String>, fill_ms: u64) {
        match self {
            Body::Review(r) => (r.photos, r.fill_ms) = (photos, fill_ms),
            Body::Message(m) => (m.photos, m.fill_ms) = (photos, fill_ms),
            Body::Report(r) => (r.photos, r.fill_ms) = (photos, fill_ms),
            // An answer has neither: the survey asks for none, and one answer per phone is its guard.
            Body::Survey(_) => {}
        }
    }

    /// The request as JSON, and where it goes.
    fn request(&self, code: &str) -> (String, String) {
        let code = mingchu_types::percent_encode(code);
        let (path, json) = match self {
            Body::Review(r) => ("reviews", serde_json::to_string(r)),
            Body::Message(m) => ("messages", serde_json::to_string(m)),
            Body::Report(r) => ("reports", serde_json::to_string(r)),
            Body::Survey(a) => ("school/survey/answers", serde_json::to_string(a)),
        };
        (format!("/api/units/{code}/{path}"), json.unwrap_or_default())
    }
}

/// What the diner wrote, field by field: one set serves every kind. Kept on the device as it is
/// (not as a request), so that restoring a draft needs no JSON decoding; the request is made from it
/// when the draft is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// The review's or message's text, or the report's description.
    pub text: String,
    pub smiley: Option<Smiley>,
    pub category: ReportCategory,
    /// When it happened (reports), as `datetime-local` writes it: `2026-11-29T12:30`.
    pub happened_at: String,
    /// A report by name (with `name` and `phone`) rather than anonymous.
    pub named: bool,
    pub name: String,
    /// The reporter's phone, or the number the owner may call back.
    pub phone: String,
    /// The honeypot field: people leave it empty.
    pub website: String,
    /// A survey's scores, in `school::QUESTIONS`' order; 0 where none is chosen yet.
    pub scores: [u8; 5],
}

impl Written {
    /// A new, empty draft's fields; a report happened now.
    pub fn new(happened_at: String) -> Written {
        Written {
            text: String::new(),
            smiley: None,
            category: ReportCategory::Other,
            happened_at,
            named: false,
            name: String::new(),
            phone: String::new(),
            website: String::new(),
            scores: [0; 5],
        }
    }

    /// The request this would be sent as (photos and fill time are added when it is sent, and a
    /// survey's answer is given the draft's key as its `client_id`).
    pub fn body(&self, kind: WriteKind) -> Body {
        let (text, website, phone) = (self.text.clone(), self.website.clone(), self.phone.clone());
        match kind {
            WriteKind::Review => Body::Review(ReviewRequest { text, smiley: self.smiley, photos: vec![], website, fill_ms: 0 }),
            WriteKind::Message => Body::Message(MessageRequest {
                text,
                photos: vec![],
                callback_phone: (!phone.trim().is_empty()).then_some(phone),
                website,
                fill_ms: 0,
            }),
            WriteKind::Report => Body::Report(ReportRequest {
                category: self.category,
                description: text,
                happened_at: self.happened_at.clone(),
                photos: vec![],
                reporter: if self.named { Reporter::Named { name: self.name.clone(), phone } } else { Reporter::Anonymous },
                website,
                fill_ms: 0,
            }),
            WriteKind::Survey => Body::Survey(SurveyAnswerInput { client_id: String::new(), scores: self.scores, text }),
        }
    }

    fn to_js(&self, o: &Object) {
        let set = |k: &str, v: JsValue| idb::set(o, k, v);
        set("text", self.text.as_str().into());
        set("smiley", self.smiley.map(Smiley::as_str).into());
        set("category", self.category.as_str().into());
        set("happened_at", self.happened_at.as_str().into());
        set("named", self.named.into());
        set("name", self.name.as_str().into());
        set("phone", self.phone.as_str().into());
        set("website", self.website.as_str().into());
        // Kept as five digits: one string is cheaper to store and read back than an array.
        set("scores", self.scores.iter().map(|s| char::from(b'0' + s.min(&9))).collect::<String>().into());
    }

    fn from_js(v: &JsValue) -> Written {
        let text = |k: &str| idb::text(v, k).unwrap_or_default();
        let category = text("category");
        Written {
            smiley: Smiley::parse(&text("smiley")),
            category: ReportCategory::ALL.into_iter().find(|c| c.as_str() == category).unwrap_or(ReportCategory::Other),
            happened_at: text("happened_at"),
            named: idb::get(v, "named").and_then(|b| b.as_bool()).unwrap_or(false),
            name: text("name"),
            phone: text("phone"),
            website: text("website"),
            scores: scores_of(&text("scores")),
            text: text("text"),
        }
    }
}

/// A survey's scores as [`Written::to_js`] keeps them (`"54305"`); what is missing or not a digit is 0.
pub fn scores_of(digits: &str) -> [u8; 5] {
    let mut scores = [0; 5];
    for (score, digit) in scores.iter_mut().zip(digits.chars()) {
        *score = digit.to_digit(10).unwrap_or(0) as u8;
    }
    scores
}

/// One thing a diner is writing or has sent, as kept on the device.
#[derive(Clone)]
pub struct Draft {
    /// The `Idempotency-Key`, made when the draft was created.
    pub key: String,
    pub unit: String,
    pub unit_name: String,
    pub kind: WriteKind,
    pub written: Written,
    /// Shrunk JPEGs, in order.
    pub photos: Vec<Blob>,
    /// Ids of the photos already uploaded (the first `photo_ids.len()` of `photos`).
    pub photo_ids: Vec<String>,
    /// When the form was opened (ms since 1970): the fill time is measured from here.
    pub opened_at: f64,
    /// How long the diner took, set when sent (a retry sends the same body).
    pub fill_ms: f64,
    /// `false` while the diner is still writing.
    pub queued: bool,
}

impl Draft {
    pub fn new(unit: &str, unit_name: &str, kind: WriteKind, written: Written) -> Draft {
        Draft {
            key: new_key(),
            unit: unit.to_owned(),
            unit_name: unit_name.to_owned(),
            kind,
            written,
            photos: Vec::new(),
            photo_ids: Vec::new(),
            opened_at: js_sys::Date::now(),
            fill_ms: 0.0,
            queued: false,
        }
    }

    fn to_js(&self) -> JsValue {
        let o = Object::new();
        let set = |k: &str, v: JsValue| idb::set(&o, k, v);
        set("key", self.key.as_str().into());
        set("unit", self.unit.as_str().into());
        set("unit_name", self.unit_name.as_str().into());
        set("kind", self.kind.slug().into());
        self.written.to_js(&o);
        set("photos", self.photos.iter().collect::<Array>().into());
        set("photo_ids", self.photo_ids.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into());
        set("opened_at", self.opened_at.into());
        set("fill_ms", self.fill_ms.into());
        set("queued", self.queued.into());
        o.into()
    }

    fn from_js(v: &JsValue) -> Option<Draft> {
        let (get, text) = (|k: &str| idb::get(v, k), |k: &str| idb::text(v, k));
        let list = |k: &str| get(k).map(|a| Array::from(&a).iter().collect::<Vec<JsValue>>()).unwrap_or_default();
        Some(Draft {
            key: text("key")?,
            unit: text("unit")?,
            unit_name: text("unit_name").unwrap_or_default(),
            kind: WriteKind::parse(&text("kind")?)?,
            written: Written::from_js(v),
            photos: list("photos").into_iter().filter_map(|b| b.dyn_into().ok()).collect(),
            photo_ids: list("photo_ids").into_iter().filter_map(|s| s.as_string()).collect(),
            opened_at: get("opened_at")?.as_f64()?,
            fill_ms: get("fill_ms").and_then(|n| n.as_f64()).unwrap_or(0.0),
            queued: get("queued")?.as_bool()?,
        })
    }
}

/// A fresh `Idempotency-Key`: random, from the browser's cryptographic generator where there is one.
pub fn new_key() -> String {
    let crypto = window().crypto().ok();
    crypto.map(|c| c.random_uuid()).unwrap_or_else(|| format!("{:x}{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}

/// Where a queued draft stands, for the screens that show it.
#[derive(Clone, Debug, PartialEq)]
pub enum SendState {
    /// Being sent: bytes of photos uploaded so far, of the total.
    Sending { done: f64, total: f64 },
    /// Not sent yet for a reason that passes (no network, server busy): tried again by itself.
    Waiting(FetchError),
    /// The server refused it as it is: the diner must change it (it is kept, back in the form).
    Refused(FetchError),
    /// Acknowledged: what the diner can follow up.
    Sent(mine::Submission),
}

thread_local! {
    /// Reference-counted, not tied to any page: it outlives the pages that show it.
    static STATES: ArcRwSignal<Vec<(String, SendState)>> = ArcRwSignal::new(Vec::new());
    static SENDER: Sender = const { Sender::new(|| Box::pin(send_queued())) };
}

fn set_state(key: &str, state: SendState) {
    STATES.with(|s| {
        s.update(|all| match all.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = state,
            None => all.push((key.to_owned(), state)),
        })
    });
}

/// The state of the draft `key` (reactive), `None` before the outbox has looked at it.
pub fn state(key: &str) -> Option<SendState> {
    STATES.with(|s| s.with(|all| all.iter().find(|(k, _)| k == key).map(|(_, st)| st.clone())))
}

/// Subscribes the caller to every change of state (a page listing drafts and submissions).
pub fn track() {
    STATES.with(|s| s.track());
}

/// Starts the outbox: sends what an earlier visit left queued, and again whenever the network returns.
pub fn start() {
    retry::start(&SENDER);
}

/// Keeps a draft (the diner is still writing): durable when this returns `Ok`.
pub async fn save(draft: &Draft) -> Result<(), JsValue> {
    idb::open(&DB).await?.put(STORE, &draft.to_js()).await
}

/// The draft for this unit and kind the diner left: one still being written, or else one still waiting
/// to be sent (so that reopening the form follows it rather than starting a second one).
pub async fn unfinished(unit: &str, kind: WriteKind) -> Option<Draft> {
    let mut mine: Vec<Draft> = all().await.into_iter().filter(|d| d.unit == unit && d.kind == kind).collect();
    mine.sort_by_key(|d| d.queued);
    mine.into_iter().next()
}

/// Every draft on the device, oldest first.
pub async fn all() -> Vec<Draft> {
    let Ok(db) = idb::open(&DB).await else { return Vec::new() };
    let mut drafts: Vec<Draft> = db.all(STORE).await.unwrap_or_default().iter().filter_map(Draft::from_js).collect();
    drafts.sort_by(|a, b| a.opened_at.total_cmp(&b.opened_at));
    drafts
}

/// How many drafts wait to be sent. Reads only their `queued` flag, so the app every visitor loads can
/// point to them (it cannot send them: sending is the other app's job) without the cost of the outbox.
pub async fn waiting_count() -> usize {
    let Ok(db) = idb::open(&DB).await else { return 0 };
    let queued = |v: &JsValue| idb::get(v, "queued").and_then(|q| q.as_bool()) == Some(true);
    db.all(STORE).await.map(|all| all.iter().filter(|v| queued(v)).count()).unwrap_or(0)
}

/// Drops a draft the diner no longer wants sent (one the server refused, say).
pub async fn discard(key: &str) -> Result<(), JsValue> {
    idb::open(&DB).await?.delete(STORE, key).await
}

/// Queues a finished draft and starts sending it.
pub async fn send(mut draft: Draft) -> Result<(), JsValue> {
    draft.queued = true;
    draft.fill_ms = js_sys::Date::now() - draft.opened_at;
    save(&draft).await?;
    set_state(&draft.key, SendState::Sending { done: 0.0, total: 0.0 });
    flush();
    Ok(())
}

/// Sends every queued draft, one after the other; schedules a retry when one cannot go now.
pub fn flush() {
    retry::flush(&SENDER);
}

/// Seconds until the next try, if a draft is still waiting.
async fn send_queued() -> Option<u32> {
    // Storage that cannot be opened now may be openable later (another tab upgrading it, say).
    let Ok(db) = idb::open(&DB).await else { return Some(SENDER.with(Sender::backoff)) };
    let queued: Vec<Draft> = all().await.into_iter().filter(|d| d.queued).collect();
    for (n, draft) in queued.iter().cloned().enumerate() {
        let key = draft.key.clone();
        match deliver(&db, draft.clone()).await {
            Ok(sent) => {
                mine::remember(&sent);
                let _ = db.delete(STORE, &key).await;
                SENDER.with(Sender::succeeded);
                set_state(&key, SendState::Sent(sent));
            }
            Err(e) if e.is_transient() => {
                // The drafts after it wait for the same network: say so rather than "sending".
                for later in &queued[n..] {
                    set_state(&later.key, SendState::Waiting(e));
                }
                return Some(match e {
                    FetchError::Limited(seconds) => seconds.max(1),
                    _ => SENDER.with(Sender::backoff),
                });
            }
            Err(e) => {
                // Back into the diner's hands, with the reason: nothing is thrown away.
                let mut draft = draft;
                draft.queued = false;
                let _ = db.put(STORE, &draft.to_js()).await;
                set_state(&key, SendState::Refused(e));
            }
        }
    }
    None
}

/// Uploads the draft's photos not yet uploaded (remembering each id as it comes), then posts it.
async fn deliver(db: &idb::Db, mut draft: Draft) -> Result<mine::Submission, FetchError> {
    // The server keeps a photo that nothing uses for a day only: photos uploaded on an earlier try may
    // be gone, which the server says, and then they are uploaded again (once: new ones are not gone).
    let mut earlier_uploads = !draft.photo_ids.is_empty();
    let answer = loop {
        upload_photos(db, &mut draft).await?;
        let mut body = draft.written.body(draft.kind);
        body.set_sent(draft.photo_ids.clone(), draft.fill_ms.max(0.0) as u64);
        if let Body::Survey(answer) = &mut body {
            answer.client_id = draft.key.clone();
        }
        let (url, json) = body.request(&draft.unit);
        match api::post(&url, &draft.key, json).await {
            Err(FetchError::Api(ErrorCode::UnknownPhoto)) if earlier_uploads => {
                earlier_uploads = false;
                draft.photo_ids.clear();
                let _ = db.put(STORE, &draft.to_js()).await;
            }
            // Another answer from this phone this term (409): the survey has this phone's say, so there
            // is nothing to change or send again.
            Err(FetchError::Api(ErrorCode::Conflict)) if draft.kind == WriteKind::Survey => break None,
            answer => break Some(answer?),
        }
    };
    let mut sent = mine::Submission::new(&draft.unit, &draft.unit_name, draft.kind);
    let Some(answer) = answer else {
        sent.before = true;
        return Ok(sent);
    };
    match draft.kind {
        WriteKind::Review => {
            let receipt: ReviewReceipt = serde_json::from_str(&answer).map_err(|_| FetchError::Unreadable)?;
            sent.held = receipt.state == ReviewState::Held;
        }
        WriteKind::Message | WriteKind::Report => {
            let receipt: TicketReceipt = serde_json::from_str(&answer).map_err(|_| FetchError::Unreadable)?;
            sent.ticket = Some(receipt.ticket);
            sent.secret = Some(receipt.secret);
        }
        // 201 or 200 (the same answer again): the body says nothing the phone needs.
        WriteKind::Survey => {}
    }
    Ok(sent)
}

/// Uploads the draft's photos not yet uploaded, remembering each id as it comes.
async fn upload_photos(db: &idb::Db, draft: &mut Draft) -> Result<(), FetchError> {
    let key = draft.key.clone();
    // A stored photo that did not come back as a Blob leaves its id without a photo.
    draft.photo_ids.truncate(draft.photos.len());
    let sizes: Vec<f64> = draft.photos.iter().map(Blob::size).collect();
    let total: f64 = sizes.iter().sum();
    set_state(&key, SendState::Sending { done: sizes[..draft.photo_ids.len()].iter().sum(), total });
    while draft.photo_ids.len() < draft.photos.len() {
        let n = draft.photo_ids.len();
        let before: f64 = sizes[..n].iter().sum();
        let progress_key = key.clone();
        let upload = photos::upload(&draft.photos[n], move |sent, _| set_state(&progress_key, SendState::Sending { done: before + sent, total }));
        draft.photo_ids.push(upload.await?.id);
        let _ = db.put(STORE, &draft.to_js()).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_answer_is_posted_to_the_units_survey_with_its_client_id() {
        let answer = SurveyAnswerInput { client_id: "k-1".into(), scores: [5, 4, 3, 2, 1], text: "好".into() };
        let (url, json) = Body::Survey(answer).request("明厨 1");
        assert_eq!(url, "/api/units/%E6%98%8E%E5%8E%A8%201/school/survey/answers");
        assert_eq!(json, r#"{"client_id":"k-1","scores":[5,4,3,2,1],"text":"好"}"#);
    }
}
