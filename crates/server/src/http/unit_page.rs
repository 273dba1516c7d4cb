//! A unit's first screen (a [`UnitPage`]), assembled in one place for the API and the painted page:
//! the stored record, its statuses for today, the diners' ratings, the kitchen view in brief and the
//! kitchen's own records today (今日后厨) and the alerts in brief (智能示警).

use mingchu_types::{
    check_credit_code, months_overdue, parse_licence_number, Day, DynamicGrade, LicenceStatus, LicenceView, LiveBrief, OfficialGrade, RatingSummary,
    UnitPage, UnitSummary, RATING_WINDOW_DAYS,
};

use super::error::ApiError;
use crate::store::{DynamicGradeData, StoredGrade, UnitRecord};
use crate::AppState;

/// The whole first screen of the unit `code`, alike for every reader (no device's own vote in it), or
/// `None` for an unknown unit.
pub async fn assemble(state: &AppState, code: &str) -> Result<Option<UnitPage>, ApiError> {
    let Some(record) = state.store.unit(code).await? else {
        return Ok(None);
    };
    let (today, now) = (state.clock.today(), state.clock.now_ms());
    // The parts are independent reads: asked at once, the page waits for the slowest, not for the sum.
    let (ratings, kitchen, live, watch) = tokio::try_join!(
        window_ratings(state, code, today, None),
        async { Ok(crate::kitchen::today_card(&*state.store, &state.kitchen_cache, &record, today, now).await?) },
        live_brief(state, code),
        async { Ok(crate::watch::watch_brief(&*state.store, code, now).await?) },
    )?;
    let mut page = unit_page(record, today, ratings);
    page.live = live;
    page.kitchen = kitchen;
    page.watch = watch;
    Ok(Some(page))
}

/// The kitchen view in brief: a camera to show (a live one if there is one), how many public cameras
/// there are, and the delay. One query and the in-memory frame index while the cameras send to this
/// server; else one more for their noted minutes, and a seek for each live one sending to another server.
async fn live_brief(state: &AppState, code: &str) -> Result<Option<LiveBrief>, ApiError> {
    let cameras = state.store.unit_cameras(code).await?.unwrap_or_default();
    let now = state.clock.now_ms();
    let heard = crate::cameras::public_heard(&*state.store, &state.frames, &cameras, state.min_camera_delay_secs, now, false).await?;
    Ok(crate::cameras::brief(&heard, state.min_camera_delay_secs, now))
}

/// A unit's ratings over the [`RATING_WINDOW_DAYS`] ending `today`, with `device`'s vote that day.
pub async fn window_ratings(state: &AppState, code: &str, today: Day, device: Option<&str>) -> Result<RatingSummary, ApiError> {
    Ok(state.store.ratings(code, today.add_days(1 - RATING_WINDOW_DAYS), today, device).await?)
}

/// The first screen's data, with statuses worked out for `today`.
fn unit_page(record: UnitRecord, today: Day, ratings: RatingSummary) -> UnitPage {
    let licence = record.licence.map(|licence| LicenceView {
        status: LicenceStatus::on(licence.valid_until, today),
        credit_code_check: check_credit_code(&licence.credit_code),
        number_well_formed: parse_licence_number(&licence.number).is_some(),
        licence,
    });
    let months_since_inspection = record.latest_inspection.as_ref().and_then(|i| months_overdue(i.date, today));
    // A station's unit belongs to the station's county, whose figures a diner can read.
    let county = record.region.split_once('-').map_or(record.region.as_str(), |(county, _)| county);
    let district = mingchu_types::Scope::of_region(county).map(|s| s.region);
    UnitPage {
        grade: official_grade(record.grade, today),
        unit: record.unit,
        licence,
        latest_inspection: record.latest_inspection,
        months_since_inspection,
        as_of: today,
        ratings,
        live: None,
        kitchen: None,
        watch: None,
        district,
    }
}

/// A line of a list of units (search results, the owner's placard).
pub fn unit_summary(record: UnitRecord, today: Day) -> UnitSummary {
    UnitSummary {
        grade: official_grade(record.grade, today).dynamic,
        code: record.unit.code,
        name: record.unit.name,
        kind: record.unit.kind,
        address: record.unit.address,
    }
}

/// Resolves a stored grade's level against its scheme, so the page can draw any scheme.
pub(crate) fn official_grade(g: StoredGrade, today: Day) -> OfficialGrade {
    let dynamic = match g.dynamic {
        DynamicGradeData::Graded { level, score, graded_on } => match g.scheme.level(&level) {
            Some(level) => DynamicGrade::Graded { level: level.clone(), score, graded_on },
            // put_unit refuses unknown levels; a scheme edited afterwards must not break the page.
            None => {
                tracing::warn!("grade level {level:?} is not in scheme {:?}", g.scheme.key);
                DynamicGrade::NotGraded { reason: mingchu_types::NotGradedReason::Unavailable, until: None }
            }
        },
        // A "from" date that has passed says nothing useful until the regulator publishes a grade.
        DynamicGradeData::NotGraded { reason, until } => DynamicGrade::NotGraded { reason, until: until.filter(|d| *d > today) },
    };
    OfficialGrade { scheme_key: g.scheme.key, scheme_name_zh: g.scheme.name_zh, scheme_name_en: g.scheme.name_en, dynamic, annual: g.annual }
}
