//! One page per route.

pub mod home;
pub mod inspection;
pub mod inspections;
pub mod licence;
pub mod not_found;
pub mod unit;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mingchu_types::UnitPage;

use crate::api::{self, FetchError};

/// The `:code` of the current route and its unit, loaded once (or read from the inlined data).
pub fn use_unit() -> (Memo<String>, LocalResource<Result<UnitPage, FetchError>>) {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let unit = LocalResource::new(move || {
        let code = code.get();
        async move { api::unit(&code).await }
    });
    (code, unit)
}

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    document().set_title(title);
}
