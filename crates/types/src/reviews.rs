//! Diners' photo reviews (图文评价): public once published, held for moderation when they carry phone
//! numbers or links or arrive in a burst for one unit. The owner may answer each one publicly.

use serde::{Deserialize, Serialize};

use crate::wire::wire_names;
use crate::{Day, Smiley};

/// `POST /api/units/{code}/reviews`, with an `Idempotency-Key` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRequest {
    pub text: String,
    #[serde(default)]
    pub smiley: Option<Smiley>,
    /// Ids from `POST /api/photos`, at most six.
    #[serde(default)]
    pub photos: Vec<String>,
    /// Bots fill in this hidden field; people never see it.
    #[serde(default)]
    pub website: String,
    /// Milliseconds from opening the form to pressing send (see [`crate::MIN_FILL_MS`]).
    #[serde(default)]
    pub fill_ms: u64,
}

pub const REVIEW_TEXT_CHARS: (usize, usize) = (5, 500);

/// What is wrong with a review's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewProblem {
    TextTooShort,
    TextTooLong,
    TooManyPhotos,
}

impl ReviewRequest {
    pub fn problems(&self) -> Vec<ReviewProblem> {
        let mut problems = Vec::new();
        let chars = self.text.trim().chars().count();
        if chars < REVIEW_TEXT_CHARS.0 {
            problems.push(ReviewProblem::TextTooShort);
        } else if chars > REVIEW_TEXT_CHARS.1 {
            problems.push(ReviewProblem::TextTooLong);
        }
        if self.photos.len() > crate::MAX_PHOTOS {
            problems.push(ReviewProblem::TooManyPhotos);
        }
        problems
    }
}

/// Whether a review is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Published,
    /// Waiting for the regulator's moderation; the author sees "under review".
    Held,
    /// Hidden by the regulator with a reason the author sees; the review is kept.
    Hidden,
}

wire_names!(ReviewState: Published, Held, Hidden);

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Published => "published",
            ReviewState::Held => "held",
            ReviewState::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        [ReviewState::Published, ReviewState::Held, ReviewState::Hidden].into_iter().find(|st| st.as_str() == s)
    }
}

/// Why a review is held rather than published at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    PhoneNumber,
    Link,
    /// Too many reviews of the unit at once.
    Burst,
    /// Too many reviews of the unit from one client address.
    AddressBurst,
}

/// Moderation by content: a phone number or a link in the text holds the review.
pub fn hold_reason(text: &str) -> Option<HoldReason> {
    let mut run = 0;
    for c in text.chars() {
        // Full-width digits count too: "１３９…" is still a phone number.
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            run += 1;
            if run >= 7 {
                return Some(HoldReason::PhoneNumber);
            }
        } else if !matches!(c, ' ' | '-' | '－') {
            run = 0;
        }
    }
    let lower = text.to_lowercase();
    let link = ["http://", "https://", "www.", ".com", ".cn", ".net", "weixin.qq", "t.cn/"].iter().any(|l| lower.contains(l));
    link.then_some(HoldReason::Link)
}

/// The answer to a posted review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewReceipt {
    pub id: i64,
    pub state: ReviewState,
}

/// A photo as shown under a review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    pub url: String,
    pub thumb_url: String,
}

impl PhotoRef {
    /// A stored photo's public address: answered for everyone only while it belongs to a published
    /// review, otherwise only for the browser that uploaded it.
    pub fn public(id: &str) -> PhotoRef {
        PhotoRef { url: format!("/media/{id}.jpg"), thumb_url: format!("/media/{id}.thumb.jpg") }
    }

    /// The address owners and regulators see a photo at: under `/api/staff`, where their session cookie
    /// goes, answered for the staff who may see what the photo belongs to.
    pub fn staff(id: &str) -> PhotoRef {
        PhotoRef { url: format!("/api/staff/media/{id}.jpg"), thumb_url: format!("/api/staff/media/{id}.thumb.jpg") }
    }
}

/// The owner's public answer under a review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerReply {
    pub text: String,
    pub on: Day,
}

/// A published review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub id: i64,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smiley: Option<Smiley>,
    pub photos: Vec<PhotoRef>,
    pub on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<OwnerReply>,
    /// Only on the author's own review that is not published (the list shows it to its author alone):
    /// held, or hidden with the regulator's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<OwnState>,
}

/// Where the reader's own unpublished review stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnState {
    pub state: ReviewState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /api/units/{code}/reviews?cursor=`: published reviews, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewList {
    pub items: Vec<Review>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_and_links_are_held() {
        assert_eq!(hold_reason("加我 139 1234 5678 有优惠"), Some(HoldReason::PhoneNumber));
        assert_eq!(hold_reason("电话０６３５８２１２３４５"), Some(HoldReason::PhoneNumber));
        assert_eq!(hold_reason("详见 https://example.com"), Some(HoldReason::Link));
        assert_eq!(hold_reason("看 WWW.EXAMPLE.CN"), Some(HoldReason::Link));
        assert_eq!(hold_reason("菜很好吃，2026年11月29日来的，花了128元"), None, "dates and prices are not phone numbers");
        assert_eq!(hold_reason("服务一般"), None);
    }

    #[test]
    fn review_problems() {
        let mut r = ReviewRequest { text: "很干净，推荐".into(), smiley: None, photos: vec![], website: String::new(), fill_ms: 4000 };
        assert!(r.problems().is_empty());
        r.text = "好".into();
        r.photos = vec!["p".into(); 7];
        assert_eq!(r.problems(), vec![ReviewProblem::TextTooShort, ReviewProblem::TooManyPhotos]);
        r.text = "好".repeat(501);
        assert_eq!(r.problems()[0], ReviewProblem::TextTooLong);
    }
}
