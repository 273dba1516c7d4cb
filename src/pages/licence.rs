use leptos::prelude::*;
use mingchu_types::markup;

use super::{not_found::NotFound, set_title, use_unit};
use crate::api;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::official::OfficialMarkup;
use crate::i18n::use_lang;

/// `/u/{code}/licence`: every licence field, with the credit code's check character verified.
#[component]
pub fn LicencePage() -> impl IntoView {
    let lang = use_lang();
    let (code, unit) = use_unit();
    let retry = move |_| {
        api::forget_unit(&code.get_untracked());
        unit.refetch();
    };
    view! {
        <a class="back" href=move || format!("/u/{}", code.get())>{move || lang.get().t().back_to_unit}</a>
        <Suspense fallback=|| view! { <Skeleton blocks=&[72, 560]/> }>
            {move || Suspend::new(async move {
                match unit.await {
                    Ok(page) => {
                        let t = lang.get_untracked().t();
                        set_title(&format!("{} · {}", t.licence_title, page.unit.name));
                        let html = Signal::derive(move || {
                            let lang = lang.get();
                            format!("{}{}", markup::unit_identity(lang, &page), markup::licence_page(lang, &page))
                        });
                        view! { <OfficialMarkup html/> }.into_any()
                    }
                    Err(e) if e.is_not_found() => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=retry/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
