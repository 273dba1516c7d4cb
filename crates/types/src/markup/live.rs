//! The delayed kitchen view (明厨亮灶) as HTML: the card on the unit's first screen, and the proof under
//! the viewer that the picture is real and current — how old each camera's last frame is, how often it
//! was up over seven days, and which kitchen areas are covered and which are not.

use std::fmt::Write;

use super::{back_link, esc};
use crate::i18n::{fill, Lang};
use crate::{CameraState, CameraView, KitchenArea, LiveBrief, UnitCameras};

/// The first screen's way into the kitchen view: a thumbnail of the current (delayed) frame, or, when
/// there is no picture to show, a calm placeholder saying why (asking for the frame would only fail).
pub fn live_card(lang: Lang, code: &str, live: &LiveBrief) -> String {
    let lk = lang.look();
    let (class, thumb, why) = if live.pictured {
        let thumb =
            format!(r#"<img class="live-thumb" src="/api/cameras/{}/frame" alt="{}" width="128" height="72">"#, live.camera, esc(lk.live_thumb_alt));
        ("live-card", thumb, String::new())
    } else {
        let why = format!(r#"<span class="live-why">{}</span>"#, esc(&card_why(lang, live)));
        ("live-card live-card-off", r#"<span class="live-thumb live-thumb-off" aria-hidden="true"></span>"#.to_owned(), why)
    };
    format!(
        r#"<a class="{class}" href="/u/{code}/live">{thumb}<span class="live-text"><span class="live-h">{}</span>{why}<span class="row-detail">{}</span></span></a>"#,
        esc(lk.live_title),
        esc(&format!("{} · {}", fill(lk.live_cameras, live.cameras), delay_words(lang, live.delay_secs))),
        code = esc(code),
    )
}

/// Why the first screen's card has no picture: the cameras are offline (since when), outside their
/// hours, or the shown one was connected moments ago.
fn card_why(lang: Lang, live: &LiveBrief) -> String {
    let lk = lang.look();
    match live.state {
        CameraState::Live => lk.live_not_yet.to_owned(),
        CameraState::OutsideHours => outside_hours(lang, &live.opens, &live.closes),
        CameraState::Offline => match live.last_received_at.as_deref().and_then(hh_mm) {
            Some(since) => lk.live_all_offline_since.replace("{time}", &since),
            None => lk.live_all_offline.to_owned(),
        },
    }
}

/// "现在不在公开时段（每天 06:00–21:00 开放）".
fn outside_hours(lang: Lang, opens: &str, closes: &str) -> String {
    crate::i18n::fill_slots(lang.look().live_outside_hours, &[("{opens}", opens), ("{closes}", closes)])
}

/// "延时约 3 分钟" / "about 3 min behind".
pub fn delay_words(lang: Lang, seconds: u32) -> String {
    let lk = lang.look();
    if seconds >= 60 {
        fill(lk.delay_minutes, seconds.div_ceil(60))
    } else {
        fill(lk.delay_seconds, seconds)
    }
}

/// `/u/{code}/live`: a link back and the heading.
pub fn live_head(lang: Lang, code: &str, name: &str) -> String {
    let t = lang.t();
    let lk = lang.look();
    format!(
        r#"{}<h1 class="page-h">{}</h1><p class="sheet-sub">{}</p><p class="section-note">{}</p>"#,
        back_link(&format!("/u/{code}"), t.back_to_unit),
        esc(lk.live_title),
        esc(name),
        esc(lk.live_note)
    )
}

/// `/u/{code}/live` whole: the heading, a tab per camera (by area), the picture of the selected camera
/// (the app fills in the frame and its caption, and moves between tabs), and the proof.
pub fn live_screen(lang: Lang, code: &str, name: &str, cameras: &UnitCameras, selected: usize) -> String {
    let t = lang.t();
    let lk = lang.look();
    let mut h = live_head(lang, code, name);
    if cameras.cameras.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p>"#, esc(lk.live_no_cameras));
        return h;
    }
    let _ = write!(h, r#"<div class="area-tabs" role="tablist" aria-label="{}">"#, esc(lk.live_areas_label));
    for (i, c) in cameras.cameras.iter().enumerate() {
        let dot = match c.state {
            CameraState::Live => "dot-live",
            CameraState::Offline => "dot-offline",
            CameraState::OutsideHours => "dot-closed",
        };
        let _ = write!(
            h,
            r#"<button type="button" role="tab" class="area-tab" data-tab="{i}" aria-selected="{}"><span class="dot {dot}" aria-hidden="true"></span>{}</button>"#,
            i == selected,
            esc(lk.kitchen_area(c.area))
        );
    }
    let status = cameras.cameras.get(selected).and_then(|c| camera_status(lang, c));
    let _ = write!(
        h,
        r#"</div><figure class="live-frame"><button type="button" class="frame-button" id="live-open" aria-label="{}" hidden><img id="live-img" alt="{}" width="640" height="360"></button>{}<div class="frame-empty{}" id="live-status" role="status">{}</div><figcaption class="live-caption" id="live-caption" aria-live="polite"></figcaption></figure>"#,
        esc(lk.live_full_screen),
        esc(lk.live_frame_alt),
        if cameras.cameras.iter().any(|c| c.video) { live_video(lang) } else { String::new() },
        if status.is_none() { " bone" } else { "" },
        esc(status.as_deref().unwrap_or(t.loading))
    );
    h.push_str(&live_proof(lang, cameras));
    h
}

/// Where a camera's delayed video plays, hidden until it does (the app plays it; the pictures show
/// until then): muted, and inline also in WeChat's Android browser, which otherwise takes the screen
/// over. With the button that starts it on Save-Data or a slow connection.
fn live_video(lang: Lang) -> String {
    let lk = lang.look();
    format!(
        r#"<video id="live-video" class="live-video" muted playsinline webkit-playsinline x5-playsinline x5-video-player-type="h5" width="640" height="360" aria-label="{}" hidden></video><button type="button" class="button-quiet live-play" id="live-play" hidden>{}</button>"#,
        esc(lk.live_frame_alt),
        esc(lk.live_play)
    )
}

/// The caption under a frame: "延时约 3 分钟 · 拍摄于 12:30:05".
pub fn live_caption(lang: Lang, delay_secs: u32, captured_at: &str) -> String {
    format!("{} · {}", delay_words(lang, delay_secs), lang.look().live_taken_at.replace("{time}", &clock_time(captured_at).unwrap_or_default()))
}

/// Why no picture is shown for a camera now, or `None` when it is live.
pub fn camera_status(lang: Lang, camera: &CameraView) -> Option<String> {
    let lk = lang.look();
    match camera.state {
        // Live, but nothing old enough to show yet: the page asks for no frame until there is one.
        CameraState::Live if camera.captured_at.is_none() => Some(lk.live_not_yet.to_owned()),
        CameraState::Live => None,
        CameraState::OutsideHours => Some(outside_hours(lang, &camera.opens, &camera.closes)),
        CameraState::Offline => Some(match camera.last_received_at.as_deref().and_then(hh_mm) {
            Some(since) => lk.live_offline_since.replace("{time}", &since),
            None => lk.live_offline.to_owned(),
        }),
    }
}

/// The proof: each camera's last frame and seven-day uptime, and the kitchen areas covered and missing.
pub fn live_proof(lang: Lang, cameras: &UnitCameras) -> String {
    let lk = lang.look();
    let mut h = format!(
        r#"<section class="card live-proof" aria-labelledby="proof-h"><h2 class="card-h" id="proof-h">{}</h2><ul class="proof-rows">"#,
        esc(lk.live_proof_title)
    );
    for c in &cameras.cameras {
        let last =
            c.last_received_at.as_deref().and_then(clock_time).map(|at| fill(lk.live_last_frame, at)).unwrap_or_else(|| lk.live_never.to_owned());
        let uptime = match c.uptime_permille {
            Some(permille) => fill(lk.live_uptime, format!("{}.{}", permille / 10, permille % 10)),
            None => lk.live_just_connected.to_owned(),
        };
        let _ = write!(
            h,
            r#"<li><span class="proof-area">{}</span><span class="row-detail">{} · {}</span></li>"#,
            esc(lk.kitchen_area(c.area)),
            esc(&last),
            esc(&uptime)
        );
    }
    h.push_str(r#"</ul><ul class="areas">"#);
    for area in KitchenArea::ALL {
        let covered = cameras.covered.contains(&area);
        let _ = write!(
            h,
            r#"<li class="area {}"><span aria-hidden="true">{}</span> {}<span class="visually-hidden">{}</span></li>"#,
            if covered { "area-covered" } else { "area-missing" },
            if covered { "✓" } else { "✗" },
            esc(lk.kitchen_area(area)),
            esc(if covered { lk.live_area_covered } else { lk.live_area_missing })
        );
    }
    let _ = write!(h, r#"</ul><p class="section-note">{}</p></section>"#, esc(lk.live_areas_note));
    h
}

/// A UTC time (`2026-11-29T04:30:05Z`) as China's clock time, `12:30:05`.
pub fn clock_time(at: &str) -> Option<String> {
    let time = at.split_once('T')?.1;
    let h: u32 = time.get(0..2)?.parse().ok()?;
    let (m, s) = (time.get(3..5)?, time.get(6..8).unwrap_or("00"));
    m.parse::<u32>().ok()?;
    s.parse::<u32>().ok()?;
    Some(format!("{:02}:{m}:{s}", (h + 8) % 24))
}

/// A UTC time as China's clock time to the minute, `12:30`.
fn hh_mm(at: &str) -> Option<String> {
    clock_time(at).map(|t| t[..5].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera(area: KitchenArea, state: CameraState) -> CameraView {
        CameraView {
            id: 7,
            area,
            state,
            captured_at: Some("2026-11-29T04:27:05Z".into()),
            last_received_at: Some("2026-11-29T04:30:05Z".into()),
            delay_secs: 180,
            opens: "06:00".into(),
            closes: "21:00".into(),
            uptime_permille: Some(993),
            video: false,
        }
    }

    #[test]
    fn the_screen_has_a_tab_per_camera_and_says_why_there_is_no_picture() {
        let cams = UnitCameras {
            cameras: vec![camera(KitchenArea::Cooking, CameraState::Live), camera(KitchenArea::Washing, CameraState::OutsideHours)],
            covered: vec![KitchenArea::Cooking, KitchenArea::Washing],
            missing: vec![],
        };
        let h = live_screen(Lang::Zh, "lc-1", "食堂", &cams, 1);
        assert!(h.contains(r#"data-tab="0" aria-selected="false""#) && h.contains(r#"data-tab="1" aria-selected="true""#));
        assert!(h.contains("不在公开时段"), "{h}");
        assert!(live_screen(Lang::Zh, "lc-1", "食堂", &UnitCameras { cameras: vec![], covered: vec![], missing: vec![] }, 0).contains("还没有接入"));
        assert_eq!(live_caption(Lang::Zh, 180, "2026-11-29T04:27:05Z"), "延时约 3 分钟 · 拍摄于 12:27:05");
        assert!(!h.contains("<video"), "no camera has video: no player");
    }

    #[test]
    fn a_camera_with_video_gets_an_inline_muted_player() {
        let cams = UnitCameras {
            cameras: vec![
                camera(KitchenArea::Cooking, CameraState::Live),
                CameraView { video: true, ..camera(KitchenArea::Washing, CameraState::Live) },
            ],
            covered: vec![KitchenArea::Cooking, KitchenArea::Washing],
            missing: vec![],
        };
        let h = live_screen(Lang::Zh, "lc-1", "食堂", &cams, 0);
        assert!(
            h.contains(r#"<video id="live-video" class="live-video" muted playsinline webkit-playsinline x5-playsinline x5-video-player-type="h5" "#),
            "{h}"
        );
        assert!(h.contains(r#"id="live-play" hidden>播放视频"#), "{h}");
        assert!(live_screen(Lang::En, "lc-1", "Canteen", &cams, 0).contains(">Play the video"));
    }

    #[test]
    fn clock_times_are_china_time() {
        assert_eq!(clock_time("2026-11-29T04:30:05Z").as_deref(), Some("12:30:05"));
        assert_eq!(clock_time("2026-11-29T20:00:00Z").as_deref(), Some("04:00:00"));
        assert_eq!(clock_time("nonsense"), None);
    }

    #[test]
    fn delays_are_said_in_minutes_or_seconds() {
        assert_eq!(delay_words(Lang::Zh, 180), "延时约 3 分钟");
        assert_eq!(delay_words(Lang::Zh, 45), "延时约 45 秒");
        assert_eq!(delay_words(Lang::En, 90), "about 2 min behind");
    }

    #[test]
    fn the_proof_names_uptime_and_every_area() {
        let cams = UnitCameras {
            cameras: vec![camera(KitchenArea::Cooking, CameraState::Live)],
            covered: vec![KitchenArea::Cooking],
            missing: KitchenArea::ALL.into_iter().filter(|a| *a != KitchenArea::Cooking).collect(),
        };
        let h = live_proof(Lang::Zh, &cams);
        assert!(h.contains("99.3%"), "{h}");
        let new =
            UnitCameras { cameras: vec![CameraView { uptime_permille: None, ..camera(KitchenArea::Cooking, CameraState::Live) }], ..cams.clone() };
        assert!(live_proof(Lang::Zh, &new).contains("刚接入") && live_proof(Lang::En, &new).contains("just connected"));
        assert!(h.contains("12:30:05"));
        assert_eq!(h.matches("area-covered").count(), 1);
        assert_eq!(h.matches("area-missing").count(), 6);
    }

    #[test]
    fn states_say_why_there_is_no_picture() {
        assert_eq!(camera_status(Lang::Zh, &camera(KitchenArea::Cooking, CameraState::Live)), None);
        assert!(camera_status(Lang::Zh, &camera(KitchenArea::Cooking, CameraState::OutsideHours)).unwrap().contains("06:00"));
        assert!(camera_status(Lang::Zh, &camera(KitchenArea::Cooking, CameraState::Offline)).unwrap().contains("12:30"));
        let waiting = CameraView { captured_at: None, ..camera(KitchenArea::Cooking, CameraState::Live) };
        assert_eq!(camera_status(Lang::Zh, &waiting).as_deref(), Some("摄像头刚接入，延时画面稍后可看"));
    }

    #[test]
    fn the_card_shows_a_thumbnail_only_when_there_is_a_picture() {
        let brief = |state, pictured, last: Option<&str>| LiveBrief {
            camera: 7,
            cameras: 2,
            delay_secs: 180,
            state,
            pictured,
            last_received_at: last.map(str::to_owned),
            opens: "06:00".into(),
            closes: "21:00".into(),
        };
        let live = live_card(Lang::Zh, "lc-1", &brief(CameraState::Live, true, Some("2026-11-29T04:30:05Z")));
        assert!(live.contains(r#"src="/api/cameras/7/frame""#) && !live.contains("live-card-off"), "{live}");

        let offline = live_card(Lang::Zh, "lc-1", &brief(CameraState::Offline, false, Some("2026-11-29T04:30:05Z")));
        assert!(!offline.contains("/api/cameras/"), "no frame asked for: {offline}");
        assert!(
            offline.contains(r#"href="/u/lc-1/live""#) && offline.contains("后厨摄像头自 12:30 起离线") && offline.contains("2 个摄像头"),
            "{offline}"
        );
        let in_text =
            r#"<span class="live-h">明厨亮灶 · 后厨画面</span><span class="live-why">后厨摄像头自 12:30 起离线</span><span class="row-detail">"#;
        assert!(offline.contains(in_text), "the reason is in the card's text: {offline}");
        let never = live_card(Lang::En, "lc-1", &brief(CameraState::Offline, false, None));
        assert!(never.contains("The kitchen cameras are offline") && !never.contains("<img"), "{never}");
        let closed = live_card(Lang::Zh, "lc-1", &brief(CameraState::OutsideHours, false, None));
        assert!(closed.contains("06:00–21:00") && !closed.contains("<img"), "{closed}");
        assert!(live_card(Lang::En, "lc-1", &brief(CameraState::Live, false, None)).contains("Just connected"));
    }
}
