//! Open data (issue 17): the public records in bulk for anyone to reuse — units, their licences, grades
//! and inspections, each as JSON and as CSV, linked by the unit's `code`. Only what the regulator
//! publishes about a business: no person's name (legal representative, supervising officers, signer,
//! inspectors, contact person), no home address (住所), no ID number, nothing diners, staff or devices
//! sent. The rows here are the files' rows; [`OpenDataIndex`] is `GET /api/open-data`.

use serde::{Deserialize, Serialize};

use crate::Day;

/// The licence every file is given under, stated in the index and in every JSON file.
pub const OPEN_DATA_LICENCE: &str = "CC BY 4.0 — 来源：明厨 / 市场监督管理局公开记录";
/// The licence's text.
pub const OPEN_DATA_LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

/// The four data sets, each a JSON and a CSV file.
pub const OPEN_DATA_SETS: [&str; 4] = ["units", "licences", "grades", "inspections"];

/// A data set's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpenDataFormat {
    /// `{"licence", "licence_url", "generated_at", "items": [row…]}`, each row a flat object.
    Json,
    /// UTF-8 with a byte-order mark (so spreadsheet programs read Chinese right), a header row, RFC 4180.
    Csv,
}

impl OpenDataFormat {
    pub fn extension(self) -> &'static str {
        match self {
            OpenDataFormat::Json => "json",
            OpenDataFormat::Csv => "csv",
        }
    }
}

/// `GET /api/open-data`: what can be downloaded, under which licence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataIndex {
    /// [`OPEN_DATA_LICENCE`].
    pub licence: String,
    pub licence_url: String,
    /// When they are made: at start, once a day and soon after every import.
    pub schedule: String,
    pub files: Vec<OpenDataFile>,
}

/// One downloadable file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataFile {
    /// `units.csv`: fetched at `/api/open-data/{name}`.
    pub name: String,
    /// `units`, `licences`, `grades` or `inspections`.
    pub dataset: String,
    pub format: OpenDataFormat,
    /// Rows (CSV, without the header) or items (JSON).
    pub rows: u32,
    pub bytes: u64,
    /// When its content was made (RFC 3339, UTC): its `Last-Modified`. A regeneration that finds the
    /// same records keeps the time.
    pub generated_at: String,
    pub columns: Vec<OpenDataColumn>,
}

/// A column (CSV) or field (JSON) of a data set's rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDataColumn {
    pub name: String,
    pub description: String,
}

/// A JSON file: the licence, when it was made, and its rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenDataJson<T> {
    pub licence: String,
    pub licence_url: String,
    pub generated_at: String,
    pub items: Vec<T>,
}

/// `units`: one row per unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub phone: Option<String>,
    pub lng: Option<f64>,
    pub lat: Option<f64>,
    pub region: String,
}

pub const UNIT_ROW_COLUMNS: &[(&str, &str)] = &[
    ("code", "单位编码 the unit's code, as in /u/{code} and every other file"),
    ("name", "单位名称 name"),
    ("kind", "类型 kind: school_canteen, kindergarten_canteen, large_restaurant, central_kitchen, meal_supplier, staff_canteen"),
    ("address", "地址 address"),
    ("phone", "电话 the unit's public phone for diners (empty when none)"),
    ("lng", "经度 longitude, GCJ-02 (empty when unknown)"),
    ("lat", "纬度 latitude, GCJ-02 (empty when unknown)"),
    ("region", "辖区 the county (371502) or station (371502-01) code; empty when not told"),
];

/// `licences`: one row per unit with a food business licence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceRow {
    pub unit_code: String,
    pub number: String,
    pub operator_name: String,
    pub credit_code: Option<String>,
    pub premises: String,
    pub business_type: String,
    pub activities: String,
    pub valid_until: Day,
    pub issued_on: Day,
    pub issuer: String,
    pub hotline: String,
    pub supervising_office: Option<String>,
}

pub const LICENCE_ROW_COLUMNS: &[(&str, &str)] = &[
    ("unit_code", "单位编码 the unit's code"),
    ("number", "许可证编号 licence number"),
    ("operator_name", "经营者名称 the licensee"),
    ("credit_code", "统一社会信用代码 unified social credit code; empty when the licence shows a (masked) ID number instead"),
    ("premises", "经营场所 premises"),
    ("business_type", "主体业态 business type"),
    ("activities", "经营项目 activities, separated by ；"),
    ("valid_until", "有效期至 valid until (YYYY-MM-DD, inclusive)"),
    ("issued_on", "发证日期 issued on (YYYY-MM-DD)"),
    ("issuer", "发证机关 issuing authority"),
    ("hotline", "投诉举报电话 complaints hotline"),
    ("supervising_office", "日常监督管理机构 supervising office (older licences; empty otherwise)"),
];

/// `grades`: one row per unit, its official food-safety grade (量化分级) as published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeRow {
    pub unit_code: String,
    pub scheme: String,
    pub scheme_name_zh: String,
    pub state: String,
    pub level: Option<String>,
    pub level_zh: Option<String>,
    pub score: Option<u32>,
    pub graded_on: Option<Day>,
    pub not_graded_reason: Option<String>,
    pub not_graded_until: Option<Day>,
    pub annual_letter: Option<String>,
    pub annual_year: Option<i32>,
}

pub const GRADE_ROW_COLUMNS: &[(&str, &str)] = &[
    ("unit_code", "单位编码 the unit's code"),
    ("scheme", "评级方案 the grading scheme's key, e.g. national-smiley"),
    ("scheme_name_zh", "评级方案名称 the scheme's name"),
    ("state", "graded, or not_graded"),
    ("level", "动态等级 the level's key, e.g. excellent, good, fair (graded only)"),
    ("level_zh", "动态等级 the level's name, e.g. 优秀 (graded only)"),
    ("score", "评分 the score the grade was given for, when published"),
    ("graded_on", "评定日期 graded on (YYYY-MM-DD; graded only)"),
    ("not_graded_reason", "未评级原因 new_licence, incident, below_threshold, not_inspected or unavailable (not graded only)"),
    ("not_graded_until", "until when no grade is given, when known"),
    ("annual_letter", "年度等级 the annual grade: A, B or C, when published"),
    ("annual_year", "年度 the year of the annual grade"),
];

/// `inspections`: one row per supervision inspection (监督检查).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionRow {
    pub unit_code: String,
    pub id: i64,
    pub date: Day,
    pub kind: String,
    pub sheet_no: String,
    pub nth_this_year: u32,
    pub items_checked: u32,
    pub key_items_checked: u32,
    pub key_problems: u32,
    pub general_problems: u32,
    pub problem_items: String,
    pub result: String,
    pub outcome: String,
    pub fix_deadline: Option<Day>,
    pub fix_verified_on: Option<Day>,
    pub score: Option<u32>,
}

pub const INSPECTION_ROW_COLUMNS: &[(&str, &str)] = &[
    ("unit_code", "单位编码 the unit's code"),
    ("id", "the inspection's id: its sheet is /api/units/{unit_code}/inspections/{id}"),
    ("date", "检查日期 date (YYYY-MM-DD)"),
    ("kind", "检查类型 routine, unannounced, system or special"),
    ("sheet_no", "检查记录表编号 the sheet's number"),
    ("nth_this_year", "本年度第几次检查 the unit's nth inspection this year"),
    ("items_checked", "检查项目数 checklist items checked"),
    ("key_items_checked", "重点项数 of which key items"),
    ("key_problems", "重点项问题数 key items with a problem"),
    ("general_problems", "一般项问题数 general items with a problem"),
    ("problem_items", "问题项 the numbers of the items with a problem, key items first, separated by ;"),
    ("result", "检查结果 compliant, basically_compliant or non_compliant"),
    ("outcome", "结果处理 passed, fix_by_deadline or stop_operating"),
    ("fix_deadline", "整改期限 the deadline of an order to fix (YYYY-MM-DD), when given"),
    ("fix_verified_on", "整改复查日期 when the fix was confirmed, when it was"),
    ("score", "评分 the score, when published"),
];

/// A data set's columns, by its name.
pub fn open_data_columns(dataset: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match dataset {
        "units" => Some(UNIT_ROW_COLUMNS),
        "licences" => Some(LICENCE_ROW_COLUMNS),
        "grades" => Some(GRADE_ROW_COLUMNS),
        "inspections" => Some(INSPECTION_ROW_COLUMNS),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a row serializes, sorted.
    fn keys<T: Serialize>(row: &T) -> Vec<String> {
        let mut keys: Vec<String> = match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        };
        keys.sort();
        keys
    }

    fn names(columns: &[(&str, &str)]) -> Vec<String> {
        let mut names: Vec<String> = columns.iter().map(|(n, _)| (*n).to_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn every_field_is_described() {
        let day: Day = "2026-11-29".parse().unwrap();
        let unit = UnitRow {
            code: String::new(),
            name: String::new(),
            kind: String::new(),
            address: String::new(),
            phone: None,
            lng: None,
            lat: None,
            region: String::new(),
        };
        assert_eq!(keys(&unit), names(UNIT_ROW_COLUMNS));
        let licence = LicenceRow {
            unit_code: String::new(),
            number: String::new(),
            operator_name: String::new(),
            credit_code: None,
            premises: String::new(),
            business_type: String::new(),
            activities: String::new(),
            valid_until: day,
            issued_on: day,
            issuer: String::new(),
            hotline: String::new(),
            supervising_office: None,
        };
        assert_eq!(keys(&licence), names(LICENCE_ROW_COLUMNS));
        let grade = GradeRow {
            unit_code: String::new(),
            scheme: String::new(),
            scheme_name_zh: String::new(),
            state: String::new(),
            level: None,
            level_zh: None,
            score: None,
            graded_on: None,
            not_graded_reason: None,
            not_graded_until: None,
            annual_letter: None,
            annual_year: None,
        };
        assert_eq!(keys(&grade), names(GRADE_ROW_COLUMNS));
        let inspection = InspectionRow {
            unit_code: String::new(),
            id: 0,
            date: day,
            kind: String::new(),
            sheet_no: String::new(),
            nth_this_year: 0,
            items_checked: 0,
            key_items_checked: 0,
            key_problems: 0,
            general_problems: 0,
            problem_items: String::new(),
            result: String::new(),
            outcome: String::new(),
            fix_deadline: None,
            fix_verified_on: None,
            score: None,
        };
        assert_eq!(keys(&inspection), names(INSPECTION_ROW_COLUMNS));
        for set in OPEN_DATA_SETS {
            assert!(open_data_columns(set).is_some(), "{set}");
        }
    }
}
