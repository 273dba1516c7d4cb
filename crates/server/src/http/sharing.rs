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
use mingchu_types::i18n::Lang;
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
    let method = request.method().clone();
    if method != Method::GET {
        let path = request.uri().path().to_owned();
        let response = next.run(request).await;
        if method != Method::HEAD && method != Method::OPTIONS && response.status().is_success() && !changes_nothing_public(&path) {
            state.answers.clear();
        }
        return response;
    }
    let key = request.uri().path_and_query().map_or_else(|| request.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    // A page the language cookie leads elsewhere (or switches) is answered by the page itself.
    let remembered = request.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(Lang::from_cookie_header);
    if !key.starts_with("/api/") && cookie_leads(request.uri().query().unwrap_or(""), remembered) {
        return next.run(request).await;
    }
    let coding = Coding::preferred(header_str(request.headers(), header::ACCEPT_ENCODING));
    let asked = request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let now = state.clock.now_ms();
    if let Some(answer) = state.answers.get(&key, now) {
        return send(&answer, coding, asked.as_deref());
    }
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
    let headers = parts
        .headers
        .iter()
        .filter(|(name, _)| *name != header::CONTENT_LENGTH)
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    let answer = Arc::new(Answer::new(headers, bytes, now));
    if keep {
        state.answers.put(key, answer.clone(), generation);
    }
    send(&answer, coding, asked.as_deref())
}

/// An answer in `coding`, or `304` when the reader's `If-None-Match` names it.
fn send(answer: &Answer, coding: Coding, asked: Option<&str>) -> Response {
    let etag = answer.etag(coding);
    let not_modified = asked.is_some_and(|asked| if_none_match(asked, &etag));
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Body::from(answer.body(coding)).into_response();
        if let Some(encoding) = coding.header() {
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let headers = response.headers_mut();
    for (name, value) in &answer.headers {
        // A 304 carries the validators and caching, not the body's description.
        if not_modified && (name == "content-type") {
            continue;
        }
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            headers.insert(name, value);
        }
    }
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}
