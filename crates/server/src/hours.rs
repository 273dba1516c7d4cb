//! A camera's public hours: a daily window in China time, parsed from and printed as `06:00-21:00`. A plain
//! value, used by the store (which keeps it) and by the camera rules (which apply it).

use std::fmt;
use std::str::FromStr;

use crate::CHINA_UTC_OFFSET_SECS;

/// Public hours when none are given.
pub const DEFAULT_HOURS: PublicHours = PublicHours { opens: 6 * 60, closes: 21 * 60 };
pub(crate) const MINUTE_MS: i64 = 60_000;
pub(crate) const DAY_MINUTES: i64 = 24 * 60;
const CHINA_OFFSET_MINUTES: i64 = CHINA_UTC_OFFSET_SECS / 60;

/// Daily viewing hours in China time: from `opens` until `closes`, in minutes of the day. A window whose
/// close comes before its opening runs past midnight; `00:00-24:00` is all day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicHours {
    opens: u32,
    closes: u32,
}

impl PublicHours {
    pub const ALL_DAY: PublicHours = PublicHours { opens: 0, closes: 24 * 60 };

    /// From minutes of the day; `None` unless both are in the day (1440, midnight, only to close) and differ.
    pub const fn from_minutes(opens: u32, closes: u32) -> Option<PublicHours> {
        if opens < 24 * 60 && closes > 0 && closes <= 24 * 60 && opens != closes {
            Some(PublicHours { opens, closes })
        } else {
            None
        }
    }

    /// From `"06:00"` and `"21:00"`; `None` unless both are times of day (`24:00` only to close) and differ.
    pub fn from_parts(opens: &str, closes: &str) -> Option<PublicHours> {
        PublicHours::from_minutes(minute_of_day(opens)?, minute_of_day(closes)?)
    }

    pub fn opens(&self) -> String {
        hh_mm(self.opens)
    }

    pub fn closes(&self) -> String {
        hh_mm(self.closes)
    }

    fn all_day(&self) -> bool {
        self.open_before(DAY_MINUTES) == DAY_MINUTES
    }

    /// Whether minute `m` (0–1439) of a China day is in the window.
    fn open_at(&self, m: i64) -> bool {
        let (o, c) = (i64::from(self.opens), i64::from(self.closes));
        if o < c {
            (o..c).contains(&m)
        } else {
            m >= o || m < c
        }
    }

    /// How many minutes of a China day before minute `m` (0–1440) are in the window.
    fn open_before(&self, m: i64) -> i64 {
        let (o, c) = (i64::from(self.opens), i64::from(self.closes));
        if o < c {
            m.clamp(o, c) - o
        } else {
            m.min(c) + (m - o).max(0)
        }
    }

    /// How many minutes of the window there are from UTC minute `from` until `to` (minutes since 1970).
    pub fn open_minutes(&self, from: i64, to: i64) -> i64 {
        let before = |minute: i64| {
            let local = minute + CHINA_OFFSET_MINUTES;
            local.div_euclid(DAY_MINUTES) * self.open_before(DAY_MINUTES) + self.open_before(local.rem_euclid(DAY_MINUTES))
        };
        (before(to) - before(from)).max(0)
    }

    /// Whether the window is open at `ms` (UTC ms since 1970).
    pub fn is_open(&self, ms: i64) -> bool {
        self.open_at(china_minute_of_day(ms))
    }

    /// When the window open at `now_ms` opened (UTC ms), or `None` when it is closed. Frames from before
    /// then were taken outside public hours and are not shown. An all-day window never closes.
    pub fn opened_at(&self, now_ms: i64) -> Option<i64> {
        if self.all_day() {
            return Some(i64::MIN);
        }
        let m = china_minute_of_day(now_ms);
        if !self.open_at(m) {
            return None;
        }
        let minute = now_ms.div_euclid(MINUTE_MS);
        let since = (m - i64::from(self.opens)).rem_euclid(DAY_MINUTES);
        Some((minute - since) * MINUTE_MS)
    }
}

impl fmt::Display for PublicHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.opens(), self.closes())
    }
}

impl FromStr for PublicHours {
    type Err = String;

    /// `06:00-21:00`.
    fn from_str(s: &str) -> Result<PublicHours, String> {
        s.split_once('-')
            .and_then(|(opens, closes)| PublicHours::from_parts(opens.trim(), closes.trim()))
            .ok_or_else(|| format!("{s:?} is not public hours like 06:00-21:00 (China time; 24:00 closes at midnight)"))
    }
}

/// `"06:30"` as 390; `"24:00"` is 1440.
fn minute_of_day(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The minute of the day (0–1439) in China at `ms` (UTC ms since 1970).
pub fn china_minute_of_day(ms: i64) -> i64 {
    (ms.div_euclid(MINUTE_MS) + CHINA_OFFSET_MINUTES).rem_euclid(DAY_MINUTES)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// 2026-11-29 00:00 in China, as UTC ms.
    pub(crate) const MIDNIGHT: i64 = 1_795_910_400_000 - 8 * 3_600_000;

    pub(crate) fn at(hh: i64, mm: i64) -> i64 {
        MIDNIGHT + (hh * 60 + mm) * MINUTE_MS
    }

    fn hours(s: &str) -> PublicHours {
        s.parse().unwrap()
    }

    #[test]
    fn hours_parse_and_print() {
        assert_eq!(hours("06:00-21:00").to_string(), "06:00-21:00");
        assert_eq!(hours("00:00-24:00"), PublicHours::ALL_DAY);
        assert_eq!(DEFAULT_HOURS.to_string(), "06:00-21:00");
        for bad in ["", "06:00", "6:00-21:00", "06:00-06:00", "24:00-06:00", "06:00-24:01", "06:60-21:00", "00:00-00:00", "a-b"] {
            assert!(bad.parse::<PublicHours>().is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_are_china_time_and_may_run_past_midnight() {
        let day = hours("06:00-21:00");
        assert!(!day.is_open(at(5, 59)) && day.is_open(at(6, 0)) && day.is_open(at(20, 59)) && !day.is_open(at(21, 0)));
        assert_eq!(day.opened_at(at(12, 0) + 5_000), Some(at(6, 0)));
        assert_eq!(day.opened_at(at(22, 0)), None);
        let night = hours("22:00-06:00");
        assert!(night.is_open(at(23, 0)) && night.is_open(at(5, 0)) && !night.is_open(at(12, 0)));
        assert_eq!(night.opened_at(at(5, 0)), Some(at(-2, 0)), "opened yesterday at 22:00");
        assert_eq!(night.opened_at(at(23, 0)), Some(at(22, 0)));
        assert_eq!(PublicHours::ALL_DAY.opened_at(at(0, 1)), Some(i64::MIN), "an all-day view has no break at midnight");
        let minute = hours("00:00-00:01");
        assert!(minute.is_open(at(0, 0)) && !minute.is_open(at(0, 1)));
    }

    #[test]
    fn open_minutes_are_counted_across_days() {
        let m = |ms: i64| ms.div_euclid(MINUTE_MS);
        let day = hours("06:00-21:00");
        assert_eq!(day.open_minutes(m(at(0, 0)), m(at(24, 0))), 15 * 60);
        assert_eq!(day.open_minutes(m(at(20, 0)), m(at(30, 0))), 60, "21:00 to 06:00 next day is closed");
        assert_eq!(day.open_minutes(m(at(0, 0)), m(at(7 * 24, 0))), 7 * 15 * 60);
        assert_eq!(hours("22:00-06:00").open_minutes(m(at(0, 0)), m(at(24, 0))), 8 * 60);
        assert_eq!(PublicHours::ALL_DAY.open_minutes(m(at(3, 0)), m(at(4, 30))), 90);
        assert_eq!(day.open_minutes(m(at(12, 0)), m(at(11, 0))), 0);
    }
}
