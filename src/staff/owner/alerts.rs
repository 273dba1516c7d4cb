//! `/owner/alerts`: the unit's alerts of the last 30 days (the cameras' analytics, the temperature
//! sensors), those waiting first, each answered in place — real and put right (a note and a photo of it)
//! or a false alarm (a note).
//!
//! The list, forms included, is drawn as HTML (the card by the shared renderer) and its forms are
//! handled by events caught on the list, as the kitchen view is: as Leptos views the page cost the staff
//! app several times more.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::Lang;
use mingchu_types::markup::{esc, staff_alert};
use mingchu_types::watch::{answer_problems, AlertState, AnswerInput, StaffAlert, Verdict, WatchRules};
use wasm_bindgen::JsCast;
use web_sys::{Blob, Element, HtmlInputElement, HtmlTextAreaElement};

use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};
use crate::staff::words::{frame_words, words};
use crate::staff::{api, say, WaitingAlerts};

#[component]
pub fn AlertsPage() -> impl IntoView {
    let alerts = LocalResource::new(api::owner_alerts);
    loaded(alerts, &[44, 180, 180], move || alerts.refetch(), move |list| view! { <AlertList list on_refresh=move || alerts.refetch()/> }.into_any())
}

/// One alert's item: its card and, while nobody has answered it, the form to answer it.
fn item_html(lang: Lang, alert: &StaffAlert, now_ms: i64) -> String {
    let mut h = staff_alert(lang, alert, now_ms, false);
    if alert.answer.is_none() {
        h.push_str(&form_html(lang, &alert.id));
    }
    h
}

/// The answer: what was found, what was done, and for a real alert a photo of it put right (always
/// there, so the form does not jump; a false alarm's answer leaves it out).
fn form_html(lang: Lang, id: &str) -> String {
    let (w, f) = (words(lang), frame_words(lang));
    let (id, n) = (esc(id), format!("n-{}", esc(id)));
    format!(
        r#"<form class="alert-form stack" data-alert="{id}" novalidate><fieldset class="field"><legend>{legend}</legend><label class="chip-choice"><input type="radio" name="verdict" value="confirmed">{confirmed}</label><label class="chip-choice"><input type="radio" name="verdict" value="false_alarm">{false_alarm}</label></fieldset><div class="field"><label for="{n}">{note}</label><textarea id="{n}" name="note" rows="3" maxlength="500" aria-describedby="{n}-h {n}-e"></textarea><small class="hint" id="{n}-h">{hint}</small></div><div class="field"><span class="label">{photo}</span><span class="alert-preview" data-preview></span><label class="button button-quiet photo-add"><input class="visually-hidden" type="file" accept="image/*" name="photo">{take}</label><span class="hint" role="status" data-busy></span></div><button type="submit" class="button">{send}</button><p class="field-error" id="{n}-e" role="alert"></p></form>"#,
        legend = esc(w.verdict_legend),
        confirmed = esc(w.verdict_confirmed),
        false_alarm = esc(w.verdict_false),
        note = esc(w.alert_note),
        hint = esc(w.alert_note_hint),
        photo = esc(w.answer_photo),
        take = esc(f.photo_take),
        send = esc(w.answer_send),
    )
}

/// The element of `css` inside `within`, as a `T`.
fn find<T: JsCast>(within: &Element, css: &str) -> Option<T> {
    within.query_selector(css).ok().flatten().and_then(|e| e.dyn_into::<T>().ok())
}

fn say_in(form: &Element, css: &str, text: &str) {
    if let Some(el) = find::<Element>(form, css) {
        el.set_text_content(Some(text));
    }
}

#[component]
fn AlertList(list: Vec<StaffAlert>, #[prop(into)] on_refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    crate::components::set_title(w.alerts_h);
    // What waits as this page knows it, counted down as alerts are answered; the bar's count, asked of
    // the server every minute, telling more means alerts came in since the list was drawn.
    let count = list.iter().filter(|a| matches!(a.state, AlertState::New | AlertState::Overdue)).count() as u32;
    let waiting = RwSignal::new(count);
    let bar = expect_context::<WaitingAlerts>().0;
    bar.set(Some(count));
    let more = move || bar.get().is_some_and(|n| n > waiting.get());
    let now_ms = js_sys::Date::now() as i64;
    let empty = list.is_empty();
    let html: String = list.iter().map(|a| format!(r#"<li class="card alert-card">{}</li>"#, item_html(lang, a, now_ms))).collect();
    // The photos taken for each alert's answer (shrunk) and their previews' addresses, by alert.
    let photos = StoredValue::new_local(HashMap::<String, (Blob, String)>::new());
    on_cleanup(move || photos.with_value(|p| p.values().for_each(|(_, url)| photos::revoke(url))));

    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).filter(|i| i.type_() == "file") else { return };
        let Some(form) = input.closest("form[data-alert]").ok().flatten() else { return };
        let (Some(id), Some(file)) = (form.get_attribute("data-alert"), input.files().and_then(|f| f.get(0))) else { return };
        input.set_value("");
        say_in(&form, "[data-busy]", t.photo_preparing);
        spawn_local(async move {
            let shrunk = photos::shrink(&file).await;
            say_in(&form, "[data-busy]", "");
            match shrunk {
                Ok(blob) => {
                    let url = photos::preview_url(&blob).unwrap_or_default();
                    if let Some(preview) = find::<Element>(&form, "[data-preview]") {
                        preview.set_inner_html(&format!(r#"<img src="{}" alt="{}" width="88" height="88">"#, esc(&url), esc(w.answer_photo)));
                    }
                    if let Some((_, old)) = photos.try_update_value(|p| p.insert(id, (blob, url))).flatten() {
                        photos::revoke(&old);
                    }
                }
                Err(e) => say_in(&form, ".field-error", if matches!(e, PrepError::NotAnImage) { t.photo_not_image } else { t.photo_failed }),
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(id) = form.get_attribute("data-alert") else { return };
        let verdict = find::<Element>(&form, "input[name=verdict]:checked").and_then(|i| i.get_attribute("value")).and_then(|v| Verdict::parse(&v));
        let Some(verdict) = verdict else { return say_in(&form, ".field-error", w.verdict_missing) };
        let note = find::<HtmlTextAreaElement>(&form, "textarea").map(|t| t.value()).unwrap_or_default();
        // Only a real alert keeps its photo: a false alarm has nothing put right to show.
        let blob = photos.with_value(|p| p.get(&id).map(|(blob, _)| blob.clone())).filter(|_| verdict == Verdict::Confirmed);
        let input = AnswerInput { verdict, note: note.trim().to_owned(), photo: blob.as_ref().map(|_| String::from("taken")) };
        let problems = answer_problems(&input, &WatchRules::national());
        if !problems.is_empty() {
            let said: Vec<&str> = problems.iter().map(|&p| lang.watch().answer_problems[p as usize]).collect();
            return say_in(&form, ".field-error", &said.join(" "));
        }
        say_in(&form, ".field-error", "");
        let button = find::<Element>(&form, "button[type=submit]");
        let busy = move |on: bool| {
            if let Some(b) = &button {
                let _ = if on { b.set_attribute("disabled", "") } else { b.remove_attribute("disabled") };
            }
        };
        busy(true);
        spawn_local(async move {
            let photo = match blob {
                Some(blob) => match photos::upload(&blob, |_, _| {}).await {
                    Ok(uploaded) => Some(uploaded.id),
                    Err(e) => {
                        busy(false);
                        return say_in(&form, ".field-error", &say(e, lang));
                    }
                },
                None => None,
            };
            match api::answer_alert(&id, &AnswerInput { photo, ..input }).await {
                Ok(alert) => {
                    waiting.update(|n| *n = n.saturating_sub(1));
                    bar.update(|n| *n = n.map(|n| n.saturating_sub(1)));
                    if let Some(item) = form.parent_element() {
                        item.set_inner_html(&item_html(lang, &alert, js_sys::Date::now() as i64));
                    }
                }
                Err(e) => {
                    busy(false);
                    say_in(&form, ".field-error", &say(e, lang));
                }
            }
        });
    };

    view! {
        <h1 class="page-h">{w.alerts_h}</h1>
        <p class="hint">{w.alerts_note}</p>
        {move || more().then(|| view! {
            <p class="note-box" role="status">{w.new_alerts}" "
                <button type="button" class="button-quiet" on:click=move |_| on_refresh.run(())>{w.show_new}</button>
            </p>
        })}
        {empty.then(|| view! { <p class="empty">{w.alerts_empty}</p> })}
        <ul class="staff-list alert-list" on:change=on_change on:submit=on_submit inner_html=html></ul>
    }
}
