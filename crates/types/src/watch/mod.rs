//! 可抓拍、可示警、可处置、可感测: the alerts of the kitchen's camera analytics and sensors, and how each is
//! dealt with in the open. One file per job: the numbers as data (`rules`), an alert's life (`alerts`),
//! a sensor's readings and state (`sensors`) and what the public may see of both (`public`).

mod alerts;
mod public;
mod rules;
mod sensors;

pub use alerts::*;
pub use public::*;
pub use rules::*;
pub use sensors::*;

use crate::wire::wire_names;
use serde::Serialize;

/// What an alert is about: what a camera's analytics box flagged, or a sensor out of its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertCategory {
    /// 未戴厨师帽.
    NoHat,
    /// 未穿工作服.
    NoUniform,
    /// 未戴口罩.
    NoMask,
    /// 未戴手套.
    NoGloves,
    /// 吸烟.
    Smoking,
    /// 玩手机.
    PhoneUse,
    /// 老鼠 (a cat is not a rat: often a false alarm).
    Rodent,
    /// 垃圾桶未盖.
    BinOpen,
    /// 离岗.
    NobodyAtPost,
    /// A sensor out of its kind's range for longer than its grace period (超温).
    OutOfRange,
}

wire_names!(AlertCategory: NoHat, NoUniform, NoMask, NoGloves, Smoking, PhoneUse, Rodent, BinOpen, NobodyAtPost, OutOfRange);

impl AlertCategory {
    pub const ALL: [AlertCategory; 10] = [
        AlertCategory::NoHat,
        AlertCategory::NoUniform,
        AlertCategory::NoMask,
        AlertCategory::NoGloves,
        AlertCategory::Smoking,
        AlertCategory::PhoneUse,
        AlertCategory::Rodent,
        AlertCategory::BinOpen,
        AlertCategory::NobodyAtPost,
        AlertCategory::OutOfRange,
    ];

    /// The wire name, also used in the database and in an ingest's query.
    pub fn as_str(self) -> &'static str {
        ["no_hat", "no_uniform", "no_mask", "no_gloves", "smoking", "phone_use", "rodent", "bin_open", "nobody_at_post", "out_of_range"]
            [self as usize]
    }

    pub fn parse(s: &str) -> Option<AlertCategory> {
        AlertCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether a camera's box may send it (a sensor's alerts are the server's own).
    pub fn from_camera(self) -> bool {
        self != AlertCategory::OutOfRange
    }
}

/// What a sensor measures, each kind with its own range in [`WatchRules`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SensorKind {
    /// 冷藏.
    Refrigerator,
    /// 冷冻.
    Freezer,
    /// 留样冷藏.
    SampleRefrigerator,
    /// 消毒柜: each cycle's top temperature.
    DisinfectionCabinet,
    /// 专间 (凉菜间) room temperature.
    ColdDishRoom,
}

wire_names!(SensorKind: Refrigerator, Freezer, SampleRefrigerator, DisinfectionCabinet, ColdDishRoom);

impl SensorKind {
    pub const ALL: [SensorKind; 5] =
        [SensorKind::Refrigerator, SensorKind::Freezer, SensorKind::SampleRefrigerator, SensorKind::DisinfectionCabinet, SensorKind::ColdDishRoom];

    /// The wire name, also used in the database and on the server's command line.
    pub fn as_str(self) -> &'static str {
        ["refrigerator", "freezer", "sample_refrigerator", "disinfection_cabinet", "cold_dish_room"][self as usize]
    }

    pub fn parse(s: &str) -> Option<SensorKind> {
        SensorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in AlertCategory::ALL {
            assert_eq!(AlertCategory::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<AlertCategory>(&format!("\"{}\"", c.as_str())).unwrap(), c);
        }
        for k in SensorKind::ALL {
            assert_eq!(SensorKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        assert_eq!(AlertCategory::parse("cat"), None);
        assert!(!AlertCategory::OutOfRange.from_camera() && AlertCategory::Rodent.from_camera());
    }
}
