//! Where the bytes of diners' photos are kept: the `media` folder under the data directory (the
//! default, the same file names as ever), or an S3-compatible bucket (Aliyun OSS, Huawei OBS, MinIO,
//! AWS) that several servers share. Both sit behind `object_store`, so the handlers neither know nor
//! care which it is. Who may see a photo is decided elsewhere (`http/media.rs`), from the database.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};

/// Where photos are kept, as `serve --media` names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum MediaConfig {
    /// `<data>/media`.
    #[default]
    Local,
    /// `s3://BUCKET[/PREFIX]`.
    Bucket(BucketConfig),
}

/// An S3-compatible bucket. What is not set here is read from the usual `AWS_*` environment variables
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
/// `AWS_VIRTUAL_HOSTED_STYLE_REQUEST`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BucketConfig {
    pub bucket: String,
    /// Keys are kept under this folder of the bucket (none: at its root).
    pub prefix: Option<String>,
    /// `https://oss-cn-hangzhou.aliyuncs.com`, `http://10.0.0.5:9000`: plain HTTP only when named so.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    /// Credentials given in code (tests); otherwise the environment's.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl FromStr for MediaConfig {
    type Err = String;

    /// `local`, or `s3://BUCKET` with an optional `/PREFIX`.
    fn from_str(s: &str) -> Result<MediaConfig, String> {
        if s == "local" {
            return Ok(MediaConfig::Local);
        }
        let rest = s.strip_prefix("s3://").ok_or_else(|| format!("{s:?}: expected `local` or s3://BUCKET[/PREFIX]"))?;
        let (bucket, prefix) = rest.split_once('/').map_or((rest, None), |(b, p)| (b, Some(p.trim_matches('/'))));
        // S3's own rule for bucket names (OSS and OBS share it): 3–63 of a–z, 0–9, `.` and `-`.
        let valid =
            (3..=63).contains(&bucket.len()) && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !valid {
            return Err(format!("{bucket:?} is not a bucket name (3–63 of a–z, 0–9, `.`, `-`)"));
        }
        let prefix = prefix.filter(|p| !p.is_empty()).map(str::to_owned);
        Ok(MediaConfig::Bucket(BucketConfig { bucket: bucket.to_owned(), prefix, ..BucketConfig::default() }))
    }
}

/// Why the media store could not be opened or answer.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("media folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("media store: {0}")]
    Store(#[from] object_store::Error),
}

/// The photo bytes, wherever they are kept.
#[derive(Debug)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    /// The folder, when photos are kept on this machine's disk (whose free space then matters).
    local: Option<PathBuf>,
}

/// The two objects a photo is kept as, under the names its addresses use: `<id>.jpg`, `<id>.thumb.jpg`.
pub fn photo_files(id: &str) -> [String; 2] {
    [format!("{id}.jpg"), format!("{id}.thumb.jpg")]
}

impl MediaStore {
    /// Opens the store `config` names; a local one is `<data>/media` (created if need be).
    pub fn open(config: &MediaConfig, data: &Path) -> Result<MediaStore, MediaError> {
        match config {
            MediaConfig::Local => {
                let dir = data.join("media");
                std::fs::create_dir_all(&dir).map_err(|source| MediaError::Folder { path: dir.clone(), source })?;
                Ok(MediaStore { objects: Arc::new(LocalFileSystem::new_with_prefix(&dir)?), local: Some(dir) })
            }
            MediaConfig::Bucket(bucket) => Ok(MediaStore { objects: open_bucket(bucket)?, local: None }),
        }
    }

    /// The folder photos are written to, when they are kept on this machine.
    pub fn local_dir(&self) -> Option<&Path> {
        self.local.as_deref()
    }

    /// Keeps `bytes` under `name`. A local file is written under a temporary name and renamed, and an
    /// object appears whole: a reader never gets half a photo.
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), MediaError> {
        self.objects.put(&Key::from(name), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// The bytes kept under `name`; `None` when there are none.
    pub async fn get(&self, name: &str) -> Result<Option<Bytes>, MediaError> {
        match self.objects.get(&Key::from(name)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes what is kept under `name`; nothing there is no fault.
    pub async fn delete(&self, name: &str) -> Result<(), MediaError> {
        match self.objects.delete(&Key::from(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// A bucket client: the environment's `AWS_*` settings, overridden by what `bucket` names.
fn open_bucket(bucket: &BucketConfig) -> Result<Arc<dyn ObjectStore>, MediaError> {
    let mut builder = AmazonS3Builder::from_env().with_bucket_name(&bucket.bucket).with_retry(RetryConfig {
        // A photo upload or view waits for the store: a store that is down must fail in seconds, not
        // after the client's default three minutes of retries.
        backoff: BackoffConfig::default(),
        max_retries: 3,
        retry_timeout: Duration::from_secs(15),
    });
    if let Some(endpoint) = &bucket.endpoint {
        // A plain-HTTP endpoint (MinIO on the local network, the tests' server) is allowed only when named.
        builder = builder.with_allow_http(endpoint.starts_with("http://")).with_endpoint(endpoint);
    }
    if let Some(region) = &bucket.region {
        builder = builder.with_region(region);
    }
    if let Some(key) = &bucket.access_key_id {
        builder = builder.with_access_key_id(key);
    }
    if let Some(secret) = &bucket.secret_access_key {
        builder = builder.with_secret_access_key(secret);
    }
    let store = builder.build()?;
    Ok(match &bucket.prefix {
        Some(prefix) => Arc::new(PrefixStore::new(store, prefix.as_str())),
        None => Arc::new(store),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_is_local_or_a_bucket_with_an_optional_prefix() {
        assert_eq!("local".parse::<MediaConfig>(), Ok(MediaConfig::Local));
        let bucket = |bucket: &str, prefix: Option<&str>| {
            MediaConfig::Bucket(BucketConfig { bucket: bucket.into(), prefix: prefix.map(Into::into), ..BucketConfig::default() })
        };
        assert_eq!("s3://mingchu-photos".parse(), Ok(bucket("mingchu-photos", None)));
        assert_eq!("s3://mingchu-photos/".parse(), Ok(bucket("mingchu-photos", None)));
        assert_eq!("s3://mingchu-photos/liaocheng/".parse(), Ok(bucket("mingchu-photos", Some("liaocheng"))));
        for bad in ["", "s3://", "s3://AB", "s3://Upper-Case", "gs://bucket", "/var/lib/mingchu"] {
            assert!(bad.parse::<MediaConfig>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_photo_is_kept_as_itself_and_its_thumbnail() {
        assert_eq!(photo_files("ab12"), ["ab12.jpg".to_owned(), "ab12.thumb.jpg".to_owned()]);
    }

    #[tokio::test]
    async fn the_local_store_keeps_the_files_where_they_always_were() {
        let data = tempfile::tempdir().unwrap();
        let media = MediaStore::open(&MediaConfig::Local, data.path()).unwrap();
        assert_eq!(media.local_dir(), Some(data.path().join("media").as_path()));
        media.put("ab.jpg", b"jpeg".to_vec()).await.unwrap();
        assert_eq!(std::fs::read(data.path().join("media/ab.jpg")).unwrap(), b"jpeg");
        // A file put there before the store existed is served as it is.
        std::fs::write(data.path().join("media/old.thumb.jpg"), b"old").unwrap();
        assert_eq!(media.get("old.thumb.jpg").await.unwrap().as_deref(), Some(&b"old"[..]));
        assert_eq!(media.get("none.jpg").await.unwrap(), None);
        media.delete("ab.jpg").await.unwrap();
        media.delete("ab.jpg").await.unwrap();
        assert!(!data.path().join("media/ab.jpg").exists());
    }
}
