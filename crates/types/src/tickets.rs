//! Reports to the regulator (一键举报) and the tickets a diner follows them (and messages to the owner)
//! up with, without an account.
//!
//! A report is a lead about a suspected violation; a personal dispute (投诉: refund, compensation) goes
//! to 12315 instead. The reporter's identity is for the regulator only: never for the owner, never in
//! any public answer — so the tracking view below carries no identity at all.

use serde::{Deserialize, Serialize};

use crate::{Day, MessageView};

/// What is being reported: the violations camera analytics flag, plus three of our own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportCategory {
    /// 未戴口罩.
    NoMask,
    /// 未戴厨师帽.
    NoHat,
    /// 未穿工作服.
    NoUniform,
    /// 未戴手套.
    NoGloves,
    /// 吸烟.
    Smoking,
    /// 玩手机.
    PhoneUse,
    /// 老鼠 / 蟑螂.
    Pests,
    /// 垃圾桶未盖.
    UncoveredBin,
    /// 地面积水.
    StandingWater,
    /// 违规置物.
    ImproperStorage,
    /// 食品过期变质.
    ExpiredFood,
    /// 无证经营.
    Unlicensed,
    /// 其他.
    Other,
}

impl ReportCategory {
    pub const ALL: [ReportCategory; 13] = [
        ReportCategory::NoMask,
        ReportCategory::NoHat,
        ReportCategory::NoUniform,
        ReportCategory::NoGloves,
        ReportCategory::Smoking,
        ReportCategory::PhoneUse,
        ReportCategory::Pests,
        ReportCategory::UncoveredBin,
        ReportCategory::StandingWater,
        ReportCategory::ImproperStorage,
        ReportCategory::ExpiredFood,
        ReportCategory::Unlicensed,
        ReportCategory::Other,
    ];

    /// The wire name (as serde writes it), for form values.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportCategory::NoMask => "no_mask",
            ReportCategory::NoHat => "no_hat",
            ReportCategory::NoUniform => "no_uniform",
            ReportCategory::NoGloves => "no_gloves",
            ReportCategory::Smoking => "smoking",
            ReportCategory::PhoneUse => "phone_use",
            ReportCategory::Pests => "pests",
            ReportCategory::UncoveredBin => "uncovered_bin",
            ReportCategory::StandingWater => "standing_water",
            ReportCategory::ImproperStorage => "improper_storage",
            ReportCategory::ExpiredFood => "expired_food",
            ReportCategory::Unlicensed => "unlicensed",
            ReportCategory::Other => "other",
        }
    }
}

/// Who reports: nobody known, or a person the regulator may tell of its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reporter {
    Anonymous,
    Named { name: String, phone: String },
}

/// `POST /api/units/{code}/reports`, with an `Idempotency-Key` header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRequest {
    pub category: ReportCategory,
    pub description: String,
    /// When it happened, local time as the diner's phone gives it: `2026-11-29T12:30`.
    pub happened_at: String,
    /// Ids of photos uploaded first through `POST /api/photos`.
    #[serde(default)]
    pub photos: Vec<String>,
    pub reporter: Reporter,
    /// A field people never see: bots fill it in, and then nothing is filed.
    #[serde(default)]
    pub website: String,
    /// Milliseconds from opening the form to pressing send (see [`crate::MIN_FILL_MS`]). Kept in the
    /// draft, so a retry sends the identical body.
    #[serde(default)]
    pub fill_ms: u64,
}

/// Limits on a report's fields.
pub const REPORT_TEXT_CHARS: (usize, usize) = (5, 1000);
pub const MAX_PHOTOS: usize = 6;
pub const NAME_MAX_CHARS: usize = 40;

/// What is wrong with a report, field by field, so the form can say it beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportProblem {
    DescriptionTooShort,
    DescriptionTooLong,
    BadTime,
    TooManyPhotos,
    NameMissing,
    /// A name longer than [`NAME_MAX_CHARS`].
    NameTooLong,
    PhoneInvalid,
}

impl ReportRequest {
    /// Every problem with the request's fields (empty when it may be filed).
    pub fn problems(&self) -> Vec<ReportProblem> {
        let mut problems = Vec::new();
        let chars = self.description.trim().chars().count();
        if chars < REPORT_TEXT_CHARS.0 {
            problems.push(ReportProblem::DescriptionTooShort);
        } else if chars > REPORT_TEXT_CHARS.1 {
            problems.push(ReportProblem::DescriptionTooLong);
        }
        if parse_local_minute(&self.happened_at).is_none() {
            problems.push(ReportProblem::BadTime);
        }
        if self.photos.len() > MAX_PHOTOS {
            problems.push(ReportProblem::TooManyPhotos);
        }
        if let Reporter::Named { name, phone } = &self.reporter {
            let name = name.trim().chars().count();
            if name == 0 {
                problems.push(ReportProblem::NameMissing);
            } else if name > NAME_MAX_CHARS {
                problems.push(ReportProblem::NameTooLong);
            }
            if !is_phone(phone) {
                problems.push(ReportProblem::PhoneInvalid);
            }
        }
        problems
    }
}

/// `2026-11-29T12:30` → the day and the minute of the day.
pub fn parse_local_minute(s: &str) -> Option<(Day, u32)> {
    let (day, time) = s.split_once('T')?;
    let day: Day = day.parse().ok()?;
    let (h, m) = time.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h < 24 && m < 60 && time.len() >= 5).then_some((day, h * 60 + m))
}

/// A mainland mobile (11 digits from 1) or a landline with area code (0635-8212345), spaces allowed.
pub fn is_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    (digits.len() == 11 && digits.starts_with('1')) || (digits.starts_with('0') && (10..=12).contains(&digits.len()))
}

/// The answer to a filed report or message: the ticket, and the secret that opens it. The secret is
/// stored only as a hash: it cannot be recovered, only shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketReceipt {
    pub ticket: String,
    pub secret: String,
    /// The private follow-up address, `/t/{ticket}#{secret}`.
    pub url: String,
    /// When the regulator must decide whether to accept a report; a message has no such date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_due: Option<Day>,
}

/// Where a report stands (已提交 → 已受理 / 不予受理 → 处理中 → 已办结).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Submitted,
    Accepted,
    NotAccepted,
    InProgress,
    Closed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Submitted => "submitted",
            ReportStatus::Accepted => "accepted",
            ReportStatus::NotAccepted => "not_accepted",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        [ReportStatus::Submitted, ReportStatus::Accepted, ReportStatus::NotAccepted, ReportStatus::InProgress, ReportStatus::Closed]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// One step of the status trail, with the regulator's note for the reporter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrailEntry {
    pub status: ReportStatus,
    /// UTC, RFC 3339.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A report as its reporter follows it up. It never carries the reporter's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub ticket: String,
    pub unit_code: String,
    pub unit_name: String,
    pub category: ReportCategory,
    pub description: String,
    pub happened_at: String,
    pub photos: Vec<String>,
    pub anonymous: bool,
    pub status: ReportStatus,
    pub trail: Vec<TrailEntry>,
    /// The regulator decides whether to accept within 7 working days.
    pub decision_due: Day,
}

/// `GET /api/tickets/{ticket}` with the secret in `X-Ticket-Secret`: the follow-up page of whatever the
/// ticket is for, `{"report": {…}}` or `{"message": {…}}`. Externally tagged: serde's internally tagged
/// enums cost the app several KB of WebAssembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketView {
    Report(ReportView),
    Message(MessageView),
}

/// Working days the regulator has to decide whether to accept.
pub const DECISION_WORKING_DAYS: u32 = 7;

/// `days` working days (Monday to Friday) after `from`. Public holidays are not known here.
pub fn add_working_days(from: Day, days: u32) -> Day {
    let mut day = from;
    let mut left = days;
    while left > 0 {
        day = day.add_days(1);
        if day.weekday() < 5 {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn seven_working_days_skip_weekends() {
        // 2026-11-27 is a Friday: the next Monday is the first working day.
        assert_eq!(add_working_days(day("2026-11-27"), 1), day("2026-11-30"));
        assert_eq!(add_working_days(day("2026-11-27"), 7), day("2026-12-08"));
        // From a Sunday.
        assert_eq!(add_working_days(day("2026-11-29"), 7), day("2026-12-08"));
        assert_eq!(add_working_days(day("2026-11-30"), 5), day("2026-12-07"));
    }

    #[test]
    fn category_names_are_the_wire_names() {
        for c in ReportCategory::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn phones() {
        for ok in ["13912345678", "139 1234 5678", "0635-8212345", "010-12345678"] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["", "12345", "23912345678", "1391234567a", "+8613912345678", "0635"] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn local_minutes() {
        assert_eq!(parse_local_minute("2026-11-29T12:30"), Some((day("2026-11-29"), 750)));
        assert_eq!(parse_local_minute("2026-11-29T12:30:15"), Some((day("2026-11-29"), 750)));
        for bad in ["2026-11-29", "2026-11-29T24:00", "2026-11-29T12:60", "2026-02-30T10:00", "T10:00", "2026-11-29T1:5"] {
            assert_eq!(parse_local_minute(bad), None, "{bad}");
        }
    }

    #[test]
    fn report_problems_are_named_per_field() {
        let mut r = ReportRequest {
            category: ReportCategory::Pests,
            description: "后厨有老鼠".into(),
            happened_at: "2026-11-29T12:30".into(),
            photos: vec![],
            reporter: Reporter::Anonymous,
            website: String::new(),
            fill_ms: 5000,
        };
        assert!(r.problems().is_empty());
        r.description = " 老鼠 ".into();
        r.happened_at = "yesterday".into();
        r.photos = vec!["x".into(); 7];
        r.reporter = Reporter::Named { name: " ".into(), phone: "123".into() };
        assert_eq!(
            r.problems(),
            vec![
                ReportProblem::DescriptionTooShort,
                ReportProblem::BadTime,
                ReportProblem::TooManyPhotos,
                ReportProblem::NameMissing,
                ReportProblem::PhoneInvalid
            ]
        );
        r.description = "长".repeat(1001);
        assert!(r.problems().contains(&ReportProblem::DescriptionTooLong));
        r.reporter = Reporter::Named { name: format!(" {} ", "名".repeat(NAME_MAX_CHARS)), phone: "13800000000".into() };
        assert!(!r.problems().iter().any(|p| matches!(p, ReportProblem::NameMissing | ReportProblem::NameTooLong)), "40 characters fit");
        r.reporter = Reporter::Named { name: "名".repeat(NAME_MAX_CHARS + 1), phone: "13800000000".into() };
        assert!(r.problems().contains(&ReportProblem::NameTooLong) && !r.problems().contains(&ReportProblem::NameMissing));
    }

    #[test]
    fn ticket_views_are_tagged_by_kind() {
        let view = TicketView::Message(MessageView {
            ticket: "LY261129-000001".into(),
            unit_code: "lc-x".into(),
            unit_name: "食堂".into(),
            text: "汤太咸了".into(),
            photos: vec![],
            callback_requested: true,
            status: crate::MessageStatus::Sent,
            sent_at: "2026-11-29T04:30:00Z".into(),
            read_at: None,
            reply: None,
        });
        let json = serde_json::to_string(&view).unwrap();
        assert!(json.starts_with(r#"{"message":{"ticket":"LY261129-000001","#), "{json}");
        assert_eq!(serde_json::from_str::<TicketView>(&json).unwrap(), view);

        let receipt = TicketReceipt { ticket: "LY261129-000001".into(), secret: "s".into(), url: "/t/LY261129-000001#s".into(), decision_due: None };
        let json = serde_json::to_string(&receipt).unwrap();
        assert!(!json.contains("decision_due"), "{json}");
        assert_eq!(serde_json::from_str::<TicketReceipt>(&json).unwrap(), receipt);
    }
}
