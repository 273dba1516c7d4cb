use leptos::prelude::*;

/// Official facts drawn by the shared renderer (`mingchu_types::markup`), the very markup the server
/// painted first, so nothing moves when the app takes over. The renderer escapes all data.
#[component]
pub fn OfficialMarkup(#[prop(into)] html: Signal<String>) -> impl IntoView {
    view! { <div class="stack" inner_html=move || html.get()></div> }
}
