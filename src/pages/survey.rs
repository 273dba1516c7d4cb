//! `/u/{code}/write/survey`: a parent's answer to a school canteen's survey of the term. Before the form
//! (the diners' form of `write.rs`, kept and sent through the outbox like theirs), whether there is one to
//! answer: not a school canteen, no survey this term, not open yet, closed, or answered from this phone,
//! each said with its dates and a link to the results page (`/u/{code}/survey`, painted by the server).

use leptos::prelude::*;
use mingchu_types::i18n::{fill_slots, Lang};
use mingchu_types::markup::esc;
use mingchu_types::school::{SurveyState, QUESTIONS};
use wasm_bindgen::JsCast;

use super::write::{heading, Drafted};
use crate::api::{self, SurveyOpen, UnitName};
use crate::i18n::use_lang;
use crate::router::WriteKind;

/// The form when the survey is open and this phone has not answered it, else why not.
pub fn gate(unit: UnitName, survey: Option<SurveyOpen>) -> AnyView {
    let lang = use_lang().get_untracked();
    let sf = lang.survey_form();
    let head = heading(&unit, WriteKind::Survey);
    let results = format!("/u/{}/survey", api::enc(&unit.code));
    let dates = |survey: &SurveyOpen, template: &str| {
        let (from, to) = survey.window.map(|w| (lang.date(w.opens), lang.date(w.closes))).unwrap_or_default();
        fill_slots(template, &[("{from}", &from), ("{to}", &to)])
    };
    let why_not = match &survey {
        None => sf.not_school.to_owned(),
        Some(s) if s.window.is_none() => sf.none.to_owned(),
        Some(s) => match s.state {
            Some(SurveyState::NotYetOpen) => dates(s, sf.not_yet),
            Some(SurveyState::Closed) | None => dates(s, sf.closed),
            Some(SurveyState::Open) if s.answered => sf.answered.to_owned(),
            Some(SurveyState::Open) => {
                let intro = dates(s, sf.intro);
                return view! { {head} <p class="section-note">{intro}</p> <Drafted unit kind=WriteKind::Survey/> }.into_any();
            }
        },
    };
    view! {
        {head}
        <section class="card survey-shut" role="status">
            <p>{why_not}</p>
            // A unit that is not a school canteen has no results either.
            {survey.is_some().then(|| view! { <a class="button" href=results>{sf.results}</a> })}
        </section>
    }
    .into_any()
}

/// The five questions, each a fieldset of the scores 1 to 5 (radios `q0`…`q4`, large boxes with the
/// scale's words under its ends), `scores` chosen.
pub fn score_scales(lang: Lang, scores: &[u8; 5]) -> String {
    let sf = lang.survey_form();
    let mut html = String::new();
    for (q, chosen) in scores.iter().enumerate() {
        html += &format!(r#"<fieldset class="score-q"><legend>{}</legend><div class="scale">"#, esc(sf.questions[q]));
        for n in 1..=5u8 {
            let checked = if *chosen == n { " checked" } else { "" };
            let end = match n {
                1 => format!("<small>{}</small>", esc(sf.low)),
                5 => format!("<small>{}</small>", esc(sf.high)),
                _ => String::new(),
            };
            html += &format!(r#"<label><input type="radio" name="q{q}" value="{n}"{checked}><span>{n}</span>{end}</label>"#);
        }
        html += "</div></fieldset>";
    }
    html
}

/// Takes the score a change of the form chose, if it was one of [`score_scales`]' radios.
pub fn pick_score(ev: &leptos::ev::Event, scores: RwSignal<[u8; 5]>) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    if let Some((q, n)) = score_of(&input.name(), &input.value()) {
        scores.update(|s| s[q] = n);
    }
}

/// The question and score of a radio of [`score_scales`] by its name and value.
fn score_of(name: &str, value: &str) -> Option<(usize, u8)> {
    let q: usize = name.strip_prefix('q')?.parse().ok().filter(|q| *q < QUESTIONS.len())?;
    Some((q, value.parse().ok().filter(|n| (1..=5).contains(n))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_question_is_a_labelled_fieldset_of_five_scores_with_the_chosen_checked() {
        let html = score_scales(Lang::Zh, &[5, 0, 0, 0, 1]);
        assert_eq!(html.matches("<fieldset").count(), 5);
        assert_eq!(html.matches("type=\"radio\"").count(), 25);
        assert!(html.starts_with(r#"<fieldset class="score-q"><legend>口味</legend><div class="scale"><label><input type="radio" name="q0" value="1"><span>1</span><small>不满意</small></label>"#), "{html}");
        assert!(html.contains(r#"name="q0" value="5" checked><span>5</span><small>很满意</small>"#), "{html}");
        assert!(html.contains(r#"name="q4" value="1" checked>"#), "{html}");
        assert_eq!(html.matches(" checked").count(), 2);
        assert!(score_scales(Lang::En, &[0; 5]).contains("<legend>Price</legend>"));
    }

    #[test]
    fn a_change_is_a_score_only_from_the_scales_radios() {
        assert_eq!(score_of("q0", "5"), Some((0, 5)));
        assert_eq!(score_of("q4", "1"), Some((4, 1)));
        assert_eq!(score_of("q5", "1"), None);
        assert_eq!(score_of("q1", "6"), None);
        assert_eq!(score_of("text", "1"), None);
        assert_eq!(score_of("smiley", ""), None);
    }
}
