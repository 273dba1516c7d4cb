//! The app a diner loads to take part: the forms, the outbox, the follow-up pages.

fn main() {
    mingchu::mount(mingchu::router::AppKind::Act, mingchu::app::act_pages);
    // Sends what an earlier visit left waiting, and again whenever the network returns.
    mingchu::outbox::start();
}
