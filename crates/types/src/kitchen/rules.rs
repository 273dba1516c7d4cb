//! Every threshold of the kitchen's records, as data: the national rules in [`KitchenRules::national`];
//! a local variant (150 g samples, another fever line) is another value of the same type, never code.

use serde::{Deserialize, Serialize};

use super::{Meal, Method};
use crate::UnitKind;

/// A disinfection method's least temperature, concentration and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MethodRule {
    pub method: Method,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_temp_c: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_mg_per_l: Option<u16>,
    pub min_seconds: u32,
}

/// When a meal is served, in minutes after midnight China time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MealTime {
    pub meal: Meal,
    pub served_minute: u16,
}

/// A kitchen's day, in minutes after midnight China time: the morning check is due when it opens,
/// each meal's samples a while after it is served, disinfection a while after the last meal, the daily
/// self-inspection when it closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub opens_minute: u16,
    pub closes_minute: u16,
    /// In the order they are served.
    pub meals: Vec<MealTime>,
    /// The weekdays it does not cook (Monday = 0 … Sunday = 6, as [`crate::Day::weekday`]): nothing is due
    /// then. Public holidays and make-up days are not known here (a record on a closed day is judged as any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed_weekdays: Vec<u8>,
}

impl Schedule {
    /// Whether the kitchen does not cook on `day`'s weekday.
    pub fn closed_on(&self, day: crate::Day) -> bool {
        self.closed_weekdays.iter().any(|&w| u32::from(w) == day.weekday())
    }
}

/// The usual day of a kind of unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindSchedule {
    pub kind: UnitKind,
    pub schedule: Schedule,
}

/// Every number the kitchen's records are judged by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KitchenRules {
    /// A temperature at or above this (tenths of °C) is a fever.
    pub fever_tenths: u16,
    /// Least grams of each dish sampled.
    pub sample_min_grams: u16,
    /// Least hours samples are kept, from the time they were taken.
    pub sample_keep_hours: u16,
    /// The kinds of unit that must keep samples of every meal.
    pub samples_required: Vec<UnitKind>,
    pub methods: Vec<MethodRule>,
    /// An inhibition rate at or above this is a positive (待复检).
    pub pesticide_positive_percent: u8,
    /// A certificate that ends within this many days is "expiring".
    pub certificate_warn_days: u16,
    /// How long a certificate is valid after it is issued.
    pub certificate_valid_months: u16,
    /// A record entered more than this many minutes after the time it claims is 补录.
    pub late_entry_minutes: u16,
    /// The weekly review is overdue when the last is more than this many days old.
    pub weekly_review_days: u16,
    /// Likewise the monthly meeting.
    pub monthly_meeting_days: u16,
    /// The longest samples may be said to be kept (a later "kept until" is a typing mistake).
    pub sample_keep_max_days: u16,
    /// Samples are due this long after their meal is served.
    pub samples_due_after_meal_minutes: u16,
    /// Disinfection is due this long after the last meal.
    pub disinfection_due_after_meal_minutes: u16,
    /// A day with at least this share of its due kinds recorded is "partial"; less is "poor".
    pub partial_percent: u8,
    /// Days the public calendar shows (today included); no record may claim an older day.
    pub calendar_days: u16,
    /// A morning check's temperature outside this range (tenths of °C) is a typing mistake.
    pub temperature_range_tenths: (u16, u16),
    /// How far ahead of the server's clock a record's time may be (a phone's clock runs fast).
    pub clock_slack_minutes: u16,
    /// The longest name, dish, item or supplier field, in characters.
    pub text_max_chars: u16,
    /// The longest self-inspection findings.
    pub long_text_max_chars: u16,
    /// The most people one morning check may list.
    pub max_entries: u16,
    /// The most dishes one meal's samples may list, on its menu and sampled alike.
    pub max_dishes: u16,
    /// The day of each kind of unit; a kind not listed uses the first.
    pub schedules: Vec<KindSchedule>,
}

/// `hh:mm` as minutes after midnight, so the schedules below read as times.
const fn at(hours: u16, minutes: u16) -> u16 {
    hours * 60 + minutes
}

/// Saturday and Sunday, as [`crate::Day::weekday`] numbers them.
const WEEKEND: &[u8] = &[5, 6];

fn schedule(kind: UnitKind, opens: u16, closes: u16, meals: &[(Meal, u16)], closed: &[u8]) -> KindSchedule {
    let meals = meals.iter().map(|&(meal, served_minute)| MealTime { meal, served_minute }).collect();
    KindSchedule { kind, schedule: Schedule { opens_minute: opens, closes_minute: closes, meals, closed_weekdays: closed.to_vec() } }
}

impl KitchenRules {
    /// The national rules: GB 31654-2021 for samples and disinfection, Food Safety Law art. 45 for
    /// certificates, SAMR Order No. 60 for self-inspection, GB/T 5009.199-2003 for rapid tests.
    pub fn national() -> KitchenRules {
        use Meal::*;
        use UnitKind::*;
        let method = |method, min_temp_c, min_mg_per_l, min_seconds| MethodRule { method, min_temp_c, min_mg_per_l, min_seconds };
        KitchenRules {
            fever_tenths: 373,
            sample_min_grams: 125,
            sample_keep_hours: 48,
            samples_required: vec![SchoolCanteen, KindergartenCanteen, CentralKitchen, MealSupplier],
            methods: vec![
                method(Method::Boiling, Some(100), None, 600),
                method(Method::Steam, Some(100), None, 600),
                method(Method::Infrared, Some(120), None, 600),
                method(Method::Dishwasher, Some(85), None, 40),
                method(Method::Chlorine, None, Some(250), 300),
                method(Method::Ultraviolet, None, None, 1800),
            ],
            pesticide_positive_percent: 50,
            certificate_warn_days: 30,
            certificate_valid_months: 12,
            late_entry_minutes: 120,
            weekly_review_days: 7,
            monthly_meeting_days: 31,
            sample_keep_max_days: 366,
            samples_due_after_meal_minutes: 120,
            disinfection_due_after_meal_minutes: 60,
            partial_percent: 50,
            calendar_days: 30,
            temperature_range_tenths: (340, 430),
            clock_slack_minutes: 10,
            text_max_chars: 100,
            long_text_max_chars: 1000,
            max_entries: 500,
            max_dishes: 100,
            // Schools and kindergartens do not cook at the weekend (a boarding school that does records
            // then, and is judged as on any day). The others may serve any day: a restaurant at the weekend
            // most of all, a central kitchen or meal supplier for whoever it serves, a staff canteen for shift
            // work; so none of their days is assumed closed.
            schedules: vec![
                schedule(SchoolCanteen, at(6, 0), at(19, 0), &[(Breakfast, at(7, 0)), (Lunch, at(11, 30)), (Dinner, at(17, 30))], WEEKEND),
                schedule(KindergartenCanteen, at(6, 30), at(17, 0), &[(Breakfast, at(7, 45)), (Lunch, at(11, 0)), (Other, at(15, 0))], WEEKEND),
                schedule(LargeRestaurant, at(9, 0), at(22, 0), &[(Lunch, at(11, 30)), (Dinner, at(17, 30))], &[]),
                schedule(CentralKitchen, at(5, 0), at(18, 0), &[(Lunch, at(10, 0)), (Dinner, at(16, 0))], &[]),
                schedule(MealSupplier, at(5, 0), at(18, 0), &[(Lunch, at(10, 30)), (Dinner, at(16, 30))], &[]),
                schedule(StaffCanteen, at(6, 30), at(19, 0), &[(Breakfast, at(7, 30)), (Lunch, at(11, 30)), (Dinner, at(17, 30))], &[]),
            ],
        }
    }

    /// The rule of a disinfection method, if the rules have one.
    pub fn method(&self, method: Method) -> Option<&MethodRule> {
        self.methods.iter().find(|r| r.method == method)
    }

    /// Whether units of this kind must keep samples.
    pub fn must_sample(&self, kind: UnitKind) -> bool {
        self.samples_required.contains(&kind)
    }

    /// The day of a kind of unit (the first schedule when its kind has none; `None` only when there is
    /// no schedule at all, and then nothing is due before the day ends).
    pub fn schedule(&self, kind: UnitKind) -> Option<&Schedule> {
        self.schedules.iter().find(|s| s.kind == kind).or(self.schedules.first()).map(|s| &s.schedule)
    }
}
