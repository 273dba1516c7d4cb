//! Who files a report: anonymous, or by name with a phone number.

use leptos::prelude::*;
use mingchu_types::NAME_MAX_CHARS;

use super::field_error::field_error;
use crate::draft_rules::{Field, FieldError};
use crate::i18n::use_lang;

/// The reporter's fields. Like the rest of the form they start from the draft and are not redrawn
/// from the signals (the browser keeps what is typed).
#[component]
pub fn ReporterFields(named: RwSignal<bool>, name: RwSignal<String>, phone: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let t = use_lang().get_untracked().t();
    view! {
        <fieldset class="field">
            <legend>{t.reporter}</legend>
            <label class="chip-choice"><input type="radio" name="who" prop:checked=!named.get_untracked() on:change=move |_| named.set(false)/><span>{t.reporter_anonymous}</span></label>
            <label class="chip-choice"><input type="radio" name="who" prop:checked=named.get_untracked() on:change=move |_| named.set(true)/><span>{t.reporter_named}</span></label>
            <span class="hint">{t.reporter_privacy}</span>
            {move || named.get().then(|| view! {
                <label for="name">{t.name}</label>
                <input id="name" type="text" autocomplete="name" maxlength=NAME_MAX_CHARS prop:value=name.get_untracked() on:input=move |ev| name.set(event_target_value(&ev))/>
                {field_error(errors, Field::Name)}
                <label for="phone">{t.contact_phone}</label>
                <input id="phone" type="tel" inputmode="tel" autocomplete="tel" prop:value=phone.get_untracked() on:input=move |ev| phone.set(event_target_value(&ev))/>
                {field_error(errors, Field::Phone)}
            })}
        </fieldset>
    }
}
