//! The food business licence (食品经营许可证) and the checks a reader can make on it.

use serde::{Deserialize, Serialize};

use crate::wire::wire_names;
use crate::Day;

/// Every field a consumer must be able to see (SAMR Order No. 78, in force 2023-12-01).
/// Fields printed only on licences issued before 2023-12 are optional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Licence {
    /// 许可证编号, e.g. `JY23715020012345`.
    pub number: String,
    /// 经营者名称.
    pub operator_name: String,
    /// 统一社会信用代码 (sole traders may show a masked ID number instead).
    pub credit_code: String,
    /// 法定代表人（负责人）.
    pub legal_representative: String,
    /// 住所.
    pub residence: String,
    /// 经营场所.
    pub premises: String,
    /// 主体业态, e.g. 单位食堂（学校食堂）.
    pub business_type: String,
    /// 经营项目.
    pub activities: Vec<String>,
    /// 有效期至.
    pub valid_until: Day,
    /// 投诉举报电话.
    pub hotline: String,
    /// 发证机关.
    pub issuer: String,
    /// 发证日期.
    pub issued_on: Day,
    /// 日常监督管理机构 (older licences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervising_office: Option<String>,
    /// 日常监督管理人员 (older licences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervising_officers: Option<String>,
    /// 签发人 (older licences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
}

/// Show "expiring soon" this many days before the end of validity: renewal is due
/// between 90 and 15 working days before expiry.
pub const EXPIRY_WARNING_DAYS: i32 = 90;

/// Where a licence stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Externally tagged (`{"expiring_soon": {"days_left": 30}}`), which is far cheaper to decode in the app.
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    Valid { days_left: i32 },
    ExpiringSoon { days_left: i32 },
    Expired { days_ago: i32 },
}

/// Read as an object of one key, with two small derived structs rather than the enum's derive (a
/// visitor for the enum, its variants' names and each variant's fields): less for the app every
/// visitor loads to carry. The wire format is the derive's.
impl<'de> Deserialize<'de> for LicenceStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<LicenceStatus, D::Error> {
        #[derive(Deserialize)]
        struct Days {
            #[serde(alias = "days_ago")]
            days_left: i32,
        }
        #[derive(Deserialize)]
        struct OneOf {
            valid: Option<Days>,
            expiring_soon: Option<Days>,
            expired: Option<Days>,
        }
        match OneOf::deserialize(d)? {
            OneOf { valid: Some(Days { days_left }), expiring_soon: None, expired: None } => Ok(LicenceStatus::Valid { days_left }),
            OneOf { valid: None, expiring_soon: Some(Days { days_left }), expired: None } => Ok(LicenceStatus::ExpiringSoon { days_left }),
            OneOf { valid: None, expiring_soon: None, expired: Some(Days { days_left: days_ago }) } => Ok(LicenceStatus::Expired { days_ago }),
            _ => Err(serde::de::Error::custom("a licence status is one of valid, expiring_soon or expired")),
        }
    }
}

impl LicenceStatus {
    /// The status of a licence valid until `valid_until` (inclusive), seen on `today`.
    pub fn on(valid_until: Day, today: Day) -> LicenceStatus {
        let days_left = today.days_until(valid_until);
        if days_left < 0 {
            LicenceStatus::Expired { days_ago: -days_left }
        } else if days_left <= EXPIRY_WARNING_DAYS {
            LicenceStatus::ExpiringSoon { days_left }
        } else {
            LicenceStatus::Valid { days_left }
        }
    }

    /// A good / warning / bad reading for the badge colour (never the only signal: the badge has words).
    pub fn tone(self) -> crate::Tone {
        match self {
            LicenceStatus::Valid { .. } => crate::Tone::Good,
            LicenceStatus::ExpiringSoon { .. } => crate::Tone::Warning,
            LicenceStatus::Expired { .. } => crate::Tone::Bad,
        }
    }
}

/// What the licence number tells, when it has the right shape: `JY` + 14 digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceNumberParts {
    /// 1 digit: 2 = catering (confirmed); 1 = food sales and 3 = canteens are unverified.
    pub business_type_code: u8,
    /// 6 digits: province, city, county.
    pub area_code: String,
    /// 6 digits.
    pub sequence: String,
    /// The check digit, whose algorithm is not published: it is read, not verified.
    pub check_digit: u8,
}

/// Splits a licence number into its parts, or `None` if it is not `JY` + 14 digits.
/// Only the pattern is validated: the check-digit algorithm is unverified.
pub fn parse_licence_number(number: &str) -> Option<LicenceNumberParts> {
    let digits = number.strip_prefix("JY")?;
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    Some(LicenceNumberParts {
        business_type_code: b[0] - b'0',
        area_code: digits[1..7].to_owned(),
        sequence: digits[7..13].to_owned(),
        check_digit: b[13] - b'0',
    })
}

/// The 31 symbols of a unified social credit code (GB 32100-2015), valued 0–30 in this order.
const CREDIT_CODE_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17: 3^i mod 31.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// The result of checking a unified social credit code. A failed check is a warning, never a
/// rejection: some legal codes from early pilot areas fail it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CreditCodeCheck {
    /// 18 valid symbols and the check character agrees.
    Valid,
    /// 18 valid symbols but the check character disagrees.
    CheckFailed,
    /// Not 18 symbols of the alphabet (e.g. a sole trader's masked ID number).
    NotACreditCode,
}

wire_names!(CreditCodeCheck: Valid, CheckFailed, NotACreditCode);

/// Verifies the 18th character of a unified social credit code against the first 17. Letters may be
/// written in lower case.
pub fn check_credit_code(code: &str) -> CreditCodeCheck {
    let values: Option<Vec<u32>> =
        code.bytes().map(|c| c.to_ascii_uppercase()).map(|c| CREDIT_CODE_ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)).collect();
    let Some(values) = values.filter(|v| v.len() == 18) else {
        return CreditCodeCheck::NotACreditCode;
    };
    let sum: u32 = values.iter().zip(CREDIT_CODE_WEIGHTS).map(|(v, w)| v * w).sum();
    let expected = (31 - sum % 31) % 31;
    if values[17] == expected {
        CreditCodeCheck::Valid
    } else {
        CreditCodeCheck::CheckFailed
    }
}

/// Computes the check character for 17 leading symbols (used to build valid demo data and in tests).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.bytes().zip(CREDIT_CODE_WEIGHTS) {
        sum += CREDIT_CODE_ALPHABET.iter().position(|&a| a == c)? as u32 * w;
    }
    Some(CREDIT_CODE_ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn licence_number_pattern() {
        let parts = parse_licence_number("JY23501110153674").unwrap();
        assert_eq!(parts.business_type_code, 2);
        assert_eq!(parts.area_code, "350111");
        assert_eq!(parts.sequence, "015367");
        assert_eq!(parts.check_digit, 4);
        for bad in ["", "JY2350111015367", "JY235011101536745", "jy23501110153674", "JX23501110153674", "JY2350111015367A", "JY２3501110153674"] {
            assert_eq!(parse_licence_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn credit_code_check_accepts_published_codes() {
        // Real, published codes (a ministry and a large company).
        assert_eq!(check_credit_code("11100000000013127D"), CreditCodeCheck::Valid);
        assert_eq!(check_credit_code("91110000100003495Y"), CreditCodeCheck::Valid);
        assert_eq!(check_credit_code("91350100M000100Y43"), CreditCodeCheck::Valid);
        assert_eq!(check_credit_code("91110000100003495y"), CreditCodeCheck::Valid, "lower case is the same code");
    }

    #[test]
    fn credit_code_check_flags_a_wrong_check_character() {
        assert_eq!(check_credit_code("91110000100003495X"), CreditCodeCheck::CheckFailed);
        assert_eq!(check_credit_code("11100000000013127E"), CreditCodeCheck::CheckFailed);
    }

    #[test]
    fn credit_code_check_recognises_things_that_are_not_codes() {
        for s in ["", "91110000100003495", "91110000100003495YY", "9111000010000349IY", "37150219******1234"] {
            assert_eq!(check_credit_code(s), CreditCodeCheck::NotACreditCode, "{s}");
        }
    }

    #[test]
    fn check_char_is_zero_when_the_remainder_is_zero() {
        // Every generated code validates, including those whose check value wraps from 31 to 0.
        let mut saw_zero = false;
        for n in 0..2000u32 {
            let first17 = format!("9137150{:010}", n * 7919);
            let c = credit_code_check_char(&first17).unwrap();
            saw_zero |= c == '0';
            assert_eq!(check_credit_code(&format!("{first17}{c}")), CreditCodeCheck::Valid);
        }
        assert!(saw_zero);
    }

    #[test]
    fn licence_status_boundaries() {
        let today = day("2026-11-29");
        assert_eq!(LicenceStatus::on(today.add_days(91), today), LicenceStatus::Valid { days_left: 91 });
        assert_eq!(LicenceStatus::on(today.add_days(90), today), LicenceStatus::ExpiringSoon { days_left: 90 });
        assert_eq!(LicenceStatus::on(today, today), LicenceStatus::ExpiringSoon { days_left: 0 });
        assert_eq!(LicenceStatus::on(today.add_days(-1), today), LicenceStatus::Expired { days_ago: 1 });
    }
}
