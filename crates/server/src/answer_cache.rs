//! Public answers kept in memory as sent (issue 16): the bytes of a painted page or a unit's JSON, in
//! each encoding a browser asks for, with their `ETag`s, so that a repeat read costs a map lookup and a
//! copy of a reference rather than SQL, JSON and HTML, and compression.
//!
//! An answer holds for [`PUBLIC_MAX_AGE_SECS`] by the server's clock (what depends on the clock — today's
//! statuses, relative dates, camera states — is at most that old, as a shared cache may keep it), and
//! every write that may change a public answer empties the cache ([`AnswerCache::clear`]). An answer
//! rendered while a write was under way is not kept: it may have read the records before the write.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use bytes::Bytes;
use mingchu_types::PUBLIC_MAX_AGE_SECS;
use sha2::{Digest, Sha256};

/// The most bytes kept, all encodings together: past it, the oldest answers go.
pub const DEFAULT_MAX_BYTES: usize = 48 * 1024 * 1024;

/// A content coding a browser accepts and the cache keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The best coding an `Accept-Encoding` value allows (brotli, then gzip; a coding given `q=0` is refused).
    pub fn preferred(accept_encoding: &str) -> Coding {
        let accepts = |name: &str| {
            accept_encoding.split(',').any(|part| {
                let mut bits = part.split(';').map(str::trim);
                bits.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                    && !bits.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0))
            })
        };
        if accepts("br") {
            Coding::Brotli
        } else if accepts("gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }

    /// The `Content-Encoding` value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

/// One answer as sent: its headers (without length or coding), its bytes in the codings made and their
/// strong `ETag`s (the codings are different representations, so their tags differ).
#[derive(Debug)]
pub struct Answer {
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The identity bytes first, then the compressed codings made.
    encodings: Vec<Encoded>,
    made_ms: i64,
}

#[derive(Debug)]
struct Encoded {
    coding: Coding,
    bytes: Bytes,
    etag: HeaderValue,
}

impl Answer {
    /// Tags `body` and compresses it into `codings` (every coding for an answer kept for later readers,
    /// only the one asked for an answer sent once); `made_ms` is when it was rendered.
    pub fn new(headers: Vec<(HeaderName, HeaderValue)>, body: Bytes, made_ms: i64, codings: &[Coding]) -> Answer {
        let digest = Sha256::digest(&body);
        let tag = hex::encode(&digest[..12]);
        let encoded = |coding: Coding, bytes: Bytes| {
            let etag = match coding {
                Coding::Brotli => format!("\"{tag}-br\""),
                Coding::Gzip => format!("\"{tag}-gz\""),
                Coding::Identity => format!("\"{tag}\""),
            };
            // Hex and a suffix: always a valid header value.
            Encoded { coding, bytes, etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\"")) }
        };
        let mut encodings = vec![encoded(Coding::Identity, body.clone())];
        for &coding in codings {
            let bytes = match coding {
                Coding::Brotli => compress_br(&body),
                Coding::Gzip => compress_gzip(&body),
                Coding::Identity => continue,
            };
            encodings.push(encoded(coding, bytes));
        }
        Answer { headers, encodings, made_ms }
    }

    /// The bytes in `coding` and their `ETag`; the identity bytes when that coding was not made.
    pub fn encoded(&self, coding: Coding) -> (Coding, &Bytes, &HeaderValue) {
        let e = self.encodings.iter().find(|e| e.coding == coding).unwrap_or(&self.encodings[0]);
        (e.coding, &e.bytes, &e.etag)
    }

    fn bytes(&self) -> usize {
        self.encodings.iter().map(|e| e.bytes.len()).sum()
    }
}

/// Whether the client's `If-None-Match` names `etag` (weak or strong) or is `*`.
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

fn compress_br(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        // Quality 6 costs about a millisecond for a page, once per answer kept; window 2^22.
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, 6, 22);
        let _ = writer.write_all(body);
    }
    Bytes::from(out)
}

fn compress_gzip(body: &[u8]) -> Bytes {
    let mut writer = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(6));
    let _ = writer.write_all(body);
    Bytes::from(writer.finish().unwrap_or_default())
}

struct Kept {
    answers: HashMap<String, Arc<Answer>>,
    bytes: usize,
}

/// The answers kept, by the request's path and query.
pub struct AnswerCache {
    kept: RwLock<Kept>,
    /// Bumped by every [`AnswerCache::clear`]: an answer rendered across a bump is not kept.
    generation: AtomicU64,
    ttl_ms: i64,
    max_bytes: usize,
}

impl Default for AnswerCache {
    fn default() -> AnswerCache {
        AnswerCache::new(DEFAULT_MAX_BYTES)
    }
}

impl AnswerCache {
    pub fn new(max_bytes: usize) -> AnswerCache {
        AnswerCache {
            kept: RwLock::new(Kept { answers: HashMap::new(), bytes: 0 }),
            generation: AtomicU64::new(0),
            ttl_ms: i64::from(PUBLIC_MAX_AGE_SECS) * 1000,
            max_bytes,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Kept> {
        self.kept.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Kept> {
        self.kept.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The answer kept for `key`, if it was rendered less than the time it holds before `now_ms`.
    pub fn get(&self, key: &str, now_ms: i64) -> Option<Arc<Answer>> {
        self.read().answers.get(key).filter(|a| now_ms - a.made_ms < self.ttl_ms && now_ms >= a.made_ms).cloned()
    }

    /// Where the cache is now: pass it to [`AnswerCache::put`] with an answer rendered after this call.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Keeps `answer` for `key`, unless the cache was cleared since `generation` was read. Past the byte
    /// limit, the oldest answers go first.
    pub fn put(&self, key: String, answer: Arc<Answer>, generation: u64) {
        let mut kept = self.write();
        // Read under the lock `clear` takes too: a clear is either seen here or comes after the insert.
        if self.generation.load(Ordering::Acquire) != generation || answer.bytes() > self.max_bytes {
            return;
        }
        kept.bytes += answer.bytes();
        if let Some(old) = kept.answers.insert(key, answer) {
            kept.bytes -= old.bytes();
        }
        if kept.bytes > self.max_bytes {
            let mut by_age: Vec<(i64, String)> = kept.answers.iter().map(|(k, a)| (a.made_ms, k.clone())).collect();
            by_age.sort();
            for (_, key) in by_age {
                if kept.bytes <= self.max_bytes * 3 / 4 {
                    break;
                }
                if let Some(old) = kept.answers.remove(&key) {
                    kept.bytes -= old.bytes();
                }
            }
        }
    }

    /// Forgets every answer: something they may show has changed.
    pub fn clear(&self) {
        let mut kept = self.write();
        self.generation.fetch_add(1, Ordering::AcqRel);
        kept.answers.clear();
        kept.bytes = 0;
    }

    /// How many answers and bytes are kept.
    pub fn usage(&self) -> (usize, usize) {
        let kept = self.read();
        (kept.answers.len(), kept.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    fn answer(text: &str, made_ms: i64) -> Arc<Answer> {
        Arc::new(Answer::new(vec![], Bytes::from(text.to_owned()), made_ms, &ALL))
    }

    fn body(a: &Answer, coding: Coding) -> Bytes {
        a.encoded(coding).1.clone()
    }

    fn etag(a: &Answer, coding: Coding) -> String {
        a.encoded(coding).2.to_str().unwrap().to_owned()
    }

    fn asking(value: &str) -> HeaderMap {
        HeaderMap::from_iter([(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap())])
    }

    #[test]
    fn the_coding_is_the_best_the_browser_takes() {
        assert_eq!(Coding::preferred("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(Coding::preferred("gzip, deflate"), Coding::Gzip);
        assert_eq!(Coding::preferred("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(Coding::preferred("BR"), Coding::Brotli);
        assert_eq!(Coding::preferred(""), Coding::Identity);
        assert_eq!(Coding::preferred("identity"), Coding::Identity);
    }

    #[test]
    fn every_coding_reads_back_and_has_its_own_tag() {
        let page = "明厨亮灶 ".repeat(500);
        let a = answer(&page, 0);
        let mut br = String::new();
        std::io::Read::read_to_string(&mut brotli::Decompressor::new(&body(&a, Coding::Brotli)[..], 4096), &mut br).unwrap();
        let mut gz = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body(&a, Coding::Gzip)[..]), &mut gz).unwrap();
        assert_eq!((br.as_str(), gz.as_str()), (page.as_str(), page.as_str()));
        assert!(body(&a, Coding::Brotli).len() < page.len() / 10);
        let tags = [etag(&a, Coding::Brotli), etag(&a, Coding::Gzip), etag(&a, Coding::Identity)];
        assert!(tags[0] != tags[1] && tags[1] != tags[2], "{tags:?}");
        assert_eq!(etag(&answer(&page, 5), Coding::Brotli), tags[0], "the same bytes, the same tag");
        assert!(if_none_match(&asking(&format!("\"x\", W/{}", tags[0])), &tags[0]));
        assert!(if_none_match(&asking("*"), &tags[2]));
        assert!(!if_none_match(&asking(&tags[1]), &tags[0]));
        assert!(!if_none_match(&HeaderMap::new(), &tags[0]));
        // An answer sent once is compressed only as asked; other codings get the identity bytes.
        let once = Answer::new(vec![], Bytes::from(page.clone()), 0, &[Coding::Gzip]);
        assert_eq!(once.encoded(Coding::Gzip).0, Coding::Gzip);
        assert_eq!((once.encoded(Coding::Brotli).0, once.encoded(Coding::Brotli).2.as_bytes()), (Coding::Identity, tags[2].as_bytes()));
    }

    #[test]
    fn answers_hold_for_the_public_max_age_and_until_a_clear() {
        let cache = AnswerCache::default();
        let g = cache.generation();
        cache.put("/u/a".into(), answer("a", 1_000), g);
        assert!(cache.get("/u/a", 1_000).is_some());
        assert!(cache.get("/u/a", 10_999).is_some());
        assert!(cache.get("/u/a", 11_000).is_none(), "ten seconds later");
        assert!(cache.get("/u/a", 999).is_none(), "a clock set back");
        cache.clear();
        assert!(cache.get("/u/a", 1_000).is_none());
        assert_eq!(cache.usage(), (0, 0));
        // Rendered before the clear, put after it: not kept.
        cache.put("/u/a".into(), answer("a", 1_000), g);
        assert!(cache.get("/u/a", 1_000).is_none());
    }

    #[test]
    fn past_the_byte_limit_the_oldest_go() {
        let one = answer(&"x".repeat(1000), 0).bytes();
        let cache = AnswerCache::new(one * 4);
        for i in 0..5 {
            cache.put(format!("/{i}"), answer(&"x".repeat(1000), i), cache.generation());
        }
        let (n, bytes) = cache.usage();
        assert!(n <= 3 && bytes <= one * 3, "{n} {bytes}");
        assert!(cache.get("/4", 4).is_some() && cache.get("/0", 4).is_none());
    }
}
