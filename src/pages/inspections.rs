use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::{markup, InspectionList};

use super::{set_title, use_unit};
use crate::api::{self, FetchError};
use crate::components::feedback::{loaded, ErrorPanel};
use crate::i18n::use_lang;

/// `/u/{code}/inspections`: the whole inspection history, newest first, a page at a time.
#[component]
pub fn InspectionsPage() -> impl IntoView {
    let (code, _) = use_unit();
    let first = LocalResource::new(move || {
        let code = code.get();
        async move { api::inspections(&code, None).await }
    });
    loaded(first, &[44, 32, 84, 84, 84, 84], move || first.refetch(), move |list| view! { <History code=code.get_untracked() list/> }.into_any())
}

/// The list, growing by "load more" from the server's cursor.
#[component]
fn History(code: String, list: InspectionList) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = lang.t();
    set_title(&format!("{} · {}", t.inspections_title, code));
    let InspectionList { items, next_cursor, total } = list;
    let items = RwSignal::new(items);
    let next = RwSignal::new(next_cursor);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<FetchError>);
    let code = StoredValue::new(code);
    let load_more = move || {
        let Some(cursor) = next.get_untracked() else { return };
        loading.set(true);
        spawn_local(async move {
            match api::inspections(&code.get_value(), Some(&cursor)).await {
                Ok(page) => {
                    items.update(|v| v.extend(page.items));
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    view! {
        <div class="stack" inner_html=move || markup::inspections_screen(lang, &code.get_value(), total, &items.get())></div>
        {move || match (error.get(), next.with(Option::is_some)) {
            (Some(e), _) => Some(view! { <ErrorPanel error=e on_retry=move |_| load_more()/> }.into_any()),
            (None, true) => Some(view! {
                <button type="button" class="button-quiet" disabled=move || loading.get() on:click=move |_| load_more()>
                    {move || if loading.get() { t.loading } else { t.load_more }}
                </button>
            }.into_any()),
            (None, false) => None,
        }}
    }
}
