//! The owner's pages of the staff app: the inbox of 直通老板 messages (answers reach the sender's
//! follow-up page), the alerts of the kitchen's cameras and sensors (answered in place), the public
//! replies under reviews and the unit's QR placard. 今日后厨 (today's
//! checklist and the roster) is the kitchen app's, in `staff/kitchen/`.

mod alerts;
mod inbox;

use leptos::prelude::*;
use mingchu_types::markup::photo_strip;
use mingchu_types::Review;

use super::api;
use super::forms::{Save, TextForm};
use super::placard::PrintPage;
use super::words::words;
use crate::components::feedback::loaded;
use crate::components::not_found::NotFound;
use crate::i18n::use_lang;

/// One of the owner's pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Inbox { desk: bool },
    Alerts,
    Reviews,
    Placard,
    NotFound,
}

/// The page at `/owner/{rest}`.
pub fn screen(rest: &str, desk: bool) -> Screen {
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        // `/owner/messages/{ticket}`: the message open beside the inbox (on a phone, the inbox).
        [""] | ["messages"] | ["messages", _] => Screen::Inbox { desk },
        ["alerts"] => Screen::Alerts,
        ["reviews"] => Screen::Reviews,
        ["placard"] => Screen::Placard,
        _ => Screen::NotFound,
    }
}

pub fn page(screen: Screen) -> AnyView {
    match screen {
        Screen::Inbox { desk } => view! { <inbox::InboxPage desk/> }.into_any(),
        Screen::Alerts => view! { <alerts::AlertsPage/> }.into_any(),
        Screen::Reviews => view! { <ReviewsPage/> }.into_any(),
        Screen::Placard => view! { <PlacardPage/> }.into_any(),
        Screen::NotFound => view! { <NotFound/> }.into_any(),
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
    crate::components::set_title(w.reviews_h);
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
            <TextForm to=Save::Reply(review.id) label=w.reply_label button text=RwSignal::new(initial) done=move |text: String| reply.set(Some((text, None)))/>
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
