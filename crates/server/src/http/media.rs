//! Diners' photos, `<id>.jpg` and `<id>.thumb.jpg` in the media store, served only to whoever may see
//! what they belong to, and cached no longer than moderation needs to take effect:
//!
//! - `/media/{file}`: to everyone while the photo is under a published review (`public, max-age=300`:
//!   five minutes after a regulator hides the review, no cache hands it out any more) or shown by a
//!   public kitchen record (a meal's sealed samples); otherwise only to
//!   the browser that uploaded it (its `mc_device` cookie): a draft's photo, the photos on a report's or
//!   message's follow-up page, the author's own held or hidden review. Everyone else gets a 404.
//! - `/api/staff/media/{file}` (`http/staff/media.rs`): to the owner of the unit for its messages',
//!   published reviews' and kitchen records' photos, to a regulator for the reports', reviews' and
//!   kitchen records' photos of its region.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::error::ApiError;
use super::extract::Path;
use crate::store::staff::SessionAccount;
use crate::store::{PhotoRecord, PhotoUse};
use crate::AppState;

/// A photo may sit in a shared cache this long after it stops being public.
const PUBLIC_CACHE: &str = "public, max-age=300";
/// Its uploader's browser may keep a photo that is not public as long.
const PRIVATE_CACHE: &str = "private, max-age=300";

pub fn routes() -> Router<AppState> {
    Router::new().route("/media/{file}", get(public))
}

/// `GET /media/{file}`.
async fn public(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let answer = async {
        let (id, file) = photo_file(&file)?;
        let record = state.store.photo(id).await?.ok_or_else(missing)?;
        let device = state.device_key.device(&headers);
        let cache = public_cache(&record, device.as_deref()).ok_or_else(missing)?;
        serve(&state, file, cache, &headers).await
    };
    match answer.await {
        Ok(response) => response,
        Err(e) => {
            // A refusal must not be kept either: the photo may be published a minute later.
            let mut response = e.into_response();
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
    }
}

fn missing() -> ApiError {
    ApiError::not_found("no such photo")
}

/// A photo file's name split into the photo's id (32 hex digits, as uploads are named) and the name;
/// anything else is no photo.
pub(crate) fn photo_file(file: &str) -> Result<(&str, &str), ApiError> {
    let id = file.strip_suffix(".thumb.jpg").or_else(|| file.strip_suffix(".jpg")).ok_or_else(missing)?;
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(missing());
    }
    Ok((id, file))
}

/// How a photo may be cached for a diner's browser (sent its `device` id, if any), or `None` when it may
/// not see it.
fn public_cache(record: &PhotoRecord, device: Option<&str>) -> Option<&'static str> {
    if record.uses.iter().any(|u| matches!(u, PhotoUse::Review { public: true, .. } | PhotoUse::Kitchen { public: true, .. })) {
        Some(PUBLIC_CACHE)
    } else if device.is_some() && record.device.as_deref() == device {
        Some(PRIVATE_CACHE)
    } else {
        None
    }
}

/// Whether a signed-in owner or regulator may see a photo: an owner its unit's messages', published
/// reviews' and kitchen records' photos, a regulator its region's reports', reviews' (held and hidden
/// included) and kitchen records'.
pub(crate) fn staff_may_see(record: &PhotoRecord, account: &SessionAccount) -> bool {
    record.uses.iter().any(|u| match (account, u) {
        (SessionAccount::Owner(unit), PhotoUse::Message { unit_id }) => *unit_id == unit.id,
        (SessionAccount::Owner(unit), PhotoUse::Review { unit_id, public, .. }) => *public && *unit_id == unit.id,
        (SessionAccount::Owner(unit), PhotoUse::Kitchen { unit_id, .. }) => *unit_id == unit.id,
        (SessionAccount::Owner(_), PhotoUse::Report { .. }) => false,
        (SessionAccount::Regulator(r), PhotoUse::Review { region, .. } | PhotoUse::Report { region } | PhotoUse::Kitchen { region, .. }) => {
            r.scope.covers(region)
        }
        (SessionAccount::Regulator(_), PhotoUse::Message { .. }) => false,
    })
}

/// The photo file's bytes with `cache`, or 304 when the browser has them (a photo's bytes never
/// change, so its name is its `ETag`). Only called once the asker may see the photo.
pub(crate) async fn serve(state: &AppState, file: &str, cache: &'static str, headers: &HeaderMap) -> Result<Response, ApiError> {
    let etag = HeaderValue::from_str(&format!("\"{file}\"")).map_err(ApiError::internal)?;
    let cache = HeaderValue::from_static(cache);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|sent| sent.as_bytes().split(|b| *b == b',').any(|t| t.trim_ascii() == etag.as_bytes())) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache)]).into_response());
    }
    let bytes = state.media.get(file).await.map_err(ApiError::internal)?.ok_or_else(missing)?;
    let content_type = HeaderValue::from_static("image/jpeg");
    Ok(([(header::CONTENT_TYPE, content_type), (header::ETAG, etag), (header::CACHE_CONTROL, cache)], bytes).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::staff::{OwnerUnit, RegulatorRecord};
    use mingchu_types::{Level, Scope};

    fn record(uses: Vec<PhotoUse>) -> PhotoRecord {
        PhotoRecord { device: Some("phone".into()), uses }
    }

    #[test]
    fn a_photo_file_is_an_id_and_a_size() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(photo_file(&format!("{id}.jpg")).unwrap(), (id, format!("{id}.jpg").as_str()));
        assert!(photo_file(&format!("{id}.thumb.jpg")).is_ok());
        for bad in ["x.jpg", "0123456789ABCDEF0123456789ABCDEF.jpg", &format!("{id}.png"), &format!("{}.jpg", "a".repeat(300))] {
            assert!(photo_file(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_a_published_reviews_photo_is_public_and_its_uploader_always_sees_it() {
        let published = record(vec![PhotoUse::Review { unit_id: 1, region: "371502-01".into(), public: true }]);
        let hidden = record(vec![PhotoUse::Review { unit_id: 1, region: "371502-01".into(), public: false }]);
        let message = record(vec![PhotoUse::Message { unit_id: 1 }]);
        assert_eq!(public_cache(&published, None), Some(PUBLIC_CACHE));
        for r in [&hidden, &message, &record(vec![])] {
            assert_eq!(public_cache(r, None), None);
            assert_eq!(public_cache(r, Some("another")), None);
            assert_eq!(public_cache(r, Some("phone")), Some(PRIVATE_CACHE));
        }
        assert_eq!(public_cache(&PhotoRecord { device: None, uses: vec![] }, None), None);
    }

    #[test]
    fn staff_see_the_photos_of_what_they_may_see() {
        let owner = |id| SessionAccount::Owner(OwnerUnit { id, code: "lc-dcf-0012".into(), name: "x".into() });
        let regulator = |level, region: &str| {
            SessionAccount::Regulator(RegulatorRecord {
                id: 1,
                username: "r".into(),
                name: "r".into(),
                scope: Scope { level, region: region.into() },
            })
        };
        let message = record(vec![PhotoUse::Message { unit_id: 1 }]);
        let report = record(vec![PhotoUse::Report { region: "371502-01".into() }]);
        let hidden = record(vec![PhotoUse::Review { unit_id: 1, region: "371502-01".into(), public: false }]);
        assert!(staff_may_see(&message, &owner(1)) && !staff_may_see(&message, &owner(2)));
        assert!(!staff_may_see(&message, &regulator(Level::City, "3715")));
        assert!(!staff_may_see(&report, &owner(1)) && !staff_may_see(&hidden, &owner(1)));
        assert!(staff_may_see(&report, &regulator(Level::Station, "371502-01")) && !staff_may_see(&report, &regulator(Level::Station, "371502-02")));
        assert!(staff_may_see(&hidden, &regulator(Level::County, "371502")));
    }
}
