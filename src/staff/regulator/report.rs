//! `/regulator/reports/{ticket}`: the report, who reported it, its history and the next step. On a
//! phone a page of its own; at a desk it opens beside the queue.

use leptos::prelude::*;
use mingchu_types::markup::{local_time, photo_strip};
use mingchu_types::{PhotoRef, ReportDetail, ReportStatus};

use super::{countdown, status_tone};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::words::words;
use crate::staff::{api, say};

/// The report `ticket`. `changed`, given beside the queue, is told when the report moves on (so the
/// queue shows it); without it the report is a page of its own, with the way back to the queue.
#[component]
pub fn ReportPage(ticket: String, #[prop(optional)] changed: Option<Callback<()>>) -> impl IntoView {
    let ticket = StoredValue::new(ticket);
    let detail = LocalResource::new(move || {
        let ticket = ticket.get_value();
        async move { api::report(&ticket).await }
    });
    let refresh = Callback::new(move |()| {
        detail.refetch();
        if let Some(changed) = changed {
            changed.run(());
        }
    });
    let beside = changed.is_some();
    loaded(detail, &[44, 200, 160], move || detail.refetch(), move |detail| view! { <Report detail refresh beside/> }.into_any())
}

#[component]
fn Report(detail: ReportDetail, refresh: Callback<()>, beside: bool) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let r = detail.report;
    crate::components::set_title(&format!("{} · {}", r.ticket, w.reports_h));
    // A report's photos are never public: the staff address, where the session cookie goes.
    let photos: Vec<(String, String)> = r.photos.iter().map(|p| PhotoRef::staff(p)).map(|p| (p.url, p.thumb_url)).collect();
    let mut strip = String::new();
    photo_strip(&mut strip, lang, photos.iter().map(|(u, th)| (u.as_str(), th.as_str())));
    let due = countdown(w, detail.days_left, false);
    let title = t.report_category_name(r.category);
    let heading = if beside {
        view! { <h2 class="page-h">{title}</h2> }.into_any()
    } else {
        view! { <a class="back" href="/regulator">{w.back_to_queue}</a><h1 class="page-h">{title}</h1> }.into_any()
    };
    view! {
        {heading}
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
