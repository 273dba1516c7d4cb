//! `/regulator/reviews`: held reviews to publish or hide, hidden ones to show again, published ones
//! to hide. The list shown is in the address (`?state=hidden`), so that back and reload find it; at a
//! desk the chosen review opens beside the table (`/regulator/reviews/{id}`).

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::markup::photo_strip;
use mingchu_types::{HoldReason, ModeratedReview, ReviewState};

use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::router::{navigate_in_place, use_query};
use crate::staff::desk::{self, chosen, current};
use crate::staff::forms::{Save, TextForm};
use crate::staff::sorting::{self, ReviewColumn, Sort};
use crate::staff::words::{words, Words};
use crate::staff::{api, say};

use super::votes::HeldVotesSection;

/// A review as the page holds it: what the server sent, and what the regulator has done and is typing
/// (kept while another review is open beside the list).
#[derive(Clone)]
struct Entry {
    review: ModeratedReview,
    outcome: RwSignal<Option<ReviewState>>,
    reason: RwSignal<String>,
}

/// The address of the list of reviews in `state`, with review `id` open beside it.
fn address(state: ReviewState, id: Option<i64>) -> String {
    let path = id.map_or_else(|| "/regulator/reviews".to_owned(), |id| format!("/regulator/reviews/{id}"));
    if state == ReviewState::Held {
        path
    } else {
        format!("{path}?state={}", state.as_str())
    }
}

fn hold_words(w: &Words, reason: HoldReason) -> &'static str {
    match reason {
        HoldReason::PhoneNumber => w.hold_phone,
        HoldReason::Link => w.hold_link,
        HoldReason::Burst => w.hold_burst,
        HoldReason::AddressBurst => w.hold_address_burst,
    }
}

#[component]
pub fn ModerationPage(desk: bool) -> impl IntoView {
    let lang = use_lang();
    let query = use_query("state");
    let state = Memo::new(move |_| ReviewState::parse(&query.get()).unwrap_or(ReviewState::Held));
    let list = LocalResource::new(move || {
        let s = state.get();
        async move { api::moderation(s).await }
    });
    let tabs = move || {
        let w = words(lang.get());
        view! {
            <fieldset class="chips">
                <legend class="visually-hidden">{w.moderation_h}</legend>
                {[(ReviewState::Held, w.held), (ReviewState::Hidden, w.hidden), (ReviewState::Published, w.published)].map(|(s, label)| view! {
                    <label class="chip-choice">
                        <input type="radio" name="state" value=s.as_str() checked=move || state.get() == s on:change=move |_| navigate_in_place(&address(s, None))/>
                        <span>{label}</span>
                    </label>
                }).collect_view()}
            </fieldset>
        }
    };
    let sort = RwSignal::new(Sort::descending(ReviewColumn::Date));
    let open = chosen("/regulator/reviews/");
    view! {
        <h1 class="page-h">{move || words(lang.get()).moderation_h}</h1>
        <HeldVotesSection/>
        {tabs}
        {loaded(list, &[120, 120], move || list.refetch(), move |list| {
            let lang = lang.get_untracked();
            let w = words(lang);
            if list.items.is_empty() {
                crate::components::set_title(w.moderation_h);
                return view! { <p class="empty">{w.moderation_empty}</p> }.into_any();
            }
            let entries: Vec<Entry> =
                list.items.into_iter().map(|review| Entry { review, outcome: RwSignal::new(None), reason: RwSignal::new(String::new()) }).collect();
            if desk {
                return view! { <ModerationDesk entries state=state.get_untracked() sort open/> }.into_any();
            }
            crate::components::set_title(w.moderation_h);
            view! { <ul class="staff-list">{entries.into_iter().map(|entry| view! { <Moderated entry/> }).collect_view()}</ul> }.into_any()
        })}
    }
}

/// Moderation at a desk: the reviews as a table, the chosen one beside it.
#[component]
fn ModerationDesk(entries: Vec<Entry>, state: ReviewState, sort: RwSignal<Sort<ReviewColumn>>, open: Memo<Option<String>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let count = entries.len();
    let entries = StoredValue::new(entries);
    let rows = move || {
        let mut rows = entries.get_value();
        sorting::sort(&mut rows, sort.get(), |e| &e.review);
        rows.into_iter().map(|entry| review_row(lang, entry, state, open)).collect_view()
    };
    let columns = vec![
        (w.col_unit, Some(ReviewColumn::Unit)),
        (w.col_review, None),
        (w.col_rating, Some(ReviewColumn::Rating)),
        (w.col_date, Some(ReviewColumn::Date)),
        (w.col_note, None),
    ];
    let table = desk::table(fill(w.reviews_n, count), columns, sort, rows);
    let detail = move || {
        crate::components::set_title(w.moderation_h);
        let Some(id) = open.get() else { return desk::note(w.choose_review) };
        match entries.with_value(|all| all.iter().find(|e| e.review.review.id.to_string() == id).cloned()) {
            Some(entry) => view! { <Moderated entry beside=true/> }.into_any(),
            None => desk::note(w.not_in_list),
        }
    };
    desk::frame(w.moderation_h, table, w.review_detail, detail)
}

fn review_row(lang: Lang, entry: Entry, state: ReviewState, open: Memo<Option<String>>) -> impl IntoView {
    let (t, w) = (lang.t(), words(lang));
    let Entry { review: r, outcome, .. } = entry;
    let id = r.review.id;
    let note = match (r.hold_reason, r.hidden_reason) {
        (Some(h), _) if r.state == ReviewState::Held => hold_words(w, h).to_owned(),
        (_, Some(reason)) => reason,
        _ => String::new(),
    };
    view! {
        <tr data-review=id>
            <td class="nowrap">{r.unit_name}</td>
            <td class="cell-main cell-text">
                <a class="row-link" href=address(state, Some(id)) data-keep-scroll="" aria-current=current(open, id.to_string())>{r.review.text}</a>
            </td>
            <td class="nowrap">{r.review.smiley.map(|s| t.smiley(s))}</td>
            <td class="nowrap">{lang.date(r.review.on)}</td>
            <td class="cell-note">
                {move || match outcome.get() {
                    Some(done) => {
                        let (label, tone) = if done == ReviewState::Published { (w.published, "tone-good") } else { (w.hidden, "tone-bad") };
                        view! { <span class=format!("badge {tone}")>{label}</span> }.into_any()
                    }
                    None => view! { <span class="hint">{note.clone()}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}

/// One review to moderate: in the phone's list, or `beside` the desk's table. Once published or
/// hidden it says so in place (the list is not redrawn, so a reason being typed under another review
/// stays).
#[component]
fn Moderated(entry: Entry, #[prop(optional)] beside: bool) -> impl IntoView {
    let Entry { review, outcome, reason } = entry;
    let ModeratedReview { review, unit_code, unit_name, state, hold_reason, hidden_reason } = review;
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let error = RwSignal::new(None::<String>);
    let id = review.id;
    let publish = Action::new_local(move |_: &()| async move {
        match api::publish(id).await {
            Ok(()) => outcome.set(Some(ReviewState::Published)),
            Err(e) => error.set(Some(say(e, lang))),
        }
    });
    let photos: Vec<(String, String)> = review.photos.iter().map(|p| (p.url.clone(), p.thumb_url.clone())).collect();
    let mut strip = String::new();
    photo_strip(&mut strip, lang, photos.iter().map(|(u, th)| (u.as_str(), th.as_str())));
    let publish_label = if state == ReviewState::Hidden { w.show_again } else { w.publish };
    let body = view! {
        <p class="row-head">
            <a href=format!("/u/{unit_code}")>{unit_name}</a>
            {review.smiley.map(|s| view! { <span class="badge tone-none">{t.smiley(s)}</span> })}
            <span class="hint">{lang.date(review.on)}</span>
        </p>
        <p class="review-text">{review.text.clone()}</p>
        {(!strip.is_empty()).then(|| view! { <div inner_html=strip></div> })}
        {(state == ReviewState::Held).then(|| hold_reason.map(|h| view! { <p class="hint">{w.held_because}{hold_words(w, h)}</p> }))}
        {review.reply.map(|r| view! {
            <div class="reply"><p class="reply-h">{t.owner_reply}" · "{lang.date(r.on)}</p><p class="review-text">{r.text}</p></div>
        })}
        {hidden_reason.map(|r| view! { <p class="hint">{w.hidden_because}{r}</p> })}
        {move || match outcome.get() {
            Some(done) => {
                let label = if done == ReviewState::Published { w.published } else { w.hidden };
                view! { <p class="saved" role="status">{label}</p> }.into_any()
            }
            None => view! {
                {(state != ReviewState::Published).then(|| view! {
                    <button type="button" class="button" on:click=move |_| { publish.dispatch(()); }>{publish_label}</button>
                })}
                {(state != ReviewState::Hidden).then(|| view! {
                    <details class="hide-form" open=beside && !reason.get_untracked().is_empty()>
                        <summary>{w.hide}</summary>
                        <p class="hint">{w.hide_note}</p>
                        <TextForm to=Save::Hide(id) label=w.hide_reason button=w.hide text=reason done=move |_: String| outcome.set(Some(ReviewState::Hidden))/>
                    </details>
                })}
            }
            .into_any(),
        }}
        <p class="field-error" role="alert">{move || error.get()}</p>
    };
    if beside {
        view! { <article class="card stack staff-item" data-review=id>{body}</article> }.into_any()
    } else {
        view! { <li class="card stack staff-item" data-review=id>{body}</li> }.into_any()
    }
}
