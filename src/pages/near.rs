//! `/near` (食安地图, near me): the page as the server paints it, and the one thing only the app can do —
//! ask the phone for its position, on a tap, and open the page for that position. The position leaves
//! the phone rounded to about 100 m (`POSITION_DECIMALS`) and in WGS-84; the server moves it into the
//! map datum. Refused or unavailable, the page says so and the district choice below is the way on.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::painted::PaintedPage;

#[component]
pub fn NearPage() -> impl IntoView {
    // The painted page keeps the button hidden until an app is there to answer it.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app", "");
    }
    // A listener on the window like the router's (the same code, no wrapper element to draw), gone
    // with the page.
    let taps = window_event_listener(leptos::ev::click, move |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(button) = target.and_then(|t| t.closest("#near-locate").ok().flatten()) {
            locate(&button);
        }
    });
    on_cleanup(move || taps.remove());
    view! { <PaintedPage/> }
}

/// Asks the position once; found, opens the address the button names (`data-href`: the page's filters
/// and language) for it; refused or unavailable, says so (`data-failed`) under the button.
fn locate(button: &web_sys::Element) {
    let say = |button: &web_sys::Element, key: &str| {
        if let Some(status) = document().get_element_by_id("near-status") {
            status.set_text_content(button.get_attribute(key).as_deref());
        }
    };
    let Ok(geolocation) = window().navigator().geolocation() else {
        return say(button, "data-failed");
    };
    say(button, "data-locating");
    let button = button.clone();
    // One callback for both outcomes (only one is ever called): an answer with `coords` is a position.
    let answer = Closure::once_into_js(move |answer: JsValue| {
        let coords = js_sys::Reflect::get(&answer, &"coords".into()).unwrap_or(JsValue::UNDEFINED);
        let degrees = |name: &str| js_sys::Reflect::get(&coords, &name.into()).ok().and_then(|v| v.as_f64());
        match (degrees("latitude"), degrees("longitude")) {
            (Some(lat), Some(lng)) => {
                let href = format!("{}&lat={}&lng={}", button.get_attribute("data-href").unwrap_or_default(), rounded(lat), rounded(lng));
                let _ = window().location().assign(&href);
            }
            _ => say(&button, "data-failed"),
        }
    });
    let options = web_sys::PositionOptions::new();
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    let _ = geolocation.get_current_position_with_error_callback_and_options(answer.unchecked_ref(), Some(answer.unchecked_ref()), &options);
}

/// Degrees to three places (`mingchu_types::near::POSITION_DECIMALS`), written without float formatting (which would cost
/// the app kilobytes).
fn rounded(degrees: f64) -> String {
    const SCALE: f64 = 1000.0;
    let fixed = (degrees * SCALE).round() as i64;
    let sign = if fixed < 0 { "-" } else { "" };
    let fixed = fixed.unsigned_abs();
    format!("{sign}{}.{:03}", fixed / 1000, fixed % 1000)
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn positions_leave_rounded_to_about_100_m() {
        assert_eq!(rounded(36.445_249), "36.445");
        assert_eq!(rounded(115.978_6), "115.979");
        assert_eq!(rounded(-0.000_4), "0.000");
        assert_eq!(rounded(-33.868_82), "-33.869");
    }
}
