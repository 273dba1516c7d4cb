//! How a district is doing (`/r/{region}`, painted by the server): its units by official grade and
//! kind, then the regulator's work over the last twelve months, each figure a number with a small
//! chart drawn as SVG from the monthly counts, and the regions inside it.

use std::fmt::Write;

use super::esc;
use crate::district::{DistrictFigures, MedianDays, Monthly, Rate};
use crate::i18n::{fill, fill_slots, Lang};
use crate::{Day, Level};

/// The whole page.
pub fn district_screen(lang: Lang, f: &DistrictFigures) -> String {
    let w = lang.district();
    let name = f.region.name(lang);
    let mut h = String::new();
    if let Some(parent) = &f.parent {
        let _ = write!(
            h,
            r#"<p class="district-up"><a href="{}">{}</a></p>"#,
            esc(&region_href(lang, &parent.code)),
            esc(&fill_slots(w.part_of, &[("{region}", parent.name(lang))]))
        );
    }
    let _ = write!(
        h,
        r#"<h1 class="page-h">{}</h1><p class="section-note">{} · {}</p>"#,
        esc(&fill_slots(w.title, &[("{region}", name)])),
        esc(&fill_slots(w.as_of, &[("{date}", &f.as_of.to_string())])),
        esc(w.intro)
    );
    h.push_str(&units_section(lang, f));
    h.push_str(&work_section(lang, f));
    if !f.parts.is_empty() {
        let heading = if f.level == Level::City { w.parts_city } else { w.parts_county };
        let _ = write!(
            h,
            r#"<section class="district-parts" aria-labelledby="parts-h"><h2 class="section-h" id="parts-h">{}</h2><ul class="results">"#,
            esc(heading)
        );
        for part in &f.parts {
            let _ = write!(
                h,
                r#"<li><a class="result" href="{}"><span class="result-name">{}</span><span class="result-meta">{}</span></a></li>"#,
                esc(&region_href(lang, &part.region.code)),
                esc(part.region.name(lang)),
                esc(&fill(w.units_n, part.units))
            );
        }
        h.push_str("</ul></section>");
    }
    let near = if lang == Lang::En { format!("/near?region={}&lang=en", f.region.code) } else { format!("/near?region={}", f.region.code) };
    let _ =
        write!(h, r#"<p><a class="button button-secondary" href="{}">{}</a></p>"#, esc(&near), esc(&fill_slots(w.near_link, &[("{region}", name)])));
    h
}

/// A region's page in the reader's language.
fn region_href(lang: Lang, code: &str) -> String {
    let path = crate::Route::District(code.to_owned()).path();
    if lang == Lang::En {
        format!("{path}?lang=en")
    } else {
        path
    }
}

fn units_section(lang: Lang, f: &DistrictFigures) -> String {
    let (w, near, lk) = (lang.district(), lang.near(), lang.look());
    let g = &f.grades;
    let grades = [
        ("big-smile", near.big_smile, g.big_smile),
        ("smile", near.smile, g.smile),
        ("flat", near.flat, g.flat),
        ("ungraded", lk.not_graded, g.not_graded),
    ];
    let mut h = format!(
        r#"<section class="district-units" aria-labelledby="units-h"><h2 class="section-h" id="units-h">{}</h2><p class="fig-n">{}</p><h3 class="fig-h">{}</h3>"#,
        esc(w.units_h),
        esc(&fill(w.units_n, f.units)),
        esc(w.grades_h)
    );
    // One bar split by grade (its words and counts in the list under it: colour is not the only signal).
    let total = f.units.max(1) as f64;
    let mut x = 0.0;
    h.push_str(r#"<svg class="grade-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">"#);
    for (class, _, n) in grades {
        let width = f64::from(n) / total * 100.0;
        if n > 0 {
            let _ = write!(h, r#"<rect class="bar-{class}" x="{x:.2}" width="{width:.2}" height="8"/>"#);
        }
        x += width;
    }
    h.push_str(r#"</svg><ul class="legend">"#);
    for (class, word, n) in grades {
        let _ = write!(h, r#"<li><span class="swatch bar-{class}" aria-hidden="true"></span>{}<b>{}</b></li>"#, esc(word), n);
    }
    let _ = write!(h, r#"</ul><h3 class="fig-h">{}</h3><ul class="kind-list">"#, esc(w.kinds_h));
    let most = f.kinds.iter().map(|k| k.units).max().unwrap_or(1).max(1) as f64;
    for k in &f.kinds {
        let _ = write!(
            h,
            r#"<li><span>{}</span><b>{}</b><svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-kind" width="{:.2}" height="6"/></svg></li>"#,
            esc(lk.unit_kind(k.kind)),
            k.units,
            f64::from(k.units) / most * 100.0
        );
    }
    h.push_str("</ul></section>");
    h
}

fn work_section(lang: Lang, f: &DistrictFigures) -> String {
    let w = lang.district();
    let mut h = format!(
        r#"<section class="district-work" aria-labelledby="work-h"><h2 class="section-h" id="work-h">{}</h2><p class="section-note">{}</p><div class="figs">"#,
        esc(w.work_h),
        esc(w.work_note)
    );
    let counts = |m: &Monthly| m.by_month.iter().map(|&n| Some(f64::from(n))).collect::<Vec<_>>();
    let shares = |r: &Rate| r.by_month.iter().map(|&[met, all]| Rate::percent(met, all).map(f64::from)).collect::<Vec<_>>();
    let months = Axis::Past(&f.months);
    h.push_str(&figure(lang, w.overdue, &fill(w.units_n, f.inspections_overdue.total), w.overdue_note, &counts(&f.inspections_overdue), &months, ""));
    let ahead: Vec<Day> = f.months.last().map_or_else(Vec::new, |&m| (0..f.months.len() as i32).map(|i| m.add_months(i)).collect());
    h.push_str(&figure(
        lang,
        w.expiring,
        &fill(w.licences_n, f.licences_expiring),
        &fill(w.expired_note, f.licences_expired),
        &f.licences_ending.iter().map(|&n| Some(f64::from(n))).collect::<Vec<_>>(),
        &Axis::Ahead(&ahead),
        "",
    ));
    h.push_str(&figure(lang, w.reports, &fill(w.reports_n, f.reports_filed.total), w.per_month, &counts(&f.reports_filed), &months, ""));
    h.push_str(&rate_figure(lang, w.decided, &f.decided_in_time, w.decided_note, &shares(&f.decided_in_time), &months));
    h.push_str(&median_figure(lang, &f.days_to_decision, &months));
    h.push_str(&rate_figure(lang, w.alerts, &f.alerts_in_time, w.alerts_note, &shares(&f.alerts_in_time), &months));
    h.push_str("</div></section>");
    h
}

fn rate_figure(lang: Lang, label: &str, rate: &Rate, note: &str, values: &[Option<f64>], months: &Axis) -> String {
    let w = lang.district();
    let value = match Rate::percent(rate.met, rate.counted) {
        Some(p) => format!("{p}%"),
        None => w.none_yet.to_owned(),
    };
    // "0 of 0" says nothing: without anything to count, the note alone.
    let note = match rate.counted {
        0 => note.to_owned(),
        all => format!("{} {}", fill_slots(w.of_counted, &[("{met}", &rate.met.to_string()), ("{all}", &all.to_string())]), note),
    };
    figure(lang, label, &value, &note, values, months, "%")
}

fn median_figure(lang: Lang, m: &MedianDays, months: &Axis) -> String {
    let w = lang.district();
    let value = match m.median {
        Some(days) => fill(w.days_n, days_words(days)),
        None => w.none_yet.to_owned(),
    };
    figure(lang, w.days, &value, w.days_note, &m.by_month, months, w.days_unit)
}

/// Whole days as a whole number, a half as `.5`.
fn days_words(days: f64) -> String {
    if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        format!("{days:.1}")
    }
}

/// The months a chart's bars stand for.
enum Axis<'a> {
    /// The last twelve, the current one last (drawn stronger: it is not over).
    Past(&'a [Day]),
    /// The next twelve, this one first.
    Ahead(&'a [Day]),
}

impl Axis<'_> {
    fn months(&self) -> &[Day] {
        match self {
            Axis::Past(m) | Axis::Ahead(m) => m,
        }
    }
}

fn month_words(day: Day) -> String {
    let (y, m, _) = day.ymd();
    format!("{y}-{m:02}")
}

/// One figure: its label, the number, a note, and the chart of its months.
fn figure(lang: Lang, label: &str, value: &str, note: &str, values: &[Option<f64>], axis: &Axis, unit: &str) -> String {
    let w = lang.district();
    let months = axis.months();
    let (first, last) = (months.first().map(|d| month_words(*d)).unwrap_or_default(), months.last().map(|d| month_words(*d)).unwrap_or_default());
    // What the bars say, for a screen reader: each month and its value.
    let said: Vec<String> = months
        .iter()
        .zip(values)
        .map(|(m, v)| format!("{} {}", month_words(*m), v.map_or_else(|| w.none_yet.to_owned(), |v| format!("{}{unit}", days_words(v)))))
        .collect();
    let aria = format!("{}{}{}", label, lang.t().colon, said.join(", "));
    format!(
        r#"<div class="fig"><h3 class="fig-h">{}</h3><p class="fig-n">{}</p><p class="fig-note">{}</p><figure class="fig-chart">{}<figcaption class="fig-axis"><span>{first}</span><span>{last}</span></figcaption></figure></div>"#,
        esc(label),
        esc(value),
        esc(note),
        bars(values, matches!(axis, Axis::Past(_)), &aria)
    )
}

/// The chart's size in SVG units (it scales to the figure's width).
const CHART_W: f64 = 120.0;
const CHART_H: f64 = 32.0;

/// A bar per month, scaled to the largest; a month with no value a speck on the base line, a zero a
/// hairline (so that "none" and "nothing to count" read apart). `now_last`: the last bar is the month
/// under way.
fn bars(values: &[Option<f64>], now_last: bool, aria: &str) -> String {
    let most = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let slot = CHART_W / values.len().max(1) as f64;
    // Stretched to the figure's width (bars need no fixed aspect).
    let mut h =
        format!(r#"<svg class="fig-bars" viewBox="0 0 {CHART_W} {CHART_H}" preserveAspectRatio="none" role="img" aria-label="{}">"#, esc(aria));
    for (i, v) in values.iter().enumerate() {
        let x = i as f64 * slot + 1.0;
        let class = if now_last && i + 1 == values.len() { "bar bar-now" } else { "bar" };
        match v {
            Some(v) => {
                let height = if most > 0.0 { (v / most * (CHART_H - 2.0)).max(1.0) } else { 1.0 };
                let _ = write!(h, r#"<rect class="{class}" x="{x:.1}" y="{:.1}" width="{:.1}" height="{height:.1}"/>"#, CHART_H - height, slot - 2.0);
            }
            None => {
                let _ = write!(h, r#"<rect class="bar-none" x="{:.1}" y="{:.1}" width="2" height="2"/>"#, x + (slot - 4.0) / 2.0, CHART_H - 2.0);
            }
        }
    }
    h.push_str("</svg>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::district::{district_figures, DistrictFacts, ReportFacts, UnitFacts};
    use crate::{OfficialFace, Region, UnitKind};

    fn d(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn figures() -> DistrictFigures {
        let region = |code: &str, zh: &str, en: &str| Region { code: code.into(), name_zh: zh.into(), name_en: en.into() };
        let unit = |face| UnitFacts {
            region: "371502-01".into(),
            kind: UnitKind::SchoolCanteen,
            face,
            licence_until: Some(d("2027-01-10")),
            inspected: vec![],
        };
        let facts = DistrictFacts {
            units: vec![unit(Some(OfficialFace::BigSmile)), unit(Some(OfficialFace::BigSmile)), unit(None)],
            reports: vec![ReportFacts { filed: d("2026-11-02"), due: d("2026-11-11"), decided: Some(d("2026-11-05")) }],
            alerts: vec![],
        };
        district_figures(
            region("371502", "东昌府区 <b>", "Dongchangfu District"),
            Level::County,
            Some(region("3715", "聊城市", "Liaocheng")),
            vec![region("371502-01", "古楼所", "Gulou station")],
            &facts,
            d("2026-11-30"),
        )
    }

    #[test]
    fn the_page_says_each_figure_in_words_and_draws_it() {
        let page = district_screen(Lang::Zh, &figures());
        assert!(page.contains("东昌府区 &lt;b&gt;"), "names are escaped");
        assert!(page.contains(r#"<a href="/r/3715">"#), "the city above it");
        assert!(page.contains(r#"href="/r/371502-01""#) && page.contains("古楼所"), "the station inside it");
        assert!(page.contains("<b>2</b>") && page.contains("<b>1</b>"), "grade counts are in words, not colour alone");
        assert!(page.contains(">100%<"), "one report decided in time of one");
        assert!(page.contains(">3 天<"), "the median days to decision");
        assert_eq!(page.matches(r#"<svg class="fig-bars""#).count(), 6);
        assert_eq!(page.matches("<rect class=\"bar").count(), 6 * 12 + 2 /* grade bar */ + 1 /* kind bar */);
        assert!(page.contains("2026-11 100%"), "a chart says its months' values to a screen reader");
        let en = district_screen(Lang::En, &figures());
        assert!(en.contains(r#"href="/r/3715?lang=en""#) && en.contains("Dongchangfu District"));
        assert!(en.contains(r#"href="/near?region=371502&amp;lang=en""#));
    }

    #[test]
    fn bars_scale_to_the_largest_and_tell_none_from_zero() {
        let svg = bars(&[Some(0.0), Some(2.0), None, Some(4.0)], true, "x");
        assert!(svg.contains(r#"height="1.0""#), "a zero is a hairline");
        assert!(svg.contains(r#"height="15.0""#) && svg.contains(r#"height="30.0""#));
        assert_eq!(svg.matches("bar-none").count(), 1);
        assert_eq!(svg.matches("bar-now").count(), 1);
    }
}
