//! The app every visitor loads: the unit's official facts, the rating and the reviews.

fn main() {
    mingchu::mount(mingchu::router::AppKind::Look, mingchu::app::look_pages);
}
