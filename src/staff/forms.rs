//! The one kind of form staff fill in again and again: a text (an answer, a reply, a reason) saved to
//! the server, with its error beside it and "saved" after.

use leptos::prelude::*;
use mingchu_types::staff_text;

use super::words::words;
use super::{api, say};
use crate::api::FetchError;
use crate::i18n::use_lang;

/// Where a text goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Save {
    /// The owner's answer to a message (by ticket).
    Answer(String),
    /// The owner's public reply under a review.
    Reply(i64),
    /// The regulator's reason for hiding a review.
    Hide(i64),
}

async fn save(to: Save, text: String) -> Result<(), FetchError> {
    match to {
        Save::Answer(ticket) => api::answer_message(&ticket, text).await,
        Save::Reply(id) => api::reply_to_review(id, text).await,
        Save::Hide(id) => api::hide(id, text).await,
    }
}

/// A labelled text area and its button; `done` gets the text once the server has it (the page shows
/// it in place: nothing else is redrawn, so what is typed in other forms stays). `text` is what is
/// typed, held by the page (so it stays while another item is open beside a list).
#[component]
pub fn TextForm(to: Save, label: &'static str, button: &'static str, text: RwSignal<String>, #[prop(into)] done: Callback<String>) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let to = StoredValue::new(to);
    let send = Action::new_local(move |value: &String| {
        let value = value.clone();
        async move {
            match save(to.get_value(), value.clone()).await {
                Ok(()) => {
                    saved.set(true);
                    done.run(value);
                }
                Err(e) => error.set(Some(say(e, lang.get_untracked()))),
            }
        }
    });
    let id = format!("t-{}", js_sys::Math::random().to_bits());
    let error_id = format!("{id}-e");
    view! {
        <form class="text-form" on:submit=move |ev| {
            ev.prevent_default();
            saved.set(false);
            let value = text.get_untracked();
            match staff_text(&value) {
                Some(v) => { error.set(None); send.dispatch(v.to_owned()); }
                None => error.set(Some(words(lang.get_untracked()).error_text.to_owned())),
            }
        }>
            <label for=id.clone()>{label}</label>
            <textarea id=id rows="3" maxlength="500" prop:value=text on:input=move |ev| { saved.set(false); text.set(event_target_value(&ev)); }
                aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=error_id.clone()></textarea>
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
            <div class="form-row">
                <button type="submit" class="button" disabled=move || send.pending().get()>{button}</button>
                <span class="saved" role="status">{move || saved.get().then(|| words(lang.get()).saved)}</span>
            </div>
        </form>
    }
}
