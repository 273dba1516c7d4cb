//! What diners say: the smiley rating (笑脸打分). Kept apart from the official grade in data, words and
//! looks, so that nobody mistakes crowd opinion for the regulator's judgement.

use crate::wire::wire_names;
use serde::{Deserialize, Serialize};

/// A diner's one-tap rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Smiley {
    /// 满意.
    Satisfied,
    /// 一般.
    Neutral,
    /// 不满意.
    Unsatisfied,
}

wire_names!(Smiley: Satisfied, Neutral, Unsatisfied);

impl Smiley {
    pub const ALL: [Smiley; 3] = [Smiley::Satisfied, Smiley::Neutral, Smiley::Unsatisfied];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            Smiley::Satisfied => "satisfied",
            Smiley::Neutral => "neutral",
            Smiley::Unsatisfied => "unsatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Smiley> {
        Smiley::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// How many days of ratings the page counts.
pub const RATING_WINDOW_DAYS: i32 = 90;

/// `POST /api/units/{code}/ratings`. One vote per device per unit per day: a second vote that day
/// replaces the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateRequest {
    pub smiley: Smiley,
}

/// The ratings of the last [`RATING_WINDOW_DAYS`] days, and this device's vote today. The counts are
/// the votes that count; votes held in a burst ([`crate::VOTE_BURSTS`]) are only numbered in `held`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub satisfied: u32,
    pub neutral: u32,
    pub unsatisfied: u32,
    /// Votes held out of the counts until a regulator looks at them.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub held: u32,
    /// This device's vote today, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<Smiley>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl RatingSummary {
    pub fn count(&self, smiley: Smiley) -> u32 {
        match smiley {
            Smiley::Satisfied => self.satisfied,
            Smiley::Neutral => self.neutral,
            Smiley::Unsatisfied => self.unsatisfied,
        }
    }

    /// How many votes the counts rest on (held ones not among them).
    pub fn total(&self) -> u32 {
        self.satisfied + self.neutral + self.unsatisfied
    }

    /// The whole-number percentage of votes for `smiley` (0 when nobody voted).
    pub fn percent(&self, smiley: Smiley) -> u32 {
        match self.total() {
            0 => 0,
            total => (self.count(smiley) * 100 + total / 2) / total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_and_survive_no_votes() {
        let none = RatingSummary::default();
        assert_eq!(none.percent(Smiley::Satisfied), 0);
        let s = RatingSummary { satisfied: 2, neutral: 1, unsatisfied: 0, held: 4, mine: None };
        assert_eq!((s.percent(Smiley::Satisfied), s.percent(Smiley::Neutral), s.percent(Smiley::Unsatisfied)), (67, 33, 0));
        assert_eq!(s.total(), 3);
    }

    #[test]
    fn names_round_trip() {
        for m in Smiley::ALL {
            assert_eq!(Smiley::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.as_str()));
        }
        assert!(serde_json::from_str::<RateRequest>(r#"{"smiley":"ecstatic"}"#).is_err());
    }
}
