use std::rc::Rc;

use leptos::prelude::*;
use mingchu_types::{markup, InspectionList};

use super::set_title;
use crate::api;
use crate::components::feedback::loaded;
use crate::components::pager::{MoreFn, Pager};
use crate::i18n::use_lang;

/// `/u/{code}/inspections`: the whole inspection history, newest first, a page at a time.
#[component]
pub fn InspectionsPage(code: String) -> impl IntoView {
    let code = StoredValue::new(code);
    let first = LocalResource::new(move || {
        let code = code.get_value();
        async move { api::inspections(&code, None).await }
    });
    loaded(first, &[44, 32, 84, 84, 84, 84], move || first.refetch(), move |list| view! { <History code=code.get_value() list/> }.into_any())
}

/// The history: heading and count, then the rows, a page at a time.
#[component]
fn History(code: String, list: InspectionList) -> impl IntoView {
    let lang = use_lang().get_untracked();
    set_title(&format!("{} · {}", lang.look().inspections_title, code));
    let head = markup::inspections_head(lang, &code, list.total);
    let rows = markup::inspection_items(lang, &code, &list.items);
    let more: MoreFn = Rc::new(move |cursor| {
        let code = code.clone();
        Box::pin(async move {
            let page = api::inspections(&code, Some(&cursor)).await?;
            Ok((markup::inspection_items(lang, &code, &page.items), page.next_cursor))
        })
    });
    view! {
        <div class="stack" inner_html=head></div>
        <Pager list_class="inspections" rows next=list.next_cursor more/>
    }
}
