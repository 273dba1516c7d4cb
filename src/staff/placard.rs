//! The QR placard posted at a unit's door: its name, licence number, official grade and a QR code of
//! its public page. Drawn on screen as it prints (`@media print` keeps only the sheets, one per page).

use leptos::prelude::*;
use mingchu_types::faces::{official_face_svg, ungraded_seal_svg};
use mingchu_types::i18n::Lang;
use mingchu_types::{DynamicGrade, Placard};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::words::words;
use crate::i18n::use_lang;

/// The QR code of `url` as SVG: error correction M (a smudged or scratched code still reads) and the
/// standard quiet zone of four modules, so it scans from any printed size of 3 cm up.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(8, 8)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline in HTML: no XML prolog, and no fixed size (the stylesheet sizes it; its viewBox keeps it square).
    let svg = &svg[svg.find("<svg")?..];
    let size = svg.find(" width=\"")?;
    let view_box = svg.find(" viewBox=")?;
    Some(format!("{}{}", &svg[..size], &svg[view_box..]))
}

/// One placard sheet.
#[component]
pub fn PlacardSheet(placard: Placard, lang: Lang) -> impl IntoView {
    let (t, w) = (lang.t(), words(lang));
    let (face, word, tone) = match &placard.unit.grade {
        DynamicGrade::Graded { level, .. } => {
            (official_face_svg(level.face), if lang == Lang::Zh { level.label_zh.clone() } else { level.label_en.clone() }, level.tone.class())
        }
        DynamicGrade::NotGraded { reason, .. } => (ungraded_seal_svg(), lang.look().not_graded_reason(*reason).to_owned(), "tone-none"),
    };
    let qr = qr_svg(&placard.url).unwrap_or_default();
    view! {
        <article class="placard" aria-label=format!("{} · {}", w.placard_h, placard.unit.name)>
            <header class="placard-top">
                <span class="brand-mark" aria-hidden="true">"明"</span>
                <div>
                    <p class="placard-site">{t.site_name}</p>
                    <p class="placard-sub">{w.placard_sub}</p>
                </div>
            </header>
            <h2 class="placard-name">{placard.unit.name.clone()}</h2>
            <div class="qr" role="img" aria-label=placard.url.clone() inner_html=qr></div>
            <p class="placard-scan">{w.placard_scan}</p>
            <p class="placard-url mono">{placard.url.clone()}</p>
            <dl class="placard-facts">
                <div>
                    <dt>{w.placard_grade}</dt>
                    <dd class=format!("placard-grade {tone}")><span class="placard-face" inner_html=face></span>{word}</dd>
                </div>
                <div>
                    <dt>{w.placard_licence}</dt>
                    <dd class="mono">{placard.licence_number.clone().unwrap_or_else(|| "—".into())}</dd>
                </div>
            </dl>
            <p class="placard-code mono">{placard.unit.code.clone()}</p>
        </article>
    }
}

/// The print controls: paper size (A5 or A4, set on `<html>` for the print stylesheet) and Print.
#[component]
pub fn PrintBar(lang: Lang) -> impl IntoView {
    let w = words(lang);
    let size = RwSignal::new("a5");
    Effect::new(move || {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-paper", size.get());
        }
    });
    view! {
        <div class="print-bar">
            <fieldset class="chips">
                <legend>{w.placard_size}</legend>
                {[("a5", w.size_a5), ("a4", w.size_a4)]
                    .into_iter()
                    .map(|(value, label)| {
                        view! {
                            <label class="chip-choice">
                                <input type="radio" name="paper" value=value checked=move || size.get() == value on:change=move |_| size.set(value)/>
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>{w.print}</button>
        </div>
    }
}

/// A page of placards to print: its title, a note, the paper and Print, then the sheets.
#[component]
pub fn PrintPage(title: String, note: &'static str, placards: Vec<Placard>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    crate::components::set_title(&title);
    view! {
        <div class="no-print stack">
            <h1 class="page-h">{title}</h1>
            <p class="hint">{note}</p>
            <PrintBar lang/>
        </div>
        <div class="placards">{placards.into_iter().map(|placard| view! { <PlacardSheet placard lang/> }).collect_view()}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_medium_correction_with_a_quiet_zone() {
        let url = "https://mingchu.example.cn/u/lc-dcf-0012";
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        assert_eq!(code.error_correction_level(), EcLevel::M);
        // 41 characters at level M: version 3, 29 modules a side; with 4 quiet modules each side, 37.
        assert_eq!(code.width(), 29);
        let svg = qr_svg(url).unwrap();
        assert!(svg.starts_with("<svg ") && svg.contains(r#"viewBox="0 0 296 296""#), "37 modules of 8: {}", &svg[..200.min(svg.len())]);
        assert!(!svg[..svg.find('>').unwrap()].contains(" width="), "sized by the stylesheet");
    }
}
