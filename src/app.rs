//! The apps' frame and their pages: one page component per file under `pages/`, chosen by the route.

use leptos::prelude::*;

use crate::components::not_found::NotFound;
use crate::components::topbar::Topbar;
use crate::i18n::{provide_i18n, use_lang};
use crate::pages::painted::PaintedPage;
use crate::pages::{
    home::Home, inspections::InspectionsPage, licence::LicencePage, live::LivePage, mine::MinePage, near::NearPage, reviews::ReviewsPage,
    ticket::TicketPage, unit::UnitHome, write::WritePage,
};
use crate::router::{provide_router, use_route, AppKind, Route};

/// An app: top bar, the page of the current route, footer. `app` tells which app this is, so that
/// links to another one load it.
#[component]
pub fn App(app: AppKind, pages: fn(Route) -> AnyView) -> impl IntoView {
    provide_i18n();
    provide_router(app);
    let lang = use_lang();
    let route = use_route();
    view! {
        <Topbar/>
        <main class="page" id="main">
            {move || pages(route.get())}
        </main>
        <footer class="footer">{move || lang.get().t().footer}</footer>
    }
}

/// The pages of the app every visitor loads.
pub fn look_pages(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <Home/> }.into_any(),
        Route::Unit(code) => view! { <UnitHome code/> }.into_any(),
        Route::Licence(code) => view! { <LicencePage code/> }.into_any(),
        Route::Inspections(code) => view! { <InspectionsPage code/> }.into_any(),
        Route::Reviews(code) => view! { <ReviewsPage code/> }.into_any(),
        Route::Live(code) => view! { <LivePage code/> }.into_any(),
        // Read-only pages the server paints with the shared renderer (see `pages/painted.rs`).
        Route::Sheet(..) | Route::Today(..) | Route::Record(..) | Route::School(..) | Route::District(_) => view! { <PaintedPage/> }.into_any(),
        Route::Near => view! { <NearPage/> }.into_any(),
        // Another app's pages are page loads (see `router::navigate`), never drawn here.
        Route::Write(..) | Route::Ticket(_) | Route::Mine | Route::Owner | Route::Regulator | Route::Kitchen(_) | Route::NotFound => {
            view! { <NotFound/> }.into_any()
        }
    }
}

/// The pages of the app a diner loads to take part.
pub fn act_pages(route: Route) -> AnyView {
    match route {
        Route::Write(code, kind) => view! { <WritePage code kind/> }.into_any(),
        Route::Ticket(ticket) => view! { <TicketPage ticket/> }.into_any(),
        Route::Mine => view! { <MinePage/> }.into_any(),
        Route::Home
        | Route::Unit(_)
        | Route::Licence(_)
        | Route::Inspections(_)
        | Route::Sheet(..)
        | Route::Reviews(_)
        | Route::Live(_)
        | Route::Today(..)
        | Route::Record(..)
        | Route::School(..)
        | Route::Near
        | Route::District(_)
        | Route::Owner
        | Route::Regulator
        | Route::Kitchen(_)
        | Route::NotFound => view! { <NotFound/> }.into_any(),
    }
}
