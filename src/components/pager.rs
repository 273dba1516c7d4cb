use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::FetchError;
use crate::i18n::use_lang;

/// Fetches the page after a cursor: its rows as markup, and the next cursor.
pub type MoreFn = Rc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Result<(String, Option<String>), FetchError>>>>>;

/// A list that grows by "load more". Its rows come as markup from the shared renderer, so one
/// component serves every paged list (and the app stays small).
#[component]
pub fn Pager(list_class: &'static str, rows: String, next: Option<String>, more: MoreFn) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let rows = RwSignal::new(rows);
    let next = RwSignal::new(next);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<FetchError>);
    let more = StoredValue::new_local(more);
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        let page = more.with_value(|more| more(cursor));
        loading.set(true);
        spawn_local(async move {
            match page.await {
                Ok((added, cursor)) => {
                    rows.update(|r| r.push_str(&added));
                    next.set(cursor);
                    failed.set(None);
                }
                Err(e) => failed.set(Some(e)),
            }
            loading.set(false);
        });
    };
    view! {
        <ul class=list_class inner_html=move || rows.get()></ul>
        {move || failed.get().map(|e| view! { <p class="alert tone-bad" role="alert">{e.message(lang)}</p> })}
        {move || next.with(Option::is_some).then(|| view! {
            <button type="button" class="button-quiet" disabled=move || loading.get() on:click=load_more>{lang.look().load_more}</button>
        })}
    }
}
