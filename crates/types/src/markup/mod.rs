//! The official facts as HTML: the unit's identity, grade card, licence and inspection rows, and the
//! licence's fields. One renderer for both sides: the server paints it before the WebAssembly arrives,
//! and the app draws the same markup, so the page does not shift when the app takes over. Every piece
//! of data is escaped.

use std::fmt::Write;

mod diners;
mod district;
mod kitchen;
mod live;
mod near;
mod school;
mod watch;
mod watch_staff;
pub use diners::*;
pub use district::*;
pub use kitchen::*;
pub use live::*;
pub use near::*;
pub use school::*;
pub use watch::*;
pub use watch_staff::*;

use crate::faces::{official_face_svg, ungraded_seal_svg};
use crate::i18n::{fill, fill_date, Lang};
use crate::{CreditCodeCheck, Day, DynamicGrade, InspectionBrief, InspectionSheet, ItemProblem, LicenceView, OfficialGrade, UnitPage, UnitSummary};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The unit's first screen: identity, official grade, licence status, latest inspection.
pub fn unit_first_screen(lang: Lang, page: &UnitPage) -> String {
    let lk = lang.look();
    let u = &page.unit;
    let mut h = String::new();
    h.push_str(&unit_identity(lang, page));
    let _ = write!(
        h,
        r#"<section class="official" aria-labelledby="official-h"><h2 class="section-h section-official" id="official-h">{}</h2><p class="section-note">{}</p>"#,
        esc(lk.official_section),
        esc(lk.official_section_note)
    );
    h.push_str(&grade_card(lang, &page.grade));
    h.push_str(&licence_row(lang, &u.code, page.licence.as_ref()));
    h.push_str(&inspection_row(lang, &u.code, page.latest_inspection.as_ref(), page.months_since_inspection, page.as_of));
    if let Some(district) = &page.district {
        // Pieces pushed rather than formatted: the visitors' app carries this.
        h.push_str(r#"<a class="row-more" href="/r/"#);
        h.push_str(&esc(district));
        h.push_str(r#"">"#);
        h.push_str(lk.district_link);
        h.push_str("</a>");
    }
    h.push_str("</section>");
    if let Some(live) = &page.live {
        h.push_str(&live_card(lang, &u.code, live));
    }
    if let Some(watch) = &page.watch {
        h.push_str(&watch_line(lang, &u.code, watch));
    }
    h.push_str(&today_card(lang, &u.code, page.kitchen.as_ref()));
    if crate::school::for_parents(u.kind) {
        h.push_str(&parents_row(lang, &u.code));
    }
    h.push_str(&diners_section(lang, &u.code, &page.ratings));
    h.push_str(&action_bar(lang, &u.code));
    h
}

/// A school canteen's way to its parents' pages (the school's own records, after the kitchen's): one row
/// of links.
pub fn parents_row(lang: Lang, code: &str) -> String {
    let lk = lang.look();
    // Pieces pushed rather than formatted: the visitors' app carries this, and formatting costs it bytes.
    let mut h = String::from(r#"<nav class="parents-row" aria-label=""#);
    h.push_str(lk.parents_label);
    h.push_str(r#"">"#);
    for (page, word) in crate::SchoolPage::ALL.iter().zip(lk.parents_links) {
        h.push_str(r#"<a class="pill" href="/u/"#);
        h.push_str(&esc(code));
        h.push('/');
        h.push_str(page.slug());
        h.push_str(r#"">"#);
        h.push_str(word);
        h.push_str("</a>");
    }
    h.push_str("</nav>");
    h
}

/// Name, kind, address and the navigate / call links.
pub fn unit_identity(lang: Lang, page: &UnitPage) -> String {
    let lk = lang.look();
    let u = &page.unit;
    let mut h = format!(
        r#"<section class="unit-id"><h1 class="unit-name">{}</h1><p class="unit-meta"><span class="chip">{}</span> <span class="unit-address">{}</span></p><div class="unit-links"><a class="pill" href="{}" target="_blank" rel="noopener">{}</a>"#,
        esc(&u.name),
        esc(lk.unit_kind(u.kind)),
        esc(&u.address),
        esc(&u.map_url()),
        esc(lk.navigate)
    );
    if let Some(tel) = u.tel_url() {
        let _ = write!(h, r#"<a class="pill" href="{}">{} {}</a>"#, esc(&tel), esc(lk.call), esc(u.phone.as_deref().unwrap_or("")));
    }
    h.push_str("</div></section>");
    h
}

/// The official grade card, the largest element of the first screen.
pub fn grade_card(lang: Lang, grade: &OfficialGrade) -> String {
    let lk = lang.look();
    let (tone, face, word, detail) = match &grade.dynamic {
        DynamicGrade::Graded { level, score, graded_on } => {
            let label = if lang == Lang::Zh { &level.label_zh } else { &level.label_en };
            let mut detail = fill_date(lang, lk.graded_on, *graded_on);
            if let Some(score) = score {
                detail = format!("{detail} · {}", fill(lk.score, score));
            }
            (level.tone.class(), official_face_svg(level.face), label.clone(), detail)
        }
        DynamicGrade::NotGraded { reason, until } => {
            let mut detail = lk.not_graded_reason(*reason).to_owned();
            if let Some(until) = until {
                // Chinese runs sentences together; English needs a space.
                let gap = if lang == Lang::Zh { "" } else { " " };
                detail = format!("{detail}{gap}{}", fill_date(lang, lk.not_graded_until, *until));
            }
            ("tone-none", ungraded_seal_svg(), lk.not_graded.to_owned(), detail)
        }
    };
    let annual = match &grade.annual {
        Some(a) => format!(
            r#"<div class="annual {}"><span class="annual-letter">{}</span><span class="annual-label">{}<br>{}</span></div>"#,
            a.letter.tone().class(),
            a.letter.as_str(),
            esc(lk.annual_grade),
            esc(&fill(lk.annual_year, a.year))
        ),
        None => format!(r#"<div class="annual annual-none"><span class="annual-label">{}</span></div>"#, esc(lk.annual_none)),
    };
    format!(
        r#"<article class="grade-card {tone}" aria-labelledby="grade-h"><h3 class="card-h" id="grade-h">{}</h3><div class="grade-body"><div class="grade-face">{face}</div><div class="grade-text"><p class="grade-kind">{}</p><p class="grade-word">{}</p></div>{annual}</div><p class="grade-detail">{}</p></article>"#,
        esc(lk.grade_title),
        esc(lk.dynamic_grade),
        esc(&word),
        esc(&detail)
    )
}

fn licence_row(lang: Lang, code: &str, licence: Option<&LicenceView>) -> String {
    let lk = lang.look();
    match licence {
        None => format!(r#"<div class="status-row"><h3 class="card-h">{}</h3><p>{}</p></div>"#, esc(lk.licence_title), esc(lk.licence_none)),
        Some(l) => format!(
            r#"<a class="status-row" href="/u/{}/licence"><div class="row-head"><h3 class="card-h">{}</h3><span class="badge {}">{}</span></div><span class="row-detail">{} · {} {}</span><span class="visually-hidden">{}</span></a>"#,
            esc(code),
            esc(lk.licence_title),
            l.status.tone().class(),
            esc(&lk.licence_status(l.status)),
            esc(&l.licence.number),
            esc(lk.valid_until),
            esc(&lang.date(l.licence.valid_until)),
            esc(lk.licence_details)
        ),
    }
}

fn inspection_row(lang: Lang, code: &str, latest: Option<&InspectionBrief>, months_overdue: Option<u32>, as_of: Day) -> String {
    let lk = lang.look();
    let mut h = match latest {
        None => format!(r#"<div class="status-row"><h3 class="card-h">{}</h3><p>{}</p></div>"#, esc(lk.latest_inspection), esc(lk.no_inspection)),
        Some(i) => format!(
            r#"<div class="status-row"><div class="row-head"><h3 class="card-h">{}</h3><span class="badges"><span class="badge {}">{}</span><span class="badge {}">{}</span></span></div><span class="row-detail">{} · {} · {}</span><span class="row-links"><a class="row-more" href="/u/{code}/inspections/{}">{}</a><a class="row-more" href="/u/{code}/inspections">{}</a></span></div>"#,
            esc(lk.latest_inspection),
            i.result.tone().class(),
            esc(lk.result(i.result)),
            i.outcome.tone().class(),
            esc(lk.outcome(i.outcome)),
            esc(&lang.date(i.date)),
            esc(&lang.ago(i.date, as_of)),
            esc(lk.inspection_kind(i.kind)),
            i.id,
            esc(lk.view_sheet),
            esc(lk.all_inspections),
            code = esc(code),
        ),
    };
    if let Some(n) = months_overdue {
        let _ = write!(h, r#"<p class="alert tone-warning" role="note">{}</p>"#, esc(&fill(lk.not_inspected_for, n)));
    }
    h
}

/// A link back up, at the top of a sub-page.
pub(crate) fn back_link(href: &str, text: &str) -> String {
    format!(r#"<a class="back" href="{}">{}</a>"#, esc(href), esc(text))
}

/// `/u/{code}/licence`: a link back, who the unit is, and its licence.
pub fn licence_screen(lang: Lang, page: &UnitPage) -> String {
    format!("{}{}{}", back_link(&format!("/u/{}", page.unit.code), lang.t().back_to_unit), unit_identity(lang, page), licence_card(lang, page))
}

/// The licence: every field, with what the server checked (credit code, number shape).
fn licence_card(lang: Lang, page: &UnitPage) -> String {
    let lk = lang.look();
    let Some(l) = &page.licence else {
        return format!(r#"<section class="card"><h2 class="page-h">{}</h2><p>{}</p></section>"#, esc(lk.licence_title), esc(lk.licence_none));
    };
    let lic = &l.licence;
    let note = |class: &str, text: &str| format!(r#"<span class="{class}">{}</span>"#, esc(text));
    let number_note = if l.number_well_formed { String::new() } else { note("note tone-warning warn", lk.licence_number_malformed) };
    let credit_class = match l.credit_code_check {
        CreditCodeCheck::Valid => "note tone-good ok",
        CreditCodeCheck::CheckFailed => "note tone-warning warn",
        CreditCodeCheck::NotACreditCode => "note",
    };
    let credit_note = note(credit_class, lk.credit_code_check(l.credit_code_check));
    let mut rows: Vec<(&str, String, String)> = vec![
        (lk.licence_number, lic.number.clone(), number_note),
        (lk.operator_name, lic.operator_name.clone(), String::new()),
        (lk.credit_code, lic.credit_code.clone(), credit_note),
        (lk.legal_representative, lic.legal_representative.clone(), String::new()),
        (lk.residence, lic.residence.clone(), String::new()),
        (lk.premises, lic.premises.clone(), String::new()),
        (lk.business_type, lic.business_type.clone(), String::new()),
        (lk.activities, lic.activities.join(lk.list_sep), String::new()),
        (lk.valid_until, lang.date(lic.valid_until), String::new()),
        (lk.hotline, lic.hotline.clone(), String::new()),
        (lk.issuer, lic.issuer.clone(), String::new()),
        (lk.issued_on, lang.date(lic.issued_on), String::new()),
    ];
    for (label, value) in
        [(lk.supervising_office, &lic.supervising_office), (lk.supervising_officers, &lic.supervising_officers), (lk.signer, &lic.signer)]
    {
        if let Some(v) = value {
            rows.push((label, v.clone(), String::new()));
        }
    }
    let mut h = format!(
        r#"<section class="card licence" aria-labelledby="licence-h"><h2 class="page-h" id="licence-h">{}</h2><p><span class="badge {}">{}</span></p><dl class="fields">"#,
        esc(lk.licence_title),
        l.status.tone().class(),
        esc(&lk.licence_status(l.status))
    );
    for (label, value, note) in rows {
        let _ = write!(h, "<div><dt>{}</dt><dd>{}{note}</dd></div>", esc(label), esc(&value));
    }
    let _ = write!(h, r#"</dl><p class="section-note">{}</p></section>"#, esc(lk.licence_electronic_note));
    h
}

/// What the official faces and letters mean, for the home page.
pub fn grade_legend(lang: Lang) -> String {
    let lk = lang.look();
    let scheme = crate::GradeScheme::national();
    let mut h = format!(
        r#"<section class="card legend" aria-labelledby="legend-h"><h2 class="card-h" id="legend-h">{}</h2><ul class="legend-faces">"#,
        esc(lk.legend_title)
    );
    for level in &scheme.levels {
        let label = if lang == Lang::Zh { &level.label_zh } else { &level.label_en };
        let _ = write!(
            h,
            r#"<li class="{}"><span class="grade-face">{}</span><span class="legend-word">{}</span></li>"#,
            level.tone.class(),
            official_face_svg(level.face),
            esc(label)
        );
    }
    let _ = write!(h, r#"</ul><p>{}</p><p>{}</p></section>"#, esc(lk.legend_dynamic), esc(lk.legend_annual));
    h
}

/// The tone class and word of a unit's dynamic grade, as a list row shows it.
fn grade_word(lang: Lang, grade: &DynamicGrade) -> (&'static str, &str) {
    match grade {
        DynamicGrade::Graded { level, .. } => (level.tone.class(), if lang == Lang::Zh { level.label_zh.as_str() } else { level.label_en.as_str() }),
        DynamicGrade::NotGraded { .. } => ("tone-none", lang.look().not_graded),
    }
}

/// Search results: name, kind, address and the official grade word of each unit.
pub fn unit_results(lang: Lang, results: &[UnitSummary]) -> String {
    let lk = lang.look();
    if results.is_empty() {
        return format!(r#"<p class="empty">{}</p>"#, esc(lk.search_none));
    }
    format!(r#"<h2 class="visually-hidden">{}</h2><ul class="results">{}</ul>"#, esc(lk.search_results), unit_result_items(lang, results))
}

/// The rows of a search result (more are added below them as the reader loads more).
pub fn unit_result_items(lang: Lang, results: &[UnitSummary]) -> String {
    let t = lang.t();
    let lk = lang.look();
    let mut h = String::new();
    for u in results {
        let (tone, word) = grade_word(lang, &u.grade);
        let _ = write!(
            h,
            r#"<li><a class="result {tone}" href="/u/{}"><span class="result-name">{}</span><span class="result-meta">{} · {}</span><span class="result-grade">{}{}{}</span></a></li>"#,
            esc(&u.code),
            esc(&u.name),
            esc(lk.unit_kind(u.kind)),
            esc(&u.address),
            esc(lk.dynamic_grade),
            esc(t.colon),
            esc(word)
        );
    }
    h
}

/// `/u/{code}/inspections`: a link back, the heading with the count, and the inspections shown so far.
pub fn inspections_screen(lang: Lang, code: &str, total: u32, items: &[InspectionBrief]) -> String {
    format!(r#"{}<ul class="inspections">{}</ul>"#, inspections_head(lang, code, total), inspection_items(lang, code, items))
}

/// The history's link back, heading and count.
pub fn inspections_head(lang: Lang, code: &str, total: u32) -> String {
    let t = lang.t();
    let lk = lang.look();
    format!(
        r#"{}<h1 class="page-h">{}</h1><p class="sheet-sub">{}</p>"#,
        back_link(&format!("/u/{code}"), t.back_to_unit),
        esc(lk.inspections_title),
        esc(&fill(lk.inspections_total, total))
    )
}

/// Rows of the inspection history: date, type, result and outcome, each opening its record sheet.
pub fn inspection_items(lang: Lang, code: &str, items: &[InspectionBrief]) -> String {
    let lk = lang.look();
    let mut h = String::new();
    for i in items {
        let _ = write!(
            h,
            r#"<li><a class="inspection-item" href="/u/{}/inspections/{}"><span class="when">{}</span><span class="what">{}</span><span class="badges"><span class="badge {}">{}</span><span class="badge {}">{}</span></span></a></li>"#,
            esc(code),
            i.id,
            esc(&lang.date(i.date)),
            esc(lk.inspection_kind(i.kind)),
            i.result.tone().class(),
            esc(lk.result(i.result)),
            i.outcome.tone().class(),
            esc(lk.outcome(i.outcome))
        );
    }
    h
}

/// `/u/{code}/inspections/{id}` when the unit has no such inspection (another unit's, or none): say
/// so, and lead to the unit's own history.
pub fn sheet_missing(lang: Lang, code: &str, name: &str) -> String {
    let (lk, sw) = (lang.look(), lang.sheet());
    format!(
        r#"<section class="card notfound"><h1 class="page-h">{}</h1><p>{}</p><a class="button" href="/u/{}/inspections">{}</a></section>"#,
        esc(sw.sheet_missing_title),
        esc(&sw.sheet_missing_body.replace("{name}", name)),
        esc(code),
        esc(lk.all_inspections)
    )
}

/// `/u/{code}/inspections/{id}`: a link back to the history and the whole 监督检查结果记录表, as the
/// operator must post it.
pub fn sheet_screen(lang: Lang, sheet: &InspectionSheet) -> String {
    let t = lang.t();
    let (lk, sw) = (lang.look(), lang.sheet());
    let (h, i) = (&sheet.header, &sheet.inspection);
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut rows: Vec<(&str, String)> = vec![
        (t.name, h.name.clone()),
        (lk.address, h.address.clone()),
        (lk.contact, or_dash(&h.contact)),
        (t.contact_phone, or_dash(&h.contact_phone)),
        (lk.licence_number, or_dash(&h.licence_number)),
        (sw.inspection_date, lang.date(i.date)),
        (lk.inspection_kind, lk.inspection_kind(i.kind).to_owned()),
        (sw.inspectors, i.inspectors.join(lk.name_sep)),
        (sw.items_checked, fill(sw.items_checked_value, i.items_checked)),
    ];
    if let Some(deadline) = i.fix_deadline {
        rows.push((sw.fix_deadline, lang.date(deadline)));
        rows.push((sw.fix_verified_on, i.fix_verified_on.map_or_else(|| sw.fix_not_verified.to_owned(), |d| lang.date(d))));
    }
    rows.push((lk.notes, or_dash(&i.notes)));
    rows.push((sw.operator_comments, or_dash(&i.operator_comments)));

    let mut out = back_link(&format!("/u/{}/inspections", h.unit_code), lk.all_inspections);
    let _ = write!(
        out,
        r#"<section class="card" aria-labelledby="sheet-h"><div class="sheet-h"><h1 class="page-h" id="sheet-h">{}</h1><p class="sheet-sub">{} {}</p><p class="sheet-sub">{}</p></div><p class="badges"><span class="badge {}">{}{colon}{}</span><span class="badge {}">{}{colon}{}</span></p><dl class="fields">"#,
        esc(sw.sheet_title),
        esc(sw.sheet_no),
        esc(&i.sheet_no),
        esc(&fill(sw.nth_this_year, i.nth_this_year)),
        i.result.tone().class(),
        esc(lk.result),
        esc(lk.result(i.result)),
        i.outcome.tone().class(),
        esc(lk.outcome),
        esc(lk.outcome(i.outcome)),
        colon = esc(t.colon),
    );
    for (label, value) in rows {
        let _ = write!(out, "<div><dt>{}</dt><dd>{}</dd></div>", esc(label), esc(&value));
    }
    out.push_str("</dl></section>");
    out.push_str(&problem_list(lang, sw.key_items, i.key_items_checked, &i.key_problems));
    out.push_str(&problem_list(lang, sw.general_items, i.items_checked.saturating_sub(i.key_items_checked), &i.general_problems));
    out
}

/// Key or general items: how many were checked, and each problem with its item number.
fn problem_list(lang: Lang, title: &str, checked: u32, problems: &[ItemProblem]) -> String {
    let (lk, sw) = (lang.look(), lang.sheet());
    let summary = if problems.is_empty() { sw.problems_none.to_owned() } else { fill(lk.problems_count, problems.len()) };
    let mut h = format!(
        r#"<section class="card"><h2 class="card-h">{} · {} · {}</h2>"#,
        esc(title),
        esc(&fill(sw.items_checked_value, checked)),
        esc(&summary)
    );
    if !problems.is_empty() {
        h.push_str(r#"<ul class="problems">"#);
        for p in problems {
            let _ = write!(h, r#"<li><span class="item-no">{}</span><span>{}</span></li>"#, esc(&p.item_no), esc(&p.description));
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
