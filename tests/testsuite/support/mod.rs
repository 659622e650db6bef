//! Shared helpers for the integration tests, in the style of mdBook's test suite: copy or
//! write a site into a temporary directory, run the real `bulletin` binary on it, and look at
//! the files it wrote and what it printed.
//!
//! ```ignore
//! let site = SiteTest::example();
//! site.file("data/units.yaml", "units: [");
//! let run = site.build();
//! assert_eq!(run.code, 1);
//! snapshot("errors/units_yaml_syntax", &run.stderr);
//! ```

pub mod deploy;
pub mod hostile;
pub mod payloads;
pub mod pdf;
pub mod publishing;
pub mod roster;
pub mod scan;
pub mod wechat;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where the example site's `content/` and `data/` live).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `--now` every test build uses unless it says otherwise: the call is open.
pub const NOW: &str = "2025-03-01";

/// A site in a temporary directory, removed when the test ends.
pub struct SiteTest {
    dir: tempfile::TempDir,
}

/// The outcome of one run of the binary. `stdout` and `stderr` have the temporary directory
/// replaced by `[ROOT]`.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0 and returns self.
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success\n{self}");
        self
    }

    /// Asserts the exit code and returns self.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n{self}");
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--- exit code: {}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

const MINIMAL_SITE: &str = "\
title: 测试站点
base_url: https://example.org/
publisher: 测试单位
";

const MINIMAL_NOTICE: &str = "\
---
title: 测试通知
date: 2025-01-22 10:51
---

各有关单位：

正文。
";

impl SiteTest {
    /// An empty temporary directory.
    pub fn empty() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("bulletin-test-")
            .tempdir()
            .expect("create a temporary directory");
        SiteTest { dir }
    }

    /// A copy of the repository's example site: `content/` and `data/`, but no `templates/`,
    /// so the theme embedded in the binary is used.
    pub fn example() -> Self {
        let site = SiteTest::empty();
        for dir in ["content", "data"] {
            copy_dir(&repo_root().join(dir), &site.path(dir));
        }
        site
    }

    /// A copy of the second example (`tests/fixtures/second-site`): a programme of another
    /// shape than the CAPPVD example, with tiers A to D and five kinds, a second roster of
    /// two tiers without a mark, and two calls open at the same time.
    pub fn second_example() -> Self {
        let site = SiteTest::empty();
        copy_dir(&repo_root().join("tests/fixtures/second-site"), site.root());
        site
    }

    /// Builds the site with `--now now` and returns its HTML pages by output path.
    pub fn pages_at(&self, now: &str) -> BTreeMap<String, String> {
        self.run(&["build", "--now", now]).success();
        self.files("public")
            .into_iter()
            .filter(|(name, _)| name.ends_with(".html"))
            .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
            .collect()
    }

    /// The English example (`tests/fixtures/english-site`): a site whose language is `en`,
    /// with a Chinese translation of its call notice.
    pub fn english_example() -> Self {
        let site = SiteTest::empty();
        copy_dir(
            &repo_root().join("tests/fixtures/english-site"),
            site.root(),
        );
        site
    }

    /// A tiny valid site: `data/site.yaml` and one notice, `content/notices/hello.md`.
    pub fn minimal() -> Self {
        let site = SiteTest::empty();
        site.file("data/site.yaml", MINIMAL_SITE);
        site.file("content/notices/hello.md", MINIMAL_NOTICE);
        site
    }

    /// The site's root directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `relative` under the site root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes (or overwrites) a file under the site root, creating its directories.
    pub fn file(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .unwrap_or_else(|e| panic!("create the parent of {relative}: {e}"));
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {relative}: {e}"));
        self
    }

    /// Removes a file or a directory under the site root.
    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.path(relative);
        let result = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.unwrap_or_else(|e| panic!("remove {relative}: {e}"));
        self
    }

    /// Replaces the first occurrence of `from` with `to` in a file, which must contain it.
    #[track_caller]
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.file(relative, text.replacen(from, to, 1))
    }

    /// Reads a file under the site root as UTF-8, e.g. `public/index.html`.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    /// Runs `bulletin --root <site> <args…>` with `NO_COLOR=1`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.root(), args)
    }

    /// Like [`SiteTest::run`], with `dir` as the working directory.
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        let root = self.root().as_os_str().to_owned();
        let mut full = vec![std::ffi::OsStr::new("--root"), &root];
        full.extend(args.iter().map(std::ffi::OsStr::new));
        self.run_bare(dir, &full)
    }

    /// `bulletin <args…>` in `dir`, without `--root`: as people run it from a site's folder.
    pub fn run_bare(&self, dir: &Path, args: &[impl AsRef<std::ffi::OsStr>]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("run the bulletin binary");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: self.redact(&String::from_utf8_lossy(&output.stdout)),
            stderr: self.redact(&String::from_utf8_lossy(&output.stderr)),
        }
    }

    /// `bulletin build --now 2025-03-01`.
    pub fn build(&self) -> Run {
        self.run(&["build", "--now", NOW])
    }

    /// `bulletin check --now 2025-03-01`.
    pub fn check(&self) -> Run {
        self.run(&["check", "--now", NOW])
    }

    /// Replaces the temporary directory (as given and canonicalised) with `[ROOT]`.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        let mut roots = vec![self.root().to_path_buf()];
        if let Ok(canonical) = self.root().canonicalize() {
            roots.push(canonical);
        }
        for root in roots {
            text = text.replace(&*root.to_string_lossy(), "[ROOT]");
        }
        text.replace('\\', "/")
    }

    /// Every file under `relative` (e.g. `public`), by path relative to it, with its bytes.
    pub fn files(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path(relative))
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display()));
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("inside the walked dir");
            let name = relative.to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(entry.path()).expect("read an output file");
            files.insert(name, bytes);
        }
    }
    files
}

/// Asserts that two trees are byte-identical, naming the first differing files.
#[track_caller]
pub fn assert_same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(before), names(after), "{what}: the file lists differ");
    let changed: Vec<&String> = before
        .iter()
        .filter(|(name, bytes)| after.get(*name) != Some(bytes))
        .map(|(name, _)| name)
        .collect();
    assert!(
        changed.is_empty(),
        "{what}: these files differ: {changed:?}"
    );
}

/// Copies the folder `from` into `to`, creating it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("walk {}: {e}", from.display()));
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a directory");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Builds `site` successfully and returns every file of its `public/`.
#[track_caller]
pub fn built(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    site.build().success();
    site.files("public")
}

/// Asserts a failed build: exit 1, nothing on stdout, `public/` unchanged, no staging
/// directory left behind, the closing line, and each `needle` in stderr.
#[track_caller]
pub fn assert_failed(
    site: &SiteTest,
    before: &BTreeMap<String, Vec<u8>>,
    run: &Run,
    needles: &[&str],
) {
    run.code(1);
    assert_eq!(run.stdout, "", "a failed build prints nothing on stdout");
    let last = "Build failed; [ROOT]/public was not changed.\n";
    assert!(run.stderr.ends_with(last), "{run}");
    assert_same_tree(
        before,
        &site.files("public"),
        "public/ after a failed build",
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("list the site root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "stderr lacks {needle:?}\n{run}"
        );
    }
}

/// One bad-input case on the example site, in three lines:
///
/// ```ignore
/// case! {
///     name: |t| <break the site t>;
///     "file:line:col", "other text expected in stderr"
/// }
/// ```
///
/// builds the site, breaks it, builds again, checks the failure with [`assert_failed`] and
/// compares stderr with `tests/snapshots/<module>/<name>.txt` (the module is the feature
/// the case belongs to: `errors`, `bad_input`).
macro_rules! case {
    ($(#[$attr:meta])* $name:ident: |$t:ident| $edit:expr; $($needle:expr),+ $(,)?) => {
        $(#[$attr])*
        #[test]
        fn $name() {
            let site = $crate::support::SiteTest::example();
            let $t = &site;
            let before = $crate::support::built($t);
            $edit;
            let run = $t.build();
            $crate::support::assert_failed($t, &before, &run, &[$($needle),+]);
            let module = module_path!().rsplit("::").next().unwrap_or("errors");
            $crate::support::snapshot(&format!("{module}/{}", stringify!($name)), &run.stderr);
        }
    };
}

/// Compares `actual` with `tests/snapshots/<name>.txt` through snapbox. Run the tests with
/// `SNAPSHOTS=overwrite` to create or refresh the files. The expected text may use
/// snapbox's `...` (any lines) and `[..]` (any text on a line) wildcards.
///
/// This is `snapbox::assert_data_eq!(actual, snapbox::file!["snapshots/<name>.txt"])`;
/// `file!` only takes a literal, so the path is built here the same way.
#[track_caller]
pub fn snapshot(name: &str, actual: &str) {
    let path = repo_root()
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    snapbox::assert_data_eq!(actual, snapbox::Data::read_from(&path, None));
}

/// The `<html …>` start tag of a page.
pub fn html_tag(page: &str) -> &str {
    let start = page.find("<html").expect("a page has <html");
    let end = start + page[start..].find('>').expect("<html …> is closed");
    &page[start..=end]
}

/// Collapses whitespace runs to one space, for asserting on text that templates wrap.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A PNG whose header declares `width` x `height` (a decompression bomb: decoding it would
/// allocate width * height * 4 bytes), followed by a tiny compressed image.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        let length = u32::try_from(data.len()).expect("a small chunk");
        out.extend(length.to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    // An empty zlib stream: a real bomb would compress zeros, the header is what matters.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}
