//! The stored records as open data's rows: what is public about a business and nothing about a person.
//! Left out: the licence's legal representative, supervising officers and signer, and its 住所 (a sole
//! trader's home); a masked ID number shown for a credit code; the unit's contact person; the
//! inspectors, and the sheets' free text (problem descriptions, notes, the operator's comments), which
//! may name people. The unit's phone stays: it is the number published for diners on its page.

use mingchu_types::{check_credit_code, CreditCodeCheck, Day, DynamicGrade, GradeRow, Inspection, InspectionRow, LicenceRow, UnitRow};
use serde::Serialize;

use crate::http::unit_page::official_grade;
use crate::store::UnitRecord;

/// The four data sets' rows, each in the order of its file.
pub struct Rows {
    pub units: Vec<UnitRow>,
    pub licences: Vec<LicenceRow>,
    pub grades: Vec<GradeRow>,
    pub inspections: Vec<InspectionRow>,
}

/// The rows of every unit (by code) and inspection (by unit, then oldest first); grades as shown on `today`.
pub fn rows(units: Vec<UnitRecord>, inspections: Vec<(String, Inspection)>, today: Day) -> Rows {
    let mut rows = Rows { units: vec![], licences: vec![], grades: vec![], inspections: vec![] };
    for record in units {
        let code = record.unit.code.clone();
        if let Some(l) = record.licence {
            // A sole trader's licence may show a masked ID number where a company's shows its code.
            let credit_code = (check_credit_code(&l.credit_code) != CreditCodeCheck::NotACreditCode).then_some(l.credit_code);
            rows.licences.push(LicenceRow {
                unit_code: code.clone(),
                number: l.number,
                operator_name: l.operator_name,
                credit_code,
                premises: l.premises,
                business_type: l.business_type,
                activities: l.activities.join("；"),
                valid_until: l.valid_until,
                issued_on: l.issued_on,
                issuer: l.issuer,
                hotline: l.hotline,
                supervising_office: l.supervising_office,
            });
        }
        rows.grades.push(grade_row(&code, record.grade, today));
        let u = record.unit;
        rows.units.push(UnitRow {
            code: u.code,
            name: u.name,
            kind: u.kind.as_str().to_owned(),
            address: u.address,
            phone: u.phone.filter(|p| !p.is_empty()),
            lng: u.location.map(|l| l.lng),
            lat: u.location.map(|l| l.lat),
            region: record.region,
        });
    }
    rows.inspections = inspections.into_iter().map(|(code, i)| inspection_row(code, i)).collect();
    rows
}

fn grade_row(code: &str, grade: crate::store::StoredGrade, today: Day) -> GradeRow {
    let official = official_grade(grade, today);
    let mut row = GradeRow {
        unit_code: code.to_owned(),
        scheme: official.scheme_key,
        scheme_name_zh: official.scheme_name_zh,
        state: String::new(),
        level: None,
        level_zh: None,
        score: None,
        graded_on: None,
        not_graded_reason: None,
        not_graded_until: None,
        annual_letter: official.annual.as_ref().map(|a| a.letter.as_str().to_owned()),
        annual_year: official.annual.map(|a| a.year),
    };
    match official.dynamic {
        DynamicGrade::Graded { level, score, graded_on } => {
            row.state = "graded".into();
            row.level = Some(level.key);
            row.level_zh = Some(level.label_zh);
            row.score = score;
            row.graded_on = Some(graded_on);
        }
        DynamicGrade::NotGraded { reason, until } => {
            row.state = "not_graded".into();
            row.not_graded_reason = Some(wire(&reason));
            row.not_graded_until = until;
        }
    }
    row
}

fn inspection_row(unit_code: String, i: Inspection) -> InspectionRow {
    let items = i.key_problems.iter().chain(&i.general_problems).map(|p| p.item_no.as_str()).collect::<Vec<_>>().join(";");
    InspectionRow {
        unit_code,
        id: i.id,
        date: i.date,
        kind: wire(&i.kind),
        sheet_no: i.sheet_no,
        nth_this_year: i.nth_this_year,
        items_checked: i.items_checked,
        key_items_checked: i.key_items_checked,
        key_problems: i.key_problems.len() as u32,
        general_problems: i.general_problems.len() as u32,
        problem_items: items,
        result: wire(&i.result),
        outcome: wire(&i.outcome),
        fix_deadline: i.fix_deadline,
        fix_verified_on: i.fix_verified_on,
        score: i.score,
    }
}

/// An enum's name on the wire (`basically_compliant`), as the API writes it.
fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
