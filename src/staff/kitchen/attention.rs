//! `/regulator/today`: the region's units with something in their own kitchen records that needs
//! attention today — no morning check by opening time, expired health certificates, samples missing or
//! short, a positive rapid test awaiting recheck, a self-inspection overdue — most urgent first (the
//! server's order). Each unit opens its public day page, where every record is.

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::kitchen::{Attention, AttentionItem, AttentionList};
use mingchu_types::markup::esc;

use super::words::words;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::api;

#[component]
pub fn AttentionPage() -> impl IntoView {
    let list = LocalResource::new(api::attention);
    loaded(list, &[44, 96, 96, 96], move || list.refetch(), |list| view! { <Units list/> }.into_any())
}

#[component]
fn Units(list: AttentionList) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::components::set_title(w.attention_h);
    let units: String = list.items.iter().map(|item| unit(lang, item)).collect();
    view! {
        <h1 class="page-h">{w.attention_h}" · "{lang.date(list.day)}</h1>
        <p class="hint">{w.attention_note}</p>
        {list.items.is_empty().then(|| view! { <p class="empty">{w.attention_none}</p> })}
        <ul class="staff-list" inner_html=units></ul>
    }
}

/// A unit as a card that opens its public day page (HTML: a list drawn once costs the app less so).
fn unit(lang: Lang, item: &AttentionItem) -> String {
    let problems: String = item.problems.iter().map(|p| format!(r#"<span class="badge {}">{}</span>"#, tone(p), esc(&words_of(lang, p)))).collect();
    format!(
        r#"<li><a class="card queue-item" href="/u/{code}/today" data-unit="{code}"><span class="result-name">{}</span><span class="hint">{} · <span class="mono">{code}</span></span><span class="badges">{problems}</span></a></li>"#,
        esc(&item.name),
        esc(&item.region),
        code = esc(&item.code),
    )
}

/// The three most urgent kinds of problem are bad, the others a warning (never colour alone: each is words).
fn tone(problem: &Attention) -> &'static str {
    if problem.rank() < 3 {
        "tone-bad"
    } else {
        "tone-warning"
    }
}

/// A problem in words, from the table in the enum's variants' order.
pub fn words_of(lang: Lang, problem: &Attention) -> String {
    let (k, ks) = (lang.kitchen(), lang.kitchen_staff());
    match *problem {
        Attention::NoMorningCheck => ks.attention[0].to_owned(),
        Attention::ExpiredCertificates { count } => fill(ks.attention[1], count),
        Attention::SamplesMissing => ks.attention[2].to_owned(),
        Attention::SamplesShort => ks.attention[3].to_owned(),
        Attention::PositiveAwaitingRecheck => ks.attention[4].to_owned(),
        Attention::SelfInspectionOverdue { level } => ks.attention[5].replace("{level}", k.levels[level as usize]),
    }
}
