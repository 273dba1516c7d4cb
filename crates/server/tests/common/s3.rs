//! moto's S3 server, which `cargo xtask setup` installs into `.tools/s3` (or the one `MINGCHU_S3_SERVER`
//! names), on a free loopback port with an empty bucket, stopped when dropped. Without it a test fails:
//! it is not skipped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mingchu_server::media_store::{BucketConfig, MediaConfig};
use object_store::aws::{AmazonS3, AmazonS3Builder};

pub const BUCKET: &str = "mingchu-photos";
pub const PREFIX: &str = "liaocheng";
pub const REGION: &str = "cn-north-1";
pub const KEY_ID: &str = "test-key";
pub const SECRET: &str = "test-secret";

/// moto's S3 server on a free loopback port, stopped when dropped.
pub struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl S3Server {
    pub async fn start() -> S3Server {
        let exe = std::env::var_os("MINGCHU_S3_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/s3/bin/moto_server"));
        assert!(
            exe.exists(),
            "the S3 test server {} is missing: run `cargo xtask setup` (it installs moto's S3 server into .tools/s3)",
            exe.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let server = S3Server { child, endpoint: format!("http://127.0.0.1:{port}") };
        // Up once it answers anything; the bucket is made with a plain PUT (moto takes it unsigned).
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            match client.put(format!("{}/{BUCKET}", server.endpoint)).send().await {
                Ok(response) => {
                    assert!(response.status().is_success(), "creating the bucket: {}", response.status());
                    break;
                }
                Err(_) if started.elapsed() < Duration::from_secs(60) => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => panic!("the S3 test server did not answer within a minute: {e}"),
            }
        }
        server
    }

    /// The bucket as a server is configured with it.
    pub fn media(&self) -> MediaConfig {
        MediaConfig::Bucket(BucketConfig {
            bucket: BUCKET.into(),
            prefix: Some(PREFIX.into()),
            endpoint: Some(self.endpoint.clone()),
            region: Some(REGION.into()),
            access_key_id: Some(KEY_ID.into()),
            secret_access_key: Some(SECRET.into()),
        })
    }

    /// An S3 client of the test's own, to see what is in the bucket without asking the server.
    pub fn client(&self) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_bucket_name(BUCKET)
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_region(REGION)
            .with_access_key_id(KEY_ID)
            .with_secret_access_key(SECRET)
            .build()
            .expect("S3 client")
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
