//! What parents' pages and the school's entries share: which units they are for, and the rules they are
//! judged by. The menu and 陪餐 are in `school_meals.rs`, fees and the survey in `school_terms.rs`.

use std::sync::OnceLock;

use mingchu_types::school::{for_parents, SchoolRules};

use super::error::ApiError;
use crate::store::UnitRecord;
use crate::AppState;

/// The rules menus, 陪餐, accounts and surveys are judged by (the national ones).
pub fn rules() -> &'static SchoolRules {
    static RULES: OnceLock<SchoolRules> = OnceLock::new();
    RULES.get_or_init(SchoolRules::national)
}

/// The unit, when it is a school or kindergarten canteen; `None` for an unknown unit or another kind.
pub async fn school_unit(state: &AppState, code: &str) -> Result<Option<UnitRecord>, ApiError> {
    Ok(state.store.unit(code).await?.filter(|u| for_parents(u.unit.kind)))
}

/// Not a school canteen's page: a 404 like an unknown unit's.
pub fn not_a_school(code: &str) -> ApiError {
    ApiError::not_found(format!("no school or kindergarten canteen with code {code:?}"))
}
