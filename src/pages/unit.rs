use leptos::prelude::*;
use mingchu_types::markup;

use super::{set_title, use_unit};
use crate::api;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;

/// `/u/{code}`: the unit's first screen. Official facts first: identity, grade, licence, latest inspection.
#[component]
pub fn UnitHome() -> impl IntoView {
    let lang = use_lang();
    let (code, unit) = use_unit();
    let retry = move || {
        api::forget_unit(&code.get_untracked());
        unit.refetch();
    };
    loaded(unit, &[72, 190, 96, 96], retry, move |page| {
        let lang = lang.get_untracked();
        set_title(&format!("{} · {}", page.unit.name, lang.t().site_name));
        view! { <div class="stack" inner_html=markup::unit_first_screen(lang, &page)></div> }.into_any()
    })
}
