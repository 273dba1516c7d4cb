//! The photo sweep. A photo is uploaded before the review, message or report that uses it is sent; one
//! that nothing has used a day after its upload (a draft given up, a photo removed from a form) is
//! forgotten by the database and deleted from the media store. A photo attached to anything is never
//! deleted. Every server sweeps; several servers on one database share the work, since a photo is
//! forgotten by exactly one of them. Each sweep also counts what the media store holds (the gauges).

use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::media_store::{photo_files, MediaStore};
use crate::room::Room;
use crate::store::{Store, StoreResult};
use crate::Clock;

/// How long an uploaded photo waits for a submission to use it, in ms.
pub const UNUSED_PHOTO_MS: i64 = 24 * 3600 * 1000;

/// How often the server sweeps: a photo goes at most this long after its day is up.
pub const SWEEP_EVERY: Duration = Duration::from_secs(15 * 60);

/// Photos forgotten per statement, so one sweep never holds the database's write lock for long.
const BATCH: u32 = 200;

/// Deletes every photo that nothing used within [`UNUSED_PHOTO_MS`] of its upload, as of `now_ms`;
/// returns how many. Then counts what the media store holds.
pub async fn sweep_photos(store: &dyn Store, media: &MediaStore, room: &Room, now_ms: i64) -> StoreResult<usize> {
    let mut swept = 0;
    loop {
        let ids = store.sweep_photos(now_ms - UNUSED_PHOTO_MS, BATCH).await?;
        for file in ids.iter().flat_map(|id| photo_files(id)) {
            // Forgotten by the database, the photo is no longer served: bytes left behind by a failed
            // delete are only wasted space.
            if let Err(e) = media.delete(&file).await {
                tracing::warn!("sweep: cannot delete {file}: {e}");
            }
        }
        swept += ids.len();
        metrics::counter!("mingchu_photos_swept_total").increment(ids.len() as u64);
        if ids.len() < BATCH as usize {
            break;
        }
    }
    if swept > 0 {
        tracing::info!("sweep: deleted {swept} photos nothing used within a day");
    }
    room.counted(store.media_usage().await?);
    Ok(swept)
}

/// Sweeps now and every [`SWEEP_EVERY`] while the server (its store, media store and room) lives.
pub fn start(store: &Arc<dyn Store>, media: &Arc<MediaStore>, room: &Arc<Room>, clock: Clock) {
    let (store, media, room): (Weak<dyn Store>, _, _) = (Arc::downgrade(store), Arc::downgrade(media), Arc::downgrade(room));
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let (Some(store), Some(media), Some(room)) = (store.upgrade(), media.upgrade(), room.upgrade()) else { break };
            if let Err(e) = sweep_photos(&*store, &media, &room, clock.now_ms()).await {
                tracing::error!("sweep: {e}");
            }
        }
    });
}

/// Describes this file's figures to whichever recorder is installed.
pub fn describe_metrics() {
    metrics::describe_counter!("mingchu_photos_swept_total", "Photos deleted because nothing used them within a day of their upload");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media_store::MediaConfig;
    use crate::room::RoomRules;
    use crate::store::sqlite::SqliteStore;
    use crate::store::{NewPhoto, WriteStore};
    use crate::test_metrics::Figures;

    #[test]
    fn the_sweep_deletes_the_bytes_of_what_it_forgets_and_counts_what_is_left() {
        let figures = Figures::default();
        let data = tempfile::tempdir().unwrap();
        // The recorder is this thread's: the sweep runs on it.
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        metrics::with_local_recorder(&figures, || {
            runtime.block_on(async {
                let store = SqliteStore::open(data.path()).await.unwrap();
                let media = MediaStore::open(&MediaConfig::Local, data.path()).unwrap();
                let room = Room::new(RoomRules::default());
                for (id, at_ms) in [("old", 0), ("new", UNUSED_PHOTO_MS)] {
                    store.add_photo(&NewPhoto { id, width: 1, height: 1, bytes: 10, thumb_bytes: 5, device: "d", at_ms }).await.unwrap();
                    for file in photo_files(id) {
                        media.put(&file, b"jpeg".to_vec()).await.unwrap();
                    }
                }
                assert_eq!(sweep_photos(&store, &media, &room, UNUSED_PHOTO_MS).await.unwrap(), 0, "exactly a day old stays");
                assert_eq!(sweep_photos(&store, &media, &room, UNUSED_PHOTO_MS + 1).await.unwrap(), 1);
                for file in photo_files("old") {
                    assert_eq!(media.get(&file).await.unwrap(), None, "{file}");
                }
                for file in photo_files("new") {
                    assert!(media.get(&file).await.unwrap().is_some(), "{file}");
                }
            })
        });
        assert_eq!(figures.counter("mingchu_photos_swept_total"), 1);
        assert_eq!((figures.gauge("mingchu_media_photos"), figures.gauge("mingchu_media_bytes")), (Some(1.0), Some(15.0)));
    }
}
