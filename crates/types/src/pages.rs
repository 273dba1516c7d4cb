//! The one list of pages: every address the apps draw and the server paints ([`Route`], path ↔ value),
//! and the data the server inlines into a page's first paint so the app need not fetch it
//! ([`Inlined`]: the element id it is inlined under, its key, and the API path the app reads when
//! nothing was inlined). The app's router and the server's page painter both match on [`Route`], so a
//! page one side forgets does not compile.

use crate::{percent_encode, Day};

/// The district [`Route::every`] walks: one the demo data names.
const DEMO_DISTRICT: &str = "371502";

/// The id of the element holding the server's first-paint summary, which the app removes once it has
/// drawn the page.
pub const SSR_ID: &str = "mc-ssr";

/// The kind of thing a diner writes, as it appears in the address (`/u/{code}/write/{kind}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteKind {
    Review,
    Message,
    Report,
    /// A parent's answer to a school canteen's survey of the term (`school::QUESTIONS`' scores and a text).
    Survey,
}

impl WriteKind {
    pub const ALL: [WriteKind; 4] = [WriteKind::Review, WriteKind::Message, WriteKind::Report, WriteKind::Survey];

    pub fn slug(self) -> &'static str {
        match self {
            WriteKind::Review => "review",
            WriteKind::Message => "message",
            WriteKind::Report => "report",
            WriteKind::Survey => "survey",
        }
    }

    pub fn parse(s: &str) -> Option<WriteKind> {
        WriteKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// The four apps; a path of another app is loaded as a new page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppKind {
    /// What every visitor loads: the official records, the reviews, the kitchen view.
    Look,
    /// What a diner who takes part loads: the forms, the outbox, the follow-up.
    Act,
    /// What owners and regulators load for their other pages: messages, reviews, reports, placards.
    Staff,
    /// What an owner loads in the kitchen (今日后厨: today's checklist, the roster) and a regulator for
    /// the units whose records need attention today: apart, so that a weak signal carries only that.
    Kitchen,
}

/// Parents' pages of a school canteen, painted by the server (`/u/{code}/{slug}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchoolPage {
    /// `menu`: the week's menu with its dish photos, nutrition check and suppliers.
    Menu,
    /// `meals`: 陪餐 of the last days.
    Meals,
    /// `fees`: 伙食费公示 and the term's accounts.
    Fees,
    /// `survey`: the term's survey (its results once closed, with the school's answer).
    Survey,
}

impl SchoolPage {
    pub const ALL: [SchoolPage; 4] = [SchoolPage::Menu, SchoolPage::Meals, SchoolPage::Fees, SchoolPage::Survey];

    pub fn slug(self) -> &'static str {
        match self {
            SchoolPage::Menu => "menu",
            SchoolPage::Meals => "meals",
            SchoolPage::Fees => "fees",
            SchoolPage::Survey => "survey",
        }
    }

    pub fn parse(s: &str) -> Option<SchoolPage> {
        SchoolPage::ALL.into_iter().find(|p| p.slug() == s)
    }
}

/// The kitchen app's pages, each with its own address under the owner's or the regulator's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KitchenPage {
    /// `/owner/today`: the owner's checklist of today.
    OwnerToday,
    /// `/owner/staff`: the roster and its health certificates.
    OwnerStaff,
    /// `/regulator/today`: the region's units whose records need attention today.
    RegulatorToday,
    /// `/owner/school`: a school canteen's menu, dish photos, 陪餐, fees and survey.
    OwnerSchool,
    /// `/regulator/school`: the region's school canteens with 陪餐, menus or surveys missing.
    RegulatorSchool,
}

impl KitchenPage {
    pub const ALL: [KitchenPage; 5] =
        [KitchenPage::OwnerToday, KitchenPage::OwnerStaff, KitchenPage::RegulatorToday, KitchenPage::OwnerSchool, KitchenPage::RegulatorSchool];

    /// The page's path segments.
    fn segments(self) -> [&'static str; 2] {
        match self {
            KitchenPage::OwnerToday => ["owner", "today"],
            KitchenPage::OwnerStaff => ["owner", "staff"],
            KitchenPage::RegulatorToday => ["regulator", "today"],
            KitchenPage::OwnerSchool => ["owner", "school"],
            KitchenPage::RegulatorSchool => ["regulator", "school"],
        }
    }
}

/// Every page, by its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`, with the search in `?q=`.
    Home,
    /// `/u/{code}`: the unit's first screen.
    Unit(String),
    /// `/u/{code}/licence`.
    Licence(String),
    /// `/u/{code}/inspections`.
    Inspections(String),
    /// `/u/{code}/inspections/{id}`: one inspection's sheet.
    Sheet(String, String),
    /// `/u/{code}/reviews`.
    Reviews(String),
    /// `/u/{code}/live`: the delayed kitchen view.
    Live(String),
    /// `/u/{code}/today` and `/u/{code}/today/{yyyy-mm-dd}`: the kitchen's own records of a day.
    Today(String, Option<Day>),
    /// `/u/{code}/records/{id}`: one kitchen record.
    Record(String, String),
    /// `/u/{code}/write/{kind}`.
    Write(String, WriteKind),
    /// `/u/{code}/menu`, `/meals`, `/fees`, `/survey`: parents' pages of a school canteen.
    School(String, SchoolPage),
    /// `/near`: 食安地图, the units nearest a position or a district's middle (the query tells which).
    Near,
    /// `/r/{region}`: how a city, county or station is doing (its figures of the last twelve months).
    District(String),
    /// `/t/{ticket}`, with its secret in the fragment (never sent to the server in a page request).
    Ticket(String),
    /// `/mine`: what this device has sent.
    Mine,
    /// `/owner/…`: the owner's pages of the staff app (which tells them apart by the rest of the path).
    Owner,
    /// `/regulator/…`: the regulator's pages of the staff app, likewise.
    Regulator,
    /// `/owner/today`, `/owner/staff`, `/regulator/today`: the kitchen app's pages.
    Kitchen(KitchenPage),
    /// Any other address: a 404 page with the search.
    NotFound,
}

impl Route {
    /// The route of a path (without query or fragment). Segments are percent-decoded.
    pub fn parse(path: &str) -> Route {
        let parts: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        // The kitchen app's pages before the rest of the owner's and the regulator's.
        if let Some(page) = KitchenPage::ALL.into_iter().find(|k| k.segments()[..] == parts[..]) {
            return Route::Kitchen(page);
        }
        match parts.as_slice() {
            [] => Route::Home,
            ["mine"] => Route::Mine,
            ["near"] => Route::Near,
            ["r", region] => Route::District(region.to_string()),
            ["owner", ..] => Route::Owner,
            ["regulator", ..] => Route::Regulator,
            ["t", ticket] => Route::Ticket(ticket.to_string()),
            ["u", code] => Route::Unit(code.to_string()),
            ["u", code, "licence"] => Route::Licence(code.to_string()),
            ["u", code, "inspections"] => Route::Inspections(code.to_string()),
            ["u", code, "inspections", id] => Route::Sheet(code.to_string(), id.to_string()),
            ["u", code, "reviews"] => Route::Reviews(code.to_string()),
            ["u", code, "live"] => Route::Live(code.to_string()),
            ["u", code, "today"] => Route::Today(code.to_string(), None),
            ["u", code, "today", day] => day.parse().map_or(Route::NotFound, |d| Route::Today(code.to_string(), Some(d))),
            ["u", code, "records", id] => Route::Record(code.to_string(), id.to_string()),
            ["u", code, "write", kind] => WriteKind::parse(kind).map_or(Route::NotFound, |k| Route::Write(code.to_string(), k)),
            ["u", code, page] => SchoolPage::parse(page).map_or(Route::NotFound, |p| Route::School(code.to_string(), p)),
            _ => Route::NotFound,
        }
    }

    /// The page's address, segments percent-encoded: `Route::parse(&r.path()) == r`.
    pub fn path(&self) -> String {
        let unit = |code: &str, rest: &str| format!("/u/{}{rest}", percent_encode(code));
        match self {
            Route::Home => "/".into(),
            Route::Unit(code) => unit(code, ""),
            Route::Licence(code) => unit(code, "/licence"),
            Route::Inspections(code) => unit(code, "/inspections"),
            Route::Sheet(code, id) => unit(code, &format!("/inspections/{}", percent_encode(id))),
            Route::Reviews(code) => unit(code, "/reviews"),
            Route::Live(code) => unit(code, "/live"),
            Route::Today(code, None) => unit(code, "/today"),
            Route::Today(code, Some(day)) => unit(code, &format!("/today/{day}")),
            Route::Record(code, id) => unit(code, &format!("/records/{}", percent_encode(id))),
            Route::Write(code, kind) => unit(code, &format!("/write/{}", kind.slug())),
            Route::School(code, page) => unit(code, &format!("/{}", page.slug())),
            Route::Ticket(ticket) => format!("/t/{}", percent_encode(ticket)),
            Route::Mine => "/mine".into(),
            Route::Near => "/near".into(),
            Route::District(region) => format!("/r/{}", percent_encode(region)),
            Route::Owner => "/owner".into(),
            Route::Regulator => "/regulator".into(),
            Route::Kitchen(page) => format!("/{}", page.segments().join("/")),
            Route::NotFound => "/404".into(),
        }
    }

    /// The app the page belongs to.
    pub fn app(&self) -> AppKind {
        match self {
            Route::Write(..) | Route::Ticket(_) | Route::Mine => AppKind::Act,
            Route::Owner | Route::Regulator => AppKind::Staff,
            Route::Kitchen(_) => AppKind::Kitchen,
            Route::Home
            | Route::Unit(_)
            | Route::Licence(_)
            | Route::Inspections(_)
            | Route::Sheet(..)
            | Route::Reviews(_)
            | Route::Live(_)
            | Route::Today(..)
            | Route::Record(..)
            | Route::School(..)
            | Route::Near
            | Route::District(_)
            | Route::NotFound => AppKind::Look,
        }
    }

    /// What the server inlines into the page's first paint (the app reads it instead of asking).
    pub fn inlined(&self) -> Vec<Inlined> {
        match self {
            // An inspection's sheet and the kitchen's records are read by the app as the server paints
            // them (`src/pages/painted.rs`), never as data: only the unit comes inlined.
            Route::Unit(code)
            | Route::Licence(code)
            | Route::Write(code, _)
            | Route::Sheet(code, _)
            | Route::Today(code, _)
            | Route::Record(code, _)
            | Route::School(code, _) => {
                vec![Inlined::Unit(code.clone())]
            }
            Route::Inspections(code) => vec![Inlined::Unit(code.clone()), Inlined::Inspections(code.clone())],
            Route::Reviews(code) => vec![Inlined::Unit(code.clone()), Inlined::Reviews(code.clone())],
            Route::Live(code) => vec![Inlined::Unit(code.clone()), Inlined::Cameras(code.clone())],
            // The follow-up's secret never reaches the server; the rest are drawn by the app alone.
            Route::Home
            | Route::Near
            | Route::District(_)
            | Route::Ticket(_)
            | Route::Mine
            | Route::Owner
            | Route::Regulator
            | Route::Kitchen(_)
            | Route::NotFound => vec![],
        }
    }

    /// One page of every kind, for tests that walk them all (`code` a unit's, `sheet` one of its
    /// inspections' ids). Kitchen pages are walked with today's day and the record `KR1`, the district
    /// is the demo's 东昌府区.
    pub fn every(code: &str, sheet: &str) -> Vec<Route> {
        let c = || code.to_owned();
        let mut all = vec![
            Route::Home,
            Route::Unit(c()),
            Route::Licence(c()),
            Route::Inspections(c()),
            Route::Sheet(c(), sheet.to_owned()),
            Route::Reviews(c()),
            Route::Live(c()),
            Route::Today(c(), None),
            Route::Record(c(), "KR1".to_owned()),
        ];
        all.extend(WriteKind::ALL.map(|k| Route::Write(c(), k)));
        all.extend(SchoolPage::ALL.map(|p| Route::School(c(), p)));
        all.extend([
            Route::Near,
            Route::District(DEMO_DISTRICT.into()),
            Route::Ticket("JB261130-000001".into()),
            Route::Mine,
            Route::Owner,
            Route::Regulator,
            Route::NotFound,
        ]);
        all.extend(KitchenPage::ALL.map(Route::Kitchen));
        all
    }

    /// The variant's place in the enum, so a test can tell that [`Route::every`] lists them all:
    /// a new variant does not compile until it has a number here and [`Route::VARIANTS`] counts it.
    pub fn variant(&self) -> usize {
        match self {
            Route::Home => 0,
            Route::Unit(_) => 1,
            Route::Licence(_) => 2,
            Route::Inspections(_) => 3,
            Route::Sheet(..) => 4,
            Route::Reviews(_) => 5,
            Route::Live(_) => 6,
            Route::Write(..) => 7,
            Route::Ticket(_) => 8,
            Route::Mine => 9,
            Route::Owner => 10,
            Route::Regulator => 11,
            Route::NotFound => 12,
            Route::Today(..) => 13,
            Route::Record(..) => 14,
            Route::Kitchen(_) => 15,
            Route::School(..) => 16,
            Route::Near => 17,
            Route::District(_) => 18,
        }
    }

    pub const VARIANTS: usize = 19;
}

/// Data the server inlines into a page as `<script type="application/json" id=… data-key=…>`, which the
/// app reads (once) instead of asking the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inlined {
    /// A [`crate::UnitPage`].
    Unit(String),
    /// The first [`crate::InspectionList`] page.
    Inspections(String),
    /// The first [`crate::ReviewList`] page.
    Reviews(String),
    /// The unit's [`crate::UnitCameras`].
    Cameras(String),
}

impl Inlined {
    /// The id of the script element.
    pub fn id(&self) -> &'static str {
        match self {
            Inlined::Unit(_) => "mc-unit",
            Inlined::Inspections(_) => "mc-inspections",
            Inlined::Reviews(_) => "mc-reviews",
            Inlined::Cameras(_) => "mc-cameras",
        }
    }

    /// The script's `data-key`: which unit (and inspection) the data is of, so a page reached later
    /// in the same app never reads another page's data.
    pub fn key(&self) -> String {
        match self {
            Inlined::Unit(code) | Inlined::Inspections(code) | Inlined::Reviews(code) | Inlined::Cameras(code) => code.clone(),
        }
    }

    /// The API path the same data comes from (its first page, for lists).
    pub fn api_path(&self) -> String {
        let unit = |code: &str, rest: &str| format!("/api/units/{}{rest}", percent_encode(code));
        match self {
            Inlined::Unit(code) => unit(code, ""),
            Inlined::Inspections(code) => unit(code, "/inspections"),
            Inlined::Reviews(code) => unit(code, "/reviews"),
            Inlined::Cameras(code) => unit(code, "/cameras"),
        }
    }
}

/// Percent-decoding of one path segment (UTF-8; a broken escape is kept as it is).
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_route() {
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("/u/lc-1"), Route::Unit("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/"), Route::Unit("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/licence"), Route::Licence("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/inspections"), Route::Inspections("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/inspections/7"), Route::Sheet("lc-1".into(), "7".into()));
        assert_eq!(Route::parse("/u/lc-1/reviews"), Route::Reviews("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/live"), Route::Live("lc-1".into()));
        assert_eq!(Route::parse("/u/lc-1/today"), Route::Today("lc-1".into(), None));
        assert_eq!(Route::parse("/u/lc-1/today/2026-11-29"), Route::Today("lc-1".into(), "2026-11-29".parse().ok()));
        assert_eq!(Route::parse("/u/lc-1/records/KR7"), Route::Record("lc-1".into(), "KR7".into()));
        assert_eq!(Route::parse("/u/lc-1/write/report"), Route::Write("lc-1".into(), WriteKind::Report));
        assert_eq!(Route::parse("/u/lc-1/write/survey"), Route::Write("lc-1".into(), WriteKind::Survey));
        assert_eq!(Route::parse("/t/JB261129-000001"), Route::Ticket("JB261129-000001".into()));
        assert_eq!(Route::parse("/mine"), Route::Mine);
        assert_eq!(Route::parse("/owner/reviews"), Route::Owner);
        assert_eq!(Route::parse("/regulator/reports/JB1"), Route::Regulator);
        // The kitchen app's addresses, told apart from the rest of each side's.
        assert_eq!(Route::parse("/owner/today"), Route::Kitchen(KitchenPage::OwnerToday));
        assert_eq!(Route::parse("/owner/today/"), Route::Kitchen(KitchenPage::OwnerToday));
        assert_eq!(Route::parse("/owner/staff"), Route::Kitchen(KitchenPage::OwnerStaff));
        assert_eq!(Route::parse("/regulator/today"), Route::Kitchen(KitchenPage::RegulatorToday));
        for staff in
            ["/owner", "/owner/todayx", "/owner/today/extra", "/owner/messages/JB1", "/regulator/staff", "/regulator", "/owner/regulator/today"]
        {
            assert!(matches!(Route::parse(staff), Route::Owner | Route::Regulator), "{staff}");
        }
        for unknown in ["/u/lc-1/today/2026-02-30", "/u/lc-1/records", "/x", "/u", "/u/lc-1/write/poem", "/u/lc-1/licence/extra", "/t", "/404"] {
            assert_eq!(Route::parse(unknown), Route::NotFound, "{unknown}");
        }
    }

    #[test]
    fn pages_belong_to_their_app() {
        for (path, app) in [
            ("/mine", AppKind::Act),
            ("/t/x", AppKind::Act),
            ("/u/a/write/review", AppKind::Act),
            ("/u/a/write/survey", AppKind::Act),
            ("/u/a", AppKind::Look),
            ("/u/a/reviews", AppKind::Look),
            ("/u/a/today/2026-11-29", AppKind::Look),
            ("/u/a/records/KR1", AppKind::Look),
            ("/", AppKind::Look),
            ("/owner", AppKind::Staff),
            ("/owner/reviews", AppKind::Staff),
            ("/regulator/reports/JB1", AppKind::Staff),
            ("/owner/today", AppKind::Kitchen),
            ("/owner/staff", AppKind::Kitchen),
            ("/regulator/today", AppKind::Kitchen),
        ] {
            assert_eq!(Route::parse(path).app(), app, "{path}");
        }
    }

    #[test]
    fn every_route_is_listed_and_its_path_parses_back_to_it() {
        let every = Route::every("明厨 lc/1", "7");
        let mut seen = [false; Route::VARIANTS];
        for route in &every {
            seen[route.variant()] = true;
            assert_eq!(Route::parse(&route.path()), *route, "{}", route.path());
        }
        assert!(seen.iter().all(|s| *s), "Route::every misses a variant: {seen:?}");
        for page in KitchenPage::ALL {
            assert!(every.contains(&Route::Kitchen(page)), "{page:?}");
        }
    }

    #[test]
    fn inlined_data_names_its_unit_and_api() {
        let list = Inlined::Inspections("lc-1".into());
        assert_eq!((list.id(), list.key().as_str(), list.api_path().as_str()), ("mc-inspections", "lc-1", "/api/units/lc-1/inspections"));
        assert_eq!(Inlined::Unit("明".into()).api_path(), "/api/units/%E6%98%8E");
        assert_eq!(Route::Live("lc-1".into()).inlined(), vec![Inlined::Unit("lc-1".into()), Inlined::Cameras("lc-1".into())]);
        // Painted pages come with their unit only: their records are read as HTML.
        for route in [Route::Sheet("lc-1".into(), "7".into()), Route::Today("lc-1".into(), None), Route::Record("lc-1".into(), "KR1".into())] {
            assert_eq!(route.inlined(), vec![Inlined::Unit("lc-1".into())]);
        }
    }

    #[test]
    fn segments_are_decoded() {
        assert_eq!(Route::parse("/u/%E6%98%8E"), Route::Unit("明".into()));
        assert_eq!(Route::parse("/u/a%2"), Route::Unit("a%2".into()));
    }
}
