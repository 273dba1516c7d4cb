//! The short forms of the checklist: samples per meal (每道菜、克数、留样人、保存时长、照片), disinfection,
//! a rapid pesticide test, a purchase and a self-inspection. Each keeps its record in the outbox when
//! saved (checked first as the server will check it) and empties for the next one; yesterday's samples
//! of the same meal and yesterday's purchases fill a form in one tap, to be edited. The same forms
//! correct a record: filled with it as it stands, saved as its next version.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::kitchen::{
    BatchAction, Disinfection, KitchenRecord, Level, Meal, Method, NewRecord, PesticideTest, Purchase, RecordBody, SampleDish, Samples,
    SelfInspection, Supplier, Target,
};
use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::input::{at_time, cents, clock, likely_meal, minute_of, seconds, show_seconds, whole};
use super::outbox::new_key;
use super::today::Today;
use super::words::{words, Words};
use super::{field_id, rules, PersonSelect, TextField, TimeField};
use crate::i18n::use_lang;
use crate::photos::{self, PrepError};
use crate::staff::words::frame_words;

/// A shrunk photo and its preview address.
type Photo = RwSignal<Option<(Blob, String)>, LocalStorage>;

/// What a form writes: a new record, or the next version of the record it corrects, which it opens
/// filled with.
#[derive(Clone, Copy)]
pub struct Writing(StoredValue<Option<KitchenRecord>>);

impl Writing {
    pub fn new(correcting: Option<KitchenRecord>) -> Writing {
        Writing(StoredValue::new(correcting))
    }

    /// The id of the record corrected.
    pub fn id(&self) -> Option<String> {
        self.0.with_value(|r| r.as_ref().map(|r| r.id.clone()))
    }

    /// The moment the corrected record claims.
    pub fn at_ms(&self) -> Option<i64> {
        self.0.with_value(|r| r.as_ref().map(|r| r.at_ms))
    }

    /// What the corrected record says.
    pub fn body(&self) -> Option<RecordBody> {
        self.0.with_value(|r| r.as_ref().map(|r| r.body.clone()))
    }

    /// The time field as it starts: empty (now), or the corrected record's.
    fn time(&self) -> String {
        self.at_ms().map(clock).unwrap_or_default()
    }

    /// The words of the button that saves.
    pub fn button(&self, w: &Words) -> &'static str {
        if self.at_ms().is_some() {
            w.save_correction
        } else {
            w.save_record
        }
    }
}

/// The time a form's record claims: the field's, or now. A correction keeps its record's own moment
/// while the field still shows it (the field holds minutes only).
fn claimed(today: Today, writing: Writing, time: &str) -> Option<i64> {
    if let Some(at) = writing.at_ms().filter(|at| clock(*at) == time.trim()) {
        return Some(at);
    }
    if time.trim().is_empty() {
        return Some(js_sys::Date::now() as i64);
    }
    at_time(today.data.with_untracked(|d| d.day), time)
}

/// Saves a record built from a form: `Err` with what to put right, or kept (then `done` empties the form).
fn save(
    today: Today,
    writing: Writing,
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
        match today.save(lang, writing.id(), record, photo).await {
            // The form empties for the next record; a correction's card then closes, the form with it.
            Ok(()) => {
                error.set(None);
                done();
                if writing.id().is_some() {
                    today.correcting.set(None);
                }
            }
            Err(why) => error.set(Some(why)),
        }
    });
}

/// The end of every form: the time it claims, what stops it being saved, and the button.
#[component]
fn Footer(writing: Writing, time: RwSignal<String>, error: RwSignal<Option<String>>, #[prop(into)] on_save: Callback<()>) -> impl IntoView {
    let w = words(use_lang().get_untracked());
    view! {
        <TimeField value=time/>
        <p class="field-error" role="alert">{move || error.get()}</p>
        <button type="button" class="button" on:click=move |_| on_save.run(())>{writing.button(w)}</button>
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

/// One photo, shrunk in the browser before it is kept (the sealed samples, a purchase's ticket); `kept`
/// when the record corrected has one already, which stays unless another is taken.
#[component]
fn OnePhoto(label: &'static str, photo: Photo, #[prop(optional)] kept: bool) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w, f) = (lang.t(), words(lang), frame_words(lang));
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
                    }>{f.photo_remove}</button>
                </span>
            }))}
            {move || (kept && photo.with(Option::is_none)).then(|| view! { <small class="hint">{w.photo_kept}</small> })}
            <label class="button button-quiet photo-add">
                <input class="visually-hidden" type="file" accept="image/*" on:change=on_pick/>
                {f.photo_take}
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
pub fn SamplesForm(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let writing = Writing::new(correcting);
    let schedule = rules().schedule(today.unit_kind());
    let meal = RwSignal::new(likely_meal(schedule, minute_of(js_sys::Date::now() as i64)));
    let rows = RwSignal::new(vec![DishRow::new("", None)]);
    let taken_by = RwSignal::new(String::new());
    let keep_hours = RwSignal::new(rules().sample_keep_hours.to_string());
    let photo: Photo = RwSignal::new_local(None);
    let (time, error) = (RwSignal::new(writing.time()), RwSignal::new(None::<String>));
    // Yesterday's samples of the meal chosen, to copy (not while correcting).
    let yesterday = move || {
        today.data.with(|d| {
            d.yesterday.iter().rev().find_map(|r| match &r.body {
                RecordBody::Samples(s) if s.meal == meal.get() && writing.at_ms().is_none() => Some(s.clone()),
                _ => None,
            })
        })
    };
    // The dishes and who took them, from a meal's samples: yesterday's, or the record corrected.
    let fill_from = move |s: &Samples| {
        let grams = |dish: &str| s.dishes.iter().find(|d| d.dish.trim() == dish.trim()).map(|d| d.grams);
        rows.set(s.menu.iter().map(|dish| DishRow::new(dish, grams(dish))).collect());
        if today.roster().iter().any(|m| m.id == s.taken_by) {
            taken_by.set(s.taken_by.clone());
        }
    };
    let copy = move |_| yesterday().iter().for_each(fill_from);
    // What the form does not show stays as the record corrected has it: its photo (unless another is
    // taken) and who disposed of the samples.
    let (mut kept_photo, mut disposed_by) = (None, None);
    if let (Some(RecordBody::Samples(s)), Some(at)) = (writing.body(), writing.at_ms()) {
        fill_from(&s);
        meal.set(s.meal);
        keep_hours.set(((s.keep_until_ms - at).max(0) + 3_599_999).div_euclid(3_600_000).to_string());
        (kept_photo, disposed_by) = (s.photo, s.disposed_by);
    }
    let had_photo = kept_photo.is_some();
    let unseen = StoredValue::new((kept_photo, disposed_by));
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, writing, &time.get_untracked()).ok_or(w.time_bad)?;
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
            let (photo, disposed_by) = unseen.get_value();
            let samples = Samples {
                meal: meal.get_untracked(),
                menu,
                dishes,
                taken_by: taken_by.get_untracked(),
                keep_until_ms: at_ms + hours * 3_600_000,
                photo,
                disposed_by,
            };
            Ok((at_ms, RecordBody::Samples(samples)))
        })();
        let picked = photo.get_untracked().map(|(blob, _)| blob);
        save(today, writing, lang, error, built, picked, move || {
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
        <OnePhoto label=k.photo photo kept=had_photo/>
        <Footer writing time error on_save/>
    }
}

/// 消毒: what, how, the method's measure (temperature or chlorine), how long, by whom.
#[component]
pub fn DisinfectionForm(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let writing = Writing::new(correcting);
    let target = RwSignal::new(Target::Tableware);
    let method = RwSignal::new(Method::Dishwasher);
    let (temperature, chlorine, duration, by) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (time, error) = (RwSignal::new(writing.time()), RwSignal::new(None::<String>));
    let rule = move || rules().method(method.get()).copied();
    // A method judged by under a minute (a dishwasher's rinse) is timed in seconds, the others in minutes.
    let in_minutes = move || rule().is_none_or(|r| r.min_seconds >= 60);
    if let Some(RecordBody::Disinfection(d)) = writing.body() {
        let number = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        target.set(d.target);
        method.set(d.method);
        temperature.set(number(d.temperature_c));
        chlorine.set(number(d.concentration_mg_l));
        duration.set(show_seconds(d.duration_s, in_minutes()));
        by.set(d.by);
    }
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, writing, &time.get_untracked()).ok_or(w.time_bad)?;
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
        save(today, writing, lang, error, built, None, move || {
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
        <Footer writing time error on_save/>
    }
}

/// 农残快检: the sample, its inhibition rate, what was done with the batch, by whom.
#[component]
pub fn PesticideForm(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let writing = Writing::new(correcting);
    let (sample, percent, by) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    // `None` (nothing said of the batch) is the list's first choice.
    let action = RwSignal::new(None::<BatchAction>);
    let (time, error) = (RwSignal::new(writing.time()), RwSignal::new(None::<String>));
    if let Some(RecordBody::PesticideTest(t)) = writing.body() {
        sample.set(t.sample);
        percent.set(t.inhibition_percent.to_string());
        action.set(t.action);
        by.set(t.by);
    }
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, writing, &time.get_untracked()).ok_or(w.time_bad)?;
            let test = PesticideTest {
                sample: sample.get_untracked().trim().to_owned(),
                inhibition_percent: whole(&percent.get_untracked()).ok_or(w.number_bad)?,
                action: action.get_untracked(),
                by: by.get_untracked(),
            };
            Ok((at_ms, RecordBody::PesticideTest(test)))
        })();
        save(today, writing, lang, error, built, None, move || {
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
        <Footer writing time error on_save/>
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

    /// Fills the form from a purchase: yesterday's (then a new batch is to be written) or the one corrected.
    fn fill(&self, p: &Purchase) {
        for (field, value) in
            self.all().into_iter().zip([&p.item, &p.quantity, &p.batch, &p.shelf_life, &p.supplier.name, &p.supplier.licence, &p.supplier.contact])
        {
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
pub fn PurchaseForm(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let writing = Writing::new(correcting);
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
    let (time, error) = (RwSignal::new(writing.time()), RwSignal::new(None::<String>));
    // The ticket's photo of the purchase corrected stays unless another is taken.
    let mut kept_ticket = None;
    if let Some(RecordBody::Purchase(p)) = writing.body() {
        f.fill(&p);
        kept_ticket = p.ticket_photo;
    }
    let had_ticket = kept_ticket.is_some();
    let kept_ticket = StoredValue::new(kept_ticket);
    let on_save = move |()| {
        let built = (|| {
            let purchase = Purchase { ticket_photo: kept_ticket.get_value(), ..f.purchase(w)? };
            Ok((claimed(today, writing, &time.get_untracked()).ok_or(w.time_bad)?, RecordBody::Purchase(purchase)))
        })();
        let picked = ticket.get_untracked().map(|(blob, _)| blob);
        save(today, writing, lang, error, built, picked, move || {
            f.all().into_iter().chain([time]).for_each(|s| s.set(String::new()));
            if let Some(Some((_, url))) = ticket.try_update(Option::take) {
                photos::revoke(&url);
            }
        });
    };
    // Yesterday's purchases, to copy (not while correcting).
    let yesterday = move || {
        today.data.with(|d| {
            d.yesterday
                .iter()
                .filter_map(|r| match &r.body {
                    RecordBody::Purchase(p) if writing.at_ms().is_none() => Some(p.clone()),
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
                            view! { <li><button type="button" class="button-quiet" on:click=move |_| { f.fill(&p); f.batch.set(String::new()); }>{w.copy_this}" "{label}</button></li> }
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
        <OnePhoto label=w.ticket_photo photo=ticket kept=had_ticket/>
        <Footer writing time error on_save/>
    }
}

/// 企业自查: which (daily, weekly, monthly), who, whether problems were found and what.
#[component]
pub fn SelfInspectionForm(today: Today, #[prop(optional)] correcting: Option<KitchenRecord>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (k, w) = (lang.kitchen(), words(lang));
    let writing = Writing::new(correcting);
    let level = RwSignal::new(Level::Daily);
    let (by, found, notes) = (RwSignal::new(String::new()), RwSignal::new(false), RwSignal::new(String::new()));
    let (time, error) = (RwSignal::new(writing.time()), RwSignal::new(None::<String>));
    if let Some(RecordBody::SelfInspection(i)) = writing.body() {
        level.set(i.level);
        by.set(i.by);
        found.set(i.problems);
        notes.set(i.findings);
    }
    let on_save = move |()| {
        let built = (|| {
            let at_ms = claimed(today, writing, &time.get_untracked()).ok_or(w.time_bad)?;
            let body = SelfInspection {
                level: level.get_untracked(),
                by: by.get_untracked(),
                findings: notes.get_untracked().trim().to_owned(),
                problems: found.get_untracked(),
                problem_count: None,
            };
            Ok((at_ms, RecordBody::SelfInspection(body)))
        })();
        save(today, writing, lang, error, built, None, move || {
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
        <Footer writing time error on_save/>
    }
}
