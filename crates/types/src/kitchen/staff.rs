//! The unit's food-handling staff and their health certificates (private: owner and regulator only), and
//! what the public may see of them: surname + `*`, post and whether the certificate is valid.

use serde::{Deserialize, Serialize};

use super::KitchenRules;
use crate::Day;

/// A post in the kitchen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// 厨师.
    Chef,
    /// 切配.
    Prep,
    /// 面点.
    Pastry,
    /// 洗消.
    Dishwashing,
    /// 配送.
    Delivery,
    /// 食品安全员.
    SafetyOfficer,
    /// 食品安全总监.
    SafetyDirector,
    /// 负责人.
    Manager,
    Other,
}

impl Post {
    pub const ALL: [Post; 9] = [
        Post::Chef,
        Post::Prep,
        Post::Pastry,
        Post::Dishwashing,
        Post::Delivery,
        Post::SafetyOfficer,
        Post::SafetyDirector,
        Post::Manager,
        Post::Other,
    ];
}

/// 健康证明: issued after a health check, valid one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthCertificate {
    pub number: String,
    pub issued: Day,
    pub valid_until: Day,
}

/// A person on the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub post: Post,
    pub certificate: HealthCertificate,
    /// Still working at the unit; a person who left stays (old records name them) but is not on the roster.
    pub active: bool,
}

/// A certificate on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateState {
    Valid,
    /// Valid for `days_left` more days (0 = its last day), within `rules.certificate_warn_days`.
    Expiring {
        days_left: u16,
    },
    Expired,
    /// Not issued yet on that day: no valid certificate either (a person hired before their first).
    NotYetValid,
}

impl CertificateState {
    /// The state of a certificate on `day`: valid from the day it was issued until `valid_until` (inclusive).
    pub fn on(certificate: &HealthCertificate, day: Day, rules: &KitchenRules) -> CertificateState {
        if day < certificate.issued {
            return CertificateState::NotYetValid;
        }
        match day.days_until(certificate.valid_until) {
            left if left < 0 => CertificateState::Expired,
            left if left <= i32::from(rules.certificate_warn_days) => CertificateState::Expiring { days_left: left as u16 },
            _ => CertificateState::Valid,
        }
    }

    /// Whether a person holding it may do food work that day.
    pub fn valid(self) -> bool {
        matches!(self, CertificateState::Valid | CertificateState::Expiring { .. })
    }
}

impl StaffMember {
    pub fn certificate_on(&self, day: Day, rules: &KitchenRules) -> CertificateState {
        CertificateState::on(&self.certificate, day, rules)
    }

    /// Surname + `*` and post: all the public sees of a person.
    pub fn public_person(&self) -> PublicPerson {
        PublicPerson { name: mask_name(&self.name), post: self.post }
    }
}

/// A name as the public sees it: its first character and `*` (`张三丰` → `张*`; an empty name → `*`).
pub fn mask_name(name: &str) -> String {
    let mut masked: String = name.trim().chars().take(1).collect();
    masked.push('*');
    masked
}

/// A person named in a public record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicPerson {
    /// Masked: `张*`.
    pub name: String,
    pub post: Post,
}

/// A person on the public roster: masked name, post and the certificate's state today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStaff {
    pub name: String,
    pub post: Post,
    pub certificate: CertificateState,
}

/// How many are on the roster and how their certificates stand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterSummary {
    pub on_roster: u32,
    pub valid: u32,
    pub expiring: u32,
    pub expired: u32,
    /// Certificates not issued yet that day.
    #[serde(default)]
    pub not_yet_valid: u32,
}
