//! Read-only pages shown as the server paints them with the shared renderer (`mingchu_types::markup`):
//! an inspection's whole sheet (`/u/{code}/inspections/{id}`), and the kitchen's own records (今日后厨) —
//! a day (`/u/{code}/today[/{day}]`: its lines, the calendar of the last days, the records, the roster
//! in brief) and a record (`/u/{code}/records/{id}`).
//!
//! The first such page comes from the server's first paint; the next ones (another day of the calendar,
//! a record, a sheet reached from the unit's page) are asked of the server as HTML. Drawing them here
//! from their JSON would cost the app every visitor loads ~35 KB of its 160 KB (decoding the sheet's and
//! the records' many types, and their markup); asking the server costs it nothing, and such a page is a
//! few KB on the wire either way. Links in them are the app's own, so moving between them keeps the app.

use leptos::prelude::*;

use super::set_title;
use crate::api::{self, Painted};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::router::use_address;

#[component]
pub fn PaintedPage() -> impl IntoView {
    let lang = use_lang();
    // With its query: another week's menu, a district near me.
    let path = use_address();
    // The server's first paint, when this is the page the browser loaded; used once (a change of
    // language asks the server again).
    let first = StoredValue::new(api::first_paint());
    let page = LocalResource::new(move || {
        lang.track();
        let (path, first) = (path.get(), first.try_update_value(Option::take).flatten());
        async move {
            match first {
                Some(painted) => Ok(painted),
                None => api::painted(&path).await,
            }
        }
    });
    loaded(
        page,
        &[44, 28, 260, 240, 200],
        move || page.refetch(),
        |Painted { title, main }| {
            set_title(&title);
            view! { <div class="stack" inner_html=main></div> }.into_any()
        },
    )
}
