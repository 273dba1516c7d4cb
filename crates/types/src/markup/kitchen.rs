//! 今日后厨 as HTML: the card on the unit's first screen, the day's page (its lines, a calendar of the
//! last days, its records and the roster in brief) and a record's page. The unit's own voice: a plain
//! card that says who wrote each record and marks 补录. Words come from tables indexed by the enums, so
//! the renderer has few branches (the visitors' app carries it).

use std::fmt::Write;

use super::{back_link, esc, photo_strip, photo_urls};
use crate::i18n::{fill, fill_slots, Lang};
use crate::kitchen::{
    day_of, CertificateState, Finding, Headline, KindState, KitchenDay, Measure, PublicBody, PublicPerson, RecordBrief, RecordKind, RecordPage,
    Source, TodayCard, TodayLine,
};
use crate::{Tone, CHINA_UTC_OFFSET_SECS};

/// By [`KindState`]: the tone and the symbol beside the word (never colour alone); the staff app uses them too.
pub const STATE_TONES: [&str; 6] = ["tone-good", "tone-warning", "tone-none", "tone-bad", "tone-none", "tone-none"];
pub const STATE_SYMBOLS: [&str; 6] = ["✓", "!", "…", "✗", "–", "–"];
/// By [`crate::kitchen::Completeness`].
const COMPLETENESS_CLASSES: [&str; 6] = ["k-full", "k-partial", "k-poor", "k-none", "k-closed", "k-future"];
/// By [`crate::kitchen::Outcome`].
const OUTCOME_TONES: [&str; 4] = ["tone-good", "tone-warning", "tone-bad", "tone-bad"];
/// By [`CertificateState`]: valid, expiring, expired, not yet valid.
const CERTIFICATE_TONES: [&str; 4] = ["tone-good", "tone-warning", "tone-bad", "tone-bad"];

/// A moment's China clock time, `06:30`.
pub(super) fn clock(ms: i64) -> String {
    let minute = (ms.div_euclid(60_000) + CHINA_UTC_OFFSET_SECS / 60).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A moment as its day and clock time, China time.
pub(super) fn when(lang: Lang, ms: i64) -> String {
    format!("{} {}", lang.date(day_of(ms)), clock(ms))
}

fn person(lang: Lang, p: &PublicPerson) -> String {
    format!("{} · {}", p.name, lang.kitchen().posts[p.post as usize])
}

fn certificate_index(c: CertificateState) -> usize {
    match c {
        CertificateState::Valid => 0,
        CertificateState::Expiring { .. } => 1,
        CertificateState::Expired => 2,
        CertificateState::NotYetValid => 3,
    }
}

fn source(lang: Lang, s: &Source) -> String {
    let k = lang.kitchen_pages();
    match s {
        Source::Person => k.sources[0].to_owned(),
        Source::Device { name } => format!("{} · {name}", k.sources[1]),
    }
}

/// The unit's records of a day, one line per kind: its word, state (symbol and word) and figures.
fn lines(lang: Lang, lines: &[TodayLine]) -> String {
    let k = lang.kitchen();
    let mut h = String::from(r#"<ul class="k-lines">"#);
    for l in lines {
        let (kind, state, s) = (l.kind as usize, l.state as usize, &l.summary);
        let mut detail = Vec::new();
        match l.state {
            KindState::Fine | KindState::Attention => {
                detail.push(fill(k.counts[kind], s.count));
                if s.problems > 0 {
                    detail.push(fill(if l.kind == RecordKind::MorningCheck { k.not_fit } else { k.problems }, s.problems));
                }
                if s.missing > 0 {
                    detail.push(fill(k.missing_meals, s.missing));
                }
            }
            KindState::NotYet | KindState::Missing => detail.extend(s.due_ms.map(|at| k.due_by.replace("{time}", &clock(at)))),
            KindState::NotRequired | KindState::Closed => {}
        }
        let _ = write!(
            h,
            r#"<li class="k-line {}"><span class="k-kind">{}</span><span class="k-state"><span aria-hidden="true">{}</span> {}</span><span class="k-detail">{}</span></li>"#,
            STATE_TONES[state],
            esc(k.kinds[kind]),
            STATE_SYMBOLS[state],
            esc(k.states[state]),
            esc(&detail.join(" · "))
        );
    }
    h.push_str("</ul>");
    h
}

/// The "今日后厨" card on the first screen, between the official section and the diners': today's line
/// per kind and the way to the day's page; or, for a unit that has never kept a record here, that.
pub fn today_card(lang: Lang, code: &str, card: Option<&TodayCard>) -> String {
    let k = lang.kitchen();
    let body = match card {
        Some(card) => format!(r#"{}<a class="row-more" href="/u/{}/today">{}</a>"#, lines(lang, &card.lines), esc(code), esc(k.see_records)),
        None => format!(r#"<p class="empty">{}</p>"#, esc(k.none_kept)),
    };
    format!(
        r#"<section class="kitchen" aria-labelledby="kitchen-h"><h2 class="section-h section-kitchen" id="kitchen-h">{}</h2><p class="section-note">{}</p>{body}</section>"#,
        esc(k.title),
        esc(k.note)
    )
}

/// What a record's line in a day's list says.
fn headline(lang: Lang, h: &Headline) -> String {
    let k = lang.kitchen();
    let pair = |a: &str, b: &str| format!("{a} · {b}");
    match h {
        Headline::MorningCheck { people, not_fit: 0 } => fill(k.counts[0], people),
        Headline::MorningCheck { people, not_fit } => pair(&fill(k.counts[0], people), &fill(k.not_fit, not_fit)),
        Headline::Samples { meal, dishes } => pair(k.meals[*meal as usize], &fill(k.counts[1], dishes)),
        Headline::Disinfection { target, method } => pair(k.targets[*target as usize], k.methods[*method as usize]),
        Headline::PesticideTest { sample, positive } => {
            pair(sample, if *positive { lang.kitchen_pages().positive } else { lang.kitchen_pages().negative })
        }
        Headline::Purchase { item, supplier } => pair(item, supplier),
        Headline::SelfInspection { level, problems } => {
            pair(k.levels[*level as usize], if *problems { k.problems_found } else { lang.kitchen_pages().no_findings })
        }
    }
}

/// A record's marks: who wrote it, 补录 (its first version entered late), and apart from it, a correction.
fn marks(lang: Lang, s: &Source, late: bool, version: u32) -> String {
    let k = lang.kitchen();
    let mut h = format!(r#"<span class="badge tone-none">{}</span>"#, esc(&source(lang, s)));
    if late {
        let _ = write!(h, r#"<span class="badge tone-warning">{}</span>"#, esc(k.late));
    }
    if version > 1 {
        let _ = write!(h, r#"<span class="badge tone-none">{}</span>"#, esc(&fill(lang.kitchen_pages().corrected, version)));
    }
    h
}

fn record_item(lang: Lang, code: &str, r: &RecordBrief) -> String {
    let k = lang.kitchen();
    let attention = if r.tone == Tone::Good {
        String::new()
    } else {
        format!(r#"<span class="badge {}">{}</span>"#, r.tone.class(), esc(k.states[KindState::Attention as usize]))
    };
    format!(
        r#"<li><a class="k-record {}" href="/u/{}/records/{}"><span class="when">{}</span><span class="what">{} · {}</span><span class="badges">{attention}{}</span></a></li>"#,
        r.tone.class(),
        esc(code),
        esc(&crate::percent_encode(&r.id)),
        clock(r.at_ms),
        esc(k.kinds[r.kind as usize]),
        esc(&headline(lang, &r.headline)),
        marks(lang, &r.source, r.late, r.version)
    )
}

/// `/u/{code}/today[/{day}]`: the day's lines, the calendar of the last days (each a link), the day's
/// records, and the roster in brief with its people masked.
pub fn kitchen_day(lang: Lang, d: &KitchenDay) -> String {
    let k = lang.kitchen();
    let code = esc(&d.code);
    let mut h = back_link(&format!("/u/{}", d.code), lang.t().back_to_unit);
    let _ = write!(
        h,
        r#"<h1 class="page-h">{}</h1><p class="sheet-sub">{} · {}</p><section class="kitchen" aria-label="{}"><p class="section-note">{}</p>{}</section>"#,
        esc(lang.kitchen_pages().day_title),
        esc(&d.name),
        esc(&lang.date(d.day)),
        esc(&lang.date(d.day)),
        esc(k.note),
        lines(lang, &d.lines)
    );
    let _ = write!(
        h,
        r#"<section class="card"><h2 class="card-h">{}</h2><ol class="k-calendar">"#,
        esc(&fill(lang.kitchen_pages().calendar, d.calendar.len()))
    );
    for c in &d.calendar {
        let (_, m, day) = c.day.ymd();
        let word = lang.kitchen_pages().completeness[c.completeness as usize];
        let current = if c.day == d.day { r#" aria-current="date""# } else { "" };
        let _ = write!(
            h,
            r#"<li><a class="k-square {}" href="/u/{code}/today/{}"{current} aria-label="{}: {}" title="{}">{}</a></li>"#,
            COMPLETENESS_CLASSES[c.completeness as usize],
            c.day,
            esc(&lang.date(c.day)),
            esc(word),
            esc(word),
            if day == 1 || c.day == d.calendar[0].day { format!("{m}/{day}") } else { day.to_string() }
        );
    }
    h.push_str(r#"</ol><ul class="k-legend" aria-hidden="true">"#);
    // Every state but a day to come.
    for (class, word) in COMPLETENESS_CLASSES.iter().zip(lang.kitchen_pages().completeness).take(5) {
        let _ = write!(h, r#"<li><span class="k-square {class}"></span>{}</li>"#, esc(word));
    }
    let _ = write!(h, r#"</ul></section><section class="card"><h2 class="card-h">{}</h2>"#, esc(k.records));
    if d.records.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(lang.kitchen_pages().no_records));
    } else {
        h.push_str(r#"<ul class="k-records">"#);
        for r in &d.records {
            h.push_str(&record_item(lang, &d.code, r));
        }
        h.push_str("</ul>");
    }
    let r = &d.roster;
    let counts = [
        (lang.kitchen_pages().roster_on, r.on_roster),
        (k.certificates[0], r.valid),
        (k.certificates[1], r.expiring),
        (k.certificates[2], r.expired),
    ];
    let mut summary: Vec<String> = counts.iter().enumerate().map(|(i, (w, n))| if i == 0 { fill(w, n) } else { format!("{w} {n}") }).collect();
    // Rare (a certificate dated after the day shown): said only when there is one.
    if r.not_yet_valid > 0 {
        summary.push(format!("{} {}", k.certificates[3], r.not_yet_valid));
    }
    let _ = write!(
        h,
        r#"</section><section class="card"><h2 class="card-h">{}</h2><p>{}</p><ul class="k-staff">"#,
        esc(k.roster),
        esc(&summary.join(" · "))
    );
    for s in &d.staff {
        let c = certificate_index(s.certificate);
        let _ = write!(
            h,
            r#"<li><span>{}</span><span class="badge {}">{}</span></li>"#,
            esc(&person(lang, &PublicPerson { name: s.name.clone(), post: s.post })),
            CERTIFICATE_TONES[c],
            esc(k.certificates[c])
        );
    }
    h.push_str("</ul></section>");
    h
}

/// A measure's value with its unit; whole minutes as minutes.
fn value(lang: Lang, what: Measure, n: u32) -> String {
    let k = lang.kitchen();
    if what == Measure::Seconds && n > 0 && n.is_multiple_of(60) {
        fill(lang.kitchen_pages().minutes, n / 60)
    } else {
        fill(k.values[what as usize], n)
    }
}

/// A finding in words.
pub fn finding_words(lang: Lang, f: &Finding) -> String {
    let k = lang.kitchen_pages();
    let (i, who, dish, n, min, what): (usize, Option<&PublicPerson>, &str, String, String, Option<Measure>) = match f {
        Finding::MovedOff { who } => (0, Some(who), "", String::new(), String::new(), None),
        Finding::CertificateExpired { who } => (1, Some(who), "", String::new(), String::new(), None),
        Finding::CertificateNotYetValid { who } => (2, Some(who), "", String::new(), String::new(), None),
        Finding::UnknownStaff => (3, None, "", String::new(), String::new(), None),
        Finding::NobodyChecked => (4, None, "", String::new(), String::new(), None),
        Finding::DishNotSampled { dish } => (5, None, dish, String::new(), String::new(), None),
        Finding::SampleShort { dish, grams, min } => (6, None, dish, grams.to_string(), min.to_string(), None),
        Finding::KeptTooShort { hours, min } => (7, None, "", hours.to_string(), min.to_string(), None),
        Finding::BelowThreshold { what, got, min } => (8, None, "", value(lang, *what, *got), value(lang, *what, *min), Some(*what)),
        Finding::NotMeasured { what } => (9, None, "", String::new(), String::new(), Some(*what)),
        Finding::PositiveAwaitingRecheck { percent } => (10, None, "", percent.to_string(), String::new(), None),
        Finding::NoActionOnPositive => (11, None, "", String::new(), String::new(), None),
        Finding::PositiveAccepted => (12, None, "", String::new(), String::new(), None),
        Finding::ProblemsFound => (13, None, "", String::new(), String::new(), None),
    };
    let who = who.map(|p| person(lang, p)).unwrap_or_default();
    let what = what.map_or("", |w| k.measures[w as usize]);
    fill_slots(k.finding_words[i], &[("{who}", &who), ("{dish}", dish), ("{n}", &n), ("{min}", &min), ("{what}", what)])
}

/// `/u/{code}/records/{id}`: the record's fields (people masked), who wrote it, 补录, what the checks
/// found and every version.
pub fn record_page(lang: Lang, p: &RecordPage) -> String {
    let k = lang.kitchen();
    let r = &p.record;
    let mut h = back_link(&format!("/u/{}/today/{}", p.code, day_of(r.at_ms)), lang.kitchen_pages().day_title);
    let _ = write!(
        h,
        r#"<h1 class="page-h">{}</h1><p class="sheet-sub">{} · {}</p><p class="section-note">{}</p><p class="badges">{}</p>"#,
        esc(k.kinds[r.body.kind() as usize]),
        esc(&p.name),
        esc(&when(lang, r.at_ms)),
        esc(k.note),
        marks(lang, &r.source, r.late, r.version)
    );
    let mut rows: Vec<(&str, String)> =
        vec![(k.at, when(lang, r.at_ms)), (lang.kitchen_pages().entered, when(lang, r.entered_ms)), (k.source, source(lang, &r.source))];
    let mut extra = String::new();
    let by = |who: &PublicPerson| person(lang, who);
    match &r.body {
        PublicBody::MorningCheck(c) => {
            let _ = write!(extra, r#"<h2 class="card-h">{}</h2><ul class="k-people">"#, esc(lang.kitchen_pages().people));
            for e in &c.entries {
                let o = e.outcome as usize;
                let _ = write!(
                    extra,
                    r#"<li><span>{}</span><span class="badge {}">{}</span></li>"#,
                    esc(&by(&e.who)),
                    OUTCOME_TONES[o],
                    esc(k.outcomes[o])
                );
            }
            extra.push_str("</ul>");
        }
        PublicBody::Samples(s) => {
            let dishes: Vec<String> = s.dishes.iter().map(|d| format!("{} {}", d.dish, fill(k.grams, d.grams))).collect();
            rows.extend([
                (k.meal, k.meals[s.meal as usize].to_owned()),
                (k.menu, s.menu.join(lang.look().name_sep)),
                (lang.kitchen_pages().sampled, dishes.join(lang.look().name_sep)),
                (k.taken_by, by(&s.taken_by)),
                (lang.kitchen_pages().keep_until, when(lang, s.keep_until_ms)),
            ]);
            rows.extend(s.disposed_by.as_ref().map(|d| (k.disposed_by, by(d))));
            if let Some((url, thumb)) = s.photo.as_deref().map(photo_urls) {
                photo_strip(&mut extra, lang, std::iter::once((url.as_str(), thumb.as_str())));
            }
        }
        PublicBody::Disinfection(d) => {
            rows.extend([(k.target, k.targets[d.target as usize].to_owned()), (k.method, k.methods[d.method as usize].to_owned())]);
            for (what, v) in [(Measure::TemperatureC, d.temperature_c), (Measure::ChlorineMgL, d.concentration_mg_l)] {
                rows.extend(v.map(|v| (lang.kitchen_pages().measures[what as usize], value(lang, what, v.into()))));
            }
            rows.extend([(lang.kitchen_pages().measures[2], value(lang, Measure::Seconds, d.duration_s)), (k.by, by(&d.by))]);
        }
        PublicBody::PesticideTest(t) => rows.extend([
            (k.sample, t.sample.clone()),
            (k.inhibition, format!("{}%", t.inhibition_percent)),
            (
                k.result,
                if p.findings.iter().any(|f| matches!(f, Finding::PositiveAwaitingRecheck { .. })) {
                    lang.kitchen_pages().positive
                } else {
                    lang.kitchen_pages().negative
                }
                .to_owned(),
            ),
            (k.action, t.action.map_or(k.not_stated, |a| k.actions[a as usize]).to_owned()),
            (k.by, by(&t.by)),
        ]),
        PublicBody::Purchase(b) => rows.extend([
            (k.item, b.item.clone()),
            (k.quantity, b.quantity.clone()),
            (k.batch, b.batch.clone()),
            (k.shelf_life, b.shelf_life.clone()),
            (k.supplier, b.supplier.name.clone()),
            (k.licence, b.supplier.licence.clone()),
        ]),
        PublicBody::SelfInspection(i) => rows.extend([
            (k.level, k.levels[i.level as usize].to_owned()),
            (k.by, by(&i.by)),
            (
                k.result,
                match (i.problems, i.problem_count) {
                    (true, Some(n)) => fill(k.problems_count, n),
                    (true, None) => k.problems_found.to_owned(),
                    (false, _) => lang.kitchen_pages().no_findings.to_owned(),
                },
            ),
        ]),
    }
    h.push_str(r#"<section class="card"><dl class="fields">"#);
    for (label, v) in rows {
        let _ = write!(h, "<div><dt>{}</dt><dd>{}</dd></div>", esc(label), esc(&v));
    }
    let _ = write!(h, r#"</dl>{extra}</section><section class="card"><h2 class="card-h">{}</h2>"#, esc(k.findings));
    if p.findings.is_empty() {
        let _ = write!(h, "<p>{}</p>", esc(lang.kitchen_pages().no_findings));
    } else {
        h.push_str(r#"<ul class="k-findings">"#);
        for f in &p.findings {
            // A good finding (someone moved off: the check doing its job) is told plainly, not praised.
            let tone = if f.tone() == Tone::Good { "tone-none" } else { f.tone().class() };
            let _ = write!(h, r#"<li class="{tone}">{}</li>"#, esc(&finding_words(lang, f)));
        }
        h.push_str("</ul>");
    }
    let _ = write!(h, r#"</section><section class="card"><h2 class="card-h">{}</h2><ol class="k-versions">"#, esc(lang.kitchen_pages().versions));
    for v in &p.versions {
        let late = if v.late { format!(r#" <span class="badge tone-warning">{}</span>"#, esc(k.late)) } else { String::new() };
        let _ = write!(
            h,
            "<li>{} · {} {} · {}{late}</li>",
            esc(&fill(k.version, v.version)),
            esc(lang.kitchen_pages().entered),
            esc(&when(lang, v.entered_ms)),
            esc(&source(lang, &v.source))
        );
    }
    h.push_str("</ol></section>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kitchen::tests::*;
    use crate::kitchen::*;

    #[test]
    fn a_self_inspection_page_says_how_many_problems_not_what() {
        let f = Fixture::new();
        let mut body = inspection(Level::Weekly, true);
        if let RecordBody::SelfInspection(i) = &mut body {
            i.findings = "张三丰腹泻已调离；猪肉单价 12 元".into();
            i.problem_count = Some(2);
        }
        let r = record(at(D, "19:00"), body);
        for lang in [Lang::Zh, Lang::En] {
            let html = super::record_page(lang, &page(&f, &r, std::slice::from_ref(&r)));
            assert!(!html.contains("腹泻") && !html.contains("单价") && !html.contains(lang.kitchen().inspection_findings), "{html}");
            assert!(html.contains(&fill(lang.kitchen().problems_count, 2)), "{html}");
        }
    }

    #[test]
    fn owner_text_never_fills_a_slot() {
        let short = Finding::SampleShort { dish: "{min}{n}".into(), grams: 100, min: 125 };
        assert_eq!(finding_words(Lang::Zh, &short), "{min}{n} 留样 100 克，不足 125 克");
    }

    /// Words no public page may hold: full names, certificate numbers, the supplier's contact, the
    /// price and the ticket, a temperature and a symptom.
    const PRIVATE: [&str; 12] =
        ["张三丰", "李小龙", "王美丽", "JK-", "赵经理", "13800138000", "9876", "ph-ticket", "38.6", "386", "腹泻", "Diarrhoea"];

    fn assert_public(html: &str) {
        for private in PRIVATE {
            assert!(!html.contains(private), "{private} in {html}");
        }
    }

    fn records_of_the_day() -> Vec<KitchenRecord> {
        let mut check = morning(vec![entry("s1", 386), entry("s2", 365), entry("s3", 365)]);
        if let RecordBody::MorningCheck(c) = &mut check {
            c.entries[0].symptoms = vec![Symptom::Diarrhoea];
        }
        let lunch = at(D, "11:40");
        vec![
            record(at(D, "05:50"), check),
            KitchenRecord {
                id: "KR2".into(),
                entered_ms: at(D, "15:00"),
                ..record(lunch, samples(Meal::Lunch, &[("红烧肉", 150), ("<b>青菜</b>", 100)], 48, lunch))
            },
            KitchenRecord {
                id: "KR3".into(),
                source: Source::Device { name: "快检仪 A1".into() },
                version: 2,
                ..record(at(D, "08:00"), pesticide(62, None))
            },
            KitchenRecord { id: "KR4".into(), ..record(at(D, "08:10"), purchase()) },
        ]
    }

    fn kitchen_day(f: &Fixture, name: &str) -> KitchenDay {
        let ctx = f.school();
        let today = day(D);
        let now = at(D, "19:30");
        let records = records_of_the_day();
        let calendar = (0..30)
            .map(|i| {
                let d = today.add_days(i - 29);
                let of_day = if d == today {
                    records.clone()
                } else if i % 3 == 0 {
                    full_day(&d.to_string())
                } else {
                    vec![]
                };
                CalendarDay { day: d, completeness: completeness(&day_lines(&of_day, d, now, &ctx), d, today, &f.rules) }
            })
            .collect();
        let (roster, staff) = public_roster(&f.roster, today, &f.rules);
        KitchenDay {
            code: "lc-1".into(),
            name: name.into(),
            day: today,
            today,
            lines: day_lines(&records, today, now, &ctx),
            records: records.iter().map(|r| RecordBrief::of(r, &ctx)).collect(),
            calendar,
            roster,
            staff,
        }
    }

    #[test]
    fn a_closed_day_says_so_on_the_card_and_in_the_calendar() {
        let f = Fixture::national();
        let sunday = day(D);
        let card = TodayCard { day: sunday, lines: day_lines(&[], sunday, at(D, "20:00"), &f.school()) };
        let zh = today_card(Lang::Zh, "lc-1", Some(&card));
        assert_eq!(zh.matches(r#"<span aria-hidden="true">–</span> 休息日</span><span class="k-detail"></span>"#).count(), 6, "{zh}");
        assert!(!zh.contains("未记录"), "{zh}");
        let en = today_card(Lang::En, "lc-1", Some(&card));
        assert!(
            en.contains(r#"<span class="k-kind">Morning check</span><span class="k-state"><span aria-hidden="true">–</span> Closed today</span>"#),
            "{en}"
        );
        let mut d = kitchen_day(&Fixture::new(), "食堂");
        d.calendar[0].completeness = Completeness::Closed;
        let html = super::kitchen_day(Lang::Zh, &d);
        assert!(
            html.contains(r#"<a class="k-square k-closed" href="/u/lc-1/today/2026-10-31" aria-label="2026年10月31日: 休息日" title="休息日">"#),
            "{html}"
        );
        assert!(html.contains(r#"<li><span class="k-square k-closed"></span>休息日</li></ul>"#), "the legend names it: {html}");
        assert!(super::kitchen_day(Lang::En, &d).contains(r#"<span class="k-square k-closed"></span>Closed</li>"#));
    }

    #[test]
    fn the_card_says_whose_records_and_each_kinds_state_in_words() {
        let f = Fixture::new();
        let d = kitchen_day(&f, "食堂");
        let card = TodayCard { day: d.day, lines: d.lines.clone() };
        let zh = today_card(Lang::Zh, "lc-1", Some(&card));
        assert!(zh.starts_with(r#"<section class="kitchen" aria-labelledby="kitchen-h"><h2 class="section-h section-kitchen" id="kitchen-h">今日后厨</h2><p class="section-note">单位自行记录"#), "{zh}");
        assert_eq!(zh.matches(r#"<li class="k-line "#).count(), 6);
        for expected in [
            r#"<li class="k-line tone-warning"><span class="k-kind">晨检</span><span class="k-state"><span aria-hidden="true">!</span> 需关注</span><span class="k-detail">3 人 · 2 人不宜上岗</span></li>"#,
            r#"<span class="k-kind">留样</span><span class="k-state"><span aria-hidden="true">!</span> 需关注</span><span class="k-detail">2 道菜 · 1 项需关注 · 2 餐未留样</span>"#,
            r#"<li class="k-line tone-bad"><span class="k-kind">消毒</span><span class="k-state"><span aria-hidden="true">✗</span> 未记录</span><span class="k-detail">应于 18:30 前</span>"#,
            r#"<span class="k-kind">企业自查</span><span class="k-state"><span aria-hidden="true">✗</span> 未记录</span><span class="k-detail">应于 19:00 前</span>"#,
            r#"<span class="k-kind">进货查验</span><span class="k-state"><span aria-hidden="true">✓</span> 已完成</span><span class="k-detail">1 批</span>"#,
            r#"<a class="row-more" href="/u/lc-1/today">查看记录</a></section>"#,
        ] {
            assert!(zh.contains(expected), "{expected}\nin {zh}");
        }
        assert_public(&zh);
        let early = TodayCard { day: d.day, lines: day_lines(&[], d.day, at(D, "05:00"), &f.school()) };
        let en = today_card(Lang::En, "lc-1", Some(&early));
        assert!(en.contains(r#"<span class="k-kind">Morning check</span><span class="k-state"><span aria-hidden="true">…</span> Not due yet</span><span class="k-detail">due by 06:00</span>"#), "{en}");
        assert!(en.contains(r#"<span class="k-kind">Purchases</span><span class="k-state"><span aria-hidden="true">–</span> None</span><span class="k-detail"></span>"#), "{en}");
        let none = today_card(Lang::En, "lc-1", None);
        assert!(none.contains("Kitchen today") && none.contains("does not publish its kitchen records here yet") && !none.contains("href"), "{none}");
    }

    #[test]
    fn the_first_screen_has_the_card_between_official_and_diners() {
        let page: crate::UnitPage = serde_json::from_value(serde_json::json!({
            "unit": {"code": "lc-1", "name": "食堂", "kind": "school_canteen", "address": "路 1 号"},
            "grade": {"scheme_key": "national", "scheme_name_zh": "", "scheme_name_en": "", "dynamic": {"not_graded": {"reason": "not_inspected"}}},
            "as_of": "2026-11-29",
            "ratings": {"satisfied": 0, "neutral": 0, "unsatisfied": 0}
        }))
        .unwrap();
        let html = crate::markup::unit_first_screen(Lang::Zh, &page);
        let (official, kitchen, diners) = (html.find(r#"class="official""#), html.find(r#"class="kitchen""#), html.find(r#"class="diners""#));
        assert!(official < kitchen && kitchen < diners && official.is_some(), "{html}");
    }

    #[test]
    fn the_day_page_has_a_calendar_of_links_the_records_and_the_roster_masked() {
        let f = Fixture::new();
        let d = kitchen_day(&f, "<script>x</script>食堂");
        let html = super::kitchen_day(Lang::Zh, &d);
        assert!(html.starts_with(r#"<a class="back" href="/u/lc-1">"#), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;食堂 · 2026年11月29日") && !html.contains("<script>"), "{html}");
        assert_eq!(html.matches(r#"<a class="k-square "#).count(), 30);
        assert!(html.contains(r#"<h2 class="card-h">近 30 天</h2>"#), "{html}");
        assert!(
            html.contains(r#"<a class="k-square k-full" href="/u/lc-1/today/2026-10-31" aria-label="2026年10月31日: 齐全" title="齐全">10/31</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"href="/u/lc-1/today/2026-11-01" aria-label="2026年11月1日: 无记录" title="无记录">11/1</a>"#), "{html}");
        assert!(html.contains(r#"href="/u/lc-1/today/2026-11-29" aria-current="date" aria-label="2026年11月29日: 较少""#), "{html}");
        assert_eq!(html.matches(r#"<a class="k-record "#).count(), 4);
        assert!(
            html.contains(r#"<a class="k-record tone-bad" href="/u/lc-1/records/KR3"><span class="when">08:00</span><span class="what">农残快检 · 菠菜 · 阳性 · 待复检</span><span class="badges"><span class="badge tone-bad">需关注</span><span class="badge tone-none">设备记录 · 快检仪 A1</span><span class="badge tone-none">已更正 (第 2 版)</span></span></a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<span class="what">留样 · 午餐 · 2 道菜</span><span class="badges"><span class="badge tone-bad">需关注</span><span class="badge tone-none">单位自行记录</span><span class="badge tone-warning">补录</span>"#), "{html}");
        assert!(html.contains("<p>在册 3 人 · 健康证有效 1 · 即将到期 1 · 已过期 1</p>"), "{html}");
        assert!(html.contains(r#"<li><span>张* · 厨师</span><span class="badge tone-good">健康证有效</span></li><li><span>李* · 切配</span><span class="badge tone-bad">已过期</span></li>"#), "{html}");
        assert_public(&html);
        let en = super::kitchen_day(Lang::En, &KitchenDay { records: vec![], ..d });
        assert!(en.contains("Last 30 days") && en.contains("Nothing was recorded that day") && en.contains("3 on the roster"), "{en}");
        assert_public(&en);
    }

    fn page(f: &Fixture, r: &KitchenRecord, versions: &[KitchenRecord]) -> RecordPage {
        let ctx = f.school();
        RecordPage {
            code: "lc-1".into(),
            name: "食堂".into(),
            record: PublicRecord::of(r, &ctx),
            versions: versions.iter().map(|v| PublicVersion::of(v, &f.rules)).collect(),
            findings: findings(r, &ctx),
        }
    }

    #[test]
    fn a_record_page_masks_people_and_shows_its_trail_source_and_findings() {
        let f = Fixture::new();
        let records = records_of_the_day();
        let check = super::record_page(Lang::Zh, &page(&f, &records[0], &records[..1]));
        assert!(check.starts_with(r#"<a class="back" href="/u/lc-1/today/2026-11-29">后厨记录</a><h1 class="page-h">晨检</h1>"#), "{check}");
        assert!(check.contains(r#"<ul class="k-people"><li><span>张* · 厨师</span><span class="badge tone-warning">调离</span></li><li><span>李* · 切配</span><span class="badge tone-bad">健康证已过期</span></li><li><span>王* · 面点</span><span class="badge tone-good">合格</span></li></ul>"#), "{check}");
        assert!(check.contains(r#"<li class="tone-none">张* · 厨师 调离</li><li class="tone-bad">李* · 切配 健康证已过期</li>"#), "{check}");
        assert_public(&check);

        let sample = &records[1];
        let first = Some(FirstVersion { at_ms: sample.at_ms, entered_ms: sample.entered_ms });
        let corrected = KitchenRecord { version: 2, entered_ms: at(D, "16:00"), first, ..sample.clone() };
        let html = super::record_page(Lang::Zh, &page(&f, &corrected, &[sample.clone(), corrected.clone()]));
        assert!(html.contains(r#"<p class="badges"><span class="badge tone-none">单位自行记录</span><span class="badge tone-warning">补录</span><span class="badge tone-none">已更正 (第 2 版)</span></p>"#), "{html}");
        assert!(html.contains("<dt>留样</dt><dd>红烧肉 150 克、&lt;b&gt;青菜&lt;/b&gt; 100 克</dd>") && !html.contains("<b>"), "{html}");
        assert!(html.contains("<dt>留样人</dt><dd>张* · 厨师</dd>") && html.contains("<dt>保存至</dt><dd>2026年12月1日 11:40</dd>"), "{html}");
        assert!(html.contains(r#"<li class="tone-bad">&lt;b&gt;青菜&lt;/b&gt; 留样 100 克，不足 125 克</li>"#), "{html}");
        assert!(html.contains(r#"<ol class="k-versions"><li>第 1 版 · 录入时间 2026年11月29日 15:00 · 单位自行记录 <span class="badge tone-warning">补录</span></li><li>第 2 版 · 录入时间 2026年11月29日 16:00 · 单位自行记录</li></ol>"#), "{html}");

        let purchase = super::record_page(Lang::En, &page(&f, &records[3], &records[3..]));
        assert!(
            purchase.contains("<dt>Supplier</dt><dd>聊城市鲜达肉类有限公司</dd><div>")
                || purchase.contains("<dt>Supplier</dt><dd>聊城市鲜达肉类有限公司</dd></div>"),
            "{purchase}"
        );
        assert!(purchase.contains("<dt>Licence</dt><dd>JY13715020000123</dd>") && purchase.contains("<p>Nothing found</p>"), "{purchase}");
        assert_public(&purchase);

        let test = super::record_page(Lang::En, &page(&f, &records[2], &records[2..3]));
        assert!(test.contains("<dt>Result</dt><dd>Positive · awaiting recheck</dd>") && test.contains("<dt>Batch</dt><dd>Not stated</dd>"), "{test}");
        assert!(test.contains(r#"<span class="badge tone-none">Written by a device · 快检仪 A1</span>"#), "{test}");
        assert!(test.contains(r#"<li class="tone-warning">Inhibition 62%: positive · awaiting recheck</li><li class="tone-bad">Nothing said of the positive batch</li>"#), "{test}");
        assert!(!test.contains("不合格") && !test.contains("fail"), "a rapid positive is never a failure");
    }

    #[test]
    fn disinfection_reads_in_units() {
        let f = Fixture::new();
        let r = record(at(D, "13:00"), disinfection(Method::Steam, Some(95), None, 600));
        let html = super::record_page(Lang::Zh, &page(&f, &r, std::slice::from_ref(&r)));
        assert!(
            html.contains("<dt>温度</dt><dd>95 ℃</dd><div><dt>时长</dt>")
                || html.contains("<dt>温度</dt><dd>95 ℃</dd></div><div><dt>时长</dt><dd>10 分钟</dd>"),
            "{html}"
        );
        assert!(html.contains(r#"<li class="tone-bad">温度 95 ℃，低于 100 ℃</li>"#), "{html}");
        let en = finding_words(Lang::En, &Finding::BelowThreshold { what: Measure::Seconds, got: 30, min: 40 });
        assert_eq!(en, "Time 30 s, below 40 s");
    }

    #[test]
    fn both_languages_fill_the_same_slots() {
        let (zh, en) = (Lang::Zh.kitchen(), Lang::En.kitchen());
        let (zp, ep) = (Lang::Zh.kitchen_pages(), Lang::En.kitchen_pages());
        for (a, b) in zp.finding_words.iter().zip(ep.finding_words).chain(zh.counts.iter().zip(en.counts)) {
            for slot in ["{who}", "{dish}", "{n}", "{min}", "{what}"] {
                assert_eq!(a.contains(slot), b.contains(slot), "{slot}: {a} / {b}");
            }
        }
        let (zs, es) = (Lang::Zh.kitchen_staff(), Lang::En.kitchen_staff());
        for (a, b) in zs.attention.iter().zip(es.attention) {
            assert_eq!((a.contains("{n}"), a.contains("{level}")), (b.contains("{n}"), b.contains("{level}")), "{a} / {b}");
        }
        assert_eq!(InputProblem::ALL.iter().enumerate().filter(|(i, p)| **p as usize != *i).count(), 0, "the words' table is in the enum's order");
    }
}
