//! The app owners and regulators load: sign-in, the owner's inbox, replies and placard, the
//! regulator's report queue, moderation and placards.

fn main() {
    mingchu::staff::mount();
}
