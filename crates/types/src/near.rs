//! 食安地图, near me (issue 17): the units nearest a point, in order of distance, with their grade, licence
//! and today's kitchen records in a word each. Units' coordinates are GCJ-02 (what Chinese map apps use);
//! a phone's position is WGS-84, so it is moved into GCJ-02 before distances are measured. Between two
//! GCJ-02 points the great-circle distance is right to a few metres: the datum's offset from WGS-84 is a
//! few hundred metres that change only slowly across a city.

use serde::{Deserialize, Serialize};

use crate::{DynamicGrade, LicenceStatus, Location, OfficialFace, UnitKind};

/// Units a near-me answer lists by default, and at most.
pub const NEAR_DEFAULT: u32 = 20;
pub const NEAR_MAX: u32 = 50;

/// Decimals a reader's position is rounded to before it leaves the phone (about 100 m): enough to order
/// the units around them, too little to tell their door, and the same address for readers close by
/// (so a shared cache serves them alike).
pub const POSITION_DECIMALS: u32 = 3;

/// The mean earth radius (IUGG), in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle distance between two points of one datum, in metres (haversine).
pub fn distance_m(a: Location, b: Location) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let (dlat, dlng) = ((b.lat - a.lat).to_radians(), (b.lng - a.lng).to_radians());
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// The datum of a position a reader gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// What Chinese map apps show and the units' coordinates are in.
    #[default]
    Gcj02,
    /// What a phone's GPS (the browser's geolocation) gives.
    Wgs84,
}

impl Datum {
    pub fn parse(s: &str) -> Option<Datum> {
        match s {
            "gcj02" => Some(Datum::Gcj02),
            "wgs84" => Some(Datum::Wgs84),
            _ => None,
        }
    }
}

/// A WGS-84 position moved into GCJ-02, the datum of Chinese maps (the published transform; outside
/// mainland China the two are the same).
pub fn wgs84_to_gcj02(p: Location) -> Location {
    use std::f64::consts::PI;
    const A: f64 = 6_378_245.0;
    const EE: f64 = 0.006_693_421_622_965_943;
    if !(72.004..=137.8347).contains(&p.lng) || !(0.8293..=55.8271).contains(&p.lat) {
        return p;
    }
    let (x, y) = (p.lng - 105.0, p.lat - 35.0);
    let wave = |a: f64, b: f64| (20.0 * (6.0 * a * PI).sin() + 20.0 * (2.0 * a * PI).sin()) * 2.0 / 3.0 + b;
    let mut dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    dlat = wave(x, dlat) + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    dlng = wave(x, dlng) + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlng += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = p.lat.to_radians();
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    Location {
        lat: p.lat + (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI),
        lng: p.lng + (dlng * 180.0) / (A / sqrt_magic * rad.cos() * PI),
    }
}

/// Whether a position is a place on earth.
pub fn valid_position(p: Location) -> bool {
    (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lng)
}

/// The grade a reader filters by: one of the official faces, or units without a grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeFilter {
    Face(OfficialFace),
    NotGraded,
}

impl GradeFilter {
    pub const ALL: [GradeFilter; 4] = [
        GradeFilter::Face(OfficialFace::BigSmile),
        GradeFilter::Face(OfficialFace::Smile),
        GradeFilter::Face(OfficialFace::Flat),
        GradeFilter::NotGraded,
    ];

    /// As in the address: `big_smile`, `smile`, `flat`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            GradeFilter::Face(OfficialFace::BigSmile) => "big_smile",
            GradeFilter::Face(OfficialFace::Smile) => "smile",
            GradeFilter::Face(OfficialFace::Flat) => "flat",
            GradeFilter::NotGraded => "none",
        }
    }

    pub fn parse(s: &str) -> Option<GradeFilter> {
        GradeFilter::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn admits(self, grade: &DynamicGrade) -> bool {
        match (self, grade) {
            (GradeFilter::Face(face), DynamicGrade::Graded { level, .. }) => level.face == face,
            (GradeFilter::NotGraded, DynamicGrade::NotGraded { .. }) => true,
            _ => false,
        }
    }
}

/// Today's kitchen records of a unit, in three counts of the day's lines.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodayTally {
    /// Recorded with nothing found.
    pub fine: u32,
    /// Recorded with something that needs attention.
    pub attention: u32,
    /// Due and not recorded.
    pub missing: u32,
}

/// A unit near the point asked about.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub address: String,
    /// GCJ-02.
    pub location: Location,
    /// From the point asked about, as the crow flies, in metres.
    pub distance_m: u32,
    pub grade: DynamicGrade,
    /// Absent when the regulator has not pushed a licence for the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<LicenceStatus>,
    /// Absent when the unit has never kept a record here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<TodayTally>,
}

/// `GET /api/near?lat=&lng=[&datum=wgs84][&kind=][&grade=][&limit=]` or `?region=` (from the middle of
/// the region's units): the nearest units first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearList {
    /// The point distances are measured from, GCJ-02.
    pub from: Location,
    /// The region asked about, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub items: Vec<NearUnit>,
}

/// A distance as people read it: metres to the ten below a kilometre, then kilometres to one decimal
/// (to the kilometre from 100 km).
pub fn distance_words(m: u32) -> String {
    match m {
        0..=994 => format!("{} m", (m + 5) / 10 * 10),
        995..=99_949 => {
            let tenths = (m + 50) / 100;
            format!("{}.{} km", tenths / 10, tenths % 10)
        }
        _ => format!("{} km", (m + 500) / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lng: f64) -> Location {
        Location { lat, lng }
    }

    #[test]
    fn distances_of_known_pairs() {
        // A degree of latitude is the earth's circumference over 360.
        let degree = distance_m(at(36.0, 116.0), at(37.0, 116.0));
        assert!((degree - 111_195.08).abs() < 0.1, "{degree}");
        // A degree of longitude shrinks with the cosine of the latitude.
        let east = distance_m(at(60.0, 10.0), at(60.0, 11.0));
        assert!((east - 111_195.08 / 2.0).abs() < 5.0, "{east}");
        // Beijing (Tiananmen) to Shanghai (People's Square): about 1,067 km.
        let far = distance_m(at(39.9087, 116.3975), at(31.2304, 121.4737));
        assert!((1_060_000.0..1_075_000.0).contains(&far), "{far}");
        // Two demo units in Liaocheng's old town: 1.6 km north and 1.3 km east of each other.
        let near = distance_m(at(36.445_2, 115.978_6), at(36.459_8, 115.993_5));
        assert!((2_000.0..2_200.0).contains(&near), "{near}");
        assert_eq!(distance_m(at(36.4, 116.0), at(36.4, 116.0)), 0.0);
        assert!((distance_m(at(36.4, 116.0), at(36.5, 116.1)) - distance_m(at(36.5, 116.1), at(36.4, 116.0))).abs() < 1e-6);
    }

    #[test]
    fn a_phone_position_moves_into_the_map_datum() {
        // In Beijing the published offset is about 0.0062° east and 0.0014° north (some 570 m).
        let gcj = wgs84_to_gcj02(at(39.908_7, 116.397_5));
        assert!((gcj.lng - 116.397_5 - 0.006_24).abs() < 0.0003, "{gcj:?}");
        assert!((gcj.lat - 39.908_7 - 0.001_40).abs() < 0.0003, "{gcj:?}");
        let moved = distance_m(at(39.908_7, 116.397_5), gcj);
        assert!((400.0..700.0).contains(&moved), "{moved}");
        // Outside mainland China nothing moves.
        assert_eq!(wgs84_to_gcj02(at(51.5072, -0.1276)), at(51.5072, -0.1276));
        // Two phones 1 km apart stay 1 km apart, to the metre: distances are right in either datum.
        let (a, b) = (at(36.445, 115.978), at(36.454, 115.978));
        let (ga, gb) = (wgs84_to_gcj02(a), wgs84_to_gcj02(b));
        assert!((distance_m(a, b) - distance_m(ga, gb)).abs() < 2.0, "{} {}", distance_m(a, b), distance_m(ga, gb));
    }

    #[test]
    fn distances_read_as_people_say_them() {
        assert_eq!(distance_words(0), "0 m");
        assert_eq!(distance_words(344), "340 m");
        assert_eq!(distance_words(345), "350 m");
        assert_eq!(distance_words(994), "990 m");
        assert_eq!(distance_words(995), "1.0 km");
        assert_eq!(distance_words(1_000), "1.0 km");
        assert_eq!(distance_words(1_249), "1.2 km");
        assert_eq!(distance_words(12_350), "12.4 km");
        assert_eq!(distance_words(99_949), "99.9 km");
        assert_eq!(distance_words(99_950), "100 km");
        assert_eq!(distance_words(250_400), "250 km");
    }

    #[test]
    fn grade_filters_read_back_and_admit_their_faces() {
        for g in GradeFilter::ALL {
            assert_eq!(GradeFilter::parse(g.as_str()), Some(g));
        }
        assert_eq!(GradeFilter::parse("A"), None);
        let scheme = crate::GradeScheme::national();
        let graded = DynamicGrade::Graded { level: scheme.levels[0].clone(), score: Some(95), graded_on: "2026-11-02".parse().unwrap() };
        let not = DynamicGrade::NotGraded { reason: crate::NotGradedReason::NewLicence, until: None };
        assert!(GradeFilter::Face(OfficialFace::BigSmile).admits(&graded));
        assert!(!GradeFilter::Face(OfficialFace::Smile).admits(&graded));
        assert!(GradeFilter::NotGraded.admits(&not) && !GradeFilter::NotGraded.admits(&graded));
    }
}
