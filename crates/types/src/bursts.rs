//! Bursts: more votes or reviews on one unit than diners make, within a sliding window. What falls in a
//! burst is held out of public view (votes out of the counts, reviews for moderation) until a regulator
//! looks, rather than refused: a canteen's diners share one Wi-Fi address, and a real rush must not be
//! lost. The thresholds are data, here, so they are tuned without touching the code that applies them.

use serde::{Deserialize, Serialize};

/// What a burst is counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BurstScope {
    /// Everything on one unit.
    Unit,
    /// What one client address sent on one unit.
    Address,
}

/// More than `most` writes within `window_secs` (counting the new one) make a burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BurstRule {
    pub scope: BurstScope,
    pub window_secs: u32,
    pub most: u32,
}

impl BurstRule {
    /// Whether `count` writes in the window, the new one among them, are a burst.
    pub fn exceeded(&self, count: u32) -> bool {
        count > self.most
    }
}

const fn rule(scope: BurstScope, window_secs: u32, most: u32) -> BurstRule {
    BurstRule { scope, window_secs, most }
}

const MINUTE: u32 = 60;
const HOUR: u32 = 3600;
const DAY: u32 = 24 * HOUR;

/// Smiley votes: a lunch rush is some dozens of diners in ten minutes, and one address (a canteen's
/// Wi-Fi, a carrier's NAT) a handful of them. A vote that makes a burst holds the whole window's votes
/// of its scope: the burst, not just its tail, stays out of the counts.
pub const VOTE_BURSTS: [BurstRule; 3] =
    [rule(BurstScope::Unit, 10 * MINUTE, 30), rule(BurstScope::Address, 10 * MINUTE, 10), rule(BurstScope::Address, DAY, 30)];

/// Reviews: a unit rarely gets more than five in ten minutes; one address writes a few a day about one
/// unit. Beyond that the review is held for moderation (only the new one: earlier ones were published).
pub const REVIEW_BURSTS: [BurstRule; 3] =
    [rule(BurstScope::Unit, 10 * MINUTE, 5), rule(BurstScope::Address, HOUR, 3), rule(BurstScope::Address, DAY, 6)];

/// A vote counts only from a browser that opened the unit's page at least this long before: a person
/// looks before tapping, a script that votes without looking is refused (`vote_too_soon`).
pub const MIN_VOTE_AGE_SECS: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_more_than_the_most() {
        let r = rule(BurstScope::Unit, 600, 5);
        assert!(!r.exceeded(5));
        assert!(r.exceeded(6));
        // Every rule has a real window and lets some through.
        for rules in [VOTE_BURSTS, REVIEW_BURSTS] {
            assert!(rules.iter().all(|r| r.window_secs > 0 && r.most > 0));
        }
    }
}
