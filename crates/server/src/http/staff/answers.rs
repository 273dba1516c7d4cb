//! What the owner's and the regulator's endpoints share: the answer to a change, the text of a reply or
//! note, and a unit's placard.

use axum::http::StatusCode;
use mingchu_types::{staff_text, Placard, TextRequest};

use crate::http::error::ApiError;
use crate::http::unit_page::unit_summary;
use crate::store::staff::Change;
use crate::AppState;

/// The answer to a change of a message, review or report.
pub fn outcome(change: Change, what: &str) -> Result<StatusCode, ApiError> {
    match change {
        Change::Done => Ok(StatusCode::NO_CONTENT),
        Change::NotFound => Err(ApiError::not_found(format!("no such {what}"))),
        Change::Conflict => Err(ApiError::conflict(format!("the {what} has changed meanwhile"))),
    }
}

/// The text of a reply or note, trimmed, or a 400 naming the field.
pub fn text_of(request: TextRequest) -> Result<String, ApiError> {
    let text = staff_text(&request.text).ok_or_else(|| ApiError::bad_request("text must be 2–500 characters").on_field("text"))?;
    Ok(text.to_owned())
}

/// A unit's placard: its summary, licence number and the address its QR code opens.
pub fn placard_of(state: &AppState, record: crate::store::UnitRecord) -> Placard {
    let licence_number = record.licence.as_ref().map(|l| l.number.clone());
    let url = format!("{}/u/{}", state.public_url.trim_end_matches('/'), record.unit.code);
    Placard { unit: unit_summary(record, state.clock.today()), licence_number, url }
}
