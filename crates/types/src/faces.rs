//! The official grade faces, drawn once as inline SVG and used by both the server's first paint and the
//! app. They look like a seal (a double ring) so that nobody mistakes them for diners' faces; their
//! colour comes from `currentColor`, and a word always stands beside them.

use crate::OfficialFace;

const RINGS: &str = r#"<circle cx="32" cy="32" r="29.5" fill="none" stroke="currentColor" stroke-width="3"/><circle cx="32" cy="32" r="24.5" fill="none" stroke="currentColor" stroke-width="1.2"/>"#;

/// The SVG markup of an official face, hidden from screen readers (the word beside it is read).
pub fn official_face_svg(face: OfficialFace) -> String {
    let features = match face {
        OfficialFace::BigSmile => {
            r#"<path d="M19.5 28q4.5-6 9 0M35.5 28q4.5-6 9 0" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/><path d="M19 35h26a13 13 0 0 1-26 0z" fill="currentColor"/>"#
        }
        OfficialFace::Smile => {
            r#"<circle cx="24" cy="27" r="3" fill="currentColor"/><circle cx="40" cy="27" r="3" fill="currentColor"/><path d="M21 37q11 10 22 0" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round"/>"#
        }
        OfficialFace::Flat => {
            r#"<circle cx="24" cy="27" r="3" fill="currentColor"/><circle cx="40" cy="27" r="3" fill="currentColor"/><path d="M21 40h22" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round"/>"#
        }
    };
    format!(r#"<svg class="face-official" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">{RINGS}{features}</svg>"#)
}

/// A seal with a question mark, for "not yet graded".
pub fn ungraded_seal_svg() -> String {
    format!(
        r#"<svg class="face-official" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">{RINGS}<path d="M25 25a7 7 0 1 1 9.5 6.5c-1.6.7-2.5 2-2.5 3.7V37" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round"/><circle cx="32" cy="44" r="2.2" fill="currentColor"/></svg>"#
    )
}

/// A diner's face: a filled, round emoji-like face with no seal rings, so it never looks official.
pub fn diner_face_svg(smiley: crate::Smiley) -> String {
    let mouth = match smiley {
        crate::Smiley::Satisfied => "M15 28q9 8 18 0",
        crate::Smiley::Neutral => "M16 31h16",
        crate::Smiley::Unsatisfied => "M15 33q9-7 18 0",
    };
    format!(
        r#"<svg class="face-diner" viewBox="0 0 48 48" width="40" height="40" aria-hidden="true" focusable="false"><circle cx="24" cy="24" r="22" fill="currentColor"/><circle cx="17" cy="19" r="3" fill="white"/><circle cx="31" cy="19" r="3" fill="white"/><path d="{mouth}" fill="none" stroke="white" stroke-width="3.4" stroke-linecap="round"/></svg>"#
    )
}
