//! Request and response bodies of the public JSON API. The server produces them, the app reads them:
//! this file is the whole contract between the two.

use serde::{Deserialize, Serialize};

use crate::wire::wire_names;
use crate::{CameraState, CreditCodeCheck, Day, Inspection, InspectionBrief, Licence, LicenceStatus, OfficialGrade, RatingSummary};

/// What kind of place a unit is. Only these must show a public page under 明厨亮灶.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 学校食堂.
    SchoolCanteen,
    /// 托幼机构食堂.
    KindergartenCanteen,
    /// 大型餐饮 (large and extra-large restaurants).
    LargeRestaurant,
    /// 中央厨房.
    CentralKitchen,
    /// 集体用餐配送单位.
    MealSupplier,
    /// 单位食堂 (staff canteens of companies and offices).
    StaffCanteen,
}

wire_names!(UnitKind: SchoolCanteen, KindergartenCanteen, LargeRestaurant, CentralKitchen, MealSupplier, StaffCanteen);

impl UnitKind {
    pub const ALL: [UnitKind; 6] = [
        UnitKind::SchoolCanteen,
        UnitKind::KindergartenCanteen,
        UnitKind::LargeRestaurant,
        UnitKind::CentralKitchen,
        UnitKind::MealSupplier,
        UnitKind::StaffCanteen,
    ];

    /// The wire name, also used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::SchoolCanteen => "school_canteen",
            UnitKind::KindergartenCanteen => "kindergarten_canteen",
            UnitKind::LargeRestaurant => "large_restaurant",
            UnitKind::CentralKitchen => "central_kitchen",
            UnitKind::MealSupplier => "meal_supplier",
            UnitKind::StaffCanteen => "staff_canteen",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who and where a unit is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    /// Short, stable, URL-safe code printed in the QR placard, e.g. `lc-dcf-0012`.
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub address: String,
    /// A phone number diners may call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// GCJ-02 coordinates for the map link, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub lng: f64,
    pub lat: f64,
}

impl Unit {
    /// A link that opens a map app at the unit (Amap's URI API: works in WeChat and any browser, no tiles).
    pub fn map_url(&self) -> String {
        map_link(&self.name, &self.address, self.location)
    }

    /// A `tel:` link, with everything but digits, `+` and `-` removed.
    pub fn tel_url(&self) -> Option<String> {
        let number: String = self.phone.as_ref()?.chars().filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-').collect();
        number.bytes().any(|b| b.is_ascii_digit()).then(|| format!("tel:{number}"))
    }
}

/// A link that opens a map app at a place: at its GCJ-02 coordinates when known, else a search for its
/// address.
pub fn map_link(name: &str, address: &str, location: Option<Location>) -> String {
    match location {
        Some(Location { lng, lat }) => format!(
            "https://uri.amap.com/marker?position={},{}&name={}&src=mingchu&coordinate=gaode&callnative=1",
            degrees(lng),
            degrees(lat),
            percent_encode(name)
        ),
        None => format!("https://uri.amap.com/search?keyword={}&src=mingchu&callnative=1", percent_encode(address)),
    }
}

/// A coordinate with six decimals (about 0.1 m), printed without float formatting, which would
/// cost the app about 10 KB of WebAssembly.
fn degrees(value: f64) -> String {
    let micro = (value * 1e6).round() as i64;
    let sign = if micro < 0 { "-" } else { "" };
    let micro = micro.unsigned_abs();
    format!("{sign}{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

/// Percent-encodes everything outside the URI "unreserved" set.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A unit in a search result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub address: String,
    pub grade: crate::DynamicGrade,
}

/// `GET /api/units?q=&cursor=&limit=`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitList {
    pub items: Vec<UnitSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The licence with what the server checked about it on `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceView {
    pub licence: Licence,
    pub status: LicenceStatus,
    /// A failed check is a warning: some legal codes from early pilot areas fail it.
    pub credit_code_check: CreditCodeCheck,
    /// Whether the number has the `JY` + 14 digits shape.
    pub number_well_formed: bool,
}

/// `GET /api/units/{code}`: everything the unit's first screen needs, in one response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitPage {
    pub unit: Unit,
    pub grade: OfficialGrade,
    /// Absent when the regulator has not pushed a licence for the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<LicenceView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_inspection: Option<InspectionBrief>,
    /// Whole months since the latest inspection when it is older than twelve months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months_since_inspection: Option<u32>,
    /// The day (Asia/Shanghai) the statuses above were worked out for.
    pub as_of: Day,
    /// Diners' smiley ratings: crowd opinion, never part of the official facts above.
    pub ratings: RatingSummary,
    /// The kitchen view, when the unit has public cameras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveBrief>,
    /// 今日后厨: the kitchen's own records today; absent when the unit has never kept one here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kitchen: Option<crate::kitchen::TodayCard>,
    /// 智能示警: the last 30 days' alerts of camera analytics and sensors and the sensors now, in a few
    /// numbers; absent when the unit has neither alerts nor sensors. The whole story is on the kitchen view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watch: Option<crate::watch::WatchBrief>,
    /// The county or district it is in (`371502`), whose figures `/r/{district}` shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
}

/// The kitchen view in brief, for the unit's first screen: a camera to show a thumbnail of, how many
/// public cameras there are, and how far behind the picture is; and, when that camera has no picture
/// now, why not (then the first screen draws no thumbnail, and asks for no frame it cannot get).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveBrief {
    /// A public camera: a live one (with a picture to show, if one has), else the one heard from last.
    pub camera: i64,
    pub cameras: u32,
    pub delay_secs: u32,
    /// That camera's state, and whether the first screen shows its picture: only when it is live with a
    /// frame as old as the delay (one connected moments ago has none yet).
    pub state: CameraState,
    pub pictured: bool,
    /// When it last sent a frame (UTC, RFC 3339), absent if never: "offline since 12:30".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_received_at: Option<String>,
    /// Its public viewing hours, China time (`"06:00"`, `"21:00"`).
    pub opens: String,
    pub closes: String,
}

/// `GET /api/units/{code}/inspections?cursor=`: newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionList {
    pub items: Vec<InspectionBrief>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// All inspections on record, for "12 inspections" headings.
    pub total: u32,
}

/// The header of a results record sheet: who was inspected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetHeader {
    pub unit_code: String,
    /// 名称.
    pub name: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// 联系方式.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// 许可证编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence_number: Option<String>,
}

/// `GET /api/units/{code}/inspections/{id}`: the whole 监督检查结果记录表.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionSheet {
    pub header: SheetHeader,
    pub inspection: Inspection,
}

/// What went wrong, as a stable machine-readable code. The app words it in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    BadRequest,
    RateLimited,
    Internal,
    Unavailable,
    /// Not a JPEG, PNG or WebP photo (judged by its bytes).
    UnsupportedImage,
    /// A file, or a picture, larger than allowed.
    ImageTooLarge,
    /// A damaged or incomplete photo.
    ImageDamaged,
    /// A report's fields are not right; `fields` names the problems.
    InvalidReport,
    /// A kitchen record's or a roster entry's fields are not right; `fields` names the problems
    /// (`kitchen::InputProblem`'s names).
    InvalidRecord,
    /// An `Idempotency-Key` sent again with a different request.
    IdempotencyKeyReused,
    /// A form sent sooner after it was opened than a person could fill it in ([`MIN_FILL_MS`]).
    TooFast,
    /// A camera's picture asked for outside its public viewing hours; the message says when it opens.
    OutsideHours,
    /// No frame of the camera is old enough to be shown yet (or none was ever sent).
    NoFrame,
    /// A camera gateway without a valid token for that camera, the platform without its token, or a
    /// staff page without a session.
    Unauthorized,
    /// A supervision-platform record that is not right; `fields` lists each problem as `field: message`.
    InvalidImport,
    /// Signed in, but not as an account that may do this (an owner on a regulator's page).
    Forbidden,
    /// The unit code and access code, or the user name and password, do not match.
    SignInFailed,
    /// Too many wrong codes: the account is locked for a while (`retry_after` says how long).
    LockedOut,
    /// A change without its session's CSRF token, or from another site.
    CsrfRejected,
    /// A change to something that has changed meanwhile (a report already moved on).
    Conflict,
    /// A vote from a browser that had not opened the unit's page, or opened it only moments ago
    /// ([`crate::MIN_VOTE_AGE_SECS`]): the page hands out the device cookie a vote needs.
    VoteTooSoon,
    /// No room on the server for a photo or a camera frame just now (503 with `retry_after`): nothing
    /// was kept, and the same request may be sent again later.
    StorageFull,
    /// A review, message or report names a photo the server does not have: never uploaded, or swept a
    /// day after its upload because nothing used it. The app uploads its photos again.
    UnknownPhoto,
    /// A camera gateway's video segment that is not one: its boxes are not an fMP4 init or media
    /// segment, it has a sound track, or its duration is out of bounds.
    InvalidVideo,
}

wire_names!(ErrorCode: NotFound, BadRequest, RateLimited, Internal, Unavailable, UnsupportedImage, ImageTooLarge, ImageDamaged, InvalidReport, InvalidRecord, IdempotencyKeyReused, TooFast, OutsideHours, NoFrame, Unauthorized, InvalidImport, Forbidden, SignInFailed, LockedOut, CsrfRejected, Conflict, VoteTooSoon, StorageFull, UnknownPhoto, InvalidVideo);

/// Every error body: `{ "error": { "code": "not_found", "message": "…" } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For developers and logs, in English; people see the catalogue's words for `code`.
    pub message: String,
    /// The fields at fault, when the problem is in a form's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Seconds until a rate-limited client may try again (also sent as `Retry-After`), so the app can
    /// say "try again in 5 minutes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// `POST /api/photos` (the photo's bytes as the body): the photo as kept, upright and without metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoUpload {
    pub id: String,
    pub width: u32,
    pub height: u32,
    pub url: String,
    pub thumb_url: String,
}

/// The largest page the list endpoints return.
pub const MAX_PAGE_SIZE: u32 = 50;
/// The page size when the request names none.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The longest search query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 50;
/// The least time, in milliseconds from opening a form to sending it, in which a person can write a
/// review, report or message; anything quicker is a program and is refused with [`ErrorCode::TooFast`].
pub const MIN_FILL_MS: u64 = 3000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_link_uses_coordinates_or_address() {
        let mut unit = Unit {
            code: "lc-x".into(),
            name: "东昌府区实验小学食堂".into(),
            kind: UnitKind::SchoolCanteen,
            address: "聊城市东昌府区柳园南路 1 号".into(),
            phone: Some("0635-821 2345".into()),
            location: Some(Location { lng: 115.985_4, lat: 36.456_7 }),
        };
        assert!(unit.map_url().starts_with("https://uri.amap.com/marker?position=115.985400,36.456700&name=%E4%B8%9C"));
        assert_eq!(degrees(-0.5), "-0.500000");
        assert_eq!(degrees(116.0000004), "116.000000");
        unit.location = None;
        assert!(unit.map_url().contains("keyword=%E8%81%8A"));
        assert_eq!(unit.tel_url().as_deref(), Some("tel:0635-8212345"));
        unit.phone = Some("暂无".into());
        assert_eq!(unit.tel_url(), None);
    }

    #[test]
    fn unit_kind_names_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        assert_eq!(UnitKind::parse("bar"), None);
    }

    #[test]
    fn error_body_shape() {
        let body = ErrorBody { error: ErrorDetail { code: ErrorCode::NotFound, message: "no unit lc-x".into(), fields: vec![], retry_after: None } };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"error":{"code":"not_found","message":"no unit lc-x"}}"#);
        let limited =
            ErrorBody { error: ErrorDetail { code: ErrorCode::RateLimited, message: "wait".into(), fields: vec![], retry_after: Some(300) } };
        let json = serde_json::to_string(&limited).unwrap();
        assert_eq!(json, r#"{"error":{"code":"rate_limited","message":"wait","retry_after":300}}"#);
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), limited);
        assert_eq!(serde_json::to_string(&ErrorCode::TooFast).unwrap(), r#""too_fast""#);
        assert_eq!(serde_json::to_string(&ErrorCode::OutsideHours).unwrap(), r#""outside_hours""#);
        assert_eq!(serde_json::to_string(&ErrorCode::NoFrame).unwrap(), r#""no_frame""#);
        assert_eq!(serde_json::to_string(&ErrorCode::StorageFull).unwrap(), r#""storage_full""#);
    }
}
