//! "My submissions": what this device has sent, kept on the device (no account), newest first. For
//! messages and reports this is the only copy of the secret that opens their follow-up page.

use serde::{Deserialize, Serialize};

use crate::router::WriteKind;

const KEY: &str = "mc_mine";
/// Older entries than this many are forgotten.
const KEEP: usize = 100;

/// One acknowledged submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// `review`, `message`, `report` or `survey`.
    pub kind: String,
    pub unit: String,
    pub unit_name: String,
    /// When it was acknowledged, ms since 1970.
    pub at: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// A review held for moderation ("under review").
    #[serde(default)]
    pub held: bool,
    /// A survey this phone had answered before (the server said so): this answer was not taken.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before: bool,
}

impl Submission {
    pub fn new(unit: &str, unit_name: &str, kind: WriteKind) -> Submission {
        Submission {
            kind: kind.slug().to_owned(),
            unit: unit.to_owned(),
            unit_name: unit_name.to_owned(),
            at: js_sys::Date::now(),
            ticket: None,
            secret: None,
            held: false,
            before: false,
        }
    }

    /// The private follow-up address of a message or report.
    pub fn follow_up(&self) -> Option<String> {
        Some(format!("/t/{}#{}", self.ticket.as_deref()?, self.secret.as_deref()?))
    }
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// Everything this device has sent, newest first.
pub fn list() -> Vec<Submission> {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

/// Adds an acknowledged submission (once: a repeat of the same ticket replaces it).
pub fn remember(sent: &Submission) {
    let mut all = list();
    all.retain(|s| s.ticket.is_none() || s.ticket != sent.ticket);
    all.insert(0, sent.clone());
    all.truncate(KEEP);
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&all)) {
        let _ = storage.set_item(KEY, &json);
    }
}

/// The secret of a ticket this device filed, for a follow-up link that lost its `#secret`.
pub fn secret_of(ticket: &str) -> Option<String> {
    list().into_iter().find(|s| s.ticket.as_deref() == Some(ticket)).and_then(|s| s.secret)
}
