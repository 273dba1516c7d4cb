//! A school canteen's own entries for parents — the week's menu, the day's dish photos, 陪餐 records
//! (each photo and record idempotent by the app's `client_id`, so an outbox may send it again) and its
//! overview — and the regulator's list of the region's school canteens that have let something lapse.
//! An owner whose unit is not a school or kindergarten canteen gets a 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use mingchu_types::kitchen::Meal;
use mingchu_types::school::{
    companion_problems, dish_photo_problems, menu_problems, monday_of, CompanionInput, CompanionMeal, DishPhoto, DishPhotoInput, MenuWeekInput,
    OwnerSchool, PublicMenu, SchoolLapse, SchoolLapses, Term,
};
use mingchu_types::{Day, ErrorCode};

use super::session::{Owner, Regulator};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::http::school::{not_a_school, rules, school_unit};
use crate::http::school_meals::{public_menu, sorted};
use crate::http::school_terms::{owner_terms, survey_lapses};
use crate::http::writes::client_id;
use crate::http::writes::unknown_photo;
use crate::store::staff::OwnerUnit;
use crate::store::{NewDishPhoto, SchoolActivity, SchoolWrite};
use crate::AppState;

/// The days the regulator's list looks back over for lunches without 陪餐 (today's lunch is still to be
/// recorded: the list looks at the days before it).
const LAPSE_DAYS: i32 = 7;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/owner/school", get(owner_school))
        .route("/owner/school/menu/{week}", put(put_menu))
        .route("/owner/school/photos", post(add_photo))
        .route("/owner/school/companions", post(add_companion))
        .route("/regulator/school", get(lapses))
}

/// The owner's unit, when it is a school or kindergarten canteen.
async fn school_of(state: &AppState, owner: &OwnerUnit) -> Result<(), ApiError> {
    school_unit(state, &owner.code).await?.map(|_| ()).ok_or_else(|| not_a_school(&owner.code))
}

fn client_id_reused() -> ApiError {
    ApiError::conflict("this client_id was used for another entry").on_field("client_id")
}

/// `PUT /api/staff/owner/school/menu/{week}`: the week's whole menu (its Monday in the path), replacing
/// what was published; answered with the week as parents now see it.
async fn put_menu(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Path(week): Path<String>,
    Json(input): Json<MenuWeekInput>,
) -> Result<Json<PublicMenu>, ApiError> {
    let week: Day = week.parse().map_err(|_| ApiError::bad_request(format!("{week:?} is not a day: YYYY-MM-DD")).on_field("week"))?;
    school_of(&state, &owner).await?;
    ApiError::check_fields(ErrorCode::InvalidRecord, &menu_problems(week, &input.meals, state.clock.today(), rules()))?;
    let mut meals = sorted(&input.meals);
    for dish in meals.iter_mut().flat_map(|m| m.dishes.iter_mut()) {
        dish.name = dish.name.trim().to_owned();
    }
    if !state.store.put_menu(&owner.code, week, &meals, state.clock.now_ms()).await? {
        return Err(not_a_school(&owner.code));
    }
    public_menu(&state, &owner.code, Some(week)).await?.map(Json).ok_or_else(|| not_a_school(&owner.code))
}

/// `POST /api/staff/owner/school/photos`: a photo of a dish served on `day` (uploaded first through
/// `POST /api/photos`), taken that China day. 201; the same `client_id` again gives the same answer.
async fn add_photo(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Json(input): Json<DishPhotoInput>,
) -> Result<(StatusCode, Json<DishPhoto>), ApiError> {
    let id = client_id(&input.client_id)?;
    school_of(&state, &owner).await?;
    let now = state.clock.now_ms();
    ApiError::check_fields(ErrorCode::InvalidRecord, &dish_photo_problems(input.day, &input.dish, input.taken_ms, now))?;
    let (dish, photo) = (input.dish.trim(), input.photo.trim());
    let new = NewDishPhoto { client_id: id, day: input.day, meal: input.meal, dish, photo, taken_ms: input.taken_ms, demo: false, entered_ms: now };
    let stored = match state.store.add_dish_photo(&owner.code, &new).await? {
        SchoolWrite::Done(stored) => stored,
        SchoolWrite::Repeat(stored)
            if (stored.day, stored.meal, stored.photo.dish.as_str(), stored.photo.photo.as_str(), stored.photo.taken_ms)
                == (input.day, input.meal, dish, photo, input.taken_ms) =>
        {
            stored
        }
        SchoolWrite::Repeat(_) => return Err(client_id_reused()),
        SchoolWrite::UnknownPhoto => return Err(unknown_photo().on_field("photo")),
        SchoolWrite::UnknownUnit => return Err(not_a_school(&owner.code)),
    };
    Ok((StatusCode::CREATED, Json(stored.photo)))
}

/// `POST /api/staff/owner/school/companions`: a 陪餐 record. 201; the same `client_id` again gives the
/// same answer.
async fn add_companion(
    State(state): State<AppState>,
    Owner(owner): Owner,
    Json(input): Json<CompanionInput>,
) -> Result<(StatusCode, Json<CompanionMeal>), ApiError> {
    let id = client_id(&input.client_id)?;
    school_of(&state, &owner).await?;
    ApiError::check_fields(ErrorCode::InvalidRecord, &companion_problems(&input.record, state.clock.today(), rules()))?;
    let record = CompanionMeal { note: input.record.note.trim().to_owned(), ..input.record };
    let stored = match state.store.add_companion(&owner.code, id, &record, state.clock.now_ms()).await? {
        SchoolWrite::Done(stored) => stored,
        SchoolWrite::Repeat(stored) if stored.record == record => stored,
        SchoolWrite::Repeat(_) => return Err(client_id_reused()),
        SchoolWrite::UnknownUnit | SchoolWrite::UnknownPhoto => return Err(not_a_school(&owner.code)),
    };
    Ok((StatusCode::CREATED, Json(stored.record)))
}

/// `GET /api/staff/owner/school`: last, this and next week's menus as entered, today's dish photos, the
/// last seven days' 陪餐, and the term's accounts and survey.
async fn owner_school(State(state): State<AppState>, Owner(owner): Owner) -> Result<Json<OwnerSchool>, ApiError> {
    school_of(&state, &owner).await?;
    let today = state.clock.today();
    let this_week = monday_of(today);
    let (last_week, next_week) = (this_week.add_days(-7), this_week.add_days(7));
    let code = owner.code.as_str();
    let store = &state.store;
    let (stored, photos, companions, (accounts, survey)) = tokio::try_join!(
        async { Ok::<_, ApiError>(store.menus(code, last_week, next_week).await?) },
        async { Ok(store.dish_photos(code, today, today).await?) },
        async { Ok(store.companions(code, today.add_days(1 - LAPSE_DAYS), today).await?) },
        owner_terms(&state, code, today),
    )?;
    let menus = [last_week, this_week, next_week]
        .into_iter()
        .map(|week| (week, stored.iter().find(|m| m.week == week).map(|m| m.meals.clone()).unwrap_or_default()))
        .collect();
    let photos_today: Vec<(Meal, DishPhoto)> =
        photos.into_iter().filter(|p| mingchu_types::kitchen::day_of(p.photo.taken_ms) == p.day).map(|p| (p.meal, p.photo)).collect();
    Ok(Json(OwnerSchool {
        today,
        term: Term::of(today),
        this_week,
        menus,
        photos_today,
        companions: companions.into_iter().map(|c| c.record).collect(),
        accounts,
        survey,
    }))
}

/// `GET /api/staff/regulator/school`: the region's school and kindergarten canteens with a lapse, most
/// overdue first.
async fn lapses(State(state): State<AppState>, Regulator(me): Regulator) -> Result<Json<SchoolLapses>, ApiError> {
    let today = state.clock.today();
    let activity = state.store.school_activity(&me.scope, today.add_days(-LAPSE_DAYS), today.add_days(-1), monday_of(today)).await?;
    let codes: Vec<String> = activity.iter().map(|a| a.code.clone()).collect();
    let surveys = survey_lapses(&state, &codes, today).await?;
    let mut units: Vec<SchoolLapse> = activity
        .into_iter()
        .filter_map(|a| {
            let survey = surveys.get(&a.code).copied().unwrap_or_default();
            lapse(a, survey, today)
        })
        .collect();
    units.sort_by(|a, b| b.overdue_days.cmp(&a.overdue_days).then_with(|| a.code.cmp(&b.code)));
    Ok(Json(SchoolLapses { today, units }))
}

/// A school canteen's lapses as of `today`, `None` when it has none. Its `overdue_days` are how long the
/// oldest lapse has been open: days since the oldest school day (Monday to Friday) of the last
/// [`LAPSE_DAYS`] before today whose lunch has no 陪餐 record, or, when this week's menu is missing, days
/// since this week's Monday (by which it was due), whichever is more. A survey not held or not answered
/// is due by the term's end, so it lists the unit but adds no days: those units come last.
fn lapse(a: SchoolActivity, (survey_not_held, survey_not_answered): (bool, bool), today: Day) -> Option<SchoolLapse> {
    let missing: Vec<Day> =
        (1..=LAPSE_DAYS).rev().map(|back| today.add_days(-back)).filter(|d| d.weekday() < 5 && !a.lunch_days.contains(d)).collect();
    let menu_missing = !a.menu;
    if missing.is_empty() && !menu_missing && !survey_not_held && !survey_not_answered {
        return None;
    }
    let since_meal = missing.first().map(|d| d.days_until(today));
    let since_menu = menu_missing.then(|| monday_of(today).days_until(today));
    let overdue_days = since_meal.into_iter().chain(since_menu).max().unwrap_or(0).max(0) as u32;
    Some(SchoolLapse {
        code: a.code,
        unit_name: a.name,
        region: a.region,
        meals_without_companion: missing,
        menu_missing,
        survey_not_held,
        survey_not_answered,
        overdue_days,
    })
}
