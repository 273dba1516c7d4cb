//! `/regulator/school`: the region's school and kindergarten canteens behind on what parents are owed —
//! lunches without 陪餐, this week's menu not published, no survey this term or its results not
//! answered — longest overdue first (the server's order), each with links to its public pages.

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::markup::esc;
use mingchu_types::school::{SchoolLapse, SchoolLapses};
use mingchu_types::{Route, SchoolPage};

use super::school_words::school_words;
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::api;

#[component]
pub fn SchoolLapsesPage() -> impl IntoView {
    let list = LocalResource::new(api::school_lapses);
    loaded(list, &[44, 96, 96, 96], move || list.refetch(), |list| view! { <Lapses list/> }.into_any())
}

#[component]
fn Lapses(list: SchoolLapses) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let s = school_words(lang);
    crate::components::set_title(s.lapses_h);
    let units: String = list.units.iter().map(|u| unit_html(lang, u)).collect();
    view! {
        <h1 class="page-h">{s.lapses_h}" · "{lang.date(list.today)}</h1>
        <p class="hint">{s.lapses_note}</p>
        {list.units.is_empty().then(|| view! { <p class="empty">{s.lapses_none}</p> })}
        <ul class="staff-list" inner_html=units></ul>
    }
}

/// A unit as a card: what it has not done, how long overdue, and its public pages.
pub fn unit_html(lang: Lang, u: &SchoolLapse) -> String {
    let s = school_words(lang);
    let mut lapses = Vec::new();
    if !u.meals_without_companion.is_empty() {
        lapses.push(fill(s.without_companion, u.meals_without_companion.len()));
    }
    for (lapsed, words) in [(u.menu_missing, s.menu_missing), (u.survey_not_held, s.survey_not_held), (u.survey_not_answered, s.survey_not_answered)]
    {
        if lapsed {
            lapses.push(words.to_owned());
        }
    }
    let badges: String = lapses.iter().map(|l| format!(r#"<span class="badge tone-warning">{}</span>"#, esc(l))).collect();
    let links: String = SchoolPage::ALL
        .iter()
        .zip(s.pages)
        .map(|(page, name)| format!(r#"<a class="row-more" href="{}">{}</a>"#, esc(&Route::School(u.code.clone(), *page).path()), esc(name)))
        .collect();
    format!(
        r#"<li class="card queue-item" data-unit="{code}"><span class="result-name">{}</span><span class="hint">{} · <span class="mono">{code}</span> · {}</span><span class="badges">{badges}</span><span class="form-row">{links}</span></li>"#,
        esc(&u.unit_name),
        esc(&u.region),
        esc(&fill(s.overdue, u.overdue_days)),
        code = esc(&u.code),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_says_what_is_missing_and_links_its_public_pages() {
        let day = "2026-11-27".parse().unwrap();
        let lapse = SchoolLapse {
            code: "lc-dcf-0012".into(),
            unit_name: "东昌府区实验小学食堂".into(),
            region: "东昌府区".into(),
            meals_without_companion: vec![day],
            menu_missing: true,
            survey_not_held: false,
            survey_not_answered: true,
            overdue_days: 3,
        };
        let h = unit_html(Lang::Zh, &lapse);
        for part in
            ["1 天午餐无陪餐", "本周菜谱未公开", "调查结果未回应", "已拖 3 天", r#"href="/u/lc-dcf-0012/menu""#, r#"href="/u/lc-dcf-0012/meals""#]
        {
            assert!(h.contains(part), "{part}: {h}");
        }
        assert!(!h.contains("未开展"), "{h}");
    }
}
