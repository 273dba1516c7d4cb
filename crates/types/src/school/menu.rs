//! The week's menu and a plain check of it against the nutrition guidance: kinds of vegetable a day, the
//! dark-coloured share, milk. Sentences for parents, never a medical claim.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::SchoolRules;
use crate::kitchen::Meal;
use crate::Day;

/// What a dish is, as far as the check needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DishKind {
    Staple,
    /// Meat, fish, eggs, beans.
    Protein,
    Vegetable {
        /// 深色蔬菜 (dark green, red, orange, purple).
        dark: bool,
    },
    Milk {
        grams: u16,
    },
    Fruit,
    Soup,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dish {
    pub name: String,
    pub kind: DishKind,
}

/// One meal of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenuMeal {
    pub day: Day,
    pub meal: Meal,
    pub dishes: Vec<Dish>,
}

/// What the check finds about a day: each a plain sentence for parents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "finding")]
pub enum NutritionNote {
    /// Fewer kinds of vegetable than the guidance's.
    FewVegetables { day: Day, kinds: u8 },
    /// Less than the guidance's share of them dark-coloured.
    FewDarkVegetables { day: Day, dark: u8, kinds: u8 },
    /// Less milk than the guidance's (none at all included).
    LittleMilk { day: Day, grams: u16 },
}

/// The week's days that have a menu, each checked: the days that meet the guidance, and what the others lack.
pub fn check_week(meals: &[MenuMeal], rules: &SchoolRules) -> (Vec<Day>, Vec<NutritionNote>) {
    let days: BTreeSet<Day> = meals.iter().map(|m| m.day).collect();
    let (mut fine, mut notes) = (vec![], vec![]);
    for day in days {
        let dishes = meals.iter().filter(|m| m.day == day).flat_map(|m| &m.dishes);
        let (mut vegetables, mut dark, mut milk) = (BTreeSet::new(), BTreeSet::new(), 0u16);
        for dish in dishes {
            match dish.kind {
                DishKind::Vegetable { dark: is_dark } => {
                    let name = dish.name.trim();
                    vegetables.insert(name);
                    if is_dark {
                        dark.insert(name);
                    }
                }
                DishKind::Milk { grams } => milk = milk.saturating_add(grams),
                _ => {}
            }
        }
        let kinds = u8::try_from(vegetables.len()).unwrap_or(u8::MAX);
        let dark = u8::try_from(dark.len()).unwrap_or(u8::MAX);
        let before = notes.len();
        if kinds < rules.vegetable_kinds_per_day {
            notes.push(NutritionNote::FewVegetables { day, kinds });
        }
        if kinds > 0 && u32::from(dark) * 100 < u32::from(kinds) * u32::from(rules.dark_vegetable_percent) {
            notes.push(NutritionNote::FewDarkVegetables { day, dark, kinds });
        }
        if milk < rules.milk_grams.0 {
            notes.push(NutritionNote::LittleMilk { day, grams: milk });
        }
        if notes.len() == before {
            fine.push(day);
        }
    }
    (fine, notes)
}

/// The longest dish name a menu or a dish photo may give, in characters.
pub const DISH_NAME_MAX_CHARS: usize = 40;
/// How many weeks ahead a school may publish its menu (and parents read it).
pub const MENU_WEEKS_AHEAD: i32 = 4;
/// How far ahead of the server's clock a phone's may be when it says a photo was taken, in ms.
pub const PHOTO_CLOCK_SKEW_MS: i64 = 5 * 60_000;

/// The Monday of the week holding `day`.
pub fn monday_of(day: Day) -> Day {
    day.add_days(-(day.weekday() as i32))
}

/// What is wrong with a week's menu as entered (`PUT /owner/school/menu/{week}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MenuProblem {
    /// The week is named by a day that is not its Monday.
    NotMonday,
    /// The week is over: past menus stay as published.
    WeekPast,
    /// More than [`MENU_WEEKS_AHEAD`] weeks ahead.
    WeekTooFar,
    /// No meal at all.
    NoMeals,
    /// A meal's day is outside the week.
    DayOutsideWeek,
    /// The same meal of the same day twice.
    MealTwice,
    /// A meal without dishes.
    MealEmpty,
    /// More dishes than [`SchoolRules::dishes_per_meal_max`].
    TooManyDishes,
    DishNameMissing,
    DishNameTooLong,
}

/// Checks a week's menu entered on `today` for the week starting `week`.
pub fn menu_problems(week: Day, meals: &[MenuMeal], today: Day, rules: &SchoolRules) -> Vec<MenuProblem> {
    let mut problems = vec![];
    let mut add = |p: MenuProblem| {
        if !problems.contains(&p) {
            problems.push(p);
        }
    };
    if week.weekday() != 0 {
        add(MenuProblem::NotMonday);
    }
    if week.add_days(6) < today {
        add(MenuProblem::WeekPast);
    }
    if week > monday_of(today).add_days(7 * MENU_WEEKS_AHEAD) {
        add(MenuProblem::WeekTooFar);
    }
    if meals.is_empty() {
        add(MenuProblem::NoMeals);
    }
    let mut seen = BTreeSet::new();
    for m in meals {
        if m.day < week || m.day > week.add_days(6) {
            add(MenuProblem::DayOutsideWeek);
        }
        if !seen.insert((m.day, m.meal)) {
            add(MenuProblem::MealTwice);
        }
        if m.dishes.is_empty() {
            add(MenuProblem::MealEmpty);
        }
        if m.dishes.len() > usize::from(rules.dishes_per_meal_max) {
            add(MenuProblem::TooManyDishes);
        }
        for d in &m.dishes {
            if let Some(p) = dish_name_problem(&d.name) {
                add(p);
            }
        }
    }
    problems
}

/// What is wrong with a dish's name, if anything.
pub fn dish_name_problem(name: &str) -> Option<MenuProblem> {
    let n = name.trim().chars().count();
    if n == 0 {
        Some(MenuProblem::DishNameMissing)
    } else if n > DISH_NAME_MAX_CHARS {
        Some(MenuProblem::DishNameTooLong)
    } else {
        None
    }
}

/// What is wrong with a dish photo as sent (`POST /owner/school/photos`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DishPhotoProblem {
    /// Taken on another China day than the one it is sent for: never shown as that day's.
    TakenOnAnotherDay,
    /// Taken later than now (beyond [`PHOTO_CLOCK_SKEW_MS`]).
    TakenInFuture,
    DishNameMissing,
    DishNameTooLong,
}

/// Checks a dish photo sent at `now_ms`: `taken_ms` must fall on `day` (China time) and not be later than now.
pub fn dish_photo_problems(day: Day, dish: &str, taken_ms: i64, now_ms: i64) -> Vec<DishPhotoProblem> {
    let mut problems = vec![];
    if crate::kitchen::day_of(taken_ms) != day {
        problems.push(DishPhotoProblem::TakenOnAnotherDay);
    }
    if taken_ms > now_ms + PHOTO_CLOCK_SKEW_MS {
        problems.push(DishPhotoProblem::TakenInFuture);
    }
    match dish_name_problem(dish) {
        Some(MenuProblem::DishNameMissing) => problems.push(DishPhotoProblem::DishNameMissing),
        Some(_) => problems.push(DishPhotoProblem::DishNameTooLong),
        None => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dish(name: &str, kind: DishKind) -> Dish {
        Dish { name: name.into(), kind }
    }

    fn veg(name: &str, dark: bool) -> Dish {
        dish(name, DishKind::Vegetable { dark })
    }

    #[test]
    fn a_day_is_checked_over_all_its_meals() {
        let monday: Day = "2026-11-30".parse().unwrap();
        let tuesday = monday.add_days(1);
        let meals = vec![
            MenuMeal {
                day: monday,
                meal: Meal::Breakfast,
                dishes: vec![dish("牛奶", DishKind::Milk { grams: 200 }), dish("馒头", DishKind::Staple)],
            },
            MenuMeal {
                day: monday,
                meal: Meal::Lunch,
                dishes: vec![veg("菠菜", true), veg("西兰花", true), veg("白菜", false), dish("红烧鸡块", DishKind::Protein)],
            },
            // The same vegetable twice is one kind; no milk; one dark of three is under half.
            MenuMeal {
                day: tuesday,
                meal: Meal::Lunch,
                dishes: vec![veg("白菜", false), veg("白菜 ", false), veg("胡萝卜", true), veg("土豆", false)],
            },
        ];
        let (fine, notes) = check_week(&meals, &SchoolRules::national());
        assert_eq!(fine, vec![monday]);
        assert_eq!(
            notes,
            vec![NutritionNote::FewDarkVegetables { day: tuesday, dark: 1, kinds: 3 }, NutritionNote::LittleMilk { day: tuesday, grams: 0 },]
        );
    }

    #[test]
    fn too_few_vegetables_and_an_empty_day() {
        let day: Day = "2026-12-01".parse().unwrap();
        let meals = vec![MenuMeal { day, meal: Meal::Lunch, dishes: vec![veg("菠菜", true), dish("牛奶", DishKind::Milk { grams: 250 })] }];
        assert_eq!(check_week(&meals, &SchoolRules::national()).1, vec![NutritionNote::FewVegetables { day, kinds: 1 }]);
        assert_eq!(check_week(&[], &SchoolRules::national()), (vec![], vec![]));
    }

    #[test]
    fn a_week_s_menu_is_checked_as_entered() {
        let rules = SchoolRules::national();
        let today: Day = "2026-11-29".parse().unwrap();
        let next = "2026-11-30".parse::<Day>().unwrap();
        assert_eq!(monday_of(today), "2026-11-23".parse().unwrap());
        assert_eq!(monday_of(next), next);
        let good = vec![MenuMeal { day: next, meal: Meal::Lunch, dishes: vec![veg("菠菜", true)] }];
        assert!(menu_problems(next, &good, today, &rules).is_empty());
        assert!(menu_problems(monday_of(today), &[MenuMeal { day: today, ..good[0].clone() }], today, &rules).is_empty(), "this week, to Sunday");
        assert_eq!(menu_problems(next.add_days(1), &good, today, &rules), vec![MenuProblem::NotMonday, MenuProblem::DayOutsideWeek]);
        assert_eq!(menu_problems(next.add_days(-14), &[], today, &rules), vec![MenuProblem::WeekPast, MenuProblem::NoMeals]);
        assert_eq!(menu_problems(next.add_days(7 * 4), &good, today, &rules), vec![MenuProblem::WeekTooFar, MenuProblem::DayOutsideWeek]);
        let bad = vec![
            MenuMeal { day: next, meal: Meal::Lunch, dishes: vec![dish(" ", DishKind::Staple), dish(&"菜".repeat(41), DishKind::Other)] },
            MenuMeal { day: next, meal: Meal::Lunch, dishes: vec![] },
            MenuMeal { day: next.add_days(1), meal: Meal::Lunch, dishes: vec![veg("菠菜", true); 13] },
        ];
        assert_eq!(
            menu_problems(next, &bad, today, &rules),
            vec![
                MenuProblem::DishNameMissing,
                MenuProblem::DishNameTooLong,
                MenuProblem::MealTwice,
                MenuProblem::MealEmpty,
                MenuProblem::TooManyDishes
            ]
        );
    }

    #[test]
    fn a_dish_photo_belongs_to_the_day_it_was_taken() {
        let day: Day = "2026-11-27".parse().unwrap();
        let noon = day.start_ms(crate::CHINA_UTC_OFFSET_SECS) + 12 * 3_600_000;
        let now = noon + 3_600_000;
        assert!(dish_photo_problems(day, "红烧鸡块", noon, now).is_empty());
        assert_eq!(dish_photo_problems(day.add_days(1), "红烧鸡块", noon, now), vec![DishPhotoProblem::TakenOnAnotherDay]);
        assert_eq!(
            dish_photo_problems(day, "", now + PHOTO_CLOCK_SKEW_MS + 1, now),
            vec![DishPhotoProblem::TakenInFuture, DishPhotoProblem::DishNameMissing]
        );
    }
}
