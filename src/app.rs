//! The app's frame and its pages: one page component per file under `pages/`, chosen by the route.

use leptos::prelude::*;

use crate::components::topbar::Topbar;
use crate::i18n::{provide_i18n, use_lang};
use crate::pages::inspection::InspectionSheetPage;
use crate::pages::{
    home::Home, inspections::InspectionsPage, licence::LicencePage, mine::MinePage, not_found::NotFound, reviews::ReviewsPage, ticket::TicketPage,
    unit::UnitHome, write::WritePage,
};
use crate::router::{provide_router, use_route, Route};

/// The whole app: top bar, the page of the current route, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_router();
    let lang = use_lang();
    let route = use_route();
    view! {
        <Topbar/>
        <main class="page" id="main">
            {move || page(route.get())}
        </main>
        <footer class="footer">{move || lang.get().t().footer}</footer>
    }
}

fn page(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <Home/> }.into_any(),
        Route::Unit(code) => view! { <UnitHome code/> }.into_any(),
        Route::Licence(code) => view! { <LicencePage code/> }.into_any(),
        Route::Inspections(code) => view! { <InspectionsPage code/> }.into_any(),
        Route::Sheet(code, id) => view! { <InspectionSheetPage code id/> }.into_any(),
        Route::Reviews(code) => view! { <ReviewsPage code/> }.into_any(),
        Route::Write(code, kind) => view! { <WritePage code kind/> }.into_any(),
        Route::Ticket(ticket) => view! { <TicketPage ticket/> }.into_any(),
        Route::Mine => view! { <MinePage/> }.into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    }
}
