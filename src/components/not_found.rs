use leptos::prelude::*;

use super::search_form::SearchForm;
use super::set_title;
use crate::i18n::use_lang;

/// For an unknown unit code or path: say so kindly and offer the search.
#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    move || {
        let t = lang.get().t();
        set_title(t.not_found_title);
        view! {
            <section class="card notfound">
                <h1 class="page-h">{t.not_found_title}</h1>
                <p>{t.not_found_body}</p>
                <SearchForm initial=""/>
            </section>
        }
    }
}
