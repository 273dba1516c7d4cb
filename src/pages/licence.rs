use leptos::prelude::*;
use mingchu_types::markup;

use super::{set_title, use_unit};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;

/// `/u/{code}/licence`: every licence field, with the credit code's check character verified.
#[component]
pub fn LicencePage(code: String) -> impl IntoView {
    let lang = use_lang();
    let (unit, retry) = use_unit(code);
    loaded(unit, &[44, 72, 560], retry, move |page| {
        let lang = lang.get_untracked();
        set_title(&format!("{} · {}", lang.look().licence_title, page.unit.name));
        view! { <div class="stack" inner_html=markup::licence_screen(lang, &page)></div> }.into_any()
    })
}
