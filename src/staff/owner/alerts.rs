//! `/owner/alerts`: the unit's alerts of the last 30 days (the cameras' analytics, the temperature
//! sensors), those waiting first, each answered in place — real and put right (a note and a photo of it)
//! or a false alarm (a note). The card is the shared renderer's; the answer is a form under it.

use leptos::prelude::*;
use mingchu_types::markup::staff_alert;
use mingchu_types::watch::{answer_problems, AnswerInput, AnswerProblem, OwnerAlerts, StaffAlert, Verdict, WatchRules};
use web_sys::Blob;

use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::photos;
use crate::staff::photo_field::{OnePhoto, Photo};
use crate::staff::words::words;
use crate::staff::{api, say, WaitingAlerts};

#[component]
pub fn AlertsPage() -> impl IntoView {
    let alerts = LocalResource::new(api::owner_alerts);
    loaded(alerts, &[44, 180, 180], move || alerts.refetch(), move |list| view! { <AlertList list on_refresh=move || alerts.refetch()/> }.into_any())
}

#[component]
fn AlertList(list: OwnerAlerts, #[prop(into)] on_refresh: Callback<()>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::components::set_title(w.alerts_h);
    // What waits as this page knows it, counted down as alerts are answered; the bar's count, asked of
    // the server every minute, telling more means alerts came in since the list was drawn.
    let waiting = RwSignal::new(list.waiting);
    let bar = expect_context::<WaitingAlerts>().0;
    bar.set(Some(list.waiting));
    let more = move || bar.get().is_some_and(|n| n > waiting.get());
    let now_ms = js_sys::Date::now() as i64;
    let empty = list.alerts.is_empty();
    view! {
        <h1 class="page-h">{w.alerts_h}</h1>
        <p class="hint">{w.alerts_note}</p>
        {move || more().then(|| view! {
            <p class="note-box" role="status">{w.new_alerts}" "
                <button type="button" class="button-quiet" on:click=move |_| on_refresh.run(())>{w.show_new}</button>
            </p>
        })}
        {empty.then(|| view! { <p class="empty">{w.alerts_empty}</p> })}
        <ul class="staff-list alert-list">
            {list.alerts.into_iter().map(|alert| view! { <AlertItem alert now_ms waiting/> }).collect_view()}
        </ul>
    }
}

/// One alert: its card, and while nobody has answered it, the answer.
#[component]
fn AlertItem(alert: StaffAlert, now_ms: i64, waiting: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let id = alert.id.clone();
    let labelled = format!("al-{id}");
    let shown = RwSignal::new(alert);
    let answered = move || shown.with(|a| a.answer.is_some());
    view! {
        <li class="card alert-card" aria-labelledby=labelled>
            <div class="stack" inner_html=move || shown.with(|a| staff_alert(lang, a, now_ms, false))></div>
            {move || (!answered()).then(|| view! { <AnswerForm id=id.clone() shown waiting/> })}
        </li>
    }
}

/// The owner's answer: what was found, what was done, and for a real one a photo of it put right.
/// The photo is uploaded first (`POST /api/photos`), then the answer names it.
#[component]
fn AnswerForm(id: String, shown: RwSignal<StaffAlert>, waiting: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (w, ww) = (words(lang), lang.watch());
    let bar = expect_context::<WaitingAlerts>().0;
    let verdict = RwSignal::new(None::<Verdict>);
    let note = RwSignal::new(String::new());
    let photo: Photo = RwSignal::new_local(None);
    let problems = RwSignal::new(Vec::<AnswerProblem>::new());
    let failed = RwSignal::new(None::<String>);
    let send = Action::new_local(move |(verdict, note, blob): &(Verdict, String, Option<Blob>)| {
        let (id, verdict, note, blob) = (id.clone(), *verdict, note.clone(), blob.clone());
        async move {
            let photo = match blob {
                Some(blob) => match photos::upload(&blob, |_, _| {}).await {
                    Ok(uploaded) => Some(uploaded.id),
                    Err(e) => return failed.set(Some(say(e, lang))),
                },
                None => None,
            };
            match api::answer_alert(&id, &AnswerInput { verdict, note, photo }).await {
                Ok(alert) => {
                    waiting.update(|n| *n = n.saturating_sub(1));
                    bar.update(|n| *n = n.map(|n| n.saturating_sub(1)));
                    shown.set(alert);
                }
                Err(e) => failed.set(Some(say(e, lang))),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        let Some(v) = verdict.get_untracked() else {
            return failed.set(Some(w.verdict_missing.to_owned()));
        };
        let blob = photo.with_untracked(|p| p.as_ref().map(|(blob, _)| blob.clone()));
        // Only a real alert keeps its photo: a false alarm has nothing put right to show.
        let blob = blob.filter(|_| v == Verdict::Confirmed);
        let input = AnswerInput { verdict: v, note: note.get_untracked(), photo: blob.as_ref().map(|_| String::from("taken")) };
        let found = answer_problems(&input, &WatchRules::national());
        problems.set(found.clone());
        if found.is_empty() {
            send.dispatch((v, input.note.trim().to_owned(), blob));
        }
    };
    let (name, note_id) = (format!("v-{}", shown.with_untracked(|a| a.id.clone())), format!("n-{}", shown.with_untracked(|a| a.id.clone())));
    let (hint_id, error_id) = (format!("{note_id}-h"), format!("{note_id}-e"));
    let problem = move |p: AnswerProblem| problems.with(|all| all.contains(&p)).then(|| ww.answer_problems[p as usize]);
    let choice = move |v: Verdict, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name=name.clone() value=v.as_str() on:change=move |_| verdict.set(Some(v))/>
                {label}
            </label>
        }
    };
    view! {
        <form class="alert-form stack" on:submit=on_submit>
            <fieldset class="choices">
                <legend>{w.verdict_legend}</legend>
                {choice(Verdict::Confirmed, w.verdict_confirmed)}
                {choice(Verdict::FalseAlarm, w.verdict_false)}
            </fieldset>
            <div class="field">
                <label for=note_id.clone()>{w.alert_note}</label>
                <textarea id=note_id rows="3" maxlength="500" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))
                    aria-describedby=format!("{hint_id} {error_id}")
                    aria-invalid=move || (problem(AnswerProblem::NoteMissing).is_some() || problem(AnswerProblem::NoteTooLong).is_some()).then_some("true")></textarea>
                <small class="hint" id=hint_id>{w.alert_note_hint}</small>
                <p class="field-error" id=error_id>{move || problem(AnswerProblem::NoteMissing).or(problem(AnswerProblem::NoteTooLong))}</p>
            </div>
            {move || (verdict.get() == Some(Verdict::Confirmed)).then(|| view! {
                <OnePhoto label=w.answer_photo photo kept=None/>
                <p class="field-error">{move || problem(AnswerProblem::PhotoMissing)}</p>
            })}
            <div class="form-row">
                <button type="submit" class="button" disabled=move || send.pending().get()>{w.answer_send}</button>
            </div>
            <p class="field-error" role="alert">{move || failed.get()}</p>
        </form>
    }
}
