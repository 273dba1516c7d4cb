use leptos::prelude::*;
use mingchu_types::{markup, MAX_QUERY_CHARS};

use super::set_title;
use crate::api;
use crate::components::feedback::loaded;
use crate::components::search_form::SearchForm;
use crate::i18n::use_lang;
use crate::router::use_query;

/// `/`: what the site is, in two sentences, and the search for a unit by name.
#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let query = use_query("q");
    let q = Memo::new(move |_| query.with(|q| q.trim().to_owned()));
    let results = LocalResource::new(move || {
        let q = q.get();
        async move {
            if q.is_empty() || q.chars().count() > MAX_QUERY_CHARS {
                Ok(None)
            } else {
                api::search(&q, None).await.map(Some)
            }
        }
    });
    let intro = move || {
        let t = lang.get().t();
        set_title(&format!("{} · {}", t.site_name, lang.get().look().site_tagline));
        view! {
            <section class="hero">
                <h1 class="page-h">{format!("{} · {}", t.site_name, lang.get().look().site_tagline)}</h1>
                <p class="about">{lang.get().look().about}</p>
            </section>
            <SearchForm initial=q.get_untracked()/>
            <a class="row-more" href="/near">{lang.get().look().near_link}" ›"</a>
        }
    };
    view! {
        {intro}
        {loaded(results, &[64, 64, 64], move || results.refetch(), move |list| {
            let lang = lang.get_untracked();
            let html = match list {
                Some(list) => markup::unit_results(lang, &list.items),
                // The search box allows no more; a longer query can only come from an edited address.
                None if q.with_untracked(|q| q.chars().count() > MAX_QUERY_CHARS) => {
                    format!(r#"<p class="alert tone-warning" role="alert">{}</p>"#, markup::esc(lang.look().search_too_long))
                }
                None => markup::grade_legend(lang),
            };
            view! { <div class="stack" inner_html=html></div> }.into_any()
        })}
    }
}
