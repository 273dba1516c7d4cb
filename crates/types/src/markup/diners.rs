//! What diners do and say, as HTML: the smiley rating, the bar of the four actions, published reviews
//! with the owner's replies, and the follow-up page of a report or message. Every piece of text a diner
//! wrote is escaped: it is shown as text, never as HTML.

use std::fmt::Write;

use super::{back_link, esc};
use crate::faces::diner_face_svg;
use crate::i18n::{fill, fill_date, Lang};
use crate::{Day, MessageStatus, MessageView, PhotoRef, RatingSummary, ReportStatus, ReportView, Review, ReviewState, Smiley, TicketView};

/// Diners' voice, below the official facts and set apart from them: the smiley buttons (the app
/// handles taps through their `data-smiley`), the last 90 days' counts and the way to the reviews.
pub fn diners_section(lang: Lang, code: &str, ratings: &RatingSummary) -> String {
    let t = lang.t();
    // Once this device has voted today, the prompt's line thanks it (in place: nothing below moves when
    // the vote, which no shared page holds, arrives after first paint).
    let prompt = if ratings.mine.is_some() { t.rated_today } else { t.rate_prompt };
    let mut h = format!(
        r#"<section class="diners" id="rate" aria-labelledby="diners-h"><h2 class="section-h section-diners" id="diners-h">{}</h2><p class="section-note">{}</p><p class="rate-prompt" role="status">{}</p><div class="smileys">"#,
        esc(t.diners_section),
        esc(t.diners_note),
        esc(prompt)
    );
    for smiley in Smiley::ALL {
        let _ = write!(
            h,
            r#"<button type="button" class="smiley smiley-{}" data-smiley="{}" aria-pressed="{}">{}<span class="smiley-label">{}</span><span class="smiley-count">{}</span></button>"#,
            smiley.as_str(),
            smiley.as_str(),
            ratings.mine == Some(smiley),
            diner_face_svg(smiley),
            esc(t.smiley(smiley)),
            ratings.count(smiley)
        );
    }
    h.push_str("</div>");
    if ratings.total() == 0 {
        let _ = write!(h, r#"<p class="ratings-total">{}</p>"#, esc(t.ratings_none));
    } else {
        let _ = write!(h, r#"<p class="ratings-total">{}</p>"#, esc(&fill(t.ratings_count, ratings.total())));
        // An SVG, not widths in style attributes: the content security policy allows no inline style.
        h.push_str(r#"<svg class="ratings-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">"#);
        let mut x = 0;
        for smiley in Smiley::ALL {
            let width = ratings.percent(smiley);
            let _ = write!(h, r#"<rect class="bar-{}" x="{x}" width="{width}" height="10"/>"#, smiley.as_str());
            x += width;
        }
        h.push_str("</svg>");
    }
    if ratings.held > 0 {
        // Said plainly, so that a diner who voted in a rush knows why the counts did not move.
        let _ = write!(h, r#"<p class="ratings-held">{}</p>"#, esc(&fill(t.ratings_held, ratings.held)));
    }
    let _ = write!(h, r#"<a class="row-more" href="/u/{}/reviews">{}</a></section>"#, esc(code), esc(t.reviews_all));
    h
}

/// The four actions, in a bar that stays at the bottom of the screen within thumb reach (it is
/// `position: sticky`, so it never covers the end of the page). Plain links: they work before the
/// app has loaded.
pub fn action_bar(lang: Lang, code: &str) -> String {
    let t = lang.t();
    // Simple outline icons, drawn with the text's colour.
    const ICONS: [&str; 4] = [
        r#"<circle cx="12" cy="12" r="9"/><path d="M8 14q4 4 8 0"/><path d="M9 9.5h0M15 9.5h0"/>"#,
        r#"<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13 7l4 4"/>"#,
        r#"<path d="M4 6h16v10H9l-5 4z"/>"#,
        r#"<path d="M6 21V4"/><path d="M6 4h11l-2 4 2 4H6"/>"#,
    ];
    let actions = [
        ("#rate".to_owned(), t.act_rate),
        (format!("/u/{}/write/review", esc(code)), t.act_review),
        (format!("/u/{}/write/message", esc(code)), t.act_message),
        (format!("/u/{}/write/report", esc(code)), t.act_report),
    ];
    let mut h = format!(r#"<nav class="actions" aria-label="{}">"#, esc(t.actions_label));
    for ((href, label), icon) in actions.iter().zip(ICONS) {
        let _ = write!(
            h,
            r#"<a class="action" href="{href}"><svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">{icon}</svg><span>{}</span></a>"#,
            esc(label)
        );
    }
    h.push_str("</nav>");
    h
}

/// `/u/{code}/reviews`: a link back, the heading, and the reviews shown so far.
pub fn reviews_screen(lang: Lang, code: &str, name: &str, items: &[Review]) -> String {
    format!(r#"{}<ul class="reviews">{}</ul>"#, reviews_head(lang, code, name, items.is_empty()), review_items(lang, items))
}

/// The reviews' link back, heading, the note that they are diners' opinions, and the way to write one.
pub fn reviews_head(lang: Lang, code: &str, name: &str, empty: bool) -> String {
    let t = lang.t();
    let mut h = format!(
        r#"{}<h1 class="page-h">{}</h1><p class="sheet-sub">{}</p><p class="section-note">{}</p><a class="button" href="/u/{}/write/review">{}</a>"#,
        back_link(&format!("/u/{code}"), t.back_to_unit),
        esc(t.reviews_title),
        esc(name),
        esc(t.diners_note),
        esc(code),
        esc(t.act_review)
    );
    if empty {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(t.reviews_none));
    }
    h
}

/// Published reviews, newest first: smiley, day, text, photos (each opens full size) and the owner's reply.
pub fn review_items(lang: Lang, items: &[Review]) -> String {
    let t = lang.t();
    let mut h = String::new();
    for r in items {
        h.push_str(r#"<li class="review"><p class="review-head">"#);
        if let Some(own) = &r.own {
            // The author's own review that others do not see: say so first, with the regulator's reason.
            let state = match own.state {
                ReviewState::Hidden => format!("{}{}", t.review_hidden, own.reason.as_deref().unwrap_or("")),
                _ => t.review_held_short.to_owned(),
            };
            let _ = write!(h, r#"<span class="review-own tone-warning">{} · {}</span>"#, esc(&state), esc(t.only_you));
        }
        if let Some(smiley) = r.smiley {
            let _ = write!(h, r#"<span class="review-smiley">{}{}</span>"#, diner_face_svg(smiley), esc(t.smiley(smiley)));
        }
        let _ = write!(h, r#"<span class="review-day">{}</span></p><p class="review-text">{}</p>"#, esc(&lang.date(r.on)), esc(&r.text));
        photo_strip(&mut h, lang, r.photos.iter().map(|p| (p.url.as_str(), p.thumb_url.as_str())));
        if let Some(reply) = &r.reply {
            let _ = write!(
                h,
                r#"<div class="reply"><p class="reply-h">{} · {}</p><p class="review-text">{}</p></div>"#,
                esc(t.owner_reply),
                esc(&lang.date(reply.on)),
                esc(&reply.text)
            );
        }
        h.push_str("</li>");
    }
    h
}

/// Thumbnails that open the photo at full size.
pub fn photo_strip<'a>(h: &mut String, lang: Lang, photos: impl Iterator<Item = (&'a str, &'a str)>) {
    let mut photos = photos.peekable();
    if photos.peek().is_none() {
        return;
    }
    h.push_str(r#"<ul class="photo-strip">"#);
    for (n, (url, thumb)) in photos.enumerate() {
        let _ = write!(
            h,
            r#"<li><a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" width="88" height="88" loading="lazy"></a></li>"#,
            esc(url),
            esc(thumb),
            esc(&fill(lang.t().photo_alt, n + 1))
        );
    }
    h.push_str("</ul>");
}

/// A stored photo's public addresses, by its id.
pub(crate) fn photo_urls(id: &str) -> (String, String) {
    let p = PhotoRef::public(id);
    (p.url, p.thumb_url)
}

/// `/t/{ticket}`: where a report or a message stands, with its trail, dates and any answer.
pub fn ticket_screen(lang: Lang, view: &TicketView) -> String {
    match view {
        TicketView::Report(r) => report_screen(lang, r),
        TicketView::Message(m) => message_screen(lang, m),
    }
}

fn ticket_head(lang: Lang, title: &str, ticket: &str, code: &str, unit_name: &str) -> String {
    let t = lang.t();
    format!(
        r#"<h1 class="page-h">{}</h1><p class="sheet-sub">{}{}<span class="mono">{}</span></p><p><a href="/u/{}">{}</a></p>"#,
        esc(title),
        esc(t.ticket_number),
        t.colon,
        esc(ticket),
        esc(code),
        esc(unit_name)
    )
}

fn report_screen(lang: Lang, r: &ReportView) -> String {
    let t = lang.t();
    let mut h = ticket_head(lang, t.report_track_title, &r.ticket, &r.unit_code, &r.unit_name);
    // The steps a report goes through; "not accepted" replaces "accepted" and ends the trail.
    let refused = r.status == ReportStatus::NotAccepted;
    let steps: &[ReportStatus] = if refused {
        &[ReportStatus::Submitted, ReportStatus::NotAccepted]
    } else {
        &[ReportStatus::Submitted, ReportStatus::Accepted, ReportStatus::InProgress, ReportStatus::Closed]
    };
    let reached = steps.iter().position(|s| *s == r.status).unwrap_or(0);
    let named: Vec<(&str, String)> = steps
        .iter()
        .map(|step| {
            let when = r.trail.iter().rev().find(|e| e.status == *step).map(|e| local_time(lang, &e.at)).unwrap_or_default();
            (t.report_status(*step), when)
        })
        .collect();
    step_list(&mut h, &named, reached);
    if r.status == ReportStatus::Submitted {
        let _ = write!(h, r#"<p class="note-box">{}</p>"#, esc(&fill_date(lang, t.decision_due, r.decision_due)));
    }
    let notes: Vec<_> = r.trail.iter().filter_map(|e| Some((e, e.note.as_deref()?))).collect();
    if !notes.is_empty() {
        let _ = write!(h, r#"<section class="card"><h2 class="card-h">{}</h2><ul class="trail">"#, esc(t.regulator_notes));
        for (entry, note) in notes {
            let _ = write!(
                h,
                r#"<li><p class="reply-h">{} · {}</p><p class="review-text">{}</p></li>"#,
                esc(t.report_status(entry.status)),
                esc(&local_time(lang, &entry.at)),
                esc(note)
            );
        }
        h.push_str("</ul></section>");
    }
    let _ = write!(
        h,
        r#"<section class="card"><h2 class="card-h">{}</h2><dl class="fields"><div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div><div><dt>{}</dt><dd>{}</dd></div></dl><p class="review-text">{}</p>"#,
        esc(t.what_you_sent),
        esc(t.report_category),
        esc(t.report_category_name(r.category)),
        esc(t.happened_at),
        esc(&r.happened_at.replace('T', " ")),
        esc(t.reporter),
        esc(if r.anonymous { t.reporter_anonymous } else { t.reporter_named_private }),
        esc(&r.description)
    );
    let urls: Vec<(String, String)> = r.photos.iter().map(|id| photo_urls(id)).collect();
    photo_strip(&mut h, lang, urls.iter().map(|(u, th)| (u.as_str(), th.as_str())));
    h.push_str("</section>");
    h
}

fn message_screen(lang: Lang, m: &MessageView) -> String {
    let t = lang.t();
    let mut h = ticket_head(lang, t.message_track_title, &m.ticket, &m.unit_code, &m.unit_name);
    let steps = [
        (MessageStatus::Sent, Some(m.sent_at.as_str())),
        (MessageStatus::Read, m.read_at.as_deref()),
        (MessageStatus::Replied, m.reply.as_ref().map(|r| r.at.as_str())),
    ];
    let reached = steps.iter().position(|(s, _)| *s == m.status).unwrap_or(0);
    let named: Vec<(&str, String)> =
        steps.iter().map(|(step, at)| (t.message_status(*step), at.map(|at| local_time(lang, at)).unwrap_or_default())).collect();
    step_list(&mut h, &named, reached);
    if let Some(reply) = &m.reply {
        let _ = write!(
            h,
            r#"<div class="reply"><p class="reply-h">{} · {}</p><p class="review-text">{}</p></div>"#,
            esc(t.owner_reply),
            esc(&local_time(lang, &reply.at)),
            esc(&reply.text)
        );
    } else {
        let _ = write!(h, r#"<p class="section-note">{}</p>"#, esc(t.message_private_note));
    }
    let _ = write!(h, r#"<section class="card"><h2 class="card-h">{}</h2><p class="review-text">{}</p>"#, esc(t.what_you_sent), esc(&m.text));
    if m.callback_requested {
        let _ = write!(h, r#"<p class="section-note">{}</p>"#, esc(t.callback_requested));
    }
    let urls: Vec<(String, String)> = m.photos.iter().map(|id| photo_urls(id)).collect();
    photo_strip(&mut h, lang, urls.iter().map(|(u, th)| (u.as_str(), th.as_str())));
    h.push_str("</section>");
    h
}

/// A status trail as numbered steps: those before `reached` done, `reached` the current one, the rest to come.
fn step_list(h: &mut String, steps: &[(&str, String)], reached: usize) {
    h.push_str(r#"<ol class="steps">"#);
    for (i, (name, when)) in steps.iter().enumerate() {
        let state = if i < reached {
            "done"
        } else if i == reached {
            "now"
        } else {
            "todo"
        };
        let current = if i == reached { r#" aria-current="step""# } else { "" };
        let _ = write!(
            h,
            r#"<li class="step step-{state}"{current}><span class="step-name">{}</span><span class="step-when">{}</span></li>"#,
            esc(name),
            esc(when)
        );
    }
    h.push_str("</ol>");
}

/// A UTC time (`2026-11-29T04:30:00Z`) as China's local time (UTC+8, no daylight saving), to the minute.
pub fn local_time(lang: Lang, at: &str) -> String {
    let parsed = (|| {
        let (day, time) = at.split_once('T')?;
        let day: Day = day.parse().ok()?;
        let h: i32 = time.get(0..2)?.parse().ok()?;
        let m = time.get(3..5)?;
        m.parse::<u32>().ok()?;
        let h = h + 8;
        Some((if h >= 24 { day.add_days(1) } else { day }, h % 24, m.to_owned()))
    })();
    match parsed {
        Some((day, h, m)) => format!("{} {h:02}:{m}", lang.date(day)),
        None => at.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OwnerAnswer, OwnerReply, PhotoRef, ReportCategory, TrailEntry};

    #[test]
    fn times_are_shown_in_china_time() {
        assert_eq!(local_time(Lang::Zh, "2026-11-29T04:30:00Z"), "2026年11月29日 12:30");
        assert_eq!(local_time(Lang::Zh, "2026-11-29T17:05:00Z"), "2026年11月30日 01:05");
        assert_eq!(local_time(Lang::En, "2026-12-31T16:00:00Z"), "1 Jan 2027 00:00");
        assert_eq!(local_time(Lang::Zh, "garbage"), "garbage");
    }

    #[test]
    fn what_diners_wrote_is_escaped() {
        let review = Review {
            own: None,
            id: 1,
            text: "<script>alert(1)</script>".into(),
            smiley: Some(Smiley::Satisfied),
            photos: vec![PhotoRef { url: "/media/a.jpg".into(), thumb_url: "/media/a.thumb.jpg".into() }],
            on: "2026-11-29".parse().unwrap(),
            reply: Some(OwnerReply { text: "谢谢<b>".into(), on: "2026-11-29".parse().unwrap() }),
        };
        let h = review_items(Lang::Zh, &[review]);
        assert!(!h.contains("<script>") && h.contains("&lt;script&gt;"));
        assert!(h.contains("谢谢&lt;b&gt;"));
        assert!(h.contains(r#"href="/media/a.jpg""#) && h.contains(r#"src="/media/a.thumb.jpg""#));
    }

    #[test]
    fn a_report_shows_its_steps_and_never_an_identity() {
        let view = ReportView {
            ticket: "JB261129-000001".into(),
            unit_code: "lc-1".into(),
            unit_name: "东昌府区第一中学食堂".into(),
            category: ReportCategory::Pests,
            description: "后厨有老鼠".into(),
            happened_at: "2026-11-29T12:30".into(),
            photos: vec!["p1".into()],
            anonymous: false,
            status: ReportStatus::Accepted,
            trail: vec![
                TrailEntry { status: ReportStatus::Submitted, at: "2026-11-29T04:30:00Z".into(), note: None },
                TrailEntry { status: ReportStatus::Accepted, at: "2026-11-30T01:00:00Z".into(), note: Some("已派员核查".into()) },
            ],
            decision_due: "2026-12-08".parse().unwrap(),
        };
        let h = ticket_screen(Lang::Zh, &TicketView::Report(view));
        assert!(h.contains(r#"step step-done"><span class="step-name">已提交"#), "{h}");
        assert!(h.contains(r#"aria-current="step"><span class="step-name">已受理"#), "{h}");
        assert!(h.contains("2026年11月30日 09:00") && h.contains("已派员核查"));
        assert!(h.contains("/media/p1.thumb.jpg"));
        // Accepted: the decision date is past its use.
        assert!(!h.contains("2026年12月8日"));
    }

    #[test]
    fn a_message_shows_the_owners_reply() {
        let view = MessageView {
            ticket: "LY261129-000002".into(),
            unit_code: "lc-1".into(),
            unit_name: "食堂".into(),
            text: "菜太咸了".into(),
            photos: vec![],
            callback_requested: true,
            status: MessageStatus::Replied,
            sent_at: "2026-11-29T04:30:00Z".into(),
            read_at: Some("2026-11-29T05:00:00Z".into()),
            reply: Some(OwnerAnswer { text: "已调整口味".into(), at: "2026-11-29T06:00:00Z".into() }),
        };
        let h = ticket_screen(Lang::Zh, &TicketView::Message(view));
        assert!(h.contains("已调整口味") && h.contains("2026年11月29日 14:00"));
        assert!(h.contains(r#"aria-current="step""#));
    }
}
