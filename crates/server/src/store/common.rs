//! What both databases' stores decide the same way around their SQL: pages, tickets, secrets compared,
//! LIKE patterns, burst windows.

use mingchu_types::{BurstRule, BurstScope, Day};

use super::staff::{Change, QueueSizes};
use super::{Cursor, Page};

/// A change to the rows an UPDATE reached: none means not there, or not the account's to see.
pub(crate) fn change(rows: u64) -> Change {
    if rows == 0 {
        Change::NotFound
    } else {
        Change::Done
    }
}

/// A page of `limit` from `items` fetched with one more than `limit`: the extra one says there is a next
/// page, which starts after the last item kept (`cursor`).
pub(crate) fn page<T>(mut items: Vec<T>, limit: u32, cursor: impl Fn(&T) -> Cursor) -> Page<T> {
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(cursor)
    } else {
        None
    };
    Page { items, next }
}

/// A ticket: its kind's prefix, the day as `yymmdd` and the row id, e.g. `JB261129-000042`. Numbered
/// from the row id, so it is unique without retries; its secret, not its number, guards it.
pub(crate) fn ticket(prefix: &str, day: Day, id: i64) -> String {
    let (y, m, d) = day.ymd();
    format!("{prefix}{:02}{m:02}{d:02}-{id:06}", y.rem_euclid(100))
}

/// Compares two secrets' hashes without stopping at the first difference.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `%query%` for `LIKE … ESCAPE '\'`, with `%`, `_` and the escape character itself escaped, so a query
/// is matched literally.
pub(crate) fn contains_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// What bursts are counted in: a table and the column with each row's time (UTC ms).
#[derive(Clone, Copy)]
pub(crate) enum Burstable {
    Ratings,
    Reviews,
}

impl Burstable {
    pub(crate) fn table_and_time(self) -> (&'static str, &'static str) {
        match self {
            Burstable::Ratings => ("ratings", "voted_ms"),
            Burstable::Reviews => ("reviews", "created_ms"),
        }
    }
}

/// One burst rule's window ending now: the unit's rows after `since_ms`, and only `address`'s for an
/// address rule.
pub(crate) struct Window<'a> {
    pub(crate) unit_id: i64,
    pub(crate) since_ms: i64,
    pub(crate) address: Option<&'a str>,
}

impl<'a> Window<'a> {
    pub(crate) fn of(rule: &BurstRule, unit_id: i64, address: &'a str, now_ms: i64) -> Window<'a> {
        let address = (rule.scope == BurstScope::Address).then_some(address);
        Window { unit_id, since_ms: now_ms - i64::from(rule.window_secs) * 1000, address }
    }

    /// The window's rows of `what`, binding `$1` unit, `$2` since, `$3` address (NULL for the whole
    /// unit): both databases number parameters so.
    pub(crate) fn condition(&self, what: Burstable) -> String {
        let (_, time) = what.table_and_time();
        format!("unit_id = $1 AND {time} > $2 AND ($3 IS NULL OR address = $3)")
    }
}

/// Rows older than this (UTC ms) are reached by no window of `rules`: their address hashes are forgotten.
pub(crate) fn forgotten_before(rules: &[BurstRule], now_ms: i64) -> i64 {
    let longest = rules.iter().map(|r| i64::from(r.window_secs)).max().unwrap_or(0);
    now_ms - longest * 1000
}

/// What waits for staff across every region, in one row of four counts (the same SQL on both databases).
pub(crate) const QUEUE_SIZES: &str = "SELECT (SELECT COUNT(*) FROM reports WHERE status = 'submitted'),
        (SELECT COUNT(*) FROM reports WHERE status IN ('accepted', 'in_progress')),
        (SELECT COUNT(*) FROM reviews WHERE state = 'held' AND hidden_reason IS NULL),
        (SELECT COUNT(*) FROM ratings WHERE status = 'held')";

/// The row [`QUEUE_SIZES`] reads.
pub(crate) fn queue_sizes((submitted, open, reviews, votes): (i64, i64, i64, i64)) -> QueueSizes {
    let n = |v: i64| v.max(0) as u64;
    QueueSizes { reports_awaiting_decision: n(submitted), reports_open: n(open), reviews_held: n(reviews), votes_held: n(votes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_name_their_kind_and_day() {
        assert_eq!(ticket("JB", "2026-11-29".parse().unwrap(), 42), "JB261129-000042");
        assert_eq!(ticket("LY", "2031-01-05".parse().unwrap(), 1_234_567), "LY310105-1234567");
    }

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(contains_pattern("食堂"), "%食堂%");
    }
}
