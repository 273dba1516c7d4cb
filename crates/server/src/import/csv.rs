//! A CSV file of units, as spreadsheets export them: a header row naming the columns
//! `code,name,kind,address,phone,contact,lng,lat,region` (in any order), then one unit per row. A row
//! says who and where a unit is, nothing else: problems are named by line and column.

use std::collections::HashMap;

use mingchu_types::{ImportProblem, Location, Unit, UnitKind};

use super::check::{check_base, Problems};
use crate::store::ImportUnit;

pub const COLUMNS: [&str; 9] = ["code", "name", "kind", "address", "phone", "contact", "lng", "lat", "region"];

/// The file's units, or every problem in it.
pub fn units_of_csv(bytes: &[u8]) -> Result<Vec<ImportUnit>, Vec<ImportProblem>> {
    // Spreadsheets on Windows start UTF-8 files with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let mut problems = Vec::new();
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![ImportProblem::new("line 1", e.to_string())]),
    };
    let position: HashMap<&str, usize> = headers.iter().enumerate().map(|(i, h)| (h.trim(), i)).collect();
    for column in COLUMNS {
        if !position.contains_key(column) {
            problems.push(ImportProblem::new("line 1", format!("no column {column:?}; the header must name {}", COLUMNS.join(","))));
        }
    }
    for h in headers.iter().map(str::trim).filter(|h| !COLUMNS.contains(h)) {
        problems.push(ImportProblem::new("line 1", format!("unknown column {h:?}")));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut units = Vec::new();
    let mut codes: HashMap<String, u64> = HashMap::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or_else(String::new, |p| format!("line {}", p.line()));
                problems.push(ImportProblem::new(line, e.to_string()));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let before = problems.len();
        let unit = unit_of_row(line, &Fields { row: &row, position: &position }, &mut problems);
        if let Some(first) = codes.insert(unit.code().to_owned(), line) {
            problems.push(ImportProblem::new(format!("line {line}, column code"), format!("{:?} is also on line {first}", unit.code())));
        } else if problems.len() == before {
            units.push(unit);
        }
    }
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
    }
}

/// A row's fields by column name, trimmed; an absent field is empty.
struct Fields<'a> {
    row: &'a csv::StringRecord,
    position: &'a HashMap<&'a str, usize>,
}

impl<'a> Fields<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.position.get(column).and_then(|&i| self.row.get(i)).unwrap_or("").trim()
    }
}

/// One row's unit, its problems added to `problems`. Every column is checked whatever the others hold,
/// and the unit is returned even with problems (the caller keeps it only without), so that duplicate
/// codes are found too. A kind or location that did not parse stands in as the first kind, or none.
fn unit_of_row(line: u64, row: &Fields, problems: &mut Vec<ImportProblem>) -> ImportUnit {
    let get = |column: &str| row.get(column);
    let at = |column: &str| format!("line {line}, column {column}");
    let optional = |column: &str| Some(get(column).to_owned()).filter(|v| !v.is_empty());
    let kind = UnitKind::parse(get("kind")).unwrap_or_else(|| {
        let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| k.as_str()).collect();
        problems.push(ImportProblem::new(at("kind"), format!("{:?} is not a kind of unit; one of {}", get("kind"), kinds.join(", "))));
        UnitKind::ALL[0]
    });
    let coordinate = |column: &str| -> Result<Option<f64>, ImportProblem> {
        match get(column) {
            "" => Ok(None),
            v => v
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| ImportProblem::new(at(column), format!("{v:?} is not a number"))),
        }
    };
    let location = match (coordinate("lng"), coordinate("lat")) {
        (Ok(Some(lng)), Ok(Some(lat))) => Some(Location { lng, lat }),
        (Ok(None), Ok(None)) => None,
        (Ok(_), Ok(_)) => {
            problems.push(ImportProblem::new(at("lng"), "lng and lat are given together or not at all"));
            None
        }
        (lng, lat) => {
            problems.extend(lng.err().into_iter().chain(lat.err()));
            None
        }
    };
    let unit = Unit {
        code: get("code").to_owned(),
        name: get("name").to_owned(),
        kind,
        address: get("address").to_owned(),
        phone: optional("phone"),
        location,
    };
    let region = get("region").to_owned();
    // The checks name JSON fields; a CSV reader wants its columns.
    let mut found = Vec::new();
    check_base(&unit, &region, &mut Problems::new("", &mut found));
    for p in found {
        let column = p.at.rsplit('.').next().unwrap_or(&p.at).to_owned();
        problems.push(ImportProblem::new(at(&column), p.message));
    }
    ImportUnit::Base { unit, contact: optional("contact"), region }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,name,kind,address,phone,contact,lng,lat,region\n";

    #[test]
    fn good_rows_become_units() {
        let file = format!("\u{feff}{HEADER}lc-a-0001,甲食堂,school_canteen,某路1号,0635-1,张三,115.9,36.4,371502\nlc-a-0002,乙,staff_canteen,某路2号,,,,,371502-03\n");
        let units = units_of_csv(file.as_bytes()).unwrap();
        assert_eq!(units.len(), 2);
        let ImportUnit::Base { unit, contact, region } = &units[1] else { panic!() };
        assert_eq!((unit.phone.as_ref(), unit.location, contact.as_ref(), region.as_str()), (None, None, None, "371502-03"));
    }

    #[test]
    fn problems_name_line_and_column() {
        let file = format!(
            "{HEADER}lc-a-0001,甲,school_canteen,路,,,115.9,36.4,3715\nlc-a-0002,乙,bar,路,,,,,37\nlc-a-0003,丙,school_canteen,路,,,x,36.4,371502\nlc-a-0001,丁,school_canteen,路,,,,,371502\n"
        );
        let problems: Vec<String> = units_of_csv(file.as_bytes()).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems[0].starts_with("line 2, column region: "), "{}", problems[0]);
        assert!(problems[1].starts_with("line 3, column kind: "), "{}", problems[1]);
        assert!(problems[2].starts_with("line 3, column region: "), "every column of a row is checked: {}", problems[2]);
        assert!(problems[3].starts_with("line 4, column lng: "), "{}", problems[3]);
        assert_eq!(problems[4], "line 5, column code: \"lc-a-0001\" is also on line 2");
    }

    #[test]
    fn the_header_must_name_every_column() {
        let problems = units_of_csv(b"code,name,kind,address,phone,contact,lng,lat,colour\n").unwrap_err();
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.at == "line 1"));
    }
}
