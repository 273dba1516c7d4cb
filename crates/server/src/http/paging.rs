//! What every paged list shares: the query parameters, the page size, the search text and the opaque
//! cursors handed to clients.

use mingchu_types::{Day, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_CHARS};
use serde::Deserialize;

use super::error::ApiError;
use crate::store::Cursor;

/// Query parameters arrive as text, so that every malformed value gets our own 400 message.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

/// A trimmed, non-empty query of at most [`MAX_QUERY_CHARS`] characters, or none.
pub fn search_query(q: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!("q is longer than {MAX_QUERY_CHARS} characters")));
    }
    Ok(Some(q.to_owned()))
}

pub fn parse_limit(limit: Option<&str>) -> Result<u32, ApiError> {
    match limit {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(s) => match s.parse::<u32>() {
            Ok(n @ 1..=MAX_PAGE_SIZE) => Ok(n),
            _ => Err(ApiError::bad_request(format!("limit must be a whole number from 1 to {MAX_PAGE_SIZE}"))),
        },
    }
}

// Cursors are opaque to clients: `u42` for units, `2026-11-29.17` for inspections.
pub fn format_cursor(c: &Cursor) -> String {
    match c {
        Cursor::Unit(id) => format!("u{id}"),
        Cursor::Inspection(day, id) => format!("{day}.{id}"),
    }
}

fn bad_cursor() -> ApiError {
    ApiError::bad_request("cursor is not one this server gave out")
}

pub fn parse_unit_cursor(s: &str) -> Result<Cursor, ApiError> {
    s.strip_prefix('u').and_then(|id| id.parse().ok()).map(Cursor::Unit).ok_or_else(bad_cursor)
}

pub fn parse_inspection_cursor(s: &str) -> Result<Cursor, ApiError> {
    let (day, id) = s.split_once('.').ok_or_else(bad_cursor)?;
    Ok(Cursor::Inspection(day.parse::<Day>().map_err(|_| bad_cursor())?, id.parse().map_err(|_| bad_cursor())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        for c in [Cursor::Unit(42), Cursor::Inspection("2026-11-29".parse().unwrap(), 17)] {
            let s = format_cursor(&c);
            let back = match c {
                Cursor::Unit(_) => parse_unit_cursor(&s),
                Cursor::Inspection(..) => parse_inspection_cursor(&s),
            };
            assert_eq!(back.unwrap(), c);
        }
        for bad in ["", "42", "ux", "2026-11-29", "2026-13-01.4", "2026-11-29.x"] {
            assert!(parse_unit_cursor(bad).is_err() && parse_inspection_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_PAGE_SIZE);
        assert_eq!(parse_limit(Some("50")).unwrap(), 50);
        for bad in ["0", "51", "-1", "ten", "1.5"] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn queries_are_trimmed_and_bounded() {
        assert_eq!(search_query(Some("  食 ")).unwrap().as_deref(), Some("食"));
        assert_eq!(search_query(Some("   ")).unwrap(), None);
        assert!(search_query(Some(&"食".repeat(51))).is_err());
        assert!(search_query(Some(&"食".repeat(50))).is_ok());
    }
}
