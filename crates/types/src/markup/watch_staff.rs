//! An alert as the owner and the regulator see it (the staff app's card): what raised it and when, how
//! sure the box was, the deadline or how long it is overdue, the snapshot, the owner's answer and the
//! regulator's overruling. Read-only; the forms that answer and overrule are the app's.

use std::fmt::Write;

use super::kitchen::when;
use super::{celsius, esc, photo_strip};
use crate::i18n::{fill, Lang};
use crate::watch::{AlertSource, AlertState, StaffAlert, Verdict};

const HOUR_MS: i64 = 3_600_000;

/// By [`AlertState`]: new, confirmed, false alarm, overruled, overdue.
const STATE_TONES: [&str; 5] = ["tone-warning", "tone-good", "tone-none", "tone-bad", "tone-bad"];

/// The card of one alert as of `now_ms`; `with_unit` names the unit (the regulator's list of a region).
pub fn staff_alert(lang: Lang, a: &StaffAlert, now_ms: i64, with_unit: bool) -> String {
    let (look, w, s) = (lang.look(), lang.watch(), lang.watch_staff());
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<h2 class="alert-h" id="al-{id}"><span class="badge {tone}">{state}</span> {category}</h2>"#,
        id = esc(&a.id),
        tone = STATE_TONES[a.state as usize],
        state = esc(w.state(a.state)),
        category = esc(w.category(a.category)),
    );
    if with_unit {
        let _ = write!(h, r#"<p class="alert-unit"><a href="/u/{}">{}</a></p>"#, esc(&a.unit_code), esc(&a.unit_name));
    }
    let mut meta = vec![
        match &a.source {
            AlertSource::Camera { area, .. } => s.camera.replace("{t}", look.kitchen_area(*area)),
            AlertSource::Sensor { kind, name, .. } => format!("{} · {name}", w.sensor_kind(*kind)),
            AlertSource::Removed => s.removed.to_owned(),
        },
        when(lang, a.at_ms),
    ];
    meta.extend(a.confidence_percent.map(|p| fill(s.confidence, p)));
    if a.sightings > 1 {
        meta.push(fill(s.sightings, a.sightings));
    }
    meta.extend(a.worst_tenths.map(|t| s.worst.replace("{t}", &celsius(t))));
    let _ = write!(h, r#"<p class="alert-meta">{}</p>"#, esc(&meta.join(" · ")));
    match a.state {
        AlertState::New => {
            let left = a.deadline_ms - now_ms;
            let left = if left >= HOUR_MS { fill(s.hours_left, left / HOUR_MS) } else { fill(s.minutes_left, (left / 60_000).max(1)) };
            let tone = if a.deadline_ms - now_ms < 4 * HOUR_MS { "tone-bad" } else { "tone-warning" };
            let due = s.due_by.replace("{t}", &when(lang, a.deadline_ms));
            let _ = write!(h, r#"<p class="alert-due {tone}">{} · {}</p>"#, esc(&due), esc(&left));
        }
        AlertState::Overdue => {
            let hours = ((now_ms - a.deadline_ms) + HOUR_MS - 1).div_euclid(HOUR_MS).max(1);
            let _ = write!(h, r#"<p class="alert-due tone-bad">{}</p>"#, esc(&fill(s.overdue_by, hours)));
        }
        _ => {}
    }
    if a.snapshot {
        let url = format!("/api/staff/alerts/{}/snapshot", a.id);
        let _ = write!(
            h,
            r#"<figure class="alert-snap"><a href="{url}" target="_blank" rel="noopener"><img src="{url}" alt="{alt}" loading="lazy"></a><figcaption>{alt}</figcaption></figure>"#,
            url = esc(&url),
            alt = esc(s.snapshot)
        );
    }
    if let Some(answer) = &a.answer {
        let verdict = s.verdicts[match answer.verdict {
            Verdict::Confirmed => 0,
            Verdict::FalseAlarm => 1,
        }];
        let mut line = format!("{} · {}", verdict, s.answered_at.replace("{t}", &when(lang, answer.at_ms)));
        if !answer.in_time {
            line = format!("{line} · {}", s.answered_late);
        }
        let _ = write!(h, r#"<div class="alert-answer"><p class="alert-said">{}</p><p>{}</p>"#, esc(&line), esc(&answer.note));
        if let Some(photo) = &answer.photo {
            photo_strip(&mut h, lang, std::iter::once((photo.url.as_str(), photo.thumb_url.as_str())));
        }
        h.push_str("</div>");
    }
    if let Some(o) = &a.overrule {
        let said = s.overruled.replace("{who}", &o.by).replace("{t}", &when(lang, o.at_ms));
        let _ = write!(h, r#"<div class="alert-answer alert-overrule"><p class="alert-said">{}</p><p>{}</p></div>"#, esc(&said), esc(&o.note));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::{AlertCategory, AnswerView, OverruleView};
    use crate::{KitchenArea, PhotoRef};

    fn alert(state: AlertState) -> StaffAlert {
        StaffAlert {
            id: "AL1".into(),
            unit_code: "lc-x".into(),
            unit_name: "A&B 食堂".into(),
            source: AlertSource::Camera { id: 3, area: KitchenArea::Cooking },
            category: AlertCategory::NoMask,
            confidence_percent: Some(87),
            at_ms: 0,
            raised_ms: 0,
            last_ms: 0,
            sightings: 3,
            worst_tenths: None,
            deadline_ms: 24 * HOUR_MS,
            state,
            snapshot: true,
            answer: None,
            overrule: None,
        }
    }

    #[test]
    fn a_new_alert_says_its_deadline_and_what_is_left() {
        let h = staff_alert(Lang::Zh, &alert(AlertState::New), 19 * HOUR_MS, true);
        assert!(h.contains("待核实") && h.contains("未戴口罩"), "{h}");
        assert!(h.contains("请在 1970年1月2日 08:00 前处置 · 还剩 5 小时"), "{h}");
        assert!(h.contains(r#"<a href="/u/lc-x">A&amp;B 食堂</a>"#), "{h}");
        assert!(h.contains("置信度 87%") && h.contains("连续出现 3 次"), "{h}");
        assert!(h.contains(r#"src="/api/staff/alerts/AL1/snapshot""#), "{h}");
        assert!(staff_alert(Lang::En, &alert(AlertState::New), 23 * HOUR_MS + 20 * 60_000, false).contains("40 min left"));
    }

    #[test]
    fn an_overdue_alert_counts_whole_hours_begun() {
        let h = staff_alert(Lang::Zh, &alert(AlertState::Overdue), 24 * HOUR_MS + 90 * 60_000, false);
        assert!(h.contains("已逾期 2 小时") && !h.contains("还剩"), "{h}");
    }

    #[test]
    fn answers_and_overrulings_are_shown_with_their_notes() {
        let mut a = alert(AlertState::Overruled);
        a.answer = Some(AnswerView { verdict: Verdict::FalseAlarm, note: "是猫 <b>".into(), photo: None, at_ms: 30 * HOUR_MS, in_time: false });
        a.overrule = Some(OverruleView { note: "录像可见老鼠".into(), at_ms: 40 * HOUR_MS, by: "李监管".into() });
        let h = staff_alert(Lang::Zh, &a, 50 * HOUR_MS, false);
        assert!(h.contains("误报 · ") && h.contains("逾期答复") && h.contains("是猫 &lt;b&gt;"), "{h}");
        assert!(h.contains("监管部门认定属实 · 李监管") && h.contains("录像可见老鼠"), "{h}");
        a.answer = Some(AnswerView {
            verdict: Verdict::Confirmed,
            note: "已补戴".into(),
            photo: Some(PhotoRef::staff("p1")),
            at_ms: HOUR_MS,
            in_time: true,
        });
        let h = staff_alert(Lang::En, &a, 50 * HOUR_MS, false);
        assert!(h.contains("Confirmed and put right") && h.contains("/api/staff/media/p1.thumb.jpg") && !h.contains("late"), "{h}");
    }
}
