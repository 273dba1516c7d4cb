use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::fill;
use mingchu_types::InspectionBrief;

use super::{not_found::NotFound, set_title, use_unit};
use crate::api::{self, FetchError};
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::i18n::use_lang;

/// `/u/{code}/inspections`: the whole inspection history, newest first, a page at a time.
#[component]
pub fn InspectionsPage() -> impl IntoView {
    let lang = use_lang();
    let (code, _) = use_unit();
    let first = LocalResource::new(move || {
        let code = code.get();
        async move { api::inspections(&code, None).await }
    });
    view! {
        <a class="back" href=move || format!("/u/{}", code.get())>{move || lang.get().t().back_to_unit}</a>
        <h1 class="page-h">{move || lang.get().t().inspections_title}</h1>
        <Suspense fallback=|| view! { <Skeleton blocks=&[84, 84, 84, 84]/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(list) => {
                        set_title(&format!("{} · {}", lang.get_untracked().t().inspections_title, code.get_untracked()));
                        view! { <History code=code.get_untracked() items=list.items next=list.next_cursor total=list.total/> }.into_any()
                    }
                    Err(e) if e.is_not_found() => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move |_| first.refetch()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The list, growing by "load more" from the server's cursor.
#[component]
fn History(code: String, items: Vec<InspectionBrief>, next: Option<String>, total: u32) -> impl IntoView {
    let lang = use_lang();
    let items = RwSignal::new(items);
    let next = RwSignal::new(next);
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
        <p class="sheet-sub">{move || fill(lang.get().t().inspections_total, total)}</p>
        <ul class="inspections">
            <For each=move || items.get() key=|i| i.id let:item>
                <li><InspectionRow code=code.get_value() item/></li>
            </For>
        </ul>
        {move || error.get().map(|e| view! { <ErrorPanel error=e on_retry=move |_| load_more()/> })}
        <Show when=move || next.with(Option::is_some) && error.with(Option::is_none)>
            <button type="button" class="button-quiet" disabled=move || loading.get() on:click=move |_| load_more()>
                {move || if loading.get() { lang.get().t().loading } else { lang.get().t().load_more }}
            </button>
        </Show>
    }
}

/// One inspection in the history: date, type, result and outcome; opens its record sheet.
#[component]
fn InspectionRow(code: String, item: InspectionBrief) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a class="inspection-item" href=format!("/u/{code}/inspections/{}", item.id)>
            <span class="when">{move || lang.get().date(item.date)}</span>
            <span class="what">{move || lang.get().t().inspection_kind(item.kind)}</span>
            <span class="badges">
                <span class=format!("badge {}", item.result.tone().class())>{move || lang.get().t().result(item.result)}</span>
                <span class=format!("badge {}", item.outcome.tone().class())>{move || lang.get().t().outcome(item.outcome)}</span>
            </span>
        </a>
    }
}
