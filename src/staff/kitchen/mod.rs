//! The kitchen app's pages, 今日后厨 for staff: the owner's checklist of today (`/owner/today`: the
//! morning check, samples, disinfection, rapid tests, purchases and self-inspection as short forms,
//! each kept in the outbox, `outbox.rs`, before it is sent), the roster and its health certificates (`/owner/staff`),
//! and the regulator's units that need attention today (`/regulator/today`); for school and kindergarten
//! canteens, what parents see — the menu, dish photos, 陪餐, fees and the survey (`/owner/school`) — and
//! the region's schools behind on it (`/regulator/school`).

mod attention;
mod forms;
mod input;
mod morning;
mod outbox;
mod roster;
mod school;
mod school_lapses;
mod school_menu;
mod school_words;
mod today;
mod words;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use leptos::prelude::*;
use mingchu_types::i18n::Lang;
use mingchu_types::kitchen::{CertificateState, KitchenRules, NewRecord, RecordBody, RosterEntry, StaffMember};
use mingchu_types::{Account, SessionView};

use super::{Pages, SessionState, Side};
use crate::components::not_found::NotFound;
use crate::router::{AppKind, KitchenPage, Route};
use words::words;

/// The kitchen app's page the address asks for (`None`: an address of no page of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KitchenPages(Option<KitchenPage>);

impl Pages for KitchenPages {
    const APP: AppKind = AppKind::Kitchen;

    fn screen(path: &str, _desk: bool) -> KitchenPages {
        match Route::parse(path) {
            Route::Kitchen(page) => KitchenPages(Some(page)),
            _ => KitchenPages(None),
        }
    }

    fn side(&self) -> Side {
        if matches!(self.0, Some(KitchenPage::RegulatorToday | KitchenPage::RegulatorSchool)) {
            Side::Regulator
        } else {
            Side::Owner
        }
    }

    fn page(self) -> AnyView {
        match self.0 {
            Some(KitchenPage::OwnerToday) => view! { <today::TodayPage/> }.into_any(),
            Some(KitchenPage::OwnerStaff) => view! { <roster::RosterPage/> }.into_any(),
            Some(KitchenPage::RegulatorToday) => view! { <attention::AttentionPage/> }.into_any(),
            Some(KitchenPage::OwnerSchool) => view! { <school::OwnerSchoolPage/> }.into_any(),
            Some(KitchenPage::RegulatorSchool) => view! { <school_lapses::SchoolLapsesPage/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    }

    // The owner's outbox is this app's alone: only its pages keep writes, and it sends what waits as
    // soon as any of them opens and whenever the network returns, while that unit's owner is signed in.
    // The staff app's pages do not send it: the sender, even made lean, would cost that app 13 KB of
    // its 250 (235 → 248 KB brotli, measured), and an owner who kept records offline comes back to the checklist, the
    // page of the day, where they show as waiting. Until then they stay on the phone (the server dates
    // a record when it arrives: one that waits over two hours shows as 补录).
    fn signed_in(owner_unit: Option<String>, lang: Lang) {
        outbox::signed_in(owner_unit, lang);
    }
}

/// The rules records are judged by (the server judges them by the same).
pub fn rules() -> &'static KitchenRules {
    static RULES: OnceLock<KitchenRules> = OnceLock::new();
    RULES.get_or_init(KitchenRules::national)
}

/// The signed-in owner's unit code.
pub fn owner_unit() -> Option<String> {
    let state = use_context::<SessionState>()?;
    state.0.with_untracked(|s| match s {
        Some(Ok(Some(SessionView { account: Account::Owner { unit_code, .. }, .. }))) => Some(unit_code.clone()),
        _ => None,
    })
}

/// An id for a field and its label, unique on the page.
fn field_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("k{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A certificate's state as a badge: its tone and words ("已过期", "12 天后到期").
fn certificate_badge(lang: Lang, state: CertificateState) -> (&'static str, String) {
    let k = lang.kitchen();
    match state {
        CertificateState::Valid => ("tone-good", k.certificates[0].to_owned()),
        CertificateState::Expiring { days_left } => ("tone-warning", mingchu_types::i18n::fill(k.expiring_days, days_left)),
        CertificateState::Expired => ("tone-bad", k.certificates[2].to_owned()),
        CertificateState::NotYetValid => ("tone-bad", k.certificates[3].to_owned()),
    }
}

/// A person as the owner names them: name and post.
fn who(lang: Lang, member: &StaffMember) -> String {
    format!("{} · {}", member.name, lang.kitchen().posts[member.post as usize])
}

/// What a record says, in a line: its kind and the gist (how many people, which meal, which item).
pub fn describe(lang: Lang, record: &NewRecord, roster: &[StaffMember]) -> String {
    let k = lang.kitchen();
    let gist = match &record.body {
        RecordBody::MorningCheck(c) => {
            let names: Vec<&str> = c.entries.iter().filter_map(|e| roster.iter().find(|m| m.id == e.staff_id)).map(|m| m.name.as_str()).collect();
            names.join(lang.look().name_sep)
        }
        RecordBody::Samples(s) => format!("{} · {}", k.meals[s.meal as usize], mingchu_types::i18n::fill(k.counts[1], s.dishes.len())),
        RecordBody::Disinfection(d) => format!("{} · {}", k.targets[d.target as usize], k.methods[d.method as usize]),
        RecordBody::PesticideTest(t) => format!("{} · {}%", t.sample, t.inhibition_percent),
        RecordBody::Purchase(p) => format!("{} · {}", p.item, p.supplier.name),
        RecordBody::SelfInspection(i) => k.levels[i.level as usize].to_owned(),
    };
    format!("{} · {} · {}", input::clock(record.at_ms), k.kinds[record.body.kind() as usize], gist)
}

/// A labelled choice of a person on the roster (`chosen` holds their id; empty: none yet). The person
/// chosen last time in the same form (`form`) is chosen again, while they are on the roster: the same
/// cook takes the samples every day.
#[component]
fn PersonSelect(label: &'static str, form: &'static str, roster: Vec<RosterEntry>, chosen: RwSignal<String>) -> impl IntoView {
    let lang = use_lang_now();
    let id = field_id();
    let storage = window().local_storage().ok().flatten();
    let key = format!("mc_kitchen_{form}");
    if let Some(last) = storage.as_ref().and_then(|s| s.get_item(&key).ok().flatten()) {
        if chosen.get_untracked().is_empty() && roster.iter().any(|e| e.member.id == last) {
            chosen.set(last);
        }
    }
    let remember = move |person: String| {
        if let Some(storage) = &storage {
            let _ = storage.set_item(&key, &person);
        }
        chosen.set(person);
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| remember(event_target_value(&ev))>
                <option value="" selected=move || chosen.get().is_empty()>{words(lang).choose_person}</option>
                {roster.into_iter().map(|e| {
                    let (value, name) = (e.member.id.clone(), who(lang, &e.member));
                    let mine = value.clone();
                    view! { <option value=value selected=move || chosen.get() == mine>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled text input; `mode` is its `inputmode` (`text`, `decimal`, `numeric`).
#[component]
fn TextField(
    label: String,
    value: RwSignal<String>,
    #[prop(default = "text")] mode: &'static str,
    #[prop(optional)] placeholder: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = field_id();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode=mode autocomplete="off" placeholder=placeholder
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
            {hint.map(|h| view! { <small class="hint">{h}</small> })}
        </div>
    }
}

/// The time a record claims, today: empty means now (when it is saved).
#[component]
fn TimeField(value: RwSignal<String>) -> impl IntoView {
    let id = field_id();
    let w = words(use_lang_now());
    view! {
        <div class="field k-time">
            <label for=id.clone()>{w.time_label}</label>
            <input id=id type="time" prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

fn use_lang_now() -> Lang {
    crate::i18n::use_lang().get_untracked()
}
