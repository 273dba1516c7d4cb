//! The regulator's pages: the report queue (filters, the countdown to the acceptance decision), one
//! report with its status changes, review moderation and the region's placards.

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::markup::{local_time, photo_strip};
use mingchu_types::{HoldReason, ModeratedReview, PhotoRef, Queue, QueueItem, ReportCategory, ReportDetail, ReportStatus, ReviewState};

use super::forms::{Save, TextForm};
use super::placard::PrintPage;
use super::words::{words, Words};
use super::{api, say};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::pages::not_found::NotFound;

const STATUSES: [ReportStatus; 5] =
    [ReportStatus::Submitted, ReportStatus::Accepted, ReportStatus::NotAccepted, ReportStatus::InProgress, ReportStatus::Closed];

/// The regulator's page at `/regulator/{rest}`.
pub fn page(rest: &str) -> AnyView {
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        [""] | ["reports"] => view! { <QueuePage/> }.into_any(),
        ["reports", ticket] => view! { <ReportPage ticket=ticket.to_string()/> }.into_any(),
        ["reviews"] => view! { <ModerationPage/> }.into_any(),
        ["placards"] => view! { <PlacardsPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The countdown to the acceptance decision, and how urgent it is.
fn countdown(w: &Words, days_left: Option<i32>) -> Option<(String, &'static str)> {
    days_left.map(|n| match n {
        n if n < 0 => (fill(w.overdue, -n), "tone-bad"),
        0 => (w.due_today.to_owned(), "tone-bad"),
        n if n <= 2 => (fill(w.due_in, n), "tone-warning"),
        n => (fill(w.due_in, n), "tone-none"),
    })
}

fn status_tone(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Submitted => "tone-warning",
        ReportStatus::Closed => "tone-good",
        _ => "tone-none",
    }
}

/// `/regulator`: the region's reports, oldest decision first, filtered by status and category.
#[component]
fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let queue = LocalResource::new(move || {
        let (s, c) = (status.get(), category.get());
        async move { api::queue(&s, &c).await }
    });
    let filters = move || {
        let lang = lang.get();
        let (t, w) = (lang.t(), words(lang));
        view! {
            <div class="filters">
                <label class="field">
                    <span>{w.filter_status}</span>
                    <select name="status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="" selected=move || status.get().is_empty()>{w.all}</option>
                        {STATUSES.map(|s| view! { <option value=s.as_str() selected=move || status.get() == s.as_str()>{t.report_status(s)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{w.filter_category}</span>
                    <select name="category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="" selected=move || category.get().is_empty()>{w.all}</option>
                        {ReportCategory::ALL.map(|c| view! { <option value=c.as_str() selected=move || category.get() == c.as_str()>{t.report_category_name(c)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
        }
    };
    view! {
        <h1 class="page-h">{move || words(lang.get()).reports_h}</h1>
        {filters}
        {loaded(queue, &[96, 96, 96], move || queue.refetch(), move |queue| view! { <QueueList queue/> }.into_any())}
    }
}

#[component]
fn QueueList(queue: Queue) -> impl IntoView {
    let lang = use_lang().get_untracked();
    crate::pages::set_title(words(lang).reports_h);
    if queue.items.is_empty() {
        return view! { <p class="empty">{words(lang).queue_empty}</p> }.into_any();
    }
    view! { <ul class="staff-list">{queue.items.into_iter().map(|item| queue_row(lang, item)).collect_view()}</ul> }.into_any()
}

fn queue_row(lang: Lang, item: QueueItem) -> impl IntoView {
    let (t, w) = (lang.t(), words(lang));
    let due = countdown(w, item.days_left);
    let mut meta = vec![format!("{} {}", w.filed, lang.date(item.filed_on))];
    if item.photo_count > 0 {
        meta.push(fill(w.photos_n, item.photo_count));
    }
    if item.anonymous {
        meta.push(w.anonymous.to_owned());
    }
    view! {
        <li>
            <a class="card queue-item" href=format!("/regulator/reports/{}", item.ticket)>
                <span class="row-head">
                    <span class=format!("badge {}", status_tone(item.status))>{t.report_status(item.status)}</span>
                    <strong>{t.report_category_name(item.category)}</strong>
                </span>
                <span class="result-name">{item.unit_name.clone()}</span>
                <span class="hint mono">{item.ticket.clone()}" · "{meta.join(" · ")}</span>
                {due.map(|(text, tone)| view! { <span class=format!("due {tone}")>{text}</span> })}
            </a>
        </li>
    }
}

/// `/regulator/reports/{ticket}`: the report, who reported it, its history and the next step.
#[component]
fn ReportPage(ticket: String) -> impl IntoView {
    let ticket = StoredValue::new(ticket);
    let detail = LocalResource::new(move || {
        let ticket = ticket.get_value();
        async move { api::report(&ticket).await }
    });
    let refresh = Callback::new(move |()| detail.refetch());
    loaded(detail, &[44, 200, 160], move || detail.refetch(), move |detail| view! { <Report detail refresh/> }.into_any())
}

#[component]
fn Report(detail: ReportDetail, refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let r = detail.report;
    crate::pages::set_title(&format!("{} · {}", r.ticket, w.reports_h));
    // A report's photos are never public: the staff address, where the session cookie goes.
    let photos: Vec<PhotoRef> = r.photos.iter().map(|p| PhotoRef::staff(p)).collect();
    let mut strip = String::new();
    photo_strip(&mut strip, lang, photos.iter().map(|p| (p.url.as_str(), p.thumb_url.as_str())));
    let due = countdown(w, detail.days_left);
    view! {
        <a class="back" href="/regulator">{w.back_to_queue}</a>
        <h1 class="page-h">{t.report_category_name(r.category)}</h1>
        <section class="card stack">
            <p class="row-head">
                <span class=format!("badge {}", status_tone(r.status))>{t.report_status(r.status)}</span>
                <span class="mono">{r.ticket.clone()}</span>
            </p>
            {due.map(|(text, tone)| view! { <p class=format!("due {tone}")>{text}</p> })}
            <p><a href=format!("/u/{}", r.unit_code)>{r.unit_name.clone()}</a></p>
            <p class="hint">{w.happened}" "{r.happened_at.replace('T', " ")}</p>
            <p class="review-text">{r.description.clone()}</p>
            <div inner_html=strip></div>
            <p class="reporter">
                <strong>{w.reporter}</strong>" "
                {match detail.reporter {
                    Some(c) => {
                        let tel = format!("tel:{}", c.phone.replace(' ', ""));
                        view! { {c.name}" · "<a href=tel>{c.phone}</a> }.into_any()
                    }
                    None => view! { <span class="hint">{w.reporter_anonymous}</span> }.into_any(),
                }}
            </p>
        </section>
        <section class="card stack">
            <h2 class="section-h">{w.trail_h}</h2>
            <ol class="trail-list">
                {r.trail.iter().map(|step| view! {
                    <li>
                        <strong>{t.report_status(step.status)}</strong>" · "<span class="hint">{local_time(lang, &step.at)}</span>
                        {step.note.clone().map(|n| view! { <p class="review-text">{n}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <StatusForm ticket=r.ticket.clone() next=detail.next refresh/>
    }
}

/// The next step: one of the statuses the report may move to, and the note the reporter reads.
#[component]
fn StatusForm(ticket: String, next: Vec<ReportStatus>, refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    if next.is_empty() {
        return view! { <p class="hint">{w.final_status}</p> }.into_any();
    }
    let chosen = RwSignal::new(next[0]);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ticket = StoredValue::new(ticket);
    let save = Action::new_local(move |(status, text): &(ReportStatus, String)| {
        let (status, text) = (*status, text.clone());
        async move {
            match api::change_status(&ticket.get_value(), status, text).await {
                Ok(()) => {
                    note.set(String::new());
                    refresh.run(());
                }
                // A conflict too keeps the note: the inspector reloads when ready.
                Err(e) => error.set(Some(say(e, lang))),
            }
        }
    });
    view! {
        <form class="card stack status-form" on:submit=move |ev| {
            ev.prevent_default();
            let (status, text) = (chosen.get_untracked(), note.get_untracked());
            if status.needs_note() && mingchu_types::staff_text(&text).is_none() {
                error.set(Some(w.note_required.to_owned()));
                return;
            }
            error.set(None);
            save.dispatch((status, text));
        }>
            <h2 class="section-h">{w.change_status}</h2>
            <fieldset class="chips">
                <legend>{w.new_status}</legend>
                {next.into_iter().map(|s| view! {
                    <label class="chip-choice">
                        <input type="radio" name="status" value=s.as_str() checked=move || chosen.get() == s on:change=move |_| chosen.set(s)/>
                        <span>{t.report_status(s)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>{w.note_label}</span>
                <textarea name="note" rows="3" maxlength="500" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <small class="hint">{move || if chosen.get().needs_note() { w.note_required } else { w.note_optional }}</small>
            </label>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button" disabled=move || save.pending().get()>{w.save_status}</button>
        </form>
    }
    .into_any()
}

/// `/regulator/reviews`: held reviews to publish or hide, hidden ones to show again, published ones
/// to hide.
#[component]
fn ModerationPage() -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(ReviewState::Held);
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
                        <input type="radio" name="state" value=s.as_str() checked=move || state.get() == s on:change=move |_| state.set(s)/>
                        <span>{label}</span>
                    </label>
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <h1 class="page-h">{move || words(lang.get()).moderation_h}</h1>
        {tabs}
        {loaded(list, &[120, 120], move || list.refetch(), move |list| {
            let lang = lang.get_untracked();
            crate::pages::set_title(words(lang).moderation_h);
            if list.items.is_empty() {
                return view! { <p class="empty">{words(lang).moderation_empty}</p> }.into_any();
            }
            view! { <ul class="staff-list">{list.items.into_iter().map(|r| view! { <Moderated review=r/> }).collect_view()}</ul> }.into_any()
        })}
    }
}

/// One review to moderate. Once published or hidden it says so in place (the list is not redrawn, so
/// a reason being typed under another review stays).
#[component]
fn Moderated(review: ModeratedReview) -> impl IntoView {
    let ModeratedReview { review, unit_code, unit_name, state, hold_reason, hidden_reason } = review;
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let error = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<ReviewState>);
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
    let hold = hold_reason.map(|h| match h {
        HoldReason::PhoneNumber => w.hold_phone,
        HoldReason::Link => w.hold_link,
        HoldReason::Burst => w.hold_burst,
    });
    let publish_label = if state == ReviewState::Hidden { w.show_again } else { w.publish };
    view! {
        <li class="card stack staff-item" data-review=review.id>
            <p class="row-head">
                <a href=format!("/u/{unit_code}")>{unit_name}</a>
                {review.smiley.map(|s| view! { <span class="badge tone-none">{t.smiley(s)}</span> })}
                <span class="hint">{lang.date(review.on)}</span>
            </p>
            <p class="review-text">{review.text.clone()}</p>
            {(!strip.is_empty()).then(|| view! { <div inner_html=strip></div> })}
            {(state == ReviewState::Held).then(|| hold.map(|h| view! { <p class="hint">{w.held_because}{h}</p> }))}
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
                        <details class="hide-form">
                            <summary>{w.hide}</summary>
                            <p class="hint">{w.hide_note}</p>
                            <TextForm to=Save::Hide(id) label=w.hide_reason button=w.hide done=move |_: String| outcome.set(Some(ReviewState::Hidden))/>
                        </details>
                    })}
                }
                .into_any(),
            }}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </li>
    }
}

/// `/regulator/placards`: one placard per unit of the region, ready to print.
#[component]
fn PlacardsPage() -> impl IntoView {
    let placards = LocalResource::new(api::placards);
    loaded(
        placards,
        &[44, 480],
        move || placards.refetch(),
        move |placards| {
            let w = words(use_lang().get_untracked());
            view! { <PrintPage title=format!("{} · {}", w.placards_h, placards.len()) note=w.placards_note placards/> }.into_any()
        },
    )
}
