//! `/owner/today`: today's checklist on a phone. Each kind of record is a card that says how it stands
//! today (done, needs attention, not yet due, missing) and opens on its short form; what was saved and
//! not yet sent is listed at the top, and today's records, with what their checks found, at the bottom.
//! Each record the owner wrote can be corrected there: the form of its kind opens filled with the
//! record as it stands, and saving it keeps the record's next version in the outbox.
//! Nothing typed is redrawn away: the server's day is asked again in place whenever the outbox has sent
//! something, and only the states and lists follow it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::kitchen::{CheckCtx, KindState, KitchenRecord, NewRecord, OwnerToday, RecordKind, Source, StaffMember, TodayLine};
use mingchu_types::markup::{esc, finding_words};
use mingchu_types::UnitKind;
use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::forms::{DisinfectionForm, PesticideForm, PurchaseForm, SamplesForm, SelfInspectionForm};
use super::morning::MorningCheck;
use super::outbox::{self, Kept};
use super::words::words;
use super::{describe, owner_unit, rules};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::api;

#[component]
pub fn TodayPage() -> impl IntoView {
    let today = LocalResource::new(api::owner_today);
    loaded(today, &[44, 72, 200, 72, 72, 72], move || today.refetch(), |data| view! { <Checklist data/> }.into_any())
}

/// What every form of the page reads: the server's day (kept fresh), the unit, and the record being
/// corrected, if one is.
#[derive(Clone, Copy)]
pub struct Today {
    pub data: RwSignal<OwnerToday>,
    pub unit: StoredValue<String>,
    pub correcting: RwSignal<Option<KitchenRecord>>,
}

impl Today {
    pub fn roster(&self) -> Vec<StaffMember> {
        self.data.with_untracked(|d| d.roster.iter().map(|e| e.member.clone()).collect())
    }

    pub fn unit_kind(&self) -> UnitKind {
        self.data.with_untracked(|d| d.unit_kind)
    }

    /// Checks a record as the server will, then keeps it to be sent, as new or as the next version of
    /// the record `correcting`: the problems, in words, if it cannot be kept as it is.
    pub async fn save(&self, lang: Lang, correcting: Option<String>, record: NewRecord, photo: Option<Blob>) -> Result<(), String> {
        let roster = self.roster();
        let ctx = CheckCtx { rules: rules(), unit_kind: self.unit_kind(), roster: &roster };
        let problems = mingchu_types::kitchen::record_problems(&record, js_sys::Date::now() as i64, &ctx);
        if !problems.is_empty() {
            let words = lang.kitchen_staff();
            return Err(problems.iter().map(|&p| words.input_problems[p as usize]).collect::<Vec<_>>().join(lang.look().name_sep));
        }
        let kept = Kept::record(&self.unit.get_value(), correcting.as_deref(), &record, photo);
        outbox::keep(kept).await.map_err(|_| words(lang).not_kept.to_owned())
    }
}

#[component]
fn Checklist(data: OwnerToday) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    crate::components::set_title(k.title);
    let day = data.day;
    let today = Today { data: RwSignal::new(data), unit: StoredValue::new(owner_unit().unwrap_or_default()), correcting: RwSignal::new(None) };
    // The server's lines and records follow what the outbox has sent.
    Effect::new(move |seen: Option<u32>| {
        let sent = outbox::queue().sent;
        if seen.is_some_and(|seen| seen != sent) {
            spawn_local(async move {
                if let Ok(fresh) = api::owner_today().await {
                    today.data.set(fresh);
                }
            });
        }
        sent
    });
    let section = move |kind: RecordKind, form: AnyView| {
        let line = move || today.data.with(|d| d.lines.iter().find(|l| l.kind == kind).cloned());
        // Open at first when it is due and not done: the morning check first thing in the day.
        let open = line().is_some_and(|l| matches!(l.state, KindState::Missing) || kind == RecordKind::MorningCheck && l.state == KindState::NotYet);
        view! {
            <details class="card k-form" open=open data-kind=kind.as_str()>
                <summary>
                    <span class="k-kind">{k.kinds[kind as usize]}</span>
                    {move || line().map(|l| state_badge(lang, &l))}
                </summary>
                {form}
            </details>
        }
    };
    view! {
        <h1 class="page-h">{k.title}" · "{lang.date(day)}</h1>
        <p class="hint">{w.today_note}</p>
        <Waiting unit=today.unit.get_value() roster=Callback::new(move |()| today.roster())/>
        {section(RecordKind::MorningCheck, view! { <MorningCheck today/> }.into_any())}
        {section(RecordKind::Samples, view! { <SamplesForm today/> }.into_any())}
        {section(RecordKind::Disinfection, view! { <DisinfectionForm today/> }.into_any())}
        {section(RecordKind::PesticideTest, view! { <PesticideForm today/> }.into_any())}
        {section(RecordKind::Purchase, view! { <PurchaseForm today/> }.into_any())}
        {section(RecordKind::SelfInspection, view! { <SelfInspectionForm today/> }.into_any())}
        <Correction today/>
        <Records today/>
    }
}

/// A kind's state today: symbol and word (never colour alone), and the time it is due when it is not done.
fn state_badge(lang: Lang, line: &TodayLine) -> impl IntoView {
    use mingchu_types::markup::{STATE_SYMBOLS as SYMBOLS, STATE_TONES as TONES};
    let k = lang.kitchen();
    let state = line.state as usize;
    let due = match line.state {
        KindState::NotYet | KindState::Missing => line.summary.due_ms.map(|at| k.due_by.replace("{time}", &super::input::clock(at))),
        KindState::Fine | KindState::Attention => Some(fill(k.counts[line.kind as usize], line.summary.count)),
        KindState::NotRequired | KindState::Closed => None,
    };
    view! {
        <span class=format!("k-state {}", TONES[state])><span aria-hidden="true">{SYMBOLS[state]}</span>" "{k.states[state]}</span>
        {due.map(|d| view! { <span class="k-detail">{d}</span> })}
    }
}

/// What `unit`'s owner saved on this phone and not yet sent: waiting for the network, or refused with
/// the reason (records are named with their people, from `roster`).
#[component]
pub fn Waiting(unit: String, roster: Callback<(), Vec<StaffMember>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let mine = Memo::new(move |_| outbox::queue().kept.into_iter().filter(|k| k.unit == unit).collect::<Vec<Kept>>());
    move || {
        let kept = mine.get();
        if kept.is_empty() {
            return None;
        }
        let roster = roster.run(());
        let waiting = outbox::queue().waiting;
        let items = kept
            .into_iter()
            .map(|kept| {
                let what = match kept.as_record() {
                    Some(r) if kept.corrects() => format!("{} · {}", w.correct, describe(lang, &r, &roster)),
                    Some(r) => describe(lang, &r, &roster),
                    None => super::school::kept_what(lang, &kept).unwrap_or_else(|| w.roster_change.to_owned()),
                };
                let refused = kept.refused.clone();
                let class = if refused.is_some() { "k-kept tone-bad" } else { "k-kept tone-warning" };
                let again = kept.clone();
                let key = kept.key.clone();
                view! {
                    <li class=class>
                        <span>{what}</span>
                        {match refused {
                            Some(why) => view! {
                                <span class="k-why">{w.kept_refused}{why}</span>
                                <span class="form-row">
                                    <button type="button" class="button-quiet" on:click=move |_| {
                                        let again = again.clone();
                                        spawn_local(outbox::send_again(again));
                                    }>{w.send_again}</button>
                                    <button type="button" class="button-quiet" on:click=move |_| {
                                        let key = key.clone();
                                        spawn_local(async move { outbox::drop_kept(&key).await });
                                    }>{w.drop_kept}</button>
                                </span>
                            }.into_any(),
                            None => view! { <span class="k-why">{w.kept_waiting}</span> }.into_any(),
                        }}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="card k-outbox" role="status" aria-live="polite">
                <h2 class="card-h">{w.kept_h}</h2>
                {waiting.map(|e| view! { <p class="hint">{crate::staff::say(e, lang)}" "{w.kept_later}</p> })}
                <ul class="k-kept-list">{items}</ul>
                <button type="button" class="button-quiet" on:click=move |_| outbox::flush()>{lang.t().retry}</button>
            </section>
        })
    }
}

/// Today's records as the server has them: when, what, 补录, and what the checks found (HTML: a list
/// drawn again whole when the server's day changes costs the app less so).
#[component]
fn Records(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let unit = esc(&today.unit.get_value());
    let list = move || {
        today.data.with(|d| {
            if d.records.is_empty() {
                return format!(r#"<p class="empty">{}</p>"#, esc(w.no_records_today));
            }
            let roster: Vec<StaffMember> = d.roster.iter().map(|e| e.member.clone()).collect();
            let items: String = d
                .records
                .iter()
                .rev()
                .map(|checked| {
                    let r = &checked.record;
                    let line = describe(lang, &NewRecord { client_id: String::new(), at_ms: r.at_ms, body: r.body.clone() }, &roster);
                    let mut marks = String::new();
                    if checked.late {
                        marks.push_str(&format!(r#"<span class="badge tone-warning">{}</span>"#, esc(k.late)));
                    }
                    if r.version > 1 {
                        marks.push_str(&format!(r#"<span class="badge tone-none">{}</span>"#, esc(&fill(k.version, r.version))));
                    }
                    let found: String = checked.findings.iter().map(|f| format!("<li>{}</li>", esc(&finding_words(lang, f)))).collect();
                    let found = if found.is_empty() { found } else { format!(r#"<ul class="k-found">{found}</ul>"#) };
                    // What the owner wrote they may correct; a device's records are the device's.
                    let correct = match r.source {
                        Source::Person => format!(
                            r#"<button type="button" class="button-quiet k-correct" data-correct="{}" aria-label="{}">{}</button>"#,
                            esc(&r.id),
                            esc(&format!("{} · {line}", w.correct)),
                            esc(w.correct)
                        ),
                        Source::Device { .. } => String::new(),
                    };
                    format!(
                        r#"<li class="k-record {}"><span class="what">{}</span><span class="badges">{marks}<a class="row-more" href="/u/{unit}/records/{}">{}</a>{correct}</span>{found}</li>"#,
                        mingchu_types::kitchen::worst(&checked.findings).class(),
                        esc(&line),
                        esc(&mingchu_types::percent_encode(&r.id)),
                        esc(w.public_page)
                    )
                })
                .collect();
            format!(r#"<ul class="k-records">{items}</ul>"#)
        })
    };
    // One listener for the list's "correct" buttons: the list is HTML, drawn again whole.
    let correct = move |ev: leptos::ev::MouseEvent| {
        let button = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("[data-correct]").ok().flatten());
        let Some(id) = button.and_then(|b| b.get_attribute("data-correct")) else { return };
        let record = today.data.with_untracked(|d| d.records.iter().find(|c| c.record.id == id).map(|c| c.record.clone()));
        today.correcting.set(record);
        // Once drawn, the correction's form is brought to the screen, and the focus with it.
        request_animation_frame(|| {
            if let Some(form) = document().get_element_by_id(CORRECTION_ID).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                form.scroll_into_view();
                let _ = form.focus();
            }
        });
    };
    view! {
        <section class="card">
            <h2 class="card-h">{w.records_today}</h2>
            <div inner_html=list on:click=correct></div>
        </section>
    }
}

/// The id of the correction's card, which a "correct" button brings to the screen.
const CORRECTION_ID: &str = "k-correct";

/// The record being corrected: the form of its kind, filled with the record as it stands. Saved, it is
/// kept as the record's next version and the card closes.
#[component]
fn Correction(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    // Drawn again only when another record is chosen, not when the server's day is asked again.
    let id = Memo::new(move |_| today.correcting.with(|c| c.as_ref().map(|r| r.id.clone())));
    move || {
        // Read, not only tracked: a memo never read has no sources, and so would never change.
        id.get()?;
        let record = today.correcting.get_untracked()?;
        let kind = record.body.kind();
        let line = describe(lang, &NewRecord { client_id: String::new(), at_ms: record.at_ms, body: record.body.clone() }, &today.roster());
        let version = fill(k.version, record.version);
        let form = match kind {
            RecordKind::MorningCheck => view! { <MorningCheck today correcting=record/> }.into_any(),
            RecordKind::Samples => view! { <SamplesForm today correcting=record/> }.into_any(),
            RecordKind::Disinfection => view! { <DisinfectionForm today correcting=record/> }.into_any(),
            RecordKind::PesticideTest => view! { <PesticideForm today correcting=record/> }.into_any(),
            RecordKind::Purchase => view! { <PurchaseForm today correcting=record/> }.into_any(),
            RecordKind::SelfInspection => view! { <SelfInspectionForm today correcting=record/> }.into_any(),
        };
        Some(view! {
            <section class="card k-form k-correcting" id=CORRECTION_ID tabindex="-1" data-kind=kind.as_str()>
                <h2 class="card-h">{w.correct_h}" · "{k.kinds[kind as usize]}</h2>
                <p class="k-correct-what">{line}" "<span class="badge tone-none">{version}</span></p>
                <p class="hint">{w.correct_note}</p>
                {form}
                <button type="button" class="button-quiet" on:click=move |_| today.correcting.set(None)>{w.cancel}</button>
            </section>
        })
    }
}
