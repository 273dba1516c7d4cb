//! 食安地图's near-me page (`/near`, painted by the server): the reason a position is asked and the
//! button that asks it, the district and filters as a plain form (it works without the app), then the
//! nearest units on a small map drawn as SVG from their coordinates (no tiles) and in a numbered list.

use std::fmt::Write;

use super::{esc, grade_word};
use crate::i18n::{fill, fill_slots, Lang};
use crate::near::{distance_m, distance_words, Datum, GradeFilter, NearList, NearUnit};
use crate::{map_link, Location, OfficialFace, Region, UnitKind};

/// What the reader asked, to fill the form in again.
#[derive(Clone, Debug, Default)]
pub struct NearAsked<'a> {
    /// Every named region, for the district choice.
    pub regions: &'a [Region],
    pub region: Option<&'a str>,
    /// The position as the reader gave it (in `datum`), kept in the form so a filter keeps it.
    pub position: Option<(Location, Datum)>,
    pub kind: Option<UnitKind>,
    pub grade: Option<GradeFilter>,
}

/// The whole page: the form, and the units when a position or a district was given.
pub fn near_screen(lang: Lang, asked: &NearAsked, list: Option<&NearList>) -> String {
    let w = lang.near();
    let mut h = format!(r#"<h1 class="page-h">{}</h1><p class="section-note">{}</p>"#, esc(w.title), esc(w.intro));
    // The app wires the button (a position is asked only on a tap; found, the app opens `data-href`
    // with it); the style shows it only once the app is there.
    let mut href = String::from("/near?datum=wgs84");
    if let Some(kind) = asked.kind {
        let _ = write!(href, "&kind={}", kind.as_str());
    }
    if let Some(grade) = asked.grade {
        let _ = write!(href, "&grade={}", grade.as_str());
    }
    if lang == Lang::En {
        href.push_str("&lang=en");
    }
    let _ = write!(
        h,
        r#"<div class="near-locate"><button type="button" class="button" id="near-locate" data-href="{}" data-locating="{}" data-failed="{}">{}</button><p class="near-note">{}</p><p class="near-status" id="near-status" role="status"></p></div>"#,
        esc(&href),
        esc(w.locating),
        esc(w.locate_failed),
        esc(w.locate),
        esc(w.locate_why)
    );
    // The answer before the form once there is one: the reader asked for it.
    if let Some(list) = list {
        h.push_str(&near_results(lang, asked, list));
    }
    h.push_str(&near_form(lang, asked));
    h
}

fn near_form(lang: Lang, asked: &NearAsked) -> String {
    let (w, lk) = (lang.near(), lang.look());
    let selected = |yes: bool| if yes { " selected" } else { "" };
    let mut regions = String::new();
    match asked.position {
        Some(_) => {
            let _ = write!(regions, r#"<option value=""{}>{}</option>"#, selected(asked.region.is_none()), esc(w.my_position));
        }
        None => {
            let _ = write!(regions, r#"<option value="">{}</option>"#, esc(w.any_region));
        }
    }
    for r in asked.regions {
        let _ =
            write!(regions, r#"<option value="{}"{}>{}</option>"#, esc(&r.code), selected(asked.region == Some(r.code.as_str())), esc(r.name(lang)));
    }
    let mut kinds = format!(r#"<option value="">{}</option>"#, esc(w.any_kind));
    for k in UnitKind::ALL {
        let _ = write!(kinds, r#"<option value="{}"{}>{}</option>"#, k.as_str(), selected(asked.kind == Some(k)), esc(lk.unit_kind(k)));
    }
    let mut grades = format!(r#"<option value="">{}</option>"#, esc(w.any_grade));
    for g in GradeFilter::ALL {
        let _ = write!(grades, r#"<option value="{}"{}>{}</option>"#, g.as_str(), selected(asked.grade == Some(g)), esc(grade_filter_word(lang, g)));
    }
    let mut hidden = String::new();
    if let Some((p, datum)) = asked.position {
        let _ = write!(hidden, r#"<input type="hidden" name="lat" value="{}"><input type="hidden" name="lng" value="{}">"#, p.lat, p.lng);
        if datum == Datum::Wgs84 {
            hidden.push_str(r#"<input type="hidden" name="datum" value="wgs84">"#);
        }
    }
    if lang == Lang::En {
        hidden.push_str(r#"<input type="hidden" name="lang" value="en">"#);
    }
    format!(
        r#"<form class="near-form" action="/near" method="get"><fieldset><legend>{}</legend>{hidden}<label class="field"><span class="field-label">{}</span><select name="region">{regions}</select></label><label class="field"><span class="field-label">{}</span><select name="kind">{kinds}</select></label><label class="field"><span class="field-label">{}</span><select name="grade">{grades}</select></label><button type="submit" class="button button-secondary">{}</button></fieldset></form>"#,
        esc(w.choose),
        esc(w.region),
        esc(w.kind),
        esc(w.grade),
        esc(w.show)
    )
}

/// The words of a grade filter: the face and its usual level, or "not graded".
fn grade_filter_word(lang: Lang, g: GradeFilter) -> &'static str {
    let w = lang.near();
    match g {
        GradeFilter::Face(OfficialFace::BigSmile) => w.big_smile,
        GradeFilter::Face(OfficialFace::Smile) => w.smile,
        GradeFilter::Face(OfficialFace::Flat) => w.flat,
        GradeFilter::NotGraded => lang.look().not_graded,
    }
}

fn near_results(lang: Lang, asked: &NearAsked, list: &NearList) -> String {
    let w = lang.near();
    let n = list.items.len();
    let region_name = list.region.as_deref().map(|code| asked.regions.iter().find(|r| r.code == code).map_or(code, |r| r.name(lang)));
    let heading = match region_name {
        Some(region) => fill_slots(w.results_in_region, &[("{region}", region), ("{n}", &n.to_string())]),
        None => fill(w.results_near_you, n),
    };
    let mut h = format!(r#"<section class="near-results" aria-labelledby="near-h"><h2 class="section-h" id="near-h">{}</h2>"#, esc(&heading));
    if list.items.is_empty() {
        let _ = write!(h, r#"<p class="empty">{}</p></section>"#, esc(w.none_found));
        return h;
    }
    let from_word = if list.region.is_some() { w.middle } else { w.you };
    h.push_str(&near_map(lang, list.from, from_word, &list.items));
    h.push_str(r#"<ol class="results near-list">"#);
    for (i, u) in list.items.iter().enumerate() {
        h.push_str(&near_item(lang, i + 1, u));
    }
    h.push_str("</ol></section>");
    h
}

fn near_item(lang: Lang, number: usize, u: &NearUnit) -> String {
    let (t, lk, w) = (lang.t(), lang.look(), lang.near());
    let (tone, grade) = grade_word(lang, &u.grade);
    let licence = match u.licence {
        Some(status) => lk.licence_status(status),
        None => lk.licence_none.to_owned(),
    };
    let today = match u.today {
        Some(c) => {
            let counts: Vec<String> = [(c.fine, w.today_fine), (c.attention, w.today_attention), (c.missing, w.today_missing)]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, words)| fill(words, n))
                .collect();
            if counts.is_empty() {
                w.today_nothing_due.to_owned()
            } else {
                counts.join(" · ")
            }
        }
        None => w.today_none.to_owned(),
    };
    format!(
        r#"<li class="near-item"><a class="result {tone}" href="/u/{code}"><span class="result-name"><span class="near-n" aria-hidden="true">{number}</span>{name}</span><span class="result-meta">{kind} · {away}</span><span class="result-grade">{dynamic}{colon}{grade}</span><span class="result-meta">{licence_h}{colon}{licence}</span><span class="result-meta">{today_h}{colon}{today}</span></a><a class="near-open" href="{map}" rel="noopener">{open}</a></li>"#,
        code = esc(&u.code),
        name = esc(&u.name),
        kind = esc(lk.unit_kind(u.kind)),
        away = esc(&fill_slots(w.away, &[("{d}", &distance_words(u.distance_m))])),
        dynamic = esc(lk.dynamic_grade),
        colon = esc(t.colon),
        grade = esc(grade),
        licence_h = esc(lk.licence_title),
        licence = esc(&licence),
        today_h = esc(w.today),
        today = esc(&today),
        map = esc(&map_link(&u.name, &u.address, Some(u.location))),
        open = esc(w.open_map),
    )
}

/// The map's size in SVG units (it scales to the page's width).
const MAP_W: f64 = 320.0;
const MAP_H: f64 = 200.0;
/// Room kept around the dots for their numbers.
const MAP_PAD: f64 = 16.0;
/// The nearest units the map shows (the list has the rest): fitting a whole city's list would crowd
/// the nearest, which matter most, into the middle.
const MAP_SHOWS: usize = 8;

/// A small map: the reader (or the district's middle) in the centre, north up, each unit a numbered
/// dot coloured by its grade's tone and linking to its page, and a scale bar. Flat projection around
/// the centre: right to a fraction of a percent across a city.
fn near_map(lang: Lang, from: Location, from_word: &str, items: &[NearUnit]) -> String {
    let w = lang.near();
    let items = &items[..items.len().min(MAP_SHOWS)];
    let metres_per_degree = distance_m(Location { lat: 0.0, lng: 0.0 }, Location { lat: 1.0, lng: 0.0 });
    let east = from.lat.to_radians().cos() * metres_per_degree;
    let offset = |p: Location| ((p.lng - from.lng) * east, (p.lat - from.lat) * metres_per_degree);
    // Metres from the centre to the farthest dot, each way, and pixels per metre to fit them.
    let (mut reach_x, mut reach_y) = (100.0_f64, 100.0_f64);
    for u in items {
        let (x, y) = offset(u.location);
        reach_x = reach_x.max(x.abs());
        reach_y = reach_y.max(y.abs());
    }
    let scale = ((MAP_W / 2.0 - MAP_PAD) / reach_x).min((MAP_H / 2.0 - MAP_PAD) / reach_y);
    let at = |p: Location| {
        let (x, y) = offset(p);
        (MAP_W / 2.0 + x * scale, MAP_H / 2.0 - y * scale)
    };
    let label = fill_slots(w.map_label, &[("{n}", &items.len().to_string()), ("{from}", from_word)]);
    let mut h = format!(
        r#"<figure class="near-map"><svg viewBox="0 0 {MAP_W} {MAP_H}" role="img" aria-labelledby="near-map-t"><title id="near-map-t">{}</title><rect class="map-ground" width="{MAP_W}" height="{MAP_H}" rx="8"/>"#,
        esc(&label)
    );
    // The reader under the dots, the farthest first, so the nearest dots are drawn on top.
    let (cx, cy) = (MAP_W / 2.0, MAP_H / 2.0);
    let _ = write!(h, r#"<circle class="map-you-ring" cx="{cx}" cy="{cy}" r="11"/><circle class="map-you" cx="{cx}" cy="{cy}" r="6"/>"#);
    for (i, u) in items.iter().enumerate().rev() {
        let (x, y) = at(u.location);
        let class = grade_word(lang, &u.grade).0;
        let _ = write!(
            h,
            r#"<a href="/u/{}" aria-label="{} {}"><circle class="map-dot {class}" cx="{x:.1}" cy="{y:.1}" r="9"/><text class="map-n" x="{x:.1}" y="{:.1}">{}</text></a>"#,
            esc(&u.code),
            i + 1,
            esc(&u.name),
            y + 4.0,
            i + 1
        );
    }
    // The scale bar: the roundest distance that fits in a quarter of the width.
    let bar_m = [50u32, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000]
        .into_iter()
        .rev()
        .find(|m| f64::from(*m) * scale <= MAP_W / 4.0)
        .unwrap_or(50);
    let bar = f64::from(bar_m) * scale;
    let _ = write!(
        h,
        r#"<path class="map-scale" d="M10 {y0:.1}v5h{bar:.1}v-5"/><text class="map-scale-t" x="10" y="{y1:.1}">{}</text></svg><figcaption class="near-note">{}</figcaption></figure>"#,
        esc(&distance_words(bar_m)),
        esc(&label),
        y0 = MAP_H - 14.0,
        y1 = MAP_H - 18.0,
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::near::TodayTally;
    use crate::{DynamicGrade, GradeScheme, LicenceStatus};

    fn unit(code: &str, lat: f64, lng: f64, distance_m: u32) -> NearUnit {
        NearUnit {
            code: code.into(),
            name: format!("{code} 食堂 <b>"),
            kind: UnitKind::SchoolCanteen,
            address: "聊城市".into(),
            location: Location { lat, lng },
            distance_m,
            grade: DynamicGrade::Graded { level: GradeScheme::national().levels[1].clone(), score: None, graded_on: "2026-11-02".parse().unwrap() },
            licence: Some(LicenceStatus::Valid { days_left: 300 }),
            today: Some(TodayTally { fine: 3, attention: 1, missing: 0 }),
        }
    }

    #[test]
    fn the_map_keeps_every_dot_inside_and_numbers_them_as_the_list() {
        let from = Location { lat: 36.45, lng: 115.98 };
        let items = vec![unit("a", 36.451, 115.981, 140), unit("b", 36.40, 115.90, 9_000), unit("c", 36.50, 116.05, 8_000)];
        let list = NearList { from, region: None, items };
        let page = near_screen(Lang::Zh, &NearAsked { position: Some((from, Datum::Gcj02)), ..NearAsked::default() }, Some(&list));
        for (cx, cy) in page.split("<circle class=\"map-dot").skip(1).map(|dot| {
            let num = |name: &str| dot.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().parse::<f64>().unwrap();
            (num("cx"), num("cy"))
        }) {
            assert!((MAP_PAD - 0.1..=MAP_W - MAP_PAD + 0.1).contains(&cx) && (MAP_PAD - 0.1..=MAP_H - MAP_PAD + 0.1).contains(&cy), "{cx},{cy}");
        }
        assert!(page.contains(r#"aria-label="1 a 食堂 &lt;b&gt;""#), "names are escaped and numbered as the list");
        assert!(page.contains("距离 140 m") && page.contains("距离 9.0 km"));
        assert!(page.contains("今日后厨：3 项正常 · 1 项需关注<"), "counts of none are left out");
        assert!(!page.contains("<b>"));
        // North up: the unit north of the reader is drawn above the centre.
        let c = page.split("aria-label=\"3 c").nth(1).unwrap();
        let cy: f64 = c.split("cy=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(cy < MAP_H / 2.0);
    }

    #[test]
    fn the_form_keeps_what_was_asked() {
        let regions = [Region { code: "371502".into(), name_zh: "东昌府区".into(), name_en: "Dongchangfu District".into() }];
        let asked = NearAsked {
            regions: &regions,
            region: Some("371502"),
            position: None,
            kind: Some(UnitKind::SchoolCanteen),
            grade: Some(GradeFilter::NotGraded),
        };
        let page = near_screen(Lang::En, &asked, None);
        assert!(page.contains(r#"<option value="371502" selected>Dongchangfu District</option>"#));
        assert!(page.contains(r#"<option value="school_canteen" selected>"#));
        assert!(page.contains(r#"<option value="none" selected>"#));
        assert!(page.contains(r#"name="lang" value="en""#));
        let at = Location { lat: 36.445, lng: 115.978 };
        let page = near_screen(Lang::Zh, &NearAsked { position: Some((at, Datum::Wgs84)), ..asked }, None);
        assert!(page.contains(r#"name="lat" value="36.445""#) && page.contains(r#"name="datum" value="wgs84""#));
    }
}
