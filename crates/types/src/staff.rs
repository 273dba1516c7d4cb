//! The other side of the loop: owners (经营者) who answer messages and reply to reviews, and regulators
//! (监管人员) who handle reports and moderate reviews. Their requests and answers, and the rules both
//! the server and the staff app apply (region scopes, status changes, text limits).

use serde::{Deserialize, Serialize};

use crate::{Day, HoldReason, MessageStatus, OwnerAnswer, ReportCategory, ReportStatus, ReportView, Review, ReviewState, UnitSummary};

/// `POST /api/staff/session/owner`: the unit's code and the access code the regulator issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerSignIn {
    pub unit: String,
    pub access_code: String,
}

/// `POST /api/staff/session/regulator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegulatorSignIn {
    pub username: String,
    pub password: String,
}

/// The three levels of the market regulator, each with a region.
// Named apart from the kitchen's self-inspection `Level` in the API's description.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RegulatorLevel))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 市局: a city, region `3715` (its 4-digit division code); sees every unit of the city.
    City,
    /// 县区局: a county or district, region `371502`; sees its stations' units.
    County,
    /// 基层所: a grassroots station, region `371502-01`; sees its own units.
    Station,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::City, Level::County, Level::Station];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::City => "city",
            Level::County => "county",
            Level::Station => "station",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Whether `region` is a region code of this level.
    pub fn fits(self, region: &str) -> bool {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            Level::City => digits(region, 4),
            Level::County => digits(region, 6),
            Level::Station => region.split_once('-').is_some_and(|(county, station)| digits(county, 6) && digits(station, 2)),
        }
    }
}

/// Where a regulator looks: the units whose region is this one or lies inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub level: Level,
    pub region: String,
}

impl Scope {
    /// The scope of a region code, its level told by its shape (`3715`, `371502`, `371502-01`).
    pub fn of_region(region: &str) -> Option<Scope> {
        Level::ALL.into_iter().find(|l| l.fits(region)).map(|level| Scope { level, region: region.to_owned() })
    }

    /// Whether a unit of region `unit_region` (a county `371502` or a station `371502-01`) is in scope.
    pub fn covers(&self, unit_region: &str) -> bool {
        match self.level {
            Level::City => unit_region.starts_with(&self.region),
            Level::County => unit_region == self.region || unit_region.strip_prefix(&self.region).is_some_and(|rest| rest.starts_with('-')),
            Level::Station => unit_region == self.region,
        }
    }

    /// The same rule for SQL: `region = ?region OR region starts with ?prefix` (no prefix for a station).
    pub fn sql_prefix(&self) -> Option<String> {
        match self.level {
            Level::City => Some(self.region.clone()),
            Level::County => Some(format!("{}-", self.region)),
            Level::Station => None,
        }
    }
}

/// Who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Account {
    Owner {
        unit_code: String,
        unit_name: String,
        /// A school or kindergarten canteen's owner, who has parents' pages to keep.
        #[serde(default)]
        school: bool,
    },
    Regulator {
        username: String,
        name: String,
        scope: Scope,
    },
}

/// `GET /api/staff/session`, and the answer to signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub account: Account,
    /// Sent back as the `X-CSRF-Token` header with every change: a page of another site cannot read it.
    pub csrf: String,
}

/// The header the staff app sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// An owner's answer to a message, or public reply under a review; a regulator's note or hiding reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRequest {
    pub text: String,
}

/// Limits on what staff write: replies and notes are read by diners, so not empty and not a novel.
pub const STAFF_TEXT_CHARS: (usize, usize) = (2, 500);

/// The text trimmed, if its length is within [`STAFF_TEXT_CHARS`].
pub fn staff_text(text: &str) -> Option<&str> {
    let text = text.trim();
    (STAFF_TEXT_CHARS.0..=STAFF_TEXT_CHARS.1).contains(&text.chars().count()).then_some(text)
}

/// A message in the owner's inbox: the only place its call-back number is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub ticket: String,
    pub text: String,
    pub photos: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_phone: Option<String>,
    pub status: MessageStatus,
    pub sent_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<OwnerAnswer>,
}

/// `GET /api/staff/owner/messages`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<InboxMessage>,
    pub unread: u32,
}

/// What a unit's QR placard shows: the unit, its licence number and official grade, and the address
/// the code opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placard {
    pub unit: UnitSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_number: Option<String>,
    /// `{public base URL}/u/{code}`.
    pub url: String,
}

/// A report in a regulator's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub ticket: String,
    pub unit_code: String,
    pub unit_name: String,
    pub category: ReportCategory,
    pub status: ReportStatus,
    pub filed_on: Day,
    pub decision_due: Day,
    /// Working days until the acceptance decision is due while the report waits for one (negative:
    /// overdue); `None` once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i32>,
    pub photo_count: u32,
    pub anonymous: bool,
}

/// `GET /api/staff/regulator/reports?status=&category=`: oldest decision due first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub items: Vec<QueueItem>,
}

/// Who reported, for the regulator's eyes only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterContact {
    pub name: String,
    pub phone: String,
}

/// `GET /api/staff/regulator/reports/{ticket}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub report: ReportView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<ReporterContact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i32>,
    /// The statuses it may move to now.
    pub next: Vec<ReportStatus>,
}

/// `POST /api/staff/regulator/reports/{ticket}/status`: the note is shown to the reporter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: ReportStatus,
    #[serde(default)]
    pub note: String,
}

impl ReportStatus {
    /// Where a report may go from here: 已提交 → 已受理 / 不予受理; 已受理 → 处理中 / 已办结;
    /// 处理中 → 已办结. Not accepted and closed are final.
    pub fn next(self) -> &'static [ReportStatus] {
        match self {
            ReportStatus::Submitted => &[ReportStatus::Accepted, ReportStatus::NotAccepted],
            ReportStatus::Accepted => &[ReportStatus::InProgress, ReportStatus::Closed],
            ReportStatus::InProgress => &[ReportStatus::Closed],
            ReportStatus::NotAccepted | ReportStatus::Closed => &[],
        }
    }

    /// A refusal and a closing must say why, or what was found: the reporter reads it.
    pub fn needs_note(self) -> bool {
        matches!(self, ReportStatus::NotAccepted | ReportStatus::Closed)
    }
}

/// A review as the regulator moderates it: the review as diners would see it (with the owner's reply),
/// its unit, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeratedReview {
    #[serde(flatten)]
    pub review: Review,
    pub unit_code: String,
    pub unit_name: String,
    pub state: ReviewState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_reason: Option<HoldReason>,
    /// Why it was hidden (the author reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
}

/// `GET /api/staff/regulator/reviews?state=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationList {
    pub items: Vec<ModeratedReview>,
}

/// A unit's smiley votes held in a burst, as the regulator sees them: how many of each, over which days.
/// Let in, they count; discarded, they never do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldVotes {
    pub unit_code: String,
    pub unit_name: String,
    pub satisfied: u32,
    pub neutral: u32,
    pub unsatisfied: u32,
    pub first_day: Day,
    pub last_day: Day,
}

/// `GET /api/staff/regulator/ratings`: the region's units with held votes, most held first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldVotesList {
    pub items: Vec<HeldVotes>,
}

/// Working days from `today` to `due`: positive ahead, 0 on the day, negative when overdue.
pub fn working_days_left(today: Day, due: Day) -> i32 {
    let (from, to, sign) = if today <= due { (today, due, 1) } else { (due, today, -1) };
    let mut day = from;
    let mut n = 0;
    while day < to {
        day = day.add_days(1);
        if day.weekday() < 5 {
            n += 1;
        }
    }
    // Past the day, even over a weekend, it is overdue: never "due today".
    if sign < 0 {
        -n.max(1)
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn levels_and_region_codes() {
        assert!(Level::City.fits("3715") && !Level::City.fits("371502"));
        assert!(Level::County.fits("371502") && !Level::County.fits("37150") && !Level::County.fits("371502-01"));
        assert!(Level::Station.fits("371502-01") && !Level::Station.fits("371502-1") && !Level::Station.fits("371502"));
        assert!(!Level::Station.fits("37150a-01"));
    }

    #[test]
    fn scopes_nest_city_county_station() {
        let city = Scope { level: Level::City, region: "3715".into() };
        let county = Scope { level: Level::County, region: "371502".into() };
        let station = Scope { level: Level::Station, region: "371502-01".into() };
        for unit in ["371502-01", "371502"] {
            assert!(city.covers(unit) && county.covers(unit), "{unit}");
        }
        assert!(station.covers("371502-01"));
        assert!(!station.covers("371502-02") && !station.covers("371502") && !station.covers("371502-011"));
        assert!(!county.covers("371503-01") && !county.covers("3715021-01") && !county.covers("371502x"));
        assert!(!city.covers("3716-01") && !city.covers("371602-01"));
        assert_eq!(county.sql_prefix().as_deref(), Some("371502-"));
        assert_eq!(station.sql_prefix(), None);
    }

    #[test]
    fn report_status_moves_forward_only() {
        assert_eq!(ReportStatus::Submitted.next(), &[ReportStatus::Accepted, ReportStatus::NotAccepted]);
        assert!(ReportStatus::Closed.next().is_empty() && ReportStatus::NotAccepted.next().is_empty());
        assert!(!ReportStatus::Accepted.next().contains(&ReportStatus::Submitted));
        assert!(ReportStatus::Closed.needs_note() && !ReportStatus::Accepted.needs_note());
    }

    #[test]
    fn countdown_counts_working_days() {
        // Friday 2026-11-27 → Tuesday 2026-12-08 is 7 working days.
        assert_eq!(working_days_left(day("2026-11-27"), day("2026-12-08")), 7);
        assert_eq!(working_days_left(day("2026-12-08"), day("2026-12-08")), 0);
        assert_eq!(working_days_left(day("2026-12-09"), day("2026-12-08")), -1);
        // Due on Friday 2026-12-04, looked at on Saturday: overdue, not "today".
        assert_eq!(working_days_left(day("2026-12-05"), day("2026-12-04")), -1);
        // From a Saturday to Monday: one working day.
        assert_eq!(working_days_left(day("2026-11-28"), day("2026-11-30")), 1);
    }

    #[test]
    fn staff_text_limits() {
        assert_eq!(staff_text("  已整改。 "), Some("已整改。"));
        assert_eq!(staff_text(" 好 "), None);
        assert_eq!(staff_text(&"字".repeat(501)), None);
    }
}
