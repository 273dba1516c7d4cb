use leptos::prelude::*;

use super::not_found::NotFound;
use crate::api::FetchError;
use crate::i18n::use_lang;

/// Grey shapes in the final layout while data loads, so nothing jumps when it arrives.
#[component]
pub fn Skeleton(
    /// Heights of the blocks, in pixels.
    blocks: &'static [u32],
) -> impl IntoView {
    let t = use_lang().get_untracked().t();
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{t.loading}</span>
            {blocks.iter().map(|h| view! { <div class="bone" style:height=format!("{h}px")></div> }).collect_view()}
        </div>
    }
}

/// What went wrong, in the reader's language, and a button to try again.
#[component]
pub fn ErrorPanel(error: FetchError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    view! {
        <div class="error-box" role="alert">
            <p>{error.message(lang)}</p>
            <button type="button" on:click=move |_| on_retry.run(())>{lang.t().retry}</button>
        </div>
    }
}

/// A page's data as it loads: a skeleton of the page, then the page, "not found", or the error with a
/// retry. The page is drawn again when the language changes, so it can use plain strings.
pub fn loaded<T: Clone + 'static>(
    resource: LocalResource<Result<T, FetchError>>,
    skeleton: &'static [u32],
    retry: impl Fn() + Copy + Send + Sync + 'static,
    page: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let retry = Callback::new(move |()| retry());
    move || {
        lang.track();
        match resource.get() {
            Some(Ok(data)) => page(data),
            Some(Err(e)) => not_loaded(Some(e), skeleton, retry),
            None => not_loaded(None, skeleton, retry),
        }
    }
}

/// Everything but the page itself, drawn by one function for every page (it keeps the app small).
fn not_loaded(error: Option<FetchError>, skeleton: &'static [u32], retry: Callback<()>) -> AnyView {
    match error {
        None => view! { <Skeleton blocks=skeleton/> }.into_any(),
        Some(e) if e.is_not_found() => view! { <NotFound/> }.into_any(),
        Some(e) => view! { <ErrorPanel error=e on_retry=retry/> }.into_any(),
    }
}
