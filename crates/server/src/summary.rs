//! The first paint: readable, styled HTML of a page, rendered on the server so that a diner on a slow
//! network sees the official facts before the WebAssembly arrives. It uses the app's CSS classes and the
//! same catalogue; the app replaces it when it starts.

use mingchu_types::i18n::Lang;
pub use mingchu_types::markup::*;
use mingchu_types::{DynamicGrade, UnitPage};

/// The bar at the top of every page: the site's name and the language switch.
pub fn topbar(lang: Lang) -> String {
    let t = lang.t();
    let other = lang.other();
    format!(
        r#"<header class="topbar"><a class="brand" href="/"><span class="brand-mark" aria-hidden="true">明</span>{}</a><a class="mine-link" href="/mine">{}</a><a class="lang-toggle" href="?lang={}" lang="{}" aria-label="{}">{}</a></header>"#,
        esc(t.site_name),
        esc(t.mine_short),
        other.code(),
        other.tag(),
        esc(t.switch_language_label),
        esc(t.switch_language),
    )
}

/// The home page: what the site is, a search form that works before (and without) the app, and
/// `below` it the results, the grade legend or a message.
pub fn home(lang: Lang, query: &str, below: &str) -> String {
    let t = lang.t();
    let lk = lang.look();
    format!(
        r#"<section class="hero"><h1 class="page-h">{} · {}</h1><p class="about">{}</p></section>{}<a class="row-more" href="/near">{} ›</a>{below}"#,
        esc(t.site_name),
        esc(lk.site_tagline),
        esc(lk.about),
        search_form(lang, query),
        esc(lk.near_link)
    )
}

pub fn search_form(lang: Lang, query: &str) -> String {
    let t = lang.t();
    format!(
        r#"<form class="search" role="search" action="/" method="get"><label for="q" class="search-label">{}</label><div class="search-row"><input id="q" name="q" type="search" maxlength="50" value="{}" placeholder="{}" autocomplete="off" enterkeyhint="search"><button type="submit">{}</button></div></form>"#,
        esc(t.search_label),
        esc(query),
        esc(t.search_placeholder),
        esc(t.search_button)
    )
}

/// The heading of a page the app draws alone (a form, a follow-up): what it is, and a note that it
/// needs the app, until the app arrives.
pub fn app_page(lang: Lang, title: &str, sub: &str, back: Option<&str>) -> String {
    let t = lang.t();
    let back = back.map(|href| format!(r#"<a class="back" href="{}">{}</a>"#, esc(href), esc(t.back_to_unit))).unwrap_or_default();
    format!(
        r#"{back}<h1 class="page-h">{}</h1><p class="sheet-sub">{}</p><div class="skeleton" role="status"><p class="hint">{}</p><div class="bone bone-sheet"></div></div>"#,
        esc(title),
        esc(sub),
        esc(t.loading)
    )
}

/// The page for an unknown unit code: say so kindly and offer the search.
pub fn not_found(lang: Lang) -> String {
    let t = lang.t();
    format!(
        r#"<section class="card notfound"><h1 class="page-h">{}</h1><p>{}</p>{}</section>"#,
        esc(t.not_found_title),
        esc(t.not_found_body),
        search_form(lang, "")
    )
}

/// A kitchen record or day the public cannot open: which days are shown, and the way to today's.
pub fn kitchen_missing(lang: Lang, code: &str, name: &str, why: Missing) -> String {
    let k = lang.kitchen();
    let c = esc(&mingchu_types::percent_encode(code));
    let (said, onward) = match why {
        Missing::Outside => (
            mingchu_types::i18n::fill(lang.kitchen_pages().not_found, crate::kitchen::rules().calendar_days),
            format!(r#"<a class="button" href="/u/{c}/today">{}</a>"#, esc(k.see_records)),
        ),
        Missing::NotKept => (k.none_kept.to_owned(), String::new()),
    };
    format!(
        r#"<a class="back" href="/u/{c}">{}</a><section class="card notfound"><h1 class="page-h">{}</h1><p class="sheet-sub">{}</p><p>{}</p>{onward}</section>"#,
        esc(lang.t().back_to_unit),
        esc(lang.kitchen_pages().day_title),
        esc(name),
        esc(&said),
    )
}

/// Why a kitchen page has nothing to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A day outside the public window, or a record the unit does not have.
    Outside,
    /// The unit does not keep its kitchen records here.
    NotKept,
}

/// A short description for link previews (WeChat reads `og:description`).
pub fn description(lang: Lang, page: &UnitPage) -> String {
    let t = lang.t();
    let lk = lang.look();
    let grade = match &page.grade.dynamic {
        DynamicGrade::Graded { level, .. } => {
            format!("{}{}{}", lk.grade_title, t.colon, if lang == Lang::Zh { &level.label_zh } else { &level.label_en })
        }
        DynamicGrade::NotGraded { .. } => format!("{}{}{}", lk.grade_title, t.colon, lk.not_graded),
    };
    let licence = page.licence.as_ref().map(|l| format!("{}{}{}", lk.licence_title, t.colon, lk.licence_status(l.status)));
    let inspection =
        page.latest_inspection.as_ref().map(|i| format!("{}{}{} {}", lk.latest_inspection, t.colon, lang.date(i.date), lk.result(i.result)));
    [Some(grade), licence, inspection].into_iter().flatten().collect::<Vec<_>>().join(lk.list_sep)
}
