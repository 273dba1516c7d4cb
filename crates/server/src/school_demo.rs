//! The demo's school and kindergarten canteens for parents: five weeks of menus (realistic dishes that
//! meet the nutrition guidance, except one day this week short of vegetables), a generated photo of each
//! dish served this week up to now (a plain plate in the colour of its kind, marked as the demo's), and a
//! month of 陪餐 at lunch — most days recorded by a school leader, a parents' representative on
//! Wednesdays, now and then a day missed. Two cases for the regulator's list: `lc-gxq-0005` has not
//! published this week's menu, and `lc-lq-0003` missed the 陪餐 of its last school day. Everything
//! follows from the unit's code and the day, laid out afresh for each new day and topped up as today's
//! meals are served.

use std::collections::HashSet;
use std::io::Cursor;
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use mingchu_types::kitchen::Meal;
use mingchu_types::school::{for_parents, monday_of, CompanionMeal, CompanionRole, Dish, DishKind, DishPhoto, MenuMeal, Scores};
use mingchu_types::{Day, UnitKind, CHINA_UTC_OFFSET_SECS};
use sha2::{Digest, Sha256};

use crate::demo::DEMO_CODES;
use crate::media_store::{photo_files, MediaStore};
use crate::store::{DemoMeals, NewPhoto, Store, StoreError, StoreResult, StoredCompanion, StoredDishPhoto, StoredMenu};

const MINUTE: i64 = 60_000;
/// The `meta` key holding the day the demo's school meals were laid out for.
const LAID_OUT: &str = "school_demo_day";
/// Weeks of menus before this one.
const WEEKS_BACK: i32 = 5;
/// Days of 陪餐, today included.
const COMPANION_DAYS: i32 = 30;

const STAPLES: &[&str] = &["米饭", "杂粮米饭", "二米饭", "米饭", "花卷"];
const PROTEINS: &[&str] = &["红烧鸡块", "清蒸鲈鱼", "肉末烧豆腐", "糖醋里脊", "卤鸡腿", "土豆烧牛肉", "虾仁滑蛋", "香菇肉丸", "红烧带鱼", "番茄牛腩"];
const DARK: &[&str] = &["清炒菠菜", "蒜蓉西兰花", "香菇油菜", "胡萝卜炒木耳", "清炒油麦菜", "蒜蓉空心菜", "清蒸南瓜", "紫甘蓝炒粉丝"];
const LIGHT: &[&str] = &["醋溜白菜", "手撕包菜", "清炒冬瓜", "素炒西葫芦", "炒绿豆芽", "清炒藕片", "炒花菜"];
const SOUPS: &[&str] = &["紫菜蛋花汤", "西红柿鸡蛋汤", "白菜豆腐汤", "冬瓜海带汤", "玉米排骨汤"];
const FRUIT: &[&str] = &["苹果", "香蕉", "橙子", "梨"];
const BREAKFAST_STAPLES: &[&str] = &["小馒头", "南瓜发糕", "鸡蛋饼", "小花卷"];

/// 陪餐 notes as people write them, with the scores they go with (taste, quantity, temperature, hygiene).
const NOTES: &[(&str, [u8; 4])] = &[
    ("饭菜温度合适，米饭软硬适中。", [5, 5, 5, 5]),
    ("青菜略咸，已提醒后厨少放盐。", [3, 5, 5, 5]),
    ("主菜分量足，学生基本吃完。", [5, 5, 4, 5]),
    ("汤偏凉，建议出餐前再加热。", [4, 5, 3, 5]),
    ("部分学生剩菜较多，需关注口味搭配。", [3, 4, 4, 5]),
    ("", [4, 5, 5, 5]),
    ("餐具干净，打饭排队有序。", [4, 5, 4, 5]),
    ("米饭偏硬，已反馈后厨调整水量。", [3, 5, 5, 5]),
];

/// A number from 0 to `n - 1` that depends only on its inputs.
fn dice(seed: &str, n: usize) -> usize {
    let hash = Sha256::digest(seed.as_bytes());
    (u64::from_le_bytes(hash[..8].try_into().unwrap_or_default()) % n.max(1) as u64) as usize
}

fn pick<'a>(list: &[&'a str], seed: &str) -> &'a str {
    list[dice(seed, list.len())]
}

fn dish(name: &str, kind: DishKind) -> Dish {
    Dish { name: name.to_owned(), kind }
}

/// The meals a unit of `kind` serves, with the minute of the day each is served.
fn meals_of(kind: UnitKind) -> &'static [(Meal, i64)] {
    match kind {
        UnitKind::KindergartenCanteen => &[(Meal::Breakfast, 7 * 60 + 40), (Meal::Lunch, 11 * 60 + 30), (Meal::Other, 15 * 60)],
        _ => &[(Meal::Lunch, 11 * 60 + 50)],
    }
}

/// A unit's menu for one school day. `short` leaves out a vegetable (the week's day that falls short).
fn day_menu(code: &str, kind: UnitKind, day: Day, short: bool) -> Vec<MenuMeal> {
    let seed = |what: &str| format!("{code} {day} {what}");
    let (dark1, dark2) = (pick(DARK, &seed("dark")), pick(DARK, &seed("dark 2")));
    let dark2 = if dark1 == dark2 { DARK[(DARK.iter().position(|d| *d == dark1).unwrap_or(0) + 1) % DARK.len()] } else { dark2 };
    let mut lunch = vec![dish(pick(STAPLES, &seed("staple")), DishKind::Staple), dish(pick(PROTEINS, &seed("protein")), DishKind::Protein)];
    lunch.push(dish(dark1, DishKind::Vegetable { dark: true }));
    if !short {
        lunch.push(dish(dark2, DishKind::Vegetable { dark: true }));
    }
    lunch.push(dish(pick(LIGHT, &seed("light")), DishKind::Vegetable { dark: false }));
    lunch.push(dish(pick(SOUPS, &seed("soup")), DishKind::Soup));
    meals_of(kind)
        .iter()
        .map(|&(meal, _)| {
            let dishes = match meal {
                Meal::Breakfast => vec![
                    dish("牛奶", DishKind::Milk { grams: 200 }),
                    dish(pick(BREAKFAST_STAPLES, &seed("breakfast")), DishKind::Staple),
                    dish("煮鸡蛋", DishKind::Protein),
                ],
                Meal::Lunch if kind == UnitKind::SchoolCanteen => [lunch.clone(), vec![dish("学生奶", DishKind::Milk { grams: 200 })]].concat(),
                Meal::Lunch => lunch.clone(),
                _ => vec![dish(pick(FRUIT, &seed("fruit")), DishKind::Fruit), dish("小面包", DishKind::Staple)],
            };
            MenuMeal { day, meal, dishes }
        })
        .collect()
}

/// A unit's menu for the week starting `week`: Monday to Friday, one day of this week short of vegetables.
fn week_menu(code: &str, kind: UnitKind, week: Day, this_week: Day) -> Vec<MenuMeal> {
    let short_day = (week == this_week).then(|| week.add_days(dice(&format!("{code} short"), 5) as i32));
    (0..5).map(|n| week.add_days(n)).flat_map(|day| day_menu(code, kind, day, Some(day) == short_day)).collect()
}

fn at(day: Day, minute: i64) -> i64 {
    day.start_ms(CHINA_UTC_OFFSET_SECS) + minute * MINUTE
}

/// The demo's school and kindergarten canteens, with their kinds.
async fn schools(store: &dyn Store) -> StoreResult<Vec<(&'static str, UnitKind)>> {
    let mut units = vec![];
    for (code, _) in DEMO_CODES {
        if let Some(unit) = store.unit(code).await?.filter(|u| for_parents(u.unit.kind)) {
            units.push((*code, unit.unit.kind));
        }
    }
    Ok(units)
}

/// Whether the unit published the menu of the week starting `week` (one has not published this week's).
fn published(code: &str, week: Day, this_week: Day) -> bool {
    !(week == this_week && code == "lc-gxq-0005")
}

/// Lays the demo's school meals out afresh for `today` when they were laid out for another day (or never),
/// then adds what has been served and recorded by `now_ms`: each unit's in one write.
pub async fn top_up(store: &dyn Store, media: &MediaStore, today: Day, now_ms: i64) -> StoreResult<()> {
    let fresh = store.meta(LAID_OUT).await?.as_deref() != Some(today.to_string().as_str());
    let this_week = monday_of(today);
    let mut made = HashSet::new();
    for (code, kind) in schools(store).await? {
        let mut meals = DemoMeals::default();
        let first = if fresh {
            store.clear_school_meals(code).await?;
            // Each published the Friday before, in the afternoon.
            let weeks = (0..=WEEKS_BACK).map(|back| this_week.add_days(-7 * back)).filter(|w| published(code, *w, this_week));
            meals.menus = weeks
                .map(|week| StoredMenu { week, meals: week_menu(code, kind, week, this_week), published_ms: at(week.add_days(-3), 16 * 60) })
                .collect();
            today.add_days(1 - COMPANION_DAYS)
        } else {
            today
        };
        for day in (0..=first.days_until(today)).map(|n| first.add_days(n)) {
            if day >= this_week && published(code, this_week, this_week) {
                let menu: Vec<MenuMeal> = week_menu(code, kind, this_week, this_week).into_iter().filter(|m| m.day == day).collect();
                meals.photos.extend(photos(store, media, &mut made, kind, &menu, now_ms).await?);
            }
            meals.companions.extend(companions(code, kind, day, today, now_ms));
        }
        store.put_demo_meals(code, &meals).await?;
    }
    if fresh {
        store.set_meta(LAID_OUT, &today.to_string()).await?;
    }
    Ok(())
}

/// Tops the demo's school meals up every ten minutes, for as long as the store is open.
pub fn keep_up(store: Arc<dyn Store>, media: Arc<MediaStore>, clock: crate::Clock) {
    crate::demo::every_ten_minutes(store, "demo school meals not topped up", move |store| {
        let (clock, media) = (clock.clone(), media.clone());
        async move { top_up(&*store, &media, clock.today(), clock.now_ms()).await }
    });
}

/// A photo of each dish of the day's meals served by `now_ms` (not the staple, milk or soup), taken as
/// it was served, each under its client id. `made` holds the pictures known to be stored.
async fn photos(
    store: &dyn Store,
    media: &MediaStore,
    made: &mut HashSet<String>,
    kind: UnitKind,
    menu: &[MenuMeal],
    now_ms: i64,
) -> StoreResult<Vec<(String, StoredDishPhoto)>> {
    let mut out = vec![];
    for m in menu {
        let Some(&(_, minute)) = meals_of(kind).iter().find(|(meal, _)| *meal == m.meal) else { continue };
        let served = at(m.day, minute);
        if served > now_ms {
            continue;
        }
        for (n, d) in m.dishes.iter().enumerate() {
            if matches!(d.kind, DishKind::Staple | DishKind::Milk { .. } | DishKind::Soup) {
                continue;
            }
            let photo = dish_photo(store, media, made, d.kind, now_ms).await?;
            let taken_ms = served - 5 * MINUTE + n as i64 * 40_000;
            let stored = StoredDishPhoto { day: m.day, meal: m.meal, photo: DishPhoto { dish: d.name.clone(), photo, taken_ms, demo: true } };
            out.push((format!("demo {} {:?} {n}", m.day, m.meal), stored));
        }
    }
    Ok(out)
}

/// The demo's picture of a dish of `kind` (one per kind, made once: a plain plate in the kind's colour;
/// encoding one per dish would cost a debug build seconds at every start): its photo id.
async fn dish_photo(store: &dyn Store, media: &MediaStore, made: &mut HashSet<String>, kind: DishKind, now_ms: i64) -> StoreResult<String> {
    let id = hex::encode(&Sha256::digest(format!("mingchu demo dish {kind:?}").as_bytes())[..16]);
    if made.contains(&id) || store.photo(&id).await?.is_some() {
        made.insert(id.clone());
        return Ok(id);
    }
    let (photo, thumb) = (plate(kind, 320, 240)?, plate(kind, 120, 90)?);
    let new =
        NewPhoto { id: &id, width: 320, height: 240, bytes: photo.len() as u64, thumb_bytes: thumb.len() as u64, device: "demo", at_ms: now_ms };
    store.add_photo(&new).await?;
    let [photo_file, thumb_file] = photo_files(&id);
    let kept = |e: crate::media_store::MediaError| StoreError::Invalid(format!("demo dish photo not kept: {e}"));
    media.put(&photo_file, photo).await.map_err(kept)?;
    media.put(&thumb_file, thumb).await.map_err(kept)?;
    made.insert(id.clone());
    Ok(id)
}

/// A plain plate on a table, holding food in the colour of its kind, as JPEG.
fn plate(kind: DishKind, width: u32, height: u32) -> StoreResult<Vec<u8>> {
    let food: Rgb<u8> = match kind {
        DishKind::Vegetable { dark: true } => Rgb([50, 130, 45]),
        DishKind::Vegetable { dark: false } => Rgb([215, 215, 160]),
        DishKind::Protein => Rgb([170, 90, 35]),
        DishKind::Fruit => Rgb([235, 160, 40]),
        _ => Rgb([235, 225, 200]),
    };
    // Integer arithmetic only: the demo is laid out at every start, also by debug builds.
    let (cx, cy, radius) = (i64::from(width / 2), i64::from(height / 2), i64::from(height) * 45 / 100);
    let rim = [radius * radius * 62 * 62 / 10_000, radius * radius * 95 * 95 / 10_000, radius * radius];
    let image = RgbImage::from_fn(width, height, |x, y| {
        let d = (i64::from(x) - cx).pow(2) + (i64::from(y) - cy).pow(2);
        // A little grain, so the food does not look flat.
        let grain = ((x * 7 + y * 13) % 17) as u8;
        if d < rim[0] {
            Rgb([food.0[0].saturating_sub(grain), food.0[1].saturating_sub(grain), food.0[2].saturating_sub(grain / 2)])
        } else if d < rim[1] {
            Rgb([246, 246, 242])
        } else if d < rim[2] {
            Rgb([220, 220, 214])
        } else {
            Rgb([150, 112, 80])
        }
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut Cursor::new(&mut jpeg), 80)
        .encode_image(&image)
        .map_err(|e| StoreError::Invalid(format!("demo dish photo not encoded: {e}")))?;
    Ok(jpeg)
}

/// The day's 陪餐 at lunch entered by `now_ms`, each under its client id: a school leader most school
/// days (now and then a day missed, never at `lc-dcf-0012`; `lc-lq-0003` missed its last school day
/// before today), and a parents' representative too on Wednesdays.
fn companions(code: &str, kind: UnitKind, day: Day, today: Day, now_ms: i64) -> Vec<(String, StoredCompanion)> {
    let last_school_day = (1..=7).map(|back| today.add_days(-back)).find(|d| d.weekday() < 5);
    let missed = match code {
        "lc-dcf-0012" => false,
        "lc-lq-0003" if Some(day) == last_school_day => true,
        _ => day != today && dice(&format!("{code} {day} missed"), 9) == 0,
    };
    let lunch = meals_of(kind).iter().find(|(meal, _)| *meal == Meal::Lunch);
    let (Some(&(_, minute)), false, true) = (lunch, missed, day.weekday() < 5) else { return vec![] };
    let leader = [
        CompanionRole::Principal,
        CompanionRole::VicePrincipal,
        CompanionRole::TeacherOnDuty,
        CompanionRole::VicePrincipal,
        CompanionRole::Principal,
    ];
    let mut roles = vec![leader[day.weekday() as usize]];
    if day.weekday() == 2 {
        roles.push(CompanionRole::ParentRepresentative);
    }
    let mut out = vec![];
    for (n, role) in roles.into_iter().enumerate() {
        let entered_ms = at(day, minute + 40) + dice(&format!("{code} {day} {n} entered"), 30) as i64 * MINUTE;
        if entered_ms > now_ms {
            continue;
        }
        let (note, [taste, quantity, temperature, hygiene]) = NOTES[dice(&format!("{code} {day} {n} note"), NOTES.len())];
        let record = CompanionMeal { day, meal: Meal::Lunch, role, scores: Scores { taste, quantity, temperature, hygiene }, note: note.to_owned() };
        out.push((format!("demo {day} lunch {n}"), StoredCompanion { record, entered_ms }));
    }
    out
}

#[cfg(test)]
mod tests {
    use mingchu_types::school::{check_week, NutritionNote, SchoolRules};

    use super::*;

    #[test]
    fn the_guidance_is_met_except_one_day_this_week() {
        let this_week: Day = "2026-11-23".parse().unwrap();
        let rules = SchoolRules::national();
        for (code, kind) in [("lc-dcf-0012", UnitKind::SchoolCanteen), ("lc-dcf-0027", UnitKind::KindergartenCanteen)] {
            let (fine, notes) = check_week(&week_menu(code, kind, this_week.add_days(-7), this_week), &rules);
            assert_eq!((fine.len(), notes), (5, vec![]), "{code} last week");
            let (fine, notes) = check_week(&week_menu(code, kind, this_week, this_week), &rules);
            assert_eq!(fine.len(), 4, "{code}");
            assert!(matches!(notes[..], [NutritionNote::FewVegetables { kinds: 2, .. }]), "{code}: {notes:?}");
        }
    }

    #[test]
    fn a_plate_is_a_jpeg() {
        let jpeg = plate(DishKind::Vegetable { dark: true }, 120, 90).unwrap();
        assert_eq!(image::guess_format(&jpeg).unwrap(), image::ImageFormat::Jpeg);
    }
}
