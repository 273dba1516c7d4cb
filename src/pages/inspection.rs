use leptos::prelude::*;
use mingchu_types::{markup, InspectionSheet};

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
        async move {
            match api::inspection(&code, &id).await {
                Ok(sheet) => Ok(Sheet::Found(Box::new(sheet))),
                // Not this unit's inspection: say so, unless the unit itself is unknown (then "not found").
                Err(e) if e.is_not_found() => api::unit(&code).await.map(|page| Sheet::Missing { code, name: page.unit.name }),
                Err(e) => Err(e),
            }
        }
    });
    loaded(
        sheet,
        &[44, 120, 420, 120],
        move || sheet.refetch(),
        move |sheet| {
            let lang = lang.get_untracked();
            let lk = lang.look();
            let (title, html) = match sheet {
                Sheet::Found(sheet) => (format!("{} · {}", lk.sheet_title, sheet.header.name), markup::sheet_screen(lang, &sheet)),
                Sheet::Missing { code, name } => (lk.sheet_missing_title.to_owned(), markup::sheet_missing(lang, &code, &name)),
            };
            set_title(&title);
            view! { <div class="stack" inner_html=html></div> }.into_any()
        },
    )
}

/// The sheet, or the unit's name when it has no such inspection.
#[derive(Clone)]
enum Sheet {
    Found(Box<InspectionSheet>),
    Missing { code: String, name: String },
}
