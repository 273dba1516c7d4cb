use leptos::prelude::*;
use mingchu_types::markup;

use super::set_title;
use crate::api;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;

/// `/u/{code}/inspections/{id}`: the whole 监督检查结果记录表, as the operator must post it.
#[component]
pub fn InspectionSheetPage(code: String, id: String) -> impl IntoView {
    let lang = use_lang();
    let ids = StoredValue::new((code, id));
    let sheet = LocalResource::new(move || {
        let (code, id) = ids.get_value();
        async move { api::inspection(&code, &id).await }
    });
    loaded(
        sheet,
        &[44, 120, 420, 120],
        move || sheet.refetch(),
        move |sheet| {
            let lang = lang.get_untracked();
            set_title(&format!("{} · {}", lang.look().sheet_title, sheet.header.name));
            view! { <div class="stack" inner_html=markup::sheet_screen(lang, &sheet)></div> }.into_any()
        },
    )
}
