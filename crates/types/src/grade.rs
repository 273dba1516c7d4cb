//! The official quantified food-safety grade (量化分级): a dynamic grade from the latest inspection and an
//! annual grade for the past twelve months.
//!
//! Schemes differ by place (the national smiley faces, a local green/yellow/red variant) and their score
//! thresholds are unverified, so a scheme is data: the server stores it, the page draws whatever it says.

use serde::{Deserialize, Serialize};

use crate::wire::wire_names;
use crate::{Day, Tone};

/// The face drawn for an official grade level. Official faces are drawn differently from diners' faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfficialFace {
    /// 大笑.
    BigSmile,
    /// 微笑.
    Smile,
    /// 平脸.
    Flat,
}

wire_names!(OfficialFace: BigSmile, Smile, Flat);

/// One level of a scheme, e.g. 优秀 / big smile / from 90 points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeLevel {
    /// Stable key, e.g. `excellent`.
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub face: OfficialFace,
    pub tone: Tone,
    /// The lowest score that earns this level.
    pub min_score: u32,
}

/// A grading scheme: its levels from best to worst and when no grade is given at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeScheme {
    /// Stable key, e.g. `national-smiley`.
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    /// Best first.
    pub levels: Vec<GradeLevel>,
    /// This many failed key items or more means no grade, whatever the score.
    pub max_key_failures: u32,
}

impl GradeScheme {
    /// The national scheme as DOMAIN.md describes it (thresholds indicative, hence data).
    pub fn national() -> GradeScheme {
        let level = |key: &str, zh: &str, en: &str, face, tone, min_score| GradeLevel {
            key: key.into(),
            label_zh: zh.into(),
            label_en: en.into(),
            face,
            tone,
            min_score,
        };
        GradeScheme {
            key: "national-smiley".into(),
            name_zh: "餐饮服务食品安全量化分级".into(),
            name_en: "National food-safety grading".into(),
            levels: vec![
                level("excellent", "优秀", "Excellent", OfficialFace::BigSmile, Tone::Good, 90),
                level("good", "良好", "Good", OfficialFace::Smile, Tone::Good, 75),
                level("fair", "一般", "Fair", OfficialFace::Flat, Tone::Warning, 60),
            ],
            max_key_failures: 2,
        }
    }

    /// The level an inspection score earns, or `None` (no grade) when the score is below every level
    /// or too many key items failed.
    pub fn level_for(&self, score: u32, key_failures: u32) -> Option<&GradeLevel> {
        if key_failures >= self.max_key_failures {
            return None;
        }
        self.levels.iter().find(|l| score >= l.min_score)
    }

    pub fn level(&self, key: &str) -> Option<&GradeLevel> {
        self.levels.iter().find(|l| l.key == key)
    }
}

/// Why a unit has no dynamic grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotGradedReason {
    /// No dynamic grade in the first 3 months after a new licence.
    NewLicence,
    /// No dynamic grade for 6 months after a food-safety incident.
    Incident,
    /// The score was below every level, or too many key items failed.
    BelowThreshold,
    /// Not yet inspected under the scheme.
    NotInspected,
    /// The published grade cannot be shown (its scheme no longer has its level).
    Unavailable,
}

wire_names!(NotGradedReason: NewLicence, Incident, BelowThreshold, NotInspected, Unavailable);

/// The dynamic grade as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Externally tagged (`{"graded": {…}}`): an internally tagged enum costs the app several KB of
// WebAssembly to buffer and re-read its fields.
#[serde(rename_all = "snake_case")]
pub enum DynamicGrade {
    Graded {
        level: GradeLevel,
        /// The inspection score, when the regulator publishes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<u32>,
        /// The day of the inspection the grade comes from.
        graded_on: Day,
    },
    NotGraded {
        reason: NotGradedReason,
        /// The earliest day a grade can be given, when that is known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<Day>,
    },
}

/// The annual grade (年度等级): A, B or C for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnnualGrade {
    pub letter: AnnualLetter,
    pub year: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AnnualLetter {
    A,
    B,
    C,
}

wire_names!(AnnualLetter as is: A, B, C);

impl AnnualLetter {
    pub fn as_str(self) -> &'static str {
        match self {
            AnnualLetter::A => "A",
            AnnualLetter::B => "B",
            AnnualLetter::C => "C",
        }
    }

    pub fn tone(self) -> Tone {
        match self {
            AnnualLetter::A | AnnualLetter::B => Tone::Good,
            AnnualLetter::C => Tone::Warning,
        }
    }
}

/// The whole official grade: scheme, dynamic grade and (when given) the annual letter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialGrade {
    pub scheme_key: String,
    pub scheme_name_zh: String,
    pub scheme_name_en: String,
    pub dynamic: DynamicGrade,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual: Option<AnnualGrade>,
}

/// Grades are withheld for this many months after a new licence …
pub const NEW_LICENCE_GRACE_MONTHS: i32 = 3;
/// … and for this many after a food-safety incident.
pub const INCIDENT_GRACE_MONTHS: i32 = 6;

/// Whether a dynamic grade may be shown today, given when the licence was first issued and the last
/// food-safety incident, or the reason (and until when) it is withheld.
pub fn grade_withheld(first_licensed_on: Day, last_incident_on: Option<Day>, today: Day) -> Option<(NotGradedReason, Day)> {
    if let Some(incident) = last_incident_on {
        let until = incident.add_months(INCIDENT_GRACE_MONTHS);
        if today < until {
            return Some((NotGradedReason::Incident, until));
        }
    }
    let until = first_licensed_on.add_months(NEW_LICENCE_GRACE_MONTHS);
    (today < until).then_some((NotGradedReason::NewLicence, until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn national_thresholds() {
        let s = GradeScheme::national();
        let key = |score, kf| s.level_for(score, kf).map(|l| l.key.as_str());
        assert_eq!(key(100, 0), Some("excellent"));
        assert_eq!(key(90, 1), Some("excellent"));
        assert_eq!(key(89, 0), Some("good"));
        assert_eq!(key(75, 0), Some("good"));
        assert_eq!(key(74, 0), Some("fair"));
        assert_eq!(key(60, 0), Some("fair"));
        assert_eq!(key(59, 0), None);
        assert_eq!(key(95, 2), None, "two failed key items mean no grade");
    }

    #[test]
    fn scheme_is_data() {
        let json = r#"{"key":"local-traffic","name_zh":"红黄绿","name_en":"Traffic light","max_key_failures":1,
            "levels":[{"key":"green","label_zh":"绿","label_en":"Green","face":"big_smile","tone":"good","min_score":80},
                      {"key":"yellow","label_zh":"黄","label_en":"Yellow","face":"flat","tone":"warning","min_score":50}]}"#;
        let s: GradeScheme = serde_json::from_str(json).unwrap();
        assert_eq!(s.level_for(85, 0).unwrap().key, "green");
        assert_eq!(s.level_for(55, 0).unwrap().key, "yellow");
        assert!(s.level_for(85, 1).is_none());
    }

    #[test]
    fn grace_periods() {
        let licensed = day("2026-10-01");
        assert_eq!(grade_withheld(licensed, None, day("2026-11-29")), Some((NotGradedReason::NewLicence, day("2027-01-01"))));
        assert_eq!(grade_withheld(licensed, None, day("2027-01-01")), None);
        let old = day("2020-01-01");
        assert_eq!(grade_withheld(old, Some(day("2026-08-15")), day("2026-11-29")), Some((NotGradedReason::Incident, day("2027-02-15"))));
        assert_eq!(grade_withheld(old, Some(day("2026-01-15")), day("2026-11-29")), None);
    }
}
