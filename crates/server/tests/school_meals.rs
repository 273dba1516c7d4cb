//! School canteens' menus, dish photos and 陪餐 over HTTP, on the demo data as of Sunday 2026-11-29 noon
//! (this week is 23–29 November): parents read the week's menu with the photos taken the day each dish
//! was served, the nutrition check and the suppliers, and the month's 陪餐 by role; the school's owner
//! publishes a menu, a dish photo and a 陪餐 record (each refused when wrong, each harmless to send again);
//! the regulator lists the region's school canteens that let something lapse, most overdue first. Other
//! units answer 404, and no public answer names a person or a pupil.

mod common;

use common::staff::{call, owner, regulator};
use common::{assert_error, TestServer};
use mingchu_server::store::NewDishPhoto;
use mingchu_types::kitchen::{day_of, Meal};
use mingchu_types::school::{DishPhoto, NutritionNote, OwnerSchool, PublicCompanions, PublicMenu, SchoolLapses, SurveyState, Term};
use mingchu_types::{Day, PhotoUpload, CHINA_UTC_OFFSET_SECS};
use reqwest::Method;
use serde_json::{json, Value};

const SCHOOL: &str = "lc-dcf-0012";
const KINDERGARTEN: &str = "lc-dcf-0027";
const RESTAURANT: &str = "lc-da-0015";

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn at(d: &str, hour: i64) -> i64 {
    day(d).start_ms(CHINA_UTC_OFFSET_SECS) + hour * 3_600_000
}

/// No key of a public answer names a person, a pupil or a way to reach someone (a `name` only with
/// `names`: a dish's or a supplier's).
fn assert_no_person(value: &Value, names: bool) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                for word in ["pupil", "student", "child", "phone", "contact", "person", "price", "staff", "who", "by"] {
                    assert!(!key.contains(word), "public key {key:?}");
                }
                assert!(key == "unit_name" || !key.contains("name") || (names && key == "name"), "public key {key:?}");
                assert_no_person(v, names);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| assert_no_person(v, names)),
        _ => {}
    }
}

async fn upload(s: &TestServer) -> PhotoUpload {
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let r = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg.into_inner()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().map(|f| f.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

#[tokio::test]
async fn parents_read_the_week_s_menu_with_that_day_s_photos_its_check_and_its_suppliers() {
    let s = TestServer::start().await;
    let raw = s.json(&format!("/api/units/{SCHOOL}/school/menu"), 200).await;
    assert_no_person(&raw, true);
    let menu: PublicMenu = serde_json::from_value(raw).unwrap();
    assert_eq!((menu.code.as_str(), menu.week), (SCHOOL, day("2026-11-23")));
    assert!(menu.published_ms.is_some_and(|ms| ms < s.now_ms()));
    assert_eq!(menu.meals.len(), 5, "lunch, Monday to Friday");
    assert_eq!(menu.weeks.len(), 6, "this week and five before: {:?}", menu.weeks);
    assert_eq!(menu.weeks[0], menu.week, "newest first");
    // The demo falls short of vegetables one day this week: the check says so, and the rest are fine.
    assert_eq!(menu.fine_days.len(), 4);
    assert!(matches!(menu.notes[..], [NutritionNote::FewVegetables { kinds: 2, .. }]), "{:?}", menu.notes);
    assert!(!menu.suppliers.is_empty(), "the week's purchases name their suppliers");
    for m in &menu.meals {
        assert!(!m.photos.is_empty(), "{} served and photographed", m.meal.day);
        for p in &m.photos {
            assert_eq!(day_of(p.taken_ms), m.meal.day, "a photo shows only on the day it was taken");
            assert!(p.demo && m.meal.dishes.iter().any(|d| d.name == p.dish));
        }
    }
    // A dish photo is public, like a meal's sealed samples.
    let photo = &menu.meals[0].photos[0].photo;
    let r = s.get(&format!("/media/{photo}.jpg")).await;
    assert_eq!((r.status().as_u16(), r.headers()["cache-control"].to_str().unwrap()), (200, "public, max-age=300"));

    // Another week by any of its days; weeks out of reach and days that are not days are refused.
    let earlier: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/menu?week=2026-11-19"), 200).await).unwrap();
    assert_eq!((earlier.week, earlier.fine_days.len(), earlier.notes.len()), (day("2026-11-16"), 5, 0));
    assert!(earlier.meals.iter().all(|m| m.photos.is_empty()), "the demo photographs this week's dishes");
    let unpublished: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/menu?week=2026-12-07"), 200).await).unwrap();
    assert_eq!((unpublished.published_ms, unpublished.meals.len()), (None, 0));
    for bad in ["2026-13-01", "soon", "2026-09-01", "2027-03-01"] {
        let body = s.json(&format!("/api/units/{SCHOOL}/school/menu?week={bad}"), 400).await;
        assert_eq!(fields(&body), vec!["week"], "{bad}");
    }
    // A kindergarten has breakfast and an afternoon snack too.
    let kindergarten: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{KINDERGARTEN}/school/menu"), 200).await).unwrap();
    assert_eq!(kindergarten.meals.len(), 15);
    // Only school and kindergarten canteens.
    for code in [RESTAURANT, "lc-none-0000"] {
        assert_error(&s.json(&format!("/api/units/{code}/school/menu"), 404).await, "not_found");
        assert_error(&s.json(&format!("/api/units/{code}/school/meals"), 404).await, "not_found");
    }
}

#[tokio::test]
async fn parents_see_each_school_day_s_陪餐_by_role_and_the_days_without() {
    let s = TestServer::start().await;
    let raw = s.json(&format!("/api/units/{SCHOOL}/school/meals"), 200).await;
    assert_no_person(&raw, false);
    let meals: PublicCompanions = serde_json::from_value(raw).unwrap();
    // Sunday: the last school day first, only Monday to Friday, over thirty days.
    assert_eq!(meals.days[0].day, day("2026-11-27"));
    assert!(meals.days.iter().all(|d| d.day.weekday() < 5 && d.day > day("2026-10-30")));
    assert_eq!(meals.days.len(), 20, "2 to 27 November");
    assert_eq!((meals.with_record, meals.meals), (20, 20), "lc-dcf-0012 records every lunch");
    let wednesday = meals.days.iter().find(|d| d.day == day("2026-11-25")).unwrap();
    assert_eq!(wednesday.meals[0].1.len(), 2, "a parents' representative ate too");

    // lc-lq-0003 missed its last school day's: shown as a lunch without a record.
    let missed: PublicCompanions = serde_json::from_value(s.json("/api/units/lc-lq-0003/school/meals", 200).await).unwrap();
    assert_eq!(missed.days[0].day, day("2026-11-27"));
    assert_eq!(missed.days[0].meals, vec![(Meal::Lunch, vec![])]);
    assert!(missed.with_record < missed.meals);
}

#[tokio::test]
async fn the_owner_publishes_a_menu_whose_check_parents_then_read() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", SCHOOL, "DEMO-0012").await;
    let dishes = |veg: &[&str]| {
        let mut d = vec![json!({ "name": " 米饭 ", "kind": "staple" }), json!({ "name": "红烧鸡块", "kind": "protein" })];
        d.extend(veg.iter().map(|v| json!({ "name": v, "kind": { "vegetable": { "dark": true } } })));
        d.push(json!({ "name": "学生奶", "kind": { "milk": { "grams": 200 } } }));
        d
    };
    let good = json!({ "meals": [
        { "day": "2026-12-01", "meal": "lunch", "dishes": dishes(&["菠菜", "西兰花", "胡萝卜"]) },
        { "day": "2026-11-30", "meal": "lunch", "dishes": dishes(&["菠菜"]) },
    ] });
    let (status, body) = call(&s, &me, Method::PUT, "/owner/school/menu/2026-11-30", Some(good.clone())).await;
    assert_eq!(status, 200, "{body}");
    let answered: PublicMenu = serde_json::from_value(body).unwrap();
    assert_eq!(answered.meals.iter().map(|m| m.meal.day).collect::<Vec<_>>(), vec![day("2026-11-30"), day("2026-12-01")], "by day");
    assert_eq!(answered.meals[0].meal.dishes[0].name, "米饭", "names are trimmed");
    // Sent again, the same menu: nothing else changes.
    assert_eq!(call(&s, &me, Method::PUT, "/owner/school/menu/2026-11-30", Some(good)).await.0, 200);
    let public: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/menu?week=2026-12-03"), 200).await).unwrap();
    assert!(public.published_ms.is_some());
    assert_eq!(public.fine_days, vec![day("2026-12-01")]);
    assert_eq!(public.notes, vec![NutritionNote::FewVegetables { day: day("2026-11-30"), kinds: 1 }]);
    assert_eq!(public.weeks[0], day("2026-11-30"));

    // Refused, naming what is wrong.
    let meal = |d: &str, dishes: Vec<Value>| json!({ "meals": [{ "day": d, "meal": "lunch", "dishes": dishes }] });
    let cases: Vec<(&str, Value, &str)> = vec![
        ("2026-12-01", meal("2026-12-01", dishes(&["菠菜"])), "not_monday"),
        ("2026-11-16", meal("2026-11-16", dishes(&["菠菜"])), "week_past"),
        ("2027-01-04", meal("2027-01-04", dishes(&["菠菜"])), "week_too_far"),
        ("2026-11-30", json!({ "meals": [] }), "no_meals"),
        ("2026-11-30", meal("2026-12-07", dishes(&["菠菜"])), "day_outside_week"),
        ("2026-11-30", meal("2026-11-30", vec![]), "meal_empty"),
        ("2026-11-30", meal("2026-11-30", vec![json!({ "name": "菠菜", "kind": "other" }); 13]), "too_many_dishes"),
        ("2026-11-30", meal("2026-11-30", vec![json!({ "name": "  ", "kind": "other" })]), "dish_name_missing"),
        ("2026-11-30", meal("2026-11-30", vec![json!({ "name": "菜".repeat(41), "kind": "other" })]), "dish_name_too_long"),
    ];
    for (week, body, field) in cases {
        let (status, answer) = call(&s, &me, Method::PUT, &format!("/owner/school/menu/{week}"), Some(body)).await;
        assert_eq!(status, 422, "{field}: {answer}");
        assert!(fields(&answer).contains(&field.to_owned()), "{field}: {answer}");
    }
    let twice = json!({ "meals": [{ "day": "2026-11-30", "meal": "lunch", "dishes": dishes(&[]) }, { "day": "2026-11-30", "meal": "lunch", "dishes": dishes(&[]) }] });
    assert_eq!(fields(&call(&s, &me, Method::PUT, "/owner/school/menu/2026-11-30", Some(twice)).await.1), vec!["meal_twice"]);
    assert_eq!(call(&s, &me, Method::PUT, "/owner/school/menu/monday", Some(json!({ "meals": [] }))).await.0, 400);
    assert_eq!(call(&s, &me, Method::PUT, "/owner/school/menu/2026-11-30", Some(json!({ "dishes": [] }))).await.0, 422, "not a menu");
    // The refused menus changed nothing.
    let after: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/menu?week=2026-11-30"), 200).await).unwrap();
    assert_eq!(after.meals, public.meals);

    // An owner whose unit is not a school canteen.
    let other = owner(&s, "restaurant", "lc-dcf-0043", "DEMO-0043").await;
    let (status, body) = call(&s, &other, Method::PUT, "/owner/school/menu/2026-11-30", Some(json!({ "meals": [] }))).await;
    assert_eq!(status, 404, "{body}");
    assert_error(&body, "not_found");
}

#[tokio::test]
async fn a_dish_photo_is_of_the_day_it_was_taken_and_sent_once() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", SCHOOL, "DEMO-0012").await;
    let photo = upload(&s).await;
    // Friday's lunch, photographed on Friday (the clock is Sunday noon).
    let friday =
        json!({ "client_id": "p-1", "day": "2026-11-27", "meal": "lunch", "dish": "红烧鸡块 ", "photo": photo.id, "taken_ms": at("2026-11-27", 12) });
    let (status, first) = call(&s, &me, Method::POST, "/owner/school/photos", Some(friday.clone())).await;
    assert_eq!(status, 201, "{first}");
    let stored: DishPhoto = serde_json::from_value(first.clone()).unwrap();
    assert_eq!((stored.dish.as_str(), stored.demo), ("红烧鸡块", false));
    // An outbox's repeat: the same answer; the same client id for something else: a conflict.
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/photos", Some(friday.clone())).await, (201, first));
    let mut other = friday.clone();
    other["dish"] = json!("清炒菠菜");
    let (status, body) = call(&s, &me, Method::POST, "/owner/school/photos", Some(other)).await;
    assert_eq!((status, fields(&body)), (409, vec!["client_id".to_owned()]));
    let menu: PublicMenu = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/menu"), 200).await).unwrap();
    let friday_lunch = menu.meals.iter().find(|m| m.meal.day == day("2026-11-27")).unwrap();
    assert!(friday_lunch.photos.iter().any(|p| p.photo == photo.id && !p.demo));

    // Refused: taken another day than the one it is sent for, in the future, without a dish.
    let second = upload(&s).await;
    let send = |client_id: &str, d: &str, taken_ms: i64, dish: &str, photo: &str| json!({ "client_id": client_id, "day": d, "meal": "lunch", "dish": dish, "photo": photo, "taken_ms": taken_ms });
    let cases = [
        (send("p-2", "2026-11-29", at("2026-11-27", 12), "米饭", &second.id), "taken_on_another_day"),
        (send("p-2", "2026-11-27", at("2026-11-29", 11), "米饭", &second.id), "taken_on_another_day"),
        (send("p-2", "2026-11-29", s.now_ms() + 3_600_000, "米饭", &second.id), "taken_in_future"),
        (send("p-2", "2026-11-29", s.now_ms(), " ", &second.id), "dish_name_missing"),
    ];
    for (body, field) in cases {
        let (status, answer) = call(&s, &me, Method::POST, "/owner/school/photos", Some(body)).await;
        assert_eq!((status, fields(&answer)), (422, vec![field.to_owned()]), "{answer}");
    }
    // A photo nobody uploaded, or one already shown (here: the first), is not this photo's.
    for used in ["0123456789abcdef0123456789abcdef", photo.id.as_str()] {
        let (status, answer) = call(&s, &me, Method::POST, "/owner/school/photos", Some(send("p-3", "2026-11-29", s.now_ms(), "米饭", used))).await;
        assert_eq!(status, 400, "{answer}");
        assert_error(&answer, "unknown_photo");
    }
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/photos", Some(send("", "2026-11-29", s.now_ms(), "米饭", &second.id))).await.0, 400);

    // Today's photo is in the owner's overview; Sunday has no menu, so parents see no meal to show it with.
    let (status, body) = call(&s, &me, Method::POST, "/owner/school/photos", Some(send("p-4", "2026-11-29", s.now_ms(), "米饭", &second.id))).await;
    assert_eq!(status, 201, "{body}");
    let overview: OwnerSchool = serde_json::from_value(call(&s, &me, Method::GET, "/owner/school", None).await.1).unwrap();
    assert_eq!(overview.photos_today.iter().map(|(meal, p)| (*meal, p.photo.as_str())).collect::<Vec<_>>(), vec![(Meal::Lunch, second.id.as_str())]);

    // A photo stored for a day it was not taken on (as an old client might have) is never shown as that day's.
    let third = upload(&s).await;
    let wrong = NewDishPhoto {
        client_id: "old-client",
        day: day("2026-11-26"),
        meal: Meal::Lunch,
        dish: "红烧鸡块",
        photo: &third.id,
        taken_ms: at("2026-11-25", 12),
        demo: false,
        entered_ms: s.now_ms(),
    };
    s.store.add_dish_photo(SCHOOL, &wrong).await.unwrap();
    let menu = s.json(&format!("/api/units/{SCHOOL}/school/menu"), 200).await;
    assert!(!menu.to_string().contains(&third.id));

    // Not a school canteen's owner.
    let restaurant = owner(&s, "restaurant", "lc-dcf-0043", "DEMO-0043").await;
    let third_send = send("p-5", "2026-11-29", s.now_ms(), "米饭", &third.id);
    assert_eq!(call(&s, &restaurant, Method::POST, "/owner/school/photos", Some(third_send)).await.0, 404);
    assert_eq!(call(&s, &restaurant, Method::GET, "/owner/school", None).await.0, 404);
}

#[tokio::test]
async fn a_陪餐_record_is_checked_kept_once_and_shown_by_role() {
    let s = TestServer::start().await;
    let me = owner(&s, "owner", SCHOOL, "DEMO-0012").await;
    let record = |client_id: &str, d: &str, taste: u8, note: &str| {
        json!({ "client_id": client_id, "record": { "day": d, "meal": "lunch", "role": "parent_representative",
            "scores": { "taste": taste, "quantity": 4, "temperature": 4, "hygiene": 5 }, "note": note } })
    };
    // A Saturday lunch (a make-up school day) and today's.
    let (status, first) = call(&s, &me, Method::POST, "/owner/school/companions", Some(record("c-1", "2026-11-28", 4, " 米饭偏硬 "))).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["note"], "米饭偏硬");
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/companions", Some(record("c-1", "2026-11-28", 4, "米饭偏硬"))).await, (201, first));
    let (status, body) = call(&s, &me, Method::POST, "/owner/school/companions", Some(record("c-1", "2026-11-28", 5, "米饭偏硬"))).await;
    assert_eq!((status, fields(&body)), (409, vec!["client_id".to_owned()]));
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/companions", Some(record("c-2", "2026-11-29", 5, ""))).await.0, 201);

    for (body, field) in [
        (record("c-3", "2026-11-29", 0, ""), "score_out_of_range"),
        (record("c-3", "2026-11-29", 6, ""), "score_out_of_range"),
        (record("c-3", "2026-11-30", 5, ""), "in_future"),
        (record("c-3", "2026-11-29", 5, &"长".repeat(501)), "note_too_long"),
    ] {
        let (status, answer) = call(&s, &me, Method::POST, "/owner/school/companions", Some(body)).await;
        assert_eq!((status, fields(&answer)), (422, vec![field.to_owned()]), "{answer}");
    }
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/companions", Some(record(" ", "2026-11-29", 5, ""))).await.0, 400);
    let unknown_role = json!({ "client_id": "c-4", "record": { "day": "2026-11-29", "meal": "lunch", "role": "pupil",
        "scores": { "taste": 5, "quantity": 5, "temperature": 5, "hygiene": 5 } } });
    assert_eq!(call(&s, &me, Method::POST, "/owner/school/companions", Some(unknown_role)).await.0, 422, "never a pupil");

    let meals: PublicCompanions = serde_json::from_value(s.json(&format!("/api/units/{SCHOOL}/school/meals"), 200).await).unwrap();
    assert_eq!(meals.days.iter().take(3).map(|d| d.day).collect::<Vec<_>>(), vec![day("2026-11-29"), day("2026-11-28"), day("2026-11-27")]);
    assert_eq!(meals.days[1].meals[0].1[0].note, "米饭偏硬");
    assert_eq!((meals.with_record, meals.meals), (22, 22), "and Saturday's and today's");
    let overview: OwnerSchool = serde_json::from_value(call(&s, &me, Method::GET, "/owner/school", None).await.1).unwrap();
    assert_eq!(overview.companions[0].day, day("2026-11-29"), "newest first");
    assert!(overview.companions.iter().all(|c| c.day > day("2026-11-22")));
    assert_eq!(overview.menus.iter().map(|(w, _)| *w).collect::<Vec<_>>(), vec![day("2026-11-16"), day("2026-11-23"), day("2026-11-30")]);
    assert!(!overview.menus[1].1.is_empty() && overview.menus[2].1.is_empty());
    assert_eq!(overview.this_week, day("2026-11-23"));
    // The term's accounts and survey come from the school's fees and survey (the demo's: published, open).
    assert!(overview.accounts.is_some_and(|a| a.accounts.term == Term::of(day("2026-11-29"))));
    assert!(overview.survey.is_some_and(|s| s.state == SurveyState::Open && s.results.is_none()));
}

#[tokio::test]
async fn the_regulator_lists_the_region_s_school_canteens_that_let_something_lapse_most_overdue_first() {
    let s = TestServer::start().await;
    let city = regulator(&s, "liaocheng").await;
    let (status, body) = call(&s, &city, Method::GET, "/regulator/school", None).await;
    assert_eq!(status, 200, "{body}");
    let lapses: SchoolLapses = serde_json::from_value(body).unwrap();
    assert_eq!(lapses.today, day("2026-11-29"));
    let codes: Vec<&str> = lapses.units.iter().map(|u| u.code.as_str()).collect();
    assert!(!codes.contains(&SCHOOL), "lc-dcf-0012 keeps everything: {codes:?}");
    assert!(lapses.units.windows(2).all(|w| w[0].overdue_days >= w[1].overdue_days), "most overdue first");
    let no_menu = lapses.units.iter().find(|u| u.code == "lc-gxq-0005").expect("this week's menu missing");
    assert!(no_menu.menu_missing);
    assert!(no_menu.overdue_days >= 6, "open since Monday");
    let missed = lapses.units.iter().find(|u| u.code == "lc-lq-0003").expect("lunch without 陪餐");
    assert!(missed.meals_without_companion.contains(&day("2026-11-27")));
    assert!(missed.meals_without_companion.iter().all(|d| d.weekday() < 5 && *d >= day("2026-11-22") && *d < lapses.today));
    assert_eq!(missed.overdue_days, missed.meals_without_companion[0].days_until(lapses.today) as u32);
    for u in &lapses.units {
        assert!(u.menu_missing || !u.meals_without_companion.is_empty() || u.survey_not_held || u.survey_not_answered, "{u:?}");
    }

    // Once recorded, the lunch is no longer missing; a station sees only its own region's.
    let station = regulator(&s, "gulou").await;
    let own: SchoolLapses = serde_json::from_value(call(&s, &station, Method::GET, "/regulator/school", None).await.1).unwrap();
    assert!(own.units.iter().all(|u| u.region == "371502-01"), "{:?}", own.units);
    assert!(own.units.len() < lapses.units.len());
    let me = owner(&s, "owner", SCHOOL, "DEMO-0012").await;
    assert_eq!(call(&s, &me, Method::GET, "/regulator/school", None).await.0, 403);
    // The session says whose unit has parents' pages (the owner's bar links them only then).
    assert_eq!(call(&s, &me, Method::GET, "/session", None).await.1["account"]["school"], true);
    let restaurant = owner(&s, "restaurant", "lc-dcf-0043", "demo 0043").await;
    assert_eq!(call(&s, &restaurant, Method::GET, "/session", None).await.1["account"]["school"], false);
}
