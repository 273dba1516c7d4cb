//! The owner's outbox: nothing typed in a kitchen with a weak signal is lost.
//!
//! Every record and roster change is kept on the phone (IndexedDB, database "mingchu-staff") the
//! moment the owner saves it, and sent once the network lets it — at once, again with back-off, when
//! the network returns and when the app opens again — each with its own key (a record's `client_id`,
//! a new person's `Idempotency-Key`), so a send repeated after a lost answer changes nothing. A photo
//! (the sealed samples, a purchase's ticket, a school's dish) is kept shrunk and uploaded first. A write is sent only
//! while its own unit's owner is signed in; one the server refuses as it is stays, with the reason,
//! until the owner sends it again or drops it.

use std::cell::{Cell, RefCell};

use js_sys::Object;
use leptos::prelude::*;
use mingchu_types::i18n::Lang;
use mingchu_types::kitchen::{NewRecord, RecordBody};
use mingchu_types::ErrorCode;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use crate::api::FetchError;
pub use crate::outbox::new_key;
use crate::retry::{self, Sender};
use crate::staff::api::{self, Refusal};
use crate::staff::say;
use crate::{idb, photos};

const DB: idb::Schema = idb::Schema { name: "mingchu-staff", version: 1, store: "outbox" };

/// A write kept until the server has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// The `client_id` of a record, the `Idempotency-Key` of a person; made when it was kept.
    pub key: String,
    /// The unit whose owner wrote it.
    pub unit: String,
    /// `PUT` (a person changed) rather than `POST`.
    pub put: bool,
    /// Under `/api/staff`.
    pub path: String,
    pub json: String,
    /// A shrunk photo to upload first, and its id once uploaded.
    pub photo: Option<Blob>,
    pub photo_id: Option<String>,
    /// When it was kept (ms since 1970): sent in that order.
    pub kept_at: f64,
    /// Why the server refused it as it is, in the owner's words.
    pub refused: Option<String>,
}

impl Kept {
    /// A record to keep: a new one, or the next version of the record `correcting` (a correction).
    pub fn record(unit: &str, correcting: Option<&str>, record: &NewRecord, photo: Option<Blob>) -> Kept {
        let path = match correcting {
            Some(id) => format!("/owner/records/{}", crate::api::enc(id)),
            None => "/owner/records".to_owned(),
        };
        Kept::new(record.client_id.clone(), unit, false, &path, serde_json::to_string(record).unwrap_or_default(), photo)
    }

    pub fn new(key: String, unit: &str, put: bool, path: &str, json: String, photo: Option<Blob>) -> Kept {
        Kept { key, unit: unit.to_owned(), put, path: path.to_owned(), json, photo, photo_id: None, kept_at: js_sys::Date::now(), refused: None }
    }

    /// The record it sends, if it is one.
    pub fn as_record(&self) -> Option<NewRecord> {
        (self.path.starts_with("/owner/records")).then(|| serde_json::from_str(&self.json).ok()).flatten()
    }

    /// Whether it is a correction: a record's next version.
    pub fn corrects(&self) -> bool {
        self.path.starts_with("/owner/records/")
    }

    fn to_js(&self) -> JsValue {
        let o = Object::new();
        let set = |k: &str, v: JsValue| idb::set(&o, k, v);
        set("key", self.key.as_str().into());
        set("unit", self.unit.as_str().into());
        set("put", self.put.into());
        set("path", self.path.as_str().into());
        set("json", self.json.as_str().into());
        set("photo", self.photo.clone().map_or(JsValue::NULL, JsValue::from));
        set("photo_id", self.photo_id.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        set("kept_at", self.kept_at.into());
        set("refused", self.refused.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        o.into()
    }

    fn from_js(v: &JsValue) -> Option<Kept> {
        let (get, text) = (|k: &str| idb::get(v, k), |k: &str| idb::text(v, k));
        Some(Kept {
            key: text("key")?,
            unit: text("unit")?,
            put: get("put")?.as_bool()?,
            path: text("path")?,
            json: text("json")?,
            photo: get("photo").and_then(|p| p.dyn_into().ok()),
            photo_id: text("photo_id"),
            kept_at: get("kept_at")?.as_f64()?,
            refused: text("refused"),
        })
    }
}

/// What the outbox holds, as the pages show it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queue {
    /// Everything kept, oldest first.
    pub kept: Vec<Kept>,
    /// Why the last round stopped with writes still waiting (no network, the server busy).
    pub waiting: Option<FetchError>,
    /// How many writes the server has taken since the app started: a page that shows the server's
    /// data asks again when it grows.
    pub sent: u32,
}

thread_local! {
    static QUEUE: ArcRwSignal<Queue> = ArcRwSignal::new(Queue::default());
    static SENDER: Sender = const { Sender::new(|| Box::pin(send_kept())) };
    /// The unit whose owner is signed in, and their language (a refusal is worded in it).
    static OWNER: RefCell<Option<(String, Lang)>> = const { RefCell::new(None) };
    /// Whether the sender listens for the network's return already.
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// The outbox as it stands (reactive).
pub fn queue() -> Queue {
    QUEUE.with(|q| q.get())
}

/// Starts sending for the owner of `unit` (now signed in): what an earlier visit left, and again
/// whenever the network returns. `None` when nobody (or a regulator) is signed in: nothing is sent.
pub fn signed_in(unit: Option<String>, lang: Lang) {
    let owner = unit.is_some();
    OWNER.with(|o| *o.borrow_mut() = unit.map(|u| (u, lang)));
    if owner && STARTED.with(|s| s.replace(true)) {
        retry::flush(&SENDER);
    } else if owner {
        retry::start(&SENDER);
    }
    leptos::task::spawn_local(async {
        refresh(None).await;
    });
}

/// Keeps a write and starts sending it: durable when this returns `Ok`.
pub async fn keep(kept: Kept) -> Result<(), JsValue> {
    idb::open(&DB).await?.put(DB.store, &kept.to_js()).await?;
    refresh(None).await;
    retry::flush(&SENDER);
    Ok(())
}

/// Sends again a write the server refused (after what it refused may have changed: a person added).
pub async fn send_again(mut kept: Kept) {
    kept.refused = None;
    let _ = keep(kept).await;
}

/// Drops a write the owner gives up.
pub async fn drop_kept(key: &str) {
    if let Ok(db) = idb::open(&DB).await {
        let _ = db.delete(DB.store, key).await;
    }
    refresh(None).await;
}

/// Sends now (the owner's "try again").
pub fn flush() {
    retry::flush(&SENDER);
}

async fn all(db: &idb::Db) -> Vec<Kept> {
    let mut kept: Vec<Kept> = db.all(DB.store).await.unwrap_or_default().iter().filter_map(Kept::from_js).collect();
    kept.sort_by(|a, b| a.kept_at.total_cmp(&b.kept_at));
    kept
}

/// Reads the outbox into the signal; `waiting` says why the round left writes behind.
async fn refresh(waiting: Option<FetchError>) {
    let kept = match idb::open(&DB).await {
        Ok(db) => all(&db).await,
        Err(_) => Vec::new(),
    };
    QUEUE.with(|q| q.update(|q| (q.kept, q.waiting) = (kept, waiting)));
}

/// One round: the signed-in owner's writes, oldest first. Seconds until the next try when one waits.
async fn send_kept() -> Option<u32> {
    let (unit, lang) = OWNER.with(|o| o.borrow().clone())?;
    let Ok(db) = idb::open(&DB).await else { return Some(SENDER.with(Sender::backoff)) };
    for kept in all(&db).await.into_iter().filter(|k| k.unit == unit && k.refused.is_none()) {
        let key = kept.key.clone();
        match deliver(&db, kept.clone()).await {
            Ok(()) => {
                let _ = db.delete(DB.store, &key).await;
                SENDER.with(Sender::succeeded);
                QUEUE.with(|q| {
                    q.update(|q| {
                        q.kept.retain(|k| k.key != key);
                        q.sent += 1;
                    })
                });
            }
            Err(Refusal { error, .. }) if waits(error) => {
                refresh(Some(error)).await;
                return Some(match error {
                    FetchError::Limited(seconds) => seconds.max(1),
                    _ => SENDER.with(Sender::backoff),
                });
            }
            Err(refusal) => {
                let mut kept = kept;
                kept.refused = Some(refusal_words(&refusal, lang));
                let _ = db.put(DB.store, &kept.to_js()).await;
            }
        }
    }
    refresh(None).await;
    None
}

/// Whether a write that did not go may go later as it is: the network, a busy server, or a session
/// that ended (it goes once the owner signs in again).
fn waits(error: FetchError) -> bool {
    error.is_transient() || matches!(error, FetchError::Api(ErrorCode::Unauthorized | ErrorCode::CsrfRejected))
}

/// A refusal in the owner's words: each field problem, or what the error means.
fn refusal_words(refusal: &Refusal, lang: Lang) -> String {
    if refusal.problems.is_empty() {
        return say(refusal.error, lang);
    }
    let words = lang.kitchen_staff();
    refusal.problems.iter().map(|&p| words.input_problems[p as usize]).collect::<Vec<_>>().join(lang.look().name_sep)
}

/// Uploads the write's photo if it has one not yet uploaded (remembering its id), then sends it.
async fn deliver(db: &idb::Db, mut kept: Kept) -> Result<(), Refusal> {
    // A photo uploaded on an earlier try may have been swept (a day unused): then it goes again, once.
    let mut earlier_upload = kept.photo_id.is_some();
    loop {
        if let (Some(photo), None) = (&kept.photo, &kept.photo_id) {
            let uploaded = photos::upload(photo, |_, _| {}).await.map_err(|error| Refusal { error, problems: vec![] })?;
            kept.photo_id = Some(uploaded.id);
            let _ = db.put(DB.store, &kept.to_js()).await;
        }
        let json = match &kept.photo_id {
            Some(id) => with_photo(&kept.path, &kept.json, id),
            None => kept.json.clone(),
        };
        match api::send_kept(kept.put, &kept.path, &kept.key, json).await {
            Err(Refusal { error: FetchError::Api(ErrorCode::UnknownPhoto), .. }) if earlier_upload => {
                earlier_upload = false;
                kept.photo_id = None;
            }
            sent => return sent,
        }
    }
}

/// A write's JSON with its photo's id in place: the sealed samples', the purchase's ticket, or a
/// school's dish photo.
pub fn with_photo(path: &str, json: &str, id: &str) -> String {
    // A dish photo is kept with an empty photo id: filled in as text (its type's reading costs the app more).
    if path == "/owner/school/photos" {
        return json.replacen(r#""photo":"""#, &format!(r#""photo":{}"#, serde_json::to_string(id).unwrap_or_default()), 1);
    }
    let Ok(mut record) = serde_json::from_str::<NewRecord>(json) else { return json.to_owned() };
    match &mut record.body {
        RecordBody::Samples(s) => s.photo = Some(id.to_owned()),
        RecordBody::Purchase(p) => p.ticket_photo = Some(id.to_owned()),
        _ => return json.to_owned(),
    }
    serde_json::to_string(&record).unwrap_or_else(|_| json.to_owned())
}
