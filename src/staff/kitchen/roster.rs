//! `/owner/staff`: the roster and its health certificates, expired and expiring ones first (the
//! server's order), each with its number and end date; a person is added or changed (post, a new
//! certificate, their leaving) in a short form kept in the outbox like every write. The public sees
//! only the surname with `*`, the post and whether the certificate is valid.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::fill_date;
use mingchu_types::kitchen::{staff_problems, HealthCertificate, Post, RosterEntry, StaffInput, StaffMember};
use mingchu_types::Day;

use mingchu_types::markup::esc;

use super::outbox::{self, new_key, Kept};
use super::words::words;
use super::{certificate_badge, field_id, owner_unit, rules, TextField};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::api;

#[component]
pub fn RosterPage() -> impl IntoView {
    let roster = LocalResource::new(api::roster);
    // A change the outbox has sent shows in the list the server gives back.
    Effect::new(move |seen: Option<u32>| {
        let sent = outbox::queue().sent;
        if seen.is_some_and(|seen| seen != sent) {
            roster.refetch();
        }
        sent
    });
    loaded(roster, &[44, 72, 96, 96], move || roster.refetch(), |entries| view! { <Roster entries/> }.into_any())
}

#[component]
fn Roster(entries: Vec<RosterEntry>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    crate::components::set_title(w.staff_h);
    let adding = RwSignal::new(false);
    let unit = owner_unit().unwrap_or_default();
    // Changes saved on this phone and not yet sent, by the person's id (a new person: by their key).
    let waiting =
        Memo::new(move |_| outbox::queue().kept.into_iter().filter(|k| k.unit == unit && k.path.starts_with("/owner/staff")).collect::<Vec<Kept>>());
    let (active, left): (Vec<RosterEntry>, Vec<RosterEntry>) = entries.into_iter().partition(|e| e.member.active);
    view! {
        <h1 class="page-h">{w.staff_h}</h1>
        <p class="hint">{w.staff_note}</p>
        {move || {
            let new: Vec<String> = waiting.get().iter().filter(|k| !k.put).filter_map(|k| serde_json::from_str::<StaffInput>(&k.json).ok()).map(|s| s.name).collect();
            (!new.is_empty()).then(|| view! { <p class="note-box waiting-note" role="status">{w.staff_waiting}{new.join(lang.look().name_sep)}</p> })
        }}
        {move || if adding.get() {
            view! { <section class="card"><StaffForm existing=None done=move || adding.set(false)/></section> }.into_any()
        } else {
            view! { <button type="button" class="button" on:click=move |_| adding.set(true)>{w.add_person}</button> }.into_any()
        }}
        {active.is_empty().then(|| view! { <p class="empty">{w.staff_empty}</p> })}
        <ul class="staff-list">{active.into_iter().map(|entry| view! { <Person entry waiting/> }).collect_view()}</ul>
        {(!left.is_empty()).then(|| view! {
            <details class="card">
                <summary class="card-h">{w.staff_left}</summary>
                <ul class="staff-list">{left.into_iter().map(|entry| view! { <Person entry waiting/> }).collect_view()}</ul>
            </details>
        })}
        <p class="hint">{k.note}</p>
    }
}

/// One person: name, post, the certificate's state, number and end; and the form to change them.
#[component]
fn Person(entry: RosterEntry, waiting: Memo<Vec<Kept>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let RosterEntry { member, certificate } = entry;
    let (tone, state) = certificate_badge(lang, certificate);
    let editing = RwSignal::new(false);
    let path = format!("/owner/staff/{}", member.id);
    let pending = move || waiting.with(|kept| kept.iter().any(|k| k.put && k.path == path));
    let shown = member.clone();
    let head = format!(
        r#"<p class="row-head"><strong>{}</strong><span class="hint">{}</span><span class="badge {tone}">{}</span></p><p class="hint">{} <span class="mono">{}</span> · {}</p>"#,
        esc(&member.name),
        esc(k.posts[member.post as usize]),
        esc(&state),
        esc(w.certificate_number),
        esc(&member.certificate.number),
        esc(&fill_date(lang, w.valid_until_on, member.certificate.valid_until)),
    );
    view! {
        <li class="card stack staff-item" data-staff=member.id.clone()>
            <div class="k-person" inner_html=head></div>
            {move || pending().then(|| view! { <p class="badge tone-warning">{w.saved_waiting}</p> })}
            {move || if editing.get() {
                let existing = shown.clone();
                view! { <StaffForm existing=Some(existing) done=move || editing.set(false)/> }.into_any()
            } else {
                view! { <button type="button" class="button-quiet" on:click=move |_| editing.set(true)>{w.edit_person}</button> }.into_any()
            }}
        </li>
    }
}

/// A new person (`existing` none), or a change to one: kept in the outbox, then `done`.
#[component]
fn StaffForm(existing: Option<StaffMember>, #[prop(into)] done: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let day_text = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
    let name = RwSignal::new(existing.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let post = RwSignal::new(existing.as_ref().map_or(Post::Chef, |m| m.post));
    let number = RwSignal::new(existing.as_ref().map(|m| m.certificate.number.clone()).unwrap_or_default());
    let issued = RwSignal::new(day_text(existing.as_ref().map(|m| m.certificate.issued)));
    let valid_until = RwSignal::new(day_text(existing.as_ref().map(|m| m.certificate.valid_until)));
    let active = RwSignal::new(existing.as_ref().is_none_or(|m| m.active));
    let error = RwSignal::new(None::<String>);
    let id = existing.as_ref().map(|m| m.id.clone());
    let save = move |_| {
        let (Ok(from), Ok(until)) = (issued.get_untracked().parse::<Day>(), valid_until.get_untracked().parse::<Day>()) else {
            return error.set(Some(w.dates_missing.to_owned()));
        };
        let input = StaffInput {
            name: name.get_untracked().trim().to_owned(),
            post: post.get_untracked(),
            certificate: HealthCertificate { number: number.get_untracked().trim().to_owned(), issued: from, valid_until: until },
            active: active.get_untracked(),
        };
        let problems = staff_problems(&input, rules());
        if !problems.is_empty() {
            let words = lang.kitchen_staff();
            return error.set(Some(problems.iter().map(|&p| words.input_problems[p as usize]).collect::<Vec<_>>().join(lang.look().name_sep)));
        }
        let json = serde_json::to_string(&input).unwrap_or_default();
        let unit = owner_unit().unwrap_or_default();
        let kept = match &id {
            Some(id) => Kept::new(new_key(), &unit, true, &format!("/owner/staff/{id}"), json, None),
            None => Kept::new(new_key(), &unit, false, "/owner/staff", json, None),
        };
        spawn_local(async move {
            match outbox::keep(kept).await {
                Ok(()) => done.run(()),
                Err(_) => error.set(Some(w.not_kept.to_owned())),
            }
        });
    };
    // A certificate is valid a year: its end follows the day it was issued until the owner changes it.
    let on_issued = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Ok(day) = text.parse::<Day>() {
            valid_until.set(day.add_months(rules().certificate_valid_months.into()).add_days(-1).to_string());
        }
        issued.set(text);
    };
    let (post_id, issued_id, until_id) = (field_id(), field_id(), field_id());
    view! {
        <div class="stack k-staff-form">
            <TextField label=w.person_name.to_owned() value=name/>
            <div class="field">
                <label for=post_id.clone()>{w.post}</label>
                <select id=post_id on:change=move |ev| {
                    if let Some(p) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| Post::ALL.get(i)) { post.set(*p) }
                }>
                    {Post::ALL.into_iter().enumerate().map(|(i, p)| view! { <option value=i.to_string() selected=move || post.get() == p>{k.posts[i]}</option> }).collect_view()}
                </select>
            </div>
            <TextField label=w.certificate_number.to_owned() value=number/>
            <div class="field">
                <label for=issued_id.clone()>{w.issued}</label>
                <input id=issued_id type="date" prop:value=issued on:input=on_issued/>
            </div>
            <div class="field">
                <label for=until_id.clone()>{w.valid_until}</label>
                <input id=until_id type="date" prop:value=valid_until on:input=move |ev| valid_until.set(event_target_value(&ev))/>
            </div>
            {existing.is_some().then(|| view! {
                <label class="chip-choice">
                    <input type="checkbox" prop:checked=active on:change=move |ev| active.set(event_target_checked(&ev))/>
                    {w.on_duty}
                </label>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="form-row">
                <button type="button" class="button" on:click=save>{w.save_person}</button>
                <button type="button" class="button-quiet" on:click=move |_| done.run(())>{w.cancel}</button>
            </div>
        </div>
    }
}
