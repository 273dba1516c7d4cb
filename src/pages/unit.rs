use leptos::prelude::*;
use mingchu_types::markup;

use super::{not_found::NotFound, set_title, use_unit};
use crate::api;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::official::OfficialMarkup;
use crate::i18n::use_lang;

/// `/u/{code}`: the unit's first screen. Official facts first: identity, grade, licence, latest inspection.
#[component]
pub fn UnitHome() -> impl IntoView {
    let lang = use_lang();
    let (code, unit) = use_unit();
    let retry = move |_| {
        api::forget_unit(&code.get_untracked());
        unit.refetch();
    };
    view! {
        <Suspense fallback=|| view! { <Skeleton/> }>
            {move || Suspend::new(async move {
                match unit.await {
                    Ok(page) => {
                        set_title(&format!("{} · {}", page.unit.name, lang.get_untracked().t().site_name));
                        let html = Signal::derive(move || markup::unit_first_screen(lang.get(), &page));
                        view! { <OfficialMarkup html/> }.into_any()
                    }
                    Err(e) if e.is_not_found() => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=retry/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
