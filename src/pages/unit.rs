use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::fill;
use mingchu_types::{markup, Smiley, UnitPage};
use wasm_bindgen::JsCast;

use super::{set_title, use_unit};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::{api, outbox};

/// `/u/{code}`: the unit's first screen. Official facts first (identity, grade, licence, latest
/// inspection), then, set apart, what diners say, where one tap rates the unit.
#[component]
pub fn UnitHome(code: String) -> impl IntoView {
    let (unit, retry) = use_unit(code);
    loaded(unit, &[72, 190, 96, 96], retry, move |page| {
        // Redrawn after a language switch: keep the diner's vote made since the page loaded.
        let page = api::cached_unit(&page.unit.code).unwrap_or(page);
        view! { <FirstScreen page/> }.into_any()
    })
}

/// The first screen, drawn by the shared renderer; taps on the smiley buttons are caught here.
#[component]
fn FirstScreen(page: UnitPage) -> impl IntoView {
    let lang = use_lang().get_untracked();
    set_title(&format!("{} · {}", page.unit.name, lang.t().site_name));
    let code = page.unit.code.clone();
    let page = RwSignal::new(page);
    // Why the last tap did not count, in the reader's words.
    let failed = RwSignal::new(None::<String>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let smiley = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-smiley]").ok().flatten())
            .and_then(|button| button.get_attribute("data-smiley"))
            .and_then(|s| Smiley::parse(&s));
        let Some(smiley) = smiley else { return };
        let code = code.clone();
        spawn_local(async move {
            match api::rate(&code, smiley).await {
                Ok(ratings) => {
                    page.update(|p| p.ratings = ratings);
                    failed.set(None);
                }
                // No answer is the network's; a refusal is worded by its reason ("look at the page a
                // few seconds first", "try again in a minute").
                Err(api::FetchError::Network) => failed.set(Some(lang.look().rate_failed.to_owned())),
                Err(e) => failed.set(Some(e.message(lang))),
            }
        });
    };
    // This phone's vote today is not in the page every reader shares: asked after first paint, it only
    // presses a button and changes the prompt's words.
    spawn_local({
        let code = page.with_untracked(|p| p.unit.code.clone());
        async move {
            if let Some(vote) = api::my_vote(&code).await {
                page.try_update(|p| p.ratings.mine = Some(vote));
            }
        }
    });
    // What this phone wrote and could not send yet: one tap opens the page that sends it.
    let waiting = LocalResource::new(outbox::waiting_count);
    view! {
        {move || waiting.get().filter(|n| *n > 0).map(|n| view! { <a class="note-box waiting-note" href="/mine">{fill(lang.look().drafts_waiting, n)}</a> })}
        <div class="stack" on:click=on_click inner_html=move || page.with(|p| markup::unit_first_screen(lang, p))></div>
        {move || failed.get().map(|why| view! { <p class="alert tone-bad" role="alert">{why}</p> })}
    }
}
