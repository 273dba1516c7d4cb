//! 直通老板: a diner's private message to the unit's owner, followed up by ticket like a report.
//!
//! A message is between the diner and the owner: it never appears on any public page. The diner may ask
//! for a call-back; the number is for the owner only, so the tracking view says whether one was asked
//! for and never carries the number itself.

use serde::{Deserialize, Serialize};

use crate::{is_phone, MAX_PHOTOS};

/// `POST /api/units/{code}/messages`, with an `Idempotency-Key` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageRequest {
    pub text: String,
    /// Ids from `POST /api/photos`, at most [`MAX_PHOTOS`].
    #[serde(default)]
    pub photos: Vec<String>,
    /// A number for the owner to call back on; none (or an empty one) when no call-back is wanted.
    #[serde(default)]
    pub callback_phone: Option<String>,
    /// Bots fill in this hidden field; people never see it.
    #[serde(default)]
    pub website: String,
    /// Milliseconds from opening the form to pressing send (see [`crate::MIN_FILL_MS`]).
    #[serde(default)]
    pub fill_ms: u64,
}

pub const MESSAGE_TEXT_CHARS: (usize, usize) = (5, 500);

/// What is wrong with a message's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageProblem {
    TextTooShort,
    TextTooLong,
    TooManyPhotos,
    PhoneInvalid,
}

impl MessageRequest {
    /// Every problem with the request's fields (empty when it may be sent).
    pub fn problems(&self) -> Vec<MessageProblem> {
        let mut problems = Vec::new();
        let chars = self.text.trim().chars().count();
        if chars < MESSAGE_TEXT_CHARS.0 {
            problems.push(MessageProblem::TextTooShort);
        } else if chars > MESSAGE_TEXT_CHARS.1 {
            problems.push(MessageProblem::TextTooLong);
        }
        if self.photos.len() > MAX_PHOTOS {
            problems.push(MessageProblem::TooManyPhotos);
        }
        if self.callback().is_some_and(|phone| !is_phone(phone)) {
            problems.push(MessageProblem::PhoneInvalid);
        }
        problems
    }

    /// The call-back number, trimmed; `None` when the diner left it out or blank.
    pub fn callback(&self) -> Option<&str> {
        self.callback_phone.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }
}

/// Where a message stands: sent, read by the owner, answered by the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    Sent,
    Read,
    Replied,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 3] = [MessageStatus::Sent, MessageStatus::Read, MessageStatus::Replied];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Sent => "sent",
            MessageStatus::Read => "read",
            MessageStatus::Replied => "replied",
        }
    }

    pub fn parse(s: &str) -> Option<MessageStatus> {
        MessageStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// The owner's private answer to a message, seen only by whoever holds the ticket's secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerAnswer {
    pub text: String,
    /// UTC, RFC 3339.
    pub at: String,
}

/// A message as its sender follows it up (`GET /api/tickets/{ticket}`, the `message` case of
/// [`crate::TicketView`]). It never carries the call-back number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    pub ticket: String,
    pub unit_code: String,
    pub unit_name: String,
    pub text: String,
    /// Photo ids, as for a report.
    pub photos: Vec<String>,
    /// Whether the diner asked to be called back.
    pub callback_requested: bool,
    pub status: MessageStatus,
    /// UTC, RFC 3339.
    pub sent_at: String,
    /// When the owner first read it (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<OwnerAnswer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> MessageRequest {
        MessageRequest {
            text: "汤太咸了，下次少放盐。".into(), photos: vec![], callback_phone: None, website: String::new(), fill_ms: 8000
        }
    }

    #[test]
    fn message_problems_are_named_per_field() {
        let mut m = message();
        assert!(m.problems().is_empty());
        m.callback_phone = Some("  ".into());
        assert!(m.problems().is_empty(), "a blank number is no call-back");
        assert_eq!(m.callback(), None);
        m.callback_phone = Some(" 139 1234 5678 ".into());
        assert!(m.problems().is_empty());
        assert_eq!(m.callback(), Some("139 1234 5678"));

        m.text = " 咸 ".into();
        m.photos = vec!["p".into(); MAX_PHOTOS + 1];
        m.callback_phone = Some("12345".into());
        assert_eq!(m.problems(), vec![MessageProblem::TextTooShort, MessageProblem::TooManyPhotos, MessageProblem::PhoneInvalid]);
        m.text = "咸".repeat(501);
        assert_eq!(m.problems()[0], MessageProblem::TextTooLong);
        m.text = "咸".repeat(500);
        assert_ne!(m.problems()[0], MessageProblem::TextTooLong);
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let m: MessageRequest = serde_json::from_str(r#"{"text":"汤太咸了，下次少放盐。"}"#).unwrap();
        assert_eq!(m, MessageRequest { fill_ms: 0, ..message() });
        assert_eq!(serde_json::to_string(&MessageProblem::PhoneInvalid).unwrap(), r#""phone_invalid""#);
    }

    #[test]
    fn status_names_round_trip() {
        for st in MessageStatus::ALL {
            assert_eq!(MessageStatus::parse(st.as_str()), Some(st));
            assert_eq!(serde_json::to_string(&st).unwrap(), format!("\"{}\"", st.as_str()));
        }
        assert_eq!(MessageStatus::parse("deleted"), None);
    }
}
