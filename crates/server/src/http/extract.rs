//! axum's extractors with the project's own rejection: a path, query or body a client got wrong is an
//! [`ApiError`] (a JSON body with a stable code), never axum's plain-text answer. Handlers take these
//! instead of `axum::extract::{Path, Query}` and `axum::Json`, as axum's `customize-path-rejection`
//! example does.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mingchu_types::ErrorCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::ApiError;

/// The path's parameters.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, ApiError> {
        Ok(Path(axum::extract::Path::<T>::from_request_parts(parts, state).await?.0))
    }
}

/// The query string's parameters.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Query<T>, ApiError> {
        Ok(Query(axum::extract::Query::<T>::from_request_parts(parts, state).await?.0))
    }
}

/// A JSON body in a request, and a JSON answer.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Json<T>, ApiError> {
        Ok(Json(axum::Json::<T>::from_request(request, state).await?.0))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A body of raw bytes (an imported record).
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Body, ApiError> {
        Ok(Body(Bytes::from_request(request, state).await?))
    }
}

/// An image's bytes (a photo, a camera frame): a body over the route's limit is an image too large,
/// worded like the image rules' own refusal.
pub struct ImageBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ImageBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<ImageBody, ApiError> {
        match Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(ImageBody(bytes)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::ImageTooLarge, "the image is larger than this endpoint takes"))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header, if the request has a non-empty one (camera
/// gateways and the supervision platform authenticate so).
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}
