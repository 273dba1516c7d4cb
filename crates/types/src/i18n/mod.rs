//! Every word people read, one catalogue per language. The app and the server's first-paint summary both
//! read from here, so they can never disagree. A catalogue is a struct: a language that misses a string
//! does not compile.

mod en;
mod zh;

use serde::{Deserialize, Serialize};

use crate::{
    CreditCodeCheck, Day, ErrorCode, InspectionKind, InspectionOutcome, InspectionResult, KitchenArea, LicenceStatus, MessageStatus, NotGradedReason,
    ReportCategory, ReportStatus, UnitKind,
};

/// The reader's language. Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The cookie that remembers the reader's choice, read by the server for the first paint.
    pub const COOKIE: &'static str = "mc_lang";

    pub fn t(self) -> &'static Strings {
        match self {
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
        }
    }

    /// The words only the pages every visitor loads use.
    pub fn look(self) -> &'static LookStrings {
        match self {
            Lang::Zh => &zh::ZH_LOOK,
            Lang::En => &en::EN_LOOK,
        }
    }

    /// The words of the kitchen's own records (今日后厨), which the visitors' pages and the staff app share.
    pub fn kitchen(self) -> &'static KitchenWords {
        match self {
            Lang::Zh => &zh::ZH_KITCHEN,
            Lang::En => &en::EN_KITCHEN,
        }
    }

    /// The words of the kitchen's day and record pages (the visitors' app never links them in).
    pub fn kitchen_pages(self) -> &'static KitchenPageWords {
        match self {
            Lang::Zh => &zh::ZH_KITCHEN_PAGES,
            Lang::En => &en::EN_KITCHEN_PAGES,
        }
    }

    /// The kitchen's words only the staff app uses.
    pub fn kitchen_staff(self) -> &'static KitchenStaffWords {
        match self {
            Lang::Zh => &zh::ZH_KITCHEN_STAFF,
            Lang::En => &en::EN_KITCHEN_STAFF,
        }
    }

    /// The words of camera analytics' and sensors' alerts (可示警、可处置), which the kitchen view, the
    /// first screen's line and the staff app share.
    pub fn watch(self) -> &'static WatchWords {
        match self {
            Lang::Zh => &zh::ZH_WATCH,
            Lang::En => &en::EN_WATCH,
        }
    }

    /// The first screen's few words about alerts and sensors.
    pub fn watch_brief(self) -> &'static WatchBriefWords {
        match self {
            Lang::Zh => &zh::ZH_WATCH_BRIEF,
            Lang::En => &en::EN_WATCH_BRIEF,
        }
    }

    /// The words of an alert as staff see it (the staff app alone links them in).
    pub fn watch_staff(self) -> &'static WatchStaffWords {
        match self {
            Lang::Zh => &zh::ZH_WATCH_STAFF,
            Lang::En => &en::EN_WATCH_STAFF,
        }
    }

    /// The words of an inspection's record sheet (the server paints it: the visitors' app never links
    /// these in).
    pub fn sheet(self) -> &'static SheetWords {
        match self {
            Lang::Zh => &zh::ZH_SHEET,
            Lang::En => &en::EN_SHEET,
        }
    }

    /// The words of a district's figures (the server paints them: the visitors' app never links these in).
    pub fn district(self) -> &'static DistrictWords {
        match self {
            Lang::Zh => &zh::ZH_DISTRICT,
            Lang::En => &en::EN_DISTRICT,
        }
    }

    /// The words of parents' pages of a school canteen (the server paints them: the visitors' app never
    /// links these in).
    pub fn parents(self) -> &'static ParentsWords {
        match self {
            Lang::Zh => &zh::ZH_PARENTS,
            Lang::En => &en::EN_PARENTS,
        }
    }
    /// The words of the near-me page (the server paints it: the visitors' app never links these in).
    pub fn near(self) -> &'static NearWords {
        match self {
            Lang::Zh => &zh::ZH_NEAR,
            Lang::En => &en::EN_NEAR,
        }
    }

    /// The words of a parent's answer to a school canteen's survey (the taking-part app alone links them in).
    pub fn survey_form(self) -> &'static SurveyFormWords {
        match self {
            Lang::Zh => &zh::ZH_SURVEY_FORM,
            Lang::En => &en::EN_SURVEY_FORM,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The value stored in the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language named by a `Cookie` header, if any.
    pub fn from_cookie_header(header: &str) -> Option<Lang> {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Lang::COOKIE)
            .and_then(|(_, value)| Lang::from_code(value.trim()))
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// A day as readers write it: `2026年11月29日` / `29 Nov 2026`.
    pub fn date(self, day: Day) -> String {
        let (y, m, d) = day.ymd();
        match self {
            Lang::Zh => format!("{y}年{m}月{d}日"),
            Lang::En => format!("{d} {} {y}", MONTHS[m as usize - 1]),
        }
    }

    /// A day of this year's as readers write it: `11月29日` / `29 Nov`.
    pub fn day_month(self, day: Day) -> String {
        let (_, m, d) = day.ymd();
        match self {
            Lang::Zh => format!("{m}月{d}日"),
            Lang::En => format!("{d} {}", MONTHS[m as usize - 1]),
        }
    }

    /// How long ago a day was, in the coarsest unit that helps: "今天", "3 天前", "5 个月前", "2 年前".
    pub fn ago(self, day: Day, today: Day) -> String {
        let t = self.t();
        let days = day.days_until(today);
        let months = day.whole_months_until(today);
        match () {
            _ if days <= 0 => t.today.to_owned(),
            _ if days < 31 || months == 0 => fill(pick(days, t.days_ago_one, t.days_ago), days),
            _ if months < 12 => fill(pick(months, t.months_ago_one, t.months_ago), months),
            _ => fill(pick(months / 12, t.years_ago_one, t.years_ago), months / 12),
        }
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Replaces `{n}` in a template.
pub fn fill(template: &str, n: impl std::fmt::Display) -> String {
    fill_slots(template, &[("{n}", &n.to_string())])
}

/// Replaces each slot (`{key}`) of a template with its value, in one pass over the template: a value
/// that holds a slot's name (an owner's dish called `{min}`) is written as it is, never filled in turn.
pub fn fill_slots(template: &str, slots: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        rest = &rest[open..];
        match slots.iter().find(|(key, _)| rest.starts_with(key)) {
            Some((key, value)) => {
                filled.push_str(value);
                rest = &rest[key.len()..];
            }
            None => {
                filled.push('{');
                rest = &rest[1..];
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// Replaces `{date}` in a template with a day in the reader's language.
pub fn fill_date(lang: Lang, template: &str, day: Day) -> String {
    template.replace("{date}", &lang.date(day))
}

fn pick(n: i32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// One language's words. Templates hold `{n}` or `{date}`.
pub struct Strings {
    // Site
    pub site_name: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub back_to_unit: &'static str,
    pub loading: &'static str,
    pub footer: &'static str,

    // Punctuation differs by language.
    /// After a label: "：" / ": ".
    pub colon: &'static str,

    // Search
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_button: &'static str,
    pub contact_phone: &'static str,
    pub name: &'static str,

    // Relative time
    pub today: &'static str,
    pub days_ago_one: &'static str,
    pub days_ago: &'static str,
    pub months_ago_one: &'static str,
    pub months_ago: &'static str,
    pub years_ago_one: &'static str,
    pub years_ago: &'static str,

    // Diners' ratings
    pub diners_section: &'static str,
    pub diners_note: &'static str,
    pub rate_prompt: &'static str,
    pub smiley_satisfied: &'static str,
    pub smiley_neutral: &'static str,
    pub smiley_unsatisfied: &'static str,
    pub ratings_count: &'static str,
    /// Votes held out of the counts, `{n}`.
    pub ratings_held: &'static str,
    pub ratings_none: &'static str,
    pub rated_today: &'static str,

    // Errors
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
    pub error_bad_request: &'static str,
    pub error_rate_limited: &'static str,
    pub error_unsupported_image: &'static str,
    pub error_image_too_large: &'static str,
    pub error_image_damaged: &'static str,
    pub error_too_fast: &'static str,
    pub error_vote_too_soon: &'static str,
    pub error_outside_hours: &'static str,
    pub error_no_frame: &'static str,
    /// The server has no room for a photo just now; the draft is sent again later.
    pub error_storage_full: &'static str,
    pub error_unauthorized: &'static str,
    pub retry: &'static str,

    // Taking part: the four actions, the forms, sending and following up
    pub actions_label: &'static str,
    pub act_rate: &'static str,
    pub act_review: &'static str,
    pub act_message: &'static str,
    pub act_report: &'static str,
    pub reviews_title: &'static str,
    pub reviews_all: &'static str,
    pub reviews_none: &'static str,
    pub owner_reply: &'static str,
    pub photo_alt: &'static str,
    pub photo_remove: &'static str,
    pub photo_add: &'static str,
    pub photo_preparing: &'static str,
    pub photo_not_image: &'static str,
    pub photo_failed: &'static str,
    pub photos_label: &'static str,
    pub too_many_photos: &'static str,
    pub review_smiley_label: &'static str,
    pub review_text_label: &'static str,
    pub review_text_hint: &'static str,
    pub message_text_label: &'static str,
    pub message_text_hint: &'static str,
    pub report_text_label: &'static str,
    pub report_text_hint: &'static str,
    pub report_vs_complaint: &'static str,
    pub hotline_12315: &'static str,
    pub report_category: &'static str,
    pub happened_at: &'static str,
    pub reporter: &'static str,
    pub reporter_anonymous: &'static str,
    pub reporter_named: &'static str,
    pub reporter_named_private: &'static str,
    pub reporter_privacy: &'static str,
    pub callback_label: &'static str,
    pub callback_hint: &'static str,
    pub chars_count: &'static str,
    pub text_too_short: &'static str,
    pub text_too_long: &'static str,
    pub phone_invalid: &'static str,
    pub time_invalid: &'static str,
    pub name_missing: &'static str,
    pub name_too_long: &'static str,
    pub send: &'static str,
    pub kept_on_device: &'static str,
    pub save_failed: &'static str,
    pub sending: &'static str,
    pub upload_progress: &'static str,
    pub waiting_to_send: &'static str,
    pub waiting_explained: &'static str,
    pub edit_again: &'static str,
    pub try_again_in: &'static str,
    pub review_published: &'static str,
    pub review_held: &'static str,
    pub review_published_short: &'static str,
    pub review_held_short: &'static str,
    /// On the author's own unpublished review in the list.
    pub only_you: &'static str,
    pub review_hidden: &'static str,
    pub message_sent: &'static str,
    pub report_sent: &'static str,
    pub ticket_number: &'static str,
    pub private_link_note: &'static str,
    pub track: &'static str,
    pub report_track_title: &'static str,
    pub message_track_title: &'static str,
    pub decision_due: &'static str,
    pub regulator_notes: &'static str,
    pub what_you_sent: &'static str,
    pub message_private_note: &'static str,
    pub callback_requested: &'static str,
    pub mine_title: &'static str,
    pub mine_short: &'static str,
    pub mine_note: &'static str,
    pub mine_none: &'static str,
    pub status_submitted: &'static str,
    pub status_accepted: &'static str,
    pub status_not_accepted: &'static str,
    pub status_in_progress: &'static str,
    pub status_closed: &'static str,
    pub mstatus_sent: &'static str,
    pub mstatus_read: &'static str,
    pub mstatus_replied: &'static str,
    pub category_no_mask: &'static str,
    pub category_no_hat: &'static str,
    pub category_no_uniform: &'static str,
    pub category_no_gloves: &'static str,
    pub category_smoking: &'static str,
    pub category_phone_use: &'static str,
    pub category_pests: &'static str,
    pub category_uncovered_bin: &'static str,
    pub category_standing_water: &'static str,
    pub category_improper_storage: &'static str,
    pub category_expired_food: &'static str,
    pub category_unlicensed: &'static str,
    pub category_other: &'static str,
}

/// The words only the pages every visitor loads use (the unit, its licence, inspections and kitchen
/// view): kept apart, so the taking-part app carries none of them.
pub struct LookStrings {
    pub site_tagline: &'static str,
    /// The home page's link to 食安地图's near-me page.
    /// The unit page's way to its district's figures.
    pub district_link: &'static str,
    pub near_link: &'static str,
    pub about: &'static str,
    pub legend_title: &'static str,
    pub legend_dynamic: &'static str,
    pub legend_annual: &'static str,
    /// Between items of a list: "；" / "; ".
    pub list_sep: &'static str,
    /// Between names: "、" / ", ".
    pub name_sep: &'static str,
    pub search_results: &'static str,
    pub search_none: &'static str,
    pub search_too_long: &'static str,
    pub load_more: &'static str,

    // Unit first screen
    pub official_section: &'static str,
    pub official_section_note: &'static str,
    pub navigate: &'static str,
    pub call: &'static str,
    pub grade_title: &'static str,
    pub dynamic_grade: &'static str,
    pub annual_grade: &'static str,
    pub annual_year: &'static str,
    pub annual_none: &'static str,
    pub graded_on: &'static str,
    pub score: &'static str,
    pub not_graded: &'static str,
    pub not_graded_until: &'static str,
    pub reason_new_licence: &'static str,
    pub reason_incident: &'static str,
    pub reason_below_threshold: &'static str,
    pub reason_not_inspected: &'static str,
    pub reason_unavailable: &'static str,

    // Licence
    pub licence_title: &'static str,
    pub licence_none: &'static str,
    pub licence_valid: &'static str,
    pub licence_expiring: &'static str,
    pub licence_expired: &'static str,
    pub licence_details: &'static str,
    pub licence_number: &'static str,
    pub operator_name: &'static str,
    pub credit_code: &'static str,
    pub legal_representative: &'static str,
    pub residence: &'static str,
    pub premises: &'static str,
    pub business_type: &'static str,
    pub activities: &'static str,
    pub valid_until: &'static str,
    pub hotline: &'static str,
    pub issuer: &'static str,
    pub issued_on: &'static str,
    pub supervising_office: &'static str,
    pub supervising_officers: &'static str,
    pub signer: &'static str,
    pub credit_code_verified: &'static str,
    pub credit_code_check_failed: &'static str,
    pub credit_code_not_a_code: &'static str,
    pub licence_number_malformed: &'static str,
    pub licence_electronic_note: &'static str,

    // Inspections
    pub latest_inspection: &'static str,
    pub no_inspection: &'static str,
    pub not_inspected_for: &'static str,
    pub all_inspections: &'static str,
    pub inspections_title: &'static str,
    pub inspections_total: &'static str,
    pub view_sheet: &'static str,
    pub inspection_kind: &'static str,
    pub problems_count: &'static str,
    pub result: &'static str,
    pub outcome: &'static str,
    pub notes: &'static str,
    pub contact: &'static str,
    pub address: &'static str,

    pub kind_routine: &'static str,
    pub kind_unannounced: &'static str,
    pub kind_system: &'static str,
    pub kind_special: &'static str,
    pub result_compliant: &'static str,
    pub result_basically: &'static str,
    pub result_non_compliant: &'static str,
    pub outcome_passed: &'static str,
    pub outcome_fix: &'static str,
    pub outcome_stop: &'static str,

    pub unit_school_canteen: &'static str,
    pub unit_kindergarten_canteen: &'static str,
    pub unit_large_restaurant: &'static str,
    pub unit_central_kitchen: &'static str,
    pub unit_meal_supplier: &'static str,
    pub unit_staff_canteen: &'static str,
    pub rate_failed: &'static str,

    // The delayed kitchen view
    pub live_title: &'static str,
    pub live_thumb_alt: &'static str,
    pub live_cameras: &'static str,
    pub delay_minutes: &'static str,
    pub delay_seconds: &'static str,
    pub live_note: &'static str,
    pub live_outside_hours: &'static str,
    pub live_offline_since: &'static str,
    pub live_offline: &'static str,
    /// The first screen's card when no camera is sending.
    pub live_all_offline_since: &'static str,
    pub live_all_offline: &'static str,
    /// A live camera with no frame as old as the delay yet.
    pub live_not_yet: &'static str,
    pub live_proof_title: &'static str,
    pub live_last_frame: &'static str,
    pub live_never: &'static str,
    pub live_uptime: &'static str,
    /// Instead of the uptime, while a camera has been connected for minutes only.
    pub live_just_connected: &'static str,
    pub live_area_covered: &'static str,
    pub live_area_missing: &'static str,
    pub live_areas_note: &'static str,
    pub live_areas_label: &'static str,
    pub live_no_cameras: &'static str,
    pub live_taken_at: &'static str,
    pub live_full_screen: &'static str,
    pub live_frame_alt: &'static str,
    /// The button that starts the delayed video where it waits for a tap (Save-Data, a slow connection).
    pub live_play: &'static str,
    pub area_rough_prep: &'static str,
    pub area_cutting: &'static str,
    pub area_cooking: &'static str,
    pub area_special_room: &'static str,
    pub area_washing: &'static str,
    pub area_portioning: &'static str,
    pub area_storeroom: &'static str,
    pub drafts_waiting: &'static str,
    /// A school canteen's first screen: the row of links to parents' pages, by [`crate::SchoolPage::ALL`].
    pub parents_label: &'static str,
    pub parents_links: [&'static str; 4],
}

/// The words of the kitchen's own records. Words of an enum are tables in its variants' order
/// (`kinds[RecordKind::Samples as usize]`), so drawing them costs no branch. Templates hold `{n}` and,
/// where said, `{time}`, `{who}`, `{dish}`, `{min}`, `{what}`.
pub struct KitchenWords {
    /// "今日后厨".
    pub title: &'static str,
    /// "单位自行记录，监管部门未逐条核验".
    pub note: &'static str,
    /// The card of a unit that has never kept a record here.
    pub none_kept: &'static str,
    /// The card's link to the day's page.
    pub see_records: &'static str,
    /// By [`crate::kitchen::RecordKind`].
    pub kinds: [&'static str; 6],
    /// By [`crate::kitchen::KindState`].
    pub states: [&'static str; 6],
    /// A line's figure, by kind: "{n} 人".
    pub counts: [&'static str; 6],
    pub problems: &'static str,
    pub not_fit: &'static str,
    pub missing_meals: &'static str,
    /// `{time}`.
    pub due_by: &'static str,
    pub records: &'static str,
    pub roster: &'static str,
    /// By [`crate::kitchen::CertificateState`]: valid, expiring, expired, not yet valid.
    pub certificates: [&'static str; 4],
    pub expiring_days: &'static str,
    /// By [`crate::kitchen::Post`].
    pub posts: [&'static str; 9],
    pub late: &'static str,
    /// A record's version in its trail: "第 {n} 版".
    pub version: &'static str,
    pub at: &'static str,
    pub source: &'static str,
    pub findings: &'static str,
    /// By [`crate::kitchen::Outcome`].
    pub outcomes: [&'static str; 4],
    /// By [`crate::kitchen::Meal`].
    pub meals: [&'static str; 4],
    pub meal: &'static str,
    pub menu: &'static str,
    pub grams: &'static str,
    pub taken_by: &'static str,
    pub disposed_by: &'static str,
    pub photo: &'static str,
    /// By [`crate::kitchen::Target`].
    pub targets: [&'static str; 5],
    /// By [`crate::kitchen::Method`].
    pub methods: [&'static str; 6],
    pub target: &'static str,
    pub method: &'static str,
    pub by: &'static str,
    pub values: [&'static str; 3],
    pub sample: &'static str,
    pub inhibition: &'static str,
    pub result: &'static str,
    pub action: &'static str,
    /// By [`crate::kitchen::BatchAction`].
    pub actions: [&'static str; 4],
    pub not_stated: &'static str,
    pub item: &'static str,
    pub quantity: &'static str,
    pub batch: &'static str,
    pub shelf_life: &'static str,
    pub supplier: &'static str,
    pub licence: &'static str,
    /// By [`crate::kitchen::Level`].
    pub levels: [&'static str; 3],
    pub level: &'static str,
    pub inspection_findings: &'static str,
    pub problems_found: &'static str,
    /// A self-inspection's result with the number of problems: "发现 {n} 个问题".
    pub problems_count: &'static str,
}

/// The words of the kitchen's day and record pages (今日后厨 beyond the first screen's card), which the
/// server paints and the staff apps draw: apart from [`KitchenWords`], so that the app every visitor
/// loads does not carry them.
pub struct KitchenPageWords {
    /// A record or a day the public cannot open: "{n}" is the days shown.
    pub not_found: &'static str,
    /// The day's page's heading.
    pub day_title: &'static str,
    /// "近 {n} 天".
    pub calendar: &'static str,
    /// By [`crate::kitchen::Completeness`].
    pub completeness: [&'static str; 6],
    pub no_records: &'static str,
    pub roster_on: &'static str,
    /// A person, a device.
    pub sources: [&'static str; 2],
    /// A corrected record's mark: "已更正 (第 {n} 版)".
    pub corrected: &'static str,
    pub entered: &'static str,
    pub versions: &'static str,
    pub no_findings: &'static str,
    pub people: &'static str,
    pub sampled: &'static str,
    pub keep_until: &'static str,
    /// By [`crate::kitchen::Measure`]: its name, and a value with its unit.
    pub measures: [&'static str; 3],
    /// A duration in whole minutes.
    pub minutes: &'static str,
    pub negative: &'static str,
    pub positive: &'static str,
    /// By [`crate::kitchen::Finding`], in its variants' order.
    pub finding_words: [&'static str; 14],
}

/// The words of alerts and sensors. `{n}`, `{m}` counts, `{t}` a temperature, `{ago}` a time ago.
pub struct WatchWords {
    /// By [`crate::watch::AlertCategory`], in [`crate::watch::AlertCategory::ALL`]'s order.
    pub categories: [&'static str; 10],
    /// By [`crate::watch::SensorKind`], in [`crate::watch::SensorKind::ALL`]'s order.
    pub sensor_kinds: [&'static str; 5],
    /// By [`crate::watch::AlertState`], in its variants' order (new is 待核实).
    pub states: [&'static str; 5],
    /// By [`crate::watch::SensorState`], in its variants' order.
    pub sensor_states: [&'static str; 3],
    /// By [`crate::watch::AnswerProblem`], in its variants' order.
    pub answer_problems: [&'static str; 3],
    /// The kitchen view's section.
    pub title: &'static str,
    pub note: &'static str,
    pub heading_category: &'static str,
    pub heading_alerts: &'static str,
    pub heading_in_time: &'static str,
    pub heading_confirmed: &'static str,
    pub heading_open: &'static str,
    pub total: &'static str,
    pub sensors_title: &'static str,
    pub no_sensors: &'static str,
    pub in_range_share: &'static str,
    pub range: &'static str,
    pub chart_label: &'static str,
    pub never_read: &'static str,
    pub minutes_ago: &'static str,
    pub hours_ago: &'static str,
    pub just_now: &'static str,
}

/// The first screen's line about alerts and sensors: few words, apart from [`WatchWords`], so the app
/// every visitor loads carries only these. `{n}` a count, `{m}` the period's days.
pub struct WatchBriefWords {
    pub alerts: &'static str,
    pub in_time: &'static str,
    pub open: &'static str,
    pub none: &'static str,
    pub sensors: &'static str,
    pub sensors_bad: &'static str,
    pub sensors_fine: &'static str,
}

/// An alert's card as the owner and the regulator see it. `{n}` a count, `{t}` a time or a temperature,
/// `{who}` the regulator who overruled.
pub struct WatchStaffWords {
    /// By [`crate::watch::Verdict`]: confirmed, false alarm.
    pub verdicts: [&'static str; 2],
    pub camera: &'static str,
    pub removed: &'static str,
    pub confidence: &'static str,
    pub sightings: &'static str,
    pub worst: &'static str,
    pub due_by: &'static str,
    pub hours_left: &'static str,
    pub minutes_left: &'static str,
    pub overdue_by: &'static str,
    pub snapshot: &'static str,
    pub answered_at: &'static str,
    pub answered_late: &'static str,
    pub answer_photo: &'static str,
    pub overruled: &'static str,
}

impl WatchWords {
    pub fn category(&self, c: crate::watch::AlertCategory) -> &'static str {
        self.categories[c as usize]
    }

    pub fn sensor_kind(&self, k: crate::watch::SensorKind) -> &'static str {
        self.sensor_kinds[k as usize]
    }

    pub fn state(&self, s: crate::watch::AlertState) -> &'static str {
        self.states[s as usize]
    }

    pub fn sensor_state(&self, s: crate::watch::SensorState) -> &'static str {
        self.sensor_states[s as usize]
    }
}

/// The words of an inspection's whole record sheet (监督检查结果记录表), which the server alone paints:
/// apart from [`LookStrings`], so that the app every visitor loads does not carry them.
pub struct SheetWords {
    pub sheet_title: &'static str,
    /// An inspection the unit does not have.
    pub sheet_missing_title: &'static str,
    pub sheet_missing_body: &'static str,
    pub sheet_no: &'static str,
    pub nth_this_year: &'static str,
    pub inspection_date: &'static str,
    pub inspectors: &'static str,
    pub items_checked: &'static str,
    pub items_checked_value: &'static str,
    pub key_items: &'static str,
    pub general_items: &'static str,
    pub problems_none: &'static str,
    pub fix_deadline: &'static str,
    pub fix_verified_on: &'static str,
    pub fix_not_verified: &'static str,
    pub operator_comments: &'static str,
}

/// The words of 食安地图's near-me page (`/near`; the server paints it).
#[derive(Debug)]
pub struct NearWords {
    /// The grade filter's faces, with the national scheme's word for each.
    pub big_smile: &'static str,
    pub smile: &'static str,
    pub flat: &'static str,
    /// The page's heading and title.
    pub title: &'static str,
    pub intro: &'static str,
    pub locate: &'static str,
    pub locate_why: &'static str,
    pub locating: &'static str,
    pub locate_failed: &'static str,
    pub choose: &'static str,
    pub region: &'static str,
    pub my_position: &'static str,
    pub any_region: &'static str,
    pub kind: &'static str,
    pub any_kind: &'static str,
    pub grade: &'static str,
    pub any_grade: &'static str,
    pub show: &'static str,
    pub results_near_you: &'static str,
    pub results_in_region: &'static str,
    pub away: &'static str,
    pub none_found: &'static str,
    pub map_label: &'static str,
    pub you: &'static str,
    pub middle: &'static str,
    pub open_map: &'static str,
    pub today: &'static str,
    pub today_fine: &'static str,
    pub today_attention: &'static str,
    pub today_missing: &'static str,
    /// Records kept here, none due yet today.
    pub today_nothing_due: &'static str,
    pub today_none: &'static str,
    pub bad_position: &'static str,
    pub unknown_region: &'static str,
    pub bad_filter: &'static str,
}

/// The words of a district's figures (`/r/{region}`; the server paints it). Slots: `{region}` a region's
/// name, `{date}` a day, `{n}` a count, `{met}`/`{all}` the two counts of a share.
#[derive(Debug)]
pub struct DistrictWords {
    pub title: &'static str,
    pub as_of: &'static str,
    pub intro: &'static str,
    pub part_of: &'static str,
    /// The regions inside a city (its counties), inside a county (its stations).
    pub parts_city: &'static str,
    pub parts_county: &'static str,
    pub units_n: &'static str,
    pub near_link: &'static str,
    pub units_h: &'static str,
    pub grades_h: &'static str,
    pub kinds_h: &'static str,
    pub work_h: &'static str,
    pub work_note: &'static str,
    pub overdue: &'static str,
    pub overdue_note: &'static str,
    pub expiring: &'static str,
    pub licences_n: &'static str,
    pub expired_note: &'static str,
    pub reports: &'static str,
    pub reports_n: &'static str,
    pub per_month: &'static str,
    pub decided: &'static str,
    pub decided_note: &'static str,
    pub of_counted: &'static str,
    pub none_yet: &'static str,
    pub days: &'static str,
    pub days_n: &'static str,
    pub days_note: &'static str,
    /// After a number of days in a chart's spoken values.
    pub days_unit: &'static str,
    pub alerts: &'static str,
    pub alerts_note: &'static str,
}

/// The words of parents' pages of a school canteen: the week's menu, 陪餐, meal fees, the term's survey.
/// Slots: `{n}` a count or an amount, `{day}` a weekday, `{date}` a day, `{min}`/`{max}`/`{all}` figures.
pub struct ParentsWords {
    /// Monday first.
    pub weekdays: [&'static str; 7],
    /// By [`crate::school::Term`]'s `autumn`: spring, autumn.
    pub terms: [&'static str; 2],
    pub school_voice: &'static str,
    pub published_on: &'static str,
    pub yuan: &'static str,
    pub menu_title: &'static str,
    pub week_range: &'static str,
    pub week_days_label: &'static str,
    pub menu_not_published: &'static str,
    pub dark: &'static str,
    pub photo_taken: &'static str,
    pub photo_alt: &'static str,
    pub demo_photo: &'static str,
    pub nutrition_title: &'static str,
    pub few_vegetables: &'static str,
    pub few_dark: &'static str,
    pub no_milk: &'static str,
    pub little_milk: &'static str,
    pub fine_days: &'static str,
    pub nutrition_disclaimer: &'static str,
    pub suppliers_title: &'static str,
    pub suppliers_note: &'static str,
    pub no_suppliers: &'static str,
    pub other_weeks: &'static str,
    pub week_of: &'static str,
    pub meals_title: &'static str,
    pub meals_note: &'static str,
    pub meals_share: &'static str,
    pub meals_none: &'static str,
    pub no_record: &'static str,
    /// By [`crate::school::CompanionRole`].
    pub roles: [&'static str; 4],
    /// Taste, quantity, temperature, hygiene.
    pub scores: [&'static str; 4],
    pub score_scale: &'static str,
    pub fees_title: &'static str,
    pub fees_none: &'static str,
    /// By [`crate::school::FeePer`]: a day, a term.
    pub fee_per: [&'static str; 2],
    pub fee: &'static str,
    pub income: &'static str,
    pub spending: &'static str,
    /// Ingredients, staff, other.
    pub spending_kinds: [&'static str; 3],
    pub total: &'static str,
    pub food_share: &'static str,
    pub food_share_note: &'static str,
    pub deficit: &'static str,
    pub school_note: &'static str,
    pub survey_title: &'static str,
    pub survey_none: &'static str,
    pub survey_not_open: &'static str,
    pub survey_open: &'static str,
    pub survey_answer: &'static str,
    pub survey_answered: &'static str,
    pub survey_closed: &'static str,
    /// By [`crate::school::QUESTIONS`].
    pub questions: [&'static str; 5],
    pub satisfied: &'static str,
    pub satisfied_note: &'static str,
    pub score_count: &'static str,
    pub texts_title: &'static str,
    pub texts_note: &'static str,
    pub no_texts: &'static str,
    pub response_title: &'static str,
    pub no_response: &'static str,
    pub previous_title: &'static str,
}
/// A parent's answer to the term's survey of a school canteen. `{from}` and `{to}` the survey's first and
/// last day.
pub struct SurveyFormWords {
    pub title: &'static str,
    pub intro: &'static str,
    pub not_school: &'static str,
    pub none: &'static str,
    pub not_yet: &'static str,
    pub closed: &'static str,
    pub answered: &'static str,
    pub results: &'static str,
    /// By [`crate::school::QUESTIONS`]' order.
    pub questions: [&'static str; 5],
    /// The scale's lowest and highest end.
    pub low: &'static str,
    pub high: &'static str,
    pub text_label: &'static str,
    pub text_hint: &'static str,
    pub score_missing: &'static str,
    pub sent: &'static str,
    pub sent_short: &'static str,
    /// An answer the server did not take: this phone had answered before.
    pub before_short: &'static str,
    pub discard: &'static str,
}

/// The kitchen's words only the staff app uses (the visitors' app never links them in).
pub struct KitchenStaffWords {
    /// By [`crate::kitchen::Symptom`].
    pub symptoms: [&'static str; 5],
    /// By [`crate::kitchen::Attention`], in its variants' order (`{n}` a count, `{level}` a self-inspection).
    pub attention: [&'static str; 6],
    /// By [`crate::kitchen::InputProblem`], in [`crate::kitchen::InputProblem::ALL`]'s order.
    pub input_problems: [&'static str; 17],
}

impl Strings {
    pub fn smiley(&self, smiley: crate::Smiley) -> &'static str {
        match smiley {
            crate::Smiley::Satisfied => self.smiley_satisfied,
            crate::Smiley::Neutral => self.smiley_neutral,
            crate::Smiley::Unsatisfied => self.smiley_unsatisfied,
        }
    }

    pub fn error(&self, code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::NotFound => self.not_found_title,
            ErrorCode::BadRequest => self.error_bad_request,
            ErrorCode::RateLimited => self.error_rate_limited,
            ErrorCode::Internal | ErrorCode::Unavailable => self.error_server,
            ErrorCode::UnsupportedImage => self.error_unsupported_image,
            ErrorCode::ImageTooLarge => self.error_image_too_large,
            ErrorCode::ImageDamaged => self.error_image_damaged,
            ErrorCode::InvalidReport | ErrorCode::InvalidRecord | ErrorCode::Conflict => self.error_bad_request,
            ErrorCode::IdempotencyKeyReused | ErrorCode::UnknownPhoto | ErrorCode::InvalidVideo => self.error_bad_request,
            ErrorCode::TooFast => self.error_too_fast,
            ErrorCode::VoteTooSoon => self.error_vote_too_soon,
            ErrorCode::OutsideHours => self.error_outside_hours,
            ErrorCode::NoFrame => self.error_no_frame,
            ErrorCode::StorageFull => self.error_storage_full,
            // The staff app words these itself; the diners' apps never meet them.
            ErrorCode::Unauthorized | ErrorCode::Forbidden | ErrorCode::SignInFailed | ErrorCode::LockedOut | ErrorCode::CsrfRejected => {
                self.error_unauthorized
            }
            ErrorCode::InvalidImport => self.error_bad_request,
        }
    }

    pub fn report_status(&self, status: ReportStatus) -> &'static str {
        match status {
            ReportStatus::Submitted => self.status_submitted,
            ReportStatus::Accepted => self.status_accepted,
            ReportStatus::NotAccepted => self.status_not_accepted,
            ReportStatus::InProgress => self.status_in_progress,
            ReportStatus::Closed => self.status_closed,
        }
    }

    pub fn message_status(&self, status: MessageStatus) -> &'static str {
        match status {
            MessageStatus::Sent => self.mstatus_sent,
            MessageStatus::Read => self.mstatus_read,
            MessageStatus::Replied => self.mstatus_replied,
        }
    }

    pub fn report_category_name(&self, category: ReportCategory) -> &'static str {
        match category {
            ReportCategory::NoMask => self.category_no_mask,
            ReportCategory::NoHat => self.category_no_hat,
            ReportCategory::NoUniform => self.category_no_uniform,
            ReportCategory::NoGloves => self.category_no_gloves,
            ReportCategory::Smoking => self.category_smoking,
            ReportCategory::PhoneUse => self.category_phone_use,
            ReportCategory::Pests => self.category_pests,
            ReportCategory::UncoveredBin => self.category_uncovered_bin,
            ReportCategory::StandingWater => self.category_standing_water,
            ReportCategory::ImproperStorage => self.category_improper_storage,
            ReportCategory::ExpiredFood => self.category_expired_food,
            ReportCategory::Unlicensed => self.category_unlicensed,
            ReportCategory::Other => self.category_other,
        }
    }
}

impl LookStrings {
    pub fn not_graded_reason(&self, reason: NotGradedReason) -> &'static str {
        match reason {
            NotGradedReason::NewLicence => self.reason_new_licence,
            NotGradedReason::Incident => self.reason_incident,
            NotGradedReason::BelowThreshold => self.reason_below_threshold,
            NotGradedReason::NotInspected => self.reason_not_inspected,
            NotGradedReason::Unavailable => self.reason_unavailable,
        }
    }
    pub fn inspection_kind(&self, kind: InspectionKind) -> &'static str {
        match kind {
            InspectionKind::Routine => self.kind_routine,
            InspectionKind::Unannounced => self.kind_unannounced,
            InspectionKind::System => self.kind_system,
            InspectionKind::Special => self.kind_special,
        }
    }
    pub fn credit_code_check(&self, check: CreditCodeCheck) -> &'static str {
        match check {
            CreditCodeCheck::Valid => self.credit_code_verified,
            CreditCodeCheck::CheckFailed => self.credit_code_check_failed,
            CreditCodeCheck::NotACreditCode => self.credit_code_not_a_code,
        }
    }
    pub fn unit_kind(&self, kind: UnitKind) -> &'static str {
        match kind {
            UnitKind::SchoolCanteen => self.unit_school_canteen,
            UnitKind::KindergartenCanteen => self.unit_kindergarten_canteen,
            UnitKind::LargeRestaurant => self.unit_large_restaurant,
            UnitKind::CentralKitchen => self.unit_central_kitchen,
            UnitKind::MealSupplier => self.unit_meal_supplier,
            UnitKind::StaffCanteen => self.unit_staff_canteen,
        }
    }
    pub fn result(&self, result: InspectionResult) -> &'static str {
        match result {
            InspectionResult::Compliant => self.result_compliant,
            InspectionResult::BasicallyCompliant => self.result_basically,
            InspectionResult::NonCompliant => self.result_non_compliant,
        }
    }
    pub fn kitchen_area(&self, area: KitchenArea) -> &'static str {
        match area {
            KitchenArea::RoughPrep => self.area_rough_prep,
            KitchenArea::Cutting => self.area_cutting,
            KitchenArea::Cooking => self.area_cooking,
            KitchenArea::SpecialRoom => self.area_special_room,
            KitchenArea::Washing => self.area_washing,
            KitchenArea::Portioning => self.area_portioning,
            KitchenArea::Storeroom => self.area_storeroom,
        }
    }
    /// The licence badge's words: "有效", "90 天内到期（剩 30 天）", "已过期 12 天".
    pub fn licence_status(&self, status: LicenceStatus) -> String {
        match status {
            LicenceStatus::Valid { .. } => self.licence_valid.to_owned(),
            LicenceStatus::ExpiringSoon { days_left } => fill(self.licence_expiring, days_left),
            LicenceStatus::Expired { days_ago } => fill(self.licence_expired, days_ago),
        }
    }
    pub fn outcome(&self, outcome: InspectionOutcome) -> &'static str {
        match outcome {
            InspectionOutcome::Passed => self.outcome_passed,
            InspectionOutcome::FixByDeadline => self.outcome_fix,
            InspectionOutcome::StopOperating => self.outcome_stop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn slots_are_filled_in_one_pass() {
        assert_eq!(fill_slots("{a} and {b}, {c} {", &[("{a}", "{b}"), ("{b}", "x")]), "{b} and x, {c} {");
        assert_eq!(fill("{n} 道菜", "{n}"), "{n} 道菜");
    }

    #[test]
    fn dates_in_each_language() {
        assert_eq!(Lang::Zh.date(day("2026-11-29")), "2026年11月29日");
        assert_eq!(Lang::En.date(day("2026-11-29")), "29 Nov 2026");
        assert_eq!(Lang::En.date(day("2026-01-05")), "5 Jan 2026");
    }

    #[test]
    fn relative_time() {
        let today = day("2026-11-29");
        assert_eq!(Lang::Zh.ago(today, today), "今天");
        assert_eq!(Lang::Zh.ago(day("2026-11-26"), today), "3 天前");
        assert_eq!(Lang::En.ago(day("2026-11-28"), today), "1 day ago");
        assert_eq!(Lang::Zh.ago(day("2026-08-20"), today), "3 个月前");
        assert_eq!(Lang::En.ago(day("2025-10-01"), today), "1 year ago");
        assert_eq!(Lang::En.ago(day("2023-10-01"), today), "3 years ago");
    }

    #[test]
    fn cookie_header_names_the_language() {
        assert_eq!(Lang::from_cookie_header("a=b; mc_lang=en; c=d"), Some(Lang::En));
        assert_eq!(Lang::from_cookie_header("mc_lang=zh"), Some(Lang::Zh));
        assert_eq!(Lang::from_cookie_header("mc_lang=fr"), None);
        assert_eq!(Lang::from_cookie_header("xmc_lang=en"), None);
        assert_eq!(Lang::from_cookie_header(""), None);
    }

    #[test]
    fn templates_keep_their_placeholders() {
        // A template without its placeholder would silently drop the number.
        for lang in [Lang::Zh, Lang::En] {
            let (t, lk) = (lang.t(), lang.look());
            for (name, template) in [
                ("licence_expiring", lk.licence_expiring),
                ("licence_expired", lk.licence_expired),
                ("not_inspected_for", lk.not_inspected_for),
                ("inspections_total", lk.inspections_total),
                ("nth_this_year", lang.sheet().nth_this_year),
                ("items_checked_value", lang.sheet().items_checked_value),
                ("problems_count", lk.problems_count),
                ("score", lk.score),
                ("days_ago", t.days_ago),
                ("months_ago", t.months_ago),
                ("years_ago", t.years_ago),
                ("annual_year", lk.annual_year),
                ("ratings_count", t.ratings_count),
                ("ratings_held", t.ratings_held),
            ] {
                assert!(template.contains("{n}"), "{lang:?}.{name} lacks {{n}}");
            }
            for (name, template) in [("graded_on", lk.graded_on), ("not_graded_until", lk.not_graded_until)] {
                assert!(template.contains("{date}"), "{lang:?}.{name} lacks {{date}}");
            }
        }
    }
}
