//! School terms, which a survey and the published accounts belong to: the autumn term runs from September
//! to January, the spring term from February to August (its summer holiday included, so every day has a
//! term).

use serde::{Deserialize, Serialize};

use crate::Day;

/// A term, named by the year it begins in: `2026-autumn` is September 2026 to January 2027.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    pub year: i32,
    pub autumn: bool,
}

impl Term {
    /// The term `day` falls in.
    pub fn of(day: Day) -> Term {
        let (year, month, _) = day.ymd();
        match month {
            1 => Term { year: year - 1, autumn: true },
            2..=8 => Term { year, autumn: false },
            _ => Term { year, autumn: true },
        }
    }

    /// Its first and last day.
    pub fn days(self) -> (Day, Day) {
        let day = |y, m, d| Day::from_ymd(y, m, d).expect("a calendar day");
        if self.autumn {
            (day(self.year, 9, 1), day(self.year + 1, 1, 31))
        } else {
            (day(self.year, 2, 1), day(self.year, 8, 31))
        }
    }

    /// `2026-autumn`, `2027-spring`: its address and its key in the database.
    pub fn key(self) -> String {
        format!("{}-{}", self.year, if self.autumn { "autumn" } else { "spring" })
    }

    pub fn parse(s: &str) -> Option<Term> {
        let (year, half) = s.split_once('-')?;
        let year = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        match half {
            "autumn" => Some(Term { year, autumn: true }),
            "spring" => Some(Term { year, autumn: false }),
            _ => None,
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
    fn every_day_has_one_term() {
        assert_eq!(Term::of(day("2026-11-30")), Term { year: 2026, autumn: true });
        assert_eq!(Term::of(day("2027-01-31")), Term { year: 2026, autumn: true });
        assert_eq!(Term::of(day("2027-02-01")), Term { year: 2027, autumn: false });
        assert_eq!(Term::of(day("2027-08-31")), Term { year: 2027, autumn: false });
        assert_eq!(Term::of(day("2027-09-01")), Term { year: 2027, autumn: true });
        let (first, last) = Term::of(day("2026-11-30")).days();
        assert_eq!((first, last), (day("2026-09-01"), day("2027-01-31")));
        assert_eq!(Term::of(first.add_days(-1)), Term { year: 2026, autumn: false });
        assert_eq!(Term::of(last.add_days(1)), Term { year: 2027, autumn: false });
    }

    #[test]
    fn keys_go_both_ways() {
        for term in [Term { year: 2026, autumn: true }, Term { year: 2027, autumn: false }] {
            assert_eq!(Term::parse(&term.key()), Some(term));
        }
        for bad in ["2026", "2026-summer", "x-autumn", "1999-autumn", "2026-autumn-1"] {
            assert_eq!(Term::parse(bad), None, "{bad}");
        }
    }
}
