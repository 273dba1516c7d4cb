//! A kitchen with cameras, on a clock the tests move: one demo unit, no camera until a test adds one
//! (the frames' and the video's suites).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use mingchu_server::cameras::{self, CameraSpec};
use mingchu_server::{Clock, ServerConfig};
use mingchu_types::{GradeScheme, KitchenArea, UnitCameras};

use super::TestServer;

/// 2026-11-29 12:00:00 in China (04:00 UTC).
pub const T0: i64 = 1_795_924_800_000;
pub const SEC: i64 = 1000;
pub const MIN: i64 = 60 * SEC;
pub const UNIT: &str = "lc-dcf-0027";

/// A server on the manual clock at [`T0`], with one demo unit and no camera yet.
pub struct Kitchen {
    pub s: TestServer,
    pub now: Arc<AtomicI64>,
}

impl Kitchen {
    pub async fn start(configure: impl FnOnce(&mut ServerConfig)) -> Kitchen {
        let now = Arc::new(AtomicI64::new(T0));
        let clock = Clock::Manual(now.clone());
        let s = TestServer::start_with(|c| {
            c.clock = clock;
            c.demo = false;
            configure(c);
        })
        .await;
        s.store.put_scheme(&GradeScheme::national()).await.unwrap();
        let unit = mingchu_server::demo::demo_units(s.today).into_iter().find(|u| u.unit.code == UNIT).unwrap();
        s.store.put_unit(&unit).await.unwrap();
        Kitchen { s, now }
    }

    /// Another server on the same data and database, on the same clock, as after a restart (or a second
    /// server that started before the first one's frames and segments).
    pub async fn restart(&self) -> Kitchen {
        let clock = Clock::Manual(self.now.clone());
        Kitchen { s: self.s.restart(|c| (c.clock, c.demo) = (clock, false)).await, now: self.now.clone() }
    }

    pub fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn now(&self) -> i64 {
        self.now.load(Ordering::SeqCst)
    }

    pub async fn camera(&self, area: KitchenArea, delay_secs: u32, hours: &str, public: bool) -> (i64, String) {
        let spec = CameraSpec { area, delay_secs, hours: hours.parse().unwrap(), public };
        let added = cameras::add(&*self.s.store, UNIT, spec, self.now()).await.unwrap();
        // Added as the command line adds one, straight into the store: shown at once here.
        self.s.answers.clear();
        added
    }

    pub async fn cameras(&self) -> UnitCameras {
        serde_json::from_value(self.s.json(&format!("/api/units/{UNIT}/cameras"), 200).await).unwrap()
    }
}
