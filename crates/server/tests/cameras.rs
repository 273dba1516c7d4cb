//! The delayed kitchen view over HTTP, with a clock the tests move: a frame is never shown before it is
//! `delay` old, rings stay within their time and byte bounds and survive a restart, gateways need their
//! own camera's current token, bad bytes are refused, and the public listing proves what it shows.

mod common;

use std::io::Cursor;

use common::kitchen::{Kitchen, MIN, SEC, T0, UNIT};
use common::{assert_error, TestServer};
use mingchu_server::cameras;
use mingchu_server::frames::frame_files;
use mingchu_server::room::RoomRules;
use mingchu_types::{CameraState, KitchenArea, UnitCameras, UnitPage};

/// The frames' side of the kitchen.
impl Kitchen {
    async fn push_as(&self, id: i64, auth: Option<&str>, bytes: Vec<u8>) -> reqwest::Response {
        let mut request =
            self.s.client.post(self.s.url(&format!("/api/ingest/cameras/{id}/frames"))).header("content-type", "image/jpeg").body(bytes);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send().await.unwrap()
    }

    /// Pushes a frame with the camera's token; asserts it was kept and returns its capture time.
    async fn push(&self, id: i64, token: &str, bytes: Vec<u8>) -> String {
        let response = self.push_as(id, Some(&format!("Bearer {token}")), bytes).await;
        assert_eq!(response.status().as_u16(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        body["captured_at"].as_str().unwrap().to_owned()
    }

    async fn frame(&self, id: i64) -> reqwest::Response {
        self.s.get(&format!("/api/cameras/{id}/frame")).await
    }

    /// Asserts the frame endpoint refuses with `code`.
    async fn refused(&self, id: i64, code: &str) {
        let response = self.frame(id).await;
        assert_eq!(response.status().as_u16(), 404, "{code}");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_error(&response.json().await.unwrap(), code);
    }

    /// The capture time of the frame a viewer gets now.
    async fn shown(&self, id: i64) -> String {
        let response = self.frame(id).await;
        assert_eq!(response.status().as_u16(), 200);
        response.headers()["x-captured-at"].to_str().unwrap().to_owned()
    }
}

/// A JPEG of `width`×`height` whose pixels depend on `seed`, so two frames differ.
fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x as u8).wrapping_add(seed), y as u8, seed]));
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_frame_younger_than_the_delay_is_never_served() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let first = jpeg(64, 48, 1);
    let captured_at = k.push(id, &token, first.clone()).await;
    assert_eq!(captured_at, "2026-11-29T04:00:00Z", "stamped with the server's time of receipt");

    k.refused(id, "no_frame").await;
    k.advance(179 * SEC);
    k.refused(id, "no_frame").await;
    // Nothing a request says shortens the delay.
    let asked = k.s.get(&format!("/api/cameras/{id}/frame?delay=0&at=now")).await;
    assert_eq!(asked.status().as_u16(), 404);

    k.advance(SEC);
    let response = k.frame(id).await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "image/jpeg");
    assert_eq!(headers["x-captured-at"], captured_at.as_str());
    assert_eq!(headers["cache-control"], "no-cache");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{id}-{T0}\""));
    assert_eq!(response.bytes().await.unwrap().as_ref(), first.as_slice());

    // The browser's repeat is a cheap 304 while the frame has not changed.
    let again = k.s.client.get(k.s.url(&format!("/api/cameras/{id}/frame"))).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers()["x-captured-at"], captured_at.as_str());
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_newest_frame_old_enough_wins() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let mut at = Vec::new();
    for seed in 0..3 {
        at.push(k.push(id, &token, jpeg(64, 48, seed)).await);
        k.advance(10 * SEC);
    }
    // Now T0 + 30 s; the frames are from T0, T0 + 10 s and T0 + 20 s.
    k.advance(159 * SEC);
    assert_eq!(k.shown(id).await, at[0], "T0 + 189 s: the T0 + 10 s frame is 1 s too young");
    k.advance(SEC);
    assert_eq!(k.shown(id).await, at[1]);
    k.advance(60 * SEC);
    assert_eq!(k.shown(id).await, at[2]);
    let listed = k.cameras().await;
    assert_eq!(listed.cameras[0].captured_at.as_deref(), Some(at[2].as_str()), "the listing names the frame a viewer gets");
}

#[tokio::test]
async fn outside_public_hours_nothing_is_shown() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "06:00-21:00", true).await;
    k.push(id, &token, jpeg(64, 48, 1)).await;
    k.advance(9 * 60 * MIN); // 21:00 China time
    let response = k.frame(id).await;
    assert_eq!(response.status().as_u16(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "outside_hours");
    assert!(body["error"]["message"].as_str().unwrap().contains("opens at 06:00"), "{body}");
    let view = &k.cameras().await.cameras[0];
    assert_eq!((view.state, view.captured_at.as_deref()), (CameraState::OutsideHours, None));
    assert_eq!((view.opens.as_str(), view.closes.as_str()), ("06:00", "21:00"));
    // A gateway pushing at night is not refused; its frames are simply never shown.
    k.push(id, &token, jpeg(64, 48, 2)).await;
    // 06:01 next morning: yesterday's frames were taken before today's window opened.
    k.advance(9 * 60 * MIN + MIN);
    k.refused(id, "no_frame").await;
}

#[tokio::test]
async fn old_frames_are_deleted_and_the_byte_cap_holds() {
    let k = Kitchen::start(|c| c.min_camera_delay_secs = 5).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 10, "00:00-24:00", true).await;
    let frame = jpeg(64, 48, 1);
    // One frame every 5 s for 200 s; kept: the last 10 s of delay plus the 60 s margin.
    for _ in 0..40 {
        k.push(id, &token, frame.clone()).await;
        k.advance(5 * SEC);
    }
    let dir = k.s.data().join("frames").join(id.to_string());
    let kept = frame_files(&dir).unwrap();
    let now = k.now() - 5 * SEC; // the time of the last push
    assert!(kept.iter().all(|&ms| ms >= now - 70 * SEC), "{kept:?}");
    assert_eq!(kept.len(), 15, "{kept:?}");
    assert_eq!(k.s.frames.usage(id), (15, 15 * frame.len() as u64));

    // A camera whose frames outgrow its byte cap loses the oldest first.
    // Two and a half frames' bytes for the 240 s this camera keeps (180 s delay, 60 s margin).
    let cap = (frame.len() as u64 * 5 / 2).div_ceil(240) * 240;
    let k = Kitchen::start(|c| c.frame_rules.max_bytes_per_second = cap / 240).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let mut pushed = Vec::new();
    for _ in 0..5 {
        pushed.push(k.now());
        k.push(id, &token, frame.clone()).await;
        k.advance(SEC);
    }
    let dir = k.s.data().join("frames").join(id.to_string());
    assert_eq!(frame_files(&dir).unwrap(), pushed[3..].to_vec(), "the two newest fit");
    let (_, bytes) = k.s.frames.usage(id);
    assert!(bytes <= cap);
}

#[tokio::test]
async fn frames_survive_a_restart() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let captured_at = k.push(id, &token, jpeg(64, 48, 1)).await;
    k.advance(180 * SEC);
    // A write cut short by a crash leaves a temporary file: the next start removes it.
    let dir = k.s.data().join("frames").join(id.to_string());
    std::fs::write(dir.join(".1795924800999.tmp"), b"\xFF\xD8half").unwrap();

    let restarted = k.restart().await;
    let response = restarted.frame(id).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-captured-at"], captured_at.as_str());
    assert!(!dir.join(".1795924800999.tmp").exists());
    let view = &restarted.cameras().await.cameras[0];
    assert_eq!(view.last_received_at.as_deref(), Some(captured_at.as_str()));
    assert_eq!(view.state, CameraState::Offline, "its last frame came three minutes ago");
}

#[tokio::test]
async fn only_the_cameras_current_token_may_send() {
    let k = Kitchen::start(|_| {}).await;
    let (a, token_a) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let (b, token_b) = k.camera(KitchenArea::Washing, 180, "00:00-24:00", true).await;
    let frame = || jpeg(64, 48, 1);
    let bearer = |t: &str| format!("Bearer {t}");
    for (what, camera, auth) in [
        ("no token", a, None),
        ("a wrong token", a, Some(bearer("0123456789abcdef"))),
        ("another camera's token", a, Some(bearer(&token_b))),
        ("not a bearer token", a, Some(format!("Basic {token_a}"))),
        ("an empty token", b, Some("Bearer ".to_owned())),
    ] {
        let response = k.push_as(camera, auth.as_deref(), frame()).await;
        assert_eq!(response.status().as_u16(), 401, "{what}");
        assert_error(&response.json().await.unwrap(), "unauthorized");
    }
    assert_eq!(k.s.frames.usage(a), (0, 0), "nothing refused was kept");
    k.push(a, &token_a, frame()).await;
    k.push(b, &token_b, frame()).await;

    let unknown = k.push_as(999, Some(&bearer(&token_a)), frame()).await;
    assert_eq!(unknown.status().as_u16(), 404);
    assert_error(&unknown.json().await.unwrap(), "not_found");

    cameras::revoke(&*k.s.store, a).await.unwrap();
    assert_eq!(k.push_as(a, Some(&bearer(&token_a)), frame()).await.status().as_u16(), 401, "revoked");
    let renewed = cameras::issue_token(&*k.s.store, a).await.unwrap();
    assert_ne!(renewed, token_a);
    assert_eq!(renewed.len(), 64);
    k.push(a, &renewed, frame()).await;
    assert_eq!(k.push_as(a, Some(&bearer(&token_a)), frame()).await.status().as_u16(), 401, "the old token stays dead");
    // Only the hash is stored.
    let stored = k.s.store.camera(a).await.unwrap().unwrap().token_hash.unwrap();
    assert_eq!(stored, cameras::token_hash(&renewed));
    assert_ne!(stored, renewed);
}

#[tokio::test]
async fn bad_bytes_are_refused_with_their_own_codes() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let png = {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::new(64, 48).write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let whole = jpeg(320, 240, 1);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("a PNG", png, 415, "unsupported_image"),
        ("text", b"not a picture at all".to_vec(), 415, "unsupported_image"),
        ("nothing", Vec::new(), 422, "image_damaged"),
        ("a truncated JPEG", whole[..whole.len() / 2].to_vec(), 422, "image_damaged"),
        ("a 1×1 JPEG", jpeg(1, 1, 1), 422, "image_damaged"),
        ("a JPEG wider than 4096 px", jpeg(4100, 16, 1), 422, "image_too_large"),
        ("more than 2 MB", vec![0xFF; 2 * 1024 * 1024 + 10], 413, "image_too_large"),
    ];
    for (what, bytes, status, code) in cases {
        let response = k.push_as(id, Some(&format!("Bearer {token}")), bytes).await;
        assert_eq!(response.status().as_u16(), status, "{what}");
        assert_error(&response.json().await.unwrap(), code);
    }
    assert_eq!(k.s.frames.usage(id), (0, 0));
    // The content type is not trusted either way: a JPEG sent as anything is a JPEG.
    let response =
        k.s.client
            .post(k.s.url(&format!("/api/ingest/cameras/{id}/frames")))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "text/plain")
            .body(whole)
            .send()
            .await
            .unwrap();
    assert_eq!(response.status().as_u16(), 201);
}

#[tokio::test]
async fn the_first_screen_draws_a_thumbnail_only_when_there_is_a_picture() {
    let k = Kitchen::start(|_| {}).await;
    let brief = || async { serde_json::from_value::<UnitPage>(k.s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap().live };
    let shown = || async {
        let b = brief().await.unwrap();
        (b.camera, b.state, b.pictured, b.last_received_at)
    };
    assert_eq!(brief().await, None, "no camera, no card");
    let (evening, _) = k.camera(KitchenArea::SpecialRoom, 180, "18:00-20:00", true).await;
    let b = brief().await.unwrap();
    assert_eq!((b.camera, b.state, b.pictured, b.opens.as_str(), b.closes.as_str()), (evening, CameraState::OutsideHours, false, "18:00", "20:00"));
    // A camera in its hours that never sent: offline, and it is the one the card speaks of.
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    assert_eq!(shown().await, (id, CameraState::Offline, false, None));
    let page = k.s.html(&format!("/u/{UNIT}"), 200).await;
    assert!(page.contains("live-card-off") && page.contains("后厨摄像头暂时离线") && !page.contains("/api/cameras/"), "no frame asked for");
    // Sending, but nothing as old as the delay yet.
    k.push(id, &token, jpeg(64, 48, 0)).await;
    assert_eq!(shown().await, (id, CameraState::Live, false, Some("2026-11-29T04:00:00Z".into())));
    assert!(k.s.html(&format!("/u/{UNIT}"), 200).await.contains("摄像头刚接入"));
    for seed in 1..=9 {
        k.advance(20 * SEC);
        k.push(id, &token, jpeg(64, 48, seed)).await;
    }
    // 12:03:00: the frame of 12:00:00 can be shown.
    let b = brief().await.unwrap();
    assert_eq!((b.camera, b.cameras, b.state, b.pictured), (id, 2, CameraState::Live, true));
    assert!(k.s.html(&format!("/u/{UNIT}"), 200).await.contains(&format!(r#"src="/api/cameras/{id}/frame""#)));
    assert_eq!(k.frame(id).await.status().as_u16(), 200, "and the thumbnail's request gets it");
    // It stops sending: offline since its last frame, whatever old frames it still has.
    k.advance(31 * SEC);
    assert_eq!(shown().await, (id, CameraState::Offline, false, Some("2026-11-29T04:03:00Z".into())));
    let en = k.s.html(&format!("/u/{UNIT}?lang=en"), 200).await;
    assert!(en.contains("The kitchen cameras have been offline since 12:03"), "{en}");
}

/// Several servers on one database: a camera's frames are only on the server its gateway pushes to (nginx
/// hashes the camera's id), and another server (here a second one on the same database, started before
/// any frame) tells the same state and picture from the minutes noted in the database.
#[tokio::test]
async fn a_camera_is_live_on_every_server_not_only_the_one_it_sends_to() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let other = k.restart().await;
    assert_eq!(seen(&other).await, (CameraState::Offline, None, None));

    k.push(id, &token, jpeg(64, 48, 0)).await;
    let sending = (CameraState::Live, None, Some("2026-11-29T04:00:00Z".to_owned()));
    assert_eq!((seen(&k).await, seen(&other).await), (sending.clone(), sending), "live at once, nothing old enough to show");
    assert_eq!(brief(&other).await, (id, CameraState::Live, false, Some("2026-11-29T04:00:00Z".into())));
    for seed in 1..=9 {
        k.advance(20 * SEC);
        k.push(id, &token, jpeg(64, 48, seed)).await;
    }
    // 12:03:00, every minute's first frame at :00: the other server knows as much as the camera's own.
    assert_eq!(other.cameras().await, k.cameras().await);
    assert_eq!(brief(&other).await, (id, CameraState::Live, true, Some("2026-11-29T04:03:00Z".into())));
    let page = other.s.html(&format!("/u/{UNIT}"), 200).await;
    assert!(page.contains(&format!(r#"src="/api/cameras/{id}/frame""#)), "the thumbnail, asked of the camera's own server through nginx");
    assert!(other.s.frames.newest(id, i64::MAX, 0).is_none(), "the other server holds no frame of it");

    // 12:03:20: the other server knows of the minute's first frame only, and of no frame shown later than it.
    k.advance(20 * SEC);
    k.push(id, &token, jpeg(64, 48, 10)).await;
    assert_eq!(seen(&k).await, (CameraState::Live, Some("2026-11-29T04:00:20Z".into()), Some("2026-11-29T04:03:20Z".into())));
    assert_eq!(seen(&other).await, (CameraState::Live, Some("2026-11-29T04:00:00Z".into()), Some("2026-11-29T04:03:00Z".into())));

    // It stops sending. Its own server sees it offline 30 s after its last frame; the other one, which
    // cannot tell when in 12:03 that was, 30 s after the minute's end.
    k.advance(31 * SEC);
    assert_eq!(seen(&k).await.0, CameraState::Offline);
    assert_eq!(seen(&other).await.0, CameraState::Live);
    k.advance(38 * SEC);
    assert_eq!(seen(&other).await.0, CameraState::Live, "12:04:29");
    k.advance(SEC);
    assert_eq!(seen(&other).await, (CameraState::Offline, Some("2026-11-29T04:01:00Z".into()), Some("2026-11-29T04:03:00Z".into())));
    assert_eq!(brief(&other).await, (id, CameraState::Offline, false, Some("2026-11-29T04:03:00Z".into())));
    let en = other.s.html(&format!("/u/{UNIT}?lang=en"), 200).await;
    assert!(en.contains("The kitchen cameras have been offline since 12:03"), "{en}");
}

/// The unit's one camera as a server lists it: state, the shown frame's capture time, the last frame's.
async fn seen(k: &Kitchen) -> (CameraState, Option<String>, Option<String>) {
    let c = k.cameras().await.cameras.remove(0);
    (c.state, c.captured_at, c.last_received_at)
}

/// The first screen's card as a server paints it: camera, state, whether it has a picture, last frame.
async fn brief(k: &Kitchen) -> (i64, CameraState, bool, Option<String>) {
    let b = serde_json::from_value::<UnitPage>(k.s.json(&format!("/api/units/{UNIT}"), 200).await).unwrap().live.unwrap();
    (b.camera, b.state, b.pictured, b.last_received_at)
}

#[tokio::test]
async fn uptime_counts_from_the_camera_being_added_to_the_minute_under_way() {
    let k = Kitchen::start(|_| {}).await;
    // Added half a minute into 12:00; its gateway sends every 20 s from then on.
    k.advance(30 * SEC);
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let send_for = |minutes: i64| {
        let token = token.clone();
        let k = &k;
        async move {
            for _ in 0..minutes * 3 {
                k.push(id, &token, jpeg(64, 48, 1)).await;
                k.advance(20 * SEC);
            }
        }
    };
    let uptime = || async { k.cameras().await.cameras[0].uptime_permille };

    send_for(2).await;
    let listed = k.cameras().await;
    assert_eq!((listed.cameras[0].state, listed.cameras[0].uptime_permille), (CameraState::Live, None), "12:02:30, live: just connected, not 0.0%");
    let zh = k.s.html(&format!("/u/{UNIT}/live"), 200).await;
    assert!(zh.contains("刚接入") && !zh.contains("0.0%"), "the kitchen view says so");
    assert!(k.s.html(&format!("/u/{UNIT}/live?lang=en"), 200).await.contains("just connected"));

    // 12:06:30: five whole minutes (12:01–12:05) and the one under way, every one with frames.
    send_for(4).await;
    assert_eq!(uptime().await, Some(1000), "up since it was added");
    // 12:07:00, before this minute's first frame: the minute under way is not held against it.
    k.advance(30 * SEC);
    assert_eq!(uptime().await, Some(1000));
    // Then nothing until 12:13:00: six minutes up (12:01–12:06) of twelve.
    k.advance(6 * MIN);
    assert_eq!(uptime().await, Some(500));
}

#[tokio::test]
async fn the_listing_shows_state_uptime_and_areas() {
    let k = Kitchen::start(|_| {}).await;
    let (cooking, cooking_token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let (washing, _) = k.camera(KitchenArea::Washing, 180, "00:00-24:00", true).await;
    let (cold, _) = k.camera(KitchenArea::SpecialRoom, 180, "18:00-20:00", true).await;
    let (store, store_token) = k.camera(KitchenArea::Storeroom, 180, "00:00-24:00", false).await;

    // Ten minutes in which the cooking camera sends in every minute but the sixth; the private one too.
    for minute in 0..10 {
        if minute != 5 {
            k.push(cooking, &cooking_token, jpeg(64, 48, minute)).await;
            k.push(store, &store_token, jpeg(64, 48, minute)).await;
        }
        k.advance(MIN);
    }
    let listed = k.cameras().await;
    let ids: Vec<i64> = listed.cameras.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![cooking, cold, washing], "kitchen order; the private camera is never listed");
    assert_eq!(listed.covered, vec![KitchenArea::Cooking, KitchenArea::SpecialRoom, KitchenArea::Washing]);
    assert_eq!(
        listed.missing,
        vec![KitchenArea::RoughPrep, KitchenArea::Cutting, KitchenArea::Portioning, KitchenArea::Storeroom],
        "a private camera covers nothing"
    );
    let [c, r, w] = &listed.cameras[..] else { panic!("three cameras") };
    assert_eq!(c.uptime_permille, Some(900), "9 of 10 minutes (the one under way has no frame yet)");
    assert_eq!(c.state, CameraState::Offline, "its last frame came a minute ago");
    assert_eq!(c.last_received_at.as_deref(), Some("2026-11-29T04:09:00Z"));
    assert_eq!(c.captured_at.as_deref(), Some("2026-11-29T04:07:00Z"), "the newest frame at least 3 minutes old");
    assert_eq!((w.state, w.uptime_permille, w.last_received_at.as_deref(), w.captured_at.as_deref()), (CameraState::Offline, Some(0), None, None));
    assert_eq!((r.state, r.uptime_permille), (CameraState::OutsideHours, None), "no public minute yet: too soon to say");
    assert_eq!(c.delay_secs, 180);

    k.push(cooking, &cooking_token, jpeg(64, 48, 99)).await;
    k.advance(30 * SEC);
    assert_eq!(k.cameras().await.cameras[0].state, CameraState::Live, "a frame 30 s ago is live");
    k.advance(SEC);
    assert_eq!(k.cameras().await.cameras[0].state, CameraState::Offline);

    // A private camera's frames are never served, however old.
    let response = k.frame(store).await;
    assert_eq!(response.status().as_u16(), 404);
    assert_error(&response.json().await.unwrap(), "not_found");
    for missing in ["/api/cameras/999/frame", "/api/cameras/x/frame"] {
        let response = k.s.get(missing).await;
        assert_eq!(response.status().as_u16(), 404, "{missing}");
        assert_error(&response.json().await.unwrap(), "not_found");
    }
    let unknown: serde_json::Value = k.s.json("/api/units/lc-nowhere/cameras", 404).await;
    assert_error(&unknown, "not_found");
}

#[tokio::test]
async fn the_server_minimum_delay_wins_over_a_shorter_camera_delay() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 10, "00:00-24:00", true).await;
    k.push(id, &token, jpeg(64, 48, 1)).await;
    assert_eq!(k.cameras().await.cameras[0].delay_secs, 60);
    k.advance(59 * SEC);
    k.refused(id, "no_frame").await;
    k.advance(SEC);
    assert_eq!(k.frame(id).await.status().as_u16(), 200);

    // Only configuration lowers the minimum; the camera's own delay then applies.
    let k = Kitchen::start(|c| c.min_camera_delay_secs = 5).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 10, "00:00-24:00", true).await;
    k.push(id, &token, jpeg(64, 48, 1)).await;
    assert_eq!(k.cameras().await.cameras[0].delay_secs, 10);
    k.advance(9 * SEC);
    k.refused(id, "no_frame").await;
    k.advance(SEC);
    assert_eq!(k.frame(id).await.status().as_u16(), 200);
}

#[tokio::test]
async fn demo_units_have_cameras_in_every_state() {
    let s = TestServer::start().await;
    let list = |code: &'static str| {
        let s = &s;
        async move { serde_json::from_value::<UnitCameras>(s.json(&format!("/api/units/{code}/cameras"), 200).await).unwrap() }
    };
    let flagship = list("lc-dcf-0012").await;
    assert_eq!(flagship.covered, KitchenArea::ALL.to_vec());
    assert!(flagship.missing.is_empty());
    // No synthetic cameras in tests: nothing has been sent.
    assert!(flagship.cameras.iter().all(|c| c.state == CameraState::Offline && c.delay_secs == 180));
    assert!(list("lc-jkq-0002").await.cameras.iter().all(|c| c.state == CameraState::OutsideHours), "00:00-00:01 is past at noon");
    assert_eq!(list("lc-gx-0009").await.cameras.len(), 2, "its private camera is not listed");
    assert!(list("lc-cp-0019").await.cameras.iter().all(|c| c.delay_secs == 300));
}

#[tokio::test]
async fn frames_are_refused_before_their_disk_fills_and_those_kept_stay() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    k.push(id, &token, jpeg(64, 48, 1)).await;
    // The same data on a server that must keep more free space than any disk has.
    let full = k.s.restart(|c| (c.demo, c.room) = (false, RoomRules { min_free_bytes: u64::MAX, media_quota: None })).await;
    let response = full
        .client
        .post(full.url(&format!("/api/ingest/cameras/{id}/frames")))
        .header("authorization", format!("Bearer {token}"))
        .body(jpeg(64, 48, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "120");
    assert_error(&response.json().await.unwrap(), "storage_full");
    assert_eq!(frame_files(&full.frames.camera_dir(id)).unwrap().len(), 1, "the frame acknowledged before is kept, no other written");
}
