//! 伙食费公示: what a pupil pays for meals, and a term's accounts as the school publishes them, with the
//! share spent on food worked out (parents ask most about price against portion and quality).

use serde::{Deserialize, Serialize};

use super::Term;

/// How a fee is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeePer {
    Day,
    Term,
}

/// A term's meal fee and accounts, in fen (分) so that sums are exact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermAccounts {
    pub term: Term,
    pub fee_fen: u64,
    pub fee_per: FeePer,
    pub income_fen: u64,
    pub ingredients_fen: u64,
    pub staff_fen: u64,
    pub other_fen: u64,
}

/// What is wrong with accounts as entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountsProblem {
    NoFee,
    /// More spent than the term's income: possible (a subsidy), but the school must say so in its note.
    SpentMoreThanIncome,
}

impl TermAccounts {
    pub fn spent_fen(&self) -> u64 {
        self.ingredients_fen.saturating_add(self.staff_fen).saturating_add(self.other_fen)
    }

    /// The share of the spending that went on ingredients, in tenths of a percent; `None` with no spending.
    pub fn food_share_permille(&self) -> Option<u16> {
        let spent = self.spent_fen();
        (spent > 0).then(|| (u128::from(self.ingredients_fen) * 1000 / u128::from(spent)) as u16)
    }

    pub fn problems(&self, noted: bool) -> Vec<AccountsProblem> {
        let mut problems = vec![];
        if self.fee_fen == 0 {
            problems.push(AccountsProblem::NoFee);
        }
        if self.spent_fen() > self.income_fen && !noted {
            problems.push(AccountsProblem::SpentMoreThanIncome);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(n: u64) -> u64 {
        n * 100
    }

    fn accounts() -> TermAccounts {
        TermAccounts {
            term: Term { year: 2026, autumn: true },
            fee_fen: 1_200,
            fee_per: FeePer::Day,
            income_fen: yuan(100_000),
            ingredients_fen: yuan(72_000),
            staff_fen: yuan(20_000),
            other_fen: yuan(5_000),
        }
    }

    #[test]
    fn the_food_share_is_of_what_was_spent() {
        let a = accounts();
        assert_eq!(a.spent_fen(), yuan(97_000));
        assert_eq!(a.food_share_permille(), Some(742));
        assert!(a.problems(false).is_empty());
        let none = TermAccounts { ingredients_fen: 0, staff_fen: 0, other_fen: 0, ..accounts() };
        assert_eq!(none.food_share_permille(), None);
    }

    #[test]
    fn a_deficit_needs_a_note_and_a_fee_is_needed() {
        let deficit = TermAccounts { income_fen: yuan(90_000), ..accounts() };
        assert_eq!(deficit.problems(false), vec![AccountsProblem::SpentMoreThanIncome]);
        assert!(deficit.problems(true).is_empty());
        assert_eq!(TermAccounts { fee_fen: 0, ..accounts() }.problems(false), vec![AccountsProblem::NoFee]);
    }
}
