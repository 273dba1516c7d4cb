//! Parents' pages of a school canteen as HTML (issue 14), painted by the server alone (the visitors' app
//! shows them as painted pages and never links this in): the week's menu with the day's dish photos and a
//! plain check against the nutrition guidance, 陪餐 by role, meal fees and a term's accounts, and the
//! term's survey. The school's own word sits in plain cards that say so; parents' voice (the survey's
//! results and free texts) in the warm section, the school's answer apart beside it. Pupils never appear.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::kitchen::clock;
use super::{back_link, esc, photo_urls};
use crate::i18n::{fill, fill_date, fill_slots, Lang};
use crate::kitchen::{day_of, Meal};
use crate::school::{
    DishKind, FeePer, NutritionNote, PublicCompanion, PublicCompanions, PublicFees, PublicMenu, PublicMenuMeal, PublicSurvey, PublishedAccounts,
    SchoolRules, SurveyResults, SurveyState, Term,
};
use crate::Day;

/// "周二" / "Tue".
fn weekday(lang: Lang, day: Day) -> &'static str {
    lang.parents().weekdays[day.weekday() as usize]
}

/// "周二 12月1日" / "Tue 1 Dec".
fn day_head(lang: Lang, day: Day) -> String {
    format!("{} {}", weekday(lang, day), lang.day_month(day))
}

/// "2026 年秋季学期" / "Autumn term 2026".
fn term_words(lang: Lang, term: Term) -> String {
    fill(lang.parents().terms[usize::from(term.autumn)], term.year)
}

/// An amount in fen as yuan with its unit: "100,000.00 元" / "¥100,000.00".
pub fn yuan(lang: Lang, fen: u64) -> String {
    let whole = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    fill(lang.parents().yuan, format!("{grouped}.{:02}", fen % 100))
}

/// A link back to the unit, the page's heading and what it is of.
fn head(lang: Lang, code: &str, title: &str, sub: &str) -> String {
    format!(
        r#"{}<h1 class="page-h">{}</h1><p class="sheet-sub">{}</p>"#,
        back_link(&format!("/u/{code}"), lang.t().back_to_unit),
        esc(title),
        esc(sub)
    )
}

/// A share as a bar: the part filled, the rest plain; its words in `label` (never the bar alone).
fn share_bar(permille: u32, label: &str) -> String {
    format!(
        r#"<svg class="share-bar" viewBox="0 0 1000 12" preserveAspectRatio="none" role="img" aria-label="{}"><rect class="bar-rest" width="1000" height="12"/><rect class="bar-part" width="{}" height="12"/></svg>"#,
        esc(label),
        permille.min(1000)
    )
}

/// `/u/{code}/menu[?week=…]`: the week day by day (today marked), each meal's dishes and the photos
/// taken of them that day, the check against the nutrition guidance, the suppliers, the other weeks.
pub fn menu_screen(lang: Lang, m: &PublicMenu, now_ms: i64) -> String {
    let w = lang.parents();
    let days: BTreeSet<Day> = m.meals.iter().map(|meal| meal.meal.day).collect();
    // Monday to Friday, or to the last day with meals when the school cooks at the weekend.
    let last = days.last().copied().unwrap_or(m.week).max(m.week.add_days(4));
    let range = fill_slots(w.week_range, &[("{from}", &lang.day_month(m.week)), ("{to}", &lang.day_month(last))]);
    let mut h = head(lang, &m.code, w.menu_title, &m.unit_name);
    let _ = write!(h, r#"<p class="week-range">{}</p>"#, esc(&range));
    match m.published_ms {
        Some(at) if !days.is_empty() => {
            let _ = write!(h, r#"<p class="section-note">{} · {}</p>"#, esc(w.school_voice), esc(&fill_date(lang, w.published_on, day_of(at))));
            let today = day_of(now_ms);
            h.push_str(&day_index(lang, &days, today));
            for &day in &days {
                h.push_str(&menu_day(lang, day, today, m.meals.iter().filter(|meal| meal.meal.day == day)));
            }
            h.push_str(&nutrition(lang, &m.fine_days, &m.notes));
            h.push_str(&suppliers(lang, m));
        }
        _ => {
            let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(w.menu_not_published));
        }
    }
    h.push_str(&other_weeks(lang, &m.code, m.week, &m.weeks));
    h
}

/// The week's days as a row of jumps to each, today's marked.
fn day_index(lang: Lang, days: &BTreeSet<Day>, today: Day) -> String {
    let mut h = format!(r#"<nav class="day-index" aria-label="{}">"#, esc(lang.parents().week_days_label));
    for &day in days {
        let (_, m, d) = day.ymd();
        let current = if day == today { r#" aria-current="date""# } else { "" };
        let _ = write!(h, r##"<a href="#d-{day}"{current}><span>{}</span><span>{m}/{d}</span></a>"##, esc(weekday(lang, day)));
    }
    h.push_str("</nav>");
    h
}

/// One day: each meal's dishes, and the photos taken of its dishes on that day (a photo taken on another
/// day is never shown as this day's).
fn menu_day<'a>(lang: Lang, day: Day, today: Day, meals: impl Iterator<Item = &'a PublicMenuMeal>) -> String {
    let (w, k) = (lang.parents(), lang.kitchen());
    let (current, badge) = if day == today {
        (r#" aria-current="date""#, format!(r#" <span class="badge tone-good">{}</span>"#, esc(lang.t().today)))
    } else {
        ("", String::new())
    };
    let mut h = format!(r#"<section class="card school-day" id="d-{day}"{current}><h2 class="day-h">{}{badge}</h2>"#, esc(&day_head(lang, day)));
    let mut meals: Vec<&PublicMenuMeal> = meals.collect();
    meals.sort_by_key(|meal| Meal::ALL.iter().position(|m| *m == meal.meal.meal));
    for meal in meals {
        let _ = write!(h, r#"<div class="meal"><h3 class="meal-h">{}</h3><ul class="dishes">"#, esc(k.meals[meal.meal.meal as usize]));
        for dish in &meal.meal.dishes {
            let tag = match dish.kind {
                DishKind::Vegetable { dark: true } => w.dark.to_owned(),
                DishKind::Milk { grams } => fill(k.grams, grams),
                _ => String::new(),
            };
            let tag = if tag.is_empty() { tag } else { format!(r#" <span class="dish-tag">{}</span>"#, esc(&tag)) };
            let _ = write!(h, "<li>{}{tag}</li>", esc(&dish.name));
        }
        h.push_str("</ul>");
        let photos: Vec<_> = meal.photos.iter().filter(|p| day_of(p.taken_ms) == day).collect();
        if !photos.is_empty() {
            h.push_str(r#"<ul class="dish-photos">"#);
            for p in photos {
                let (url, thumb) = photo_urls(&p.photo);
                let demo = if p.demo { format!(r#"<span class="badge tone-warning">{}</span>"#, esc(w.demo_photo)) } else { String::new() };
                let _ = write!(
                    h,
                    r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" width="104" height="104" loading="lazy"></a><span class="photo-cap">{}<br>{}</span>{demo}</li>"#,
                    esc(&url),
                    esc(&thumb),
                    esc(&fill_slots(w.photo_alt, &[("{dish}", &p.dish)])),
                    esc(&p.dish),
                    esc(&w.photo_taken.replace("{time}", &clock(p.taken_ms)))
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</div>");
    }
    h.push_str("</section>");
    h
}

/// The check against the guidance as plain sentences: what each day lacks, the days that meet it said
/// once, and that this is a simple check and no medical assessment.
fn nutrition(lang: Lang, fine_days: &[Day], notes: &[NutritionNote]) -> String {
    let w = lang.parents();
    let rules = SchoolRules::national();
    let (min_milk, max_milk) = (rules.milk_grams.0.to_string(), rules.milk_grams.1.to_string());
    let mut h = format!(
        r#"<section class="card" aria-labelledby="nutrition-h"><h2 class="card-h" id="nutrition-h">{}</h2><ul class="nutrition">"#,
        esc(w.nutrition_title)
    );
    for note in notes {
        let sentence = match *note {
            NutritionNote::FewVegetables { day, kinds } => fill_slots(
                w.few_vegetables,
                &[("{day}", weekday(lang, day)), ("{n}", &kinds.to_string()), ("{min}", &rules.vegetable_kinds_per_day.to_string())],
            ),
            NutritionNote::FewDarkVegetables { day, dark, kinds } => fill_slots(
                w.few_dark,
                &[
                    ("{day}", weekday(lang, day)),
                    ("{n}", &dark.to_string()),
                    ("{all}", &kinds.to_string()),
                    ("{min}", &rules.dark_vegetable_percent.to_string()),
                ],
            ),
            NutritionNote::LittleMilk { day, grams } => fill_slots(
                if grams == 0 { w.no_milk } else { w.little_milk },
                &[("{day}", weekday(lang, day)), ("{n}", &grams.to_string()), ("{min}", &min_milk), ("{max}", &max_milk)],
            ),
        };
        let _ = write!(h, "<li>{}</li>", esc(&sentence));
    }
    if !fine_days.is_empty() {
        let days: Vec<&str> = fine_days.iter().map(|&d| weekday(lang, d)).collect();
        let _ = write!(h, "<li>{}</li>", esc(&fill_slots(w.fine_days, &[("{day}", &days.join(lang.look().name_sep))])));
    }
    let _ = write!(h, r#"</ul><p class="section-note">{}</p></section>"#, esc(w.nutrition_disclaimer));
    h
}

/// The suppliers that week's purchase records name: name and licence number.
fn suppliers(lang: Lang, m: &PublicMenu) -> String {
    let w = lang.parents();
    let mut h = format!(
        r#"<section class="card" aria-labelledby="suppliers-h"><h2 class="card-h" id="suppliers-h">{}</h2><p class="section-note">{}</p>"#,
        esc(w.suppliers_title),
        esc(w.suppliers_note)
    );
    if m.suppliers.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(w.no_suppliers));
    } else {
        h.push_str(r#"<ul class="suppliers">"#);
        for s in &m.suppliers {
            let _ = write!(
                h,
                r#"<li><span>{}</span><span class="row-detail">{} {}</span></li>"#,
                esc(&s.name),
                esc(lang.kitchen().licence),
                esc(&s.licence)
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");
    h
}

/// The other published weeks. Each link loads the page anew (`target="_top"`: the visitors' app reads a
/// painted page by its path alone, and a week is in the query).
fn other_weeks(lang: Lang, code: &str, shown: Day, weeks: &[Day]) -> String {
    let w = lang.parents();
    if weeks.iter().all(|&week| week == shown) {
        return String::new();
    }
    let mut h =
        format!(r#"<nav class="card" aria-labelledby="weeks-h"><h2 class="card-h" id="weeks-h">{}</h2><ul class="weeks">"#, esc(w.other_weeks));
    for &week in weeks {
        let words = esc(&w.week_of.replace("{date}", &lang.day_month(week)));
        if week == shown {
            let _ = write!(h, r#"<li><span aria-current="page">{words}</span></li>"#);
        } else {
            let _ = write!(h, r#"<li><a href="/u/{}/menu?week={week}" target="_top">{words}</a></li>"#, esc(code));
        }
    }
    h.push_str("</ul></nav>");
    h
}

/// `/u/{code}/meals`: 陪餐 of the last school days, each meal with its records by role (or plainly
/// none), and the share of meals with a record.
pub fn meals_screen(lang: Lang, c: &PublicCompanions) -> String {
    let w = lang.parents();
    let days = crate::school::COMPANION_DAYS.to_string();
    let mut h = head(lang, &c.code, w.meals_title, &c.unit_name);
    let _ = write!(h, r#"<p class="section-note">{}</p>"#, esc(w.meals_note));
    if c.meals == 0 {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(&w.meals_none.replace("{days}", &days)));
        return h;
    }
    let pct = c.with_record * 100 / c.meals;
    let share = fill_slots(
        w.meals_share,
        &[("{n}", &c.with_record.to_string()), ("{all}", &c.meals.to_string()), ("{days}", &days), ("{pct}", &pct.to_string())],
    );
    let _ = write!(
        h,
        r#"<section class="card"><p class="share-line">{}</p>{}<p class="section-note">{}</p></section>"#,
        esc(&share),
        share_bar(c.with_record * 1000 / c.meals, &share),
        esc(w.score_scale)
    );
    for day in &c.days {
        let _ = write!(h, r#"<section class="card school-day"><h2 class="day-h">{}</h2><ul class="companions">"#, esc(&day_head(lang, day.day)));
        for (meal, records) in &day.meals {
            let meal = lang.kitchen().meals[*meal as usize];
            if records.is_empty() {
                let _ = write!(
                    h,
                    r#"<li class="companion tone-warning"><span class="companion-h">{} · <span aria-hidden="true">!</span> {}</span></li>"#,
                    esc(meal),
                    esc(w.no_record)
                );
            }
            for r in records {
                h.push_str(&companion(lang, meal, r));
            }
        }
        h.push_str("</ul></section>");
    }
    h
}

/// One record: the meal and the role, the four scores, the note.
fn companion(lang: Lang, meal: &str, r: &PublicCompanion) -> String {
    let w = lang.parents();
    let s = r.scores;
    let mut h =
        format!(r#"<li class="companion"><span class="companion-h">{} · {}</span><ul class="scores">"#, esc(meal), esc(w.roles[r.role as usize]));
    for (word, score) in w.scores.iter().zip([s.taste, s.quantity, s.temperature, s.hygiene]) {
        let _ = write!(h, "<li>{} <b>{score}</b></li>", esc(word));
    }
    h.push_str("</ul>");
    if !r.note.trim().is_empty() {
        let _ = write!(h, r#"<p class="companion-note">{}</p>"#, esc(r.note.trim()));
    }
    h.push_str("</li>");
    h
}

/// `/u/{code}/fees`: this term's fee and accounts (and the last term's), as the school publishes them.
pub fn fees_screen(lang: Lang, f: &PublicFees) -> String {
    let w = lang.parents();
    let mut h = head(lang, &f.code, w.fees_title, &format!("{} · {}", f.unit_name, term_words(lang, f.term)));
    let _ = write!(h, r#"<p class="section-note">{}</p>"#, esc(w.school_voice));
    if f.terms.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(w.fees_none));
    }
    for p in &f.terms {
        h.push_str(&accounts_card(lang, p));
    }
    h
}

/// A term's accounts: the fee, the income, the spending by kind, the share spent on food (a figure and a
/// bar), a deficit said plainly, the school's note.
fn accounts_card(lang: Lang, p: &PublishedAccounts) -> String {
    let w = lang.parents();
    let a = &p.accounts;
    let per = match a.fee_per {
        FeePer::Day => w.fee_per[0],
        FeePer::Term => w.fee_per[1],
    };
    let mut h = format!(
        r#"<section class="card accounts"><h2 class="card-h">{}</h2><p class="fee-line"><span>{}</span> <strong>{}</strong></p><dl class="fields"><div><dt>{}</dt><dd>{}</dd></div></dl><h3 class="card-h">{}</h3><dl class="fields">"#,
        esc(&term_words(lang, a.term)),
        esc(w.fee),
        esc(&fill(per, yuan(lang, a.fee_fen))),
        esc(w.income),
        esc(&yuan(lang, a.income_fen)),
        esc(w.spending)
    );
    for (word, fen) in w.spending_kinds.iter().zip([a.ingredients_fen, a.staff_fen, a.other_fen]).chain([(&w.total, a.spent_fen())]) {
        let _ = write!(h, "<div><dt>{}</dt><dd>{}</dd></div>", esc(word), esc(&yuan(lang, fen)));
    }
    h.push_str("</dl>");
    if let Some(share) = a.food_share_permille() {
        let words = fill(w.food_share, format!("{}.{}", share / 10, share % 10));
        let _ = write!(
            h,
            r#"<p class="food-share">{}</p>{}<p class="section-note">{}</p>"#,
            esc(&words),
            share_bar(u32::from(share), &words),
            esc(w.food_share_note)
        );
    }
    if a.spent_fen() > a.income_fen {
        let _ = write!(h, r#"<p class="alert tone-warning">{}</p>"#, esc(&fill(w.deficit, yuan(lang, a.spent_fen() - a.income_fen))));
    }
    if !p.note.trim().is_empty() {
        let _ = write!(h, r#"<div class="school-note"><h3 class="card-h">{}</h3><p>{}</p></div>"#, esc(w.school_note), esc(p.note.trim()));
    }
    let _ = write!(h, r#"<p class="section-note">{}</p></section>"#, esc(&fill_date(lang, w.published_on, day_of(p.published_ms))));
    h
}

/// `/u/{code}/survey`: this term's survey — not yet open, open (a way to answer, or that this device has),
/// or closed with its results — and the last term's results while this term's are not out.
pub fn survey_screen(lang: Lang, s: &PublicSurvey) -> String {
    let w = lang.parents();
    let mut h = head(lang, &s.code, w.survey_title, &format!("{} · {}", s.unit_name, term_words(lang, s.term)));
    let dates = |window: &crate::school::SurveyWindow, template: &str| {
        fill_slots(template, &[("{opens}", &lang.date(window.opens)), ("{closes}", &lang.date(window.closes))])
    };
    let closed = match (&s.window, s.state) {
        (Some(window), Some(SurveyState::NotYetOpen)) => {
            let _ = write!(h, r#"<p class="card">{}</p>"#, esc(&dates(window, w.survey_not_open)));
            false
        }
        (Some(window), Some(SurveyState::Open)) => {
            let answer = if s.answered {
                format!(r#"<p class="note-box"><span aria-hidden="true">✓ </span>{}</p>"#, esc(w.survey_answered))
            } else {
                format!(r#"<a class="button" href="/u/{}/write/survey">{}</a>"#, esc(&s.code), esc(w.survey_answer))
            };
            let _ = write!(h, r#"<section class="card survey-open"><p>{}</p>{answer}</section>"#, esc(&dates(window, w.survey_open)));
            false
        }
        (Some(_), Some(SurveyState::Closed)) => {
            h.push_str(&survey_results(lang, s));
            true
        }
        _ => {
            let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(w.survey_none));
            false
        }
    };
    if let (false, Some(previous)) = (closed, &s.previous) {
        let _ = write!(h, r#"<h2 class="section-h">{} · {}</h2>"#, esc(w.previous_title), esc(&term_words(lang, previous.term)));
        h.push_str(&survey_results(lang, previous));
    }
    h
}

/// A closed survey's results (parents' voice): per question the share satisfied and a bar of the counts
/// by score, the free texts that passed moderation; then the school's answer, apart.
fn survey_results(lang: Lang, s: &PublicSurvey) -> String {
    let w = lang.parents();
    let rules = SchoolRules::national();
    let (lo, hi) = rules.score_range;
    let empty = SurveyResults { answers: 0, counts: vec![] };
    let results = s.results.as_ref().unwrap_or(&empty);
    let closes = s.window.map(|window| lang.date(window.closes)).unwrap_or_default();
    let mut h = format!(
        r#"<section class="parents-voice" aria-label="{}"><p>{}</p>"#,
        esc(w.survey_title),
        esc(&fill_slots(w.survey_closed, &[("{closes}", &closes), ("{n}", &results.answers.to_string())]))
    );
    if results.answers > 0 {
        h.push_str(r#"<ul class="survey-results">"#);
        for (q, word) in w.questions.iter().enumerate() {
            let share = results.satisfied_percent(q).map(|p| fill(w.satisfied, p)).unwrap_or_default();
            let counts = results.counts.get(q).map(Vec::as_slice).unwrap_or_default();
            let _ = write!(
                h,
                r#"<li><span class="q-h"><span>{}</span><strong>{}</strong></span>{}</li>"#,
                esc(word),
                esc(&share),
                counts_bar(lang, lo, counts)
            );
        }
        let _ = write!(
            h,
            r#"</ul><p class="section-note">{}</p>"#,
            esc(&fill_slots(w.satisfied_note, &[("{min}", &(hi - 1).to_string()), ("{max}", &hi.to_string())]))
        );
    }
    let _ = write!(h, r#"<h3 class="card-h">{} · {}</h3>"#, esc(w.texts_title), esc(w.texts_note));
    if s.texts.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(w.no_texts));
    } else {
        h.push_str(r#"<ul class="survey-texts">"#);
        for text in &s.texts {
            let _ = write!(h, "<li>{}</li>", esc(text));
        }
        h.push_str("</ul>");
    }
    let answer = match s.response.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => format!("<p>{}</p>", esc(r)),
        None => format!(r#"<p class="empty">{}</p>"#, esc(w.no_response)),
    };
    let _ = write!(
        h,
        r#"</section><section class="card school-answer"><h3 class="card-h">{}</h3>{answer}<p class="section-note">{}</p></section>"#,
        esc(w.response_title),
        esc(w.school_voice)
    );
    h
}

/// A question's answers by score as one stacked bar (highest score first), with the counts in words
/// under it, a column each.
fn counts_bar(lang: Lang, lo: u8, counts: &[u32]) -> String {
    let w = lang.parents();
    let total: u32 = counts.iter().sum();
    let words: Vec<String> = counts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| fill_slots(w.score_count, &[("{s}", &(usize::from(lo) + i).to_string()), ("{n}", &n.to_string())]))
        .collect();
    let mut svg =
        format!(r#"<svg class="counts-bar" viewBox="0 0 1000 12" preserveAspectRatio="none" role="img" aria-label="{}">"#, esc(&words.join(" · ")));
    let mut x = 0;
    for (i, &n) in counts.iter().enumerate().rev() {
        let width = (n * 1000).checked_div(total).unwrap_or(0);
        let _ = write!(svg, r#"<rect class="s{}" x="{x}" width="{width}" height="12"/>"#, usize::from(lo) + i);
        x += width;
    }
    svg.push_str(r#"</svg><ol class="score-counts" aria-hidden="true">"#);
    for word in words {
        let _ = write!(svg, "<li>{}</li>", esc(&word));
    }
    svg.push_str("</ol>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kitchen::PublicSupplier;
    use crate::school::{
        check_week, CompanionDay, CompanionRole, Dish, DishPhoto, MenuMeal, Scores, SurveyAnswer, SurveyWindow, TermAccounts, QUESTIONS,
    };
    use crate::CHINA_UTC_OFFSET_SECS;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// A moment of a China day: `at("2026-11-30", 11, 52)`.
    fn at(d: &str, hour: i64, minute: i64) -> i64 {
        day(d).start_ms(CHINA_UTC_OFFSET_SECS) + (hour * 60 + minute) * 60_000
    }

    fn dish(name: &str, kind: DishKind) -> Dish {
        Dish { name: name.into(), kind }
    }

    fn photo(dish: &str, id: &str, taken_ms: i64, demo: bool) -> DishPhoto {
        DishPhoto { dish: dish.into(), photo: id.into(), taken_ms, demo }
    }

    /// Monday and Tuesday of the week of 2026-11-30: Monday meets the guidance, Tuesday does not; a photo
    /// of Monday's filed under Tuesday's lunch must never show.
    fn menu(demo: bool) -> PublicMenu {
        let (mon, tue) = (day("2026-11-30"), day("2026-12-01"));
        let meals = vec![
            PublicMenuMeal {
                meal: MenuMeal {
                    day: mon,
                    meal: Meal::Lunch,
                    dishes: vec![
                        dish("菠菜<b>", DishKind::Vegetable { dark: true }),
                        dish("西兰花", DishKind::Vegetable { dark: true }),
                        dish("白菜", DishKind::Vegetable { dark: false }),
                        dish("红烧鸡块", DishKind::Protein),
                    ],
                },
                photos: vec![photo("红烧鸡块", "p-mon", at("2026-11-30", 11, 52), false), photo("菠菜<b>", "p-demo", at("2026-11-30", 12, 5), demo)],
            },
            PublicMenuMeal {
                meal: MenuMeal {
                    day: mon,
                    meal: Meal::Breakfast,
                    dishes: vec![dish("牛奶", DishKind::Milk { grams: 200 }), dish("馒头", DishKind::Staple)],
                },
                photos: vec![],
            },
            PublicMenuMeal {
                meal: MenuMeal {
                    day: tue,
                    meal: Meal::Lunch,
                    dishes: vec![dish("土豆", DishKind::Vegetable { dark: false }), dish("胡萝卜", DishKind::Vegetable { dark: true })],
                },
                photos: vec![photo("土豆", "p-old", at("2026-11-30", 11, 40), false)],
            },
        ];
        let plain: Vec<MenuMeal> = meals.iter().map(|m| m.meal.clone()).collect();
        let (fine_days, notes) = check_week(&plain, &SchoolRules::national());
        PublicMenu {
            code: "lc-1".into(),
            unit_name: "实验<小学>食堂".into(),
            week: mon,
            published_ms: Some(at("2026-11-29", 20, 0)),
            meals,
            fine_days,
            notes,
            suppliers: vec![PublicSupplier { name: "鲜达&肉类".into(), licence: "JY137".into() }],
            weeks: vec![mon, day("2026-11-23")],
        }
    }

    #[test]
    fn the_menu_shows_each_days_dishes_and_only_that_days_photos() {
        let html = menu_screen(Lang::Zh, &menu(true), at("2026-12-01", 9, 0));
        assert!(html.starts_with(r#"<a class="back" href="/u/lc-1">"#), "{html}");
        assert!(
            html.contains(r#"<p class="sheet-sub">实验&lt;小学&gt;食堂</p><p class="week-range">11月30日 至 12月4日</p>"#)
                && !html.contains("<小学>"),
            "{html}"
        );
        assert!(html.contains("学校自行公布 · 公布于 2026年11月29日"), "{html}");
        // Monday first (breakfast before lunch), Tuesday marked as today.
        let (mon, tue) = (html.find(r#"id="d-2026-11-30""#).unwrap(), html.find(r#"id="d-2026-12-01""#).unwrap());
        assert!(mon < tue && html[mon..].find("早餐") < html[mon..].find("午餐"), "{html}");
        assert!(html.contains(r#"<section class="card school-day" id="d-2026-12-01" aria-current="date"><h2 class="day-h">周二 12月1日 <span class="badge tone-good">今天</span></h2>"#), "{html}");
        assert!(html.contains(r##"<a href="#d-2026-12-01" aria-current="date"><span>周二</span><span>12/1</span></a>"##), "{html}");
        assert!(
            html.contains(r#"<li>菠菜&lt;b&gt; <span class="dish-tag">深色</span></li>"#)
                && html.contains(r#"<li>牛奶 <span class="dish-tag">200 克</span></li>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="/media/p-mon.jpg" target="_blank" rel="noopener"><img src="/media/p-mon.thumb.jpg" alt="红烧鸡块，当天拍摄" width="104" height="104" loading="lazy"></a><span class="photo-cap">红烧鸡块<br>摄于 11:52</span></li>"#),
            "{html}"
        );
        assert_eq!(html.matches("演示图片").count(), 1, "only the demo picture is marked: {html}");
        assert!(!html.contains("p-old"), "Monday's photo is not Tuesday's: {html}");
        assert!(!html.contains("<b>"), "escaped");
    }

    #[test]
    fn no_demo_mark_without_a_demo_picture() {
        for lang in [Lang::Zh, Lang::En] {
            let html = menu_screen(lang, &menu(false), at("2026-12-01", 9, 0));
            assert!(!html.contains(lang.parents().demo_photo) && html.contains("p-demo"), "{html}");
        }
    }

    #[test]
    fn the_nutrition_check_is_plain_sentences_with_the_fine_days_said_once() {
        let html = menu_screen(Lang::Zh, &menu(false), at("2026-12-01", 9, 0));
        for sentence in [
            "<li>周二的蔬菜有 2 种，建议每天至少 3 种。</li>",
            "<li>周二的菜谱里没有奶，建议每天 200–300 克。</li>",
            "<li>周一符合以上各项建议。</li>",
            "不是医学或营养评估",
        ] {
            assert!(html.contains(sentence), "{sentence} in {html}");
        }
        assert_eq!(html.matches("符合以上各项建议").count(), 1);
        assert!(html.contains(r#"<li><span>鲜达&amp;肉类</span><span class="row-detail">许可证号 JY137</span></li>"#), "{html}");
        assert!(html.contains(r#"<li><span aria-current="page">11月30日 起的一周</span></li><li><a href="/u/lc-1/menu?week=2026-11-23" target="_top">11月23日 起的一周</a></li>"#), "{html}");
        let en = menu_screen(Lang::En, &menu(false), at("2026-12-01", 9, 0));
        assert!(
            en.contains("Tue: 2 kinds of vegetable; the guidance is at least 3 a day.") && en.contains("Mon: meets each of these points."),
            "{en}"
        );
        assert!(en.contains("Tue 1 Dec") && en.contains("taken at 11:52") && en.contains("Week of 23 Nov"), "{en}");
    }

    #[test]
    fn an_unpublished_week_says_so_and_shows_no_dish() {
        let m = PublicMenu { published_ms: None, weeks: vec![day("2026-11-23")], ..menu(true) };
        let html = menu_screen(Lang::Zh, &m, at("2026-12-01", 9, 0));
        assert!(html.contains("学校还没有公布这一周的菜谱。") && !html.contains("红烧鸡块") && !html.contains("对照营养指南"), "{html}");
        assert!(html.contains(r#"href="/u/lc-1/menu?week=2026-11-23""#), "the published weeks are still offered: {html}");
        let alone = PublicMenu { weeks: vec![day("2026-11-30")], ..menu(true) };
        assert!(!menu_screen(Lang::Zh, &alone, 0).contains("其他周的菜谱"));
    }

    fn companions() -> PublicCompanions {
        let record = |role, note: &str| PublicCompanion {
            role,
            scores: Scores { taste: 5, quantity: 4, temperature: 3, hygiene: 5 },
            note: note.into(),
            entered_ms: 0,
        };
        PublicCompanions {
            code: "lc-1".into(),
            unit_name: "食堂".into(),
            days: vec![
                CompanionDay {
                    day: day("2026-11-30"),
                    meals: vec![
                        (Meal::Breakfast, vec![]),
                        (Meal::Lunch, vec![record(CompanionRole::Principal, "米饭<偏硬>"), record(CompanionRole::ParentRepresentative, " ")]),
                    ],
                },
                CompanionDay { day: day("2026-11-27"), meals: vec![(Meal::Lunch, vec![])] },
            ],
            with_record: 1,
            meals: 3,
        }
    }

    #[test]
    fn meals_show_roles_scores_notes_and_meals_without_a_record() {
        let html = meals_screen(Lang::Zh, &companions());
        assert!(html.contains("近 30 天的上学日共 3 餐，1 餐有陪餐记录（33%）。"), "{html}");
        assert!(html.contains(r#"<rect class="bar-part" width="333" height="12"/>"#), "{html}");
        assert!(
            html.contains(r#"<li class="companion"><span class="companion-h">午餐 · 校长</span><ul class="scores"><li>口味 <b>5</b></li><li>分量 <b>4</b></li><li>温度 <b>3</b></li><li>卫生 <b>5</b></li></ul><p class="companion-note">米饭&lt;偏硬&gt;</p></li>"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="companion-h">午餐 · 家长代表</span>"#), "{html}");
        assert_eq!(html.matches("companion-note").count(), 1, "an empty note is left out");
        assert_eq!(html.matches(r#"<span aria-hidden="true">!</span> 无陪餐记录"#).count(), 2, "{html}");
        assert!(html.contains("周五 11月27日"), "{html}");
        let none = meals_screen(Lang::En, &PublicCompanions { days: vec![], with_record: 0, meals: 0, ..companions() });
        assert!(none.contains("No school-day meals in the last 30 days."), "{none}");
    }

    fn accounts(income_yuan: u64, note: &str) -> PublishedAccounts {
        PublishedAccounts {
            accounts: TermAccounts {
                term: Term { year: 2026, autumn: true },
                fee_fen: 1_200,
                fee_per: FeePer::Day,
                income_fen: income_yuan * 100,
                ingredients_fen: 7_200_000,
                staff_fen: 2_000_000,
                other_fen: 500_000,
            },
            note: note.into(),
            published_ms: at("2026-11-02", 10, 0),
        }
    }

    #[test]
    fn fees_in_yuan_with_the_food_share_and_a_deficit_said() {
        assert_eq!(
            (yuan(Lang::Zh, 1_200), yuan(Lang::En, 123_456_789), yuan(Lang::Zh, 5)),
            ("12.00 元".into(), "¥1,234,567.89".into(), "0.05 元".into())
        );
        let f = PublicFees {
            code: "lc-1".into(),
            unit_name: "食堂".into(),
            term: Term { year: 2026, autumn: true },
            terms: vec![accounts(90_000, "区财政<补贴>")],
        };
        let html = fees_screen(Lang::Zh, &f);
        assert!(html.contains("食堂 · 2026 年秋季学期"), "{html}");
        assert!(html.contains(r#"<p class="fee-line"><span>伙食费</span> <strong>每生每天 12.00 元</strong></p>"#), "{html}");
        assert!(html.contains("<dt>本学期收入</dt><dd>90,000.00 元</dd>") && html.contains("<dt>合计</dt><dd>97,000.00 元</dd>"), "{html}");
        assert!(html.contains(r#"<p class="food-share">用于食材：74.2%</p><svg class="share-bar""#) && html.contains(r#"width="742""#), "{html}");
        assert!(html.contains("支出比收入多 7,000.00 元。") && html.contains("<p>区财政&lt;补贴&gt;</p>"), "{html}");
        assert!(html.contains("公布于 2026年11月2日"), "{html}");
        let fine = fees_screen(Lang::En, &PublicFees { terms: vec![accounts(100_000, "")], ..f.clone() });
        assert!(fine.contains("¥12.00 a pupil a day") && !fine.contains("more than the income") && !fine.contains("school-note"), "{fine}");
        assert!(fees_screen(Lang::Zh, &PublicFees { terms: vec![], ..f }).contains("学校还没有公布本学期的伙食费和收支。"));
    }

    fn survey(state: Option<SurveyState>) -> PublicSurvey {
        let term = Term { year: 2026, autumn: true };
        let answers = [[5, 4, 3, 5, 2], [4, 4, 2, 5, 1], [5, 5, 5, 5, 5]];
        let answers: Vec<SurveyAnswer> = answers.iter().map(|&scores| SurveyAnswer { scores, text: String::new() }).collect();
        let closed = state == Some(SurveyState::Closed);
        PublicSurvey {
            code: "lc-1".into(),
            unit_name: "食堂".into(),
            term,
            window: state.map(|_| SurveyWindow { term, opens: day("2026-12-01"), closes: day("2026-12-14") }),
            state,
            results: closed.then(|| SurveyResults::of(&answers, &SchoolRules::national())),
            texts: if closed { vec!["菜量<再多>一点".into()] } else { vec![] },
            response: closed.then(|| "下周起每餐加一道蔬菜".into()),
            answered: false,
            previous: None,
        }
    }

    #[test]
    fn a_survey_not_yet_open_open_answered_and_none() {
        let html = survey_screen(Lang::Zh, &survey(Some(SurveyState::NotYetOpen)));
        assert!(html.contains("调查将于 2026年12月1日 开始，2026年12月14日 结束。") && !html.contains("write/survey"), "{html}");
        let open = survey(Some(SurveyState::Open));
        let html = survey_screen(Lang::Zh, &open);
        assert!(html.contains("2026年12月14日 截止") && html.contains(r#"<a class="button" href="/u/lc-1/write/survey">填写调查</a>"#), "{html}");
        let html = survey_screen(Lang::En, &PublicSurvey { answered: true, ..open });
        assert!(html.contains("This device has answered this term&#39;s survey.") && !html.contains("write/survey"), "{html}");
        let html = survey_screen(Lang::Zh, &survey(None));
        assert!(html.contains("本学期还没有安排满意度调查。"), "{html}");
    }

    #[test]
    fn a_closed_survey_shows_shares_counts_texts_and_the_schools_answer() {
        let html = survey_screen(Lang::Zh, &survey(Some(SurveyState::Closed)));
        assert!(html.contains("调查已于 2026年12月14日 结束，共收到 3 份回答。"), "{html}");
        assert!(html.contains(r#"<span class="q-h"><span>口味</span><strong>满意 100%</strong></span>"#), "{html}");
        assert!(html.contains(r#"<span class="q-h"><span>价格</span><strong>满意 33%</strong></span>"#), "{html}");
        assert!(html.contains(r#"aria-label="5分 1份 · 4分 0份 · 3分 0份 · 2分 1份 · 1分 1份""#), "{html}");
        assert_eq!(html.matches(r#"<svg class="counts-bar""#).count(), QUESTIONS.len());
        assert!(html.contains("“满意”指打 4 分或 5 分（满分 5 分）。"), "{html}");
        assert!(html.contains("<li>菜量&lt;再多&gt;一点</li>") && html.contains("<p>下周起每餐加一道蔬菜</p>"), "{html}");
        let (voice, answer) = (html.find("parents-voice").unwrap(), html.find("school-answer").unwrap());
        assert!(voice < answer, "the school's answer after the parents'");
    }

    #[test]
    fn last_terms_results_while_this_terms_are_not_out() {
        let previous = PublicSurvey { term: Term { year: 2026, autumn: false }, ..survey(Some(SurveyState::Closed)) };
        let now = PublicSurvey { previous: Some(Box::new(previous.clone())), ..survey(Some(SurveyState::Open)) };
        let html = survey_screen(Lang::Zh, &now);
        assert!(html.contains(r#"<h2 class="section-h">上学期的调查结果 · 2026 年春季学期</h2>"#) && html.contains("满意 100%"), "{html}");
        let closed = PublicSurvey { previous: Some(Box::new(previous)), ..survey(Some(SurveyState::Closed)) };
        assert!(!survey_screen(Lang::Zh, &closed).contains("上学期"), "this term's results are out");
    }

    #[test]
    fn a_school_canteens_first_screen_links_to_parents_pages_and_no_other() {
        let page = |kind: &str| -> crate::UnitPage {
            serde_json::from_value(serde_json::json!({
                "unit": {"code": "lc-1", "name": "食堂", "kind": kind, "address": "路 1 号"},
                "grade": {"scheme_key": "national", "scheme_name_zh": "", "scheme_name_en": "", "dynamic": {"not_graded": {"reason": "not_inspected"}}},
                "as_of": "2026-11-29",
                "ratings": {"satisfied": 0, "neutral": 0, "unsatisfied": 0}
            }))
            .unwrap()
        };
        let html = crate::markup::unit_first_screen(Lang::Zh, &page("kindergarten_canteen"));
        assert!(
            html.contains(r#"<nav class="parents-row" aria-label="家长关注"><a class="pill" href="/u/lc-1/menu">本周菜谱</a><a class="pill" href="/u/lc-1/meals">陪餐</a><a class="pill" href="/u/lc-1/fees">伙食费</a><a class="pill" href="/u/lc-1/survey">满意度调查</a></nav>"#),
            "{html}"
        );
        assert!(html.find(r#"class="kitchen""#) < html.find("parents-row") && html.find("parents-row") < html.find(r#"class="diners""#), "{html}");
        assert!(!crate::markup::unit_first_screen(Lang::Zh, &page("large_restaurant")).contains("parents-row"));
    }

    #[test]
    fn both_languages_fill_the_same_slots() {
        let (zh, en) = (Lang::Zh.parents(), Lang::En.parents());
        let pairs = [
            (zh.few_vegetables, en.few_vegetables),
            (zh.few_dark, en.few_dark),
            (zh.no_milk, en.no_milk),
            (zh.little_milk, en.little_milk),
            (zh.fine_days, en.fine_days),
            (zh.meals_share, en.meals_share),
            (zh.survey_open, en.survey_open),
            (zh.survey_not_open, en.survey_not_open),
            (zh.survey_closed, en.survey_closed),
            (zh.satisfied_note, en.satisfied_note),
            (zh.score_count, en.score_count),
            (zh.photo_alt, en.photo_alt),
            (zh.week_range, en.week_range),
        ];
        for (a, b) in pairs {
            for slot in ["{n}", "{day}", "{min}", "{max}", "{all}", "{days}", "{pct}", "{opens}", "{closes}", "{s}", "{dish}", "{from}", "{to}"] {
                assert_eq!(a.contains(slot), b.contains(slot), "{slot}: {a} / {b}");
            }
        }
    }
}
