//! STAND-INS, to be deleted at merge: `school_meals` stands in until school-server is merged, and
//! `school_terms` until school-terms is merged (their functions' signatures are the brief's). They answer
//! with demo-like data made up on the spot, for any school or kindergarten canteen, so that the parents'
//! pages can be painted and looked at; `None` for an unknown unit or another kind, as the real ones.

use mingchu_types::school::for_parents;

use super::ApiError;
use crate::AppState;

/// Whether `code` is a school or kindergarten canteen.
async fn for_parents_unit(state: &AppState, code: &str) -> Result<bool, ApiError> {
    Ok(state.store.unit(code).await?.is_some_and(|u| for_parents(u.unit.kind)))
}

/// stand-in until school-server is merged
pub mod school_meals {
    use mingchu_types::kitchen::{Meal, PublicSupplier};
    use mingchu_types::school::{
        check_week, CompanionDay, CompanionRole, Dish, DishKind, DishPhoto, MenuMeal, PublicCompanion, PublicCompanions, PublicMenu, PublicMenuMeal,
        SchoolRules, Scores,
    };
    use mingchu_types::{Day, CHINA_UTC_OFFSET_SECS};

    use super::{for_parents_unit, ApiError, AppState};

    fn monday(day: Day) -> Day {
        day.add_days(-(day.weekday() as i32))
    }

    fn at(day: Day, hour: i64, minute: i64) -> i64 {
        day.start_ms(CHINA_UTC_OFFSET_SECS) + (hour * 60 + minute) * 60_000
    }

    pub async fn public_menu(state: &AppState, code: &str, week: Option<Day>) -> Result<Option<PublicMenu>, ApiError> {
        if !for_parents_unit(state, code).await? {
            return Ok(None);
        }
        let today = state.clock.today();
        let this = monday(today);
        let week = monday(week.unwrap_or(today));
        let weeks: Vec<Day> = (0..3).map(|i| this.add_days(-7 * i)).collect();
        let name = state.store.unit(code).await?.map(|u| u.unit.name).unwrap_or_default();
        if !weeks.contains(&week) {
            return Ok(Some(PublicMenu {
                code: code.into(),
                unit_name: name,
                week,
                published_ms: None,
                meals: vec![],
                fine_days: vec![],
                notes: vec![],
                suppliers: vec![],
                weeks,
            }));
        }
        let d = |name: &str, kind| Dish { name: name.into(), kind };
        let veg = |name: &str, dark| Dish { name: name.into(), kind: DishKind::Vegetable { dark } };
        let lunches = [
            vec![
                d("米饭", DishKind::Staple),
                d("红烧鸡块", DishKind::Protein),
                veg("清炒菠菜", true),
                veg("醋溜白菜", false),
                veg("番茄炒蛋", true),
                d("紫菜蛋花汤", DishKind::Soup),
            ],
            vec![d("米饭", DishKind::Staple), d("土豆烧牛肉", DishKind::Protein), veg("蒜蓉西兰花", true), d("冬瓜汤", DishKind::Soup)],
            vec![
                d("馒头", DishKind::Staple),
                d("清蒸鱼", DishKind::Protein),
                veg("胡萝卜炒木耳", true),
                veg("炒油麦菜", true),
                veg("醋溜土豆丝", false),
            ],
            vec![
                d("米饭", DishKind::Staple),
                d("肉末豆腐", DishKind::Protein),
                veg("清炒菜心", true),
                veg("炒豆芽", false),
                veg("南瓜", true),
                d("苹果", DishKind::Fruit),
            ],
            vec![d("炸酱面", DishKind::Staple), d("卤鸡蛋", DishKind::Protein), veg("黄瓜丝", false), veg("凉拌菠菜", true), veg("炒白菜", false)],
        ];
        let mut meals = vec![];
        for (i, lunch) in lunches.into_iter().enumerate() {
            let day = week.add_days(i as i32);
            let breakfast =
                vec![d("牛奶", DishKind::Milk { grams: if i == 1 { 0 } else { 200 } }), d("鸡蛋", DishKind::Protein), d("花卷", DishKind::Staple)]
                    .into_iter()
                    .filter(|dish| dish.kind != DishKind::Milk { grams: 0 })
                    .collect();
            let photos = if day <= today {
                vec![
                    DishPhoto { dish: lunch[1].name.clone(), photo: format!("demo-dish-{day}-1"), taken_ms: at(day, 11, 52), demo: true },
                    DishPhoto { dish: lunch[2].name.clone(), photo: format!("demo-dish-{day}-2"), taken_ms: at(day, 11, 54), demo: true },
                ]
            } else {
                vec![]
            };
            meals.push(PublicMenuMeal { meal: MenuMeal { day, meal: Meal::Breakfast, dishes: breakfast }, photos: vec![] });
            meals.push(PublicMenuMeal { meal: MenuMeal { day, meal: Meal::Lunch, dishes: lunch }, photos });
        }
        let plain: Vec<MenuMeal> = meals.iter().map(|m| m.meal.clone()).collect();
        let (fine_days, notes) = check_week(&plain, &SchoolRules::national());
        Ok(Some(PublicMenu {
            code: code.into(),
            unit_name: name,
            week,
            published_ms: Some(at(week.add_days(-1), 18, 30)),
            meals,
            fine_days,
            notes,
            suppliers: vec![
                PublicSupplier { name: "聊城市鲜达肉类有限公司".into(), licence: "JY13715020000123".into() },
                PublicSupplier { name: "东昌府区绿源蔬菜配送中心".into(), licence: "JY13715020000456".into() },
            ],
            weeks,
        }))
    }

    pub async fn public_companions(state: &AppState, code: &str) -> Result<Option<PublicCompanions>, ApiError> {
        if !for_parents_unit(state, code).await? {
            return Ok(None);
        }
        let today = state.clock.today();
        let name = state.store.unit(code).await?.map(|u| u.unit.name).unwrap_or_default();
        let roles = [CompanionRole::Principal, CompanionRole::VicePrincipal, CompanionRole::TeacherOnDuty, CompanionRole::ParentRepresentative];
        let notes = ["", "米饭偏硬，已和厨师说", "菜量足，孩子们都吃完了", "汤有点凉"];
        let (mut days, mut with_record, mut all) = (vec![], 0, 0);
        for back in 0..30 {
            let day = today.add_days(-back);
            if day.weekday() >= 5 {
                continue;
            }
            let n = back as usize;
            let record = |k: usize| PublicCompanion {
                role: roles[(n + k) % 4],
                scores: Scores { taste: 4 + (n % 2) as u8, quantity: 5, temperature: 3 + (n % 3) as u8, hygiene: 5 },
                note: notes[(n + k) % 4].into(),
                entered_ms: at(day, 12, 40),
            };
            let lunch = match n % 7 {
                3 => vec![],
                5 => vec![record(0), record(3)],
                _ => vec![record(0)],
            };
            let breakfast = if n.is_multiple_of(4) { vec![record(1)] } else { vec![] };
            all += 2;
            with_record += u32::from(!lunch.is_empty()) + u32::from(!breakfast.is_empty());
            days.push(CompanionDay { day, meals: vec![(Meal::Breakfast, breakfast), (Meal::Lunch, lunch)] });
        }
        Ok(Some(PublicCompanions { code: code.into(), unit_name: name, days, with_record, meals: all }))
    }
}

/// stand-in until school-terms is merged
pub mod school_terms {
    use axum::http::HeaderMap;
    use mingchu_types::school::{
        FeePer, PublicFees, PublicSurvey, PublishedAccounts, SchoolRules, SurveyAnswer, SurveyResults, SurveyWindow, Term, TermAccounts,
    };
    use mingchu_types::CHINA_UTC_OFFSET_SECS;

    use super::{for_parents_unit, ApiError, AppState};

    fn previous(term: Term) -> Term {
        if term.autumn {
            Term { year: term.year, autumn: false }
        } else {
            Term { year: term.year - 1, autumn: true }
        }
    }

    pub async fn public_fees(state: &AppState, code: &str) -> Result<Option<PublicFees>, ApiError> {
        if !for_parents_unit(state, code).await? {
            return Ok(None);
        }
        let term = Term::of(state.clock.today());
        let name = state.store.unit(code).await?.map(|u| u.unit.name).unwrap_or_default();
        let accounts = |term: Term, income: u64, ingredients: u64, note: &str| PublishedAccounts {
            accounts: TermAccounts {
                term,
                fee_fen: 1_200,
                fee_per: FeePer::Day,
                income_fen: income * 100,
                ingredients_fen: ingredients * 100,
                staff_fen: 215_000 * 100,
                other_fen: 38_400 * 100,
            },
            note: note.into(),
            published_ms: term.days().0.add_days(60).start_ms(CHINA_UTC_OFFSET_SECS),
        };
        Ok(Some(PublicFees {
            code: code.into(),
            unit_name: name,
            term,
            terms: vec![
                accounts(term, 1_026_000, 742_300, "本学期区财政每生每天补助 3 元，已计入收入。伙食费专款专用，结余滚入下学期。"),
                accounts(previous(term), 968_000, 731_900, "燃气涨价，其他支出比上学期多；差额由学校公用经费补足。"),
            ],
        }))
    }

    pub async fn public_survey(state: &AppState, _headers: &HeaderMap, code: &str) -> Result<Option<PublicSurvey>, ApiError> {
        if !for_parents_unit(state, code).await? {
            return Ok(None);
        }
        let today = state.clock.today();
        let term = Term::of(today);
        let name = state.store.unit(code).await?.map(|u| u.unit.name).unwrap_or_default();
        let rules = SchoolRules::national();
        let answers: Vec<SurveyAnswer> = (0..46u32)
            .map(|i| SurveyAnswer {
                scores: [5 - (i % 3 == 0) as u8, 4 + (i % 2) as u8, 3 + (i % 3) as u8, 5, 2 + (i % 4) as u8],
                text: String::new(),
            })
            .collect();
        let last = previous(term);
        let (first, _) = last.days();
        let past = PublicSurvey {
            code: code.into(),
            unit_name: name.clone(),
            term: last,
            window: Some(SurveyWindow { term: last, opens: first.add_days(100), closes: first.add_days(114) }),
            state: Some(mingchu_types::school::SurveyState::Closed),
            results: Some(SurveyResults::of(&answers, &rules)),
            texts: vec![
                "希望多一些粗粮，孩子喜欢玉米饭。".into(),
                "菜量够，就是周三的菜有点咸。".into(),
                "价格有点高，希望公开每周的采购价。".into(),
            ],
            response: Some("已请营养师调整周三菜谱的用盐；每周增加一次杂粮饭；采购价格将随伙食费公示一并公布。".into()),
            answered: false,
            previous: None,
        };
        let window = SurveyWindow { term, opens: today.add_days(-3), closes: today.add_days(10) };
        Ok(Some(PublicSurvey {
            code: code.into(),
            unit_name: name,
            term,
            window: Some(window),
            state: Some(window.state(today)),
            results: None,
            texts: vec![],
            response: None,
            answered: false,
            previous: Some(Box::new(past)),
        }))
    }
}
