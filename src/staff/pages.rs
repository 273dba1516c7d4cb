//! The staff app's pages: the owner's (`owner/`) and the regulator's (`regulator/`), but for the kitchen
//! app's (`kitchen/`), which the router loads as new pages.

use leptos::prelude::AnyView;

use super::{owner, regulator, rest, Pages, Side};
use crate::router::{AppKind, Route};

/// The page the address asks for, on the side it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffPages {
    Owner(owner::Screen),
    Regulator(regulator::Screen),
}

impl Pages for StaffPages {
    const APP: AppKind = AppKind::Staff;

    fn screen(path: &str, desk: bool) -> StaffPages {
        if Route::parse(path) == Route::Regulator {
            StaffPages::Regulator(regulator::screen(rest(path, "/regulator"), desk))
        } else {
            StaffPages::Owner(owner::screen(rest(path, "/owner"), desk))
        }
    }

    fn side(&self) -> Side {
        match self {
            StaffPages::Owner(_) => Side::Owner,
            StaffPages::Regulator(_) => Side::Regulator,
        }
    }

    fn page(self) -> AnyView {
        match self {
            StaffPages::Owner(screen) => owner::page(screen),
            StaffPages::Regulator(screen) => regulator::page(screen),
        }
    }
}
