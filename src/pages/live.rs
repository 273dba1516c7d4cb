use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::Lang;
use mingchu_types::markup::{self, camera_status, delay_words, live_caption};
use mingchu_types::{video, CameraState, UnitCameras, UnitPage};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::{set_title, use_unit};
use crate::api;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::player::{self, sleep, Ended, Screen};

/// Seconds between two looks at a camera; longer when the browser asks to save data.
const REFRESH_SECS: u64 = 4;
const SAVE_DATA_REFRESH_SECS: u64 = 15;

/// `/u/{code}/live`: the kitchen's cameras, a few minutes behind, a tab per area; then the proof that
/// the picture is real and current.
#[component]
pub fn LivePage(code: String) -> impl IntoView {
    let (unit, retry) = use_unit(code.clone());
    let code = StoredValue::new(code);
    // One resource for both answers (the cameras asked again whenever the unit is: a retry asks for
    // both): each resource of its own type costs the app every visitor loads some KB.
    let both = LocalResource::new(move || {
        let code = code.get_value();
        async move { Ok((unit.await?, api::cameras(&code).await?)) }
    });
    loaded(both, &[44, 32, 44, 200, 160], retry, move |(page, cameras)| {
        // Filled in by hand once it is had: a view of its own would cost the app more than the rest
        // of this change.
        spawn_local(async move {
            if let Some(section) = watch_section(code.get_value()).await {
                if let Some(slot) = document().get_element_by_id("watch-slot") {
                    slot.set_inner_html(&section);
                }
            }
        });
        view! { <Live page cameras/> }.into_any()
    })
}

/// The kitchen view's section of alerts and sensors (可示警、可感测) as the server paints it, last in the
/// page's `<main>`. Drawing it here from its JSON would put its types, words and chart into the app
/// every visitor loads; asking for it costs a request, also when the page was the one loaded (taking
/// it from the first paint cost the app more than the request costs the rare visitor who opens the
/// kitchen view's address directly). A section that cannot be had is left out: the cameras above it
/// do not depend on it.
async fn watch_section(code: String) -> Option<String> {
    let main = api::painted(&format!("/u/{}/live", api::enc(&code))).await.ok()?.main;
    main.find(r#"<section class="watch""#).map(|start| main[start..].to_owned())
}

/// The screen is drawn by the shared renderer (as the server paints it); this component only moves
/// between tabs and keeps the picture fresh, or plays the delayed video where the camera has one and the
/// browser can, by hand on a few elements: view trees for a strip of tabs and one image cost the app
/// several times more.
#[component]
fn Live(page: UnitPage, cameras: UnitCameras) -> impl IntoView {
    let lang = use_lang().get_untracked();
    set_title(&format!("{} · {}", lang.look().live_title, page.unit.name));
    let first = cameras.cameras.iter().position(|c| c.state == CameraState::Live).unwrap_or(0);
    let html = markup::live_screen(lang, &page.unit.code, &page.unit.name, &cameras, first);
    let viewer = Rc::new(Viewer {
        code: page.unit.code,
        cameras: cameras.into(),
        selected: Cell::new(first),
        shown: Default::default(),
        turn: Cell::new(0),
        video_on: Cell::new(false),
        no_video: Default::default(),
        tapped: Cell::new(false),
    });
    // Ends the refresh loop when the page goes.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    // After the markup is in the page: the loops find their elements by id.
    request_animation_frame({
        let viewer = viewer.clone();
        move || {
            video_loop(viewer.clone(), alive.clone(), lang);
            refresh_loop(viewer, alive, lang)
        }
    });
    let viewer = StoredValue::new_local(viewer);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(target) = target else { return };
        if let Some(tab) = target.closest("[data-tab]").ok().flatten() {
            let i = tab.get_attribute("data-tab").and_then(|i| i.parse().ok()).unwrap_or(0);
            viewer.with_value(|v| v.select(i, lang));
        } else if target.closest("#live-play").ok().flatten().is_some() {
            viewer.with_value(|v| v.tapped.set(true));
        } else if target.closest("#live-open, #live-video").ok().flatten().is_some() {
            let shown = if viewer.with_value(|v| v.video_on.get()) { "live-video" } else { "live-img" };
            if let Some(shown) = document().get_element_by_id(shown) {
                let _ = shown.request_fullscreen();
            }
        }
    };
    // The section of alerts and sensors goes last, in its slot (see `LivePage`).
    let html = html + r#"<div class="stack" id="watch-slot"></div>"#;
    view! { <div class="stack" on:click=on_click inner_html=html></div> }
}

/// The selected camera and the frame on screen.
struct Viewer {
    code: String,
    /// As last listed: a camera without a picture is looked up again until it has one.
    cameras: RefCell<UnitCameras>,
    selected: Cell<usize>,
    /// The shown frame's object address and capture time.
    shown: RefCell<Option<(String, String)>>,
    /// Bumped at each tab change, so that a frame fetched for the previous tab is thrown away.
    turn: Cell<u32>,
    /// Whether the selected camera's video is on screen (the pictures rest meanwhile).
    video_on: Cell<bool>,
    /// Cameras whose video failed here: their pictures instead, until the list says they have none.
    no_video: RefCell<Vec<i64>>,
    /// The diner tapped the button that starts the video.
    tapped: Cell<bool>,
}

impl Viewer {
    fn select(&self, i: usize, lang: mingchu_types::i18n::Lang) {
        let count = self.cameras.borrow().cameras.len();
        if i >= count || i == self.selected.get() {
            return;
        }
        self.selected.set(i);
        for n in 0..count {
            if let Some(tab) = document().query_selector(&format!("[data-tab=\"{n}\"]")).ok().flatten() {
                let _ = tab.set_attribute("aria-selected", if n == i { "true" } else { "false" });
            }
        }
        self.afresh(lang);
    }

    /// Starts the selected camera's view again (another tab, or its video failed): what the previous
    /// one fetched is thrown away, and the place says it is loading or why there is no picture.
    fn afresh(&self, lang: Lang) {
        self.turn.set(self.turn.get() + 1);
        self.clear();
        let why = self.cameras.borrow().cameras.get(self.selected.get()).and_then(|c| camera_status(lang, c));
        status(why.as_deref().unwrap_or(lang.t().loading), why.is_none());
    }

    /// Lists the cameras again and keeps the selected one's news (it may have come back, or its hours
    /// opened), saying why it still has no picture.
    async fn relook(&self, lang: mingchu_types::i18n::Lang) {
        let (turn, i) = (self.turn.get(), self.selected.get());
        let Ok(listed) = api::cameras(&self.code).await else { return };
        if turn != self.turn.get() {
            return;
        }
        let mut cameras = self.cameras.borrow_mut();
        let Some(old) = cameras.cameras.get_mut(i) else { return };
        if let Some(new) = listed.cameras.into_iter().find(|c| c.id == old.id) {
            // Its video failed when it stopped (closed, offline): tried again once the list says it plays.
            if !new.video {
                self.no_video.borrow_mut().retain(|&id| id != new.id);
            }
            *old = new;
            if self.shown.borrow().is_none() {
                if let Some(why) = camera_status(lang, old) {
                    status(&why, false);
                }
            }
        }
    }

    /// Takes the picture or video away (another camera was chosen, or this one has none).
    fn clear(&self) {
        if let Some((old, _)) = self.shown.borrow_mut().take() {
            web_sys::Url::revoke_object_url(&old).ok();
        }
        self.video_on.set(false);
        for id in ["live-open", "live-video", "live-play"] {
            if let Some(hidden) = element(id) {
                hidden.set_hidden(true);
            }
        }
        if let Some(caption) = element("live-caption") {
            caption.set_text_content(None);
        }
    }
}

fn element(id: &str) -> Option<HtmlElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Shows a message where the picture goes (`loading`: as a pulsing placeholder).
fn status(text: &str, loading: bool) {
    if let Some(box_) = element("live-status") {
        box_.set_text_content(Some(text));
        box_.set_class_name(if loading { "frame-empty bone" } else { "frame-empty" });
        box_.set_hidden(false);
    }
}

/// Every few seconds, while the page is visible: fetch the selected camera's frame; when it is a new
/// one, decode it off screen and only then swap it in, so there is never a blank between two frames.
fn refresh_loop(viewer: Rc<Viewer>, alive: Arc<AtomicBool>, lang: mingchu_types::i18n::Lang) {
    spawn_local(async move {
        while alive.load(Ordering::Relaxed) {
            let camera = viewer.cameras.borrow().cameras.get(viewer.selected.get()).cloned();
            // While the video plays, the pictures rest.
            let camera = camera.filter(|_| !document().hidden() && !viewer.video_on.get());
            // A camera with nothing to show (offline, outside its hours, connected moments ago) is not
            // asked for a frame, which could only fail; the list is looked at again instead, as the
            // camera may come back while the page is open.
            if camera.as_ref().is_some_and(|c| c.captured_at.is_none()) {
                viewer.relook(lang).await;
            } else if let Some(camera) = camera {
                let turn = viewer.turn.get();
                match api::frame(camera.id).await {
                    Ok((url, at)) => {
                        let new = viewer.shown.borrow().as_ref().map(|(_, shown)| shown) != Some(&at);
                        let img = element("live-img").and_then(|i| i.dyn_into::<web_sys::HtmlImageElement>().ok());
                        match img.filter(|_| new && turn == viewer.turn.get() && alive.load(Ordering::Relaxed)) {
                            Some(img) => {
                                let next = web_sys::HtmlImageElement::new().ok();
                                if let Some(next) = &next {
                                    next.set_src(&url);
                                    let _ = wasm_bindgen_futures::JsFuture::from(next.decode()).await;
                                }
                                // Another tab chosen, or the page left, while it decoded.
                                if turn != viewer.turn.get() || !alive.load(Ordering::Relaxed) {
                                    web_sys::Url::revoke_object_url(&url).ok();
                                    continue;
                                }
                                img.set_src(&url);
                                if let Some((old, _)) = viewer.shown.replace(Some((url, at.clone()))) {
                                    web_sys::Url::revoke_object_url(&old).ok();
                                }
                                if let Some(caption) = element("live-caption") {
                                    caption.set_text_content(Some(&live_caption(lang, camera.delay_secs, &at)));
                                }
                                if let (Some(open), Some(status)) = (element("live-open"), element("live-status")) {
                                    open.set_hidden(false);
                                    status.set_hidden(true);
                                }
                            }
                            None => _ = web_sys::Url::revoke_object_url(&url),
                        }
                    }
                    // Keep showing the last frame; say why only when there is none (an offline camera
                    // keeps saying since when it is offline).
                    Err(e) => {
                        if viewer.shown.borrow().is_none()
                            && turn == viewer.turn.get()
                            && camera.state == CameraState::Live
                            && alive.load(Ordering::Relaxed)
                        {
                            status(&e.message(lang), false)
                        }
                        // It may have closed or gone offline: the list says so, and when it is back.
                        viewer.relook(lang).await;
                    }
                }
            }
            // Wait, in steps, so that a tab chosen meanwhile is shown at once.
            let turn = viewer.turn.get();
            let steps = 2 * if save_data() { SAVE_DATA_REFRESH_SECS } else { REFRESH_SECS };
            for _ in 0..steps {
                sleep(Duration::from_millis(500)).await;
                if turn != viewer.turn.get() || !alive.load(Ordering::Relaxed) {
                    break;
                }
            }
        }
        // The page is gone (its elements may be another page's now): only give the memory back.
        if let Some((old, _)) = viewer.shown.borrow_mut().take() {
            web_sys::Url::revoke_object_url(&old).ok();
        }
    });
}

/// Whether the browser asks sites to save data (`navigator.connection.saveData`, where it exists).
fn save_data() -> bool {
    player::connection("saveData").as_bool().unwrap_or(false)
}

/// While the page is open: plays the selected camera's delayed video where it has one and this browser
/// can (not at all where it cannot: the pictures go on); one that fails gives way to its pictures.
fn video_loop(viewer: Rc<Viewer>, alive: Arc<AtomicBool>, lang: Lang) {
    let video = document().get_element_by_id("live-video").and_then(|v| v.dyn_into::<web_sys::HtmlVideoElement>().ok());
    let Some((video, kind)) = video.and_then(|v| player::kind(&v).map(|kind| (v, kind))) else { return };
    spawn_local(async move {
        while alive.load(Ordering::Relaxed) {
            let camera = viewer.cameras.borrow().cameras.get(viewer.selected.get()).cloned();
            let Some(camera) = camera.filter(|c| c.video && !viewer.no_video.borrow().contains(&c.id)) else {
                sleep(Duration::from_millis(500)).await;
                continue;
            };
            let screen = OnPage { viewer: &viewer, turn: viewer.turn.get(), alive: &alive, lang, delay_secs: camera.delay_secs };
            if player::play(kind, &video, camera.id, &screen).await == Ended::Failed {
                viewer.no_video.borrow_mut().push(camera.id);
                if screen.still() {
                    viewer.afresh(lang);
                }
            }
        }
    });
}

/// The kitchen view as the player sees it, for one camera chosen once.
struct OnPage<'a> {
    viewer: &'a Viewer,
    turn: u32,
    alive: &'a AtomicBool,
    lang: Lang,
    delay_secs: u32,
}

impl Screen for OnPage<'_> {
    fn still(&self) -> bool {
        self.alive.load(Ordering::Relaxed) && self.turn == self.viewer.turn.get()
    }

    fn tapped(&self) -> bool {
        self.viewer.tapped.get()
    }

    fn ask_tap(&self, ask: bool) {
        if let Some(button) = element("live-play").filter(|_| self.still()) {
            button.set_hidden(!ask);
        }
    }

    /// The video in place of the picture, and its capture time as it plays.
    fn playing(&self, capture_ms: Option<i64>) {
        if !self.viewer.video_on.replace(true) {
            for (id, hidden) in [("live-video", false), ("live-open", true), ("live-status", true)] {
                if let Some(e) = element(id) {
                    e.set_hidden(hidden);
                }
            }
        }
        let caption = match capture_ms {
            Some(ms) => live_caption(self.lang, self.delay_secs, &video::program_date_time(ms)),
            None => delay_words(self.lang, self.delay_secs),
        };
        if let Some(e) = element("live-caption") {
            e.set_text_content(Some(&caption));
        }
    }
}
