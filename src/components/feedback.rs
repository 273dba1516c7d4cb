use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::use_lang;

/// Grey shapes in the final layout while data loads, so nothing jumps when it arrives.
#[component]
pub fn Skeleton(
    /// Heights of the blocks, in pixels.
    #[prop(default = &[72, 190, 96, 96])]
    blocks: &'static [u32],
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{move || lang.get().t().loading}</span>
            {blocks.iter().map(|h| view! { <div class="bone" style=format!("height:{h}px")></div> }).collect_view()}
        </div>
    }
}

/// What went wrong, in the reader's language, and a button to try again.
#[component]
pub fn ErrorPanel(error: FetchError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-box" role="alert">
            <p>{move || error.message(lang.get())}</p>
            <button type="button" on:click=move |_| on_retry.run(())>{move || lang.get().t().retry}</button>
        </div>
    }
}
