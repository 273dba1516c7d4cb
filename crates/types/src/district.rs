//! How a district is doing (食安地图, issue 17; the plan's standard 4): for the city, a county or a
//! station, its units by grade and kind today and the regulator's work month by month over the last
//! twelve. Worked out here from plain facts the server reads ([`DistrictFacts`]), so every figure is
//! tested without a database and means the same on both.

use serde::{Deserialize, Serialize};

use crate::{months_overdue, Day, Level, LicenceStatus, OfficialFace, Region, UnitKind};

/// The months a district's page counts, the current one last.
pub const DISTRICT_MONTHS: usize = 12;

/// A unit as the figures need it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitFacts {
    /// Its region code (a county's or a station's).
    pub region: String,
    pub kind: UnitKind,
    /// Its dynamic grade's face today; `None` when not graded.
    pub face: Option<OfficialFace>,
    pub licence_until: Option<Day>,
    /// The days it was inspected, in any order.
    pub inspected: Vec<Day>,
}

/// A report filed against one of the district's units (never who filed it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportFacts {
    pub filed: Day,
    /// The last day the regulator may decide whether to accept it (7 working days).
    pub due: Day,
    /// The day of the decision (受理 or 不予受理), once taken.
    pub decided: Option<Day>,
}

/// A camera or sensor alert raised at one of the district's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertOutcome {
    pub raised: Day,
    /// Answered within its deadline (`Some(true)`), answered late or overdue unanswered (`Some(false)`),
    /// or still inside its deadline (`None`: not yet counted either way).
    pub in_time: Option<bool>,
}

/// What the server reads for a district.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DistrictFacts {
    pub units: Vec<UnitFacts>,
    pub reports: Vec<ReportFacts>,
    pub alerts: Vec<AlertOutcome>,
}

/// Units by their official grade today.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeCounts {
    pub big_smile: u32,
    pub smile: u32,
    pub flat: u32,
    pub not_graded: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: UnitKind,
    pub units: u32,
}

/// A region under this one (a city's county, a county's station) and how many units it has.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartCount {
    pub region: Region,
    pub units: u32,
}

/// A count now and one per month.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Monthly {
    pub total: u32,
    /// One per month of [`DistrictFigures::months`].
    pub by_month: Vec<u32>,
}

/// How many of those that count met a limit, overall and per month.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub met: u32,
    pub counted: u32,
    /// `[met, counted]` per month of [`DistrictFigures::months`].
    pub by_month: Vec<[u32; 2]>,
}

impl Rate {
    /// The share met, in whole percent (rounded down, so 99.6 % is not shown as 100); `None` when
    /// nothing counted.
    pub fn percent(met: u32, counted: u32) -> Option<u32> {
        (counted > 0).then(|| met * 100 / counted)
    }
}

/// A median of days, overall and per month.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MedianDays {
    pub median: Option<f64>,
    pub by_month: Vec<Option<f64>>,
}

/// `GET /api/regions/{code}` and the page `/r/{code}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictFigures {
    pub region: Region,
    pub level: Level,
    /// The region this one lies in, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Region>,
    /// The regions inside this one.
    pub parts: Vec<PartCount>,
    /// The day the figures were worked out for (Asia/Shanghai).
    pub as_of: Day,
    /// The first day of each month counted, oldest first; the last is the current month, so far.
    pub months: Vec<Day>,
    pub units: u32,
    pub grades: GradeCounts,
    /// Only the kinds the district has, in [`UnitKind::ALL`]'s order.
    pub kinds: Vec<KindCount>,
    /// Units last inspected more than twelve months before: today, and at the end of each month.
    pub inspections_overdue: Monthly,
    /// Licences expiring within 90 days, not yet expired.
    pub licences_expiring: u32,
    pub licences_expired: u32,
    /// Licences whose term ends in each of the next twelve months (this one first): what is coming.
    pub licences_ending: Vec<u32>,
    /// Reports filed, in the twelve months and in each.
    pub reports_filed: Monthly,
    /// Reports decided (受理 or 不予受理) by their due day, of those decided or past it, by the month filed.
    pub decided_in_time: Rate,
    /// Calendar days from filing to the decision, by the month filed.
    pub days_to_decision: MedianDays,
    /// Alerts answered within their deadline, of those answered or past it, by the month raised.
    pub alerts_in_time: Rate,
}

/// The first days of the twelve months up to `today`'s, oldest first.
pub fn district_months(today: Day) -> Vec<Day> {
    let (y, m, _) = today.ymd();
    let this_month = Day::from_ymd(y, m, 1).unwrap_or(today);
    (0..DISTRICT_MONTHS as i32).rev().map(|back| this_month.add_months(-back)).collect()
}

/// Which of `months` (first days, ascending, contiguous) `day` falls in.
fn month_index(months: &[Day], day: Day) -> Option<usize> {
    let first = *months.first()?;
    if day < first {
        return None;
    }
    let i = first.whole_months_until(day) as usize;
    (i < months.len()).then_some(i)
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// Adds a yes/no outcome to a rate, in month `i`.
fn count(rate: &mut Rate, i: usize, met: bool) {
    rate.counted += 1;
    rate.by_month[i][1] += 1;
    if met {
        rate.met += 1;
        rate.by_month[i][0] += 1;
    }
}

/// The figures of `region` (of `level`) on `today`, from its facts; `parts` are the regions inside it.
pub fn district_figures(
    region: Region,
    level: Level,
    parent: Option<Region>,
    parts: Vec<Region>,
    facts: &DistrictFacts,
    today: Day,
) -> DistrictFigures {
    let months = district_months(today);
    let n = months.len();
    let unit_count = |covers: &dyn Fn(&str) -> bool| facts.units.iter().filter(|u| covers(&u.region)).count() as u32;
    let parts = parts
        .into_iter()
        .map(|r| {
            let scope = crate::Scope::of_region(&r.code);
            let units = unit_count(&|unit_region| scope.as_ref().is_some_and(|s| s.covers(unit_region)));
            PartCount { region: r, units }
        })
        .collect();

    let mut grades = GradeCounts::default();
    let mut kinds: Vec<KindCount> = UnitKind::ALL.iter().map(|&kind| KindCount { kind, units: 0 }).collect();
    let (mut expiring, mut expired) = (0, 0);
    let mut ending = vec![0; n];
    let mut overdue = Monthly { total: 0, by_month: vec![0; n] };
    let ending_months: Vec<Day> = months.last().map_or_else(Vec::new, |&m| (0..n as i32).map(|i| m.add_months(i)).collect());
    for unit in &facts.units {
        match unit.face {
            Some(OfficialFace::BigSmile) => grades.big_smile += 1,
            Some(OfficialFace::Smile) => grades.smile += 1,
            Some(OfficialFace::Flat) => grades.flat += 1,
            None => grades.not_graded += 1,
        }
        if let Some(k) = kinds.iter_mut().find(|k| k.kind == unit.kind) {
            k.units += 1;
        }
        if let Some(until) = unit.licence_until {
            match LicenceStatus::on(until, today) {
                LicenceStatus::ExpiringSoon { .. } => expiring += 1,
                LicenceStatus::Expired { .. } => expired += 1,
                LicenceStatus::Valid { .. } => {}
            }
            if until >= today {
                if let Some(i) = month_index(&ending_months, until) {
                    ending[i] += 1;
                }
            }
        }
        // At the end of each month (today for this one): last inspected more than twelve months before.
        for i in 0..n {
            let end = if i + 1 < n { months[i + 1].add_days(-1) } else { today };
            let last = unit.inspected.iter().copied().filter(|d| *d <= end).max();
            if last.is_some_and(|last| months_overdue(last, end).is_some()) {
                overdue.by_month[i] += 1;
            }
        }
    }
    overdue.total = overdue.by_month.last().copied().unwrap_or(0);
    kinds.retain(|k| k.units > 0);

    let mut filed = Monthly { total: 0, by_month: vec![0; n] };
    let mut decided_in_time = Rate { by_month: vec![[0, 0]; n], ..Rate::default() };
    let mut days: Vec<Vec<f64>> = vec![Vec::new(); n];
    for report in &facts.reports {
        let Some(i) = month_index(&months, report.filed) else { continue };
        if report.filed > today {
            continue;
        }
        filed.total += 1;
        filed.by_month[i] += 1;
        match report.decided {
            Some(decided) => {
                count(&mut decided_in_time, i, decided <= report.due);
                days[i].push(f64::from(report.filed.days_until(decided)));
            }
            None if report.due < today => count(&mut decided_in_time, i, false),
            None => {}
        }
    }
    let days_to_decision = MedianDays { median: median(days.iter().flatten().copied().collect()), by_month: days.into_iter().map(median).collect() };

    let mut alerts_in_time = Rate { by_month: vec![[0, 0]; n], ..Rate::default() };
    for alert in &facts.alerts {
        if let (Some(i), Some(in_time)) = (month_index(&months, alert.raised), alert.in_time) {
            count(&mut alerts_in_time, i, in_time);
        }
    }

    DistrictFigures {
        region,
        level,
        parent,
        parts,
        as_of: today,
        months,
        units: facts.units.len() as u32,
        grades,
        kinds,
        inspections_overdue: overdue,
        licences_expiring: expiring,
        licences_expired: expired,
        licences_ending: ending,
        reports_filed: filed,
        decided_in_time,
        days_to_decision,
        alerts_in_time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn region(code: &str) -> Region {
        Region { code: code.into(), name_zh: code.into(), name_en: String::new() }
    }

    fn unit(region: &str, kind: UnitKind, face: Option<OfficialFace>, licence_until: Option<&str>, inspected: &[&str]) -> UnitFacts {
        UnitFacts { region: region.into(), kind, face, licence_until: licence_until.map(d), inspected: inspected.iter().map(|s| d(s)).collect() }
    }

    #[test]
    fn twelve_months_end_with_this_one() {
        let months = district_months(d("2026-11-30"));
        assert_eq!(months.len(), 12);
        assert_eq!((months[0], months[11]), (d("2025-12-01"), d("2026-11-01")));
        assert_eq!(month_index(&months, d("2025-12-01")), Some(0));
        assert_eq!(month_index(&months, d("2026-02-28")), Some(2));
        assert_eq!(month_index(&months, d("2026-11-30")), Some(11));
        assert_eq!(month_index(&months, d("2025-11-30")), None);
        assert_eq!(month_index(&months, d("2026-12-01")), None);
    }

    #[test]
    fn units_by_grade_kind_licence_and_overdue_inspection() {
        let today = d("2026-11-30");
        let facts = DistrictFacts {
            units: vec![
                // Inspected 2025-10-15, then again within twelve months: overdue at no month's end.
                unit("371502-01", UnitKind::LargeRestaurant, Some(OfficialFace::BigSmile), Some("2029-01-01"), &["2025-10-15", "2026-03-02"]),
                // Last inspected 2025-09-10: overdue from 2026-09-11, so at the ends of Sep, Oct and today.
                unit("371502-01", UnitKind::SchoolCanteen, Some(OfficialFace::Smile), Some("2027-01-15"), &["2025-09-10"]),
                // Never inspected: not counted overdue (as on the unit's page); licence expired.
                unit("371502-02", UnitKind::SchoolCanteen, None, Some("2026-11-01"), &[]),
                // Licence ends in 90 days exactly: expiring; ends in February 2027 (month 3 ahead).
                unit("371503", UnitKind::LargeRestaurant, Some(OfficialFace::Flat), Some("2027-02-28"), &["2026-11-30"]),
            ],
            ..DistrictFacts::default()
        };
        let f = district_figures(region("3715"), Level::City, None, vec![region("371502"), region("371503"), region("371502-01")], &facts, today);
        assert_eq!(f.units, 4);
        assert_eq!(f.grades, GradeCounts { big_smile: 1, smile: 1, flat: 1, not_graded: 1 });
        assert_eq!(f.kinds, vec![KindCount { kind: UnitKind::SchoolCanteen, units: 2 }, KindCount { kind: UnitKind::LargeRestaurant, units: 2 }]);
        assert_eq!(f.parts.iter().map(|p| p.units).collect::<Vec<_>>(), vec![3, 1, 2]);
        assert_eq!((f.licences_expiring, f.licences_expired), (2, 1), "two within 90 days (46 and 90 days), one expired");
        let mut ending = vec![0; 12];
        ending[2] = 1; // 2027-01-15 (November 2026 is the first)
        ending[3] = 1; // 2027-02-28
        assert_eq!(f.licences_ending, ending);
        let mut overdue = vec![0; 12];
        overdue[9] = 1; // end of September 2026
        overdue[10] = 1; // end of October
        overdue[11] = 1; // today
        assert_eq!(f.inspections_overdue, Monthly { total: 1, by_month: overdue });
    }

    #[test]
    fn reports_decided_in_time_and_the_median_days() {
        let today = d("2026-11-30");
        let r = |filed: &str, due: &str, decided: Option<&str>| ReportFacts { filed: d(filed), due: d(due), decided: decided.map(d) };
        let facts = DistrictFacts {
            reports: vec![
                r("2026-11-02", "2026-11-11", Some("2026-11-04")), // in time, 2 days
                r("2026-11-02", "2026-11-11", Some("2026-11-13")), // late, 11 days
                r("2026-11-25", "2026-12-04", None),               // not yet due: not counted
                r("2026-10-01", "2026-10-12", None),               // past due, undecided: late
                r("2026-10-05", "2026-10-14", Some("2026-10-14")), // on the due day: in time, 9 days
                r("2025-11-28", "2025-12-09", Some("2025-12-01")), // before the twelve months
            ],
            ..DistrictFacts::default()
        };
        let f = district_figures(region("371502"), Level::County, Some(region("3715")), vec![], &facts, today);
        assert_eq!(f.reports_filed.total, 5);
        assert_eq!((f.reports_filed.by_month[10], f.reports_filed.by_month[11]), (2, 3));
        assert_eq!((f.decided_in_time.met, f.decided_in_time.counted), (2, 4));
        assert_eq!(f.decided_in_time.by_month[11], [1, 2]);
        assert_eq!(f.decided_in_time.by_month[10], [1, 2]);
        assert_eq!(Rate::percent(2, 4), Some(50));
        assert_eq!(Rate::percent(2, 3), Some(66));
        assert_eq!(Rate::percent(0, 0), None);
        assert_eq!(f.days_to_decision.median, Some(9.0));
        assert_eq!(f.days_to_decision.by_month[11], Some(6.5));
        assert_eq!(f.days_to_decision.by_month[0], None);
    }

    #[test]
    fn alerts_count_once_answered_or_past_their_deadline() {
        let a = |raised: &str, in_time| AlertOutcome { raised: d(raised), in_time };
        let facts = DistrictFacts {
            alerts: vec![a("2026-11-29", Some(true)), a("2026-11-30", None), a("2026-06-01", Some(false)), a("2025-11-01", Some(true))],
            ..DistrictFacts::default()
        };
        let f = district_figures(region("371502-01"), Level::Station, Some(region("371502")), vec![], &facts, d("2026-11-30"));
        assert_eq!((f.alerts_in_time.met, f.alerts_in_time.counted), (1, 2));
        assert_eq!(f.alerts_in_time.by_month[11], [1, 1]);
        assert_eq!(f.alerts_in_time.by_month[6], [0, 1]);
    }
}
