//! Alerts and sensors as HTML (可示警、可感测): the kitchen view's section — the last 30 days' alerts by
//! category (how many dealt with in time, confirmed, still to be checked) and each sensor's reading,
//! state, share in range and a chart of its last 24 hours as inline SVG (no chart library) — and the
//! first screen's one line. Counts only: nothing here can show a snapshot, a note or a name of staff.

use std::fmt::Write;

use super::esc;
use crate::i18n::{fill, Lang};
use crate::watch::{PublicSensor, PublicWatch, SensorState, WatchBrief};

/// The chart's size in SVG units; it scales to the page's width.
const CHART_W: i64 = 320;
const CHART_H: i64 = 80;

/// "3.2 °C", "-18.5 °C".
pub fn celsius(tenths: i32) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{} °C", tenths.abs() / 10, tenths.abs() % 10)
}

/// "0–8 °C", "≤ -18 °C", "≥ 100 °C": a range in whole degrees where it is whole.
pub fn range_words(min: Option<i32>, max: Option<i32>) -> String {
    let deg = |t: i32| if t % 10 == 0 { format!("{}", t / 10) } else { celsius(t).trim_end_matches(" °C").to_owned() };
    match (min, max) {
        (Some(min), Some(max)) => format!("{}–{} °C", deg(min), deg(max)),
        (None, Some(max)) => format!("≤ {} °C", deg(max)),
        (Some(min), None) => format!("≥ {} °C", deg(min)),
        (None, None) => String::new(),
    }
}

/// "刚刚", "2 分钟前", "3 小时前".
pub fn ago(lang: Lang, at_ms: i64, now_ms: i64) -> String {
    let w = lang.watch();
    let minutes = (now_ms - at_ms).max(0) / 60_000;
    match minutes {
        0 => w.just_now.to_owned(),
        1..=59 => fill(w.minutes_ago, minutes),
        _ => fill(w.hours_ago, minutes / 60),
    }
}

fn sensor_tone(state: SensorState) -> &'static str {
    match state {
        SensorState::Normal => "tone-good",
        SensorState::OutOfRange => "tone-bad",
        SensorState::Offline => "tone-warning",
    }
}

/// The first screen's line: "近 30 天智能示警 12 次 · 11 次按时处置 · 1 次待核实 · 温度探头 3 个 · 全部正常",
/// a link to the kitchen view's section.
pub fn watch_line(lang: Lang, code: &str, b: &WatchBrief) -> String {
    let w = lang.watch_brief();
    let mut parts = vec![];
    if b.alerts == 0 {
        parts.push(w.none.replace("{m}", &b.days.to_string()));
    } else {
        parts.push(fill(&w.alerts.replace("{m}", &b.days.to_string()), b.alerts));
        parts.push(fill(w.in_time, b.in_time));
        if b.open > 0 {
            parts.push(fill(w.open, b.open));
        }
    }
    if b.sensors > 0 {
        parts.push(fill(w.sensors, b.sensors));
        parts.push(if b.sensors_bad > 0 { fill(w.sensors_bad, b.sensors_bad) } else { w.sensors_fine.to_owned() });
    }
    let tone = if b.open > 0 || b.sensors_bad > 0 { "tone-warning" } else { "tone-good" };
    format!(r#"<a class="watch-line {tone}" href="/u/{}/live#watch">{}</a>"#, esc(code), esc(&parts.join(" · ")))
}

/// The kitchen view's section of alerts and sensors, as of `now_ms`.
pub fn watch_section(lang: Lang, w: &PublicWatch, now_ms: i64) -> String {
    let t = lang.watch();
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<section class="watch" id="watch" aria-labelledby="watch-h"><h2 class="section-h" id="watch-h">{}</h2><p class="section-note">{}</p>"#,
        esc(t.title),
        esc(t.note)
    );
    if w.total.alerts == 0 {
        let _ = write!(h, r#"<p class="watch-none">{}</p>"#, esc(&lang.watch_brief().none.replace("{m}", &w.days.to_string())));
    } else {
        let _ = write!(
            h,
            r#"<table class="watch-counts"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
            esc(t.heading_category),
            esc(t.heading_alerts),
            esc(t.heading_in_time),
            esc(t.heading_confirmed),
            esc(t.heading_open)
        );
        let row = |h: &mut String, name: &str, c: &crate::watch::Counts, class: &str| {
            let _ = write!(
                h,
                r#"<tr{class}><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(name),
                c.alerts,
                c.in_time,
                c.confirmed,
                c.open
            );
        };
        for c in &w.categories {
            row(&mut h, t.category(c.category), &c.counts, "");
        }
        row(&mut h, t.total, &w.total, r#" class="watch-total""#);
        h.push_str("</tbody></table>");
    }
    let _ = write!(h, r#"<h3 class="watch-sub">{}</h3>"#, esc(t.sensors_title));
    if w.sensors.is_empty() {
        let _ = write!(h, r#"<p class="watch-none">{}</p>"#, esc(t.no_sensors));
    }
    for s in &w.sensors {
        h.push_str(&sensor_card(lang, s, w.chart_from_ms, w.chart_to_ms, now_ms));
    }
    h.push_str("</section>");
    h
}

/// One sensor: "冷藏 · 1号冷藏柜  3.2 °C · 正常 · 2 分钟前", its range and share in range, its chart.
fn sensor_card(lang: Lang, s: &PublicSensor, from_ms: i64, to_ms: i64, now_ms: i64) -> String {
    let t = lang.watch();
    let reading = match s.last {
        Some((at, tenths)) => format!("{} · {} · {}", celsius(tenths), t.sensor_state(s.state), ago(lang, at, now_ms)),
        None => format!("{} · {}", t.sensor_state(s.state), t.never_read),
    };
    let mut meta = vec![t.range.replace("{t}", &range_words(s.min_tenths, s.max_tenths))];
    if let Some(p) = s.in_range_permille {
        meta.push(fill(t.in_range_share, f64::from(p) / 10.0));
    }
    format!(
        r#"<div class="sensor {tone}"><p class="sensor-line"><span class="sensor-name">{} · {}</span> <span class="sensor-reading">{}</span></p><p class="row-detail">{}</p>{}</div>"#,
        esc(t.sensor_kind(s.kind)),
        esc(&s.name),
        esc(&reading),
        esc(&meta.join(" · ")),
        chart_svg(lang, s, from_ms, to_ms),
        tone = sensor_tone(s.state),
    )
}

/// The last hours as a line over the allowed band, in SVG: the range shaded, the readings a line that
/// breaks where there were none, the points out of range marked. Colours follow the text's (`currentColor`).
pub fn chart_svg(lang: Lang, s: &PublicSensor, from_ms: i64, to_ms: i64) -> String {
    let t = lang.watch();
    let label = format!("{} · {}", t.chart_label, range_words(s.min_tenths, s.max_tenths));
    let mut svg = format!(
        r#"<svg class="sensor-chart" viewBox="0 0 {CHART_W} {CHART_H}" width="100%" height="{CHART_H}" role="img" aria-label="{}" preserveAspectRatio="none">"#,
        esc(&label)
    );
    // The vertical scale holds the readings and the range's ends, with a little room.
    let values = s.chart.iter().map(|&(_, v)| v).chain(s.min_tenths).chain(s.max_tenths);
    let (lo, hi) = values.fold((i32::MAX, i32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo > hi { (0, 100) } else { (lo - 10, hi + 10) };
    let span_t = (to_ms - from_ms).max(1);
    let x = |at: i64| (at - from_ms) * CHART_W / span_t;
    let y = |v: i32| CHART_H - i64::from(v - lo) * CHART_H / i64::from((hi - lo).max(1));
    let band_top = s.max_tenths.map_or(0, y);
    let band_bottom = s.min_tenths.map_or(CHART_H, y);
    let _ = write!(
        svg,
        r#"<rect x="0" y="{band_top}" width="{CHART_W}" height="{}" fill="currentColor" opacity="0.1"/>"#,
        (band_bottom - band_top).max(0)
    );
    // A gap of more than two steps between points breaks the line.
    let step = s.chart.windows(2).map(|w| w[1].0 - w[0].0).min().unwrap_or(span_t);
    let mut runs: Vec<Vec<(i64, i32)>> = vec![];
    for &(at, v) in &s.chart {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|&(prev, _)| at - prev <= 2 * step) => run.push((at, v)),
            _ => runs.push(vec![(at, v)]),
        }
    }
    for run in &runs {
        let points: Vec<String> = run.iter().map(|&(at, v)| format!("{},{}", x(at), y(v))).collect();
        let _ = write!(svg, r#"<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>"#, points.join(" "));
    }
    let out_of_range = |v: i32| s.min_tenths.is_some_and(|m| v < m) || s.max_tenths.is_some_and(|m| v > m);
    for &(at, v) in s.chart.iter().filter(|&&(_, v)| out_of_range(v)) {
        let _ = write!(svg, r#"<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/>"#, x(at), y(v));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::AlertCategory;
    use crate::watch::{CategoryCount, Counts, SensorKind};

    const MIN: i64 = 60_000;

    fn fridge(chart: Vec<(i64, i32)>) -> PublicSensor {
        PublicSensor {
            kind: SensorKind::Refrigerator,
            name: "1号<冷藏>柜".into(),
            state: SensorState::Normal,
            last: Some((58 * MIN, 32)),
            min_tenths: Some(0),
            max_tenths: Some(80),
            in_range_permille: Some(987),
            chart,
        }
    }

    #[test]
    fn words_for_temperatures_ranges_and_times() {
        assert_eq!((celsius(32), celsius(-185), celsius(-5), celsius(0)), ("3.2 °C".into(), "-18.5 °C".into(), "-0.5 °C".into(), "0.0 °C".into()));
        assert_eq!(range_words(Some(0), Some(80)), "0–8 °C");
        assert_eq!(range_words(None, Some(-180)), "≤ -18 °C");
        assert_eq!(range_words(Some(1000), None), "≥ 100 °C");
        assert_eq!(ago(Lang::Zh, 0, 2 * MIN), "2 分钟前");
        assert_eq!(ago(Lang::En, 0, 3 * 60 * MIN), "3 h ago");
        assert_eq!(ago(Lang::Zh, 0, 30_000), "刚刚");
    }

    #[test]
    fn the_section_counts_and_charts_escaped() {
        let w = PublicWatch {
            days: 30,
            total: Counts { alerts: 3, in_time: 2, confirmed: 1, open: 1, overdue: 1 },
            categories: vec![CategoryCount {
                category: AlertCategory::Rodent,
                counts: Counts { alerts: 3, in_time: 2, confirmed: 1, open: 1, overdue: 1 },
            }],
            sensors: vec![fridge(vec![(0, 30), (15 * MIN, 95), (55 * MIN, 40)])],
            chart_from_ms: 0,
            chart_to_ms: 60 * MIN,
        };
        let html = watch_section(Lang::Zh, &w, 60 * MIN);
        assert!(html.contains("<th scope=\"row\">老鼠</th><td>3</td><td>2</td><td>1</td><td>1</td>"), "{html}");
        assert!(html.contains("1号&lt;冷藏&gt;柜"), "escaped");
        assert!(html.contains("3.2 °C · 正常 · 2 分钟前"), "{html}");
        assert!(html.contains("近 7 天 98.7% 时间在范围内"), "{html}");
        assert_eq!(html.matches("<polyline").count(), 2, "the gap of 40 minutes breaks the line: {html}");
        assert_eq!(html.matches("<circle").count(), 1, "one point out of range");
        let none = PublicWatch { total: Counts::default(), categories: vec![], sensors: vec![], ..w };
        let html = watch_section(Lang::En, &none, 0);
        assert!(html.contains("No automatic alerts in 30 days") && html.contains("no temperature sensors"), "{html}");
    }

    #[test]
    fn the_first_screens_line() {
        let b = WatchBrief { days: 30, alerts: 12, in_time: 11, open: 1, sensors: 3, sensors_bad: 0 };
        assert_eq!(
            watch_line(Lang::Zh, "lc-dcf-0012", &b),
            r#"<a class="watch-line tone-warning" href="/u/lc-dcf-0012/live#watch">近 30 天智能示警 12 次 · 11 次按时处置 · 1 次待核实 · 温度探头 3 个 · 全部正常</a>"#
        );
        let quiet = WatchBrief { days: 30, alerts: 0, in_time: 0, open: 0, sensors: 2, sensors_bad: 1 };
        assert!(watch_line(Lang::En, "x", &quiet).contains("No automatic alerts in 30 days · 2 temperature sensors · 1 not normal"));
    }
}
