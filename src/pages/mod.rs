//! One page per route.

pub mod home;
pub mod inspections;
pub mod licence;
pub mod live;
pub mod mine;
pub mod near;
pub mod painted;
pub mod reviews;
pub mod survey;
pub mod ticket;
pub mod unit;
pub mod write;

use leptos::prelude::*;
use mingchu_types::UnitPage;

use crate::api::{self, FetchError};
pub use crate::components::set_title;

/// A unit, loaded once (or read from the inlined data), and how to load it again for "try again".
pub fn use_unit(code: String) -> (LocalResource<Result<UnitPage, FetchError>>, impl Fn() + Copy + Send + Sync + 'static) {
    let code = StoredValue::new(code);
    let unit = LocalResource::new(move || {
        let code = code.get_value();
        async move { api::unit(&code).await }
    });
    let retry = move || {
        api::forget_unit(&code.get_value());
        unit.refetch();
    };
    (unit, retry)
}
