//! Smiley votes held in a burst: the units that have some, each to count or discard.

use leptos::prelude::*;
use mingchu_types::HeldVotes;

use crate::i18n::use_lang;
use crate::staff::words::words;
use crate::staff::{api, say};

/// Units with smiley votes held in a burst, each to count or discard; shown only when there are some.
#[component]
pub fn HeldVotesSection() -> impl IntoView {
    let list = LocalResource::new(api::held_votes);
    move || {
        let items = list.get().and_then(Result::ok).map(|l| l.items).unwrap_or_default();
        (!items.is_empty()).then(|| {
            let w = words(use_lang().get_untracked());
            view! {
                <section class="stack held-votes">
                    <h2 class="section-h">{w.votes_h}</h2>
                    <p class="hint">{w.votes_note}</p>
                    <ul class="staff-list">{items.into_iter().map(|v| view! { <HeldVotesRow votes=v/> }).collect_view()}</ul>
                </section>
            }
        })
    }
}

#[component]
fn HeldVotesRow(votes: HeldVotes) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (t, w) = (lang.t(), words(lang));
    let HeldVotes { unit_code, unit_name, satisfied, neutral, unsatisfied, first_day, last_day } = votes;
    let done = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<String>);
    let code = unit_code.clone();
    let settle = Action::new_local(move |admit: &bool| {
        let (code, admit) = (code.clone(), *admit);
        async move {
            match api::settle_votes(&code, admit).await {
                Ok(()) => done.set(Some(if admit { w.votes_admitted } else { w.votes_discarded })),
                Err(e) => error.set(Some(say(e, lang))),
            }
        }
    });
    let counts = format!(
        "{} {satisfied} · {} {neutral} · {} {unsatisfied}",
        t.smiley(mingchu_types::Smiley::Satisfied),
        t.smiley(mingchu_types::Smiley::Neutral),
        t.smiley(mingchu_types::Smiley::Unsatisfied)
    );
    let days = if first_day == last_day { lang.date(first_day) } else { format!("{} – {}", lang.date(first_day), lang.date(last_day)) };
    view! {
        <li class="card stack staff-item" data-held-votes=unit_code.clone()>
            <p class="row-head"><a href=format!("/u/{unit_code}")>{unit_name}</a><span class="hint">{days}</span></p>
            <p>{counts}</p>
            {move || match done.get() {
                Some(label) => view! { <p class="saved" role="status">{label}</p> }.into_any(),
                None => view! {
                    <button type="button" class="button" on:click=move |_| { settle.dispatch(true); }>{w.votes_admit}</button>
                    <button type="button" class="button-quiet" on:click=move |_| { settle.dispatch(false); }>{w.votes_discard}</button>
                }
                .into_any(),
            }}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </li>
    }
}
