//! The regulator's pages of the staff app: the report queue (filters, the countdown to the acceptance
//! decision), one report with its status changes, review moderation, the region's alerts (overruling a
//! false alarm) and the region's placards. The
//! units whose own kitchen records need attention today are the kitchen app's (`staff/kitchen/attention.rs`).

mod alerts;
mod moderation;
mod queue;
mod report;
mod votes;

use leptos::prelude::*;
use mingchu_types::i18n::fill;
use mingchu_types::ReportStatus;

use super::api;
use super::placard::PrintPage;
use super::words::{words, Words};
use crate::components::feedback::loaded;
use crate::components::not_found::NotFound;
use crate::i18n::use_lang;

/// One of the regulator's pages. At a desk the queue keeps the report open beside it, so the report
/// is a page of its own only on a phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Queue { desk: bool },
    Report(String),
    Moderation { desk: bool },
    Alerts,
    Placards,
    NotFound,
}

/// The page at `/regulator/{rest}`.
pub fn screen(rest: &str, desk: bool) -> Screen {
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        [""] | ["reports"] => Screen::Queue { desk },
        ["reports", _] if desk => Screen::Queue { desk },
        ["reports", ticket] => Screen::Report(ticket.to_string()),
        // `/regulator/reviews/{id}`: the review open beside the list (on a phone, the list).
        ["reviews"] | ["reviews", _] => Screen::Moderation { desk },
        ["alerts"] => Screen::Alerts,
        ["placards"] => Screen::Placards,
        _ => Screen::NotFound,
    }
}

pub fn page(screen: Screen) -> AnyView {
    match screen {
        Screen::Queue { desk } => view! { <queue::QueuePage desk/> }.into_any(),
        Screen::Report(ticket) => view! { <report::ReportPage ticket/> }.into_any(),
        Screen::Moderation { desk } => view! { <moderation::ModerationPage desk/> }.into_any(),
        Screen::Alerts => view! { <alerts::RegionAlertsPage/> }.into_any(),
        Screen::Placards => view! { <PlacardsPage/> }.into_any(),
        Screen::NotFound => view! { <NotFound/> }.into_any(),
    }
}

/// The countdown to the acceptance decision, in full or `short` (a table's cell), and how urgent it is.
fn countdown(w: &Words, days_left: Option<i32>, short: bool) -> Option<(String, &'static str)> {
    let (overdue, today, due_in) = if short { (w.overdue_short, w.due_short_today, w.due_short_in) } else { (w.overdue, w.due_today, w.due_in) };
    days_left.map(|n| match n {
        n if n < 0 => (fill(overdue, -n), "tone-bad"),
        0 => (today.to_owned(), "tone-bad"),
        n if n <= 2 => (fill(due_in, n), "tone-warning"),
        n => (fill(due_in, n), "tone-none"),
    })
}

fn status_tone(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Submitted => "tone-warning",
        ReportStatus::Closed => "tone-good",
        _ => "tone-none",
    }
}

/// `/regulator/placards`: one placard per unit of the region, ready to print.
#[component]
fn PlacardsPage() -> impl IntoView {
    let placards = LocalResource::new(api::placards);
    loaded(
        placards,
        &[44, 480],
        move || placards.refetch(),
        move |placards| {
            let w = words(use_lang().get_untracked());
            view! { <PrintPage title=format!("{} · {}", w.placards_h, placards.len()) note=w.placards_note placards/> }.into_any()
        },
    )
}
