//! The reader's language as a signal. Words live in `mingchu_types::i18n`, shared with the server.
//! The choice is remembered in a cookie, so the server's first paint uses it too.

use leptos::prelude::*;
use mingchu_types::i18n::Lang;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
struct LangContext(RwSignal<Lang>);

/// Starts with the language the server rendered (`<html lang>`: the page's address, `?lang=en`, or the
/// cookie). An English page opened from its address by a browser that chose no language yet makes it
/// the choice, so that the next page the server paints is English too.
pub fn provide_i18n() {
    let initial =
        document().document_element().and_then(|e| e.get_attribute("lang")).map(|tag| if tag.starts_with("en") { Lang::En } else { Lang::Zh });
    let initial = initial.unwrap_or_default();
    provide_context(LangContext(RwSignal::new(initial)));
    let chosen = document().dyn_into::<web_sys::HtmlDocument>().ok().and_then(|d| d.cookie().ok()).and_then(|c| Lang::from_cookie_header(&c));
    if initial != Lang::default() && chosen.is_none() {
        remember(initial);
    }
}

pub fn use_lang() -> Signal<Lang> {
    expect_context::<LangContext>().0.into()
}

/// Switches language, remembers it for a year and updates `<html lang>`.
pub fn set_lang(lang: Lang) {
    expect_context::<LangContext>().0.set(lang);
    let doc = document();
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    remember(lang);
}

/// Keeps the choice in the cookie for a year (the server leads pages asked without `?lang=` to it).
fn remember(lang: Lang) {
    if let Ok(html_doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = html_doc.set_cookie(&format!("{}={}; path=/; max-age=31536000; samesite=lax", Lang::COOKIE, lang.code()));
    }
}
