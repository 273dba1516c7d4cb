//! The app an owner loads in the kitchen — 今日后厨: today's checklist with its outbox, the roster — and
//! a regulator for the units whose own records need attention today.

fn main() {
    mingchu::staff::mount::<mingchu::staff::kitchen::KitchenPages>();
}
