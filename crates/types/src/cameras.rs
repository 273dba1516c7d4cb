//! The delayed kitchen view (明厨亮灶): which kitchen area each public camera looks at, whether it can be
//! watched now, and the proof that its picture is real and current. The delay itself is the server's
//! business: the page only ever gets frames the server judged old enough.

use crate::wire::wire_names;
use serde::{Deserialize, Serialize};

/// Where a camera looks: the areas the 明厨亮灶 rules name, in the order food moves through a kitchen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KitchenArea {
    /// 粗加工.
    RoughPrep,
    /// 切配.
    Cutting,
    /// 烹饪.
    Cooking,
    /// 专间 (cold dishes, raw food).
    SpecialRoom,
    /// 清洗消毒 (washing and disinfecting tableware).
    Washing,
    /// 分餐留样 (portioning and keeping samples).
    Portioning,
    /// 仓库.
    Storeroom,
}

wire_names!(KitchenArea: RoughPrep, Cutting, Cooking, SpecialRoom, Washing, Portioning, Storeroom);

impl KitchenArea {
    pub const ALL: [KitchenArea; 7] = [
        KitchenArea::RoughPrep,
        KitchenArea::Cutting,
        KitchenArea::Cooking,
        KitchenArea::SpecialRoom,
        KitchenArea::Washing,
        KitchenArea::Portioning,
        KitchenArea::Storeroom,
    ];

    /// The wire name, also used in the database and on the server's command line.
    pub fn as_str(self) -> &'static str {
        match self {
            KitchenArea::RoughPrep => "rough_prep",
            KitchenArea::Cutting => "cutting",
            KitchenArea::Cooking => "cooking",
            KitchenArea::SpecialRoom => "special_room",
            KitchenArea::Washing => "washing",
            KitchenArea::Portioning => "portioning",
            KitchenArea::Storeroom => "storeroom",
        }
    }

    pub fn parse(s: &str) -> Option<KitchenArea> {
        KitchenArea::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Whether a camera can be watched now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CameraState {
    /// Sending frames: the delayed picture moves.
    Live,
    /// No frame for a while (or never).
    Offline,
    /// Outside the camera's public viewing hours: nothing is shown, whatever the camera sends.
    OutsideHours,
}

wire_names!(CameraState: Live, Offline, OutsideHours);

/// One public camera, as `GET /api/units/{code}/cameras` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CameraView {
    /// For `GET /api/cameras/{id}/frame`.
    pub id: i64,
    pub area: KitchenArea,
    pub state: CameraState,
    /// Capture time (UTC, RFC 3339 to the second, `"2026-11-29T04:30:05Z"`) of the frame a viewer gets
    /// now; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// When the camera last sent a frame (UTC, RFC 3339), absent if never: "offline since 12:30".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_received_at: Option<String>,
    /// The effective delay in seconds: the camera's own, never below the server's minimum.
    pub delay_secs: u32,
    /// Public viewing hours in China time, `"06:00"` and `"21:00"` (`"24:00"` closes at midnight).
    pub opens: String,
    pub closes: String,
    /// Share of the last 7 days' public-hours minutes in which the camera sent at least one frame, in
    /// permille (0–1000). Counted from when the camera was added, if that is less than 7 days ago, up
    /// to the minute under way once it has a frame; absent while the camera has just been connected
    /// (too few minutes to say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uptime_permille: Option<u32>,
    /// Whether the camera's delayed video can be played now (`video::playlist_path`): segments old
    /// enough to show exist. Without it the page shows the picture sequence of `/frame`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub video: bool,
}

/// `GET /api/units/{code}/cameras`: the unit's public cameras, and which kitchen areas they cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCameras {
    pub cameras: Vec<CameraView>,
    /// The distinct areas the public cameras look at, in [`KitchenArea::ALL`] order.
    pub covered: Vec<KitchenArea>,
    /// The other areas, in [`KitchenArea::ALL`] order.
    pub missing: Vec<KitchenArea>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_names_round_trip() {
        for a in KitchenArea::ALL {
            assert_eq!(KitchenArea::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.as_str()));
        }
        assert_eq!(KitchenArea::parse("bathroom"), None);
    }

    #[test]
    fn camera_view_shape() {
        let view = CameraView {
            id: 3,
            area: KitchenArea::SpecialRoom,
            state: CameraState::OutsideHours,
            captured_at: None,
            last_received_at: Some("2026-11-29T04:30:05Z".into()),
            delay_secs: 180,
            opens: "06:00".into(),
            closes: "21:00".into(),
            uptime_permille: Some(993),
            video: false,
        };
        let json = serde_json::to_string(&view).unwrap();
        assert_eq!(
            json,
            r#"{"id":3,"area":"special_room","state":"outside_hours","last_received_at":"2026-11-29T04:30:05Z","delay_secs":180,"opens":"06:00","closes":"21:00","uptime_permille":993}"#
        );
        assert_eq!(serde_json::from_str::<CameraView>(&json).unwrap(), view);
    }
}
