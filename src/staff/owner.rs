//! The owner's pages: the inbox of 直通老板 messages (answers reach the sender's follow-up page), the
//! public replies under reviews, and the unit's QR placard.

use leptos::prelude::*;
use mingchu_types::markup::{local_time, photo_strip};
use mingchu_types::{Inbox, InboxMessage, MessageStatus, PhotoRef, Review};

use super::forms::{Save, TextForm};
use super::placard::PrintPage;
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

/// A message's photos by their stored ids, as thumbnails that open full size (at the staff address:
/// they are never public).
fn photos_html(lang: mingchu_types::i18n::Lang, ids: &[String]) -> String {
    let photos: Vec<PhotoRef> = ids.iter().map(|p| PhotoRef::staff(p)).collect();
    let mut h = String::new();
    photo_strip(&mut h, lang, photos.iter().map(|p| (p.url.as_str(), p.thumb_url.as_str())));
    h
}

/// `/owner`: messages, newest first, unread marked.
#[component]
fn InboxPage() -> impl IntoView {
    let inbox = LocalResource::new(api::inbox);
    loaded(inbox, &[44, 160, 160], move || inbox.refetch(), move |inbox| view! { <InboxList inbox/> }.into_any())
}

#[component]
fn InboxList(inbox: Inbox) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::pages::set_title(w.inbox_h);
    // Counted down here as messages are read or answered: the list itself is never redrawn.
    let unread = RwSignal::new(inbox.unread);
    view! {
        <h1 class="page-h">
            {w.inbox_h}" "
            {move || (unread.get() > 0).then(|| view! { <span class="badge tone-warning">{format!("{} {}", unread.get(), w.unread)}</span> })}
        </h1>
        <p class="hint">{w.answer_note}</p>
        {inbox.items.is_empty().then(|| view! { <p class="empty">{w.inbox_empty}</p> })}
        <ul class="staff-list">
            {inbox.items.into_iter().map(|m| view! { <MessageItem message=m unread/> }).collect_view()}
        </ul>
    }
}

/// One message: its status, text, photos and call-back number, the answer so far, and the form.
#[component]
fn MessageItem(message: InboxMessage, unread: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(message.status);
    let answer = RwSignal::new(message.reply.as_ref().map(|r| (r.text.clone(), Some(r.at.clone()))));
    // Moves the status on, and the unread count with it.
    let moved = move |to: MessageStatus| {
        if status.get_untracked() == MessageStatus::Sent {
            unread.update(|n| *n = n.saturating_sub(1));
        }
        status.set(to);
    };
    let ticket = StoredValue::new(message.ticket.clone());
    let mark = Action::new_local(move |_: &()| async move {
        match api::mark_read(&ticket.get_value()).await {
            Ok(()) => moved(MessageStatus::Read),
            Err(e) => error.set(Some(say(e, lang))),
        }
    });
    let (initial, button) = match &message.reply {
        Some(r) => (r.text.clone(), w.edit_answer),
        None => (String::new(), w.send_answer),
    };
    let badge = move || {
        let (tone, label) = match status.get() {
            MessageStatus::Sent => ("tone-warning", w.unread),
            MessageStatus::Read => ("tone-none", t.message_status(MessageStatus::Read)),
            MessageStatus::Replied => ("tone-good", t.message_status(MessageStatus::Replied)),
        };
        view! { <span class=format!("badge {tone}")>{label}</span> }
    };
    let callback = match message.callback_phone.clone() {
        Some(phone) => {
            let tel = format!("tel:{}", phone.replace(' ', ""));
            view! { {w.callback}<a href=tel>{phone}</a> }.into_any()
        }
        None => view! { <span class="hint">{w.no_callback}</span> }.into_any(),
    };
    view! {
        <li class="card stack staff-item" data-ticket=message.ticket.clone()>
            <p class="row-head">
                {badge}
                <span class="mono">{message.ticket.clone()}</span>
                <span class="hint">{local_time(lang, &message.sent_at)}</span>
            </p>
            <p class="review-text">{message.text.clone()}</p>
            {(!message.photos.is_empty()).then(|| view! { <div inner_html=photos_html(lang, &message.photos)></div> })}
            <p>{callback}</p>
            {move || answer.get().map(|(text, at)| view! {
                <div class="reply">
                    <p class="reply-h">{w.your_answer}{at.map(|at| format!(" · {}", local_time(lang, &at)))}</p>
                    <p class="review-text">{text}</p>
                </div>
            })}
            {move || (status.get() == MessageStatus::Sent).then(|| view! {
                <button type="button" class="button-quiet" on:click=move |_| { mark.dispatch(()); }>{w.mark_read}</button>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <TextForm to=Save::Answer(message.ticket.clone()) label=w.answer_label button initial done=move |text: String| {
                answer.set(Some((text, None)));
                moved(MessageStatus::Replied);
            }/>
        </li>
    }
}

/// `/owner/reviews`: published reviews and the owner's one public reply under each.
#[component]
fn ReviewsPage() -> impl IntoView {
    let reviews = LocalResource::new(api::owner_reviews);
    loaded(reviews, &[44, 120, 120], move || reviews.refetch(), move |items| view! { <ReviewReplies items/> }.into_any())
}

#[component]
fn ReviewReplies(items: Vec<Review>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::pages::set_title(w.reviews_h);
    view! {
        <h1 class="page-h">{w.reviews_h}</h1>
        <p class="hint">{w.reviews_note}</p>
        {items.is_empty().then(|| view! { <p class="empty">{w.reviews_empty}</p> })}
        <ul class="staff-list">{items.into_iter().map(|review| view! { <ReviewItem review/> }).collect_view()}</ul>
    }
}

/// One review, the owner's reply so far, and the form to write or change it.
#[component]
fn ReviewItem(review: Review) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let reply = RwSignal::new(review.reply.as_ref().map(|r| (r.text.clone(), Some(r.on))));
    let (initial, button) = match &review.reply {
        Some(r) => (r.text.clone(), w.edit_reply),
        None => (String::new(), w.send_reply),
    };
    let photos: Vec<(String, String)> = review.photos.iter().map(|p| (p.url.clone(), p.thumb_url.clone())).collect();
    let mut strip = String::new();
    photo_strip(&mut strip, lang, photos.iter().map(|(u, th)| (u.as_str(), th.as_str())));
    view! {
        <li class="card stack staff-item" data-review=review.id>
            <p class="row-head">
                {review.smiley.map(|s| view! { <span class="badge tone-none">{t.smiley(s)}</span> })}
                <span class="hint">{lang.date(review.on)}</span>
            </p>
            <p class="review-text">{review.text.clone()}</p>
            {(!strip.is_empty()).then(|| view! { <div inner_html=strip></div> })}
            {move || reply.get().map(|(text, on)| view! {
                <div class="reply">
                    <p class="reply-h">{w.your_reply}{on.map(|on| format!(" · {}", lang.date(on)))}</p>
                    <p class="review-text">{text}</p>
                </div>
            })}
            <TextForm to=Save::Reply(review.id) label=w.reply_label button initial done=move |text: String| reply.set(Some((text, None)))/>
        </li>
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
            let w = words(use_lang().get_untracked());
            view! { <PrintPage title=w.placard_h.to_owned() note=w.placard_note placards=vec![placard]/> }.into_any()
        },
    )
}
