use leptos::prelude::*;
use mingchu_types::i18n::Lang;

use super::set_title;
use crate::i18n::use_lang;
use crate::mine::{self, Submission};
use crate::outbox::{self, SendState};

/// `/mine`: what this device has sent (with the private links to follow messages and reports up), and
/// what is still waiting to be sent.
#[component]
pub fn MinePage() -> impl IntoView {
    let lang = use_lang();
    let drafts = LocalResource::new(outbox::all);
    move || {
        let lang = lang.get();
        let t = lang.t();
        set_title(&format!("{} · {}", t.mine_title, t.site_name));
        // Drawn again whenever a draft is sent or fails.
        outbox::track();
        let sent = mine::list();
        let queued: Vec<_> = drafts
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|d| match outbox::state(&d.key) {
                Some(SendState::Sent(_)) => false,
                Some(_) => true,
                None => d.queued,
            })
            .collect();
        view! {
            <h1 class="page-h">{t.mine_title}</h1>
            <p class="section-note">{t.mine_note}</p>
            {(!queued.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="queued-h">
                    <h2 class="card-h" id="queued-h">{t.waiting_to_send}</h2>
                    <ul class="mine">
                        {queued.into_iter().map(|d| {
                            let state = match outbox::state(&d.key) {
                                Some(SendState::Refused(e)) => e.message(lang),
                                Some(SendState::Sending { .. }) => t.sending.to_owned(),
                                _ => t.waiting_explained.to_owned(),
                            };
                            view! { <li><a href=format!("/u/{}/write/{}", d.unit, d.kind.slug())>{kind_word(lang, d.kind.slug())}" · "{d.unit_name}</a><span class="hint">{state}</span></li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {if sent.is_empty() {
                view! { <p class="empty">{t.mine_none}</p> }.into_any()
            } else {
                view! { <ul class="mine">{sent.into_iter().map(|s| view! { <SentRow s lang/> }).collect_view()}</ul> }.into_any()
            }}
        }
    }
}

fn kind_word(lang: Lang, kind: &str) -> &'static str {
    let t = lang.t();
    match kind {
        "review" => t.act_review,
        "message" => t.act_message,
        "survey" => lang.survey_form().title,
        _ => t.act_report,
    }
}

/// One acknowledged submission, opening its follow-up page (or the unit's reviews).
#[component]
fn SentRow(s: Submission, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let when = js_sys::Date::new(&s.at.into());
    let when =
        format!("{}-{:02}-{:02} {:02}:{:02}", when.get_full_year(), when.get_month() + 1, when.get_date(), when.get_hours(), when.get_minutes());
    let page = if s.kind == "survey" { "survey" } else { "reviews" };
    let href = s.follow_up().unwrap_or_else(|| format!("/u/{}/{page}", s.unit));
    let state = match (s.kind.as_str(), s.held) {
        ("review", true) => t.review_held_short,
        ("review", false) => t.review_published_short,
        ("survey", _) if s.before => lang.survey_form().before_short,
        ("survey", _) => lang.survey_form().sent_short,
        _ => t.track,
    };
    view! {
        <li>
            <a class="status-row" href=href>
                <span class="row-head"><strong>{kind_word(lang, &s.kind)}</strong><span class="mono hint">{s.ticket.clone().unwrap_or_default()}</span></span>
                <span>{s.unit_name.clone()}</span>
                <span class="row-detail">{when}" · "{state}</span>
            </a>
        </li>
    }
}
