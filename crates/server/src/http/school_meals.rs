//! School and kindergarten canteens to parents: the week's menu (with the photos of each dish taken the
//! day it was served, the nutrition check and the week's suppliers by name and licence) and the 陪餐 of
//! the last month. Another unit's answer is a 404. The painted pages call [`public_menu`] and
//! [`public_companions`] too.

use std::collections::BTreeSet;

use axum::extract::State;
use mingchu_types::kitchen::{day_of, Meal, PublicSupplier, RecordBody};
use mingchu_types::school::{
    check_week, monday_of, CompanionDay, MenuMeal, PublicCompanion, PublicCompanions, PublicMenu, PublicMenuMeal, COMPANION_DAYS, MENU_WEEKS_AHEAD,
    PUBLIC_WEEKS,
};
use mingchu_types::{Day, ErrorBody};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{Json, Path, Query};
use super::school::{not_a_school, rules, school_unit};
use crate::store::StoredMenu;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(menu)).routes(routes!(meals))
}

/// The weeks whose menus parents may read, as of `today`: [`PUBLIC_WEEKS`] back, [`MENU_WEEKS_AHEAD`] ahead.
pub(crate) fn public_weeks(today: Day) -> (Day, Day) {
    let this_week = monday_of(today);
    (this_week.add_days(-7 * PUBLIC_WEEKS as i32), this_week.add_days(7 * MENU_WEEKS_AHEAD))
}

#[derive(Debug, Default, Deserialize)]
pub struct MenuParams {
    week: Option<String>,
}

/// `GET /api/units/{code}/school/menu[?week=YYYY-MM-DD]` (the week holding that day; this week without).
#[utoipa::path(
    get,
    path = "/units/{code}/school/menu",
    tag = "school",
    summary = "A school canteen's menu of a week, with each dish's photos, the nutrition check and the suppliers",
    params(("code" = String, Path, description = "The unit's code"), ("week" = Option<Day>, Query, description = "A day of the week asked for (this week without)")),
    responses(
        (status = 200, description = "The week's menu", body = PublicMenu),
        (status = 400, description = "Not a day, or a week parents may not read", body = ErrorBody),
        (status = 404, description = "No school or kindergarten canteen with that code", body = ErrorBody),
    )
)]
async fn menu(State(state): State<AppState>, Path(code): Path<String>, Query(params): Query<MenuParams>) -> Result<Json<PublicMenu>, ApiError> {
    let week = match params.week.as_deref().filter(|w| !w.is_empty()) {
        None => None,
        Some(w) => Some(w.parse::<Day>().map_err(|_| ApiError::bad_request(format!("{w:?} is not a day: YYYY-MM-DD")).on_field("week"))?),
    };
    public_menu(&state, &code, week).await?.map(Json).ok_or_else(|| not_a_school(&code))
}

/// `GET /api/units/{code}/school/meals`.
#[utoipa::path(
    get,
    path = "/units/{code}/school/meals",
    tag = "school",
    summary = "The accompanied meals (陪餐) of a school canteen's last month",
    params(("code" = String, Path, description = "The unit's code")),
    responses(
        (status = 200, description = "The accompanied meals by day", body = PublicCompanions),
        (status = 404, description = "No school or kindergarten canteen with that code", body = ErrorBody),
    )
)]
async fn meals(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<PublicCompanions>, ApiError> {
    public_companions(&state, &code).await?.map(Json).ok_or_else(|| not_a_school(&code))
}

/// The week holding `week` (this week with `None`) as parents see it; `None` for an unknown unit or one
/// that is not a school canteen; a 400 for a week outside [`public_weeks`]. A photo is shown only for the
/// day it was taken on, and only once that day has come.
pub async fn public_menu(state: &AppState, code: &str, week: Option<Day>) -> Result<Option<PublicMenu>, ApiError> {
    let Some(unit) = school_unit(state, code).await? else { return Ok(None) };
    let today = state.clock.today();
    let (first, last) = public_weeks(today);
    let week = monday_of(week.unwrap_or(today));
    if week < first || week > last {
        return Err(ApiError::bad_request(format!("menus can be read for the weeks from {first} to {last}")).on_field("week"));
    }
    let sunday = week.add_days(6);
    let store = &state.store;
    let (menus, photos, records) =
        tokio::try_join!(store.menus(code, first, last), store.dish_photos(code, week, sunday), store.kitchen_records(code, week, sunday))?;
    let menu = menus.iter().find(|m| m.week == week);
    let photos: Vec<_> = photos.into_iter().filter(|p| day_of(p.photo.taken_ms) == p.day && p.day <= today).collect();
    let meals: Vec<MenuMeal> = menu.map(|m| sorted(&m.meals)).unwrap_or_default();
    let (fine_days, notes) = check_week(&meals, rules());
    let meals = meals
        .into_iter()
        .map(|meal| {
            let photos = photos.iter().filter(|p| p.day == meal.day && p.meal == meal.meal).map(|p| p.photo.clone()).collect();
            PublicMenuMeal { meal, photos }
        })
        .collect();
    // Name and licence only: never a contact, a price or a ticket.
    let suppliers: BTreeSet<(String, String)> = records
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Purchase(p) => Some((p.supplier.name.trim().to_owned(), p.supplier.licence.trim().to_owned())),
            _ => None,
        })
        .filter(|(name, _)| !name.is_empty())
        .collect();
    Ok(Some(PublicMenu {
        code: unit.unit.code,
        unit_name: unit.unit.name,
        week,
        published_ms: menu.map(|m| m.published_ms),
        meals,
        fine_days,
        notes,
        suppliers: suppliers.into_iter().map(|(name, licence)| PublicSupplier { name, licence }).collect(),
        weeks: menus.iter().map(|m| m.week).collect(),
    }))
}

/// A menu's meals by day, then by the meal's place in the day.
pub(crate) fn sorted(meals: &[MenuMeal]) -> Vec<MenuMeal> {
    let mut meals = meals.to_vec();
    meals.sort_by_key(|m| (m.day, m.meal));
    meals
}

/// The 陪餐 of the last [`COMPANION_DAYS`] days as parents see it; `None` for an unknown unit or one that
/// is not a school canteen. Each school day (Monday to Friday, and a weekend day the menu or a record
/// shows the school open) lists the meals its menu had (lunch when it had none) with their records, so a
/// meal without one shows as such; today lists only the meals already recorded, the others still to come.
pub async fn public_companions(state: &AppState, code: &str) -> Result<Option<PublicCompanions>, ApiError> {
    let Some(unit) = school_unit(state, code).await? else { return Ok(None) };
    let today = state.clock.today();
    let first = today.add_days(1 - COMPANION_DAYS as i32);
    let store = &state.store;
    let (menus, records) = tokio::try_join!(store.menus(code, monday_of(first), monday_of(today)), store.companions(code, first, today))?;
    let mut days = vec![];
    let (mut with_record, mut all) = (0, 0);
    for back in 0..COMPANION_DAYS as i32 {
        let day = today.add_days(-back);
        let of_day: Vec<_> = records.iter().filter(|r| r.record.day == day).collect();
        let mut meals: BTreeSet<Meal> = menu_meals(&menus, day);
        if meals.is_empty() && (day.weekday() < 5 || !of_day.is_empty()) {
            meals.insert(Meal::Lunch);
        }
        meals.extend(of_day.iter().map(|r| r.record.meal));
        if day == today {
            meals.retain(|m| of_day.iter().any(|r| r.record.meal == *m));
        }
        if meals.is_empty() {
            continue;
        }
        let meals: Vec<(Meal, Vec<PublicCompanion>)> = meals
            .into_iter()
            .map(|meal| {
                let eaten = of_day
                    .iter()
                    .filter(|r| r.record.meal == meal)
                    .map(|r| PublicCompanion { role: r.record.role, scores: r.record.scores, note: r.record.note.clone(), entered_ms: r.entered_ms })
                    .collect();
                (meal, eaten)
            })
            .collect();
        all += meals.len() as u32;
        with_record += meals.iter().filter(|(_, eaten)| !eaten.is_empty()).count() as u32;
        days.push(CompanionDay { day, meals });
    }
    Ok(Some(PublicCompanions { code: unit.unit.code, unit_name: unit.unit.name, days, with_record, meals: all }))
}

/// The meals the published menu has on `day`.
fn menu_meals(menus: &[StoredMenu], day: Day) -> BTreeSet<Meal> {
    menus
        .iter()
        .filter(|m| m.week == monday_of(day))
        .flat_map(|m| &m.meals)
        .filter(|m| m.day == day && !m.dishes.is_empty())
        .map(|m| m.meal)
        .collect()
}
