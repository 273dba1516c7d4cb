//! What a day holds: each kind's state (due times from the unit's schedule) and the day's completeness.

use serde::{Deserialize, Serialize};

/// A kind of record on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindState {
    /// Recorded, and nothing found that is not good.
    Fine,
    /// Recorded, with a finding that is not good (or only part of what was due).
    Attention,
    /// Not due yet today.
    NotYet,
    /// Due and not recorded: said honestly.
    Missing,
    /// Not asked of this unit that day (samples of a kind that need not keep them, purchases on a day with none).
    NotRequired,
}

/// A day's square in the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// Everything due was recorded.
    Full,
    /// At least `rules.partial_percent` of it.
    Partial,
    /// Less.
    Poor,
    /// Nothing at all that day.
    NoRecords,
    /// A day to come, or today before anything is due.
    Future,
}
