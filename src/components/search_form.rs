use leptos::prelude::*;
use mingchu_types::MAX_QUERY_CHARS;

use crate::i18n::use_lang;
use crate::router::navigate;

/// The unit search box. Submitting puts the query in the address (`/?q=`), so results can be shared
/// and the back button works; the same form works without the app, against the server.
#[component]
pub fn SearchForm(#[prop(into)] initial: String) -> impl IntoView {
    let t = use_lang().get_untracked().t();
    let query = RwSignal::new(initial);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        navigate(&format!("/?q={}", mingchu_types::percent_encode(q.trim())));
    };
    view! {
        <form class="search" role="search" action="/" method="get" on:submit=on_submit>
            <label for="q" class="search-label">{t.search_label}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    maxlength=MAX_QUERY_CHARS
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=t.search_placeholder
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button type="submit">{t.search_button}</button>
            </div>
        </form>
    }
}
