use leptos::prelude::*;
use mingchu_types::markup;

use super::set_title;
use crate::api::{self, FetchError};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::mine;

/// `/t/{ticket}#{secret}`: where a report or message stands. The secret comes from the address's
/// fragment (never sent in a page request) or, for a link that lost it, from this device's submissions.
#[component]
pub fn TicketPage(ticket: String) -> impl IntoView {
    let lang = use_lang();
    let hash = window().location().hash().unwrap_or_default();
    let secret = Some(hash.trim_start_matches('#').to_owned()).filter(|s| !s.is_empty()).or_else(|| mine::secret_of(&ticket));
    let ticket = StoredValue::new(ticket);
    let view_data = LocalResource::new(move || {
        let secret = secret.clone();
        async move {
            match secret {
                Some(secret) => api::ticket(&ticket.get_value(), &secret).await,
                // Without its secret a ticket cannot be opened: the same answer as an unknown ticket.
                None => Err(FetchError::Api(mingchu_types::ErrorCode::NotFound)),
            }
        }
    });
    loaded(
        view_data,
        &[44, 96, 160],
        move || view_data.refetch(),
        move |view| {
            let lang = lang.get_untracked();
            set_title(&format!("{} · {}", ticket.get_value(), lang.t().site_name));
            view! { <div class="stack" inner_html=markup::ticket_screen(lang, &view)></div> }.into_any()
        },
    )
}
