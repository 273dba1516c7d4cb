use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mingchu_types::{DynamicGrade, UnitSummary};

use super::set_title;
use crate::api;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::components::search_form::SearchForm;
use crate::i18n::use_lang;

/// `/`: what the site is, in two sentences, and the search for a unit by name.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default().trim().to_owned()));
    Effect::new(move || {
        let t = lang.get().t();
        set_title(&format!("{} · {}", t.site_name, t.site_tagline));
    });
    let results = LocalResource::new(move || {
        let q = q.get();
        async move {
            if q.is_empty() {
                None
            } else {
                Some(api::search(&q, None).await)
            }
        }
    });
    view! {
        <section class="hero">
            <h1 class="page-h">{move || format!("{} · {}", lang.get().t().site_name, lang.get().t().site_tagline)}</h1>
            <p class="about">{move || lang.get().t().about}</p>
        </section>
        {move || view! { <SearchForm initial=q.get()/> }}
        <Suspense fallback=|| view! { <Skeleton blocks=&[64, 64, 64]/> }>
            {move || Suspend::new(async move {
                match results.await {
                    None => ().into_any(),
                    Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{move || lang.get().t().search_none}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <h2 class="visually-hidden">{move || lang.get().t().search_results}</h2>
                        <ul class="results">
                            {list.items.into_iter().map(|u| view! { <li><ResultItem unit=u/></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(e)) => view! { <ErrorPanel error=e on_retry=move |_| results.refetch()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One unit found: name, kind, address and its official grade word.
#[component]
fn ResultItem(unit: UnitSummary) -> impl IntoView {
    let lang = use_lang();
    let UnitSummary { code, name, kind, address, grade } = unit;
    let (tone, grade_word) = match grade {
        DynamicGrade::Graded { level, .. } => (level.tone.class(), Some((level.label_zh, level.label_en))),
        DynamicGrade::NotGraded { .. } => ("tone-none", None),
    };
    view! {
        <a class=format!("result {tone}") href=format!("/u/{code}")>
            <span class="result-name">{name}</span>
            <span class="result-meta">{move || format!("{} · {}", lang.get().t().unit_kind(kind), address)}</span>
            <span class="result-grade">{move || {
                let lang = lang.get();
                let word = match (&grade_word, lang) {
                    (Some((zh, _)), mingchu_types::i18n::Lang::Zh) => zh.clone(),
                    (Some((_, en)), _) => en.clone(),
                    (None, _) => lang.t().not_graded.to_owned(),
                };
                format!("{}：{word}", lang.t().dynamic_grade)
            }}</span>
        </a>
    }
}
