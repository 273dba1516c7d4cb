//! Schemas (feature `openapi`, the server's `/api/openapi.json`) of the contract types that do not derive
//! theirs: those serialized by hand (a day as text, the watch brief as an array), and the near-me list,
//! whose file is not this one's to change: mirrors of its types that a test compares field by field
//! with what they serialize to (`near_mirrors_name_every_field`).

use std::borrow::Cow;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaFormat, SchemaType, Type};

use utoipa::openapi::{KnownFormat, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::near::{NearList, NearUnit, TodayTally};
use crate::{Day, DynamicGrade, LicenceStatus, Location, UnitKind};

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

/// Names a mirror's schema as the type it mirrors, and gathers the schemas it refers to.
macro_rules! mirrored {
    ($t:ty, $name:literal, $mirror:ty) => {
        impl PartialSchema for $t {
            fn schema() -> RefOr<Schema> {
                <$mirror as PartialSchema>::schema()
            }
        }
        impl ToSchema for $t {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                <$mirror as ToSchema>::schemas(schemas)
            }
        }
    };
}

/// Mirrors `near::TodayTally`.
#[allow(dead_code)]
#[derive(ToSchema)]
struct TodayTallyMirror {
    /// Recorded with nothing found.
    fine: u32,
    /// Recorded with something that needs attention.
    attention: u32,
    /// Due and not recorded.
    missing: u32,
}
mirrored!(TodayTally, "TodayTally", TodayTallyMirror);

/// Mirrors `near::NearUnit`.
#[allow(dead_code)]
#[derive(ToSchema)]
struct NearUnitMirror {
    code: String,
    name: String,
    kind: UnitKind,
    address: String,
    /// GCJ-02.
    location: Location,
    /// From the point asked about, as the crow flies, in metres.
    distance_m: u32,
    grade: DynamicGrade,
    /// Absent when the regulator has not pushed a licence for the unit.
    #[schema(required = false)]
    licence: Option<LicenceStatus>,
    /// Absent when the unit has never kept a record here.
    #[schema(required = false)]
    today: Option<TodayTally>,
}
mirrored!(NearUnit, "NearUnit", NearUnitMirror);

/// Mirrors `near::NearList`: the nearest units first.
#[allow(dead_code)]
#[derive(ToSchema)]
struct NearListMirror {
    /// The point distances are measured from, GCJ-02.
    from: Location,
    /// The region asked about, when one was.
    #[schema(required = false)]
    region: Option<String>,
    items: Vec<NearUnit>,
}
mirrored!(NearList, "NearList", NearListMirror);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NotGradedReason;

    /// The property names of `T`'s schema.
    fn properties<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap();
        let mut names: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    /// The keys of `value` serialized, every optional field present.
    fn keys(value: impl serde::Serialize) -> Vec<String> {
        let mut names: Vec<String> = serde_json::to_value(value).unwrap().as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    #[test]
    fn near_mirrors_name_every_field() {
        let unit = NearUnit {
            code: "c".into(),
            name: "n".into(),
            kind: UnitKind::ALL[0],
            address: "a".into(),
            location: Location { lat: 36.4, lng: 115.9 },
            distance_m: 10,
            grade: DynamicGrade::NotGraded { reason: NotGradedReason::NewLicence, until: None },
            licence: Some(LicenceStatus::Valid { days_left: 3 }),
            today: Some(TodayTally::default()),
        };
        assert_eq!(keys(TodayTally::default()), properties::<TodayTally>());
        assert_eq!(keys(&unit), properties::<NearUnit>());
        let list = NearList { from: unit.location, region: Some("371502".into()), items: vec![unit] };
        assert_eq!(keys(&list), properties::<NearList>());
    }
}
