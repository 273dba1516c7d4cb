//! Staff at a desk (a window at least [`DESK_WIDTH`] wide): a list is a dense table, sortable by its
//! headers, and the item chosen from it opens beside it while the address follows the choice (so back
//! and reload work). Narrower, the phone's pages stay as they are.

use leptos::prelude::*;

use super::sorting::Sort;
use super::words::words;
use crate::i18n::use_lang;
use crate::router::use_path;

/// The narrowest desk, in CSS pixels (the stylesheet's desk rules apply to what this layout draws).
pub const DESK_WIDTH: f64 = 1024.0;

fn is_desk() -> bool {
    window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w >= DESK_WIDTH)
}

/// Whether the window is a desk's, kept up to date as it is resized.
pub fn follow_width() -> ReadSignal<bool> {
    let (desk, set_desk) = signal(is_desk());
    let resized = window_event_listener(leptos::ev::resize, move |_| {
        let now = is_desk();
        if desk.get_untracked() != now {
            set_desk.set(now);
        }
    });
    // As long as the app: the listener is never removed.
    std::mem::forget(resized);
    desk
}

/// The item chosen in a list at a desk: the path segment after `prefix` (`/regulator/reports/`).
pub fn chosen(prefix: &'static str) -> Memo<Option<String>> {
    let path = use_path();
    Memo::new(move |_| path.with(|p| p.strip_prefix(prefix).map(|rest| rest.trim_end_matches('/').to_owned()).filter(|id| !id.is_empty())))
}

/// The list and, beside it, the chosen item (or a note to choose one). Both are labelled regions.
pub fn frame(list_label: &'static str, list: impl IntoView, detail_label: &'static str, detail: impl IntoView) -> impl IntoView {
    view! {
        <div class="desk">
            <section class="desk-list" aria-label=list_label>{list}</section>
            <section class="desk-detail" aria-label=detail_label>{detail}</section>
        </div>
    }
}

/// The detail pane's note when nothing is chosen, or the chosen item is not in the list shown.
pub fn note(text: &'static str) -> AnyView {
    view! { <p class="desk-note">{text}</p> }.into_any()
}

/// A list as a table: the caption (how many; how to sort), the header row and the rows.
pub fn table<C: Copy + PartialEq + Send + Sync + 'static>(
    caption: String,
    columns: Vec<(&'static str, Option<C>)>,
    sort: RwSignal<Sort<C>>,
    rows: impl IntoView,
) -> impl IntoView {
    let sort_by = words(use_lang().get_untracked()).sort_by;
    view! {
        <div class="desk-scroll">
            <table class="desk-table">
                <caption>{caption}<span class="visually-hidden">" · "{sort_by}</span></caption>
                {head(columns, sort)}
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A table's header row: a sortable column's name is a button that sorts by it (again: the other
/// way), and the sorted column says which way (`aria-sort`, and an arrow).
fn head<C: Copy + PartialEq + Send + Sync + 'static>(columns: Vec<(&'static str, Option<C>)>, sort: RwSignal<Sort<C>>) -> impl IntoView {
    let cells = columns
        .into_iter()
        .map(|(label, by)| match by {
            None => view! { <th scope="col"><span class="th">{label}</span></th> }.into_any(),
            Some(by) => view! {
                <th scope="col" aria-sort=move || sort.get().aria(by)>
                    <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = s.clicked(by))>
                        {label}
                        <span class="sort-mark" aria-hidden="true">
                            {move || match sort.get().aria(by) {
                                Some("ascending") => "↑",
                                Some(_) => "↓",
                                None => "↕",
                            }}
                        </span>
                    </button>
                </th>
            }
            .into_any(),
        })
        .collect_view();
    view! { <thead><tr>{cells}</tr></thead> }
}

/// `aria-current` of a row's link: set on the chosen item's.
pub fn current(chosen: Memo<Option<String>>, id: String) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || chosen.with(|c| c.as_deref() == Some(id.as_str())).then_some("true")
}
