//! The app owners and regulators load for their pages but the kitchen's: sign-in, the owner's inbox,
//! replies and placard, the regulator's report queue, moderation and placards.

fn main() {
    mingchu::staff::mount::<mingchu::staff::pages::StaffPages>();
}
