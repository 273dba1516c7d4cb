//! Photos for a report: shrunk in the browser (a phone's 4–12 MB photo becomes a JPEG of at most
//! [`MAX_BYTES`]), then uploaded with real progress, so that the diner sees the bar move on a slow line.

use std::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Function, Promise, Reflect};
use mingchu_types::PhotoUpload;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, ProgressEvent, Url, XmlHttpRequest, XmlHttpRequestUpload};

use crate::api::{answer_error, FetchError};

/// Longest edge after shrinking, and the most bytes a shrunk photo may have.
pub const MAX_EDGE: u32 = 1600;
pub const MAX_BYTES: f64 = 400_000.0;

/// JPEG qualities tried in turn at full size; the last one is kept for the smaller sizes after them.
const QUALITIES: [f64; 3] = [0.82, 0.7, 0.55];

/// The size to draw a w×h image at so that its long edge is at most `max_edge` (never enlarges; keeps
/// aspect; at least 1 px). Integer arithmetic, rounded to nearest: the long edge lands exactly on `max_edge`.
pub fn fitted_size(w: u32, h: u32, max_edge: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max_edge {
        return (w.max(1), h.max(1));
    }
    let scale = |side: u32| ((u64::from(side) * u64::from(max_edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32;
    (scale(w), scale(h))
}

/// The long edge to try next after a JPEG of `bytes` came out too big at `edge`: bytes grow about with
/// the area, so aim 10% under the budget; always at least one pixel smaller, so the search ends.
fn next_edge(edge: u32, bytes: f64) -> u32 {
    let aimed = (f64::from(edge) * (MAX_BYTES / bytes).sqrt() * 0.9) as u32;
    aimed.min(edge.saturating_sub(1)).max(1)
}

/// Why a photo could not be prepared for upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrepError {
    /// The browser cannot decode the file as an image.
    NotAnImage,
    /// Drawing or encoding failed (no canvas, out of memory).
    Failed,
}

/// Decodes `file` (any image the browser can decode; EXIF orientation applied — createImageBitmap's
/// default imageOrientation "from-image"), draws it on a canvas at `fitted_size(…, MAX_EDGE)` with
/// high-quality smoothing, and encodes a JPEG with canvas.toBlob (quality 0.82; if the result is over
/// MAX_BYTES, again at 0.7 and then 0.55 and then at smaller sizes, so the result is ALWAYS ≤ MAX_BYTES).
/// A file the browser cannot decode is NotAnImage. Records `performance.measure("mc-photo-shrink", …)`
/// around the work (a benchmark reads it), and frees the ImageBitmap.
pub async fn shrink(file: &Blob) -> Result<Blob, PrepError> {
    let window = web_sys::window().ok_or(PrepError::Failed)?;
    let performance = window.performance();
    // A mark name of its own, so that shrinking two photos at once measures each from its own start.
    static SHRINKS: AtomicU32 = AtomicU32::new(0);
    let start = format!("mc-photo-shrink@{}", SHRINKS.fetch_add(1, Ordering::Relaxed));
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let decoded = match window.create_image_bitmap_with_blob(file) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let result = match decoded.ok().and_then(|b| b.dyn_into::<ImageBitmap>().ok()) {
        Some(bitmap) => {
            let jpeg = encode(&window, &bitmap).await;
            bitmap.close();
            jpeg
        }
        None => Err(PrepError::NotAnImage),
    };
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark("mc-photo-shrink", &start);
        p.clear_marks_with_mark_name(&start);
    }
    result
}

/// Draws `bitmap` on a canvas and encodes it as a JPEG of at most [`MAX_BYTES`].
async fn encode(window: &web_sys::Window, bitmap: &ImageBitmap) -> Result<Blob, PrepError> {
    let canvas: HtmlCanvasElement =
        window.document().and_then(|d| d.create_element("canvas").ok()).and_then(|c| c.dyn_into().ok()).ok_or(PrepError::Failed)?;
    let jpeg = fit(&canvas, bitmap).await;
    // Gives the canvas's memory back at once: iOS Safari caps the total of all canvases and is slow to
    // collect detached ones.
    canvas.set_width(0);
    canvas.set_height(0);
    jpeg
}

/// Tries [`QUALITIES`] at the full size, then ever smaller sizes at the lowest quality, until the JPEG fits.
async fn fit(canvas: &HtmlCanvasElement, bitmap: &ImageBitmap) -> Result<Blob, PrepError> {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok()).ok_or(PrepError::Failed)?;
    let (w, h) = (bitmap.width(), bitmap.height());
    let mut edge = MAX_EDGE.min(w.max(h));
    let mut qualities: &[f64] = &QUALITIES;
    loop {
        let (cw, ch) = fitted_size(w, h, edge);
        // Resizing clears the canvas and resets the context's state, smoothing included.
        canvas.set_width(cw);
        canvas.set_height(ch);
        context.set_image_smoothing_enabled(true);
        // Not in web-sys; browsers without it ignore it.
        let _ = Reflect::set(&context, &"imageSmoothingQuality".into(), &"high".into());
        // JPEG has no transparency: a transparent PNG would turn black without a white ground.
        context.set_fill_style_str("#fff");
        context.fill_rect(0.0, 0.0, f64::from(cw), f64::from(ch));
        context.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(cw), f64::from(ch)).map_err(|_| PrepError::Failed)?;
        let mut bytes = MAX_BYTES;
        for &quality in qualities {
            let blob = jpeg(canvas, quality).await?;
            if blob.size() <= MAX_BYTES {
                return Ok(blob);
            }
            bytes = blob.size();
        }
        if edge <= 1 {
            return Err(PrepError::Failed);
        }
        edge = next_edge(edge, bytes);
        qualities = &QUALITIES[QUALITIES.len() - 1..];
    }
}

/// The canvas as a JPEG at `quality` (0–1).
async fn jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Result<Blob, PrepError> {
    let encoded = when_called(&mut |done| canvas.to_blob_with_type_and_encoder_options(done, "image/jpeg", &quality.into()));
    // toBlob hands null to the callback when it cannot encode.
    encoded.await.ok().and_then(|b| b.dyn_into::<Blob>().ok()).ok_or(PrepError::Failed)
}

/// Uploads a shrunk photo: `POST /api/photos` with the JPEG bytes as the body (content-type image/jpeg),
/// with XMLHttpRequest so that `on_progress(bytes_sent, bytes_total)` is called from the upload's progress
/// events (fetch has no upload progress). 2xx (the server answers 201) → the [`PhotoUpload`]. Another
/// status → [`answer_error`]. Network error, abort or timeout (60 s) → [`FetchError::Network`].
///
/// Dropping the future before it completes aborts the upload.
pub async fn upload(photo: &Blob, on_progress: impl Fn(f64, f64) + 'static) -> Result<PhotoUpload, FetchError> {
    // The only generic part: everything else is compiled once, whatever the caller's closure.
    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        if e.length_computable() {
            on_progress(e.loaded(), e.total());
        }
    });
    send(photo, progress).await
}

async fn send(photo: &Blob, progress: Closure<dyn Fn(ProgressEvent)>) -> Result<PhotoUpload, FetchError> {
    let xhr = XmlHttpRequest::new().map_err(|_| FetchError::Network)?;
    xhr.open("POST", "/api/photos").map_err(|_| FetchError::Network)?;
    xhr.set_request_header("content-type", "image/jpeg").map_err(|_| FetchError::Network)?;
    xhr.set_timeout(60_000);
    let upload = xhr.upload().map_err(|_| FetchError::Network)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // Declared after `progress`, so dropped before it, also when the future is dropped.
    let _sending = Sending(&xhr, &upload);
    // loadend follows load, error, abort and timeout alike; status 0 tells the last three apart.
    let ended = when_called(&mut |done| {
        xhr.set_onloadend(Some(done));
        xhr.send_with_opt_blob(Some(photo))
    });
    ended.await.map_err(|_| FetchError::Network)?;
    let status = xhr.status().unwrap_or(0);
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    match status {
        0 => Err(FetchError::Network),
        200..=299 => serde_json::from_str(&body).map_err(|_| FetchError::Unreadable),
        _ => Err(answer_error(status, &body)),
    }
}

/// Detaches the progress handler when the upload ends or its future is dropped (the closure it calls is
/// dropped right after), and then aborts an upload still under way.
struct Sending<'a>(&'a XmlHttpRequest, &'a XmlHttpRequestUpload);

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.1.set_onprogress(None);
        if self.0.ready_state() != XmlHttpRequest::DONE {
            let _ = self.0.abort();
        }
    }
}

/// A future for a callback-style browser API: `start` hands the callback (a Promise's `resolve`, so no
/// Rust closure is kept alive) to the API; the future gives what the API passes to it. If `start`
/// fails, the future fails with its error.
fn when_called(start: &mut dyn FnMut(&Function) -> Result<(), JsValue>) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        if let Err(e) = start(&resolve) {
            let _ = reject.call1(&JsValue::UNDEFINED, &e);
        }
    }))
}

/// An object URL for a thumbnail preview (the caller revokes it with [`revoke`]).
pub fn preview_url(blob: &Blob) -> Option<String> {
    Url::create_object_url_with_blob(blob).ok()
}

pub fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_images_are_not_enlarged() {
        assert_eq!(fitted_size(800, 600, MAX_EDGE), (800, 600));
        assert_eq!(fitted_size(1600, 1200, MAX_EDGE), (1600, 1200));
    }

    #[test]
    fn the_long_edge_lands_on_the_limit() {
        assert_eq!(fitted_size(4032, 3024, MAX_EDGE), (1600, 1200));
        assert_eq!(fitted_size(3024, 4032, MAX_EDGE), (1200, 1600));
        assert_eq!(fitted_size(4000, 4000, MAX_EDGE), (1600, 1600));
        // 1600 × 1080 / 1920 = 900.
        assert_eq!(fitted_size(1920, 1080, MAX_EDGE), (1600, 900));
    }

    #[test]
    fn aspect_is_kept_to_the_nearest_pixel() {
        // 1000 × 1600 / 3000 = 533.3.
        assert_eq!(fitted_size(3000, 1000, MAX_EDGE), (1600, 533));
        // 2000 × 1600 / 3000 = 1066.7.
        assert_eq!(fitted_size(2000, 3000, MAX_EDGE), (1067, 1600));
    }

    #[test]
    fn never_less_than_one_pixel() {
        assert_eq!(fitted_size(100_000, 1, MAX_EDGE), (1600, 1));
        assert_eq!(fitted_size(0, 0, MAX_EDGE), (1, 1));
        assert_eq!(fitted_size(500, 300, 0), (1, 1));
    }

    #[test]
    fn huge_sizes_do_not_overflow() {
        assert_eq!(fitted_size(u32::MAX, u32::MAX / 2, MAX_EDGE), (1600, 800));
    }

    #[test]
    fn the_next_size_always_shrinks_and_ends() {
        // Twice the budget: about 0.9 / √2 of the edge.
        assert_eq!(next_edge(1600, 800_000.0), 1018);
        // Barely over: at least one pixel less.
        assert_eq!(next_edge(1, 400_001.0), 1);
        assert!(next_edge(1600, 400_001.0) < 1600);
        let mut edge = 1600;
        let mut steps = 0;
        while edge > 1 {
            edge = next_edge(edge, 400_001.0);
            steps += 1;
        }
        assert!(steps < 100);
    }
}
