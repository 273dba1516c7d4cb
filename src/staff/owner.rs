//! The owner's pages: the inbox of 直通老板 messages (answers reach the sender's follow-up page), the
//! public replies under reviews, and the unit's QR placard.

use leptos::prelude::*;
use mingchu_types::markup::{esc, local_time, photo_strip};
use mingchu_types::{Inbox, InboxMessage, MessageStatus, OwnerReview};

use super::forms::{Save, TextForm};
use super::placard::{PlacardSheet, PrintBar};
use super::words::words;
use super::{api, say};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::pages::not_found::NotFound;

/// The owner's page at `/owner/{rest}`.
pub fn page(rest: &str) -> AnyView {
    match rest {
        "" | "messages" => view! { <InboxPage/> }.into_any(),
        "reviews" => view! { <ReviewsPage/> }.into_any(),
        "placard" => view! { <PlacardPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// Photos by their stored ids, as thumbnails that open full size.
fn photos_html(lang: mingchu_types::i18n::Lang, ids: &[String]) -> String {
    let urls: Vec<(String, String)> = ids.iter().map(|p| (format!("/media/{}.jpg", esc(p)), format!("/media/{}.thumb.jpg", esc(p)))).collect();
    let mut h = String::new();
    photo_strip(&mut h, lang, urls.iter().map(|(u, t)| (u.as_str(), t.as_str())));
    h
}

/// `/owner`: messages, newest first, unread marked.
#[component]
fn InboxPage() -> impl IntoView {
    let inbox = LocalResource::new(api::inbox);
    let refresh = Callback::new(move |()| inbox.refetch());
    loaded(inbox, &[44, 160, 160], move || inbox.refetch(), move |inbox| view! { <InboxList inbox refresh/> }.into_any())
}

#[component]
fn InboxList(inbox: Inbox, refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::pages::set_title(w.inbox_h);
    let unread = (inbox.unread > 0).then(|| view! { <span class="badge tone-warning">{format!("{} {}", inbox.unread, w.unread)}</span> });
    view! {
        <h1 class="page-h">{w.inbox_h}" "{unread}</h1>
        <p class="hint">{w.answer_note}</p>
        {inbox.items.is_empty().then(|| view! { <p class="empty">{w.inbox_empty}</p> })}
        <ul class="staff-list">
            {inbox.items.into_iter().map(|m| view! { <MessageItem message=m refresh/> }).collect_view()}
        </ul>
    }
}

#[component]
fn MessageItem(message: InboxMessage, refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let error = RwSignal::new(None::<String>);
    let ticket = message.ticket.clone();
    let mark = Action::new_local(move |ticket: &String| {
        let ticket = ticket.clone();
        async move {
            match api::mark_read(&ticket).await {
                Ok(()) => refresh.run(()),
                Err(e) => error.set(Some(say(e, lang))),
            }
        }
    });
    let tone = match message.status {
        MessageStatus::Sent => "tone-warning",
        MessageStatus::Read => "tone-none",
        MessageStatus::Replied => "tone-good",
    };
    let (initial, button) = match &message.reply {
        Some(r) => (r.text.clone(), w.edit_answer),
        None => (String::new(), w.send_answer),
    };
    view! {
        <li class="card stack staff-item" data-ticket=message.ticket.clone()>
            <p class="row-head">
                <span class=format!("badge {tone}")>{if message.status == MessageStatus::Sent { w.unread } else { t.message_status(message.status) }}</span>
                <span class="mono">{message.ticket.clone()}</span>
                <span class="hint">{local_time(lang, &message.sent_at)}</span>
            </p>
            <p class="review-text">{message.text.clone()}</p>
            <div inner_html=photos_html(lang, &message.photos)></div>
            <p>{match message.callback_phone.clone() {
                Some(phone) => {
                    let tel = format!("tel:{}", phone.replace(' ', ""));
                    view! { {w.callback}<a href=tel>{phone}</a> }.into_any()
                }
                None => view! { <span class="hint">{w.no_callback}</span> }.into_any(),
            }}</p>
            {message.reply.as_ref().map(|r| view! {
                <div class="reply"><p class="reply-h">{w.your_answer}" · "{local_time(lang, &r.at)}</p><p class="review-text">{r.text.clone()}</p></div>
            })}
            {(message.status == MessageStatus::Sent).then(|| view! {
                <button type="button" class="button-quiet" on:click=move |_| { mark.dispatch(ticket.clone()); }>{w.mark_read}</button>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <TextForm to=Save::Answer(message.ticket.clone()) label=w.answer_label button initial done=refresh/>
        </li>
    }
}

/// `/owner/reviews`: published reviews and the owner's one public reply under each.
#[component]
fn ReviewsPage() -> impl IntoView {
    let reviews = LocalResource::new(api::owner_reviews);
    let refresh = Callback::new(move |()| reviews.refetch());
    loaded(reviews, &[44, 120, 120], move || reviews.refetch(), move |items| view! { <ReviewReplies items refresh/> }.into_any())
}

#[component]
fn ReviewReplies(items: Vec<OwnerReview>, refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    crate::pages::set_title(w.reviews_h);
    view! {
        <h1 class="page-h">{w.reviews_h}</h1>
        <p class="hint">{w.reviews_note}</p>
        {items.is_empty().then(|| view! { <p class="empty">{w.reviews_empty}</p> })}
        <ul class="staff-list">
            {items.into_iter().map(|r| {
                let (initial, button) = match &r.reply {
                    Some(reply) => (reply.text.clone(), w.edit_reply),
                    None => (String::new(), w.send_reply),
                };
                let photos: Vec<(String, String)> = r.photos.iter().map(|p| (p.url.clone(), p.thumb_url.clone())).collect();
                let mut strip = String::new();
                photo_strip(&mut strip, lang, photos.iter().map(|(u, th)| (u.as_str(), th.as_str())));
                view! {
                    <li class="card stack staff-item" data-review=r.id>
                        <p class="row-head">
                            {r.smiley.map(|s| view! { <span class="badge tone-none">{t.smiley(s)}</span> })}
                            <span class="hint">{lang.date(r.on)}</span>
                        </p>
                        <p class="review-text">{r.text.clone()}</p>
                        <div inner_html=strip></div>
                        {r.reply.as_ref().map(|reply| view! {
                            <div class="reply"><p class="reply-h">{w.your_reply}" · "{lang.date(reply.on)}</p><p class="review-text">{reply.text.clone()}</p></div>
                        })}
                        <TextForm to=Save::Reply(r.id) label=w.reply_label button initial done=refresh/>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// `/owner/placard`: the unit's QR placard, ready to print.
#[component]
fn PlacardPage() -> impl IntoView {
    let placard = LocalResource::new(api::placard);
    loaded(
        placard,
        &[44, 480],
        move || placard.refetch(),
        move |placard| {
            let lang = use_lang().get_untracked();
            let w = words(lang);
            crate::pages::set_title(w.placard_h);
            view! {
                <div class="no-print stack">
                    <h1 class="page-h">{w.placard_h}</h1>
                    <p class="hint">{w.placard_note}</p>
                    <PrintBar lang/>
                </div>
                <div class="placards"><PlacardSheet placard lang/></div>
            }
            .into_any()
        },
    )
}
