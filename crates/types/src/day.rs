//! A calendar day, the only kind of date the public page shows.
//!
//! Written by hand because the app needs four operations (parse, print, add days, compare) and a date
//! library would cost more bytes of WebAssembly than all of them together.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// China Standard Time has no daylight saving: Asia/Shanghai is always UTC+8.
pub const CHINA_UTC_OFFSET_SECS: i64 = 8 * 3600;

/// The most days either side of 1970-01-01 a timestamp's day saturates to: far from `i32`'s ends, so
/// that the calendar arithmetic below cannot overflow (about ±5.8 million years).
const DAYS_LIMIT: i32 = i32::MAX / 1000;

/// A day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
/// On the wire it is an ISO 8601 string, `"2026-11-29"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The day from its year, month (1–12) and day of month, or `None` if no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day(days_from_civil(year, month, day)))
    }

    /// The day a Unix timestamp (seconds) falls on, at a fixed offset from UTC (China: +8 h). An absurd
    /// timestamp saturates to the first or last day this type holds: it never wraps onto another day.
    pub fn from_unix_seconds(secs: i64, utc_offset_secs: i64) -> Day {
        let days = secs.saturating_add(utc_offset_secs).div_euclid(86_400);
        Day(days.clamp(-i64::from(DAYS_LIMIT), i64::from(DAYS_LIMIT)) as i32)
    }

    /// The first millisecond of the day (UTC milliseconds since 1970) at a fixed offset from UTC.
    pub fn start_ms(self, utc_offset_secs: i64) -> i64 {
        (i64::from(self.0) * 86_400 - utc_offset_secs) * 1000
    }

    /// The day, at a fixed offset from UTC, of a UTC timestamp as the store writes it
    /// (`2026-11-29T16:05:06Z`, a fraction of a second ignored); `None` when it is not one.
    pub fn of_utc_timestamp(at: &str, utc_offset_secs: i64) -> Option<Day> {
        let (date, time) = at.strip_suffix('Z')?.split_once('T')?;
        let day: Day = date.parse().ok()?;
        let mut hms = time.split(':');
        let mut next = |limit: i64| hms.next()?.split('.').next()?.parse::<i64>().ok().filter(|v| (0..limit).contains(v));
        let (h, m, s) = (next(24)?, next(60)?, next(61)?);
        Some(Day::from_unix_seconds(i64::from(day.0) * 86_400 + h * 3600 + m * 60 + s, utc_offset_secs))
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn add_days(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Days from `self` until `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i32 {
        later.0 - self.0
    }

    /// Whole calendar months from `self` to `later`: 2026-01-31 → 2026-02-28 is 0, → 2026-03-01 is 1.
    pub fn whole_months_until(self, later: Day) -> i32 {
        let (y1, m1, d1) = self.ymd();
        let (y2, m2, d2) = later.ymd();
        let mut months = (y2 - y1) * 12 + m2 as i32 - m1 as i32;
        if months > 0 && d2 < d1 {
            months -= 1;
        } else if months < 0 && d2 > d1 {
            months += 1;
        }
        months
    }

    /// The same day `months` calendar months later, clamped to the month's last day.
    pub fn add_months(self, months: i32) -> Day {
        let (y, m, d) = self.ymd();
        let index = y * 12 + (m as i32 - 1) + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        Day(days_from_civil(year, month, d.min(days_in_month(year, month))))
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Why a string is not a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadDay;

impl fmt::Display for BadDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("expected a date as YYYY-MM-DD")
    }
}

impl std::str::FromStr for Day {
    type Err = BadDay;

    fn from_str(s: &str) -> Result<Day, BadDay> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(BadDay);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, BadDay> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| BadDay)
            } else {
                Err(BadDay)
            }
        };
        Day::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?).ok_or(BadDay)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days, the standard exact algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utc_timestamp_falls_on_its_day_in_china() {
        let day = |at: &str| Day::of_utc_timestamp(at, CHINA_UTC_OFFSET_SECS).map(|d| d.to_string());
        assert_eq!(day("2026-11-29T15:59:59Z").as_deref(), Some("2026-11-29"));
        assert_eq!(day("2026-11-29T16:00:00Z").as_deref(), Some("2026-11-30"));
        assert_eq!(day("2026-11-30T23:10:00.250Z").as_deref(), Some("2026-12-01"));
        assert_eq!(day("2026-11-29"), None);
        assert_eq!(day("2026-11-29T25:00:00Z"), None);
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = day("1900-01-01");
        for offset in 0..(400 * 366) {
            let d = start.add_days(offset);
            let (y, m, dd) = d.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), Some(d));
            assert_eq!(day(&d.to_string()), d);
        }
    }

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2026-11-29").weekday(), 6, "2026-11-29 is a Sunday");
        assert_eq!(day("2000-02-29").add_days(1), day("2000-03-01"));
    }

    #[test]
    fn rejects_malformed_and_impossible_days() {
        for bad in ["", "2026-1-01", "2026-13-01", "2026-02-29", "2026/01/01", "20a6-01-01", "2026-01-001", "+026-01-01"] {
            assert_eq!(bad.parse::<Day>(), Err(BadDay), "{bad}");
        }
        assert!("2024-02-29".parse::<Day>().is_ok());
    }

    #[test]
    fn whole_months_count_only_complete_months() {
        assert_eq!(day("2026-01-31").whole_months_until(day("2026-02-28")), 0);
        assert_eq!(day("2026-01-31").whole_months_until(day("2026-03-01")), 1);
        assert_eq!(day("2025-11-29").whole_months_until(day("2026-11-29")), 12);
        assert_eq!(day("2025-11-30").whole_months_until(day("2026-11-29")), 11);
        assert_eq!(day("2026-11-29").whole_months_until(day("2025-11-29")), -12);
    }

    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(day("2026-01-31").add_months(1), day("2026-02-28"));
        assert_eq!(day("2026-11-29").add_months(-12), day("2025-11-29"));
        assert_eq!(day("2026-11-29").add_months(3), day("2027-02-28"));
    }

    #[test]
    fn unix_seconds_respect_the_offset() {
        // 2026-11-28 20:00 UTC is already 2026-11-29 in Beijing.
        let secs = i64::from(day("2026-11-28").0) * 86_400 + 20 * 3600;
        assert_eq!(Day::from_unix_seconds(secs, 0), day("2026-11-28"));
        assert_eq!(Day::from_unix_seconds(secs, 8 * 3600), day("2026-11-29"));
    }

    #[test]
    fn serde_uses_iso_strings() {
        let d = day("2026-11-29");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-11-29\"");
        assert_eq!(serde_json::from_str::<Day>("\"2026-11-29\"").unwrap(), d);
        assert!(serde_json::from_str::<Day>("\"2026-11-31\"").is_err());
    }
}
