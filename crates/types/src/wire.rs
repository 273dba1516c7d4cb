//! A lighter `Deserialize` for the enums whose variants carry no data, named on the wire in snake_case
//! (`"not_graded"`) or as they are (`"A"`): serde's derive writes a visitor for each such enum, ~1 KB of
//! WebAssembly apiece in the app every visitor loads; [`wire_names!`] reads a string and finds it among
//! the enum's variants with one function shared by all of them. The wire format is the derive's.

use serde::{Deserialize, Deserializer};

/// Whether `wire` is the variant name `camel` (`NotGraded`) in snake_case (`not_graded`), as serde's
/// `rename_all = "snake_case"` writes it.
pub fn is_snake_case_of(camel: &str, wire: &str) -> bool {
    let mut wire = wire.bytes();
    for (i, c) in camel.bytes().enumerate() {
        if c.is_ascii_uppercase() && i > 0 && wire.next() != Some(b'_') {
            return false;
        }
        if wire.next() != Some(c.to_ascii_lowercase()) {
            return false;
        }
    }
    wire.next().is_none()
}

/// Which of `variants` (their Rust names) the next value names, in snake_case or (`snake_case` false)
/// as they are.
pub fn variant_index<'de, D: Deserializer<'de>>(d: D, variants: &'static [&'static str], snake_case: bool) -> Result<usize, D::Error> {
    let wire = String::deserialize(d)?;
    let named = |v: &&str| if snake_case { is_snake_case_of(v, &wire) } else { *v == wire };
    variants.iter().position(named).ok_or_else(|| serde::de::Error::unknown_variant(&wire, &[]))
}

/// Implements `Deserialize` for an enum of data-less variants named in snake_case (`wire_names!(T: A,
/// B)`) or as they are (`wire_names!(T as is: A, B)`), listing every variant (the list must be whole: a
/// missing variant does not compile).
macro_rules! wire_names {
    ($t:ident: $($v:ident),+ $(,)?) => {
        $crate::wire::wire_names!(@ $t, true, $($v),+);
    };
    ($t:ident as is: $($v:ident),+ $(,)?) => {
        $crate::wire::wire_names!(@ $t, false, $($v),+);
    };
    (@ $t:ident, $snake_case:expr, $($v:ident),+) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let _every_variant_is_listed = |t: $t| match t {
                    $($t::$v => ()),+
                };
                const VARIANTS: &[$t] = &[$($t::$v),+];
                $crate::wire::variant_index(d, &[$(stringify!($v)),+], $snake_case).map(|i| VARIANTS[i])
            }
        }
    };
}
pub(crate) use wire_names;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_matched_as_serde_writes_them() {
        assert!(is_snake_case_of("NotGraded", "not_graded"));
        assert!(is_snake_case_of("Good", "good"));
        assert!(is_snake_case_of("NotACreditCode", "not_a_credit_code"));
        for wrong in ["notgraded", "not_graded_", "not_grade", "NotGraded", "not__graded", ""] {
            assert!(!is_snake_case_of("NotGraded", wrong), "{wrong}");
        }
    }

    #[test]
    fn enums_read_as_the_derive_wrote_them() {
        use crate::kitchen::{KindState, RecordKind};
        use crate::{AnnualLetter, CreditCodeCheck, ErrorCode, LicenceStatus, Smiley, Tone, UnitKind};
        assert_eq!(serde_json::from_str::<AnnualLetter>(r#""B""#).unwrap(), AnnualLetter::B);
        assert!(serde_json::from_str::<AnnualLetter>(r#""b""#).is_err());
        assert_eq!(serde_json::from_str::<ErrorCode>(r#""idempotency_key_reused""#).unwrap(), ErrorCode::IdempotencyKeyReused);
        assert_eq!(serde_json::from_str::<CreditCodeCheck>(r#""not_a_credit_code""#).unwrap(), CreditCodeCheck::NotACreditCode);
        assert_eq!(serde_json::from_str::<Vec<Tone>>(r#"["good","bad"]"#).unwrap(), vec![Tone::Good, Tone::Bad]);
        assert!(serde_json::from_str::<UnitKind>(r#""school""#).is_err());
        assert!(serde_json::from_str::<UnitKind>("3").is_err());
        for kind in RecordKind::ALL {
            assert_eq!(serde_json::from_str::<RecordKind>(&serde_json::to_string(&kind).unwrap()).unwrap(), kind);
        }
        for status in [LicenceStatus::Valid { days_left: 200 }, LicenceStatus::ExpiringSoon { days_left: 3 }, LicenceStatus::Expired { days_ago: 9 }]
        {
            assert_eq!(serde_json::from_value::<LicenceStatus>(serde_json::to_value(status).unwrap()).unwrap(), status);
        }
        assert!(serde_json::from_str::<LicenceStatus>(r#"{"valid":{"days_left":1},"expired":{"days_ago":2}}"#).is_err());
        assert_eq!(serde_json::from_str::<Smiley>(r#""unsatisfied""#).unwrap(), Smiley::Unsatisfied);
        for state in [KindState::Fine, KindState::Attention, KindState::NotYet, KindState::Missing, KindState::NotRequired, KindState::Closed] {
            assert_eq!(serde_json::from_value::<KindState>(serde_json::to_value(state).unwrap()).unwrap(), state);
        }
    }
}
