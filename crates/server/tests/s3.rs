//! Photos in an S3-compatible bucket, against a real S3-protocol server: moto's, which `cargo xtask setup`
//! installs into `.tools/s3` (or the one `MINGCHU_S3_SERVER` names). The test starts it on a free port
//! and stops it at the end; without it the test fails, it is not skipped.
//!
//! A server configured with the bucket keeps an uploaded photo there (read back with the S3 client, not
//! through the server), serves it on `/media/` once a published review uses it, and a second server on
//! the same bucket and database serves it too, and sweeps from the bucket what nothing used.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::s3::{S3Server, PREFIX};
use common::TestServer;
use mingchu_server::media_store::photo_files;
use mingchu_server::room::RoomRules;
use mingchu_server::sweep::{sweep_photos, UNUSED_PHOTO_MS};
use mingchu_server::{Clock, ServerConfig};
use mingchu_types::{PhotoUpload, ReviewReceipt, ReviewState};
use object_store::aws::AmazonS3;
use object_store::path::Path as Key;
use object_store::ObjectStoreExt;
use serde_json::json;

/// What the bucket holds under `file` (the server's prefix included), if anything.
async fn object(bucket: &AmazonS3, file: &str) -> Option<Vec<u8>> {
    match bucket.get(&Key::from(format!("{PREFIX}/{file}"))).await {
        Ok(found) => Some(found.bytes().await.expect("object bytes").to_vec()),
        Err(object_store::Error::NotFound { .. }) => None,
        Err(e) => panic!("reading {file} from the bucket: {e}"),
    }
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// Uploads a photo from the browser holding `cookie` (none: a new one); the photo and the cookie.
async fn upload(s: &TestServer, cookie: Option<&str>) -> (PhotoUpload, String) {
    let mut request = s.client.post(s.url("/api/photos")).header("content-type", "image/jpeg").body(jpeg(640, 480));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let cookie = match response.headers().get("set-cookie") {
        Some(set) => set.to_str().unwrap().split(';').next().unwrap().to_owned(),
        None => cookie.expect("a device cookie").to_owned(),
    };
    (response.json().await.unwrap(), cookie)
}

/// GETs a photo anonymously; its status, `Cache-Control` and bytes.
async fn fetch(s: &TestServer, path: &str) -> (u16, String, Vec<u8>) {
    let response = s.get(path).await;
    let status = response.status().as_u16();
    let cache = response.headers().get("cache-control").map_or(String::new(), |v| v.to_str().unwrap().to_owned());
    if status == 200 {
        assert_eq!(response.headers()["content-type"], "image/jpeg");
    }
    (status, cache, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn photos_live_in_the_bucket_and_every_server_on_it_serves_them() {
    let s3 = S3Server::start().await;
    let bucket = s3.client();
    let now = Arc::new(AtomicI64::new(Clock::Fixed("2026-11-29".parse().unwrap()).now_ms()));
    let configure = |c: &mut ServerConfig| {
        c.media = s3.media();
        c.clock = Clock::Manual(now.clone());
        c.rate_limits = false;
        // The bucket is not on this machine's disk: no reserve on it holds uploads back.
        c.room = RoomRules { min_free_bytes: u64::MAX, media_quota: None };
    };
    let first = TestServer::start_with(configure).await;

    // The photo and its thumbnail are in the bucket, not in the local folder.
    let (photo, phone) = upload(&first, None).await;
    let [photo_file, thumb_file] = photo_files(&photo.id);
    let kept = object(&bucket, &photo_file).await.expect("the photo is in the bucket");
    let thumb = object(&bucket, &thumb_file).await.expect("the thumbnail is in the bucket");
    assert_eq!(image::load_from_memory(&kept).unwrap().width(), 640);
    assert_eq!(image::load_from_memory(&thumb).unwrap().width(), 360);
    assert!(!first.data().join("media").join(&photo_file).exists());

    // Attached to nothing, it is nobody's but its uploader's; under a published review, everyone's.
    assert_eq!(fetch(&first, &photo.url).await.0, 404);
    let review = json!({ "text": "饭菜干净，孩子爱吃。", "photos": [photo.id], "fill_ms": 9000 });
    let posted = first.client.post(first.url("/api/units/lc-dcf-0012/reviews")).header("idempotency-key", "r1").header("cookie", &phone);
    let receipt: ReviewReceipt = posted.json(&review).send().await.unwrap().json().await.unwrap();
    assert_eq!(receipt.state, ReviewState::Published);
    assert_eq!(fetch(&first, &photo.url).await, (200, "public, max-age=300".into(), kept.clone()));

    // A second server on the same bucket and database serves it too.
    let second = first.restart(configure).await;
    assert_eq!(fetch(&second, &photo.url).await, (200, "public, max-age=300".into(), kept));
    assert_eq!(fetch(&second, &photo.thumb_url).await.2, thumb);

    // A photo nothing used is swept from the bucket a day later, by whichever server sweeps.
    let (unused, _) = upload(&second, Some(&phone)).await;
    assert!(object(&bucket, &photo_files(&unused.id)[0]).await.is_some());
    let at = now.fetch_add(UNUSED_PHOTO_MS + 1, Ordering::SeqCst) + UNUSED_PHOTO_MS + 1;
    assert_eq!(sweep_photos(&*second.store, &second.media, &second.room, at).await.unwrap(), 1);
    for file in photo_files(&unused.id) {
        assert_eq!(object(&bucket, &file).await, None, "{file}");
    }
    assert!(object(&bucket, &photo_file).await.is_some(), "the review's photo stays");
    assert_eq!(fetch(&first, &photo.url).await.0, 200);
}
