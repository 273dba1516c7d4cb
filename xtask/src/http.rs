//! The bench's HTTP client: `ureq` with one pooled keep-alive connection, no TLS and no content
//! decoding, so that bodies come back exactly as transferred (still compressed).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, Result};

pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as transferred (before content decoding).
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `name=value` of the cookie the answer sets, as a browser would send it back.
    pub fn cookie(&self) -> Option<&str> {
        self.header("set-cookie").and_then(|c| c.split(';').next())
    }
}

/// A client for one loopback server; the agent reuses its connection between requests.
pub struct Client {
    base: String,
    agent: ureq::Agent,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .max_idle_connections_per_host(1)
            .build();
        Client { base: format!("http://{addr}"), agent: config.into() }
    }

    /// GET `path` with extra request headers.
    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Result<Response> {
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.get(&url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.call().with_context(|| format!("GET {url}"))?;
        read(response, &url)
    }

    /// POST `body` to `path` with extra request headers.
    pub fn post(&mut self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Response> {
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.post(&url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send(body).with_context(|| format!("POST {url}"))?;
        read(response, &url)
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>, url: &str) -> Result<Response> {
    {
        let status = response.status().as_u16();
        let headers = response.headers().iter().map(|(n, v)| (n.as_str().to_ascii_lowercase(), v.to_str().unwrap_or("").to_owned())).collect();
        let body = response.body_mut().with_config().limit(64 * 1024 * 1024).read_to_vec().with_context(|| format!("reading {url}"))?;
        Ok(Response { status, headers, body })
    }
}
