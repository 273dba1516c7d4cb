//! The kitchen's delayed video (issue 15) in the `<video>` the kitchen view already has: fed from the app
//! itself through Media Source Extensions where the browser has them, else played by the browser's own
//! HLS (iPhone, WeChat on iOS). No player library: the server's playlist is plain, its segments one
//! fixed profile ([`video::MIME`]). What it decides is in [`plan`]; the page shows the picture sequence
//! until the video plays, and again where it cannot.

pub mod plan;

use std::time::Duration;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::{document, window};
use mingchu_types::video;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaSource, SourceBuffer, SourceBufferAppendMode, TimeRanges};

use self::plan::{Progress, Step, Timeline};
use crate::api;

/// How the browser plays the video.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Media Source Extensions, fed by the app.
    Mse,
    /// The browser's own HLS, given the playlist.
    Native,
}

/// How this browser can play the video, if at all (then the picture sequence).
pub fn kind(video: &HtmlVideoElement) -> Option<Kind> {
    // Missing altogether in WeChat on iOS and older iPhones: asking it anything would throw.
    if Reflect::has(&window(), &"MediaSource".into()).unwrap_or(false) && MediaSource::is_type_supported(video::MIME) {
        Some(Kind::Mse)
    } else if !video.can_play_type("application/vnd.apple.mpegurl").is_empty() {
        Some(Kind::Native)
    } else {
        None
    }
}

/// What the player needs of the page around it.
pub trait Screen {
    /// Whether to go on: the page is open and the camera still the one chosen.
    fn still(&self) -> bool;
    /// Whether the diner has tapped the button that starts the video.
    fn tapped(&self) -> bool;
    /// Shows or takes away that button.
    fn ask_tap(&self, ask: bool);
    /// The video is moving; what it shows was filmed at this time (UTC ms) when known.
    fn playing(&self, capture_ms: Option<i64>);
}

/// Why the player stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The page was left or another camera chosen.
    Left,
    /// No video here now (none listed, a segment refused by the browser, a stall): the pictures instead.
    Failed,
}

/// Plays `camera`'s delayed video in `video` until the page no longer wants it or it fails.
pub async fn play(kind: Kind, video: &HtmlVideoElement, camera: i64, screen: &impl Screen) -> Ended {
    let playlist = video::playlist_path(camera);
    let _ = video.set_attribute("poster", &format!("/api/cameras/{camera}/frame"));
    // On Save-Data or a slow connection only when asked (the pictures go on meanwhile).
    while plan::needs_tap(connection("saveData").as_bool().unwrap_or(false), connection("effectiveType").as_string().as_deref()) && !screen.tapped() {
        screen.ask_tap(true);
        if !screen.still() {
            return Ended::Left;
        }
        sleep(Duration::from_millis(500)).await;
    }
    let ended = match kind {
        Kind::Mse => mse(video, &playlist, screen).await,
        Kind::Native => native(video, &playlist, screen).await,
    };
    // Lets go of the stream, and of the MediaSource with it.
    let _ = video.pause();
    let _ = video.remove_attribute("src");
    video.load();
    ended.err().unwrap_or(Ended::Left)
}

/// `navigator.connection[name]`, where the browser has it (undefined elsewhere).
pub fn connection(name: &str) -> JsValue {
    let connection = Reflect::get(&window().navigator(), &"connection".into()).unwrap_or_default();
    Reflect::get(&connection, &name.into()).unwrap_or_default()
}

/// Feeds the segments the playlist lists to a MediaSource, in order, a few seconds ahead.
async fn mse(video: &HtmlVideoElement, playlist: &str, screen: &impl Screen) -> Result<(), Ended> {
    let failed = |_| Ended::Failed;
    let source = MediaSource::new().map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_source(&source).map_err(failed)?;
    let opened = Promise::new(&mut |resolve, _| source.set_onsourceopen(Some(&resolve)));
    video.set_src(&url);
    let opened = JsFuture::from(opened).await;
    web_sys::Url::revoke_object_url(&url).ok();
    opened.map_err(failed)?;
    let buffer = source.add_source_buffer(video::MIME).map_err(failed)?;
    // Each segment follows the last whatever its timestamps: a gap or a restarted encoder's new init
    // needs no arithmetic here, and the first starts at 0.
    buffer.set_mode(SourceBufferAppendMode::Sequence);
    buffer.set_timestamp_offset(0.0);
    let mut watch = Watch::default();
    let (mut timeline, mut last, mut map, mut next_look) = (Timeline::default(), None, None::<String>, 0.0);
    loop {
        let t = video.current_time();
        if watch.look(video, screen)? {
            screen.playing(timeline.capture_at(t));
        }
        let (start, end) = span(&video.buffered());
        let now = js_sys::Date::now();
        if end - t < plan::AHEAD_SECS && now >= next_look && !document().hidden() {
            next_look = now + 2000.0;
            match api::playlist(playlist).await {
                Ok(text) => {
                    let listed = video::parse_playlist(&text);
                    // About a segment's length until the next is listed.
                    next_look = now + listed.iter().map(|l| f64::from(l.duration_ms)).fold(1000.0, f64::max);
                    while let Some(step) = plan::next_step(&listed, last, map.as_deref()) {
                        let uri = match step {
                            Step::Init(map) => map,
                            Step::Segment(listed) => &listed.uri,
                        };
                        // Not had: asked again at the next look.
                        let Ok(bytes) = api::segment(&plan::resolve(playlist, uri)).await else { break };
                        if !screen.still() {
                            return Ok(());
                        }
                        update(&buffer, |b| b.append_buffer_with_array_buffer(&bytes)).await.map_err(failed)?;
                        let (start, end) = span(&video.buffered());
                        match step {
                            Step::Init(uri) => map = Some(uri.to_owned()),
                            Step::Segment(listed) => {
                                timeline.place(start, end, listed.capture_ms);
                                last = Some(listed.seq);
                            }
                        }
                        if end - video.current_time() >= plan::AHEAD_SECS {
                            break;
                        }
                    }
                }
                // Nothing to show now (outside hours, offline): the pictures say why.
                Err(e) if !e.is_transient() => return Err(Ended::Failed),
                Err(_) => {}
            }
        }
        // The first segment may not start at 0 in every browser.
        if t < start {
            video.set_current_time(start);
        }
        if let Some((from, to)) = plan::trim(start, t) {
            update(&buffer, |b| b.remove(from, to)).await.map_err(failed)?;
            timeline.forget_before(to);
        }
        sleep(Duration::from_millis(500)).await;
    }
}

/// The browser plays the playlist itself; the capture time comes from its `getStartDate()`, where it has one.
async fn native(video: &HtmlVideoElement, playlist: &str, screen: &impl Screen) -> Result<(), Ended> {
    video.set_src(playlist);
    let mut watch = Watch::default();
    loop {
        if watch.look(video, screen)? {
            screen.playing(plan::native_capture(start_date(video), video.current_time()));
        }
        sleep(Duration::from_millis(500)).await;
    }
}

/// Safari's `video.getStartDate()` in ms (NaN where the browser has none).
fn start_date(video: &HtmlVideoElement) -> f64 {
    let get = Reflect::get(video, &"getStartDate".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let date = get.and_then(|get| get.call0(video).ok()).and_then(|d| d.dyn_into::<js_sys::Date>().ok());
    date.map_or(f64::NAN, |d| d.get_time())
}

/// Appends bytes or removes a span, and waits until the buffer has done it.
async fn update(buffer: &SourceBuffer, act: impl FnOnce(&SourceBuffer) -> Result<(), JsValue>) -> Result<(), JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        buffer.set_onupdateend(Some(&resolve));
        buffer.set_onerror(Some(&reject));
    });
    act(buffer)?;
    JsFuture::from(done).await.map(drop)
}

/// Where the buffered video begins and ends (seconds).
fn span(ranges: &TimeRanges) -> (f64, f64) {
    match ranges.length() {
        0 => (0.0, 0.0),
        n => (ranges.start(0).unwrap_or(0.0), ranges.end(n - 1).unwrap_or(0.0)),
    }
}

/// The playhead, looked at every half second.
#[derive(Default)]
struct Watch {
    progress: Option<Progress>,
    /// `play()` was called and not undone by a pause of ours.
    asked: bool,
    /// Looks since `play()` at which the video was still paused: the browser would not start it
    /// without a tap (WeChat's Android browser may want one), which is asked for.
    refusals: u8,
}

impl Watch {
    /// Pauses while the page is hidden and plays when shown, asks for a tap where the browser wants
    /// one; whether the video moved since the last look. A video that errs or stalls has failed.
    fn look(&mut self, video: &HtmlVideoElement, screen: &impl Screen) -> Result<bool, Ended> {
        let now = js_sys::Date::now();
        let progress = self.progress.get_or_insert_with(|| Progress::new(now));
        if !screen.still() {
            return Err(Ended::Left);
        }
        if video.error().is_some() {
            return Err(Ended::Failed);
        }
        // A refused `play()` leaves the video paused (a pending one does not).
        self.refusals = if self.asked && video.paused() { self.refusals.saturating_add(1) } else { 0 };
        let waits = self.refusals > 2 && !screen.tapped();
        screen.ask_tap(waits);
        if document().hidden() || waits {
            if self.asked && !waits {
                let _ = video.pause();
                self.asked = false;
            }
            progress.rest(now);
            return Ok(false);
        }
        if !self.asked || self.refusals > 2 {
            (self.asked, self.refusals) = (true, 0);
            let _ = video.play();
        }
        if progress.moved(video.current_time(), now) {
            return Ok(true);
        }
        if progress.stalled(now) {
            return Err(Ended::Failed);
        }
        Ok(false)
    }
}

/// Waits without a Rust closure: the promise's own `resolve` is the timer's callback.
pub async fn sleep(duration: Duration) {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, duration.as_millis() as i32);
    });
    let _ = JsFuture::from(promise).await;
}
