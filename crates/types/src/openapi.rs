//! Schemas (feature `openapi`, the server's `/api/openapi.json`) of the contract types that cannot
//! derive theirs: those serialized by hand (a day as text, the watch brief as an array).

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaFormat, SchemaType, Type};

use utoipa::openapi::{KnownFormat, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::Day;

/// A calendar day, `YYYY-MM-DD`, as `Day` writes and reads it.
impl PartialSchema for Day {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(SchemaType::new(Type::String)).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).into()
    }
}
impl ToSchema for Day {}

/// The watch brief: six whole numbers, `[days, alerts, in_time, open, sensors, sensors_bad]`.
impl PartialSchema for crate::watch::WatchBrief {
    fn schema() -> RefOr<Schema> {
        let number = ObjectBuilder::new().schema_type(SchemaType::new(Type::Integer)).minimum(Some(0));
        ArrayBuilder::new()
            .items(number)
            .min_items(Some(6))
            .max_items(Some(6))
            .description(Some("[days, alerts, in_time, open, sensors, sensors_bad]"))
            .into()
    }
}
impl ToSchema for crate::watch::WatchBrief {}
