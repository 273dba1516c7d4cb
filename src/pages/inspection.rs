use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::{Inspection, InspectionSheet, ItemProblem};

use super::{not_found::NotFound, set_title};
use crate::api;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::i18n::use_lang;

/// `/u/{code}/inspections/{id}`: the whole 监督检查结果记录表, as the operator must post it.
#[component]
pub fn InspectionSheetPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let ids = Memo::new(move |_| params.with(|p| (p.get("code").unwrap_or_default(), p.get("id").unwrap_or_default())));
    let sheet = LocalResource::new(move || {
        let (code, id) = ids.get();
        async move { api::inspection(&code, &id).await }
    });
    view! {
        <a class="back" href=move || format!("/u/{}/inspections", ids.get().0)>{move || lang.get().t().all_inspections}</a>
        <Suspense fallback=|| view! { <Skeleton blocks=&[120, 320, 160]/> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(sheet) => {
                        set_title(&format!("{} · {}", lang.get_untracked().t().sheet_title, sheet.header.name));
                        view! { <Sheet sheet/> }.into_any()
                    }
                    Err(e) if e.is_not_found() => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e on_retry=move |_| sheet.refetch()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheet(sheet: InspectionSheet) -> impl IntoView {
    let lang = use_lang();
    let InspectionSheet { header, inspection } = sheet;
    let i = StoredValue::new(inspection);
    let header = StoredValue::new(header);
    move || {
        let lang = lang.get();
        let t = lang.t();
        let h = header.get_value();
        let i = i.get_value();
        let optional = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
        view! {
            <section class="card" aria-labelledby="sheet-h">
                <div class="sheet-h">
                    <h1 class="page-h" id="sheet-h">{t.sheet_title}</h1>
                    <p class="sheet-sub">{format!("{} {}", t.sheet_no, i.sheet_no)}</p>
                    <p class="sheet-sub">{fill(t.nth_this_year, i.nth_this_year)}</p>
                </div>
                <p class="badges">
                    <span class=format!("badge {}", i.result.tone().class())>{format!("{}：{}", t.result, t.result(i.result))}</span>
                    <span class=format!("badge {}", i.outcome.tone().class())>{format!("{}：{}", t.outcome, t.outcome(i.outcome))}</span>
                </p>
                <dl class="fields">
                    <Field label=t.name value=h.name.clone()/>
                    <Field label=t.address value=h.address.clone()/>
                    <Field label=t.contact value=optional(&h.contact)/>
                    <Field label=t.contact_phone value=optional(&h.contact_phone)/>
                    <Field label=t.licence_number value=optional(&h.licence_number)/>
                    <Field label=t.inspection_date value=lang.date(i.date)/>
                    <Field label=t.inspection_kind value=t.inspection_kind(i.kind).to_owned()/>
                    <Field label=t.inspectors value=i.inspectors.join("、")/>
                    <Field label=t.items_checked value=fill(t.items_checked_value, i.items_checked)/>
                    {fix_rows(lang, &i)}
                    <Field label=t.notes value=optional(&i.notes)/>
                    <Field label=t.operator_comments value=optional(&i.operator_comments)/>
                </dl>
            </section>
            <ProblemList title=t.key_items checked=i.key_items_checked problems=i.key_problems.clone()/>
            <ProblemList title=t.general_items checked=i.items_checked.saturating_sub(i.key_items_checked) problems=i.general_problems.clone()/>
        }
    }
}

/// Deadline and re-check rows, only for a written order to fix.
fn fix_rows(lang: Lang, i: &Inspection) -> Option<impl IntoView> {
    let t = lang.t();
    let deadline = i.fix_deadline?;
    let verified = match i.fix_verified_on {
        Some(day) => lang.date(day),
        None => t.fix_not_verified.to_owned(),
    };
    Some(view! {
        <Field label=t.fix_deadline value=lang.date(deadline)/>
        <Field label=t.fix_verified_on value=verified/>
    })
}

#[component]
fn Field(label: &'static str, value: String) -> impl IntoView {
    view! { <div><dt>{label}</dt><dd>{value}</dd></div> }
}

/// Key or general items: how many were checked, and each problem with its item number.
#[component]
fn ProblemList(title: &'static str, checked: u32, problems: Vec<ItemProblem>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.get_untracked().t();
    let summary = if problems.is_empty() { t.problems_none.to_owned() } else { fill(t.problems_count, problems.len()) };
    view! {
        <section class="card">
            <h2 class="card-h">{format!("{title} · {} · {summary}", fill(t.items_checked_value, checked))}</h2>
            {(!problems.is_empty()).then(|| view! {
                <ul class="problems">
                    {problems.into_iter().map(|p| view! {
                        <li><span class="item-no">{p.item_no}</span><span>{p.description}</span></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
