//! The kitchen in motion over HTTP (issue 15), with a clock the tests move and real fMP4 segments from
//! Debian's ffmpeg: a segment is never listed or served before it ended the delay ago, a quiet camera's
//! playlist empties, rings keep their time and byte bounds and survive a restart, gateways need their own
//! camera's token, an init first and sane boxes without sound, hours and privacy hold as for frames, and
//! the camera list says whether the video can be played, on the camera's own server and on another.

mod common;

use common::assert_error;
use common::kitchen::{Kitchen, SEC, T0, UNIT};
use common::video::clips;
use mingchu_server::video_store::VideoRules;
use mingchu_types::video::{parse_playlist, program_date_time, Listed, MAX_SEGMENT_BYTES, SHOWABLE_WINDOW_MS};
use mingchu_types::KitchenArea;
use reqwest::Response;
use sha2::{Digest, Sha256};

/// The hex id the server gives an init segment: the first 8 bytes of its SHA-256.
fn init_hex(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The video's side of the kitchen.
impl Kitchen {
    async fn post(&self, path: String, auth: Option<&str>, body: Vec<u8>) -> Response {
        let mut request = self.s.client.post(self.s.url(&path)).header("content-type", "video/mp4").body(body);
        if let Some(token) = auth {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        request.send().await.unwrap()
    }

    async fn post_init(&self, id: i64, auth: Option<&str>, bytes: &[u8]) -> Response {
        self.post(format!("/api/ingest/cameras/{id}/video/init"), auth, bytes.to_vec()).await
    }

    /// Posts a media segment; `query` is the query string (`duration_ms=2000`).
    async fn post_segment(&self, id: i64, auth: Option<&str>, query: &str, bytes: &[u8]) -> Response {
        self.post(format!("/api/ingest/cameras/{id}/video/segments?{query}"), auth, bytes.to_vec()).await
    }

    /// Sends the suite's init segment; asserts it was kept.
    async fn init(&self, id: i64, token: &str) {
        let response = self.post_init(id, Some(token), &clips().init).await;
        assert!(matches!(response.status().as_u16(), 200 | 201), "{}", response.status());
    }

    /// Pushes a 2-s segment now; asserts it was kept and returns the answer (`seq`, `captured_at`).
    async fn segment(&self, id: i64, token: &str, n: usize) -> serde_json::Value {
        let response = self.post_segment(id, Some(token), "duration_ms=2000", &clips().media[n % clips().media.len()]).await;
        assert_eq!(response.status().as_u16(), 201);
        response.json().await.unwrap()
    }

    /// Advances the clock 2 s and pushes a segment, `n` times.
    async fn film(&self, id: i64, token: &str, n: usize) {
        for i in 0..n {
            self.advance(2 * SEC);
            self.segment(id, token, i).await;
        }
    }

    async fn playlist(&self, id: i64) -> Response {
        self.s.get(&format!("/api/cameras/{id}/live.m3u8")).await
    }

    /// The playlist's segments; asserts the answer and its headers.
    async fn listed(&self, id: i64) -> Vec<Listed> {
        let response = self.playlist(id).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(header(&response, "content-type"), "application/vnd.apple.mpegurl");
        assert_eq!(header(&response, "cache-control"), "public, max-age=1");
        parse_playlist(&response.text().await.unwrap())
    }

    /// Asserts that `path` is refused with a 404 of `code`, never cached.
    async fn refused(&self, path: &str, code: &str) {
        let response = self.s.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert_error(&response.json().await.unwrap(), code);
    }

    /// Whether the camera list says the camera's video can be played.
    async fn video(&self, id: i64) -> bool {
        self.cameras().await.cameras.iter().find(|c| c.id == id).expect("listed").video
    }
}

#[tokio::test]
async fn segments_need_the_camera_s_token_an_init_and_sane_boxes() {
    let k = Kitchen::start(|_| {}).await;
    let (a, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let (b, token_b) = k.camera(KitchenArea::Washing, 180, "00:00-24:00", true).await;
    let clips = clips();
    let media = &clips.media[0];

    let no_init = k.post_segment(a, Some(&token), "duration_ms=2000", media).await;
    assert_eq!(no_init.status().as_u16(), 409);
    assert_error(&no_init.json().await.unwrap(), "conflict");

    for (why, auth) in [("no token", None), ("a wrong token", Some("0123456789abcdef")), ("another camera's token", Some(token_b.as_str()))] {
        let response = k.post_init(a, auth, &clips.init).await;
        assert_eq!(response.status().as_u16(), 401, "{why}");
        assert_error(&response.json().await.unwrap(), "unauthorized");
        assert_eq!(k.post_segment(a, auth, "duration_ms=2000", media).await.status().as_u16(), 401, "{why}");
    }

    let refused = |response: Response, status: u16, why: &'static str| async move {
        assert_eq!(response.status().as_u16(), status, "{why}");
        assert_error(&response.json().await.unwrap(), "invalid_video");
    };
    refused(k.post_init(a, Some(&token), &clips.sound_init).await, 422, "a sound track").await;
    refused(k.post_init(a, Some(&token), media).await, 422, "a media segment as the init").await;
    refused(k.post_init(a, Some(&token), &clips.init[..clips.init.len() - 3]).await, 422, "a cut init").await;

    let first = k.post_init(a, Some(&token), &clips.init).await;
    assert_eq!(first.status().as_u16(), 201);
    let body: serde_json::Value = first.json().await.unwrap();
    assert_eq!(body["init"], init_hex(&clips.init));
    let again = k.post_init(a, Some(&token), &clips.init).await;
    assert_eq!(again.status().as_u16(), 200, "the same init again");
    assert_eq!(again.json::<serde_json::Value>().await.unwrap(), body);

    refused(k.post_segment(a, Some(&token), "duration_ms=2000", &clips.init).await, 422, "an init as a segment").await;
    refused(k.post_segment(a, Some(&token), "duration_ms=2000", &media[..media.len() - 1]).await, 422, "a cut segment").await;
    refused(k.post_segment(a, Some(&token), "duration_ms=2000", &[]).await, 422, "nothing").await;
    refused(k.post_segment(a, Some(&token), "duration_ms=499", media).await, 422, "too short").await;
    refused(k.post_segment(a, Some(&token), "duration_ms=4001", media).await, 422, "too long").await;
    refused(k.post_segment(a, Some(&token), "duration_ms=2000", &vec![0; MAX_SEGMENT_BYTES + 1]).await, 413, "too big").await;
    assert_eq!(k.post_segment(a, Some(&token), "duration_ms=2000", &vec![0; MAX_SEGMENT_BYTES + 100]).await.status().as_u16(), 413);
    assert_eq!(k.post_segment(a, Some(&token), "", media).await.status().as_u16(), 400, "no duration");
    assert_eq!(k.post_segment(b, Some(&token_b), "duration_ms=2000", media).await.status().as_u16(), 409, "b has no init");

    // Stamped by their arrival, never by the gateway: two at once are laid end to end, numbered from the clock.
    let one = k.segment(a, &token, 0).await;
    let two = k.segment(a, &token, 1).await;
    assert_eq!(one["seq"], T0 / 500, "numbered in half seconds: a later start never reuses a number");
    assert_eq!(two["seq"], T0 / 500 + 1);
    assert_eq!(one["captured_at"], program_date_time(T0 - 2 * SEC));
    assert_eq!(two["captured_at"], program_date_time(T0));
}

#[tokio::test]
async fn the_playlist_never_lists_a_segment_younger_than_the_delay() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let path = format!("/api/cameras/{id}/live.m3u8");
    k.refused(&path, "no_frame").await;
    k.init(id, &token).await;
    for i in 0..120 {
        k.advance(2 * SEC);
        k.segment(id, &token, i).await;
        let shown_until = k.now() - 180 * SEC;
        if shown_until < T0 + 2 * SEC {
            k.refused(&path, "no_frame").await;
            continue;
        }
        let listed = k.listed(id).await;
        assert!(listed.iter().all(|l| l.capture_ms + i64::from(l.duration_ms) <= shown_until), "at {i}: {listed:?}");
        let last = listed.last().expect("a segment");
        assert_eq!(last.capture_ms + 2 * SEC, shown_until, "the newest old enough is listed");
        assert!(listed.iter().all(|l| l.map == format!("video/init-{}.mp4", init_hex(&clips().init)) && !l.discontinuity));
    }
    // Nothing a request says shortens the delay.
    let asked = k.s.get(&format!("{path}?delay=0&at=now")).await.text().await.unwrap();
    assert_eq!(parse_playlist(&asked), k.listed(id).await);

    // The camera goes quiet: its last segments are listed for the window after they became showable, then none.
    k.advance(180 * SEC + SHOWABLE_WINDOW_MS);
    assert_eq!(k.listed(id).await.len(), 1);
    k.advance(1);
    k.refused(&path, "no_frame").await;
    assert!(!k.video(id).await);
}

#[tokio::test]
async fn segments_are_served_only_once_old_enough_and_cached_for_minutes() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let (other, _) = k.camera(KitchenArea::Washing, 180, "00:00-24:00", true).await;
    k.init(id, &token).await;
    let seq = k.segment(id, &token, 1).await["seq"].as_u64().unwrap();
    let init_path = format!("/api/cameras/{id}/video/init-{}.mp4", init_hex(&clips().init));
    let segment_path = format!("/api/cameras/{id}/video/{seq}.m4s");

    // The init holds no picture: it may be fetched at once.
    let init = k.s.get(&init_path).await;
    assert_eq!(init.status().as_u16(), 200);
    assert_eq!(header(&init, "content-type"), "video/mp4");
    assert_eq!(header(&init, "cache-control"), "public, max-age=300");
    let init_tag = header(&init, "etag").to_owned();
    assert!(init_tag.starts_with('"') && !init_tag.starts_with("W/"), "a strong tag: {init_tag}");
    assert_eq!(init.bytes().await.unwrap().as_ref(), clips().init.as_slice());

    k.refused(&segment_path, "no_frame").await;
    k.advance(180 * SEC - 1);
    k.refused(&segment_path, "no_frame").await;
    k.advance(1);
    let response = k.s.client.get(k.s.url(&segment_path)).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "content-type"), "video/iso.segment");
    assert_eq!(header(&response, "cache-control"), "public, max-age=300");
    assert_eq!(header(&response, "content-encoding"), "", "video is not compressed again");
    let tag = header(&response, "etag").to_owned();
    assert_eq!(tag, format!("\"{id}-{seq}\""));
    assert_eq!(response.bytes().await.unwrap().as_ref(), clips().media[1].as_slice());
    for (path, tag) in [(&segment_path, &tag), (&init_path, &init_tag)] {
        let again = k.s.client.get(k.s.url(path)).header("if-none-match", tag.as_str()).send().await.unwrap();
        assert_eq!(again.status().as_u16(), 304, "{path}");
    }

    // Addresses that name nothing, or another camera's video.
    k.refused(&format!("/api/cameras/{id}/video/{}.m4s", seq + 1), "no_frame").await;
    k.refused(&format!("/api/cameras/{id}/video/0{seq}.m4s"), "not_found").await;
    k.refused(&format!("/api/cameras/{id}/video/init-0000000000000001.mp4"), "not_found").await;
    k.refused(&format!("/api/cameras/{id}/video/segment.ts"), "not_found").await;
    k.refused(&format!("/api/cameras/{other}/video/{seq}.m4s"), "no_frame").await;
    k.refused(&format!("/api/cameras/{other}/video/init-{}.mp4", init_hex(&clips().init)), "not_found").await;
    k.refused("/api/cameras/999999/live.m3u8", "not_found").await;
    k.refused("/api/cameras/nonsense/video/1.m4s", "not_found").await;
}

#[tokio::test]
async fn outside_public_hours_and_for_a_private_camera_nothing_is_shown() {
    let k = Kitchen::start(|_| {}).await;
    // Public from 12:02 to 12:10 (China); the clock starts at 12:00.
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "12:02-12:10", true).await;
    let (private, private_token) = k.camera(KitchenArea::Washing, 180, "00:00-24:00", false).await;
    k.init(id, &token).await;
    k.init(private, &private_token).await;
    let first = k.segment(id, &token, 0).await["seq"].as_u64().unwrap();
    let private_seq = k.segment(private, &private_token, 0).await["seq"].as_u64().unwrap();
    k.refused(&format!("/api/cameras/{id}/live.m3u8"), "outside_hours").await;
    k.film(id, &token, 150).await;
    k.film(private, &private_token, 1).await;

    // 12:05:02: what was filmed before 12:02 is never shown, though old enough.
    assert_eq!(k.now(), T0 + 302 * SEC);
    k.refused(&format!("/api/cameras/{id}/video/{first}.m4s"), "no_frame").await;
    let listed = k.listed(id).await;
    assert!(listed.iter().all(|l| l.capture_ms >= T0 + 120 * SEC), "{listed:?}");
    assert!(k.video(id).await);

    // 12:10: closed.
    k.advance(298 * SEC);
    k.refused(&format!("/api/cameras/{id}/live.m3u8"), "outside_hours").await;
    k.refused(&format!("/api/cameras/{id}/video/{}.m4s", listed[0].seq), "outside_hours").await;
    assert!(!k.video(id).await);

    // A private camera's existence is nobody's business.
    k.refused(&format!("/api/cameras/{private}/live.m3u8"), "not_found").await;
    k.refused(&format!("/api/cameras/{private}/video/{private_seq}.m4s"), "not_found").await;
    k.refused(&format!("/api/cameras/{private}/video/init-{}.mp4", init_hex(&clips().init)), "not_found").await;
    assert!(k.cameras().await.cameras.iter().all(|c| c.id != private));
}

#[tokio::test]
async fn rings_keep_their_time_and_byte_bounds_and_survive_a_restart() {
    // Three segments' bytes for the 120 s this camera keeps (60 s delay, 30 s window, 30 s margin).
    let per_second = (clips().media[1].len() as u64 * 3).div_ceil(120);
    let k = Kitchen::start(|c| c.video_rules = VideoRules { max_bytes_per_second: per_second, ..VideoRules::default() }).await;
    let (capped, capped_token) = k.camera(KitchenArea::Cooking, 60, "00:00-24:00", true).await;
    k.init(capped, &capped_token).await;
    for _ in 0..6 {
        k.advance(2 * SEC);
        k.segment(capped, &capped_token, 1).await;
    }
    assert_eq!(files(&k, capped).iter().filter(|f| f.ends_with(".m4s")).count(), 3, "{:?}", files(&k, capped));
    assert_eq!(files(&k, capped).iter().filter(|f| f.starts_with("init-")).count(), 1);

    // Kept: the delay (60 s), the showable window (30 s) and the margin (30 s) of 2-s segments, no more.
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 60, "00:00-24:00", true).await;
    k.init(id, &token).await;
    k.film(id, &token, 100).await;
    assert_eq!(files(&k, id).iter().filter(|f| f.ends_with(".m4s")).count(), 61, "ends from 120 s ago to now");
    let before = k.playlist(id).await.text().await.unwrap();

    // A restart rebuilds the ring from the files: the same playlist, and numbers that follow on.
    let restarted = k.restart().await;
    assert_eq!(restarted.playlist(id).await.text().await.unwrap(), before);
    let last = parse_playlist(&before).last().unwrap().seq;
    restarted.advance(2 * SEC);
    let next = restarted.segment(id, &token, 0).await["seq"].as_u64().unwrap();
    assert_eq!(next, last + 31, "30 more segments were too young to be listed");
}

/// The names of the files kept for a camera.
fn files(k: &Kitchen, id: i64) -> Vec<String> {
    let dir = k.s.data().join("video").join(id.to_string());
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|f| f.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The camera list says whether the video can be played: on the camera's own server from its segments,
/// on another (here a second one on the same database, started before any segment) from the note in
/// the database, which lags by up to a minute.
#[tokio::test]
async fn the_camera_list_says_whether_the_video_plays_here_and_elsewhere() {
    let k = Kitchen::start(|_| {}).await;
    let (id, token) = k.camera(KitchenArea::Cooking, 180, "00:00-24:00", true).await;
    let other = k.restart().await;
    assert!(!k.video(id).await && !other.video(id).await);
    k.init(id, &token).await;
    // Segments from 12:00:00 to 12:03:02: the first one ended at 12:00:02 and is shown from 12:03:02.
    k.film(id, &token, 91).await;
    assert!(k.video(id).await);
    // Its note says video from 12:00:00: only a segment ending by 12:00:04 (the longest lasts 4 s) is
    // certainly old enough, at 12:03:04.
    assert!(!other.video(id).await, "the other server waits for a segment certainly old enough");
    k.film(id, &token, 5).await;
    assert!(k.video(id).await && other.video(id).await, "12:03:12");
    assert_eq!(other.playlist(id).await.status().as_u16(), 404, "the segments are the camera's own server's");

    // It stops at 12:03:12. Its own server lists it until the window after its last segment; the other
    // goes by the minute's first segment (12:03:02), noted last.
    k.advance(180 * SEC + SHOWABLE_WINDOW_MS - 12 * SEC);
    assert!(k.video(id).await && other.video(id).await, "12:06:30");
    k.advance(1);
    assert!(k.video(id).await && !other.video(id).await, "12:06:30.001");
    k.advance(12 * SEC - 1);
    assert!(k.video(id).await, "12:06:42: the last segment is still listed");
    k.advance(1);
    assert!(!k.video(id).await && !other.video(id).await);
    assert_eq!(k.cameras().await, other.cameras().await, "{UNIT}: the rest is the same too");
}
