//! Precompression of the built app: writes `NAME.br` (brotli quality 11, window 22) and
//! `NAME.gz` (gzip, best) next to every compressible file in a directory tree, so the server
//! can send them without compressing on the fly.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Extensions worth compressing (images such as png/jpg/woff2 are already compressed).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json", "txt", "ico"];

/// One precompressed file and its sizes in bytes.
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub br: u64,
    pub gz: u64,
}

/// Removes every stale `.br`/`.gz` under `dir`, then precompresses each compressible file.
/// Returns the files in path order.
pub fn precompress_dir(dir: &Path) -> Result<Vec<Compressed>> {
    let files = files_under(dir)?;
    for file in &files {
        if has_extension(file, &["br", "gz"]) {
            std::fs::remove_file(file).with_context(|| format!("cannot remove stale {}", file.display()))?;
        }
    }
    let mut done = Vec::new();
    for file in files.iter().filter(|f| has_extension(f, COMPRESSIBLE)) {
        let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let br = brotli(&data)?;
        let gz = gzip(&data)?;
        write(&with_suffix(file, "br"), &br)?;
        write(&with_suffix(file, "gz"), &gz)?;
        done.push(Compressed { path: file.clone(), raw: data.len() as u64, br: br.len() as u64, gz: gz.len() as u64 });
    }
    Ok(done)
}

/// Brotli at maximum quality with a 4 MiB window (lgwin 22), as browsers accept.
pub fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).context("brotli compression failed")?;
    Ok(out)
}

/// Gzip at the best compression level.
pub fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).context("gzip compression failed")?;
    encoder.finish().context("gzip compression failed")
}

/// `dir/app.wasm` + `br` → `dir/app.wasm.br`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.iter().any(|wanted| e.eq_ignore_ascii_case(wanted)))
}

fn write(path: &Path, data: &[u8]) -> Result<()> {
    std::fs::write(path, data).with_context(|| format!("cannot write {}", path.display()))
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).with_context(|| format!("cannot list {}", current.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", current.display()))?;
            let kind = entry.file_type().with_context(|| format!("cannot stat {}", entry.path().display()))?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn precompresses_and_replaces_stale_files() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("xtask-compress-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("assets"))?;
        let html = "<!doctype html><title>明厨亮灶</title>".repeat(50);
        std::fs::write(dir.join("index.html"), &html)?;
        std::fs::write(dir.join("assets/app.js"), "console.log('hi');".repeat(50))?;
        std::fs::write(dir.join("photo.png"), [0u8; 100])?;
        std::fs::write(dir.join("old.js.br"), "stale")?; // its source is gone: must disappear
        std::fs::write(dir.join("index.html.gz"), "stale")?;

        let done = precompress_dir(&dir)?;

        let names: Vec<_> = done.iter().map(|c| c.path.strip_prefix(&dir).map(Path::to_path_buf)).collect::<Result<_, _>>()?;
        assert_eq!(names, [PathBuf::from("assets/app.js"), PathBuf::from("index.html")]);
        assert!(!dir.join("old.js.br").exists());
        assert!(!dir.join("photo.png.br").exists());

        let mut from_br = Vec::new();
        brotli::Decompressor::new(&std::fs::read(dir.join("index.html.br"))?[..], 4096).read_to_end(&mut from_br)?;
        assert_eq!(from_br, html.as_bytes());
        let mut from_gz = String::new();
        flate2::read::GzDecoder::new(&std::fs::read(dir.join("index.html.gz"))?[..]).read_to_string(&mut from_gz)?;
        assert_eq!(from_gz, html);
        assert!(done.iter().all(|c| c.br < c.raw && c.gz < c.raw));

        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
