//! Sending a queue kept on the device, as the diners' outbox and the owners' both do: one round at a
//! time (a round asked for during one runs again after it), after a back-off when something could not
//! go (2, 4, 8 … seconds, then every five minutes), and at once when the network comes back.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::thread::LocalKey;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// One round of sending: the seconds until the next try when something is still waiting.
pub type Round = fn() -> Pin<Box<dyn Future<Output = Option<u32>>>>;

/// A queue's sender. Lives in a `thread_local!` (the app has one thread), reached by its key.
pub struct Sender {
    round: Round,
    sending: Cell<bool>,
    /// A round was asked for while one was running: run again when it ends.
    again: Cell<bool>,
    failures: Cell<u32>,
    retry: RefCell<Option<TimeoutHandle>>,
}

impl Sender {
    pub const fn new(round: Round) -> Sender {
        Sender { round, sending: Cell::new(false), again: Cell::new(false), failures: Cell::new(0), retry: RefCell::new(None) }
    }

    /// The next wait after one more failure: 2, 4, 8 … seconds, then every five minutes.
    pub fn backoff(&self) -> u32 {
        self.failures.set(self.failures.get() + 1);
        2u32.saturating_pow(self.failures.get().min(9)).min(300)
    }

    /// Something went: the next failure waits briefly again.
    pub fn succeeded(&self) {
        self.failures.set(0);
    }
}

/// Sends what is queued now and whenever the network returns.
pub fn start(sender: &'static LocalKey<Sender>) {
    let online = window_event_listener(leptos::ev::online, move |_| {
        sender.with(Sender::succeeded);
        flush(sender);
    });
    // Listens as long as the app lives.
    std::mem::forget(online);
    flush(sender);
}

/// Runs a round now (or right after the one under way), then schedules a retry if one is wanted.
pub fn flush(sender: &'static LocalKey<Sender>) {
    if sender.with(|s| s.sending.replace(true)) {
        sender.with(|s| s.again.set(true));
        return;
    }
    if let Some(timer) = sender.with(|s| s.retry.borrow_mut().take()) {
        timer.clear();
    }
    spawn_local(async move {
        let retry_in = loop {
            let round = sender.with(|s| {
                s.again.set(false);
                s.round
            });
            let retry_in = round().await;
            // Something queued meanwhile was not in this round.
            if retry_in.is_some() || !sender.with(|s| s.again.get()) {
                break retry_in;
            }
        };
        sender.with(|s| s.sending.set(false));
        if let Some(seconds) = retry_in {
            let timer = set_timeout_with_handle(move || flush(sender), Duration::from_secs(seconds.into())).ok();
            sender.with(|s| *s.retry.borrow_mut() = timer);
        }
    });
}
