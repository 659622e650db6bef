//! A real S3-compatible server for the deploy tests: `s3s-fs`, the file-system store of the
//! s3s project (`cargo install s3s-fs --version 0.14.1 --features binary --locked`),
//! started on a free port of 127.0.0.1 in a temporary directory with an access key and
//! secret, so SigV4 signatures are checked, and stopped when the test ends.
//!
//! s3s-fs keeps each object as a plain file at `<root>/<bucket>/<key>` (its metadata beside
//! the bucket), so [`S3Server::objects`] reads what it serves straight from there.

// Each test uses a different subset of the helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, SiteTest, read_tree};

pub mod kill;

/// The key pair the server accepts.
pub const ACCESS_KEY: &str = "bulletin-test-key";
/// The secret of [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "bulletin-test-secret";
/// The bucket every test deploys to.
pub const BUCKET: &str = "site";

/// What the deploy tests check, for the skip message.
const CHECKS: &str = "first deploy, no-change redeploy, one changed notice, removed notice, \
                      max-deletes, dry run, headers by HEAD, killed deploy and rerun, wrong \
                      credentials, --build";

/// The s3s-fs binary: `$S3S_FS`, else `s3s-fs` on the PATH or in Cargo's `bin`.
fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("S3S_FS") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(cargo) = std::env::var_os("CARGO_HOME") {
        dirs.push(Path::new(&cargo).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|dir| dir.join("s3s-fs"))
        .find(|path| path.is_file())
}

/// A running s3s-fs, killed on drop.
pub struct S3Server {
    child: Child,
    root: tempfile::TempDir,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
}

impl S3Server {
    /// Starts a server with an empty bucket [`BUCKET`], or returns `None` (after printing
    /// `SKIPPED deploy tests (…)`) when s3s-fs is not installed. With `CI=true` a missing
    /// server fails the test instead.
    pub fn start() -> Option<S3Server> {
        let Some(binary) = binary() else {
            let message = format!(
                "SKIPPED deploy tests (no s3s-fs: cargo install s3s-fs --version 0.14.1 \
                 --features binary --locked, or set S3S_FS): {CHECKS}"
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true, so the deploy tests may not be skipped: {message}");
            }
            let _ = writeln!(std::io::stderr(), "{message}");
            return None;
        };
        let root = tempfile::Builder::new()
            .prefix("bulletin-s3-")
            .tempdir()
            .expect("a temporary directory for the server");
        std::fs::create_dir(root.path().join(BUCKET)).expect("create the bucket directory");
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(&binary)
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
                .arg(root.path())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
            if wait_ready(&mut child, port) {
                return Some(S3Server {
                    child,
                    root,
                    endpoint: format!("http://127.0.0.1:{port}"),
                });
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("s3s-fs did not start");
    }

    /// The directory holding the bucket's objects.
    pub fn bucket_dir(&self) -> PathBuf {
        self.root.path().join(BUCKET)
    }

    /// Every object of the bucket with its bytes, by key.
    pub fn objects(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.bucket_dir())
    }

    /// Puts a file into the bucket behind the server's back (an object of another tool).
    pub fn plant(&self, key: &str, bytes: &[u8]) {
        let path = self.bucket_dir().join(key);
        std::fs::create_dir_all(path.parent().expect("a key has a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write an object file");
    }

    /// The `deploy:` block of site.yaml for this server.
    pub fn settings(&self, extra: &str) -> String {
        format!(
            "deploy:\n  targets:\n    - name: local\n      endpoint: {}\n      bucket: {BUCKET}\n      \
             path_style: true\n{extra}",
            self.endpoint
        )
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `port` accepts connections, or the server exited (the port was taken).
fn wait_ready(child: &mut Child, port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return true;
        }
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind an ephemeral port")
}

/// Appends the server's `deploy:` settings (plus `extra` target keys, indented six spaces)
/// to the site's `data/site.yaml`.
pub fn configure(site: &SiteTest, server: &S3Server, extra: &str) {
    let mut yaml = site.read("data/site.yaml");
    if !yaml.ends_with('\n') {
        yaml.push('\n');
    }
    yaml.push_str(&server.settings(extra));
    site.file("data/site.yaml", yaml);
}

/// The `bulletin` command for `site` with the server's credentials and nothing else from
/// the environment that could change credentials.
pub fn command(site: &SiteTest, args: &[&str], secret: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("NO_COLOR", "1")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("HOME", site.root())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .stdin(Stdio::null());
    command
}

/// Runs `bulletin <args>` on `site` with the right credentials.
pub fn deploy(site: &SiteTest, args: &[&str]) -> Run {
    run(site, args, SECRET_KEY)
}

/// Runs `bulletin <args>` on `site` with `secret` as the secret key.
pub fn run(site: &SiteTest, args: &[&str], secret: &str) -> Run {
    let output = command(site, args, secret)
        .output()
        .expect("run the bulletin binary");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: site.redact(&String::from_utf8_lossy(&output.stdout)),
        stderr: site.redact(&String::from_utf8_lossy(&output.stderr)),
    }
}

/// The paths a deploy's `-v`/`--dry-run` listing says it uploads, with their reasons.
pub fn uploads(run: &Run) -> BTreeMap<String, String> {
    actions(run, "upload ")
}

/// The paths a deploy's listing says it deletes.
pub fn deletes(run: &Run) -> Vec<String> {
    actions(run, "delete ").into_keys().collect()
}

fn actions(run: &Run, verb: &str) -> BTreeMap<String, String> {
    run.stdout
        .lines()
        .filter_map(|line| line.strip_prefix(verb))
        .filter_map(|rest| {
            let (path, reason) = rest.split_once(" (")?;
            Some((path.to_string(), reason.strip_suffix(')')?.to_string()))
        })
        .collect()
}

/// The paths whose bytes differ between two trees, or that only one has.
pub fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut paths: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect();
    paths.sort();
    paths
}

/// The objects of the server without bulletin's state file.
pub fn site_objects(server: &S3Server) -> BTreeMap<String, Vec<u8>> {
    let mut objects = server.objects();
    objects.remove(".bulletin-deploy.json");
    objects
}

/// The files of `site`'s built `public/` that deploy publishes (all but bulletin's marker).
pub fn published(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let mut files = site.files("public");
    files.remove(bulletin::output::MARKER);
    files
}

/// The example site built, with `deploy:` pointing at `server`.
pub fn example_on(server: &S3Server, extra: &str) -> SiteTest {
    let site = SiteTest::example();
    configure(&site, server, extra);
    site.build().success();
    site
}

/// A notice with a deadline, so it also gets a calendar file.
pub fn extra_notice(site: &SiteTest, slug: &str) {
    site.file(
        &format!("content/notices/{slug}.md"),
        format!(
            "---\ntitle: 关于{slug}的通知\ndate: 2025-02-0{} 09:00\ndeadline: 2025-09-30\n---\n\n各有关单位：\n\n{slug}正文。\n",
            1 + slug.len() % 9
        ),
    );
}

/// The headers of `key`, through the crate's own S3 client (HEAD).
pub fn head(site: &SiteTest, key: &str) -> std::collections::BTreeMap<String, String> {
    let config = bulletin::config::load(site.root(), None).expect("valid settings");
    let target = &config.deploy.targets[0];
    let credentials = rusty_s3::Credentials::new(ACCESS_KEY, SECRET_KEY);
    let client = bulletin::deploy::s3::Client::new(target, credentials).expect("a client");
    let headers = client
        .head(key)
        .expect("HEAD works")
        .expect("the object exists");
    headers.into_iter().collect()
}

/// The example site with extra notices (`slugs`), built and deployed to `server`.
pub fn deployed(server: &S3Server, slugs: &[&str]) -> SiteTest {
    let site = example_on(server, "");
    for slug in slugs {
        extra_notice(&site, slug);
    }
    site.build().success();
    deploy(&site, &["deploy"]).success();
    site
}
