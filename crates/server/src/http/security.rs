//! Security headers on every answer. The content security policy allows scripts from this site, the
//! apps' WebAssembly, and inline only the start-up scripts Trunk writes into the apps' pages, by their
//! SHA-256 hash (the data the server inlines is `application/json`, which is never run). No inline
//! style, no plugins, no framing, forms and connections to this site only (and to the `blob:` URLs of
//! photos the page itself has shrunk).

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for pages whose inline scripts are these documents' executable `<script>` elements.
/// `media-src blob:`: the kitchen view's delayed video plays from a MediaSource's object address.
pub fn content_policy(documents: &[&str]) -> String {
    let mut hashes: Vec<String> = documents.iter().flat_map(|d| inline_scripts(d)).map(|s| format!("'sha256-{}'", sha256_b64(s))).collect();
    hashes.sort();
    hashes.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' blob:; \
         font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        hashes.join(" ")
    )
}

/// The text of every inline `<script>` that a browser would run (not `type="application/json"`).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let open = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else { break };
        let is_data = open.contains("application/json");
        if !open.contains(" src=") && !is_data {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

fn sha256_b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
}

/// Adds the security headers (those a handler has not set itself) to every answer of `router`.
pub fn headers(router: Router, csp: &str, https: bool) -> Router {
    let set =
        |name: HeaderName, value: &str| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_str(value).expect("a valid header value"));
    let mut router = router
        .layer(set(header::CONTENT_SECURITY_POLICY, csp))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(set(HeaderName::from_static("permissions-policy"), "geolocation=(self), microphone=(), camera=(), payment=()"));
    if https {
        router = router.layer(set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000"));
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_scripts_that_run() {
        let page = r#"<head><script type="module">import init from '/a.js';</script><script src="/b.js"></script></head>
            <body><script type="application/json" id="mc-unit">{"a":1}</script></body>"#;
        assert_eq!(inline_scripts(page), vec!["import init from '/a.js';"]);
        let csp = content_policy(&[page, page]);
        assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
        assert!(csp.contains(&format!("'sha256-{}'", sha256_b64("import init from '/a.js';"))));
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("style-src 'self';") && !csp.contains("unsafe-inline"));
    }
}
