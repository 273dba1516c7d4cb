//! What travels over HTTP for parents' pages, the school's entries and the regulator's list. The
//! endpoints (all for school and kindergarten canteens only: another unit's answer is a 404):
//!
//! Public, no account:
//! - `GET /api/units/{code}/school/menu[?week=YYYY-MM-DD]` → [`PublicMenu`] (the week holding that day,
//!   this week by default; only weeks the school has published, up to [`PUBLIC_WEEKS`] back).
//! - `GET /api/units/{code}/school/meals` → [`PublicCompanions`]: 陪餐 of the last [`COMPANION_DAYS`] days.
//! - `GET /api/units/{code}/school/fees` → [`PublicFees`]: this term's fee and accounts (the last term's
//!   too, when published).
//! - `GET /api/units/{code}/school/survey` → [`PublicSurvey`]: this term's survey.
//! - `POST /api/units/{code}/school/survey/answers` with the device cookie, body [`SurveyAnswerInput`]:
//!   201 stored, 200 the same answer again (its `client_id`), 409 another answer from the same device this
//!   term, 422 when the survey is not open.
//!
//! The school's owner (`/api/staff`, signed in):
//! - `GET /owner/school` → [`OwnerSchool`].
//! - `PUT /owner/school/menu/{monday}` body [`MenuWeekInput`]: the week's whole menu, replacing it.
//! - `POST /owner/school/photos` body [`DishPhotoInput`] (the photo uploaded first, as a record's).
//! - `POST /owner/school/companions` body [`CompanionInput`] (its `client_id` makes a repeat harmless).
//! - `PUT /owner/school/accounts/{term}` body [`AccountsInput`].
//! - `PUT /owner/school/survey/{term}` body [`SurveyInput`]: set or move its dates (not once closed).
//! - `PUT /owner/school/survey/{term}/response` body [`SurveyResponseInput`]: the school's answer to
//!   the results (only once closed).
//!
//! The regulator (`/api/staff`, signed in): `GET /regulator/school` → [`SchoolLapses`].

use serde::{Deserialize, Serialize};

use super::{CompanionMeal, CompanionRole, FeePer, MenuMeal, NutritionNote, Scores, SurveyResults, SurveyState, SurveyWindow, Term, TermAccounts};
use crate::kitchen::{Meal, PublicSupplier};
use crate::Day;

/// How many weeks back a parent may look at menus.
pub const PUBLIC_WEEKS: u32 = 8;
/// How many days of 陪餐 the public page shows.
pub const COMPANION_DAYS: u32 = 30;

/// A photo of a served dish, with when it was taken (never shown for another day than that).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishPhoto {
    /// The dish's name as on the menu.
    pub dish: String,
    /// The photo's id (served at `/media/{id}.jpg`, its thumbnail at `/media/{id}_t.jpg`).
    pub photo: String,
    pub taken_ms: i64,
    /// A demo's generated picture, said so on the page.
    #[serde(default)]
    pub demo: bool,
}

/// One meal of the week as the public sees it: its dishes, and the photos taken of them that day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMenuMeal {
    pub meal: MenuMeal,
    #[serde(default)]
    pub photos: Vec<DishPhoto>,
}

/// A week's menu: each day's meals, the nutrition check, and the suppliers named by that week's purchase
/// records (name and licence only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMenu {
    pub code: String,
    pub unit_name: String,
    /// The week's Monday.
    pub week: Day,
    /// `None`: the school has not published this week's menu.
    pub published_ms: Option<i64>,
    pub meals: Vec<PublicMenuMeal>,
    /// Days meeting the guidance, and what the others lack.
    pub fine_days: Vec<Day>,
    pub notes: Vec<NutritionNote>,
    pub suppliers: Vec<PublicSupplier>,
    /// Weeks with a published menu, newest first (for moving between them).
    pub weeks: Vec<Day>,
}

/// One school day's 陪餐: each meal served and its record, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanionDay {
    pub day: Day,
    /// The meals the menu had that day (lunch when it had none), each with its 陪餐 records (none, one,
    /// or several: a principal and a parents' representative may both eat).
    pub meals: Vec<(Meal, Vec<PublicCompanion>)>,
}

/// A 陪餐 record as the public sees it: the role, never a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCompanion {
    pub role: CompanionRole,
    pub scores: Scores,
    pub note: String,
    pub entered_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCompanions {
    pub code: String,
    pub unit_name: String,
    /// School days (Monday to Friday) of the last [`COMPANION_DAYS`], newest first.
    pub days: Vec<CompanionDay>,
    /// Meals with a record and meals in all.
    pub with_record: u32,
    pub meals: u32,
}

/// A term's accounts as published, with the school's note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedAccounts {
    pub accounts: TermAccounts,
    pub note: String,
    pub published_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicFees {
    pub code: String,
    pub unit_name: String,
    pub term: Term,
    /// This term's, then the last term's, as far as published.
    pub terms: Vec<PublishedAccounts>,
}

/// A survey as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSurvey {
    pub code: String,
    pub unit_name: String,
    pub term: Term,
    /// `None`: no survey set this term.
    pub window: Option<SurveyWindow>,
    pub state: Option<SurveyState>,
    /// Once closed: the counts, the free texts that passed moderation, the school's answer.
    pub results: Option<SurveyResults>,
    #[serde(default)]
    pub texts: Vec<String>,
    pub response: Option<String>,
    /// Whether this device has answered (an open survey only).
    #[serde(default)]
    pub answered: bool,
    /// The last term's closed survey, when this term's has no results yet.
    #[serde(default)]
    // A reference to itself: its schemas are gathered once, not again and again.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub previous: Option<Box<PublicSurvey>>,
}

/// `POST /api/units/{code}/school/survey/answers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswerInput {
    pub client_id: String,
    pub scores: [u8; 5],
    #[serde(default)]
    pub text: String,
}

/// `PUT /owner/school/menu/{monday}`: every meal of the week (days outside it are refused).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuWeekInput {
    pub meals: Vec<MenuMeal>,
}

/// `POST /owner/school/photos`: a photo of a dish served on `day`, taken at `taken_ms` (which must fall on
/// that China day and not be in the future).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DishPhotoInput {
    pub client_id: String,
    pub day: Day,
    pub meal: Meal,
    pub dish: String,
    pub photo: String,
    pub taken_ms: i64,
}

/// `POST /owner/school/companions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanionInput {
    pub client_id: String,
    pub record: CompanionMeal,
}

/// `PUT /owner/school/accounts/{term}` (the term in the body must be the path's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountsInput {
    pub fee_fen: u64,
    pub fee_per: FeePer,
    pub income_fen: u64,
    pub ingredients_fen: u64,
    pub staff_fen: u64,
    pub other_fen: u64,
    #[serde(default)]
    pub note: String,
}

/// `PUT /owner/school/survey/{term}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInput {
    pub opens: Day,
    pub closes: Day,
}

/// `PUT /owner/school/survey/{term}/response`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResponseInput {
    pub text: String,
}

/// The school's own view: what it has entered and what is still to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSchool {
    pub today: Day,
    pub term: Term,
    /// This week's and next week's Mondays, with their menus as entered (empty when none), and last
    /// week's, to copy.
    pub this_week: Day,
    pub menus: Vec<(Day, Vec<MenuMeal>)>,
    /// Today's photos, by meal and dish.
    pub photos_today: Vec<(Meal, DishPhoto)>,
    /// 陪餐 of the last 7 days, newest first.
    pub companions: Vec<CompanionMeal>,
    pub accounts: Option<PublishedAccounts>,
    /// This term's survey: its dates, state, results (once closed, with every free text, moderated or
    /// not, marked) and the school's answer.
    pub survey: Option<OwnerSurvey>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerSurvey {
    pub window: SurveyWindow,
    pub state: SurveyState,
    /// Answers so far (the results themselves only once closed).
    pub answers: u32,
    pub results: Option<SurveyResults>,
    /// Once closed: the free texts that passed screening (public), and those it kept private to the
    /// school (a phone number, a link).
    pub texts: Vec<String>,
    #[serde(default)]
    pub private_texts: Vec<String>,
    pub response: Option<String>,
}

/// What a school canteen has not done, for the regulator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolLapse {
    pub code: String,
    pub unit_name: String,
    pub region: String,
    /// School days of the last 7 whose lunch has no 陪餐 record (oldest first).
    pub meals_without_companion: Vec<Day>,
    /// This week's menu is not published.
    pub menu_missing: bool,
    /// No survey set this term, or closed without the school's answer.
    pub survey_not_held: bool,
    pub survey_not_answered: bool,
    /// Days the oldest lapse has been open: the list is ordered by it, most first.
    pub overdue_days: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolLapses {
    pub today: Day,
    pub units: Vec<SchoolLapse>,
}
