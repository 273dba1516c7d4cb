//! Pieces shared by several pages (of any app). They never use a page: the dependency points from
//! pages to components only.

pub mod feedback;
pub mod field_error;
pub mod not_found;
pub mod pager;
pub mod photo_picker;
pub mod reporter;
pub mod search_form;
pub mod sending;
pub mod topbar;

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    leptos::prelude::document().set_title(title);
}
