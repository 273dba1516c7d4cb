//! `/u/{code}/write/{review|message|report|survey}`: one form for the things a diner can write (a
//! parent's answer to a school's survey comes through `survey.rs`, which first tells whether it is open).
//!
//! The form is a draft in the outbox from the moment it opens: every change is kept on the device, so
//! a reload, a dropped network or a closed WeChat window loses nothing. Sending queues the draft; the
//! screen then follows it until the server has it. The photo picker and the reporter's fields are
//! components; what a draft needs before it can be sent is in `draft_rules.rs`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::{ReportCategory, Smiley};
use wasm_bindgen::JsCast;

use super::set_title;
use super::survey::{gate, pick_score, score_scales};
use crate::api::{self, SurveyOpen, UnitName};
use crate::components::feedback::loaded;
use crate::components::field_error::field_error;
use crate::components::photo_picker::{PhotoPicker, Picked};
use crate::components::reporter::ReporterFields;
use crate::components::sending::Sending;
use crate::draft_rules::{counted_chars, problems, text_chars, Field, FieldError};
use crate::i18n::use_lang;
use crate::outbox::{self, Draft, Written};
use crate::photos;
use crate::router::WriteKind;

/// The page: the unit (for its name), then the diner's draft for it.
#[component]
pub fn WritePage(code: String, kind: WriteKind) -> impl IntoView {
    let code = StoredValue::new(code);
    // A survey's state is asked for with the unit, in the same resource: one more resource type would
    // cost the app kilobytes. `Some` once asked: `Some(None)` when the unit is not a school canteen.
    let survey = StoredValue::new(None::<Option<SurveyOpen>>);
    let unit = LocalResource::new(move || {
        let code = code.get_value();
        async move {
            if kind == WriteKind::Survey {
                survey.set_value(Some(api::survey(&code).await?));
            }
            api::unit_name(&code).await
        }
    });
    loaded(
        unit,
        &[44, 120, 160, 48],
        move || unit.refetch(),
        move |unit| match survey.get_value() {
            Some(open) => gate(unit, open),
            None => view! { {heading(&unit, kind)} <Drafted unit kind/> }.into_any(),
        },
    )
}

/// The page's title and heading: what is written, and for which unit.
pub(super) fn heading(unit: &UnitName, kind: WriteKind) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let title = kind_title(lang, kind);
    set_title(&format!("{title} · {}", unit.name));
    view! {
        <a class="back" href=format!("/u/{}", unit.code)>{lang.t().back_to_unit}</a>
        <h1 class="page-h">{title}</h1>
        <p class="sheet-sub">{unit.name.clone()}</p>
    }
}

/// Finds the draft the diner left for this unit and kind, or starts one.
#[component]
pub(super) fn Drafted(unit: UnitName, kind: WriteKind) -> impl IntoView {
    let (code, name) = (unit.code, unit.name);
    let draft = LocalResource::new(move || {
        let (code, name) = (code.clone(), name.clone());
        async move { outbox::unfinished(&code, kind).await.unwrap_or_else(|| Draft::new(&code, &name, kind, Written::new(local_now()))) }
    });
    move || draft.get().map(|draft| view! { <DraftForm draft/> })
}

fn kind_title(lang: Lang, kind: WriteKind) -> &'static str {
    let t = lang.t();
    match kind {
        WriteKind::Review => t.act_review,
        WriteKind::Message => t.act_message,
        WriteKind::Report => t.act_report,
        WriteKind::Survey => lang.survey_form().title,
    }
}

/// Now, as `datetime-local` writes it: `2026-11-29T12:30`.
fn local_now() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// The form's fields as signals; one set serves every kind.
#[derive(Clone, Copy)]
struct Fields {
    text: RwSignal<String>,
    smiley: RwSignal<Option<Smiley>>,
    category: RwSignal<ReportCategory>,
    happened_at: RwSignal<String>,
    named: RwSignal<bool>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    website: RwSignal<String>,
    scores: RwSignal<[u8; 5]>,
    photos: Picked,
}

impl Fields {
    fn new(w: &Written) -> Fields {
        Fields {
            text: RwSignal::new(w.text.clone()),
            smiley: RwSignal::new(w.smiley),
            category: RwSignal::new(w.category),
            happened_at: RwSignal::new(w.happened_at.clone()),
            named: RwSignal::new(w.named),
            name: RwSignal::new(w.name.clone()),
            phone: RwSignal::new(w.phone.clone()),
            website: RwSignal::new(w.website.clone()),
            scores: RwSignal::new(w.scores),
            photos: RwSignal::new_local(Vec::new()),
        }
    }

    fn written(&self) -> Written {
        Written {
            text: self.text.get_untracked(),
            smiley: self.smiley.get_untracked(),
            category: self.category.get_untracked(),
            happened_at: self.happened_at.get_untracked(),
            named: self.named.get_untracked(),
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            website: self.website.get_untracked(),
            scores: self.scores.get_untracked(),
        }
    }
}

/// The form itself, bound to a draft that is saved on every change; after sending, the sending screen.
#[component]
fn DraftForm(draft: Draft) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let t = lang.t();
    let kind = draft.kind;
    let fields = Fields::new(&draft.written);
    fields.photos.set(draft.photos.iter().filter_map(|b| Some((b.clone(), photos::preview_url(b)?))).collect());
    let draft = StoredValue::new_local(draft);
    // A draft already queued is followed, not offered again as a form.
    let sent_key = RwSignal::new(draft.with_value(|d| d.queued.then(|| d.key.clone())));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(0u32);

    // Keep the draft on the device at every change: IndexedDB writes are cheap, and a timer to batch
    // them could fire after the diner has left the page.
    let save = move || {
        let mut d = draft.get_value();
        d.written = fields.written();
        let picked: Vec<web_sys::Blob> = fields.photos.with_untracked(|p| p.iter().map(|(b, _)| b.clone()).collect());
        if picked != d.photos {
            // Other photos: upload them all again when sent.
            d.photo_ids.clear();
        }
        d.photos = picked;
        draft.set_value(d.clone());
        spawn_local(async move {
            let _ = outbox::save(&d).await;
        });
    };
    let changed = move || {
        // Once the diner has been told what is wrong, the messages follow the corrections.
        if errors.with_untracked(|e| !e.is_empty()) {
            errors.set(problems(lang, &fields.written(), kind, fields.photos.with_untracked(Vec::len)));
        }
        save();
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = problems(lang, &fields.written(), kind, fields.photos.with_untracked(Vec::len));
        if !found.is_empty() {
            errors.set(found);
            focus_first_error();
            return;
        }
        errors.set(vec![]);
        save();
        let d = draft.get_value();
        spawn_local(async move {
            let key = d.key.clone();
            if outbox::send(d).await.is_ok() {
                sent_key.try_set(Some(key));
            } else {
                errors.try_set(vec![(Field::Text, t.save_failed.to_owned())]);
            }
        });
    };
    // Back to the form after the server refused the draft as it was.
    let edit_again = Callback::new(move |()| sent_key.set(None));

    let sf = lang.survey_form();
    let (text_label, text_hint) = match kind {
        WriteKind::Review => (t.review_text_label, t.review_text_hint),
        WriteKind::Message => (t.message_text_label, t.message_text_hint),
        WriteKind::Report => (t.report_text_label, t.report_text_hint),
        WriteKind::Survey => (sf.text_label, sf.text_hint),
    };
    let survey = kind == WriteKind::Survey;
    let max_chars = text_chars(kind).1;

    // The fields start from the draft and are not redrawn from the signals: the browser keeps what is
    // typed (uncontrolled inputs cost the app far less than reactive ones).
    let form = move || {
        view! {
            <form class="card write-form" novalidate on:submit=on_submit on:input=move |_| changed() on:change=move |ev| {
                pick_score(&ev, fields.scores);
                changed()
            }>
                {(kind == WriteKind::Report).then(|| view! {
                    <p class="note-box">{t.report_vs_complaint}" "<a href="tel:12315">{t.hotline_12315}</a></p>
                    <div class="field">
                        <label for="category">{t.report_category}</label>
                        <select id="category" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(c) = ReportCategory::ALL.into_iter().find(|c| c.as_str() == v) { fields.category.set(c) }
                        }>
                            {ReportCategory::ALL.into_iter().map(|c| view! {
                                <option value=c.as_str() selected=fields.category.get_untracked() == c>{t.report_category_name(c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {(kind == WriteKind::Review).then(|| view! {
                    <fieldset class="field">
                        <legend>{t.review_smiley_label}</legend>
                        <div class="smiley-choice">
                            {Smiley::ALL.into_iter().map(|s| view! {
                                <label class="chip-choice">
                                    <input type="radio" name="smiley" prop:checked=fields.smiley.get_untracked() == Some(s) on:change=move |_| fields.smiley.set(Some(s))/>
                                    <span>{t.smiley(s)}</span>
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                })}
                // The scales as HTML, their choices caught by the form's `change`: 25 radios as Leptos
                // views would cost the app kilobytes.
                {survey.then(|| view! {
                    <div class="field">
                        <div inner_html=score_scales(lang, &fields.scores.get_untracked())></div>
                        {field_error(errors, Field::Scores)}
                    </div>
                })}
                <div class="field">
                    <label for="text">{text_label}</label>
                    <textarea id="text" rows="5" maxlength=max_chars aria-describedby="text-hint"
                        prop:value=fields.text.get_untracked() on:input=move |ev| fields.text.set(event_target_value(&ev))></textarea>
                    <span class="hint" id="text-hint">{text_hint}" · "{move || fill(t.chars_count, fields.text.with(|s| counted_chars(s)))}"/"{max_chars}</span>
                    {field_error(errors, Field::Text)}
                </div>
                {(kind == WriteKind::Report).then(|| view! {
                    <div class="field">
                        <label for="when">{t.happened_at}</label>
                        <input id="when" type="datetime-local" prop:value=fields.happened_at.get_untracked() on:input=move |ev| fields.happened_at.set(event_target_value(&ev))/>
                        {field_error(errors, Field::Time)}
                    </div>
                })}
                {(!survey).then(|| view! { <PhotoPicker picked=fields.photos busy errors on_change=save/> })}
                {(kind == WriteKind::Message).then(|| view! {
                    <div class="field">
                        <label for="phone">{t.callback_label}</label>
                        <input id="phone" type="tel" inputmode="tel" autocomplete="tel" aria-describedby="phone-hint"
                            prop:value=fields.phone.get_untracked() on:input=move |ev| fields.phone.set(event_target_value(&ev))/>
                        <span class="hint" id="phone-hint">{t.callback_hint}</span>
                        {field_error(errors, Field::Phone)}
                    </div>
                })}
                {(kind == WriteKind::Report).then(|| view! {
                    <ReporterFields named=fields.named name=fields.name phone=fields.phone errors/>
                })}
                // People never see this field; programs fill it in.
                <div class="trap" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" type="text" tabindex="-1" autocomplete="off" prop:value=fields.website.get_untracked() on:input=move |ev| fields.website.set(event_target_value(&ev))/>
                </div>
                <button type="submit" disabled=move || { busy.get() > 0 }>{t.send}</button>
                <p class="hint">{t.kept_on_device}</p>
                // An answer the server refused may be dropped rather than put right.
                {survey.then(|| view! {
                    <button type="button" class="button-quiet" on:click=move |_| {
                        let (key, unit) = draft.with_value(|d| (d.key.clone(), d.unit.clone()));
                        spawn_local(async move {
                            let _ = outbox::discard(&key).await;
                            let _ = window().location().set_href(&format!("/u/{}/survey", api::enc(&unit)));
                        });
                    }>{sf.discard}</button>
                })}
            </form>
        }
    };
    move || match sent_key.get() {
        Some(key) => view! { <Sending key on_edit=edit_again/> }.into_any(),
        None => form().into_any(),
    }
}

/// Moves the focus to the first field the form complains about.
fn focus_first_error() {
    request_animation_frame(|| {
        let field = document().query_selector(".field-error").ok().flatten().and_then(|e| e.closest(".field").ok().flatten());
        if let Some(input) = field.and_then(|f| f.query_selector("textarea, input, select").ok().flatten()) {
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    });
}
