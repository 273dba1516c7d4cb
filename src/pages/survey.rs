//! `/u/{code}/write/survey`: a parent's answer to a school canteen's survey of the term. Before the form
//! (the diners' form of `write.rs`, kept and sent through the outbox like theirs), whether there is one to
//! answer: not a school canteen, no survey this term, not open yet, closed, or answered from this phone,
//! each said with its dates and a link to the results page (`/u/{code}/survey`, painted by the server).

use leptos::prelude::*;
use mingchu_types::i18n::fill_slots;
use mingchu_types::school::SurveyState;

use super::write::{heading, Drafted};
use crate::api::{self, SurveyOpen, UnitName};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::router::WriteKind;

#[component]
pub fn SurveyPage(code: String) -> impl IntoView {
    let code = StoredValue::new(code);
    let page = LocalResource::new(move || {
        let code = code.get_value();
        // The unit comes inlined with the page: only the survey is asked for.
        async move { Ok::<_, api::FetchError>((api::unit_name(&code).await?, api::survey(&code).await?)) }
    });
    loaded(page, &[44, 120, 160, 160, 48], move || page.refetch(), |(unit, survey)| view! { <Gate unit survey/> }.into_any())
}

/// The form when the survey is open and this phone has not answered it, else why not.
#[component]
fn Gate(unit: UnitName, survey: Option<SurveyOpen>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let sf = lang.survey_form();
    let head = heading(&unit, WriteKind::Survey);
    let Some(survey) = survey else {
        return view! { {head} <p class="card">{sf.not_school}</p> }.into_any();
    };
    let dates = |template: &str| {
        let (from, to) = survey.window.map(|w| (lang.date(w.opens), lang.date(w.closes))).unwrap_or_default();
        fill_slots(template, &[("{from}", &from), ("{to}", &to)])
    };
    let why_not = match survey.state {
        _ if survey.window.is_none() => sf.none.to_owned(),
        Some(SurveyState::NotYetOpen) => dates(sf.not_yet),
        Some(SurveyState::Closed) | None => dates(sf.closed),
        Some(SurveyState::Open) if survey.answered => sf.answered.to_owned(),
        Some(SurveyState::Open) => {
            let intro = dates(sf.intro);
            return view! { {head} <p class="section-note">{intro}</p> <Drafted unit kind=WriteKind::Survey/> }.into_any();
        }
    };
    let results = format!("/u/{}/survey", api::enc(&unit.code));
    view! {
        {head}
        <section class="card survey-shut" role="status">
            <p>{why_not}</p>
            <a class="button" href=results>{sf.results}</a>
        </section>
    }
    .into_any()
}
