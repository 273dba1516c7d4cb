//! Pieces shared by several pages.

pub mod feedback;
pub mod pager;
pub mod search_form;
pub mod sending;
pub mod topbar;
