//! What the owner types, read into the record's numbers: a temperature, an amount of money, a time
//! of today, a duration. Pure, tested natively; the forms show what does not read.

use mingchu_types::kitchen::{Meal, Schedule};
use mingchu_types::{Day, CHINA_UTC_OFFSET_SECS};

/// A decimal as whole tenths (`"36.5"` → 365, `"36"` → 360, `"36.54"` → 365); `scale` 100 for
/// hundredths. `None` for what is not a plain non-negative decimal.
fn decimal(text: &str, scale: u32) -> Option<u64> {
    let text = text.trim().replace(['，', ','], ".");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = scale.ilog10() as usize;
    let mut kept: String = fraction.chars().take(digits + 1).collect();
    while kept.len() <= digits {
        kept.push('0');
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let (fraction, next) = kept.split_at(digits);
    let fraction: u64 = if fraction.is_empty() { 0 } else { fraction.parse().ok()? };
    // Rounded half up by the next digit.
    let up = u64::from(next.as_bytes().first().is_some_and(|d| *d >= b'5'));
    whole.checked_mul(u64::from(scale))?.checked_add(fraction + up)
}

/// A temperature in °C as tenths: `"36.5"` → 365.
pub fn tenths(text: &str) -> Option<u16> {
    decimal(text, 10).and_then(|t| u16::try_from(t).ok())
}

/// Tenths of a degree as the field shows them: 365 → `"36.5"`.
pub fn show_tenths(tenths: u16) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// An amount in yuan as cents (`"12.5"` → 1250); empty is none.
pub fn cents(text: &str) -> Result<Option<i64>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    decimal(text, 100).and_then(|c| i64::try_from(c).ok()).map(Some).ok_or(())
}

/// A whole number (grams, percent, degrees, mg/L); `None` for what is not one.
pub fn whole<T: TryFrom<u64>>(text: &str) -> Option<T> {
    let text = text.trim();
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())).then(|| text.parse::<u64>().ok()).flatten().and_then(|n| T::try_from(n).ok())
}

/// Minutes after midnight, China time, of a moment.
pub fn minute_of(ms: i64) -> u16 {
    (ms.div_euclid(60_000) + CHINA_UTC_OFFSET_SECS / 60).rem_euclid(24 * 60) as u16
}

/// A moment's clock time as a `time` field writes it: `07:05`.
pub fn clock(ms: i64) -> String {
    let minute = minute_of(ms);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The moment `HH:MM` (a `time` field's value) on `day`, China time.
pub fn at_time(day: Day, text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then(|| day.start_ms(CHINA_UTC_OFFSET_SECS) + (h * 60 + m) * 60_000)
}

/// The meal whose samples are most likely being taken now: the last one served by an hour from now,
/// else the day's first; without a schedule, lunch.
pub fn likely_meal(schedule: Option<&Schedule>, now_minute: u16) -> Meal {
    let Some(schedule) = schedule else { return Meal::Lunch };
    let served = schedule.meals.iter().rfind(|m| m.served_minute <= now_minute.saturating_add(60));
    served.or(schedule.meals.first()).map_or(Meal::Lunch, |m| m.meal)
}

/// A duration typed in minutes (`"10"`, `"0.5"`) or, for a method judged in seconds, in seconds.
pub fn seconds(text: &str, in_minutes: bool) -> Option<u32> {
    let tenths_of_unit = decimal(text, 10)?;
    let seconds = if in_minutes { tenths_of_unit * 6 } else { tenths_of_unit / 10 };
    u32::try_from(seconds).ok().filter(|s| *s > 0)
}

/// A duration as its field shows it, the way [`seconds`] reads it back: minutes to a tenth (600 →
/// `"10"`, 30 → `"0.5"`) or whole seconds.
pub fn show_seconds(seconds: u32, in_minutes: bool) -> String {
    match (in_minutes, seconds % 60) {
        (false, _) => seconds.to_string(),
        (true, 0) => (seconds / 60).to_string(),
        (true, rest) => format!("{}.{}", seconds / 60, rest / 6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mingchu_types::kitchen::KitchenRules;
    use mingchu_types::UnitKind;

    #[test]
    fn temperatures_read_as_tenths() {
        assert_eq!(tenths("36.5"), Some(365));
        assert_eq!(tenths(" 37 "), Some(370));
        assert_eq!(tenths("37.26"), Some(373));
        assert_eq!(tenths("36，8"), Some(368));
        assert_eq!(tenths(".5"), Some(5));
        for bad in ["", ".", "36.5.1", "-36", "abc", "３６"] {
            assert_eq!(tenths(bad), None, "{bad}");
        }
        assert_eq!(show_tenths(365), "36.5");
        assert_eq!(show_tenths(370), "37.0");
    }

    #[test]
    fn money_reads_as_cents() {
        assert_eq!(cents("12.5"), Ok(Some(1250)));
        assert_eq!(cents("8"), Ok(Some(800)));
        assert_eq!(cents("0.125"), Ok(Some(13)));
        assert_eq!(cents("  "), Ok(None));
        assert_eq!(cents("十元"), Err(()));
    }

    #[test]
    fn whole_numbers_fit_their_type() {
        assert_eq!(whole::<u16>("150"), Some(150));
        assert_eq!(whole::<u8>("300"), None);
        assert_eq!(whole::<u16>("1.5"), None);
        assert_eq!(whole::<u16>(""), None);
    }

    #[test]
    fn times_are_china_time_of_the_day() {
        let day: Day = "2026-11-30".parse().unwrap();
        let at = at_time(day, "07:05").unwrap();
        assert_eq!(clock(at), "07:05");
        assert_eq!(minute_of(at), 425);
        // 07:05 in China is 23:05 UTC the day before.
        assert_eq!(at, day.start_ms(CHINA_UTC_OFFSET_SECS) + 425 * 60_000);
        for bad in ["", "7", "24:00", "07:60", "ab:cd"] {
            assert_eq!(at_time(day, bad), None, "{bad}");
        }
    }

    #[test]
    fn the_likely_meal_follows_the_schedule() {
        let rules = KitchenRules::national();
        let school = rules.schedule(UnitKind::SchoolCanteen);
        assert_eq!(likely_meal(school, 5 * 60), Meal::Breakfast);
        assert_eq!(likely_meal(school, 11 * 60), Meal::Lunch);
        assert_eq!(likely_meal(school, 13 * 60), Meal::Lunch);
        assert_eq!(likely_meal(school, 17 * 60), Meal::Dinner);
        assert_eq!(likely_meal(None, 0), Meal::Lunch);
    }

    #[test]
    fn durations_in_minutes_or_seconds() {
        assert_eq!(seconds("10", true), Some(600));
        assert_eq!(seconds("0.5", true), Some(30));
        assert_eq!(seconds("40", false), Some(40));
        assert_eq!(seconds("0", true), None);
        assert_eq!(seconds("x", false), None);
        for (s, in_minutes, shown) in [(600, true, "10"), (30, true, "0.5"), (630, true, "10.5"), (40, false, "40")] {
            assert_eq!(show_seconds(s, in_minutes), shown);
            assert_eq!(seconds(shown, in_minutes), Some(s));
        }
    }
}
