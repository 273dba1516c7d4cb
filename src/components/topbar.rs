use leptos::prelude::*;

use crate::i18n::{set_lang, use_lang};

/// The bar at the top of every page: the site's name (home link) and the language switch.
#[component]
pub fn Topbar() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"明"</span>
                {move || lang.get().t().site_name}
            </a>
            <button
                class="lang-toggle"
                type="button"
                lang=move || lang.get().other().tag()
                aria-label=move || lang.get().t().switch_language_label
                on:click=move |_| set_lang(lang.get_untracked().other())
            >
                {move || lang.get().t().switch_language}
            </button>
        </header>
    }
}
