//! Signing in: an owner with the unit code and access code, a regulator with user name and password.

use leptos::prelude::*;

use super::words::frame_words;
use super::{api, say, signed_in, SessionState, Side};
use crate::i18n::use_lang;

/// The sign-in form of one side. What was typed stays through a refusal.
#[component]
pub fn SignIn(side: Side) -> impl IntoView {
    let state = expect_context::<SessionState>();
    let lang = use_lang();
    let (first, second) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |_: &()| async move {
        let (a, b) = (first.get_untracked(), second.get_untracked());
        let result = match side {
            Side::Owner => api::sign_in_owner(a, b).await,
            Side::Regulator => api::sign_in_regulator(a, b).await,
        };
        match result {
            Ok(session) => signed_in(state, session),
            Err(e) => error.set(Some(say(e, lang.get_untracked()))),
        }
    });
    move || {
        let w = frame_words(lang.get());
        let (title, note, first_label, second_label, first_hint) = match side {
            Side::Owner => (w.owner_title, w.owner_sign_in_note, w.unit_code, w.access_code, Some(w.unit_code_hint)),
            Side::Regulator => (w.regulator_title, w.regulator_sign_in_note, w.username, w.password, None),
        };
        view! {
            <form class="card stack sign-in" on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                submit.dispatch(());
            }>
                <h1 class="page-h">{title}</h1>
                <p class="hint">{note}</p>
                <label class="field">
                    <span>{first_label}</span>
                    <input name="account" required autocomplete="username" autocapitalize="none" spellcheck="false"
                        prop:value=first on:input=move |ev| first.set(event_target_value(&ev))/>
                    {first_hint.map(|h| view! { <small class="hint">{h}</small> })}
                </label>
                <label class="field">
                    <span>{second_label}</span>
                    <input name="secret" type="password" required autocomplete="current-password"
                        prop:value=second on:input=move |ev| second.set(event_target_value(&ev))/>
                </label>
                {move || error.get().map(|e| view! { <p class="alert tone-bad" role="alert">{e}</p> })}
                <button type="submit" class="button" disabled=move || submit.pending().get()>{w.sign_in}</button>
            </form>
        }
    }
}
