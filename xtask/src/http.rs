//! A minimal HTTP/1.1 client on `std::net::TcpStream`, enough for the bench: GET requests over
//! one keep-alive connection, bodies framed by Content-Length or chunked encoding (returned as
//! sent, i.e. still compressed). Loopback use only; every read has a timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{bail, Context, Result};

const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEADER_BYTES: usize = 64 * 1024;

pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as transferred (after removing chunk framing, before content decoding).
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A client that keeps one connection open and reconnects when the server closes it.
pub struct Client {
    addr: SocketAddr,
    connection: Option<BufReader<TcpStream>>,
    /// How many connections were opened (1 when keep-alive worked throughout).
    pub connections: u32,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            connection: None,
            connections: 0,
        }
    }

    /// `GET path` with the extra request headers given.
    pub fn get(&mut self, path: &str, headers: &[(&str, &str)]) -> Result<Response> {
        let mut request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");

        let reused = self.connection.is_some();
        match self.exchange(&request) {
            Ok(response) => Ok(response),
            // A kept-alive connection may have been closed by the server meanwhile: retry once.
            Err(_) if reused => {
                self.connection = None;
                self.exchange(&request)
            }
            Err(e) => Err(e),
        }
        .with_context(|| format!("GET http://{}{path}", self.addr))
    }

    fn exchange(&mut self, request: &str) -> Result<Response> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            None => {
                let stream =
                    TcpStream::connect_timeout(&self.addr, TIMEOUT).context("cannot connect")?;
                stream.set_nodelay(true).context("cannot set TCP_NODELAY")?;
                stream
                    .set_read_timeout(Some(TIMEOUT))
                    .context("cannot set a read timeout")?;
                stream
                    .set_write_timeout(Some(TIMEOUT))
                    .context("cannot set a write timeout")?;
                self.connections += 1;
                self.connection.insert(BufReader::new(stream))
            }
        };
        let result = send_and_read(connection, request);
        match &result {
            Ok((_, keep_alive)) if *keep_alive => {}
            _ => self.connection = None,
        }
        result.map(|(response, _)| response)
    }
}

/// Writes the request and reads one response; also says whether the connection can be reused.
fn send_and_read(connection: &mut BufReader<TcpStream>, request: &str) -> Result<(Response, bool)> {
    connection
        .get_mut()
        .write_all(request.as_bytes())
        .context("cannot send the request")?;

    let mut header_bytes = 0;
    let status_line = read_line(connection, &mut header_bytes)?;
    let status = parse_status(&status_line)?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(connection, &mut header_bytes)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .with_context(|| format!("bad header line `{line}`"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };

    let mut keep_alive = !response
        .header("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if status == 204 || status == 304 || (100..200).contains(&status) {
        // No body.
    } else if chunked {
        response.body = read_chunked(connection)?;
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length
            .parse()
            .with_context(|| format!("bad Content-Length `{length}`"))?;
        response.body = vec![0; length];
        connection
            .read_exact(&mut response.body)
            .context("the body ended early")?;
    } else {
        connection
            .read_to_end(&mut response.body)
            .context("cannot read the body")?;
        keep_alive = false;
    }
    Ok((response, keep_alive))
}

/// One CRLF-terminated line without its terminator; fails on EOF.
fn read_line(connection: &mut BufReader<TcpStream>, total: &mut usize) -> Result<String> {
    let mut line = String::new();
    let n = connection
        .read_line(&mut line)
        .context("cannot read the response")?;
    if n == 0 {
        bail!("the server closed the connection");
    }
    *total += n;
    if *total > MAX_HEADER_BYTES {
        bail!("response headers larger than {MAX_HEADER_BYTES} bytes");
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn parse_status(line: &str) -> Result<u16> {
    let mut parts = line.split_whitespace();
    match (
        parts.next(),
        parts.next().and_then(|code| code.parse().ok()),
    ) {
        (Some(version), Some(code)) if version.starts_with("HTTP/1.") => Ok(code),
        _ => bail!("bad status line `{line}`"),
    }
}

fn read_chunked(connection: &mut BufReader<TcpStream>) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut header_bytes = 0;
    loop {
        let size_line = read_line(connection, &mut header_bytes)?;
        header_bytes = 0; // only guards against one absurd line
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .with_context(|| format!("bad chunk size `{size_line}`"))?;
        if size == 0 {
            // Trailers, then an empty line.
            while !read_line(connection, &mut header_bytes)?.is_empty() {}
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        connection
            .read_exact(&mut body[start..])
            .context("a chunk ended early")?;
        let mut crlf = [0; 2];
        connection
            .read_exact(&mut crlf)
            .context("a chunk ended early")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A one-connection server that answers each request with the next canned response.
    fn serve(responses: Vec<&'static str>) -> Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            for response in responses {
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    line.clear();
                }
                if reader.get_mut().write_all(response.as_bytes()).is_err() {
                    return;
                }
            }
        });
        Ok(addr)
    }

    #[test]
    fn reads_length_and_chunked_bodies_over_one_connection() -> Result<()> {
        let addr = serve(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Encoding: br\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        ])?;
        let mut client = Client::new(addr);
        let first = client.get("/a", &[("Accept-Encoding", "br")])?;
        assert_eq!(
            (
                first.status,
                first.body.as_slice(),
                first.header("content-encoding")
            ),
            (200, &b"hello"[..], Some("br"))
        );
        let second = client.get("/b", &[])?;
        assert_eq!(second.body, b"abcde");
        assert_eq!(client.get("/c", &[])?.status, 404);
        assert_eq!(client.connections, 1);
        Ok(())
    }
}
