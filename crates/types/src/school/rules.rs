//! Every number parents' pages are judged by, as data (the guidance's figures are WS/T 554-2017's as
//! `DOMAIN.md` gives them, marked there as unverified in detail).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolRules {
    /// Kinds of vegetable a day's menu should hold at least.
    pub vegetable_kinds_per_day: u8,
    /// The share of those that should be dark-coloured, in percent.
    pub dark_vegetable_percent: u8,
    /// Milk a day, in grams: at least and at most.
    pub milk_grams: (u16, u16),
    /// A 陪餐 score's range.
    pub score_range: (u8, u8),
    /// The longest note a 陪餐 record or a survey's free text may have, in characters.
    pub note_max_chars: u16,
    /// Dishes a meal may list at most.
    pub dishes_per_meal_max: u8,
    /// A term with no survey set this many days after its first day has not held one (the regulator's
    /// list says so from then on): time enough to set one, early enough for it to be heard that term.
    pub survey_set_within_days: u16,
}

impl SchoolRules {
    pub fn national() -> SchoolRules {
        SchoolRules {
            vegetable_kinds_per_day: 3,
            dark_vegetable_percent: 50,
            milk_grams: (200, 300),
            score_range: (1, 5),
            note_max_chars: 500,
            dishes_per_meal_max: 12,
            survey_set_within_days: 60,
        }
    }
}
