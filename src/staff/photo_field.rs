//! One photo for a staff form, shrunk in the browser before it is kept or sent (a kitchen record's
//! samples or ticket, what was put right after an alert): both staff apps use it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::words::frame_words;
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};

/// A shrunk photo and its preview address.
pub type Photo = RwSignal<Option<(Blob, String)>, LocalStorage>;

/// The photo field; `kept` is said while no photo is taken when what the form corrects has one already,
/// which stays unless another is taken.
#[component]
pub fn OnePhoto(label: &'static str, photo: Photo, kept: Option<&'static str>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), frame_words(lang));
    let busy = RwSignal::new(false);
    let note = RwSignal::new(None::<&'static str>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        busy.set(true);
        spawn_local(async move {
            match photos::shrink(&file).await {
                Ok(blob) => {
                    let url = photos::preview_url(&blob).unwrap_or_default();
                    if let Some(Some((_, old))) = photo.try_update(|p| p.replace((blob, url))) {
                        photos::revoke(&old);
                    }
                    note.try_set(None);
                }
                Err(PrepError::NotAnImage) => _ = note.try_set(Some(t.photo_not_image)),
                Err(PrepError::Failed) => _ = note.try_set(Some(t.photo_failed)),
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="field">
            <span class="label">{label}</span>
            {move || photo.with(|p| p.as_ref().map(|(_, url)| view! {
                <span class="k-photo">
                    <img src=url.clone() alt=label width="88" height="88"/>
                    <button type="button" class="button-quiet" on:click=move |_| {
                        if let Some((_, url)) = photo.try_update(Option::take).flatten() { photos::revoke(&url) }
                    }>{w.photo_remove}</button>
                </span>
            }))}
            {move || kept.filter(|_| photo.with(Option::is_none)).map(|kept| view! { <small class="hint">{kept}</small> })}
            <label class="button button-quiet photo-add">
                <input class="visually-hidden" type="file" accept="image/*" on:change=on_pick/>
                {w.photo_take}
            </label>
            {move || busy.get().then(|| view! { <span class="hint" role="status">{t.photo_preparing}</span> })}
            {move || note.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
        </div>
    }
}
