//! Synthetic kitchen cameras for the demo, so the delayed view works out of the box with no camera
//! attached. Every two seconds each sending demo camera gets a 640×360 picture of its capture time (China
//! time, in big seven-segment digits: no font needed), a square that moves from one frame to the next and
//! a band in the colour of the camera's area, stored straight through the frame store as if a gateway had
//! pushed it.
//!
//! Encoding a JPEG is the cost (a few milliseconds each, far more in an unoptimised test build), so the
//! cameras are driven together, on the clock's even seconds: a picture depends only on the area and the
//! time, and is encoded once for every camera of that area.
//!
//! A viewer is shown frames `delay` old, so a camera that just started has nothing to show for `delay`
//! seconds. Rather than drawing all those past frames at start (a hundred per camera), the frame a viewer
//! would have been shown had the camera been running is drawn just in time: one at start, then one per
//! tick beside the live frame, until the live frames are old enough. The view works at once, start-up
//! stays cheap, and no frame is shown before it is `delay` old.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Weak};
use std::time::Duration;

use image::codecs::jpeg::JpegEncoder;
use image::RgbImage;
use mingchu_types::{Day, KitchenArea};

use crate::cameras::{effective_delay_secs, receive_frame};
use crate::frames::FrameStore;
use crate::store::{CameraRecord, Store, StoreResult};
use crate::{demo, Clock, CHINA_UTC_OFFSET_SECS};

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;
/// How often each synthetic camera sends a frame.
pub const EVERY_MS: i64 = 2000;
const QUALITY: u8 = 70;

/// Starts the synthetic cameras: one for each sending demo camera in the store; returns how many. Each
/// has a frame to show when this returns; they stop when the frame store is dropped.
pub async fn start(store: Arc<dyn Store>, frames: &Arc<FrameStore>, clock: Clock, min_delay_secs: u32) -> StoreResult<usize> {
    let cameras = demo::sending_cameras(&*store).await?;
    let n = cameras.len();
    if n > 0 {
        let synthetic = Synthetic { cameras, store, frames: Arc::downgrade(frames), clock, min_delay_secs };
        // What each camera's viewers get right now, and a frame of now, so that the cameras count as
        // live from the first request on (not offline until the first tick).
        let started = synthetic.clock.now_ms().div_euclid(1000) * 1000;
        synthetic.send(|camera| vec![started - synthetic.delay_ms(camera), started]).await;
        tokio::spawn(synthetic.run());
    }
    Ok(n)
}

struct Synthetic {
    cameras: Vec<CameraRecord>,
    store: Arc<dyn Store>,
    frames: Weak<FrameStore>,
    clock: Clock,
    min_delay_secs: u32,
}

impl Synthetic {
    fn delay_ms(&self, camera: &CameraRecord) -> i64 {
        i64::from(effective_delay_secs(camera, self.min_delay_secs)) * 1000
    }

    async fn run(self) {
        let mut first_live = None;
        loop {
            let now = self.clock.now_ms();
            let next = (now.div_euclid(EVERY_MS) + 1) * EVERY_MS;
            tokio::time::sleep(Duration::from_millis((next - now).clamp(1, EVERY_MS) as u64)).await;
            let now = self.clock.now_ms().div_euclid(1000) * 1000;
            let first = *first_live.get_or_insert(now);
            // Until a camera's live frames are old enough, the one its viewers are due now is drawn too.
            let sent = self
                .send(|camera| {
                    let due = now - self.delay_ms(camera);
                    if due < first {
                        vec![now, due]
                    } else {
                        vec![now]
                    }
                })
                .await;
            if !sent {
                return;
            }
        }
    }

    /// Draws and stores each camera's frames captured at `times(camera)`; `false` once the server is
    /// gone. A failure is logged and the cameras carry on.
    async fn send(&self, times: impl Fn(&CameraRecord) -> Vec<i64>) -> bool {
        let Some(frames) = self.frames.upgrade() else {
            return false;
        };
        let wanted: Vec<(&CameraRecord, Vec<i64>)> = self.cameras.iter().map(|c| (c, times(c))).collect();
        if let Err(e) = self.draw_and_store(&frames, &wanted).await {
            tracing::warn!("synthetic cameras: {e}");
        }
        true
    }

    async fn draw_and_store(
        &self,
        frames: &FrameStore,
        wanted: &[(&CameraRecord, Vec<i64>)],
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let pictures: HashSet<(KitchenArea, i64)> = wanted.iter().flat_map(|(c, times)| times.iter().map(|&at| (c.area, at))).collect();
        // Drawing and encoding take CPU: off the async workers, once per area and time.
        let jpegs: HashMap<(KitchenArea, i64), Vec<u8>> = tokio::task::spawn_blocking(move || {
            pictures.into_iter().map(|(area, at)| frame_jpeg(at, area).map(|jpeg| ((area, at), jpeg))).collect::<Result<_, _>>()
        })
        .await??;
        let now = self.clock.now_ms();
        for (camera, times) in wanted {
            for at in times {
                if let Some(jpeg) = jpegs.get(&(camera.area, *at)) {
                    receive_frame(&*self.store, frames, camera, jpeg, *at, now, self.min_delay_secs).await?;
                }
            }
        }
        Ok(())
    }
}

/// The JPEG of a synthetic frame of `area` captured at `captured_ms`.
pub fn frame_jpeg(captured_ms: i64, area: KitchenArea) -> Result<Vec<u8>, image::ImageError> {
    let picture = render(captured_ms, area);
    let mut out = Vec::with_capacity(32 * 1024);
    JpegEncoder::new_with_quality(&mut out, QUALITY).encode_image(&picture)?;
    Ok(out)
}

const BACKGROUND: [u8; 3] = [34, 38, 44];
const INK: [u8; 3] = [238, 240, 242];
const DIM: [u8; 3] = [70, 76, 84];

/// The band's colour for each area, so two cameras of a unit are told apart at a glance.
fn area_colour(area: KitchenArea) -> [u8; 3] {
    match area {
        KitchenArea::RoughPrep => [121, 85, 72],
        KitchenArea::Cutting => [0, 137, 123],
        KitchenArea::Cooking => [230, 81, 0],
        KitchenArea::SpecialRoom => [21, 101, 192],
        KitchenArea::Washing => [0, 151, 167],
        KitchenArea::Portioning => [106, 27, 154],
        KitchenArea::Storeroom => [85, 139, 47],
    }
}

/// Where the big clock is drawn (x, y, digit width, digit height, stroke).
const CLOCK: (u32, u32, u32, u32, u32) = (93, 124, 56, 110, 12);
/// The space after a digit, and a colon's width.
const GAP: u32 = 10;
const COLON: u32 = 24;

/// Draws the frame: the area's band with the date, the capture time (China time) as `HH:MM:SS`, a square
/// that moves every frame and a bar that fills over each minute.
pub fn render(captured_ms: i64, area: KitchenArea) -> RgbImage {
    let mut picture = RgbImage::new(WIDTH, HEIGHT);
    let colour = area_colour(area);
    fill(&mut picture, 0, 0, WIDTH, HEIGHT, BACKGROUND);
    fill(&mut picture, 0, 0, WIDTH, 56, colour);

    let local_secs = captured_ms.div_euclid(1000) + CHINA_UTC_OFFSET_SECS;
    let (y, m, d) = Day::from_unix_seconds(local_secs, 0).ymd();
    let s = local_secs.rem_euclid(86_400);
    let (hh, mm, ss) = (s / 3600, s / 60 % 60, s % 60);

    text(&mut picture, 230, 14, (16, 28, 4), &format!("{y:04}-{m:02}-{d:02}"), INK);
    let (x, top, w, h, t) = CLOCK;
    text(&mut picture, x, top, (w, h, t), &format!("{hh:02}:{mm:02}:{ss:02}"), INK);

    // Moves one place every frame, round a track of 14 places.
    let place = captured_ms.div_euclid(EVERY_MS).rem_euclid(14) as u32;
    fill(&mut picture, 40, 284, 560, 40, DIM);
    fill(&mut picture, 40 + place * 40, 284, 40, 40, colour);
    // Fills over each minute.
    fill(&mut picture, 0, 348, WIDTH * ss as u32 / 59, 12, colour);
    picture
}

/// Seven segments per digit: bit 0 the top, then clockwise (top right, bottom right, bottom, bottom left,
/// top left), bit 6 the middle.
const SEGMENTS: [u8; 10] = [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];

/// Draws digits, `:` and `-` with their top left at (x, y); `size` is (digit width, height, stroke).
fn text(picture: &mut RgbImage, mut x: u32, y: u32, size: (u32, u32, u32), s: &str, colour: [u8; 3]) {
    let (w, h, t) = size;
    for c in s.chars() {
        match c {
            ':' => {
                let (cw, cx) = (COLON * w / 56, x + (COLON * w / 56).saturating_sub(t) / 2);
                fill(picture, cx, y + h / 3 - t / 2, t, t, colour);
                fill(picture, cx, y + 2 * h / 3 - t / 2, t, t, colour);
                x += cw + GAP * w / 56;
            }
            _ => {
                let bits = match c {
                    '-' => 0x40,
                    _ => c.to_digit(10).map_or(0, |d| SEGMENTS[d as usize]),
                };
                digit(picture, x, y, size, bits, colour);
                x += w + GAP * w / 56;
            }
        }
    }
}

fn digit(picture: &mut RgbImage, x: u32, y: u32, (w, h, t): (u32, u32, u32), bits: u8, colour: [u8; 3]) {
    let half = h / 2;
    let segments = [
        (x, y, w, t),
        (x + w - t, y, t, half + t / 2),
        (x + w - t, y + half - t / 2, t, h - half + t / 2),
        (x, y + h - t, w, t),
        (x, y + half - t / 2, t, h - half + t / 2),
        (x, y, t, half + t / 2),
        (x, y + half - t / 2, w, t),
    ];
    for (i, (sx, sy, sw, sh)) in segments.into_iter().enumerate() {
        if bits & (1 << i) != 0 {
            fill(picture, sx, sy, sw, sh, colour);
        }
    }
}

/// Fills a rectangle (clipped to the picture) a row at a time: a copy per row, cheap even unoptimised.
fn fill(picture: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
    let (width, height) = picture.dimensions();
    let (x1, y1) = ((x + w).min(width) as usize, (y + h).min(height) as usize);
    let (x, y) = (x.min(width) as usize, y.min(height) as usize);
    if x1 <= x || y1 <= y {
        return;
    }
    let row: Vec<u8> = colour.iter().copied().cycle().take((x1 - x) * 3).collect();
    let stride = width as usize * 3;
    let buffer: &mut [u8] = picture;
    for r in y..y1 {
        buffer[r * stride + x * 3..r * stride + x1 * 3].copy_from_slice(&row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-29 12:30:05 in China.
    const T: i64 = 1_795_910_400_000 + (4 * 3600 + 30 * 60 + 5) * 1000;

    #[test]
    fn digits_light_their_segments() {
        assert_eq!(SEGMENTS[8].count_ones(), 7);
        assert_eq!(SEGMENTS[1].count_ones(), 2);
        assert_eq!(SEGMENTS[0] & 0x40, 0, "zero has no middle bar");
        let distinct: std::collections::HashSet<u8> = SEGMENTS.into_iter().collect();
        assert_eq!(distinct.len(), 10);
    }

    /// The pixels of the clock's `n`th character (0-based, colons count).
    fn clock_cell(picture: &RgbImage, n: u32) -> Vec<[u8; 3]> {
        let (x, y, w, h, _) = CLOCK;
        let cell = w + GAP;
        let x0 = x + (n - n / 3) * cell + (n / 3) * (COLON + GAP);
        (y..y + h).flat_map(|py| (x0..x0 + w).map(move |px| (px, py))).map(|(px, py)| picture.get_pixel(px, py).0).collect()
    }

    #[test]
    fn the_capture_time_is_drawn_and_changes_with_it() {
        let a = render(T, KitchenArea::Cooking);
        assert_eq!(a, render(T, KitchenArea::Cooking), "the same time draws the same picture");
        let b = render(T + 1000, KitchenArea::Cooking);
        // 12:30:05 → 12:30:06: the last digit differs, the hours' digits do not.
        assert_ne!(clock_cell(&a, 7), clock_cell(&b, 7));
        assert_eq!(clock_cell(&a, 0), clock_cell(&b, 0));
        // The hour's first digit is a 1 (China time, not UTC's 04): only its right-hand segments are lit.
        let one = clock_cell(&a, 0);
        let lit = one.iter().filter(|p| **p == INK).count();
        let (_, _, _, h, t) = CLOCK;
        assert_eq!(lit as u32, t * h, "a 1 is its two right-hand segments, one stroke wide and the digit high");
        assert_ne!(render(T, KitchenArea::Washing), a, "the area's colour shows");
    }

    #[test]
    fn the_square_moves_every_frame() {
        let a = render(T, KitchenArea::Cooking);
        let b = render(T + EVERY_MS, KitchenArea::Cooking);
        let track = |p: &RgbImage| (40..600).map(|x| p.get_pixel(x, 300).0).collect::<Vec<_>>();
        assert_ne!(track(&a), track(&b));
    }

    #[test]
    fn frames_are_valid_jpegs_of_the_right_size() {
        let jpeg = frame_jpeg(T, KitchenArea::Cooking).unwrap();
        assert_eq!(crate::frames::check_jpeg(&jpeg, &crate::frames::FrameRules::default()), Ok((WIDTH, HEIGHT)));
        assert!(jpeg.len() < 100 * 1024, "{} bytes", jpeg.len());
    }
}
