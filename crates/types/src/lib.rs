//! The one contract between the Mingchu app and server: API types, the checks readers rely on (licence
//! number, credit code, grade and inspection rules) and the string catalogue. Plain Rust, no I/O, so the
//! rules are unit-tested without a browser or a database.

mod api;
mod bursts;
mod cameras;
mod day;
mod diners;
pub mod district;
pub mod faces;
mod grade;
pub mod i18n;
mod import;
mod inspection;
pub mod kitchen;
mod licence;
pub mod markup;
mod messages;
pub mod near;
mod open_data;
#[cfg(feature = "openapi")]
mod openapi;
mod pages;
mod region;
mod reviews;
pub mod school;
mod sharing;
mod staff;
mod tickets;
pub mod video;
pub mod watch;
mod wire;

pub use api::*;
pub use bursts::*;
pub use cameras::*;
pub use day::{BadDay, Day, CHINA_UTC_OFFSET_SECS};
pub use diners::*;
pub use grade::*;
pub use import::*;
pub use inspection::*;
pub use licence::*;
pub use messages::*;
pub use open_data::*;
pub use pages::*;
pub use region::*;
pub use reviews::*;
pub use sharing::*;
pub use staff::*;
pub use tickets::*;

use serde::Serialize;
use wire::wire_names;

/// How a status reads at a glance. Always shown with words: colour is never the only signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Good,
    Warning,
    Bad,
}

wire_names!(Tone: Good, Warning, Bad);

impl Tone {
    /// The CSS class suffix, e.g. `tone-good`.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "tone-good",
            Tone::Warning => "tone-warning",
            Tone::Bad => "tone-bad",
        }
    }
}
