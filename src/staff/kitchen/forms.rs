//! The short forms of the checklist: samples per meal (每道菜、克数、留样人、保存时长、照片), disinfection,
//! a rapid pesticide test, a purchase and a self-inspection. Each keeps its record in the outbox when
//! saved (checked first as the server will check it) and empties for the next one; yesterday's samples
//! of the same meal and yesterday's purchases fill a form in one tap, to be edited.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::kitchen::{
    BatchAction, Disinfection, Level, Meal, Method, NewRecord, PesticideTest, Purchase, RecordBody, SampleDish, Samples, SelfInspection, Supplier,
    Target,
};
use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::input::{at_time, cents, likely_meal, minute_of, seconds, whole};
use super::outbox::new_key;
use super::today::Today;
use super::{field_id, rules, PersonSelect, TextField, TimeField};
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};
use crate::staff::words::{words, Words};

/// A shrunk photo and its preview address.
type Photo = RwSignal<Option<(Blob, String)>, LocalStorage>;

/// The time a form's record claims: the field's, or now.
fn claimed(today: Today, time: &str) -> Option<i64> {
    if time.trim().is_empty() {
        return Some(js_sys::Date::now() as i64);
    }
    at_time(today.data.with_untracked(|d| d.day), time)
}

/// Saves a record built from a form: `Err` with what to put right, or kept (then `done` empties the form).
fn save(
    today: Today,
    lang: Lang,
    error: RwSignal<Option<String>>,
    built: Result<(i64, RecordBody), &'static str>,
    photo: Option<Blob>,
    done: impl FnOnce() + 'static,
) {
    let (at_ms, body) = match built {
        Ok(b) => b,
        Err(why) => return error.set(Some(why.to_owned())),
    };
    let record = NewRecord { client_id: new_key(), at_ms, body };
    spawn_local(async move {
        match today.save(lang, record, photo).await {
            Ok(()) => {
                error.set(None);
                done();
            }
            Err(why) => error.set(Some(why)),
        }
    });
}

/// The end of every form: the time it claims, what stops it being saved, and the button.
#[component]
fn Footer(time: RwSignal<String>, error: RwSignal<Option<String>>, #[prop(into)] on_save: Callback<()>) -> impl IntoView {
    let w = words(use_lang().get_untracked());
    view! {
        <TimeField value=time/>
        <p class="field-error" role="alert">{move || error.get()}</p>
        <button type="button" class="button" on:click=move |_| on_save.run(())>{w.save_record}</button>
    }
}

/// A set of choices (chips), one chosen.
fn choice<T: Copy + PartialEq + Send + Sync + 'static>(legend: &'static str, options: Vec<(T, &'static str)>, chosen: RwSignal<T>) -> impl IntoView {
    let name = field_id();
    view! {
        <fieldset class="chips">
            <legend>{legend}</legend>
            {options.into_iter().map(|(value, label)| {
                let name = name.clone();
                view! {
                    <label class="chip-choice">
                        <input type="radio" name=name prop:checked=move || chosen.get() == value on:change=move |_| chosen.set(value)/>
                        {label}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A labelled select of an enum's values, by its words' table.
fn select<T: Copy + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    all: &'static [T],
    names: &'static [&'static str],
    chosen: RwSignal<T>,
) -> impl IntoView {
    let id = field_id();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                if let Some(v) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| all.get(i)) { chosen.set(*v) }
            }>
                {all.iter().enumerate().map(|(i, v)| {
                    let v = *v;
                    view! { <option value=i.to_string() selected=move || chosen.get() == v>{names[i]}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One photo, shrunk in the browser before it is kept (the sealed samples, a purchase's ticket).
#[component]
fn OnePhoto(label: &'static str, photo: Photo) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let busy = RwSignal::new(false);
    let note = RwSignal::new(None::<&'static str>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        busy.set(true);
        spawn_local(async move {
            match photos::shrink(&file).await {
                Ok(blob) => {
                    let url = photos::preview_url(&blob).unwrap_or_default();
                    if let Some(Some((_, old))) = photo.try_update(|p| p.replace((blob, url))) {
                        photos::revoke(&old);
                    }
                    note.try_set(None);
                }
                Err(PrepError::NotAnImage) => _ = note.try_set(Some(t.photo_not_image)),
                Err(PrepError::Failed) => _ = note.try_set(Some(t.photo_failed)),
            }
            busy.try_set(false);
        });
    };
    view! {
        <div class="field">
            <span class="label">{label}</span>
            {move || photo.with(|p| p.as_ref().map(|(_, url)| view! {
                <span class="k-photo">
                    <img src=url.clone() alt=label width="88" height="88"/>
                    <button type="button" class="button-quiet" on:click=move |_| {
                        if let Some((_, url)) = photo.try_update(Option::take).flatten() { photos::revoke(&url) }
                    }>{w.photo_remove}</button>
                </span>
            }))}
            <label class="button button-quiet photo-add">
                <input class="visually-hidden" type="file" accept="image/*" on:change=on_pick/>
                {w.photo_take}
            </label>
            {move || busy.get().then(|| view! { <span class="hint" role="status">{t.photo_preparing}</span> })}
            {move || note.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
        </div>
    }
}

/// A dish of the meal being sampled: its name and the grams kept (empty: served, not sampled).
#[derive(Clone, Copy)]
struct DishRow {
    name: RwSignal<String>,
    grams: RwSignal<String>,
}

impl DishRow {
    fn new(name: &str, grams: Option<u16>) -> DishRow {
        DishRow { name: RwSignal::new(name.to_owned()), grams: RwSignal::new(grams.map(|g| g.to_string()).unwrap_or_default()) }
    }
}

/// 留样: a meal's dishes and the grams of each kept, who took them, how long they are kept, a photo.
#[component]
pub fn SamplesForm(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let schedule = rules().schedule(today.unit_kind());
    let meal = RwSignal::new(likely_meal(schedule, minute_of(js_sys::Date::now() as i64)));
    let rows = RwSignal::new(vec![DishRow::new("", None)]);
    let taken_by = RwSignal::new(String::new());
    let keep_hours = RwSignal::new(rules().sample_keep_hours.to_string());
    let photo: Photo = RwSignal::new_local(None);
    let (time, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    // Yesterday's samples of the meal chosen, to copy.
    let yesterday = move || {
        today.data.with(|d| {
            d.yesterday.iter().rev().find_map(|r| match &r.body {
                RecordBody::Samples(s) if s.meal == meal.get() => Some(s.clone()),
                _ => None,
            })
        })
    };
    let copy = move |_| {
        let Some(s) = yesterday() else { return };
        let grams = |dish: &str| s.dishes.iter().find(|d| d.dish.trim() == dish.trim()).map(|d| d.grams);
        rows.set(s.menu.iter().map(|dish| DishRow::new(dish, grams(dish))).collect());
        if today.roster().iter().any(|m| m.id == s.taken_by) {
            taken_by.set(s.taken_by.clone());
        }
    };
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, &time.get_untracked()).ok_or(w.time_bad)?;
            let mut menu = Vec::new();
            let mut dishes = Vec::new();
            for row in rows.get_untracked() {
                let (name, grams) = (row.name.get_untracked().trim().to_owned(), row.grams.get_untracked());
                if name.is_empty() {
                    continue;
                }
                if !grams.trim().is_empty() {
                    dishes.push(SampleDish { dish: name.clone(), grams: whole(&grams).ok_or(w.number_bad)? });
                }
                menu.push(name);
            }
            let hours: i64 = whole(&keep_hours.get_untracked()).ok_or(w.number_bad)?;
            let samples = Samples {
                meal: meal.get_untracked(),
                menu,
                dishes,
                taken_by: taken_by.get_untracked(),
                keep_until_ms: at_ms + hours * 3_600_000,
                photo: None,
                disposed_by: None,
            };
            Ok((at_ms, RecordBody::Samples(samples)))
        })();
        let picked = photo.get_untracked().map(|(blob, _)| blob);
        save(today, lang, error, built, picked, move || {
            rows.set(vec![DishRow::new("", None)]);
            if let Some(Some((_, url))) = photo.try_update(Option::take) {
                photos::revoke(&url);
            }
            time.set(String::new());
        });
    };
    let meals = Meal::ALL.into_iter().map(|m| (m, k.meals[m as usize])).collect();
    view! {
        {choice(k.meal, meals, meal)}
        {move || yesterday().map(|_| view! {
            <button type="button" class="button-quiet" on:click=copy>{fill(w.copy_yesterday, k.meals[meal.get() as usize])}</button>
        })}
        <p class="hint">{fill(w.dishes_hint, rules().sample_min_grams)}</p>
        <ul class="k-dishes">
            {move || rows.get().into_iter().enumerate().map(|(i, row)| view! {
                <li class="k-dish">
                    <TextField label=format!("{} {}", w.dish, i + 1) value=row.name/>
                    <TextField label=w.grams.to_owned() value=row.grams mode="numeric" placeholder=rules().sample_min_grams.to_string()/>
                </li>
            }).collect_view()}
        </ul>
        <button type="button" class="button-quiet" on:click=move |_| rows.update(|r| r.push(DishRow::new("", None)))>{w.add_dish}</button>
        <PersonSelect label=k.taken_by form="samples" roster=today.data.with_untracked(|d| d.roster.clone()) chosen=taken_by/>
        <TextField label=w.keep_hours.to_owned() value=keep_hours mode="numeric"/>
        <OnePhoto label=k.photo photo/>
        <Footer time error on_save/>
    }
}

/// 消毒: what, how, the method's measure (temperature or chlorine), how long, by whom.
#[component]
pub fn DisinfectionForm(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let target = RwSignal::new(Target::Tableware);
    let method = RwSignal::new(Method::Dishwasher);
    let (temperature, chlorine, duration, by) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (time, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let rule = move || rules().method(method.get()).copied();
    // A method judged by under a minute (a dishwasher's rinse) is timed in seconds, the others in minutes.
    let in_minutes = move || rule().is_none_or(|r| r.min_seconds >= 60);
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, &time.get_untracked()).ok_or(w.time_bad)?;
            let measure = |s: RwSignal<String>| -> Result<Option<u16>, &'static str> {
                let text = s.get_untracked();
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    whole(&text).map(Some).ok_or(w.number_bad)
                }
            };
            let rule = rule();
            let body = Disinfection {
                target: target.get_untracked(),
                method: method.get_untracked(),
                temperature_c: if rule.is_some_and(|r| r.min_temp_c.is_some()) { measure(temperature)? } else { None },
                concentration_mg_l: if rule.is_some_and(|r| r.min_mg_per_l.is_some()) { measure(chlorine)? } else { None },
                duration_s: seconds(&duration.get_untracked(), in_minutes()).ok_or(w.number_bad)?,
                by: by.get_untracked(),
            };
            Ok((at_ms, RecordBody::Disinfection(body)))
        })();
        save(today, lang, error, built, None, move || {
            for s in [temperature, chlorine, duration, time] {
                s.set(String::new());
            }
        });
    };
    let at_least = move |n: u32, unit: &'static str| fill(unit, n);
    view! {
        {select(k.target, &Target::ALL, &k.targets, target)}
        {select(k.method, &Method::ALL, &k.methods, method)}
        {move || rule().and_then(|r| r.min_temp_c).map(|min| view! {
            <TextField label=w.temperature_c.to_owned() value=temperature mode="numeric" placeholder=at_least(min.into(), w.at_least)/>
        })}
        {move || rule().and_then(|r| r.min_mg_per_l).map(|min| view! {
            <TextField label=w.chlorine.to_owned() value=chlorine mode="numeric" placeholder=at_least(min.into(), w.at_least)/>
        })}
        {move || {
            let minutes = in_minutes();
            let min = rule().map_or(0, |r| if minutes { r.min_seconds.div_ceil(60) } else { r.min_seconds });
            view! { <TextField label=(if minutes { w.duration_minutes } else { w.duration_seconds }).to_owned() value=duration mode="decimal" placeholder=at_least(min, w.at_least)/> }
        }}
        <PersonSelect label=k.by form="disinfection" roster=today.data.with_untracked(|d| d.roster.clone()) chosen=by/>
        <Footer time error on_save/>
    }
}

/// 农残快检: the sample, its inhibition rate, what was done with the batch, by whom.
#[component]
pub fn PesticideForm(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let (sample, percent, by) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    // `None` (nothing said of the batch) is the list's first choice.
    let action = RwSignal::new(None::<BatchAction>);
    let (time, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, &time.get_untracked()).ok_or(w.time_bad)?;
            let test = PesticideTest {
                sample: sample.get_untracked().trim().to_owned(),
                inhibition_percent: whole(&percent.get_untracked()).ok_or(w.number_bad)?,
                action: action.get_untracked(),
                by: by.get_untracked(),
            };
            Ok((at_ms, RecordBody::PesticideTest(test)))
        })();
        save(today, lang, error, built, None, move || {
            for s in [sample, percent, time] {
                s.set(String::new());
            }
            action.set(None);
        });
    };
    let id = field_id();
    view! {
        <TextField label=k.sample.to_owned() value=sample/>
        <TextField label=w.inhibition.to_owned() value=percent mode="numeric" hint=fill(w.positive_hint, rules().pesticide_positive_percent)/>
        <div class="field">
            <label for=id.clone()>{k.action}</label>
            <select id=id on:change=move |ev| action.set(event_target_value(&ev).parse::<usize>().ok().and_then(|i| BatchAction::ALL.get(i).copied()))>
                <option value="" selected=move || action.get().is_none()>{k.not_stated}</option>
                {BatchAction::ALL.into_iter().enumerate().map(|(i, a)| view! {
                    <option value=i.to_string() selected=move || action.get() == Some(a)>{k.actions[i]}</option>
                }).collect_view()}
            </select>
        </div>
        <PersonSelect label=k.by form="pesticide_test" roster=today.data.with_untracked(|d| d.roster.clone()) chosen=by/>
        <Footer time error on_save/>
    }
}

/// A purchase's fields as typed.
#[derive(Clone, Copy)]
struct PurchaseFields {
    item: RwSignal<String>,
    quantity: RwSignal<String>,
    batch: RwSignal<String>,
    shelf_life: RwSignal<String>,
    supplier: RwSignal<String>,
    licence: RwSignal<String>,
    contact: RwSignal<String>,
    price: RwSignal<String>,
}

impl PurchaseFields {
    fn all(&self) -> [RwSignal<String>; 8] {
        [self.item, self.quantity, self.batch, self.shelf_life, self.supplier, self.licence, self.contact, self.price]
    }

    /// Fills the form from yesterday's purchase: the same goods from the same supplier, a new batch to write.
    fn copy(&self, p: &Purchase) {
        for (field, value) in self.all().into_iter().zip([
            &p.item,
            &p.quantity,
            &String::new(),
            &p.shelf_life,
            &p.supplier.name,
            &p.supplier.licence,
            &p.supplier.contact,
        ]) {
            field.set(value.clone());
        }
        self.price.set(p.price_cents.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default());
    }

    fn purchase(&self, w: &Words) -> Result<Purchase, &'static str> {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        Ok(Purchase {
            item: text(self.item),
            quantity: text(self.quantity),
            batch: text(self.batch),
            shelf_life: text(self.shelf_life),
            supplier: Supplier { name: text(self.supplier), licence: text(self.licence), contact: text(self.contact) },
            price_cents: cents(&self.price.get_untracked()).map_err(|()| w.number_bad)?,
            ticket_photo: None,
        })
    }
}

/// 进货查验: the goods, their batch and shelf life, the supplier (public: name and licence; private:
/// contact and price), the ticket's photo. Yesterday's purchases are there to copy.
#[component]
pub fn PurchaseForm(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let f = PurchaseFields {
        item: RwSignal::new(String::new()),
        quantity: RwSignal::new(String::new()),
        batch: RwSignal::new(String::new()),
        shelf_life: RwSignal::new(String::new()),
        supplier: RwSignal::new(String::new()),
        licence: RwSignal::new(String::new()),
        contact: RwSignal::new(String::new()),
        price: RwSignal::new(String::new()),
    };
    let ticket: Photo = RwSignal::new_local(None);
    let (time, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let on_save = move |()| {
        let built = (|| Ok((claimed(today, &time.get_untracked()).ok_or(w.time_bad)?, RecordBody::Purchase(f.purchase(w)?))))();
        let picked = ticket.get_untracked().map(|(blob, _)| blob);
        save(today, lang, error, built, picked, move || {
            f.all().into_iter().chain([time]).for_each(|s| s.set(String::new()));
            if let Some(Some((_, url))) = ticket.try_update(Option::take) {
                photos::revoke(&url);
            }
        });
    };
    let yesterday = move || {
        today.data.with(|d| {
            d.yesterday
                .iter()
                .filter_map(|r| match &r.body {
                    RecordBody::Purchase(p) => Some(p.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        {move || {
            let bought = yesterday();
            (!bought.is_empty()).then(|| view! {
                <div class="field">
                    <span class="label">{w.yesterday_purchases}</span>
                    <ul class="k-copy">
                        {bought.into_iter().map(|p| {
                            let label = format!("{} · {}", p.item, p.supplier.name);
                            view! { <li><button type="button" class="button-quiet" on:click=move |_| f.copy(&p)>{w.copy_this}" "{label}</button></li> }
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        <TextField label=k.item.to_owned() value=f.item/>
        <TextField label=k.quantity.to_owned() value=f.quantity placeholder=w.quantity_example.to_owned()/>
        <TextField label=k.batch.to_owned() value=f.batch/>
        <TextField label=k.shelf_life.to_owned() value=f.shelf_life/>
        <TextField label=k.supplier.to_owned() value=f.supplier/>
        <TextField label=k.licence.to_owned() value=f.licence/>
        <TextField label=w.contact.to_owned() value=f.contact hint=w.not_public/>
        <TextField label=w.price.to_owned() value=f.price mode="decimal" hint=w.not_public/>
        <OnePhoto label=w.ticket_photo photo=ticket/>
        <Footer time error on_save/>
    }
}

/// 企业自查: which (daily, weekly, monthly), who, whether problems were found and what.
#[component]
pub fn SelfInspectionForm(today: Today) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let level = RwSignal::new(Level::Daily);
    let (by, found, notes) = (RwSignal::new(String::new()), RwSignal::new(false), RwSignal::new(String::new()));
    let (time, error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, &time.get_untracked()).ok_or(w.time_bad)?;
            let body = SelfInspection {
                level: level.get_untracked(),
                by: by.get_untracked(),
                findings: notes.get_untracked().trim().to_owned(),
                problems: found.get_untracked(),
                problem_count: None,
            };
            Ok((at_ms, RecordBody::SelfInspection(body)))
        })();
        save(today, lang, error, built, None, move || {
            notes.set(String::new());
            found.set(false);
            time.set(String::new());
        });
    };
    let levels = Level::ALL.into_iter().map(|l| (l, k.levels[l as usize])).collect();
    let id = field_id();
    view! {
        {choice(k.level, levels, level)}
        <PersonSelect label=k.by form="self_inspection" roster=today.data.with_untracked(|d| d.roster.clone()) chosen=by/>
        <label class="chip-choice">
            <input type="checkbox" prop:checked=found on:change=move |ev| found.set(event_target_checked(&ev))/>
            {k.problems_found}
        </label>
        <div class="field">
            <label for=id.clone()>{k.inspection_findings}</label>
            <textarea id=id rows="3" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
        </div>
        <Footer time error on_save/>
    }
}
