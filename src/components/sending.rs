//! A queued draft on its way: real upload progress, "waiting to send" when the network is gone, the
//! server's refusal with a way back to the form, and finally the receipt with the private follow-up link.

use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::use_lang;
use crate::mine::Submission;
use crate::outbox::{self, SendState};

/// Follows the draft `key` in the outbox.
#[component]
pub fn Sending(key: String, #[prop(into)] on_edit: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = lang.t();
    let key = StoredValue::new(key);
    move || match outbox::state(&key.get_value()) {
        None | Some(SendState::Sending { .. }) => {
            let (done, total) = match outbox::state(&key.get_value()) {
                Some(SendState::Sending { done, total }) if total > 0.0 => (done, total),
                _ => (0.0, 1.0),
            };
            // Whole percents: formatting floats would cost the app ~10 KB.
            let percent = (done / total * 100.0).clamp(0.0, 100.0) as u32;
            view! {
                <section class="card sending" role="status" aria-live="polite">
                    <h2 class="card-h">{t.sending}</h2>
                    <progress max="100" value=percent aria-label=t.upload_progress></progress>
                    <p class="hint">{format!("{percent}%")}</p>
                </section>
            }
            .into_any()
        }
        Some(SendState::Waiting(e)) => view! {
            <section class="card sending waiting" role="status" aria-live="polite">
                <h2 class="card-h">{t.waiting_to_send}</h2>
                // No network needs no more words than the explanation; a busy server or a limit does.
                {(e != FetchError::Network).then(|| view! { <p>{e.message(lang)}</p> })}
                <p class="hint">{t.waiting_explained}</p>
                <button type="button" class="button-quiet" on:click=move |_| outbox::flush()>{t.retry}</button>
            </section>
        }
        .into_any(),
        Some(SendState::Refused(e)) => view! {
            <section class="error-box" role="alert">
                <p>{e.message(lang)}</p>
                <button type="button" on:click=move |_| on_edit.run(())>{t.edit_again}</button>
            </section>
        }
        .into_any(),
        Some(SendState::Sent(sent)) => view! { <Receipt sent/> }.into_any(),
    }
}

/// What the diner gets back: thanks, and for a message or report its ticket and private link.
#[component]
fn Receipt(sent: Submission) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, sf) = (lang.t(), lang.survey_form());
    let follow_up = sent.follow_up();
    let headline = match (sent.kind.as_str(), sent.held) {
        ("review", false) => t.review_published,
        ("review", true) => t.review_held,
        ("message", _) => t.message_sent,
        ("survey", _) if sent.before => sf.answered,
        ("survey", _) => sf.sent,
        _ => t.report_sent,
    };
    view! {
        <section class="card receipt" role="status">
            <h2 class="receipt-h">{headline}</h2>
            {sent.ticket.clone().map(|ticket| view! { <p>{t.ticket_number}{t.colon}<strong class="mono">{ticket}</strong></p> })}
            {follow_up.map(|path| {
                let full = format!("{}{path}", window().location().origin().unwrap_or_default());
                view! {
                    <p class="hint">{t.private_link_note}</p>
                    <p class="private-link mono">{full}</p>
                    <a class="button" href=path>{t.track}</a>
                }
            })}
            {match sent.kind.as_str() {
                "review" => Some(("reviews", t.reviews_all)),
                "survey" => Some(("survey", sf.results)),
                _ => None,
            }.map(|(page, words)| view! { <a class="button" href=format!("/u/{}/{page}", sent.unit)>{words}</a> })}
            <a class="row-more" href="/mine">{t.mine_title}</a>
        </section>
    }
}
