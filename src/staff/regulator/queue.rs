//! `/regulator`: the region's reports, filtered by status and category. On a phone a column of cards,
//! each opening its report's page; at a desk a table, sortable, with the chosen report open beside it.

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::{Queue, QueueItem, ReportCategory};

use super::report::ReportPage;
use super::{countdown, status_tone};
use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::api;
use crate::staff::desk::{self, chosen, current};
use crate::staff::sorting::{self, QueueColumn, Sort, STATUSES};
use crate::staff::words::words;

#[component]
pub fn QueuePage(desk: bool) -> impl IntoView {
    let lang = use_lang();
    let status = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let queue = LocalResource::new(move || {
        let (s, c) = (status.get(), category.get());
        async move { api::queue(&s, &c).await }
    });
    let filters = move || {
        let lang = lang.get();
        let (t, w) = (lang.t(), words(lang));
        view! {
            <div class="filters">
                <label class="field">
                    <span>{w.filter_status}</span>
                    <select name="status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="" selected=move || status.get().is_empty()>{w.all}</option>
                        {STATUSES.map(|s| view! { <option value=s.as_str() selected=move || status.get() == s.as_str()>{t.report_status(s)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{w.filter_category}</span>
                    <select name="category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="" selected=move || category.get().is_empty()>{w.all}</option>
                        {ReportCategory::ALL.map(|c| view! { <option value=c.as_str() selected=move || category.get() == c.as_str()>{t.report_category_name(c)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
        }
    };
    let heading = move || view! { <h1 class="page-h">{move || words(lang.get()).reports_h}</h1> };
    if !desk {
        return view! {
            {heading}
            {filters}
            {loaded(queue, &[96, 96, 96], move || queue.refetch(), move |queue| view! { <QueueList queue/> }.into_any())}
        }
        .into_any();
    }
    let sort = RwSignal::new(Sort::ascending(QueueColumn::Due));
    let open = chosen("/regulator/reports/");
    // A report handled beside the list moves on in the list too.
    let changed = Callback::new(move |()| queue.refetch());
    let w = words(lang.get_untracked());
    let list = view! {
        {filters}
        {loaded(queue, &[40, 320], move || queue.refetch(), move |queue| view! { <QueueTable queue sort open/> }.into_any())}
    };
    let detail = move || match open.get() {
        Some(ticket) => view! { <ReportPage ticket changed/> }.into_any(),
        None => {
            let w = words(lang.get());
            crate::components::set_title(w.reports_h);
            desk::note(w.choose_report)
        }
    };
    view! { {heading} {desk::frame(w.reports_h, list, w.report_detail, detail)} }.into_any()
}

#[component]
fn QueueList(queue: Queue) -> impl IntoView {
    let lang = use_lang().get_untracked();
    crate::components::set_title(words(lang).reports_h);
    if queue.items.is_empty() {
        return view! { <p class="empty">{words(lang).queue_empty}</p> }.into_any();
    }
    view! { <ul class="staff-list">{queue.items.into_iter().map(|item| queue_card(lang, item)).collect_view()}</ul> }.into_any()
}

fn queue_card(lang: Lang, item: QueueItem) -> impl IntoView {
    let (t, w) = (lang.t(), words(lang));
    let due = countdown(w, item.days_left, false);
    let mut meta = vec![format!("{} {}", w.filed, lang.date(item.filed_on))];
    if item.photo_count > 0 {
        meta.push(fill(w.photos_n, item.photo_count));
    }
    if item.anonymous {
        meta.push(w.anonymous.to_owned());
    }
    view! {
        <li>
            <a class="card queue-item" href=format!("/regulator/reports/{}", item.ticket)>
                <span class="row-head">
                    <span class=format!("badge {}", status_tone(item.status))>{t.report_status(item.status)}</span>
                    <strong>{t.report_category_name(item.category)}</strong>
                </span>
                <span class="result-name">{item.unit_name.clone()}</span>
                <span class="hint mono">{item.ticket.clone()}" · "{meta.join(" · ")}</span>
                {due.map(|(text, tone)| view! { <span class=format!("due {tone}")>{text}</span> })}
            </a>
        </li>
    }
}

/// The queue at a desk: one row per report, in the order chosen by the headers.
#[component]
fn QueueTable(queue: Queue, sort: RwSignal<Sort<QueueColumn>>, open: Memo<Option<String>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    if queue.items.is_empty() {
        return view! { <p class="empty">{w.queue_empty}</p> }.into_any();
    }
    let count = queue.items.len();
    let items = StoredValue::new(queue.items);
    let rows = move || {
        let mut items = items.get_value();
        sorting::sort(&mut items, sort.get(), |i| i);
        items.into_iter().map(|item| queue_row(lang, item, open)).collect_view()
    };
    let columns = vec![
        (w.col_unit, Some(QueueColumn::Unit)),
        (w.filter_category, Some(QueueColumn::Category)),
        (w.filter_status, Some(QueueColumn::Status)),
        (w.filed, Some(QueueColumn::Filed)),
        (w.col_due, Some(QueueColumn::Due)),
    ];
    desk::table(fill(w.reports_n, count), columns, sort, rows).into_any()
}

fn queue_row(lang: Lang, item: QueueItem, open: Memo<Option<String>>) -> impl IntoView {
    let (t, w) = (lang.t(), words(lang));
    let (due, class) = match countdown(w, item.days_left, true) {
        Some((text, tone)) => (text, format!("nowrap due {tone}")),
        None => (w.decided.to_owned(), "nowrap hint".to_owned()),
    };
    view! {
        <tr data-ticket=item.ticket.clone()>
            <td class="cell-main">
                <a class="row-link" href=format!("/regulator/reports/{}", item.ticket) data-keep-scroll="" aria-current=current(open, item.ticket.clone())>
                    {item.unit_name}
                </a>
            </td>
            <td class="nowrap">{t.report_category_name(item.category)}</td>
            <td><span class=format!("badge {}", status_tone(item.status))>{t.report_status(item.status)}</span></td>
            <td class="nowrap">{lang.date(item.filed_on)}</td>
            <td class=class>{due}</td>
        </tr>
    }
}
