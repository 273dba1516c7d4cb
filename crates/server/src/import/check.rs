//! The rules an imported record must keep beyond its shape: the checks a reader of the page relies on
//! (codes, regions, licence numbers, days that make sense, grades that exist) and what the store needs
//! (unique codes, sheet numbers and camera keys). Each problem names its field; all are reported.

use std::collections::HashMap;

use mingchu_types::{parse_licence_number, Day, GradeScheme, ImportProblem, Inspection, InspectionOutcome, Licence, Location, Unit};

use super::record::ImportRecord;
use crate::cameras::MAX_DELAY_SECS;
use crate::hours::PublicHours;
use crate::store::{DynamicGradeData, GradeData};

/// What a record is checked against.
pub struct Rules<'a> {
    /// The schemes a grade may name.
    pub schemes: &'a [GradeScheme],
    /// Nothing the regulator did can be later than today (China time).
    pub today: Day,
}

/// Collects problems, each under the record's own prefix (`units[3].` in a file, nothing in a `PUT`).
pub struct Problems<'a> {
    prefix: &'a str,
    pub list: &'a mut Vec<ImportProblem>,
}

impl<'a> Problems<'a> {
    pub fn new(prefix: &'a str, list: &'a mut Vec<ImportProblem>) -> Problems<'a> {
        Problems { prefix, list }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.list.push(ImportProblem::new(format!("{}{field}", self.prefix), message));
    }
}

/// A unit's public code, e.g. `lc-dcf-0012`: city (2–4 letters), district (1–6 letters), 4 digits. It is
/// printed in QR placards and URLs, so it is lower-case ASCII only.
pub fn unit_code_ok(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let letters = |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
    matches!(parts.as_slice(), [city, district, number]
        if letters(city, 2, 4) && letters(district, 1, 6) && number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()))
}

/// A region: a 6-digit county code, optionally followed by `-` and a 2-digit grassroots station.
pub fn region_ok(region: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match region.split_once('-') {
        None => digits(region, 6),
        Some((county, station)) => digits(county, 6) && digits(station, 2),
    }
}

/// GCJ-02 coordinates only exist for China: a point outside its bounding box is a mistake (often
/// longitude and latitude swapped).
pub fn location_problem(location: &Location) -> Option<(&'static str, String)> {
    if !(73.0..=136.0).contains(&location.lng) {
        return Some(("lng", format!("{} is not a longitude in China (73–136)", location.lng)));
    }
    if !(3.0..=54.0).contains(&location.lat) {
        return Some(("lat", format!("{} is not a latitude in China (3–54)", location.lat)));
    }
    None
}

/// A name the platform gives a camera, a person or a device's record: 1–64 characters of `A–Z a–z 0–9 . _ -`.
pub fn platform_key_ok(key: &str) -> bool {
    (1..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

const BLANK: &str = "must not be blank";

/// Who and where a unit is: what a JSON record and a CSV row both carry.
pub fn check_base(unit: &Unit, region: &str, p: &mut Problems) {
    if !unit_code_ok(&unit.code) {
        p.add("unit.code", format!("{:?} is not a unit code like lc-dcf-0012 (2–4 letters, 1–6 letters, 4 digits)", unit.code));
    }
    if unit.name.trim().is_empty() {
        p.add("unit.name", BLANK);
    } else if unit.name.chars().count() > 100 {
        p.add("unit.name", "is longer than 100 characters");
    }
    if unit.address.trim().is_empty() {
        p.add("unit.address", BLANK);
    }
    if let Some((field, message)) = unit.location.as_ref().and_then(location_problem) {
        p.add(&format!("unit.location.{field}"), message);
    }
    if !region_ok(region) {
        p.add("region", format!("{region:?} is not a region code: 6 digits, optionally -NN for a grassroots station (371502, 371502-03)"));
    }
}

/// Everything about one JSON record.
pub fn check_record(r: &ImportRecord, rules: &Rules, p: &mut Problems) {
    check_base(&r.unit, &r.region, p);
    if let Some(licence) = &r.licence {
        check_licence(licence, rules.today, p);
    }
    check_grade(&r.grade, rules, p);
    check_inspections(&r.inspections, rules.today, p);
    check_cameras(r, p);
    check_sensors(r, p);
}

fn check_licence(l: &Licence, today: Day, p: &mut Problems) {
    if parse_licence_number(&l.number).is_none() {
        p.add("licence.number", format!("{:?} is not a licence number: JY and 14 digits", l.number));
    }
    let required = [
        ("operator_name", &l.operator_name),
        ("credit_code", &l.credit_code),
        ("legal_representative", &l.legal_representative),
        ("residence", &l.residence),
        ("premises", &l.premises),
        ("business_type", &l.business_type),
        ("hotline", &l.hotline),
        ("issuer", &l.issuer),
    ];
    for (field, value) in required {
        if value.trim().is_empty() {
            p.add(&format!("licence.{field}"), BLANK);
        }
    }
    if l.activities.is_empty() || l.activities.iter().any(|a| a.trim().is_empty()) {
        p.add("licence.activities", "must list at least one activity, none blank");
    }
    if l.issued_on > today {
        p.add("licence.issued_on", format!("{} is after today ({today})", l.issued_on));
    }
    if l.valid_until < l.issued_on {
        p.add("licence.valid_until", format!("{} is before the licence was issued ({})", l.valid_until, l.issued_on));
    }
}

fn check_grade(g: &GradeData, rules: &Rules, p: &mut Problems) {
    let Some(scheme) = rules.schemes.iter().find(|s| s.key == g.scheme) else {
        let known: Vec<&str> = rules.schemes.iter().map(|s| s.key.as_str()).collect();
        p.add("grade.scheme", format!("unknown grade scheme {:?}; known: {}", g.scheme, known.join(", ")));
        return;
    };
    if let DynamicGradeData::Graded { level, score, graded_on } = &g.dynamic {
        if scheme.level(level).is_none() {
            let levels: Vec<&str> = scheme.levels.iter().map(|l| l.key.as_str()).collect();
            p.add("grade.dynamic.level", format!("scheme {} has no level {level:?}; its levels: {}", scheme.key, levels.join(", ")));
        }
        if score.is_some_and(|s| s > 100) {
            p.add("grade.dynamic.score", "must be at most 100");
        }
        if *graded_on > rules.today {
            p.add("grade.dynamic.graded_on", format!("{graded_on} is after today ({})", rules.today));
        }
    }
    if let Some(annual) = &g.annual {
        if !(2000..=rules.today.year()).contains(&annual.year) {
            p.add("grade.annual.year", format!("{} is not a year from 2000 to this year", annual.year));
        }
    }
}

fn check_inspections(list: &[Inspection], today: Day, p: &mut Problems) {
    let mut sheets: HashMap<&str, usize> = HashMap::new();
    for (n, i) in list.iter().enumerate() {
        let at = |field: &str| format!("inspections[{n}].{field}");
        if i.sheet_no.trim().is_empty() {
            p.add(&at("sheet_no"), BLANK);
        } else if let Some(first) = sheets.insert(&i.sheet_no, n) {
            p.add(&at("sheet_no"), format!("{:?} is also the sheet number of inspections[{first}]", i.sheet_no));
        }
        if i.date > today {
            p.add(&at("date"), format!("{} is after today ({today})", i.date));
        }
        if i.nth_this_year == 0 {
            p.add(&at("nth_this_year"), "counts from 1");
        }
        if i.inspectors.len() < 2 || i.inspectors.iter().any(|name| name.trim().is_empty()) {
            p.add(&at("inspectors"), "at least two inspectors sign, none blank");
        }
        if i.key_items_checked > i.items_checked {
            p.add(&at("key_items_checked"), format!("{} is more than the items checked in all ({})", i.key_items_checked, i.items_checked));
        }
        if i.score.is_some_and(|s| s > 100) {
            p.add(&at("score"), "must be at most 100");
        }
        if i.outcome == InspectionOutcome::FixByDeadline && i.fix_deadline.is_none() {
            p.add(&at("fix_deadline"), "an order to fix by a deadline needs the deadline");
        }
        if let Some(deadline) = i.fix_deadline.filter(|d| *d < i.date) {
            p.add(&at("fix_deadline"), format!("{deadline} is before the inspection ({})", i.date));
        }
        if let Some(verified) = i.fix_verified_on.filter(|d| *d < i.date || *d > today) {
            p.add(&at("fix_verified_on"), format!("{verified} is not between the inspection ({}) and today", i.date));
        }
        for (kind, problems) in [("key_problems", &i.key_problems), ("general_problems", &i.general_problems)] {
            for (k, problem) in problems.iter().enumerate() {
                if problem.item_no.trim().is_empty() || problem.description.trim().is_empty() {
                    p.add(&at(&format!("{kind}[{k}]")), "needs an item number and a description");
                }
            }
        }
    }
}

fn check_cameras(r: &ImportRecord, p: &mut Problems) {
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (n, c) in r.cameras.iter().enumerate() {
        let at = |field: &str| format!("cameras[{n}].{field}");
        if !platform_key_ok(&c.key) {
            p.add(&at("key"), format!("{:?} is not a camera key: 1–64 characters of A–Z a–z 0–9 . _ -", c.key));
        } else if let Some(first) = keys.insert(&c.key, n) {
            p.add(&at("key"), format!("{:?} is also the key of cameras[{first}]", c.key));
        }
        if c.delay_secs.is_some_and(|d| d > MAX_DELAY_SECS) {
            p.add(&at("delay_secs"), format!("must be at most {MAX_DELAY_SECS} s"));
        }
        if let Some(Err(e)) = c.hours.as_deref().map(str::parse::<PublicHours>) {
            p.add(&at("hours"), e);
        }
    }
}

fn check_sensors(r: &ImportRecord, p: &mut Problems) {
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (n, s) in r.sensors.iter().enumerate() {
        let at = |field: &str| format!("sensors[{n}].{field}");
        if !platform_key_ok(&s.key) {
            p.add(&at("key"), format!("{:?} is not a sensor key: 1–64 characters of A–Z a–z 0–9 . _ -", s.key));
        } else if let Some(first) = keys.insert(&s.key, n) {
            p.add(&at("key"), format!("{:?} is also the key of sensors[{first}]", s.key));
        }
        if !(1..=40).contains(&s.name.trim().chars().count()) {
            p.add(&at("name"), "must be 1–40 characters");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes() {
        for good in ["lc-dcf-0012", "lc-a-0001", "jnan-abcdef-9999"] {
            assert!(unit_code_ok(good), "{good}");
        }
        for bad in [
            "",
            "lc-dcf-012",
            "lc-dcf-00123",
            "LC-dcf-0012",
            "l-dcf-0012",
            "lc-dcf0012",
            "lc-dcf-0012-1",
            "lc--0012",
            "lc-dcf-００12",
            "lc-toolong-0012",
        ] {
            assert!(!unit_code_ok(bad), "{bad}");
        }
    }

    #[test]
    fn regions() {
        for good in ["371502", "371502-03"] {
            assert!(region_ok(good), "{good}");
        }
        for bad in ["", "37150", "3715021", "371502-3", "371502-003", "371502-", "37150a", "371502_03", "-371502"] {
            assert!(!region_ok(bad), "{bad}");
        }
    }

    #[test]
    fn locations_must_be_in_china() {
        assert_eq!(location_problem(&Location { lng: 115.98, lat: 36.45 }), None);
        assert_eq!(location_problem(&Location { lng: 36.45, lat: 115.98 }).map(|p| p.0), Some("lng"), "swapped");
        assert_eq!(location_problem(&Location { lng: 115.98, lat: 60.0 }).map(|p| p.0), Some("lat"));
    }

    #[test]
    fn camera_keys() {
        assert!(platform_key_ok("kitchen-1.cooking_A"));
        assert!(!platform_key_ok(""));
        assert!(!platform_key_ok("has space"));
        assert!(!platform_key_ok("摄像头1"));
        assert!(!platform_key_ok(&"k".repeat(65)));
    }

    #[test]
    fn every_demo_unit_keeps_the_rules() {
        let today: Day = "2026-11-29".parse().unwrap();
        let schemes = [GradeScheme::national()];
        let rules = Rules { schemes: &schemes, today };
        for data in crate::demo::demo_units(today) {
            let record = ImportRecord::from_data(data, vec![]);
            let mut list = Vec::new();
            check_record(&record, &rules, &mut Problems::new("", &mut list));
            assert!(list.is_empty(), "{}: {list:?}", record.unit.code);
        }
    }

    #[test]
    fn problems_name_their_field() {
        let today: Day = "2026-11-29".parse().unwrap();
        let schemes = [GradeScheme::national()];
        let rules = Rules { schemes: &schemes, today };
        let mut record = ImportRecord::from_data(crate::demo::demo_units(today).remove(0), vec![]);
        record.region = "3715".into();
        if let Some(l) = record.licence.as_mut() {
            l.valid_until = l.issued_on.add_days(-1);
        }
        record.grade.dynamic = DynamicGradeData::Graded { level: "superb".into(), score: Some(101), graded_on: today.add_days(1) };
        let sheet = record.inspections[0].sheet_no.clone();
        record.inspections[1].sheet_no = sheet;
        let mut list = Vec::new();
        check_record(&record, &rules, &mut Problems::new("units[3].", &mut list));
        let at: Vec<&str> = list.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "units[3].region",
                "units[3].licence.valid_until",
                "units[3].grade.dynamic.level",
                "units[3].grade.dynamic.score",
                "units[3].grade.dynamic.graded_on",
                "units[3].inspections[1].sheet_no"
            ]
        );
        assert!(list[5].message.contains("inspections[0]"), "{}", list[5].message);
    }
}
