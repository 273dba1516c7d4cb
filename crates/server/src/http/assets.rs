//! The built app's files: precompressed (brotli, gzip) by the build, cached for a year when their
//! name carries Trunk's content hash, revalidated otherwise.

use std::io;
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, MethodRouter};
use tower_http::services::ServeDir;

use super::pages;
use crate::AppState;

/// Serves `dist` (when built); anything missing gets the app's not-found page.
pub fn service(dist: Option<PathBuf>, state: AppState) -> MethodRouter {
    let not_found = move |headers: axum::http::HeaderMap| pages::fallback(axum::extract::State(state), headers);
    match dist {
        Some(dir) => {
            let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
            any(move |request: Request| async move {
                let headers = request.headers().clone();
                match file(files, request).await {
                    Some(response) => response,
                    None => not_found(headers).await,
                }
            })
            .layer(middleware::from_fn(cache_control))
        }
        None => any(move |headers: axum::http::HeaderMap| not_found(headers)),
    }
}

/// The file `request` names in `files`, or `None` when there is none. `ServeDir` answers an I/O error
/// other than "not found" with a 500, but a name the file system refuses as too long (a segment over 255
/// bytes, a path over 4096) only names a file that does not exist.
async fn file(mut files: ServeDir, request: Request) -> Option<Response> {
    match files.try_call(request).await {
        Ok(response) if response.status() == StatusCode::NOT_FOUND => None,
        Ok(response) => Some(response.map(Body::new)),
        Err(e) if e.kind() == io::ErrorKind::InvalidFilename => None,
        Err(e) => {
            tracing::error!("serving a file: {e}");
            Some(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable { "public, max-age=31536000, immutable" } else { "public, max-age=300, must-revalidate" };
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // Files exist precompressed: a shared cache must not hand brotli to a client that did not ask for it.
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

/// Trunk names built files `name-<16 hex digits>.ext` (and `name-<hash>_bg.wasm`).
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => !name.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed("/mingchu-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("/mingchu-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/main-0123.css"));
        assert!(!is_hashed("/-0123456789abcdef.css"));
    }
}
