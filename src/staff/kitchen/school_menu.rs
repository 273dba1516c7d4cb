//! The week's menu on `/owner/school`: this week's or next week's, a day at a time, each meal's dishes
//! (name and kind; milk with its grams), filled from the week before in one tap, checked against the
//! nutrition guidance as it is edited, and saved whole (`PUT /owner/school/menu/{monday}`) through the
//! outbox. What is typed is kept on the phone until it is saved.
//!
//! The editor is HTML drawn from the week as typed, its fields' events caught on it: the dishes are
//! kept in a signal as they are typed, and the HTML is drawn again only when dishes come or go.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, fill_slots, Lang};
use mingchu_types::kitchen::Meal;
use mingchu_types::markup::esc;
use mingchu_types::school::{check_week, Dish, DishKind, MenuMeal, MenuWeekInput, NutritionNote, OwnerSchool};
use mingchu_types::Day;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::input::whole;
use super::outbox::{self, new_key, Kept};
use super::school::school_rules;
use super::school_words::school_words;
use super::words::words;
use crate::i18n::use_lang;

/// A dish kind's place in the choice and in its words' table (a dark vegetable has its own).
pub fn kind_index(kind: DishKind) -> usize {
    match kind {
        DishKind::Staple => 0,
        DishKind::Protein => 1,
        DishKind::Vegetable { dark: false } => 2,
        DishKind::Vegetable { dark: true } => 3,
        DishKind::Milk { .. } => 4,
        DishKind::Fruit => 5,
        DishKind::Soup => 6,
        DishKind::Other => 7,
    }
}

/// The kind at a place of the choice; milk keeps its grams.
pub fn kind_at(index: usize, grams: u16) -> DishKind {
    match index {
        0 => DishKind::Staple,
        1 => DishKind::Protein,
        2 => DishKind::Vegetable { dark: false },
        3 => DishKind::Vegetable { dark: true },
        4 => DishKind::Milk { grams },
        5 => DishKind::Fruit,
        6 => DishKind::Soup,
        _ => DishKind::Other,
    }
}

/// A week's menu copied to the week beginning `to`: each meal on the same weekday.
pub fn copied(meals: &[MenuMeal], to: Day) -> Vec<MenuMeal> {
    meals.iter().map(|m| MenuMeal { day: to.add_days(m.day.weekday() as i32), ..m.clone() }).collect()
}

/// What is sent: the dishes with a name, trimmed, and only the meals that have any.
pub fn to_send(meals: &[MenuMeal]) -> Vec<MenuMeal> {
    let named = |m: &MenuMeal| -> Vec<Dish> {
        m.dishes.iter().filter(|d| !d.name.trim().is_empty()).map(|d| Dish { name: d.name.trim().to_owned(), kind: d.kind }).collect()
    };
    meals.iter().map(|m| MenuMeal { dishes: named(m), ..m.clone() }).filter(|m| !m.dishes.is_empty()).collect()
}

/// The week's menu as the server has it.
fn entered(data: &OwnerSchool, monday: Day) -> Vec<MenuMeal> {
    data.menus.iter().find(|(d, _)| *d == monday).map(|(_, m)| m.clone()).unwrap_or_default()
}

/// The day's name: 周一 … 周五, or its date at a weekend.
pub fn day_name(lang: Lang, day: Day) -> String {
    school_words(lang).weekdays.get(day.weekday() as usize).map_or_else(|| lang.date(day), |d| (*d).to_owned())
}

fn draft_key(unit: &str, monday: Day) -> String {
    format!("mc_school_menu_{unit}_{monday}")
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The nutrition check of the week as typed, in sentences.
fn check_html(lang: Lang, meals: &[MenuMeal]) -> String {
    let s = school_words(lang);
    let rules = school_rules();
    let (fine, notes) = check_week(&to_send(meals), rules);
    let (min_veg, min_milk) = (rules.vegetable_kinds_per_day.to_string(), rules.milk_grams.0.to_string());
    let mut items: String = notes
        .iter()
        .map(|note| {
            let line = match *note {
                NutritionNote::FewVegetables { day, kinds } => {
                    fill_slots(s.few_vegetables, &[("{day}", &day_name(lang, day)), ("{n}", &kinds.to_string()), ("{min}", &min_veg)])
                }
                NutritionNote::FewDarkVegetables { day, dark, kinds } => {
                    fill_slots(s.few_dark, &[("{day}", &day_name(lang, day)), ("{dark}", &dark.to_string()), ("{n}", &kinds.to_string())])
                }
                NutritionNote::LittleMilk { day, grams } => {
                    fill_slots(s.little_milk, &[("{day}", &day_name(lang, day)), ("{n}", &grams.to_string()), ("{min}", &min_milk)])
                }
            };
            format!(r#"<li class="tone-warning"><span aria-hidden="true">!</span> {}</li>"#, esc(&line))
        })
        .collect();
    if !fine.is_empty() {
        let days: Vec<String> = fine.iter().map(|d| day_name(lang, *d)).collect();
        items.push_str(&format!(r#"<li class="tone-good"><span aria-hidden="true">✓</span> {}</li>"#, esc(&fill(s.check_fine, days.join("、")))));
    }
    format!(r#"<ul class="sd-check">{items}</ul><p class="hint">{}</p>"#, esc(s.check_note))
}

/// One day's meals, each with its dishes and a button to add one.
fn day_html(lang: Lang, meals: &[MenuMeal], day: Day) -> String {
    let (k, s, w) = (lang.kitchen(), school_words(lang), words(lang));
    Meal::ALL
        .iter()
        .map(|&meal| {
            let m = meal as usize;
            let dishes = meals.iter().find(|x| x.day == day && x.meal == meal).map_or(&[][..], |x| &x.dishes[..]);
            let rows: String = dishes
                .iter()
                .enumerate()
                .map(|(i, dish)| {
                    let chosen = kind_index(dish.kind);
                    let options: String = s
                        .dish_kinds
                        .iter()
                        .enumerate()
                        .map(|(j, name)| format!(r#"<option value="{j}"{}>{}</option>"#, if j == chosen { " selected" } else { "" }, esc(name)))
                        .collect();
                    let grams = match dish.kind {
                        DishKind::Milk { grams } => format!(
                            r#"<input name="grams" type="text" inputmode="numeric" aria-label="{}" placeholder="{}" value="{}">"#,
                            esc(s.milk_grams),
                            esc(s.milk_grams),
                            if grams > 0 { grams.to_string() } else { String::new() }
                        ),
                        _ => String::new(),
                    };
                    format!(
                        r#"<li class="sd-dish" data-meal="{m}" data-i="{i}"><input name="name" type="text" autocomplete="off" aria-label="{label}" placeholder="{label}" value="{}"><select name="kind" aria-label="{}">{options}</select>{grams}<button type="button" class="button-quiet" data-remove aria-label="{} {label}">×</button></li>"#,
                        esc(&dish.name),
                        esc(&s.dish_kinds.join("/")),
                        esc(s.remove),
                        label = esc(&format!("{} {} {}", k.meals[m], w.dish, i + 1)),
                    )
                })
                .collect();
            format!(
                r#"<div class="sd-meal"><h4>{}</h4><ul class="sd-dishes">{rows}</ul><button type="button" class="button-quiet" data-add="{m}">+ {}</button></div>"#,
                esc(k.meals[m]),
                esc(w.add_dish)
            )
        })
        .collect()
}

/// The element an event came from.
pub fn target_el(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// A field's value (an input, a select or a text area: each has `value`).
pub fn value_of(el: &Element) -> String {
    el.unchecked_ref::<HtmlInputElement>().value()
}

#[component]
pub fn MenuEditor(data: RwSignal<OwnerSchool>, unit: String) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (s, k) = (school_words(lang), lang.kitchen());
    let this_week = data.with_untracked(|d| d.this_week);
    let today = data.with_untracked(|d| d.today);
    // The week edited, the day shown (Monday 0 … Friday 4), the week's meals as typed.
    let monday = RwSignal::new(this_week);
    let day = RwSignal::new(today.weekday().min(4));
    let meals = RwSignal::new(Vec::<MenuMeal>::new());
    let redraw = RwSignal::new(0u32);
    let note = RwSignal::new(None::<String>);
    let unit = StoredValue::new(unit);
    // A week opens as it was typed on this phone, else as the server has it.
    let open = move |week: Day| {
        let draft = storage().and_then(|st| st.get_item(&draft_key(&unit.get_value(), week)).ok().flatten());
        let typed = draft.and_then(|json| serde_json::from_str::<Vec<MenuMeal>>(&json).ok());
        meals.set(typed.unwrap_or_else(|| data.with_untracked(|d| entered(d, week))));
        monday.set(week);
        note.set(None);
        redraw.update(|n| *n += 1);
    };
    open(this_week);
    let keep_draft = move || {
        if let (Some(st), Ok(json)) = (storage(), meals.with_untracked(serde_json::to_string)) {
            let _ = st.set_item(&draft_key(&unit.get_value(), monday.get_untracked()), &json);
        }
    };
    let shown_day = move || monday.get().add_days(day.get() as i32);
    let html = move || {
        redraw.track();
        let d = monday.get_untracked().add_days(day.get_untracked() as i32);
        meals.with_untracked(|m| day_html(lang, m, d))
    };
    // A dish as typed: its name, kind or grams.
    let on_field = move |ev: web_sys::Event| {
        let Some(el) = target_el(&ev) else { return };
        let Some(row) = el.closest("li[data-i]").ok().flatten() else { return };
        let num = |a: &str| row.get_attribute(a).and_then(|v| v.parse::<usize>().ok());
        let (Some(m), Some(i)) = (num("data-meal"), num("data-i")) else { return };
        let (Some(meal), d) = (Meal::ALL.get(m).copied(), shown_day()) else { return };
        let (field, value) = (el.get_attribute("name").unwrap_or_default(), value_of(&el));
        let mut kind_changed = false;
        meals.update(|all| {
            let Some(dish) = all.iter_mut().find(|x| x.day == d && x.meal == meal).and_then(|x| x.dishes.get_mut(i)) else { return };
            match field.as_str() {
                "name" => dish.name = value,
                "grams" => dish.kind = DishKind::Milk { grams: whole(&value).unwrap_or(0) },
                "kind" => {
                    let grams = match dish.kind {
                        DishKind::Milk { grams } => grams,
                        _ => 0,
                    };
                    dish.kind = kind_at(value.parse().unwrap_or(7), grams);
                    kind_changed = true;
                }
                _ => {}
            }
        });
        keep_draft();
        if kind_changed {
            redraw.update(|n| *n += 1);
        }
    };
    // A dish added to a meal, or removed.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(el) = target_el(&ev) else { return };
        let d = shown_day();
        if let Some(m) = el.get_attribute("data-add").and_then(|m| m.parse::<usize>().ok()).and_then(|m| Meal::ALL.get(m).copied()) {
            meals.update(|all| {
                let new = Dish { name: String::new(), kind: DishKind::Other };
                match all.iter_mut().find(|x| x.day == d && x.meal == m) {
                    Some(x) => x.dishes.push(new),
                    None => all.push(MenuMeal { day: d, meal: m, dishes: vec![new] }),
                }
            });
        } else if el.has_attribute("data-remove") {
            let Some(row) = el.closest("li[data-i]").ok().flatten() else { return };
            let num = |a: &str| row.get_attribute(a).and_then(|v| v.parse::<usize>().ok());
            let (Some(m), Some(i)) = (num("data-meal").and_then(|m| Meal::ALL.get(m).copied()), num("data-i")) else { return };
            meals.update(|all| {
                if let Some(x) = all.iter_mut().find(|x| x.day == d && x.meal == m).filter(|x| i < x.dishes.len()) {
                    x.dishes.remove(i);
                }
            });
        } else {
            return;
        }
        keep_draft();
        redraw.update(|n| *n += 1);
    };
    let copy = move |_| {
        let week = monday.get_untracked();
        let before = data.with_untracked(|d| entered(d, week.add_days(-7)));
        if before.is_empty() {
            return note.set(Some(s.nothing_to_copy.to_owned()));
        }
        meals.set(copied(&before, week));
        keep_draft();
        note.set(None);
        redraw.update(|n| *n += 1);
    };
    let save = move |_| {
        let week = monday.get_untracked();
        let sent = meals.with_untracked(|m| to_send(m));
        let max = school_rules().dishes_per_meal_max;
        if sent.iter().any(|m| m.dishes.len() > usize::from(max)) {
            return note.set(Some(fill(s.too_many_dishes, max)));
        }
        let json = serde_json::to_string(&MenuWeekInput { meals: sent }).unwrap_or_default();
        let kept = Kept::new(new_key(), &unit.get_value(), true, &format!("/owner/school/menu/{week}"), json, None);
        spawn_local(async move {
            match outbox::keep(kept).await {
                Ok(()) => {
                    if let Some(st) = storage() {
                        let _ = st.remove_item(&draft_key(&unit.get_value(), week));
                    }
                    note.set(Some(s.saved.to_owned()));
                }
                Err(_) => note.set(Some(words(lang).not_kept.to_owned())),
            }
        });
    };
    let weeks = [this_week, this_week.add_days(7)];
    view! {
        <section class="card stack sd-menu" data-section="menu">
            <h2 class="card-h">{s.menu_h}</h2>
            <div class="form-row" role="group">
                {weeks.into_iter().enumerate().map(|(i, week)| view! {
                    <button type="button" class="chip-choice" data-week=week.to_string() aria-pressed=move || (monday.get() == week).to_string()
                        on:click=move |_| open(week)>{s.weeks[i]}" · "{lang.date(week)}</button>
                }).collect_view()}
            </div>
            <button type="button" class="button-quiet" data-copy on:click=copy>{s.copy_last_week}</button>
            <div class="form-row sd-days" role="group">
                {(0..5u32).map(|i| view! {
                    <button type="button" class="chip-choice" data-day=i aria-pressed=move || (day.get() == i).to_string()
                        on:click=move |_| { day.set(i); redraw.update(|n| *n += 1); }>
                        {s.weekdays[i as usize]}" "{move || { let (_, m, d) = monday.get().add_days(i as i32).ymd(); format!("{m}/{d}") }}
                    </button>
                }).collect_view()}
            </div>
            <div class="sd-day" on:input=on_field on:change=on_field on:click=on_click inner_html=html></div>
            <h3 class="card-h">{s.check_h}</h3>
            <div class="sd-checked" aria-live="polite" inner_html=move || meals.with(|m| check_html(lang, m))></div>
            <p class="field-error" role="status">{move || note.get()}</p>
            <button type="button" class="button" data-save-menu on:click=save>{s.save_menu}</button>
            <p class="hint">{k.note}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn dish(name: &str, kind: DishKind) -> Dish {
        Dish { name: name.into(), kind }
    }

    #[test]
    fn every_kind_has_its_place_in_the_choice() {
        for kind in [
            DishKind::Staple,
            DishKind::Protein,
            DishKind::Vegetable { dark: false },
            DishKind::Vegetable { dark: true },
            DishKind::Milk { grams: 200 },
            DishKind::Fruit,
            DishKind::Soup,
            DishKind::Other,
        ] {
            assert_eq!(kind_at(kind_index(kind), 200), kind);
        }
        assert_eq!(kind_at(99, 0), DishKind::Other);
    }

    #[test]
    fn last_weeks_menu_moves_to_the_same_weekdays() {
        let (last, this) = (day("2026-11-23"), day("2026-11-30"));
        let meals = vec![
            MenuMeal { day: last, meal: Meal::Lunch, dishes: vec![dish("米饭", DishKind::Staple)] },
            MenuMeal { day: last.add_days(4), meal: Meal::Breakfast, dishes: vec![dish("牛奶", DishKind::Milk { grams: 200 })] },
        ];
        let copy = copied(&meals, this);
        assert_eq!(copy.iter().map(|m| (m.day, m.meal)).collect::<Vec<_>>(), vec![(this, Meal::Lunch), (this.add_days(4), Meal::Breakfast)]);
        assert_eq!(copy[1].dishes, meals[1].dishes);
        assert!(copied(&[], this).is_empty());
    }

    #[test]
    fn only_named_dishes_and_meals_with_any_are_sent() {
        let d = day("2026-11-30");
        let meals = vec![
            MenuMeal { day: d, meal: Meal::Lunch, dishes: vec![dish(" 米饭 ", DishKind::Staple), dish("  ", DishKind::Other)] },
            MenuMeal { day: d, meal: Meal::Dinner, dishes: vec![dish("", DishKind::Soup)] },
        ];
        assert_eq!(to_send(&meals), vec![MenuMeal { day: d, meal: Meal::Lunch, dishes: vec![dish("米饭", DishKind::Staple)] }]);
    }
}
