//! The owners' and regulators' two apps and the frame they share: signing in, the session, the bar
//! with the account's pages and sign-out, the API client and the words, compiled into both.
//! - The staff app (`src/bin/staff.rs`, `staff.html`, built into `dist/staff/`, its pages chosen in
//!   `pages.rs`): the owner's inbox, review replies and QR placard, the regulator's report queue,
//!   moderation and placards.
//! - The kitchen app (`src/bin/kitchen.rs`, `kitchen.html`, `dist/kitchen/`, its pages and the owner's
//!   outbox in `kitchen/`): 今日后厨, the owner's checklist of today and roster, and the regulator's
//!   units that need attention today — apart, so that an owner in a kitchen with a weak signal loads
//!   only what the checklist needs.
//!
//! Links between the two are ordinary page loads (see `router::navigate`); diners never download a
//! byte of either.

pub mod api;
mod desk;
mod forms;
pub mod kitchen;
mod owner;
pub mod pages;
pub mod placard;
mod regulator;
mod sign_in;
pub mod sorting;
pub mod words;

use leptos::prelude::*;
use mingchu_types::i18n::{fill, Lang};
use mingchu_types::{Account, ErrorCode, Level, SessionView};

use crate::api::FetchError;
use crate::components::feedback::{ErrorPanel, Skeleton};
use crate::i18n::{provide_i18n, set_lang, use_lang};
use crate::router::{navigate, provide_router, use_path, AppKind};
use words::frame_words;

/// The pages of one of the two apps this frame serves (`pages::StaffPages`, `kitchen::KitchenPages`):
/// each binary mounts one, so neither carries the other's pages.
pub trait Pages: Clone + PartialEq + Send + Sync + 'static {
    /// Which app it is: the other's addresses are loaded as new pages.
    const APP: AppKind;
    /// The page at `path`, in a window at a desk or not.
    fn screen(path: &str, desk: bool) -> Self;
    /// The side whose account may see the page (and signs in for it).
    fn side(&self) -> Side;
    fn page(self) -> AnyView;
    /// Told whenever who is signed in changes: the owner's unit while an owner is.
    fn signed_in(_owner_unit: Option<String>, _lang: Lang) {}
}

/// Starts the app whose pages are `P`.
pub fn mount<P: Pages>() {
    leptos::mount::mount_to_body(frame::<P>);
    crate::api::remove_server_summary();
}

/// Which side of the house a page is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Owner,
    Regulator,
}

impl Side {
    /// The side an account is on.
    fn of(account: &Account) -> Side {
        match account {
            Account::Owner { .. } => Side::Owner,
            Account::Regulator { .. } => Side::Regulator,
        }
    }
}

/// The session as the app knows it: not yet asked (`None`), or the server's answer.
#[derive(Clone, Copy)]
pub struct SessionState(pub RwSignal<Option<Result<Option<SessionView>, FetchError>>>);

/// How many alerts wait for the signed-in owner (`None`: not an owner, or not known yet), shown in the
/// bar; the alerts page sets it too, as it answers them.
#[derive(Clone, Copy)]
pub struct WaitingAlerts(pub RwSignal<Option<u32>>);

/// Asks how many alerts wait (an owner is signed in) or forgets the count (nobody is, or a regulator).
/// Asked whenever who is signed in changes, and every minute while the page is in view, so that an
/// alert the kitchen's cameras raise shows in the bar without a reload.
fn ask_waiting_alerts(waiting: WaitingAlerts, owner: bool) {
    if !owner {
        waiting.0.set(None);
    } else if !document().hidden() {
        leptos::task::spawn_local(async move {
            if let Ok(n) = api::alerts_waiting().await {
                waiting.0.set(Some(n));
            }
        });
    }
}

/// Asks the server who is signed in (again).
fn load_session(state: SessionState) {
    state.0.set(None);
    leptos::task::spawn_local(async move { state.0.set(Some(api::session().await)) });
}

/// What an error means to staff, in their language.
pub fn say(error: FetchError, lang: Lang) -> String {
    match error {
        FetchError::Api(code) => frame_words(lang).error(code).map_or_else(|| error.message(lang), str::to_owned),
        _ => error.message(lang),
    }
}

/// The frame: a bar with the account's pages and sign-out, then the page, or the sign-in.
fn frame<P: Pages>() -> impl IntoView {
    provide_i18n();
    provide_router(P::APP);
    let state = SessionState(RwSignal::new(None));
    provide_context(state);
    load_session(state);
    let waiting = WaitingAlerts(RwSignal::new(None));
    provide_context(waiting);
    api::on_expired(move || state.0.set(Some(Ok(None))));
    let lang = use_lang();
    Effect::new(move || {
        let unit = state.0.with(|s| match s {
            Some(Ok(Some(SessionView { account: Account::Owner { unit_code, .. }, .. }))) => Some(unit_code.clone()),
            _ => None,
        });
        ask_waiting_alerts(waiting, unit.is_some());
        P::signed_in(unit, lang.get_untracked());
    });
    let owner = move || state.0.with_untracked(|s| matches!(s, Some(Ok(Some(SessionView { account: Account::Owner { .. }, .. })))));
    let _ = set_interval_with_handle(move || ask_waiting_alerts(waiting, owner()), std::time::Duration::from_secs(60));
    let path = use_path();
    let desk = desk::follow_width();
    // The page is drawn again only when the screen changes: at a desk, choosing another item of a list
    // changes the address but not the screen, so the list stays as it is (sorted, scrolled, filtered).
    let screen = Memo::new(move |_| P::screen(&path.get(), desk.get()));
    let side = Memo::new(move |_| screen.with(P::side));
    let body = move || {
        lang.track();
        let lang = lang.get_untracked();
        match state.0.get() {
            None => view! { <Skeleton blocks=&[44, 120, 120]/> }.into_any(),
            Some(Err(e)) => view! { <ErrorPanel error=e on_retry=move |()| load_session(state)/> }.into_any(),
            Some(Ok(None)) => view! { <sign_in::SignIn side=side.get()/> }.into_any(),
            // The screen itself, not `side` (a memo of it): an effect that reads a memo and a memo of
            // that memo may miss a change of the first.
            Some(Ok(Some(session))) => match screen.get() {
                screen if screen.side() == Side::of(&session.account) => screen.page(),
                _ => view! {
                    <section class="card stack">
                        <p>{frame_words(lang).signed_in_as_other}</p>
                        <SignOutButton/>
                    </section>
                }
                .into_any(),
            },
        }
    };
    view! {
        <StaffBar side/>
        <main class="page" id="main">{body}</main>
    }
}

/// The path after the side's prefix, without slashes at either end.
pub fn rest<'a>(path: &'a str, prefix: &str) -> &'a str {
    path.strip_prefix(prefix).unwrap_or_default().trim_matches('/')
}

/// The bar: the side's name, the account, its pages and the language switch.
#[component]
fn StaffBar(side: Memo<Side>) -> impl IntoView {
    let state = expect_context::<SessionState>();
    let waiting = expect_context::<WaitingAlerts>();
    let lang = use_lang();
    let path = use_path();
    move || {
        let lang = lang.get();
        let (t, w, other) = (lang.t(), frame_words(lang), lang.other());
        let title = if side.get() == Side::Owner { w.owner_title } else { w.regulator_title };
        let session = state.0.get().and_then(Result::ok).flatten();
        let (who, tabs): (String, Vec<(&str, &str)>) = match session.as_ref().map(|s| &s.account) {
            Some(Account::Owner { unit_name, school, .. }) => {
                let mut tabs = vec![("/owner/today", w.nav_today), ("/owner/staff", w.nav_staff), ("/owner/alerts", w.nav_alerts)];
                // Parents' pages are a school's or a kindergarten's canteen's alone.
                if *school {
                    tabs.push(("/owner/school", w.nav_school));
                }
                tabs.extend([("/owner", w.nav_inbox), ("/owner/reviews", w.nav_reviews), ("/owner/placard", w.nav_placard)]);
                (unit_name.clone(), tabs)
            }
            Some(Account::Regulator { name, scope, .. }) => {
                let level = match scope.level {
                    Level::City => w.level_city,
                    Level::County => w.level_county,
                    Level::Station => w.level_station,
                };
                (
                    format!("{name} · {level} {}", scope.region),
                    vec![
                        ("/regulator", w.nav_reports),
                        ("/regulator/today", w.nav_today),
                        ("/regulator/school", w.nav_school),
                        ("/regulator/alerts", w.nav_alerts),
                        ("/regulator/reviews", w.nav_moderation),
                        ("/regulator/placards", w.nav_placards),
                    ],
                )
            }
            None => (String::new(), vec![]),
        };
        let here = path.get();
        // The bar is drawn again when the count changes, as when the page does: rarely.
        let waiting = waiting.0.get();
        view! {
            <header class="topbar staff-bar">
                <span class="brand"><span class="brand-mark" aria-hidden="true">"明"</span>{t.site_name}" · "{title}</span>
                <button class="lang-toggle" type="button" lang=other.tag() aria-label=t.switch_language_label on:click=move |_| set_lang(other)>
                    {t.switch_language}
                </button>
            </header>
            {(!tabs.is_empty()).then(|| view! {
                <nav class="staff-nav" aria-label=title>
                    <div class="staff-who"><span>{who}</span><SignOutButton/></div>
                    <ul>
                        {tabs.into_iter().map(|(href, label)| {
                            let current = match href {
                                // Each side's first page is also its bare address.
                                "/owner" => here == "/owner" || here.starts_with("/owner/messages"),
                                "/regulator" => here == "/regulator" || here.starts_with("/regulator/reports"),
                                _ => here.starts_with(href),
                            };
                            // The owner's alerts waiting, beside their tab; read out as what the number counts.
                            let count = waiting.filter(|n| *n > 0 && href == "/owner/alerts").map(|n| view! {
                                <span class="nav-count"><span aria-hidden="true">{n}</span><span class="visually-hidden">{fill(w.alerts_waiting, n)}</span></span>
                            });
                            view! { <li><a href=href aria-current=current.then_some("page")>{label}{count}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
            })}
        }
    }
}

/// Signs out here and shows the sign-in again, only once the server has ended the session: on a
/// shared office computer "signed out" must be true.
#[component]
fn SignOutButton() -> impl IntoView {
    let state = expect_context::<SessionState>();
    let lang = use_lang();
    let failed = RwSignal::new(None::<String>);
    let sign_out = Action::new_local(move |_: &()| async move {
        let mut result = api::sign_out().await;
        if result == Err(FetchError::Api(ErrorCode::CsrfRejected)) {
            // Another tab signed in again meanwhile: take the session's new token and try once more.
            if let Ok(Some(_)) = api::session().await {
                result = api::sign_out().await;
            }
        }
        match result {
            Ok(()) | Err(FetchError::Api(ErrorCode::Unauthorized)) => state.0.set(Some(Ok(None))),
            Err(e) => failed.set(Some(say(e, lang.get_untracked()))),
        }
    });
    view! {
        <button type="button" class="button-quiet" on:click=move |_| { failed.set(None); sign_out.dispatch(()); }>
            {move || frame_words(lang.get()).sign_out}
        </button>
        {move || failed.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
    }
}

/// After signing in: where the account's pages start, unless it is on one already.
pub fn signed_in(state: SessionState, session: SessionView) {
    let path = window().location().pathname().unwrap_or_default();
    let home = match session.account {
        Account::Owner { .. } => "/owner",
        Account::Regulator { .. } => "/regulator",
    };
    state.0.set(Some(Ok(Some(session))));
    if !path.starts_with(home) {
        navigate(home);
    }
}
