use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mingchu_types::markup;

use super::set_title;
use crate::api;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;

/// `/u/{code}/inspections/{id}`: the whole 监督检查结果记录表, as the operator must post it.
#[component]
pub fn InspectionSheetPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let ids = Memo::new(move |_| params.with(|p| (p.get("code").unwrap_or_default(), p.get("id").unwrap_or_default())));
    let sheet = LocalResource::new(move || {
        let (code, id) = ids.get();
        async move { api::inspection(&code, &id).await }
    });
    loaded(sheet, &[44, 120, 420, 120], move || sheet.refetch(), move |sheet| {
        let lang = lang.get_untracked();
        set_title(&format!("{} · {}", lang.t().sheet_title, sheet.header.name));
        view! { <div class="stack" inner_html=markup::sheet_screen(lang, &sheet)></div> }.into_any()
    })
}
