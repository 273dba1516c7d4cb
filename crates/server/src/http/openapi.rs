//! The public API's OpenAPI 3.1 description (issue 17), served at `GET /api/openapi.json`. Each public
//! handler describes itself in its `#[utoipa::path]` beside its code, and is routed by that description
//! (`routes!`), so a public route cannot be served undescribed; the machines' routes (`/api/ingest/…`,
//! `/api/platform/…`) and the staff's (`/api/staff/…`) are left out. `tests/openapi.rs` holds the
//! description against the handlers' sources and the routes served.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use axum::Extension;
use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{Info, KnownFormat, OpenApi, Paths, RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::sharing::kept;
use crate::AppState;

/// The description as served, made once when the router is.
#[derive(Clone)]
pub struct Described(Arc<String>);

/// The title and version of the description.
pub fn info() -> Info {
    let mut info = Info::new("Mingchu public API", env!("CARGO_PKG_VERSION"));
    info.description = Some(
        "Public records of food businesses (units), their inspections, grades, kitchen records and cameras, \
         and the diners' writes (ratings, reviews, reports, messages, photos). Errors are JSON `ErrorBody`s."
            .to_owned(),
    );
    info
}

/// Bytes of a file (a photo, a frame, a video segment), described as such rather than as numbers.
pub struct Binary;

impl PartialSchema for Binary {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(SchemaType::new(Type::String)).format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary))).into()
    }
}
impl ToSchema for Binary {}

/// This module's own route.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(document))
}

/// The JSON `description` is served as, with every path under `prefix` (where `mod.rs` nests the public
/// API).
pub fn finish(mut description: OpenApi, prefix: &str) -> Described {
    description.info = info();
    let components = description.components.get_or_insert_with(Default::default);
    components.schemas.extend(tuple_parts());
    let paths = std::mem::take(&mut description.paths.paths);
    description.paths = Paths::new();
    description.paths.paths = paths.into_iter().map(|(path, item)| (format!("{prefix}{path}"), item)).collect();
    // Serializing a tree of plain values cannot fail; should it, the answer says so rather than the start.
    let json = serde_json::to_string(&description).unwrap_or_else(|e| format!(r#"{{"error":"the description did not serialize: {e}"}}"#));
    Described(Arc::new(json))
}

/// The schemas that only a tuple's elements refer to (a school day's meals, `[meal, [companion…]]`),
/// which utoipa does not gather by itself (`tests/openapi.rs` checks that every reference resolves).
fn tuple_parts() -> Vec<(String, RefOr<Schema>)> {
    use mingchu_types::kitchen::Meal;
    use mingchu_types::school::PublicCompanion;
    let mut parts = vec![(Meal::name().into_owned(), Meal::schema()), (PublicCompanion::name().into_owned(), PublicCompanion::schema())];
    <PublicCompanion as ToSchema>::schemas(&mut parts);
    parts
}

/// `GET /api/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    summary = "This description",
    params(("If-None-Match" = Option<String>, Header, nullable = false, description = "An ETag from an earlier answer")),
    responses(
        (status = 200, description = "The OpenAPI 3.1 description of the public API", body = serde_json::Value,
         headers(("ETag" = String, description = "Its tag, for If-None-Match"))),
        (status = 304, description = "Not modified: If-None-Match named the current ETag"),
    )
)]
async fn document(Extension(Described(json)): Extension<Described>) -> Response {
    kept(([(axum::http::header::CONTENT_TYPE, "application/json")], json.as_str().to_owned()).into_response())
}
