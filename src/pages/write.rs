//! `/u/{code}/write/{review|message|report}`: one form for the three things a diner can write.
//!
//! The form is a draft in the outbox from the moment it opens: every change is kept on the device, so
//! a reload, a dropped network or a closed WeChat window loses nothing. Sending queues the draft; the
//! screen then follows it until the server has it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::{MessageProblem, ReportCategory, ReportProblem, ReviewProblem, Smiley, MAX_PHOTOS};
use wasm_bindgen::JsCast;

use super::set_title;
use crate::api::{self, UnitName};
use crate::components::feedback::loaded;
use crate::components::sending::Sending;
use crate::i18n::use_lang;
use crate::outbox::{self, Body, Draft, Written};
use crate::photos;
use crate::router::WriteKind;

/// The page: the unit (for its name), then the diner's draft for it.
#[component]
pub fn WritePage(code: String, kind: WriteKind) -> impl IntoView {
    let code = StoredValue::new(code);
    let unit = LocalResource::new(move || {
        let code = code.get_value();
        async move { api::unit_name(&code).await }
    });
    loaded(unit, &[44, 120, 160, 48], move || unit.refetch(), move |unit| view! { <Drafted unit kind/> }.into_any())
}

/// Finds the draft the diner left for this unit and kind, or starts one.
#[component]
fn Drafted(unit: UnitName, kind: WriteKind) -> impl IntoView {
    let (code, name) = (unit.code.clone(), unit.name.clone());
    let draft = LocalResource::new(move || {
        let (code, name) = (code.clone(), name.clone());
        async move { outbox::unfinished(&code, kind).await.unwrap_or_else(|| Draft::new(&code, &name, kind, Written::new(local_now()))) }
    });
    let lang = use_lang().get_untracked();
    let t = lang.t();
    set_title(&format!("{} · {}", kind_title(lang, kind), unit.name));
    view! {
        <a class="back" href=format!("/u/{}", unit.code)>{t.back_to_unit}</a>
        <h1 class="page-h">{kind_title(lang, kind)}</h1>
        <p class="sheet-sub">{unit.name}</p>
        {move || draft.get().map(|draft| view! { <DraftForm draft/> })}
    }
}

fn kind_title(lang: Lang, kind: WriteKind) -> &'static str {
    let t = lang.t();
    match kind {
        WriteKind::Review => t.act_review,
        WriteKind::Message => t.act_message,
        WriteKind::Report => t.act_report,
    }
}

/// Now, as `datetime-local` writes it: `2026-11-29T12:30`.
fn local_now() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// A field the form can point at when something is wrong with it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Text,
    Time,
    Photos,
    Name,
    Phone,
}

/// The form's fields as signals; one set serves all three kinds.
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
    /// Shrunk photos and their preview addresses.
    photos: RwSignal<Vec<(web_sys::Blob, String)>, LocalStorage>,
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
        }
    }
}

/// What is wrong, field by field, by the same rules the server applies (they live in the types crate).
/// The photo count is checked with the photos the diner picked (their ids come only when sent).
fn problems(lang: Lang, body: &Body, photo_count: usize) -> Vec<(Field, String)> {
    let t = lang.t();
    let too_short = |min: usize| fill(t.text_too_short, min);
    let too_long = |max: usize| fill(t.text_too_long, max);
    let mut found = match body {
        Body::Review(r) => r
            .problems()
            .into_iter()
            .map(|p| match p {
                ReviewProblem::TextTooShort => (Field::Text, too_short(mingchu_types::REVIEW_TEXT_CHARS.0)),
                ReviewProblem::TextTooLong => (Field::Text, too_long(mingchu_types::REVIEW_TEXT_CHARS.1)),
                ReviewProblem::TooManyPhotos => (Field::Photos, t.too_many_photos.to_owned()),
            })
            .collect::<Vec<_>>(),
        Body::Message(m) => m
            .problems()
            .into_iter()
            .map(|p| match p {
                MessageProblem::TextTooShort => (Field::Text, too_short(mingchu_types::MESSAGE_TEXT_CHARS.0)),
                MessageProblem::TextTooLong => (Field::Text, too_long(mingchu_types::MESSAGE_TEXT_CHARS.1)),
                MessageProblem::TooManyPhotos => (Field::Photos, t.too_many_photos.to_owned()),
                MessageProblem::PhoneInvalid => (Field::Phone, t.phone_invalid.to_owned()),
            })
            .collect(),
        Body::Report(r) => r
            .problems()
            .into_iter()
            .map(|p| match p {
                ReportProblem::DescriptionTooShort => (Field::Text, too_short(mingchu_types::REPORT_TEXT_CHARS.0)),
                ReportProblem::DescriptionTooLong => (Field::Text, too_long(mingchu_types::REPORT_TEXT_CHARS.1)),
                ReportProblem::BadTime => (Field::Time, t.time_invalid.to_owned()),
                ReportProblem::TooManyPhotos => (Field::Photos, t.too_many_photos.to_owned()),
                ReportProblem::NameMissing => (Field::Name, t.name_missing.to_owned()),
                ReportProblem::NameTooLong => (Field::Name, fill(t.name_too_long, mingchu_types::NAME_MAX_CHARS)),
                ReportProblem::PhoneInvalid => (Field::Phone, t.phone_invalid.to_owned()),
            })
            .collect(),
    };
    if photo_count > MAX_PHOTOS {
        found.push((Field::Photos, t.too_many_photos.to_owned()));
    }
    found
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
    let errors = RwSignal::new(Vec::<(Field, String)>::new());
    let busy = RwSignal::new(0u32);
    let photo_note = RwSignal::new(None::<&'static str>);

    // Keep the draft on the device at every change: IndexedDB writes are cheap, and a timer to batch
    // them could fire after the diner has left the page.
    let save = move || {
        let mut d = draft.get_value();
        d.written = fields.written();
        let picked: Vec<web_sys::Blob> = fields.photos.with_untracked(|p| p.iter().map(|(b, _)| b.clone()).collect());
        if picked.len() != d.photos.len() || picked.iter().zip(&d.photos).any(|(a, b)| a != b) {
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
            errors.set(problems(lang, &fields.written().body(kind), fields.photos.with_untracked(Vec::len)));
        }
        save();
    };

    let on_photos = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files: Vec<web_sys::File> = input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default();
        input.set_value("");
        let room = MAX_PHOTOS.saturating_sub(fields.photos.with_untracked(Vec::len));
        photo_note.set((files.len() > room).then_some(t.too_many_photos));
        for file in files.into_iter().take(room) {
            busy.update(|n| *n += 1);
            // The diner may leave while a photo shrinks: then the form is gone, and so is the photo.
            spawn_local(async move {
                match photos::shrink(&file).await {
                    Ok(blob) => {
                        if let Some(url) = photos::preview_url(&blob) {
                            if fields.photos.try_update(|p| p.push((blob, url))).is_some() {
                                save();
                            }
                        }
                    }
                    Err(photos::PrepError::NotAnImage) => _ = photo_note.try_set(Some(t.photo_not_image)),
                    Err(photos::PrepError::Failed) => _ = photo_note.try_set(Some(t.photo_failed)),
                }
                busy.try_update(|n| *n -= 1);
            });
        }
    };
    let remove_photo = move |i: usize| {
        fields.photos.update(|p| {
            if i < p.len() {
                photos::revoke(&p.remove(i).1);
            }
        });
        save();
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = fields.written().body(kind);
        let found = problems(lang, &body, fields.photos.with_untracked(Vec::len));
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

    let error_for = move |field: Field| {
        move || errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| view! { <span class="field-error" role="alert">{m.clone()}</span> }))
    };
    let (text_label, text_hint, max_chars) = match kind {
        WriteKind::Review => (t.review_text_label, t.review_text_hint, mingchu_types::REVIEW_TEXT_CHARS.1),
        WriteKind::Message => (t.message_text_label, t.message_text_hint, mingchu_types::MESSAGE_TEXT_CHARS.1),
        WriteKind::Report => (t.report_text_label, t.report_text_hint, mingchu_types::REPORT_TEXT_CHARS.1),
    };

    // The fields start from the draft and are not redrawn from the signals: the browser keeps what is
    // typed (uncontrolled inputs cost the app far less than reactive ones).
    let form = move || {
        view! {
            <form class="card write-form" novalidate on:submit=on_submit on:input=move |_| changed() on:change=move |_| changed()>
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
                <div class="field">
                    <label for="text">{text_label}</label>
                    <textarea id="text" rows="5" maxlength=max_chars aria-describedby="text-hint"
                        prop:value=fields.text.get_untracked() on:input=move |ev| fields.text.set(event_target_value(&ev))></textarea>
                    <span class="hint" id="text-hint">{text_hint}" · "{move || fill(t.chars_count, fields.text.with(|s| s.trim().chars().count()))}"/"{max_chars}</span>
                    {error_for(Field::Text)}
                </div>
                {(kind == WriteKind::Report).then(|| view! {
                    <div class="field">
                        <label for="when">{t.happened_at}</label>
                        <input id="when" type="datetime-local" prop:value=fields.happened_at.get_untracked() on:input=move |ev| fields.happened_at.set(event_target_value(&ev))/>
                        {error_for(Field::Time)}
                    </div>
                })}
                <div class="field">
                    <span class="label" id="photos-label">{fill(t.photos_label, MAX_PHOTOS)}</span>
                    <ul class="photo-picks" aria-labelledby="photos-label">
                        {move || fields.photos.with(|p| p.iter().enumerate().map(|(i, (_, url))| view! {
                            <li>
                                <img src=url.clone() alt=fill(t.photo_alt, i + 1) width="88" height="88"/>
                                <button type="button" class="photo-remove" aria-label=fill(t.photo_remove, i + 1) on:click=move |_| remove_photo(i)>"×"</button>
                            </li>
                        }).collect_view())}
                    </ul>
                    {move || (fields.photos.with(Vec::len) < MAX_PHOTOS).then(|| view! {
                        <label class="button button-quiet photo-add">
                            <input class="visually-hidden" type="file" accept="image/*" multiple on:change=on_photos/>
                            {t.photo_add}
                        </label>
                    })}
                    {move || (busy.get() > 0).then(|| view! { <span class="hint" role="status">{t.photo_preparing}</span> })}
                    {move || photo_note.get().map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                    {error_for(Field::Photos)}
                </div>
                {(kind == WriteKind::Message).then(|| view! {
                    <div class="field">
                        <label for="phone">{t.callback_label}</label>
                        <input id="phone" type="tel" inputmode="tel" autocomplete="tel" aria-describedby="phone-hint"
                            prop:value=fields.phone.get_untracked() on:input=move |ev| fields.phone.set(event_target_value(&ev))/>
                        <span class="hint" id="phone-hint">{t.callback_hint}</span>
                        {error_for(Field::Phone)}
                    </div>
                })}
                {(kind == WriteKind::Report).then(|| view! {
                    <fieldset class="field">
                        <legend>{t.reporter}</legend>
                        <label class="chip-choice"><input type="radio" name="who" prop:checked=!fields.named.get_untracked() on:change=move |_| fields.named.set(false)/><span>{t.reporter_anonymous}</span></label>
                        <label class="chip-choice"><input type="radio" name="who" prop:checked=fields.named.get_untracked() on:change=move |_| fields.named.set(true)/><span>{t.reporter_named}</span></label>
                        <span class="hint">{t.reporter_privacy}</span>
                        {move || fields.named.get().then(|| view! {
                            <label for="name">{t.name}</label>
                            <input id="name" type="text" autocomplete="name" maxlength="40" prop:value=fields.name.get_untracked() on:input=move |ev| fields.name.set(event_target_value(&ev))/>
                            {error_for(Field::Name)}
                            <label for="phone">{t.contact_phone}</label>
                            <input id="phone" type="tel" inputmode="tel" autocomplete="tel" prop:value=fields.phone.get_untracked() on:input=move |ev| fields.phone.set(event_target_value(&ev))/>
                            {error_for(Field::Phone)}
                        })}
                    </fieldset>
                })}
                // People never see this field; programs fill it in.
                <div class="trap" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" type="text" tabindex="-1" autocomplete="off" prop:value=fields.website.get_untracked() on:input=move |ev| fields.website.set(event_target_value(&ev))/>
                </div>
                <button type="submit" disabled=move || { busy.get() > 0 }>{t.send}</button>
                <p class="hint">{t.kept_on_device}</p>
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
