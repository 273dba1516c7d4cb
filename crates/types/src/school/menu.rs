//! The week's menu and a plain check of it against the nutrition guidance: kinds of vegetable a day, the
//! dark-coloured share, milk. Sentences for parents, never a medical claim.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::SchoolRules;
use crate::kitchen::Meal;
use crate::Day;

/// What a dish is, as far as the check needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Dish {
    pub name: String,
    pub kind: DishKind,
}

/// One meal of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuMeal {
    pub day: Day,
    pub meal: Meal,
    pub dishes: Vec<Dish>,
}

/// What the check finds about a day: each a plain sentence for parents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}
