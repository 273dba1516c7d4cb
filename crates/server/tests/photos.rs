//! Photo uploads over HTTP: what is accepted is re-encoded upright without metadata; every kind of bad
//! file gets its own JSON error; an upload is refused with a 503 while there is no room for it; a photo
//! nothing used within a day of its upload is swept, one attached to anything never.

mod common;

use std::io::Cursor;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::{assert_error, TestServer};
use image::{DynamicImage, ImageFormat, RgbImage, RgbaImage};
use mingchu_server::media_store::photo_files;
use mingchu_server::room::RoomRules;
use mingchu_server::sweep::{sweep_photos, UNUSED_PHOTO_MS};
use mingchu_server::Clock;
use mingchu_types::PhotoUpload;
use serde_json::json;

fn encode(picture: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A JPEG as a phone writes it: EXIF saying "rotate 90° clockwise" and a GPS position.
fn phone_jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])));
    let jpeg = encode(&picture, ImageFormat::Jpeg);
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]); // IFD0: two entries
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 1, 0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]); // GPSLatitudeRef "N"
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

async fn upload(s: &TestServer, bytes: Vec<u8>) -> reqwest::Response {
    upload_as(s, None, bytes).await
}

/// Uploads from the browser holding `cookie` (none: a browser seen for the first time).
async fn upload_as(s: &TestServer, cookie: Option<&str>, bytes: Vec<u8>) -> reqwest::Response {
    let mut request = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(bytes);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// The device cookie an upload handed out.
fn device_cookie(response: &reqwest::Response) -> String {
    response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

/// GETs an uploaded photo as the browser that uploaded it: nobody else sees a photo attached to nothing.
async fn get_as(s: &TestServer, path: &str, cookie: &str) -> reqwest::Response {
    s.client.get(s.url(path)).header("cookie", cookie).send().await.unwrap()
}

#[tokio::test]
async fn a_phone_photo_is_turned_upright_shrunk_and_stripped_of_metadata() {
    let s = TestServer::start().await;
    let original = phone_jpeg(2400, 1200);
    assert!(original.windows(4).any(|w| w == b"Exif"), "the test photo carries EXIF");
    let response = upload(&s, original).await;
    assert_eq!(response.status().as_u16(), 201);
    let phone = device_cookie(&response);
    let photo: PhotoUpload = response.json().await.unwrap();
    // Orientation 6: the 2400×1200 sensor image is a 1200×2400 portrait, then shrunk to 1600 long.
    assert_eq!((photo.width, photo.height), (800, 1600));

    assert_eq!(s.get(&photo.url).await.status().as_u16(), 404, "attached to nothing: not public");
    let kept = get_as(&s, &photo.url, &phone).await;
    assert_eq!(kept.status().as_u16(), 200);
    assert_eq!(kept.headers()["cache-control"], "private, max-age=300");
    let bytes = kept.bytes().await.unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF (and its GPS position) must not survive");
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (800, 1600));

    let thumb = image::load_from_memory(&get_as(&s, &photo.thumb_url, &phone).await.bytes().await.unwrap()).unwrap();
    assert_eq!(thumb.height(), 360);
}

#[tokio::test]
async fn png_and_webp_are_accepted_and_become_jpeg() {
    let s = TestServer::start().await;
    let transparent = DynamicImage::ImageRgba8(RgbaImage::from_pixel(300, 200, image::Rgba([10, 20, 30, 0])));
    for format in [ImageFormat::Png, ImageFormat::WebP] {
        let response = upload(&s, encode(&transparent, format)).await;
        assert_eq!(response.status().as_u16(), 201, "{format:?}");
        let phone = device_cookie(&response);
        let photo: PhotoUpload = response.json().await.unwrap();
        assert_eq!((photo.width, photo.height), (300, 200));
        let kept = get_as(&s, &photo.url, &phone).await.bytes().await.unwrap();
        assert_eq!(image::guess_format(&kept).unwrap(), ImageFormat::Jpeg);
    }
}

/// A valid 1×1 PNG whose header then claims `width`×`height` pixels.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = encode(&DynamicImage::ImageRgb8(RgbImage::new(1, 1)), ImageFormat::Png);
    // IHDR data starts after the 8-byte signature, the 4-byte length and the 4-byte type.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[tokio::test]
async fn every_kind_of_bad_file_gets_its_own_error() {
    let s = TestServer::start().await;
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("a GIF", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(), 415, "unsupported_image"),
        ("text named like a photo", b"hello, this is not a photo".to_vec(), 415, "unsupported_image"),
        ("an empty file", Vec::new(), 422, "image_damaged"),
        ("a truncated JPEG", phone_jpeg(800, 600)[..1500].to_vec(), 422, "image_damaged"),
        ("a decompression bomb", png_claiming(60_000, 60_000), 422, "image_too_large"),
        ("too many pixels", png_claiming(9_000, 8_000), 422, "image_too_large"),
        ("more than 12 MB", vec![0xFF; 12 * 1024 * 1024 + 10], 413, "image_too_large"),
    ];
    for (what, bytes, status, code) in cases {
        let started = std::time::Instant::now();
        let response = upload(&s, bytes).await;
        assert_eq!(response.status().as_u16(), status, "{what}");
        assert_error(&response.json().await.unwrap(), code);
        assert!(started.elapsed().as_secs() < 5, "{what} took {:?}", started.elapsed());
    }
}

/// Asserts a 503 for want of room: `storage_full`, and when to try again, in the header and the body.
async fn assert_no_room(response: reqwest::Response) {
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "120");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_error(&body, "storage_full");
    assert_eq!(body["error"]["retry_after"], 120);
}

#[tokio::test]
async fn uploads_are_refused_while_the_quota_is_used_up_and_what_was_kept_stays() {
    // A quota of one byte: not even the first photo fits, and nothing of it is kept.
    // (The demo's school canteens show a few generated dish photos: they are the media store's to start with.)
    let tiny = TestServer::start_with(|c| c.room = RoomRules { media_quota: Some(1), ..RoomRules::default() }).await;
    let demo = tiny.store.media_usage().await.unwrap();
    assert_no_room(upload(&tiny, phone_jpeg(800, 600)).await).await;
    assert_eq!(tiny.store.media_usage().await.unwrap(), demo);
    assert_eq!(std::fs::read_dir(tiny.data().join("media")).unwrap().count() as u64, 2 * demo.photos);

    // A quota that holds exactly the photo already kept: the next is refused, the first still served.
    let s = TestServer::start().await;
    let response = upload(&s, phone_jpeg(800, 600)).await;
    let phone = device_cookie(&response);
    let kept: PhotoUpload = response.json().await.unwrap();
    let usage = s.store.media_usage().await.unwrap();
    assert_eq!(usage.photos, demo.photos + 1);
    let full = s.restart(|c| c.room = RoomRules { media_quota: Some(usage.bytes), ..RoomRules::default() }).await;
    assert_no_room(upload(&full, phone_jpeg(800, 600)).await).await;
    assert_eq!(full.store.media_usage().await.unwrap(), usage);
    assert_eq!(get_as(&full, &kept.url, &phone).await.status().as_u16(), 200);
}

#[tokio::test]
async fn uploads_are_refused_before_the_disk_fills() {
    let s = TestServer::start_with(|c| c.room = RoomRules { min_free_bytes: u64::MAX, media_quota: None }).await;
    let demo = s.store.media_usage().await.unwrap();
    assert_no_room(upload(&s, phone_jpeg(800, 600)).await).await;
    assert_eq!(s.store.media_usage().await.unwrap(), demo, "only the demo's dish photos");
}

#[tokio::test]
async fn photos_nothing_used_within_a_day_are_swept_and_attached_ones_never() {
    let now = Arc::new(AtomicI64::new(Clock::Fixed("2026-11-29".parse().unwrap()).now_ms()));
    let s = TestServer::start_with(|c| {
        c.clock = Clock::Manual(now.clone());
        c.rate_limits = false;
    })
    .await;
    let advance = |ms: i64| now.fetch_add(ms, Ordering::SeqCst) + ms;
    // The demo's dish photos are used by its school canteens' menus: never swept.
    let demo = s.store.media_usage().await.unwrap().photos;
    let first = upload(&s, phone_jpeg(400, 300)).await;
    let phone = device_cookie(&first);
    let unused: PhotoUpload = first.json().await.unwrap();
    let mut attached = vec![];
    for (path, body) in [
        ("reviews", json!({"text": "饭菜干净，孩子爱吃。", "fill_ms": 9000})),
        ("messages", json!({"text": "汤太咸了，希望少放盐。", "fill_ms": 9000})),
        (
            "reports",
            json!({"category": "no_mask", "description": "切配间师傅没戴口罩。", "happened_at": "2026-11-29T11:30", "reporter": "anonymous", "fill_ms": 9000}),
        ),
    ] {
        let photo: PhotoUpload = upload_as(&s, Some(&phone), phone_jpeg(400, 300)).await.json().await.unwrap();
        let mut body = body;
        body["photos"] = json!([photo.id]);
        let sent = s.client.post(s.url(&format!("/api/units/lc-dcf-0012/{path}"))).header("idempotency-key", path).json(&body).send().await.unwrap();
        assert!(sent.status().is_success(), "{path}: {}", sent.status());
        attached.push(photo);
    }
    let media = s.data().join("media");
    let kept = |p: &PhotoUpload| photo_files(&p.id).iter().all(|f| media.join(f).exists());
    assert!(kept(&unused) && attached.iter().all(kept));

    // Within its day the unused photo stays, and so does one uploaded later.
    let later: PhotoUpload = {
        advance(UNUSED_PHOTO_MS - 3600 * 1000);
        upload(&s, phone_jpeg(400, 300)).await.json().await.unwrap()
    };
    let at = advance(3600 * 1000);
    assert_eq!(sweep_photos(&*s.store, &s.media, &s.room, at).await.unwrap(), 0);
    // A day and a millisecond after its upload it is gone: from the database, the folder and the web.
    let at = advance(1);
    assert_eq!(sweep_photos(&*s.store, &s.media, &s.room, at).await.unwrap(), 1);
    assert_eq!(s.store.photo(&unused.id).await.unwrap(), None);
    assert!(photo_files(&unused.id).iter().all(|f| !media.join(f).exists()));
    assert_eq!(get_as(&s, &unused.url, &phone).await.status().as_u16(), 404);
    assert!(kept(&later));
    // A draft that still names it is told so (the app then uploads its photos again).
    let review = json!({"text": "饭菜干净，孩子爱吃。", "photos": [unused.id], "fill_ms": 9000});
    let late = s.client.post(s.url("/api/units/lc-dcf-0012/reviews")).header("idempotency-key", "late").json(&review).send().await.unwrap();
    assert_eq!(late.status().as_u16(), 400);
    assert_error(&late.json().await.unwrap(), "unknown_photo");

    // Long after, whatever is attached to a review, a message or a report is still there and served.
    let at = advance(1000 * UNUSED_PHOTO_MS);
    assert_eq!(sweep_photos(&*s.store, &s.media, &s.room, at).await.unwrap(), 1, "the later photo, never used");
    assert!(attached.iter().all(kept));
    for photo in &attached {
        assert_eq!(get_as(&s, &photo.thumb_url, &phone).await.status().as_u16(), 200);
    }
    assert_eq!(s.store.media_usage().await.unwrap().photos, demo + 3);
}
