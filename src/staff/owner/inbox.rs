//! `/owner`: the 直通老板 messages, newest first, unread marked, each answered in place. At a desk a
//! table, sortable, with the chosen message open beside it (`/owner/messages/{ticket}`).

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::markup::{local_time, photo_strip};
use mingchu_types::{Inbox, InboxMessage, MessageStatus, PhotoRef};

use crate::components::feedback::loaded;
use crate::i18n::use_lang;
use crate::staff::desk::{self, chosen, current};
use crate::staff::forms::{Save, TextForm};
use crate::staff::sorting::{self, MessageColumn, Sort};
use crate::staff::words::{words, Words};
use crate::staff::{api, say};

/// A message as the page holds it: what the server sent, where it stands now, the answer so far
/// (text, and when the server had it) and the answer being typed (kept while another message is open
/// beside the list).
#[derive(Clone)]
struct Entry {
    message: InboxMessage,
    status: RwSignal<MessageStatus>,
    answer: RwSignal<Option<(String, Option<String>)>>,
    draft: RwSignal<String>,
}

impl Entry {
    fn new(message: InboxMessage) -> Entry {
        let answer = message.reply.as_ref().map(|r| (r.text.clone(), Some(r.at.clone())));
        let draft = answer.as_ref().map(|(text, _)| text.clone()).unwrap_or_default();
        Entry { status: RwSignal::new(message.status), answer: RwSignal::new(answer), draft: RwSignal::new(draft), message }
    }
}

/// Photos by their stored ids, as thumbnails that open full size.
fn photos_html(lang: Lang, ids: &[String]) -> String {
    // A message's photos are never public: the staff address, where the session cookie goes.
    let urls: Vec<(String, String)> = ids.iter().map(|p| PhotoRef::staff(p)).map(|p| (p.url, p.thumb_url)).collect();
    let mut h = String::new();
    photo_strip(&mut h, lang, urls.iter().map(|(u, t)| (u.as_str(), t.as_str())));
    h
}

/// A message's status as a badge.
fn badge(w: &'static Words, lang: Lang, status: RwSignal<MessageStatus>) -> impl IntoView {
    move || {
        let (tone, label) = match status.get() {
            MessageStatus::Sent => ("tone-warning", w.unread),
            MessageStatus::Read => ("tone-none", lang.t().message_status(MessageStatus::Read)),
            MessageStatus::Replied => ("tone-good", lang.t().message_status(MessageStatus::Replied)),
        };
        view! { <span class=format!("badge {tone}")>{label}</span> }
    }
}

#[component]
pub fn InboxPage(desk: bool) -> impl IntoView {
    let inbox = LocalResource::new(api::inbox);
    let sort = RwSignal::new(Sort::descending(MessageColumn::Sent));
    loaded(inbox, &[44, 160, 160], move || inbox.refetch(), move |inbox| view! { <InboxList inbox desk sort/> }.into_any())
}

#[component]
fn InboxList(inbox: Inbox, desk: bool, sort: RwSignal<Sort<MessageColumn>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    crate::components::set_title(w.inbox_h);
    // Counted down here as messages are read or answered: the list itself is never redrawn.
    let unread = RwSignal::new(inbox.unread);
    let entries: Vec<Entry> = inbox.items.into_iter().map(Entry::new).collect();
    let empty = entries.is_empty();
    let list = if desk && !empty {
        view! { <InboxDesk entries unread sort/> }.into_any()
    } else {
        view! { <ul class="staff-list">{entries.into_iter().map(|entry| view! { <MessageItem entry unread/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <h1 class="page-h">
            {w.inbox_h}" "
            {move || (unread.get() > 0).then(|| view! { <span class="badge tone-warning">{format!("{} {}", unread.get(), w.unread)}</span> })}
        </h1>
        <p class="hint">{w.answer_note}</p>
        {empty.then(|| view! { <p class="empty">{w.inbox_empty}</p> })}
        {list}
    }
}

/// The inbox at a desk: the messages as a table, the chosen one beside it.
#[component]
fn InboxDesk(entries: Vec<Entry>, unread: RwSignal<u32>, sort: RwSignal<Sort<MessageColumn>>) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let open = chosen("/owner/messages/");
    let count = entries.len();
    let entries = StoredValue::new(entries);
    let rows = move || {
        let mut rows = entries.get_value();
        sorting::sort(&mut rows, sort.get(), |e| &e.message);
        rows.into_iter().map(|entry| message_row(lang, entry, open)).collect_view()
    };
    let columns =
        vec![(w.filter_status, Some(MessageColumn::Status)), (w.col_message, None), (w.callback_h, None), (w.col_sent, Some(MessageColumn::Sent))];
    let table = desk::table(fill(w.messages_n, count), columns, sort, rows);
    let detail = move || {
        let Some(ticket) = open.get() else { return desk::note(w.choose_message) };
        match entries.with_value(|all| all.iter().find(|e| e.message.ticket == ticket).cloned()) {
            Some(entry) => view! { <MessageItem entry unread beside=true/> }.into_any(),
            None => desk::note(w.not_in_list),
        }
    };
    desk::frame(w.inbox_h, table, w.message_detail, detail)
}

fn message_row(lang: Lang, entry: Entry, open: Memo<Option<String>>) -> impl IntoView {
    let w = words(lang);
    let m = entry.message;
    view! {
        <tr data-ticket=m.ticket.clone()>
            <td class="nowrap">{badge(w, lang, entry.status)}</td>
            <td class="cell-main cell-text">
                <a class="row-link" href=format!("/owner/messages/{}", m.ticket) data-keep-scroll="" aria-current=current(open, m.ticket.clone())>{m.text}</a>
            </td>
            <td class="nowrap">
                {match m.callback_phone {
                    Some(phone) => view! { <span class="mono">{phone}</span> }.into_any(),
                    None => view! { <span class="hint">{w.no_callback}</span> }.into_any(),
                }}
            </td>
            <td class="nowrap">{local_time(lang, &m.sent_at)}</td>
        </tr>
    }
}

/// One message, in the phone's list or `beside` the desk's table: its status, text, photos and
/// call-back number, the answer so far, and the form.
#[component]
fn MessageItem(entry: Entry, unread: RwSignal<u32>, #[prop(optional)] beside: bool) -> impl IntoView {
    let Entry { message, status, answer, draft } = entry;
    let lang = use_lang().get_untracked();
    let w = words(lang);
    let error = RwSignal::new(None::<String>);
    // Moves the status on, and the unread count with it.
    let moved = move |to: MessageStatus| {
        if status.get_untracked() == MessageStatus::Sent {
            unread.update(|n| *n = n.saturating_sub(1));
        }
        status.set(to);
    };
    let ticket = StoredValue::new(message.ticket.clone());
    let mark = Action::new_local(move |_: &()| async move {
        match api::mark_read(&ticket.get_value()).await {
            Ok(()) => moved(MessageStatus::Read),
            Err(e) => error.set(Some(say(e, lang))),
        }
    });
    let button = if message.reply.is_some() { w.edit_answer } else { w.send_answer };
    let callback = match message.callback_phone.clone() {
        Some(phone) => {
            let tel = format!("tel:{}", phone.replace(' ', ""));
            view! { {w.callback}<a href=tel>{phone}</a> }.into_any()
        }
        None => view! { <span class="hint">{w.no_callback}</span> }.into_any(),
    };
    let body = view! {
        <p class="row-head">
            {badge(w, lang, status)}
            <span class="mono">{message.ticket.clone()}</span>
            <span class="hint">{local_time(lang, &message.sent_at)}</span>
        </p>
        <p class="review-text">{message.text.clone()}</p>
        {(!message.photos.is_empty()).then(|| view! { <div inner_html=photos_html(lang, &message.photos)></div> })}
        <p>{callback}</p>
        {move || answer.get().map(|(text, at)| view! {
            <div class="reply">
                <p class="reply-h">{w.your_answer}{at.map(|at| format!(" · {}", local_time(lang, &at)))}</p>
                <p class="review-text">{text}</p>
            </div>
        })}
        {move || (status.get() == MessageStatus::Sent).then(|| view! {
            <button type="button" class="button-quiet" on:click=move |_| { mark.dispatch(()); }>{w.mark_read}</button>
        })}
        <p class="field-error" role="alert">{move || error.get()}</p>
        <TextForm to=Save::Answer(message.ticket.clone()) label=w.answer_label button text=draft done=move |text: String| {
            answer.set(Some((text, None)));
            moved(MessageStatus::Replied);
        }/>
    };
    let ticket = message.ticket;
    if beside {
        view! { <article class="card stack staff-item" data-ticket=ticket>{body}</article> }.into_any()
    } else {
        view! { <li class="card stack staff-item" data-ticket=ticket>{body}</li> }.into_any()
    }
}
