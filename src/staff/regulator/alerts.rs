//! `/regulator/alerts`: the region's alerts of the last 30 days — overdue first, then those still to be
//! checked, then the units' "false alarms" — and overruling one found real on inspection.

use leptos::prelude::*;
use mingchu_types::markup::staff_alert;
use mingchu_types::watch::{AlertState, StaffAlert};

use crate::staff::api;
use crate::staff::words::words;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::forms::{Save, TextForm};

#[component]
pub fn RegionAlertsPage() -> impl IntoView {
    let alerts = LocalResource::new(api::region_alerts);
    loaded(alerts, &[44, 180, 180], move || alerts.refetch(), move |alerts| view! { <RegionAlerts alerts/> }.into_any())
}

#[component]
fn RegionAlerts(alerts: Vec<StaffAlert>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::components::set_title(w.region_alerts_h);
    let now_ms = js_sys::Date::now() as i64;
    let empty = alerts.is_empty();
    view! {
        <h1 class="page-h">{w.region_alerts_h}</h1>
        <p class="hint">{w.region_alerts_note}</p>
        {empty.then(|| view! { <p class="empty">{w.region_alerts_empty}</p> })}
        <ul class="staff-list alert-list">
            {alerts.into_iter().map(|alert| view! { <RegionAlert alert now_ms/> }).collect_view()}
        </ul>
    }
}

/// One alert with the unit's name; a false alarm not yet overruled has the form to overrule it.
#[component]
fn RegionAlert(alert: StaffAlert, now_ms: i64) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let id = alert.id.clone();
    let labelled = format!("al-{id}");
    let shown = RwSignal::new(alert);
    let text = RwSignal::new(String::new());
    let open = move || shown.with(|a| a.state == AlertState::FalseAlarm);
    view! {
        <li class="card alert-card" aria-labelledby=labelled>
            <div class="stack" inner_html=move || shown.with(|a| staff_alert(lang, a, now_ms, true))></div>
            {move || open().then(|| view! {
                <TextForm to=Save::Overrule { id: id.clone(), shown } label=w.overrule_label button=w.overrule_send text done=|_| ()/>
            })}
        </li>
    }
}
