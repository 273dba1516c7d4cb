//! The routes of the app: one page component per file under `pages/`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::topbar::Topbar;
use crate::i18n::{provide_i18n, use_lang};
use crate::pages::{home::Home, inspection::InspectionSheetPage, inspections::InspectionsPage, licence::LicencePage, not_found::NotFound, unit::UnitHome};

/// The whole app: top bar, routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let lang = use_lang();
    view! {
        <Router>
            <Topbar/>
            <main class="page" id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/u/:code") view=UnitHome/>
                    <Route path=path!("/u/:code/licence") view=LicencePage/>
                    <Route path=path!("/u/:code/inspections") view=InspectionsPage/>
                    <Route path=path!("/u/:code/inspections/:id") view=InspectionSheetPage/>
                </Routes>
            </main>
            <footer class="footer">{move || lang.get().t().footer}</footer>
        </Router>
    }
}
