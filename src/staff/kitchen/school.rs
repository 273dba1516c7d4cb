//! `/owner/school`: what a school's or kindergarten's canteen shows parents (issue 14) — the week's menu
//! (`school_menu.rs`), today's dish photos, 陪餐 in under a minute, the meal fees and the term's
//! accounts, and the term's survey with the school's answer to it. Every write is kept in the outbox
//! first (`outbox.rs`), so nothing is lost on a weak network; what waits or was refused shows at the top.
//!
//! The sections are HTML drawn from the server's answer, their forms handled by events caught on the
//! page (as the alerts are): as Leptos views they would cost the app more than it has. The forms are
//! drawn once, so that nothing typed is redrawn away when the server's answer is asked again.

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, fill_date, Lang};
use mingchu_types::kitchen::Meal;
use mingchu_types::markup::esc;
use mingchu_types::school::{
    companion_problems, AccountsInput, AccountsProblem, CompanionInput, CompanionMeal, CompanionRole, DishPhotoInput, FeePer, OwnerSchool,
    OwnerSurvey, SchoolRules, Scores, SurveyInput, SurveyResponseInput, SurveyState, SurveyWindow, Term, TermAccounts,
};
use mingchu_types::{staff_text, Day, UnitKind, CHINA_UTC_OFFSET_SECS};
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::input::{cents, likely_meal, minute_of};
use super::outbox::{self, new_key, Kept};
use super::school_menu::{day_name, target_el, value_of, MenuEditor};
use super::school_words::school_words;
use super::today::Waiting;
use super::words::words;
use super::{owner_unit, rules};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};
use crate::staff::api;

/// The rules school pages are judged by (the server judges them by the same).
pub fn school_rules() -> &'static SchoolRules {
    static RULES: OnceLock<SchoolRules> = OnceLock::new();
    RULES.get_or_init(SchoolRules::national)
}

/// An amount typed in yuan as fen: empty is nothing (0), what is not an amount is `None`.
pub fn fen(text: &str) -> Option<u64> {
    cents(text).ok().map(|c| c.map_or(0, |c| c.unsigned_abs()))
}

/// Fen as the field shows them in yuan: 1200 → `12`, 1250 → `12.50`.
pub fn yuan(fen: u64) -> String {
    match fen % 100 {
        0 => (fen / 100).to_string(),
        rest => format!("{}.{rest:02}", fen / 100),
    }
}

/// The meal a 陪餐 is most likely recorded for now: the school's meal served last by an hour from now,
/// among today's menu's meals when it has any.
pub fn companion_meal(menu: &[Meal], now_minute: u16) -> Meal {
    let likely = likely_meal(rules().schedule(UnitKind::SchoolCanteen), now_minute);
    if menu.is_empty() || menu.contains(&likely) {
        likely
    } else {
        // The menu's meals are in the day's order: the last one begun, else the first.
        let order = |m: &Meal| Meal::ALL.iter().position(|x| x == m).unwrap_or(0);
        menu.iter().copied().filter(|m| order(m) <= order(&likely)).max_by_key(order).unwrap_or(menu[0])
    }
}

/// A term by its name: 2026 年秋季学期.
fn term_name(lang: Lang, term: Term) -> String {
    fill(school_words(lang).terms[usize::from(!term.autumn)], term.year)
}

/// What a write waiting in the outbox is, when it is one of this page's.
pub fn kept_what(lang: Lang, kept: &Kept) -> Option<String> {
    let s = school_words(lang);
    let rest = kept.path.strip_prefix("/owner/school/")?;
    let i = match rest.split('/').next()? {
        "menu" => 0,
        "photos" => 1,
        "companions" => 2,
        "accounts" => 3,
        "survey" if rest.ends_with("/response") => 5,
        _ => 4,
    };
    Some(s.kept[i].to_owned())
}

/// The server's answer, or `None` for a unit that is no school's or kindergarten's canteen (a 404).
async fn owner_school() -> Result<Option<OwnerSchool>, crate::api::FetchError> {
    match api::owner_school().await {
        Err(e) if e.is_not_found() => Ok(None),
        other => other.map(Some),
    }
}

#[component]
pub fn OwnerSchoolPage() -> impl IntoView {
    let school = LocalResource::new(owner_school);
    loaded(
        school,
        &[44, 72, 320, 200, 200],
        move || school.refetch(),
        |data| match data {
            Some(data) => view! { <School data/> }.into_any(),
            None => {
                let s = school_words(use_lang().get_untracked());
                view! { <h1 class="page-h">{s.h}</h1><p class="empty">{s.not_school}</p> }.into_any()
            }
        },
    )
}

#[component]
fn School(data: OwnerSchool) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let s = school_words(lang);
    crate::components::set_title(s.h);
    let unit = owner_unit().unwrap_or_default();
    let forms = forms_html(lang, &data);
    let data = RwSignal::new(data);
    // What the outbox has sent shows in the server's answer, asked again in place.
    Effect::new(move |seen: Option<u32>| {
        let sent = outbox::queue().sent;
        if seen.is_some_and(|seen| seen != sent) {
            spawn_local(async move {
                if let Ok(Some(fresh)) = owner_school().await {
                    data.set(fresh);
                }
            });
        }
        sent
    });
    let stored = StoredValue::new(unit.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = target_el(&ev) else { return };
        match write_of(lang, &form, data.with_untracked(|d| d.term)) {
            Ok((put, path, json)) => keep(lang, &form, Kept::new(new_key(), &stored.get_value(), put, &path, json, None), true),
            Err(why) => say(&form, &why),
        }
    };
    let on_change = move |ev: leptos::ev::Event| photo_taken(lang, &ev, &stored.get_value());
    let unit_w = unit.clone();
    view! {
        <h1 class="page-h">{s.h}" · "{move || data.with(|d| term_name(lang, d.term))}</h1>
        <p class="hint">{s.note}</p>
        <Waiting unit=unit_w roster=Callback::new(|()| Vec::new())/>
        <MenuEditor data unit/>
        <section class="card stack" data-section="photos">
            <h2 class="card-h">{s.photos_h}</h2>
            <p class="hint">{s.photos_note}</p>
            <div on:change=on_change inner_html=move || data.with(|d| photos_html(lang, d))></div>
        </section>
        <div class="stack" on:submit=on_submit>
            <section class="card stack" data-section="companions">
                <h2 class="card-h">{s.companion_h}</h2>
                <p class="hint">{s.companion_note}</p>
                <div inner_html=forms[0].clone()></div>
                <h3 class="card-h">{s.recent}</h3>
                <div inner_html=move || data.with(|d| companions_html(lang, d))></div>
            </section>
            <section class="card stack" data-section="fees">
                <h2 class="card-h">{s.fees_h}</h2>
                <div inner_html=move || data.with(|d| accounts_html(lang, d))></div>
                <div inner_html=forms[1].clone()></div>
            </section>
            <section class="card stack" data-section="survey">
                <h2 class="card-h">{s.survey_h}</h2>
                <div inner_html=move || data.with(|d| survey_html(lang, d.survey.as_ref()))></div>
                <div inner_html=forms[2].clone()></div>
            </section>
        </div>
    }
}

/// The status line of a form.
fn say(form: &Element, text: &str) {
    if let Some(el) = form.query_selector(".field-error").ok().flatten() {
        el.set_text_content(Some(text));
    }
}

/// Keeps a write in the outbox and says so in `form` (emptied when `reset`).
fn keep(lang: Lang, form: &Element, kept: Kept, reset: bool) {
    let form = form.clone();
    spawn_local(async move {
        match outbox::keep(kept).await {
            Ok(()) => {
                if reset {
                    if let Some(f) = form.dyn_ref::<web_sys::HtmlFormElement>() {
                        f.reset();
                    }
                }
                say(&form, school_words(lang).saved);
            }
            Err(_) => say(&form, words(lang).not_kept),
        }
    });
}

/// The value of the field `name` in `form`; of a chosen radio button for a group.
fn field(form: &Element, name: &str) -> String {
    let css = format!("[name={name}]:not([type=radio]), [name={name}]:checked");
    form.query_selector(&css).ok().flatten().map(|el| value_of(&el)).unwrap_or_default()
}

/// A form's write: whether it is a `PUT`, its path and its body; or what to put right.
fn write_of(lang: Lang, form: &Element, term: Term) -> Result<(bool, String, String), String> {
    let s = school_words(lang);
    match form.get_attribute("data-form").as_deref() {
        Some("companion") => {
            let role = field(form, "role").parse::<usize>().ok().and_then(|i| ROLES.get(i).copied()).ok_or(s.choose_role)?;
            let score = |i: usize| field(form, &format!("s{i}")).parse::<u8>().map_err(|_| s.choose_scores);
            let scores = Scores { taste: score(0)?, quantity: score(1)?, temperature: score(2)?, hygiene: score(3)? };
            let meal = field(form, "meal").parse::<usize>().ok().and_then(|i| Meal::ALL.get(i).copied()).unwrap_or(Meal::Lunch);
            let day = Day::from_unix_seconds(js_sys::Date::now() as i64 / 1000, CHINA_UTC_OFFSET_SECS);
            let record = CompanionMeal { day, meal, role, scores, note: field(form, "note").trim().to_owned() };
            if !companion_problems(&record, day, school_rules()).is_empty() {
                return Err(fill(s.too_long, school_rules().note_max_chars));
            }
            Ok((false, "/owner/school/companions".to_owned(), json(&CompanionInput { client_id: new_key(), record })))
        }
        Some("fees") => {
            let amount = |name: &str| fen(&field(form, name)).ok_or(s.money_bad);
            let fee_per = if field(form, "per") == "1" { FeePer::Term } else { FeePer::Day };
            let input = AccountsInput {
                fee_fen: amount("fee")?,
                fee_per,
                income_fen: amount("income")?,
                ingredients_fen: amount("ingredients")?,
                staff_fen: amount("staff")?,
                other_fen: amount("other")?,
                note: field(form, "note").trim().to_owned(),
            };
            let accounts = accounts_of(term, &input);
            match accounts.problems(!input.note.is_empty()).first() {
                Some(AccountsProblem::NoFee) => Err(s.no_fee.to_owned()),
                Some(AccountsProblem::SpentMoreThanIncome) => Err(s.deficit.to_owned()),
                None => Ok((true, format!("/owner/school/accounts/{}", term.key()), json(&input))),
            }
        }
        Some("survey") => {
            let (opens, closes) = (field(form, "opens").parse::<Day>(), field(form, "closes").parse::<Day>());
            let (Ok(opens), Ok(closes)) = (opens, closes) else { return Err(s.dates_bad.to_owned()) };
            if !(SurveyWindow { term, opens, closes }).well_formed() {
                return Err(s.dates_bad.to_owned());
            }
            Ok((true, format!("/owner/school/survey/{}", term.key()), json(&SurveyInput { opens, closes })))
        }
        Some("response") => {
            let text = field(form, "response");
            let text = staff_text(&text).ok_or(s.response_bad)?.to_owned();
            Ok((true, format!("/owner/school/survey/{}/response", term.key()), json(&SurveyResponseInput { text })))
        }
        _ => Err(String::new()),
    }
}

fn json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

const ROLES: [CompanionRole; 4] =
    [CompanionRole::Principal, CompanionRole::VicePrincipal, CompanionRole::TeacherOnDuty, CompanionRole::ParentRepresentative];

fn accounts_of(term: Term, a: &AccountsInput) -> TermAccounts {
    TermAccounts {
        term,
        fee_fen: a.fee_fen,
        fee_per: a.fee_per,
        income_fen: a.income_fen,
        ingredients_fen: a.ingredients_fen,
        staff_fen: a.staff_fen,
        other_fen: a.other_fen,
    }
}

/// The three forms, drawn once: 陪餐, the fees (filled with what is published) and the survey's dates
/// or, once it has closed, the school's answer.
fn forms_html(lang: Lang, d: &OwnerSchool) -> [String; 3] {
    let (s, k) = (school_words(lang), lang.kitchen());
    let end =
        |button: &str| format!(r#"<p class="field-error" role="status"></p><button type="submit" class="button">{}</button></form>"#, esc(button));
    // 陪餐: the meal (the likely one chosen), who, four scores as big taps, a note.
    let menu_today: Vec<Meal> = d.menus.iter().flat_map(|(_, m)| m).filter(|m| m.day == d.today).map(|m| m.meal).collect();
    let likely = companion_meal(&menu_today, minute_of(js_sys::Date::now() as i64));
    let meals: String = Meal::ALL
        .iter()
        .enumerate()
        .map(|(i, m)| format!(r#"<option value="{i}"{}>{}</option>"#, if *m == likely { " selected" } else { "" }, esc(k.meals[i])))
        .collect();
    let roles: String = s
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| format!(r#"<label class="chip-choice"><input type="radio" name="role" value="{i}">{}</label>"#, esc(r)))
        .collect();
    let scores: String = s
        .scores
        .iter()
        .enumerate()
        .map(|(q, name)| {
            let taps: String =
                (1..=5).map(|v| format!(r#"<label class="sd-tap"><input type="radio" name="s{q}" value="{v}"><span>{v}</span></label>"#)).collect();
            format!(r#"<fieldset class="sd-score"><legend>{}</legend>{taps}</fieldset>"#, esc(name))
        })
        .collect();
    let companion = format!(
        r#"<form class="stack" data-form="companion" novalidate><div class="field"><label for="sd-meal">{meal}</label><select id="sd-meal" name="meal">{meals}</select></div><fieldset class="chips"><legend>{role}</legend>{roles}</fieldset>{scores}<p class="hint">{hint}</p><div class="field"><label for="sd-note">{note}</label><textarea id="sd-note" name="note" rows="2" maxlength="500"></textarea></div>{end}"#,
        meal = esc(k.meal),
        role = esc(s.role),
        hint = esc(s.score_hint),
        note = esc(s.note_label),
        end = end(s.save_companion),
    );
    // The fees, filled with what is published.
    let a = d.accounts.as_ref();
    let money = |name: &str, label: &str, fen: Option<u64>| {
        format!(
            r#"<div class="field"><label for="sd-{name}">{}</label><input id="sd-{name}" name="{name}" type="text" inputmode="decimal" autocomplete="off" value="{}"></div>"#,
            esc(label),
            fen.map(yuan).unwrap_or_default()
        )
    };
    let per_term = a.is_some_and(|a| a.accounts.fee_per == FeePer::Term);
    let per: String = s
        .per
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let on = if (i == 1) == per_term { " checked" } else { "" };
            format!(r#"<label class="chip-choice"><input type="radio" name="per" value="{i}"{on}>{}</label>"#, esc(p))
        })
        .collect();
    let fees = format!(
        r#"<form class="stack" data-form="fees" novalidate>{}<fieldset class="chips"><legend class="visually-hidden">{}</legend>{per}</fieldset>{}{}{}{}<div class="field"><label for="sd-fees-note">{}</label><textarea id="sd-fees-note" name="note" rows="2" maxlength="500">{}</textarea></div>{}"#,
        money("fee", s.fee, a.map(|a| a.accounts.fee_fen)),
        esc(s.fee),
        money("income", s.income, a.map(|a| a.accounts.income_fen)),
        money("ingredients", s.ingredients, a.map(|a| a.accounts.ingredients_fen)),
        money("staff", s.staff_cost, a.map(|a| a.accounts.staff_fen)),
        money("other", s.other_cost, a.map(|a| a.accounts.other_fen)),
        esc(s.fees_note),
        esc(a.map_or("", |a| &a.note)),
        end(s.save_public),
    );
    // The survey: its dates until it has closed, then the school's answer to its results.
    let survey = match &d.survey {
        Some(v) if v.state == SurveyState::Closed => format!(
            r#"<form class="stack" data-form="response" novalidate><div class="field"><label for="sd-response">{}</label><textarea id="sd-response" name="response" rows="3" maxlength="500">{}</textarea></div>{}"#,
            esc(s.response),
            esc(v.response.as_deref().unwrap_or_default()),
            end(s.save_response)
        ),
        v => {
            let date = |name: &str, label: &str, day: Option<Day>| {
                format!(
                    r#"<div class="field"><label for="sd-{name}">{}</label><input id="sd-{name}" name="{name}" type="date" value="{}"></div>"#,
                    esc(label),
                    day.map(|d| d.to_string()).unwrap_or_default()
                )
            };
            format!(
                r#"<form class="stack" data-form="survey" novalidate>{}{}{}"#,
                date("opens", s.opens, v.as_ref().map(|v| v.window.opens)),
                date("closes", s.closes, v.as_ref().map(|v| v.window.closes)),
                end(s.save_dates)
            )
        }
    };
    [companion, fees, survey]
}

/// Today's menu's dishes, each with its photos and a button to take one.
fn photos_html(lang: Lang, d: &OwnerSchool) -> String {
    let (s, k) = (school_words(lang), lang.kitchen());
    // Photos kept and not yet sent, by their JSON's meal and dish (read as text: the type's reading costs more).
    let waiting: Vec<String> = outbox::queue().kept.into_iter().filter(|k| k.path == "/owner/school/photos").map(|k| k.json).collect();
    let items: String = d
        .menus
        .iter()
        .flat_map(|(_, meals)| meals)
        .filter(|m| m.day == d.today)
        .flat_map(|m| m.dishes.iter().map(move |dish| (m.meal, dish)))
        .map(|(meal, dish)| {
            let thumbs: String = d
                .photos_today
                .iter()
                .filter(|(m, p)| *m == meal && p.dish == dish.name)
                .map(|(_, p)| format!(r#"<img src="/media/{}_t.jpg" width="64" height="64" alt="{}">"#, esc(&p.photo), esc(&dish.name)))
                .collect();
            let (m, n) = (serde_json::to_string(&meal).unwrap_or_default(), serde_json::to_string(&dish.name).unwrap_or_default());
            let kept = waiting.iter().filter(|j| j.contains(&format!(r#""meal":{m}"#)) && j.contains(&format!(r#""dish":{n}"#))).count();
            let kept = if kept > 0 { format!(r#"<span class="badge tone-warning">{} ×{kept}</span>"#, esc(s.photo_waiting)) } else { String::new() };
            format!(
                r#"<li class="sd-photo"><span class="what">{} · {}</span><span class="sd-thumbs">{thumbs}{kept}</span><label class="button button-quiet photo-add"><input class="visually-hidden" type="file" accept="image/*" capture="environment" data-meal="{}" data-dish="{}">{}</label></li>"#,
                esc(k.meals[meal as usize]),
                esc(&dish.name),
                meal as usize,
                esc(&dish.name),
                esc(s.take_photo)
            )
        })
        .collect();
    if items.is_empty() {
        return format!(r#"<p class="empty">{}</p>"#, esc(s.photos_none));
    }
    format!(r#"<ul class="k-records sd-photos">{items}</ul><p class="hint" role="status" data-busy></p>"#)
}

/// A photo taken of a dish: shrunk, then kept with the dish it shows and the moment it was taken.
fn photo_taken(lang: Lang, ev: &web_sys::Event, unit: &str) {
    let Some(input) = target_el(ev).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let (Some(meal), Some(dish)) = (
        input.get_attribute("data-meal").and_then(|m| m.parse::<usize>().ok()).and_then(|m| Meal::ALL.get(m).copied()),
        input.get_attribute("data-dish"),
    ) else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    input.set_value("");
    let taken_ms = js_sys::Date::now() as i64;
    let day = Day::from_unix_seconds(taken_ms / 1000, CHINA_UTC_OFFSET_SECS);
    let busy = document().query_selector("[data-busy]").ok().flatten();
    let tell = move |text: &str| {
        if let Some(b) = &busy {
            b.set_text_content(Some(text));
        }
    };
    let t = lang.t();
    tell(t.photo_preparing);
    let unit = unit.to_owned();
    spawn_local(async move {
        match photos::shrink(&file).await {
            Ok(blob) => {
                let key = new_key();
                let body = DishPhotoInput { client_id: key.clone(), day, meal, dish, photo: String::new(), taken_ms };
                let json = serde_json::to_string(&body).unwrap_or_default();
                let kept = outbox::keep(Kept::new(key, &unit, false, "/owner/school/photos", json, Some(blob))).await;
                tell(if kept.is_ok() { "" } else { words(lang).not_kept });
            }
            Err(e) => tell(if matches!(e, PrepError::NotAnImage) { t.photo_not_image } else { t.photo_failed }),
        }
    });
}

/// 陪餐 of the last 7 days, newest first: the day, the meal, who, the scores, the note.
fn companions_html(lang: Lang, d: &OwnerSchool) -> String {
    let (s, k) = (school_words(lang), lang.kitchen());
    if d.companions.is_empty() {
        return format!(r#"<p class="empty">{}</p>"#, esc(s.no_companions));
    }
    let items: String = d
        .companions
        .iter()
        .map(|c| {
            let sc = c.scores;
            let scores: String = [sc.taste, sc.quantity, sc.temperature, sc.hygiene]
                .iter()
                .zip(s.scores)
                .map(|(v, name)| format!(r#"<span class="badge tone-none">{} {v}</span>"#, esc(name)))
                .collect();
            let note = if c.note.is_empty() { String::new() } else { format!(r#"<span class="hint">{}</span>"#, esc(&c.note)) };
            format!(
                r#"<li class="k-record"><span class="what">{} · {} · {}</span><span class="badges">{scores}</span>{note}</li>"#,
                esc(&day_name(lang, c.day)),
                esc(k.meals[c.meal as usize]),
                esc(s.roles[c.role as usize])
            )
        })
        .collect();
    format!(r#"<ul class="k-records">{items}</ul>"#)
}

/// The accounts as published: the fee, the share spent on food, when.
fn accounts_html(lang: Lang, d: &OwnerSchool) -> String {
    let s = school_words(lang);
    let Some(p) = &d.accounts else { return format!(r#"<p class="badge tone-warning">{}</p>"#, esc(s.not_published)) };
    let share = p.accounts.food_share_permille().map(|pm| fill(s.food_share, format!("{}.{}", pm / 10, pm % 10))).unwrap_or_default();
    let published = fill_date(lang, s.published_on, Day::from_unix_seconds(p.published_ms / 1000, CHINA_UTC_OFFSET_SECS));
    format!(
        r#"<p><span class="badge tone-good">{}</span> {} {} · {}</p><p class="hint">{}</p>"#,
        esc(s.published),
        esc(&yuan(p.accounts.fee_fen)),
        esc(s.per[usize::from(p.accounts.fee_per == FeePer::Term)]),
        esc(&published),
        esc(&share)
    )
}

/// The survey as it stands: its dates and state, answers so far; once closed, the results and texts.
fn survey_html(lang: Lang, survey: Option<&OwnerSurvey>) -> String {
    let s = school_words(lang);
    let Some(v) = survey else { return format!(r#"<p class="badge tone-warning">{}</p>"#, esc(s.survey_none)) };
    let state = v.state as usize;
    let tone = ["tone-none", "tone-good", "tone-none"][state];
    let mut h = format!(
        r#"<p><span class="badge {tone}">{}</span> {} – {} · {}</p>"#,
        esc(s.survey_states[state]),
        esc(&lang.date(v.window.opens)),
        esc(&lang.date(v.window.closes)),
        esc(&fill(s.answers, v.answers))
    );
    if let Some(r) = &v.results {
        let rows: String = s
            .questions
            .iter()
            .enumerate()
            .map(|(q, name)| {
                let pct = r.satisfied_percent(q).map(|p| fill(s.satisfied, p)).unwrap_or_else(|| "—".to_owned());
                format!("<li>{} · {}</li>", esc(name), esc(&pct))
            })
            .collect();
        h.push_str(&format!(r#"<ul class="k-found">{rows}</ul>"#));
    }
    if !v.texts.is_empty() {
        let texts: String = v.texts.iter().map(|t| format!("<li>{}</li>", esc(t))).collect();
        h.push_str(&format!(r#"<h3 class="card-h">{}</h3><ul class="k-found">{texts}</ul>"#, esc(s.texts_h)));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_read_as_fen_and_shown_back() {
        assert_eq!(fen("12.5"), Some(1250));
        assert_eq!(fen(" 8 "), Some(800));
        assert_eq!(fen("100000"), Some(10_000_000));
        assert_eq!(fen(""), Some(0));
        assert_eq!(fen("十二元"), None);
        assert_eq!(fen("-3"), None);
        for (f, shown) in [(1200, "12"), (1250, "12.50"), (5, "0.05"), (0, "0")] {
            assert_eq!(yuan(f), shown);
            assert_eq!(fen(shown), Some(f));
        }
    }

    #[test]
    fn the_companion_meal_follows_the_clock_and_the_menu() {
        assert_eq!(companion_meal(&[], 6 * 60 + 30), Meal::Breakfast);
        assert_eq!(companion_meal(&[], 12 * 60), Meal::Lunch);
        assert_eq!(companion_meal(&[], 18 * 60), Meal::Dinner);
        // Only lunch on today's menu: lunch, even in the evening.
        assert_eq!(companion_meal(&[Meal::Lunch], 18 * 60), Meal::Lunch);
        // Lunch and a snack (a kindergarten): lunch at noon, and lunch before it too, the first meal.
        assert_eq!(companion_meal(&[Meal::Lunch, Meal::Other], 12 * 60), Meal::Lunch);
        assert_eq!(companion_meal(&[Meal::Lunch, Meal::Other], 6 * 60), Meal::Lunch);
    }

    #[test]
    fn terms_are_named() {
        assert_eq!(term_name(Lang::Zh, Term { year: 2026, autumn: true }), "2026 年秋季学期");
        assert_eq!(term_name(Lang::En, Term { year: 2027, autumn: false }), "Spring term 2027");
    }
}
