use leptos::prelude::*;

use crate::i18n::{set_lang, use_lang};

/// The bar at the top of every page: the site's name (home link) and the language switch.
#[component]
pub fn Topbar() -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let (t, other) = (lang.t(), lang.other());
        view! {
            <header class="topbar">
                <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">"明"</span>{t.site_name}</a>
                <a class="mine-link" href="/mine">{t.mine_short}</a>
                <button class="lang-toggle" type="button" lang=other.tag() aria-label=t.switch_language_label on:click=move |_| set_lang(other)>
                    {t.switch_language}
                </button>
            </header>
        }
    }
}
