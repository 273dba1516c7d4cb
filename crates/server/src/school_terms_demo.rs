//! The demo's 伙食费公示 and surveys: every demo school and kindergarten canteen publishes its fee and the
//! accounts of this term (so far) and the last, the food share near seven tenths; last term's survey
//! closed with its answers, screened texts and the school's answer; this term's open now, with the
//! answers so far. Two units show a lapse for the regulator's list: `lc-lq-0003`'s survey of this term
//! closed without the school's answer, `lc-gxq-0005` set none. All worked out from the unit's code and the
//! day, so the same day lays out the same figures.
//!
//! Pupils never appear; the figures are invented but of a real county's order (a meal ¥9–15 a day).

use mingchu_types::school::{FeePer, SurveyAnswer, SurveyWindow, Term, TermAccounts};
use mingchu_types::{hold_reason, Day, CHINA_UTC_OFFSET_SECS};

use crate::http::school_terms::previous_term;
use crate::store::{NewAnswer, Store, StoreResult};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// What a demo unit's terms show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Both surveys held and answered; this term's open now.
    Keeps,
    /// This term's survey closed a few days ago, and the school has not answered it.
    Unanswered,
    /// No survey set this term (nor last).
    NoSurvey,
}

/// A demo canteen: its code, pupils, fee, how it is charged, what its spending is of its income (food,
/// staff, other, in permille), last term's answers, and its case.
struct DemoSchool {
    code: &'static str,
    pupils: u64,
    fee_fen: u64,
    fee_per: FeePer,
    spending_permille: (u64, u64, u64),
    answers: u32,
    case: Case,
    /// Said beside the accounts (a deficit must be explained).
    note: &'static str,
}

const SCHOOLS: &[DemoSchool] = &[
    DemoSchool {
        code: "lc-dcf-0012",
        pupils: 860,
        fee_fen: 1_200,
        fee_per: FeePer::Day,
        spending_permille: (705, 205, 65),
        answers: 124,
        case: Case::Keeps,
        note: "伙食费专款专用，结余滚入下学期伙食，不用于其他开支。",
    },
    DemoSchool {
        code: "lc-dcf-0027",
        pupils: 210,
        fee_fen: 1_500,
        fee_per: FeePer::Day,
        spending_permille: (700, 190, 75),
        answers: 118,
        case: Case::Keeps,
        note: "含每日上午、下午两次加餐。",
    },
    DemoSchool {
        code: "lc-lq-0003",
        pupils: 540,
        fee_fen: 1_000,
        fee_per: FeePer::Day,
        spending_permille: (690, 215, 80),
        answers: 86,
        case: Case::Unanswered,
        note: "",
    },
    DemoSchool {
        code: "lc-lq-0016",
        pupils: 150,
        fee_fen: 260_000,
        fee_per: FeePer::Term,
        spending_permille: (760, 230, 70),
        answers: 64,
        case: Case::Keeps,
        note: "支出超出伙食费部分由区教育局学前教育补助（每生每天2元）承担，不向家长另收。",
    },
    DemoSchool {
        code: "lc-gxq-0005",
        pupils: 320,
        fee_fen: 900,
        fee_per: FeePer::Day,
        spending_permille: (640, 240, 95),
        answers: 0,
        case: Case::NoSurvey,
        note: "",
    },
    DemoSchool {
        code: "lc-cp-0019",
        pupils: 180,
        fee_fen: 1_400,
        fee_per: FeePer::Day,
        spending_permille: (715, 200, 60),
        answers: 72,
        case: Case::Keeps,
        note: "",
    },
];

/// Parents' texts, as they write them; the last two carry a phone number and a link, so screening keeps
/// them private to the school.
const TEXTS: &[&str] = &[
    "孩子说红烧肉很好吃，希望多做几次。",
    "青菜有时候炒得太烂了，颜色发黄。",
    "菜量可以，孩子能吃饱。",
    "希望周五能有水果。",
    "汤有点咸，孩子回家一直喝水。",
    "花样比上学期多了，点赞。",
    "米饭偏硬，低年级孩子嚼不动。",
    "陪餐记录每天都能看到，家长放心。",
    "伙食费公示很清楚，谢谢学校。",
    "鱼刺要处理干净一点。",
    "有问题可以打我电话 139 0635 2871，我是三年级家长。",
    "推荐一个配餐平台 www.peican-example.com 可以参考。",
];

/// A number from 0 to `modulus - 1` that depends only on its inputs.
fn dice(seed: &str, n: u64, modulus: u64) -> u64 {
    crate::watch_demo::dice(seed, n as i64, modulus)
}

/// An answer: scores mostly 4 and 5, variety and price a little lower, hygiene highest; one in four with
/// a text.
fn answer(seed: &str, n: u64) -> SurveyAnswer {
    // Out of 20: how often a question gets a 5, a 4, a 3, a 2 (a 1 the rest).
    let spread: [[u64; 4]; 5] = [[9, 7, 3, 1], [8, 7, 3, 1], [6, 7, 4, 2], [11, 6, 2, 1], [6, 6, 5, 2]];
    let mut scores = [0u8; 5];
    for (q, s) in scores.iter_mut().enumerate() {
        let roll = dice(seed, n * 8 + q as u64, 20);
        let mut bound = 0;
        *s = 1;
        for (k, share) in spread[q].iter().enumerate() {
            bound += share;
            if roll < bound {
                *s = 5 - k as u8;
                break;
            }
        }
    }
    // One answer in nine carries a text, each text once (parents do not write the same words).
    let text = if n % 9 == 4 { TEXTS.get((n / 9) as usize).copied().unwrap_or("") } else { "" };
    SurveyAnswer { scores, text: text.to_owned() }
}

/// A term's accounts up to `upto` (its last day, or today): income from the school days so far (five in
/// seven, the fee per day), or the term's fee.
fn accounts(school: &DemoSchool, term: Term, upto: Day) -> TermAccounts {
    let (first, last) = term.days();
    let days = first.days_until(upto.min(last)).max(0) as u64;
    // The spring term's summer holiday has no meals: about 19 school weeks in either term.
    let school_days = (days * 5 / 7).min(95);
    let income_fen = match school.fee_per {
        FeePer::Day => school.pupils * school.fee_fen * school_days,
        FeePer::Term => school.pupils * school.fee_fen,
    };
    // What was spent follows the school days, whatever the fee is charged by.
    let spent_base = match school.fee_per {
        FeePer::Day => income_fen,
        FeePer::Term => income_fen * school_days / 95,
    };
    let (food, staff, other) = school.spending_permille;
    let yuan = |permille: u64| spent_base * permille / 1000 / 100 * 100;
    TermAccounts {
        term,
        fee_fen: school.fee_fen,
        fee_per: school.fee_per,
        income_fen,
        ingredients_fen: yuan(food),
        staff_fen: yuan(staff),
        other_fen: yuan(other),
    }
}

fn start_ms(day: Day) -> i64 {
    day.start_ms(CHINA_UTC_OFFSET_SECS)
}

/// Lays out the demo canteens' fees and surveys afresh for `today` (what was laid out before is forgotten).
pub async fn lay_out(store: &dyn Store, today: Day, now_ms: i64) -> StoreResult<()> {
    for school in SCHOOLS {
        store.clear_school_terms(school.code).await?;
        if store.unit(school.code).await?.is_some() {
            lay_out_school(store, school, today, now_ms).await?;
        }
    }
    Ok(())
}

/// Lays the demo out where it never was (a demo database from before there were school terms).
pub async fn top_up(store: &dyn Store, today: Day, now_ms: i64) -> StoreResult<()> {
    let term = Term::of(today);
    if store.accounts(SCHOOLS[0].code, term).await?.is_none() && store.accounts(SCHOOLS[0].code, previous_term(term)).await?.is_none() {
        lay_out(store, today, now_ms).await?;
    }
    Ok(())
}

async fn lay_out_school(store: &dyn Store, school: &DemoSchool, today: Day, now_ms: i64) -> StoreResult<()> {
    let term = Term::of(today);
    let last = previous_term(term);
    let (first_day, last_day) = term.days();
    // Last term's accounts, published a fortnight into this one; this term's so far, published three days ago.
    let published = (start_ms(first_day) + 14 * DAY + 10 * HOUR).min(now_ms - HOUR);
    let deficit_note = |a: &TermAccounts| if a.spent_fen() > a.income_fen || !school.note.is_empty() { school.note } else { "" };
    let last_accounts = accounts(school, last, last.days().1);
    store.put_accounts(school.code, &last_accounts, deficit_note(&last_accounts), published).await?;
    let this_accounts = accounts(school, term, today.add_days(-3));
    store.put_accounts(school.code, &this_accounts, deficit_note(&this_accounts), (now_ms - 3 * DAY).max(start_ms(first_day))).await?;
    if school.case == Case::NoSurvey {
        return Ok(());
    }

    // Last term's survey: a fortnight about a hundred days in, answered by the school a week after.
    let opens = last.days().0.add_days(100);
    let window = SurveyWindow { term: last, opens, closes: opens.add_days(13) };
    store.put_survey(school.code, &window, start_ms(opens) - 5 * DAY).await?;
    answers(store, school, &window, school.answers, start_ms(window.opens), start_ms(window.closes.add_days(1))).await?;
    let response = "感谢各位家长参与本学期满意度调查。针对“花样少”“米饭偏硬”的意见，食堂已调整：每周新增两道轮换菜品，\
                    米饭改为分批蒸制；伙食费收支已在本页公示，食材支出约占七成。欢迎家长代表报名参加陪餐。";
    store.respond_survey(school.code, last, response, start_ms(window.closes) + 7 * DAY + 15 * HOUR).await?;

    // This term's: open since a few days ago for about ten days more, or closed unanswered three days ago.
    let window = match school.case {
        Case::Unanswered if first_day.add_days(16) <= today => {
            let closes = today.add_days(-3);
            SurveyWindow { term, opens: closes.add_days(-13), closes }
        }
        _ => SurveyWindow { term, opens: today.add_days(-4).max(first_day), closes: today.add_days(10).min(last_day) },
    };
    store.put_survey(school.code, &window, start_ms(window.opens) - 3 * DAY).await?;
    let until = now_ms.min(start_ms(window.closes.add_days(1)));
    answers(store, school, &window, school.answers / 4, start_ms(window.opens), until).await
}

/// `n` answers to a survey, spread over `[from_ms, to_ms)`, each from a device of its own.
async fn answers(store: &dyn Store, school: &DemoSchool, window: &SurveyWindow, n: u32, from_ms: i64, to_ms: i64) -> StoreResult<()> {
    let seed = format!("{} {}", school.code, window.term.key());
    for k in 0..u64::from(n) {
        let answer = answer(&seed, k);
        let device = format!("demo{:012x}", dice(&seed, k, 1 << 48));
        let client_id = format!("demo-{}-{k}", window.term.key());
        let created_ms = from_ms + (to_ms - from_ms).max(0) * k as i64 / i64::from(n.max(1));
        let new = NewAnswer {
            unit_code: school.code,
            term: window.term,
            device: &device,
            client_id: &client_id,
            answer: &answer,
            hold: hold_reason(&answer.text),
            created_ms,
        };
        store.answer_survey(&new).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mingchu_types::school::{SchoolRules, SurveyResults};

    #[test]
    fn accounts_spend_about_seven_tenths_on_food_and_a_deficit_is_explained() {
        let today: Day = "2026-11-29".parse().unwrap();
        for school in SCHOOLS {
            for term in [Term::of(today), previous_term(Term::of(today))] {
                let a = accounts(school, term, today.min(term.days().1));
                let share = a.food_share_permille().unwrap();
                assert!((650..=760).contains(&share), "{} {share}", school.code);
                let noted = !school.note.is_empty();
                assert!(a.problems(noted).is_empty(), "{} {:?}", school.code, a.problems(noted));
            }
        }
    }

    #[test]
    fn answers_are_well_formed_mostly_satisfied_and_some_texts_are_screened() {
        let rules = SchoolRules::national();
        let answers: Vec<SurveyAnswer> = (0..120).map(|k| answer("lc-dcf-0012 2026-spring", k)).collect();
        assert!(answers.iter().all(|a| a.well_formed(&rules)));
        let results = SurveyResults::of(&answers, &rules);
        assert_eq!(results.answers, 120);
        assert!(results.satisfied_percent(3).unwrap() > 70 && results.satisfied_percent(4).unwrap() < results.satisfied_percent(3).unwrap());
        assert!(TEXTS.iter().filter(|t| hold_reason(t).is_some()).count() == 2);
        let texts: Vec<&str> = answers.iter().map(|a| a.text.as_str()).filter(|t| !t.is_empty()).collect();
        assert_eq!(texts.len(), TEXTS.len(), "each text once");
    }
}
