//! The demo's school and kindergarten canteens for parents: five weeks of menus (realistic dishes that
//! meet the nutrition guidance, except one day this week short of vegetables), a generated photo of each
//! dish served this week up to now (a plain plate in the dish's colour, marked as the demo's), and a
//! month of 陪餐 at lunch — most days recorded by a school leader, a parents' representative on
//! Wednesdays, now and then a day missed. Two cases for the regulator's list: `lc-gxq-0005` has not
//! published this week's menu, and `lc-lq-0003` missed the 陪餐 of its last school day. Everything
//! follows from the unit's code and the day, laid out afresh for each new day and topped up as today's
//! meals are served.

use std::io::Cursor;
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use mingchu_types::kitchen::Meal;
use mingchu_types::school::{for_parents, monday_of, CompanionMeal, CompanionRole, Dish, DishKind, MenuMeal, Scores};
use mingchu_types::{Day, UnitKind, CHINA_UTC_OFFSET_SECS};
use sha2::{Digest, Sha256};

use crate::demo::DEMO_CODES;
use crate::media_store::{photo_files, MediaStore};
use crate::store::{NewDishPhoto, NewPhoto, Store, StoreError, StoreResult};

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

/// Lays the demo's school meals out afresh for `today` when they were laid out for another day (or never),
/// then adds what has been served and recorded by `now_ms`.
pub async fn top_up(store: &dyn Store, media: &MediaStore, today: Day, now_ms: i64) -> StoreResult<()> {
    let fresh = store.meta(LAID_OUT).await?.as_deref() != Some(today.to_string().as_str());
    let this_week = monday_of(today);
    for (code, kind) in schools(store).await? {
        let first = if fresh {
            store.clear_school_meals(code).await?;
            for back in 0..=WEEKS_BACK {
                let week = this_week.add_days(-7 * back);
                // One school has not published this week's menu.
                if back == 0 && code == "lc-gxq-0005" {
                    continue;
                }
                // Published the Friday before, in the afternoon.
                store.put_menu(code, week, &week_menu(code, kind, week, this_week), at(week.add_days(-3), 16 * 60)).await?;
            }
            today.add_days(1 - COMPANION_DAYS)
        } else {
            today
        };
        let menus = store.menus(code, monday_of(first), this_week).await?;
        let mut day = first;
        while day <= today {
            let menu: Vec<&MenuMeal> = menus.iter().filter(|m| m.week == monday_of(day)).flat_map(|m| &m.meals).filter(|m| m.day == day).collect();
            if day >= this_week {
                photos(store, media, code, kind, &menu, now_ms).await?;
            }
            companions(store, code, kind, day, today, now_ms).await?;
            day = day.add_days(1);
        }
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
/// it was served.
async fn photos(store: &dyn Store, media: &MediaStore, code: &str, kind: UnitKind, menu: &[&MenuMeal], now_ms: i64) -> StoreResult<()> {
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
            let photo = dish_photo(store, media, &d.name, d.kind, now_ms).await?;
            let client_id = format!("demo {} {:?} {n}", m.day, m.meal);
            let taken_ms = served - 5 * MINUTE + n as i64 * 40_000;
            let new = NewDishPhoto {
                client_id: &client_id,
                day: m.day,
                meal: m.meal,
                dish: &d.name,
                photo: &photo,
                taken_ms,
                demo: true,
                entered_ms: taken_ms,
            };
            store.add_dish_photo(code, &new).await?;
        }
    }
    Ok(())
}

/// The demo's picture of a dish (one per dish name, made once): its photo id.
async fn dish_photo(store: &dyn Store, media: &MediaStore, name: &str, kind: DishKind, now_ms: i64) -> StoreResult<String> {
    let id = hex::encode(&Sha256::digest(format!("mingchu demo dish {name}").as_bytes())[..16]);
    if store.photo(&id).await?.is_some() {
        return Ok(id);
    }
    let (photo, thumb) = (plate(name, kind, 480, 360)?, plate(name, kind, 160, 120)?);
    let new =
        NewPhoto { id: &id, width: 480, height: 360, bytes: photo.len() as u64, thumb_bytes: thumb.len() as u64, device: "demo", at_ms: now_ms };
    store.add_photo(&new).await?;
    let [photo_file, thumb_file] = photo_files(&id);
    let kept = |e: crate::media_store::MediaError| StoreError::Invalid(format!("demo dish photo not kept: {e}"));
    media.put(&photo_file, photo).await.map_err(kept)?;
    media.put(&thumb_file, thumb).await.map_err(kept)?;
    Ok(id)
}

/// A plain plate on a table, holding food in the dish's colour, as JPEG.
fn plate(name: &str, kind: DishKind, width: u32, height: u32) -> StoreResult<Vec<u8>> {
    let tone = dice(name, 40) as u8;
    let food = match kind {
        DishKind::Vegetable { dark: true } => Rgb([40 + tone, 120 + tone, 40]),
        DishKind::Vegetable { dark: false } => Rgb([200 + tone / 2, 210, 150]),
        DishKind::Protein => Rgb([160 + tone, 80 + tone, 30]),
        DishKind::Fruit => Rgb([230, 150 + tone, 40]),
        _ => Rgb([235, 225, 200]),
    };
    let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
    let radius = height as f32 * 0.45;
    let image = RgbImage::from_fn(width, height, |x, y| {
        let r = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt() / radius;
        // A little grain, so the food does not look flat.
        let grain = ((x * 7 + y * 13 + u32::from(tone)) % 17) as u8;
        match r {
            r if r < 0.62 => Rgb([food.0[0].saturating_sub(grain), food.0[1].saturating_sub(grain), food.0[2].saturating_sub(grain / 2)]),
            r if r < 0.95 => Rgb([246, 246, 242]),
            r if r < 1.0 => Rgb([220, 220, 214]),
            _ => Rgb([150, 112, 80]),
        }
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut Cursor::new(&mut jpeg), 80)
        .encode_image(&image)
        .map_err(|e| StoreError::Invalid(format!("demo dish photo not encoded: {e}")))?;
    Ok(jpeg)
}

/// The day's 陪餐 at lunch, once entered by `now_ms`: a school leader most school days (now and then a
/// day missed, never at `lc-dcf-0012`; `lc-lq-0003` missed its last school day before today), and a
/// parents' representative too on Wednesdays.
async fn companions(store: &dyn Store, code: &str, kind: UnitKind, day: Day, today: Day, now_ms: i64) -> StoreResult<()> {
    if day.weekday() >= 5 {
        return Ok(());
    }
    let last_school_day = (1..=7).map(|back| today.add_days(-back)).find(|d| d.weekday() < 5);
    let missed = match code {
        "lc-dcf-0012" => false,
        "lc-lq-0003" if Some(day) == last_school_day => true,
        _ => day != today && dice(&format!("{code} {day} missed"), 9) == 0,
    };
    if missed {
        return Ok(());
    }
    let Some(&(_, minute)) = meals_of(kind).iter().find(|(meal, _)| *meal == Meal::Lunch) else { return Ok(()) };
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
    for (n, role) in roles.into_iter().enumerate() {
        let entered = at(day, minute + 40) + dice(&format!("{code} {day} {n} entered"), 30) as i64 * MINUTE;
        if entered > now_ms {
            continue;
        }
        let (note, [taste, quantity, temperature, hygiene]) = NOTES[dice(&format!("{code} {day} {n} note"), NOTES.len())];
        let record = CompanionMeal { day, meal: Meal::Lunch, role, scores: Scores { taste, quantity, temperature, hygiene }, note: note.to_owned() };
        store.add_companion(code, &format!("demo {day} lunch {n}"), &record, entered).await?;
    }
    Ok(())
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
        let jpeg = plate("清炒菠菜", DishKind::Vegetable { dark: true }, 160, 120).unwrap();
        assert_eq!(image::guess_format(&jpeg).unwrap(), image::ImageFormat::Jpeg);
    }
}
