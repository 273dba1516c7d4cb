//! School canteens and parents (issue 14): the week's menu and what it holds, 陪餐 (a responsible adult eating
//! the pupils' meal), meal fees and accounts, and a say each term. Only for school and kindergarten canteens.
//! One file per job: the rules as data (`rules`), school terms (`terms`), the menu and its nutrition check
//! (`menu`), 陪餐 records (`companions`), meal fees and a term's accounts (`fees`), the term's survey (`survey`).

mod companions;
mod fees;
mod menu;
mod rules;
mod survey;
mod terms;
mod wire;

pub use companions::*;
pub use fees::*;
pub use menu::*;
pub use rules::*;
pub use survey::*;
pub use terms::*;
pub use wire::*;

use crate::UnitKind;

/// Whether parents' pages apply to a unit of `kind`.
pub fn for_parents(kind: UnitKind) -> bool {
    matches!(kind, UnitKind::SchoolCanteen | UnitKind::KindergartenCanteen)
}
