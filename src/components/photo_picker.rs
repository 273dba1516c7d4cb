//! A draft's photos: thumbnails with a remove button, and "add", which shrinks each photo in the
//! browser (see `photos.rs`) before it joins the draft.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::fill;
use mingchu_types::MAX_PHOTOS;
use wasm_bindgen::JsCast;

use super::field_error::field_error;
use crate::draft_rules::{may_add_photo, photos_taken, Field, FieldError};
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};

/// The photos picked, shrunk, with their preview addresses.
pub type Picked = RwSignal<Vec<(web_sys::Blob, String)>, LocalStorage>;

/// The photo field. `busy` counts the photos being shrunk (the form waits for them before it sends);
/// `on_change` runs when a photo was added or removed.
#[component]
pub fn PhotoPicker<F>(picked: Picked, busy: RwSignal<u32>, errors: RwSignal<Vec<FieldError>>, on_change: F) -> impl IntoView
where
    F: Fn() + Copy + Send + Sync + 'static,
{
    let t = use_lang().get_untracked().t();
    let note = RwSignal::new(None::<&'static str>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files: Vec<web_sys::File> = input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        input.set_value("");
        let (taken, left_out) = photos_taken(picked.with_untracked(Vec::len), files.len());
        note.set(left_out.then_some(t.too_many_photos));
        for file in files.into_iter().take(taken) {
            busy.update(|n| *n += 1);
            // The diner may leave while a photo shrinks: then the form is gone, and so is the photo.
            spawn_local(async move {
                match photos::shrink(&file).await {
                    Ok(blob) => {
                        if let Some(url) = photos::preview_url(&blob) {
                            if picked.try_update(|p| p.push((blob, url))).is_some() {
                                on_change();
                            }
                        }
                    }
                    Err(PrepError::NotAnImage) => _ = note.try_set(Some(t.photo_not_image)),
                    Err(PrepError::Failed) => _ = note.try_set(Some(t.photo_failed)),
                }
                busy.try_update(|n| *n -= 1);
            });
        }
    };
    let remove = move |i: usize| {
        picked.update(|p| {
            if i < p.len() {
                photos::revoke(&p.remove(i).1);
            }
        });
        on_change();
    };
    view! {
        <div class="field">
            <span class="label" id="photos-label">{fill(t.photos_label, MAX_PHOTOS)}</span>
            <ul class="photo-picks" aria-labelledby="photos-label">
                {move || picked.with(|p| p.iter().enumerate().map(|(i, (_, url))| view! {
                    <li>
                        <img src=url.clone() alt=fill(t.photo_alt, i + 1) width="88" height="88"/>
                        <button type="button" class="photo-remove" aria-label=fill(t.photo_remove, i + 1) on:click=move |_| remove(i)>"×"</button>
                    </li>
                }).collect_view())}
            </ul>
            {move || may_add_photo(picked.with(Vec::len)).then(|| view! {
                <label class="button button-quiet photo-add">
                    <input class="visually-hidden" type="file" accept="image/*" multiple on:change=on_pick/>
                    {t.photo_add}
                </label>
            })}
            {move || (busy.get() > 0).then(|| view! { <span class="hint" role="status">{t.photo_preparing}</span> })}
            {move || note.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
            {field_error(errors, Field::Photos)}
        </div>
    }
}
