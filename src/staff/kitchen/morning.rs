//! The morning check (晨检): one tap per person checks them in as fit (合格, the usual case); "exceptions"
//! opens their temperature, hands and symptoms. Each row says at once what the check will find — moved
//! off (调离) for a fever, bad hands or a symptom, and never fit with an expired health certificate —
//! and people already checked today (sent, or saved and waiting) are marked so. Correcting a morning
//! check, the same list opens with the record's people marked as it has them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::fill;
use mingchu_types::kitchen::{
    CertificateState, CheckCtx, CheckEntry, KitchenRecord, MorningCheck as Check, NewRecord, Outcome, RecordBody, RosterEntry, Symptom,
};

use super::forms::Writing;
use super::input::{show_tenths, tenths};
use super::outbox::{self, new_key};
use super::today::Today;
use super::words::words;
use super::{certificate_badge, field_id, rules};
use crate::i18n::use_lang;

/// The temperature a tap records: a normal reading, changed under "exceptions".
const USUAL_TENTHS: u16 = 365;

/// One person's row as it is being filled in.
#[derive(Clone, Copy)]
struct Mark {
    checked: RwSignal<bool>,
    open: RwSignal<bool>,
    temperature: RwSignal<String>,
    hands_ok: RwSignal<bool>,
    symptoms: RwSignal<Vec<Symptom>>,
}

impl Mark {
    fn new() -> Mark {
        Mark {
            checked: RwSignal::new(false),
            open: RwSignal::new(false),
            temperature: RwSignal::new(show_tenths(USUAL_TENTHS)),
            hands_ok: RwSignal::new(true),
            symptoms: RwSignal::new(Vec::new()),
        }
    }

    /// Marks the person as an entry of a record has them: exceptions open where there are any.
    fn fill(&self, entry: &CheckEntry) {
        self.checked.set(true);
        self.open.set(entry.temperature_tenths != USUAL_TENTHS || !entry.hands_ok || !entry.symptoms.is_empty());
        self.temperature.set(show_tenths(entry.temperature_tenths));
        self.hands_ok.set(entry.hands_ok);
        self.symptoms.set(entry.symptoms.clone());
    }

    fn clear(&self) {
        self.checked.set(false);
        self.open.set(false);
        self.temperature.set(show_tenths(USUAL_TENTHS));
        self.hands_ok.set(true);
        self.symptoms.set(Vec::new());
    }

    /// The entry as marked; `None` while the temperature does not read as one.
    fn entry(&self, staff_id: &str) -> Option<CheckEntry> {
        let mut entry = self.entry_as_far(staff_id);
        entry.temperature_tenths = tenths(&self.temperature.get())?;
        Some(entry)
    }

    /// The entry as marked so far, a temperature that does not read yet taken as none.
    fn entry_as_far(&self, staff_id: &str) -> CheckEntry {
        CheckEntry {
            staff_id: staff_id.to_owned(),
            temperature_tenths: tenths(&self.temperature.get()).unwrap_or(0),
            hands_ok: self.hands_ok.get(),
            symptoms: self.symptoms.get(),
        }
    }
}

/// How a person stands in today's check: not yet, or checked with an outcome (and whether that is only
/// saved on this phone so far).
#[derive(Clone, Copy, PartialEq)]
enum Done {
    Not,
    Checked(Outcome, bool),
}

#[component]
pub fn MorningCheck(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let writing = Writing::new(correcting);
    let people: Vec<(RosterEntry, Mark)> = today.data.with_untracked(|d| d.roster.clone()).into_iter().map(|e| (e, Mark::new())).collect();
    // Correcting: the record's people marked as it has them; anyone no longer on the roster stays as
    // the record has them.
    let mut aside = Vec::new();
    if let Some(RecordBody::MorningCheck(check)) = writing.body() {
        for entry in check.entries {
            match people.iter().find(|(e, _)| e.member.id == entry.staff_id) {
                Some((_, mark)) => mark.fill(&entry),
                None => aside.push(entry),
            }
        }
    }
    let (aside, corrects) = (StoredValue::new(aside), writing.at_ms().is_some());
    let day = today.data.with_untracked(|d| d.day);
    // What the check finds of an entry: the rules' own outcome, the person's certificate that day included.
    let (roster, unit_kind) = (StoredValue::new(today.roster()), today.unit_kind());
    let judge = Callback::new(move |entry: CheckEntry| roster.with_value(|r| CheckCtx { rules: rules(), unit_kind, roster: r }.outcome(&entry, day)));
    // Who has been checked today: the server's records, then what waits in the outbox.
    let done = Memo::new(move |_| {
        let roster = today.roster();
        let ctx = CheckCtx { rules: rules(), unit_kind: today.unit_kind(), roster: &roster };
        let mut done: Vec<(String, Outcome, bool)> = Vec::new();
        let unit = today.unit.get_value();
        let kept = outbox::queue().kept.into_iter().filter(|k| k.unit == unit && k.refused.is_none()).filter_map(|k| k.as_record());
        let sent = today.data.with(|d| d.records.iter().map(|c| (c.record.body.clone(), false)).collect::<Vec<_>>());
        for (body, waiting) in sent.into_iter().chain(kept.map(|r| (r.body, true))) {
            if let RecordBody::MorningCheck(check) = body {
                done.extend(check.entries.iter().map(|e| (e.staff_id.clone(), ctx.outcome(e, day), waiting)));
            }
        }
        done
    });
    let done_of = move |id: &str| match corrects {
        true => Done::Not,
        false => done.with(|d| d.iter().rev().find(|(s, ..)| s == id).map_or(Done::Not, |&(_, o, waiting)| Done::Checked(o, waiting))),
    };
    let marks = StoredValue::new(people.iter().map(|(e, m)| (e.member.id.clone(), *m)).collect::<Vec<_>>());
    let count = move || marks.with_value(|m| m.iter().filter(|(_, m)| m.checked.get()).count());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let mut entries = Vec::new();
        for (id, mark) in marks.get_value().iter().filter(|(_, m)| m.checked.get_untracked()) {
            match mark.entry(id) {
                Some(entry) => entries.push(entry),
                None => {
                    mark.open.set(true);
                    error.set(Some(w.temperature_bad.to_owned()));
                    return;
                }
            }
        }
        entries.extend(aside.get_value());
        let at_ms = writing.at_ms().unwrap_or(js_sys::Date::now() as i64);
        let record = NewRecord { client_id: new_key(), at_ms, body: RecordBody::MorningCheck(Check { entries }) };
        spawn_local(async move {
            match today.save(lang, writing.id(), record, None).await {
                Ok(()) => {
                    error.set(None);
                    marks.with_value(|m| m.iter().for_each(|(_, m)| m.clear()));
                    if corrects {
                        today.correcting.set(None);
                    }
                }
                Err(why) => error.set(Some(why)),
            }
        });
    };
    view! {
        <p class="hint">{w.morning_hint}</p>
        <ul class="mc-list">
            {people.into_iter().map(|(entry, mark)| {
                let id = entry.member.id.clone();
                view! { <Person entry mark done=Signal::derive(move || done_of(&id)) judge/> }
            }).collect_view()}
        </ul>
        <p class="field-error" role="alert">{move || error.get()}</p>
        <button type="button" class="button mc-save" disabled=move || count() == 0 on:click=save>
            {move || if corrects { w.save_correction.to_owned() } else { fill(w.save_morning, count()) }}
        </button>
    }
}

/// One person: the tap that checks them in, what the check will find, and their exceptions.
#[component]
fn Person(entry: RosterEntry, mark: Mark, done: Signal<Done>, judge: Callback<CheckEntry, Outcome>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w, ks) = (lang.kitchen(), words(lang), lang.kitchen_staff());
    let RosterEntry { member, certificate } = entry;
    let expired = certificate == CertificateState::Expired;
    let staff_id = member.id.clone();
    // What the check will find, from what is marked.
    let outcome = move || judge.run(mark.entry_as_far(&staff_id));
    let (certificate_tone, certificate_words) = certificate_badge(lang, certificate);
    let id = StoredValue::new(field_id());
    let status = Memo::new(move |_| match done.get() {
        Done::Checked(o, waiting) => {
            let text = if waiting {
                format!("{} · {}", k.outcomes[o as usize], w.saved_waiting)
            } else {
                format!("{} · {}", w.checked_in, k.outcomes[o as usize])
            };
            (outcome_tone(o), text)
        }
        Done::Not if mark.checked.get() => (outcome_tone(outcome()), k.outcomes[outcome() as usize].to_owned()),
        Done::Not => ("tone-none", w.not_checked.to_owned()),
    });
    let name = member.name.clone();
    view! {
        <li class="mc-row" class:mc-on=move || mark.checked.get() class:mc-done=move || done.get() != Done::Not>
            <button type="button" class="mc-tap" aria-pressed=move || mark.checked.get().to_string() disabled=move || done.get() != Done::Not
                on:click=move |_| mark.checked.update(|c| *c = !*c)>
                <span class="mc-box" aria-hidden="true">"✓"</span>
                <span class="mc-who"><strong>{name}</strong>" "<span class="hint">{k.posts[member.post as usize]}</span></span>
                <span class=move || format!("badge {}", status.get().0)>{move || status.get().1}</span>
            </button>
            {move || (done.get() == Done::Not).then(|| view! {
                <button type="button" class="button-quiet mc-more" aria-expanded=move || mark.open.get().to_string() aria-controls=id.get_value()
                    on:click=move |_| { mark.open.update(|o| *o = !*o); mark.checked.set(true); }>{w.exceptions}</button>
            })}
            {(certificate != CertificateState::Valid).then(|| view! {
                <span class=format!("mc-cert {certificate_tone}")>{fill(w.certificate_is, certificate_words)}{expired.then_some(w.expired_not_fit)}</span>
            })}
            {move || (mark.open.get() && done.get() == Done::Not).then(|| {
                let t_id = field_id();
                view! {
                    <div class="mc-exceptions" id=id.get_value()>
                        <div class="field">
                            <label for=t_id.clone()>{w.temperature}</label>
                            <input id=t_id type="text" inputmode="decimal" autocomplete="off" prop:value=mark.temperature
                                on:input=move |ev| mark.temperature.set(event_target_value(&ev))/>
                        </div>
                        <label class="chip-choice">
                            <input type="checkbox" prop:checked=move || !mark.hands_ok.get() on:change=move |ev| mark.hands_ok.set(!event_target_checked(&ev))/>
                            {w.hands_bad}
                        </label>
                        <fieldset class="chips">
                            <legend>{w.symptoms}</legend>
                            {Symptom::ALL.into_iter().enumerate().map(|(i, s)| view! {
                                <label class="chip-choice">
                                    <input type="checkbox" prop:checked=move || mark.symptoms.with(|v| v.contains(&s))
                                        on:change=move |ev| { let on = event_target_checked(&ev); mark.symptoms.update(|v| { v.retain(|x| *x != s); if on { v.push(s); } }); }/>
                                    {ks.symptoms[i]}
                                </label>
                            }).collect_view()}
                        </fieldset>
                    </div>
                }
            })}
        </li>
    }
}

fn outcome_tone(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fit => "tone-good",
        Outcome::MovedOff => "tone-warning",
        Outcome::CertificateExpired | Outcome::CertificateNotYetValid => "tone-bad",
    }
}
