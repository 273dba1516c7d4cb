//! Public answers over HTTP (issue 16): a handler marks an answer every reader gets alike with
//! [`public`] (or [`kept`], to have the server keep it as sent); this layer gives each a strong `ETag`,
//! answers `304` to an `If-None-Match` that names it, serves kept answers from the [`AnswerCache`]
//! compressed once, and empties the cache after every write that may change one.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use mingchu_types::{cookie_leads, PUBLIC_CACHE_CONTROL};

use crate::answer_cache::{if_none_match, Answer, Coding};
use crate::AppState;

/// The largest answer kept or tagged (a painted page is tens of KB).
const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// Marks an answer that the server may keep as sent (see the module's notes).
#[derive(Clone, Copy, Debug)]
struct Keep;

/// An answer every reader gets alike: `public` for a few seconds in any cache, tagged by this layer.
pub fn public(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    if response.status() == StatusCode::OK {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_CACHE_CONTROL));
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    response
}

/// A [`public`] answer that the server also keeps until a write or its age ends it: one that depends on
/// the records and the day only, not on what cameras send from second to second.
pub fn kept(answer: impl IntoResponse) -> Response {
    let mut response = public(answer);
    if response.status() == StatusCode::OK {
        response.extensions_mut().insert(Keep);
    }
    response
}

/// Writes that change no public answer by themselves: a camera's frames and video (its handlers empty
/// the cache when a camera comes back; otherwise its states are shown at most the cache's age late). An
/// analytics alert or a sensor's readings change the unit's public counts and charts, so they count.
fn changes_nothing_public(path: &str) -> bool {
    let camera_stream = path.strip_prefix("/api/ingest/cameras/").and_then(|rest| rest.split_once('/')).map(|(_, what)| what);
    matches!(camera_stream, Some(what) if what == "frames" || what.starts_with("video/"))
}

/// The layer (see the module's notes); it sits inside the compression layer, which leaves the answers it
/// encodes alone.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return write(&state, request, next).await;
    }
    let uri = request.uri();
    // A page the language cookie leads elsewhere (or switches) is answered by the page itself.
    if !uri.path().starts_with("/api/") && cookie_leads(uri.query().unwrap_or(""), super::pages::remembered(request.headers())) {
        return next.run(request).await;
    }
    let coding = Coding::preferred(request.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or(""));
    let now = state.clock.now_ms();
    let key = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    if let Some(answer) = state.answers.get(key, now) {
        return send(&answer, coding, request.headers());
    }
    let key = key.to_owned();
    let asked = request.headers().get_all(header::IF_NONE_MATCH).iter().fold(HeaderMap::new(), |mut asked, value| {
        asked.append(header::IF_NONE_MATCH, value.clone());
        asked
    });
    let generation = state.answers.generation();
    let response = next.run(request).await;
    // Only what `public` marked: other answers (frames, video) tag and cache themselves.
    let public = response.headers().get(header::CACHE_CONTROL).is_some_and(|v| v == PUBLIC_CACHE_CONTROL);
    if response.status() != StatusCode::OK
        || !public
        || response.headers().contains_key(header::ETAG)
        || response.headers().contains_key(header::SET_COOKIE)
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let keep = response.extensions().get::<Keep>().is_some();
    let (parts, body) = response.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_ANSWER_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => return super::ApiError::internal(format!("reading a public answer: {e}")).into_response(),
    };
    // Every value of every header (a header may have several: `into_iter` names only the first).
    let headers =
        parts.headers.iter().filter(|(name, _)| *name != header::CONTENT_LENGTH).map(|(name, value)| (name.clone(), value.clone())).collect();
    // An answer kept is compressed once in every coding; one sent once only as this reader asks.
    let codings: &[Coding] = if keep { &[Coding::Brotli, Coding::Gzip] } else { std::slice::from_ref(&coding) };
    let answer = Arc::new(Answer::new(headers, bytes, now, codings));
    if keep {
        state.answers.put(key, answer.clone(), generation);
    }
    send(&answer, coding, &asked)
}

/// A request that may write: a success empties the cache, unless it changes nothing public.
async fn write(state: &AppState, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if method != Method::HEAD && method != Method::OPTIONS && response.status().is_success() && !changes_nothing_public(&path) {
        state.answers.clear();
    }
    response
}

/// An answer in `coding` (or as it is, when it was not made in that coding), or `304` when the reader's
/// `If-None-Match` names it.
fn send(answer: &Answer, coding: Coding, request: &HeaderMap) -> Response {
    let (coding, bytes, etag) = answer.encoded(coding);
    let not_modified = if_none_match(request, etag.to_str().unwrap_or(""));
    let mut response = if not_modified { Response::new(Body::empty()) } else { Response::new(Body::from(bytes.clone())) };
    let headers = response.headers_mut();
    headers.reserve(answer.headers.len() + 2);
    for (name, value) in &answer.headers {
        // A 304 carries the validators and caching, not the body's description.
        if !(not_modified && name == header::CONTENT_TYPE) {
            headers.append(name.clone(), value.clone());
        }
    }
    headers.insert(header::ETAG, etag.clone());
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    } else if let Some(encoding) = coding.header() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}
