use std::rc::Rc;

use leptos::prelude::*;
use mingchu_types::{markup, ReviewList, UnitPage};

use super::{set_title, use_unit};
use crate::api;
use crate::components::feedback::loaded;
use crate::components::pager::{MoreFn, Pager};
use crate::i18n::use_lang;

/// `/u/{code}/reviews`: diners' published reviews, newest first, a page at a time, with the owner's replies.
#[component]
pub fn ReviewsPage(code: String) -> impl IntoView {
    let (unit, retry) = use_unit(code.clone());
    let code = StoredValue::new(code);
    let first = LocalResource::new(move || {
        let code = code.get_value();
        async move { api::reviews(&code, None).await }
    });
    let both = LocalResource::new(move || async move {
        let page = unit.await?;
        Ok((page, first.await?))
    });
    loaded(
        both,
        &[44, 32, 120, 120],
        move || {
            retry();
            first.refetch();
        },
        move |(page, list)| view! { <Reviews page list/> }.into_any(),
    )
}

#[component]
fn Reviews(page: UnitPage, list: ReviewList) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let code = page.unit.code.clone();
    set_title(&format!("{} · {}", lang.t().reviews_title, page.unit.name));
    let head = markup::reviews_head(lang, &code, &page.unit.name, list.items.is_empty());
    let more: MoreFn = Rc::new(move |cursor| {
        let code = code.clone();
        Box::pin(async move {
            let page = api::reviews(&code, Some(&cursor)).await?;
            Ok((markup::review_items(lang, &page.items), page.next_cursor))
        })
    });
    // This phone's reviews waiting or hidden are in no page every reader shares: asked after first
    // paint and shown above the others, to their author alone.
    let own = RwSignal::new(None::<String>);
    let unit = page.unit.code.clone();
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::my_reviews(&unit).await {
            if !list.items.is_empty() {
                own.try_set(Some(markup::review_items(lang, &list.items)));
            }
        }
    });
    view! {
        <div class="stack" inner_html=head></div>
        {move || own.get().map(|rows| view! { <ul class="reviews own-reviews" inner_html=rows></ul> })}
        <Pager list_class="reviews" rows=markup::review_items(lang, &list.items) next=list.next_cursor more/>
    }
}
