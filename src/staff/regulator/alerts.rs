//! `/regulator/alerts`: the region's alerts of the last 30 days — overdue first, then those still to be
//! checked, then the units' "false alarms" — and overruling one found real on inspection. Drawn as HTML
//! with its forms handled by events caught on the list, as the owner's alerts are (`owner/alerts.rs`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::Lang;
use mingchu_types::markup::{esc, staff_alert};
use mingchu_types::watch::{note_problems, AlertState, StaffAlert, WatchRules};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::words::words;
use crate::staff::{api, say};

#[component]
pub fn RegionAlertsPage() -> impl IntoView {
    let alerts = LocalResource::new(api::region_alerts);
    loaded(alerts, &[44, 180, 180], move || alerts.refetch(), move |alerts| view! { <RegionAlerts alerts/> }.into_any())
}

/// One alert's item, naming its unit; a false alarm not yet overruled has the form to overrule it.
fn item_html(lang: Lang, alert: &StaffAlert, now_ms: i64) -> String {
    let w = words(lang);
    let mut h = staff_alert(lang, alert, now_ms, true);
    if alert.state == AlertState::FalseAlarm {
        let (id, n) = (esc(&alert.id), format!("o-{}", esc(&alert.id)));
        h.push_str(&format!(
            r#"<form class="text-form" data-alert="{id}" novalidate><label for="{n}">{label}</label><textarea id="{n}" rows="3" maxlength="500" aria-describedby="{n}-e"></textarea><p class="field-error" id="{n}-e" role="alert"></p><div class="form-row"><button type="submit" class="button">{send}</button></div></form>"#,
            label = esc(w.overrule_label),
            send = esc(w.overrule_send),
        ));
    }
    h
}

#[component]
fn RegionAlerts(alerts: Vec<StaffAlert>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::components::set_title(w.region_alerts_h);
    let now_ms = js_sys::Date::now() as i64;
    let empty = alerts.is_empty();
    let html: String = alerts.iter().map(|a| format!(r#"<li class="card alert-card">{}</li>"#, item_html(lang, a, now_ms))).collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(id) = form.get_attribute("data-alert") else { return };
        let note = form.query_selector("textarea").ok().flatten().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()).map(|t| t.value());
        let note = note.unwrap_or_default().trim().to_owned();
        let error = form.query_selector(".field-error").ok().flatten();
        let tell = move |text: &str| {
            if let Some(e) = &error {
                e.set_text_content(Some(text));
            }
        };
        if let Some(&problem) = note_problems(&note, &WatchRules::national()).first() {
            return tell(lang.watch().answer_problems[problem as usize]);
        }
        tell("");
        spawn_local(async move {
            match api::overrule_alert(&id, note).await {
                Ok(alert) => {
                    if let Some(item) = form.parent_element() {
                        item.set_inner_html(&item_html(lang, &alert, js_sys::Date::now() as i64));
                    }
                }
                Err(e) => tell(&say(e, lang)),
            }
        });
    };
    view! {
        <h1 class="page-h">{w.region_alerts_h}</h1>
        <p class="hint">{w.region_alerts_note}</p>
        {empty.then(|| view! { <p class="empty">{w.region_alerts_empty}</p> })}
        <ul class="staff-list alert-list" on:submit=on_submit inner_html=html></ul>
    }
}
